// Copyright 2026 the wirekit authors. MIT license.
import { ByteReader } from "../_internal/bytes.ts";
import { NtpError, NtpSyntaxError } from "./ntp_error.ts";
import type { NtpExtensionField, NtpLeap, NtpPacket } from "./types.ts";

/** Limits of {@linkcode decodeNtpPacket}. */
export interface DecodeNtpPacketOptions {
  /**
   * Largest packet accepted, in bytes (NTS packets with cookies stay well below it).
   * @default {2048}
   */
  maxPacketSize?: number;
  /**
   * Most extension fields accepted.
   * @default {32}
   */
  maxExtensionFields?: number;
}

function isMacLength(n: number): boolean {
  // Key id alone (crypto-NAK), or key id plus an MD5 / SHA-1 digest.
  return n === 4 || n === 20 || n === 24;
}

/**
 * Decodes an NTP packet: the 48-byte header, then (version 4) extension
 * fields per RFC 7822, then an optional MAC. Extension fields are bounds-
 * checked and returned undecoded, so unknown ones are skipped safely.
 *
 * @param bytes The datagram payload.
 * @param options Size and count limits.
 * @returns The packet.
 * @throws {NtpSyntaxError} When the bytes are truncated or the trailer is malformed.
 * @throws {NtpError} With code `ELIMIT` when a limit is exceeded.
 *
 * @example Decoding a server reply
 * ```ts
 * import { decodeNtpPacket, encodeNtpPacket } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * const reply = encodeNtpPacket({ mode: 4, stratum: 2, referenceId: 0xc0000201 });
 * const p = decodeNtpPacket(reply);
 * assert.equal(p.mode, 4);
 * assert.equal(p.stratum, 2);
 * assert.deepEqual(p.extensionFields, []);
 * ```
 */
export function decodeNtpPacket(
  bytes: Uint8Array,
  options: DecodeNtpPacketOptions = {},
): NtpPacket {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("NTP packet must be a Uint8Array");
  const maxSize = options.maxPacketSize ?? 2048;
  const maxFields = options.maxExtensionFields ?? 32;
  if (bytes.length > maxSize) {
    throw new NtpError(
      "ELIMIT",
      `NTP packet of ${bytes.length} bytes exceeds the ${maxSize}-byte limit`,
    );
  }
  if (bytes.length < 48) {
    throw new NtpSyntaxError(`NTP packet too short: ${bytes.length} bytes, need 48`, bytes.length);
  }
  // The fixed header is read directly (one DataView, no reader object):
  // this runs for every reply.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b0 = bytes[0];
  const version = (b0 >> 3) & 7;
  const packet: NtpPacket = {
    leap: (b0 >> 6) as NtpLeap,
    version,
    mode: b0 & 7,
    stratum: bytes[1],
    poll: (bytes[2] << 24) >> 24,
    precision: (bytes[3] << 24) >> 24,
    rootDelay: view.getUint32(4),
    rootDispersion: view.getUint32(8),
    referenceId: view.getUint32(12),
    referenceTimestamp: view.getBigUint64(16),
    originTimestamp: view.getBigUint64(24),
    receiveTimestamp: view.getBigUint64(32),
    transmitTimestamp: view.getBigUint64(40),
    extensionFields: [],
  };
  if (bytes.length === 48) return packet;
  const r = new ByteReader(bytes, 48);
  const fields: NtpExtensionField[] = packet.extensionFields;
  while (r.remaining > 0) {
    const rest = r.remaining;
    if (isMacLength(rest)) {
      packet.mac = r.bytesCopy(rest);
      break;
    }
    if (version < 4 || rest < 16) {
      throw new NtpSyntaxError(`Invalid NTP trailer of ${rest} bytes`, r.offset);
    }
    const at = r.offset;
    const type = r.u16();
    const length = r.u16();
    if (length < 16 || length % 4 !== 0 || length > rest) {
      throw new NtpSyntaxError(
        `Invalid NTP extension field length ${length} with ${rest} bytes left`,
        at + 2,
      );
    }
    if (fields.length >= maxFields) {
      throw new NtpError("ELIMIT", `NTP packet has more than ${maxFields} extension fields`);
    }
    fields.push({ type, value: r.bytesCopy(length - 4) });
  }
  return packet;
}
