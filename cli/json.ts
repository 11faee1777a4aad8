// Copyright 2026 the wirekit authors. MIT license.
// `wirekit json query '<path>' [file|-]`: matched values as JSON lines;
// `wirekit json check <file|->`: validates, reporting the first error with line:column.
import { open } from "node:fs/promises";
import { type CliCommand, type CliIo, CliUsageError, parseArgs } from "./_registry.ts";
import {
  JsonError,
  type JsonFraming,
  JsonStreamParser,
  JsonSyntaxError,
  stringifyJson,
} from "../json/mod.ts";

const FRAMINGS: readonly JsonFraming[] = ["single", "concatenated", "lines", "sequence"];

/** Feeds a file (64 KiB at a time) or standard input to the parser. */
async function feed(source: string, io: CliIo, parser: JsonStreamParser): Promise<void> {
  if (source === "-") {
    parser.push(await io.readStdin());
  } else {
    const fh = await open(source, "r");
    try {
      const buf = new Uint8Array(64 * 1024);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        parser.push(buf.subarray(0, bytesRead));
      }
    } finally {
      await fh.close();
    }
  }
  parser.end();
}

function framingOf(flags: Map<string, string | true>): JsonFraming {
  const f = flags.get("framing") ?? "single";
  if (f === true || !FRAMINGS.includes(f as JsonFraming)) {
    throw new CliUsageError(`--framing must be one of ${FRAMINGS.join(", ")}`);
  }
  return f as JsonFraming;
}

function describe(e: unknown, name: string): string | undefined {
  if (e instanceof JsonSyntaxError) return `${name}:${e.line}:${e.column}: ${e.message}`;
  if (e instanceof JsonError) {
    return `${name}: ${e.code}${
      e.offset === undefined ? "" : ` at byte ${e.offset}`
    }: ${e.message}`;
  }
  return undefined;
}

/** The `wirekit json` commands. */
export const jsonCommands: CliCommand[] = [
  {
    group: "json",
    verb: "query",
    summary: "Prints the values matching a JSONPath-like pattern as JSON lines",
    usage: "'<path>' [file|-] [--with-path] [--framing single|concatenated|lines|sequence]",
    async run(args, io) {
      const { positionals, flags } = parseArgs(args, ["framing"], ["with-path"]);
      if (positionals.length < 1 || positionals.length > 2) {
        throw new CliUsageError("Expected a path and at most one file");
      }
      const [path, source = "-"] = positionals;
      const withPath = flags.has("with-path");
      let parser: JsonStreamParser;
      try {
        parser = new JsonStreamParser({
          paths: [path],
          framing: framingOf(flags),
          onValue: (value, p) => {
            io.out(stringifyJson(withPath ? { path: p, value } : value) + "\n");
          },
        });
      } catch (e) {
        if (e instanceof TypeError) throw new CliUsageError(e.message);
        throw e;
      }
      try {
        await feed(source, io, parser);
      } catch (e) {
        const text = describe(e, source === "-" ? "<stdin>" : source);
        if (text === undefined) throw e;
        io.err(text + "\n");
        return 1;
      }
      return 0;
    },
  },
  {
    group: "json",
    verb: "check",
    summary: "Validates strict JSON; reports the first error as file:line:column",
    usage: "<file|-> [--framing single|concatenated|lines|sequence]",
    async run(args, io) {
      const { positionals, flags } = parseArgs(args, ["framing"], []);
      if (positionals.length !== 1) throw new CliUsageError("Expected one file (or - for stdin)");
      const source = positionals[0];
      const name = source === "-" ? "<stdin>" : source;
      const parser = new JsonStreamParser({ paths: [], framing: framingOf(flags) });
      try {
        await feed(source, io, parser);
      } catch (e) {
        const text = describe(e, name);
        if (text === undefined) throw e;
        io.err(text + "\n");
        return 1;
      }
      io.out(
        `${name}: ok (${parser.valueCount} value${
          parser.valueCount === 1 ? "" : "s"
        }, ${parser.offset} bytes)\n`,
      );
      return 0;
    },
  },
];
