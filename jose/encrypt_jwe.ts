// Copyright 2026 the wirekit authors. MIT license.
// encryptJwe: compact, flattened or general JSON JWE (several recipients),
// each key using the key-management algorithm it is bound to.
import {
  CompactEncrypt,
  type CompactJWEHeaderParameters,
  FlattenedEncrypt,
  GeneralEncrypt,
  type JWEHeaderParameters,
  type JWEKeyManagementHeaderParameters,
} from "jose";
import { CONTENT_ENCRYPTION } from "./_algorithms.ts";
import { mapJoseError } from "./_errors.ts";
import { JoseError } from "./jose_error.ts";
import { JoseKey } from "./jose_key.ts";
import type { FlattenedJwe, GeneralJwe, JoseHeader } from "./types.ts";

/**
 * A JWE serialization (RFC 7516 sections 7.1 and 7.2).
 *
 * @example Usage
 * ```ts
 * import type { JweSerialization } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const s: JweSerialization = "general";
 * assert.equal(s, "general");
 * ```
 */
export type JweSerialization = "compact" | "flattened" | "general";

/**
 * Options for {@linkcode encryptJwe}.
 *
 * @example Usage
 * ```ts
 * import type { EncryptJweOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: EncryptJweOptions = { enc: "A128GCM", zip: "DEF" };
 * assert.equal(o.enc, "A128GCM");
 * ```
 */
export interface EncryptJweOptions {
  /** Key-management algorithm; when given it must equal every key's bound algorithm. */
  alg?: string;
  /**
   * Content encryption algorithm.
   * @default {the enc a `dir` key is bound to, else "A256GCM"}
   */
  enc?: string;
  /**
   * Output form.
   * @default {"compact" for one key, "general" for an array of keys}
   */
  serialization?: JweSerialization;
  /** `"DEF"` compresses the plaintext (RFC 7516 section 4.1.3) before encryption. */
  zip?: "DEF";
  /** Extra protected header members. */
  header?: JoseHeader;
  /** Shared unprotected header (JSON serializations). */
  unprotectedHeader?: JoseHeader;
  /** Additional authenticated data (JSON serializations). */
  aad?: Uint8Array | string;
  /**
   * Put each key's `kid` in its header.
   * @default {true}
   */
  includeKid?: boolean;
  /**
   * PBES2 iteration count (`p2c`) for password keys.
   * @default {10000}
   */
  pbes2Count?: number;
  /**
   * Names of header members (`"alg"`, `"kid"`, `"enc"` or members of
   * `header`) to put in the shared unprotected header instead of the
   * protected one, as RFC 7520 sections 5.11 and 5.12 do. JSON serializations
   * only; `zip` and `crit` must stay protected.
   *
   * Opt-in because it is weaker: unprotected members are not covered by the
   * authentication tag, so anyone can change them in transit. An unprotected
   * `alg`/`enc` is only safe with a recipient that pins the algorithms, as
   * {@linkcode decryptJwe} does with its allow-lists and keys bound to one
   * algorithm.
   * @default {[] (every member protected)}
   */
  unprotectedMembers?: readonly string[];
  /**
   * Source of the random values, for reproducing published test vectors.
   * Called with a length, it must return that many bytes; drawn in this
   * order: the content encryption key (unless `alg` is `dir` or `ECDH-ES`),
   * the key-wrap IV (A*GCMKW, 12 bytes) or PBES2 salt (`p2s`, 16 bytes), then
   * the content IV (12 bytes for GCM, 16 for CBC). The ECDH-ES ephemeral key
   * and RSA-OAEP padding stay random. One recipient only.
   *
   * NEVER use it with a predictable or repeating source outside tests: a
   * repeated key and IV lets anyone decrypt and forge (AES-GCM).
   * @default {crypto.getRandomValues, inside jose}
   */
  random?: (length: number) => Uint8Array;
}

const encoder = new TextEncoder();

function draw(random: (length: number) => Uint8Array, length: number): Uint8Array {
  const b = random(length);
  if (!(b instanceof Uint8Array) || b.length !== length) {
    throw new TypeError(`options.random(${length}) must return ${length} bytes`);
  }
  return b;
}

function checkUnprotectedMembers(names: unknown, serialization: JweSerialization): void {
  if (names === undefined) return;
  if (!Array.isArray(names) || !names.every((n) => typeof n === "string")) {
    throw new TypeError("unprotectedMembers must be an array of header member names");
  }
  if (names.length === 0) return;
  if (serialization === "compact") {
    throw new TypeError("The compact serialization has no unprotected header");
  }
  for (const n of ["zip", "crit"]) {
    if (names.includes(n)) throw new TypeError(`"${n}" must be integrity protected`);
  }
}

