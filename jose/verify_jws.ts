// Copyright 2026 the wirekit authors. MIT license.
// verifyJws: any JWS serialization (detected from the input), an algorithm
// allow-list that is required, keys that verify only their bound algorithm.
import { compactVerify, flattenedVerify } from "jose";
import { encodeBase64Url } from "../_internal/base64.ts";
import { mapJoseError, SIG_FAILED } from "./_errors.ts";
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
import type { JwsSerialization } from "./sign_jws.ts";
import type { FlattenedJws, GeneralJws, JoseHeader } from "./types.ts";

/**
 * Options for {@linkcode verifyJws}.
 *
 * @example Usage
 * ```ts
 * import type { VerifyJwsOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: VerifyJwsOptions = { algorithms: ["ES256"] };
 * assert.deepEqual(o.algorithms, ["ES256"]);
 * ```
 */
export interface VerifyJwsOptions {
  /** Algorithms accepted (required; `"none"` is refused). */
  algorithms: readonly string[];
  /** Detached content (RFC 7515 appendix F): the payload the JWS was made over. */
  payload?: Uint8Array | string;
  /** Extensions understood besides `b64`, for `crit` (name -> must be integrity protected). */
  crit?: Record<string, boolean>;
  /**
   * Largest serialized input, in characters.
   * @default {1048576}
   */
  maxLength?: number;
  /**
   * Most signatures of a general JWS that are tried.
   * @default {16}
   */
  maxSignatures?: number;
  /**
   * Most candidate keys tried per signature when a set has several matches (no `kid`).
   * @default {4}
   */
  maxCandidates?: number;
}

/**
 * What {@linkcode verifyJws} returns.
 *
 * @example Usage
 * ```ts
 * import { generateJwk, importJwk, signJws, verifyJws, type VerifyJwsResult } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("HS256"));
 * const r: VerifyJwsResult = await verifyJws(await signJws("x", key), key, { algorithms: ["HS256"] });
 * assert.equal(r.serialization, "compact");
 * ```
 */
export interface VerifyJwsResult {
  /** The verified payload. */
  payload: Uint8Array;
  /** Protected header of the verified signature. */
  protectedHeader: JoseHeader;
  /** Unprotected header of the verified signature, if any. */
  unprotectedHeader?: JoseHeader;
  /** The key that verified it. */
  key: JoseKey;
  /** The serialization the input was in. */
  serialization: JwsSerialization;
}

const RANK: Record<string, number> = { EALG: 0, EKEY: 1, EUNSUPPORTED: 2, EINVALID: 3, ESIG: 4 };

type Flat = {
  protected?: string;
  header?: JoseHeader;
  payload?: string | Uint8Array;
  signature: string;
};

/**
 * Verifies a JWS in any serialization: compact text, flattened or general JSON
 * (object or text). `options.algorithms` is required; `none` is always refused;
 * a key verifies only the algorithm it is bound to. For a general JWS the first
 * signature that verifies wins.
 *
 * @param jws The JWS.
 * @param keyOrSet A key, an array of keys, or a {@linkcode JwkSet}.
 * @param options Allow-list, detached payload, limits.
 * @returns The payload, headers and key.
 * @throws {JoseError} `"EALG"`, `"EKEY"`, `"ESIG"` (fixed message), `"EINVALID"`, `"ELIMIT"`.
 *
 * @example Refusing an algorithm that is not allowed
 * ```ts
 * import { generateJwk, importJwk, JoseError, signJws, verifyJws } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("HS256"));
 * const jws = await signJws("x", key);
 * await assert.rejects(verifyJws(jws, key, { algorithms: ["ES256"] }), (e) => e instanceof JoseError && e.code === "EALG");
 * ```
 */
export function verifyJws(
  jws: string | Uint8Array | FlattenedJws | GeneralJws,
  keyOrSet: KeyInput,
  options: VerifyJwsOptions,
): Promise<VerifyJwsResult> {
  // Hot path (one key, compact text, attached payload): no async frame of
  // its own, one .then() over jose's promise for the result and the errors.
  if (typeof jws === "string" && keyOrSet instanceof JoseKey && options?.payload === undefined) {
    let input: string | object;
    let allowed: readonly string[];
    try {
      allowed = checkAllowList("algorithms", options?.algorithms, true)!;
      input = parseSerialized(jws, options.maxLength ?? 1_048_576);
    } catch (e) {
      return Promise.reject(e);
    }
    if (typeof input === "string") return verifyCompact(input, keyOrSet, allowed, options.crit);
  }
  return verifyJwsAny(jws, keyOrSet, options);
}

function verifyCompact(
  input: string,
  k: JoseKey,
  allowed: readonly string[],
  crit: Record<string, boolean> | undefined,
): Promise<VerifyJwsResult> {
  let verifyKey: CryptoKey | Uint8Array;
  try {
    verifyKey = k.keyFor("verify");
  } catch (e) {
    return Promise.reject(e);
  }
  const usable = k.use === "sig" && allowed.includes(k.alg);
  return compactVerify(input, verifyKey, { algorithms: usable ? [k.alg] : [], crit }).then(
    (r): VerifyJwsResult => ({
      payload: r.payload,
      protectedHeader: r.protectedHeader as JoseHeader,
      key: k,
      serialization: "compact",
    }),
    (e) => {
      if ((e as { code?: string })?.code === "ERR_JOSE_ALG_NOT_ALLOWED") {
        throw noKeyError(tryDecodeHeader(input.slice(0, input.indexOf("."))), allowed);
      }
      throw mapJoseError(e, "sig");
    },
  );
}

