// Copyright 2026 the wirekit authors. MIT license.
// Single-pass fast decoder for decodeCbor(): checks well-formedness and the
// limits while it builds the value, in one walk over the bytes. It handles
// the plain data model (integers up to 2^53-1, floats, byte and text strings
// of definite length, arrays, maps, false/true/null/undefined) and returns
// exactly what the strict decoder (_decode.ts) returns for it. On anything
// else (not well-formed, over a limit, tags, other simple values, bigints,
// indefinite lengths, non-text keys in object mode, trailing bytes) it gives
// up by throwing GIVE_UP, and decodeCbor() runs the strict decoder, which
// throws the precise error or builds the value. Recursion is bounded by
// maxDepth (itself capped). The state is module-level: the walk calls no
// user code, so it is never re-entered.
import { decodeFloat16 } from "./_decode.ts";

let B: Uint8Array = new Uint8Array(0);
let DV: DataView | undefined;
let P = 0;
let E = 0;
let MAX_DEPTH = 0;
let MAX_ITEMS = 0;
let MAX_STRING = 0;
let OBJECTS = true;

/** Thrown to hand the input to the strict decoder. */
const GIVE_UP: Error = new Error("cbor fast path gave up");

const textLoose = new TextDecoder("utf-8", { ignoreBOM: true });
const fromCharCode = String.fromCharCode;

// Map-key cache: short ASCII keys by a hash of their bytes; a hit is
// confirmed byte by byte, so a collision only costs a miss.
const KEY_BITS = 12;
const KEY_SLOTS = 1 << KEY_BITS;
const keyStrings: (string | undefined)[] = new Array(KEY_SLOTS).fill(undefined);
const keyBytes = new Uint8Array(KEY_SLOTS * 16);
const keyLengths = new Uint8Array(KEY_SLOTS);

function giveUp(): never {
  throw GIVE_UP;
}

/** Argument of a head with additional information 24..27 (numbers up to 2^53-1 only). */
function arg(ai: number): number {
  const p = P;
  switch (ai) {
    case 24:
      if (p >= E) giveUp();
      P = p + 1;
      return B[p];
    case 25:
      if (p + 2 > E) giveUp();
      P = p + 2;
      return (B[p] << 8) | B[p + 1];
    case 26:
      if (p + 4 > E) giveUp();
      P = p + 4;
      return ((B[p] << 24) >>> 0) + ((B[p + 1] << 16) | (B[p + 2] << 8) | B[p + 3]);
    case 27: {
      if (p + 8 > E) giveUp();
      const hi = ((B[p] << 24) >>> 0) + ((B[p + 1] << 16) | (B[p + 2] << 8) | B[p + 3]);
      if (hi > 0x1fffff) giveUp(); // a bigint
      P = p + 8;
      return hi * 0x100000000 +
        (((B[p + 4] << 24) >>> 0) + ((B[p + 5] << 16) | (B[p + 6] << 8) | B[p + 7]));
    }
    default:
      return giveUp();
  }
}

