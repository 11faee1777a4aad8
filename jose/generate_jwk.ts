// Copyright 2026 the wirekit authors. MIT license.
// generateJwk: a fresh private or secret JWK for one algorithm, with alg, use
// and (by default) an RFC 7638 thumbprint as kid.
import { exportJWK, generateKeyPair } from "jose";
import { encodeBase64Url } from "../_internal/base64.ts";
import { algEntry, CONTENT_ENCRYPTION, unsupportedMessage } from "./_algorithms.ts";
import { mapJoseError } from "./_errors.ts";
import { JoseError } from "./jose_error.ts";
import { jwkThumbprint } from "./jwk_thumbprint.ts";
import type { Jwk } from "./types.ts";

/**
 * Options for {@linkcode generateJwk}.
 *
 * @example Usage
 * ```ts
 * import type { GenerateJwkOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: GenerateJwkOptions = { crv: "X25519", kid: false };
 * assert.equal(o.crv, "X25519");
 * ```
 */
export interface GenerateJwkOptions {
  /**
   * Key id; `true` uses the RFC 7638 SHA-256 thumbprint, `false` sets none.
   * @default {true}
   */
  kid?: string | boolean;
  /**
   * Curve for ECDH-ES* keys: "P-256", "P-384", "P-521" or "X25519".
   * @default {"P-256"}
   */
  crv?: string;
  /**
   * RSA modulus length in bits (2048 or more).
   * @default {2048}
   */
  modulusLength?: number;
  /** For `dir`: the content encryption algorithm the key is for (sets its size). Required for `dir`. */
  enc?: string;
}

/**
 * Generates a key for `alg` and returns it as a private (or secret) JWK with
 * `alg`, `use` and `kid` set. Publish its public half with `exportJwk`.
 *
 * @param alg A JWS algorithm (HS256, RS256, PS256, ES256, EdDSA, ...) or JWE key management (RSA-OAEP-256, ECDH-ES+A256KW, A256KW, dir, PBES2-HS256+A128KW, ...).
 * @param options Key id, curve, modulus length, content encryption for `dir`.
 * @returns The private or secret JWK.
 * @throws {JoseError} `"EUNSUPPORTED"` for an unknown algorithm or one the runtime lacks.
 *
 * @example An Ed25519 signing key
 * ```ts
 * import { generateJwk } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const jwk = await generateJwk("EdDSA");
 * assert.equal(jwk.crv, "Ed25519");
 * assert.equal(jwk.use, "sig");
 * assert.equal(typeof jwk.kid, "string");
 * ```
 */
export async function generateJwk(alg: string, options: GenerateJwkOptions = {}): Promise<Jwk> {
  const entry = algEntry(alg);
  if (!entry) throw new JoseError("EUNSUPPORTED", unsupportedMessage(alg));
  let jwk: Jwk;
  if (entry.secret) {
    let size: number;
    switch (entry.secret.name) {
      case "HMAC":
        size = entry.secret.minBytes;
        break;
      case "AES-KW":
      case "AES-GCM":
        size = entry.secret.bytes;
        break;
      case "PBES2":
        size = 32;
        break;
      case "dir": {
        const s = options.enc === undefined ? undefined : CONTENT_ENCRYPTION.get(options.enc);
        if (s === undefined) {
          throw new TypeError('generateJwk("dir") needs options.enc, e.g. "A256GCM"');
        }
        size = s;
        break;
      }
    }
    jwk = { kty: "oct", k: encodeBase64Url(crypto.getRandomValues(new Uint8Array(size))) };
  } else {
    const modulusLength = options.modulusLength ?? 2048;
    if (!Number.isSafeInteger(modulusLength) || modulusLength < 2048 || modulusLength > 16384) {
      throw new RangeError(`modulusLength must be 2048..16384, not ${modulusLength}`);
    }
    try {
      const { privateKey } = await generateKeyPair(alg, {
        extractable: true,
        crv: options.crv,
        modulusLength,
      });
      const exported = await exportJWK(privateKey);
      jwk = exported as Jwk;
    } catch (e) {
      throw mapJoseError(e, "key");
    }
  }
  jwk.alg = alg;
  jwk.use = entry.use;
  const kid = options.kid ?? true;
  if (typeof kid === "string") jwk.kid = kid;
  else if (kid) jwk.kid = await jwkThumbprint(jwk);
  return jwk;
}
