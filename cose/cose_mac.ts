// Copyright 2026 the wirekit authors. MIT license.
// COSE_Mac (RFC 9052 section 6.1): MAC with recipients.
import type { CoseKey } from "./cose_key.ts";
import { checkMac, macTag } from "./_content.ts";
import { EMPTY, openMessage, resultHeaders, startCreate, withCeks } from "./_layer.ts";
import { encodeProtected, finish, randomBytes } from "./_message.ts";
import {
  buildRecipients,
  type CoseRecipient,
  type CoseRecipientOptions,
  recoverCeks,
} from "./_recipients.ts";
import type { CoseCreateOptions, CoseLabel, CoseVerifyOptions } from "./types.ts";

export type { CoseRecipient, CoseRecipientOptions };

/** Options of {@linkcode createCoseMac}. */
export interface CreateCoseMacOptions extends CoseCreateOptions {
  /** MAC algorithm, when the headers carry no `alg`. */
  alg?: string | number;
}

/** Options of {@linkcode verifyCoseMac}. */
export interface VerifyCoseMacOptions extends CoseVerifyOptions, CoseRecipientOptions {}

/** What {@linkcode verifyCoseMac} returns. */
export interface CoseMacResult {
  /** The authenticated payload. */
  payload: Uint8Array;
  /** The MAC algorithm's IANA name. */
  alg: string;
  /** Protected headers. */
  protectedHeaders: Map<CoseLabel, unknown>;
  /** Unprotected headers. */
  unprotectedHeaders: Map<CoseLabel, unknown>;
}

/**
 * Authenticates a payload as a COSE_Mac message, the MAC key distributed to
 * each recipient.
 *
 * @param payload The content.
 * @param recipients The recipients and their key distribution.
 * @param options MAC algorithm, headers, external AAD, detached payload, tagging, random source.
 * @returns The encoded message.
 * @throws {CoseError} `EALG`, `EKEY`, `EINVALID` (a direct recipient among several).
 *
 * @example HMAC with an AES-wrapped key
 * ```ts
 * import { createCoseMac, generateCoseKey, verifyCoseMac } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const kek = await generateCoseKey("A128KW", { kid: "kek" });
 * const msg = await createCoseMac(new Uint8Array([9]), [{ key: kek, unprotectedHeaders: { kid: "kek" } }], { alg: "HMAC 256/256" });
 * const out = await verifyCoseMac(msg, kek, { algorithms: ["HMAC 256/256", "A128KW"] });
 * assert.deepEqual(out.payload, new Uint8Array([9]));
 * ```
 */
export async function createCoseMac(
  payload: Uint8Array,
  recipients: readonly CoseRecipient[],
  options: CreateCoseMacOptions = {},
): Promise<Uint8Array> {
  const { p, u, entry } = startCreate(payload, "Payload", options, undefined, "mac");
  const { cek, recipients: rs } = await buildRecipients(
    entry,
    recipients,
    options.random,
    () => randomBytes(options.random, entry.keyBytes!),
  );
  const pb = encodeProtected(p);
  const tag = await macTag(entry, cek, "MAC", pb, options.externalAad ?? EMPTY, payload);
  return finish("mac", [pb, u, options.detached ? null : payload, tag, rs], options);
}

/**
 * Verifies a COSE_Mac message with the key of one of its recipients.
 *
 * @param message The encoded message.
 * @param keys The recipient's key(s): symmetric, or the private key for ECDH and RSA.
 * @param options Allow-list covering the MAC and key distribution algorithms (required), external AAD, detached payload, sender keys.
 * @returns The payload and headers.
 * @throws {CoseError} `ESIG` (fixed message), `EDECRYPT` (key unwrap), `EKEY` (no recipient matched), `EALG`, `ECRIT`, `EINVALID`, `ETAG`.
 *
 * @example A direct recipient
 * ```ts
 * import { createCoseMac, generateCoseKey, verifyCoseMac } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("HMAC 256/256");
 * const msg = await createCoseMac(new Uint8Array([1]), [{ key, alg: "direct" }], { alg: "HMAC 256/256" });
 * const out = await verifyCoseMac(msg, key, { algorithms: ["HMAC 256/256", "direct"] });
 * assert.equal(out.alg, "HMAC 256/256");
 * ```
 */
export async function verifyCoseMac(
  message: Uint8Array,
  keys: CoseKey | readonly CoseKey[],
  options: VerifyCoseMacOptions,
): Promise<CoseMacResult> {
  const { arr, layer, entry, content: payload } = openMessage(message, "mac", options, "mac");
  const aad = options.externalAad ?? EMPTY;
  return await withCeks(recoverCeks(entry, arr[4], keys, options), async ({ cek }) => {
    await checkMac(entry, cek, "MAC", layer.protectedBytes, aad, payload, arr[3]);
    return { payload, alg: entry.name, ...resultHeaders(layer) };
  });
}
