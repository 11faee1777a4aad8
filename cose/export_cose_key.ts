// Copyright 2026 the wirekit authors. MIT license.
// exportCoseKey / exportCoseKeySet: CoseKey to COSE_Key and COSE_KeySet bytes.
import { encodeCbor } from "../cbor/mod.ts";
import type { CoseKey } from "./cose_key.ts";
import type { CoseLabel } from "./types.ts";

/** Options of {@linkcode exportCoseKey}. */
export interface ExportCoseKeyOptions {
  /**
   * Keep the private or secret parameters; otherwise only the public key is written
   * (a symmetric key then has no key material).
   * @default {false}
   */
  includePrivate?: boolean;
}

const PRIVATE: Readonly<Record<string, readonly number[]>> = {
  OKP: [-4],
  EC2: [-4],
  RSA: [-3, -4, -5, -6, -7, -8, -9, -10, -11, -12],
  Symmetric: [-1],
};

function strip(key: CoseKey, options: ExportCoseKeyOptions): Map<CoseLabel, unknown> {
  const m = new Map(key.params);
  if (!options.includePrivate) { for (const l of PRIVATE[key.kty]) m.delete(l); }
  return m;
}

/**
 * Encodes a key as a COSE_Key map (deterministic encoding).
 *
 * @param key The key.
 * @param options Whether to keep private parameters.
 * @returns The encoded COSE_Key.
 *
 * @example Public part of an Ed25519 key
 * ```ts
 * import { exportCoseKey, generateCoseKey, importCoseKey } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("EdDSA");
 * const pub = importCoseKey(exportCoseKey(key));
 * assert.equal(pub.hasPrivate, false);
 * ```
 */
export function exportCoseKey(key: CoseKey, options: ExportCoseKeyOptions = {}): Uint8Array {
  return encodeCbor(strip(key, options), { deterministic: true });
}

/**
 * Encodes keys as a COSE_KeySet.
 *
 * @param keys The keys.
 * @param options Whether to keep private parameters.
 * @returns The encoded COSE_KeySet.
 *
 * @example Two keys
 * ```ts
 * import { exportCoseKeySet, generateCoseKey, importCoseKeySet } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const set = exportCoseKeySet([await generateCoseKey("ES256"), await generateCoseKey("EdDSA")]);
 * assert.equal(importCoseKeySet(set).length, 2);
 * ```
 */
export function exportCoseKeySet(
  keys: readonly CoseKey[],
  options: ExportCoseKeyOptions = {},
): Uint8Array {
  return encodeCbor(keys.map((k) => strip(k, options)), { deterministic: true });
}
