// Copyright 2026 the wirekit authors. MIT license.
// JoseKey: an imported key bound to exactly one algorithm, holding the
// CryptoKeys `jose` needs so nothing is re-imported per operation.
import type { Jwk } from "./types.ts";
import { JoseError } from "./jose_error.ts";
import { publicPart } from "./_jwk.ts";

/**
 * What a key is: public half, private half (which also verifies/encrypts), or a shared secret.
 *
 * @example Usage
 * ```ts
 * import type { JoseKeyType } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const t: JoseKeyType = "public";
 * assert.equal(t, "public");
 * ```
 */
export type JoseKeyType = "public" | "private" | "secret";

/**
 * The operation a key is asked for.
 *
 * @example Usage
 * ```ts
 * import type { JoseKeyOperation } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const op: JoseKeyOperation = "verify";
 * assert.equal(op, "verify");
 * ```
 */
export type JoseKeyOperation = "sign" | "verify" | "encrypt" | "decrypt";

/**
 * Everything a {@linkcode JoseKey} holds; built by `importJwk`, `importPem` or `importSecret`.
 *
 * @example Usage
 * ```ts
 * import { JoseKey, type JoseKeyInit } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const init: JoseKeyInit = { alg: "PBES2-HS256+A128KW", use: "enc", type: "secret", secretKey: new Uint8Array(8), jwk: { kty: "oct" } };
 * assert.equal(new JoseKey(init).alg, "PBES2-HS256+A128KW");
 * ```
 */
export interface JoseKeyInit {
  /** The one algorithm the key is bound to. */
  alg: string;
  /** Key id. */
  kid?: string;
  /** "sig" or "enc". */
  use: "sig" | "enc";
  /** Public, private or secret. */
  type: JoseKeyType;
  /** Public CryptoKey (also present for private keys). */
  publicKey?: CryptoKey;
  /** Private CryptoKey. */
  privateKey?: CryptoKey;
  /** Secret: a CryptoKey, or bytes where `jose` needs them (dir with CBC-HS, PBES2). */
  secretKey?: CryptoKey | Uint8Array;
  /** For `dir` keys of 16/24/32 bytes: the AES-GCM CryptoKey. */
  gcmKey?: CryptoKey;
  /** For `dir` keys: the one content encryption algorithm they may be used with. */
  enc?: string;
  /** The JWK the key came from (private members included). */
  jwk: Jwk;
}

// RFC 7517 section 4.3 operations that permit each use of the key.
const OPS: Record<JoseKeyOperation, readonly string[]> = {
  sign: ["sign"],
  verify: ["verify"],
  encrypt: ["encrypt", "wrapKey", "deriveKey", "deriveBits"],
  decrypt: ["decrypt", "unwrapKey", "deriveKey", "deriveBits"],
};

/**
 * A key bound to exactly one JOSE algorithm (`alg`). wirekit's sign, verify,
 * encrypt and decrypt functions refuse to use it with any other algorithm.
 * It keeps the imported CryptoKeys, so using it costs no re-import. A JWK
 * `key_ops` member is honoured: operations it does not list are refused.
 *
 * Create one with `importJwk`, `importPem` or `importSecret`.
 *
 * @example Importing and inspecting a key
 * ```ts
 * import { generateJwk, importJwk } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("ES256"));
 * assert.equal(key.alg, "ES256");
 * assert.equal(key.type, "private");
 * assert.equal(key.toJwk().d, undefined);
 * ```
 */
export class JoseKey {
  /** The algorithm the key is bound to. */
  readonly alg: string;
  /** Key id, if any. */
  readonly kid: string | undefined;
  /** "sig" for JWS keys, "enc" for JWE keys. */
  readonly use: "sig" | "enc";
  /** Public, private or secret. */
  readonly type: JoseKeyType;
  /** For `dir` keys bound to one content encryption algorithm: that algorithm. */
  readonly enc: string | undefined;
  /** Public CryptoKey (also present for private asymmetric keys). */
  readonly publicKey: CryptoKey | undefined;
  /** Private CryptoKey. */
  readonly privateKey: CryptoKey | undefined;
  /** Secret key material for symmetric algorithms. */
  readonly secretKey: CryptoKey | Uint8Array | undefined;
  #gcmKey: CryptoKey | undefined;
  #keyOps: readonly string[] | undefined;
  #jwk: Jwk;

  /**
   * Wraps already-imported key material; prefer `importJwk`.
   *
   * @param init Algorithm binding and key material.
   */
  constructor(init: JoseKeyInit) {
    this.alg = init.alg;
    this.kid = init.kid;
    this.use = init.use;
    this.type = init.type;
    this.enc = init.enc;
    this.publicKey = init.publicKey;
    this.privateKey = init.privateKey;
    this.secretKey = init.secretKey;
    this.#gcmKey = init.gcmKey;
    this.#jwk = Object.freeze({ ...init.jwk });
    const ops = init.jwk.key_ops;
    this.#keyOps = Array.isArray(ops) ? Object.freeze([...ops]) : undefined;
  }

  /**
   * The key material `jose` gets for an operation, after checking the key can do it.
   *
   * @param op The operation.
   * @param enc For `dir` keys: the content encryption algorithm.
   * @returns A CryptoKey, or bytes for secrets `jose` needs raw.
   * @throws {JoseError} `"EKEY"` when the key cannot perform `op`.
   *
   * @example A public key cannot sign
   * ```ts
   * import { exportJwk, generateJwk, importJwk, JoseError } from "wirekit/jose";
   * import assert from "node:assert/strict";
   *
   * const pub = await importJwk(exportJwk(await generateJwk("ES256")));
   * assert.throws(() => pub.keyFor("sign"), JoseError);
   * assert.ok(pub.keyFor("verify"));
   * ```
   */
  keyFor(op: JoseKeyOperation, enc?: string): CryptoKey | Uint8Array {
    if (this.#keyOps !== undefined && !OPS[op].some((o) => this.#keyOps!.includes(o))) {
      throw new JoseError("EKEY", `JWK "key_ops" does not allow ${op}`);
    }
    if (this.secretKey !== undefined) {
      if (this.enc !== undefined && enc !== undefined && enc !== this.enc) {
        throw new JoseError("EKEY", `Key is bound to "${this.enc}", not "${enc}"`);
      }
      if (this.#gcmKey !== undefined && enc !== undefined && enc.endsWith("GCM")) {
        return this.#gcmKey;
      }
      return this.secretKey;
    }
    if (op === "sign" || op === "decrypt") {
      if (this.privateKey === undefined) {
        throw new JoseError("EKEY", `A public key cannot ${op}`);
      }
      return this.privateKey;
    }
    if (this.publicKey === undefined) throw new JoseError("EKEY", `Key cannot ${op}`);
    return this.publicKey;
  }

  /**
   * The key as a JWK. Private members are left out unless asked for.
   *
   * @param includePrivate Include private/secret members.
   * @returns A fresh JWK object.
   * @throws {TypeError} For a secret key without `includePrivate` (it has no public part).
   *
   * @example Public part of a private key
   * ```ts
   * import { generateJwk, importJwk } from "wirekit/jose";
   * import assert from "node:assert/strict";
   *
   * const key = await importJwk(await generateJwk("EdDSA"));
   * assert.deepEqual(Object.keys(key.toJwk()).sort(), ["alg", "crv", "kid", "kty", "use", "x"]);
   * ```
   */
  toJwk(includePrivate = false): Jwk {
    if (includePrivate) return structuredClone(this.#jwk) as Jwk;
    if (this.type === "secret") throw new TypeError("A secret key has no public part to export");
    return publicPart(this.#jwk);
  }
}
