// Copyright 2026 the wirekit authors. MIT license.
// Key distribution for COSE_Encrypt and COSE_Mac recipients (RFC 9053
// sections 5 and 6): direct, direct+HKDF, AES key wrap, ECDH-ES/SS with HKDF
// (direct or with key wrap), RSA-OAEP.
import { encodeCbor } from "../cbor/mod.ts";
import { CoseError } from "./cose_error.ts";
import { CoseKey } from "./cose_key.ts";
import { type AlgEntry, algEntry } from "./_algorithms.ts";
import { ecdh, hkdf, rsaOaep, unwrapKey, wrapKey } from "./_crypto.ts";
import { fromJwk, publicFromPrivate, secretBytes } from "./_keys.ts";
import type { Jwk } from "../jose/types.ts";
import {
  candidateKeys,
  checkKeyAlg,
  encodeProtected,
  header,
  type HeaderMap,
  isAllowed,
  type Layer,
  randomBytes,
  readLayer,
  toHeaderMap,
} from "./_message.ts";
import { CURVE_BYTES, curveId, H } from "./_tables.ts";
import type { CoseHeaders, CoseLabel, CoseVerifyOptions, RandomSource } from "./types.ts";

/** One recipient of `createCoseEncrypt` / `createCoseMac`. */
export interface CoseRecipient {
  /**
   * The recipient's key: symmetric for direct, direct+HKDF and AES key wrap;
   * the recipient's public key (EC2 or X25519) for ECDH; RSA public for RSA-OAEP.
   * Not given with `recipients` (the key is then generated or agreed).
   */
  key?: CoseKey;
  /** Key distribution algorithm (`"direct"`, `"A128KW"`, `"ECDH-ES+HKDF-256"` ...), when the headers carry none; else the key's `alg`. */
  alg?: string | number;
  /** The recipient's protected headers. */
  protectedHeaders?: CoseHeaders;
  /** The recipient's unprotected headers (`kid`, `salt`, party info ...). */
  unprotectedHeaders?: CoseHeaders;
  /**
   * ECDH-SS: the sender's static private key (its public part is sent as
   * `static key` unless the headers carry `static key id`). ECDH-ES: a fixed
   * ephemeral private key instead of a generated one.
   */
  senderKey?: CoseKey;
  /** Additional public context (`SuppPubInfo.other`) agreed out of band. */
  suppPubOther?: Uint8Array;
  /** Private context (`SuppPrivInfo`) agreed out of band. */
  suppPrivInfo?: Uint8Array;
  /** PartyU identity agreed out of band (KDF context), when the headers carry none. */
  partyUIdentity?: Uint8Array;
  /** PartyV identity agreed out of band (KDF context), when the headers carry none. */
  partyVIdentity?: Uint8Array;
  /**
   * Nested recipients (RFC 9052 section 5.1, as in RFC 8152 Appendix B): this
   * recipient's AES key wrap key is not given as `key` but itself distributed
   * to these recipients (generated at random, or agreed by a direct ECDH).
   * Only an AES key wrap recipient (A128KW, A192KW, A256KW) can have them.
   */
  recipients?: readonly CoseRecipient[];
}

/** Options of recipient processing on the receiving side. */
export interface CoseRecipientOptions {
  /** ECDH-SS: the senders' static public keys, looked up by `static key id` (the message may also carry the key). */
  senderKeys?: readonly CoseKey[];
  /** Additional public context (`SuppPubInfo.other`) agreed out of band. */
  suppPubOther?: Uint8Array;
  /** Private context (`SuppPrivInfo`) agreed out of band. */
  suppPrivInfo?: Uint8Array;
  /** PartyU identity agreed out of band (KDF context), when the headers carry none. */
  partyUIdentity?: Uint8Array;
  /** PartyV identity agreed out of band (KDF context), when the headers carry none. */
  partyVIdentity?: Uint8Array;
  /**
   * Deepest nesting of recipients accepted: 1 is a plain recipient, 2 a
   * recipient whose key wrap key comes from its own recipients (RFC 8152
   * Appendix B), and so on. Deeper recipients are ignored.
   * @default {3}
   */
  maxRecipientDepth?: number;
}

