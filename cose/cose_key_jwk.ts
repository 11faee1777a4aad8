// Copyright 2026 the wirekit authors. MIT license.
// coseKeyFromJwk / jwkFromCoseKey: conversion to and from JSON Web Keys.
import type { Jwk } from "../jose/types.ts";
import type { CoseKey } from "./cose_key.ts";
import { fromJwk, toJwk } from "./_keys.ts";

export type { Jwk };

/** Options of {@linkcode jwkFromCoseKey}. */
export interface JwkFromCoseKeyOptions {
  /**
   * Keep the private or secret members.
   * @default {false}
   */
  includePrivate?: boolean;
}

/**
 * Converts a JWK (EC, OKP, RSA or oct) to a COSE key. `kid` becomes its UTF-8
 * bytes; `alg` is mapped to the COSE identifier (`HS256` to HMAC 256/256 ...).
 *
 * @param jwk The JSON Web Key.
 * @returns The COSE key.
 * @throws {CoseError} `EKEY` for an unsupported or malformed key, `EALG` for an unknown `alg`.
 *
 * @example A P-256 public key
 * ```ts
 * import { coseKeyFromJwk } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = coseKeyFromJwk({
 *   kty: "EC", crv: "P-256", kid: "11",
 *   x: "usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8", y: "IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4",
 * });
 * assert.equal(key.kty, "EC2");
 * assert.equal(key.crv, "P-256");
 * ```
 */
export function coseKeyFromJwk(jwk: Jwk): CoseKey {
  return fromJwk(jwk);
}

/**
 * Converts a COSE key to a JWK (a `kid` that is not UTF-8 becomes base64url).
 *
 * @param key The COSE key.
 * @param options Whether to keep private members.
 * @returns The JSON Web Key.
 *
 * @example Round trip
 * ```ts
 * import { coseKeyFromJwk, jwkFromCoseKey } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const jwk = { kty: "oct", k: "hJtXIZ2uSN5kbQfbtTNWbg", kid: "our-secret" };
 * assert.deepEqual(jwkFromCoseKey(coseKeyFromJwk(jwk), { includePrivate: true }), jwk);
 * ```
 */
export function jwkFromCoseKey(key: CoseKey, options: JwkFromCoseKeyOptions = {}): Jwk {
  return toJwk(key, options.includePrivate ?? false);
}
