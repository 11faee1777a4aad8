// Copyright 2026 the wirekit authors. MIT license.
// Domain names (RFC 1035 3.1): the 63/255 octet limits and the presentation
// form with \. \\ and \DDD escapes. Wire reading and writing is in _wire.ts.
/** Longest name on the wire, root label included (RFC 1035 2.3.4). */
export const MAX_NAME_WIRE = 255;

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
