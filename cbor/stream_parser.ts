// Copyright 2026 the wirekit authors. MIT license.
// CborStreamParser: a push parser for CBOR and CBOR sequences. Bytes go in
// (push/end), events come out, items at matching paths are handed over as
// exact encoded bytes (onRaw) and as values (onValue). Works on any split of
// the input: heads cut by a chunk boundary wait in a small pending buffer,
// string contents are consumed as they arrive, and long strings are cut in
// fixed-size chunks so the events never depend on how the input was split.
import {
  CborError,
  type CborErrorCode,
  CborSyntaxError,
  type CborSyntaxErrorKind,
} from "./errors.ts";
import { concatBytes } from "../_internal/bytes.ts";
import type { DecodeCborOptions } from "./decode_cbor.ts";
import { decodeFloat16, decodeOne, type ResolvedDecodeOptions } from "./_decode.ts";
import { decodeResolved, resolveDecodeOptions } from "./_options.ts";
import { compilePath, matchPath, type PathStep } from "./_path.ts";
import { CborSimple } from "./values.ts";

/** Position of an item: map keys and array indexes from the top-level item down. */
export type CborPath = readonly unknown[];

/** What a {@linkcode CborStreamParser} reports, in input order. */
export type CborStreamEvent =
  | {
    /** An array starts (`length` undefined: indefinite length). */
    type: "array";
    length: number | undefined;
    path: CborPath;
    offset: number;
  }
  | {
    /** A map starts (`length` undefined: indefinite length). */
    type: "map";
    length: number | undefined;
    path: CborPath;
    offset: number;
  }
  | {
    /** A tag starts; its content follows, then an `end` event. */
    type: "tag";
    tag: number | bigint;
    path: CborPath;
    offset: number;
  }
  | {
    /** A map key was read; the events of its value follow. `path` is the map's path. */
    type: "key";
    key: unknown;
    path: CborPath;
    offset: number;
  }
  | {
    /** A scalar, or a whole byte/text string of at most `stringChunkSize` bytes. */
    type: "value";
    value: unknown;
    path: CborPath;
    offset: number;
  }
  | {
    /**
     * A string that arrives in `chunk` events: longer than `stringChunkSize`,
     * or indefinite-length (`length` undefined).
     */
    type: "string";
    major: "bytes" | "text";
    length: number | undefined;
    path: CborPath;
    offset: number;
  }
  | {
    /** Part of a string announced by a `string` event. */
    type: "chunk";
    data: Uint8Array | string;
    path: CborPath;
    offset: number;
  }
  | {
    /**
     * The array, map, tag or chunked string that started last ends;
     * `offset` is just past its last byte.
     */
    type: "end";
    of: "array" | "map" | "tag" | "string";
    path: CborPath;
    offset: number;
  };

/** Options of {@linkcode CborStreamParser}. */
export interface CborStreamParserOptions extends DecodeCborOptions {
  /**
   * Path patterns selecting the items given to `onValue`/`onRaw`: `$` (each
   * top-level item), `$.name`, `$["name"]`, `$[2]` (array index or integer
   * map key), `$.*`, `$[*]`, `$..name` (at any depth).
   */
  paths?: readonly string[];
  /** Receives each matching item, decoded as {@linkcode decodeCbor} would. */
  onValue?: (value: unknown, path: CborPath) => void;
  /** Receives the exact encoded bytes of each matching item (a copy). */
  onRaw?: (bytes: Uint8Array, path: CborPath) => void;
  /** Receives every event (none are built when this is not set). */
  onEvent?: (event: CborStreamEvent) => void;
  /**
   * Strings longer than this arrive as `string`/`chunk`/`end` events, in
   * chunks of this many bytes (text chunks end on a character boundary).
   * @default {65536}
   */
  stringChunkSize?: number;
}

const ARRAY = 1;
const MAP = 2;
const TAG = 3;
const IBYTES = 4;
const ITEXT = 5;

interface Capture {
  start: number;
  depth: number;
  parts: Uint8Array[];
  path: CborPath;
  key: boolean;
}

const EMPTY = new Uint8Array(0);

