// Copyright 2026 the wirekit authors. MIT license.
// Runner for the COSE WG examples (github.com/cose-wg/Examples): maps the
// example JSON format onto wirekit/cose calls.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { decodeBase64Url, encodeBase64Url } from "../../_internal/base64.ts";
import {
  type CoseCountersignTarget,
  CoseError,
  type CoseKey,
  coseKeyFromJwk,
  type CoseRecipient,
  countersignCose,
  createCoseEncrypt,
  createCoseEncrypt0,
  createCoseMac,
  createCoseMac0,
  createCoseSign,
  createCoseSign1,
  decryptCoseEncrypt,
  decryptCoseEncrypt0,
  type Jwk,
  verifyCoseCountersignatures,
  verifyCoseMac,
  verifyCoseMac0,
  verifyCoseSign,
  verifyCoseSign1,
  verifyCwt,
} from "../../cose/mod.ts";
import { CoseKey as CoseKeyClass } from "../../cose/cose_key.ts";
import { CborTag, decodeCbor, encodeCbor } from "../../cbor/mod.ts";
import { Buffer } from "node:buffer";
import { sharedDir } from "../_util.ts";

export const EXAMPLES_DIR: string = join(sharedDir, "conformance", "cose-wg-Examples");

// deno-lint-ignore no-explicit-any
type J = any;

export function unhex(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("").toUpperCase();
}

const utf8 = new TextEncoder();

/** Example algorithm names to registry names. */
export function algName(n: string): string {
  const m = /^AES-CCM-(\d+)-(\d+)\/(\d+)$/.exec(n);
  if (m) return `AES-CCM-${m[1]}-${m[3]}-${m[2]}`;
  const mac = /^AES-MAC-(\d+)\/(\d+)$/.exec(n);
  if (mac) return `AES-MAC ${mac[1]}/${mac[2]}`;
  const table: Record<string, string> = {
    "HS256/64": "HMAC 256/64",
    HS256: "HMAC 256/256",
    HS384: "HMAC 384/384",
    HS512: "HMAC 512/512",
    "ChaCha-Poly1305": "ChaCha20/Poly1305",
    "HKDF-HMAC-SHA-256": "direct+HKDF-SHA-256",
    "HKDF-HMAC-SHA-512": "direct+HKDF-SHA-512",
    "HKDF-AES-128": "direct+HKDF-AES-128",
    "HKDF-AES-256": "direct+HKDF-AES-256",
    "ECDH-ES": "ECDH-ES+HKDF-256",
    "ECDH-ES-256": "ECDH-ES+HKDF-256",
    "ECDH-ES-512": "ECDH-ES+HKDF-512",
    "ECDH-SS": "ECDH-SS+HKDF-256",
    "ECDH-SS-256": "ECDH-SS+HKDF-256",
    "ECDH-SS-512": "ECDH-SS+HKDF-512",
    "RSA-PSS-256": "PS256",
    "RSA-PSS-384": "PS384",
    "RSA-PSS-512": "PS512",
    "RSA-OAEP": "RSAES-OAEP w/ SHA-1",
    "RSA-OAEP-256": "RSAES-OAEP w/ SHA-256",
    "RSA-OAEP-512": "RSAES-OAEP w/ SHA-512",
  };
  const kw = /^ECDH-(ES|SS)[-+](A\d+KW)$/.exec(n);
  if (kw) return `ECDH-${kw[1]}+${kw[2]}`;
  return table[n] ?? n;
}

/** Algorithms this runner treats as out of scope, with the reason. */
export const OUT_OF_SCOPE: Record<string, string> = {
  "HSS-LMS": "HSS-LMS hash-based signatures are out of the issue's scope",
};

/** Examples with a written reason why they are skipped. */
export const SKIPPED: Record<string, string> = {
  "eddsa-examples/eddsa-02.json": "Ed448 is out of the issue's scope (EdDSA over Ed25519)",
  "eddsa-examples/eddsa-sig-02.json": "Ed448 is out of the issue's scope (EdDSA over Ed25519)",
};

