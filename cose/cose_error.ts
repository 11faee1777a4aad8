// Copyright 2026 the wirekit authors. MIT license.
// CoseError: the module's domain failure, with a `code` union.
import { WirekitError } from "../_internal/errors.ts";

export { WirekitError };

/**
 * Why a COSE operation failed.
 *
 * - `"EALG"`: the algorithm is unknown, not on the allow-list, or does not match the key.
 * - `"ESIG"`: signature or MAC verification failed (fixed message).
 * - `"EDECRYPT"`: decryption or key unwrapping failed (fixed message).
 * - `"EKEY"`: no usable key (wrong type, curve, size, missing private part, no recipient matched).
 * - `"ECRIT"`: a critical header (`crit`) is not understood, or `crit` is malformed.
 * - `"EINVALID"`: the message or COSE_Key is structurally invalid (bad CBOR, wrong shape, bad header).
 * - `"ETAG"`: the CBOR tag is missing, forbidden, or names another message type.
 * - `"ECLAIM"`: a CWT claims set is malformed, a claim has the wrong type, is missing
 *   (`requiredClaims`, `issuer`, `audience`, `maxAgeSec`), does not match, or `iat` is in the future.
 * - `"EEXPIRED"`: a CWT's `exp` has passed, or it is older than `maxAgeSec`.
 * - `"ENOTYET"`: a CWT's `nbf` is still ahead.
 * - `"ELIMIT"`: an input exceeded a configured limit.
 * - `"EUNSUPPORTED"`: the runtime lacks the algorithm.
 */
export type CoseErrorCode =
  | "EALG"
  | "ESIG"
  | "EDECRYPT"
  | "EKEY"
  | "ECRIT"
  | "EINVALID"
  | "ETAG"
  | "ECLAIM"
  | "EEXPIRED"
  | "ENOTYET"
  | "ELIMIT"
  | "EUNSUPPORTED";

/** Options accepted by {@linkcode CoseError}. */
export interface CoseErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * A COSE domain failure with a machine-readable `code`. Signature, MAC and
 * decryption failures always carry the same fixed message, whatever the cause.
 *
 * @example Telling failures apart by code
 * ```ts
 * import { CoseError } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const e = new CoseError("ESIG", "Signature verification failed");
 * assert.ok(e instanceof Error);
 * assert.equal(e.code, "ESIG");
 * ```
 */
export class CoseError extends WirekitError<CoseErrorCode> {
  /**
   * Creates the error.
   *
   * @param code Failure kind.
   * @param message Human-readable message.
   * @param options The cause.
   */
  constructor(code: CoseErrorCode, message: string, options?: CoseErrorOptions) {
    super(code, message, options);
  }
}
