// Copyright 2026 the wirekit authors. MIT license.
import { JsonStreamParser, type JsonStreamParserOptions } from "./json_stream_parser.ts";
import type { JsonPath, JsonValue } from "./json_value.ts";

/** A value selected from a stream, with where it was found. */
export interface JsonMatch {
  /** Concrete path of the value in its top-level value. */
  path: JsonPath;
  /** The value, fully built. */
  value: JsonValue;
  /** Index of the top-level value it belongs to (for multi-value framings). */
  index: number;
}

/** Options of {@linkcode JsonParseStream}: those of the stream parser without callbacks. */
export type JsonParseStreamOptions = Omit<
  JsonStreamParserOptions,
  "onValue" | "onEvent" | "onStringChunk" | "stringChunkPaths"
>;

/**
 * A `TransformStream` from JSON text (bytes or strings) to the values its
 * path patterns select, as {@linkcode JsonMatch} objects. Errors (syntax or
 * limits) error the stream.
 *
 * @example Select values from a byte stream
 * ```ts
 * import { JsonParseStream } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * const source = ReadableStream.from(['{"items": [{"id": 1},', ' {"id": 2}]}']);
 * const out = [];
 * for await (const m of source.pipeThrough(new JsonParseStream({ paths: ["$.items[*].id"] }))) {
 *   out.push(m.value);
 * }
 * assert.deepEqual(out, [1, 2]);
 * ```
 */
export class JsonParseStream extends TransformStream<string | Uint8Array, JsonMatch> {
  /**
   * Creates the stream.
   *
   * @param options Paths (default `["$"]`), framing, limits and schema.
   */
  constructor(options: JsonParseStreamOptions = {}) {
    let parser: JsonStreamParser;
    let queue: JsonMatch[] = [];
    super({
      start() {
        parser = new JsonStreamParser({
          ...options,
          onValue: (value, path, index) => void queue.push({ path, value, index }),
        });
      },
      transform(chunk, controller) {
        try {
          parser.push(chunk);
        } finally {
          for (const m of queue) controller.enqueue(m);
          queue = [];
        }
      },
      flush(controller) {
        try {
          parser.end();
        } finally {
          for (const m of queue) controller.enqueue(m);
          queue = [];
        }
      },
    });
  }
}