/**
 * Examples that are themselves wrong, with the exact outcome the runner
 * checks instead of a pass.
 *
 * x509-examples signed-01/02 write the signer's kid as a text string
 * (`6E 416C696365...`, although their cbor_diag shows h'...'); RFC 9052
 * section 3.1 makes kid a bstr, so verifyCoseSign rejects the signer with
 * EINVALID. The kid is unprotected (not covered by the signature), so the
 * runner then re-encodes it as a byte string and checks that the published
 * signature verifies and the payload matches.
 */
export const WRONG_EXAMPLES: Record<string, { code: string; message: RegExp }> = {
  "x509-examples/signed-01.json": { code: "EINVALID", message: /kid is not a byte string/ },
  "x509-examples/signed-02.json": { code: "EINVALID", message: /kid is not a byte string/ },
};

/**
 * RFC8152 Appendix C.4.1 and C.4.2 give the key as k "hJtXhkV8FJG-Onbc6mxCcY":
 * 22 characters whose last one carries non-zero pad bits. RFC 4648 section
 * 3.5 lets a decoder reject that, and coseKeyFromJwk does (runExample checks
 * it). The runner reads such a k as the examples' generator did, dropping the
 * pad bits, and runExample checks the bytes against the example's own
 * intermediates.CEK_hex.
 */
function lenientK(k: string): string | undefined {
  try {
    decodeBase64Url(k);
    return undefined;
  } catch {
    return encodeBase64Url(new Uint8Array(Buffer.from(k, "base64url")));
  }
}

/** Checks an example key's non-canonical k (see lenientK); an error message, or undefined. */
function checkKeyQuirk(j: J): string | undefined {
  const o = j.input.encrypted ?? j.input.enveloped ?? j.input.mac0 ?? j.input.mac;
  for (const r of o?.recipients ?? []) {
    const k = r.key?.k;
    if (typeof k !== "string" || lenientK(k) === undefined) continue;
    try {
      coseKeyFromJwk({ kty: "oct", k });
      return `coseKeyFromJwk accepted the non-canonical k ${k}`;
    } catch (e) {
      if (!(e instanceof CoseError) || e.code !== "EKEY") return `k ${k} rejected with ${e}`;
    }
    const bytes = hex(decodeBase64Url(lenientK(k)!));
    if (bytes !== j.intermediates?.CEK_hex) {
      return `k ${k} read as ${bytes}, the example's CEK is ${j.intermediates?.CEK_hex}`;
    }
  }
  return undefined;
}

/**
 * The context IV of a Partial IV example. RFC8152 Appendix C.4.2 and
 * aes-gcm-05 send a Partial IV and give the full IV as "unsent" (the context
 * IV was agreed out of band); the runner puts that context IV into the key
 * as its Base IV (COSE_Key label 5): full IV XOR left-padded Partial IV
 * (RFC 9052 section 3.1).
 */
function contextIv(o: J): Uint8Array | undefined {
  const partial = o.unprotected?.partialIV_hex ?? o.protected?.partialIV_hex;
  const full = o.unsent?.IV_hex;
  if (partial === undefined || full === undefined) return undefined;
  const iv = unhex(full);
  const p = unhex(partial);
  for (let i = 0; i < p.length; i++) iv[iv.length - p.length + i] ^= p[i];
  return iv;
}

/** The example key for a recipient of a layer, with the layer's context IV as its Base IV. */
function withBaseIv(key: CoseKey, o: J): CoseKey {
  const base = contextIv(o);
  if (base === undefined) return key;
  const m = new Map(key.params);
  m.set(5, base);
  return new CoseKeyClass(m);
}

/** The recipients that hold keys: nested recipients replace their parent. */
function leafRecipients(rs: J[] | undefined): J[] {
  return (rs ?? []).flatMap((r: J) => (r.recipients ? leafRecipients(r.recipients) : [r]));
}

/** The example's key for a recipient, without its kid: the example pairs key and recipient itself. */
function recipientKey(k: J): CoseKey {
  return withoutKid(exampleKey(k));
}

function withoutKid(key: CoseKey): CoseKey {
  const m = new Map(key.params);
  m.delete(2);
  return new CoseKeyClass(m);
}

