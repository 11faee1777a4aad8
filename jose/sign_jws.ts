// Copyright 2026 the wirekit authors. MIT license.
// signJws: compact, flattened or general JSON JWS with keys bound to their
// algorithm; RFC 7797 unencoded payloads; detached content.
import { type CompactJWSHeaderParameters, CompactSign, FlattenedSign, GeneralSign } from "jose";
import { mapJoseError } from "./_errors.ts";
import { JoseError } from "./jose_error.ts";
import { JoseKey } from "./jose_key.ts";
import type { FlattenedJws, GeneralJws, JoseHeader } from "./types.ts";

/**
 * A JWS serialization (RFC 7515 sections 7.1 and 7.2).
 *
 * @example Usage
 * ```ts
 * import type { JwsSerialization } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const s: JwsSerialization = "flattened";
 * assert.equal(s, "flattened");
 * ```
 */
export type JwsSerialization = "compact" | "flattened" | "general";

/**
 * Options for {@linkcode signJws}.
 *
 * @example Usage
 * ```ts
 * import type { SignJwsOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: SignJwsOptions = { serialization: "flattened", b64: false };
 * assert.equal(o.b64, false);
 * ```
 */
export interface SignJwsOptions {
  /** The algorithm; when given it must equal the key's bound algorithm. */
  alg?: string;
  /** Extra protected header members (`alg` comes from the key). */
  header?: JoseHeader;
  /** Unprotected header members (JSON serializations only). */
  unprotectedHeader?: JoseHeader;
  /**
   * Names of header members (`"alg"`, `"kid"`, or members of `header`) to put
   * in the unprotected header instead of the protected one, as RFC 7520
   * section 4.7 does ("protecting content only"). JSON serializations only;
   * `b64` and `crit` must stay protected.
   *
   * Opt-in because it is weaker: anyone can change an unprotected member in
   * transit without breaking the signature. An unprotected `alg` is only safe
   * with a verifier that pins the algorithm, as {@linkcode verifyJws} does
   * (`algorithms` allow-list and keys bound to one algorithm, wherever `alg`
   * sits); an unprotected `kid` can be swapped to steer key selection.
   * @default {[] (every member protected)}
   */
  unprotectedMembers?: readonly string[];
  /**
   * Output form.
   * @default {"compact" for one key, "general" for an array of keys}
   */
  serialization?: JwsSerialization;
  /**
   * RFC 7797: `false` signs the payload as is (adds `"b64": false` and `crit`).
   * @default {true}
   */
  b64?: boolean;
  /**
   * Put the key's `kid` in the protected header.
   * @default {true}
   */
  includeKid?: boolean;
  /**
   * Leave the payload out of the result (detached content, RFC 7515 appendix F).
   * @default {false}
   */
  detached?: boolean;
}

const encoder = new TextEncoder();

type SplitHeaders = [CompactJWSHeaderParameters | undefined, JoseHeader | undefined];

// Moves the members named by `unprotectedMembers` from the protected header
// `h` to the unprotected one.
function splitHeader(h: CompactJWSHeaderParameters, o: SignJwsOptions): SplitHeaders {
  const names = o.unprotectedMembers;
  if (names === undefined || names.length === 0) return [h, o.unprotectedHeader];
  const prot: JoseHeader = {};
  const unprot: JoseHeader = { ...o.unprotectedHeader };
  for (const [name, value] of Object.entries(h)) {
    if (names.includes(name)) unprot[name] = value;
    else prot[name] = value;
  }
  return [
    Object.keys(prot).length ? prot as CompactJWSHeaderParameters : undefined,
    Object.keys(unprot).length ? unprot : undefined,
  ];
}

function checkUnprotectedMembers(names: unknown, serialization: JwsSerialization): void {
  if (names === undefined) return;
  if (!Array.isArray(names) || !names.every((n) => typeof n === "string")) {
    throw new TypeError("unprotectedMembers must be an array of header member names");
  }
  if (names.length === 0) return;
  if (serialization === "compact") {
    throw new TypeError("The compact serialization has no unprotected header");
  }
  for (const n of ["b64", "crit"]) {
    if (names.includes(n)) throw new TypeError(`"${n}" must be integrity protected`);
  }
}

// jose leaves an unencoded payload for the caller to attach; JSON carries it as text.
function unencodedText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new TypeError("An unencoded (b64: false) JSON payload must be UTF-8 text");
  }
}