type Encryptor = CompactEncrypt | FlattenedEncrypt;

// The key for the encryption hot path, when jose cannot reject it: an
// ECDH-ES key (bound to its curve at import), or a dir key whose length
// fits the AES-GCM enc. undefined sends the call down the general path.
function fastKey(k: JoseKey, enc: string): CryptoKey | Uint8Array | undefined {
  if (k.secretKey === undefined) {
    return k.alg.startsWith("ECDH-ES") ? k.keyFor("encrypt", enc) : undefined;
  }
  if (k.alg !== "dir" || !enc.endsWith("GCM")) return undefined;
  const m = k.keyFor("encrypt", enc);
  const bits = m instanceof Uint8Array ? m.length * 8 : (m.algorithm as AesKeyAlgorithm).length;
  return m instanceof Uint8Array || m.algorithm.name === "AES-GCM"
    ? (bits === CONTENT_ENCRYPTION.get(enc)! * 8 ? m : undefined)
    : undefined;
}

// Key-management parameters (PBES2 count; with options.random the CEK, IVs
// and salt) for the one recipient of a compact or flattened JWE.
function keyManagement(e: Encryptor, k: JoseKey, enc: string, o: EncryptJweOptions): void {
  const pbes2 = k.alg.startsWith("PBES2");
  const random = o.random;
  if (!pbes2 && random === undefined) return; // the common case: nothing to set
  const params: JWEKeyManagementHeaderParameters = {};
  if (pbes2) params.p2c = o.pbes2Count ?? 10_000;
  if (random !== undefined) {
    if (typeof random !== "function") throw new TypeError("options.random must be a function");
    if (k.alg !== "dir" && k.alg !== "ECDH-ES") {
      e.setContentEncryptionKey(draw(random, CONTENT_ENCRYPTION.get(enc)!));
    }
    if (/^A\d{3}GCMKW$/.test(k.alg)) params.iv = draw(random, 12);
    else if (pbes2) params.p2s = draw(random, 16);
    e.setInitializationVector(draw(random, enc.endsWith("GCM") ? 12 : 16));
  }
  if (Object.keys(params).length) e.setKeyManagementParameters(params);
}

function checkKey(k: JoseKey, o: EncryptJweOptions): void {
  if (!(k instanceof JoseKey)) throw new TypeError("Expected a JoseKey");
  if (k.use !== "enc") {
    throw new JoseError("EKEY", `Key bound to "${k.alg}" is not an encryption key`);
  }
  if (o.alg !== undefined && o.alg !== k.alg) {
    throw new JoseError("EKEY", `Key is bound to "${k.alg}", not "${o.alg}"`);
  }
}

/**
 * Encrypts `plaintext` to one or more recipients. Each recipient's
 * key-management algorithm is its key's bound algorithm; `dir` and `ECDH-ES`
 * allow a single recipient only.
 *
 * @param plaintext Bytes, or text (UTF-8).
 * @param key One key, or several for the general serialization.
 * @param options Content encryption, serialization, compression, headers.
 * @returns A compact string, or the JSON object.
 * @throws {JoseError} `"EKEY"` for a key that cannot encrypt, `"EUNSUPPORTED"` for an unknown `enc`.
 *
 * @example ECDH-ES+A256KW with A256GCM
 * ```ts
 * import { decryptJwe, generateJwk, importJwk, encryptJwe } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("ECDH-ES+A256KW"));
 * const jwe = await encryptJwe("secret", key);
 * const { plaintext } = await decryptJwe(jwe, key);
 * assert.equal(new TextDecoder().decode(plaintext), "secret");
 * ```
 */
export function encryptJwe(
  plaintext: Uint8Array | string,
  key: JoseKey,
  options?: EncryptJweOptions & { serialization?: "compact" },
): Promise<string>;
/**
 * Encrypts `plaintext` as a flattened JSON JWE.
 *
 * @param plaintext Bytes, or text (UTF-8).
 * @param key The key.
 * @param options Serialization "flattened", content encryption, headers, aad.
 * @returns The flattened JWE object.
 *
 * @example Flattened with AAD
 * ```ts
 * import { encryptJwe, generateJwk, importJwk } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("A128KW"));
 * const jwe = await encryptJwe("x", key, { serialization: "flattened", aad: "context" });
 * assert.equal(typeof jwe.aad, "string");
 * ```
 */
