// Copyright 2026 the wirekit authors. MIT license.
// generateCoseKey: a fresh key for an algorithm.
import { CoseError } from "./cose_error.ts";
import { CoseKey } from "./cose_key.ts";
import { algEntry } from "./_algorithms.ts";
import { fromJwk } from "./_keys.ts";
import { randomBytes } from "./_message.ts";
import type { Jwk } from "../jose/types.ts";
import type { CoseLabel, RandomSource } from "./types.ts";

/** Options of {@linkcode generateCoseKey}. */
export interface GenerateCoseKeyOptions {
  /** Key identifier (text is encoded as UTF-8). */
  kid?: string | Uint8Array;
  /**
   * Curve for ECDH algorithms (`"P-256"`, `"P-384"`, `"P-521"`, `"X25519"`).
   * @default {"P-256"}
   */
  crv?: string;
  /**
   * RSA modulus length in bits (PS256/384/512, RSA-OAEP).
   * @default {2048}
   */
  modulusLength?: number;
  /**
   * Bind the key to the algorithm (`alg` parameter).
   * @default {true}
   */
  bindAlg?: boolean;
  /**
   * Random source for symmetric keys.
   * @default {crypto.getRandomValues}
   */
  random?: RandomSource;
}

/**
 * Generates a key for an algorithm: symmetric for MAC, AEAD, key wrap and
 * direct+HKDF; EC2 on the algorithm's curve for ECDSA; Ed25519 for EdDSA; RSA
 * for PS*; EC2 or X25519 (per `crv`) for ECDH.
 *
 * @param alg Algorithm name or identifier.
 * @param options Key id, curve, RSA size.
 * @returns The private (or secret) key.
 * @throws {CoseError} `EALG` for an unknown algorithm, `EUNSUPPORTED` when the runtime cannot generate it.
 *
 * @example An ES256 key
 * ```ts
 * import { generateCoseKey } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("ES256", { kid: "me" });
 * assert.equal(key.crv, "P-256");
 * assert.equal(key.alg, "ES256");
 * assert.equal(key.hasPrivate, true);
 * ```
 */
export async function generateCoseKey(
  alg: string | number,
  options: GenerateCoseKeyOptions = {},
): Promise<CoseKey> {
  const entry = algEntry(alg);
  if (!entry) throw new CoseError("EALG", `Unsupported algorithm ${JSON.stringify(alg)}`);
  let params: Map<CoseLabel, unknown>;
  const symmetric = (n: number) =>
    new Map<CoseLabel, unknown>([[1, 4], [-1, randomBytes(options.random, n)]]);
  const pair = async (
    algorithm: Algorithm | EcKeyGenParams | RsaHashedKeyGenParams,
    usages: KeyUsage[],
  ) => {
    try {
      const kp = await crypto.subtle.generateKey(algorithm, true, usages) as CryptoKeyPair;
      const jwk = await crypto.subtle.exportKey("jwk", kp.privateKey) as Jwk;
      // WebCrypto names the JOSE algorithm (e.g. "Ed25519", "RS256"): the COSE key gets its own.
      delete jwk.alg;
      return new Map(fromJwk(jwk).params);
    } catch (cause) {
      throw new CoseError("EUNSUPPORTED", `The runtime cannot generate a key for ${entry.name}`, {
        cause,
      });
    }
  };
  const rsa = (name: string) => ({
    name,
    modulusLength: options.modulusLength ?? 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: entry.hash,
  } as RsaHashedKeyGenParams);
  switch (entry.kind) {
    case "sign":
      if (entry.sig === "ECDSA") {
        params = await pair({ name: "ECDSA", namedCurve: entry.curve } as EcKeyGenParams, ["sign"]);
      } else if (entry.sig === "EdDSA") params = await pair({ name: "Ed25519" }, ["sign"]);
      else params = await pair(rsa("RSA-PSS"), ["sign"]);
      break;
    case "ecdh": {
      const crv = options.crv ?? "P-256";
      if (!["P-256", "P-384", "P-521", "X25519"].includes(crv)) {
        throw new RangeError(`Unsupported ECDH curve "${crv}"`);
      }
      params = await pair(
        crv === "X25519" ? { name: "X25519" } : { name: "ECDH", namedCurve: crv } as EcKeyGenParams,
        ["deriveBits"],
      );
      break;
    }
    case "rsa-oaep":
      params = await pair(rsa("RSA-OAEP"), ["decrypt"]);
      break;
    case "direct":
      throw new CoseError(
        "EALG",
        "direct has no key of its own: generate a key for the content algorithm",
      );
    default:
      params = symmetric(entry.keyBytes ?? 32);
  }
  if (options.kid !== undefined) {
    params.set(
      2,
      typeof options.kid === "string" ? new TextEncoder().encode(options.kid) : options.kid,
    );
  }
  if (options.bindAlg ?? true) params.set(3, entry.id);
  return new CoseKey(params);
}
