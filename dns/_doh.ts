// Copyright 2026 the wirekit authors. MIT license.
// DNS-over-HTTPS (RFC 8484): server entries and one exchange over fetch.
import { encodeBase64Url } from "../_internal/base64.ts";
import type { DnsHttpsServer } from "./resolver_core.ts";

export interface ServerEntry {
  hostname: string;
  port: number;
  url?: string;
  method?: "POST" | "GET";
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Checks a DoH server and returns its internal form (hostname and port from the URL). */
export function dohServerEntry(s: DnsHttpsServer): ServerEntry {
  let u: URL;
  try {
    u = new URL(s.url);
  } catch {
    throw new TypeError(`Invalid DNS-over-HTTPS URL ${JSON.stringify(s.url)}`);
  }
  if (u.protocol !== "https:" && !(u.protocol === "http:" && LOOPBACK_HOST.test(u.hostname))) {
    throw new TypeError(
      `DNS-over-HTTPS needs an https: URL (http: only on loopback), got ${s.url}`,
    );
  }
  const method = s.method ?? "POST";
  if (method !== "POST" && method !== "GET") {
    throw new TypeError(`DNS-over-HTTPS method must be POST or GET, got ${String(method)}`);
  }
  const port = u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80;
  return { hostname: u.hostname, port, url: u.href, method };
}

/** Why a DoH exchange failed (the driver moves on to the next try). */
export class DohError extends Error {}

/** Limits of one DoH exchange. */
export interface DohLimits {
  /** Largest response body accepted. */
  maxResponseBytes: number;
}

/**
 * Sends one query (RFC 8484 section 4.1) and returns the response message.
 * The caller aborts `signal` when the try's deadline passes.
 */
export async function dohExchange(
  fetchFn: typeof fetch,
  https: { url: string; method: "POST" | "GET" },
  query: Uint8Array,
  signal: AbortSignal,
  limits: DohLimits,
): Promise<Uint8Array> {
  let res: Response;
  if (https.method === "GET") {
    const u = new URL(https.url);
    u.searchParams.set("dns", encodeBase64Url(query));
    res = await fetchFn(u.href, {
      method: "GET",
      headers: { accept: "application/dns-message" },
      signal,
      redirect: "error",
    });
  } else {
    res = await fetchFn(https.url, {
      method: "POST",
      headers: { accept: "application/dns-message", "content-type": "application/dns-message" },
      body: query as Uint8Array<ArrayBuffer>,
      signal,
      redirect: "error",
    });
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new DohError(`DNS-over-HTTPS server answered HTTP ${res.status}`);
  }
  const type = (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/dns-message") {
    await res.body?.cancel();
    throw new DohError(`DNS-over-HTTPS answer has content type ${JSON.stringify(type)}`);
  }
  const max = limits.maxResponseBytes;
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (declared > max) {
    await res.body?.cancel();
    throw new DohError(`DNS-over-HTTPS answer of ${declared} bytes exceeds ${max}`);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > max) {
        await reader.cancel();
        throw new DohError(`DNS-over-HTTPS answer exceeds ${max} bytes`);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
