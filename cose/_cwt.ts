// Copyright 2026 the wirekit authors. MIT license.
// CWT claims (RFC 8392 section 3): names <-> integer claim keys, and value checks.
import { CoseError } from "./cose_error.ts";
import { CoseKey } from "./cose_key.ts";
import type { CoseLabel } from "./types.ts";

/** Registered claim keys (no prototype, so "constructor" is an ordinary claim name). */
export const CLAIM_KEYS: Readonly<Record<string, number>> = Object.assign(
  Object.create(null) as Record<string, number>,
  { iss: 1, sub: 2, aud: 3, exp: 4, nbf: 5, iat: 6, cti: 7, cnf: 8 },
);

const CLAIM_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(CLAIM_KEYS).map(([k, v]) => [v, k]),
);

const utf8 = new TextEncoder();

function numericDate(v: unknown, name: string): number {
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isNaN(t)) throw new TypeError(`Claim ${name} is an invalid Date`);
    return Math.floor(t / 1000);
  }
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new TypeError(`Claim ${name} must be a Date or a number of seconds`);
  }
  return v;
}

/** The claims map of a claims object or map given by the caller. */
export function toClaimsMap(
  claims: ReadonlyMap<CoseLabel, unknown> | Readonly<Record<string, unknown>>,
): Map<CoseLabel, unknown> {
  if (claims === null || typeof claims !== "object") {
    throw new TypeError("Claims must be an object or a Map");
  }
  const entries: [CoseLabel, unknown][] = claims instanceof Map
    ? [...claims.entries()]
    : Object.entries(claims).map(([k, v]) => [
      CLAIM_KEYS[k] ?? (/^-?\d+$/.test(k) ? Number(k) : k),
      v,
    ]);
  const out = new Map<CoseLabel, unknown>();
  for (const [label, v] of entries) {
    if (v === undefined) continue;
    const name = typeof label === "number" ? CLAIM_NAMES.get(label) : undefined;
    let value = v;
    if (name === "iss" || name === "sub") {
      if (typeof v !== "string") throw new TypeError(`Claim ${name} must be a string`);
    } else if (name === "aud") {
      if (typeof v !== "string" && !(Array.isArray(v) && v.every((x) => typeof x === "string"))) {
        throw new TypeError("Claim aud must be a string or an array of strings");
      }
    } else if (name === "exp" || name === "nbf" || name === "iat") {
      value = numericDate(v, name);
    } else if (name === "cti") {
      if (typeof v === "string") value = utf8.encode(v);
      else if (!(v instanceof Uint8Array)) {
        throw new TypeError("Claim cti must be a Uint8Array or a string");
      }
    } else if (name === "cnf") {
      if (v instanceof CoseKey) value = new Map([[1, new Map(v.params)]]);
      else if (!(v instanceof Map)) throw new TypeError("Claim cnf must be a Map or a CoseKey");
    }
    out.set(label, value);
  }
  return out;
}

function claimError(msg: string): CoseError {
  return new CoseError("ECLAIM", msg);
}

/** Checks the types of the registered claims of a decoded claims set and names them. */
export function fromClaimsMap(m: Map<unknown, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [label, v] of m) {
    if (typeof label !== "number" && typeof label !== "string") {
      throw claimError("CWT claim key is not an integer or text");
    }
    const name = typeof label === "number" ? CLAIM_NAMES.get(label) : undefined;
    switch (name) {
      case "iss":
      case "sub":
        if (typeof v !== "string") throw claimError(`CWT claim ${name} is not a text string`);
        break;
      case "aud":
        if (
          typeof v !== "string" &&
          !(Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string"))
        ) {
          throw claimError("CWT claim aud is not a text string or an array of them");
        }
        break;
      case "exp":
      case "nbf":
      case "iat":
        if (typeof v === "bigint") throw claimError(`CWT claim ${name} is out of range`);
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw claimError(`CWT claim ${name} is not a NumericDate`);
        }
        break;
      case "cti":
        if (!(v instanceof Uint8Array)) throw claimError("CWT claim cti is not a byte string");
        break;
      case "cnf":
        if (!(v instanceof Map)) throw claimError("CWT claim cnf is not a map");
        break;
    }
    out[name ?? String(label)] = v;
  }
  return out;
}