/** Default of {@linkcode CoseRecipientOptions.maxRecipientDepth}. */
const DEFAULT_MAX_RECIPIENT_DEPTH = 3;

const DIRECTISH = (e: AlgEntry) =>
  e.kind === "direct" || e.kind === "direct-hkdf" || (e.kind === "ecdh" && !e.wrapBytes);

function contentKeyLength(content: AlgEntry): number {
  if (content.keyBytes) return content.keyBytes;
  throw new CoseError("EALG", `${content.name} has no derivable key length`);
}

function kdfContext(
  algId: number,
  keyBytes: number,
  layer: { protectedBytes: Uint8Array; get(label: number): unknown },
  other: Uint8Array | undefined,
  priv: Uint8Array | undefined,
  oob: { partyUIdentity?: Uint8Array; partyVIdentity?: Uint8Array } = {},
): Uint8Array {
  const party = (
    a: number,
    b: number,
    c: number,
    identity: Uint8Array | undefined,
  ) => [layer.get(a) ?? identity ?? null, layer.get(b) ?? null, layer.get(c) ?? null];
  const pub: unknown[] = [keyBytes * 8, layer.protectedBytes];
  if (other) pub.push(other);
  const ctx: unknown[] = [
    algId,
    party(H.partyUIdentity, H.partyUNonce, H.partyUOther, oob.partyUIdentity),
    party(H.partyVIdentity, H.partyVNonce, H.partyVOther, oob.partyVIdentity),
    pub,
  ];
  if (priv) ctx.push(priv);
  return encodeCbor(ctx);
}

function publicCoseKeyMap(key: CoseKey): Map<CoseLabel, unknown> {
  const m = new Map<CoseLabel, unknown>([[1, key.params.get(1)], [-1, key.params.get(-1)]]);
  let x = key.params.get(-2) as Uint8Array | undefined;
  let y = key.params.get(-3) as Uint8Array | boolean | undefined;
  if (x === undefined) ({ x, y } = publicFromPrivate(key.crv!, key.params.get(-4) as Uint8Array));
  m.set(-2, x);
  if (key.kty === "EC2") m.set(-3, y);
  return m;
}

/** An ephemeral private key on the curve of `peer`, from the random source when one is injected. */
async function ephemeralKey(peer: CoseKey, random: RandomSource | undefined): Promise<CoseKey> {
  const crv = peer.crv;
  if (!crv || CURVE_BYTES[crv] === undefined || crv === "Ed25519") {
    throw new CoseError("EKEY", `ECDH is not possible with curve ${crv}`);
  }
  if (random) {
    for (let i = 0; i < 16; i++) {
      const d = randomBytes(random, CURVE_BYTES[crv]);
      if (crv === "P-521") d[0] &= 1;
      try {
        const pub = publicFromPrivate(crv, d);
        const m = new Map<CoseLabel, unknown>([[1, peer.params.get(1)], [-1, curveId(crv)], [
          -2,
          pub.x,
        ], [-4, d]]);
        if (pub.y) m.set(-3, pub.y);
        return new CoseKey(m);
      } catch {
        // Out of range scalar: draw again.
      }
    }
    throw new CoseError("EKEY", "Random source gave no valid scalar");
  }
  const alg = crv === "X25519" ? { name: "X25519" } : { name: "ECDH", namedCurve: crv };
  const pair = await crypto.subtle.generateKey(alg, true, ["deriveBits"]) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
  delete jwk.alg;
  return fromJwk(jwk as Jwk);
}

function layerGetter(p: HeaderMap, u: HeaderMap, pb: Uint8Array) {
  return { protectedBytes: pb, get: (l: number) => (p.has(l) ? p.get(l) : u.get(l)) };
}

/** Deepest recipient nesting a creator may ask for (a guard against cyclic recipient lists). */
const MAX_CREATE_DEPTH = 8;

