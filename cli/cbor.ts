// Copyright 2026 the wirekit authors. MIT license.
// `wirekit cbor diag|to-json|from-json`: diagnostic notation and JSON
// conversion (RFC 8949 section 6.1 for CBOR to JSON).
import { readFileSync, writeFileSync } from "node:fs";
import { type CliCommand, type CliIo, CliUsageError, parseArgs } from "./_registry.ts";
import {
  CborSimple,
  CborTag,
  decodeCbor,
  decodeCborSequence,
  diagnoseCbor,
  encodeCbor,
  encodeCborSequence,
} from "../cbor/mod.ts";
import { decodeHex, encodeBase64Url, encodeHex } from "../_internal/base64.ts";

async function readInput(file: string | undefined, io: CliIo): Promise<Uint8Array> {
  if (file === undefined || file === "-") return await io.readStdin();
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new Error(`Cannot read ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
}

/** Binary CBOR, or hex text of it when the input is only hex digits and whitespace. */
function cborInput(bytes: Uint8Array, flags: Map<string, string | true>): Uint8Array {
  if (flags.has("binary")) return bytes;
  const text = new TextDecoder("latin1").decode(bytes);
  const isHex = /^\s*(?:0x)?[0-9a-fA-F\s]*$/.test(text) && /[0-9a-fA-F]/.test(text);
  if (flags.has("hex") || isHex) {
    const digits = text.replace(/^\s*0x/, "").replace(/\s+/g, "");
    if (digits.length % 2) throw new Error("Hex input has an odd number of digits");
    return decodeHex(digits);
  }
  return bytes;
}

/** RFC 8949 section 6.1: the JSON form of a decoded CBOR value. */
function toJsonValue(v: unknown): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? JSON.stringify(v) : "null";
    case "bigint":
      return v.toString();
    case "boolean":
      return String(v);
    case "undefined":
      return "null";
  }
  if (v === null || v instanceof CborSimple) return "null";
  if (v instanceof Uint8Array) return JSON.stringify(encodeBase64Url(v));
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (v instanceof CborTag) return toJsonValue(v.value);
  if (Array.isArray(v)) return `[${v.map(toJsonValue).join(",")}]`;
  if (v instanceof Set) return `[${[...v].map(toJsonValue).join(",")}]`;
  const entries = v instanceof Map ? [...v] : Object.entries(v as Record<string, unknown>);
  const parts = entries.map(([k, x]) => {
    const key = typeof k === "string" ? k : diagnoseCbor(encodeCbor(k));
    return `${JSON.stringify(key)}:${toJsonValue(x)}`;
  });
  return `{${parts.join(",")}}`;
}

function pretty(json: string): string {
  // Re-indent through JSON.parse only when no integer would lose precision.
  if (/\d{16,}/.test(json)) return json;
  return JSON.stringify(JSON.parse(json), null, 2);
}

/** The `wirekit cbor` commands. */
export const cborCommands: CliCommand[] = [
  {
    group: "cbor",
    verb: "diag",
    summary: "Prints CBOR (binary or hex) in RFC 8949 diagnostic notation",
    usage: "[file|-] [--hex|--binary] [--indicators] [--sequence]",
    async run(args, io) {
      const { positionals, flags } = parseArgs(args, [], [
        "hex",
        "binary",
        "indicators",
        "sequence",
      ]);
      if (positionals.length > 1) throw new CliUsageError("At most one input file");
      const bytes = cborInput(await readInput(positionals[0], io), flags);
      const text = diagnoseCbor(bytes, {
        encodingIndicators: flags.has("indicators"),
        sequence: flags.has("sequence"),
      });
      io.out(text + "\n");
      return 0;
    },
  },
  {
    group: "cbor",
    verb: "to-json",
    summary: "Converts CBOR (binary or hex) to JSON (RFC 8949 section 6.1)",
    usage: "[file|-] [--hex|--binary] [--sequence] [--compact]",
    async run(args, io) {
      const { positionals, flags } = parseArgs(args, [], ["hex", "binary", "sequence", "compact"]);
      if (positionals.length > 1) throw new CliUsageError("At most one input file");
      const bytes = cborInput(await readInput(positionals[0], io), flags);
      const values = flags.has("sequence") ? decodeCborSequence(bytes) : [decodeCbor(bytes)];
      for (const v of values) {
        const json = toJsonValue(v);
        io.out((flags.has("compact") ? json : pretty(json)) + "\n");
      }
      return 0;
    },
  },
  {
    group: "cbor",
    verb: "from-json",
    summary: "Converts JSON to CBOR, printed as hex or written to --out",
    usage: "[file|-] [--deterministic] [--out <file>] [--sequence]",
    async run(args, io) {
      const { positionals, flags } = parseArgs(args, ["out"], ["deterministic", "sequence"]);
      if (positionals.length > 1) throw new CliUsageError("At most one input file");
      const text = new TextDecoder().decode(await readInput(positionals[0], io));
      const options = { deterministic: flags.has("deterministic") };
      let bytes: Uint8Array;
      try {
        bytes = flags.has("sequence")
          ? encodeCborSequence(
            text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)),
            options,
          )
          : encodeCbor(JSON.parse(text), options);
      } catch (e) {
        if (e instanceof SyntaxError) throw new Error(`Invalid JSON: ${e.message}`);
        throw e;
      }
      const out = flags.get("out");
      if (typeof out === "string") writeFileSync(out, bytes);
      else io.out(encodeHex(bytes) + "\n");
      return 0;
    },
  },
];