function concat(parts: Uint8Array[], total?: number): Uint8Array {
  return parts.length === 1 ? parts[0] : concatBytes(parts, total);
}

/**
 * Push parser for CBOR items and CBOR sequences (RFC 8742): feed bytes with
 * {@linkcode CborStreamParser.push}, finish with
 * {@linkcode CborStreamParser.end}. Memory stays bounded by the nesting
 * depth, `stringChunkSize` and the size of the items selected by `paths`,
 * whatever the input size.
 *
 * @example Picking one field out of a sequence, with its exact bytes
 * ```ts
 * import { CborStreamParser, encodeCborSequence } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeCborSequence([{ id: 1, payload: [1, 2] }, { id: 2, payload: "x" }]);
 * const values: unknown[] = [];
 * const raws: Uint8Array[] = [];
 * const parser = new CborStreamParser({
 *   paths: ["$.payload"],
 *   onValue: (v) => values.push(v),
 *   onRaw: (b) => raws.push(b),
 * });
 * for (let i = 0; i < bytes.length; i += 3) parser.push(bytes.subarray(i, i + 3));
 * parser.end();
 * assert.deepEqual(values, [[1, 2], "x"]);
 * assert.deepEqual(raws, [new Uint8Array([0x82, 0x01, 0x02]), new Uint8Array([0x61, 0x78])]);
 * ```
 */
export class CborStreamParser {
  readonly #o: ResolvedDecodeOptions;
  readonly #patterns: PathStep[][];
  readonly #exactLen: number[]; // path length a pattern needs, -1 with ".."
  readonly #onValue?: (value: unknown, path: CborPath) => void;
  readonly #onRaw?: (bytes: Uint8Array, path: CborPath) => void;
  readonly #onEvent?: (event: CborStreamEvent) => void;
  readonly #chunkSize: number;

  // input
  #buf: Uint8Array = EMPTY;
  #base = 0; // global offset of #buf[0]
  #pos = 0;
  #pending: Uint8Array | undefined;
  #consumed = 0; // global offset of the first byte not yet processed
  #itemStart = 0; // global offset of the current top-level item
  #error: unknown;
  #ended = false;
  #items = 0;

  // container stack (index 0 unused: depth 0 is the top level)
  #depth = 0;
  #type: Uint8Array;
  #rem: Float64Array;
  #cnt: Float64Array;
  #level: Int32Array;
  #keys: unknown[];
  #path: unknown[] = [];
  #curLevel = 0;
  #inKey = 0;
  #caps: Capture[] = [];

  // string content in progress
  #sActive = false;
  #sRem = 0;
  #sMajor = 2;
  #sMode = 0; // 0 skip, 1 whole value, 2 chunked
  #sAcc: Uint8Array = EMPTY;
  #sAccLen = 0;
  #sDec: TextDecoder | undefined;
  #sOffset = 0;
  #sChunk = false; // a chunk of an indefinite-length string
  #sTotal = 0; // bytes of the indefinite-length string so far

  /**
   * Creates a parser.
   *
   * @param options Paths, callbacks and limits (as for {@linkcode decodeCbor};
   *   `maxBytes` limits each top-level item).
   */
  constructor(options: CborStreamParserOptions = {}) {
    this.#o = resolveDecodeOptions(options);
    this.#patterns = (options.paths ?? []).map(compilePath);
    this.#exactLen = this.#patterns.map((p) => p.some((s) => s.kind === "descend") ? -1 : p.length);
    this.#onValue = options.onValue;
    this.#onRaw = options.onRaw;
    this.#onEvent = options.onEvent;
    const cs = options.stringChunkSize ?? 65536;
    if (!Number.isInteger(cs) || cs < 1) throw new RangeError(`Invalid stringChunkSize ${cs}`);
    this.#chunkSize = cs;
    const n = this.#o.maxDepth + 2;
    this.#type = new Uint8Array(n);
    this.#rem = new Float64Array(n);
    this.#cnt = new Float64Array(n);
    this.#level = new Int32Array(n);
    this.#keys = new Array(n);
  }

  /** Number of complete top-level items so far. */
  get itemCount(): number {
    return this.#items;
  }

