// Copyright 2026 the wirekit authors. MIT license.
// base64 / base64url (RFC 4648 sections 4 and 5) and hex, strict by default,
// plus a streaming base64 decoder that accepts input split anywhere (the
// libwebsockets stateful decoder idea). Native Uint8Array.toBase64/fromBase64
// are used when the runtime has them; the portable path is table driven.
import { EncodingSyntaxError } from "./errors.ts";

/** Which base64 alphabet: RFC 4648 section 4 or section 5. */
export type Base64Alphabet = "base64" | "base64url";

/** Options for {@linkcode decodeBase64} and {@linkcode decodeBase64Url}. */
export interface Base64DecodeOptions {
  /**
   * Skip ASCII whitespace (space, tab, CR, LF, FF) anywhere in the input.
   * @default {false}
   */
  ignoreWhitespace?: boolean;
  /**
   * "required": the input length must be a multiple of 4, padded with "=";
   * "optional": padding may be absent; "forbidden": any "=" is an error.
   * @default {"required" for base64, "forbidden" for base64url}
   */
  padding?: "required" | "optional" | "forbidden";
}

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function table(chars: string): Uint8Array {
  const t = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) t[i] = chars.charCodeAt(i);
  return t;
}

// Decode tables: 0..63 sextet, 64 padding, 65 whitespace, 255 invalid.
function reverse(chars: string): Uint8Array {
  const t = new Uint8Array(256).fill(255);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = i;
  t[61] = 64;
  for (const c of [9, 10, 12, 13, 32]) t[c] = 65;
  return t;
}

const ENC_STD = table(STD);
const ENC_URL = table(URL);
const DEC_STD = reverse(STD);
const DEC_URL = reverse(URL);
const PAD = 64;
const WS = 65;

interface NativeBase64 {
  toBase64?: (this: Uint8Array, o?: { alphabet?: string; omitPadding?: boolean }) => string;
}
interface NativeBase64Ctor {
  fromBase64?: (
    s: string,
    o?: { alphabet?: string; lastChunkHandling?: string },
  ) => Uint8Array;
}
const nativeTo = (Uint8Array.prototype as NativeBase64).toBase64;
const nativeFrom = (Uint8Array as unknown as NativeBase64Ctor).fromBase64;
// Node 20 has neither; its Buffer encoder is exact, so use it for encoding
// (never for decoding, where Buffer is lenient).
interface NodeBufferLike {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly length: number;
  toString(encoding: string): string;
}
const nodeBuffer = (globalThis as {
  Buffer?: {
    from(b: ArrayBuffer, o: number, n: number): NodeBufferLike;
    from(s: string, encoding: string): NodeBufferLike;
  };
}).Buffer;
const latin1 = new TextDecoder("latin1");

function encodeWith(bytes: Uint8Array, enc: Uint8Array, pad: boolean): string {
  const n = bytes.length;
  const full = n - (n % 3);
  const outLen = pad ? Math.ceil(n / 3) * 4 : Math.ceil((n * 4) / 3);
  const out = new Uint8Array(outLen);
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o] = enc[v >>> 18];
    out[o + 1] = enc[(v >>> 12) & 63];
    out[o + 2] = enc[(v >>> 6) & 63];
    out[o + 3] = enc[v & 63];
    o += 4;
  }
  const rest = n - full;
  if (rest === 1) {
    const v = bytes[full];
    out[o++] = enc[v >>> 2];
    out[o++] = enc[(v & 3) << 4];
    if (pad) {
      out[o++] = 61;
      out[o++] = 61;
    }
  } else if (rest === 2) {
    const v = (bytes[full] << 8) | bytes[full + 1];
    out[o++] = enc[v >>> 10];
    out[o++] = enc[(v >>> 4) & 63];
    out[o++] = enc[(v & 15) << 2];
    if (pad) out[o++] = 61;
  }
  return latin1.decode(out);
}

/**
 * Encodes bytes as base64 (RFC 4648 section 4) with padding.
 *
 * @param bytes The bytes to encode.
 * @returns The base64 text.
 */
export function encodeBase64(bytes: Uint8Array): string {
  if (nativeTo) return nativeTo.call(bytes);
  if (nodeBuffer && bytes.length > 64) {
    return nodeBuffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length).toString(
      "base64",
    );
  }
  return encodeWith(bytes, ENC_STD, true);
}

