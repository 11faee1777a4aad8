// Copyright 2026 the wirekit authors. MIT license.
// importCoseKey / importCoseKeySet: COSE_Key and COSE_KeySet bytes to CoseKey.
import { decodeCbor } from "../cbor/mod.ts";
import { CoseError } from "./cose_error.ts";
import { CoseKey } from "./cose_key.ts";
import type { CoseLabel } from "./types.ts";

/** Options of {@linkcode importCoseKey} and {@linkcode importCoseKeySet}. */
export interface ImportCoseKeyOptions {
  /**
   * Largest input accepted, in bytes.
   * @default {1048576}
   */
  maxBytes?: number;
  /**
   * Most keys in a set.
   * @default {1024}
   */
  maxKeys?: number;
}

function decode(bytes: Uint8Array, options: ImportCoseKeyOptions): unknown {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("COSE_Key must be a Uint8Array");
  const maxBytes = options.maxBytes ?? 1048576;
  if (bytes.length > maxBytes) {
    throw new CoseError("ELIMIT", `COSE_Key of ${bytes.length} bytes exceeds maxBytes ${maxBytes}`);
  }
  try {
    return decodeCbor(bytes, { mapsAsObjects: false, rejectDuplicateKeys: true, maxDepth: 16 });
  } catch (cause) {
    throw new CoseError("EINVALID", "COSE_Key is not valid CBOR", { cause });
  }
}

/**
 * Decodes one COSE_Key (RFC 9052 section 7).
 *
 * @param bytes The encoded COSE_Key map.
 * @param options Size limit.
 * @returns The key.
 * @throws {CoseError} `EINVALID` for bad CBOR or a non-map, `EKEY` for an unusable key, `ELIMIT`.
 *
 * @example Importing a symmetric key
 * ```ts
 * import { importCoseKey } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * // {1: 4, -1: h'0102'}
 * const key = importCoseKey(new Uint8Array([0xa2, 0x01, 0x04, 0x20, 0x42, 0x01, 0x02]));
 * assert.equal(key.kty, "Symmetric");
 * ```
 */
export function importCoseKey(bytes: Uint8Array, options: ImportCoseKeyOptions = {}): CoseKey {
  const v = decode(bytes, options);
  if (!(v instanceof Map)) throw new CoseError("EINVALID", "COSE_Key is not a map");
  return new CoseKey(v as Map<CoseLabel, unknown>);
}

/**
 * Decodes a COSE_KeySet (an array of COSE_Key maps).
 *
 * @param bytes The encoded array.
 * @param options Size and count limits.
 * @returns The keys, in order.
 * @throws {CoseError} `EINVALID`, `EKEY`, `ELIMIT`.
 *
 * @example An empty set
 * ```ts
 * import { importCoseKeySet } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(importCoseKeySet(new Uint8Array([0x80])), []);
 * ```
 */
export function importCoseKeySet(bytes: Uint8Array, options: ImportCoseKeyOptions = {}): CoseKey[] {
  const v = decode(bytes, options);
  if (!Array.isArray(v)) throw new CoseError("EINVALID", "COSE_KeySet is not an array");
  const maxKeys = options.maxKeys ?? 1024;
  if (v.length > maxKeys) {
    throw new CoseError("ELIMIT", `COSE_KeySet of ${v.length} keys exceeds maxKeys ${maxKeys}`);
  }
  return v.map((m) => {
    if (!(m instanceof Map)) throw new CoseError("EINVALID", "COSE_KeySet entry is not a map");
    return new CoseKey(m as Map<CoseLabel, unknown>);
  });
}