/** A COSE key from an example key (JWK with *_hex variants). */
export function exampleKey(k: J): CoseKey {
  const jwk: Jwk = { kty: k.kty === "EC2" ? "EC" : k.kty };
  for (const [name, v] of Object.entries(k)) {
    if (
      name === "kty" || name === "kid" || name === "kid_hex" || name === "use" || name === "comment"
    ) continue;
    if (name === "k" && lenientK(v as string) !== undefined) {
      jwk.k = lenientK(v as string);
    } else if (name.endsWith("_hex")) {
      const base = name.slice(0, -4);
      jwk[base === "dP" ? "dp" : base === "dQ" ? "dq" : base] = encodeBase64Url(unhex(v as string));
    } else jwk[name] = v;
  }
  const key = coseKeyFromJwk(jwk);
  const kid = k.kid_hex !== undefined
    ? unhex(k.kid_hex)
    : k.kid !== undefined
    ? utf8.encode(k.kid)
    : undefined;
  if (kid === undefined) return key;
  const m = new Map(key.params);
  m.set(2, kid);
  return new CoseKeyClass(m);
}

const HEADER_LABELS: Record<string, number> = {
  alg: 1,
  crit: 2,
  ctyp: 3,
  kid: 4,
  kid_hex: 4,
  IV_hex: 5,
  partialIV_hex: 6,
  salt: -20,
  apu_id: -21,
  apu_nonce: -22,
  apu_nonce_hex: -22,
  apu_other: -23,
  apv_id: -24,
  apv_nonce: -25,
  apv_other: -26,
  spk_kid: -3,
  spk_kid_hex: -3,
};

/** Example header object to a COSE header map; undefined when it holds something the runner cannot rebuild. */
export function exampleHeaders(h: J | undefined): Map<number | string, unknown> | undefined {
  const m = new Map<number | string, unknown>();
  if (!h) return m;
  for (const [name, v] of Object.entries(h)) {
    const label = HEADER_LABELS[name];
    if (label === undefined) return undefined;
    if (name === "alg") m.set(1, algId(v as string));
    else if (name === "ctyp") m.set(3, v);
    else if (name.endsWith("_hex")) m.set(label, unhex(v as string));
    else if (typeof v === "string") m.set(label, utf8.encode(v));
    else m.set(label, v);
  }
  // The examples' generator writes header labels in ascending order.
  return new Map([...m].sort((a, b) => Number(a[0]) - Number(b[0])));
}

import { algEntry } from "../../cose/_algorithms.ts";

function algId(name: string): number | string {
  return algEntry(algName(name))?.id ?? name;
}

/** Every algorithm name used by an example. */
function algsOf(o: J, out: Set<string> = new Set()): Set<string> {
  if (o && typeof o === "object") {
    for (const [k, v] of Object.entries(o)) {
      if (k === "alg" && typeof v === "string") out.add(v);
      else algsOf(v, out);
    }
  }
  return out;
}

export interface Outcome {
  folder: string;
  file: string;
  status: "passed" | "failed" | "skipped";
  reason?: string;
  recreated?: boolean;
  /** Countersignatures verified. */
  countersigned?: number;
  /** CWT claims checked. */
  claims?: boolean;
  /** A WRONG_EXAMPLES entry: rejected as expected and verified once mended. */
  wrong?: boolean;
}

const ALL_ALGS = [
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "PS256",
  "PS384",
  "PS512",
  "HMAC 256/64",
  "HMAC 256/256",
  "HMAC 384/384",
  "HMAC 512/512",
  "AES-MAC 128/64",
  "AES-MAC 256/64",
  "AES-MAC 128/128",
  "AES-MAC 256/128",
  "A128GCM",
  "A192GCM",
  "A256GCM",
  "AES-CCM-16-64-128",
  "AES-CCM-16-64-256",
  "AES-CCM-64-64-128",
  "AES-CCM-64-64-256",
  "AES-CCM-16-128-128",
  "AES-CCM-16-128-256",
  "AES-CCM-64-128-128",
  "AES-CCM-64-128-256",
  "ChaCha20/Poly1305",
  "direct",
  "A128KW",
  "A192KW",
  "A256KW",
  "direct+HKDF-SHA-256",
  "direct+HKDF-SHA-512",
  "direct+HKDF-AES-128",
  "direct+HKDF-AES-256",
  "ECDH-ES+HKDF-256",
  "ECDH-ES+HKDF-512",
  "ECDH-SS+HKDF-256",
  "ECDH-SS+HKDF-512",
  "ECDH-ES+A128KW",
  "ECDH-ES+A192KW",
  "ECDH-ES+A256KW",
  "ECDH-SS+A128KW",
  "ECDH-SS+A192KW",
  "ECDH-SS+A256KW",
  "RSAES-OAEP w/ SHA-1",
  "RSAES-OAEP w/ SHA-256",
  "RSAES-OAEP w/ SHA-512",
];

