// Copyright 2026 the wirekit authors. MIT license.
// IPv4 / IPv6 textual forms: strict parsing (RFC 4291 section 2.2, dotted
// quad without octal or shorthand forms, zone ids per RFC 6874 / 4007),
// canonical formatting (RFC 5952) and CIDR matching.
import { AddressSyntaxError } from "./errors.ts";

/** A parsed IP address. */
export interface IpAddress {
  /** 4 or 6. */
  family: 4 | 6;
  /** 4 or 16 bytes in network order. */
  bytes: Uint8Array;
  /** IPv6 zone id (the part after "%"), if any. */
  zone?: string;
}

/** A parsed CIDR block. */
export interface IpCidr {
  /** 4 or 6. */
  family: 4 | 6;
  /** Network address bytes, with host bits cleared. */
  bytes: Uint8Array;
  /** Prefix length in bits. */
  prefix: number;
}

function bad(what: string, text: string, offset: number): never {
  throw new AddressSyntaxError(
    `Invalid ${what} ${JSON.stringify(text)} at offset ${offset}`,
    offset,
  );
}

/** Parses dotted-quad text into `out` at `at`; returns false if not IPv4. */
function parseV4Into(text: string, start: number, out: Uint8Array, at: number): number {
  let part = 0;
  let i = start;
  while (part < 4) {
    const begin = i;
    let v = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      i++;
      if (i - begin > 3) return -1 - begin;
    }
    if (i === begin || v > 255) return -1 - begin;
    if (i - begin > 1 && text.charCodeAt(begin) === 48) return -1 - begin; // no octal look-alikes
    out[at + part] = v;
    part++;
    if (part < 4) {
      if (text.charCodeAt(i) !== 46) return -1 - i;
      i++;
    }
  }
  return i;
}

/**
 * Parses an IPv4 address in dotted-quad form ("192.0.2.1"). Leading zeros,
 * shorthand ("10.1") and numeric forms are rejected.
 *
 * @param text The address text.
 * @returns 4 bytes in network order.
 * @throws {AddressSyntaxError} with `offset` on malformed input.
 */
export function parseIpv4(text: string): Uint8Array {
  const out = new Uint8Array(4);
  const end = parseV4Into(text, 0, out, 0);
  if (end < 0) bad("IPv4 address", text, -1 - end);
  if (end !== text.length) bad("IPv4 address", text, end);
  return out;
}

/**
 * Parses an IPv6 address (RFC 4291 section 2.2), including "::" compression,
 * an embedded IPv4 tail ("::ffff:192.0.2.1") and a zone id ("fe80::1%eth0").
 * Brackets are not accepted here.
 *
 * @param text The address text.
 * @returns The 16 bytes and the zone id, if any.
 * @throws {AddressSyntaxError} with `offset` on malformed input.
 */
export function parseIpv6(text: string): { bytes: Uint8Array; zone?: string } {
  let end = text.length;
  let zone: string | undefined;
  const pct = text.indexOf("%");
  if (pct >= 0) {
    zone = text.slice(pct + 1);
    if (zone.length === 0 || !/^[\w.\-~]+$/.test(zone)) bad("IPv6 zone id", text, pct + 1);
    end = pct;
  }
  const out = new Uint8Array(16);
  let group = 0;
  let gap = -1; // group index where "::" stands
  let i = 0;
  if (text.startsWith("::")) {
    gap = 0;
    i = 2;
    if (i === end) return zone === undefined ? { bytes: out } : { bytes: out, zone };
  } else if (text[0] === ":") {
    bad("IPv6 address", text, 0);
  }
  while (i < end) {
    if (group >= 8) bad("IPv6 address", text, i);
    const begin = i;
    let v = 0;
    while (i < end && i - begin < 5) {
      const c = text.charCodeAt(i);
      const d = c >= 48 && c <= 57
        ? c - 48
        : c >= 97 && c <= 102
        ? c - 87
        : c >= 65 && c <= 70
        ? c - 55
        : -1;
      if (d < 0) break;
      v = v * 16 + d;
      i++;
    }
    if (text.charCodeAt(i) === 46) {
      // Embedded IPv4 in the last 32 bits.
      if (group > 6) bad("IPv6 address", text, begin);
      const e = parseV4Into(text.slice(0, end), begin, out, group * 2);
      if (e < 0) bad("IPv6 address", text, -1 - e);
      if (e !== end) bad("IPv6 address", text, e);
      group += 2;
      i = e;
      break;
    }
    if (i === begin || i - begin > 4) bad("IPv6 address", text, begin);
    out[group * 2] = v >> 8;
    out[group * 2 + 1] = v & 255;
    group++;
    if (i === end) break;
    if (text.charCodeAt(i) !== 58) bad("IPv6 address", text, i);
    i++;
    if (text.charCodeAt(i) === 58) {
      if (gap >= 0) bad("IPv6 address", text, i);
      gap = group;
      i++;
      if (i === end) break;
    } else if (i === end) {
      bad("IPv6 address", text, i);
    }
  }
  if (gap >= 0) {
    if (group > 7) bad("IPv6 address", text, 0);
    const tail = out.slice(gap * 2, group * 2);
    out.fill(0, gap * 2);
    out.set(tail, 16 - tail.length);
  } else if (group !== 8) {
    bad("IPv6 address", text, end);
  }
  return zone === undefined ? { bytes: out } : { bytes: out, zone };
}

