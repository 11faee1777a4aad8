// Copyright 2026 the wirekit authors. MIT license.
// verifyCoseCountersignatures: checks every countersignature of a message
// (RFC 9338 version 2, and the RFC 8152 version 1 labels) and reports each.
import { CoseError } from "./cose_error.ts";
import type { CoseKey } from "./cose_key.ts";
import type { CoseSignatureOutcome } from "./cose_sign.ts";
import type { CoseMessageKind } from "./decode_cose_message.ts";
import { SIG_FAILED, verify } from "./_crypto.ts";
import { type AlgEntry, algEntry } from "./_algorithms.ts";
import { firstVerifying } from "./_sig.ts";
import { candidateKeys, checkKeyAlg, header, isAllowed, readLayer } from "./_message.ts";
import {
  allTargets,
  type CoseCountersignTarget,
  countersignTbs,
  fullEntries,
  openMessage,
} from "./_countersign.ts";
import { H } from "./_tables.ts";
import type { CoseVerifyOptions } from "./types.ts";

/** Options of {@linkcode verifyCoseCountersignatures}. */
export interface VerifyCoseCountersignaturesOptions extends CoseVerifyOptions {
  /** The message type, for an untagged message whose shape fits several. */
  kind?: CoseMessageKind;
  /**
   * Algorithm of Countersignature0 values (they carry no header); else each
   * candidate key's `alg`.
   */
  abbreviatedAlg?: string | number;
  /**
   * Most countersignatures examined in one message.
   * @default {64}
   */
  maxCountersignatures?: number;
}

/**
 * The outcome of one countersignature: the fields of a COSE_Sign signature's
 * outcome (`index` counts among the layer's countersignatures under the same
 * label; both header maps are empty for a Countersignature0), plus where it
 * sits.
 */
export interface CoseCountersignatureOutcome extends CoseSignatureOutcome {
  /** The layer it countersigns. */
  target: CoseCountersignTarget;
  /** 2 for RFC 9338 (labels 11, 12), 1 for RFC 8152 (labels 7, 9). */
  version: 1 | 2;
  /** Whether it is an abbreviated COSE_Countersignature0. */
  abbreviated: boolean;
}

/** What {@linkcode verifyCoseCountersignatures} returns. */
export interface CoseCountersignaturesResult {
  /** Every countersignature found, outermost layer first. */
  countersignatures: CoseCountersignatureOutcome[];
  /** Whether at least one countersignature verified. */
  anyValid: boolean;
  /** Whether there is at least one countersignature and all verified. */
  allValid: boolean;
}

const LABELS: readonly { label: number; version: 1 | 2; abbreviated: boolean }[] = [
  { label: 11, version: 2, abbreviated: false },
  { label: 12, version: 2, abbreviated: true },
  { label: 7, version: 1, abbreviated: false },
  { label: 9, version: 1, abbreviated: true },
];

function signEntry(alg: unknown, list: readonly (string | number)[]): AlgEntry {
  const entry = algEntry(alg);
  if (!entry) throw new CoseError("EALG", `Unsupported algorithm ${JSON.stringify(alg)}`);
  if (entry.kind !== "sign") {
    throw new CoseError("EALG", `${entry.name} is not a signature algorithm`);
  }
  if (!isAllowed(entry, list)) {
    throw new CoseError("EALG", `Algorithm ${entry.name} is not allowed`);
  }
  return entry;
}

/**
 * Verifies every countersignature carried by a COSE message: on the message,
 * on each COSE_Signature of a COSE_Sign, and on each (nested) recipient,
 * full (label 11, or 7 in the RFC 8152 form) and abbreviated (12, or 9). Each
 * outcome is reported so the caller applies its own policy; the message's
 * own signature, MAC or encryption is not checked here.
 *
 * @param message The encoded message.
 * @param keys Candidate countersigner public keys (matched by `kid`).
 * @param options The algorithm allow-list (required), external AAD of the countersignatures, detached content.
 * @returns One outcome per countersignature.
 * @throws {CoseError} `EINVALID`, `ETAG`, `ECRIT` for a malformed message, `ELIMIT`.
 *
 * @example A message without countersignatures
 * ```ts
 * import { createCoseMac0, generateCoseKey, verifyCoseCountersignatures } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const msg = await createCoseMac0(new Uint8Array([1]), await generateCoseKey("HMAC 256/256"));
 * const out = await verifyCoseCountersignatures(msg, [], { algorithms: ["ES256"] });
 * assert.deepEqual(out.countersignatures, []);
 * assert.equal(out.allValid, false);
 * ```
 */