export function encryptJwe(
  plaintext: Uint8Array | string,
  key: JoseKey,
  options: EncryptJweOptions & { serialization: "flattened" },
): Promise<FlattenedJwe>;
/**
 * Encrypts `plaintext` as a general JSON JWE for several recipients.
 *
 * @param plaintext Bytes, or text (UTF-8).
 * @param key One or more keys.
 * @param options Serialization "general", content encryption, headers, aad.
 * @returns The general JWE object.
 *
 * @example Two recipients
 * ```ts
 * import { encryptJwe, generateJwk, importJwk } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const a = await importJwk(await generateJwk("A256KW"));
 * const b = await importJwk(await generateJwk("ECDH-ES+A128KW"));
 * const jwe = await encryptJwe("x", [a, b], { serialization: "general" });
 * assert.equal(jwe.recipients.length, 2);
 * ```
 */
export function encryptJwe(
  plaintext: Uint8Array | string,
  key: JoseKey | readonly JoseKey[],
  options: EncryptJweOptions & { serialization: "general" },
): Promise<GeneralJwe>;
/**
 * With an array of keys the general JSON serialization is the default.
 *
 * @param plaintext Bytes, or text (UTF-8).
 * @param key The keys.
 * @param options Options (serialization defaults to "general").
 * @returns The general JSON object.
 *
 * @example An array of keys
 * ```ts
 * import { generateJwk, importJwk, encryptJwe } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("A128KW"));
 * assert.equal((await encryptJwe("x", [key])).recipients.length, 1);
 * ```
 */
export function encryptJwe(
  plaintext: Uint8Array | string,
  key: readonly JoseKey[],
  options?: EncryptJweOptions & { serialization?: "general" },
): Promise<GeneralJwe>;
/**
 * Encrypts `plaintext`; the result type follows `options.serialization`.
 *
 * @param plaintext Bytes, or text (UTF-8).
 * @param key One or more keys.
 * @param options Content encryption, serialization, compression, headers.
 * @returns A compact string or a JSON object.
 *
 * @example Choosing at run time
 * ```ts
 * import { encryptJwe, generateJwk, importJwk, type JweSerialization } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("dir", { enc: "A256GCM" }));
 * const form: JweSerialization = "compact";
 * assert.equal(typeof await encryptJwe("x", key, { serialization: form }), "string");
 * ```
 */
export function encryptJwe(
  plaintext: Uint8Array | string,
  key: JoseKey | readonly JoseKey[],
  options?: EncryptJweOptions,
): Promise<string | FlattenedJwe | GeneralJwe>;
export function encryptJwe(
  plaintext: Uint8Array | string,
  key: JoseKey | readonly JoseKey[],
  options: EncryptJweOptions = {},
): Promise<string | FlattenedJwe | GeneralJwe> {
  if (
    key instanceof JoseKey && (options.serialization ?? "compact") === "compact" &&
    options.header === undefined && options.zip === undefined && options.random === undefined &&
    options.unprotectedHeader === undefined && options.aad === undefined &&
    options.unprotectedMembers === undefined
  ) {
    // Hot path: jose's own promise, no wrapper frame, for the keys jose has
    // nothing left to reject once we checked them (see fastKey); others take
    // the general path, which maps jose's errors.
    let material: CryptoKey | Uint8Array | undefined;
    let enc: string;
    try {
      checkKey(key, options);
      enc = options.enc ?? key.enc ?? "A256GCM";
      if (!CONTENT_ENCRYPTION.has(enc)) {
        throw new JoseError("EUNSUPPORTED", `Unsupported content encryption "${enc}"`);
      }
      material = fastKey(key, enc);
    } catch (e) {
      return Promise.reject(mapJoseError(e, "key"));
    }
    if (material !== undefined) {
      const header = { alg: key.alg } as CompactJWEHeaderParameters;
      if ((options.includeKid ?? true) && key.kid !== undefined) header.kid = key.kid;
      header.enc = enc;
      const bytes = typeof plaintext === "string" ? encoder.encode(plaintext) : plaintext;
      return new CompactEncrypt(bytes).setProtectedHeader(header).encrypt(material);
    }
  }
  return encryptAny(plaintext, key, options);
}

