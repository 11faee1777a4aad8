// Copyright 2026 the wirekit authors. MIT license.
// Maps runtime errors (Node-style `code` strings, Deno error names) to NetError.
import { NetError, type NetErrorCode } from "./types.ts";

const CODES: Record<string, NetErrorCode> = {
  ECONNREFUSED: "ECONNREFUSED",
  ConnectionRefused: "ECONNREFUSED",
  ECONNRESET: "ECONNRESET",
  ConnectionReset: "ECONNRESET",
  EPIPE: "ECONNRESET",
  ETIMEDOUT: "ETIMEOUT",
  TimedOut: "ETIMEOUT",
  EADDRINUSE: "EADDRINUSE",
  AddrInUse: "EADDRINUSE",
  EADDRNOTAVAIL: "EADDRNOTAVAIL",
  AddrNotAvailable: "EADDRNOTAVAIL",
  EACCES: "EACCES",
  PermissionDenied: "EACCES",
  EPERM: "EPERM",
  ENETUNREACH: "ENETUNREACH",
  EHOSTUNREACH: "EHOSTUNREACH",
  ENOTFOUND: "ENOTFOUND",
  EAI_AGAIN: "ENOTFOUND",
  EAI_NONAME: "ENOTFOUND",
  EMSGSIZE: "EMSGSIZE",
  ERR_SOCKET_DGRAM_NOT_RUNNING: "ECLOSED",
  ERR_SOCKET_CLOSED: "ECLOSED",
  ERR_STREAM_DESTROYED: "ECLOSED",
  BadResource: "ECLOSED",
  Interrupted: "ECLOSED",
};

/** Wraps any thrown value as a NetError, keeping it as `cause`. */
export function toNetError(e: unknown, what: string): NetError {
  if (e instanceof NetError) return e;
  const err = e as { code?: unknown; name?: unknown; message?: unknown } | null;
  const raw = typeof err?.code === "string"
    ? err.code
    : typeof err?.name === "string"
    ? err.name
    : "";
  let code: NetErrorCode | undefined = CODES[raw];
  if (!code && (/^ERR_TLS|^ERR_SSL|CERT|_SIGNATURE|SELF_SIGNED|UNABLE_TO/.test(raw))) code = "ETLS";
  const detail = typeof err?.message === "string" ? err.message : String(e);
  return new NetError(code ?? "EIO", `${what}: ${detail}`, { cause: e });
}
