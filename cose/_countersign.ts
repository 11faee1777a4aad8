// Copyright 2026 the wirekit authors. MIT license.
// Countersignature plumbing shared by countersignCose and
// verifyCoseCountersignatures: locating the countersigned layer of a message
// and building the Countersign_structure (RFC 9338 section 3.3; RFC 8152
// section 4.5 for version 1).
import { CborTag, encodeCbor } from "../cbor/mod.ts";
import { CoseError } from "./cose_error.ts";
import {
  decodeOuter,
  KIND_LENGTH,
  KIND_TAG,
  type Layer,
  type MessageKind,
  readLayer,
} from "./_message.ts";
import type { CoseLabel } from "./types.ts";

/**
 * Which layer of a message a countersignature covers: the message itself, one
 * signature of a COSE_Sign, or a recipient of a COSE_Encrypt/COSE_Mac (a path
 * of indexes for nested recipients).
 */
export type CoseCountersignTarget =
  | "message"
  | { readonly signature: number }
  | { readonly recipient: number | readonly number[] };

/** The countersigned layer, resolved. */
export interface TargetLayer {
  /** The layer's headers. */
  layer: Layer;
  /** The layer's array (its unprotected map is `array[1]`). */
  array: unknown[];
  /** The payload field of the Countersign_structure. */
  payload: Uint8Array;
  /** `other_fields` of a version 2 structure (bstr fields after the payload), if any. */
  other: Uint8Array[] | undefined;
}

/** Largest nesting of recipients walked. */
export const MAX_RECIPIENT_DEPTH = 8;

/** A decoded message whose arrays may be edited and re-encoded. */
export interface OpenMessage {
  kind: MessageKind;
  tagged: boolean;
  array: unknown[];
}

/** Decodes a message of any kind (the tag, else `kind`, else the only kind its shape fits). */
export function openMessage(
  bytes: Uint8Array,
  kind: MessageKind | undefined,
  maxBytes: number | undefined,
): OpenMessage {
  const m = decodeOuter(bytes, maxBytes);
  let k = m.kind;
  if (k !== undefined && kind !== undefined && k !== kind) {
    throw new CoseError("ETAG", `Message is tagged as COSE_${k}, expected ${kind}`);
  }
  k ??= kind;
  if (k === undefined) {
    const a = m.array;
    if (a.length === 3) k = "encrypt0";
    else if (a.length === 5) k = "mac";
    else {
      throw new CoseError("ETAG", "Untagged message of ambiguous type: pass options.kind");
    }
  }
  if (m.array.length !== KIND_LENGTH[k]) {
    throw new CoseError("EINVALID", `COSE_${k} must have ${KIND_LENGTH[k]} elements`);
  }
  return { kind: k, tagged: m.tagged, array: m.array };
}

/** Re-encodes an opened message. */
export function closeMessage(m: OpenMessage): Uint8Array {
  return encodeCbor(m.tagged ? new CborTag(KIND_TAG[m.kind], m.array) : m.array);
}

function contentOf(v: unknown, detached: Uint8Array | undefined): Uint8Array {
  if (v === null) {
    if (!(detached instanceof Uint8Array)) {
      throw new CoseError("EINVALID", "Message content is detached: pass detachedPayload");
    }
    return detached;
  }
  if (!(v instanceof Uint8Array)) throw new CoseError("EINVALID", "Content is not a byte string");
  return v;
}

function bstr(v: unknown, what: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new CoseError("EINVALID", `${what} is not a byte string`);
  return v;
}

/** The message layer as a countersignature target. */
export function messageTarget(
  m: OpenMessage,
  detached: Uint8Array | undefined,
  understood?: readonly CoseLabel[],
): TargetLayer {
  const a = m.array;
  const layer = readLayer(a, `COSE_${m.kind}`, understood);
  const payload = contentOf(a[2], detached);
  const withTag = m.kind === "sign1" || m.kind === "mac0" || m.kind === "mac";
  return {
    layer,
    array: a,
    payload,
    other: withTag ? [bstr(a[3], `COSE_${m.kind} signature or tag`)] : undefined,
  };
}

/** A COSE_Signature as a target: its protected header and signature value. */
export function signatureTarget(
  sig: unknown,
  what: string,
  understood?: readonly CoseLabel[],
): TargetLayer {
  if (!Array.isArray(sig) || sig.length !== 3) {
    throw new CoseError("EINVALID", `${what} must have 3 elements`);
  }
  return {
    layer: readLayer(sig, what, understood),
    array: sig,
    payload: bstr(sig[2], `${what} signature`),
    other: undefined,
  };
}

/** A COSE_recipient as a target: its protected header and ciphertext. */
export function recipientTarget(
  r: unknown,
  what: string,
  understood?: readonly CoseLabel[],
): TargetLayer {
  if (!Array.isArray(r) || (r.length !== 3 && r.length !== 4)) {
    throw new CoseError("EINVALID", `${what} must have 3 or 4 elements`);
  }
  return {
    layer: readLayer(r, what, understood),
    array: r,
    payload: bstr(r[2], `${what} ciphertext`),
    other: undefined,
  };
}

