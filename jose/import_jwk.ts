// Copyright 2026 the wirekit authors. MIT license.
// importJwk: JWK -> JoseKey bound to one algorithm, via jose's importJWK (for
// asymmetric keys) and WebCrypto importKey (for secrets).
import { importJWK } from "jose";
import { decodeBase64Url } from "../_internal/base64.ts";
import {
  algEntry,
  CONTENT_ENCRYPTION,
  curveImpliedAlg,
  unsupportedMessage,
} from "./_algorithms.ts";
import { mapJoseError } from "./_errors.ts";
import { JoseError } from "./jose_error.ts";
import { JoseKey } from "./jose_key.ts";
import { publicPart } from "./_jwk.ts";
import { secretKey } from "./_secret.ts";
import type { Jwk } from "./types.ts";

/**
 * Options for {@linkcode importJwk}.
 *
 * @example Usage
 * ```ts
 * import type { ImportJwkOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: ImportJwkOptions = { maxMemberLength: 2048 };
 * assert.equal(o.maxMemberLength, 2048);
 * ```
 */
export interface ImportJwkOptions {
  /**
   * Largest JWK member (base64url characters) accepted; bounds RSA sizes.
   * @default {4096}
   */
  maxMemberLength?: number;
}

const ASYM_MEMBERS = ["crv", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi"];

/**
 * Imports a JWK as a {@linkcode JoseKey} bound to one algorithm: `alg`, else
 * the JWK's `alg`, else the one its curve implies (EC P-256 -> ES256, Ed25519 ->
 * EdDSA). A private JWK can also verify/encrypt; its public half is imported too.
 *
 * @param jwk The key.
 * @param alg The algorithm to bind; must agree with `jwk.alg` when both are present.
 * @param options Limits.
 * @returns The imported key.
 * @throws {JoseError} `"EKEY"` for a key that does not fit the algorithm, `"EUNSUPPORTED"` for an unknown algorithm.
 *
 * @example An HMAC key
 * ```ts
 * import { importJwk } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk({ kty: "oct", k: "A".repeat(43) }, "HS256");
 * assert.equal(key.alg, "HS256");
 * assert.equal(key.type, "secret");
 * ```
 */
export async function importJwk(
  jwk: Jwk,
  alg?: string,
  options: ImportJwkOptions = {},
): Promise<JoseKey> {
  if (
    typeof jwk !== "object" || jwk === null || Array.isArray(jwk) || typeof jwk.kty !== "string"
  ) {
    throw new TypeError('JWK must be an object with a string "kty"');
  }
  const maxLen = options.maxMemberLength ?? 4096;
  for (const m of [...ASYM_MEMBERS, "k"]) {
    const v = jwk[m];
    if (v === undefined) continue;
    if (typeof v !== "string") throw new JoseError("EKEY", `JWK member "${m}" must be a string`);
    if (v.length > maxLen) {
      throw new JoseError("ELIMIT", `JWK member "${m}" exceeds ${maxLen} characters`);
    }
  }
  // A JWK whose alg is a content encryption algorithm (RFC 7520 section 3.6)
  // is a "dir" key bound to that enc.
  const contentEnc = typeof jwk.alg === "string" && CONTENT_ENCRYPTION.has(jwk.alg)
    ? jwk.alg
    : undefined;
  if (contentEnc !== undefined && (alg === undefined || alg === "dir")) {
    if (typeof jwk.k !== "string") throw new JoseError("EKEY", 'Symmetric JWK has no "k"');
    const bytes = decodeSecret(jwk.k);
    if (bytes.length !== CONTENT_ENCRYPTION.get(contentEnc)) {
      throw new JoseError(
        "EKEY",
        `"${contentEnc}" needs a key of ${CONTENT_ENCRYPTION.get(contentEnc)} bytes`,
      );
    }
    const kid = typeof jwk.kid === "string" ? jwk.kid : undefined;
    return await secretKey(bytes, "dir", { name: "dir" }, kid, { ...jwk }, contentEnc);
  }
  if (alg !== undefined && jwk.alg !== undefined && alg !== jwk.alg) {
    throw new JoseError("EKEY", `JWK is bound to "${jwk.alg}", not "${alg}"`);
  }
  const bound = alg ?? (typeof jwk.alg === "string" ? jwk.alg : undefined) ??
    (jwk.use === "enc" ? undefined : curveImpliedAlg(jwk.kty, jwk.crv));
  if (bound === undefined) {
    throw new TypeError(`An algorithm is required to import this "${jwk.kty}" JWK`);
  }
  if (bound === "none") throw new JoseError("EALG", 'Algorithm "none" is never accepted');
  const entry = algEntry(bound);
  if (!entry) throw new JoseError("EUNSUPPORTED", unsupportedMessage(bound));
  if (!entry.kty.includes(jwk.kty)) {
    throw new JoseError("EKEY", `A "${jwk.kty}" key cannot be used with "${bound}"`);
  }
  if (entry.crv && !entry.crv.includes(String(jwk.crv))) {
    throw new JoseError("EKEY", `Curve "${String(jwk.crv)}" cannot be used with "${bound}"`);
  }
  if (jwk.use !== undefined && jwk.use !== entry.use) {
    throw new JoseError(
      "EKEY",
      `JWK "use" is "${String(jwk.use)}" but "${bound}" needs "${entry.use}"`,
    );
  }
  const kid = typeof jwk.kid === "string" ? jwk.kid : undefined;
  const stored: Jwk = { ...jwk, alg: bound };

  if (entry.secret) {
    if (typeof jwk.k !== "string") throw new JoseError("EKEY", 'Symmetric JWK has no "k"');
    return await secretKey(decodeSecret(jwk.k), bound, entry.secret, kid, stored);
  }

  checkCoordinates(jwk);
  // Asymmetric: jose does the import; `use`/`key_ops` are checked above and
  // dropped so jose derives the usages from the algorithm alone.
  const isPrivate = typeof jwk.d === "string";
  const clean: Record<string, unknown> = { kty: jwk.kty };
  for (const m of ASYM_MEMBERS) if (jwk[m] !== undefined) clean[m] = jwk[m];
  try {
    const publicKey = asCryptoKey(await importJWK(publicPart(clean as Jwk), bound));
    const privateKey = isPrivate ? asCryptoKey(await importJWK(clean, bound)) : undefined;
    return new JoseKey({
      alg: bound,
      kid,
      use: entry.use,
      type: isPrivate ? "private" : "public",
      publicKey,
      privateKey,
      jwk: stored,
    });
  } catch (e) {
    throw mapJoseError(e, "key");
  }
}

function decodeSecret(k: string): Uint8Array {
  try {
    return decodeBase64Url(k, { padding: "optional" });
  } catch (e) {
    throw new JoseError("EKEY", 'JWK "k" is not base64url', { cause: e });
  }
}

function asCryptoKey(k: CryptoKey | Uint8Array): CryptoKey {
  if (k instanceof Uint8Array) throw new JoseError("EKEY", "Expected an asymmetric key");
  return k;
}

const COORD_BYTES: Record<string, number> = {
  "P-256": 32,
  "P-384": 48,
  "P-521": 66,
  Ed25519: 32,
  X25519: 32,
};

// Some runtimes import EC/OKP JWKs with short coordinates without complaint;
// check sizes here so a bad key fails at import, not at first use.
function checkCoordinates(jwk: Jwk): void {
  if (jwk.kty !== "EC" && jwk.kty !== "OKP") return;
  const size = COORD_BYTES[String(jwk.crv)];
  if (size === undefined) {
    throw new JoseError("EKEY", `Unsupported curve ${JSON.stringify(jwk.crv)}`);
  }
  const members = jwk.kty === "EC" ? ["x", "y"] : ["x"];
  if (jwk.d !== undefined) members.push("d");
  for (const m of members) {
    const v = jwk[m];
    if (typeof v !== "string") throw new JoseError("EKEY", `JWK is missing "${m}"`);
    let n: number;
    try {
      n = decodeBase64Url(v, { padding: "optional" }).length;
    } catch (e) {
      throw new JoseError("EKEY", `JWK "${m}" is not base64url`, { cause: e });
    }
    if (n !== size) {
      throw new JoseError(
        "EKEY",
        `JWK "${m}" must be ${size} bytes for ${String(jwk.crv)}, not ${n}`,
      );
    }
  }
}
