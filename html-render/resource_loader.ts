// Copyright 2026 the wirekit authors. MIT license.
// The resource loader: file: relative to the page, data: URIs, and http(s)
// only for allow-listed hosts, with size and time limits.
import { decodeBase64 } from "../_internal/base64.ts";
import { HtmlRenderError } from "./html_render_error.ts";
import { NetError } from "../net/types.ts";

/** Loads the bytes of a resource by absolute URL; rejects on failure. */
export type ResourceLoader = (url: string) => Promise<Uint8Array>;

/** Options for {@linkcode createResourceLoader}. */
export interface ResourceLoaderOptions {
  /**
   * Hosts (`example.com`, `example.com:8080`) or origins (`https://example.com`)
   * that `http:`/`https:` URLs may address; anything else is refused.
   * @default {[]}
   */
  allowHosts?: string[];
  /**
   * Largest resource in bytes.
   * @default {16777216}
   */
  maxBytes?: number;
  /**
   * Time limit per network request in milliseconds.
   * @default {10000}
   */
  timeoutMs?: number;
  /**
   * Reads a `file:` URL. By default `readFileBytes()` from wirekit/net, with
   * `maxBytes` as its limit.
   */
  readFile?: (url: URL) => Promise<Uint8Array>;
  /**
   * Allow `file:` URLs at all.
   * @default {true}
   */
  allowFiles?: boolean;
}

async function defaultReadFile(url: URL, maxBytes: number): Promise<Uint8Array> {
  // File I/O goes through wirekit/net, the only module that touches the
  // runtime; loaded on first use so pages without file: resources skip it.
  const { readFileBytes } = await import("../net/read_file_bytes.ts");
  return readFileBytes(url, { maxBytes });
}

function decodeDataUrl(url: string, maxBytes: number): Uint8Array {
  const comma = url.indexOf(",");
  if (comma < 0) throw new HtmlRenderError("ELOAD", "Malformed data: URL (no comma)");
  const meta = url.slice(5, comma);
  const body = url.slice(comma + 1);
  if (body.length > maxBytes * 2) {
    throw new HtmlRenderError("ELIMIT", `data: URL larger than ${maxBytes} bytes`);
  }
  let bytes: Uint8Array;
  if (/;base64$/i.test(meta)) bytes = decodeBase64(decodeURIComponent(body).replace(/\s+/g, ""));
  else bytes = new TextEncoder().encode(decodeURIComponent(body));
  if (bytes.length > maxBytes) {
    throw new HtmlRenderError("ELIMIT", `data: URL larger than ${maxBytes} bytes`);
  }
  return bytes;
}

/**
 * Creates the default resource loader: `data:` always, `file:` unless
 * disabled, `http(s):` only for `allowHosts`, each resource at most
 * `maxBytes` and each request at most `timeoutMs`.
 *
 * @param options Allow-list and limits.
 * @returns A loader for `renderHtml({ loader })`.
 *
 * @example Load a data: URL and refuse a host that is not allowed
 * ```ts
 * import { createResourceLoader } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const load = createResourceLoader({ allowHosts: ["assets.example"] });
 * assert.deepEqual([...await load("data:text/plain,hi")], [104, 105]);
 * await assert.rejects(load("https://elsewhere.example/x.png"), { code: "ELOAD" });
 * ```
 */
export function createResourceLoader(options: ResourceLoaderOptions = {}): ResourceLoader {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const allow = (options.allowHosts ?? []).map((h) => h.toLowerCase().replace(/\/+$/, ""));
  const readFile = options.readFile ?? ((u: URL) => defaultReadFile(u, maxBytes));
  const allowFiles = options.allowFiles ?? true;
  return async (raw: string): Promise<Uint8Array> => {
    if (/^data:/i.test(raw)) return decodeDataUrl(raw, maxBytes);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new HtmlRenderError("ELOAD", `Invalid URL "${raw}"`);
    }
    if (url.protocol === "file:") {
      if (!allowFiles) throw new HtmlRenderError("ELOAD", `file: URLs are not allowed: "${raw}"`);
      let b: Uint8Array;
      try {
        b = await readFile(url);
      } catch (e) {
        if (e instanceof NetError && e.code === "EMSGSIZE") {
          throw new HtmlRenderError("ELIMIT", `"${raw}" is larger than ${maxBytes} bytes`);
        }
        throw e;
      }
      if (b.length > maxBytes) {
        throw new HtmlRenderError("ELIMIT", `"${raw}" is larger than ${maxBytes} bytes`);
      }
      return b;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new HtmlRenderError("ELOAD", `Unsupported URL scheme "${url.protocol}"`);
    }
    const host = url.host.toLowerCase();
    if (
      !allow.includes(host) && !allow.includes(url.hostname.toLowerCase()) &&
      !allow.includes(url.origin.toLowerCase())
    ) {
      throw new HtmlRenderError("ELOAD", `Host "${host}" is not in allowHosts`);
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    try {
      const res = await fetch(url, { signal: ctrl.signal, redirect: "error" });
      if (!res.ok) {
        await res.body?.cancel();
        throw new HtmlRenderError("ELOAD", `HTTP ${res.status} for "${raw}"`);
      }
      const len = Number(res.headers.get("content-length") ?? "0");
      if (len > maxBytes) {
        await res.body?.cancel();
        throw new HtmlRenderError("ELIMIT", `"${raw}" is larger than ${maxBytes} bytes`);
      }
      const chunks: Uint8Array[] = [];
      let total = 0;
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.length;
        if (total > maxBytes) {
          await reader.cancel();
          throw new HtmlRenderError("ELIMIT", `"${raw}" is larger than ${maxBytes} bytes`);
        }
        chunks.push(value);
      }
      const out = new Uint8Array(total);
      let o = 0;
      for (const c of chunks) {
        out.set(c, o);
        o += c.length;
      }
      return out;
    } catch (e) {
      if (e instanceof HtmlRenderError) throw e;
      throw new HtmlRenderError("ELOAD", `Cannot load "${raw}": ${(e as Error).message}`, {
        cause: e,
      });
    } finally {
      clearTimeout(timer);
    }
  };
}
