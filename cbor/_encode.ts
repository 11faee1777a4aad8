// Copyright 2026 the wirekit authors. MIT license.
// wirekit's CBOR encoder: preferred serialization always (shortest head,
// shortest float that is exact, integers as integers up to 2^64), and with
// `deterministic` the map keys of every map sorted by their encoded bytes
// (RFC 8949 section 4.2.1). One growable buffer reused across calls.
import { CborError } from "./errors.ts";
import { CborSimple, CborTag } from "./values.ts";
import type { EncodeCborOptions } from "./encode_cbor.ts";
import { depth } from "./_options.ts";

/** Encoder settings with defaults filled in. */
export interface ResolvedEncodeOptions {
  deterministic: boolean;
  maxDepth: number;
  dateTag: 0 | 1;
  encoders: ReadonlyMap<unknown, (value: never) => unknown> | undefined;
}

/** Fills in the defaults and checks the option values. */
export function resolveEncodeOptions(options: EncodeCborOptions = {}): ResolvedEncodeOptions {
  const maxDepth = depth(options.maxDepth);
  const dateTag = options.dateTag ?? 1;
  if (dateTag !== 0 && dateTag !== 1) throw new RangeError(`Invalid dateTag ${dateTag}`);
  return {
    deterministic: options.deterministic ?? false,
    maxDepth,
    dateTag,
    encoders: options.encoders?.size ? options.encoders : undefined,
  };
}

const TWO64 = 0x10000000000000000n;
const textEncoder = new TextEncoder();

/** Bytewise comparison (RFC 8949 section 4.2.1 key order). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Encoder state; `encodeValue` is reentrant through a fresh instance when busy. */
export class Encoder {
  buf: Uint8Array = new Uint8Array(8192);
  dv: DataView = new DataView(this.buf.buffer);
  pos = 0;
  depth = 0;
  o!: ResolvedEncodeOptions;
  busy = false;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    if (size > 2 ** 31) {
      if (this.pos + n > 2 ** 31) throw new RangeError("CBOR output exceeds 2 GiB");
      size = 2 ** 31;
    }
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  /** Writes a head with a number argument (0..2^53-1). */
  head(major: number, v: number): void {
    this.ensure(9);
    const b = this.buf;
    const m = major << 5;
    if (v < 24) b[this.pos++] = m | v;
    else if (v < 0x100) {
      b[this.pos++] = m | 24;
      b[this.pos++] = v;
    } else if (v < 0x10000) {
      b[this.pos++] = m | 25;
      b[this.pos++] = v >> 8;
      b[this.pos++] = v & 0xff;
    } else if (v < 0x100000000) {
      b[this.pos++] = m | 26;
      this.dv.setUint32(this.pos, v);
      this.pos += 4;
    } else {
      b[this.pos++] = m | 27;
      this.dv.setUint32(this.pos, Math.floor(v / 0x100000000));
      this.dv.setUint32(this.pos + 4, v >>> 0);
      this.pos += 8;
    }
  }

  headBig(major: number, v: bigint): void {
    if (v <= 0x1fffffffffffffn) return this.head(major, Number(v));
    this.ensure(9);
    this.buf[this.pos++] = (major << 5) | 27;
    this.dv.setBigUint64(this.pos, v);
    this.pos += 8;
  }

  value(v: unknown): void {
    switch (typeof v) {
      case "string":
        return this.string(v);
      case "number":
        return this.number(v);
      case "boolean":
        this.ensure(1);
        this.buf[this.pos++] = v ? 0xf5 : 0xf4;
        return;
      case "undefined":
        this.ensure(1);
        this.buf[this.pos++] = 0xf7;
        return;
      case "bigint":
        return this.bigint(v);
      case "object":
        if (v === null) {
          this.ensure(1);
          this.buf[this.pos++] = 0xf6;
          return;
        }
        return this.object(v);
      default:
        throw new CborError("ETYPE", `Cannot encode a ${typeof v} as CBOR`);
    }
  }

