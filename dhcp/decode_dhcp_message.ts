// Copyright 2026 the wirekit authors. MIT license.
// DHCP message decoder: BOOTP header, magic cookie, options from the options
// field and (option 52) file and sname, joined per RFC 3396, then typed.
import { formatIpv4 } from "../_internal/ip.ts";
import { DhcpError, DhcpSyntaxError } from "./dhcp_error.ts";
import { decodeValue, OPTION_BY_CODE } from "./_options.ts";
import type { DhcpMessage, DhcpOptions } from "./types.ts";

/** Options of {@linkcode decodeDhcpMessage}. */
export interface DecodeDhcpMessageOptions {
  /**
   * Largest message accepted, in bytes; longer input raises a
   * {@linkcode DhcpError} with code `"ELIMIT"`.
   * @default {65535}
   */
  maxSize?: number;
  /**
   * Most names accepted in a domain search list (option 119).
   * @default {64}
   */
  maxSearchNames?: number;
}

const utf8 = new TextDecoder();

interface Found {
  offset: number;
  parts: Uint8Array[];
}

function scan(
  bytes: Uint8Array,
  start: number,
  end: number,
  into: Map<number, Found>,
  main: boolean,
) {
  let i = start;
  while (i < end) {
    const code = bytes[i];
    if (code === 0) {
      i++;
      continue;
    }
    if (code === 255) return;
    if (i + 1 >= end) throw new DhcpSyntaxError(`Option ${code} has no length byte`, i);
    const len = bytes[i + 1];
    if (i + 2 + len > end) {
      throw new DhcpSyntaxError(`Option ${code} (length ${len}) runs past the end of its field`, i);
    }
    if (code !== 52 || main) {
      const f = into.get(code);
      const data = bytes.subarray(i + 2, i + 2 + len);
      if (f) f.parts.push(data);
      else into.set(code, { offset: i, parts: [data] });
    }
    i += 2 + len;
  }
}

function text(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return utf8.decode(nul < 0 ? bytes : bytes.subarray(0, nul));
}

/**
 * Decodes a DHCP message. Repeated instances of an option are joined in the
 * order options field, `file`, `sname` (RFC 3396); the common options get
 * typed fields and the rest stay raw bytes in `options.raw`.
 *
 * @param bytes The UDP payload.
 * @param options Limits.
 * @returns The message.
 * @throws {DhcpSyntaxError} when the bytes are not a well-formed DHCP message.
 * @throws {DhcpError} with code `"ELIMIT"` when a limit is exceeded.
 *
 * @example Decoding what the encoder made
 * ```ts
 * import { decodeDhcpMessage, encodeDhcpMessage } from "wirekit/dhcp";
 * import assert from "node:assert/strict";
 *
 * const msg = decodeDhcpMessage(encodeDhcpMessage({
 *   op: 2,
 *   xid: 7,
 *   yiaddr: "192.0.2.10",
 *   chaddr: Uint8Array.of(2, 0, 0, 0, 0, 1),
 *   options: { messageType: "OFFER", leaseTime: 3600, routers: ["192.0.2.1"] },
 * }));
 * assert.equal(msg.yiaddr, "192.0.2.10");
 * assert.deepEqual(msg.options.routers, ["192.0.2.1"]);
 * assert.equal(msg.options.leaseTime, 3600);
 * ```
 */
export function decodeDhcpMessage(
  bytes: Uint8Array,
  options: DecodeDhcpMessageOptions = {},
): DhcpMessage {
  const maxSize = options.maxSize ?? 65535;
  const limits = { maxSearchNames: options.maxSearchNames ?? 64 };
  if (bytes.length > maxSize) {
    throw new DhcpError(
      "ELIMIT",
      `DHCP message of ${bytes.length} bytes exceeds maxSize ${maxSize}`,
    );
  }
  if (bytes.length < 240) {
    throw new DhcpSyntaxError(
      `DHCP message too short: ${bytes.length} bytes, at least 240`,
      bytes.length,
    );
  }
  const op = bytes[0];
  if (op !== 1 && op !== 2) throw new DhcpSyntaxError(`Invalid op ${op}`, 0);
  const hlen = bytes[2];
  if (hlen > 16) throw new DhcpSyntaxError(`Invalid hlen ${hlen}`, 2);
  if (bytes[236] !== 99 || bytes[237] !== 130 || bytes[238] !== 83 || bytes[239] !== 99) {
    throw new DhcpSyntaxError("Missing DHCP magic cookie", 236);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Map<number, Found>();
  scan(bytes, 240, bytes.length, found, true);
  let overload = 0;
  const ov = found.get(52);
  if (ov) {
    const data = ov.parts.length === 1 ? ov.parts[0] : new Uint8Array(0);
    if (data.length !== 1 || data[0] < 1 || data[0] > 3) {
      throw new DhcpSyntaxError("Invalid option overload (52)", ov.offset);
    }
    overload = data[0];
    found.delete(52);
    if (overload & 1) scan(bytes, 108, 236, found, false);
    if (overload & 2) scan(bytes, 44, 108, found, false);
  }

  const opts: DhcpOptions = {};
  for (const [code, f] of found) {
    let data: Uint8Array;
    if (f.parts.length === 1) data = f.parts[0];
    else {
      data = new Uint8Array(f.parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of f.parts) {
        data.set(p, at);
        at += p.length;
      }
    }
    const spec = OPTION_BY_CODE.get(code);
    if (spec) {
      (opts as Record<string, unknown>)[spec.key] = decodeValue(spec, data, f.offset, limits);
    } else {
      (opts.raw ??= new Map()).set(code, data.slice());
    }
  }
  return {
    op,
    htype: bytes[1],
    hlen,
    hops: bytes[3],
    xid: view.getUint32(4),
    secs: view.getUint16(8),
    broadcast: (view.getUint16(10) & 0x8000) !== 0,
    ciaddr: formatIpv4(bytes.subarray(12, 16)),
    yiaddr: formatIpv4(bytes.subarray(16, 20)),
    siaddr: formatIpv4(bytes.subarray(20, 24)),
    giaddr: formatIpv4(bytes.subarray(24, 28)),
    chaddr: bytes.slice(28, 28 + hlen),
    sname: overload & 2 ? "" : text(bytes.subarray(44, 108)),
    file: overload & 1 ? "" : text(bytes.subarray(108, 236)),
    options: opts,
  };
}
