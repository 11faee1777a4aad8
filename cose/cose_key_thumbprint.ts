// Copyright 2026 the wirekit authors. MIT license.
// coseKeyThumbprint: COSE Key thumbprint (RFC 9679).
import { encodeCbor } from "../cbor/mod.ts";
import type { CoseKey } from "./cose_key.ts";
import { publicFromPrivate } from "./_keys.ts";
import type { CoseLabel } from "./types.ts";

/** Options of {@linkcode coseKeyThumbprint}. */
export interface CoseKeyThumbprintOptions {
  /**
   * Hash function.
   * @default {"SHA-256"}
   */
  hash?: "SHA-256" | "SHA-384" | "SHA-512";
}

const REQUIRED: Readonly<Record<string, readonly number[]>> = {
  OKP: [1, -1, -2],
  EC2: [1, -1, -2, -3],
  RSA: [1, -1, -2],
  Symmetric: [1, -1],
};

/**
 * Computes the thumbprint of a key (RFC 9679): the hash of the deterministic
 * CBOR encoding of its required public parameters.
 *
 * @param key The key (a private key gives the same thumbprint as its public key).
 * @param options Hash function.
 * @returns The thumbprint bytes.
 *
 * @example Same thumbprint for private and public key
 * ```ts
 * import { coseKeyThumbprint, exportCoseKey, generateCoseKey, importCoseKey } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("ES256");
 * const pub = importCoseKey(exportCoseKey(key));
 * assert.deepEqual(await coseKeyThumbprint(key), await coseKeyThumbprint(pub));
 * ```
 */
export async function coseKeyThumbprint(
  key: CoseKey,
  options: CoseKeyThumbprintOptions = {},
): Promise<Uint8Array> {
  const m = new Map<CoseLabel, unknown>();
  let derived: { x: Uint8Array; y?: Uint8Array } | undefined;
  if ((key.kty === "EC2" || key.kty === "OKP") && key.params.get(-2) === undefined) {
    derived = publicFromPrivate(key.crv!, key.params.get(-4) as Uint8Array);
  }
  for (const l of REQUIRED[key.kty]) {
    let v = key.params.get(l);
    if (derived && l === -2) v = derived.x;
    if (derived && l === -3) v = derived.y;
    m.set(l, v);
  }
  const bytes = encodeCbor(m, { deterministic: true });
  return new Uint8Array(
    await crypto.subtle.digest(options.hash ?? "SHA-256", bytes as Uint8Array<ArrayBuffer>),
  );
}
