// Copyright 2026 the wirekit authors. MIT license.
// `wirekit cose verify|decrypt|diag` and `wirekit cwt verify`. Keys come from
// files holding a JWK, a JWK set, a COSE_Key or a COSE_KeySet (binary CBOR or
// hex); messages from a file (binary or hex), a hex argument, or stdin ("-").
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { type CliCommand, type CliIo, CliUsageError, parseArgs } from "./_registry.ts";
import { diagnoseCbor } from "../cbor/mod.ts";
import { decodeHex, encodeHex } from "../_internal/base64.ts";
import {
  CoseError,
  type CoseKey,
  coseKeyFromJwk,
  decodeCoseMessage,
  decryptCoseEncrypt,
  decryptCoseEncrypt0,
  importCoseKey,
  importCoseKeySet,
  type Jwk,
  verifyCoseCountersignatures,
  verifyCoseMac,
  verifyCoseMac0,
  verifyCoseSign,
  verifyCoseSign1,
  verifyCwt,
} from "../cose/mod.ts";

const dec = new TextDecoder();
const strict = new TextDecoder("utf-8", { fatal: true });

function hexText(b: Uint8Array): Uint8Array | undefined {
  const t = dec.decode(b).replace(/\s+/g, "");
  return t.length > 0 && t.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(t) ? decodeHex(t) : undefined;
}

/** A message: a file (binary or hex text), "-" for stdin, or a hex argument. */
async function readMessage(src: string | undefined, io: CliIo): Promise<Uint8Array> {
  if (src === undefined) throw new CliUsageError("Give a message file, hex, or - for stdin");
  const raw = src === "-"
    ? await io.readStdin()
    : existsSync(src)
    ? new Uint8Array(readFileSync(src))
    : undefined;
  if (raw === undefined) {
    const h = hexText(new TextEncoder().encode(src));
    if (!h) throw new CliUsageError(`Not a file nor hex: ${src}`);
    return h;
  }
  return hexText(raw) ?? raw;
}

/** Keys from one file: JWK, JWK set, COSE_Key or COSE_KeySet (binary or hex). */
export function loadCoseKeys(path: string): CoseKey[] {
  if (!existsSync(path)) throw new CliUsageError(`Key file not found: ${path}`);
  const raw = new Uint8Array(readFileSync(path));
  const text = dec.decode(raw).trim();
  if (text.startsWith("{")) {
    let json: { keys?: Jwk[] } & Jwk;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CliUsageError(`Key file ${path} is not valid JSON`);
    }
    return Array.isArray(json.keys) ? json.keys.map(coseKeyFromJwk) : [coseKeyFromJwk(json)];
  }
  const bytes = hexText(raw) ?? raw;
  // A COSE_KeySet is a CBOR array (major type 4), a COSE_Key a map.
  return bytes[0] >> 5 === 4 ? importCoseKeySet(bytes) : [importCoseKey(bytes)];
}

function keysOf(all: string[]): CoseKey[] {
  if (all.length === 0) throw new CliUsageError("--key <file> is required");
  return all.flatMap(loadCoseKeys);
}

function algList(flags: Map<string, string | true>): (string | number)[] {
  const a = flags.get("alg");
  if (typeof a !== "string") throw new CliUsageError("--alg <alg[,alg...]> is required");
  return a.split(",").map((s) => s.trim()).filter(Boolean).map((s) =>
    /^-?\d+$/.test(s) ? Number(s) : s
  );
}

/** Splits repeated --key flags out (parseArgs keeps the last one only). */
function splitKeys(args: string[]): { rest: string[]; keys: string[] } {
  const keys: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--key") {
      if (i + 1 >= args.length) throw new CliUsageError("Option --key needs a value");
      keys.push(args[++i]);
    } else if (a.startsWith("--key=")) keys.push(a.slice(6));
    else rest.push(a);
  }
  return { rest, keys };
}