/**
 * Parses either family. IPv6 may be written in brackets ("[::1]").
 *
 * @param text The address text.
 * @returns The family, bytes and zone id.
 * @throws {AddressSyntaxError} with `offset` on malformed input.
 */
export function parseIp(text: string): IpAddress {
  if (text.startsWith("[") && text.endsWith("]")) {
    try {
      return { family: 6, ...parseIpv6(text.slice(1, -1)) };
    } catch (e) {
      if (e instanceof AddressSyntaxError) bad("IPv6 address", text, e.offset + 1);
      throw e;
    }
  }
  if (text.includes(":")) return { family: 6, ...parseIpv6(text) };
  return { family: 4, bytes: parseIpv4(text) };
}

/**
 * Whether `text` is an IPv4 or IPv6 address.
 *
 * @param text Candidate text.
 * @returns 4, 6, or 0 when it is neither.
 */
export function ipFamily(text: string): 0 | 4 | 6 {
  try {
    return parseIp(text).family;
  } catch {
    return 0;
  }
}

/**
 * Formats 4 bytes as a dotted quad.
 *
 * @param bytes 4 bytes in network order.
 * @returns The dotted-quad text.
 */
export function formatIpv4(bytes: Uint8Array): string {
  if (bytes.length !== 4) throw new RangeError(`IPv4 address needs 4 bytes, got ${bytes.length}`);
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/**
 * Formats 16 bytes in the RFC 5952 canonical form: lowercase, no leading
 * zeros, the longest run (first on ties) of two or more zero groups as "::",
 * and IPv4-mapped addresses as "::ffff:a.b.c.d".
 *
 * @param bytes 16 bytes in network order.
 * @param zone Optional zone id appended after "%".
 * @returns The canonical text.
 */
export function formatIpv6(bytes: Uint8Array, zone?: string): string {
  if (bytes.length !== 16) throw new RangeError(`IPv6 address needs 16 bytes, got ${bytes.length}`);
  const suffix = zone ? `%${zone}` : "";
  let mapped = bytes[10] === 0xff && bytes[11] === 0xff;
  for (let i = 0; i < 10 && mapped; i++) if (bytes[i] !== 0) mapped = false;
  if (mapped) return `::ffff:${formatIpv4(bytes.subarray(12))}${suffix}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]) => g.map((v) => v.toString(16)).join(":");
  if (bestStart < 0) return hex(groups) + suffix;
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}${suffix}`;
}

/**
 * Formats an address of either family.
 *
 * @param address Bytes (4 or 16) or a parsed address.
 * @returns The canonical text.
 */
export function formatIp(address: Uint8Array | IpAddress): string {
  if (address instanceof Uint8Array) {
    return address.length === 4 ? formatIpv4(address) : formatIpv6(address);
  }
  return address.family === 4 ? formatIpv4(address.bytes) : formatIpv6(address.bytes, address.zone);
}

/**
 * Parses "address/prefix". Host bits are cleared unless `strict`, in which
 * case set host bits are an error.
 *
 * @param text CIDR text such as "10.0.0.0/8" or "2001:db8::/32".
 * @param strict Reject host bits set beyond the prefix.
 * @returns The network, family and prefix length.
 * @throws {AddressSyntaxError} with `offset` on malformed input.
 */
export function parseCidr(text: string, strict = false): IpCidr {
  const slash = text.lastIndexOf("/");
  if (slash < 0) bad("CIDR block", text, text.length);
  const addr = parseIp(text.slice(0, slash));
  const p = text.slice(slash + 1);
  const max = addr.family === 4 ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > max) bad("CIDR prefix", text, slash + 1);
  const prefix = Number(p);
  const bytes = addr.bytes.slice();
  for (let bit = prefix; bit < max; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (bytes[byte] & mask) {
      if (strict) bad("CIDR block (host bits set)", text, 0);
      bytes[byte] &= ~mask;
    }
  }
  return { family: addr.family, bytes, prefix };
}

/**
 * Whether an address lies inside a CIDR block. An IPv4-mapped IPv6 address
 * matches an IPv4 block.
 *
 * @param cidr A block, as text or parsed.
 * @param address An address, as text, bytes or parsed.
 * @returns True when the first `prefix` bits agree.
 */
export function cidrContains(
  cidr: string | IpCidr,
  address: string | Uint8Array | IpAddress,
): boolean {
  const block = typeof cidr === "string" ? parseCidr(cidr) : cidr;
  let bytes = typeof address === "string"
    ? parseIp(address).bytes
    : address instanceof Uint8Array
    ? address
    : address.bytes;
  if (block.family === 4 && bytes.length === 16) {
    let mapped = bytes[10] === 0xff && bytes[11] === 0xff;
    for (let i = 0; i < 10 && mapped; i++) if (bytes[i] !== 0) mapped = false;
    if (!mapped) return false;
    bytes = bytes.subarray(12);
  }
  if (bytes.length !== block.bytes.length) return false;
  const full = block.prefix >> 3;
  for (let i = 0; i < full; i++) if (bytes[i] !== block.bytes[i]) return false;
  const rest = block.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (bytes[full] & mask) === (block.bytes[full] & mask);
}
