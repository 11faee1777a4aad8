// Copyright 2026 the wirekit authors. MIT license.
// The module's error classes: JoseError for domain failures (a `code` union),
// JoseSyntaxError for malformed token text (with the offset).
import { OffsetSyntaxError, WirekitError } from "../_internal/errors.ts";

// The bases are re-exported so the public error classes reference public types.
export { OffsetSyntaxError, WirekitError };

/**
 * Why a JOSE operation failed.
 *
 * - `"EALG"`: the algorithm is not on the allow-list (or is `none`).
 * - `"ESIG"`: signature or MAC verification failed.
 * - `"EDECRYPT"`: decryption failed (wrong key, tampered data).
 * - `"EEXPIRED"`: the JWT `exp` claim is in the past.
 * - `"ECLAIM"`: another JWT claim check failed (`iss`, `aud`, `nbf`, `iat`, required claims ...).
 * - `"EKEY"`: no usable key (no match in a set, key bound to another algorithm, wrong key type).
 * - `"EINVALID"`: the JWS/JWE/JWT is structurally invalid (bad header, `crit`, members).
 * - `"EUNSUPPORTED"`: the algorithm or feature is not supported by `jose` or the runtime.
 * - `"ELIMIT"`: an input exceeded a configured limit.
 * - `"EFETCH"`: a remote JWK set could not be fetched or parsed.
 *
 * @example Usage
 * ```ts
 * import type { JoseErrorCode } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const c: JoseErrorCode = "ESIG";
 * assert.equal(c, "ESIG");
 * ```
 */
export type JoseErrorCode =
  | "EALG"
  | "ESIG"
  | "EDECRYPT"
  | "EEXPIRED"
  | "ECLAIM"
  | "EKEY"
  | "EINVALID"
  | "EUNSUPPORTED"
  | "ELIMIT"
  | "EFETCH";

/**
 * Options accepted by {@linkcode JoseError}.
 *
 * @example Usage
 * ```ts
 * import type { JoseErrorOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: JoseErrorOptions = { claim: "aud" };
 * assert.equal(o.claim, "aud");
 * ```
 */
export interface JoseErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
  /** For `"ECLAIM"`/`"EEXPIRED"`: the claim that failed, e.g. `"aud"`. */
  claim?: string;
}

/**
 * A JOSE domain failure with a machine-readable `code`. Signature and
 * decryption failures always carry the same fixed message, whatever the cause.
 *
 * @example Telling failures apart by code
 * ```ts
 * import { JoseError } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const e = new JoseError("ESIG", "Signature verification failed");
 * assert.ok(e instanceof Error);
 * assert.equal(e.code, "ESIG");
 * ```
 */
export class JoseError extends WirekitError<JoseErrorCode> {
  /** The JWT claim that failed, for `"ECLAIM"` and `"EEXPIRED"`. */
  readonly claim?: string;

  /**
   * Creates the error.
   *
   * @param code Failure kind.
   * @param message Human-readable message.
   * @param options Cause and failed claim.
   */
  constructor(code: JoseErrorCode, message: string, options?: JoseErrorOptions) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.claim !== undefined) this.claim = options.claim;
  }
}

/**
 * Malformed JOSE text (compact serialization, base64url or header JSON),
 * with the offset of the problem in the input string.
 *
 * @example Catching a malformed token
 * ```ts
 * import { decodeJwt, JoseSyntaxError } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => decodeJwt("not a token"), JoseSyntaxError);
 * ```
 */
export class JoseSyntaxError extends OffsetSyntaxError {}
