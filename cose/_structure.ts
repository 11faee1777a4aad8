// Copyright 2026 the wirekit authors. MIT license.
// Hand-written CBOR for the fixed shapes on the hot path: the structures that
// are signed, MACed or used as AAD (an array of a context string and byte
// strings), header maps of integer labels with integer or byte string values,
// and the outer message (an optional tag over an array of byte strings, nil
// and maps). The bytes equal encodeCbor()'s for the same values (preferred
// serialization: shortest heads, definite lengths); any other value goes
// through encodeCbor(). The decoders accept only the preferred forms of these
// shapes and return undefined for anything else, so the caller falls back to
// the strict generic decoder, which then decides (and reports errors).
import { encodeCbor } from "../cbor/mod.ts";

/** Length of the head of a major type with argument `n`. */
function headLength(n: number): number {
  return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x100000000 ? 5 : 9;
}

/** Writes the head of major type `major` (0-7) with argument `n` at `o`; returns the next offset. */
function writeHead(out: Uint8Array, o: number, major: number, n: number): number {
  const m = major << 5;
  if (n < 24) {
    out[o] = m | n;
    return o + 1;
  }
  if (n < 0x100) {
    out[o] = m | 24;
    out[o + 1] = n;
    return o + 2;
  }
  if (n < 0x10000) {
    out[o] = m | 25;
    out[o + 1] = n >>> 8;
    out[o + 2] = n & 0xff;
    return o + 3;
  }
  if (n < 0x100000000) {
    out[o] = m | 26;
    out[o + 1] = n >>> 24;
    out[o + 2] = (n >>> 16) & 0xff;
    out[o + 3] = (n >>> 8) & 0xff;
    out[o + 4] = n & 0xff;
    return o + 5;
  }
  out[o] = m | 27;
  const hi = Math.floor(n / 0x100000000);
  const lo = n >>> 0;
  out[o + 1] = hi >>> 24;
  out[o + 2] = (hi >>> 16) & 0xff;
  out[o + 3] = (hi >>> 8) & 0xff;
  out[o + 4] = hi & 0xff;
  out[o + 5] = lo >>> 24;
  out[o + 6] = (lo >>> 16) & 0xff;
  out[o + 7] = (lo >>> 8) & 0xff;
  out[o + 8] = lo & 0xff;
  return o + 9;
}

// The context strings are ASCII; their encoded text strings are made once.
const contexts = new Map<string, Uint8Array>();

function contextBytes(context: string): Uint8Array {
  let b = contexts.get(context);
  if (!b) {
    const text = new TextEncoder().encode(context);
    b = new Uint8Array(headLength(text.length) + text.length);
    b.set(text, writeHead(b, 0, 3, text.length));
    contexts.set(context, b);
  }
  return b;
}

/**
 * The CBOR array `[context, ...parts]` with every part a byte string: the
 * Sig_structure, MAC_structure and Enc_structure (RFC 9052 sections 4.4, 5.3, 6.3).
 */
export function encodeStructure(context: string, parts: readonly Uint8Array[]): Uint8Array {
  const c = contextBytes(context);
  let n = 1 + c.length;
  for (const p of parts) n += headLength(p.length) + p.length;
  const out = new Uint8Array(n);
  let o = writeHead(out, 0, 4, parts.length + 1);
  out.set(c, o);
  o += c.length;
  for (const p of parts) {
    o = writeHead(out, o, 2, p.length);
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Whether `v` is an integer that encodeCbor() writes with major type 0 or 1. */
function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && !Object.is(v, -0);
}

function intLength(v: number): number {
  return headLength(v < 0 ? -1 - v : v);
}

function writeInt(out: Uint8Array, o: number, v: number): number {
  return v < 0 ? writeHead(out, o, 1, -1 - v) : writeHead(out, o, 0, v);
}

/**
 * A header map: written directly when every label is an integer and every
 * value an integer or byte string, else by encodeCbor().
 */
export function encodeHeaderMap(h: ReadonlyMap<unknown, unknown>): Uint8Array {
  let n = headLength(h.size);
  for (const [k, v] of h) {
    if (!isInt(k)) return encodeCbor(h);
    n += intLength(k);
    if (isInt(v)) n += intLength(v);
    else if (v instanceof Uint8Array) n += headLength(v.length) + v.length;
    else return encodeCbor(h);
  }
  const out = new Uint8Array(n);
  let o = writeHead(out, 0, 5, h.size);
  for (const [k, v] of h) {
    o = writeInt(out, o, k as number);
    if (v instanceof Uint8Array) {
      o = writeHead(out, o, 2, v.length);
      out.set(v, o);
      o += v.length;
    } else o = writeInt(out, o, v as number);
  }
  return out;
}

const EMPTY_MAP = new Uint8Array([0xa0]);
const NIL = new Uint8Array([0xf6]);

/**
 * A message array, tagged when `tag` is given: byte strings and nil are
 * written directly, other elements (header maps, recipient or signature
 * arrays) through encodeCbor().
 */
export function encodeMessage(tag: number | undefined, elements: readonly unknown[]): Uint8Array {
  const encoded: Uint8Array[] = new Array(elements.length);
  let n = (tag === undefined ? 0 : headLength(tag)) + headLength(elements.length);
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i];
    let b: Uint8Array | undefined;
    if (e === null) b = NIL;
    else if (e instanceof Map) b = e.size === 0 ? EMPTY_MAP : encodeHeaderMap(e);
    else if (!(e instanceof Uint8Array)) b = encodeCbor(e);
    if (b) {
      encoded[i] = b;
      n += b.length;
    } else {
      const len = (e as Uint8Array).length;
      n += headLength(len) + len;
    }
  }
  const out = new Uint8Array(n);
  let o = tag === undefined ? 0 : writeHead(out, 0, 6, tag);
  o = writeHead(out, o, 4, elements.length);
  for (let i = 0; i < elements.length; i++) {
    let b = encoded[i];
    if (!b) {
      b = elements[i] as Uint8Array;
      o = writeHead(out, o, 2, b.length);
    }
    out.set(b, o);
    o += b.length;
  }
  return out;
}

