// Copyright 2026 the wirekit authors. MIT license.
// `wirekit dhcp <interface> [--once] [--apply] [--release]`: runs the DHCPv4
// client on an interface and prints each state change and the lease.
import process from "node:process";
import {
  applyLeaseLinux,
  DhcpClient,
  type DhcpClientOptions,
  type DhcpLease,
  DhcpLeaseFile,
  removeLeaseLinux,
} from "../dhcp/mod.ts";
import { type NetworkInterfaceInfo, readInterfaceInfo } from "../net/mod.ts";
import { type CliCommand, type CliIo, CliUsageError, parseArgs } from "./_registry.ts";

/** What the command needs from the system; tests replace it. */
export interface DhcpCliDeps {
  /** Looks the interface up (MAC, MTU, state); undefined when there is none. */
  readInterface(iface: string): Promise<NetworkInterfaceInfo | undefined>;
  /** Extra client options (tests pass a memory transport and a fake clock). */
  clientOptions?: Partial<DhcpClientOptions>;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM). */
  interrupted(): Promise<void>;
}

const systemDeps: DhcpCliDeps = {
  readInterface: (iface) => readInterfaceInfo(iface),
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
 * @param deps Interface lookup, signal wait and client options.
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
      const mac = flags.get("mac");
      let info: NetworkInterfaceInfo | undefined;
      if (typeof mac !== "string") {
        try {
          info = await deps.readInterface(iface);
        } catch (e) {
          io.err(`Cannot read interface ${iface}: ${e instanceof Error ? e.message : e}\n`);
          return 1;
        }
        if (!info) {
          io.err(`No network interface ${iface} (see \`ip link\`); or pass --mac\n`);
          return 1;
        }
        io.out(
          `interface ${iface} index ${info.index} mac ${
            info.mac ?? "none"
          } mtu ${info.mtu} state ${info.operstate}\n`,
        );
      }
      const leaseFile = flags.get("lease-file");
      const hostname = flags.get("hostname");
      const apply = flags.has("apply");
      const client = new DhcpClient({
        interface: iface,
        mac: typeof mac === "string" ? mac : undefined,
        // The client checks the interface (hardware address, up) itself.
        readInterface: () => Promise.resolve(info),
        timeout,
        leaseStore: typeof leaseFile === "string" ? new DhcpLeaseFile(leaseFile) : undefined,
        hostname: typeof hostname === "string" ? hostname : undefined,
        ...deps.clientOptions,
      });
      let applied: DhcpLease | undefined;
      let chain: Promise<unknown> = Promise.resolve();
      const applyLease = (lease: DhcpLease) => {
        if (!apply) return;
        const previous = applied;
        applied = lease;
        chain = chain.then(() => applyLeaseLinux(lease, { interface: iface, previous }))
          .catch((e) => io.err(`apply failed: ${e instanceof Error ? e.message : e}\n`));
      };
      const dropLease = (lease: DhcpLease | undefined) => {
        if (!apply || !lease) return;
        applied = undefined;
        chain = chain.then(() => removeLeaseLinux(lease, { interface: iface }))
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
