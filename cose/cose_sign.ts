// Copyright 2026 the wirekit authors. MIT license.
// COSE_Sign (RFC 9052 section 4.1): several signers, one outcome each.
import { CoseError } from "./cose_error.ts";
import type { CoseKey } from "./cose_key.ts";
import { sign } from "./_crypto.ts";
import {
  checkKeyAlg,
  creationAlg,
  decodeKind,
  encodeProtected,
  finish,
  header,
  isAllowed,
  payloadOf,
  readLayer,
  toHeaderMap,
} from "./_message.ts";
import { algEntry } from "./_algorithms.ts";
import { firstVerifying } from "./_sig.ts";
import { EMPTY, expectKind } from "./_layer.ts";
import { encodeStructure } from "./_structure.ts";
import { H } from "./_tables.ts";
import type { CoseCreateOptions, CoseHeaders, CoseLabel, CoseVerifyOptions } from "./types.ts";

/** One signer of {@linkcode createCoseSign}. */
export interface CoseSigner {
  /** The signer's private key. */
  key: CoseKey;
  /** Algorithm, when the signer's headers carry no `alg`; else the key's `alg`. */
  alg?: string | number;
  /** The signature's protected headers. */
  protectedHeaders?: CoseHeaders;
  /** The signature's unprotected headers (`kid` typically). */
  unprotectedHeaders?: CoseHeaders;
}

/** The outcome of one signature of a COSE_Sign message. */
export interface CoseSignatureOutcome {
  /** Position in the message's signature array. */
  index: number;
  /** Whether the signature verified. */
  valid: boolean;
  /** The algorithm's IANA name (or the raw value when unknown). */
  alg?: string | number;
  /** The signature's `kid`, if any. */
  kid?: Uint8Array;
  /** The key that verified it. */
  key?: CoseKey;
  /** Why it did not verify. */
  error?: CoseError;
  /** The signature's protected headers. */
  protectedHeaders: Map<CoseLabel, unknown>;
  /** The signature's unprotected headers. */
  unprotectedHeaders: Map<CoseLabel, unknown>;
}

/** What {@linkcode verifyCoseSign} returns: the payload and every signature's outcome. */
export interface CoseSignResult {
  /** The payload (authentic only as far as the caller's policy over `signatures` says). */
  payload: Uint8Array;
  /** Whether at least one signature verified. */
  anyValid: boolean;
  /** Whether every signature verified. */
  allValid: boolean;
  /** One entry per signature, in message order. */
  signatures: CoseSignatureOutcome[];
  /** Body protected headers. */
  protectedHeaders: Map<CoseLabel, unknown>;
  /** Body unprotected headers. */
  unprotectedHeaders: Map<CoseLabel, unknown>;
}

/**
 * Signs a payload as a COSE_Sign message with one or more signers.
 *
 * @param payload The content.
 * @param signers The signers, each with its key and headers.
 * @param options Body headers, external AAD, detached payload, tagging.
 * @returns The encoded message.
 * @throws {CoseError} `EALG` or `EKEY` for a signer that cannot sign.
 *
 * @example Two signers
 * ```ts
 * import { createCoseSign, generateCoseKey, verifyCoseSign } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const a = await generateCoseKey("ES256", { kid: "a" });
 * const b = await generateCoseKey("EdDSA", { kid: "b" });
 * const msg = await createCoseSign(new Uint8Array([1, 2]), [
 *   { key: a, unprotectedHeaders: { kid: "a" } },
 *   { key: b, unprotectedHeaders: { kid: "b" } },
 * ]);
 * const out = await verifyCoseSign(msg, [a], { algorithms: ["ES256", "EdDSA"] });
 * assert.deepEqual(out.signatures.map((s) => s.valid), [true, false]);
 * ```
 */
