// Copyright 2026 the wirekit authors. MIT license.
// Opt-in: configure a Linux interface from a lease with iproute2 commands,
// run with wirekit/net's runCommand unless another runner is injected.
import { runCommand } from "../net/process.ts";
import type { DhcpLease } from "./dhcp_client_machine.ts";

/**
 * Runs one command (argv[0] is the program); resolves to its exit code and
 * error output (`runCommand` of wirekit/net fits).
 */
export type DhcpCommandRunner = (
  argv: string[],
) => Promise<{ code: number; stderr?: string; timedOut?: boolean }>;

/** Time each `ip` command may take with the default runner, in ms. */
const COMMAND_TIMEOUT_MS = 10_000;

const defaultRunner: DhcpCommandRunner = (argv) =>
  runCommand(argv, { timeoutMs: COMMAND_TIMEOUT_MS, maxOutputBytes: 64 * 1024 });

/** Options of {@linkcode applyLeaseLinux} and {@linkcode removeLeaseLinux}. */
export interface ApplyLeaseLinuxOptions {
  /** Interface name. */
  interface: string;
  /**
   * Runs a command (tests inject a recorder). The default runs the program
   * directly with `runCommand` of wirekit/net (no shell), 10 s per command,
   * 64 KiB of output; Deno needs `--allow-run`.
   * @default {runCommand of wirekit/net}
   */
  run?: DhcpCommandRunner;
  /**
   * The lease applied before (its address is removed if it differs).
   * @default {undefined}
   */
  previous?: DhcpLease;
  /**
   * Install routes (option 121, else a default route via the first router).
   * @default {true}
   */
  routes?: boolean;
  /**
   * Set the interface MTU from option 26.
   * @default {true}
   */
  mtu?: boolean;
  /**
   * Path of the `ip` program.
   * @default {"ip"}
   */
  ip?: string;
}

/**
 * Configures a Linux interface from a lease with `ip`: the address with the
 * lease's lifetime (so the kernel drops it if the client dies), the MTU, and
 * the routes: the classless static routes (option 121) when present, else a
 * default route via the first router (RFC 3442 says to ignore option 3 when
 * option 121 is present). DNS servers are not applied (resolv.conf belongs to
 * the caller). Needs root or CAP_NET_ADMIN. Call it on "bound" and "renewed".
 * Opt-in: `DhcpClient` never calls it by itself.
 *
 * @param lease The lease.
 * @param options Interface and command runner.
 * @returns The commands run, in order.
 * @throws {Error} when a command cannot start, times out or exits with a non-zero code.
 *
 * @example The commands for a lease
 * ```ts
 * import { applyLeaseLinux } from "wirekit/dhcp";
 * import assert from "node:assert/strict";
 *
 * const ran: string[] = [];
 * await applyLeaseLinux({
 *   address: "192.0.2.10", subnetMask: "255.255.255.0", prefixLength: 24, routers: ["192.0.2.1"],
 *   dnsServers: [], domainSearch: [], ntpServers: [], staticRoutes: [], serverId: "192.0.2.1",
 *   leaseTime: 600, renewalTime: 300, rebindingTime: 525, obtainedAt: 0,
 * }, { interface: "eth0", run: (argv) => (ran.push(argv.join(" ")), Promise.resolve({ code: 0 })) });
 * assert.deepEqual(ran, [
 *   "ip -4 addr replace 192.0.2.10/24 dev eth0 valid_lft 600 preferred_lft 600",
 *   "ip -4 route replace default via 192.0.2.1 dev eth0",
 * ]);
 * ```
 */
export async function applyLeaseLinux(
  lease: DhcpLease,
  options: ApplyLeaseLinuxOptions,
): Promise<string[][]> {
  const ip = options.ip ?? "ip";
  const dev = options.interface;
  const cmds: string[][] = [];
  const prev = options.previous;
  if (prev && prev.address !== lease.address) {
    cmds.push([ip, "-4", "addr", "del", `${prev.address}/${prev.prefixLength}`, "dev", dev]);
  }
  const life = lease.leaseTime === 0xffffffff ? "forever" : String(lease.leaseTime);
  const addr = [ip, "-4", "addr", "replace", `${lease.address}/${lease.prefixLength}`];
  if (lease.broadcastAddress) addr.push("broadcast", lease.broadcastAddress);
  addr.push("dev", dev, "valid_lft", life, "preferred_lft", life);
  cmds.push(addr);
  if ((options.mtu ?? true) && lease.mtu !== undefined) {
    cmds.push([ip, "link", "set", "dev", dev, "mtu", String(lease.mtu)]);
  }
  if (options.routes ?? true) {
    if (lease.staticRoutes.length > 0) {
      for (const r of lease.staticRoutes) {
        const dest = r.destination === "0.0.0.0/0" ? "default" : r.destination;
        cmds.push(
          r.router === "0.0.0.0"
            ? [ip, "-4", "route", "replace", dest, "dev", dev]
            : [ip, "-4", "route", "replace", dest, "via", r.router, "dev", dev],
        );
      }
    } else if (lease.routers.length > 0) {
      cmds.push([ip, "-4", "route", "replace", "default", "via", lease.routers[0], "dev", dev]);
    }
  }
  for (const c of cmds) await runChecked(options.run ?? defaultRunner, c);
  return cmds;
}

async function runChecked(run: DhcpCommandRunner, argv: string[]): Promise<void> {
  const r = await run(argv);
  if (r.code !== 0 || r.timedOut) {
    const why = r.timedOut ? "timed out" : `exit ${r.code}`;
    throw new Error(
      `Command failed (${why}): ${argv.join(" ")}${r.stderr ? `: ${r.stderr.trim()}` : ""}`,
    );
  }
}

/**
 * Removes a lease's address from a Linux interface (routes through it go with it).
 * Call it on "expired", "nak" (with a lease) and after a release.
 *
 * @param lease The lease.
 * @param options Interface and command runner.
 * @returns The commands run.
 * @throws {Error} when a command cannot start, times out or exits with a non-zero code.
 *
 * @example Removing an address
 * ```ts
 * import { removeLeaseLinux } from "wirekit/dhcp";
 * import assert from "node:assert/strict";
 *
 * const ran: string[] = [];
 * await removeLeaseLinux({
 *   address: "192.0.2.10", subnetMask: "255.255.255.0", prefixLength: 24, routers: [],
 *   dnsServers: [], domainSearch: [], ntpServers: [], staticRoutes: [], serverId: "192.0.2.1",
 *   leaseTime: 600, renewalTime: 300, rebindingTime: 525, obtainedAt: 0,
 * }, { interface: "eth0", run: (argv) => (ran.push(argv.join(" ")), Promise.resolve({ code: 0 })) });
 * assert.deepEqual(ran, ["ip -4 addr del 192.0.2.10/24 dev eth0"]);
 * ```
 */
export async function removeLeaseLinux(
  lease: DhcpLease,
  options: ApplyLeaseLinuxOptions,
): Promise<string[][]> {
  const cmd = [
    options.ip ?? "ip",
    "-4",
    "addr",
    "del",
    `${lease.address}/${lease.prefixLength}`,
    "dev",
    options.interface,
  ];
  await runChecked(options.run ?? defaultRunner, cmd);
  return [cmd];
}
