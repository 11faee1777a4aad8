// Copyright 2026 the wirekit authors. MIT license.
// decodeCoseMessage: which COSE message a byte string is, without verifying it.
import { CoseError } from "./cose_error.ts";
import { decodeOuter, readLayer } from "./_message.ts";
import type { CoseLabel } from "./types.ts";

/** COSE message kinds. */
export type CoseMessageKind = "sign" | "sign1" | "mac" | "mac0" | "encrypt" | "encrypt0";

/** Options of {@linkcode decodeCoseMessage}. */
export interface DecodeCoseMessageOptions {
  /**
   * Largest message accepted, in bytes.
   * @default {16777216}
   */
  maxBytes?: number;
}

/** A decoded, unverified COSE message. */
export interface DecodedCoseMessage {
  /** The kind, from the tag; for an untagged message, the kind its shape implies when only one fits. */
  kind: CoseMessageKind | undefined;
  /** The kinds an untagged message's shape fits (just `kind` when tagged). */
  possibleKinds: CoseMessageKind[];
  /** Whether the message carried its CBOR tag. */
  tagged: boolean;
  /** Protected headers (decoded). */
  protectedHeaders: Map<CoseLabel, unknown>;
  /** Unprotected headers. */
  unprotectedHeaders: Map<CoseLabel, unknown>;
  /** Payload or ciphertext; `null` when detached. */
  content: Uint8Array | null;
  /** The message's array, as decoded (signatures, tag, recipients follow the content). */
  array: unknown[];
}

/**
 * Decodes a COSE message's outer structure and headers, telling which message
 * type it is (from the tag, or the shape when untagged). Nothing is verified.
 *
 * @param bytes The encoded message.
 * @param options Size limit.
 * @returns The kind and headers.
 * @throws {CoseError} `EINVALID` for bad CBOR or shape, `ETAG` for a non-COSE tag, `ELIMIT`.
 *
 * @example A tagged COSE_Sign1
 * ```ts
 * import { createCoseSign1, decodeCoseMessage, generateCoseKey } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const msg = await createCoseSign1(new Uint8Array([1]), await generateCoseKey("EdDSA"));
 * const d = decodeCoseMessage(msg);
 * assert.equal(d.kind, "sign1");
 * assert.equal(d.protectedHeaders.get(1), -8);
 * ```
 */
export function decodeCoseMessage(
  bytes: Uint8Array,
  options: DecodeCoseMessageOptions = {},
): DecodedCoseMessage {
  const m = decodeOuter(bytes, options.maxBytes);
  const a = m.array;
  let possible: CoseMessageKind[];
  if (m.kind) possible = [m.kind];
  else if (a.length === 3) possible = ["encrypt0"];
  else if (a.length === 5) possible = ["mac"];
  else if (a.length === 4) possible = Array.isArray(a[3]) ? ["sign", "encrypt"] : ["sign1", "mac0"];
  else throw new CoseError("EINVALID", `Array of ${a.length} elements is no COSE message`);
  const layer = readLayer(a, "COSE message", undefined);
  const c = a[2];
  if (c !== null && !(c instanceof Uint8Array)) {
    throw new CoseError("EINVALID", "COSE message content is not a byte string or nil");
  }
  return {
    kind: possible.length === 1 ? possible[0] : undefined,
    possibleKinds: possible,
    tagged: m.tagged,
    protectedHeaders: layer.protected,
    unprotectedHeaders: layer.unprotected,
    content: c,
    array: a,
  };
}
