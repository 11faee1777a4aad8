// Copyright 2026 the wirekit authors. MIT license.
// Cryptographic primitives on WebCrypto; @noble/ciphers for ChaCha20-Poly1305
// (absent from WebCrypto). AES-CCM and AES-CBC-MAC are composed from
// WebCrypto's AES-CTR and AES-CBC.
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { concatBytes } from "../_internal/bytes.ts";
import { CoseError } from "./cose_error.ts";
import type { CoseKey } from "./cose_key.ts";
import type { AlgEntry } from "./_algorithms.ts";
import { cryptoKey } from "./_keys.ts";

/** Fixed message of signature failures. */
export const SIG_FAILED = "Signature verification failed";
/** Fixed message of MAC failures. */
export const MAC_FAILED = "MAC verification failed";
/** Fixed message of decryption failures. */
export const DECRYPT_FAILED = "Decryption failed";

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** Constant-time comparison of two byte strings. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

/** Concatenates byte strings. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(parts);
}

function buf(b: Uint8Array): Uint8Array<ArrayBuffer> {
  return b as Uint8Array<ArrayBuffer>;
}

// Imported secret keys, cached per key byte string (the CoseKey's own bytes
// for Mac0/Encrypt0, so repeated operations with one key import it once):
// the pending import, and the CryptoKey once it resolved (a hit needs no await).
interface RawSlot {
  p: Promise<CryptoKey>;
  k?: CryptoKey;
}

const rawCache = new WeakMap<Uint8Array, Map<string, RawSlot>>();

/** How a raw secret is imported: the cache id, the import algorithm and the one usage. */
interface RawSpec {
  id: string;
  alg: string | HmacImportParams;
  usage: KeyUsage;
}

function rawSpec(algorithm: string, hash: string | undefined, usage: KeyUsage): RawSpec {
  return {
    id: `${algorithm}|${hash ?? ""}|${usage}`,
    alg: hash ? { name: algorithm, hash } : algorithm,
    usage,
  };
}

// Made once, so a cache hit builds no string or object.
const AES_CBC_ENCRYPT = rawSpec("AES-CBC", undefined, "encrypt");
const AES_CTR_ENCRYPT = rawSpec("AES-CTR", undefined, "encrypt");
const AES_GCM_ENCRYPT = rawSpec("AES-GCM", undefined, "encrypt");
const AES_GCM_DECRYPT = rawSpec("AES-GCM", undefined, "decrypt");
const HMAC_SPECS: Readonly<Record<string, { sign: RawSpec; verify: RawSpec }>> = Object.fromEntries(
  ["SHA-256", "SHA-384", "SHA-512"].map((h) => [
    h,
    { sign: rawSpec("HMAC", h, "sign"), verify: rawSpec("HMAC", h, "verify") },
  ]),
);

function hmacSpec(hash: string | undefined, usage: "sign" | "verify"): RawSpec {
  const s = HMAC_SPECS[hash!];
  if (!s) throw new CoseError("EALG", `HMAC with ${String(hash)} is not supported`);
  return s[usage];
}

function rawKey(key: Uint8Array, spec: RawSpec): CryptoKey | Promise<CryptoKey> {
  let m = rawCache.get(key);
  if (!m) rawCache.set(key, m = new Map());
  const id = spec.id;
  const slot = m.get(id);
  if (slot) return slot.k ?? slot.p;
  const fresh: RawSlot = {
    p: subtle().importKey("raw", buf(key), spec.alg, false, [spec.usage]).then((k) => fresh.k = k),
  };
  fresh.p.catch(() => m.delete(id));
  m.set(id, fresh);
  return fresh.p;
}

const HASH_BYTES: Readonly<Record<string, number>> = {
  "SHA-256": 32,
  "SHA-384": 48,
  "SHA-512": 64,
};

interface SignParams {
  imp: Algorithm;
  op: Algorithm;
  /** Cache id of the imported key (without the usage). */
  id: string;
  /** Cache ids of the signing and the verifying key. */
  signId: string;
  verifyId: string;
}

// Import and operation parameters per algorithm and curve, made once (no
// string is built on a hit).
const signParamCache = new WeakMap<AlgEntry, Map<string, SignParams>>();

