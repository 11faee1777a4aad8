// Copyright 2026 the wirekit authors. MIT license.
// Reading small system configuration files (resolv.conf, hosts) without
// naming a runtime outside net/_runtime.
import { readSystemFile as readWithRuntime } from "./_runtime/node.ts";

/** A system text file and when it last changed. */
export interface SystemFile {
  /** File contents. */
  text: string;
  /** Modification time in milliseconds since the epoch. */
  mtimeMs: number;
}

/**
 * Reads a small text file such as `/etc/resolv.conf` or `/etc/hosts`.
 *
 * @param path Absolute path.
 * @param maxBytes Files larger than this are treated as unreadable.
 * @default maxBytes 1048576
 * @returns The text and modification time, or undefined when missing, unreadable or too big.
 *
 * @example A missing file
 * ```ts
 * import { readSystemFile } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * assert.equal(await readSystemFile("/nonexistent/wirekit-test"), undefined);
 * ```
 */
export function readSystemFile(
  path: string,
  maxBytes: number = 1 << 20,
): Promise<SystemFile | undefined> {
  return readWithRuntime(path, maxBytes);
}