function headerFor(k: JoseKey, o: SignJwsOptions): CompactJWSHeaderParameters {
  if (!(k instanceof JoseKey)) throw new TypeError("Expected a JoseKey");
  if (k.use !== "sig") throw new JoseError("EKEY", `Key bound to "${k.alg}" is not a signing key`);
  if (o.alg !== undefined && o.alg !== k.alg) {
    throw new JoseError("EKEY", `Key is bound to "${k.alg}", not "${o.alg}"`);
  }
  const withKid = (o.includeKid ?? true) && k.kid !== undefined &&
    o.unprotectedHeader?.kid === undefined;
  if (o.header === undefined && o.b64 !== false) {
    return withKid ? { alg: k.alg, kid: k.kid } : { alg: k.alg };
  }
  if (o.header?.alg !== undefined && o.header.alg !== k.alg) {
    throw new JoseError("EKEY", `Key is bound to "${k.alg}", not "${String(o.header.alg)}"`);
  }
  const h: CompactJWSHeaderParameters = { alg: k.alg };
  if (withKid) h.kid = k.kid;
  for (const [name, value] of Object.entries(o.header ?? {})) if (name !== "alg") h[name] = value;
  if (o.b64 === false) {
    h.b64 = false;
    const crit = Array.isArray(h.crit) ? h.crit : [];
    h.crit = crit.includes("b64") ? crit : [...crit, "b64"];
  }
  return h;
}

/**
 * Signs `payload` as a JWS. The algorithm is the key's bound algorithm;
 * several keys give a general JSON JWS with one signature each.
 *
 * @param payload Bytes, or text (UTF-8).
 * @param key One key, or several for the general serialization.
 * @param options Serialization, headers, b64, detached.
 * @returns A compact string, or the JSON object.
 * @throws {JoseError} `"EKEY"` when a key cannot sign or `alg` differs from its binding.
 *
 * @example Compact HS256
 * ```ts
 * import { generateJwk, importJwk, signJws, verifyJws } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("HS256"));
 * const jws = await signJws("hello", key);
 * const { payload } = await verifyJws(jws, key, { algorithms: ["HS256"] });
 * assert.equal(new TextDecoder().decode(payload), "hello");
 * ```
 */
export function signJws(
  payload: Uint8Array | string,
  key: JoseKey,
  options?: SignJwsOptions & { serialization?: "compact" },
): Promise<string>;
/**
 * Signs `payload` as a flattened JSON JWS.
 *
 * @param payload Bytes, or text (UTF-8).
 * @param key The key.
 * @param options Serialization "flattened", headers, b64, detached.
 * @returns The flattened JWS object.
 *
 * @example Flattened
 * ```ts
 * import { generateJwk, importJwk, signJws } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("ES256"));
 * const jws = await signJws("hi", key, { serialization: "flattened" });
 * assert.equal(typeof jws.signature, "string");
 * ```
 *
 * @example Protecting the content only (`alg` unprotected, opt-in)
 * ```ts
 * import { generateJwk, importJwk, signJws, verifyJws } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("HS256"));
 * const jws = await signJws("hi", key, { serialization: "flattened", unprotectedMembers: ["alg", "kid"] });
 * assert.equal(jws.protected, undefined);
 * assert.equal(jws.header?.alg, "HS256");
 * // The verifier still pins the algorithm and the key's binding.
 * await verifyJws(jws, key, { algorithms: ["HS256"] });
 * ```
 */
export function signJws(
  payload: Uint8Array | string,
  key: JoseKey,
  options: SignJwsOptions & { serialization: "flattened" },
): Promise<FlattenedJws>;
/**
 * Signs `payload` as a general JSON JWS, one signature per key.
 *
 * @param payload Bytes, or text (UTF-8).
 * @param key One or more keys.
 * @param options Serialization "general", headers, b64, detached.
 * @returns The general JWS object.
 *
 * @example Two signatures
 * ```ts
 * import { generateJwk, importJwk, signJws } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const a = await importJwk(await generateJwk("ES256"));
 * const b = await importJwk(await generateJwk("EdDSA"));
 * const jws = await signJws("hi", [a, b], { serialization: "general" });
 * assert.equal(jws.signatures.length, 2);
 * ```
 */
export function signJws(
  payload: Uint8Array | string,
  key: JoseKey | readonly JoseKey[],
  options: SignJwsOptions & { serialization: "general" },
): Promise<GeneralJws>;
/**
 * With an array of keys the general JSON serialization is the default.
 *
 * @param payload Bytes, or text (UTF-8).
 * @param key The keys.
 * @param options Options (serialization defaults to "general").
 * @returns The general JSON object.
 *
 * @example An array of keys
 * ```ts
 * import { generateJwk, importJwk, signJws } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("HS256"));
 * assert.equal((await signJws("x", [key])).signatures.length, 1);
 * ```
 */
export function signJws(
  payload: Uint8Array | string,
  key: readonly JoseKey[],
  options?: SignJwsOptions & { serialization?: "general" },
): Promise<GeneralJws>;
/**
 * Signs `payload`; the result type follows `options.serialization`.
 *
 * @param payload Bytes, or text (UTF-8).
 * @param key One or more keys.
 * @param options Serialization, headers, b64, detached.
 * @returns A compact string or a JSON object.
 *
 * @example Choosing at run time
 * ```ts
 * import { generateJwk, importJwk, type JwsSerialization, signJws } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importJwk(await generateJwk("HS256"));
 * const form: JwsSerialization = "compact";
 * assert.equal(typeof await signJws("x", key, { serialization: form }), "string");
 * ```
 */