/** What {@linkcode buildRecipients} produces. */
export interface BuiltRecipients {
  /** The content key (or, for nested recipients, the parent's key wrap key). */
  cek: Uint8Array;
  /** The COSE_recipient array. */
  recipients: unknown[];
  /** The key that is the content key itself (direct): its base IV applies to a Partial IV. */
  contentKey?: CoseKey;
}

/** Builds the recipients array and the content key. */
export async function buildRecipients(
  content: AlgEntry,
  recipients: readonly CoseRecipient[],
  random: RandomSource | undefined,
  makeCek: () => Uint8Array,
  depth = 1,
): Promise<BuiltRecipients> {
  if (!Array.isArray(recipients) || recipients.length === 0) {
    throw new TypeError("At least one recipient is needed");
  }
  if (depth > MAX_CREATE_DEPTH) {
    throw new RangeError(`Recipients nest deeper than ${MAX_CREATE_DEPTH} levels`);
  }
  const prepared = recipients.map((r) => {
    const nested = r.recipients !== undefined;
    if (nested ? r.key !== undefined : !(r.key instanceof CoseKey)) {
      throw new TypeError(
        nested
          ? "A recipient with nested recipients takes no key"
          : "Recipient key must be a CoseKey",
      );
    }
    const p = toHeaderMap(r.protectedHeaders);
    const u = toHeaderMap(r.unprotectedHeaders);
    const raw = p.get(H.alg) ?? u.get(H.alg) ?? r.alg ?? r.key?.params.get(3);
    const entry = algEntry(raw);
    if (!entry || !["direct", "direct-hkdf", "keywrap", "ecdh", "rsa-oaep"].includes(entry.kind)) {
      throw new CoseError("EALG", `Unsupported key distribution algorithm ${JSON.stringify(raw)}`);
    }
    if (nested && entry.kind !== "keywrap") {
      throw new CoseError("EALG", `${entry.name} cannot have nested recipients`);
    }
    if (!p.has(H.alg) && !u.has(H.alg)) {
      (entry.kind === "direct" || entry.kind === "keywrap" || entry.kind === "rsa-oaep" ? u : p)
        .set(H.alg, entry.id);
    }
    return { r, key: r.key!, p, u, entry };
  });
  const direct = prepared.filter((x) => DIRECTISH(x.entry));
  if (direct.length && prepared.length > 1) {
    throw new CoseError("EINVALID", "A direct key agreement recipient must be the only recipient");
  }
  let cek: Uint8Array | undefined = direct.length ? undefined : makeCek();
  let contentKey: CoseKey | undefined;
  const out: unknown[] = [];
  for (const { r, key, p, u, entry } of prepared) {
    let ciphertext: Uint8Array = new Uint8Array(0);
    let nested: unknown[] | undefined;
    if (entry.kind === "direct") {
      if (entry.id === -6) checkKeyAlg(key, entry, content);
      cek = secretBytes(key);
      contentKey = key;
    } else if (entry.kind === "direct-hkdf") {
      const pb = encodeProtected(p);
      const g = layerGetter(p, u, pb);
      const n = contentKeyLength(content);
      cek = await hkdf(
        entry.kdf!,
        entry.hash,
        secretBytes(key),
        saltOf(g.get(H.salt)),
        kdfContext(content.id, n, g, r.suppPubOther, r.suppPrivInfo, r),
        n,
      );
    } else if (entry.kind === "keywrap") {
      if (r.recipients) {
        const inner = await buildRecipients(
          entry,
          r.recipients,
          random,
          () => randomBytes(random, entry.keyBytes!),
          depth + 1,
        );
        nested = inner.recipients;
        ciphertext = await wrapKey(inner.cek, cek!);
      } else ciphertext = await wrapKey(kekOf(key, entry), cek!);
    } else if (entry.kind === "rsa-oaep") {
      ciphertext = await rsaOaep(entry, key, cek!, "encrypt");
    } else {
      let mine: CoseKey;
      if (entry.ecdh === "ES") {
        mine = r.senderKey ?? await ephemeralKey(key, random);
        if (!p.has(H.ephemeralKey) && !u.has(H.ephemeralKey)) {
          u.set(H.ephemeralKey, publicCoseKeyMap(mine));
        }
      } else {
        if (!r.senderKey) {
          throw new CoseError("EKEY", `${entry.name} needs senderKey (the static private key)`);
        }
        mine = r.senderKey;
        const has = (l: number) => p.has(l) || u.has(l);
        if (!has(H.staticKey) && !has(H.staticKeyId)) u.set(H.staticKey, publicCoseKeyMap(mine));
      }
      const secret = await ecdh(mine, key);
      const pb = encodeProtected(p);
      const g = layerGetter(p, u, pb);
      const n = entry.wrapBytes ?? contentKeyLength(content);
      const algId = entry.wrapBytes ? algEntry(`A${entry.wrapBytes * 8}KW`)!.id : content.id;
      const derived = await hkdf(
        "HMAC",
        entry.hash,
        secret,
        saltOf(g.get(H.salt)),
        kdfContext(algId, n, g, r.suppPubOther, r.suppPrivInfo, r),
        n,
      );
      if (entry.wrapBytes) ciphertext = await wrapKey(derived, cek!);
      else cek = derived;
    }
    out.push(
      nested ? [encodeProtected(p), u, ciphertext, nested] : [encodeProtected(p), u, ciphertext],
    );
  }
  return { cek: cek!, recipients: out, contentKey };
}

