// Copyright 2026 the wirekit authors. MIT license.
// Shared message plumbing: header normalisation, protected header encoding,
// message decoding with tag and shape checks, algorithm and crit checks.
import { CborTag, decodeCbor } from "../cbor/mod.ts";
import { CoseError } from "./cose_error.ts";
import { CoseKey } from "./cose_key.ts";
import { type AlgEntry, algEntry } from "./_algorithms.ts";
import { decodeHeaderMap, decodeMessage, encodeHeaderMap, encodeMessage } from "./_structure.ts";
import { H, HEADER_NAMES, UNDERSTOOD } from "./_tables.ts";
import type {
  CoseCreateOptions,
  CoseHeaders,
  CoseLabel,
  CoseVerifyOptions,
  RandomSource,
} from "./types.ts";

/** Message kinds by their CBOR tag. */
export type MessageKind = "sign" | "sign1" | "mac" | "mac0" | "encrypt" | "encrypt0";

/** Tag of each kind. */
export const KIND_TAG: Readonly<Record<MessageKind, number>> = {
  sign: 98,
  sign1: 18,
  mac: 97,
  mac0: 17,
  encrypt: 96,
  encrypt0: 16,
};

/** Array length of each kind. */
export const KIND_LENGTH: Readonly<Record<MessageKind, number>> = {
  sign: 4,
  sign1: 4,
  mac: 5,
  mac0: 4,
  encrypt: 4,
  encrypt0: 3,
};

const utf8 = new TextEncoder();
/** Default message size limit. */
export const DEFAULT_MAX_BYTES = 16777216;

/** A header map in canonical form (integer labels, algorithm identifiers). */
export type HeaderMap = Map<CoseLabel, unknown>;

/** Normalises a header map given by the caller. */
export function toHeaderMap(h: CoseHeaders | undefined): HeaderMap {
  const out: HeaderMap = new Map();
  if (h === undefined) return out;
  if (h === null || typeof h !== "object") {
    throw new TypeError("Headers must be a Map or an object");
  }
  const entries: [CoseLabel, unknown][] = h instanceof Map
    ? [...h.entries()]
    : Object.entries(h).map(([k, v]) => {
      const label = HEADER_NAMES[k] ?? (/^-?\d+$/.test(k) ? Number(k) : k);
      return [label, v];
    });
  for (const [label, v] of entries) {
    let value = v;
    if (label === H.alg && typeof v === "string") {
      const entry = algEntry(v);
      if (entry) value = entry.id;
    } else if (
      (label === H.kid || label === H.staticKeyId ||
        (typeof label === "number" && label < -20 && label >= -26)) && typeof v === "string"
    ) {
      value = utf8.encode(v);
    } else if (v instanceof CoseKey) {
      value = new Map(v.params);
    }
    if (value !== undefined) out.set(label, value);
  }
  return out;
}

// The encoded protected header of the common one-entry map {1: alg}, made
// once per algorithm (callers only read these bytes). Bounded by the registry.
const ALG_ONLY = new Map<number, Uint8Array>();
const ALG_ONLY_MAX = 64;

/** Encodes a protected header map: the empty map is the empty byte string. */
export function encodeProtected(h: HeaderMap): Uint8Array {
  if (h.size === 0) return new Uint8Array(0);
  if (h.size === 1) {
    const a = h.get(H.alg);
    if (typeof a === "number") {
      let b = ALG_ONLY.get(a);
      if (!b) {
        b = encodeHeaderMap(h);
        if (ALG_ONLY.size < ALG_ONLY_MAX) ALG_ONLY.set(a, b);
      }
      return b;
    }
  }
  return encodeHeaderMap(h);
}

/** Default random source. */
export const defaultRandom: RandomSource = (n) => crypto.getRandomValues(new Uint8Array(n));

// IVs are public, so they come from a pool of CSPRNG output, 1 KiB drawn at
// a time: one getRandomValues call per ~85 IVs instead of one each (under
// Node a call costs several microseconds, most of a Mac0/Encrypt0's own
// overhead). Each IV is a copy of its own slice of the pool (so no IV's
// buffer shows the pool's other bytes, past or future); a new pool is drawn
// when one runs out. Keys never come from the pool.
const NONCE_POOL_BYTES = 1024;
let noncePool = new Uint8Array(0);
let noncePoolUsed = 0;

