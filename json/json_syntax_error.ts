// Copyright 2026 the wirekit authors. MIT license.
import { OffsetSyntaxError, type OffsetSyntaxErrorOptions } from "../_internal/errors.ts";

export { OffsetSyntaxError, type OffsetSyntaxErrorOptions };

/**
 * Malformed JSON text: a `SyntaxError` saying where parsing stopped.
 *
 * `offset` counts UTF-8 bytes from the start of the input (UTF-16 code units
 * when {@linkcode parseJson} was given a string); `line` and `column` are
 * 1-based, and `column` counts in the same unit as `offset`.
 *
 * @example Catch a syntax error and read its position
 * ```ts
 * import { JsonSyntaxError, parseJson } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * try {
 *   parseJson('{"a": 1,\n "b": tru}');
 *   assert.fail("should have thrown");
 * } catch (e) {
 *   assert.ok(e instanceof JsonSyntaxError);
 *   assert.equal(e.line, 2);
 *   assert.equal(e.column, 10);
 *   assert.equal(e.offset, 18);
 * }
 * ```
 */
export class JsonSyntaxError extends OffsetSyntaxError {
  /** 1-based line of the error. */
  declare readonly line: number;
  /** 1-based column of the error. */
  declare readonly column: number;

  /**
   * Creates the error.
   *
   * @param message What was wrong.
   * @param offset Offset of the offending byte (or code unit).
   * @param line 1-based line.
   * @param column 1-based column.
   */
  constructor(message: string, offset: number, line: number, column: number) {
    super(message, offset, { line, column });
  }
}