  /** Bytes consumed so far (excluding a partial head waiting for more input). */
  get offset(): number {
    return this.#consumed;
  }

  /**
   * Feeds the next bytes. Callbacks run before this returns.
   *
   * @param chunk Any number of bytes; the parser copies what it keeps.
   * @throws {CborSyntaxError} Not-well-formed input (the parser then stays failed).
   * @throws {CborError} A limit was exceeded.
   */
  push(chunk: Uint8Array): void {
    if (this.#error !== undefined) throw this.#error;
    if (this.#ended) throw new TypeError("CborStreamParser.push() after end()");
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError("CborStreamParser.push() needs a Uint8Array");
    }
    let buf = chunk;
    if (this.#pending) {
      buf = concat([this.#pending, chunk]);
      this.#pending = undefined;
    }
    const base = this.#consumed;
    this.#buf = buf;
    this.#base = base;
    this.#pos = 0;
    try {
      this.#run();
      const p = this.#pos;
      for (const c of this.#caps) {
        const from = Math.max(c.start - base, 0);
        if (p > from) c.parts.push(buf.slice(from, p));
      }
      if (p < buf.length) this.#pending = buf.slice(p);
      this.#consumed = base + p;
      if (this.#busy() && base + buf.length - this.#itemStart > this.#o.maxBytes) {
        this.#fail("ESIZE", `Item exceeds maxBytes ${this.#o.maxBytes}`, this.#itemStart);
      }
    } catch (e) {
      this.#error = e;
      throw e;
    } finally {
      this.#buf = EMPTY;
    }
  }

  /**
   * Signals the end of input.
   *
   * @throws {CborSyntaxError} `truncated` when an item is incomplete.
   */
  end(): void {
    if (this.#error !== undefined) throw this.#error;
    if (this.#ended) return;
    this.#ended = true;
    if (this.#busy() || this.#pending) {
      const at = this.#consumed + (this.#pending?.length ?? 0);
      this.#error = new CborSyntaxError("truncated", `Unexpected end of input at offset ${at}`, at);
      throw this.#error;
    }
  }

  #busy(): boolean {
    return this.#depth > 0 || this.#sActive;
  }

  #syntax(kind: CborSyntaxErrorKind, msg: string, at: number): never {
    throw new CborSyntaxError(kind, `${msg} at offset ${at}`, at);
  }

  #fail(code: CborErrorCode, msg: string, at: number): never {
    throw new CborError(code, `${msg} at offset ${at}`, at);
  }

  #emitting(): boolean {
    return this.#onEvent !== undefined && this.#inKey === 0;
  }

  #pathNow(): CborPath {
    return this.#path.slice(0, this.#curLevel);
  }