export async function createCoseSign(
  payload: Uint8Array,
  signers: readonly CoseSigner[],
  options: CoseCreateOptions = {},
): Promise<Uint8Array> {
  if (!(payload instanceof Uint8Array)) throw new TypeError("Payload must be a Uint8Array");
  if (!Array.isArray(signers) || signers.length === 0) {
    throw new TypeError("At least one signer is needed");
  }
  const bp = encodeProtected(toHeaderMap(options.protectedHeaders));
  const bu = toHeaderMap(options.unprotectedHeaders);
  const aad = options.externalAad ?? EMPTY;
  const sigs: unknown[] = [];
  for (const s of signers) {
    const p = toHeaderMap(s.protectedHeaders);
    const u = toHeaderMap(s.unprotectedHeaders);
    const entry = creationAlg(p, u, s.alg, s.key);
    expectKind(entry, "sign");
    checkKeyAlg(s.key, entry);
    const sp = encodeProtected(p);
    const sig = await sign(entry, s.key, encodeStructure("Signature", [bp, sp, aad, payload]));
    sigs.push([sp, u, sig]);
  }
  return finish("sign", [bp, bu, options.detached ? null : payload, sigs], options);
}

/**
 * Verifies every signature of a COSE_Sign message and reports each outcome;
 * the caller decides which combination it accepts. Structural problems of the
 * message (bad CBOR, wrong shape, unknown critical headers in the body) throw.
 *
 * @param message The encoded message.
 * @param keys Candidate public keys (matched by `kid`).
 * @param options The algorithm allow-list (required), external AAD, detached payload, tagging rule.
 * @returns The payload and one outcome per signature.
 * @throws {CoseError} `EINVALID`, `ETAG`, `ECRIT` for the message body.
 *
 * @example Requiring all signatures
 * ```ts
 * import { createCoseSign, generateCoseKey, verifyCoseSign } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("ES256");
 * const msg = await createCoseSign(new Uint8Array([7]), [{ key }]);
 * const out = await verifyCoseSign(msg, key, { algorithms: ["ES256"] });
 * assert.equal(out.allValid, true);
 * ```
 */
export async function verifyCoseSign(
  message: Uint8Array,
  keys: CoseKey | readonly CoseKey[],
  options: CoseVerifyOptions,
): Promise<CoseSignResult> {
  const arr = decodeKind(message, "sign", options);
  const body = readLayer(arr, "COSE_Sign", options.understoodCrit);
  const payload = payloadOf(arr[2], options.detachedPayload, "COSE_Sign");
  const list = arr[3];
  if (!Array.isArray(list) || list.length === 0) {
    throw new CoseError("EINVALID", "COSE_Sign signatures are not a non-empty array");
  }
  const aad = options.externalAad ?? EMPTY;
  const signatures: CoseSignatureOutcome[] = [];
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (!Array.isArray(s) || s.length !== 3) {
      throw new CoseError("EINVALID", `COSE_Signature ${i} must have 3 elements`);
    }
    const layer = readLayer(s, `COSE_Signature ${i}`, options.understoodCrit);
    const kid = header(layer, H.kid) as Uint8Array | undefined;
    const rawAlg = header(layer, H.alg) as string | number | undefined;
    const outcome: CoseSignatureOutcome = {
      index: i,
      valid: false,
      protectedHeaders: layer.protected,
      unprotectedHeaders: layer.unprotected,
    };
    if (kid) outcome.kid = kid;
    const entry = algEntry(rawAlg);
    outcome.alg = entry?.name ?? rawAlg;
    try {
      if (!entry) throw new CoseError("EALG", `Unsupported algorithm ${JSON.stringify(rawAlg)}`);
      expectKind(entry, "sign");
      if (!isAllowed(entry, options.algorithms)) {
        throw new CoseError("EALG", `Algorithm ${entry.name} is not allowed`);
      }
      const sig = s[2];
      if (!(sig instanceof Uint8Array)) {
        throw new CoseError("EINVALID", "COSE_Signature signature is not a byte string");
      }
      const tbs = encodeStructure("Signature", [
        body.protectedBytes,
        layer.protectedBytes,
        aad,
        payload,
      ]);
      outcome.key = await firstVerifying(keys, kid, entry, tbs, sig);
      outcome.valid = true;
    } catch (e) {
      if (!(e instanceof CoseError)) throw e;
      outcome.error = e;
    }
    signatures.push(outcome);
  }
  return {
    payload,
    anyValid: signatures.some((s) => s.valid),
    allValid: signatures.every((s) => s.valid),
    signatures,
    protectedHeaders: body.protected,
    unprotectedHeaders: body.unprotected,
  };
}
