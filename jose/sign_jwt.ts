// Copyright 2026 the wirekit authors. MIT license.
// signJwt: a compact JWS JWT with registered claims filled from options.
import { SignJWT } from "jose";
import { mapJoseError } from "./_errors.ts";
import { JoseError } from "./jose_error.ts";
import { JoseKey } from "./jose_key.ts";
import type { JoseHeader, JwtClaims } from "./types.ts";

/**
 * Options for {@linkcode signJwt}.
 *
 * @example Usage
 * ```ts
 * import type { SignJwtOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: SignJwtOptions = { issuer: "me", expiresInSec: 300 };
 * assert.equal(o.expiresInSec, 300);
 * ```
 */
export interface SignJwtOptions {
  /** Algorithm; when given it must equal the key's bound algorithm. */
  alg?: string;
  /** Extra protected header members. */
  header?: JoseHeader;
  /**
   * The `typ` header.
   * @default {"JWT"}
   */
  typ?: string;
  /** Sets `iss`. */
  issuer?: string;
  /** Sets `sub`. */
  subject?: string;
  /** Sets `aud`. */
  audience?: string | string[];
  /** Sets `jti`. */
  jwtId?: string;
  /** Sets `exp` to now plus this many seconds. */
  expiresInSec?: number;
  /** Sets `nbf` to now plus this many seconds. */
  notBeforeSec?: number;
  /**
   * Sets `iat` to now.
   * @default {true}
   */
  issuedAt?: boolean;
  /**
   * The time used for `iat`, `exp` and `nbf`.
   * @default {new Date()}
   */
  currentDate?: Date;
  /**
   * Put the key's `kid` in the header.
   * @default {true}
   */
  includeKid?: boolean;
}

/**
 * Signs a JWT (compact JWS). Claims from options override those in `claims`.
 *
 * @param claims The claims set.
 * @param key A signing key (its bound algorithm is used).
 * @param options Registered claims, header, time.
 * @returns The compact JWT.
 * @throws {JoseError} `"EKEY"` when the key cannot sign.
 *
 * @example A short-lived token
 * ```ts
 * import { generateJwk, importJwk, signJwt, verifyJwt } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("ES256"));
 * const jwt = await signJwt({ role: "admin" }, key, { issuer: "me", expiresInSec: 60 });
 * const { claims } = await verifyJwt(jwt, key, { algorithms: ["ES256"], issuer: "me" });
 * assert.equal(claims.role, "admin");
 * ```
 */
export async function signJwt(
  claims: JwtClaims,
  key: JoseKey,
  options: SignJwtOptions = {},
): Promise<string> {
  if (!(key instanceof JoseKey)) throw new TypeError("Expected a JoseKey");
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new TypeError("JWT claims must be an object");
  }
  if (key.use !== "sig") {
    throw new JoseError("EKEY", `Key bound to "${key.alg}" is not a signing key`);
  }
  if (options.alg !== undefined && options.alg !== key.alg) {
    throw new JoseError("EKEY", `Key is bound to "${key.alg}", not "${options.alg}"`);
  }
  const signingKey = key.keyFor("sign");
  const now = Math.floor((options.currentDate ?? new Date()).getTime() / 1000);
  const header = { ...options.header, alg: key.alg, typ: options.typ ?? "JWT" } as JoseHeader & {
    alg: string;
  };
  if ((options.includeKid ?? true) && key.kid !== undefined) header.kid = key.kid;
  try {
    const jwt = new SignJWT(claims).setProtectedHeader(header);
    if (options.issuedAt ?? true) jwt.setIssuedAt(now);
    if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
    if (options.subject !== undefined) jwt.setSubject(options.subject);
    if (options.audience !== undefined) jwt.setAudience(options.audience);
    if (options.jwtId !== undefined) jwt.setJti(options.jwtId);
    if (options.expiresInSec !== undefined) jwt.setExpirationTime(now + options.expiresInSec);
    if (options.notBeforeSec !== undefined) jwt.setNotBefore(now + options.notBeforeSec);
    return await jwt.sign(signingKey);
  } catch (e) {
    throw mapJoseError(e, "key");
  }
}