function signParams(entry: AlgEntry, key: CoseKey): SignParams {
  const kty = key.kty;
  const crv = key.crv;
  switch (entry.sig) {
    case "ECDSA":
      if (kty !== "EC2") {
        throw new CoseError("EKEY", `${entry.name} needs an EC2 key, got ${kty}`);
      }
      break;
    case "EdDSA":
      if (kty !== "OKP" || crv !== "Ed25519") {
        throw new CoseError(
          "EKEY",
          `EdDSA needs an Ed25519 OKP key, got ${kty} ${crv ?? ""}`.trim(),
        );
      }
      break;
    case "PSS":
      if (kty !== "RSA") {
        throw new CoseError("EKEY", `${entry.name} needs an RSA key, got ${kty}`);
      }
      break;
    default:
      throw new CoseError("EALG", `${entry.name} is not a signature algorithm`);
  }
  let byCurve = signParamCache.get(entry);
  if (!byCurve) signParamCache.set(entry, byCurve = new Map());
  let sp = byCurve.get(crv ?? "");
  if (!sp) {
    switch (entry.sig) {
      case "ECDSA":
        sp = {
          imp: { name: "ECDSA", namedCurve: crv! } as EcKeyImportParams,
          op: { name: "ECDSA", hash: entry.hash } as EcdsaParams,
          id: `sig|ECDSA|${crv}`,
          signId: "",
          verifyId: "",
        };
        break;
      case "EdDSA":
        sp = {
          imp: { name: "Ed25519" },
          op: { name: "Ed25519" },
          id: "sig|Ed25519",
          signId: "",
          verifyId: "",
        };
        break;
      default:
        sp = {
          imp: { name: "RSA-PSS", hash: entry.hash } as RsaHashedImportParams,
          op: { name: "RSA-PSS", saltLength: HASH_BYTES[entry.hash!] } as RsaPssParams,
          id: `sig|RSA-PSS|${entry.hash}`,
          signId: "",
          verifyId: "",
        };
    }
    sp.signId = sp.id + "|sign";
    sp.verifyId = sp.id + "|verify";
    byCurve.set(crv ?? "", sp);
  }
  return sp;
}

/** Signs `data` with `key`. */
export async function sign(entry: AlgEntry, key: CoseKey, data: Uint8Array): Promise<Uint8Array> {
  const { imp, op, signId } = signParams(entry, key);
  const kk = cryptoKey(key, imp, "sign", signId);
  const k = kk instanceof Promise ? await kk : kk;
  return new Uint8Array(await subtle().sign(op, k, buf(data)));
}

/** Verifies a signature; false on any mismatch. */
export async function verify(
  entry: AlgEntry,
  key: CoseKey,
  data: Uint8Array,
  sig: Uint8Array,
): Promise<boolean> {
  const { imp, op, verifyId } = signParams(entry, key);
  const kk = cryptoKey(key, imp, "verify", verifyId);
  const k = kk instanceof Promise ? await kk : kk;
  try {
    return await subtle().verify(op, k, buf(sig), buf(data));
  } catch {
    return false;
  }
}

/** AES-CBC-MAC (zero IV, zero padding to the block size): the full last block. */
export async function aesCbcMac(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const padded = new Uint8Array(Math.max(16, Math.ceil(data.length / 16) * 16));
  padded.set(data);
  const kk = rawKey(key, AES_CBC_ENCRYPT);
  const k = kk instanceof Promise ? await kk : kk;
  const out = new Uint8Array(
    await subtle().encrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, k, padded),
  );
  return out.slice(padded.length - 16, padded.length);
}

/** Computes a MAC tag. */
export async function mac(entry: AlgEntry, key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (entry.mac === "HMAC") {
    const kk = rawKey(key, hmacSpec(entry.hash, "sign"));
    const k = kk instanceof Promise ? await kk : kk;
    const t = new Uint8Array(await subtle().sign("HMAC", k, buf(data)));
    return t.length === entry.tagBytes ? t : t.slice(0, entry.tagBytes);
  }
  return (await aesCbcMac(key, data)).slice(0, entry.tagBytes);
}

/**
 * Checks a MAC tag: WebCrypto's own HMAC verification (a constant-time
 * compare, one call) when the tag is the full hash, else the tag is computed
 * and compared in constant time.
 */
export async function macVerify(
  entry: AlgEntry,
  key: Uint8Array,
  data: Uint8Array,
  tag: Uint8Array,
): Promise<boolean> {
  if (entry.mac === "HMAC" && entry.tagBytes === HASH_BYTES[entry.hash!]) {
    const kk = rawKey(key, hmacSpec(entry.hash, "verify"));
    const k = kk instanceof Promise ? await kk : kk;
    return await subtle().verify("HMAC", k, buf(tag), buf(data));
  }
  return equalBytes(await mac(entry, key, data), tag);
}