function plaintextOf(input: J): Uint8Array {
  return input.plaintext_hex !== undefined
    ? unhex(input.plaintext_hex)
    : utf8.encode(input.plaintext);
}

function recipientOptions(recipients: J[]) {
  const o: {
    suppPubOther?: Uint8Array;
    suppPrivInfo?: Uint8Array;
    partyUIdentity?: Uint8Array;
    partyVIdentity?: Uint8Array;
    senderKeys: CoseKey[];
  } = { senderKeys: [] };
  for (const r of leafRecipients(recipients)) {
    if (r.unsent?.pub_other) o.suppPubOther = utf8.encode(r.unsent.pub_other);
    if (r.unsent?.apu_id) o.partyUIdentity = utf8.encode(r.unsent.apu_id);
    if (r.unsent?.apv_id) o.partyVIdentity = utf8.encode(r.unsent.apv_id);
    if (r.unsent?.priv_other) o.suppPrivInfo = utf8.encode(r.unsent.priv_other);
    if (r.sender_key) {
      const sk = exampleKey(r.sender_key);
      const spk = r.unprotected?.spk_kid ?? r.protected?.spk_kid;
      const spkHex = r.unprotected?.spk_kid_hex ?? r.protected?.spk_kid_hex;
      if (spk !== undefined || spkHex !== undefined) {
        const m = new Map(sk.params);
        m.set(2, spkHex !== undefined ? unhex(spkHex) : utf8.encode(spk));
        o.senderKeys.push(new CoseKeyClass(m));
      } else o.senderKeys.push(sk);
    }
  }
  return o;
}

/** Verifies or decrypts the published output; returns the recovered content. */
export async function verifyExample(j: J): Promise<Uint8Array> {
  const input = j.input;
  const msg = unhex(j.output.cbor);
  const base = { algorithms: ALL_ALGS, understoodCrit: ["reserved"] };
  if (input.sign0) {
    const o = input.sign0;
    const r = await verifyCoseSign1(msg, exampleKey(o.key), { ...base, externalAad: ext(o) });
    return r.payload;
  }
  if (input.sign) {
    const o = input.sign;
    const r = await verifyCoseSign(msg, o.signers.map((s: J) => exampleKey(s.key)), {
      ...base,
      externalAad: ext(o) ?? ext(o.signers[0]),
    });
    if (!r.allValid) throw r.signatures.find((s) => !s.valid)!.error!;
    return r.payload;
  }
  if (input.mac0) {
    const o = input.mac0;
    const r = await verifyCoseMac0(msg, o.recipients.map((x: J) => recipientKey(x.key)), {
      ...base,
      externalAad: ext(o),
    });
    return r.payload;
  }
  if (input.mac) {
    const o = input.mac;
    const r = await verifyCoseMac(
      msg,
      leafRecipients(o.recipients).map((x: J) => recipientKey(x.key)),
      {
        ...base,
        externalAad: ext(o),
        ...recipientOptions(o.recipients),
      },
    );
    return r.payload;
  }
  if (input.encrypted) {
    const o = input.encrypted;
    const keys = o.recipients.map((x: J) => withBaseIv(recipientKey(x.key), o));
    const r = await decryptCoseEncrypt0(msg, keys, { ...base, externalAad: ext(o) });
    return r.plaintext;
  }
  if (input.enveloped) {
    const o = input.enveloped;
    const keys = leafRecipients(o.recipients).map((x: J) => withBaseIv(recipientKey(x.key), o));
    const r = await decryptCoseEncrypt(msg, keys, {
      ...base,
      externalAad: ext(o),
      ...recipientOptions(o.recipients),
    });
    return r.plaintext;
  }
  throw new Error("Unknown example type");
}