  #run(): void {
    const buf = this.#buf;
    const len = buf.length;
    const o = this.#o;
    for (;;) {
      if (this.#sActive) {
        this.#stringContent();
        if (this.#sActive) return;
        continue;
      }
      const start = this.#pos;
      if (start >= len) return;
      const ib = buf[start];
      const major = ib >> 5;
      const ai = ib & 31;
      // head length and argument
      let arg = ai;
      let big: bigint | undefined;
      let p = start + 1;
      if (ai >= 24 && ai < 28) {
        const n = 1 << (ai - 24);
        if (p + n > len) return; // wait for the rest of the head
        if (major === 7 && ai > 24 && !(this.#depth > 0 && this.#type[this.#depth] >= IBYTES)) {
          this.#pos = p + n;
          this.#beginItem(start);
          if (this.#emitting()) {
            const dv = new DataView(buf.buffer, buf.byteOffset + p, n);
            const v = ai === 25
              ? decodeFloat16(dv.getUint16(0))
              : ai === 26
              ? dv.getFloat32(0)
              : dv.getFloat64(0);
            this.#value(v, start);
          }
          this.#done();
          continue;
        }
        if (n === 1) arg = buf[p];
        else if (n === 2) arg = (buf[p] << 8) | buf[p + 1];
        else if (n === 4) {
          arg = ((buf[p] << 24) >>> 0) + ((buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]);
        } else {
          const hi = ((buf[p] << 24) >>> 0) + ((buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]);
          const lo = ((buf[p + 4] << 24) >>> 0) +
            ((buf[p + 5] << 16) | (buf[p + 6] << 8) | buf[p + 7]);
          if (hi <= 0x1fffff) arg = hi * 0x100000000 + lo;
          else {
            arg = Infinity;
            big = (BigInt(hi) << 32n) | BigInt(lo);
          }
        }
        p += n;
      } else if (ai >= 28 && ai < 31) {
        this.#syntax("reserved", `Reserved additional information ${ai}`, this.#base + start);
      }
      const at = this.#base + start;
      const d = this.#depth;
      const t = this.#type[d];
      // Fast path for the common map keys: short text strings and integers
      // that are wholly in this buffer, read without a capture.
      if (t === MAP && this.#cnt[d] % 2 === 0 && big === undefined && this.#inKey === 0) {
        let key: unknown = NO_KEY;
        if (major === 3 && ai !== 31 && arg <= 64 && p + arg <= len) {
          key = shortText(buf, p, arg);
          if (key !== NO_KEY) p += arg;
        } else if (major === 0 && ai !== 31) key = o.bigint === "always" ? BigInt(arg) : arg;
        else if (major === 1 && ai !== 31 && arg < Number.MAX_SAFE_INTEGER) {
          key = o.bigint === "always" ? BigInt(-1 - arg) : -1 - arg;
        }
        if (key !== NO_KEY) {
          this.#pos = p;
          this.#keys[d] = key;
          this.#cnt[d]++;
          if (this.#rem[d] > 0) this.#rem[d]--; // a value always follows, so never 0 here
          if (this.#onEvent) {
            this.#onEvent({
              type: "key",
              key,
              path: this.#path.slice(0, this.#level[d]),
              offset: at,
            });
          }
          continue;
        }
      }
      // inside an indefinite-length string only definite chunks of the same type or a break
      if (d > 0 && t >= IBYTES && ib !== 0xff) {
        if (major !== (t === IBYTES ? 2 : 3) || ai === 31) {
          this.#syntax(
            "chunk",
            "Chunk of an indefinite-length string must be a definite-length string of the same type",
            at,
          );
        }
        this.#pos = p;
        this.#startString(major, arg, at, true);
        continue;
      }
      if (ai === 31) {
        this.#pos = p;
        if (major === 7) this.#break(at);
        else if (major === 2 || major === 3) {
          this.#beginItem(start);
          this.#push(major === 2 ? IBYTES : ITEXT, -1, at);
          if (this.#emitting()) {
            this.#onEvent!({
              type: "string",
              major: major === 2 ? "bytes" : "text",
              length: undefined,
              path: this.#pathNow(),
              offset: at,
            });
          }
          this.#sTotal = 0;
        } else if (major === 4 || major === 5) {
          this.#beginItem(start);
          if (this.#emitting()) {
            this.#onEvent!({
              type: major === 4 ? "array" : "map",
              length: undefined,
              path: this.#pathNow(),
              offset: at,
            });
          }
          this.#push(major === 4 ? ARRAY : MAP, -1, at);
        } else {
          this.#syntax(
            "indefinite",
            `Indefinite length is not allowed for major type ${major}`,
            at,
          );
        }
        continue;
      }
      this.#pos = p;
      switch (major) {
        case 0:
        case 1: {
          this.#beginItem(start);
          if (this.#emitting()) {
            let v: number | bigint;
            if (big !== undefined || arg >= Number.MAX_SAFE_INTEGER) {
              const u = big ?? BigInt(arg);
              const n = major === 0 ? u : -1n - u;
              v = o.bigint === "always" || n > 9007199254740991n || n < -9007199254740991n
                ? n
                : Number(n);
            } else {
              v = major === 0 ? arg : -1 - arg;
              if (o.bigint === "always") v = BigInt(v);
            }
            this.#value(v, start);
          }
          this.#done();
          break;
        }
        case 2:
        case 3:
          this.#beginItem(start);
          this.#startString(major, big !== undefined ? Infinity : arg, at, false);
          break;
        case 4:
        case 5: {
          if (big !== undefined || arg > o.maxItems) {
            this.#fail(
              "EITEMS",
              `Container of ${big ?? arg} items exceeds maxItems ${o.maxItems}`,
              at,
            );
          }
          this.#beginItem(start);
          if (this.#emitting()) {
            this.#onEvent!({
              type: major === 4 ? "array" : "map",
              length: arg,
              path: this.#pathNow(),
              offset: at,
            });
          }
          if (arg === 0) {
            if (this.#emitting()) {
              this.#onEvent!({
                type: "end",
                of: major === 4 ? "array" : "map",
                path: this.#pathNow(),
                offset: at,
              });
            }
            this.#done();
          } else this.#push(major === 4 ? ARRAY : MAP, major === 4 ? arg : arg * 2, at);
          break;
        }
        case 6: {
          this.#beginItem(start);
          const tag = big ?? arg;
          if (this.#emitting()) {
            this.#onEvent!({ type: "tag", tag, path: this.#pathNow(), offset: at });
          }
          this.#push(TAG, 1, at);
          break;
        }
        default: {
          let v: unknown;
          if (ai === 24) {
            if (arg < 32) {
              this.#syntax(
                "simple",
                `Two-byte simple value ${arg} must be encoded in one byte`,
                at,
              );
            }
            v = new CborSimple(arg);
          } else if (ai < 20) v = new CborSimple(ai);
          else v = ai === 20 ? false : ai === 21 ? true : ai === 22 ? null : undefined;
          this.#beginItem(start);
          if (this.#emitting()) this.#value(v, start);
          this.#done();
        }
      }
    }
  }

  #value(v: unknown, start: number): void {
    this.#onEvent!({ type: "value", value: v, path: this.#pathNow(), offset: this.#base + start });
  }

  /** A new item starts at buffer index `start`: work out its path, key role and capture. */
  #beginItem(start: number): void {
    const d = this.#depth;
    if (d === 0) {
      this.#curLevel = 0;
      this.#itemStart = this.#base + start;
    } else {
      const t = this.#type[d];
      const lvl = this.#level[d];
      if (t === TAG) {
        this.#curLevel = lvl;
        return; // the content shares the tag's path and capture
      }
      if (t === MAP) {
        if (this.#cnt[d] % 2 === 0) {
          this.#curLevel = lvl;
          this.#inKey++;
          this.#caps.push({ start: this.#base + start, depth: d, parts: [], path: [], key: true });
          return;
        }
        this.#path[lvl] = this.#keys[d];
      } else this.#path[lvl] = this.#cnt[d];
      this.#curLevel = lvl + 1;
    }
    if (this.#inKey === 0 && this.#patterns.length) {
      const lvl = this.#curLevel;
      for (let i = 0; i < this.#patterns.length; i++) {
        const exact = this.#exactLen[i];
        if (
          exact >= 0
            ? exact === lvl && matchPath(this.#patterns[i], this.#path, lvl)
            : matchPath(this.#patterns[i], this.#path, lvl)
        ) {
          this.#caps.push({
            start: this.#base + start,
            depth: d,
            parts: [],
            path: this.#pathNow(),
            key: false,
          });
          break;
        }
      }
    }
  }

  #push(type: number, rem: number, at: number): void {
    const d = this.#depth + 1;
    if (d > this.#o.maxDepth) {
      this.#fail("EDEPTH", `Nesting exceeds maxDepth ${this.#o.maxDepth}`, at);
    }
    this.#depth = d;
    this.#type[d] = type;
    this.#rem[d] = rem;
    this.#cnt[d] = 0;
    this.#level[d] = this.#curLevel;
  }

  #break(at: number): void {
    const d = this.#depth;
    const t = this.#type[d];
    if (d === 0 || t === TAG || this.#rem[d] >= 0) {
      this.#syntax("break", "Unexpected break stop code", at);
    }
    if (t === MAP && this.#cnt[d] % 2 === 1) {
      this.#syntax("break", "Break stop code in place of a map value", at);
    }
    this.#depth = d - 1;
    this.#curLevel = this.#level[d];
    if (this.#emitting()) {
      const of = t === ARRAY ? "array" : t === MAP ? "map" : "string";
      this.#onEvent!({ type: "end", of, path: this.#pathNow(), offset: at + 1 });
    }
    this.#done();
  }

  /** A definite string head was read (`chunk`: inside an indefinite-length string). */
  #startString(major: number, n: number, at: number, chunk: boolean): void {
    const o = this.#o;
    const total = chunk ? this.#sTotal + n : n;
    if (total > o.maxStringBytes) {
      this.#fail("ESTRING", `String exceeds maxStringBytes ${o.maxStringBytes}`, at);
    }
    this.#sTotal = total;
    this.#sMajor = major;
    this.#sRem = n;
    this.#sChunk = chunk;
    this.#sOffset = at;
    this.#sAccLen = 0;
    this.#sDec = undefined;
    if (!this.#emitting()) this.#sMode = 0;
    else if (chunk) {
      this.#sMode = 2;
      this.#sDec = major === 3 ? this.#textDecoder() : undefined;
    } else if (n <= this.#chunkSize) {
      this.#sMode = 1;
    } else {
      this.#sMode = 2;
      this.#sDec = major === 3 ? this.#textDecoder() : undefined;
      this.#onEvent!({
        type: "string",
        major: major === 2 ? "bytes" : "text",
        length: n,
        path: this.#pathNow(),
        offset: at,
      });
    }
    if (
      this.#sMode !== 0 &&
      (this.#sMode === 1 ? n : Math.min(n, this.#chunkSize)) > this.#sAcc.length
    ) {
      this.#sAcc = new Uint8Array(this.#sMode === 1 ? n : this.#chunkSize);
    }
    this.#sActive = true;
    this.#stringContent();
  }

  #stringContent(): void {
    const buf = this.#buf;
    const avail = buf.length - this.#pos;
    const mode = this.#sMode;
    if (mode === 0) {
      const take = Math.min(avail, this.#sRem);
      this.#pos += take;
      this.#sRem -= take;
    } else if (mode === 1) {
      const take = Math.min(avail, this.#sRem);
      if (this.#sAccLen === 0 && take === this.#sRem) {
        // whole string in this buffer: no copy into the accumulator
        const bytes = buf.subarray(this.#pos, this.#pos + take);
        this.#pos += take;
        this.#sRem = 0;
        this.#sActive = false;
        this.#wholeString(bytes);
        return;
      }
      this.#sAcc.set(buf.subarray(this.#pos, this.#pos + take), this.#sAccLen);
      this.#sAccLen += take;
      this.#pos += take;
      this.#sRem -= take;
      if (this.#sRem === 0) {
        this.#sActive = false;
        this.#wholeString(this.#sAcc.subarray(0, this.#sAccLen));
        return;
      }
    } else {
      const cs = this.#chunkSize;
      while (this.#sRem > 0 && this.#pos < buf.length) {
        const take = Math.min(buf.length - this.#pos, this.#sRem, cs - this.#sAccLen);
        this.#sAcc.set(buf.subarray(this.#pos, this.#pos + take), this.#sAccLen);
        this.#sAccLen += take;
        this.#pos += take;
        this.#sRem -= take;
        if (this.#sAccLen === cs || this.#sRem === 0) this.#chunk(this.#sRem === 0);
      }
    }
    if (this.#sRem > 0) return;
    this.#sActive = false;
    if (mode === 0 || mode === 2) this.#stringDone();
  }

  #chunk(last: boolean): void {
    const bytes = this.#sAcc.subarray(0, this.#sAccLen);
    this.#sAccLen = 0;
    const data = this.#sDec ? this.#decodeText(this.#sDec, bytes, !last) : bytes.slice();
    if (typeof data === "string" && data === "" && !last) return;
    if (bytes.length === 0 && !last) return;
    this.#onEvent!({ type: "chunk", data, path: this.#pathNow(), offset: this.#sOffset });
  }

  #textDecoder(): TextDecoder {
    return new TextDecoder("utf-8", { fatal: this.#o.strictUtf8, ignoreBOM: true });
  }

  #decodeText(dec: TextDecoder, bytes: Uint8Array, stream: boolean): string {
    try {
      return dec.decode(bytes, { stream });
    } catch {
      return this.#syntax("utf8", "Invalid UTF-8 in text string", this.#sOffset);
    }
  }

  #wholeString(bytes: Uint8Array): void {
    let v: unknown;
    if (this.#sMajor === 2) v = bytes.slice();
    else if (this.#o.strictUtf8) {
      try {
        v = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        this.#syntax("utf8", "Invalid UTF-8 in text string", this.#sOffset);
      }
    } else v = LOOSE.decode(bytes);
    this.#onEvent!({ type: "value", value: v, path: this.#pathNow(), offset: this.#sOffset });
    this.#stringDone();
  }

  #stringDone(): void {
    if (this.#sChunk) return; // the indefinite-length string goes on until its break
    if (this.#sMode === 2 && this.#emitting()) {
      this.#onEvent!({
        type: "end",
        of: "string",
        path: this.#pathNow(),
        offset: this.#base + this.#pos,
      });
    }
    this.#done();
  }

  /** The item that started last is complete: close captures and finished containers. */
  #done(): void {
    for (;;) {
      const d = this.#depth;
      const caps = this.#caps;
      while (caps.length && caps[caps.length - 1].depth === d) this.#finishCapture(caps.pop()!);
      if (d === 0) {
        this.#items++;
        return;
      }
      const t = this.#type[d];
      this.#cnt[d]++;
      if (t === TAG || (this.#rem[d] > 0 && --this.#rem[d] === 0)) {
        this.#depth = d - 1;
        this.#curLevel = this.#level[d];
        if (this.#emitting()) {
          const of = t === ARRAY ? "array" : t === MAP ? "map" : "tag";
          this.#onEvent!({
            type: "end",
            of,
            path: this.#pathNow(),
            offset: this.#base + this.#pos,
          });
        }
        continue;
      }
      if (this.#cnt[d] > this.#o.maxItems * (t === MAP ? 2 : 1)) {
        this.#fail(
          "EITEMS",
          `Container exceeds maxItems ${this.#o.maxItems}`,
          this.#base + this.#pos,
        );
      }
      return;
    }
  }

  /** Small items through the strict decoder directly (no fast-path set-up). */
  #decode(bytes: Uint8Array, at: number): unknown {
    return bytes.length < 512
      ? decodeOne(bytes, this.#o, 0, bytes.length, at)
      : decodeResolved(bytes, this.#o, 0, bytes.length, at);
  }

  #finishCapture(c: Capture): void {
    const from = Math.max(c.start - this.#base, 0);
    let bytes: Uint8Array;
    if (this.#base + this.#pos - c.start > this.#o.maxBytes) {
      this.#fail("ESIZE", `Item exceeds maxBytes ${this.#o.maxBytes}`, c.start);
    }
    if (c.parts.length === 0 && (c.key || !this.#onRaw)) {
      // Decoding copies what it keeps, so a view of the buffer will do.
      bytes = this.#buf.subarray(from, this.#pos);
    } else {
      if (this.#pos > from) c.parts.push(this.#buf.slice(from, this.#pos));
      bytes = concat(c.parts);
    }
    if (c.key) {
      this.#inKey--;
      const key = this.#decode(bytes, c.start);
      this.#keys[c.depth] = key;
      if (this.#emitting()) {
        this.#onEvent!({
          type: "key",
          key,
          path: this.#path.slice(0, this.#level[c.depth]),
          offset: c.start,
        });
      }
      return;
    }
    this.#onRaw?.(bytes, c.path);
    if (this.#onValue) {
      this.#onValue(this.#decode(bytes, c.start), c.path);
    }
  }
}

const LOOSE = new TextDecoder("utf-8", { ignoreBOM: true });
const NO_KEY: unique symbol = Symbol("no key");

/** ASCII text of `buf[p..p+n)`, or NO_KEY when a byte is not ASCII. */
function shortText(buf: Uint8Array, p: number, n: number): string | typeof NO_KEY {
  let s = "";
  for (let i = p; i < p + n; i++) {
    const c = buf[i];
    if (c >= 0x80) return NO_KEY;
    s += String.fromCharCode(c);
  }
  return s;
}
