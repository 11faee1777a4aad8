// Copyright 2026 the wirekit authors. MIT license.
// decodeCbor(): one CBOR data item to a JavaScript value.

import { asPlainBytes, decodeResolved, resolveDecodeOptions } from "./_options.ts";

/** Options of {@linkcode decodeCbor} and the other decoders of this module. */
export interface DecodeCborOptions {
  /**
   * Deepest nesting of arrays, maps and tags.
   * @default {256}
   */
  maxDepth?: number;
  /**
   * Most items in one array, or entries in one map.
   * @default {16777216}
   */
  maxItems?: number;
  /**
   * Largest input accepted, in bytes.
   * @default {67108864}
   */
  maxBytes?: number;
  /**
   * Longest byte or text string, in bytes (all chunks of an indefinite-length string together).
   * @default {16777216}
   */
  maxStringBytes?: number;
  /**
   * `true`: maps whose keys are all text strings become plain objects, any
   * other map becomes a `Map` (keys are never coerced to strings). `false`:
   * every map becomes a `Map` (what COSE with its integer labels wants).
   * @default {true}
   */
  mapsAsObjects?: boolean;
  /**
   * Throw a {@linkcode CborError} `EDUPLICATE` when a map repeats a key
   * (compared as decoded JavaScript keys; non-primitive keys by their encoded
   * bytes). Otherwise the last value wins.
   * @default {false}
   */
  rejectDuplicateKeys?: boolean;
  /**
   * Integers (major types 0 and 1): `"auto"` gives a number when it is a safe
   * integer and a bigint otherwise; `"always"` gives bigints for all.
   * Bignums (tags 2 and 3) always decode to bigint.
   * @default {"auto"}
   */
  bigint?: "auto" | "always";
  /**
   * Reject text strings that are not valid UTF-8 with a
   * {@linkcode CborSyntaxError} of kind `"utf8"`; otherwise invalid sequences
   * decode to U+FFFD.
   * @default {false}
   */
  strictUtf8?: boolean;
  /**
   * Decode tag 258 (a set, as an array) to a `Set`; otherwise a `CborTag`.
   * @default {false}
   */
  tag258AsSet?: boolean;
  /**
   * Decode tag 259 (explicit map) to a `Map`; otherwise a `CborTag`.
   * @default {false}
   */
  tag259AsMap?: boolean;
  /**
   * Tag handlers by tag number, given the decoded content; they take
   * precedence over the built-in handling of tags 0, 1, 2, 3, 24, 258, 259 and 55799.
   */
  tags?: ReadonlyMap<number, TagDecoder> | Record<number, TagDecoder>;
}

/**
 * A tag handler for {@linkcode DecodeCborOptions.tags}: receives the decoded
 * tag content and the tag number, returns the value to use instead.
 */
export type TagDecoder = (value: unknown, tag: number | bigint) => unknown;

/**
 * Decodes exactly one CBOR data item (RFC 8949). Integers become numbers
 * (bigints beyond 2^53-1), byte strings `Uint8Array`s that never alias
 * `bytes` (short ones may be views of one private block of up to 8 KiB:
 * `.slice()` one before handing its `.buffer` to an API that ignores
 * offsets), text strings
 * strings, arrays arrays, maps plain objects (or `Map`, see
 * `mapsAsObjects`), tags 0/1 `Date`, tags 2/3 `bigint`, tag 55799 is
 * stripped, other tags become {@linkcode CborTag}, simple values other than
 * false/true/null/undefined {@linkcode CborSimple}, floats (16, 32 and 64
 * bit, exactly) numbers.
 *
 * @param bytes The encoded item; trailing bytes are an error.
 * @param options Limits and mapping choices.
 * @returns The decoded value.
 * @throws {CborSyntaxError} Not well-formed input (truncated, reserved
 *   values, misused indefinite lengths or breaks, trailing bytes).
 * @throws {CborError} A limit was exceeded (`EDEPTH`, `EITEMS`, `ESIZE`,
 *   `ESTRING`), a duplicate key (`EDUPLICATE`), or invalid tag content (`EINVALID`).
 *
 * @example Decoding a COSE-style map with integer keys
 * ```ts
 * import { decodeCbor } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * // {1: -7, "kid": h'0102'}
 * const bytes = new Uint8Array([0xa2, 0x01, 0x26, 0x63, 0x6b, 0x69, 0x64, 0x42, 0x01, 0x02]);
 * const map = decodeCbor(bytes, { mapsAsObjects: false }) as Map<unknown, unknown>;
 * assert.equal(map.get(1), -7);
 * assert.deepEqual(map.get("kid"), new Uint8Array([1, 2]));
 * assert.deepEqual(decodeCbor(new Uint8Array([0x82, 0x01, 0xf9, 0x3e, 0x00])), [1, 1.5]);
 * ```
 */
export function decodeCbor(bytes: Uint8Array, options?: DecodeCborOptions): unknown {
  return decodeResolved(asPlainBytes(bytes), resolveDecodeOptions(options));
}
