// Copyright 2026 the wirekit authors. MIT license.
// DHCP message encoder: BOOTP header, magic cookie, options split per
// RFC 3396 and overloaded into file/sname (option 52) when they do not fit.
import { parseIpv4 } from "../_internal/ip.ts";
import { encodeValue, OPTION_BY_CODE, OPTION_SPECS } from "./_options.ts";
import type { DhcpMessageInit } from "./types.ts";

/** Options of {@linkcode encodeDhcpMessage}. */
export interface EncodeDhcpMessageOptions {
  /**
   * Largest message to produce (the UDP payload). Options that do not fit in
   * the options field go into `file` and then `sname` (option 52), when those
   * are empty. RFC 2131 guarantees 548 (a 576-byte IP datagram); raise it only
   * when the peer announced more with option 57.
   * @default {548}
   */
  maxSize?: number;
  /**
   * Pad shorter messages to this size with PAD options, as BOOTP relays and
   * some servers expect.
   * @default {300}
   */
  minSize?: number;
}

const COOKIE = [99, 130, 83, 99];
const utf8 = new TextEncoder();

interface Region {
  cap: number;
  bytes: number[];
}

function pack(pieces: readonly [number, Uint8Array][], regions: Region[]): boolean {
  let r = 0;
  for (const [code, data] of pieces) {
    let rest = data;
    while (true) {
      const reg = regions[r];
      if (!reg) return false;
      const free = reg.cap - reg.bytes.length - 1; // one byte stays for END
      if (2 + rest.length <= free) {
        reg.bytes.push(code, rest.length, ...rest);
        break;
      }
      const next = regions[r + 1];
      if ((!next || 2 + rest.length > next.cap - 1) && free >= 3) {
        // Too long for the next field too: split here (RFC 3396 section 6).
        reg.bytes.push(code, free - 2, ...rest.subarray(0, free - 2));
        rest = rest.subarray(free - 2);
      }
      r++;
    }
  }
  return true;
}

function field(text: string, size: number, name: string): Uint8Array {
  const b = utf8.encode(text);
  if (b.length > size) throw new RangeError(`${name} is longer than ${size} bytes`);
  return b;
}

function u32Field(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new RangeError(`${name} must be an unsigned 32-bit integer, got ${v}`);
  }
  return v;
}

/**
 * Encodes a DHCP message. Typed options are written message type first,
 * then in code order, then the `raw` ones; values longer than 255 bytes are
 * split into several instances (RFC 3396). When the options do not fit in
 * `maxSize`, the codec overloads `file` and `sname` (option 52).
 *
 * @param message The message; see {@linkcode DhcpMessageInit} for defaults.
 * @param options Size limits.
 * @returns The message bytes.
 * @throws {TypeError} on an option value of the wrong type.
 * @throws {RangeError} when a field is out of range or the options do not fit.
 *
 * @example Encoding a DHCPDISCOVER
 * ```ts
 * import { decodeDhcpMessage, encodeDhcpMessage } from "wirekit/dhcp";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeDhcpMessage({
 *   op: 1,
 *   xid: 0x3903f326,
 *   chaddr: Uint8Array.of(0x02, 0, 0, 0, 0, 1),
 *   broadcast: true,
 *   options: { messageType: "DISCOVER", parameterRequestList: [1, 3, 6] },
 * });
 * assert.equal(bytes.length, 300);
 * assert.deepEqual([...bytes.subarray(236, 240)], [99, 130, 83, 99]);
 * assert.equal(decodeDhcpMessage(bytes).options.messageType, "DISCOVER");
 * ```
 */
