// Copyright 2026 the wirekit authors. MIT license.
/**
 * A DHCPv4 client: message and option codec, a time-driven lease state machine and a driver over wirekit/net.
 *
 * No npm dependencies.
 *
 * Layers: `encodeDhcpMessage`/`decodeDhcpMessage` (pure codec),
 * `DhcpClientMachine` (pure RFC 2131 state machine: bytes and `now` in,
 * datagrams, events and a deadline out), `DhcpClient` (driver over
 * wirekit/net), `applyLeaseLinux` (opt-in `ip` commands, injected runner).
 *
 * Permissions for `DhcpClient` on Linux: binding UDP port 68 needs root or
 * CAP_NET_BIND_SERVICE; the client sets SO_BROADCAST itself. A host without
 * an address needs a route for the limited broadcast,
 * `ip route add 255.255.255.255/32 dev <interface>`, or sending fails
 * (`DhcpError` `"ENOROUTE"`). Replies come back as broadcasts (the client
 * sets the BROADCAST flag), so neither raw sockets nor CAP_NET_RAW are needed.
 * The client reads the interface's MAC address from
 * `/sys/class/net/<interface>/` when none is given (`readInterfaceInfo` of
 * wirekit/net). Applying a lease (`applyLeaseLinux`, opt-in) runs `ip` with
 * `runCommand` of wirekit/net and needs CAP_NET_ADMIN. Deno needs
 * `--allow-net`, `--allow-read` (sysfs, lease file) and `--allow-run=ip`
 * (only for `applyLeaseLinux`).
 *
 * A device script (as root: `deno run --allow-net --allow-read --allow-run=ip dhcp.ts`
 * or `bun dhcp.ts`), after `ip route add 255.255.255.255/32 dev eth0`:
 *
 * ```ts ignore
 * import { applyLeaseLinux, DhcpClient, removeLeaseLinux } from "wirekit/dhcp";
 *
 * const client = new DhcpClient({ interface: "eth0", hostname: "sensor-7" });
 * let applied;
 * client.on("bound", async (lease) => {
 *   await applyLeaseLinux(lease, { interface: "eth0", previous: applied });
 *   applied = lease;
 * });
 * client.on("renewed", (lease) => applyLeaseLinux(lease, { interface: "eth0" }));
 * client.on("expired", (lease) => removeLeaseLinux(lease, { interface: "eth0" }));
 * await client.start(); // then renews, rebinds and starts over by itself
 * ```
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
