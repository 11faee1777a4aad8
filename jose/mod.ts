// Copyright 2026 the wirekit authors. MIT license.
/**
 * JWK, JWS, JWE and JWT on the `jose` library, with algorithm allow-lists, claim checks and HTTP cookie glue.
 *
 * Cryptography comes from `jose` and WebCrypto; this module adds one API with
 * safe defaults: keys are bound to one algorithm ({@linkcode JoseKey}),
 * verification requires an allow-list and never accepts `none`, PBES2 is
 * refused unless allowed and its iteration count is capped, JWTs need `exp`,
 * and failures carry a {@linkcode JoseError} `code` (signature and decryption
 * failures with fixed messages).
 *
 * @example Sign and verify a JWT
 * ```ts
 * import { generateJwk, importJwk, signJwt, verifyJwt } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("EdDSA"));
 * const jwt = await signJwt({ sub: "alice" }, key, { expiresInSec: 300 });
 * const { claims } = await verifyJwt(jwt, key, { algorithms: ["EdDSA"] });
 * assert.equal(claims.sub, "alice");
 * ```
 *
 * @module
 */
export * from "./bearer_token.ts";
export * from "./decode_jwt.ts";
export * from "./decrypt_jwe.ts";
export * from "./encrypt_jwe.ts";
export * from "./export_jwk.ts";
export * from "./generate_jwk.ts";
export * from "./import_jwk.ts";
export * from "./import_pem.ts";
export * from "./import_secret.ts";
export * from "./jose_error.ts";
export * from "./jose_key.ts";
export * from "./jwk_set.ts";
export * from "./jwk_thumbprint.ts";
export * from "./jwt_cookie.ts";
export * from "./nested_jwt.ts";
export * from "./sign_jws.ts";
export * from "./sign_jwt.ts";
export * from "./types.ts";
export * from "./verify_jws.ts";
export * from "./verify_jwt.ts";
