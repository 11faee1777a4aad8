// Copyright 2026 the wirekit authors. MIT license.
// Plain data types of the JOSE family: JWKs, JOSE headers and the JSON
// serializations of JWS and JWE.

/**
 * A JSON Web Key (RFC 7517). Members depend on `kty`; unknown members are kept.
 *
 * @example A symmetric key
 * ```ts
 * import type { Jwk } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const jwk: Jwk = { kty: "oct", k: "c2VjcmV0", alg: "HS256" };
 * assert.equal(jwk.kty, "oct");
 * ```
 */
export interface Jwk {
  /** Key type: "EC", "RSA", "OKP", "oct" (or "AKP"). */
  kty: string;
  /** Algorithm the key is bound to. */
  alg?: string;
  /** Key id. */
  kid?: string;
  /** "sig" or "enc". */
  use?: string;
  /** Permitted operations. */
  key_ops?: string[];
  /** Curve of EC/OKP keys. */
  crv?: string;
  /** Public x (EC/OKP). */
  x?: string;
  /** Public y (EC). */
  y?: string;
  /** Private scalar (EC/OKP) or private exponent (RSA). */
  d?: string;
  /** RSA modulus. */
  n?: string;
  /** RSA public exponent. */
  e?: string;
  /** RSA first prime factor. */
  p?: string;
  /** RSA second prime factor. */
  q?: string;
  /** RSA first factor CRT exponent. */
  dp?: string;
  /** RSA second factor CRT exponent. */
  dq?: string;
  /** RSA first CRT coefficient. */
  qi?: string;
  /** Symmetric key value. */
  k?: string;
  /** X.509 certificate chain (base64 DER). */
  x5c?: string[];
  /** Other members. */
  [member: string]: unknown;
}

/**
 * A JWK Set document (RFC 7517 section 5).
 *
 * @example An empty set
 * ```ts
 * import type { JwkSetJson } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const set: JwkSetJson = { keys: [] };
 * assert.equal(set.keys.length, 0);
 * ```
 */
export interface JwkSetJson {
  /** The keys. */
  keys: Jwk[];
}

/**
 * JOSE header parameters (JWS or JWE); unknown members are kept.
 *
 * @example A JWS header
 * ```ts
 * import type { JoseHeader } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const h: JoseHeader = { alg: "ES256", kid: "k1" };
 * assert.equal(h.alg, "ES256");
 * ```
 */
export interface JoseHeader {
  /** Algorithm. */
  alg?: string;
  /** Content encryption (JWE). */
  enc?: string;
  /** Key id. */
  kid?: string;
  /** Media type of the whole object. */
  typ?: string;
  /** Media type of the payload. */
  cty?: string;
  /** Critical extensions. */
  crit?: string[];
  /** RFC 7797: payload is not base64url-encoded when false. */
  b64?: boolean;
  /** JWE compression ("DEF"). */
  zip?: string;
  /** Other members. */
  [member: string]: unknown;
}

/**
 * Flattened JWS JSON serialization (RFC 7515 section 7.2.2).
 *
 * @example Shape
 * ```ts
 * import type { FlattenedJws } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const jws: FlattenedJws = { protected: "eyJhbGciOiJIUzI1NiJ9", payload: "e30", signature: "" };
 * assert.equal(typeof jws.payload, "string");
 * ```
 */
export interface FlattenedJws {
  /** Payload: base64url, or raw text when `b64` is false; absent when detached. */
  payload?: string;
  /** base64url of the protected header. */
  protected?: string;
  /** Unprotected header. */
  header?: JoseHeader;
  /** base64url of the signature. */
  signature: string;
}

/**
 * General JWS JSON serialization (RFC 7515 section 7.2.1): several signatures.
 *
 * @example Shape
 * ```ts
 * import type { GeneralJws } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const jws: GeneralJws = { payload: "e30", signatures: [] };
 * assert.equal(jws.signatures.length, 0);
 * ```
 */
export interface GeneralJws {
  /** Payload: base64url, or raw text when `b64` is false; absent when detached. */
  payload?: string;
  /** One entry per signature. */
  signatures: { protected?: string; header?: JoseHeader; signature: string }[];
}

/**
 * Flattened JWE JSON serialization (RFC 7516 section 7.2.2).
 *
 * @example Shape
 * ```ts
 * import type { FlattenedJwe } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const jwe: FlattenedJwe = { ciphertext: "", iv: "", tag: "" };
 * assert.equal(jwe.ciphertext, "");
 * ```
 */
export interface FlattenedJwe {
  /** base64url of the protected header. */
  protected?: string;
  /** Shared unprotected header. */
  unprotected?: JoseHeader;
  /** Per-recipient unprotected header. */
  header?: JoseHeader;
  /** base64url of the encrypted key. */
  encrypted_key?: string;
  /** base64url of the initialization vector. */
  iv?: string;
  /** base64url of the ciphertext. */
  ciphertext: string;
  /** base64url of the authentication tag. */
  tag?: string;
  /** base64url of additional authenticated data. */
  aad?: string;
}

/**
 * General JWE JSON serialization (RFC 7516 section 7.2.1): several recipients.
 *
 * @example Shape
 * ```ts
 * import type { GeneralJwe } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const jwe: GeneralJwe = { recipients: [{}], ciphertext: "" };
 * assert.equal(jwe.recipients.length, 1);
 * ```
 */
export interface GeneralJwe {
  /** base64url of the protected header. */
  protected?: string;
  /** Shared unprotected header. */
  unprotected?: JoseHeader;
  /** One entry per recipient. */
  recipients: { header?: JoseHeader; encrypted_key?: string }[];
  /** base64url of the initialization vector. */
  iv?: string;
  /** base64url of the ciphertext. */
  ciphertext: string;
  /** base64url of the authentication tag. */
  tag?: string;
  /** base64url of additional authenticated data. */
  aad?: string;
}

/**
 * A JWT claims set (RFC 7519 section 4); other claims are kept.
 *
 * @example Registered claims
 * ```ts
 * import type { JwtClaims } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const c: JwtClaims = { sub: "alice", exp: 2000000000 };
 * assert.equal(c.sub, "alice");
 * ```
 */
export interface JwtClaims {
  /** Issuer. */
  iss?: string;
  /** Subject. */
  sub?: string;
  /** Audience. */
  aud?: string | string[];
  /** Expiration time (seconds since the epoch). */
  exp?: number;
  /** Not before (seconds since the epoch). */
  nbf?: number;
  /** Issued at (seconds since the epoch). */
  iat?: number;
  /** JWT id. */
  jti?: string;
  /** Other claims. */
  [claim: string]: unknown;
}