function ext(o: J): Uint8Array | undefined {
  return o.external !== undefined ? unhex(o.external) : undefined;
}

/** A random source replaying the example's rng_stream. */
function replay(stream: string[] | undefined) {
  const queue = [...(stream ?? [])];
  return (n: number): Uint8Array => {
    const next = queue.shift();
    if (next === undefined) throw new Error(`rng_stream exhausted (wanted ${n} bytes)`);
    const b = unhex(next);
    if (b.length !== n) throw new Error(`rng_stream entry has ${b.length} bytes, wanted ${n}`);
    return b;
  };
}

const DETERMINISTIC_SIGS = new Set(["EdDSA"]);
const DETERMINISTIC_KD = new Set([
  "direct",
  "A128KW",
  "A192KW",
  "A256KW",
  "HKDF-HMAC-SHA-256",
  "HKDF-HMAC-SHA-512",
  "HKDF-AES-128",
  "HKDF-AES-256",
]);

/** Why an example is not recreated, or undefined when it is deterministic and rebuildable. */
export function notRecreatable(j: J): string | undefined {
  if (j.fail) return "fail example (published bytes are deliberately corrupted)";
  if (j.input.failures) return "published bytes were altered after creation (failures)";
  if (/"ap[uv]_(id|nonce|other)/.test(JSON.stringify(j.input))) {
    return "party info headers: the generator's header order is not reproducible";
  }
  const input = j.input;
  const o = input.sign0 ?? input.sign ?? input.mac0 ?? input.mac ?? input.encrypted ??
    input.enveloped;
  for (const c of exampleCountersigners(j)) {
    if (c.alg !== "EdDSA") return `${c.alg} countersignatures are randomized`;
  }
  if (input.sign0 && !DETERMINISTIC_SIGS.has(o.alg)) return `${o.alg} signatures are randomized`;
  if (
    input.sign &&
    o.signers.some((s: J) => !DETERMINISTIC_SIGS.has(s.protected?.alg ?? s.unprotected?.alg))
  ) {
    return "randomized signature algorithm";
  }
  for (const r of o.recipients ?? []) {
    const alg = r.protected?.alg ?? r.unprotected?.alg;
    if (!DETERMINISTIC_KD.has(alg)) return `${alg} uses an ephemeral key or a generated nonce`;
    if (r.recipients) return "nested recipients";
  }
  for (
    const h of [
      o.protected,
      o.unprotected,
      ...(o.recipients ?? []).flatMap((r: J) => [r.protected, r.unprotected]),
      ...(o.signers ?? []).flatMap((r: J) => [r.protected, r.unprotected]),
    ]
  ) {
    if (h && exampleHeaders(h) === undefined) {
      return `header ${Object.keys(h).join(",")} not rebuildable`;
    }
  }
  return undefined;
}

/** A countersignature an example asks for. */
export interface ExampleCountersigner {
  target: CoseCountersignTarget;
  abbreviated: boolean;
  key: CoseKey;
  /** The key's kid differs from the header's. */
  kidMismatch: boolean;
  alg: string;
  protected: J;
  unprotected: J;
}

/** Every countersignature of an example, in the order the runner applies them. */
export function exampleCountersigners(j: J): ExampleCountersigner[] {
  const input = j.input;
  const o = input.sign0 ?? input.sign ?? input.mac0 ?? input.mac ?? input.encrypted ??
    input.enveloped;
  const out: ExampleCountersigner[] = [];
  const add = (holder: J, target: CoseCountersignTarget) => {
    for (const [field, abbreviated] of [["countersign", false], ["countersign0", true]] as const) {
      for (const s of holder?.[field]?.signers ?? []) {
        const headerKid = s.unprotected?.kid ?? s.protected?.kid;
        out.push({
          target,
          abbreviated,
          key: exampleKey(s.key),
          kidMismatch: headerKid !== undefined && s.key.kid !== undefined &&
            headerKid !== s.key.kid,
          alg: s.protected?.alg ?? s.unprotected?.alg ?? s.unsent?.alg,
          protected: s.protected,
          unprotected: s.unprotected,
        });
      }
    }
  };
  add(o, "message");
  (o.signers ?? []).forEach((s: J, i: number) => add(s, { signature: i }));
  (o.recipients ?? []).forEach((r: J, i: number) => add(r, { recipient: [i] }));
  return out;
}

