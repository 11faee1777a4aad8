// Copyright 2026 the wirekit authors. MIT license.
// Shared plumbing of verify/decrypt: allow-list validation, header decoding,
// and choosing candidate keys (bound to the header's alg) from a key or set.
import { decodeBase64Url } from "../_internal/base64.ts";
import { JoseError } from "./jose_error.ts";
import { JoseKey } from "./jose_key.ts";
import { JwkSet, type KeyInput } from "./jwk_set.ts";
import type { JoseHeader } from "./types.ts";

export type { KeyInput };

/** Checks an allow-list: a non-empty array of strings without "none". */
export function checkAllowList(
  name: string,
  list: unknown,
  required: boolean,
): readonly string[] | undefined {
  if (list === undefined && !required) return undefined;
  if (!Array.isArray(list) || list.length === 0 || !list.every((a) => typeof a === "string")) {
    throw new TypeError(`${name} must be a non-empty array of algorithm names`);
  }
  if (list.includes("none")) throw new TypeError(`${name} must not contain "none"`);
  return list;
}

/** Decodes a base64url protected header, or undefined when it is not one. */
export function tryDecodeHeader(segment: unknown): JoseHeader | undefined {
  if (typeof segment !== "string" || segment.length === 0) return undefined;
  try {
    const v = JSON.parse(new TextDecoder().decode(decodeBase64Url(segment)));
    return typeof v === "object" && v !== null && !Array.isArray(v) ? v as JoseHeader : undefined;
  } catch {
    return undefined;
  }
}

/** Checks the input is a key, key array or set. */
export function checkKeyInput(input: unknown): asserts input is KeyInput {
  if (input instanceof JoseKey || input instanceof JwkSet) return;
  if (Array.isArray(input) && input.every((k) => k instanceof JoseKey)) return;
  throw new TypeError("Expected a JoseKey, an array of JoseKeys or a JwkSet");
}

/**
 * Keys that may process an object with this header: bound to exactly the
 * header's alg, with a matching kid when both have one, and the right use.
 */
export async function candidates(
  input: KeyInput,
  header: JoseHeader,
  use: "sig" | "enc",
): Promise<JoseKey[]> {
  const alg = header.alg;
  if (typeof alg !== "string") return [];
  const kid = typeof header.kid === "string" ? header.kid : undefined;
  if (input instanceof JwkSet) return await input.select({ kid, alg, use });
  // A single key given explicitly is used whatever kid the header names.
  if (input instanceof JoseKey) return input.alg === alg && input.use === use ? [input] : [];
  return input.filter((k) =>
    k.alg === alg && k.use === use && (kid === undefined || k.kid === undefined || k.kid === kid)
  );
}

/** The error for "no key fits": EALG when the alg is off the allow-list, EKEY otherwise. */
export function noKeyError(
  header: JoseHeader | undefined,
  allowed: readonly string[] | undefined,
): JoseError {
  const alg = header?.alg;
  if (alg === "none") return new JoseError("EALG", 'Algorithm "none" is never accepted');
  if (typeof alg === "string" && allowed !== undefined && !allowed.includes(alg)) {
    return new JoseError("EALG", `Algorithm ${JSON.stringify(alg)} is not allowed`);
  }
  const kid = typeof header?.kid === "string" ? ` and kid ${JSON.stringify(header.kid)}` : "";
  return new JoseError("EKEY", `No key bound to algorithm ${JSON.stringify(alg)}${kid}`);
}

/** Parses JSON serialization text, or returns undefined for compact text. */
export function parseSerialized(
  input: string | Uint8Array | object,
  maxLength: number,
): string | object {
  if (typeof input === "object" && !(input instanceof Uint8Array)) return input;
  const text = typeof input === "string" ? input : new TextDecoder().decode(input);
  if (text.length > maxLength) {
    throw new JoseError("ELIMIT", `Input exceeds ${maxLength} characters`);
  }
  // Common case first: compact text with no surrounding whitespace.
  const first = text.charCodeAt(0);
  if (first > 32 && first !== 123 && text.charCodeAt(text.length - 1) > 32) return text;
  const t = text.trimStart();
  if (t.startsWith("{")) {
    try {
      const v = JSON.parse(t);
      if (typeof v === "object" && v !== null && !Array.isArray(v)) return v;
    } catch (e) {
      throw new JoseError("EINVALID", "JSON serialization is not valid JSON", { cause: e });
    }
    throw new JoseError("EINVALID", "JSON serialization must be an object");
  }
  return text.trim();
}
