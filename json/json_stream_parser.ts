// Copyright 2026 the wirekit authors. MIT license.
import { JsonEngine } from "./_engine.ts";
import { streamConfig } from "./_stream_config.ts";
import type { JsonParseOptions } from "./parse_json.ts";
import type { JsonEventKind, JsonPath, JsonValue } from "./json_value.ts";
import type { JsonSchemaLike } from "./map_json.ts";

/** How a stream of several top-level JSON values is framed. */
export type JsonFraming = "single" | "concatenated" | "lines" | "sequence";

/** Options of {@linkcode JsonStreamParser}. */
export interface JsonStreamParserOptions extends JsonParseOptions {
  /**
   * Patterns of the values to deliver: `$` (the whole value), `$.a.b`,
   * `$.items[*].name`, `$.items[3]`, `$['odd key']`, `$..id` (at any depth),
   * `$.*`. Values outside every pattern are validated but never built.
   * Defaults to `["$"]`, or to no pattern when `onEvent` is set.
   * @default {["$"]}
   */
  paths?: readonly string[];
  /**
   * Receives each matched value, fully built, with its concrete path
   * (`["items", 3, "name"]`) and the index of the top-level value it is in.
   * Values nested in a matched value that match too are delivered first.
   */
  onValue?: (value: JsonValue, path: JsonPath, index: number) => void;
  /**
   * SAX mode: receives every token (`startObject`, `key`, `scalar` ...).
   * Setting it makes the parser read every value (no skipping).
   */
  onEvent?: (kind: JsonEventKind, value?: JsonValue) => void;
  /**
   * Patterns of string values to deliver in pieces through `onStringChunk`
   * instead of whole (a huge base64 field never sits in memory); such
   * strings are exempt from `maxStringBytes`. A non-string value at such a
   * path goes to `onValue`.
   * @default {[]}
   */
  stringChunkPaths?: readonly string[];
  /** Receives pieces of the strings selected by `stringChunkPaths`; `done` on the last. */
  onStringChunk?: (chunk: string, path: JsonPath, done: boolean) => void;
  /**
   * Pieces handed to `onStringChunk` are at least this many bytes (except
   * the last), and at most this plus one input chunk.
   * @default {65536}
   */
  stringChunkBytes?: number;
  /**
   * `"single"`: exactly one value; `"concatenated"`: values one after the
   * other, separated by whitespace where needed; `"lines"`: NDJSON / JSON
   * Lines, one value per line (blank lines allowed); `"sequence"`: RFC 7464
   * JSON text sequences (each value after a 0x1E record separator).
   * @default {"single"}
   */
  framing?: JsonFraming;
  /**
   * Largest single matched value in bytes of source text; larger throws
   * `JsonError` `"ESIZE"`. Checked at every chunk end.
   * @default {268435456}
   */
  maxValueBytes?: number;
  /**
   * Maps every matched value through this schema before `onValue` (see
   * {@linkcode mapJson}); errors name the concrete path.
   */
  schema?: JsonSchemaLike;
}

const encoder = new TextEncoder();

function firstLone(s: string): number {
  if ((s as unknown as { isWellFormed?: () => boolean }).isWellFormed?.() === true) return -1;
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

/**
 * A push parser for JSON arriving in chunks, in the manner of
 * libwebsockets' `lejp`: it never holds the document, validates all of it
 * (strict RFC 8259, UTF-8 checked across chunk boundaries) and builds only
 * the values its path patterns select. Memory is O(depth + matched value).
 *
 * @example Select values from chunked input
 * ```ts
 * import { JsonStreamParser } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * const seen: unknown[] = [];
 * const parser = new JsonStreamParser({
 *   paths: ["$.items[*].name"],
 *   onValue: (value, path) => seen.push([path, value]),
 * });
 * parser.push('{"items": [{"name": "a", "big": [1, 2, 3]}, {"na');
 * parser.push('me": "b"}]}');
 * parser.end();
 * assert.deepEqual(seen, [[["items", 0, "name"], "a"], [["items", 1, "name"], "b"]]);
 * ```
 *
 * @example NDJSON with SAX events
 * ```ts
 * import { JsonStreamParser } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * const events: string[] = [];
 * const parser = new JsonStreamParser({
 *   framing: "lines",
 *   onEvent: (kind, value) => events.push(value === undefined ? kind : `${kind}:${value}`),
 * });
 * parser.push('{"a":1}\n[true]\n');
 * parser.end();
 * assert.deepEqual(events, [
 *   "startObject", "key:a", "scalar:1", "endObject", "startArray", "scalar:true", "endArray",
 * ]);
 * ```
 */
export class JsonStreamParser {
  #engine: JsonEngine;
  #high = "";
  #rejectLone: boolean;

  /**
   * Creates a parser.
   *
   * @param options Paths, callbacks, framing and limits.
   */
  constructor(options: JsonStreamParserOptions = {}) {
    const config = streamConfig(options);
    this.#rejectLone = config.loneSurrogates === "reject";
    this.#engine = new JsonEngine(config);
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.#engine.offset;
  }

  /** Top-level values completed so far. */
  get valueCount(): number {
    return this.#engine.valueCount;
  }

  /**
   * Feeds the next chunk. Callbacks run before it returns. After an error
   * the parser keeps throwing it.
   *
   * @param chunk UTF-8 bytes, or text (a surrogate pair may be split between text chunks).
   */
  push(chunk: string | Uint8Array): void {
    if (typeof chunk === "string") {
      let s = this.#high + chunk;
      this.#high = "";
      const last = s.charCodeAt(s.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        this.#high = s[s.length - 1];
        s = s.slice(0, -1);
      }
      this.#pushText(s);
    } else if (chunk instanceof Uint8Array) {
      this.#engine.push(chunk);
    } else {
      throw new TypeError("JsonStreamParser.push() expects a string or a Uint8Array");
    }
  }

  #pushText(s: string): void {
    if (this.#rejectLone) {
      const lone = firstLone(s);
      if (lone >= 0) {
        this.#engine.push(encoder.encode(s.slice(0, lone)));
        const hex = s.charCodeAt(lone).toString(16).toUpperCase();
        this.#engine.failHere(`Lone surrogate U+${hex} in the input text`);
      }
    }
    this.#engine.push(encoder.encode(s));
  }

  /** Ends the input; throws if it ends inside a value (or holds no value in `"single"` framing). */
  end(): void {
    if (this.#high) {
      const h = this.#high;
      this.#high = "";
      this.#pushText(h);
    }
    this.#engine.finish();
  }
}