/** Text from bytes [p, p+n): ASCII by hand, valid UTF-8 by hand up to 64 bytes, else TextDecoder. */
function text(p: number, n: number): string {
  const end = p + n;
  if (n <= 64) {
    const b = B;
    let s = "";
    let i = p;
    // ASCII run in chunks of 4
    while (i + 4 <= end) {
      const c0 = b[i], c1 = b[i + 1], c2 = b[i + 2], c3 = b[i + 3];
      if ((c0 | c1 | c2 | c3) >= 0x80) break;
      s += fromCharCode(c0, c1, c2, c3);
      i += 4;
    }
    while (i < end) {
      const c = b[i];
      if (c < 0x80) {
        s += fromCharCode(c);
        i++;
      } else if (c >= 0xc2 && c < 0xe0) {
        if (i + 2 > end) break;
        const c1 = b[i + 1];
        if ((c1 & 0xc0) !== 0x80) break;
        s += fromCharCode(((c & 0x1f) << 6) | (c1 & 0x3f));
        i += 2;
      } else if (c >= 0xe0 && c < 0xf0) {
        if (i + 3 > end) break;
        const c1 = b[i + 1], c2 = b[i + 2];
        if ((c1 & 0xc0) !== 0x80 || (c2 & 0xc0) !== 0x80) break;
        const cp = ((c & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
        if (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000)) break; // overlong, surrogate
        s += fromCharCode(cp);
        i += 3;
      } else if (c >= 0xf0 && c < 0xf5) {
        if (i + 4 > end) break;
        const c1 = b[i + 1], c2 = b[i + 2], c3 = b[i + 3];
        if ((c1 & 0xc0) !== 0x80 || (c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80) break;
        const cp = ((c & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f);
        if (cp < 0x10000 || cp > 0x10ffff) break; // overlong, beyond Unicode
        s += fromCharCode(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
        i += 4;
      } else break;
    }
    // Anything not valid UTF-8: TextDecoder decides the replacement characters.
    if (i === end) return s;
  }
  return textLoose.decode(B.subarray(p, end));
}

/** A map key of n bytes at P (head already read): the key cache for short ASCII keys. */
function key(n: number): string {
  const p = P;
  if (n > E - p) giveUp();
  P = p + n;
  if (n > 16 || n === 0) return text(p, n);
  const b = B;
  let h = n;
  for (let i = p; i < p + n; i++) h = (h * 31 + b[i]) | 0;
  const slot = (h ^ (h >>> KEY_BITS)) & (KEY_SLOTS - 1);
  const cached = keyStrings[slot];
  if (cached !== undefined && keyLengths[slot] === n) {
    const o = slot << 4;
    let i = 0;
    while (i < n && keyBytes[o + i] === b[p + i]) i++;
    if (i === n) return cached;
  }
  const s = text(p, n);
  let ascii = true;
  for (let i = p; i < p + n; i++) if (b[i] >= 0x80) ascii = false;
  if (ascii) {
    keyStrings[slot] = s;
    keyLengths[slot] = n;
    keyBytes.set(b.subarray(p, p + n), slot << 4);
  }
  return s;
}

// Byte strings up to 64 bytes are copied into blocks of at most 8 KiB, new
// for each call, and returned as views of them: one ArrayBuffer per block
// instead of one per string (an ArrayBuffer per string made the whole decode
// about 1.6x slower in Deno). A kept view keeps at most its 8 KiB block alive.
const BLOCK = 8192;
let ARENA: Uint8Array = new Uint8Array(0);
let AP = 0;

function small(p: number, n: number): Uint8Array {
  let a = ARENA;
  let o = AP;
  if (o + n > a.length) {
    const rest = E - p;
    a = ARENA = new Uint8Array(rest < BLOCK ? rest : BLOCK);
    o = 0;
  }
  const b = B;
  for (let i = 0; i < n; i++) a[o + i] = b[p + i];
  AP = o + n;
  return new Uint8Array(a.buffer, o, n);
}

function item(depth: number): unknown {
  if (P >= E) giveUp();
  const ib = B[P++];
  let n = ib & 31;
  switch (ib >> 5) {
    case 0:
      return n < 24 ? n : arg(n);
    case 1:
      if (n < 24) return -1 - n;
      n = arg(n);
      if (n >= 9007199254740991) giveUp(); // -2^53 and beyond: bigint
      return -1 - n;
    case 2: {
      if (n >= 24) n = arg(n);
      const p = P;
      if (n > E - p || n > MAX_STRING) giveUp();
      P = p + n;
      return n > 64 ? B.slice(p, p + n) : small(p, n);
    }
    case 3: {
      if (n >= 24) n = arg(n);
      const p = P;
      if (n > E - p || n > MAX_STRING) giveUp();
      P = p + n;
      return text(p, n);
    }
    case 4: {
      if (n >= 24) n = arg(n);
      if (n > MAX_ITEMS || n > E - P || depth >= MAX_DEPTH) giveUp();
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = item(depth + 1);
      return out;
    }
    case 5: {
      if (n >= 24) n = arg(n);
      if (n > MAX_ITEMS || n > E - P || depth >= MAX_DEPTH) giveUp();
      return OBJECTS ? object(n, depth + 1) : map(n, depth + 1);
    }
    case 6:
      return giveUp();
    default:
      switch (n) {
        case 20:
          return false;
        case 21:
          return true;
        case 22:
          return null;
        case 23:
          return undefined;
        case 25: {
          const p = P;
          if (p + 2 > E) giveUp();
          P = p + 2;
          return decodeFloat16((B[p] << 8) | B[p + 1]);
        }
        case 26: {
          const p = P;
          if (p + 4 > E) giveUp();
          P = p + 4;
          return (DV ??= new DataView(B.buffer, B.byteOffset, B.byteLength)).getFloat32(p);
        }
        case 27: {
          const p = P;
          if (p + 8 > E) giveUp();
          P = p + 8;
          return (DV ??= new DataView(B.buffer, B.byteOffset, B.byteLength)).getFloat64(p);
        }
        default:
          return giveUp();
      }
  }
}

function object(n: number, depth: number): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    if (P >= E) giveUp();
    const ib = B[P++];
    let k: number;
    if (ib >= 0x60 && ib < 0x78) k = ib - 0x60;
    else if (ib >= 0x78 && ib < 0x7c) k = arg(ib & 31);
    else return giveUp(); // not a text key (or indefinite): the strict decoder makes a Map
    if (k > MAX_STRING) giveUp();
    const name = key(k);
    if (name === "__proto__") giveUp();
    obj[name] = item(depth);
  }
  return obj;
}

function map(n: number, depth: number): Map<unknown, unknown> {
  const m = new Map<unknown, unknown>();
  for (let i = 0; i < n; i++) {
    const k = item(depth);
    m.set(k, item(depth));
  }
  return m;
}

const EMPTY = new Uint8Array(0);

let LAST_END = 0;

/**
 * Decodes the single item spanning `b[pos..end)` with the default mapping
 * (numbers up to 2^53-1, loose UTF-8, no duplicate-key check), or throws
 * {@linkcode GIVE_UP} (only ever that) for the strict decoder to take over.
 * With `exact` false the item may end before `end`: see {@linkcode fastEnd}.
 */
export function decodeFast(
  b: Uint8Array,
  pos: number,
  end: number,
  maxDepth: number,
  maxItems: number,
  maxStringBytes: number,
  mapsAsObjects: boolean,
  exact = true,
): unknown {
  B = b;
  DV = undefined;
  ARENA = EMPTY;
  AP = 0;
  P = pos;
  E = end;
  MAX_DEPTH = maxDepth;
  MAX_ITEMS = maxItems;
  MAX_STRING = maxStringBytes;
  OBJECTS = mapsAsObjects;
  try {
    const v = item(0);
    if (exact && P !== end) giveUp();
    LAST_END = P;
    return v;
  } catch {
    // also a RangeError from the engine (call stack, allocation)
    throw GIVE_UP;
  } finally {
    B = EMPTY;
    DV = undefined;
    ARENA = EMPTY;
  }
}

/** Where the item of the last successful {@linkcode decodeFast} call ended. */
export function fastEnd(): number {
  return LAST_END;
}

export { GIVE_UP };