/** Random bytes for a public value (an IV): from the injected source, else from the pool. */
export function randomNonce(random: RandomSource | undefined, n: number): Uint8Array {
  if (random || n > NONCE_POOL_BYTES) return randomBytes(random, n);
  if (noncePoolUsed + n > noncePool.length) {
    noncePool = crypto.getRandomValues(new Uint8Array(NONCE_POOL_BYTES));
    noncePoolUsed = 0;
  }
  noncePoolUsed += n;
  return noncePool.slice(noncePoolUsed - n, noncePoolUsed);
}

/** Random bytes of the exact length, checked. */
export function randomBytes(random: RandomSource | undefined, n: number): Uint8Array {
  const b = (random ?? defaultRandom)(n);
  if (!(b instanceof Uint8Array) || b.length !== n) {
    throw new TypeError(`Random source returned ${b?.length ?? "no"} bytes, expected ${n}`);
  }
  return b;
}

/** Wraps an encoded message in its tag when asked. */
export function finish(kind: MessageKind, arr: unknown[], options: CoseCreateOptions): Uint8Array {
  return encodeMessage(options.tagged === false ? undefined : KIND_TAG[kind], arr);
}

/** A decoded layer: its protected bytes and both header maps. */
export interface Layer {
  protectedBytes: Uint8Array;
  protected: HeaderMap;
  unprotected: HeaderMap;
}

function invalid(msg: string): CoseError {
  return new CoseError("EINVALID", msg);
}

/** Decodes and checks the headers of a layer (`[protected, unprotected, ...]`). */
export function readLayer(arr: unknown[], what: string, understood?: readonly CoseLabel[]): Layer {
  const pb = arr[0];
  const u = arr[1];
  if (!(pb instanceof Uint8Array)) throw invalid(`${what} protected header is not a byte string`);
  if (!(u instanceof Map)) throw invalid(`${what} unprotected header is not a map`);
  let p = pb.length === 0 ? new Map() : decodeHeaderMap(pb);
  if (p === undefined) {
    let v: unknown;
    try {
      v = decodeCbor(pb, { mapsAsObjects: false, rejectDuplicateKeys: true });
    } catch (cause) {
      throw new CoseError("EINVALID", `${what} protected header is not valid CBOR`, { cause });
    }
    if (!(v instanceof Map)) throw invalid(`${what} protected header is not a map`);
    p = v as HeaderMap;
  }
  // An empty protected map counts as the empty byte string in the
  // structures that are signed, MACed and encrypted (as the COSE WG examples
  // do for a message that carries h'a0').
  const layer = {
    protectedBytes: p.size === 0 ? new Uint8Array(0) : pb,
    protected: p,
    unprotected: u as HeaderMap,
  };
  checkHeaders(layer, what, understood);
  return layer;
}

