// Copyright 2026 the wirekit authors. MIT license.
// Content layer helpers shared by the MAC and encryption messages.
import { CoseError } from "./cose_error.ts";
import type { CoseKey } from "./cose_key.ts";
import type { AlgEntry } from "./_algorithms.ts";
import { aeadDecrypt, aeadEncrypt, mac, MAC_FAILED, macVerify } from "./_crypto.ts";
import { header, type HeaderMap, type Layer, randomNonce } from "./_message.ts";
import { encodeStructure } from "./_structure.ts";
import { H } from "./_tables.ts";
import type { RandomSource } from "./types.ts";

/** The nonce of a layer: its IV, or the key's base IV combined with the Partial IV. */
export function nonceOf(
  layer: Pick<Layer, "protected" | "unprotected">,
  key: CoseKey | undefined,
  entry: AlgEntry,
): Uint8Array {
  const iv = header(layer as Layer, H.iv);
  if (iv instanceof Uint8Array) return iv;
  const partial = header(layer as Layer, H.partialIv);
  if (partial instanceof Uint8Array) {
    const base = key?.params.get(5);
    if (!(base instanceof Uint8Array)) {
      throw new CoseError("EKEY", "Partial IV needs a key with a base IV");
    }
    const n = entry.nonceBytes!;
    if (partial.length > n || base.length > n) {
      throw new CoseError("EINVALID", "Partial IV is longer than the nonce");
    }
    const out = new Uint8Array(n);
    out.set(base);
    for (let i = 0; i < partial.length; i++) out[n - partial.length + i] ^= partial[i];
    return out;
  }
  throw new CoseError("EINVALID", "Message has no IV");
}

/** Adds a random IV to the unprotected headers unless one (or a Partial IV) is there. */
export function ensureIv(
  p: HeaderMap,
  u: HeaderMap,
  entry: AlgEntry,
  random: RandomSource | undefined,
): void {
  const has = (l: number) => p.has(l) || u.has(l);
  if (!has(H.iv) && !has(H.partialIv)) u.set(H.iv, randomNonce(random, entry.nonceBytes!));
}

/** Enc_structure. */
export function encStructure(
  context: string,
  protectedBytes: Uint8Array,
  aad: Uint8Array,
): Uint8Array {
  return encodeStructure(context, [protectedBytes, aad]);
}

/** Encrypts with an AEAD entry. */
export function sealContent(
  entry: AlgEntry,
  cek: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  pt: Uint8Array,
): Promise<Uint8Array> {
  if (entry.kind !== "aead") {
    throw new CoseError("EALG", `${entry.name} is not a content encryption algorithm`);
  }
  return aeadEncrypt(entry, cek, nonce, aad, pt);
}

/** Decrypts with an AEAD entry. */
export function openContent(
  entry: AlgEntry,
  cek: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  ct: Uint8Array,
): Promise<Uint8Array> {
  return aeadDecrypt(entry, cek, nonce, aad, ct);
}

function checkMacKey(entry: AlgEntry, key: Uint8Array): void {
  if (entry.kind !== "mac") throw new CoseError("EALG", `${entry.name} is not a MAC algorithm`);
  if (entry.mac === "AES-MAC" && key.length !== entry.keyBytes) {
    throw new CoseError(
      "EKEY",
      `${entry.name} needs a ${entry.keyBytes}-byte key, got ${key.length}`,
    );
  }
  if (key.length === 0) throw new CoseError("EKEY", "MAC key is empty");
}

/** MAC_structure tag. */
export function macTag(
  entry: AlgEntry,
  key: Uint8Array,
  context: string,
  pb: Uint8Array,
  aad: Uint8Array,
  payload: Uint8Array,
): Promise<Uint8Array> {
  checkMacKey(entry, key);
  return mac(entry, key, encodeStructure(context, [pb, aad, payload]));
}

/** Checks a MAC tag; the fixed `ESIG` error when it does not match. */
export async function checkMac(
  entry: AlgEntry,
  key: Uint8Array,
  context: string,
  pb: Uint8Array,
  aad: Uint8Array,
  payload: Uint8Array,
  tag: unknown,
): Promise<void> {
  if (!(tag instanceof Uint8Array)) {
    throw new CoseError("EINVALID", `${context} tag is not a byte string`);
  }
  checkMacKey(entry, key);
  const ok = await macVerify(entry, key, encodeStructure(context, [pb, aad, payload]), tag);
  if (!ok) throw new CoseError("ESIG", MAC_FAILED);
}
