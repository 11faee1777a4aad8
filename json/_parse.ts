// Copyright 2026 the wirekit authors. MIT license.
// parseJson's machinery: the checked native fast path and the exact parser.
import { JsonEngine } from "./_engine.ts";
import { compilePath } from "./_path.ts";
import { type CommonOptions, DEFAULT_MAX_BYTES, resolveOptions } from "./_options.ts";
import { JsonError } from "./json_error.ts";
import { JsonSyntaxError } from "./json_syntax_error.ts";
import type { JsonValue } from "./json_value.ts";

const encoder = new TextEncoder();
const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder("utf-8", { ignoreBOM: true });
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Whether `s` has a run of at least `k` ASCII digits. Probes every k-th
 * character (any such run covers one) and measures runs only around digits.
 */
function hasDigitRun(s: string, k: number): boolean {
  const n = s.length;
  for (let i = k - 1; i < n; i += k) {
    let c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) continue;
    let a = i;
    while (a > 0 && (c = s.charCodeAt(a - 1)) >= 0x30 && c <= 0x39) a--;
    let b = i + 1;
    while (b < n && (c = s.charCodeAt(b)) >= 0x30 && c <= 0x39 && b - a < k) b++;
    if (b - a >= k) return true;
  }
  return false;
}

type WellFormed = { isWellFormed?: () => boolean };

function isWellFormed(s: string): boolean {
  const f = (s as unknown as WellFormed).isWellFormed;
  if (f) return f.call(s);
  return firstLone(s) < 0;
}

function firstLone(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

interface Limits {
  maxDepth: number;
  maxStringBytes: number;
  maxKeys: number;
  numberOverflow: string;
}

/**
 * Checks a JSON.parse result against the limits the grammar pass did not
 * see. Iterative, so deep values cannot overflow the stack. False means
 * "not sure": the exact parser then decides.
 */
function withinLimits(root: unknown, c: Limits, strings: boolean, surrogates: boolean): boolean {
  const stack: unknown[] = [root];
  const depths: number[] = [0];
  const noInf = c.numberOverflow === "reject";
  while (stack.length > 0) {
    const v = stack.pop();
    const d = depths.pop()!;
    if (typeof v === "object" && v !== null) {
      if (d >= c.maxDepth) return false;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const x = v[i];
          if (typeof x === "object" && x !== null) {
            stack.push(x);
            depths.push(d + 1);
          } else if (typeof x === "number") {
            if (noInf && (x === Infinity || x === -Infinity)) return false;
          } else if (typeof x === "string") {
            if (surrogates && !isWellFormed(x)) return false;
            if (strings && utf8Length(x) > c.maxStringBytes) return false;
          }
        }
      } else {
        let count = 0;
        const o = v as Record<string, unknown>;
        for (const k in o) {
          count++;
          if (surrogates && !isWellFormed(k)) return false;
          if (strings && utf8Length(k) > c.maxStringBytes) return false;
          const x = o[k];
          if (typeof x === "object" && x !== null) {
            stack.push(x);
            depths.push(d + 1);
          } else if (typeof x === "number") {
            if (noInf && (x === Infinity || x === -Infinity)) return false;
          } else if (typeof x === "string") {
            if (surrogates && !isWellFormed(x)) return false;
            if (strings && utf8Length(x) > c.maxStringBytes) return false;
          }
        }
        if (count > c.maxKeys) return false;
      }
    } else if (typeof v === "number") {
      if (noInf && (v === Infinity || v === -Infinity)) return false;
    } else if (typeof v === "string") {
      if (surrogates && !isWellFormed(v)) return false;
      if (strings && utf8Length(v) > c.maxStringBytes) return false;
    }
  }
  return true;
}

/**
 * The native fast path. `JSON.parse` implements exactly the RFC 8259
 * grammar (ECMA-404), keeps the last duplicate key, defines `__proto__` as
 * an own property and rounds numbers correctly, like the exact parser. What
 * it does not check is verified here: well-formed UTF-16 (lone surrogates,
 * raw or escaped), nesting depth, key counts, string sizes and number
 * overflow by walking the result; number lengths by a conservative digit-run
 * test. Anything unsure, and every error, goes to the exact parser, which
 * also produces the error positions.
 */
