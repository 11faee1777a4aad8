// Copyright 2026 the wirekit authors. MIT license.

/**
 * A parsed JSON value. `bigint` appears only when the `bigint` option asks
 * for exact big integers.
 *
 * @example Type a parsed value
 * ```ts
 * import { type JsonValue, parseJson } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * const v: JsonValue = parseJson('{"a": [1, "x", null]}');
 * assert.deepEqual(v, { a: [1, "x", null] });
 * ```
 */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A concrete path to a value: object keys and array indices from the root. */
export type JsonPath = (string | number)[];

/** Low-level event kinds delivered by the `onEvent` option of {@linkcode JsonStreamParser}. */
export type JsonEventKind =
  | "startObject"
  | "endObject"
  | "startArray"
  | "endArray"
  | "key"
  | "scalar";
