// Copyright 2026 the wirekit authors. MIT license.
// Value classes for CBOR items that have no native JavaScript counterpart.

/**
 * A tagged item (RFC 8949 section 3.4) whose tag the decoder does not
 * interpret. Encoding a `CborTag` writes the tag number and then the value,
 * so unknown tags survive a decode/encode round trip unchanged.
 *
 * @example Round-tripping an unknown tag
 * ```ts
 * import { CborTag, decodeCbor, encodeCbor } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeCbor(new CborTag(32, "http://www.example.com"));
 * const back = decodeCbor(bytes);
 * assert.ok(back instanceof CborTag);
 * assert.equal(back.tag, 32);
 * assert.deepEqual(encodeCbor(back), bytes);
 * ```
 */
export class CborTag {
  /** Tag number, 0 to 2^64-1 (a bigint above 2^53-1). */
  readonly tag: number | bigint;
  /** The tag content. */
  readonly value: unknown;

  /**
   * Creates a tagged item.
   *
   * @param tag Tag number (non-negative integer or bigint below 2^64).
   * @param value Tag content.
   */
  constructor(tag: number | bigint, value: unknown) {
    if (
      typeof tag === "number"
        ? !Number.isSafeInteger(tag) || tag < 0
        : typeof tag !== "bigint" || tag < 0n || tag > 0xffffffffffffffffn
    ) {
      throw new RangeError(`Invalid CBOR tag number ${String(tag)}`);
    }
    this.tag = tag;
    this.value = value;
  }
}

/**
 * A simple value (major type 7) other than false, true, null and undefined:
 * 0..19 and 32..255 (RFC 8949 section 3.3).
 *
 * @example Decoding simple(16)
 * ```ts
 * import { CborSimple, decodeCbor, encodeCbor } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * const v = decodeCbor(new Uint8Array([0xf0]));
 * assert.deepEqual(v, new CborSimple(16));
 * assert.deepEqual(encodeCbor(v), new Uint8Array([0xf0]));
 * ```
 */
export class CborSimple {
  /** The simple value number. */
  readonly value: number;

  /**
   * Creates a simple value.
   *
   * @param value 0..19 or 32..255 (20..23 are false/true/null/undefined, 24..31 are reserved).
   */
  constructor(value: number) {
    if (!Number.isInteger(value) || value < 0 || value > 255 || (value >= 20 && value < 32)) {
      throw new RangeError(`Invalid CBOR simple value ${value}`);
    }
    this.value = value;
  }
}
