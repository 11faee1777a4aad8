// Copyright 2026 the wirekit authors. MIT license.
// decryptJwe: any JWE serialization (detected), allow-lists for key management
// and content encryption, PBES2 iteration cap, decompression cap.
import { compactDecrypt, flattenedDecrypt } from "jose";
import { DECRYPT_FAILED, mapJoseError } from "./_errors.ts";
import {
  candidates,
  checkAllowList,
  checkKeyInput,
  noKeyError,
  parseSerialized,
  tryDecodeHeader,
} from "./_select.ts";
import { JoseError } from "./jose_error.ts";
import { JoseKey } from "./jose_key.ts";
import type { KeyInput } from "./jwk_set.ts";
import { JwkSet } from "./jwk_set.ts";
import type { JweSerialization } from "./encrypt_jwe.ts";
import type { FlattenedJwe, GeneralJwe, JoseHeader } from "./types.ts";

/**
 * Options for {@linkcode decryptJwe}.
 *
 * @example Usage
 * ```ts
 * import type { DecryptJweOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: DecryptJweOptions = { keyManagementAlgorithms: ["A256KW"], contentEncryptionAlgorithms: ["A256GCM"] };
 * assert.equal(o.keyManagementAlgorithms?.length, 1);
 * ```
 */
export interface DecryptJweOptions {
  /**
   * Key-management algorithms accepted. PBES2 is refused unless listed here.
   * @default {the algorithms the given keys are bound to, PBES2 excluded}
   */
  keyManagementAlgorithms?: readonly string[];
  /**
   * Content encryption algorithms accepted.
   * @default {["A128GCM", "A192GCM", "A256GCM", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512"]}
   */
  contentEncryptionAlgorithms?: readonly string[];
  /**
   * Largest PBES2 iteration count (`p2c`) accepted.
   * @default {10000}
   */
  maxPbes2Count?: number;
  /**
   * Largest decompressed plaintext for `zip: "DEF"`, in bytes.
   * @default {250000}
   */
  maxDecompressedBytes?: number;
  /** Extensions understood, for `crit` (name -> must be integrity protected). */
  crit?: Record<string, boolean>;
  /**
   * Largest serialized input, in characters.
   * @default {1048576}
   */
  maxLength?: number;
  /**
   * Most recipients of a general JWE that are tried.
   * @default {16}
   */
  maxRecipients?: number;
}

/**
 * What {@linkcode decryptJwe} returns.
 *
 * @example Usage
 * ```ts
 * import { decryptJwe, type DecryptJweResult, encryptJwe, generateJwk, importJwk } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("A128KW"));
 * const r: DecryptJweResult = await decryptJwe(await encryptJwe("x", key), key);
 * assert.equal(r.serialization, "compact");
 * ```
 */
export interface DecryptJweResult {
  /** The decrypted plaintext. */
  plaintext: Uint8Array;
  /** The protected header, if any. */
  protectedHeader?: JoseHeader;
  /** Shared unprotected header, if any. */
  sharedUnprotectedHeader?: JoseHeader;
  /** Per-recipient unprotected header, if any. */
  unprotectedHeader?: JoseHeader;
  /** Additional authenticated data, if any. */
  additionalAuthenticatedData?: Uint8Array;
  /** The key that decrypted it. */
  key: JoseKey;
  /** The serialization the input was in. */
  serialization: JweSerialization;
}

const DEFAULT_ENC: readonly string[] = [
  "A128GCM",
  "A192GCM",
  "A256GCM",
  "A128CBC-HS256",
  "A192CBC-HS384",
  "A256CBC-HS512",
];

type FlatIn = Parameters<typeof flattenedDecrypt>[0];

/**
 * Decrypts a JWE in any serialization: compact text, flattened or general JSON
 * (object or text). Keys decrypt only with the algorithm they are bound to.
 * Every decryption failure has the same fixed message.
 *
 * @param jwe The JWE.
 * @param keyOrSet A key, an array of keys, or a {@linkcode JwkSet}.
 * @param options Allow-lists and limits.
 * @returns The plaintext, headers and key.
 * @throws {JoseError} `"EDECRYPT"` (fixed message), `"EALG"`, `"EKEY"`, `"EINVALID"`, `"ELIMIT"`.
 *
 * @example Direct encryption
 * ```ts
 * import { decryptJwe, encryptJwe, generateJwk, importJwk } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("dir", { enc: "A256GCM" }));
 * const jwe = await encryptJwe("hi", key, { enc: "A256GCM" });
 * assert.equal(new TextDecoder().decode((await decryptJwe(jwe, key)).plaintext), "hi");
 * ```
 */
export function decryptJwe(
  jwe: string | Uint8Array | FlattenedJwe | GeneralJwe,
  keyOrSet: KeyInput,
  options: DecryptJweOptions = {},
): Promise<DecryptJweResult> {
  // Hot path (one key, compact text): no async frame of its own, one .then()
  // over jose's promise for the result and the errors.
  if (typeof jwe === "string" && keyOrSet instanceof JoseKey) {
    let ctx: Ctx;
    let input: string | object;
    try {
      ctx = context(keyOrSet, options);
      input = parseSerialized(jwe, options.maxLength ?? 1_048_576);
    } catch (e) {
      return Promise.reject(e);
    }
    if (typeof input === "string") return decryptCompact(input, keyOrSet, ctx);
  }
  return decryptAny(jwe, keyOrSet, options);
}

