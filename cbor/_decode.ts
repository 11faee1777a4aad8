// Copyright 2026 the wirekit authors. MIT license.
// wirekit's own strict CBOR decoder: the reference for well-formedness,
// limits and the wirekit data model. decodeCbor() first tries the
// single-pass fast decoder (_fast.ts), which returns exactly what this one
// would for plain data and gives up on anything else, which then comes here.
import { CborError, CborSyntaxError } from "./errors.ts";
import { CborSimple, CborTag } from "./values.ts";
import type { TagDecoder } from "./decode_cbor.ts";

/** Decoder settings with every default filled in. */
export interface ResolvedDecodeOptions {
  maxDepth: number;
  maxItems: number;
  maxBytes: number;
  maxStringBytes: number;
  mapsAsObjects: boolean;
  rejectDuplicateKeys: boolean;
  bigint: "auto" | "always";
  strictUtf8: boolean;
  tag258AsSet: boolean;
  tag259AsMap: boolean;
  tags: ReadonlyMap<number, TagDecoder> | undefined;
}

const MAX_SAFE_HI = 0x1fffff; // high 32 bits of Number.MAX_SAFE_INTEGER
const textLoose = new TextDecoder("utf-8", { ignoreBOM: true });
const textStrict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Major type names for messages. */
const MAJOR_NAMES = [
  "unsigned integer",
  "negative integer",
  "byte string",
  "text string",
  "array",
  "map",
  "tag",
  "simple/float",
];

/** Throws the "input ended" error at `offset`. */
export function truncated(offset: number, what: string): never {
  throw new CborSyntaxError(
    "truncated",
    `Unexpected end of input in ${what} at offset ${offset}`,
    offset,
  );
}

/** A cursor over CBOR bytes; one instance per decode call. */
export class Decoder {
  readonly b: Uint8Array;
  #dv: DataView | undefined;
  pos: number;
  readonly end: number;
  /** Added to offsets in errors (position of `b[0]` in the caller's input). */
  readonly base: number;
  readonly o: ResolvedDecodeOptions;
  depth = 0;
  #forceMap = false;

  constructor(b: Uint8Array, o: ResolvedDecodeOptions, start = 0, end = b.length, base = 0) {
    this.b = b;
    this.pos = start;
    this.end = end;
    this.base = base;
    this.o = o;
  }

  /** DataView over the input, made on first use (most small items never need it). */
  get dv(): DataView {
    return this.#dv ??= new DataView(this.b.buffer, this.b.byteOffset, this.b.byteLength);
  }

