// Copyright 2026 the wirekit authors. MIT license.
// COSE_Encrypt (RFC 9052 section 5.1): AEAD with recipients.
import { CoseError } from "./cose_error.ts";
import type { CoseKey } from "./cose_key.ts";
import type { CoseDecryptResult } from "./cose_encrypt0.ts";
import { encStructure, ensureIv, nonceOf, openContent, sealContent } from "./_content.ts";
import {
  allowedAlg,
  creationAlg,
  decodeKind,
  encodeProtected,
  finish,
  payloadOf,
  randomBytes,
  readLayer,
  toHeaderMap,
} from "./_message.ts";
import {
  buildRecipients,
  type CoseRecipient,
  type CoseRecipientOptions,
  recoverCeks,
} from "./_recipients.ts";
import type { CoseCreateOptions, CoseVerifyOptions } from "./types.ts";

const EMPTY = new Uint8Array(0);

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
  if (!(plaintext instanceof Uint8Array)) throw new TypeError("Plaintext must be a Uint8Array");
  const p = toHeaderMap(options.protectedHeaders);
  const u = toHeaderMap(options.unprotectedHeaders);
  const entry = creationAlg(p, u, options.alg, undefined);
  if (entry.kind !== "aead") {
    throw new CoseError("EALG", `${entry.name} is not a content encryption algorithm`);
  }
  let cekFirst: Uint8Array | undefined;
  const { cek, recipients: rs, contentKey } = await buildRecipients(
    entry,
    recipients,
    options.random,
    () => {
      cekFirst = randomBytes(options.random, entry.keyBytes!);
      ensureIv(p, u, entry, options.random);
      return cekFirst;
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
  const arr = decodeKind(message, "encrypt", options);
  const layer = readLayer(arr, "COSE_Encrypt", options.understoodCrit);
  const entry = allowedAlg(layer, options, "COSE_Encrypt");
  if (entry.kind !== "aead") {
    throw new CoseError("EALG", `${entry.name} is not a content encryption algorithm`);
  }
  const ct = payloadOf(arr[2], options.detachedPayload, "COSE_Encrypt");
  const aad = encStructure("Encrypt", layer.protectedBytes, options.externalAad ?? EMPTY);
  let err: unknown;
  for await (const { cek, contentKey } of recoverCeks(entry, arr[3], keys, options)) {
    try {
      // A Partial IV takes the base IV of a direct recipient's key (RFC 9052 section 3.1).
      const nonce = nonceOf(layer, contentKey, entry);
      const plaintext = await openContent(entry, cek, nonce, aad, ct);
      return {
        plaintext,
        alg: entry.name,
        protectedHeaders: layer.protected,
        unprotectedHeaders: layer.unprotected,
      };
    } catch (e) {
      if (!(e instanceof CoseError)) throw e;
      err = e;
    }
  }
  throw err;
}