async function encryptAny(
  plaintext: Uint8Array | string,
  key: JoseKey | readonly JoseKey[],
  options: EncryptJweOptions,
): Promise<string | FlattenedJwe | GeneralJwe> {
  const keys: readonly JoseKey[] = Array.isArray(key) ? key : [key as JoseKey];
  if (keys.length === 0) throw new TypeError("encryptJwe() needs at least one key");
  for (const k of keys) checkKey(k, options);
  const enc = options.enc ?? keys[0].enc ?? "A256GCM";
  if (!CONTENT_ENCRYPTION.has(enc)) {
    throw new JoseError("EUNSUPPORTED", `Unsupported content encryption "${enc}"`);
  }
  const serialization = options.serialization ?? (Array.isArray(key) ? "general" : "compact");
  if (serialization !== "compact" && serialization !== "flattened" && serialization !== "general") {
    throw new TypeError(`Unknown serialization ${JSON.stringify(serialization)}`);
  }
  if (keys.length > 1 && serialization !== "general") {
    throw new TypeError("Several recipients need the general JSON serialization");
  }
  if (
    serialization === "compact" &&
    (options.unprotectedHeader !== undefined || options.aad !== undefined)
  ) {
    throw new TypeError("The compact serialization has no unprotected header or AAD");
  }
  checkUnprotectedMembers(options.unprotectedMembers, serialization);
  if (options.random !== undefined && keys.length > 1) {
    throw new TypeError("options.random needs a single recipient");
  }
  const pbes2Count = options.pbes2Count ?? 10_000;
  const withKid = options.includeKid ?? true;
  const bytes = typeof plaintext === "string" ? encoder.encode(plaintext) : plaintext;
  if (options.zip !== undefined && options.zip !== "DEF") {
    throw new TypeError(`Unsupported zip ${JSON.stringify(options.zip)}`);
  }
  const kms = (k: JoseKey) => (k.alg.startsWith("PBES2") ? { p2c: pbes2Count } : undefined);
  const keyMaterial = keys.map((k) => k.keyFor("encrypt", enc));
  try {
    if (keys.length === 1) {
      // One recipient: alg, kid, the caller's members, enc, zip -- all
      // protected unless unprotectedMembers says otherwise.
      const k = keys[0];
      const header = { alg: k.alg } as CompactJWEHeaderParameters;
      if (withKid && k.kid !== undefined) header.kid = k.kid;
      if (options.header !== undefined) {
        for (const [name, value] of Object.entries(options.header)) {
          if (name !== "alg" && name !== "enc" && name !== "zip") header[name] = value;
        }
      }
      header.enc = enc;
      if (options.zip !== undefined) header.zip = "DEF";
      if (serialization === "compact") {
        const c = new CompactEncrypt(bytes).setProtectedHeader(header);
        keyManagement(c, k, enc, options);
        return await c.encrypt(keyMaterial[0]);
      }
      const f = new FlattenedEncrypt(bytes);
      let shared: JoseHeader | undefined = options.unprotectedHeader;
      const names = options.unprotectedMembers;
      if (names !== undefined && names.length > 0) {
        const prot: JoseHeader = {};
        shared = { ...shared };
        for (const [name, value] of Object.entries(header)) {
          if (names.includes(name)) shared[name] = value;
          else prot[name] = value;
        }
        if (Object.keys(prot).length) f.setProtectedHeader(prot as JWEHeaderParameters);
      } else {
        f.setProtectedHeader(header);
      }
      if (shared) f.setSharedUnprotectedHeader(shared as JWEHeaderParameters);
      keyManagement(f, k, enc, options);
      if (options.aad !== undefined) {
        f.setAdditionalAuthenticatedData(
          typeof options.aad === "string" ? encoder.encode(options.aad) : options.aad,
        );
      }
      const jwe = await f.encrypt(keyMaterial[0]) as FlattenedJwe;
      if (serialization === "flattened") return jwe;
      // General JSON with one recipient: the same content, the recipient's
      // encrypted key (and per-recipient header, if any) in "recipients".
      const { encrypted_key, header: perRecipient, ...rest } = jwe;
      const recipient: GeneralJwe["recipients"][number] = {};
      if (perRecipient !== undefined) recipient.header = perRecipient;
      if (encrypted_key !== undefined) recipient.encrypted_key = encrypted_key;
      return { ...rest, recipients: [recipient] } as GeneralJwe;
    }
    const prot: JoseHeader = { ...options.header, enc };
    if (options.zip !== undefined) prot.zip = "DEF";
    let shared: JoseHeader | undefined = options.unprotectedHeader;
    const names = options.unprotectedMembers;
    if (names !== undefined && names.length > 0) {
      shared = { ...shared };
      for (const name of names) {
        if (name in prot) {
          shared[name] = prot[name];
          delete prot[name];
        }
      }
    }
    const g = new GeneralEncrypt(bytes);
    if (Object.keys(prot).length) g.setProtectedHeader(prot as JWEHeaderParameters);
    if (shared) g.setSharedUnprotectedHeader(shared as JWEHeaderParameters);
    if (options.aad !== undefined) {
      g.setAdditionalAuthenticatedData(
        typeof options.aad === "string" ? encoder.encode(options.aad) : options.aad,
      );
    }
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const h: JWEHeaderParameters = { alg: k.alg };
      if (withKid && k.kid !== undefined) h.kid = k.kid;
      const r = g.addRecipient(keyMaterial[i]).setUnprotectedHeader(h);
      const p = kms(k);
      if (p) r.setKeyManagementParameters(p);
    }
    return await g.encrypt() as GeneralJwe;
  } catch (e) {
    throw mapJoseError(e, "key");
  }
}
