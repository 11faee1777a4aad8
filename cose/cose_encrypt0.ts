// Copyright 2026 the wirekit authors. MIT license.
// COSE_Encrypt0 (RFC 9052 section 5.2): AEAD with an implicit key.
import type { CoseKey } from "./cose_key.ts";
import { encStructure, ensureIv, nonceOf, openContent, sealContent } from "./_content.ts";
import { secretBytes } from "./_keys.ts";
import { EMPTY, openMessage, resultHeaders, startCreate, withKeys } from "./_layer.ts";
import { checkKeyAlg, encodeProtected, finish, header } from "./_message.ts";
import { H } from "./_tables.ts";
import type { CoseCreateOptions, CoseLabel, CoseVerifyOptions } from "./types.ts";

/** Options of {@linkcode createCoseEncrypt0}. */
export interface CreateCoseEncrypt0Options extends CoseCreateOptions {
  /** Content encryption algorithm, when neither header carries `alg`; else the key's `alg`. */
  alg?: string | number;
}

/** What {@linkcode decryptCoseEncrypt0} and `decryptCoseEncrypt` return. */
export interface CoseDecryptResult {
  /** The decrypted content. */
  plaintext: Uint8Array;
  /** The content algorithm's IANA name. */
  alg: string;
  /** Protected headers. */
  protectedHeaders: Map<CoseLabel, unknown>;
  /** Unprotected headers. */
  unprotectedHeaders: Map<CoseLabel, unknown>;
}

/**
 * Encrypts content as a COSE_Encrypt0 message. A random IV is added to the
 * unprotected headers unless the headers carry an IV or Partial IV.
 *
 * @param plaintext The content.
 * @param key The shared symmetric key.
 * @param options Algorithm, headers, external AAD, detached ciphertext, tagging, random source.
 * @returns The encoded message.
 * @throws {CoseError} `EALG`, `EKEY`.
 *
 * @example A128GCM round trip
 * ```ts
 * import { createCoseEncrypt0, decryptCoseEncrypt0, generateCoseKey } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("A128GCM");
 * const msg = await createCoseEncrypt0(new TextEncoder().encode("secret"), key);
 * const out = await decryptCoseEncrypt0(msg, key, { algorithms: ["A128GCM"] });
 * assert.equal(new TextDecoder().decode(out.plaintext), "secret");
 * ```
 */
export async function createCoseEncrypt0(
  plaintext: Uint8Array,
  key: CoseKey,
  options: CreateCoseEncrypt0Options = {},
): Promise<Uint8Array> {
  const { p, u, entry } = startCreate(plaintext, "Plaintext", options, key, "aead");
  ensureIv(p, u, entry, options.random);
  const pb = encodeProtected(p);
  const nonce = nonceOf({ protected: p, unprotected: u }, key, entry);
  const ct = await sealContent(
    entry,
    secretBytes(key),
    nonce,
    encStructure("Encrypt0", pb, options.externalAad ?? EMPTY),
    plaintext,
  );
  return finish("encrypt0", [pb, u, options.detached ? null : ct], options);
}

/**
 * Decrypts a COSE_Encrypt0 message.
 *
 * @param message The encoded message.
 * @param keys The shared key, or candidate keys (matched by `kid`).
 * @param options The algorithm allow-list (required), external AAD, detached ciphertext (`detachedPayload`), tagging rule.
 * @returns The plaintext and headers.
 * @throws {CoseError} `EDECRYPT` (fixed message), `EALG`, `ECRIT`, `EINVALID`, `ETAG`, `EKEY`.
 *
 * @example Tampering is detected
 * ```ts
 * import { CoseError, createCoseEncrypt0, decryptCoseEncrypt0, generateCoseKey } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("ChaCha20/Poly1305");
 * const msg = await createCoseEncrypt0(new Uint8Array([1, 2, 3]), key);
 * msg[msg.length - 1] ^= 1;
 * await assert.rejects(decryptCoseEncrypt0(msg, key, { algorithms: ["ChaCha20/Poly1305"] }), (e) => e instanceof CoseError && e.code === "EDECRYPT");
 * ```
 */
export async function decryptCoseEncrypt0(
  message: Uint8Array,
  keys: CoseKey | readonly CoseKey[],
  options: CoseVerifyOptions,
): Promise<CoseDecryptResult> {
  const { layer, entry, content: ct } = openMessage(message, "encrypt0", options, "aead");
  const aad = encStructure("Encrypt0", layer.protectedBytes, options.externalAad ?? EMPTY);
  return await withKeys(keys, header(layer, H.kid), async (key) => {
    checkKeyAlg(key, entry);
    const plaintext = await openContent(
      entry,
      secretBytes(key),
      nonceOf(layer, key, entry),
      aad,
      ct,
    );
    return { plaintext, alg: entry.name, ...resultHeaders(layer) };
  });
}
