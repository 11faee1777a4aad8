// Copyright 2026 the wirekit authors. MIT license.
// Writing a small state file (e.g. a DHCP lease) safely, without naming a
// runtime outside net/_runtime.
import { systemAdapter } from "./_adapter.ts";

/** Options of {@linkcode writeSystemFile}. */
export interface WriteSystemFileOptions {
  /**
   * Permission bits of the file (it is always written anew, then renamed).
   * @default {0o600}
   */
  mode?: number;
  /**
   * Largest text accepted, in UTF-16 code units.
   * @default {1048576}
   */
  maxBytes?: number;
}

/**
 * Replaces a small text file atomically: the text goes to a temporary file
 * in the same directory, which is then renamed over `path`, so a reader (or
 * a crash) never sees half a file. The counterpart of `readSystemFile`.
 * Works in Deno (needs `--allow-write` and `--allow-read`), Bun and Node.
 *
 * @param path File path; its directory must exist.
 * @param text New contents.
 * @param options Mode of a new file and a size limit.
 * @throws {NetError} `"EACCES"` when not permitted, `"EIO"` when the write fails.
 * @throws {RangeError} when `text` is longer than `maxBytes`.
 *
 * @example A directory that does not exist
 * ```ts
 * import { NetError, writeSystemFile } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * await assert.rejects(
 *   writeSystemFile("/nonexistent/wirekit-test/state.json", "{}\n"),
 *   (e) => e instanceof NetError && e.code === "EIO",
 * );
 * ```
 */
export function writeSystemFile(
  path: string,
  text: string,
  options: WriteSystemFileOptions = {},
): Promise<void> {
  if (typeof path !== "string" || path === "" || path.includes("\0")) {
    throw new TypeError(`Invalid path ${JSON.stringify(path)}`);
  }
  if (typeof text !== "string") throw new TypeError("text must be a string");
  const max = options.maxBytes ?? 1 << 20;
  if (text.length > max) throw new RangeError(`Text of ${text.length} exceeds maxBytes ${max}`);
  const mode = options.mode ?? 0o600;
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    throw new RangeError(`Invalid mode ${mode}`);
  }
  return systemAdapter.writeSystemFile(path, text, mode);
}