/** Verifies the countersignatures of an example: as many as it asks for, where it asks, all valid. */
export async function verifyExampleCountersignatures(j: J): Promise<number> {
  const expected = exampleCountersigners(j);
  if (expected.length === 0) return 0;
  const abbreviatedAlg = expected.find((c) => c.abbreviated)?.alg;
  // countersign/Encrypt-02 pairs a key of kid "12" with a header kid "11"
  // (example data quirk): then the keys are offered without their kids.
  const quirk = expected.some((c) => c.kidMismatch);
  const r = await verifyCoseCountersignatures(
    unhex(j.output.cbor),
    expected.map((c) => quirk ? withoutKid(c.key) : c.key),
    {
      algorithms: ALL_ALGS,
      abbreviatedAlg: abbreviatedAlg ? algName(abbreviatedAlg) : undefined,
    },
  );
  const bad = r.countersignatures.find((c) => !c.valid);
  if (bad) throw bad.error ?? new Error("countersignature did not verify");
  const where = (t: CoseCountersignTarget) => JSON.stringify(t);
  const got = r.countersignatures.map((c) => `${where(c.target)}/${c.abbreviated}/${c.version}`);
  const want = expected.map((c) => `${where(c.target)}/${c.abbreviated}/1`);
  if (JSON.stringify(got.sort()) !== JSON.stringify(want.sort())) {
    throw new Error(`countersignatures found ${got.join(",")}, expected ${want.join(",")}`);
  }
  return r.countersignatures.length;
}

/**
 * The example generator writes the countersignature header first in the
 * unprotected map of signed layers (COSE_Sign1, COSE_Signature) and last
 * elsewhere; countersignCose appends it, so signed layers are reordered.
 */
function generatorOrder(bytes: Uint8Array): Uint8Array {
  const v = decodeCbor(bytes, { mapsAsObjects: false }) as CborTag;
  const front = (layer: unknown[]) => {
    const u = layer[1] as Map<number, unknown>;
    layer[1] = new Map([...u].sort((a, b) => rank(a[0]) - rank(b[0])));
  };
  const rank = (l: number) => (l === 7 || l === 9 ? 0 : 1);
  const arr = v.value as unknown[];
  if (Number(v.tag) === 18) front(arr);
  if (Number(v.tag) === 98) { for (const s of arr[3] as unknown[][]) front(s); }
  return encodeCbor(new CborTag(Number(v.tag), arr));
}

async function addCountersignatures(j: J, message: Uint8Array): Promise<Uint8Array> {
  let m = message;
  for (const c of exampleCountersigners(j)) {
    m = await countersignCose(m, {
      key: c.key,
      alg: algName(c.alg),
      protectedHeaders: exampleHeaders(c.protected),
      unprotectedHeaders: exampleHeaders(c.unprotected),
    }, { target: c.target, abbreviated: c.abbreviated, version: 1 });
  }
  return m === message ? m : generatorOrder(m);
}

/** The RFC 8392 Appendix A claims (A.3 to A.6), and A.7's lone iat. */
const RFC8392_CLAIMS = {
  iss: "coap://as.example.com",
  sub: "erikw",
  aud: "coap://light.example.com",
  exp: 1444064944,
  nbf: 1443944944,
  iat: 1443944944,
  cti: "0B71",
};

