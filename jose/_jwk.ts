// Copyright 2026 the wirekit authors. MIT license.
// JWK helpers shared by key import and export.
import type { Jwk } from "./types.ts";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv"];

/** The JWK without its private members (and without `key_ops`, which would list private operations). */
export function publicPart(jwk: Jwk): Jwk {
  const out: Jwk = { kty: jwk.kty };
  for (const [k, v] of Object.entries(jwk)) {
    if (PRIVATE_MEMBERS.includes(k) || k === "key_ops" || k === "ext") continue;
    out[k] = Array.isArray(v) ? [...v] : v;
  }
  return out;
}
