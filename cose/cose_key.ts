// Copyright 2026 the wirekit authors. MIT license.
// CoseKey: a validated COSE_Key (RFC 9052 section 7) held as its label map.
import { CoseError } from "./cose_error.ts";
import { algEntry } from "./_algorithms.ts";
import { CRV, KTY } from "./_tables.ts";

import type { CoseKeyType, CoseLabel } from "./types.ts";

/**
 * A COSE_Key (RFC 9052 section 7): the label/value map, checked for shape when
 * constructed, with named accessors. Build one with `importCoseKey`,
 * `coseKeyFromJwk` or `generateCoseKey`.
 *
 * @example Reading a symmetric key's fields
 * ```ts
 * import { CoseKey } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = new CoseKey(new Map<number | string, unknown>([[1, 4], [2, new Uint8Array([0x31])], [-1, new Uint8Array(32)]]));
 * assert.equal(key.kty, "Symmetric");
 * assert.deepEqual(key.kid, new Uint8Array([0x31]));
 * assert.equal(key.hasPrivate, true);
 * ```
 */
export class CoseKey {
  /** The COSE_Key map, labels to values. */
  readonly params: ReadonlyMap<CoseLabel, unknown>;

  /**
   * Validates and wraps a COSE_Key map.
   *
   * @param params The COSE_Key map (integer labels as numbers).
   * @throws {CoseError} `EKEY` when the map is not a usable COSE_Key.
   */
  constructor(params: ReadonlyMap<CoseLabel, unknown>) {
    if (!(params instanceof Map)) throw new TypeError("COSE_Key parameters must be a Map");
    this.params = new Map(params);
    const kty = KTY.get(params.get(1) as number);
    if (kty === undefined) {
      throw new CoseError("EKEY", `Unsupported COSE_Key kty ${String(params.get(1))}`);
    }
    const bytes = (label: number, name: string, required: boolean): void => {
      const v = params.get(label);
      if (v === undefined && !required) return;
      if (!(v instanceof Uint8Array)) {
        throw new CoseError("EKEY", `COSE_Key ${name} must be a byte string`);
      }
    };
    const kid = params.get(2);
    if (kid !== undefined && !(kid instanceof Uint8Array)) {
      throw new CoseError("EKEY", "COSE_Key kid must be a byte string");
    }
    const alg = params.get(3);
    if (alg !== undefined && typeof alg !== "number" && typeof alg !== "string") {
      throw new CoseError("EKEY", "COSE_Key alg must be an integer or text");
    }
    if (kty === "Symmetric") bytes(-1, "k", true);
    else if (kty === "EC2" || kty === "OKP") {
      const crv = CRV.get(params.get(-1) as number);
      if (crv === undefined) {
        throw new CoseError("EKEY", `Unsupported COSE_Key crv ${String(params.get(-1))}`);
      }
      const okp = crv === "X25519" || crv === "X448" || crv === "Ed25519" || crv === "Ed448";
      if (okp !== (kty === "OKP")) {
        throw new CoseError("EKEY", `Curve ${crv} does not belong to kty ${kty}`);
      }
      bytes(-4, "d", false);
      bytes(-2, "x", params.get(-4) === undefined);
      if (kty === "EC2") {
        const y = params.get(-3);
        if (y !== undefined && typeof y !== "boolean") bytes(-3, "y", true);
        if (params.get(-2) !== undefined && y === undefined) {
          throw new CoseError("EKEY", "COSE_Key y is missing");
        }
      }
    } else {
      bytes(-1, "n", true);
      bytes(-2, "e", true);
    }
  }

  /** Key type. */
  get kty(): CoseKeyType {
    return KTY.get(this.params.get(1) as number)!;
  }

  /** Key identifier, if any. */
  get kid(): Uint8Array | undefined {
    return this.params.get(2) as Uint8Array | undefined;
  }

  /** The algorithm the key is bound to (IANA name, or the raw value if unknown), if any. */
  get alg(): string | number | undefined {
    const a = this.params.get(3) as string | number | undefined;
    if (a === undefined) return undefined;
    return algEntry(a)?.name ?? a;
  }

  /** Curve name for EC2 and OKP keys. */
  get crv(): string | undefined {
    return CRV.get(this.params.get(-1) as number);
  }

  /** Whether the key holds private or secret material. */
  get hasPrivate(): boolean {
    if (this.kty === "Symmetric") return true;
    return this.params.get(this.kty === "RSA" ? -3 : -4) !== undefined;
  }
}
