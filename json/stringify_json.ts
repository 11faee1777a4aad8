// Copyright 2026 the wirekit authors. MIT license.
import { indentUnit, writeJson } from "./_write.ts";

/** Options of {@linkcode stringifyJson}. */
export interface StringifyJsonOptions {
  /**
   * Pretty printing: spaces per level (0 to 10) or the indent string
   * itself; 0 or "" writes compact JSON.
   * @default {0}
   */
  indent?: number | string;
  /**
   * RFC 8785 (JCS) canonical form: members sorted by UTF-16 code units,
   * ECMAScript number formatting, no whitespace; lone surrogates and
   * bigints are errors. Cannot be combined with `indent`.
   * @default {false}
   */
  canonical?: boolean;
  /**
   * Deepest nesting written; deeper throws `JsonError` `"EDEPTH"` (the
   * writer is iterative, so this is a policy, not a stack guard).
   * @default {1000}
   */
  maxDepth?: number;
}

/**
 * Writes a value as JSON text. Unlike `JSON.stringify` it never overflows
 * the stack (iterative), throws on non-finite numbers instead of writing
 * `null`, writes `bigint`s as exact integers, and offers RFC 8785 canonical
 * output. Lone surrogates are escaped (`"\ud800"`), so the output is always
 * valid UTF-8 once encoded. `toJSON()` is honoured; `undefined`, functions
 * and symbols are skipped in objects and written as `null` in arrays.
 *
 * @param value What to write.
 * @param options Pretty printing, canonical form and depth limit.
 * @returns The JSON text.
 *
 * @example Compact, pretty and canonical
 * ```ts
 * import { stringifyJson } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * assert.equal(stringifyJson({ a: [1, "\ud800"], n: 10n }), '{"a":[1,"\\ud800"],"n":10}');
 * assert.equal(stringifyJson({ a: [1] }, { indent: 2 }), '{\n  "a": [\n    1\n  ]\n}');
 * assert.equal(stringifyJson({ b: 1e21, a: -0 }, { canonical: true }), '{"a":0,"b":1e+21}');
 * ```
 */
export function stringifyJson(value: unknown, options: StringifyJsonOptions = {}): string {
  const canonical = options.canonical === true;
  const unit = indentUnit(options.indent);
  if (canonical && unit !== "") throw new TypeError("Canonical JSON cannot be indented");
  const maxDepth = options.maxDepth ?? 1000;
  const out: string[] = [];
  if (!writeJson(value, out, unit, 0, canonical, maxDepth)) {
    throw new TypeError(`Cannot write ${typeof value} as JSON`);
  }
  return out.join("");
}