/** Resolves a target description against an opened message. */
export function resolveTarget(
  m: OpenMessage,
  target: CoseCountersignTarget,
  detached: Uint8Array | undefined,
  understood?: readonly CoseLabel[],
): TargetLayer {
  if (target === "message") return messageTarget(m, detached, understood);
  if (target && typeof target === "object" && "signature" in target) {
    if (m.kind !== "sign") throw new TypeError("A signature target needs a COSE_Sign message");
    const list = m.array[3];
    const i = target.signature;
    if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) {
      throw new RangeError(`COSE_Sign has no signature ${String(i)}`);
    }
    return signatureTarget(list[i], `COSE_Signature ${i}`, understood);
  }
  if (target && typeof target === "object" && "recipient" in target) {
    if (m.kind !== "encrypt" && m.kind !== "mac") {
      throw new TypeError("A recipient target needs a COSE_Encrypt or COSE_Mac message");
    }
    const path = typeof target.recipient === "number" ? [target.recipient] : [...target.recipient];
    if (path.length === 0 || path.length > MAX_RECIPIENT_DEPTH) {
      throw new RangeError(`Recipient path must have 1 to ${MAX_RECIPIENT_DEPTH} indexes`);
    }
    let holder: unknown[] = m.array;
    let listIndex = m.kind === "mac" ? 4 : 3;
    let r: unknown;
    for (const i of path) {
      const list = holder[listIndex];
      if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) {
        throw new RangeError(`No recipient at path ${JSON.stringify(path)}`);
      }
      r = list[i];
      if (!Array.isArray(r)) throw new CoseError("EINVALID", "COSE_recipient is not an array");
      holder = r;
      listIndex = 3;
    }
    return recipientTarget(r, `COSE_recipient ${path.join(".")}`, understood);
  }
  throw new TypeError('options.target must be "message", { signature } or { recipient }');
}

/** Header labels of the countersignature forms. */
export function countersignLabel(version: 1 | 2, abbreviated: boolean): number {
  if (version === 1) return abbreviated ? 9 : 7;
  return abbreviated ? 12 : 11;
}

const EMPTY = new Uint8Array(0);

/**
 * The to-be-signed bytes. Version 2 (RFC 9338): the `V2` context and
 * `other_fields` when the target has bstr fields after the payload, and no
 * `sign_protected` for Countersignature0. Version 1 (RFC 8152, as the COSE WG
 * examples encode it): always five fields, an empty `sign_protected` for
 * CounterSignature0.
 */
export function countersignTbs(
  version: 1 | 2,
  target: TargetLayer,
  signProtected: Uint8Array | undefined,
  externalAad: Uint8Array | undefined,
): Uint8Array {
  const abbreviated = signProtected === undefined;
  const aad = externalAad ?? EMPTY;
  const body = target.layer.protectedBytes;
  if (version === 1) {
    return encodeCbor([
      abbreviated ? "CounterSignature0" : "CounterSignature",
      body,
      signProtected ?? EMPTY,
      aad,
      target.payload,
    ]);
  }
  const other = target.other;
  const context = (abbreviated ? "CounterSignature0" : "CounterSignature") + (other ? "V2" : "");
  const s: unknown[] = [context, body];
  if (!abbreviated) s.push(signProtected);
  s.push(aad, target.payload);
  if (other) s.push(other);
  return encodeCbor(s);
}

/** The COSE_Countersignature entries held under a full countersignature label. */
export function fullEntries(value: unknown, what: string): unknown[][] {
  const unwrap = (v: unknown): unknown =>
    v instanceof CborTag && Number(v.tag) === 19 ? v.value : v;
  const v = unwrap(value);
  if (!Array.isArray(v) || v.length === 0) {
    throw new CoseError("EINVALID", `${what} countersignature is not an array`);
  }
  const list = v[0] instanceof Uint8Array ? [v] : v.map(unwrap);
  for (const cs of list) {
    if (!Array.isArray(cs) || cs.length !== 3) {
      throw new CoseError("EINVALID", `${what} COSE_Countersignature must have 3 elements`);
    }
  }
  return list as unknown[][];
}

/** Every layer of a message that can carry countersignatures, with its target description. */
export function allTargets(
  m: OpenMessage,
  detached: Uint8Array | undefined,
  understood?: readonly CoseLabel[],
): { target: CoseCountersignTarget; layer: TargetLayer }[] {
  const out: { target: CoseCountersignTarget; layer: TargetLayer }[] = [
    { target: "message", layer: messageTarget(m, detached, understood) },
  ];
  if (m.kind === "sign") {
    const list = m.array[3];
    if (!Array.isArray(list)) {
      throw new CoseError("EINVALID", "COSE_Sign signatures are not an array");
    }
    list.forEach((s, i) => {
      out.push({
        target: { signature: i },
        layer: signatureTarget(s, `COSE_Signature ${i}`, understood),
      });
    });
  }
  if (m.kind === "encrypt" || m.kind === "mac") {
    const walk = (list: unknown, path: number[]) => {
      if (list === undefined) return;
      if (!Array.isArray(list)) throw new CoseError("EINVALID", "Recipients are not an array");
      if (path.length >= MAX_RECIPIENT_DEPTH) {
        throw new CoseError("ELIMIT", `Recipients nest deeper than ${MAX_RECIPIENT_DEPTH}`);
      }
      list.forEach((r, i) => {
        const p = [...path, i];
        const layer = recipientTarget(r, `COSE_recipient ${p.join(".")}`, understood);
        out.push({ target: { recipient: p }, layer });
        walk((r as unknown[])[3], p);
      });
    };
    walk(m.array[m.kind === "mac" ? 4 : 3], []);
  }
  return out;
}

/** Unprotected map of a target layer (mutable, for adding countersignatures). */
export function unprotectedOf(t: TargetLayer): Map<CoseLabel, unknown> {
  return t.array[1] as Map<CoseLabel, unknown>;
}
