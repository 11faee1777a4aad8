// Copyright 2026 the wirekit authors. MIT license.
import { parseJsonValue } from "./_parse.ts";
import type { JsonValue } from "./json_value.ts";
import { type InferJsonSchema, type JsonSchemaLike, mapJson } from "./map_json.ts";

/** Limits and policies shared by every JSON parser of this module. */
export interface JsonParseOptions {
  /**
   * Deepest nesting of arrays and objects; deeper input throws `JsonError`
   * `"EDEPTH"` (never a stack overflow: the parser is iterative).
   * @default {1000}
   */
  maxDepth?: number;
  /**
   * Longest string or key, in UTF-8 bytes of its source text; longer throws
   * `JsonError` `"ESTRING"`.
   * @default {67108864}
   */
  maxStringBytes?: number;
  /**
   * Longest number literal in characters; longer throws `JsonError` `"ENUMBER"`.
   * @default {1024}
   */
  maxNumberLength?: number;
  /**
   * Largest input in bytes; larger throws `JsonError` `"ESIZE"`. For
   * {@linkcode parseJson} 256 MiB; streaming parsers hold nothing but the
   * values they match and default to no total limit (see their `maxValueBytes`).
   * @default {268435456}
   */
  maxBytes?: number;
  /**
   * Most members in one object; more throws `JsonError` `"EKEYS"`.
   * @default {1000000}
   */
  maxKeys?: number;
  /**
   * Integers (no fraction or exponent) outside the safe range ±(2^53 − 1)
   * become exact `bigint`s instead of the nearest double.
   * @default {false}
   */
  bigint?: boolean;
  /**
   * A number whose magnitude is beyond the double range (`1E400`): `"reject"`
   * throws `JsonError` `"ERANGE"`, `"infinity"` gives ±Infinity like
   * `JSON.parse`. Underflow (`1E-400`) always gives 0 (or -0).
   * @default {"reject"}
   */
  numberOverflow?: "reject" | "infinity";
  /**
   * A `\uD800`-style escape not forming a surrogate pair: `"reject"` throws
   * `JsonSyntaxError`, `"replace"` substitutes U+FFFD.
   * @default {"reject"}
   */
  loneSurrogates?: "reject" | "replace";
  /**
   * Duplicate keys in an object that is materialised: `"last"` keeps the
   * last (like `JSON.parse`), `"reject"` throws `JsonError` `"EDUPKEY"`.
   * @default {"last"}
   */
  duplicateKeys?: "last" | "reject";
  /**
   * Ignore one UTF-8 byte order mark at the very start of the input
   * (RFC 8259 section 8.1 allows it); when false it is a syntax error.
   * @default {true}
   */
  allowBom?: boolean;
}

/** Options of {@linkcode parseJson}: limits and policies, plus an optional schema. */
export interface ParseJsonOptions<S extends JsonSchemaLike | undefined = undefined>
  extends JsonParseOptions {
  /**
   * Maps the parsed value onto a typed shape (see {@linkcode mapJson}); a
   * Standard Schema validator is used as is.
   * @default {undefined}
   */
  schema?: S;
}

/**
 * Parses one JSON text strictly (RFC 8259): no comments, trailing commas,
 * single quotes, leading zeros, control characters in strings, invalid
 * UTF-8 or lone surrogates; whitespace only around the value.
 *
 * Malformed input throws {@linkcode JsonSyntaxError} with `offset`, `line`
 * and `column`; an exceeded limit throws {@linkcode JsonError} with a `code`.
 * Valid input is handed to the native `JSON.parse` when the options allow
 * it and the result is then checked against the limits (see the module
 * docs); otherwise, and for every error, the module's own iterative parser
 * decides, so both give the same answer.
 *
 * @param input JSON text, as a string or UTF-8 bytes.
 * @param options Limits, policies and an optional schema.
 * @returns The parsed value (mapped through `schema` when given).
 *
 * @example Parse text and bytes
 * ```ts
 * import { parseJson } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(parseJson('{"a": [1, 2.5, "x"]}'), { a: [1, 2.5, "x"] });
 * assert.equal(parseJson(new TextEncoder().encode("true")), true);
 * assert.equal(parseJson("12345678901234567890", { bigint: true }), 12345678901234567890n);
 * assert.throws(() => parseJson("[1, 2,]"), SyntaxError);
 * ```
 *
 * @example Map onto a typed shape
 * ```ts
 * import { parseJson } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * const user = parseJson('{"name": "Ada"}', {
 *   schema: {
 *     type: "object",
 *     fields: { name: { type: "string" }, admin: { type: "boolean", default: false } },
 *   },
 * });
 * assert.deepEqual(user, { name: "Ada", admin: false });
 * ```
 */
export function parseJson<const S extends JsonSchemaLike | undefined = undefined>(
  input: string | Uint8Array,
  options?: ParseJsonOptions<S>,
): S extends JsonSchemaLike ? InferJsonSchema<S> : JsonValue {
  const value = parseJsonValue(input, options ?? {});
  const schema = options?.schema;
  return (schema === undefined ? value : mapJson(value, schema)) as S extends JsonSchemaLike
    ? InferJsonSchema<S>
    : JsonValue;
}
