// Copyright 2026 the wirekit authors. MIT license.
// RFC 7638 JWK thumbprints and RFC 9278 thumbprint URIs, computed by jose.
import { calculateJwkThumbprint, calculateJwkThumbprintUri } from "jose";
import { mapJoseError } from "./_errors.ts";
import { JoseKey } from "./jose_key.ts";
import type { Jwk } from "./types.ts";

/**
 * Hash of a JWK thumbprint.
 *
 * @example Usage
 * ```ts
 * import type { ThumbprintHash } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const h: ThumbprintHash = "sha512";
 * assert.equal(h, "sha512");
 * ```
 */
export type ThumbprintHash = "sha256" | "sha384" | "sha512";

function toJwk(key: JoseKey | Jwk): Jwk {
  return key instanceof JoseKey ? key.toJwk(key.type === "secret") : key;
}

/**
 * The RFC 7638 thumbprint of a key: base64url of the hash of its required
 * members in canonical JSON. Private members do not change it.
 *
 * @param key A JWK or a {@linkcode JoseKey}.
 * @param hash Hash function.
 * @returns The base64url thumbprint.
 *
 * @example RFC 7638 section 3.1
 * ```ts
 * import { jwkThumbprint } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const jwk = {
 *   kty: "RSA",
 *   e: "AQAB",
 *   n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
 * };
 * assert.equal(await jwkThumbprint(jwk), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
 * ```
 */
export async function jwkThumbprint(
  key: JoseKey | Jwk,
  hash: ThumbprintHash = "sha256",
): Promise<string> {
  try {
    return await calculateJwkThumbprint(
      toJwk(key) as Parameters<typeof calculateJwkThumbprint>[0],
      hash,
    );
  } catch (e) {
    throw mapJoseError(e, "key");
  }
}

/**
 * The RFC 9278 thumbprint URI of a key:
 * `urn:ietf:params:oauth:jwk-thumbprint:<hash>:<thumbprint>`.
 *
 * @param key A JWK or a {@linkcode JoseKey}.
 * @param hash Hash function.
 * @returns The URI.
 *
 * @example RFC 9278 section 3
 * ```ts
 * import { jwkThumbprintUri } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const jwk = {
 *   kty: "RSA",
 *   e: "AQAB",
 *   n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
 * };
 * assert.equal(
 *   await jwkThumbprintUri(jwk),
 *   "urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
 * );
 * ```
 */
export async function jwkThumbprintUri(
  key: JoseKey | Jwk,
  hash: ThumbprintHash = "sha256",
): Promise<string> {
  try {
    return await calculateJwkThumbprintUri(
      toJwk(key) as Parameters<typeof calculateJwkThumbprintUri>[0],
      hash,
    );
  } catch (e) {
    throw mapJoseError(e, "key");
  }
}
