// Copyright 2026 the wirekit authors. MIT license.
// bearerToken: the token of an `Authorization: Bearer <token>` header (RFC 6750).
import { JoseError } from "./jose_error.ts";

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The bearer token of a request's `Authorization` header (RFC 6750 section
 * 2.1), or undefined when there is none or another scheme is used.
 *
 * @param request A `Request` or its `Headers`.
 * @returns The token, or undefined.
 * @throws {JoseError} `"EINVALID"` for a Bearer credential that is not token68 text.
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
export function bearerToken(request: Request | Headers): string | undefined {
  const headers = request instanceof Headers ? request : request.headers;
  const value = headers.get("authorization");
  if (value === null) return undefined;
  const m = /^[ \t]*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?:[ \t]+(.*?))?[ \t]*$/.exec(value);
  if (!m || m[1].toLowerCase() !== "bearer") return undefined;
  const token = m[2] ?? "";
  if (!TOKEN68.test(token)) {
    throw new JoseError("EINVALID", "Bearer credential is not token68 text");
  }
  return token;
}