/**
 * Encodes bytes as base64url (RFC 4648 section 5) without padding, as JOSE
 * and COSE use it.
 *
 * @param bytes The bytes to encode.
 * @returns The base64url text.
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  if (nativeTo) return nativeTo.call(bytes, { alphabet: "base64url", omitPadding: true });
  if (nodeBuffer && bytes.length > 64) {
    return nodeBuffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length).toString(
      "base64url",
    );
  }
  return encodeWith(bytes, ENC_URL, false);
}

function fail(message: string, offset: number): never {
  throw new EncodingSyntaxError(message, offset);
}

/**
 * The portable strict decoder. Walks the text once, collecting sextets; the
 * first problem is reported with its offset.
 */
function decodeWith(
  text: string,
  dec: Uint8Array,
  name: string,
  ignoreWhitespace: boolean,
  padding: "required" | "optional" | "forbidden",
): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let o = 0;
  let acc = 0;
  let count = 0; // sextets in the current quantum
  let pads = 0;
  let lastSextetAt = -1;
  let i = 0;
  // Fast path: whole quanta of valid characters; anything else (padding,
  // whitespace, bad bytes) drops to the exact loop below, which reports it.
  const fastEnd = text.length - 4;
  while (i <= fastEnd) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 255) break;
    const a = dec[c0];
    const b = dec[c1];
    const c = dec[c2];
    const d = dec[c3];
    if ((a | b | c | d) & 0xc0) break;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o] = v >>> 16;
    out[o + 1] = (v >>> 8) & 255;
    out[o + 2] = v & 255;
    o += 3;
    i += 4;
  }
  lastSextetAt = i - 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 256 ? dec[c] : 255;
    if (v < 64) {
      if (pads) fail(`Invalid ${name}: data after padding at offset ${i}`, i);
      acc = (acc << 6) | v;
      lastSextetAt = i;
      if (++count === 4) {
        out[o] = acc >>> 16;
        out[o + 1] = (acc >>> 8) & 255;
        out[o + 2] = acc & 255;
        o += 3;
        acc = 0;
        count = 0;
      }
    } else if (v === PAD) {
      if (padding === "forbidden") fail(`Invalid ${name}: unexpected "=" at offset ${i}`, i);
      if (count < 2) fail(`Invalid ${name}: misplaced "=" at offset ${i}`, i);
      pads++;
      if (count + pads > 4) fail(`Invalid ${name}: too much padding at offset ${i}`, i);
    } else if (v === WS && ignoreWhitespace) {
      continue;
    } else {
      fail(`Invalid ${name} character ${JSON.stringify(text[i])} at offset ${i}`, i);
    }
  }
  if (count === 1) {
    fail(`Invalid ${name}: dangling character at offset ${lastSextetAt}`, lastSextetAt);
  }
  if (count > 0) {
    const wantPads = 4 - count;
    if (padding === "required" && pads !== wantPads) {
      fail(`Invalid ${name}: missing padding at offset ${text.length}`, text.length);
    }
    if (pads !== 0 && pads !== wantPads) {
      fail(`Invalid ${name}: wrong padding at offset ${text.length}`, text.length);
    }
    if (count === 2) {
      if (acc & 15) {
        fail(`Invalid ${name}: non-zero trailing bits at offset ${lastSextetAt}`, lastSextetAt);
      }
      out[o++] = acc >>> 4;
    } else {
      if (acc & 3) {
        fail(`Invalid ${name}: non-zero trailing bits at offset ${lastSextetAt}`, lastSextetAt);
      }
      out[o++] = acc >>> 10;
      out[o++] = (acc >>> 2) & 255;
    }
  } else if (pads) {
    fail(`Invalid ${name}: misplaced "="`, text.length);
  }
  return out.subarray(0, o);
}

const WS_RE = /[\t\n\f\r ]/;