// Deno accepts only 32, 64 and 128-bit counters; CCM's message length limit
// (2^(8L) bytes) keeps the counter below 2^(8L-4), so a wider counter field
// never carries differently.
async function ctr(
  key: Uint8Array,
  counter: Uint8Array,
  lBits: number,
  data: Uint8Array,
): Promise<Uint8Array> {
  if (data.length - 16 >= 2 ** lBits) {
    throw new CoseError("ELIMIT", `Message too long for AES-CCM with L=${lBits / 8}`);
  }
  const bits = lBits <= 32 ? 32 : 64;
  const k = await rawKey(key, AES_CTR_ENCRYPT);
  return new Uint8Array(
    await subtle().encrypt({ name: "AES-CTR", counter: buf(counter), length: bits }, k, buf(data)),
  );
}

/** CBC-MAC over B0, the encoded AAD and the message (RFC 3610 section 2.2). */
async function ccmTag(
  entry: AlgEntry,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  msg: Uint8Array,
) {
  const L = 15 - nonce.length;
  const M = entry.tagBytes!;
  const b0 = new Uint8Array(16);
  b0[0] = (aad.length > 0 ? 64 : 0) | (((M - 2) / 2) << 3) | (L - 1);
  b0.set(nonce, 1);
  let len = msg.length;
  for (let i = 15; i > 15 - L; i--) {
    b0[i] = len & 0xff;
    len = Math.floor(len / 256);
  }
  let aadHead: Uint8Array;
  if (aad.length === 0) aadHead = new Uint8Array(0);
  else if (aad.length < 0xff00) aadHead = new Uint8Array([aad.length >> 8, aad.length & 0xff]);
  else {
    aadHead = new Uint8Array([0xff, 0xfe, 0, 0, 0, 0]);
    new DataView(aadHead.buffer).setUint32(2, aad.length);
  }
  const pad = (b: Uint8Array) => concat(b, new Uint8Array((16 - (b.length % 16)) % 16));
  const t = await aesCbcMac(key, concat(b0, pad(concat(aadHead, aad)), pad(msg)));
  return t.slice(0, M);
}

function ccmCounter(nonce: Uint8Array): Uint8Array {
  const a0 = new Uint8Array(16);
  a0[0] = 15 - nonce.length - 1;
  a0.set(nonce, 1);
  return a0;
}

/** AEAD encryption: ciphertext || tag. */
export async function aeadEncrypt(
  entry: AlgEntry,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Promise<Uint8Array> {
  checkAead(entry, key, nonce);
  switch (entry.cipher) {
    case "GCM": {
      const kk = rawKey(key, AES_GCM_ENCRYPT);
      const k = kk instanceof Promise ? await kk : kk;
      return new Uint8Array(
        await subtle().encrypt(
          { name: "AES-GCM", iv: buf(nonce), additionalData: buf(aad), tagLength: 128 },
          k,
          buf(plaintext),
        ),
      );
    }
    case "CCM": {
      const t = await ccmTag(entry, key, nonce, aad, plaintext);
      const s = await ctr(
        key,
        ccmCounter(nonce),
        (15 - nonce.length) * 8,
        concat(new Uint8Array(16), plaintext),
      );
      const tag = t.map((b, i) => b ^ s[i]);
      return concat(s.subarray(16), tag);
    }
    default:
      return chacha20poly1305(key, nonce, aad).encrypt(plaintext);
  }
}

function checkAead(entry: AlgEntry, key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== entry.keyBytes) {
    throw new CoseError(
      "EKEY",
      `${entry.name} needs a ${entry.keyBytes}-byte key, got ${key.length}`,
    );
  }
  if (nonce.length !== entry.nonceBytes) {
    throw new CoseError(
      "EINVALID",
      `${entry.name} needs a ${entry.nonceBytes}-byte IV, got ${nonce.length}`,
    );
  }
}

/** AEAD decryption; throws the fixed `EDECRYPT` error on any failure. */
export async function aeadDecrypt(
  entry: AlgEntry,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  ciphertext: Uint8Array,
): Promise<Uint8Array> {
  checkAead(entry, key, nonce);
  const fail = () => new CoseError("EDECRYPT", DECRYPT_FAILED);
  if (ciphertext.length < entry.tagBytes!) throw fail();
  try {
    switch (entry.cipher) {
      case "GCM": {
        const kk = rawKey(key, AES_GCM_DECRYPT);
        const k = kk instanceof Promise ? await kk : kk;
        return new Uint8Array(
          await subtle().decrypt(
            { name: "AES-GCM", iv: buf(nonce), additionalData: buf(aad), tagLength: 128 },
            k,
            buf(ciphertext),
          ),
        );
      }
      case "CCM": {
        const M = entry.tagBytes!;
        const body = ciphertext.subarray(0, ciphertext.length - M);
        const s = await ctr(
          key,
          ccmCounter(nonce),
          (15 - nonce.length) * 8,
          concat(new Uint8Array(16), body),
        );
        const pt = s.slice(16);
        const t = await ccmTag(entry, key, nonce, aad, pt);
        const expected = t.map((b, i) => b ^ s[i]);
        if (!equalBytes(expected, ciphertext.subarray(ciphertext.length - M))) throw fail();
        return pt;
      }
      default:
        return chacha20poly1305(key, nonce, aad).decrypt(ciphertext);
    }
  } catch {
    throw fail();
  }
}

