// Copyright 2026 the wirekit authors. MIT license.
import {
  OffsetSyntaxError,
  type OffsetSyntaxErrorOptions,
  WirekitError,
  type WirekitErrorOptions,
} from "../_internal/errors.ts";

// The shared bases are part of the public type of the module's errors.
export { OffsetSyntaxError, type OffsetSyntaxErrorOptions, WirekitError, type WirekitErrorOptions };

/**
 * Failure kinds of {@linkcode NtpError}:
 * - `ETIMEOUT`: no acceptable reply before the deadline;
 * - `EUNSYNC`: the server says it is not synchronised (leap indicator 3);
 * - `ESTRATUM`: stratum outside 1..15 (and not a kiss-o'-death);
 * - `EKOD`: a kiss-o'-death reply (see `kissCode`: `RATE`, `DENY`, `RSTR`, ...);
 * - `EMODE`: the reply is not mode 4 (server) or 5 (broadcast);
 * - `EVERSION`: the reply's version differs from the request's;
 * - `EORIGIN`: the reply's origin timestamp is not our transmit timestamp (bogus or spoofed);
 * - `ESOURCE`: the reply came from another address or port than the one queried;
 * - `ETIMESTAMP`: zero transmit or receive timestamp, or transmit before receive;
 * - `EROOTDISTANCE`: root delay / 2 + root dispersion above the limit;
 * - `ENOSAMPLES`: a poll round ended without any valid sample;
 * - `ENOAGREEMENT`: the servers' samples do not agree (no majority intersection);
 * - `ENOSERVERS`: no usable server (none given, none resolved, or all refused with DENY/RSTR);
 * - `ERESOLVE`: a server host name could not be resolved;
 * - `ELIMIT`: a packet exceeds a decoding limit (size, extension field count);
 * - `ECLOSED`: the client was closed while waiting.
 */
export type NtpErrorCode =
  | "ETIMEOUT"
  | "EUNSYNC"
  | "ESTRATUM"
  | "EKOD"
  | "EMODE"
  | "EVERSION"
  | "EORIGIN"
  | "ESOURCE"
  | "ETIMESTAMP"
  | "EROOTDISTANCE"
  | "ENOSAMPLES"
  | "ENOAGREEMENT"
  | "ENOSERVERS"
  | "ERESOLVE"
  | "ELIMIT"
  | "ECLOSED";

/** Options accepted by {@linkcode NtpError}. */
export interface NtpErrorOptions extends WirekitErrorOptions {
  /** Kiss code (`"RATE"`, `"DENY"`, `"RSTR"`, ...) for code `EKOD`. */
  kissCode?: string;
}

/**
 * A rejected NTP reply or a failed synchronisation, with a machine-readable `code`.
 *
 * @example Checking the code of a kiss-o'-death
 * ```ts
 * import { NtpError } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * const e = new NtpError("EKOD", "Server sent kiss-o'-death \"RATE\"", { kissCode: "RATE" });
 * assert.equal(e.code, "EKOD");
 * assert.equal(e.kissCode, "RATE");
 * assert.ok(e instanceof Error);
 * ```
 */
export class NtpError extends WirekitError<NtpErrorCode> {
  /** Kiss code of a kiss-o'-death reply (code `EKOD`), else undefined. */
  readonly kissCode?: string;

  /**
   * Makes an error.
   *
   * @param code Failure kind.
   * @param message Human-readable text.
   * @param options Optional `cause` and `kissCode`.
   */
  constructor(code: NtpErrorCode, message: string, options?: NtpErrorOptions) {
    super(code, message, options);
    if (options?.kissCode !== undefined) this.kissCode = options.kissCode;
  }
}

/**
 * Malformed NTP packet bytes: a `SyntaxError` with the byte `offset` where
 * decoding stopped.
 *
 * @example Catching a short packet
 * ```ts
 * import { decodeNtpPacket, NtpSyntaxError } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => decodeNtpPacket(new Uint8Array(20)), NtpSyntaxError);
 * ```
 */
export class NtpSyntaxError extends OffsetSyntaxError {}