function decodeAny(
  text: string,
  alphabet: Base64Alphabet,
  options: Base64DecodeOptions | undefined,
): Uint8Array {
  const ignoreWhitespace = options?.ignoreWhitespace ?? false;
  const padding = options?.padding ?? (alphabet === "base64" ? "required" : "forbidden");
  if (nativeFrom && padding === "required" && text.length % 4 === 0) {
    // Native decoding skips whitespace and accepts any padding; only trust it
    // when those cannot change the answer, and fall back for the error offset.
    if (ignoreWhitespace || !WS_RE.test(text)) {
      try {
        return nativeFrom(text, { alphabet, lastChunkHandling: "strict" });
      } catch {
        // the portable path below reports where and why
      }
    }
  }
  if (
    !nativeFrom && nodeBuffer && !ignoreWhitespace && text.length > 64 &&
    (padding !== "required" || text.length % 4 === 0)
  ) {
    // Buffer decodes leniently; canonical text is exactly the text that
    // re-encodes to itself, so a round trip confirms strict validity.
    const bytes = nodeBuffer.from(text, alphabet);
    const again = nodeBuffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length)
      .toString(alphabet);
    const pad = alphabet === "base64" && padding !== "forbidden" ? again : again.replace(/=+$/, "");
    if (pad === text) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  return decodeWith(
    text,
    alphabet === "base64" ? DEC_STD : DEC_URL,
    alphabet,
    ignoreWhitespace,
    padding,
  );
}

/**
 * Decodes base64 (RFC 4648 section 4). Strict by default: padding required,
 * no whitespace, unused trailing bits must be zero.
 *
 * @param text The base64 text.
 * @param options Whitespace and padding handling.
 * @returns The decoded bytes.
 * @throws {EncodingSyntaxError} with `offset` on malformed input.
 */
export function decodeBase64(text: string, options?: Base64DecodeOptions): Uint8Array {
  return decodeAny(text, "base64", options);
}

/**
 * Decodes base64url (RFC 4648 section 5). Padding is forbidden by default,
 * as in JOSE and COSE.
 *
 * @param text The base64url text.
 * @param options Whitespace and padding handling.
 * @returns The decoded bytes.
 * @throws {EncodingSyntaxError} with `offset` on malformed input.
 */
export function decodeBase64Url(text: string, options?: Base64DecodeOptions): Uint8Array {
  return decodeAny(text, "base64url", options);
}

const HEX = "0123456789abcdef";
const HEX_PAIRS: string[] = [];
for (let i = 0; i < 256; i++) HEX_PAIRS.push(HEX[i >> 4] + HEX[i & 15]);
const HEX_DEC = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_DEC[HEX.charCodeAt(i)] = i;
  HEX_DEC[HEX.toUpperCase().charCodeAt(i)] = i;
}

/**
 * Encodes bytes as lowercase hex.
 *
 * @param bytes The bytes to encode.
 * @returns Two lowercase hex digits per byte.
 */
export function encodeHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX_PAIRS[bytes[i]];
  return s;
}

/**
 * Decodes hex text (either case).
 *
 * @param text An even number of hex digits.
 * @returns The decoded bytes.
 * @throws {EncodingSyntaxError} with `offset` on a bad digit or odd length.
 */
