// Copyright 2026 the wirekit authors. MIT license.
// The steps the message creators and openers share: header normalisation
// and algorithm choice on the way out; decoding, header checks, the
// allow-list and the content on the way in; trying candidate keys (or
// recovered content keys) until one works; the headers of the result.
import { CoseError } from "./cose_error.ts";
import type { CoseKey } from "./cose_key.ts";
import type { AlgEntry } from "./_algorithms.ts";
import {
  allowedAlg,
  candidateKeys,
  checkKeyAlg,
  creationAlg,
  decodeKind,
  type HeaderMap,
  type Layer,
  type MessageKind,
  payloadOf,
  readLayer,
  toHeaderMap,
} from "./_message.ts";
import type { RecoveredCek } from "./_recipients.ts";
import type { CoseCreateOptions, CoseLabel, CoseVerifyOptions } from "./types.ts";

/** The empty byte string (default external AAD). */
export const EMPTY: Uint8Array = new Uint8Array(0);

/** The algorithm kinds of a message's content layer. */
type ContentKind = "sign" | "mac" | "aead";

const KIND_NOUN: Readonly<Record<ContentKind, string>> = {
  sign: "a signature",
  mac: "a MAC",
  aead: "a content encryption",
};

const LAYER_NAME: Readonly<Record<MessageKind, string>> = {
  sign: "COSE_Sign",
  sign1: "COSE_Sign1",
  mac: "COSE_Mac",
  mac0: "COSE_Mac0",
  encrypt: "COSE_Encrypt",
  encrypt0: "COSE_Encrypt0",
};

/** Throws EALG unless `entry` is of `kind`. */
export function expectKind(entry: AlgEntry, kind: ContentKind): void {
  if (entry.kind !== kind) {
    throw new CoseError("EALG", `${entry.name} is not ${KIND_NOUN[kind]} algorithm`);
  }
}

/** A creator's normalised headers and algorithm. */
export interface Start {
  p: HeaderMap;
  u: HeaderMap;
  entry: AlgEntry;
}

/**
 * Checks the content, normalises the headers and picks the algorithm (from
 * the headers, `options.alg`, else the key's), which must be of `kind`; a
 * given key must be allowed to use it.
 */
export function startCreate(
  content: unknown,
  noun: "Payload" | "Plaintext",
  options: CoseCreateOptions & { alg?: string | number },
  key: CoseKey | undefined,
  kind: ContentKind,
): Start {
  if (!(content instanceof Uint8Array)) throw new TypeError(`${noun} must be a Uint8Array`);
  const p = toHeaderMap(options.protectedHeaders);
  const u = toHeaderMap(options.unprotectedHeaders);
  const entry = creationAlg(p, u, options.alg, key);
  expectKind(entry, kind);
  if (key) checkKeyAlg(key, entry);
  return { p, u, entry };
}

/** A decoded message's array, its checked top layer, algorithm and content. */
export interface Opened {
  arr: unknown[];
  layer: Layer;
  entry: AlgEntry;
  /** The payload or ciphertext (attached, or the detached one). */
  content: Uint8Array;
}

/**
 * Decodes a message of `kind`, checks its headers (crit included), its
 * algorithm against the allow-list and against `algKind`, and returns its
 * content (element 2).
 */
export function openMessage(
  message: Uint8Array,
  kind: MessageKind,
  options: CoseVerifyOptions,
  algKind: ContentKind,
): Opened {
  const what = LAYER_NAME[kind];
  const arr = decodeKind(message, kind, options);
  const layer = readLayer(arr, what, options.understoodCrit);
  const entry = allowedAlg(layer, options, what);
  expectKind(entry, algKind);
  const content = payloadOf(arr[2], options.detachedPayload, what);
  return { arr, layer, entry, content };
}

/** The headers of a layer as a result reports them. */
export function resultHeaders(layer: Layer): {
  protectedHeaders: Map<CoseLabel, unknown>;
  unprotectedHeaders: Map<CoseLabel, unknown>;
} {
  return { protectedHeaders: layer.protected, unprotectedHeaders: layer.unprotected };
}

/**
 * Runs `attempt` with each candidate key (by `kid`) until one succeeds; a
 * CoseError moves on to the next key, and the last one is thrown when none
 * succeeds.
 */
export async function withKeys<T>(
  keys: CoseKey | readonly CoseKey[],
  kid: unknown,
  attempt: (key: CoseKey) => Promise<T>,
): Promise<T> {
  let err: unknown;
  for (const key of candidateKeys(keys, kid)) {
    try {
      return await attempt(key);
    } catch (e) {
      if (!(e instanceof CoseError)) throw e;
      err = e;
    }
  }
  throw err ?? new CoseError("EKEY", "No key matches the message kid");
}

/**
 * Runs `attempt` with each content key the recipients give until one
 * succeeds; a CoseError moves on to the next, the last one is thrown.
 */
export async function withCeks<T>(
  ceks: AsyncIterable<RecoveredCek>,
  attempt: (cek: RecoveredCek) => Promise<T>,
): Promise<T> {
  let err: unknown;
  for await (const cek of ceks) {
    try {
      return await attempt(cek);
    } catch (e) {
      if (!(e instanceof CoseError)) throw e;
      err = e;
    }
  }
  throw err;
}