  #syntax(kind: ConstructorParameters<typeof CborSyntaxError>[0], msg: string, at: number): never {
    throw new CborSyntaxError(kind, `${msg} at offset ${at + this.base}`, at + this.base);
  }

  #limit(code: ConstructorParameters<typeof CborError>[0], msg: string, at: number): never {
    throw new CborError(code, `${msg} at offset ${at + this.base}`, at + this.base);
  }

  /**
   * Reads the argument of a head whose initial byte was at `start` (pos is
   * just after it). Returns a number, or a bigint when above 2^53-1.
   */
  arg(ai: number, start: number): number | bigint {
    const b = this.b;
    if (ai < 24) return ai;
    const p = this.pos;
    switch (ai) {
      case 24:
        if (p + 1 > this.end) truncated(p + this.base, "a head");
        this.pos = p + 1;
        return b[p];
      case 25:
        if (p + 2 > this.end) truncated(p + this.base, "a head");
        this.pos = p + 2;
        return (b[p] << 8) | b[p + 1];
      case 26:
        if (p + 4 > this.end) truncated(p + this.base, "a head");
        this.pos = p + 4;
        return this.dv.getUint32(p);
      case 27: {
        if (p + 8 > this.end) truncated(p + this.base, "a head");
        this.pos = p + 8;
        const hi = this.dv.getUint32(p);
        if (hi <= MAX_SAFE_HI) return hi * 0x100000000 + this.dv.getUint32(p + 4);
        return this.dv.getBigUint64(p);
      }
      default:
        return this.#syntax(
          "reserved",
          `Reserved additional information ${ai} in initial byte 0x${
            b[start].toString(16).padStart(2, "0")
          }`,
          start,
        );
    }
  }

  /** Reads one complete data item. */
  item(): unknown {
    const b = this.b;
    const start = this.pos;
    if (start >= this.end) truncated(start + this.base, "a data item");
    const ib = b[start];
    this.pos = start + 1;
    const major = ib >> 5;
    const ai = ib & 31;
    if (ai === 31) return this.#indefinite(major, start);
    switch (major) {
      case 0: {
        const v = this.arg(ai, start);
        return this.o.bigint === "always" ? BigInt(v) : v;
      }
      case 1: {
        const v = this.arg(ai, start);
        if (typeof v === "bigint" || v >= Number.MAX_SAFE_INTEGER) {
          const n = -1n - BigInt(v);
          return this.o.bigint === "always" || n < -9007199254740991n ? n : Number(n);
        }
        return this.o.bigint === "always" ? BigInt(-1 - v) : -1 - v;
      }
      case 2: {
        const n = this.#length(this.arg(ai, start), start);
        return b.slice(this.pos - n, this.pos);
      }
      case 3: {
        const n = this.#length(this.arg(ai, start), start);
        return this.#utf8(this.pos - n, this.pos);
      }
      case 4:
        return this.#array(this.#count(this.arg(ai, start), start, 1), start);
      case 5:
        return this.#map(this.#count(this.arg(ai, start), start, 1), start);
      case 6:
        return this.#tag(this.arg(ai, start), start);
      default:
        return this.#simple(ai, start);
    }
  }

  /** Checks a string length against the limits and the input, then skips it. */
  #length(v: number | bigint, start: number): number {
    if (typeof v === "bigint" || v > this.end - this.pos) {
      truncated(this.end + this.base, "a string");
    }
    if (v > this.o.maxStringBytes) {
      this.#limit(
        "ESTRING",
        `String of ${v} bytes exceeds maxStringBytes ${this.o.maxStringBytes}`,
        start,
      );
    }
    this.pos += v;
    return v;
  }

  /** Checks a container count against maxItems and what the input can hold. */
  #count(v: number | bigint, start: number, bytesPerItem: number): number {
    // Every item takes at least one byte: fail before allocating anything.
    if (typeof v === "bigint" || v * bytesPerItem > this.end - this.pos) {
      truncated(this.end + this.base, "a container");
    }
    if (v > this.o.maxItems) {
      this.#limit("EITEMS", `Container of ${v} items exceeds maxItems ${this.o.maxItems}`, start);
    }
    return v;
  }

  #utf8(from: number, to: number): string {
    if (to - from <= 32) {
      // Short ASCII strings (most keys): cheaper than a TextDecoder call.
      const b = this.b;
      let s = "";
      let i = from;
      for (; i < to; i++) {
        const c = b[i];
        if (c >= 0x80) break;
        s += String.fromCharCode(c);
      }
      if (i === to) return s;
    }
    const bytes = this.b.subarray(from, to);
    if (!this.o.strictUtf8) return textLoose.decode(bytes);
    try {
      return textStrict.decode(bytes);
    } catch {
      return this.#syntax("utf8", "Invalid UTF-8 in text string", from);
    }
  }

  #enter(start: number): void {
    if (++this.depth > this.o.maxDepth) {
      this.#limit("EDEPTH", `Nesting exceeds maxDepth ${this.o.maxDepth}`, start);
    }
  }

  #atBreak(): boolean {
    if (this.pos >= this.end) truncated(this.end + this.base, "an indefinite-length item");
    if (this.b[this.pos] === 0xff) {
      this.pos++;
      return true;
    }
    return false;
  }

  #array(n: number, start: number): unknown[] {
    this.#enter(start);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(this.item());
    this.depth--;
    return out;
  }

  #indefinite(major: number, start: number): unknown {
    switch (major) {
      case 2:
      case 3:
        return this.#chunks(major);
      case 4: {
        this.#enter(start);
        const out: unknown[] = [];
        while (!this.#atBreak()) {
          if (out.length >= this.o.maxItems) {
            this.#limit("EITEMS", `Array exceeds maxItems ${this.o.maxItems}`, this.pos);
          }
          out.push(this.item());
        }
        this.depth--;
        return out;
      }
      case 5:
        return this.#map(-1, start);
      case 7:
        return this.#syntax("break", "Unexpected break stop code", start);
      default:
        return this.#syntax(
          "indefinite",
          `Indefinite length is not allowed for major type ${major} (${MAJOR_NAMES[major]})`,
          start,
        );
    }
  }

  #chunks(major: number): Uint8Array | string {
    const parts: Uint8Array[] = [];
    const texts: string[] = [];
    let total = 0;
    while (!this.#atBreak()) {
      const at = this.pos;
      const ib = this.b[at];
      if (ib >> 5 !== major || (ib & 31) === 31) {
        this.#syntax(
          "chunk",
          `Chunk of an indefinite-length ${MAJOR_NAMES[major]} must be a definite-length ${
            MAJOR_NAMES[major]
          }`,
          at,
        );
      }
      this.pos = at + 1;
      const v = this.arg(ib & 31, at);
      if (typeof v === "bigint" || total + v > this.o.maxStringBytes) {
        this.#limit("ESTRING", `String exceeds maxStringBytes ${this.o.maxStringBytes}`, at);
      }
      if (v > this.end - this.pos) truncated(this.end + this.base, "a string");
      total += v;
      this.pos += v;
      if (major === 2) parts.push(this.b.subarray(this.pos - v, this.pos));
      else texts.push(this.#utf8(this.pos - v, this.pos));
    }
    if (major === 3) return texts.join("");
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  /** n < 0: indefinite length. */
  #map(n: number, start: number): unknown {
    this.#enter(start);
    const asMap = !this.o.mapsAsObjects || this.#forceMap;
    this.#forceMap = false;
    let obj: Record<string, unknown> | undefined = asMap ? undefined : {};
    let map: Map<unknown, unknown> | undefined = asMap ? new Map() : undefined;
    let rawKeys: Set<string> | undefined;
    const dup = this.o.rejectDuplicateKeys;
    for (let i = 0; n < 0 ? !this.#atBreak() : i < n; i++) {
      if (n < 0 && i >= this.o.maxItems) {
        this.#limit("EITEMS", `Map exceeds maxItems ${this.o.maxItems}`, this.pos);
      }
      const keyAt = this.pos;
      const key = this.item();
      const keyEnd = this.pos;
      if (n < 0 && this.pos < this.end && this.b[this.pos] === 0xff) {
        this.#syntax("break", "Break stop code in place of a map value", this.pos);
      }
      const value = this.item();
      if (obj !== undefined) {
        if (typeof key === "string") {
          if (dup && Object.hasOwn(obj, key)) this.#duplicate(key, keyAt);
          if (key === "__proto__") {
            Object.defineProperty(obj, key, {
              value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          } else obj[key] = value;
          continue;
        }
        map = new Map(Object.entries(obj));
        obj = undefined;
      }
      if (dup) {
        if (key !== null && (typeof key === "object" || typeof key === "function")) {
          rawKeys ??= new Set();
          let id = "";
          for (let i = keyAt; i < keyEnd; i++) id += String.fromCharCode(this.b[i]);
          if (rawKeys.has(id)) this.#duplicate(key, keyAt);
          rawKeys.add(id);
        } else if (map!.has(key)) this.#duplicate(key, keyAt);
      }
      map!.set(key, value);
    }
    this.depth--;
    return obj ?? map;
  }

  #duplicate(key: unknown, at: number): never {
    const shown = typeof key === "string"
      ? JSON.stringify(key)
      : typeof key === "bigint"
      ? `${key}`
      : String(key);
    return this.#limit("EDUPLICATE", `Duplicate map key ${shown}`, at);
  }

  #tag(tag: number | bigint, start: number): unknown {
    this.#enter(start);
    const custom = typeof tag === "number" ? this.o.tags?.get(tag) : undefined;
    if (tag === 259 && this.o.tag259AsMap && !custom && this.b[this.pos] >> 5 === 5) {
      this.#forceMap = true; // only for the map that is the content itself
    }
    const contentAt = this.pos;
    const value = this.item();
    this.#forceMap = false;
    this.depth--;
    if (custom) return custom(value, tag);
    switch (tag) {
      case 0:
        if (typeof value === "string" && RFC3339.test(value)) {
          const d = new Date(value);
          if (!Number.isNaN(d.getTime())) return d;
        }
        return this.#invalid("Tag 0 needs an RFC 3339 date/time string", contentAt);
      case 1:
        if (typeof value === "number" && Number.isFinite(value)) {
          const d = new Date(value * 1000);
          if (!Number.isNaN(d.getTime())) return d;
        }
        return this.#invalid(
          "Tag 1 needs a finite number of seconds within the Date range",
          contentAt,
        );
      case 2:
      case 3: {
        if (!(value instanceof Uint8Array)) {
          return this.#invalid(`Tag ${tag} needs a byte string`, contentAt);
        }
        let v = 0n;
        for (let i = 0; i < value.length; i++) v = (v << 8n) | BigInt(value[i]);
        return tag === 2 ? v : -1n - v;
      }
      case 24:
        if (!(value instanceof Uint8Array)) {
          return this.#invalid("Tag 24 needs a byte string", contentAt);
        }
        return new CborTag(24, value);
      case 55799:
        return value;
      case 258:
        if (this.o.tag258AsSet) {
          if (!Array.isArray(value)) return this.#invalid("Tag 258 needs an array", contentAt);
          const set = new Set(value);
          if (this.o.rejectDuplicateKeys && set.size !== value.length) {
            this.#limit("EDUPLICATE", "Duplicate element in a tag 258 set", contentAt);
          }
          return set;
        }
        return new CborTag(tag, value);
      case 259:
        if (this.o.tag259AsMap) {
          if (!(value instanceof Map)) return this.#invalid("Tag 259 needs a map", contentAt);
          return value;
        }
        return new CborTag(tag, value);
      default:
        return new CborTag(tag, value);
    }
  }

  #invalid(msg: string, at: number): never {
    return this.#limit("EINVALID", msg, at);
  }

  #simple(ai: number, start: number): unknown {
    const p = this.pos;
    switch (ai) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 24: {
        if (p >= this.end) truncated(p + this.base, "a simple value");
        const v = this.b[p];
        if (v < 32) {
          this.#syntax("simple", `Two-byte simple value ${v} must be encoded in one byte`, start);
        }
        this.pos = p + 1;
        return new CborSimple(v);
      }
      case 25:
        if (p + 2 > this.end) truncated(p + this.base, "a float");
        this.pos = p + 2;
        return decodeFloat16((this.b[p] << 8) | this.b[p + 1]);
      case 26:
        if (p + 4 > this.end) truncated(p + this.base, "a float");
        this.pos = p + 4;
        return this.dv.getFloat32(p);
      case 27:
        if (p + 8 > this.end) truncated(p + this.base, "a float");
        this.pos = p + 8;
        return this.dv.getFloat64(p);
      case 28:
      case 29:
      case 30:
        return this.arg(ai, start);
      default:
        return new CborSimple(ai);
    }
  }
}

/** Exact IEEE 754 binary16 to number. */
export function decodeFloat16(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

/**
 * Decodes exactly one item spanning `bytes[start..end)`: trailing bytes are
 * a syntax error.
 */
export function decodeOne(
  bytes: Uint8Array,
  o: ResolvedDecodeOptions,
  start = 0,
  end: number = bytes.length,
  base = 0,
): unknown {
  const d = new Decoder(bytes, o, start, end, base);
  const v = d.item();
  if (d.pos !== end) {
    throw new CborSyntaxError(
      "trailing",
      `Unexpected trailing byte(s) after the data item at offset ${d.pos + base}`,
      d.pos + base,
    );
  }
  return v;
}