// ---- Decoding -------------------------------------------------------------

/** Longest byte string the generic decoder accepts by default (its maxStringBytes). */
const MAX_STRING = 16777216;

/** A read position over a private copy of the input. */
interface Cursor {
  b: Uint8Array;
  o: number;
}

/**
 * The argument of a preferred-form head of `major` at the cursor, advancing
 * past it; -1 when the head is of another major type, indefinite, reserved,
 * longer than 4 bytes or not the shortest form (the generic decoder decides).
 */
function readHead(c: Cursor, major: number): number {
  const b = c.b;
  if (c.o >= b.length) return -1;
  const ib = b[c.o];
  if (ib >> 5 !== major) return -1;
  const ai = ib & 0x1f;
  if (ai < 24) {
    c.o += 1;
    return ai;
  }
  let n: number;
  let len: number;
  if (ai === 24) {
    len = 1;
    if (c.o + 1 >= b.length) return -1;
    n = b[c.o + 1];
    if (n < 24) return -1;
  } else if (ai === 25) {
    len = 2;
    if (c.o + 2 >= b.length) return -1;
    n = (b[c.o + 1] << 8) | b[c.o + 2];
    if (n < 0x100) return -1;
  } else if (ai === 26) {
    len = 4;
    if (c.o + 4 >= b.length) return -1;
    n = ((b[c.o + 1] << 24) >>> 0) + ((b[c.o + 2] << 16) | (b[c.o + 3] << 8) | b[c.o + 4]);
    if (n < 0x10000) return -1;
  } else return -1;
  c.o += 1 + len;
  return n;
}

function readBytes(c: Cursor): Uint8Array | undefined {
  const n = readHead(c, 2);
  if (n < 0 || n > MAX_STRING || c.o + n > c.b.length) return undefined;
  const v = c.b.subarray(c.o, c.o + n);
  c.o += n;
  return v;
}

function readInt(c: Cursor): number | undefined {
  if (c.o >= c.b.length) return undefined;
  const major = c.b[c.o] >> 5;
  if (major > 1) return undefined;
  const n = readHead(c, major);
  if (n < 0) return undefined;
  return major === 0 ? n : -1 - n;
}

/** A map of integer labels to integers or byte strings, no label repeated. */
function readHeaderMap(c: Cursor): Map<number, unknown> | undefined {
  const size = readHead(c, 5);
  if (size < 0 || size > 64) return undefined;
  const m = new Map<number, unknown>();
  for (let i = 0; i < size; i++) {
    const k = readInt(c);
    if (k === undefined || m.has(k) || c.o >= c.b.length) return undefined;
    const major = c.b[c.o] >> 5;
    const v = major === 2 ? readBytes(c) : readInt(c);
    if (v === undefined) return undefined;
    m.set(k, v);
  }
  return m;
}

/**
 * A protected header map given its bytes (not empty), as the generic decoder
 * with maps as Maps and duplicate labels rejected would return it; undefined
 * when the bytes are not of the simple shape. Byte string values are views of
 * `bytes`, which the caller owns (it comes from a decoded message, itself a
 * private copy of the input), so no second copy is made.
 */
export function decodeHeaderMap(bytes: Uint8Array): Map<number, unknown> | undefined {
  const c: Cursor = { b: bytes, o: 0 };
  const m = readHeaderMap(c);
  return m && c.o === c.b.length ? m : undefined;
}

/** The COSE message tags (RFC 9052 section 2). */
const MESSAGE_TAGS: ReadonlySet<number> = new Set([16, 17, 18, 96, 97, 98]);

/** A decoded message: its tag (when tagged) and its array. */
export interface FastMessage {
  tag: number | undefined;
  array: unknown[];
}

/**
 * A message of the simple shape: an optional tag, then an array of at most 23
 * elements, each a byte string, nil or a simple header map; undefined
 * otherwise. Byte strings are views of a private copy of the input.
 */
export function decodeMessage(bytes: Uint8Array): FastMessage | undefined {
  const c: Cursor = { b: bytes.slice(), o: 0 };
  let tag: number | undefined;
  if (c.b.length > 0 && c.b[0] >> 5 === 6) {
    tag = readHead(c, 6);
    // Other tags (such as 55799, which the generic decoder strips) are its business.
    if (!MESSAGE_TAGS.has(tag)) return undefined;
  }
  const n = readHead(c, 4);
  if (n < 0 || n > 23) return undefined;
  const array: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (c.o >= c.b.length) return undefined;
    const ib = c.b[c.o];
    let v: unknown;
    if (ib === 0xf6) {
      c.o++;
      v = null;
    } else if (ib >> 5 === 2) v = readBytes(c);
    else if (ib >> 5 === 5) v = readHeaderMap(c);
    if (v === undefined) return undefined;
    array[i] = v;
  }
  return c.o === c.b.length ? { tag, array } : undefined;
}
