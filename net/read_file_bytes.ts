// Copyright 2026 the wirekit authors. MIT license.
// Reading a local file as bytes (e.g. a page's images, fonts and stylesheets)
// without naming a runtime outside net/_runtime.
import { readFileBytes as readFileFromRuntime } from "./_runtime/fs.ts";

/** Options of {@linkcode readFileBytes}. */
export interface ReadFileBytesOptions {
  /**
   * Largest file accepted; larger files are refused before they are read.
   * @default {16777216}
   */
  maxBytes?: number;
}

/**
 * Reads a whole local file as bytes, with a size limit checked before
 * reading. Works in Deno (needs `--allow-read`), Bun and Node.
 *
 * @param path A path or a `file:` URL.
 * @param options Size limit.
 * @returns The file's bytes.
 * @throws {NetError} `"ENOTFOUND"` (no such file), `"EACCES"`, `"EMSGSIZE"` (over `maxBytes`), `"EIO"`.
 *
 * @example A missing file and a size limit
 * ```ts
 * import { NetError, readFileBytes } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * await assert.rejects(
 *   readFileBytes("/nonexistent/wirekit-test.bin"),
 *   (e) => e instanceof NetError && e.code === "ENOTFOUND",
 * );
 * await assert.rejects(
 *   readFileBytes(new URL(import.meta.url), { maxBytes: 1 }),
 *   (e) => e instanceof NetError && e.code === "EMSGSIZE",
 * );
 * ```
 */
export function readFileBytes(
  path: string | URL,
  options: ReadFileBytesOptions = {},
): Promise<Uint8Array> {
  if (typeof path === "string" ? path === "" || path.includes("\0") : !(path instanceof URL)) {
    throw new TypeError(`Invalid path ${JSON.stringify(String(path))}`);
  }
  if (path instanceof URL && path.protocol !== "file:") {
    throw new TypeError(`Not a file: URL: ${path.href}`);
  }
  const max = options.maxBytes ?? 16 * 1024 * 1024;
  if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`Invalid maxBytes ${max}`);
  return readFileFromRuntime(path, max);
}