/** Verifies a CWT example as a token (verifyCwt) and compares its claims with RFC 8392 Appendix A. */
export async function verifyExampleCwt(file: string, j: J): Promise<boolean> {
  const keys: CoseKey[] = [];
  const o = j.input.sign0 ?? j.input.mac0 ?? j.input.encrypted;
  if (j.input.sign0) keys.push(exampleKey(o.key));
  else keys.push(...o.recipients.map((r: J) => recipientKey(r.key)));
  if (file === "A_6.json") {
    // A.6 nests A.3's signed token: its signing key comes from A.3.
    const a3 = JSON.parse(readFileSync(join(EXAMPLES_DIR, "CWT", "A_3.json"), "utf8"));
    keys.push(exampleKey(a3.input.sign0.key));
  }
  const clock = RFC8392_CLAIMS.nbf + 60;
  const r = await verifyCwt(unhex(j.output.cbor), keys, {
    algorithms: ALL_ALGS,
    clock,
    ...(file === "A_7.json" ? {} : {
      issuer: RFC8392_CLAIMS.iss,
      audience: RFC8392_CLAIMS.aud,
      subject: RFC8392_CLAIMS.sub,
      requiredClaims: ["exp", "nbf", "iat", "cti"],
    }),
  });
  const c = r.claims;
  if (file === "A_7.json") {
    if (c.iat !== 1443944944.5) throw new Error(`A.7 iat is ${String(c.iat)}`);
  } else {
    const got = [c.iss, c.sub, c.aud, c.exp, c.nbf, c.iat, hex(c.cti as Uint8Array)];
    const want = Object.values(RFC8392_CLAIMS);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new Error(`claims ${JSON.stringify(got)} differ from ${JSON.stringify(want)}`);
    }
  }
  const expectLayers = file === "A_6.json" ? 2 : 1;
  if (r.layers.length !== expectLayers) throw new Error(`opened ${r.layers.join(",")}`);
  // The same token is refused once expired, and before nbf.
  const late = verifyCwt(unhex(j.output.cbor), keys, { algorithms: ALL_ALGS, clock: 1444064944 });
  const lateCode = await late.then(() => "accepted", (e) => (e as CoseError).code);
  if (file !== "A_7.json" && lateCode !== "EEXPIRED") throw new Error(`expired token: ${lateCode}`);
  return true;
}

/** Recreates the published bytes from the input. */
export async function recreateExample(j: J): Promise<Uint8Array> {
  return await addCountersignatures(j, await recreateMessage(j));
}

