// Copyright 2026 the wirekit authors. MIT license.
// Every registered command. Module issues append their cli/<module>.ts here.
import type { CliCommand } from "./_registry.ts";
import { cborCommands } from "./cbor.ts";
import { coseCommands } from "./cose.ts";
import { dnsCommands } from "./dns.ts";
import { dhcpCommands } from "./dhcp.ts";
import { joseCommands } from "./jose.ts";
import { jsonCommands } from "./json.ts";
import { ntpCommands } from "./ntp.ts";
import { renderCommands } from "./render.ts";

/** All commands known to the `wirekit` CLI. */
export const COMMANDS: CliCommand[] = [
  ...cborCommands,
  ...coseCommands,
  ...dnsCommands,
  ...dhcpCommands,
  ...joseCommands,
  ...jsonCommands,
  ...ntpCommands,
  ...renderCommands,
];
