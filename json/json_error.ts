// Copyright 2026 the wirekit authors. MIT license.
import { WirekitError, type WirekitErrorOptions } from "../_internal/errors.ts";

export { WirekitError, type WirekitErrorOptions };

/**
 * Why a {@linkcode JsonError} was thrown.
 *
 * - `"EDEPTH"`: nesting deeper than `maxDepth`
 * - `"ESTRING"`: a string or key longer than `maxStringBytes`
 * - `"ENUMBER"`: a number literal longer than `maxNumberLength`
 * - `"ESIZE"`: input (or one materialised value) larger than its byte limit
 * - `"EKEYS"`: an object with more than `maxKeys` members
 * - `"EDUPKEY"`: a duplicate key while `duplicateKeys` is `"reject"`
 * - `"ERANGE"`: a number beyond the double range while `numberOverflow` is `"reject"`
 * - `"ESCHEMA"`: a value does not fit the schema it is mapped onto
 */
export type JsonErrorCode =
  | "EDEPTH"
  | "ESTRING"
  | "ENUMBER"
  | "ESIZE"
  | "EKEYS"
  | "EDUPKEY"
  | "ERANGE"
  | "ESCHEMA";

/** Options accepted by {@linkcode JsonError}. */
export interface JsonErrorOptions {
  /** Offset in the input where the problem was found, when known. */
  offset?: number;
  /** Path of the value concerned, when known. */
  path?: (string | number)[];
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * A limit or policy of the JSON module was exceeded, or a value does not fit
 * its schema; `code` says which.
 *
 * @example Hitting the depth limit
 * ```ts
 * import { JsonError, parseJson } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => parseJson("[".repeat(100_000)),
 *   (e) => e instanceof JsonError && e.code === "EDEPTH",
 * );
 * ```
 */
export class JsonError extends WirekitError<JsonErrorCode> {
  /** Offset in the input where the problem was found, when known. */
  readonly offset?: number;
  /** Path of the value concerned, when known. */
  readonly path?: (string | number)[];

  /**
   * Creates the error.
   *
   * @param code Machine-readable kind.
   * @param message What failed.
   * @param options Offset, path and cause.
   */
  constructor(code: JsonErrorCode, message: string, options?: JsonErrorOptions) {
    super(code, message, options);
    if (options?.offset !== undefined) this.offset = options.offset;
    if (options?.path !== undefined) this.path = options.path;
  }
}