export function signJws(
  payload: Uint8Array | string,
  key: JoseKey | readonly JoseKey[],
  options?: SignJwsOptions,
): Promise<string | FlattenedJws | GeneralJws>;
export function signJws(
  payload: Uint8Array | string,
  key: JoseKey | readonly JoseKey[],
  options: SignJwsOptions = {},
): Promise<string | FlattenedJws | GeneralJws> {
  if (
    key instanceof JoseKey && options.header === undefined && options.b64 !== false &&
    !options.detached && (options.serialization ?? "compact") === "compact" &&
    options.unprotectedHeader === undefined && options.unprotectedMembers === undefined &&
    !/^(RS|PS)/.test(key.alg)
  ) {
    // Hot path: jose's own promise, no wrapper frame. The key is bound to its
    // algorithm at import and checked here, and the header is ours, so jose
    // can only reject a payload that is not bytes (a TypeError either way).
    // RSA keys, whose modulus jose checks, take the general path.
    try {
      const header = headerFor(key, options);
      const bytes = typeof payload === "string" ? encoder.encode(payload) : payload;
      return new CompactSign(bytes).setProtectedHeader(header).sign(key.keyFor("sign"));
    } catch (e) {
      return Promise.reject(mapJoseError(e, "key"));
    }
  }
  return signAny(payload, key, options);
}

async function signAny(
  payload: Uint8Array | string,
  key: JoseKey | readonly JoseKey[],
  options: SignJwsOptions,
): Promise<string | FlattenedJws | GeneralJws> {
  const keys: readonly JoseKey[] = Array.isArray(key) ? key : [key as JoseKey];
  if (keys.length === 0) throw new TypeError("signJws() needs at least one key");
  const serialization = options.serialization ?? (Array.isArray(key) ? "general" : "compact");
  if (serialization !== "compact" && serialization !== "flattened" && serialization !== "general") {
    throw new TypeError(`Unknown serialization ${JSON.stringify(serialization)}`);
  }
  if (keys.length > 1 && serialization !== "general") {
    throw new TypeError("Several keys need the general JSON serialization");
  }
  if (serialization === "compact" && options.unprotectedHeader !== undefined) {
    throw new TypeError("The compact serialization has no unprotected header");
  }
  checkUnprotectedMembers(options.unprotectedMembers, serialization);
  const bytes = typeof payload === "string" ? encoder.encode(payload) : payload;
  if (serialization === "compact") {
    const k = keys[0];
    const header = headerFor(k, options);
    const signingKey = k.keyFor("sign");
    let jws: string;
    try {
      if (options.b64 === false) {
        // RFC 7797 section 5.2: the compact form carries the payload as is,
        // so it must be ASCII without ".".
        const text = new TextDecoder().decode(bytes);
        if (!/^[\x20-\x2d\x2f-\x7e]*$/.test(text)) {
          throw new TypeError('An unencoded compact payload must be printable ASCII without "."');
        }
        const f = await new FlattenedSign(bytes).setProtectedHeader(header).sign(signingKey);
        jws = `${f.protected}.${text}.${f.signature}`;
      } else {
        jws = await new CompactSign(bytes).setProtectedHeader(header).sign(signingKey);
      }
    } catch (e) {
      if (e instanceof TypeError && e.message.startsWith("An unencoded")) throw e;
      throw mapJoseError(e, "key");
    }
    if (!options.detached) return jws;
    return jws.slice(0, jws.indexOf(".") + 1) + jws.slice(jws.lastIndexOf("."));
  }
  const headers = keys.map((k) => splitHeader(headerFor(k, options), options));
  const signingKeys = keys.map((k) => k.keyFor("sign"));
  try {
    if (serialization === "flattened") {
      const s = new FlattenedSign(bytes);
      const [prot, unprot] = headers[0];
      if (prot) s.setProtectedHeader(prot);
      if (unprot) s.setUnprotectedHeader(unprot);
      const jws = await s.sign(signingKeys[0]) as FlattenedJws;
      if (options.detached) delete jws.payload;
      else if (options.b64 === false) jws.payload = unencodedText(bytes);
      return jws;
    }
    const g = new GeneralSign(bytes);
    for (let i = 0; i < keys.length; i++) {
      const sig = g.addSignature(signingKeys[i]);
      const [prot, unprot] = headers[i];
      if (prot) sig.setProtectedHeader(prot);
      if (unprot) sig.setUnprotectedHeader(unprot);
    }
    const jws = await g.sign() as GeneralJws;
    if (options.detached) delete jws.payload;
    else if (options.b64 === false) jws.payload = unencodedText(bytes);
    return jws;
  } catch (e) {
    throw mapJoseError(e, "key");
  }
}
