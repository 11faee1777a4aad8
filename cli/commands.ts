// Copyright 2026 the wirekit authors. MIT license.
// Every registered command. Module issues append their cli/<module>.ts here.
import type { CliCommand } from "./_registry.ts";
import { dnsCommands } from "./dns.ts";
import { dhcpCommands } from "./dhcp.ts";

/** All commands known to the `wirekit` CLI. */
export const COMMANDS: CliCommand[] = [
  ...dnsCommands,
  ...dhcpCommands,
];
