// Copyright 2026 the wirekit authors. MIT license.
// Label tables: key types, curves, header and key parameter labels.
import type { CoseKeyType } from "./types.ts";

/** Key types by COSE `kty` value. */
export const KTY: ReadonlyMap<number, CoseKeyType> = new Map([[1, "OKP"], [2, "EC2"], [3, "RSA"], [
  4,
  "Symmetric",
]]);

/** Curves by COSE `crv` value. */
export const CRV: ReadonlyMap<number, string> = new Map([
  [1, "P-256"],
  [2, "P-384"],
  [3, "P-521"],
  [4, "X25519"],
  [5, "X448"],
  [6, "Ed25519"],
  [7, "Ed448"],
]);

/** COSE curve identifier of a curve name. */
export function curveId(name: string): number | undefined {
  for (const [k, v] of CRV) if (v === name) return k;
  return undefined;
}

/** Coordinate size in bytes per curve. */
export const CURVE_BYTES: Readonly<Record<string, number>> = {
  "P-256": 32,
  "P-384": 48,
  "P-521": 66,
  "X25519": 32,
  "Ed25519": 32,
};

/** Header labels (RFC 9052 section 3.1, RFC 9053, RFC 9338). */
export const H = {
  alg: 1,
  crit: 2,
  contentType: 3,
  kid: 4,
  iv: 5,
  partialIv: 6,
  counterSignature: 7,
  counterSignature0: 9,
  kidContext: 10,
  counterSignatureV2: 11,
  counterSignature0V2: 12,
  x5bag: 32,
  x5chain: 33,
  x5t: 34,
  x5u: 35,
  ephemeralKey: -1,
  staticKey: -2,
  staticKeyId: -3,
  salt: -20,
  partyUIdentity: -21,
  partyUNonce: -22,
  partyUOther: -23,
  partyVIdentity: -24,
  partyVNonce: -25,
  partyVOther: -26,
} as const;

/** Header names accepted in object form, to labels. */
export const HEADER_NAMES: Readonly<Record<string, number>> = {
  alg: 1,
  crit: 2,
  content_type: 3,
  contentType: 3,
  ctyp: 3,
  kid: 4,
  IV: 5,
  iv: 5,
  Partial_IV: 6,
  partialIv: 6,
  counter_signature: 7,
  CounterSignature0: 9,
  kid_context: 10,
  CounterSignatureV2: 11,
  CounterSignature0V2: 12,
  x5bag: 32,
  x5chain: 33,
  x5t: 34,
  x5u: 35,
  epk: -1,
  ephemeral_key: -1,
  static_key: -2,
  static_key_id: -3,
  salt: -20,
  "PartyU identity": -21,
  "PartyU nonce": -22,
  "PartyU other": -23,
  "PartyV identity": -24,
  "PartyV nonce": -25,
  "PartyV other": -26,
};

/** Labels whose processing this module implements (for `crit`). */
export const UNDERSTOOD: ReadonlySet<number> = new Set([
  1,
  2,
  3,
  4,
  5,
  6,
  7,
  9,
  11,
  12,
  -1,
  -2,
  -3,
  -20,
  -21,
  -22,
  -23,
  -24,
  -25,
  -26,
]);

/** CBOR tags of the message types. */
export const TAGS = {
  sign: 98,
  sign1: 18,
  mac: 97,
  mac0: 17,
  encrypt: 96,
  encrypt0: 16,
  cwt: 61,
} as const;
