// Copyright 2026 the wirekit authors. MIT license.
// The algorithm registry (RFC 9053 and RFC 8230): one entry per algorithm.
// Code below receives the resolved entry, never the raw identifier.

/** What an algorithm is used for. */
export type AlgKind =
  | "sign"
  | "mac"
  | "aead"
  | "keywrap"
  | "direct"
  | "direct-hkdf"
  | "ecdh"
  | "rsa-oaep";

/** One registry entry. */
export interface AlgEntry {
  /** IANA name. */
  readonly name: string;
  /** COSE algorithm identifier. */
  readonly id: number;
  readonly kind: AlgKind;
  /** Key length in bytes (symmetric algorithms, key wrap, derived keys). */
  readonly keyBytes?: number;
  /** Authentication tag length in bytes (MAC and AEAD). */
  readonly tagBytes?: number;
  /** Hash of signatures, HMAC, HKDF, RSA-OAEP. */
  readonly hash?: "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";
  /** Signature family. */
  readonly sig?: "ECDSA" | "EdDSA" | "PSS";
  /** ECDSA curve implied by the algorithm. */
  readonly curve?: string;
  /** AEAD cipher. */
  readonly cipher?: "GCM" | "CCM" | "ChaCha20-Poly1305";
  /** Nonce length in bytes (AEAD). */
  readonly nonceBytes?: number;
  /** MAC family. */
  readonly mac?: "HMAC" | "AES-MAC";
  /** Key agreement mode. */
  readonly ecdh?: "ES" | "SS";
  /** Key derivation PRF for HKDF-based modes. */
  readonly kdf?: "HMAC" | "AES";
  /** For ECDH with key wrap: the wrap algorithm's key length. */
  readonly wrapBytes?: number;
}

const e = (x: AlgEntry): AlgEntry => x;

