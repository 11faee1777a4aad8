// Copyright 2026 the wirekit authors. MIT license.
// Bounds-checked byte cursor and growable writer over DataView, used by the
// binary codecs (cbor, dns, ntp, dhcp, net roles).
import { TruncatedInputError } from "./errors.ts";

/**
 * Concatenates byte arrays into a new array (always a copy).
 * @param parts The arrays, in order.
 * @param total Their summed length, when the caller already knows it.
 * @returns The new array.
 */
export function concatBytes(parts: readonly Uint8Array[], total?: number): Uint8Array {
  let n = total ?? 0;
  if (total === undefined) { for (const p of parts) n += p.length; }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Reads big- and little-endian integers from a byte array with bounds checks. */
export class ByteReader {
  /** The bytes being read. */
  readonly bytes: Uint8Array;
  /** Next offset to read. */
  offset: number;
  #view: DataView;
  #end: number;

  /**
   * @param bytes Input bytes (not copied).
   * @param offset Start offset.
   * @param end End offset (exclusive), default `bytes.length`.
   */
  constructor(bytes: Uint8Array, offset = 0, end: number = bytes.length) {
    if (offset < 0 || end > bytes.length || offset > end) {
      throw new RangeError(`Invalid window ${offset}..${end} of ${bytes.length} bytes`);
    }
    this.bytes = bytes;
    this.offset = offset;
    this.#end = end;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes left before the end of the window. */
  get remaining(): number {
    return this.#end - this.offset;
  }

  /** End offset (exclusive) of the readable window. */
  get end(): number {
    return this.#end;
  }

  /** Throws {@linkcode TruncatedInputError} unless `n` bytes remain. */
  need(n: number): void {
    if (this.#end - this.offset < n) {
      throw new TruncatedInputError(n - (this.#end - this.offset), this.offset);
    }
  }

  /** Reads one unsigned byte. */
  u8(): number {
    this.need(1);
    return this.bytes[this.offset++];
  }

  /** Reads an unsigned 16-bit integer. */
  u16(littleEndian = false): number {
    this.need(2);
    const v = this.#view.getUint16(this.offset, littleEndian);
    this.offset += 2;
    return v;
  }

  /** Reads an unsigned 32-bit integer. */
  u32(littleEndian = false): number {
    this.need(4);
    const v = this.#view.getUint32(this.offset, littleEndian);
    this.offset += 4;
    return v;
  }

  /** Reads a signed 32-bit integer. */
  i32(littleEndian = false): number {
    this.need(4);
    const v = this.#view.getInt32(this.offset, littleEndian);
    this.offset += 4;
    return v;
  }

  /** Reads an unsigned 64-bit integer as a bigint. */
  u64(littleEndian = false): bigint {
    this.need(8);
    const v = this.#view.getBigUint64(this.offset, littleEndian);
    this.offset += 8;
    return v;
  }

  /** Reads a 32-bit IEEE float. */
  f32(littleEndian = false): number {
    this.need(4);
    const v = this.#view.getFloat32(this.offset, littleEndian);
    this.offset += 4;
    return v;
  }

  /** Reads a 64-bit IEEE float. */
  f64(littleEndian = false): number {
    this.need(8);
    const v = this.#view.getFloat64(this.offset, littleEndian);
    this.offset += 8;
    return v;
  }

  /** Returns a view (no copy) of the next `n` bytes. */
  bytesView(n: number): Uint8Array {
    if (n < 0 || !Number.isInteger(n)) throw new RangeError(`Invalid length ${n}`);
    this.need(n);
    const v = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  /** Returns a copy of the next `n` bytes. */
  bytesCopy(n: number): Uint8Array {
    return this.bytesView(n).slice();
  }

  /** Advances by `n` bytes. */
  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }

  /** Returns the byte at `offset + ahead` without consuming it. */
  peek(ahead = 0): number {
    this.need(ahead + 1);
    return this.bytes[this.offset + ahead];
  }
}

/** Options for {@linkcode ByteWriter}. */
export interface ByteWriterOptions {
  /**
   * Initial capacity in bytes.
   * @default {256}
   */
  initialSize?: number;
  /**
   * Largest output allowed; writing past it throws a RangeError.
   * @default {2 ** 30}
   */
  maxSize?: number;
}

/** Appends integers and bytes to a growable buffer. */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;
  #max: number;

  /**
   * Creates the writer.
   *
   * @param options Initial capacity and size limit.
   */
  constructor(options: ByteWriterOptions = {}) {
    this.#max = options.maxSize ?? 2 ** 30;
    this.#buf = new Uint8Array(Math.min(options.initialSize ?? 256, this.#max));
    this.#view = new DataView(this.#buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#len;
  }

  #reserve(n: number): number {
    const at = this.#len;
    const want = at + n;
    if (want > this.#buf.length) {
      if (want > this.#max) {
        throw new RangeError(`Output would exceed ${this.#max} bytes`);
      }
      let size = Math.max(this.#buf.length * 2, 64);
      while (size < want) size *= 2;
      const next = new Uint8Array(Math.min(size, this.#max));
      next.set(this.#buf.subarray(0, at));
      this.#buf = next;
      this.#view = new DataView(next.buffer);
    }
    this.#len = want;
    return at;
  }

  /** Appends one byte. */
  u8(v: number): this {
    const at = this.#reserve(1);
    this.#buf[at] = v;
    return this;
  }

  /** Appends an unsigned 16-bit integer. */
  u16(v: number, littleEndian = false): this {
    const at = this.#reserve(2);
    this.#view.setUint16(at, v, littleEndian);
    return this;
  }

  /** Appends an unsigned 32-bit integer. */
  u32(v: number, littleEndian = false): this {
    const at = this.#reserve(4);
    this.#view.setUint32(at, v, littleEndian);
    return this;
  }

  /** Appends an unsigned 64-bit integer. */
  u64(v: bigint, littleEndian = false): this {
    const at = this.#reserve(8);
    this.#view.setBigUint64(at, v, littleEndian);
    return this;
  }

  /** Appends a 32-bit IEEE float. */
  f32(v: number, littleEndian = false): this {
    const at = this.#reserve(4);
    this.#view.setFloat32(at, v, littleEndian);
    return this;
  }

  /** Appends a 64-bit IEEE float. */
  f64(v: number, littleEndian = false): this {
    const at = this.#reserve(8);
    this.#view.setFloat64(at, v, littleEndian);
    return this;
  }

  /** Appends bytes. */
  bytes(b: Uint8Array): this {
    const at = this.#reserve(b.length);
    this.#buf.set(b, at);
    return this;
  }

  /** Overwrites a 16-bit value at an earlier offset (e.g. a length field). */
  patchU16(offset: number, v: number, littleEndian = false): void {
    if (offset < 0 || offset + 2 > this.#len) {
      throw new RangeError(`Invalid patch offset ${offset}`);
    }
    this.#view.setUint16(offset, v, littleEndian);
  }

  /** Overwrites a 32-bit value at an earlier offset. */
  patchU32(offset: number, v: number, littleEndian = false): void {
    if (offset < 0 || offset + 4 > this.#len) {
      throw new RangeError(`Invalid patch offset ${offset}`);
    }
    this.#view.setUint32(offset, v, littleEndian);
  }

  /** Returns a copy of what was written. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }

  /** Returns a view of what was written (valid until the next write). */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  /** Forgets what was written, keeping the buffer. */
  reset(): void {
    this.#len = 0;
  }
}