/** AES key wrap (RFC 3394). */
export async function wrapKey(kek: Uint8Array, cek: Uint8Array): Promise<Uint8Array> {
  const k = await subtle().importKey("raw", buf(kek), "AES-KW", false, ["wrapKey"]);
  const c = await subtle().importKey("raw", buf(cek), { name: "HMAC", hash: "SHA-256" }, true, [
    "sign",
  ]);
  return new Uint8Array(await subtle().wrapKey("raw", c, k, "AES-KW"));
}

/** AES key unwrap; the fixed `EDECRYPT` error on failure. */
export async function unwrapKey(kek: Uint8Array, wrapped: Uint8Array): Promise<Uint8Array> {
  try {
    const k = await subtle().importKey("raw", buf(kek), "AES-KW", false, ["unwrapKey"]);
    const c = await subtle().unwrapKey(
      "raw",
      buf(wrapped),
      k,
      "AES-KW",
      { name: "HMAC", hash: "SHA-256" },
      true,
      [
        "sign",
      ],
    );
    return new Uint8Array(await subtle().exportKey("raw", c));
  } catch {
    throw new CoseError("EDECRYPT", DECRYPT_FAILED);
  }
}

/** HKDF with HMAC (RFC 5869), or with AES-CBC-MAC as the PRF and no extract step (RFC 9053 section 5.1). */
export async function hkdf(
  prf: "HMAC" | "AES",
  hash: string | undefined,
  secret: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
  length: number,
): Promise<Uint8Array> {
  if (prf === "HMAC") {
    const k = await subtle().importKey("raw", buf(secret), "HKDF", false, ["deriveBits"]);
    return new Uint8Array(
      await subtle().deriveBits(
        { name: "HKDF", hash: hash!, salt: buf(salt), info: buf(info) },
        k,
        length * 8,
      ),
    );
  }
  const out: Uint8Array[] = [];
  let t: Uint8Array = new Uint8Array(0);
  let n = 0;
  for (let i = 1; n < length; i++) {
    t = await aesCbcMac(secret, concat(t, info, new Uint8Array([i])));
    out.push(t);
    n += t.length;
  }
  return concat(...out).slice(0, length);
}

const ECDH_BITS: Readonly<Record<string, number>> = {
  "P-256": 256,
  "P-384": 384,
  "P-521": 528,
  X25519: 256,
};

/** ECDH shared secret between a private and a public key of the same curve. */
export async function ecdh(priv: CoseKey, pub: CoseKey): Promise<Uint8Array> {
  const crv = priv.crv;
  if (!crv || crv !== pub.crv || ECDH_BITS[crv] === undefined) {
    throw new CoseError(
      "EKEY",
      `ECDH needs two keys on the same supported curve, got ${crv} and ${pub.crv}`,
    );
  }
  const alg = crv === "X25519"
    ? { name: "X25519" }
    : { name: "ECDH", namedCurve: crv } as EcKeyImportParams;
  const sk = await cryptoKey(priv, alg, "deriveBits");
  const pk = await cryptoKey(pub, alg, "public");
  return new Uint8Array(
    await subtle().deriveBits(
      { name: alg.name, public: pk } as EcdhKeyDeriveParams,
      sk,
      ECDH_BITS[crv],
    ),
  );
}

/** RSA-OAEP key transport. */
export async function rsaOaep(
  entry: AlgEntry,
  key: CoseKey,
  data: Uint8Array,
  op: "encrypt" | "decrypt",
): Promise<Uint8Array> {
  if (key.kty !== "RSA") throw new CoseError("EKEY", `${entry.name} needs an RSA key`);
  const k = await cryptoKey(
    key,
    { name: "RSA-OAEP", hash: entry.hash } as RsaHashedImportParams,
    op,
  );
  if (op === "encrypt") {
    return new Uint8Array(await subtle().encrypt({ name: "RSA-OAEP" }, k, buf(data)));
  }
  try {
    return new Uint8Array(await subtle().decrypt({ name: "RSA-OAEP" }, k, buf(data)));
  } catch {
    throw new CoseError("EDECRYPT", DECRYPT_FAILED);
  }
}
