// Copyright 2026 the wirekit authors. MIT license.
// Nested JWT (RFC 7519 section 5.2): sign, then encrypt the JWS as a JWE with
// cty "JWT"; and the reverse, decrypt then verify.
import { decryptJwe, type DecryptJweOptions } from "./decrypt_jwe.ts";
import { encryptJwe, type EncryptJweOptions } from "./encrypt_jwe.ts";
import { JoseError } from "./jose_error.ts";
import type { JoseKey } from "./jose_key.ts";
import type { KeyInput } from "./jwk_set.ts";
import { signJwt, type SignJwtOptions } from "./sign_jwt.ts";
import type { JoseHeader, JwtClaims } from "./types.ts";
import { verifyJwt, type VerifyJwtOptions, type VerifyJwtResult } from "./verify_jwt.ts";

/**
 * Options for {@linkcode encryptNestedJwt}.
 *
 * @example Usage
 * ```ts
 * import type { EncryptNestedJwtOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: EncryptNestedJwtOptions = { sign: { expiresInSec: 60 }, encrypt: { enc: "A256GCM" } };
 * assert.equal(o.encrypt?.enc, "A256GCM");
 * ```
 */
export interface EncryptNestedJwtOptions {
  /** How the inner JWT is signed. */
  sign?: SignJwtOptions;
  /** How it is encrypted (always compact; `cty: "JWT"` is set). */
  encrypt?: Omit<EncryptJweOptions, "serialization">;
}

/**
 * Options for {@linkcode decryptNestedJwt}.
 *
 * @example Usage
 * ```ts
 * import type { DecryptNestedJwtOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: DecryptNestedJwtOptions = { verify: { algorithms: ["ES256"] } };
 * assert.deepEqual(o.verify.algorithms, ["ES256"]);
 * ```
 */
export interface DecryptNestedJwtOptions {
  /** Decryption allow-lists and limits. */
  decrypt?: DecryptJweOptions;
  /** Verification of the inner JWT (algorithms required). */
  verify: VerifyJwtOptions;
}

/**
 * What {@linkcode decryptNestedJwt} returns: the inner JWT's result plus the JWE header.
 *
 * @example Usage
 * ```ts
 * import type { DecryptNestedJwtResult } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const enc = (r: DecryptNestedJwtResult): string | undefined => r.jweHeader.enc;
 * assert.equal(enc({ claims: {}, protectedHeader: {}, key: undefined!, jweHeader: { enc: "A256GCM" } }), "A256GCM");
 * ```
 */
export interface DecryptNestedJwtResult extends VerifyJwtResult {
  /** Protected header of the outer JWE. */
  jweHeader: JoseHeader;
}

/**
 * Signs `claims` as a JWT, then encrypts it as a compact JWE with `cty: "JWT"`.
 *
 * @param claims The claims set.
 * @param signingKey Key for the inner JWS.
 * @param encryptionKey Recipient key for the outer JWE.
 * @param options Signing and encryption options.
 * @returns The compact nested JWT.
 *
 * @example Round trip
 * ```ts
 * import { decryptNestedJwt, encryptNestedJwt, generateJwk, importJwk } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const sig = await importJwk(await generateJwk("EdDSA"));
 * const enc = await importJwk(await generateJwk("ECDH-ES+A256KW"));
 * const token = await encryptNestedJwt({ sub: "bob" }, sig, enc, { sign: { expiresInSec: 60 } });
 * const { claims, jweHeader } = await decryptNestedJwt(token, enc, sig, { verify: { algorithms: ["EdDSA"] } });
 * assert.equal(claims.sub, "bob");
 * assert.equal(jweHeader.cty, "JWT");
 * ```
 */
export async function encryptNestedJwt(
  claims: JwtClaims,
  signingKey: JoseKey,
  encryptionKey: JoseKey,
  options: EncryptNestedJwtOptions = {},
): Promise<string> {
  const jwt = await signJwt(claims, signingKey, options.sign);
  const e = options.encrypt ?? {};
  return await encryptJwe(jwt, encryptionKey, {
    ...e,
    serialization: "compact",
    header: { ...e.header, cty: "JWT" },
  });
}

/**
 * Decrypts a nested JWT and verifies the JWT inside. The JWE must say
 * `cty: "JWT"`.
 *
 * @param token The compact JWE.
 * @param decryptionKeys Key(s) for the JWE.
 * @param verificationKeys Key(s) for the inner JWS.
 * @param options Decryption and verification options.
 * @returns The inner claims, its header and key, and the JWE header.
 * @throws {JoseError} `"EINVALID"` when `cty` is not JWT, plus the errors of decryptJwe and verifyJwt.
 *
 * @example Wrong content type
 * ```ts
 * import { decryptNestedJwt, encryptJwe, generateJwk, importJwk, JoseError } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const enc = await importJwk(await generateJwk("A256KW"));
 * const jwe = await encryptJwe("not a jwt", enc);
 * await assert.rejects(decryptNestedJwt(jwe, enc, enc, { verify: { algorithms: ["HS256"] } }), JoseError);
 * ```
 */
export async function decryptNestedJwt(
  token: string,
  decryptionKeys: KeyInput,
  verificationKeys: KeyInput,
  options: DecryptNestedJwtOptions,
): Promise<DecryptNestedJwtResult> {
  const d = await decryptJwe(token, decryptionKeys, options.decrypt);
  const header = d.protectedHeader ?? {};
  if (typeof header.cty !== "string" || header.cty.toUpperCase() !== "JWT") {
    throw new JoseError("EINVALID", 'Nested JWT must have cty "JWT"');
  }
  const inner = new TextDecoder("utf-8", { fatal: true }).decode(d.plaintext);
  const v = await verifyJwt(inner, verificationKeys, options.verify);
  return { ...v, jweHeader: header };
}
