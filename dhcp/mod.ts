// Copyright 2026 the wirekit authors. MIT license.
/**
 * A DHCPv4 client: message and option codec, a time-driven lease state machine and a driver over wirekit/net.
 *
 * No npm dependencies.
 *
 * @example Encoding and decoding a message
 * ```ts
 * import { decodeDhcpMessage, encodeDhcpMessage } from "wirekit/dhcp";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeDhcpMessage({
 *   op: 1,
 *   xid: 1,
 *   chaddr: Uint8Array.of(2, 0, 0, 0, 0, 1),
 *   options: { messageType: "DISCOVER" },
 * });
 * assert.equal(decodeDhcpMessage(bytes).options.messageType, "DISCOVER");
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./dhcp_error.ts";
export * from "./encode_dhcp_message.ts";
export * from "./decode_dhcp_message.ts";
export * from "./dhcp_client_machine.ts";
export * from "./lease_store.ts";
export * from "./dhcp_client.ts";
export * from "./apply_lease_linux.ts";
