// Copyright 2026 the wirekit authors. MIT license.
// RFC 1035 domain names as used inside DHCP options: the domain search list
// (119, RFC 3397, compression pointers relative to the option data) and the
// client FQDN (81, RFC 4702, canonical wire format without compression).
import { DhcpSyntaxError } from "./dhcp_error.ts";

const MAX_NAME = 255;
const MAX_LABEL = 63;

/** Label bytes to text: printable ASCII kept, "." "\\" and the rest escaped as in zone files. */
function labelText(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b === 0x2e || b === 0x5c) s += "\\" + String.fromCharCode(b);
    else if (b > 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += "\\" + String(b).padStart(3, "0");
  }
  return s;
}

/** Splits name text into label byte arrays, honouring "\\." and "\\DDD" escapes. */
export function nameLabels(name: string): { labels: Uint8Array[]; absolute: boolean } {
  if (name === "." || name === "") return { labels: [], absolute: name === "." };
  const labels: Uint8Array[] = [];
  let cur: number[] = [];
  let absolute = false;
  const utf8 = new TextEncoder();
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === "\\") {
      const d = name.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(d) && Number(d) < 256) {
        cur.push(Number(d));
        i += 3;
      } else if (i + 1 < name.length) {
        cur.push(...utf8.encode(name[++i]));
      } else {
        throw new TypeError(`Invalid domain name ${JSON.stringify(name)}: dangling escape`);
      }
    } else if (c === ".") {
      if (cur.length === 0) {
        throw new TypeError(`Invalid domain name ${JSON.stringify(name)}: empty label`);
      }
      labels.push(Uint8Array.from(cur));
      cur = [];
      if (i === name.length - 1) absolute = true;
    } else {
      cur.push(...utf8.encode(c));
    }
  }
  if (cur.length) labels.push(Uint8Array.from(cur));
  let wire = 1;
  for (const l of labels) {
    if (l.length > MAX_LABEL) {
      throw new RangeError(`Label longer than ${MAX_LABEL} bytes in ${JSON.stringify(name)}`);
    }
    wire += l.length + 1;
  }
  if (wire > MAX_NAME) {
    throw new RangeError(`Domain name longer than ${MAX_NAME} bytes: ${JSON.stringify(name)}`);
  }
  return { labels, absolute };
}

/**
 * Reads one name starting at `pos` of `data`. Compression pointers are
 * allowed only when `compression` is set, and must point strictly backwards
 * (so a loop is impossible). Returns the name (no trailing dot), where
 * reading continues, and whether it ended with the root label.
 */
export function readName(
  data: Uint8Array,
  pos: number,
  base: number,
  compression: boolean,
): { name: string; next: number; absolute: boolean } {
  const parts: string[] = [];
  let wire = 1;
  let next = -1;
  let limit = pos; // pointers must go below the lowest position read so far
  while (true) {
    if (pos >= data.length) {
      if (!compression && next < 0) return { name: parts.join("."), next: pos, absolute: false };
      throw new DhcpSyntaxError(`Domain name runs past the end of the option`, base + pos);
    }
    const len = data[pos];
    if (len === 0) {
      return { name: parts.join("."), next: next < 0 ? pos + 1 : next, absolute: true };
    }
    if ((len & 0xc0) === 0xc0) {
      if (!compression) {
        throw new DhcpSyntaxError(`Compression pointer not allowed here`, base + pos);
      }
      if (pos + 1 >= data.length) {
        throw new DhcpSyntaxError(`Truncated compression pointer`, base + pos);
      }
      const target = ((len & 0x3f) << 8) | data[pos + 1];
      if (target >= limit) {
        throw new DhcpSyntaxError(
          `Compression pointer ${target} does not point backwards`,
          base + pos,
        );
      }
      if (next < 0) next = pos + 2;
      pos = target;
      limit = target;
      continue;
    }
    if (len > MAX_LABEL) {
      throw new DhcpSyntaxError(`Invalid label length byte 0x${len.toString(16)}`, base + pos);
    }
    if (pos + 1 + len > data.length) {
      throw new DhcpSyntaxError(`Label runs past the end of the option`, base + pos);
    }
    wire += len + 1;
    if (wire > MAX_NAME) {
      throw new DhcpSyntaxError(`Domain name longer than ${MAX_NAME} bytes`, base + pos);
    }
    parts.push(labelText(data, pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
}

/** Decodes a domain search list (option 119 data, already concatenated). */
export function decodeSearchList(data: Uint8Array, base: number, maxNames: number): string[] {
  const names: string[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (names.length >= maxNames) {
      throw new DhcpSyntaxError(`Domain search list has more than ${maxNames} names`, base + pos);
    }
    const r = readName(data, pos, base, true);
    if (!r.absolute) throw new DhcpSyntaxError(`Unterminated domain name`, base + pos);
    names.push(r.name === "" ? "." : r.name);
    pos = r.next;
  }
  return names;
}

/** Encodes a domain search list with compression (pointers relative to the option data). */
export function encodeSearchList(names: readonly string[]): Uint8Array {
  const out: number[] = [];
  const seen = new Map<string, number>();
  for (const name of names) {
    const { labels } = nameLabels(name);
    const keys = labels.map((_, i) =>
      labels.slice(i).map((l) => Array.from(l, (b) => String.fromCharCode(b)).join("")).join(".")
        .toLowerCase()
    );
    let done = false;
    for (let i = 0; i < labels.length; i++) {
      const at = seen.get(keys[i]);
      if (at !== undefined) {
        out.push(0xc0 | (at >> 8), at & 0xff);
        done = true;
        break;
      }
      if (out.length < 0x3fff) seen.set(keys[i], out.length);
      out.push(labels[i].length, ...labels[i]);
    }
    if (!done) out.push(0);
  }
  return Uint8Array.from(out);
}

/** Encodes a name in canonical wire format (no compression); the root label only when absolute. */
export function encodeWireName(name: string): Uint8Array {
  const { labels, absolute } = nameLabels(name);
  const out: number[] = [];
  for (const l of labels) out.push(l.length, ...l);
  if (absolute) out.push(0);
  return Uint8Array.from(out);
}