function saltOf(v: unknown): Uint8Array {
  if (v === undefined) return new Uint8Array(0);
  if (!(v instanceof Uint8Array)) throw new CoseError("EINVALID", "salt is not a byte string");
  return v;
}

function kekOf(key: CoseKey, entry: AlgEntry): Uint8Array {
  checkKeyAlg(key, entry);
  const k = secretBytes(key);
  if (k.length !== entry.keyBytes) {
    throw new CoseError(
      "EKEY",
      `${entry.name} needs a ${entry.keyBytes}-byte key, got ${k.length}`,
    );
  }
  return k;
}

function asKey(v: unknown, what: string): CoseKey {
  if (!(v instanceof Map)) throw new CoseError("EINVALID", `${what} is not a COSE_Key`);
  return new CoseKey(v as Map<CoseLabel, unknown>);
}

/** A candidate content key recovered from a recipient. */
export interface RecoveredCek {
  /** The key bytes. */
  cek: Uint8Array;
  /** The recipient's key when it is the content key itself (direct): its base IV applies to a Partial IV. */
  contentKey?: CoseKey;
}

/** A symmetric COSE key holding the bytes a nested recipient layer produced. */
function symmetricKey(k: Uint8Array): CoseKey {
  return new CoseKey(new Map<CoseLabel, unknown>([[1, 4], [-1, k]]));
}

/**
 * Candidate content keys from a message's recipients, in order: each is tried
 * by the caller until one decrypts or verifies. A recipient with nested
 * recipients (AES key wrap only) has its key wrap key recovered from them.
 */
