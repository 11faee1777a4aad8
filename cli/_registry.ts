// Copyright 2026 the wirekit authors. MIT license.
// The subcommand registry: `wirekit <group> [verb] ...`. Each module adds a
// file in cli/ exporting its commands and lists it in cli/commands.ts.

/** Streams and exit code a command works with; tests pass their own. */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Reads all of standard input. */
  readStdin(): Promise<Uint8Array>;
}

/** One `wirekit <group> [verb]` command. */
export interface CliCommand {
  /** First word, usually the module ("json", "cbor", "jwk", "dns"). */
  group: string;
  /** Second word, or undefined when the group takes arguments directly (`wirekit dns <name>`). */
  verb?: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line(s) after the command words, e.g. "'<path>' [file|-]". */
  usage: string;
  /** Runs the command; resolves to the exit code. Throw CliUsageError for bad arguments. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown by a command for bad arguments: usage is printed and the exit code is 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}

/** Parsed flags: `--name value`, `--name=value`, `--flag`, and positionals. */
export interface ParsedArgs {
  /** Positional arguments in order. */
  positionals: string[];
  /** Flags by name (without dashes); boolean flags are `true`. */
  flags: Map<string, string | true>;
}

/**
 * Splits arguments into flags and positionals. `valueFlags` names the flags
 * that take a value; any other `--x` is boolean. Unknown flags are an error
 * when `known` is given.
 */
export function parseArgs(
  args: string[],
  valueFlags: readonly string[] = [],
  known?: readonly string[],
): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (known && !known.includes(name) && !valueFlags.includes(name)) {
        throw new CliUsageError(`Unknown option --${name}`);
      }
      if (eq >= 0) flags.set(name, a.slice(eq + 1));
      else if (valueFlags.includes(name)) {
        if (i + 1 >= args.length) throw new CliUsageError(`Option --${name} needs a value`);
        flags.set(name, args[++i]);
      } else flags.set(name, true);
    } else {
      positionals.push(a);
    }
  }
  return { positionals, flags };
}
