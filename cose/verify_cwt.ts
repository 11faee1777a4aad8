// Copyright 2026 the wirekit authors. MIT license.
// verifyCwt: checks a CBOR Web Token (RFC 8392), nested tokens included, and its claims.
import { decodeCbor } from "../cbor/mod.ts";
import { CoseError } from "./cose_error.ts";
import type { CoseKey } from "./cose_key.ts";
import { type CoseMessageKind, decodeCoseMessage } from "./decode_cose_message.ts";
import { verifyCoseSign1 } from "./cose_sign1.ts";
import { verifyCoseMac0 } from "./cose_mac0.ts";
import { decryptCoseEncrypt0 } from "./cose_encrypt0.ts";
import { algEntry } from "./_algorithms.ts";
import { CLAIM_KEYS, fromClaimsMap } from "./_cwt.ts";
import { H } from "./_tables.ts";
import type { CwtClaims } from "./create_cwt.ts";
import type { CoseLabel, CoseVerifyOptions } from "./types.ts";

/** Options of {@linkcode verifyCwt}. */
export interface VerifyCwtOptions extends Omit<CoseVerifyOptions, "detachedPayload"> {
  /** Accepted issuers (`iss` must be present and one of them). */
  issuer?: string | readonly string[];
  /** Accepted audiences (`aud` must be present and name one of them). */
  audience?: string | readonly string[];
  /** Required subject. */
  subject?: string;
  /**
   * The current time: a Date, seconds since the epoch, or a function returning either.
   * @default {() => new Date()}
   */
  clock?: Date | number | (() => Date | number);
  /**
   * Leeway for `exp`, `nbf`, `iat` and `maxAgeSec`, in seconds.
   * @default {0}
   */
  clockToleranceSec?: number;
  /** Largest accepted age (`iat` must be present). */
  maxAgeSec?: number;
  /**
   * Claims that must be present (names such as `"exp"` or claim keys).
   * @default {[]}
   */
  requiredClaims?: readonly (string | number)[];
  /** Message type of an untagged token whose algorithm does not tell. */
  kind?: "sign1" | "mac0" | "encrypt0";
  /**
   * Most COSE layers (nested CWTs) opened.
   * @default {4}
   */
  maxNesting?: number;
}

/** What {@linkcode verifyCwt} returns. */
export interface CwtResult {
  /** The claims by name (`iss`, `exp` ...); other claim keys as strings. */
  claims: CwtClaims;
  /** The claims set as decoded, by claim key. */
  claimsMap: Map<CoseLabel, unknown>;
  /** The COSE layers opened, outermost first. */
  layers: CoseMessageKind[];
  /** Algorithm of the innermost layer. */
  alg: string;
  /** Protected headers of the innermost layer. */
  protectedHeaders: Map<CoseLabel, unknown>;
  /** Unprotected headers of the innermost layer. */
  unprotectedHeaders: Map<CoseLabel, unknown>;
}

function nowSeconds(clock: VerifyCwtOptions["clock"]): number {
  const c = typeof clock === "function" ? clock() : clock ?? new Date();
  if (c instanceof Date) return c.getTime() / 1000;
  if (typeof c === "number" && Number.isFinite(c)) return c;
  throw new TypeError("options.clock must give a Date or a number of seconds");
}

function list(v: string | readonly string[]): readonly string[] {
  return typeof v === "string" ? [v] : v;
}

/**
 * Verifies a CWT: strips the CWT tag (61) if present, verifies or decrypts the
 * COSE_Sign1, COSE_Mac0 or COSE_Encrypt0 (opening nested CWTs, whose content
 * is again a tagged COSE message), then checks the claims set: claim types,
 * `exp`/`nbf`/`iat` against the clock, and the issuer, audience, subject and
 * required claims asked for.
 *
 * @param token The encoded token.
 * @param keys The key, or candidate keys for every layer (matched by `kid`, type and algorithm).
 * @param options The algorithm allow-list (required), claim expectations, clock.
 * @returns The claims and the layers opened.
 * @throws {CoseError} `EEXPIRED` (`exp` passed), `ENOTYET` (`nbf` ahead), `ECLAIM` (wrong type, mismatch, missing, `iat` ahead, too old), and the codes of the COSE layer (`ESIG`, `EDECRYPT`, `EALG` ...).
 *
 * @example An expired token
 * ```ts
 * import { CoseError, createCwt, generateCoseKey, verifyCwt } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("HMAC 256/256");
 * const token = await createCwt({ sub: "erikw", exp: 1000 }, key);
 * await assert.rejects(verifyCwt(token, key, { algorithms: ["HMAC 256/256"], clock: 2000 }), (e) => e instanceof CoseError && e.code === "EEXPIRED");
 * ```
 */
