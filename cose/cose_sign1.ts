// Copyright 2026 the wirekit authors. MIT license.
// COSE_Sign1 (RFC 9052 section 4.2): one signer.
import { CoseError } from "./cose_error.ts";
import type { CoseKey } from "./cose_key.ts";
import { sign } from "./_crypto.ts";
import { firstVerifying } from "./_sig.ts";
import { EMPTY, openMessage, resultHeaders, startCreate } from "./_layer.ts";
import { encodeProtected, finish, header } from "./_message.ts";
import { encodeStructure } from "./_structure.ts";
import { H } from "./_tables.ts";
import type { CoseCreateOptions, CoseLabel, CoseVerifyOptions } from "./types.ts";

/** Options of {@linkcode createCoseSign1}. */
export interface CreateCoseSign1Options extends CoseCreateOptions {
  /** Algorithm, when neither header carries `alg` (written to the protected header); else the key's `alg`. */
  alg?: string | number;
}

/** What {@linkcode verifyCoseSign1} returns. */
export interface CoseSign1Result {
  /** The verified payload. */
  payload: Uint8Array;
  /** The algorithm's IANA name. */
  alg: string;
  /** Protected headers. */
  protectedHeaders: Map<CoseLabel, unknown>;
  /** Unprotected headers (not integrity protected). */
  unprotectedHeaders: Map<CoseLabel, unknown>;
  /** The key that verified the signature. */
  key: CoseKey;
}

/**
 * Signs a payload as a COSE_Sign1 message.
 *
 * @param payload The content.
 * @param key The signer's private key (EC2, OKP Ed25519 or RSA).
 * @param options Headers, external AAD, detached payload, tagging.
 * @returns The encoded message.
 * @throws {CoseError} `EALG` for an unknown algorithm or one the key is not bound to, `EKEY` for an unusable key.
 *
 * @example Sign and verify with Ed25519
 * ```ts
 * import { createCoseSign1, generateCoseKey, verifyCoseSign1 } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("EdDSA");
 * const msg = await createCoseSign1(new TextEncoder().encode("hi"), key, { unprotectedHeaders: { kid: "k1" } });
 * const out = await verifyCoseSign1(msg, key, { algorithms: ["EdDSA"] });
 * assert.equal(new TextDecoder().decode(out.payload), "hi");
 * ```
 */
export async function createCoseSign1(
  payload: Uint8Array,
  key: CoseKey,
  options: CreateCoseSign1Options = {},
): Promise<Uint8Array> {
  const { p, u, entry } = startCreate(payload, "Payload", options, key, "sign");
  const pb = encodeProtected(p);
  const tbs = encodeStructure("Signature1", [pb, options.externalAad ?? EMPTY, payload]);
  const sig = await sign(entry, key, tbs);
  return finish("sign1", [pb, u, options.detached ? null : payload, sig], options);
}

/**
 * Verifies a COSE_Sign1 message.
 *
 * @param message The encoded message (tagged or not).
 * @param keys The signer's public key, or candidate keys (matched by `kid`).
 * @param options The algorithm allow-list (required), external AAD, detached payload, tagging rule.
 * @returns The payload and headers.
 * @throws {CoseError} `ESIG` when no key verifies, `EALG`, `ECRIT`, `EINVALID`, `ETAG`, `EKEY`.
 *
 * @example Rejecting an algorithm that is not allowed
 * ```ts
 * import { CoseError, createCoseSign1, generateCoseKey, verifyCoseSign1 } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("ES256");
 * const msg = await createCoseSign1(new Uint8Array([1]), key);
 * await assert.rejects(verifyCoseSign1(msg, key, { algorithms: ["EdDSA"] }), (e) => e instanceof CoseError && e.code === "EALG");
 * ```
 */
export async function verifyCoseSign1(
  message: Uint8Array,
  keys: CoseKey | readonly CoseKey[],
  options: CoseVerifyOptions,
): Promise<CoseSign1Result> {
  const { arr, layer, entry, content: payload } = openMessage(message, "sign1", options, "sign");
  const sig = arr[3];
  if (!(sig instanceof Uint8Array)) {
    throw new CoseError("EINVALID", "COSE_Sign1 signature is not a byte string");
  }
  const tbs = encodeStructure("Signature1", [
    layer.protectedBytes,
    options.externalAad ?? EMPTY,
    payload,
  ]);
  const found = await firstVerifying(keys, header(layer, H.kid), entry, tbs, sig);
  return { payload, alg: entry.name, ...resultHeaders(layer), key: found };
}
