// Copyright 2026 the wirekit authors. MIT license.
// The dns module's errors: malformed messages and resolution failures.
import { OffsetSyntaxError, WirekitError, type WirekitErrorOptions } from "../_internal/errors.ts";

// The base classes are part of the public API (instanceof checks).
export { OffsetSyntaxError, WirekitError, type WirekitErrorOptions };

/**
 * A malformed DNS message: `offset` is where decoding stopped.
 *
 * @example Catching a malformed message
 * ```ts
 * import { decodeDnsMessage, DnsSyntaxError } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => decodeDnsMessage(new Uint8Array(5)), DnsSyntaxError);
 * ```
 */
export class DnsSyntaxError extends OffsetSyntaxError {}

/**
 * Why a resolution failed:
 * - `ENXDOMAIN`: the name does not exist;
 * - `ENODATA`: the name exists but has no record of that type;
 * - `ETIMEOUT`: no server answered in time (all attempts);
 * - `ESERVFAIL`, `EREFUSED`, `EFORMERR`, `ENOTIMP`: every server answered with that rcode;
 * - `ECNAMELOOP`: a CNAME chain loops or is too long;
 * - `EBADRESP`: only malformed or mismatching responses arrived;
 * - `ENOSERVERS`: no server is configured;
 * - `ECANCELLED`: the resolver was closed or the query aborted;
 * - `ENETWORK`: sending failed on every server;
 * - `ETOOMANY`: too many queries in flight.
 */
export type DnsErrorCode =
  | "ENXDOMAIN"
  | "ENODATA"
  | "ETIMEOUT"
  | "ESERVFAIL"
  | "EREFUSED"
  | "EFORMERR"
  | "ENOTIMP"
  | "ECNAMELOOP"
  | "EBADRESP"
  | "ENOSERVERS"
  | "ECANCELLED"
  | "ENETWORK"
  | "ETOOMANY";

/**
 * A resolution failure with a machine-readable `code`.
 *
 * @example Checking the code
 * ```ts
 * import { DnsError } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * const e = new DnsError("ENXDOMAIN", "nope.example does not exist");
 * assert.equal(e.code, "ENXDOMAIN");
 * ```
 */
export class DnsError extends WirekitError<DnsErrorCode> {
  /**
   * Makes a resolution failure.
   * @param code Failure kind.
   * @param message Human-readable text.
   * @param options Optional `cause`.
   */
  constructor(code: DnsErrorCode, message: string, options?: WirekitErrorOptions) {
    super(code, message, options);
  }
}
