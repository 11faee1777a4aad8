// Copyright 2026 the wirekit authors. MIT license.
// Running a program (e.g. `ip`) without a shell, bounded in time and output,
// without naming a runtime outside net/_runtime.
import { systemAdapter } from "./_adapter.ts";

/** Options of {@linkcode runCommand}. */
export interface RunCommandOptions {
  /**
   * Kill the process (SIGKILL) when it runs longer than this, in ms.
   * @default {30000}
   */
  timeoutMs?: number;
  /**
   * Most bytes kept of stdout and of stderr each; a process writing more is
   * killed and the result is marked `truncated`.
   * @default {1048576}
   */
  maxOutputBytes?: number;
  /**
   * Aborting kills the process.
   * @default {undefined}
   */
  signal?: AbortSignal;
}

/** How a command ended. */
export interface CommandResult {
  /** Exit code; -1 when the process did not exit by itself (killed, or never started). */
  code: number;
  /** The signal that ended it, e.g. "SIGKILL". */
  signal?: string;
  /** Standard output (UTF-8, at most `maxOutputBytes`). */
  stdout: string;
  /** Standard error (UTF-8, at most `maxOutputBytes`), or why it could not start. */
  stderr: string;
  /** Killed because it ran past `timeoutMs`. */
  timedOut: boolean;
  /** Killed because an output passed `maxOutputBytes`. */
  truncated: boolean;
  /** Set when the program could not be started: "ENOENT", "EACCES", "NotCapable" (Deno without --allow-run), ... */
  spawnError?: string;
}

/**
 * Runs a program directly (no shell, so arguments need no quoting), with
 * stdin closed, and collects its output. Works in Deno (needs
 * `--allow-run`), Bun and Node. Never rejects for a failing program: look at
 * `code`, `timedOut` and `spawnError`.
 *
 * @param argv The program (looked up in PATH) and its arguments.
 * @param options Deadline, output limit, abort signal.
 * @returns Exit code, outputs and why it ended.
 * @throws {TypeError} when `argv` is empty or holds a non-string or a NUL character.
 * @throws {RangeError} when a limit is not a positive number.
 *
 * @example Running a program
 * ```ts
 * import { runCommand } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * const r = await runCommand(["sh", "-c", "printf hi; exit 3"]);
 * assert.equal(r.stdout, "hi");
 * assert.equal(r.code, 3);
 * const missing = await runCommand(["wirekit-no-such-program"]);
 * assert.equal(missing.spawnError, "ENOENT");
 * ```
 */
export function runCommand(
  argv: string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  if (
    !Array.isArray(argv) || argv.length === 0 || argv[0] === "" ||
    argv.some((a) => typeof a !== "string" || a.includes("\0"))
  ) {
    throw new TypeError("argv must be a non-empty array of strings without NUL characters");
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new RangeError(`Invalid timeoutMs ${timeoutMs}`);
  }
  const maxOutputBytes = options.maxOutputBytes ?? 1 << 20;
  if (!Number.isInteger(maxOutputBytes) || maxOutputBytes < 0) {
    throw new RangeError(`Invalid maxOutputBytes ${maxOutputBytes}`);
  }
  return systemAdapter.runCommand([...argv], {
    timeoutMs: Math.min(timeoutMs, 2 ** 31 - 1),
    maxOutputBytes,
    signal: options.signal,
  });
}