export function decodeHex(text: string): Uint8Array {
  if (text.length % 2) fail(`Invalid hex: odd length ${text.length}`, text.length);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const a = text.charCodeAt(2 * i);
    const b = text.charCodeAt(2 * i + 1);
    const hi = a < 256 ? HEX_DEC[a] : -1;
    const lo = b < 256 ? HEX_DEC[b] : -1;
    if (hi < 0) fail(`Invalid hex digit ${JSON.stringify(text[2 * i])} at offset ${2 * i}`, 2 * i);
    if (lo < 0) {
      fail(
        `Invalid hex digit ${JSON.stringify(text[2 * i + 1])} at offset ${2 * i + 1}`,
        2 * i + 1,
      );
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Options for {@linkcode Base64Decoder}. */
export interface Base64DecoderOptions {
  /**
   * Alphabet to accept.
   * @default {"base64"}
   */
  alphabet?: Base64Alphabet;
  /**
   * Skip ASCII whitespace (useful for PEM and MIME bodies).
   * @default {true}
   */
  ignoreWhitespace?: boolean;
  /**
   * Accept input whose last quantum is not padded with "=".
   * @default {true}
   */
  allowMissingPadding?: boolean;
}

/**
 * Streaming base64 decoder: feed text in pieces split at any character,
 * get the bytes decoded so far. Errors carry the absolute offset across all
 * pushes.
 */
export class Base64Decoder {
  #dec: Uint8Array;
  #name: string;
  #ignoreWs: boolean;
  #allowMissingPad: boolean;
  #acc = 0;
  #count = 0;
  #pads = 0;
  #offset = 0;
  #done = false;

  /**
   * Creates the decoder.
   *
   * @param options Alphabet, whitespace and padding handling.
   */
  constructor(options: Base64DecoderOptions = {}) {
    const alphabet = options.alphabet ?? "base64";
    this.#dec = alphabet === "base64" ? DEC_STD : DEC_URL;
    this.#name = alphabet;
    this.#ignoreWs = options.ignoreWhitespace ?? true;
    this.#allowMissingPad = options.allowMissingPadding ?? true;
  }

  /** Characters consumed so far. */
  get offset(): number {
    return this.#offset;
  }

  /**
   * Decodes the next piece of text (a string, or ASCII bytes).
   *
   * @param chunk The next piece of input.
   * @returns The bytes completed by this piece (possibly empty).
   */
  push(chunk: string | Uint8Array): Uint8Array {
    if (this.#done) throw new TypeError("Base64Decoder.push() called after end()");
    const n = chunk.length;
    const out = new Uint8Array(Math.floor(((this.#count + n) * 3) / 4));
    let o = 0;
    const dec = this.#dec;
    const isString = typeof chunk === "string";
    let acc = this.#acc;
    let count = this.#count;
    for (let i = 0; i < n; i++) {
      const c = isString ? (chunk as string).charCodeAt(i) : (chunk as Uint8Array)[i];
      const v = c < 256 ? dec[c] : 255;
      const at = this.#offset + i;
      if (v < 64) {
        if (this.#pads) fail(`Invalid ${this.#name}: data after padding at offset ${at}`, at);
        acc = (acc << 6) | v;
        if (++count === 4) {
          out[o] = acc >>> 16;
          out[o + 1] = (acc >>> 8) & 255;
          out[o + 2] = acc & 255;
          o += 3;
          acc = 0;
          count = 0;
        }
      } else if (v === PAD) {
        if (count < 2 && this.#pads === 0) {
          fail(`Invalid ${this.#name}: misplaced "=" at offset ${at}`, at);
        }
        if (count + this.#pads + 1 > 4) {
          fail(`Invalid ${this.#name}: too much padding at offset ${at}`, at);
        }
        if (this.#pads === 0) {
          const check = count === 2 ? acc & 15 : acc & 3;
          if (check) fail(`Invalid ${this.#name}: non-zero trailing bits at offset ${at}`, at);
          if (count === 2) out[o++] = acc >>> 4;
          else {
            out[o++] = acc >>> 10;
            out[o++] = (acc >>> 2) & 255;
          }
        }
        this.#pads++;
      } else if (v === WS && this.#ignoreWs) {
        continue;
      } else {
        const ch = isString ? (chunk as string)[i] : String.fromCharCode(c);
        fail(`Invalid ${this.#name} character ${JSON.stringify(ch)} at offset ${at}`, at);
      }
    }
    this.#acc = acc;
    this.#count = count;
    this.#offset += n;
    return out.subarray(0, o);
  }

  /**
   * Ends the input, checking the final quantum.
   *
   * @returns Any bytes held back from an unpadded final quantum.
   */
  end(): Uint8Array {
    if (this.#done) return new Uint8Array(0);
    this.#done = true;
    const count = this.#count;
    const at = this.#offset;
    if (this.#pads) {
      if (count + this.#pads !== 4) {
        fail(`Invalid ${this.#name}: wrong padding at offset ${at}`, at);
      }
      return new Uint8Array(0);
    }
    if (count === 0) return new Uint8Array(0);
    if (count === 1) fail(`Invalid ${this.#name}: dangling character at offset ${at}`, at);
    if (!this.#allowMissingPad) fail(`Invalid ${this.#name}: missing padding at offset ${at}`, at);
    const acc = this.#acc;
    if (count === 2) {
      if (acc & 15) fail(`Invalid ${this.#name}: non-zero trailing bits at offset ${at}`, at);
      return Uint8Array.of(acc >>> 4);
    }
    if (acc & 3) fail(`Invalid ${this.#name}: non-zero trailing bits at offset ${at}`, at);
    return Uint8Array.of(acc >>> 10, (acc >>> 2) & 255);
  }
}
