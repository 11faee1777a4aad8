// Copyright 2026 the wirekit authors. MIT license.
// COSE_Encrypt (RFC 9052 section 5.1): AEAD with recipients.
import type { CoseKey } from "./cose_key.ts";
import type { CoseDecryptResult } from "./cose_encrypt0.ts";
import { encStructure, ensureIv, nonceOf, openContent, sealContent } from "./_content.ts";
import { EMPTY, openMessage, resultHeaders, startCreate, withCeks } from "./_layer.ts";
import { encodeProtected, finish, randomBytes } from "./_message.ts";
import {
  buildRecipients,
  type CoseRecipient,
  type CoseRecipientOptions,
  recoverCeks,
} from "./_recipients.ts";
import type { CoseCreateOptions, CoseVerifyOptions } from "./types.ts";

/** Options of {@linkcode createCoseEncrypt}. */
export interface CreateCoseEncryptOptions extends CoseCreateOptions {
  /** Content encryption algorithm, when the headers carry no `alg`. */
  alg?: string | number;
}

/** Options of {@linkcode decryptCoseEncrypt}. */
export interface DecryptCoseEncryptOptions extends CoseVerifyOptions, CoseRecipientOptions {}

/**
 * Encrypts content as a COSE_Encrypt message, the content key distributed to
 * each recipient (direct, direct+HKDF, AES key wrap, ECDH-ES/SS, RSA-OAEP).
 * An AES key wrap recipient may have nested recipients of its own
 * (`recipients`), which receive its key wrap key. With a `Partial IV` header
 * and a direct recipient, the nonce is the recipient key's base IV (COSE_Key
 * label 5) XOR the left-padded Partial IV (RFC 9052 section 3.1).
 *
 * @param plaintext The content.
 * @param recipients The recipients and their key distribution.
 * @param options Content algorithm, headers, external AAD, detached ciphertext, tagging, random source.
 * @returns The encoded message.
 * @throws {CoseError} `EALG`, `EKEY`, `EINVALID` (a direct recipient among several).
 *
 * @example ECDH-ES with HKDF-256 to a P-256 key
 * ```ts
 * import { createCoseEncrypt, decryptCoseEncrypt, generateCoseKey } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const bob = await generateCoseKey("ECDH-ES+HKDF-256", { crv: "P-256", kid: "bob" });
 * const msg = await createCoseEncrypt(new Uint8Array([5]), [{ key: bob, unprotectedHeaders: { kid: "bob" } }], { alg: "A128GCM" });
 * const out = await decryptCoseEncrypt(msg, bob, { algorithms: ["A128GCM", "ECDH-ES+HKDF-256"] });
 * assert.deepEqual(out.plaintext, new Uint8Array([5]));
 * ```
 */
export async function createCoseEncrypt(
  plaintext: Uint8Array,
  recipients: readonly CoseRecipient[],
  options: CreateCoseEncryptOptions = {},
): Promise<Uint8Array> {
  const { p, u, entry } = startCreate(plaintext, "Plaintext", options, undefined, "aead");
  // The content key is drawn before the IV (the order of the examples' rng_stream).
  const { cek, recipients: rs, contentKey } = await buildRecipients(
    entry,
    recipients,
    options.random,
    () => {
      const cek = randomBytes(options.random, entry.keyBytes!);
      ensureIv(p, u, entry, options.random);
      return cek;
    },
  );
  ensureIv(p, u, entry, options.random);
  const pb = encodeProtected(p);
  const ct = await sealContent(
    entry,
    cek,
    nonceOf({ protected: p, unprotected: u }, contentKey, entry),
    encStructure("Encrypt", pb, options.externalAad ?? EMPTY),
    plaintext,
  );
  return finish("encrypt", [pb, u, options.detached ? null : ct, rs], options);
}

/**
 * Decrypts a COSE_Encrypt message with the key of one of its recipients.
 *
 * @param message The encoded message.
 * @param keys The recipient's key(s): symmetric, or the private key for ECDH and RSA.
 * @param options Allow-list covering the content and key distribution algorithms (required), external AAD, detached ciphertext, sender keys.
 * @returns The plaintext and headers.
 * @throws {CoseError} `EDECRYPT` (fixed message), `EKEY` (no recipient matched), `EALG`, `ECRIT`, `EINVALID`, `ETAG`.
 *
 * @example AES key wrap
 * ```ts
 * import { createCoseEncrypt, decryptCoseEncrypt, generateCoseKey } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const kek = await generateCoseKey("A256KW");
 * const msg = await createCoseEncrypt(new Uint8Array([1]), [{ key: kek }], { alg: "A256GCM" });
 * const out = await decryptCoseEncrypt(msg, kek, { algorithms: ["A256GCM", "A256KW"] });
 * assert.equal(out.alg, "A256GCM");
 * ```
 */
export async function decryptCoseEncrypt(
  message: Uint8Array,
  keys: CoseKey | readonly CoseKey[],
  options: DecryptCoseEncryptOptions,
): Promise<CoseDecryptResult> {
  const { arr, layer, entry, content: ct } = openMessage(message, "encrypt", options, "aead");
  const aad = encStructure("Encrypt", layer.protectedBytes, options.externalAad ?? EMPTY);
  return await withCeks(recoverCeks(entry, arr[3], keys, options), async ({ cek, contentKey }) => {
    // A Partial IV takes the base IV of a direct recipient's key (RFC 9052 section 3.1).
    const nonce = nonceOf(layer, contentKey, entry);
    const plaintext = await openContent(entry, cek, nonce, aad, ct);
    return { plaintext, alg: entry.name, ...resultHeaders(layer) };
  });
}
