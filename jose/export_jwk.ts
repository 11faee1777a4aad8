// Copyright 2026 the wirekit authors. MIT license.
// exportJwk: the public JWK of a key (or, when asked, the full private one).
import { JoseKey } from "./jose_key.ts";
import { publicPart } from "./_jwk.ts";
import type { Jwk } from "./types.ts";

/**
 * Options for {@linkcode exportJwk}.
 *
 * @example Usage
 * ```ts
 * import type { ExportJwkOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: ExportJwkOptions = { includePrivate: false };
 * assert.equal(o.includePrivate, false);
 * ```
 */
export interface ExportJwkOptions {
  /**
   * Include private and secret members (`d`, `k`, ...).
   * @default {false}
   */
  includePrivate?: boolean;
}

/**
 * Exports a key as a JWK. By default only the public part is returned, so the
 * result is safe to publish; a JWK given as input is stripped the same way.
 *
 * @param key A {@linkcode JoseKey} or a JWK.
 * @param options Whether to include private members.
 * @returns A fresh JWK.
 * @throws {TypeError} For a secret key without `includePrivate`.
 *
 * @example Publishing the public half
 * ```ts
 * import { exportJwk, generateJwk } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const jwk = await generateJwk("ES256");
 * const pub = exportJwk(jwk);
 * assert.equal(pub.d, undefined);
 * assert.equal(pub.x, jwk.x);
 * ```
 */
export function exportJwk(key: JoseKey | Jwk, options: ExportJwkOptions = {}): Jwk {
  if (key instanceof JoseKey) return key.toJwk(options.includePrivate ?? false);
  if (typeof key !== "object" || key === null || typeof key.kty !== "string") {
    throw new TypeError("Expected a JoseKey or a JWK");
  }
  if (options.includePrivate) return structuredClone(key);
  if (key.kty === "oct") throw new TypeError("A secret key has no public part to export");
  return publicPart(key);
}