export async function* recoverCeks(
  content: AlgEntry,
  recipients: unknown,
  keys: CoseKey | readonly CoseKey[],
  options: CoseVerifyOptions & CoseRecipientOptions,
  depth = 1,
): AsyncGenerator<RecoveredCek, void, undefined> {
  if (!Array.isArray(recipients) || recipients.length === 0) {
    throw new CoseError("EINVALID", "Recipients are not a non-empty array");
  }
  const maxDepth = options.maxRecipientDepth ?? DEFAULT_MAX_RECIPIENT_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new RangeError("maxRecipientDepth must be a positive integer");
  }
  let tried = 0;
  let lastError: unknown;
  const layers: { layer: Layer; raw: unknown[] }[] = recipients.map((r, i) => {
    if (!Array.isArray(r) || (r.length !== 3 && r.length !== 4)) {
      throw new CoseError("EINVALID", `COSE_recipient ${i} must have 3 elements`);
    }
    return { layer: readLayer(r, `COSE_recipient ${i}`, options.understoodCrit), raw: r };
  });
  for (const { layer, raw } of layers) {
    const rawAlg = header(layer, H.alg);
    const entry = algEntry(rawAlg);
    if (!entry || !isAllowed(entry, options.algorithms)) continue;
    const ct = raw[2];
    if (!(ct instanceof Uint8Array)) {
      throw new CoseError("EINVALID", "COSE_recipient ciphertext is not a byte string");
    }
    if (raw.length === 4) {
      // Nested recipients: they carry this layer's key wrap key.
      if (entry.kind !== "keywrap" || depth >= maxDepth) continue;
      try {
        for await (const kek of recoverCeks(entry, raw[3], keys, options, depth + 1)) {
          tried++;
          try {
            yield { cek: await unwrapKey(kekOf(symmetricKey(kek.cek), entry), ct) };
          } catch (e) {
            if (!(e instanceof CoseError)) throw e;
            lastError = e;
          }
        }
      } catch (e) {
        if (!(e instanceof CoseError)) throw e;
        lastError = e;
      }
      continue;
    }
    const g = { protectedBytes: layer.protectedBytes, get: (l: number) => header(layer, l) };
    for (const key of candidateKeys(keys, header(layer, H.kid))) {
      tried++;
      try {
        checkKeyAlg(key, entry, content);
        const cek = await oneCek(content, entry, key, ct, g, options);
        yield entry.kind === "direct" ? { cek, contentKey: key } : { cek };
      } catch (e) {
        if (!(e instanceof CoseError)) throw e;
        lastError = e;
      }
    }
  }
  if (lastError) throw lastError;
  if (tried === 0) {
    throw new CoseError("EKEY", "No recipient matches the given keys and allowed algorithms");
  }
}

async function oneCek(
  content: AlgEntry,
  entry: AlgEntry,
  key: CoseKey,
  ct: Uint8Array,
  g: { protectedBytes: Uint8Array; get(label: number): unknown },
  options: CoseRecipientOptions,
): Promise<Uint8Array> {
  switch (entry.kind) {
    case "direct":
      if (ct.length) throw new CoseError("EINVALID", "direct recipient ciphertext must be empty");
      return secretBytes(key);
    case "direct-hkdf": {
      const n = contentKeyLength(content);
      return await hkdf(
        entry.kdf!,
        entry.hash,
        secretBytes(key),
        saltOf(g.get(H.salt)),
        kdfContext(content.id, n, g, options.suppPubOther, options.suppPrivInfo, options),
        n,
      );
    }
    case "keywrap":
      return await unwrapKey(kekOf(key, entry), ct);
    case "rsa-oaep":
      return await rsaOaep(entry, key, ct, "decrypt");
    case "ecdh": {
      let peer: CoseKey;
      if (entry.ecdh === "ES") {
        peer = asKey(g.get(H.ephemeralKey), "ephemeral key");
      } else if (g.get(H.staticKey) !== undefined) {
        peer = asKey(g.get(H.staticKey), "static key");
      } else {
        const id = g.get(H.staticKeyId);
        const found = id instanceof Uint8Array
          ? options.senderKeys?.find((k) =>
            k.kid && k.kid.length === id.length && k.kid.every((b, i) => b === id[i])
          )
          : undefined;
        if (!found) throw new CoseError("EKEY", "No sender key for the static key id");
        peer = found;
      }
      const secret = await ecdh(key, peer);
      const n = entry.wrapBytes ?? contentKeyLength(content);
      const algId = entry.wrapBytes ? algEntry(`A${entry.wrapBytes * 8}KW`)!.id : content.id;
      const derived = await hkdf(
        "HMAC",
        entry.hash,
        secret,
        saltOf(g.get(H.salt)),
        kdfContext(algId, n, g, options.suppPubOther, options.suppPrivInfo, options),
        n,
      );
      if (!entry.wrapBytes) {
        if (ct.length) {
          throw new CoseError("EINVALID", "direct key agreement ciphertext must be empty");
        }
        return derived;
      }
      return await unwrapKey(derived, ct);
    }
  }
  throw new CoseError("EALG", `${entry.name} is not a key distribution algorithm`);
}
