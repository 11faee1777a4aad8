// Copyright 2026 the wirekit authors. MIT license.
// JwkSet: a set of keys, local or fetched from a URL (cached, with a cooldown
// between refetches), from which verify/decrypt select by kid, alg and use.
import { JoseError } from "./jose_error.ts";
import { JoseKey } from "./jose_key.ts";
import { importJwk } from "./import_jwk.ts";
import type { Jwk, JwkSetJson } from "./types.ts";

/**
 * What verify and decrypt functions accept as keys: one key, several, or a set.
 *
 * @example Any of the three
 * ```ts
 * import { generateJwk, importJwk, JwkSet, type KeyInput } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("HS256"));
 * const inputs: KeyInput[] = [key, [key], JwkSet.fromKeys([key])];
 * assert.equal(inputs.length, 3);
 * ```
 */
export type KeyInput = JoseKey | JwkSet | readonly JoseKey[];

/**
 * What to select keys by; unset fields match anything.
 *
 * @example Usage
 * ```ts
 * import type { JwkSelector } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const s: JwkSelector = { kid: "k1", use: "sig" };
 * assert.equal(s.kid, "k1");
 * ```
 */
export interface JwkSelector {
  /** Key id; keys without a kid do not match a given kid. */
  kid?: string;
  /** Algorithm the key must be bound to. */
  alg?: string;
  /** "sig" or "enc". */
  use?: "sig" | "enc";
}

/**
 * Options for {@linkcode JwkSet.fromJson}.
 *
 * @example Usage
 * ```ts
 * import type { JwkSetOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: JwkSetOptions = { maxKeys: 10, assumeAlg: (jwk) => (jwk.kty === "RSA" ? "RS256" : undefined) };
 * assert.equal(o.assumeAlg?.({ kty: "RSA" }), "RS256");
 * ```
 */
export interface JwkSetOptions {
  /**
   * Binds a JWK that has no `alg` (and no curve that implies one) to an
   * algorithm; return undefined to leave the key out.
   * @default {() => undefined}
   */
  assumeAlg?: (jwk: Jwk) => string | undefined;
  /**
   * Most keys taken from a set.
   * @default {100}
   */
  maxKeys?: number;
}

/**
 * The fetch function a remote set uses (the standard `fetch` signature, narrowed).
 *
 * @example Usage
 * ```ts
 * import type { JwkSetFetch } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const f: JwkSetFetch = () => Promise.resolve(Response.json({ keys: [] }));
 * assert.equal((await f("https://x.example/", { signal: new AbortController().signal, headers: {} })).status, 200);
 * ```
 */
export type JwkSetFetch = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
) => Promise<Response>;

/**
 * Options for {@linkcode JwkSet.remote}.
 *
 * @example Usage
 * ```ts
 * import type { RemoteJwkSetOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: RemoteJwkSetOptions = { cacheMaxAgeMs: 60_000, cooldownMs: 5_000 };
 * assert.equal(o.cooldownMs, 5_000);
 * ```
 */
export interface RemoteJwkSetOptions extends JwkSetOptions {
  /**
   * How to fetch the document.
   * @default {globalThis.fetch}
   */
  fetch?: JwkSetFetch;
  /**
   * How long a fetched set is used before it is fetched again, in milliseconds.
   * @default {600000}
   */
  cacheMaxAgeMs?: number;
  /**
   * Least time between two fetches, in milliseconds (an unknown `kid` triggers a refetch only after it).
   * @default {30000}
   */
  cooldownMs?: number;
  /**
   * Fetch timeout in milliseconds.
   * @default {5000}
   */
  timeoutMs?: number;
  /**
   * Largest document accepted, in bytes.
   * @default {1048576}
   */
  maxBytes?: number;
  /**
   * Clock, in milliseconds.
   * @default {Date.now}
   */
  now?: () => number;
}

async function importAll(
  json: unknown,
  options: JwkSetOptions,
): Promise<{ keys: JoseKey[]; skipped: number }> {
  const list = (json as JwkSetJson | null)?.keys;
  if (typeof json !== "object" || json === null || !Array.isArray(list)) {
    throw new JoseError("EKEY", 'A JWK set must be an object with a "keys" array');
  }
  const max = options.maxKeys ?? 100;
  if (list.length > max) {
    throw new JoseError("ELIMIT", `JWK set has ${list.length} keys; the limit is ${max}`);
  }
  const keys: JoseKey[] = [];
  let skipped = 0;
  for (const jwk of list) {
    if (typeof jwk !== "object" || jwk === null || typeof jwk.kty !== "string") {
      skipped++;
      continue;
    }
    try {
      const alg = typeof jwk.alg === "string" ? undefined : options.assumeAlg?.(jwk);
      keys.push(await importJwk(jwk, alg));
    } catch {
      // A key the runtime cannot use (unknown kty/alg/curve) is left out, not fatal.
      skipped++;
    }
  }
  return { keys, skipped };
}