export async function verifyCoseCountersignatures(
  message: Uint8Array,
  keys: CoseKey | readonly CoseKey[],
  options: VerifyCoseCountersignaturesOptions,
): Promise<CoseCountersignaturesResult> {
  if (!options || !Array.isArray(options.algorithms)) {
    throw new TypeError("options.algorithms must be an array of algorithms");
  }
  const max = options.maxCountersignatures ?? 64;
  const m = openMessage(message, options.kind, options.maxBytes);
  const mode = options.tagged ?? "optional";
  if (m.tagged && mode === "forbidden") throw new CoseError("ETAG", "Message must not be tagged");
  if (!m.tagged && mode === "required") throw new CoseError("ETAG", "Message must be tagged");
  const out: CoseCountersignatureOutcome[] = [];
  for (const { target, layer } of allTargets(m, options.detachedPayload, options.understoodCrit)) {
    for (const { label, version, abbreviated } of LABELS) {
      const value = header(layer.layer, label);
      if (value === undefined) continue;
      if (layer.layer.protected.has(label)) {
        throw new CoseError("EINVALID", `Countersignature label ${label} must be unprotected`);
      }
      if (abbreviated) {
        if (out.length >= max) {
          throw new CoseError("ELIMIT", `More than ${max} countersignatures`);
        }
        const o: CoseCountersignatureOutcome = {
          target,
          version,
          abbreviated,
          index: 0,
          valid: false,
          protectedHeaders: new Map(),
          unprotectedHeaders: new Map(),
        };
        try {
          if (!(value instanceof Uint8Array)) {
            throw new CoseError("EINVALID", "Countersignature0 is not a byte string");
          }
          const tbs = countersignTbs(version, layer, undefined, options.externalAad);
          const list = candidateKeys(keys, undefined);
          if (list.length === 0) throw new CoseError("EKEY", "No key given");
          let err: CoseError | undefined;
          for (const k of list) {
            try {
              const entry = signEntry(
                options.abbreviatedAlg ?? k.params.get(3),
                options.algorithms,
              );
              o.alg = entry.name;
              checkKeyAlg(k, entry);
              if (await verify(entry, k, tbs, value)) {
                o.key = k;
                o.valid = true;
                break;
              }
              err ??= new CoseError("ESIG", SIG_FAILED);
            } catch (e) {
              if (!(e instanceof CoseError)) throw e;
              err ??= e;
            }
          }
          if (!o.valid) throw list.length === 1 && err ? err : new CoseError("ESIG", SIG_FAILED);
        } catch (e) {
          if (!(e instanceof CoseError)) throw e;
          o.error = e;
        }
        out.push(o);
        continue;
      }
      const entries = fullEntries(value, `Label ${label}`);
      for (let i = 0; i < entries.length; i++) {
        if (out.length >= max) {
          throw new CoseError("ELIMIT", `More than ${max} countersignatures`);
        }
        const cs = readLayer(entries[i], "COSE_Countersignature", options.understoodCrit);
        const kid = header(cs, H.kid) as Uint8Array | undefined;
        const rawAlg = header(cs, H.alg) as string | number | undefined;
        const o: CoseCountersignatureOutcome = {
          target,
          version,
          abbreviated,
          index: i,
          valid: false,
          alg: algEntry(rawAlg)?.name ?? rawAlg,
          protectedHeaders: cs.protected,
          unprotectedHeaders: cs.unprotected,
        };
        if (kid) o.kid = kid;
        try {
          const entry = signEntry(rawAlg, options.algorithms);
          const sig = entries[i][2];
          if (!(sig instanceof Uint8Array)) {
            throw new CoseError("EINVALID", "COSE_Countersignature signature is not a byte string");
          }
          const tbs = countersignTbs(version, layer, cs.protectedBytes, options.externalAad);
          o.key = await firstVerifying(keys, kid, entry, tbs, sig);
          o.valid = true;
        } catch (e) {
          if (!(e instanceof CoseError)) throw e;
          o.error = e;
        }
        out.push(o);
      }
    }
  }
  return {
    countersignatures: out,
    anyValid: out.some((o) => o.valid),
    allValid: out.length > 0 && out.every((o) => o.valid),
  };
}
