// Copyright 2026 the wirekit authors. MIT license.
// COSE_Mac0 (RFC 9052 section 6.2): MAC with an implicit key.
import type { CoseKey } from "./cose_key.ts";
import { checkMac, macTag } from "./_content.ts";
import { secretBytes } from "./_keys.ts";
import { EMPTY, openMessage, resultHeaders, startCreate, withKeys } from "./_layer.ts";
import { checkKeyAlg, encodeProtected, finish, header } from "./_message.ts";
import { H } from "./_tables.ts";
import type { CoseCreateOptions, CoseLabel, CoseVerifyOptions } from "./types.ts";

/** Options of {@linkcode createCoseMac0}. */
export interface CreateCoseMac0Options extends CoseCreateOptions {
  /** Algorithm, when neither header carries `alg`; else the key's `alg`. */
  alg?: string | number;
}

/** What {@linkcode verifyCoseMac0} returns. */
export interface CoseMac0Result {
  /** The authenticated payload. */
  payload: Uint8Array;
  /** The algorithm's IANA name. */
  alg: string;
  /** Protected headers. */
  protectedHeaders: Map<CoseLabel, unknown>;
  /** Unprotected headers. */
  unprotectedHeaders: Map<CoseLabel, unknown>;
  /** The key that verified the tag. */
  key: CoseKey;
}

/**
 * Authenticates a payload as a COSE_Mac0 message.
 *
 * @param payload The content.
 * @param key The shared symmetric key.
 * @param options Headers, external AAD, detached payload, tagging.
 * @returns The encoded message.
 * @throws {CoseError} `EALG`, `EKEY`.
 *
 * @example HMAC 256/256
 * ```ts
 * import { createCoseMac0, generateCoseKey, verifyCoseMac0 } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("HMAC 256/256");
 * const msg = await createCoseMac0(new Uint8Array([1, 2, 3]), key);
 * const out = await verifyCoseMac0(msg, key, { algorithms: ["HMAC 256/256"] });
 * assert.deepEqual(out.payload, new Uint8Array([1, 2, 3]));
 * ```
 */
export async function createCoseMac0(
  payload: Uint8Array,
  key: CoseKey,
  options: CreateCoseMac0Options = {},
): Promise<Uint8Array> {
  const { p, u, entry } = startCreate(payload, "Payload", options, key, "mac");
  const pb = encodeProtected(p);
  const tag = await macTag(
    entry,
    secretBytes(key),
    "MAC0",
    pb,
    options.externalAad ?? EMPTY,
    payload,
  );
  return finish("mac0", [pb, u, options.detached ? null : payload, tag], options);
}

/**
 * Verifies a COSE_Mac0 message.
 *
 * @param message The encoded message.
 * @param keys The shared key, or candidate keys (matched by `kid`).
 * @param options The algorithm allow-list (required), external AAD, detached payload, tagging rule.
 * @returns The payload and headers.
 * @throws {CoseError} `ESIG` (fixed message) when the tag does not match, `EALG`, `ECRIT`, `EINVALID`, `ETAG`, `EKEY`.
 *
 * @example A wrong key fails
 * ```ts
 * import { CoseError, createCoseMac0, generateCoseKey, verifyCoseMac0 } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const msg = await createCoseMac0(new Uint8Array([1]), await generateCoseKey("HMAC 256/256"));
 * const other = await generateCoseKey("HMAC 256/256");
 * await assert.rejects(verifyCoseMac0(msg, other, { algorithms: ["HMAC 256/256"] }), (e) => e instanceof CoseError && e.code === "ESIG");
 * ```
 */
export async function verifyCoseMac0(
  message: Uint8Array,
  keys: CoseKey | readonly CoseKey[],
  options: CoseVerifyOptions,
): Promise<CoseMac0Result> {
  const { arr, layer, entry, content: payload } = openMessage(message, "mac0", options, "mac");
  const aad = options.externalAad ?? EMPTY;
  return await withKeys(keys, header(layer, H.kid), async (key) => {
    checkKeyAlg(key, entry);
    await checkMac(entry, secretBytes(key), "MAC0", layer.protectedBytes, aad, payload, arr[3]);
    return { payload, alg: entry.name, ...resultHeaders(layer), key };
  });
}