interface RemoteState {
  url: string;
  options: RemoteJwkSetOptions;
  fetchedAt: number;
  inflight?: Promise<void>;
}

/**
 * A set of {@linkcode JoseKey}s to verify or decrypt with. Local sets are
 * built from a JWK set document; remote sets fetch one from a URL, keep it for
 * `cacheMaxAgeMs`, and refetch early when asked for an unknown `kid` — at most
 * once per `cooldownMs`. When a refresh fails, the keys fetched before stay in
 * use; only a set that was never fetched reports `"EFETCH"`.
 *
 * @example Selecting from a local set
 * ```ts
 * import { exportJwk, generateJwk, JwkSet } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const a = exportJwk(await generateJwk("ES256", { kid: "a" }));
 * const b = exportJwk(await generateJwk("EdDSA", { kid: "b" }));
 * const set = await JwkSet.fromJson({ keys: [a, b] });
 * assert.equal((await set.select({ kid: "b" }))[0].alg, "EdDSA");
 * assert.equal((await set.select({ alg: "RS256" })).length, 0);
 * ```
 */
export class JwkSet {
  #keys: JoseKey[];
  #skipped: number;
  #remote: RemoteState | undefined;

  private constructor(keys: JoseKey[], skipped: number, remote?: RemoteState) {
    this.#keys = keys;
    this.#skipped = skipped;
    this.#remote = remote;
  }

  /**
   * Builds a local set from a JWK set document (keys the runtime cannot use are skipped).
   *
   * @param json `{ keys: [...] }`.
   * @param options Binding of alg-less keys, key limit.
   * @returns The set.
   *
   * @example Counting skipped keys
   * ```ts
   * import { JwkSet } from "wirekit/jose";
   * import assert from "node:assert/strict";
   *
   * const set = await JwkSet.fromJson({ keys: [{ kty: "unknown" }] });
   * assert.equal(set.keys.length, 0);
   * assert.equal(set.skipped, 1);
   * ```
   */
  static async fromJson(json: JwkSetJson, options: JwkSetOptions = {}): Promise<JwkSet> {
    const { keys, skipped } = await importAll(json, options);
    return new JwkSet(keys, skipped);
  }

  /**
   * Builds a set from already imported keys.
   *
   * @param keys The keys.
   * @returns The set.
   *
   * @example From keys
   * ```ts
   * import { generateJwk, importJwk, JwkSet } from "wirekit/jose";
   * import assert from "node:assert/strict";
   *
   * const set = JwkSet.fromKeys([await importJwk(await generateJwk("HS256"))]);
   * assert.equal(set.keys.length, 1);
   * ```
   */
  static fromKeys(keys: readonly JoseKey[]): JwkSet {
    for (const k of keys) {
      if (!(k instanceof JoseKey)) throw new TypeError("Expected JoseKey instances");
    }
    return new JwkSet([...keys], 0);
  }

  /**
   * A remote set fetched from `url` on first use. The fetch function can be
   * injected (tests, proxies); nothing is fetched until a key is selected.
   *
   * @param url HTTPS (or loopback HTTP) URL of the JWK set.
   * @param options Fetch, cache age, cooldown, timeout and size limits.
   * @returns The set.
   *
   * @example With an injected fetch
   * ```ts
   * import { exportJwk, generateJwk, JwkSet } from "wirekit/jose";
   * import assert from "node:assert/strict";
   *
   * const doc = { keys: [exportJwk(await generateJwk("ES256", { kid: "k1" }))] };
   * let calls = 0;
   * const set = JwkSet.remote("https://issuer.example/jwks.json", {
   *   fetch: () => { calls++; return Promise.resolve(Response.json(doc)); },
   * });
   * assert.equal((await set.select({ kid: "k1" })).length, 1);
   * assert.equal((await set.select({ kid: "k1" })).length, 1);
   * assert.equal(calls, 1);
   * ```
   */
  static remote(url: string | URL, options: RemoteJwkSetOptions = {}): JwkSet {
    const href = String(url);
    const u = new URL(href);
    if (u.protocol !== "https:" && u.protocol !== "http:") {
      throw new TypeError(`JWK set URL must be http(s), not ${JSON.stringify(u.protocol)}`);
    }
    return new JwkSet([], 0, { url: href, options, fetchedAt: -Infinity });
  }

