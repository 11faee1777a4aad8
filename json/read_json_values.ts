// Copyright 2026 the wirekit authors. MIT license.
import { JsonStreamParser } from "./json_stream_parser.ts";
import type { JsonMatch, JsonParseStreamOptions } from "./json_parse_stream.ts";

/** Something JSON text can be read from. */
export type JsonSource =
  | ReadableStream<Uint8Array | string>
  | Response
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>;

async function* chunksOf(source: JsonSource): AsyncGenerator<Uint8Array | string> {
  if (typeof Response !== "undefined" && source instanceof Response) {
    if (source.body === null) return;
    source = source.body;
  }
  if (source instanceof ReadableStream) {
    const reader = source.getReader();
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  } else {
    yield* source as AsyncIterable<Uint8Array | string>;
  }
}

/**
 * Reads the values selected by path patterns from a `ReadableStream`, a
 * `Response` or any (async) iterable of chunks, as an async iterable. Only
 * the values of one chunk are held at a time; stopping the iteration
 * cancels the source.
 *
 * @param source Bytes or text, in chunks.
 * @param options Paths (default `["$"]`), framing, limits and schema.
 * @returns The matched values with their paths, in document order of completion.
 *
 * @example Read NDJSON from a Response
 * ```ts
 * import { readJsonValues } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * const response = new Response('{"n": 1}\n{"n": 2}\n');
 * const ns = [];
 * for await (const { value } of readJsonValues(response, { framing: "lines", paths: ["$.n"] })) {
 *   ns.push(value);
 * }
 * assert.deepEqual(ns, [1, 2]);
 * ```
 */
export async function* readJsonValues(
  source: JsonSource,
  options: JsonParseStreamOptions = {},
): AsyncGenerator<JsonMatch, void, undefined> {
  let queue: JsonMatch[] = [];
  const parser = new JsonStreamParser({
    ...options,
    onValue: (value, path, index) => void queue.push({ path, value, index }),
  });
  for await (const chunk of chunksOf(source)) {
    try {
      parser.push(chunk);
    } catch (e) {
      yield* queue;
      throw e;
    }
    if (queue.length > 0) {
      const out = queue;
      queue = [];
      yield* out;
    }
  }
  parser.end();
  yield* queue;
}