function context(keyOrSet: KeyInput, options: DecryptJweOptions): Ctx {
  checkKeyInput(keyOrSet);
  const kmAllowed = checkAllowList(
    "keyManagementAlgorithms",
    options.keyManagementAlgorithms,
    false,
  );
  const encAllowed =
    checkAllowList("contentEncryptionAlgorithms", options.contentEncryptionAlgorithms, false) ??
      DEFAULT_ENC;
  const maxPbes2Count = options.maxPbes2Count ?? 10_000;
  const maxDecompressedBytes = options.maxDecompressedBytes ?? 250_000;
  if (!Number.isSafeInteger(maxPbes2Count) || maxPbes2Count < 1) {
    throw new RangeError("maxPbes2Count must be >= 1");
  }
  if (!Number.isSafeInteger(maxDecompressedBytes) || maxDecompressedBytes < 1) {
    throw new RangeError("maxDecompressedBytes must be >= 1");
  }
  return {
    keyOrSet,
    kmAllowed,
    encAllowed,
    maxPbes2Count,
    maxDecompressedBytes,
    crit: options.crit,
  };
}

// One key, compact input; jose parses the header once.
function decryptCompact(input: string, k: JoseKey, ctx: Ctx): Promise<DecryptJweResult> {
  const { kmAllowed, encAllowed, maxPbes2Count, maxDecompressedBytes } = ctx;
  const km = kmAllowed ?? (k.alg.startsWith("PBES2") ? [] : [k.alg]);
  // Hand jose the key itself when it cannot depend on the header's enc
  // (asymmetric keys, keys bound to one enc); only unbound secret keys
  // need the resolver, which costs jose an extra await.
  let dk: Parameters<typeof compactDecrypt>[1];
  let encList = encAllowed;
  try {
    if (k.secretKey === undefined) {
      dk = k.keyFor("decrypt");
    } else if (k.enc !== undefined) {
      dk = k.keyFor("decrypt", k.enc);
      encList = encAllowed.includes(k.enc) ? [k.enc] : [];
    } else {
      dk = (h) => k.keyFor("decrypt", typeof h.enc === "string" ? h.enc : undefined);
    }
  } catch (e) {
    return Promise.reject(mapJoseError(e, "enc"));
  }
  return compactDecrypt(input, dk, {
    keyManagementAlgorithms: k.use === "enc" && km.includes(k.alg) ? [k.alg] : [],
    contentEncryptionAlgorithms: encList as string[],
    maxPBES2Count: maxPbes2Count,
    maxDecompressedLength: maxDecompressedBytes,
    crit: ctx.crit,
  }).then(
    (r): DecryptJweResult => ({
      plaintext: r.plaintext,
      protectedHeader: r.protectedHeader as JoseHeader,
      key: k,
      serialization: "compact",
    }),
    (e) => {
      const err = mapJoseError(e, "enc");
      if (err instanceof JoseError && err.code === "EALG") {
        const header = tryDecodeHeader(input.slice(0, input.indexOf(".")));
        const alg = header?.alg;
        if (typeof header?.enc === "string" && !encAllowed.includes(header.enc)) throw err;
        if (k.enc !== undefined && header?.enc !== k.enc && k.secretKey !== undefined) {
          throw new JoseError("EKEY", `Key is bound to "${k.enc}", not "${String(header?.enc)}"`);
        }
        if (typeof alg === "string" && alg !== "none" && km.includes(alg)) {
          throw noKeyError(header, km);
        }
        throw new JoseError("EALG", `Algorithm ${JSON.stringify(alg)} is not allowed`);
      }
      if (err instanceof JoseError && /p2c.*acceptable bounds/.test(err.message)) {
        throw new JoseError("ELIMIT", `PBES2 count exceeds maxPbes2Count (${maxPbes2Count})`);
      }
      throw err;
    },
  );
}