const ENTRIES: readonly AlgEntry[] = [
  e({ name: "ES256", id: -7, kind: "sign", sig: "ECDSA", hash: "SHA-256", curve: "P-256" }),
  e({ name: "ES384", id: -35, kind: "sign", sig: "ECDSA", hash: "SHA-384", curve: "P-384" }),
  e({ name: "ES512", id: -36, kind: "sign", sig: "ECDSA", hash: "SHA-512", curve: "P-521" }),
  e({ name: "EdDSA", id: -8, kind: "sign", sig: "EdDSA" }),
  e({ name: "PS256", id: -37, kind: "sign", sig: "PSS", hash: "SHA-256" }),
  e({ name: "PS384", id: -38, kind: "sign", sig: "PSS", hash: "SHA-384" }),
  e({ name: "PS512", id: -39, kind: "sign", sig: "PSS", hash: "SHA-512" }),
  e({
    name: "HMAC 256/64",
    id: 4,
    kind: "mac",
    mac: "HMAC",
    hash: "SHA-256",
    keyBytes: 32,
    tagBytes: 8,
  }),
  e({
    name: "HMAC 256/256",
    id: 5,
    kind: "mac",
    mac: "HMAC",
    hash: "SHA-256",
    keyBytes: 32,
    tagBytes: 32,
  }),
  e({
    name: "HMAC 384/384",
    id: 6,
    kind: "mac",
    mac: "HMAC",
    hash: "SHA-384",
    keyBytes: 48,
    tagBytes: 48,
  }),
  e({
    name: "HMAC 512/512",
    id: 7,
    kind: "mac",
    mac: "HMAC",
    hash: "SHA-512",
    keyBytes: 64,
    tagBytes: 64,
  }),
  e({ name: "AES-MAC 128/64", id: 14, kind: "mac", mac: "AES-MAC", keyBytes: 16, tagBytes: 8 }),
  e({ name: "AES-MAC 256/64", id: 15, kind: "mac", mac: "AES-MAC", keyBytes: 32, tagBytes: 8 }),
  e({ name: "AES-MAC 128/128", id: 25, kind: "mac", mac: "AES-MAC", keyBytes: 16, tagBytes: 16 }),
  e({ name: "AES-MAC 256/128", id: 26, kind: "mac", mac: "AES-MAC", keyBytes: 32, tagBytes: 16 }),
  e({
    name: "A128GCM",
    id: 1,
    kind: "aead",
    cipher: "GCM",
    keyBytes: 16,
    tagBytes: 16,
    nonceBytes: 12,
  }),
  e({
    name: "A192GCM",
    id: 2,
    kind: "aead",
    cipher: "GCM",
    keyBytes: 24,
    tagBytes: 16,
    nonceBytes: 12,
  }),
  e({
    name: "A256GCM",
    id: 3,
    kind: "aead",
    cipher: "GCM",
    keyBytes: 32,
    tagBytes: 16,
    nonceBytes: 12,
  }),
  e({
    name: "AES-CCM-16-64-128",
    id: 10,
    kind: "aead",
    cipher: "CCM",
    keyBytes: 16,
    tagBytes: 8,
    nonceBytes: 13,
  }),
  e({
    name: "AES-CCM-16-64-256",
    id: 11,
    kind: "aead",
    cipher: "CCM",
    keyBytes: 32,
    tagBytes: 8,
    nonceBytes: 13,
  }),
  e({
    name: "AES-CCM-64-64-128",
    id: 12,
    kind: "aead",
    cipher: "CCM",
    keyBytes: 16,
    tagBytes: 8,
    nonceBytes: 7,
  }),
  e({
    name: "AES-CCM-64-64-256",
    id: 13,
    kind: "aead",
    cipher: "CCM",
    keyBytes: 32,
    tagBytes: 8,
    nonceBytes: 7,
  }),
  e({
    name: "AES-CCM-16-128-128",
    id: 30,
    kind: "aead",
    cipher: "CCM",
    keyBytes: 16,
    tagBytes: 16,
    nonceBytes: 13,
  }),
  e({
    name: "AES-CCM-16-128-256",
    id: 31,
    kind: "aead",
    cipher: "CCM",
    keyBytes: 32,
    tagBytes: 16,
    nonceBytes: 13,
  }),
  e({
    name: "AES-CCM-64-128-128",
    id: 32,
    kind: "aead",
    cipher: "CCM",
    keyBytes: 16,
    tagBytes: 16,
    nonceBytes: 7,
  }),
  e({
    name: "AES-CCM-64-128-256",
    id: 33,
    kind: "aead",
    cipher: "CCM",
    keyBytes: 32,
    tagBytes: 16,
    nonceBytes: 7,
  }),
  e({
    name: "ChaCha20/Poly1305",
    id: 24,
    kind: "aead",
    cipher: "ChaCha20-Poly1305",
    keyBytes: 32,
    tagBytes: 16,
    nonceBytes: 12,
  }),
  e({ name: "direct", id: -6, kind: "direct" }),
  e({ name: "A128KW", id: -3, kind: "keywrap", keyBytes: 16 }),
  e({ name: "A192KW", id: -4, kind: "keywrap", keyBytes: 24 }),
  e({ name: "A256KW", id: -5, kind: "keywrap", keyBytes: 32 }),
  e({ name: "direct+HKDF-SHA-256", id: -10, kind: "direct-hkdf", kdf: "HMAC", hash: "SHA-256" }),
  e({ name: "direct+HKDF-SHA-512", id: -11, kind: "direct-hkdf", kdf: "HMAC", hash: "SHA-512" }),
  e({ name: "direct+HKDF-AES-128", id: -12, kind: "direct-hkdf", kdf: "AES", keyBytes: 16 }),
  e({ name: "direct+HKDF-AES-256", id: -13, kind: "direct-hkdf", kdf: "AES", keyBytes: 32 }),
  e({ name: "ECDH-ES+HKDF-256", id: -25, kind: "ecdh", ecdh: "ES", kdf: "HMAC", hash: "SHA-256" }),
  e({ name: "ECDH-ES+HKDF-512", id: -26, kind: "ecdh", ecdh: "ES", kdf: "HMAC", hash: "SHA-512" }),
  e({ name: "ECDH-SS+HKDF-256", id: -27, kind: "ecdh", ecdh: "SS", kdf: "HMAC", hash: "SHA-256" }),
  e({ name: "ECDH-SS+HKDF-512", id: -28, kind: "ecdh", ecdh: "SS", kdf: "HMAC", hash: "SHA-512" }),
  e({
    name: "ECDH-ES+A128KW",
    id: -29,
    kind: "ecdh",
    ecdh: "ES",
    kdf: "HMAC",
    hash: "SHA-256",
    wrapBytes: 16,
  }),
  e({
    name: "ECDH-ES+A192KW",
    id: -30,
    kind: "ecdh",
    ecdh: "ES",
    kdf: "HMAC",
    hash: "SHA-256",
    wrapBytes: 24,
  }),
  e({
    name: "ECDH-ES+A256KW",
    id: -31,
    kind: "ecdh",
    ecdh: "ES",
    kdf: "HMAC",
    hash: "SHA-256",
    wrapBytes: 32,
  }),
  e({
    name: "ECDH-SS+A128KW",
    id: -32,
    kind: "ecdh",
    ecdh: "SS",
    kdf: "HMAC",
    hash: "SHA-256",
    wrapBytes: 16,
  }),
  e({
    name: "ECDH-SS+A192KW",
    id: -33,
    kind: "ecdh",
    ecdh: "SS",
    kdf: "HMAC",
    hash: "SHA-256",
    wrapBytes: 24,
  }),
  e({
    name: "ECDH-SS+A256KW",
    id: -34,
    kind: "ecdh",
    ecdh: "SS",
    kdf: "HMAC",
    hash: "SHA-256",
    wrapBytes: 32,
  }),
  e({ name: "RSAES-OAEP w/ SHA-1", id: -40, kind: "rsa-oaep", hash: "SHA-1" }),
  e({ name: "RSAES-OAEP w/ SHA-256", id: -41, kind: "rsa-oaep", hash: "SHA-256" }),
  e({ name: "RSAES-OAEP w/ SHA-512", id: -42, kind: "rsa-oaep", hash: "SHA-512" }),
];

const BY_ID: ReadonlyMap<number, AlgEntry> = new Map(ENTRIES.map((x) => [x.id, x]));
const BY_NAME: ReadonlyMap<string, AlgEntry> = new Map(ENTRIES.map((x) => [x.name, x]));

/** Every registered algorithm name. */
export const ALGORITHM_NAMES: readonly string[] = ENTRIES.map((x) => x.name);

/** Looks an algorithm up by identifier or name. */
export function algEntry(alg: unknown): AlgEntry | undefined {
  if (typeof alg === "number") return BY_ID.get(alg);
  if (typeof alg === "string") return BY_NAME.get(alg);
  return undefined;
}

/** Bytes of the key an AEAD or MAC algorithm needs, or the CEK length for a content algorithm. */
export function contentKeyBytes(entry: AlgEntry): number | undefined {
  return entry.keyBytes;
}
