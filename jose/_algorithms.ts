// Copyright 2026 the wirekit authors. MIT license.
// The algorithm registry: one entry per JOSE algorithm name. Code below the
// table works on the resolved entry, never on the raw string.

/** How the secret of an "oct" key is held for this algorithm. */
export type SecretForm =
  | { readonly name: "HMAC"; readonly hash: string; readonly minBytes: number }
  | { readonly name: "AES-KW"; readonly bytes: number }
  | { readonly name: "AES-GCM"; readonly bytes: number }
  | { readonly name: "dir" }
  | { readonly name: "PBES2" };

/** One JWS or JWE key-management algorithm. */
export interface AlgEntry {
  readonly alg: string;
  /** "sig" for JWS algorithms, "enc" for JWE key management. */
  readonly use: "sig" | "enc";
  /** Key types that fit. */
  readonly kty: readonly string[];
  /** Required curve(s) for EC/OKP keys. */
  readonly crv?: readonly string[];
  /** For oct keys: how to import the secret. */
  readonly secret?: SecretForm;
}

function sig(alg: string, kty: string, extra: Partial<AlgEntry> = {}): AlgEntry {
  return { alg, use: "sig", kty: [kty], ...extra };
}
function enc(alg: string, kty: readonly string[], extra: Partial<AlgEntry> = {}): AlgEntry {
  return { alg, use: "enc", kty, ...extra };
}

const ENTRIES: readonly AlgEntry[] = [
  sig("HS256", "oct", { secret: { name: "HMAC", hash: "SHA-256", minBytes: 32 } }),
  sig("HS384", "oct", { secret: { name: "HMAC", hash: "SHA-384", minBytes: 48 } }),
  sig("HS512", "oct", { secret: { name: "HMAC", hash: "SHA-512", minBytes: 64 } }),
  sig("RS256", "RSA"),
  sig("RS384", "RSA"),
  sig("RS512", "RSA"),
  sig("PS256", "RSA"),
  sig("PS384", "RSA"),
  sig("PS512", "RSA"),
  sig("ES256", "EC", { crv: ["P-256"] }),
  sig("ES384", "EC", { crv: ["P-384"] }),
  sig("ES512", "EC", { crv: ["P-521"] }),
  sig("EdDSA", "OKP", { crv: ["Ed25519"] }),
  sig("Ed25519", "OKP", { crv: ["Ed25519"] }),
  enc("RSA-OAEP", ["RSA"]),
  enc("RSA-OAEP-256", ["RSA"]),
  enc("RSA-OAEP-384", ["RSA"]),
  enc("RSA-OAEP-512", ["RSA"]),
  enc("ECDH-ES", ["EC", "OKP"], { crv: ["P-256", "P-384", "P-521", "X25519"] }),
  enc("ECDH-ES+A128KW", ["EC", "OKP"], { crv: ["P-256", "P-384", "P-521", "X25519"] }),
  enc("ECDH-ES+A192KW", ["EC", "OKP"], { crv: ["P-256", "P-384", "P-521", "X25519"] }),
  enc("ECDH-ES+A256KW", ["EC", "OKP"], { crv: ["P-256", "P-384", "P-521", "X25519"] }),
  enc("A128KW", ["oct"], { secret: { name: "AES-KW", bytes: 16 } }),
  enc("A192KW", ["oct"], { secret: { name: "AES-KW", bytes: 24 } }),
  enc("A256KW", ["oct"], { secret: { name: "AES-KW", bytes: 32 } }),
  enc("A128GCMKW", ["oct"], { secret: { name: "AES-GCM", bytes: 16 } }),
  enc("A192GCMKW", ["oct"], { secret: { name: "AES-GCM", bytes: 24 } }),
  enc("A256GCMKW", ["oct"], { secret: { name: "AES-GCM", bytes: 32 } }),
  enc("dir", ["oct"], { secret: { name: "dir" } }),
  enc("PBES2-HS256+A128KW", ["oct"], { secret: { name: "PBES2" } }),
  enc("PBES2-HS384+A192KW", ["oct"], { secret: { name: "PBES2" } }),
  enc("PBES2-HS512+A256KW", ["oct"], { secret: { name: "PBES2" } }),
];

const TABLE: ReadonlyMap<string, AlgEntry> = new Map(ENTRIES.map((e) => [e.alg, e]));

/** The entry of a JWS/JWE key-management algorithm, or undefined. */
export function algEntry(alg: string): AlgEntry | undefined {
  return TABLE.get(alg);
}

/** Every algorithm name of the registry. */
export const ALGORITHMS: readonly string[] = ENTRIES.map((e) => e.alg);

/** Content-encryption algorithms with their CEK size in bytes. */
export const CONTENT_ENCRYPTION: ReadonlyMap<string, number> = new Map([
  ["A128GCM", 16],
  ["A192GCM", 24],
  ["A256GCM", 32],
  ["A128CBC-HS256", 32],
  ["A192CBC-HS384", 48],
  ["A256CBC-HS512", 64],
]);

/** The JWS algorithm implied by a curve when a signing JWK has no `alg`. */
export function curveImpliedAlg(kty: string, crv: unknown): string | undefined {
  if (kty === "EC") {
    return crv === "P-256"
      ? "ES256"
      : crv === "P-384"
      ? "ES384"
      : crv === "P-521"
      ? "ES512"
      : undefined;
  }
  if (kty === "OKP" && crv === "Ed25519") return "EdDSA";
  return undefined;
}

const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ["RSA1_5", "RSAES-PKCS1-v1_5 key encryption is in neither jose v6 nor WebCrypto"],
  ["ES256K", "secp256k1 is not a WebCrypto curve"],
  ["Ed448", "Ed448 is not supported by jose v6"],
  ["none", "unsecured JWS is never accepted"],
]);

/** The error message for an algorithm outside the registry. */
export function unsupportedMessage(alg: string): string {
  const why = UNSUPPORTED.get(alg);
  return `Unsupported algorithm ${JSON.stringify(alg)}${why ? ` (${why})` : ""}`;
}