  number(v: number): void {
    if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
      if (v >= 0) this.head(0, v);
      else this.head(1, -1 - v);
      return;
    }
    this.float(v);
  }

  /** Shortest of binary16/32/64 that holds `v` exactly; NaN as f97e00. */
  float(v: number): void {
    this.ensure(9);
    const b = this.buf;
    if (v !== v) {
      b[this.pos++] = 0xf9;
      b[this.pos++] = 0x7e;
      b[this.pos++] = 0x00;
      return;
    }
    if (Math.fround(v) !== v) {
      b[this.pos++] = 0xfb;
      this.dv.setFloat64(this.pos, v);
      this.pos += 8;
      return;
    }
    this.dv.setFloat32(this.pos + 1, v);
    const bits = this.dv.getUint32(this.pos + 1);
    const half = float32BitsToHalf(bits);
    if (half >= 0) {
      b[this.pos++] = 0xf9;
      b[this.pos++] = half >> 8;
      b[this.pos++] = half & 0xff;
    } else {
      b[this.pos] = 0xfa;
      this.pos += 5;
    }
  }

  bigint(v: bigint): void {
    if (v >= 0n) {
      if (v < TWO64) return this.headBig(0, v);
      return this.bignum(2, v);
    }
    const n = -1n - v;
    if (n < TWO64) return this.headBig(1, n);
    return this.bignum(3, n);
  }

  bignum(tag: 2 | 3, n: bigint): void {
    let hex = n.toString(16);
    if (hex.length & 1) hex = "0" + hex;
    const len = hex.length / 2;
    this.head(6, tag);
    this.head(2, len);
    this.ensure(len);
    for (let i = 0; i < len; i++) this.buf[this.pos++] = parseInt(hex.substr(i * 2, 2), 16);
  }

  string(s: string): void {
    const len = s.length;
    if (len < 64) {
      // ASCII fast path: header from the length, bytes written straight in.
      this.ensure(len * 3 + 9);
      const b = this.buf;
      const hdr = len < 24 ? 1 : 2;
      let p = this.pos + hdr;
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[p++] = c;
      }
      if (i === len) {
        if (hdr === 1) b[this.pos] = 0x60 | len;
        else {
          b[this.pos] = 0x78;
          b[this.pos + 1] = len;
        }
        this.pos = p;
        return;
      }
      const n = utf8Length(s);
      this.head(3, n);
      this.ensure(n);
      this.pos = writeUtf8(s, this.buf, this.pos);
      return;
    }
    // Long strings: TextEncoder after a maximal head, moved left when shorter.
    const max = len * 3;
    const hdr = max < 0x100 ? 2 : max < 0x10000 ? 3 : 5;
    this.ensure(max + hdr);
    const start = this.pos;
    const { written } = textEncoder.encodeInto(s, this.buf.subarray(start + hdr));
    this.head(3, written);
    const real = this.pos - start;
    if (real !== hdr) this.buf.copyWithin(start + real, start + hdr, start + hdr + written);
    this.pos = start + real + written;
  }

  bytes(v: Uint8Array): void {
    this.head(2, v.length);
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  enter(): void {
    if (++this.depth > this.o.maxDepth) {
      throw new CborError(
        "EDEPTH",
        `Value nests deeper than maxDepth ${this.o.maxDepth} (or is cyclic)`,
      );
    }
  }

  object(v: object): void {
    if (Array.isArray(v)) {
      this.enter();
      const n = v.length;
      this.head(4, n);
      for (let i = 0; i < n; i++) this.value(v[i]);
      this.depth--;
      return;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) {
      return this.plain(v as Record<string, unknown>);
    }
    if (v instanceof Uint8Array && ArrayBuffer.isView(v)) return this.bytes(v);
    if (this.o.encoders) {
      const custom = this.o.encoders.get(v.constructor);
      if (custom) {
        this.enter();
        this.value((custom as (x: unknown) => unknown)(v));
        this.depth--;
        return;
      }
    }
    if (v instanceof Map) return this.map(v);
    if (v instanceof CborTag) {
      this.enter();
      if (typeof v.tag === "bigint") this.headBig(6, v.tag);
      else this.head(6, v.tag);
      this.value(v.value);
      this.depth--;
      return;
    }
    if (v instanceof CborSimple) {
      if (v.value < 24) this.head(7, v.value);
      else {
        this.ensure(2);
        this.buf[this.pos++] = 0xf8;
        this.buf[this.pos++] = v.value;
      }
      return;
    }
    if (v instanceof Date) {
      const t = v.getTime();
      if (Number.isNaN(t)) throw new CborError("ETYPE", "Cannot encode an invalid Date");
      if (this.o.dateTag === 0) {
        this.head(6, 0);
        this.string(v.toISOString().replace(".000Z", "Z"));
      } else {
        this.head(6, 1);
        this.number(t / 1000);
      }
      return;
    }
    if (v instanceof Set) {
      this.head(6, 258);
      this.enter();
      this.head(4, v.size);
      for (const x of v) this.value(x);
      this.depth--;
      return;
    }
    if (v instanceof ArrayBuffer) return this.bytes(new Uint8Array(v));
    if (ArrayBuffer.isView(v)) {
      throw new CborError(
        "ETYPE",
        `Cannot encode a ${v.constructor.name}; pass a Uint8Array for a byte string`,
      );
    }
    return this.plain(v as Record<string, unknown>);
  }

  plain(v: Record<string, unknown>): void {
    this.enter();
    const keys = Object.keys(v);
    const n = keys.length;
    if (this.o.deterministic && n > 1) {
      this.sorted(keys.map((k) => [k, v[k]]));
    } else {
      // Object.values avoids a keyed property load per entry.
      const vals = Object.values(v);
      this.head(5, n);
      for (let i = 0; i < n; i++) {
        this.string(keys[i]);
        this.value(vals[i]);
      }
    }
    this.depth--;
  }

  map(m: Map<unknown, unknown>): void {
    this.enter();
    if (this.o.deterministic && m.size > 1) this.sorted([...m]);
    else {
      this.head(5, m.size);
      for (const [k, x] of m) {
        this.value(k);
        this.value(x);
      }
    }
    this.depth--;
  }

  /** Writes a map with its keys in bytewise order of their encodings. */
  sorted(entries: [unknown, unknown][]): void {
    const start = this.pos;
    const keyed: { key: Uint8Array; value: unknown }[] = [];
    for (const [k, x] of entries) {
      this.pos = start;
      this.value(k);
      keyed.push({ key: this.buf.slice(start, this.pos), value: x });
    }
    this.pos = start;
    keyed.sort((a, b) => compareBytes(a.key, b.key));
    this.head(5, keyed.length);
    for (let i = 0; i < keyed.length; i++) {
      const { key, value } = keyed[i];
      if (i > 0 && compareBytes(keyed[i - 1].key, key) === 0) {
        throw new CborError("EDUPLICATE", "Two map keys have the same encoding");
      }
      this.ensure(key.length);
      this.buf.set(key, this.pos);
      this.pos += key.length;
      this.value(value);
    }
  }
}

