// Copyright 2026 the wirekit authors. MIT license.
// Resolves JsonStreamParser options into the engine configuration.
import type { EngineConfig } from "./_engine.ts";
import { compilePath } from "./_path.ts";
import { resolveOptions } from "./_options.ts";
import type { JsonStreamParserOptions } from "./json_stream_parser.ts";
import type { JsonValue } from "./json_value.ts";
import { mapJson } from "./map_json.ts";

/** Builds the engine configuration of a streaming parser. */
export function streamConfig(options: JsonStreamParserOptions): EngineConfig {
  const c = resolveOptions(options, Infinity, options.framing ?? "single");
  if (!["single", "concatenated", "lines", "sequence"].includes(c.framing)) {
    throw new TypeError(`Option framing must be single, concatenated, lines or sequence`);
  }
  const mv = options.maxValueBytes;
  if (mv !== undefined && !(mv >= 0)) throw new RangeError("Option maxValueBytes must be >= 0");
  c.maxValueBytes = mv ?? 256 * 1024 * 1024;
  const chunkBytes = options.stringChunkBytes ?? 65536;
  if (!(chunkBytes >= 1)) throw new RangeError("Option stringChunkBytes must be >= 1");
  c.stringChunkSize = chunkBytes;
  const paths = options.paths ?? (options.onEvent ? [] : ["$"]);
  c.patterns = paths.map((p) => compilePath(p));
  const chunkPaths = options.stringChunkPaths ?? [];
  if (chunkPaths.length > 0 && options.onStringChunk === undefined) {
    throw new TypeError("Option stringChunkPaths needs an onStringChunk callback");
  }
  for (const p of chunkPaths) c.patterns.push(compilePath(p, true));
  const onValue = options.onValue;
  const schema = options.schema;
  if (onValue) {
    c.onValue = schema === undefined
      ? onValue
      : (v, path, index) => onValue(mapJson(v, schema, path) as JsonValue, path, index);
  }
  if (options.onEvent) c.onEvent = options.onEvent;
  if (options.onStringChunk) c.onStringChunk = options.onStringChunk;
  return c;
}
