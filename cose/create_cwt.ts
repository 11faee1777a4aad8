// Copyright 2026 the wirekit authors. MIT license.
// createCwt: a CBOR Web Token (RFC 8392) as a COSE_Sign1, COSE_Mac0 or COSE_Encrypt0.
import { encodeCbor } from "../cbor/mod.ts";
import { CoseError } from "./cose_error.ts";
import type { CoseKey } from "./cose_key.ts";
import { createCoseSign1 } from "./cose_sign1.ts";
import { createCoseMac0 } from "./cose_mac0.ts";
import { createCoseEncrypt0 } from "./cose_encrypt0.ts";
import { algEntry } from "./_algorithms.ts";
import { toClaimsMap } from "./_cwt.ts";
import { H } from "./_tables.ts";
import { toHeaderMap } from "./_message.ts";
import type { CoseCreateOptions, CoseLabel } from "./types.ts";

/**
 * CWT claims by name. The registered claims are `iss`, `sub`, `aud`, `exp`,
 * `nbf`, `iat`, `cti` and `cnf` (claim keys 1 to 8); other names are written
 * as text claim keys, and integer keys as strings (`"-70000"`).
 */
export interface CwtClaims {
  /** Issuer (claim key 1). */
  iss?: string;
  /** Subject (2). */
  sub?: string;
  /** Audience (3): one string, or several. */
  aud?: string | string[];
  /** Expiration time (4): seconds since the epoch, or a Date when creating. */
  exp?: number | Date;
  /** Not before (5). */
  nbf?: number | Date;
  /** Issued at (6). */
  iat?: number | Date;
  /** CWT ID (7): bytes (a string is encoded as UTF-8 when creating). */
  cti?: Uint8Array | string;
  /** Confirmation (8, RFC 8747): a map such as `{1: COSE_Key}`, or a CoseKey when creating. */
  cnf?: ReadonlyMap<CoseLabel, unknown> | CoseKey;
  /** Other claims. */
  [claim: string]: unknown;
}

/** Options of {@linkcode createCwt}. */
export interface CreateCwtOptions extends CoseCreateOptions {
  /** Algorithm, when the headers carry none; else the key's `alg`. Its kind picks the message type. */
  alg?: string | number;
  /**
   * Wrap the COSE message in the CWT tag (61).
   * @default {false}
   */
  cwtTag?: boolean;
}

/**
 * Creates a CWT: the claims set encoded as a CBOR map with integer claim keys,
 * protected by a COSE_Sign1 (signature algorithm), COSE_Mac0 (MAC) or
 * COSE_Encrypt0 (content encryption), as the algorithm says.
 *
 * @param claims The claims, by name (`iss`, `exp` ...) or as a Map of claim keys.
 * @param key The signing, MAC or encryption key.
 * @param options Algorithm, headers, CWT tag, COSE framing.
 * @returns The encoded token.
 * @throws {CoseError} `EALG` for an algorithm that cannot protect a CWT, `EKEY`.
 *
 * @example A signed CWT
 * ```ts
 * import { createCwt, generateCoseKey, verifyCwt } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("ES256");
 * const token = await createCwt({ iss: "coap://as.example.com", exp: 2000000000 }, key);
 * const out = await verifyCwt(token, key, { algorithms: ["ES256"], issuer: "coap://as.example.com", clock: 1700000000 });
 * assert.equal(out.claims.iss, "coap://as.example.com");
 * ```
 */
export async function createCwt(
  claims: CwtClaims | ReadonlyMap<CoseLabel, unknown>,
  key: CoseKey,
  options: CreateCwtOptions = {},
): Promise<Uint8Array> {
  const payload = encodeCbor(toClaimsMap(claims as Record<string, unknown>));
  const p = toHeaderMap(options.protectedHeaders);
  const u = toHeaderMap(options.unprotectedHeaders);
  const alg = p.get(H.alg) ?? u.get(H.alg) ?? options.alg ?? key?.params.get(3);
  const entry = algEntry(alg);
  if (!entry) throw new CoseError("EALG", `Unsupported algorithm ${JSON.stringify(alg ?? null)}`);
  const o = { ...options, alg: entry.id };
  let msg: Uint8Array;
  if (entry.kind === "sign") msg = await createCoseSign1(payload, key, o);
  else if (entry.kind === "mac") msg = await createCoseMac0(payload, key, o);
  else if (entry.kind === "aead") msg = await createCoseEncrypt0(payload, key, o);
  else throw new CoseError("EALG", `${entry.name} cannot protect a CWT`);
  if (!options.cwtTag) return msg;
  const out = new Uint8Array(msg.length + 2);
  out[0] = 0xd8;
  out[1] = 61;
  out.set(msg, 2);
  return out;
}