  /** Keys currently in the set (for a remote set: as last fetched). */
  get keys(): readonly JoseKey[] {
    return this.#keys;
  }

  /** How many JWKs were left out because they could not be imported. */
  get skipped(): number {
    return this.#skipped;
  }

  /**
   * Keys matching `selector`. A remote set is fetched when it has never been,
   * when its copy is older than `cacheMaxAgeMs`, or when nothing matches and
   * the cooldown has passed.
   *
   * @param selector kid, alg and use to match.
   * @returns Matching keys, possibly none.
   * @throws {JoseError} `"EFETCH"` when a remote set cannot be fetched and no copy is cached.
   *
   * @example By algorithm
   * ```ts
   * import { generateJwk, importJwk, JwkSet } from "wirekit/jose";
   * import assert from "node:assert/strict";
   *
   * const set = JwkSet.fromKeys([await importJwk(await generateJwk("HS256"))]);
   * assert.equal((await set.select({ alg: "HS256", use: "sig" })).length, 1);
   * ```
   */
  async select(selector: JwkSelector): Promise<JoseKey[]> {
    const r = this.#remote;
    if (r) {
      const now = (r.options.now ?? Date.now)();
      if (now - r.fetchedAt >= (r.options.cacheMaxAgeMs ?? 600_000)) {
        await this.#refresh(r, this.#keys.length > 0);
      }
      const found = this.#match(selector);
      if (found.length > 0) return found;
      const after = (r.options.now ?? Date.now)();
      if (after - r.fetchedAt < (r.options.cooldownMs ?? 30_000)) return found;
      await this.#refresh(r, true);
    }
    return this.#match(selector);
  }

  /**
   * Fetches a remote set now (ignoring cache age, not the cooldown when `force` is false).
   *
   * @param force Fetch even within the cooldown.
   * @returns Resolves when the set is refreshed.
   *
   * @example Local sets ignore it
   * ```ts
   * import { JwkSet } from "wirekit/jose";
   *
   * await (await JwkSet.fromJson({ keys: [] })).reload();
   * ```
   */
  async reload(force = false): Promise<void> {
    const r = this.#remote;
    if (!r) return;
    const now = (r.options.now ?? Date.now)();
    if (!force && now - r.fetchedAt < (r.options.cooldownMs ?? 30_000)) return;
    await this.#refresh(r, false);
  }

  #match(s: JwkSelector): JoseKey[] {
    return this.#keys.filter((k) =>
      (s.kid === undefined || k.kid === s.kid) && (s.alg === undefined || k.alg === s.alg) &&
      (s.use === undefined || k.use === s.use)
    );
  }

  #refresh(r: RemoteState, keepOnError: boolean): Promise<void> {
    r.inflight ??= this.#fetch(r).then(
      ({ keys, skipped }) => {
        this.#keys = keys;
        this.#skipped = skipped;
      },
      (e) => {
        // Record the attempt so a failing endpoint is not hammered.
        if (!keepOnError) throw e;
      },
    ).finally(() => {
      r.fetchedAt = (r.options.now ?? Date.now)();
      r.inflight = undefined;
    });
    return r.inflight;
  }

  async #fetch(r: RemoteState): Promise<{ keys: JoseKey[]; skipped: number }> {
    const o = r.options;
    const doFetch: JwkSetFetch = o.fetch ?? ((url, init) => fetch(url, init));
    const controller = new AbortController();
    const timeoutMs = o.timeoutMs ?? 5000;
    const maxBytes = o.maxBytes ?? 1_048_576;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new JoseError("EFETCH", `Fetching ${r.url} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      const work = (async () => {
        const res = await doFetch(r.url, {
          signal: controller.signal,
          headers: { accept: "application/json" },
        });
        if (res.status !== 200) {
          await res.body?.cancel();
          throw new JoseError("EFETCH", `Fetching ${r.url} answered HTTP ${res.status}`);
        }
        const text = await readLimited(res, maxBytes);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          throw new JoseError("EFETCH", `${r.url} did not return JSON`, { cause: e });
        }
        return await importAll(json, o);
      })();
      work.catch(() => {});
      return await Promise.race([work, timeout]);
    } catch (e) {
      if (e instanceof JoseError) throw e;
      throw new JoseError("EFETCH", `Fetching ${r.url} failed`, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }
}

async function readLimited(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new JoseError("ELIMIT", `JWK set exceeds ${maxBytes} bytes`);
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new JoseError("ELIMIT", `JWK set exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}
