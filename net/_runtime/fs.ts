// Copyright 2026 the wirekit authors. MIT license.
// Whole-file reads for readFileBytes(). Kept apart from the transport
// adapters so that reading a page's fonts and images loads no socket modules
// (node:dgram/net/tls cost Bun ~6 MB and Deno ~2 MB of resident memory).
// Deno uses its native file API by feature detection (one stat and one read
// instead of node:fs's open, stat, read and close, ~0.3 ms a file there);
// Bun and Node use node:fs.
import { toNetError } from "../_errors.ts";
import { NetError } from "../types.ts";

interface DenoFs {
  stat(path: string | URL): Promise<{ isFile: boolean; size: number }>;
  readFile(path: string | URL): Promise<Uint8Array>;
}
const g = globalThis as { Deno?: DenoFs };

/** Whether an error from any runtime's file API means "not allowed". */
export function isPermissionError(e: unknown): boolean {
  const err = e as { code?: unknown; name?: unknown } | null;
  const id = typeof err?.code === "string" ? err.code : String(err?.name ?? "");
  return id === "EACCES" || id === "EPERM" || id === "NotCapable" || id === "PermissionDenied";
}

function tooBig(path: string | URL, size: number, maxBytes: number, grew = false): NetError {
  return new NetError(
    "EMSGSIZE",
    grew
      ? `File ${String(path)} grew over ${maxBytes} bytes`
      : `File ${String(path)} is ${size} bytes, over ${maxBytes}`,
  );
}

async function readNative(path: string | URL, maxBytes: number): Promise<Uint8Array> {
  const deno = g.Deno;
  if (deno && typeof deno.stat === "function" && typeof deno.readFile === "function") {
    const st = await deno.stat(path);
    if (!st.isFile) throw new NetError("EIO", `Not a regular file: ${String(path)}`);
    if (st.size > maxBytes) throw tooBig(path, st.size, maxBytes);
    const b = await deno.readFile(path);
    if (b.byteLength > maxBytes) throw tooBig(path, b.byteLength, maxBytes, true);
    return b;
  }
  const fs = await import("node:fs/promises");
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(path, "r");
    const st = await handle.stat();
    if (!st.isFile()) throw new NetError("EIO", `Not a regular file: ${String(path)}`);
    if (st.size > maxBytes) throw tooBig(path, st.size, maxBytes);
    const b = await handle.readFile();
    if (b.byteLength > maxBytes) throw tooBig(path, b.byteLength, maxBytes, true);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } finally {
    await handle?.close().catch(() => {});
  }
}

/**
 * Reads a whole regular file, refusing one over `maxBytes` before reading
 * it (and one that grew past it while being read).
 * @param path A path or a `file:` URL.
 * @param maxBytes Largest size accepted.
 * @returns The bytes.
 */
export async function readFileBytes(path: string | URL, maxBytes: number): Promise<Uint8Array> {
  try {
    return await readNative(path, maxBytes);
  } catch (e) {
    if (e instanceof NetError) throw e;
    const code = (e as { code?: unknown; name?: unknown } | null)?.code ??
      (e as { name?: unknown } | null)?.name;
    if (code === "ENOENT" || code === "NotFound") {
      throw new NetError("ENOTFOUND", `No such file: ${String(path)}`, { cause: e });
    }
    if (code === "EISDIR" || code === "IsADirectory") {
      throw new NetError("EIO", `Not a regular file: ${String(path)}`, { cause: e });
    }
    if (isPermissionError(e)) {
      throw new NetError("EACCES", `Cannot read ${String(path)}`, { cause: e });
    }
    throw toNetError(e, `Reading ${String(path)} failed`);
  }
}
