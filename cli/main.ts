#!/usr/bin/env -S deno run -A
// Copyright 2026 the wirekit authors. MIT license.
// The `wirekit` command line: `wirekit <group> [verb] [args]`.
import process from "node:process";
import { type CliCommand, type CliIo, CliUsageError } from "./_registry.ts";
import { COMMANDS } from "./commands.ts";
import { VERSION } from "./version.ts";

function words(c: CliCommand): string {
  return c.verb ? `${c.group} ${c.verb}` : c.group;
}

/** The full usage text. */
export function usage(commands: readonly CliCommand[] = COMMANDS): string {
  const lines = [
    `wirekit ${VERSION}`,
    "",
    "Usage: wirekit <command> [arguments]",
    "       wirekit --help | --version",
    "",
    "Commands:",
  ];
  if (commands.length === 0) lines.push("  (none yet)");
  // Long usage lines get their summary on the next line, so one command
  // cannot make the whole list wide.
  const cap = 44;
  const lefts = commands.map((c) => `${words(c)} ${c.usage}`.trimEnd());
  const width = Math.min(cap, Math.max(0, ...lefts.map((l) => l.length)));
  commands.forEach((c, i) => {
    const left = lefts[i];
    if (left.length > width) lines.push(`  ${left}`, `  ${"".padEnd(width)}  ${c.summary}`);
    else lines.push(`  ${left.padEnd(width)}  ${c.summary}`);
  });
  return lines.join("\n") + "\n";
}

function usageFor(c: CliCommand): string {
  return `Usage: wirekit ${words(c)} ${c.usage}\n  ${c.summary}\n`;
}

/** Finds the command for the arguments: group+verb first, then a verb-less group. */
export function findCommand(
  args: string[],
  commands: readonly CliCommand[] = COMMANDS,
): { command: CliCommand; rest: string[] } | undefined {
  const [group, verb] = args;
  const exact = commands.find((c) => c.group === group && c.verb !== undefined && c.verb === verb);
  if (exact) return { command: exact, rest: args.slice(2) };
  const bare = commands.find((c) => c.group === group && c.verb === undefined);
  if (bare) return { command: bare, rest: args.slice(1) };
  return undefined;
}

/** Largest standard input a command reads (256 MiB). */
const MAX_STDIN_BYTES = 256 * 1024 * 1024;

/** The process's standard streams. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  async readStdin() {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of process.stdin) {
      total += (chunk as Uint8Array).length;
      if (total > MAX_STDIN_BYTES) {
        throw new Error(`Standard input is larger than ${MAX_STDIN_BYTES} bytes`);
      }
      chunks.push(chunk as Uint8Array);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  },
};

/**
 * Runs the CLI on `args` (without the program name) and resolves to the exit
 * code: 0 success, 1 failure, 2 bad usage.
 */
export async function main(
  args: string[],
  io: CliIo = processIo,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  if (args.length === 0 || args[0] === "--help" || args[0] === "-h" || args[0] === "help") {
    const text = usage(commands);
    if (args.length === 0) {
      io.err(text);
      return 2;
    }
    io.out(text);
    return 0;
  }
  if (args[0] === "--version" || args[0] === "-V") {
    io.out(`wirekit ${VERSION}\n`);
    return 0;
  }
  const found = findCommand(args, commands);
  if (!found) {
    io.err(`wirekit: unknown command ${JSON.stringify(args.slice(0, 2).join(" "))}\n\n`);
    io.err(usage(commands));
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(usageFor(command));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliUsageError) {
      io.err(`wirekit ${words(command)}: ${e.message}\n${usageFor(command)}`);
      return 2;
    }
    io.err(`wirekit ${words(command)}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if ((import.meta as { main?: boolean }).main || process.argv[1]?.endsWith("/cli/main.js")) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
