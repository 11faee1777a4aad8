// Copyright 2026 the wirekit authors. MIT license.
// The two error classes of wirekit/dhcp: malformed bytes and domain failures.
import { OffsetSyntaxError, WirekitError, type WirekitErrorOptions } from "../_internal/errors.ts";

/**
 * A DHCP message that cannot be decoded: truncated, a bad magic cookie, an
 * option running past its field, or an option value of the wrong shape.
 * `offset` is the byte offset in the message where decoding failed.
 *
 * @example Catching a malformed message
 * ```ts
 * import { decodeDhcpMessage, DhcpSyntaxError } from "wirekit/dhcp";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => decodeDhcpMessage(new Uint8Array(10)), DhcpSyntaxError);
 * ```
 */
export class DhcpSyntaxError extends OffsetSyntaxError {}

/** Failure kinds of {@linkcode DhcpError}. */
export type DhcpErrorCode =
  /** Not allowed to bind UDP port 68 or to broadcast (run as root or with CAP_NET_BIND_SERVICE). */
  | "EPERM"
  /** No route for 255.255.255.255 on the interface (add one: `ip route add 255.255.255.255 dev <if>`). */
  | "ENOROUTE"
  /** No server answered in time. */
  | "ETIMEOUT"
  /** The server refused the request (DHCPNAK) and the caller asked to stop on it. */
  | "ENAK"
  /**
   * No such network interface, or it has no usable hardware address (the
   * client reads the MAC from `/sys/class/net/<if>/` when none is given).
   */
  | "ENOIF"
  /** The interface is administratively down (`ip link set <if> up`). */
  | "EIFDOWN"
  /** A configured limit (message size, option count) was exceeded. */
  | "ELIMIT";

/**
 * A DHCP operation failed; `code` says why.
 *
 * @example Inspecting the code
 * ```ts
 * import { DhcpError } from "wirekit/dhcp";
 * import assert from "node:assert/strict";
 *
 * const e = new DhcpError("ETIMEOUT", "No DHCPOFFER within 30 s");
 * assert.equal(e.code, "ETIMEOUT");
 * assert.equal(e.name, "DhcpError");
 * ```
 */
export class DhcpError extends WirekitError<DhcpErrorCode> {
  /**
   * Creates the error.
   *
   * @param code The failure kind.
   * @param message What failed.
   * @param options The underlying error, if any.
   */
  constructor(code: DhcpErrorCode, message: string, options?: WirekitErrorOptions) {
    super(code, message, options);
  }
}
