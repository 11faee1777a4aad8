// Copyright 2026 the wirekit authors. MIT license.
import { ByteWriter } from "../_internal/bytes.ts";
import type { NtpExtensionField, NtpLeap, NtpPacket } from "./types.ts";

/** Fields of a packet to encode; every field is optional (see defaults). */
export interface NtpPacketInit {
  /** Leap indicator. @default {0} */
  leap?: NtpLeap;
  /** Version, 1..7. @default {4} */
  version?: number;
  /** Mode, 0..7. @default {3} */
  mode?: number;
  /** Stratum, 0..255. @default {0} */
  stratum?: number;
  /** Poll exponent, -128..127. @default {0} */
  poll?: number;
  /** Precision exponent, -128..127. @default {0} */
  precision?: number;
  /** Root delay, raw 16.16 seconds. @default {0} */
  rootDelay?: number;
  /** Root dispersion, raw 16.16 seconds. @default {0} */
  rootDispersion?: number;
  /** Reference ID as an unsigned 32-bit integer. @default {0} */
  referenceId?: number;
  /** Reference timestamp. @default {0n} */
  referenceTimestamp?: bigint;
  /** Origin timestamp. @default {0n} */
  originTimestamp?: bigint;
  /** Receive timestamp. @default {0n} */
  receiveTimestamp?: bigint;
  /** Transmit timestamp. @default {0n} */
  transmitTimestamp?: bigint;
  /** Extension fields (version 4 only). @default {[]} */
  extensionFields?: NtpExtensionField[];
  /** MAC: key id plus digest, 4, 20 or 24 bytes. @default {undefined} */
  mac?: Uint8Array;
}

function int(name: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`Invalid NTP ${name} ${v}: expected an integer in ${lo}..${hi}`);
  }
  return v;
}

function u64(name: string, v: bigint): bigint {
  if (typeof v !== "bigint" || v < 0n || v > 0xffff_ffff_ffff_ffffn) {
    throw new RangeError(`Invalid NTP ${name} ${String(v)}: expected a 64-bit unsigned bigint`);
  }
  return v;
}

/**
 * Encodes an NTP packet: the 48-byte header, then extension fields (RFC
 * 7822: each padded to 4 bytes and at least 16 bytes long, the last one at
 * least 28 when no MAC follows), then the MAC.
 *
 * @param packet Header fields; missing fields take their defaults.
 * @returns The datagram payload.
 *
 * @example Encoding a client request
 * ```ts
 * import { decodeNtpPacket, encodeNtpPacket } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeNtpPacket({ version: 4, mode: 3, transmitTimestamp: 0x0123456789abcdefn });
 * assert.equal(bytes.length, 48);
 * assert.equal(bytes[0], 0x23); // LI 0, VN 4, mode 3
 * assert.equal(decodeNtpPacket(bytes).transmitTimestamp, 0x0123456789abcdefn);
 * ```
 */
export function encodeNtpPacket(packet: NtpPacketInit | NtpPacket): Uint8Array {
  const p = packet;
  const leap = int("leap indicator", p.leap ?? 0, 0, 3);
  const version = int("version", p.version ?? 4, 1, 7);
  const mode = int("mode", p.mode ?? 3, 0, 7);
  const fields = p.extensionFields ?? [];
  if (fields.length && version < 4) {
    throw new RangeError(`Extension fields need NTP version 4, not ${version}`);
  }
  const mac = p.mac;
  if (mac && mac.length !== 4 && mac.length !== 20 && mac.length !== 24) {
    throw new RangeError(`Invalid NTP MAC length ${mac.length}: expected 4, 20 or 24`);
  }
  const w = new ByteWriter({ initialSize: 48, maxSize: 65536 });
  w.u8((leap << 6) | (version << 3) | mode);
  w.u8(int("stratum", p.stratum ?? 0, 0, 255));
  w.u8(int("poll", p.poll ?? 0, -128, 127) & 0xff);
  w.u8(int("precision", p.precision ?? 0, -128, 127) & 0xff);
  w.u32(int("root delay", p.rootDelay ?? 0, 0, 0xffff_ffff));
  w.u32(int("root dispersion", p.rootDispersion ?? 0, 0, 0xffff_ffff));
  w.u32(int("reference id", p.referenceId ?? 0, 0, 0xffff_ffff));
  w.u64(u64("reference timestamp", p.referenceTimestamp ?? 0n));
  w.u64(u64("origin timestamp", p.originTimestamp ?? 0n));
  w.u64(u64("receive timestamp", p.receiveTimestamp ?? 0n));
  w.u64(u64("transmit timestamp", p.transmitTimestamp ?? 0n));
  fields.forEach((f, i) => {
    int("extension field type", f.type, 0, 0xffff);
    const minimum = i === fields.length - 1 && !mac ? 28 : 16;
    const length = Math.max(minimum, (4 + f.value.length + 3) & ~3);
    int("extension field length", length, 16, 0xfffc);
    w.u16(f.type).u16(length).bytes(f.value);
    for (let pad = 4 + f.value.length; pad < length; pad++) w.u8(0);
  });
  if (mac) w.bytes(mac);
  return w.finish();
}
