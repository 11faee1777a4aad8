// Copyright 2026 the wirekit authors. MIT license.
/**
 * Streaming JSON: strict parsing, path matching over chunked input, limits,
 * a streaming writer and typed mapping. Works in Deno, Bun and Node with no
 * npm dependencies.
 *
 * - {@linkcode parseJson}: one strict RFC 8259 text to a value.
 * - {@linkcode JsonStreamParser}: a push parser selecting values by path
 *   patterns (`$.items[*].id`, `$..id`), with SAX events, chunked strings and
 *   multi-value framings (NDJSON, concatenated, RFC 7464).
 * - {@linkcode JsonParseStream} and {@linkcode readJsonValues}: the same over
 *   Web Streams and `Response`s.
 * - {@linkcode stringifyJson} and {@linkcode JsonStringifyStream}: writing,
 *   optionally pretty or RFC 8785 canonical.
 * - {@linkcode mapJson} and the `schema` options: typed mapping.
 *
 * See json/README.md for the decisions on JSONTestSuite's implementation-
 * defined cases and how the native fast path of `parseJson` stays exact.
 *
 * @example Parse, select, write
 * ```ts
 * import { JsonStreamParser, parseJson, stringifyJson } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * const doc = '{"items": [{"id": 1}, {"id": 2}]}';
 * assert.deepEqual(parseJson(doc), { items: [{ id: 1 }, { id: 2 }] });
 * const ids: unknown[] = [];
 * const p = new JsonStreamParser({ paths: ["$.items[*].id"], onValue: (v) => ids.push(v) });
 * p.push(doc);
 * p.end();
 * assert.deepEqual(ids, [1, 2]);
 * assert.equal(stringifyJson({ b: 1, a: [true] }, { canonical: true }), '{"a":[true],"b":1}');
 * ```
 *
 * @module
 */
export * from "./json_error.ts";
export * from "./json_syntax_error.ts";
export * from "./json_value.ts";
export * from "./map_json.ts";
export * from "./parse_json.ts";
export * from "./json_stream_parser.ts";
export * from "./json_parse_stream.ts";
export * from "./read_json_values.ts";
export * from "./stringify_json.ts";
export * from "./json_stringify_stream.ts";