function checkHeaders(layer: Layer, what: string, understood: readonly CoseLabel[] = []): void {
  const { protected: p, unprotected: u } = layer;
  for (const m of [p, u]) {
    for (const k of m.keys()) {
      if (typeof k !== "number" && typeof k !== "string") {
        throw invalid(`${what} header label is not an integer or text`);
      }
    }
  }
  for (const k of p.keys()) {
    if (u.has(k)) {
      throw invalid(`${what} header label ${String(k)} is both protected and unprotected`);
    }
  }
  const get = (l: number) => p.has(l) ? p.get(l) : u.get(l);
  const alg = get(H.alg);
  if (alg !== undefined && typeof alg !== "number" && typeof alg !== "string") {
    throw invalid(`${what} alg is not an integer or text`);
  }
  for (const [l, name] of [[H.kid, "kid"], [H.iv, "IV"], [H.partialIv, "Partial IV"]] as const) {
    const v = get(l);
    if (v !== undefined && !(v instanceof Uint8Array)) {
      throw invalid(`${what} ${name} is not a byte string`);
    }
  }
  if (get(H.iv) !== undefined && get(H.partialIv) !== undefined) {
    throw invalid(`${what} has both IV and Partial IV`);
  }
  const ct = get(H.contentType);
  if (
    ct !== undefined && typeof ct !== "string" &&
    !(typeof ct === "number" && Number.isInteger(ct) && ct >= 0)
  ) {
    throw invalid(`${what} content type is not a uint or text`);
  }
  if (u.has(H.crit)) throw new CoseError("ECRIT", `${what} crit must be protected`);
  const crit = p.get(H.crit);
  if (crit !== undefined) {
    if (!Array.isArray(crit) || crit.length === 0) {
      throw new CoseError("ECRIT", `${what} crit is not a non-empty array`);
    }
    for (const c of crit) {
      if (typeof c !== "number" && typeof c !== "string") {
        throw new CoseError("ECRIT", `${what} crit label is not an integer or text`);
      }
      if (!p.has(c)) {
        throw new CoseError(
          "ECRIT",
          `${what} crit label ${String(c)} is not in the protected header`,
        );
      }
      if (!(typeof c === "number" && UNDERSTOOD.has(c)) && !understood.includes(c)) {
        throw new CoseError(
          "ECRIT",
          `${what} critical header ${JSON.stringify(c)} is not understood`,
        );
      }
    }
  }
}

/** A header value from the protected map, else the unprotected one. */
export function header(layer: Layer, label: CoseLabel): unknown {
  return layer.protected.has(label) ? layer.protected.get(label) : layer.unprotected.get(label);
}

/** Decoded message: kind, whether it was tagged, and its array. */
export interface DecodedMessage {
  kind: MessageKind | undefined;
  tagged: boolean;
  array: unknown[];
}

const BY_TAG: ReadonlyMap<number, MessageKind> = new Map(
  Object.entries(KIND_TAG).map(([k, v]) => [v, k as MessageKind]),
);

/** Decodes the outer CBOR of a message. */
export function decodeOuter(
  bytes: Uint8Array,
  maxBytes: number = DEFAULT_MAX_BYTES,
): DecodedMessage {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("COSE message must be a Uint8Array");
  if (bytes.length > maxBytes) {
    throw new CoseError("ELIMIT", `Message of ${bytes.length} bytes exceeds maxBytes ${maxBytes}`);
  }
  const fast = decodeMessage(bytes);
  if (fast) {
    if (fast.tag === undefined) return { kind: undefined, tagged: false, array: fast.array };
    return { kind: BY_TAG.get(fast.tag), tagged: true, array: fast.array };
  }
  let v: unknown;
  try {
    v = decodeCbor(bytes, { mapsAsObjects: false, maxBytes, rejectDuplicateKeys: true });
  } catch (cause) {
    throw new CoseError("EINVALID", "COSE message is not valid CBOR", { cause });
  }
  let kind: MessageKind | undefined;
  let tagged = false;
  if (v instanceof CborTag) {
    kind = BY_TAG.get(Number(v.tag));
    if (kind === undefined) {
      throw new CoseError("ETAG", `CBOR tag ${String(v.tag)} is not a COSE message tag`);
    }
    tagged = true;
    v = v.value;
  }
  if (!Array.isArray(v)) throw invalid("COSE message is not an array");
  return { kind, tagged, array: v };
}

/** Decodes a message expected to be of `kind`, checking tag and length. */
export function decodeKind(
  bytes: Uint8Array,
  kind: MessageKind,
  options: CoseVerifyOptions,
): unknown[] {
  const m = decodeOuter(bytes, options.maxBytes);
  const mode = options.tagged ?? "optional";
  if (m.tagged && m.kind !== kind) {
    throw new CoseError("ETAG", `Expected a COSE_${cap(kind)}, got tag ${KIND_TAG[m.kind!]}`);
  }
  if (m.tagged && mode === "forbidden") {
    throw new CoseError("ETAG", `COSE_${cap(kind)} must not be tagged`);
  }
  if (!m.tagged && mode === "required") {
    throw new CoseError("ETAG", `COSE_${cap(kind)} must be tagged`);
  }
  if (m.array.length !== KIND_LENGTH[kind]) {
    throw invalid(`COSE_${cap(kind)} must have ${KIND_LENGTH[kind]} elements`);
  }
  return m.array;
}