/** binary16 bits of the float32 with bits `f`, or -1 when not exact. */
export function float32BitsToHalf(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const e = (f >>> 23) & 0xff;
  const m = f & 0x7fffff;
  if (e === 0xff) {
    return m === 0 ? sign | 0x7c00 : (m & 0x1fff) === 0 ? sign | 0x7c00 | (m >> 13) : -1;
  }
  if (e === 0) return m === 0 ? sign : -1; // float32 subnormals are below binary16's range
  const exp = e - 127;
  if (exp >= -14 && exp <= 15) {
    return (m & 0x1fff) === 0 ? sign | ((exp + 15) << 10) | (m >> 13) : -1;
  }
  if (exp < -14 && exp >= -24) {
    const full = m | 0x800000;
    const shift = -(exp + 1);
    return (full & ((1 << shift) - 1)) === 0 ? sign | (full >> shift) : -1;
  }
  return -1;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** UTF-8 of `s` at `p` (lone surrogates become U+FFFD, as TextEncoder does). */
function writeUtf8(s: string, b: Uint8Array, p: number): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) b[p++] = c;
    else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c < 0xe000) {
        const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c < 0xdc00 && d >= 0xdc00 && d < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          b[p++] = 0xf0 | (c >> 18);
          b[p++] = 0x80 | ((c >> 12) & 63);
          b[p++] = 0x80 | ((c >> 6) & 63);
          b[p++] = 0x80 | (c & 63);
          continue;
        }
        c = 0xfffd;
      }
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 63);
      b[p++] = 0x80 | (c & 63);
    }
  }
  return p;
}

const shared = new Encoder();

/** Encodes `values` one after another (a CBOR sequence when more than one). */
export function encodeValues(values: Iterable<unknown>, o: ResolvedEncodeOptions): Uint8Array {
  const e = shared.busy ? new Encoder() : shared;
  e.busy = true;
  e.o = o;
  e.pos = 0;
  e.depth = 0;
  try {
    for (const v of values) e.value(v);
    return e.buf.slice(0, e.pos);
  } finally {
    e.busy = false;
    if (e.buf.length > 1 << 24) {
      e.buf = new Uint8Array(8192);
      e.dv = new DataView(e.buf.buffer);
    }
  }
}

/** Encodes one value. */
export function encodeValue(v: unknown, o: ResolvedEncodeOptions): Uint8Array {
  return encodeValues([v], o);
}