function fast(s: string, c: ReturnType<typeof resolveOptions>): { value: unknown } | undefined {
  if (c.bigint || c.duplicateKeys !== "last" || c.loneSurrogates !== "reject") return undefined;
  if (s.length > c.maxBytes / 3 && utf8Length(s) > c.maxBytes) return undefined;
  if (s.charCodeAt(0) === 0xfeff) {
    if (!c.bom) return undefined;
    s = s.slice(1);
  }
  // A number longer than maxNumberLength has at least 3k digits in at most
  // three runs, so some run of k digits exists; finding none proves the limit.
  const k = Math.ceil((c.maxNumberLength - 3) / 3);
  if (k < 12) return undefined;
  if (s.length > c.maxNumberLength && hasDigitRun(s, k)) return undefined;
  if (!isWellFormed(s)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch {
    return undefined;
  }
  const strings = s.length * 3 > c.maxStringBytes;
  const surrogates = s.indexOf("\\u") >= 0 && SURROGATE_ESCAPE.test(s);
  return withinLimits(value, c, strings, surrogates) ? { value } : undefined;
}

/** Runs the exact parser over bytes and returns the root value. */
export function parseExact(bytes: Uint8Array, c: ReturnType<typeof resolveOptions>): JsonValue {
  let result: JsonValue | undefined;
  let got = false;
  c.patterns = [compilePath("$")];
  c.onValue = (v) => {
    result = v;
    got = true;
  };
  const engine = new JsonEngine(c);
  engine.push(bytes);
  engine.finish();
  if (!got) throw new TypeError("Internal error: no value produced");
  return result as JsonValue;
}

/** Converts an error's byte offset to a UTF-16 offset of the string input. */
function toStringPosition(e: unknown, s: string, bytes: Uint8Array): unknown {
  if (e instanceof JsonSyntaxError) {
    const at = lenient.decode(bytes.subarray(0, e.offset)).length;
    const lineStart = s.lastIndexOf("\n", at - 1) + 1;
    let line = 1;
    for (let i = s.indexOf("\n"); i >= 0 && i < at; i = s.indexOf("\n", i + 1)) line++;
    const column = at - lineStart + 1;
    const msg = e.message.replace(/ at line \d+, column \d+$/, "");
    return new JsonSyntaxError(`${msg} at line ${line}, column ${column}`, at, line, column);
  }
  if (e instanceof JsonError && e.offset !== undefined) {
    const at = lenient.decode(bytes.subarray(0, e.offset)).length;
    return new JsonError(e.code, e.message, { offset: at, path: e.path });
  }
  return e;
}

function parseString(s: string, c: ReturnType<typeof resolveOptions>): JsonValue {
  const f = fast(s, c);
  if (f) return f.value as JsonValue;
  const lone = c.loneSurrogates === "reject" ? firstLone(s) : -1;
  const bytes = encoder.encode(s);
  try {
    const v = parseExact(bytes, c);
    if (lone >= 0) throw lonely(s, lone);
    return v;
  } catch (e) {
    const mapped = toStringPosition(e, s, bytes);
    if (lone >= 0 && !(mapped instanceof TypeError)) {
      const at = (mapped as { offset?: number }).offset;
      if (at === undefined || at > lone) throw lonely(s, lone);
    }
    throw mapped;
  }
}

function lonely(s: string, at: number): JsonSyntaxError {
  const lineStart = s.lastIndexOf("\n", at - 1) + 1;
  let line = 1;
  for (let i = s.indexOf("\n"); i >= 0 && i < at; i = s.indexOf("\n", i + 1)) line++;
  const column = at - lineStart + 1;
  const hex = s.charCodeAt(at).toString(16).toUpperCase();
  return new JsonSyntaxError(
    `Lone surrogate U+${hex} in the input at line ${line}, column ${column}`,
    at,
    line,
    column,
  );
}

/** Parses with the common options; the entry point without schema handling. */
export function parseJsonValue(input: string | Uint8Array, options: CommonOptions): JsonValue {
  const c = resolveOptions(options, DEFAULT_MAX_BYTES);
  if (typeof input === "string") return parseString(input, c);
  if (!(input instanceof Uint8Array)) {
    throw new TypeError("parseJson() expects a string or a Uint8Array");
  }
  if (input.length <= c.maxBytes) {
    let s: string | undefined;
    try {
      s = fatal.decode(input);
    } catch {
      s = undefined;
    }
    if (s !== undefined) {
      const f = fast(s, c);
      if (f) return f.value as JsonValue;
    }
  }
  return parseExact(input, c);
}