async function verifyJwsAny(
  jws: string | Uint8Array | FlattenedJws | GeneralJws,
  keyOrSet: KeyInput,
  options: VerifyJwsOptions,
): Promise<VerifyJwsResult> {
  const allowed = checkAllowList("algorithms", options?.algorithms, true)!;
  checkKeyInput(keyOrSet);
  const input = parseSerialized(jws, options.maxLength ?? 1_048_576);
  const crit = options.crit;
  if (typeof input === "string") {
    if (keyOrSet instanceof JoseKey && options.payload === undefined) {
      return await verifyCompact(input, keyOrSet, allowed, crit);
    }
    const parts = input.split(".");
    if (parts.length !== 3) throw new JoseError("EINVALID", "Compact JWS must have three parts");
    const flat: Flat = { protected: parts[0], payload: parts[1], signature: parts[2] };
    if (options.payload !== undefined && parts[1] !== "") {
      throw new JoseError("EINVALID", "A detached payload was given but the JWS has one");
    }
    return await verifyFlat(flat, keyOrSet, allowed, options, crit, "compact");
  }
  const obj = input as Record<string, unknown>;
  if ("signatures" in obj) {
    const sigs = obj.signatures;
    if (!Array.isArray(sigs) || sigs.length === 0) {
      throw new JoseError("EINVALID", "JWS signatures must be a non-empty array");
    }
    const max = options.maxSignatures ?? 16;
    if (sigs.length > max) {
      throw new JoseError("ELIMIT", `JWS has ${sigs.length} signatures; the limit is ${max}`);
    }
    // RFC 7797 section 3: every signature must agree on b64.
    const modes = new Set(sigs.map((s) => tryDecodeHeader((s as Flat)?.protected)?.b64 === false));
    if (modes.size > 1) throw new JoseError("EINVALID", 'Signatures disagree on "b64"');
    let best: JoseError | undefined;
    for (const s of sigs) {
      if (typeof s !== "object" || s === null) {
        throw new JoseError("EINVALID", "JWS signature must be an object");
      }
      const sig = s as Flat;
      try {
        return await verifyFlat(
          {
            protected: sig.protected,
            header: sig.header,
            payload: obj.payload as string,
            signature: sig.signature,
          },
          keyOrSet,
          allowed,
          options,
          crit,
          "general",
        );
      } catch (e) {
        if (!(e instanceof JoseError)) throw e;
        // Signatures with a foreign alg or key are skipped; report the most telling reason.
        if (best === undefined || RANK[e.code] > RANK[best.code]) best = e;
      }
    }
    throw best ?? new JoseError("ESIG", SIG_FAILED);
  }
  return await verifyFlat(obj as Flat, keyOrSet, allowed, options, crit, "flattened");
}

async function verifyFlat(
  flat: Flat,
  keyOrSet: KeyInput,
  allowed: readonly string[],
  options: VerifyJwsOptions,
  crit: Record<string, boolean> | undefined,
  serialization: JwsSerialization,
): Promise<VerifyJwsResult> {
  const prot = tryDecodeHeader(flat.protected);
  const header: JoseHeader = { ...(typeof flat.header === "object" ? flat.header : {}), ...prot };
  if (typeof header.alg !== "string" || !allowed.includes(header.alg)) {
    throw noKeyError(header, allowed);
  }
  if (options.payload !== undefined) {
    if (flat.payload !== undefined && flat.payload !== "") {
      throw new JoseError("EINVALID", "A detached payload was given but the JWS has one");
    }
    const p = options.payload;
    const unencoded = prot?.b64 === false;
    flat = {
      ...flat,
      payload: unencoded
        ? p
        : encodeBase64Url(typeof p === "string" ? new TextEncoder().encode(p) : p),
    };
  }
  const keys = await candidates(keyOrSet, header, "sig");
  if (keys.length === 0) throw noKeyError(header, allowed);
  const max = options.maxCandidates ?? 4;
  for (const k of keys.slice(0, max)) {
    try {
      const r = await flattenedVerify(
        flat as Parameters<typeof flattenedVerify>[0],
        k.keyFor("verify"),
        { algorithms: [k.alg], crit },
      );
      const out: VerifyJwsResult = {
        payload: r.payload,
        protectedHeader: (r.protectedHeader ?? {}) as JoseHeader,
        key: k,
        serialization,
      };
      if (r.unprotectedHeader) out.unprotectedHeader = r.unprotectedHeader as JoseHeader;
      return out;
    } catch (e) {
      const err = mapJoseError(e, "sig");
      if (!(err instanceof JoseError) || err.code !== "ESIG") throw err;
    }
  }
  throw new JoseError("ESIG", SIG_FAILED);
}
