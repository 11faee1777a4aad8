// Copyright 2026 the wirekit authors. MIT license.
// Errors of the cbor module: not-well-formed bytes (CborSyntaxError) and
// limits or invalid-but-well-formed data (CborError).
import { OffsetSyntaxError, WirekitError } from "../_internal/errors.ts";

// Re-exported so the public error classes do not reference private types
// (JSR doc lint), and so callers can catch any wirekit error by its base.
export { OffsetSyntaxError, WirekitError };

/**
 * Which rule of RFC 8949 the input broke (the groups of Appendix F, plus
 * `"utf8"` for invalid UTF-8 when `strictUtf8` is on).
 */
export type CborSyntaxErrorKind =
  | "truncated"
  | "reserved"
  | "indefinite"
  | "break"
  | "simple"
  | "chunk"
  | "trailing"
  | "utf8";

/**
 * Malformed or not-well-formed CBOR (RFC 8949 Appendix F): the input cannot be
 * decoded at all. `offset` is where the offending head or byte starts.
 *
 * @example Catching a truncated item
 * ```ts
 * import { CborSyntaxError, decodeCbor } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * const err = (() => {
 *   try {
 *     decodeCbor(new Uint8Array([0x82, 0x01]));
 *   } catch (e) {
 *     return e;
 *   }
 * })();
 * assert.ok(err instanceof CborSyntaxError);
 * assert.equal(err.kind, "truncated");
 * assert.equal(err.offset, 2);
 * ```
 */
export class CborSyntaxError extends OffsetSyntaxError {
  /** The not-well-formed category. */
  readonly kind: CborSyntaxErrorKind;

  /**
   * Creates the error.
   *
   * @param kind Category of the problem.
   * @param message What failed.
   * @param offset Byte offset of the offending head or byte.
   */
  constructor(kind: CborSyntaxErrorKind, message: string, offset: number) {
    super(message, offset);
    this.kind = kind;
  }
}

/**
 * Codes of {@linkcode CborError}:
 * - `EDEPTH`: nesting deeper than `maxDepth` (decode) or a cycle / too deep value (encode);
 * - `EITEMS`: a container with more than `maxItems` items;
 * - `ESIZE`: input larger than `maxBytes`;
 * - `ESTRING`: a byte or text string longer than `maxStringBytes`;
 * - `EDUPLICATE`: a map key seen twice (with `rejectDuplicateKeys`, or when encoding deterministically);
 * - `EINVALID`: well-formed but invalid data, e.g. tag 1 around a string, tag 2 around an integer;
 * - `ETYPE`: a value that has no CBOR encoding (function, symbol) or a key that cannot be an object key.
 */
export type CborErrorCode =
  | "EDEPTH"
  | "EITEMS"
  | "ESIZE"
  | "ESTRING"
  | "EDUPLICATE"
  | "EINVALID"
  | "ETYPE";

/**
 * A CBOR limit was exceeded, or the data is well-formed but not valid.
 * `offset` is set when the error comes from decoding.
 *
 * @example Rejecting an array longer than maxItems
 * ```ts
 * import { CborError, decodeCbor } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * const bytes = new Uint8Array([0x83, 1, 2, 3]);
 * assert.throws(
 *   () => decodeCbor(bytes, { maxItems: 2 }),
 *   (e) => e instanceof CborError && e.code === "EITEMS",
 * );
 * ```
 */
export class CborError extends WirekitError<CborErrorCode> {
  /** Byte offset in the input where decoding stopped, when decoding. */
  readonly offset?: number;

  /**
   * Creates the error.
   *
   * @param code Machine-readable failure kind.
   * @param message What failed.
   * @param offset Byte offset in the input, if decoding.
   */
  constructor(code: CborErrorCode, message: string, offset?: number) {
    super(code, message);
    if (offset !== undefined) this.offset = offset;
  }
}