function bytesFlag(flags: Map<string, string | true>, name: string): Uint8Array | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new CliUsageError(`--${name} needs a value`);
  if (existsSync(v)) return new Uint8Array(readFileSync(v));
  const h = hexText(new TextEncoder().encode(v));
  if (!h && v !== "") throw new CliUsageError(`--${name} must be a file or hex`);
  return h ?? new Uint8Array(0);
}

function content(b: Uint8Array): { text?: string; hex: string } {
  try {
    const text = strict.decode(b);
    // deno-lint-ignore no-control-regex
    if (!/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { text, hex: encodeHex(b) };
  } catch {
    // not text
  }
  return { hex: encodeHex(b) };
}

function jsonSafe(v: unknown): unknown {
  if (v instanceof Uint8Array) return { hex: encodeHex(v) };
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), jsonSafe(x)]));
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (typeof v === "bigint") return v.toString();
  return v;
}

function failure(e: unknown, io: CliIo): number {
  if (e instanceof CoseError) {
    io.err(`${e.code}: ${e.message}\n`);
    return 1;
  }
  throw e;
}

const VERIFY_FLAGS = ["alg", "aad", "detached", "kind", "out"];

const verify: CliCommand = {
  group: "cose",
  verb: "verify",
  summary: "Verifies a COSE_Sign1/Sign/Mac0/Mac message (and its countersignatures)",
  usage:
    "--key <file> [--key <file>...] --alg <alg,...> [--aad hex|file] [--detached file] [--countersignatures] <message|hex|->",
  async run(args, io) {
    const { rest, keys: keyFiles } = splitKeys(args);
    const { positionals, flags } = parseArgs(rest, VERIFY_FLAGS, ["countersignatures"]);
    const keys = keysOf(keyFiles);
    const msg = await readMessage(positionals[0], io);
    const o = {
      algorithms: algList(flags),
      externalAad: bytesFlag(flags, "aad"),
      detachedPayload: bytesFlag(flags, "detached"),
    };
    try {
      const d = decodeCoseMessage(msg);
      const kind = d.kind ?? flags.get("kind");
      let out: Record<string, unknown>;
      if (kind === "sign1") {
        const r = await verifyCoseSign1(msg, keys, o);
        out = { kind, valid: true, alg: r.alg, payload: content(r.payload) };
      } else if (kind === "mac0") {
        const r = await verifyCoseMac0(msg, keys, o);
        out = { kind, valid: true, alg: r.alg, payload: content(r.payload) };
      } else if (kind === "mac") {
        const r = await verifyCoseMac(msg, keys, o);
        out = { kind, valid: true, alg: r.alg, payload: content(r.payload) };
      } else if (kind === "sign") {
        const r = await verifyCoseSign(msg, keys, o);
        out = {
          kind,
          valid: r.allValid,
          signatures: r.signatures.map((s) => ({
            valid: s.valid,
            alg: s.alg,
            error: s.error?.code,
          })),
          payload: content(r.payload),
        };
      } else if (kind === "encrypt0" || kind === "encrypt") {
        throw new CliUsageError(`A COSE_${kind} is decrypted: use wirekit cose decrypt`);
      } else {
        throw new CliUsageError(`Untagged message of ambiguous type: pass --kind sign1|mac0|sign`);
      }
      if (flags.has("countersignatures")) {
        const cs = await verifyCoseCountersignatures(msg, keys, {
          ...o,
          kind: kind as "sign1",
          externalAad: undefined,
        });
        out.countersignatures = cs.countersignatures.map((c) => ({
          target: c.target,
          version: c.version,
          abbreviated: c.abbreviated,
          valid: c.valid,
          alg: c.alg,
          error: c.error?.code,
        }));
        if (!cs.allValid) out.valid = false;
      }
      io.out(JSON.stringify(out, null, 2) + "\n");
      return out.valid ? 0 : 1;
    } catch (e) {
      return failure(e, io);
    }
  },
};

