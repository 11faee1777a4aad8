// Copyright 2026 the wirekit authors. MIT license.
// countersignCose: adds COSE_Countersignature / COSE_Countersignature0
// (RFC 9338) to any layer of an existing message.
import { CoseError } from "./cose_error.ts";
import type { CoseKey } from "./cose_key.ts";
import type { CoseMessageKind } from "./decode_cose_message.ts";
import { sign } from "./_crypto.ts";
import { algEntry } from "./_algorithms.ts";
import { checkKeyAlg, creationAlg, encodeProtected, toHeaderMap } from "./_message.ts";
import { expectKind } from "./_layer.ts";
import {
  closeMessage,
  type CoseCountersignTarget,
  countersignLabel,
  countersignTbs,
  fullEntries,
  openMessage,
  resolveTarget,
  unprotectedOf,
} from "./_countersign.ts";
import type { CoseHeaders } from "./types.ts";

export type { CoseCountersignTarget };

/** One countersigner of {@linkcode countersignCose}. */
export interface CoseCountersigner {
  /** The countersigner's private key. */
  key: CoseKey;
  /** Signature algorithm, when the headers carry no `alg`; else the key's `alg`. */
  alg?: string | number;
  /** Protected headers of the countersignature (ignored for Countersignature0, which has none). */
  protectedHeaders?: CoseHeaders;
  /** Unprotected headers of the countersignature (`kid` typically; ignored for Countersignature0). */
  unprotectedHeaders?: CoseHeaders;
}

/** Options of {@linkcode countersignCose}. */
export interface CountersignCoseOptions {
  /**
   * The layer to countersign: the message, `{ signature: i }` of a COSE_Sign,
   * or `{ recipient: i }` / `{ recipient: [i, j] }` of a COSE_Encrypt or COSE_Mac.
   * @default {"message"}
   */
  target?: CoseCountersignTarget;
  /**
   * Write an abbreviated COSE_Countersignature0 (a bare signature under label
   * 12, or 9 for version 1; exactly one signer, whose algorithm the verifier
   * must know).
   * @default {false}
   */
  abbreviated?: boolean;
  /**
   * 2: RFC 9338 (labels 11 and 12, `other_fields` and the `V2` contexts); 1:
   * the RFC 8152 form (labels 7 and 9) the COSE WG examples use.
   * @default {2}
   */
  version?: 1 | 2;
  /**
   * External additional authenticated data of the countersignature.
   * @default {new Uint8Array(0)}
   */
  externalAad?: Uint8Array;
  /** The content, when the message carries `nil` in its place. */
  detachedPayload?: Uint8Array;
  /** The message type, for an untagged message whose shape fits several. */
  kind?: CoseMessageKind;
  /**
   * Largest message accepted, in bytes.
   * @default {16777216}
   */
  maxBytes?: number;
}

/**
 * Countersigns a layer of an existing COSE message (any of the six types),
 * returning the message with the countersignature added to that layer's
 * unprotected headers. Countersignatures already there are kept (a second
 * full countersignature turns the header into an array). The message is
 * re-encoded; its protected headers, content and signatures are untouched.
 *
 * @param message The encoded message (tagged, or untagged with `options.kind` when ambiguous).
 * @param signers One countersigner or several (one only when abbreviated).
 * @param options Target layer, form, version, external AAD.
 * @returns The message with the countersignature(s).
 * @throws {CoseError} `EALG`/`EKEY` for a signer that cannot sign, `EINVALID` for a malformed message or a second Countersignature0.
 *
 * @example Countersign a COSE_Sign1 and verify the countersignature
 * ```ts
 * import { countersignCose, createCoseSign1, generateCoseKey, verifyCoseCountersignatures } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const author = await generateCoseKey("ES256");
 * const notary = await generateCoseKey("EdDSA", { kid: "notary" });
 * const msg = await createCoseSign1(new TextEncoder().encode("contract"), author);
 * const stamped = await countersignCose(msg, { key: notary, unprotectedHeaders: { kid: "notary" } });
 * const out = await verifyCoseCountersignatures(stamped, notary, { algorithms: ["EdDSA"] });
 * assert.equal(out.allValid, true);
 * assert.equal(out.countersignatures[0].target, "message");
 * ```
 */
export async function countersignCose(
  message: Uint8Array,
  signers: CoseCountersigner | readonly CoseCountersigner[],
  options: CountersignCoseOptions = {},
): Promise<Uint8Array> {
  const list = Array.isArray(signers) ? signers : [signers as CoseCountersigner];
  if (list.length === 0) throw new TypeError("At least one countersigner is needed");
  const version = options.version ?? 2;
  if (version !== 1 && version !== 2) throw new RangeError("options.version must be 1 or 2");
  const abbreviated = options.abbreviated === true;
  if (abbreviated && list.length !== 1) {
    throw new TypeError("A Countersignature0 has exactly one signer");
  }
  const m = openMessage(message, options.kind, options.maxBytes);
  const target = resolveTarget(m, options.target ?? "message", options.detachedPayload);
  const label = countersignLabel(version, abbreviated);
  const u = unprotectedOf(target);
  if (abbreviated) {
    if (u.has(label)) {
      throw new CoseError("EINVALID", "The layer already carries a Countersignature0");
    }
    const s = list[0];
    const entry = s.alg !== undefined || s.key?.alg !== undefined
      ? algEntry(s.alg ?? s.key.params.get(3))
      : undefined;
    if (!entry) throw new CoseError("EALG", "Countersignature0 needs alg (option or key alg)");
    expectKind(entry, "sign");
    checkKeyAlg(s.key, entry);
    const sig = await sign(
      entry,
      s.key,
      countersignTbs(version, target, undefined, options.externalAad),
    );
    u.set(label, sig);
    return closeMessage(m);
  }
  const made: unknown[][] = [];
  for (const s of list) {
    const p = toHeaderMap(s.protectedHeaders);
    const su = toHeaderMap(s.unprotectedHeaders);
    const entry = creationAlg(p, su, s.alg, s.key);
    expectKind(entry, "sign");
    checkKeyAlg(s.key, entry);
    const sp = encodeProtected(p);
    const sig = await sign(entry, s.key, countersignTbs(version, target, sp, options.externalAad));
    made.push([sp, su, sig]);
  }
  const existing = u.has(label) ? fullEntries(u.get(label), "Existing") : [];
  const all = [...existing, ...made];
  u.set(label, all.length === 1 ? all[0] : all);
  return closeMessage(m);
}
