// Copyright 2026 the wirekit authors. MIT license.
// bearerToken: the token of an `Authorization: Bearer <token>` header (RFC 6750).
import { JoseError } from "./jose_error.ts";

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Options for {@linkcode bearerToken}.
 *
 * @example Usage
 * ```ts
 * import type { BearerTokenOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: BearerTokenOptions = { maxLength: 4096 };
 * assert.equal(o.maxLength, 4096);
 * ```
 */
export interface BearerTokenOptions {
  /**
   * Largest Authorization header accepted, in characters.
   * @default {8192}
   */
  maxLength?: number;
}

/**
 * The bearer token of a request's `Authorization` header (RFC 6750 section
 * 2.1), or undefined when there is none or another scheme is used.
 *
 * @param request A `Request` or its `Headers`.
 * @param options Size limit.
 * @returns The token, or undefined.
 * @throws {JoseError} `"EINVALID"` for a Bearer credential that is not token68 text, `"ELIMIT"` when too long.
 *
 * @example Reading the token
 * ```ts
 * import { bearerToken } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const req = new Request("https://api.example/", { headers: { authorization: "Bearer abc.def.ghi" } });
 * assert.equal(bearerToken(req), "abc.def.ghi");
 * assert.equal(bearerToken(new Headers({ authorization: "Basic Zm9vOmJhcg==" })), undefined);
 * ```
 */
export function bearerToken(
  request: Request | Headers,
  options: BearerTokenOptions = {},
): string | undefined {
  const headers = request instanceof Headers ? request : request.headers;
  const value = headers.get("authorization");
  if (value === null) return undefined;
  const max = options.maxLength ?? 8192;
  if (value.length > max) {
    throw new JoseError("ELIMIT", `Authorization header exceeds ${max} characters`);
  }
  // Split by hand (no backtracking regex over attacker-controlled text).
  const v = value.trim();
  const sp = v.search(/[ \t]/);
  const scheme = sp < 0 ? v : v.slice(0, sp);
  if (scheme.toLowerCase() !== "bearer") return undefined;
  const token = sp < 0 ? "" : v.slice(sp).trimStart();
  if (!TOKEN68.test(token)) {
    throw new JoseError("EINVALID", "Bearer credential is not token68 text");
  }
  return token;
}