const decrypt: CliCommand = {
  group: "cose",
  verb: "decrypt",
  summary: "Decrypts a COSE_Encrypt0/Encrypt message to stdout or --out",
  usage:
    "--key <file> [--key <file>...] --alg <alg,...> [--aad hex|file] [--out file] <message|hex|->",
  async run(args, io) {
    const { rest, keys: keyFiles } = splitKeys(args);
    const { positionals, flags } = parseArgs(rest, VERIFY_FLAGS, []);
    const keys = keysOf(keyFiles);
    const msg = await readMessage(positionals[0], io);
    const o = {
      algorithms: algList(flags),
      externalAad: bytesFlag(flags, "aad"),
      detachedPayload: bytesFlag(flags, "detached"),
    };
    try {
      const d = decodeCoseMessage(msg);
      if (d.kind !== "encrypt0" && d.kind !== "encrypt") {
        throw new CliUsageError(`Not an encrypted message (${d.possibleKinds.join("/")})`);
      }
      const r = d.kind === "encrypt0"
        ? await decryptCoseEncrypt0(msg, keys, o)
        : await decryptCoseEncrypt(msg, keys, o);
      const out = flags.get("out");
      if (typeof out === "string") writeFileSync(out, r.plaintext);
      else {
        const c = content(r.plaintext);
        io.out((c.text ?? c.hex) + "\n");
      }
      return 0;
    } catch (e) {
      return failure(e, io);
    }
  },
};

const diag: CliCommand = {
  group: "cose",
  verb: "diag",
  summary: "Prints a COSE message's type, headers and CBOR diagnostic notation",
  usage: "<message|hex|->",
  async run(args, io) {
    const { positionals } = parseArgs(args, [], []);
    const msg = await readMessage(positionals[0], io);
    try {
      const d = decodeCoseMessage(msg);
      io.out(`kind: ${d.kind ?? d.possibleKinds.join(" or ")}${d.tagged ? "" : " (untagged)"}\n`);
      io.out(`protected: ${JSON.stringify(jsonSafe(d.protectedHeaders))}\n`);
      io.out(`unprotected: ${JSON.stringify(jsonSafe(d.unprotectedHeaders))}\n`);
      io.out(diagnoseCbor(msg) + "\n");
      return 0;
    } catch (e) {
      return failure(e, io);
    }
  },
};

const cwtVerify: CliCommand = {
  group: "cwt",
  verb: "verify",
  summary: "Verifies a CWT and prints its claims",
  usage:
    "--key <file> [--key <file>...] --alg <alg,...> [--iss <iss>] [--aud <aud>] [--sub <sub>] [--now <seconds>] [--leeway <seconds>] <token|hex|->",
  async run(args, io) {
    const { rest, keys: keyFiles } = splitKeys(args);
    const { positionals, flags } = parseArgs(
      rest,
      ["alg", "iss", "aud", "sub", "now", "leeway"],
      [],
    );
    const keys = keysOf(keyFiles);
    const token = await readMessage(positionals[0], io);
    const str = (n: string) => {
      const v = flags.get(n);
      return typeof v === "string" ? v : undefined;
    };
    const num = (n: string) => {
      const v = str(n);
      if (v === undefined) return undefined;
      const x = Number(v);
      if (!Number.isFinite(x)) throw new CliUsageError(`--${n} must be a number`);
      return x;
    };
    try {
      const r = await verifyCwt(token, keys, {
        algorithms: algList(flags),
        issuer: str("iss"),
        audience: str("aud"),
        subject: str("sub"),
        clock: num("now"),
        clockToleranceSec: num("leeway"),
      });
      io.out(
        JSON.stringify({ layers: r.layers, alg: r.alg, claims: jsonSafe(r.claimsMap) }, null, 2) +
          "\n",
      );
      return 0;
    } catch (e) {
      return failure(e, io);
    }
  },
};

/** The cose and cwt commands. */
export const coseCommands: CliCommand[] = [verify, decrypt, diag, cwtVerify];