export function encodeDhcpMessage(
  message: DhcpMessageInit,
  options: EncodeDhcpMessageOptions = {},
): Uint8Array {
  const maxSize = options.maxSize ?? 548;
  const minSize = options.minSize ?? 300;
  if (!Number.isInteger(maxSize) || maxSize < 244 || maxSize > 65507) {
    throw new RangeError(`maxSize must be an integer in 244..65507, got ${maxSize}`);
  }
  if (!Number.isInteger(minSize) || minSize < 0 || minSize > maxSize) {
    throw new RangeError(`minSize must be an integer in 0..maxSize, got ${minSize}`);
  }
  if (message.op !== 1 && message.op !== 2) {
    throw new RangeError(`op must be 1 or 2, got ${message.op}`);
  }
  const chaddr = message.chaddr;
  if (!(chaddr instanceof Uint8Array) || chaddr.length > 16) {
    throw new RangeError("chaddr must be a Uint8Array of at most 16 bytes");
  }
  const byte = (v: number | undefined, d: number, name: string, max = 255) => {
    const x = v ?? d;
    if (!Number.isInteger(x) || x < 0 || x > max) {
      throw new RangeError(`${name} out of range: ${x}`);
    }
    return x;
  };
  const sname = field(message.sname ?? "", 64, "sname");
  const file = field(message.file ?? "", 128, "file");

  // Options as (code, piece <= 255 bytes) in encoding order.
  const pieces: [number, Uint8Array][] = [];
  const add = (code: number, data: Uint8Array) => {
    if (data.length === 0) pieces.push([code, data]);
    for (let i = 0; i < data.length; i += 255) pieces.push([code, data.subarray(i, i + 255)]);
  };
  const opts = message.options ?? {};
  for (const spec of OPTION_SPECS) {
    const v = opts[spec.key];
    if (v === undefined || v === false) continue;
    if (opts.raw?.has(spec.code)) {
      throw new TypeError(`Option ${spec.code} given both as ${spec.key} and in raw`);
    }
    add(spec.code, encodeValue(spec, v));
  }
  if (opts.raw) {
    for (const code of [...opts.raw.keys()].sort((a, b) => a - b)) {
      if (!Number.isInteger(code) || code < 1 || code > 254 || code === 52) {
        throw new TypeError(`Option code ${code} cannot be given in raw`);
      }
      const data = opts.raw.get(code);
      if (!(data instanceof Uint8Array)) {
        throw new TypeError(`Raw option ${code} must be a Uint8Array`);
      }
      if (OPTION_BY_CODE.has(code) && opts[OPTION_BY_CODE.get(code)!.key] !== undefined) continue;
      add(code, data);
    }
  }

  const optCap = maxSize - 240;
  let regions: Region[] = [{ cap: optCap, bytes: [] }];
  let overload = 0;
  if (!pack(pieces, regions)) {
    regions = [{ cap: optCap, bytes: [52, 1, 0] }];
    if (file.length === 0) regions.push({ cap: 128, bytes: [] });
    if (sname.length === 0) regions.push({ cap: 64, bytes: [] });
    if (regions.length === 1 || !pack(pieces, regions)) {
      throw new RangeError(`Options do not fit in a ${maxSize}-byte message`);
    }
    const fileUsed = file.length === 0 && regions[1].bytes.length > 0;
    const snameReg = regions[file.length === 0 ? 2 : 1];
    const snameUsed = sname.length === 0 && snameReg !== undefined && snameReg.bytes.length > 0;
    overload = (fileUsed ? 1 : 0) | (snameUsed ? 2 : 0);
    regions[0].bytes[2] = overload;
  }

  const optBytes = regions[0].bytes;
  optBytes.push(255);
  const size = Math.max(240 + optBytes.length, minSize);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = message.op;
  out[1] = byte(message.htype, 1, "htype");
  out[2] = byte(message.hlen, chaddr.length, "hlen", 16);
  out[3] = byte(message.hops, 0, "hops");
  view.setUint32(4, u32Field(message.xid, "xid"));
  view.setUint16(8, byte(message.secs, 0, "secs", 0xffff));
  view.setUint16(10, message.broadcast ? 0x8000 : 0);
  out.set(parseIpv4(message.ciaddr ?? "0.0.0.0"), 12);
  out.set(parseIpv4(message.yiaddr ?? "0.0.0.0"), 16);
  out.set(parseIpv4(message.siaddr ?? "0.0.0.0"), 20);
  out.set(parseIpv4(message.giaddr ?? "0.0.0.0"), 24);
  out.set(chaddr, 28);
  if (overload & 2) {
    const reg = regions[regions.length - 1];
    reg.bytes.push(255);
    out.set(reg.bytes, 44);
  } else {
    out.set(sname, 44);
  }
  if (overload & 1) {
    regions[1].bytes.push(255);
    out.set(regions[1].bytes, 108);
  } else {
    out.set(file, 108);
  }
  out.set(COOKIE, 236);
  out.set(optBytes, 240);
  return out;
}