export async function verifyCwt(
  token: Uint8Array,
  keys: CoseKey | readonly CoseKey[],
  options: VerifyCwtOptions,
): Promise<CwtResult> {
  if (!(token instanceof Uint8Array)) throw new TypeError("CWT must be a Uint8Array");
  if (!options || !Array.isArray(options.algorithms)) {
    throw new TypeError("options.algorithms must be an array of algorithms");
  }
  const maxNesting = options.maxNesting ?? 4;
  const layers: CoseMessageKind[] = [];
  let bytes = token;
  let tagged = options.tagged;
  for (;;) {
    // The CWT tag 61 (0xd8 0x3d) may precede the COSE message.
    if (bytes.length > 2 && bytes[0] === 0xd8 && bytes[1] === 61) {
      bytes = bytes.subarray(2);
    }
    if (layers.length >= maxNesting) {
      throw new CoseError("ELIMIT", `CWT nests deeper than ${maxNesting} layers`);
    }
    const d = decodeCoseMessage(bytes, { maxBytes: options.maxBytes });
    let kind = d.kind;
    if (kind === undefined) {
      const a = d.protectedHeaders.get(H.alg) ?? d.unprotectedHeaders.get(H.alg);
      const k = algEntry(a)?.kind;
      kind = options.kind ?? (k === "sign" ? "sign1" : k === "mac" ? "mac0" : undefined);
    }
    if (kind !== "sign1" && kind !== "mac0" && kind !== "encrypt0") {
      throw new CoseError(
        "ETAG",
        `A CWT must be a COSE_Sign1, COSE_Mac0 or COSE_Encrypt0, not ${kind ?? "an unknown type"}`,
      );
    }
    const o: CoseVerifyOptions = { ...options, tagged };
    let content: Uint8Array;
    let result: {
      alg: string;
      protectedHeaders: Map<CoseLabel, unknown>;
      unprotectedHeaders: Map<CoseLabel, unknown>;
    };
    if (kind === "sign1") {
      const r = await verifyCoseSign1(bytes, keys, o);
      content = r.payload;
      result = r;
    } else if (kind === "mac0") {
      const r = await verifyCoseMac0(bytes, keys, o);
      content = r.payload;
      result = r;
    } else {
      const r = await decryptCoseEncrypt0(bytes, keys, o);
      content = r.plaintext;
      result = r;
    }
    layers.push(kind);
    // A nested CWT is a tagged COSE message (CBOR major type 6); a claims set is a map.
    if (content.length > 0 && content[0] >> 5 === 6) {
      bytes = content;
      tagged = "required";
      continue;
    }
    let claimsMap: unknown;
    try {
      claimsMap = decodeCbor(content, {
        mapsAsObjects: false,
        rejectDuplicateKeys: true,
        maxBytes: options.maxBytes,
      });
    } catch (cause) {
      throw new CoseError("ECLAIM", "CWT claims set is not valid CBOR", { cause });
    }
    if (!(claimsMap instanceof Map)) throw new CoseError("ECLAIM", "CWT claims set is not a map");
    const claims = fromClaimsMap(claimsMap) as CwtClaims;
    checkClaims(claims, claimsMap, options);
    return {
      claims,
      claimsMap: claimsMap as Map<CoseLabel, unknown>,
      layers,
      alg: result.alg,
      protectedHeaders: result.protectedHeaders,
      unprotectedHeaders: result.unprotectedHeaders,
    };
  }
}

function checkClaims(claims: CwtClaims, m: Map<unknown, unknown>, options: VerifyCwtOptions): void {
  const tol = options.clockToleranceSec ?? 0;
  if (typeof tol !== "number" || !(tol >= 0)) {
    throw new RangeError("options.clockToleranceSec must be a non-negative number");
  }
  for (const r of options.requiredClaims ?? []) {
    const label = typeof r === "string" ? CLAIM_KEYS[r] ?? r : r;
    if (!m.has(label)) throw new CoseError("ECLAIM", `CWT claim ${String(r)} is missing`);
  }
  const now = nowSeconds(options.clock);
  const exp = claims.exp as number | undefined;
  const nbf = claims.nbf as number | undefined;
  const iat = claims.iat as number | undefined;
  if (exp !== undefined && now >= exp + tol) {
    throw new CoseError("EEXPIRED", "CWT has expired (exp)");
  }
  if (nbf !== undefined && now < nbf - tol) {
    throw new CoseError("ENOTYET", "CWT is not yet valid (nbf)");
  }
  if (iat !== undefined && iat > now + tol) {
    throw new CoseError("ECLAIM", "CWT claim iat is in the future");
  }
  if (options.maxAgeSec !== undefined) {
    if (iat === undefined) throw new CoseError("ECLAIM", "CWT claim iat is missing (maxAgeSec)");
    if (now - iat > options.maxAgeSec + tol) {
      throw new CoseError("EEXPIRED", "CWT is older than maxAgeSec (iat)");
    }
  }
  if (options.issuer !== undefined) {
    if (claims.iss === undefined) throw new CoseError("ECLAIM", "CWT claim iss is missing");
    if (!list(options.issuer).includes(claims.iss)) {
      throw new CoseError("ECLAIM", `CWT issuer ${JSON.stringify(claims.iss)} is not accepted`);
    }
  }
  if (options.audience !== undefined) {
    if (claims.aud === undefined) throw new CoseError("ECLAIM", "CWT claim aud is missing");
    const auds = typeof claims.aud === "string" ? [claims.aud] : claims.aud;
    const ok = list(options.audience);
    if (!auds.some((a) => ok.includes(a))) {
      throw new CoseError("ECLAIM", "CWT audience is not accepted");
    }
  }
  if (options.subject !== undefined && claims.sub !== options.subject) {
    throw new CoseError("ECLAIM", "CWT subject does not match");
  }
}
