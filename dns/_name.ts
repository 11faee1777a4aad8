// Copyright 2026 the wirekit authors. MIT license.
// Domain names on the wire (RFC 1035 3.1, 4.1.4): labels, compression
// pointers (strictly backwards, so no loops), the 63/255 octet limits, and
// the presentation form with \. \\ and \DDD escapes.
import { DnsSyntaxError } from "./dns_error.ts";

/** Longest name on the wire, root label included (RFC 1035 2.3.4). */
export const MAX_NAME_WIRE = 255;

function labelText(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === 0x2e || c === 0x5c) s += "\\" + String.fromCharCode(c);
    else if (c < 0x21 || c > 0x7e) s += "\\" + String(c).padStart(3, "0");
    else s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Reads a possibly compressed name at `offset` of the whole message.
 * Returns the dotted name (no trailing dot) and the offset after it.
 */
export function readName(
  bytes: Uint8Array,
  offset: number,
  limit: number = bytes.length,
): [string, number] {
  let pos = offset;
  let next = -1;
  let wire = 0;
  let lowest = offset;
  let name = "";
  while (true) {
    if (pos >= limit) throw new DnsSyntaxError(`Name runs past the end at offset ${pos}`, pos);
    const b = bytes[pos];
    if (b === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    const top = b & 0xc0;
    if (top === 0xc0) {
      if (pos + 1 >= limit) {
        throw new DnsSyntaxError(`Truncated compression pointer at offset ${pos}`, pos);
      }
      const ptr = ((b & 0x3f) << 8) | bytes[pos + 1];
      if (next < 0) next = pos + 2;
      // Pointers must go strictly backwards to an earlier name: this rules
      // out self/mutual loops and forward or out-of-range targets.
      if (ptr >= lowest || ptr < 12) {
        throw new DnsSyntaxError(`Bad compression pointer to ${ptr} at offset ${pos}`, pos);
      }
      lowest = ptr;
      pos = ptr;
      continue;
    }
    if (top !== 0) {
      throw new DnsSyntaxError(`Unsupported label type 0x${b.toString(16)} at offset ${pos}`, pos);
    }
    if (pos + 1 + b > limit) {
      throw new DnsSyntaxError(`Label runs past the end at offset ${pos}`, pos);
    }
    wire += b + 1;
    if (wire + 1 > MAX_NAME_WIRE) {
      throw new DnsSyntaxError(`Name longer than 255 octets at offset ${pos}`, pos);
    }
    if (name) name += ".";
    name += labelText(bytes, pos + 1, pos + 1 + b);
    pos += 1 + b;
  }
  return [name, next];
}

/**
 * Splits a presentation name into label byte arrays (escapes decoded).
 * Throws TypeError/RangeError for caller mistakes (empty label, label > 63,
 * name > 255 octets).
 */
export function nameToLabels(name: string): Uint8Array[] {
  if (typeof name !== "string") throw new TypeError(`Name must be a string, got ${typeof name}`);
  if (name === "" || name === ".") return [];
  const labels: Uint8Array[] = [];
  let cur: number[] = [];
  let wire = 1;
  const end = name.endsWith(".") && !name.endsWith("\\.") ? name.length - 1 : name.length;
  const flush = () => {
    if (cur.length === 0) throw new TypeError(`Empty label in name ${JSON.stringify(name)}`);
    if (cur.length > 63) {
      throw new RangeError(`Label longer than 63 octets in name ${JSON.stringify(name)}`);
    }
    wire += cur.length + 1;
    labels.push(Uint8Array.from(cur));
    cur = [];
  };
  for (let i = 0; i < end; i++) {
    const ch = name.charCodeAt(i);
    if (ch === 0x2e) {
      flush();
      continue;
    }
    if (ch === 0x5c) {
      const d = name.slice(i + 1, i + 4);
      if (/^[0-9]{3}$/.test(d) && Number(d) <= 255) {
        cur.push(Number(d));
        i += 3;
      } else if (i + 1 < name.length) {
        cur.push(name.charCodeAt(++i) & 0xff);
      } else {
        throw new TypeError(`Dangling escape in name ${JSON.stringify(name)}`);
      }
      continue;
    }
    if (ch > 0x7f) {
      // Non-ASCII text is written as UTF-8 bytes (IDNA is the caller's job).
      for (const b of new TextEncoder().encode(name[i])) cur.push(b);
      continue;
    }
    cur.push(ch);
  }
  flush();
  if (wire > MAX_NAME_WIRE) {
    throw new RangeError(`Name longer than 255 octets: ${JSON.stringify(name)}`);
  }
  return labels;
}

/** Lower-cases ASCII letters only (DNS names compare case-insensitively, RFC 4343). */
export function foldName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Normalises a name for comparison and cache keys: no trailing dot, folded. */
export function canonicalName(name: string): string {
  const n = name.endsWith(".") && !name.endsWith("\\.") ? name.slice(0, -1) : name;
  return foldName(n);
}
