// Copyright 2026 the wirekit authors. MIT license.
// COSE_Key <-> JWK conversion and WebCrypto key import (cached per key).
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { decodeBase64Url, encodeBase64Url } from "../_internal/base64.ts";
import type { Jwk } from "../jose/types.ts";
import { CoseError } from "./cose_error.ts";
import { CoseKey } from "./cose_key.ts";
import { algEntry } from "./_algorithms.ts";
import { CURVE_BYTES, curveId } from "./_tables.ts";
import type { CoseLabel } from "./types.ts";

const NIST = { "P-256": p256, "P-384": p384, "P-521": p521 } as const;

/** JWK algorithm names that differ from the COSE names. */
const JWK_ALG: Readonly<Record<string, string>> = {
  HS256: "HMAC 256/256",
  HS384: "HMAC 384/384",
  HS512: "HMAC 512/512",
  "RSA-OAEP": "RSAES-OAEP w/ SHA-1",
  "RSA-OAEP-256": "RSAES-OAEP w/ SHA-256",
  "RSA-OAEP-512": "RSAES-OAEP w/ SHA-512",
};

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function b64(v: unknown): string | undefined {
  return v instanceof Uint8Array ? encodeBase64Url(v) : undefined;
}

function unb64(jwk: Jwk, name: string): Uint8Array | undefined {
  const v = jwk[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new CoseError("EKEY", `JWK member "${name}" must be a string`);
  try {
    return decodeBase64Url(v);
  } catch (cause) {
    throw new CoseError("EKEY", `JWK member "${name}" is not base64url`, { cause });
  }
}

/** Decompresses an EC point given x and the sign bit of y. */
function decompress(crv: string, x: Uint8Array, ySign: boolean): Uint8Array {
  const curve = NIST[crv as keyof typeof NIST];
  if (!curve) throw new CoseError("EKEY", `Curve ${crv} has no compressed form`);
  const enc = new Uint8Array(x.length + 1);
  enc[0] = ySign ? 3 : 2;
  enc.set(x, 1);
  try {
    return curve.Point.fromBytes(enc).toBytes(false).slice(1 + x.length);
  } catch (cause) {
    throw new CoseError("EKEY", "COSE_Key point is not on the curve", { cause });
  }
}

/** Public part computed from the private scalar (keys that carry `d` only). */
export function publicFromPrivate(crv: string, d: Uint8Array): { x: Uint8Array; y?: Uint8Array } {
  try {
    if (crv === "Ed25519") return { x: ed25519.getPublicKey(d) };
    if (crv === "X25519") return { x: x25519.getPublicKey(d) };
    const curve = NIST[crv as keyof typeof NIST];
    if (curve) {
      const pub = curve.getPublicKey(d, false);
      const n = CURVE_BYTES[crv];
      return { x: pub.slice(1, 1 + n), y: pub.slice(1 + n) };
    }
  } catch (cause) {
    throw new CoseError("EKEY", "Invalid private key", { cause });
  }
  throw new CoseError("EKEY", `Unsupported curve ${crv}`);
}

/** The JWK form of a COSE key (private members included when `withPrivate`). */
export function toJwk(key: CoseKey, withPrivate: boolean): Jwk {
  const p = key.params;
  const jwk: Jwk = { kty: "" };
  switch (key.kty) {
    case "Symmetric":
      jwk.kty = "oct";
      if (withPrivate) jwk.k = b64(p.get(-1));
      break;
    case "EC2":
    case "OKP": {
      const crv = key.crv!;
      jwk.kty = key.kty === "EC2" ? "EC" : "OKP";
      jwk.crv = crv;
      let x = p.get(-2) as Uint8Array | undefined;
      let y = p.get(-3) as Uint8Array | boolean | undefined;
      const d = p.get(-4) as Uint8Array | undefined;
      if (x === undefined && d !== undefined) ({ x, y } = publicFromPrivate(crv, d));
      if (typeof y === "boolean") y = decompress(crv, x!, y);
      jwk.x = b64(x);
      if (key.kty === "EC2") jwk.y = b64(y);
      if (withPrivate && d) jwk.d = b64(d);
      break;
    }
    case "RSA": {
      jwk.kty = "RSA";
      jwk.n = b64(p.get(-1));
      jwk.e = b64(p.get(-2));
      if (withPrivate && p.get(-3) !== undefined) {
        const names = ["d", "p", "q", "dp", "dq", "qi"];
        names.forEach((n, i) => {
          const v = b64(p.get(-3 - i));
          if (v !== undefined) jwk[n] = v;
        });
      }
      break;
    }
  }
  const kid = key.kid;
  if (kid) {
    try {
      jwk.kid = strictUtf8.decode(kid);
    } catch {
      jwk.kid = encodeBase64Url(kid);
    }
  }
  const alg = key.alg;
  if (typeof alg === "string") {
    const jwkName = Object.entries(JWK_ALG).find(([, v]) => v === alg)?.[0];
    jwk.alg = jwkName ?? alg;
  }
  for (const k of Object.keys(jwk)) if (jwk[k] === undefined) delete jwk[k];
  return jwk;
}

/** A COSE key from a JWK. */
export function fromJwk(jwk: Jwk): CoseKey {
  if (jwk === null || typeof jwk !== "object") throw new TypeError("JWK must be an object");
  const m = new Map<CoseLabel, unknown>();
  const put = (label: number, v: unknown) => {
    if (v !== undefined) m.set(label, v);
  };
  switch (jwk.kty) {
    case "oct":
      m.set(1, 4);
      put(-1, unb64(jwk, "k"));
      break;
    case "EC":
    case "OKP": {
      m.set(1, jwk.kty === "EC" ? 2 : 1);
      const crv = curveId(String(jwk.crv));
      if (crv === undefined) {
        throw new CoseError("EKEY", `Unsupported JWK crv "${String(jwk.crv)}"`);
      }
      m.set(-1, crv);
      put(-2, unb64(jwk, "x"));
      if (jwk.kty === "EC") put(-3, unb64(jwk, "y"));
      put(-4, unb64(jwk, "d"));
      break;
    }
    case "RSA":
      m.set(1, 3);
      ["n", "e", "d", "p", "q", "dp", "dq", "qi"].forEach((n, i) => put(-1 - i, unb64(jwk, n)));
      break;
    default:
      throw new CoseError("EKEY", `Unsupported JWK kty "${String(jwk.kty)}"`);
  }
  if (typeof jwk.kid === "string") m.set(2, utf8.encode(jwk.kid));
  if (typeof jwk.alg === "string") {
    const name = JWK_ALG[jwk.alg] ?? jwk.alg;
    const entry = algEntry(name);
    if (!entry) throw new CoseError("EALG", `Unsupported JWK alg "${jwk.alg}"`);
    m.set(3, entry.id);
  }
  return new CoseKey(m);
}

// Imported WebCrypto keys per COSE key and purpose: the pending import, and
// the CryptoKey itself once it resolved (so a hit needs no await).
interface Slot {
  p: Promise<CryptoKey>;
  k?: CryptoKey;
}

const cache = new WeakMap<CoseKey, Map<string, Slot>>();

/**
 * Imports (once per key and purpose) the WebCrypto key for `algorithm` and
 * `usage`: the CryptoKey itself when already imported, else a promise of it.
 * `id` names the (algorithm, usage) pair in the cache; by default it is
 * derived from them.
 */
export function cryptoKey(
  key: CoseKey,
  algorithm: RsaHashedImportParams | EcKeyImportParams | Algorithm,
  usage: KeyUsage | "public",
  id: string = JSON.stringify([algorithm, usage]),
): CryptoKey | Promise<CryptoKey> {
  let m = cache.get(key);
  if (!m) cache.set(key, m = new Map());
  const slot = m.get(id);
  if (slot) return slot.k ?? slot.p;
  const priv = usage === "sign" || usage === "deriveBits" || usage === "decrypt" ||
    usage === "unwrapKey";
  if (priv && !key.hasPrivate) {
    return Promise.reject(new CoseError("EKEY", "Key has no private part"));
  }
  const jwk = toJwk(key, priv) as JsonWebKey;
  delete jwk.alg;
  delete (jwk as Jwk).kid;
  const fresh: Slot = {
    p: crypto.subtle.importKey("jwk", jwk, algorithm, false, usage === "public" ? [] : [usage])
      .then((k) => fresh.k = k, (cause) => {
        m.delete(id);
        throw new CoseError("EKEY", `Key cannot be used for ${usage}`, { cause });
      }),
  };
  m.set(id, fresh);
  return fresh.p;
}

/** Raw secret of a symmetric key. */
export function secretBytes(key: CoseKey): Uint8Array {
  if (key.kty !== "Symmetric") {
    throw new CoseError("EKEY", `Expected a symmetric key, got kty ${key.kty}`);
  }
  return key.params.get(-1) as Uint8Array;
}
