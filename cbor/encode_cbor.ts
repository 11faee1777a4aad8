// Copyright 2026 the wirekit authors. MIT license.
// encodeCbor(): a JavaScript value to CBOR, preferred serialization, and
// core deterministic encoding on request.
//
// Why not cbor-x's encoder: it writes integers from 2^32 up as float64
// (a different CBOR data item), tags Maps with 259 unless told otherwise,
// emits its own extension tags for Set, Error, RegExp and typed arrays,
// never writes binary16 floats and cannot sort keys by encoding. The
// encoder here writes standard preferred CBOR and is measured against
// cbor-x in bench/cbor.ts.
import {
  encodeValue,
  encodeValues,
  type ResolvedEncodeOptions,
  resolveEncodeOptions,
} from "./_encode.ts";

/** Options of {@linkcode encodeCbor} and the other encoders of this module. */
export interface EncodeCborOptions {
  /**
   * Core deterministic encoding (RFC 8949 section 4.2.1): on top of the
   * preferred serialization always used, the keys of every map are sorted by
   * their encoded bytes, and two keys with the same encoding are an error
   * (`EDUPLICATE`).
   * @default {false}
   */
  deterministic?: boolean;
  /**
   * Deepest nesting of arrays, maps and tags; deeper (or cyclic) values throw
   * a {@linkcode CborError} `EDEPTH`.
   * @default {256}
   */
  maxDepth?: number;
  /**
   * How a `Date` is written: tag 1 (epoch seconds, an integer when whole) or
   * tag 0 (RFC 3339 text).
   * @default {1}
   */
  dateTag?: 0 | 1;
  /**
   * Converters by class: an instance whose constructor is a key is replaced
   * by what the function returns (typically a {@linkcode CborTag}) before
   * encoding.
   */
  encoders?: ReadonlyMap<abstract new (...args: never[]) => unknown, (value: never) => unknown>;
}

const DEFAULTS: ResolvedEncodeOptions = resolveEncodeOptions();
const DETERMINISTIC: ResolvedEncodeOptions = resolveEncodeOptions({ deterministic: true });

function pick(options: EncodeCborOptions | undefined): ResolvedEncodeOptions {
  if (options === undefined) return DEFAULTS;
  if (
    options.maxDepth === undefined && options.dateTag === undefined &&
    options.encoders === undefined
  ) return options.deterministic ? DETERMINISTIC : DEFAULTS;
  return resolveEncodeOptions(options);
}

/**
 * Encodes a value as one CBOR data item in preferred serialization: shortest
 * heads, integers (numbers that are safe integers, bigints) as major types
 * 0/1 up to 2^64 and as bignums (tags 2/3) beyond, other numbers as the
 * shortest float that holds them exactly (binary16, 32 or 64), `Uint8Array`
 * as byte strings, plain objects and `Map` as maps, `Date` as tag 1,
 * `Set` as tag 258, {@linkcode CborTag} and {@linkcode CborSimple} as
 * themselves, `undefined` as simple value 23.
 *
 * @param value The value to encode.
 * @param options `deterministic` and limits.
 * @returns The encoded bytes.
 * @throws {CborError} `ETYPE` for functions, symbols and typed arrays other
 *   than Uint8Array, `EDEPTH` for too deep or cyclic values, `EDUPLICATE` for
 *   equal keys in deterministic mode.
 *
 * @example Deterministic encoding sorts keys by their encoding
 * ```ts
 * import { encodeCbor } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * const a = encodeCbor(new Map<unknown, unknown>([["b", 1], [10, 2], [-1, 3]]), { deterministic: true });
 * // {10: 2, -1: 3, "b": 1}
 * assert.deepEqual(a, new Uint8Array([0xa3, 0x0a, 0x02, 0x20, 0x03, 0x61, 0x62, 0x01]));
 * assert.deepEqual(encodeCbor(1.5), new Uint8Array([0xf9, 0x3e, 0x00]));
 * ```
 */
export function encodeCbor(value: unknown, options?: EncodeCborOptions): Uint8Array {
  return encodeValue(value, pick(options));
}

/**
 * Encodes values one after another as a CBOR sequence (RFC 8742).
 *
 * @param values The items.
 * @param options As for {@linkcode encodeCbor}.
 * @returns The concatenated encodings.
 *
 * @example Three items
 * ```ts
 * import { encodeCborSequence } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(encodeCborSequence([1, "a", [2]]), new Uint8Array([0x01, 0x61, 0x61, 0x81, 0x02]));
 * ```
 */
export function encodeCborSequence(
  values: Iterable<unknown>,
  options?: EncodeCborOptions,
): Uint8Array {
  return encodeValues(values, pick(options));
}
