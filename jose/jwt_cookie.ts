// Copyright 2026 the wirekit authors. MIT license.
// JWT cookies (libwebsockets' cookie helpers on Web Headers/Request):
// setJwtCookie appends a Set-Cookie with safe attributes; readJwtCookie finds
// the cookie and verifies the JWT in it.
import { JoseError } from "./jose_error.ts";
import type { KeyInput } from "./jwk_set.ts";
import { verifyJwt, type VerifyJwtOptions, type VerifyJwtResult } from "./verify_jwt.ts";

/**
 * Options for {@linkcode setJwtCookie}.
 *
 * @example Usage
 * ```ts
 * import type { SetJwtCookieOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: SetJwtCookieOptions = { sameSite: "Strict", maxAgeSec: 600 };
 * assert.equal(o.sameSite, "Strict");
 * ```
 */
export interface SetJwtCookieOptions {
  /**
   * `Secure` attribute (HTTPS only).
   * @default {true}
   */
  secure?: boolean;
  /**
   * `HttpOnly` attribute (hidden from scripts).
   * @default {true}
   */
  httpOnly?: boolean;
  /**
   * `SameSite` attribute.
   * @default {"Lax"}
   */
  sameSite?: "Strict" | "Lax" | "None";
  /**
   * `Path` attribute.
   * @default {"/"}
   */
  path?: string;
  /** `Domain` attribute (not allowed with the `__Host-` prefix). */
  domain?: string;
  /** `Max-Age` in seconds (0 deletes the cookie). */
  maxAgeSec?: number;
  /**
   * Largest Set-Cookie value, in characters (browsers keep about 4096).
   * @default {4096}
   */
  maxLength?: number;
}

/**
 * Options for {@linkcode readJwtCookie}: the verification options plus the key(s).
 *
 * @example Usage
 * ```ts
 * import type { ReadJwtCookieOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: ReadJwtCookieOptions = { key: [], algorithms: ["HS256"] };
 * assert.deepEqual(o.algorithms, ["HS256"]);
 * ```
 */
export interface ReadJwtCookieOptions extends VerifyJwtOptions {
  /** Key(s) to verify with. */
  key: KeyInput;
}

const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
const ATTR = /^[\x20-\x3A\x3C-\x7E]*$/;

/**
 * Appends a `Set-Cookie` header carrying a JWT, with `Secure`, `HttpOnly`,
 * `SameSite=Lax` and `Path=/` unless told otherwise. `SameSite=None` requires
 * `Secure`; the `__Secure-`/`__Host-` prefixes are enforced.
 *
 * @param headers Response headers to append to.
 * @param name Cookie name.
 * @param token The JWT.
 * @param options Attributes.
 * @returns Nothing; `headers` gains one `Set-Cookie`.
 * @throws {TypeError} For a bad name, value or attribute; {RangeError} when too long.
 *
 * @example Setting a session cookie
 * ```ts
 * import { setJwtCookie } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const headers = new Headers();
 * setJwtCookie(headers, "session", "a.b.c", { maxAgeSec: 3600 });
 * assert.equal(headers.get("set-cookie"), "session=a.b.c; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax");
 * ```
 */
export function setJwtCookie(
  headers: Headers,
  name: string,
  token: string,
  options: SetJwtCookieOptions = {},
): void {
  if (!NAME.test(name)) throw new TypeError(`Invalid cookie name ${JSON.stringify(name)}`);
  if (!VALUE.test(token)) {
    throw new TypeError("Cookie value contains characters a cookie cannot carry");
  }
  const secure = options.secure ?? true;
  const httpOnly = options.httpOnly ?? true;
  const sameSite = options.sameSite ?? "Lax";
  const path = options.path ?? "/";
  if (!["Strict", "Lax", "None"].includes(sameSite)) {
    throw new TypeError(`Invalid SameSite ${JSON.stringify(sameSite)}`);
  }
  if (sameSite === "None" && !secure) throw new TypeError("SameSite=None requires Secure");
  if ((name.startsWith("__Secure-") || name.startsWith("__Host-")) && !secure) {
    throw new TypeError(`Cookie ${name} requires Secure`);
  }
  if (name.startsWith("__Host-") && (path !== "/" || options.domain !== undefined)) {
    throw new TypeError(`Cookie ${name} requires Path=/ and no Domain`);
  }
  if (!ATTR.test(path) || (options.domain !== undefined && !ATTR.test(options.domain))) {
    throw new TypeError("Cookie Path/Domain contains invalid characters");
  }
  let cookie = `${name}=${token}; Path=${path}`;
  if (options.domain !== undefined) cookie += `; Domain=${options.domain}`;
  if (options.maxAgeSec !== undefined) {
    if (!Number.isSafeInteger(options.maxAgeSec)) {
      throw new TypeError("maxAgeSec must be an integer");
    }
    cookie += `; Max-Age=${Math.max(0, options.maxAgeSec)}`;
  }
  if (secure) cookie += "; Secure";
  if (httpOnly) cookie += "; HttpOnly";
  cookie += `; SameSite=${sameSite}`;
  const max = options.maxLength ?? 4096;
  if (cookie.length > max) {
    throw new RangeError(`Set-Cookie is ${cookie.length} characters; the limit is ${max}`);
  }
  headers.append("set-cookie", cookie);
}

/**
 * Finds cookie `name` in a request and verifies the JWT in it. Resolves to
 * undefined when the cookie is absent; several cookies of that name are refused
 * (an attacker on a sibling domain could have planted one).
 *
 * @param request A `Request` or its `Headers`.
 * @param name Cookie name.
 * @param verifyOptions Key(s) and JWT verification options.
 * @returns The verified JWT, or undefined.
 * @throws {JoseError} From verifyJwt, or `"EINVALID"` for duplicate cookies.
 *
 * @example Reading back a cookie
 * ```ts
 * import { generateJwk, importJwk, readJwtCookie, signJwt } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("HS256"));
 * const jwt = await signJwt({ sub: "alice" }, key, { expiresInSec: 60 });
 * const req = new Request("https://app.example/", { headers: { cookie: `theme=dark; session=${jwt}` } });
 * const r = await readJwtCookie(req, "session", { key, algorithms: ["HS256"] });
 * assert.equal(r?.claims.sub, "alice");
 * ```
 */
export async function readJwtCookie(
  request: Request | Headers,
  name: string,
  verifyOptions: ReadJwtCookieOptions,
): Promise<VerifyJwtResult | undefined> {
  const headers = request instanceof Headers ? request : request.headers;
  const header = headers.get("cookie");
  if (header === null) return undefined;
  const found: string[] = [];
  for (const pair of header.split(/;\s*/)) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    if (pair.slice(0, eq).trim() === name) found.push(pair.slice(eq + 1).trim());
  }
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    throw new JoseError("EINVALID", `Several cookies named ${JSON.stringify(name)}`);
  }
  let value = found[0];
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
  const { key, ...options } = verifyOptions;
  return await verifyJwt(value, key, options);
}