async function decryptAny(
  jwe: string | Uint8Array | FlattenedJwe | GeneralJwe,
  keyOrSet: KeyInput,
  options: DecryptJweOptions,
): Promise<DecryptJweResult> {
  const ctx = context(keyOrSet, options);
  const input = parseSerialized(jwe, options.maxLength ?? 1_048_576);
  if (typeof input === "string" && keyOrSet instanceof JoseKey) {
    return await decryptCompact(input, keyOrSet, ctx);
  }
  if (typeof input === "string") {
    const p = input.split(".");
    if (p.length !== 5) throw new JoseError("EINVALID", "Compact JWE must have five parts");
    const flat: FlatIn = { protected: p[0], ciphertext: p[3] };
    if (p[1]) flat.encrypted_key = p[1];
    if (p[2]) flat.iv = p[2];
    if (p[4]) flat.tag = p[4];
    return await decryptFlat(flat, ctx, "compact");
  }
  const obj = input as Record<string, unknown>;
  if (!("recipients" in obj)) return await decryptFlat(obj as unknown as FlatIn, ctx, "flattened");
  const recipients = obj.recipients;
  if (!Array.isArray(recipients) || recipients.length === 0) {
    throw new JoseError("EINVALID", "JWE recipients must be a non-empty array");
  }
  const max = options.maxRecipients ?? 16;
  if (recipients.length > max) {
    throw new JoseError("ELIMIT", `JWE has ${recipients.length} recipients; the limit is ${max}`);
  }
  const { recipients: _, ...shared } = obj;
  let best: JoseError | undefined;
  for (const r of recipients) {
    if (typeof r !== "object" || r === null) {
      throw new JoseError("EINVALID", "JWE recipient must be an object");
    }
    try {
      return await decryptFlat({ ...shared, ...r } as FlatIn, ctx, "general");
    } catch (e) {
      if (!(e instanceof JoseError)) throw e;
      if (best === undefined || RANK[e.code] > RANK[best.code]) best = e;
    }
  }
  throw best ?? new JoseError("EDECRYPT", DECRYPT_FAILED);
}

const RANK: Record<string, number> = {
  EALG: 0,
  EKEY: 1,
  EUNSUPPORTED: 2,
  EINVALID: 3,
  ELIMIT: 4,
  EDECRYPT: 5,
};

interface Ctx {
  keyOrSet: KeyInput;
  kmAllowed: readonly string[] | undefined;
  encAllowed: readonly string[];
  maxPbes2Count: number;
  maxDecompressedBytes: number;
  crit: Record<string, boolean> | undefined;
}

async function decryptFlat(
  flat: FlatIn,
  ctx: Ctx,
  serialization: JweSerialization,
): Promise<DecryptJweResult> {
  const prot = tryDecodeHeader(flat.protected);
  const header: JoseHeader = {
    ...(typeof flat.unprotected === "object" ? flat.unprotected : {}),
    ...(typeof flat.header === "object" ? flat.header : {}),
    ...prot,
  };
  const alg = header.alg;
  if (typeof alg !== "string") throw new JoseError("EINVALID", 'JWE header has no "alg"');
  // Default allow-list: what the given keys are bound to, never PBES2 implicitly.
  const kmAllowed = ctx.kmAllowed ??
    (ctx.keyOrSet instanceof JwkSet
      ? undefined
      : (ctx.keyOrSet instanceof JoseKey ? [ctx.keyOrSet] : ctx.keyOrSet)
        .map((k) => k.alg).filter((a) => !a.startsWith("PBES2")));
  if (
    alg === "none" || (kmAllowed !== undefined && !kmAllowed.includes(alg)) ||
    (kmAllowed === undefined && alg.startsWith("PBES2"))
  ) {
    throw new JoseError("EALG", `Algorithm ${JSON.stringify(alg)} is not allowed`);
  }
  if (typeof header.enc === "string" && !ctx.encAllowed.includes(header.enc)) {
    throw new JoseError("EALG", `Content encryption ${JSON.stringify(header.enc)} is not allowed`);
  }
  const keys = await candidates(ctx.keyOrSet, header, "enc");
  if (keys.length === 0) throw noKeyError(header, kmAllowed);
  let best: JoseError | undefined;
  for (const k of keys.slice(0, 4)) {
    try {
      const r = await flattenedDecrypt(
        flat,
        k.keyFor("decrypt", typeof header.enc === "string" ? header.enc : undefined),
        {
          keyManagementAlgorithms: [k.alg],
          contentEncryptionAlgorithms: ctx.encAllowed as string[],
          maxPBES2Count: ctx.maxPbes2Count,
          maxDecompressedLength: ctx.maxDecompressedBytes,
          crit: ctx.crit,
        },
      );
      const out: DecryptJweResult = { plaintext: r.plaintext, key: k, serialization };
      if (r.protectedHeader) out.protectedHeader = r.protectedHeader as JoseHeader;
      if (r.sharedUnprotectedHeader) {
        out.sharedUnprotectedHeader = r.sharedUnprotectedHeader as JoseHeader;
      }
      if (r.unprotectedHeader) out.unprotectedHeader = r.unprotectedHeader as JoseHeader;
      if (r.additionalAuthenticatedData) {
        out.additionalAuthenticatedData = r.additionalAuthenticatedData;
      }
      return out;
    } catch (e) {
      const err = mapJoseError(e, "enc");
      if (!(err instanceof JoseError)) throw err;
      if (/p2c.*acceptable bounds/.test(err.message)) {
        throw new JoseError("ELIMIT", `PBES2 count exceeds maxPbes2Count (${ctx.maxPbes2Count})`);
      }
      if (err.code !== "EDECRYPT") throw err;
      best = err;
    }
  }
  throw best ?? new JoseError("EDECRYPT", DECRYPT_FAILED);
}
