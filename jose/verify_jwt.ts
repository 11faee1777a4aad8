// Copyright 2026 the wirekit authors. MIT license.
// verifyJwt: signature with a required allow-list, then claim checks (iss, aud,
// sub, typ, exp/nbf with tolerance, max age, required claims) at a given time.
import { jwtVerify } from "jose";
import { mapJoseError, SIG_FAILED } from "./_errors.ts";
import {
  candidates,
  checkAllowList,
  checkKeyInput,
  noKeyError,
  tryDecodeHeader,
} from "./_select.ts";
import { JoseError } from "./jose_error.ts";
import { JoseKey } from "./jose_key.ts";
import type { KeyInput } from "./jwk_set.ts";
import type { JoseHeader, JwtClaims } from "./types.ts";

/**
 * Options for {@linkcode verifyJwt}.
 *
 * @example Usage
 * ```ts
 * import type { VerifyJwtOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: VerifyJwtOptions = { algorithms: ["EdDSA"], audience: "api", clockToleranceSec: 30 };
 * assert.equal(o.clockToleranceSec, 30);
 * ```
 */
export interface VerifyJwtOptions {
  /** Algorithms accepted (required; `"none"` is refused). */
  algorithms: readonly string[];
  /** Accepted `iss` value(s). */
  issuer?: string | readonly string[];
  /** Accepted `aud` value(s): one must be in the token's `aud`. */
  audience?: string | readonly string[];
  /** Required `sub`. */
  subject?: string;
  /** Required `typ` header (compared without the "application/" prefix). */
  typ?: string;
  /**
   * Clock skew allowed for `exp`, `nbf` and `iat`, in seconds.
   * @default {0}
   */
  clockToleranceSec?: number;
  /** Largest age (now - `iat`) accepted, in seconds; makes `iat` required. */
  maxAgeSec?: number;
  /** Claims that must be present. */
  requiredClaims?: readonly string[];
  /**
   * Require an `exp` claim.
   * @default {true}
   */
  requireExpiration?: boolean;
  /**
   * The time to check against.
   * @default {new Date()}
   */
  currentDate?: Date;
  /**
   * Largest token accepted, in characters.
   * @default {65536}
   */
  maxLength?: number;
}

/**
 * What {@linkcode verifyJwt} returns.
 *
 * @example Usage
 * ```ts
 * import { generateJwk, importJwk, signJwt, verifyJwt, type VerifyJwtResult } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("HS256"));
 * const jwt = await signJwt({ sub: "a" }, key, { expiresInSec: 60 });
 * const r: VerifyJwtResult = await verifyJwt(jwt, key, { algorithms: ["HS256"] });
 * assert.equal(r.claims.sub, "a");
 * ```
 */
export interface VerifyJwtResult {
  /** The verified claims. */
  claims: JwtClaims;
  /** The protected header. */
  protectedHeader: JoseHeader;
  /** The key that verified it. */
  key: JoseKey;
}

function joseOptions(o: VerifyJwtOptions, algorithms: string[]): Parameters<typeof jwtVerify>[2] {
  const required = [...(o.requiredClaims ?? [])];
  if ((o.requireExpiration ?? true) && !required.includes("exp")) required.push("exp");
  return {
    algorithms,
    issuer: o.issuer as string | string[] | undefined,
    audience: o.audience as string | string[] | undefined,
    subject: o.subject,
    typ: o.typ,
    clockTolerance: o.clockToleranceSec,
    maxTokenAge: o.maxAgeSec,
    requiredClaims: required,
    currentDate: o.currentDate,
  };
}

/**
 * Verifies a compact JWT: the signature (with a required algorithm
 * allow-list; a key verifies only its bound algorithm), then the claims.
 * `exp` is required unless `requireExpiration` is false.
 *
 * @param token The compact JWT.
 * @param keyOrSet A key, an array of keys, or a {@linkcode JwkSet}.
 * @param options Allow-list and claim checks.
 * @returns The claims, header and key.
 * @throws {JoseError} `"EEXPIRED"`, `"ECLAIM"` (with `claim`), `"ESIG"`, `"EALG"`, `"EKEY"`, `"EINVALID"`.
 *
 * @example An expired token
 * ```ts
 * import { generateJwk, importJwk, JoseError, signJwt, verifyJwt } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("HS256"));
 * const jwt = await signJwt({}, key, { expiresInSec: 60, currentDate: new Date(0) });
 * await assert.rejects(
 *   verifyJwt(jwt, key, { algorithms: ["HS256"], currentDate: new Date(120_000) }),
 *   (e) => e instanceof JoseError && e.code === "EEXPIRED",
 * );
 * ```
 */
export async function verifyJwt(
  token: string,
  keyOrSet: KeyInput,
  options: VerifyJwtOptions,
): Promise<VerifyJwtResult> {
  const allowed = checkAllowList("algorithms", options?.algorithms, true)!;
  checkKeyInput(keyOrSet);
  if (typeof token !== "string") throw new TypeError("A JWT must be a string");
  const max = options.maxLength ?? 65536;
  if (token.length > max) throw new JoseError("ELIMIT", `JWT exceeds ${max} characters`);
  if (keyOrSet instanceof JoseKey) {
    const k = keyOrSet;
    const usable = k.use === "sig" && allowed.includes(k.alg);
    try {
      const r = await jwtVerify(
        token,
        k.keyFor("verify"),
        joseOptions(options, usable ? [k.alg] : []),
      );
      return {
        claims: r.payload as JwtClaims,
        protectedHeader: r.protectedHeader as JoseHeader,
        key: k,
      };
    } catch (e) {
      if ((e as { code?: string })?.code === "ERR_JOSE_ALG_NOT_ALLOWED") {
        throw noKeyError(tryDecodeHeader(token.slice(0, token.indexOf("."))), allowed);
      }
      throw mapJoseError(e, "jwt");
    }
  }
  const header = tryDecodeHeader(token.slice(0, Math.max(0, token.indexOf("."))));
  if (header === undefined) throw new JoseError("EINVALID", "JWT protected header is not valid");
  if (typeof header.alg !== "string" || !allowed.includes(header.alg)) {
    throw noKeyError(header, allowed);
  }
  const keys = await candidates(keyOrSet, header, "sig");
  if (keys.length === 0) throw noKeyError(header, allowed);
  for (const k of keys.slice(0, 4)) {
    try {
      const r = await jwtVerify(token, k.keyFor("verify"), joseOptions(options, [k.alg]));
      return {
        claims: r.payload as JwtClaims,
        protectedHeader: r.protectedHeader as JoseHeader,
        key: k,
      };
    } catch (e) {
      const err = mapJoseError(e, "jwt");
      if (!(err instanceof JoseError) || err.code !== "ESIG") throw err;
    }
  }
  throw new JoseError("ESIG", SIG_FAILED);
}