async function recreateMessage(j: J): Promise<Uint8Array> {
  const input = j.input;
  const pt = plaintextOf(input);
  const random = replay(input.rng_stream);
  if (input.sign0) {
    const o = input.sign0;
    return await createCoseSign1(pt, exampleKey(o.key), {
      protectedHeaders: exampleHeaders(o.protected),
      unprotectedHeaders: exampleHeaders(o.unprotected),
      externalAad: ext(o),
      alg: algName(o.alg),
    });
  }
  if (input.sign) {
    const o = input.sign;
    return await createCoseSign(
      pt,
      o.signers.map((s: J) => ({
        key: exampleKey(s.key),
        protectedHeaders: exampleHeaders(s.protected),
        unprotectedHeaders: exampleHeaders(s.unprotected),
      })),
      {
        protectedHeaders: exampleHeaders(o.protected),
        unprotectedHeaders: exampleHeaders(o.unprotected),
        externalAad: ext(o),
      },
    );
  }
  const o = input.mac0 ?? input.mac ?? input.encrypted ?? input.enveloped;
  const common = {
    protectedHeaders: exampleHeaders(o.protected),
    unprotectedHeaders: exampleHeaders(o.unprotected),
    externalAad: ext(o),
    random,
    alg: o.alg ? algName(o.alg) : undefined,
  };
  if (input.mac0) return await createCoseMac0(pt, exampleKey(o.recipients[0].key), common);
  if (input.encrypted) {
    return await createCoseEncrypt0(pt, withBaseIv(exampleKey(o.recipients[0].key), o), common);
  }
  const recipient = (r: J): CoseRecipient => ({
    key: r.recipients ? undefined : withBaseIv(exampleKey(r.key), o),
    recipients: r.recipients?.map(recipient),
    protectedHeaders: exampleHeaders(r.protected),
    unprotectedHeaders: exampleHeaders(r.unprotected),
    suppPubOther: r.unsent?.pub_other ? utf8.encode(r.unsent.pub_other) : undefined,
    suppPrivInfo: r.unsent?.priv_other ? utf8.encode(r.unsent.priv_other) : undefined,
    partyUIdentity: r.unsent?.apu_id ? utf8.encode(r.unsent.apu_id) : undefined,
    partyVIdentity: r.unsent?.apv_id ? utf8.encode(r.unsent.apv_id) : undefined,
  });
  const recipients = o.recipients.map(recipient);
  if (input.mac) return await createCoseMac(pt, recipients, common);
  return await createCoseEncrypt(pt, recipients, common);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Checks a WRONG_EXAMPLES entry: the published message is rejected with the
 * expected code and message, and verifies once its unprotected text kids are
 * byte strings. An error message, or undefined.
 */
async function checkWrongExample(
  j: J,
  want: { code: string; message: RegExp },
): Promise<string | undefined> {
  try {
    await verifyExample(j);
    return "the wrong example was accepted";
  } catch (e) {
    if (!(e instanceof CoseError) || e.code !== want.code || !want.message.test(e.message)) {
      return `rejected with ${e instanceof CoseError ? e.code : ""} ${
        String(e)
      }, expected ${want.code}`;
    }
  }
  const v = decodeCbor(unhex(j.output.cbor), { mapsAsObjects: false }) as CborTag;
  let fixed = 0;
  const fix = (layer: unknown[]) => {
    const u = layer[1] as Map<number, unknown>;
    if (typeof u.get(4) === "string") {
      u.set(4, utf8.encode(u.get(4) as string));
      fixed++;
    }
  };
  const arr = v.value as unknown[];
  fix(arr);
  if (Number(v.tag) === 98) { for (const s of arr[3] as unknown[][]) fix(s); }
  if (fixed === 0) return "no text kid found";
  const bytes = encodeCbor(new CborTag(Number(v.tag), arr));
  try {
    const got = await verifyExample({ ...j, output: { cbor: hex(bytes) } });
    if (!sameBytes(got, plaintextOf(j.input))) return "content differs once the kid is a bstr";
  } catch (e) {
    return `with the kid as a bstr: ${String(e)}`;
  }
  return undefined;
}

/** Runs one example file. */
export async function runExample(folder: string, file: string): Promise<Outcome> {
  const j = JSON.parse(readFileSync(join(EXAMPLES_DIR, folder, file), "utf8"));
  const out: Outcome = { folder, file, status: "passed" };
  if (SKIPPED[`${folder}/${file}`]) {
    return { ...out, status: "skipped", reason: SKIPPED[`${folder}/${file}`] };
  }
  for (const a of algsOf(j.input)) {
    if (OUT_OF_SCOPE[a]) return { ...out, status: "skipped", reason: OUT_OF_SCOPE[a] };
  }
  const wrong = WRONG_EXAMPLES[`${folder}/${file}`];
  if (wrong) {
    const why = await checkWrongExample(j, wrong);
    return why === undefined ? { ...out, wrong: true } : { ...out, status: "failed", reason: why };
  }
  const quirk = checkKeyQuirk(j);
  if (quirk) return { ...out, status: "failed", reason: quirk };
  if (j.fail) {
    try {
      await verifyExample(j);
      return { ...out, status: "failed", reason: "fail example was accepted" };
    } catch (e) {
      if (!(e instanceof CoseError)) {
        return { ...out, status: "failed", reason: `rejected with a non-CoseError: ${String(e)}` };
      }
      return out;
    }
  }
  try {
    const got = await verifyExample(j);
    if (!sameBytes(got, plaintextOf(j.input))) {
      return { ...out, status: "failed", reason: "content differs" };
    }
    out.countersigned = await verifyExampleCountersignatures(j);
    if (folder === "CWT") out.claims = await verifyExampleCwt(file, j);
  } catch (e) {
    return {
      ...out,
      status: "failed",
      reason: `verify: ${
        e instanceof Error ? `${e.name} ${(e as CoseError).code ?? ""} ${e.message}` : String(e)
      }`,
    };
  }
  const why = notRecreatable(j);
  if (why === undefined) {
    try {
      const bytes = await recreateExample(j);
      if (!sameBytes(bytes, unhex(j.output.cbor))) {
        return { ...out, status: "failed", reason: `recreate: bytes differ: ${hex(bytes)}` };
      }
      out.recreated = true;
    } catch (e) {
      return {
        ...out,
        status: "failed",
        reason: `recreate: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }
  return out;
}

/** Folders and their example files. */
export function exampleFolders(): { folder: string; files: string[] }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((d) => statSync(join(EXAMPLES_DIR, d)).isDirectory())
    .sort()
    .map((folder) => ({
      folder,
      files: readdirSync(join(EXAMPLES_DIR, folder)).filter((f) => f.endsWith(".json")).sort(),
    }));
}

export { decodeBase64Url };
