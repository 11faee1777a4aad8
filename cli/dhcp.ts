// Copyright 2026 the wirekit authors. MIT license.
// `wirekit dhcp <interface> [--once] [--apply] [--release]`: runs the DHCPv4
// client on an interface and prints each state change and the lease.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as fsp from "node:fs/promises";
import process from "node:process";
import {
  applyLeaseLinux,
  DhcpClient,
  type DhcpClientOptions,
  type DhcpLease,
  DhcpLeaseFile,
  removeLeaseLinux,
} from "../dhcp/mod.ts";
import { type CliCommand, type CliIo, CliUsageError, parseArgs } from "./_registry.ts";

/** What the command needs from the system; tests replace it. */
export interface DhcpCliDeps {
  /** Reads the interface's MAC address. */
  readMac(iface: string): string;
  /** Extra client options (tests pass a memory transport and a fake clock). */
  clientOptions?: Partial<DhcpClientOptions>;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM). */
  interrupted(): Promise<void>;
}

const systemDeps: DhcpCliDeps = {
  readMac: (iface) => readFileSync(`/sys/class/net/${iface}/address`, "utf8").trim(),
  interrupted: () =>
    new Promise((resolve) => {
      const on = () => {
        process.off("SIGINT", on);
        process.off("SIGTERM", on);
        resolve();
      };
      process.on("SIGINT", on);
      process.on("SIGTERM", on);
    }),
};

const run = (argv: string[]) =>
  new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(argv[0], argv.slice(1), (err, _out, stderr) => {
      resolve({
        code: err ? (typeof err.code === "number" ? err.code : 1) : 0,
        stderr: String(stderr),
      });
    });
  });

function describe(lease: DhcpLease): string {
  const lines = [
    `address      ${lease.address}/${lease.prefixLength} (mask ${lease.subnetMask})`,
    `server       ${lease.serverId}`,
    `lease        ${lease.leaseTime} s (T1 ${lease.renewalTime} s, T2 ${lease.rebindingTime} s)`,
  ];
  if (lease.routers.length) lines.push(`routers      ${lease.routers.join(", ")}`);
  if (lease.dnsServers.length) lines.push(`dns          ${lease.dnsServers.join(", ")}`);
  if (lease.domainName) lines.push(`domain       ${lease.domainName}`);
  if (lease.domainSearch.length) lines.push(`search       ${lease.domainSearch.join(" ")}`);
  if (lease.ntpServers.length) lines.push(`ntp          ${lease.ntpServers.join(", ")}`);
  if (lease.mtu !== undefined) lines.push(`mtu          ${lease.mtu}`);
  for (const r of lease.staticRoutes) lines.push(`route        ${r.destination} via ${r.router}`);
  return lines.map((l) => `  ${l}\n`).join("");
}

/**
 * Builds the `dhcp` command with the given system access.
 *
 * @param deps MAC lookup, signal wait and client options.
 * @returns The command.
 */
export function makeDhcpCommand(deps: DhcpCliDeps = systemDeps): CliCommand {
  return {
    group: "dhcp",
    summary:
      "Runs the DHCPv4 client on an interface (needs root), printing state changes and the lease",
    usage:
      "<interface> [--once] [--apply] [--release] [--lease-file <path>] [--mac <mac>] [--timeout <ms>]",
    async run(args: string[], io: CliIo): Promise<number> {
      const { positionals, flags } = parseArgs(
        args,
        ["lease-file", "mac", "timeout", "hostname"],
        ["once", "apply", "release"],
      );
      if (positionals.length !== 1) throw new CliUsageError("Give exactly one interface");
      const iface = positionals[0];
      const timeout = flags.has("timeout") ? Number(flags.get("timeout")) : 60_000;
      if (!Number.isFinite(timeout) || timeout <= 0) {
        throw new CliUsageError("--timeout needs a positive number of ms");
      }
      let mac = flags.get("mac");
      if (typeof mac !== "string") {
        try {
          mac = deps.readMac(iface);
        } catch (e) {
          io.err(
            `Cannot read the MAC address of ${iface} (${
              e instanceof Error ? e.message : e
            }); pass --mac\n`,
          );
          return 1;
        }
      }
      const leaseFile = flags.get("lease-file");
      const hostname = flags.get("hostname");
      const apply = flags.has("apply");
      const client = new DhcpClient({
        interface: iface,
        mac,
        timeout,
        leaseStore: typeof leaseFile === "string" ? new DhcpLeaseFile(leaseFile, fsp) : undefined,
        hostname: typeof hostname === "string" ? hostname : undefined,
        ...deps.clientOptions,
      });
      let applied: DhcpLease | undefined;
      let chain: Promise<unknown> = Promise.resolve();
      const applyLease = (lease: DhcpLease) => {
        if (!apply) return;
        const previous = applied;
        applied = lease;
        chain = chain.then(() => applyLeaseLinux(lease, { interface: iface, run, previous }))
          .catch((e) => io.err(`apply failed: ${e instanceof Error ? e.message : e}\n`));
      };
      const dropLease = (lease: DhcpLease | undefined) => {
        if (!apply || !lease) return;
        applied = undefined;
        chain = chain.then(() => removeLeaseLinux(lease, { interface: iface, run }))
          .catch((e) => io.err(`remove failed: ${e instanceof Error ? e.message : e}\n`));
      };
      client.on("state", (from, to) => io.out(`state ${from} -> ${to}\n`));
      client.on("bound", (lease) => {
        io.out(`bound ${lease.address}\n${describe(lease)}`);
        applyLease(lease);
      });
      client.on("renewed", (lease) => {
        io.out(`renewed ${lease.address} for ${lease.leaseTime} s\n`);
        applyLease(lease);
      });
      client.on("rebinding", (lease) => io.out(`rebinding ${lease.address}\n`));
      client.on("expired", (lease) => {
        io.out(`expired ${lease.address}\n`);
        dropLease(lease);
      });
      client.on("nak", (message, lease) => {
        io.out(`nak${message ? ` (${message})` : ""}\n`);
        dropLease(lease);
      });
      client.on("released", (lease) => {
        io.out(`released ${lease.address}\n`);
        dropLease(lease);
      });
      client.on("error", (e) => io.err(`warning: ${e.message}\n`));
      await client.start();
      if (!flags.has("once")) await deps.interrupted();
      await client.stop({ release: flags.has("release") });
      await chain;
      return 0;
    },
  };
}

/** The `wirekit dhcp` command. */
export const dhcpCommands: CliCommand[] = [makeDhcpCommand()];