function cap(kind: string): string {
  return kind[0].toUpperCase() + kind.slice(1);
}

/** The payload: the message's byte string, or the detached one when the message carries nil. */
export function payloadOf(v: unknown, detached: Uint8Array | undefined, what: string): Uint8Array {
  if (v === null) {
    if (!(detached instanceof Uint8Array)) {
      throw invalid(`${what} payload is detached: pass detachedPayload`);
    }
    return detached;
  }
  if (!(v instanceof Uint8Array)) throw invalid(`${what} payload is not a byte string`);
  if (detached !== undefined) {
    throw invalid(`${what} payload is attached but detachedPayload was given`);
  }
  return v;
}

/** The allow-listed registry entry of a layer's algorithm. */
export function allowedAlg(layer: Layer, options: CoseVerifyOptions, what: string): AlgEntry {
  const alg = header(layer, H.alg);
  if (alg === undefined) throw new CoseError("EALG", `${what} has no alg header`);
  const entry = algEntry(alg);
  if (!entry) throw new CoseError("EALG", `Unsupported algorithm ${JSON.stringify(alg)}`);
  if (!isAllowed(entry, options.algorithms)) {
    throw new CoseError("EALG", `Algorithm ${entry.name} is not allowed`);
  }
  return entry;
}

/** Whether an algorithm is on an allow-list. */
export function isAllowed(entry: AlgEntry, list: readonly (string | number)[]): boolean {
  if (!Array.isArray(list)) {
    throw new TypeError("options.algorithms must be an array of algorithms");
  }
  return list.some((a) => a === entry.name || a === entry.id);
}

/**
 * Throws unless the key may be used with the algorithm (its `alg`, when set,
 * must match). A key used directly as the content key (`direct`) may instead
 * be bound to the content algorithm it is the key of, passed as `content`.
 */
export function checkKeyAlg(key: CoseKey, entry: AlgEntry, content?: AlgEntry): void {
  if (!(key instanceof CoseKey)) throw new TypeError("Key must be a CoseKey");
  const a = key.params.get(3);
  if (content && entry.id === -6 && (a === content.id || a === content.name)) return;
  if (a !== undefined && a !== entry.id && a !== entry.name) {
    throw new CoseError("EALG", `Key is bound to ${String(key.alg)}, message uses ${entry.name}`);
  }
}

/** The registry entry a creator uses: from the headers, else the option, else the key. */
export function creationAlg(
  p: HeaderMap,
  u: HeaderMap,
  optionAlg: string | number | undefined,
  key: CoseKey | undefined,
): AlgEntry {
  const fromHeader = p.get(H.alg) ?? u.get(H.alg);
  const alg = fromHeader ?? optionAlg ?? key?.params.get(3);
  if (alg === undefined) {
    throw new CoseError("EALG", "No algorithm given (header alg, options.alg or key alg)");
  }
  const entry = algEntry(alg);
  if (!entry) throw new CoseError("EALG", `Unsupported algorithm ${JSON.stringify(alg)}`);
  if (fromHeader === undefined) p.set(H.alg, entry.id);
  return entry;
}

/** Keys to try for a layer: those whose kid matches, or all when none does or the layer has no kid. */
export function candidateKeys(keys: CoseKey | readonly CoseKey[], kid: unknown): CoseKey[] {
  const list = Array.isArray(keys) ? [...keys] : [keys as CoseKey];
  for (const k of list) {
    if (!(k instanceof CoseKey)) throw new TypeError("Keys must be CoseKey instances");
  }
  if (!(kid instanceof Uint8Array)) return list;
  const same = list.filter((k) => k.kid && bytesEqual(k.kid, kid));
  return same.length ? same : list.filter((k) => k.kid === undefined);
}

/** Plain equality of byte strings. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Header maps as returned to the caller. */
export interface LayerHeaders {
  /** Protected headers (decoded). */
  protectedHeaders: Map<CoseLabel, unknown>;
  /** Unprotected headers. */
  unprotectedHeaders: Map<CoseLabel, unknown>;
}
