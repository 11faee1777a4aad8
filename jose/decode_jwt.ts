// Copyright 2026 the wirekit authors. MIT license.
// decodeJwt: read a compact JWT's header and claims WITHOUT verifying (for
// display and routing). Malformed text raises JoseSyntaxError with the offset.
import { decodeBase64Url } from "../_internal/base64.ts";
import { JoseError, JoseSyntaxError } from "./jose_error.ts";
import type { JoseHeader, JwtClaims } from "./types.ts";

/**
 * Options for {@linkcode decodeJwt}.
 *
 * @example Usage
 * ```ts
 * import type { DecodeJwtOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: DecodeJwtOptions = { maxLength: 4096 };
 * assert.equal(o.maxLength, 4096);
 * ```
 */
export interface DecodeJwtOptions {
  /**
   * Largest token accepted, in characters.
   * @default {65536}
   */
  maxLength?: number;
}

/**
 * What {@linkcode decodeJwt} returns.
 *
 * @example Usage
 * ```ts
 * import type { DecodedJwt } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const d: DecodedJwt = { header: { alg: "HS256" }, claims: { sub: "a" }, encrypted: false };
 * assert.equal(d.claims?.sub, "a");
 * ```
 */
export interface DecodedJwt {
  /** The protected header. */
  header: JoseHeader;
  /** The claims (undefined for an encrypted JWT or a non-JSON payload). */
  claims: JwtClaims | undefined;
  /** True for a compact JWE (five parts). */
  encrypted: boolean;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function part(token: string, start: number, end: number): Uint8Array {
  const text = token.slice(start, end);
  if (!B64URL.test(text)) {
    const bad = text.search(/[^A-Za-z0-9_-]/);
    throw new JoseSyntaxError(
      `Invalid base64url character ${JSON.stringify(text[bad])}`,
      start + bad,
    );
  }
  try {
    return decodeBase64Url(text);
  } catch {
    throw new JoseSyntaxError("Invalid base64url length", start);
  }
}

function json(bytes: Uint8Array, offset: number, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new JoseSyntaxError(`${what} is not JSON`, offset);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new JoseSyntaxError(`${what} is not a JSON object`, offset);
  }
  return v as Record<string, unknown>;
}

/**
 * Decodes a compact JWT (or the header of a compact JWE) without verifying
 * anything. Never trust the result before `verifyJwt`.
 *
 * @param token The compact token.
 * @param options Size limit.
 * @returns Header, claims and whether it is encrypted.
 * @throws {JoseSyntaxError} For malformed text, with the offset.
 *
 * @example Peeking at the header
 * ```ts
 * import { decodeJwt } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const { header, claims } = decodeJwt("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig");
 * assert.equal(header.alg, "HS256");
 * assert.equal(claims?.sub, "a");
 * ```
 */
export function decodeJwt(token: string, options: DecodeJwtOptions = {}): DecodedJwt {
  if (typeof token !== "string") throw new TypeError("A JWT must be a string");
  const max = options.maxLength ?? 65536;
  if (token.length > max) throw new JoseError("ELIMIT", `JWT exceeds ${max} characters`);
  const dots: number[] = [];
  for (let i = token.indexOf("."); i >= 0 && dots.length < 5; i = token.indexOf(".", i + 1)) {
    dots.push(i);
  }
  if (dots.length !== 2 && dots.length !== 4) {
    throw new JoseSyntaxError(
      `A compact JWT has 3 or 5 parts, not ${dots.length + 1}`,
      dots[4] ?? token.length,
    );
  }
  const header = json(part(token, 0, dots[0]), 0, "Header") as JoseHeader;
  if (dots.length === 4) return { header, claims: undefined, encrypted: true };
  const payload = part(token, dots[0] + 1, dots[1]);
  let claims: JwtClaims | undefined;
  try {
    claims = json(payload, dots[0] + 1, "Payload") as JwtClaims;
  } catch (e) {
    if (header.cty === undefined && header.b64 === undefined) throw e;
  }
  part(token, dots[1] + 1, token.length);
  return { header, claims, encrypted: false };
}
