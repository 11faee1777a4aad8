// Copyright 2026 the wirekit authors. MIT license.
// `wirekit jwk gen|thumbprint|pub`, `wirekit jwt sign|verify|decode`,
// `wirekit jws verify`, `wirekit jwe decrypt`. Keys come from files (JWK, JWK
// set or PEM) or stdin ("-"); tokens from an argument, a file or stdin.
import { existsSync, readFileSync } from "node:fs";
import { type CliCommand, type CliIo, CliUsageError, parseArgs } from "./_registry.ts";
import {
  decodeJwt,
  decryptJwe,
  exportJwk,
  generateJwk,
  importJwk,
  importPem,
  type Jwk,
  JwkSet,
  jwkThumbprint,
  jwkThumbprintUri,
  type KeyInput,
  signJwt,
  type ThumbprintHash,
  verifyJws,
  verifyJwt,
} from "../jose/mod.ts";

const dec = new TextDecoder();

async function readSource(src: string | undefined, io: CliIo, what: string): Promise<string> {
  if (src === undefined || src === "-") return dec.decode(await io.readStdin()).trim();
  if (existsSync(src)) return readFileSync(src, "utf8").trim();
  if (what === "key") throw new CliUsageError(`Key file not found: ${src}`);
  return src.trim();
}

function list(v: string | true | undefined): string[] | undefined {
  return typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
}

/** Loads --key: a JWK, a JWK set or PEM; a lone key is bound to --alg (or its own alg). */
async function loadKeys(text: string, alg: string | undefined): Promise<KeyInput> {
  if (text.startsWith("-----BEGIN")) {
    if (!alg) throw new CliUsageError("A PEM key needs --alg");
    return await importPem(text, alg);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliUsageError("Key is neither JSON (JWK / JWK set) nor PEM");
  }
  const obj = json as { keys?: unknown; kty?: unknown };
  if (Array.isArray(obj.keys)) {
    return await JwkSet.fromJson(obj as { keys: Jwk[] }, { assumeAlg: () => alg });
  }
  if (typeof obj.kty !== "string") throw new CliUsageError('Key JSON has no "kty"');
  return await importJwk(obj as Jwk, (obj as Jwk).alg === undefined ? alg : undefined);
}

function keyFlag(flags: Map<string, string | true>): string {
  const k = flags.get("key");
  if (typeof k !== "string") throw new CliUsageError("--key <file|-> is required");
  return k;
}

function algorithms(flags: Map<string, string | true>): string[] {
  const algs = list(flags.get("alg"));
  if (!algs?.length) throw new CliUsageError("--alg <alg[,alg...]> is required (the allow-list)");
  return algs;
}

function num(flags: Map<string, string | true>, name: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !Number.isFinite(n)) {
    throw new CliUsageError(`--${name} needs a number`);
  }
  return n;
}

function str(flags: Map<string, string | true>, name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === "string" ? v : undefined;
}

function json(io: CliIo, v: unknown): void {
  io.out(JSON.stringify(v, null, 2) + "\n");
}

const jwkGen: CliCommand = {
  group: "jwk",
  verb: "gen",
  summary: "Generates a private/secret JWK for an algorithm (kid = RFC 7638 thumbprint)",
  usage: "<alg> [--kid <id>] [--crv <curve>] [--enc <enc>] [--bits <n>] [--public]",
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, ["kid", "crv", "enc", "bits"], ["public"]);
    if (positionals.length !== 1) throw new CliUsageError("Expected one algorithm, e.g. ES256");
    const jwk = await generateJwk(positionals[0], {
      kid: str(flags, "kid") ?? true,
      crv: str(flags, "crv"),
      enc: str(flags, "enc"),
      modulusLength: num(flags, "bits"),
    });
    json(
      io,
      flags.has("public")
        ? { private: jwk, public: jwk.kty === "oct" ? undefined : exportJwk(jwk) }
        : jwk,
    );
    return 0;
  },
};

const jwkPub: CliCommand = {
  group: "jwk",
  verb: "pub",
  summary: "Prints the public half of a JWK",
  usage: "[file|-]",
  async run(args, io) {
    const { positionals } = parseArgs(args, [], []);
    const text = await readSource(positionals[0], io, "key");
    json(io, exportJwk(JSON.parse(text) as Jwk));
    return 0;
  },
};

const jwkThumb: CliCommand = {
  group: "jwk",
  verb: "thumbprint",
  summary: "Prints the RFC 7638 thumbprint (or RFC 9278 URI) of a JWK",
  usage: "[file|-] [--hash sha256|sha384|sha512] [--uri]",
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, ["hash"], ["uri"]);
    const hash = (str(flags, "hash") ?? "sha256") as ThumbprintHash;
    if (!["sha256", "sha384", "sha512"].includes(hash)) {
      throw new CliUsageError(`Unknown hash ${hash}`);
    }
    let jwk: Jwk;
    try {
      jwk = JSON.parse(await readSource(positionals[0], io, "key"));
    } catch {
      throw new CliUsageError("Input is not a JWK");
    }
    io.out(
      (flags.has("uri") ? await jwkThumbprintUri(jwk, hash) : await jwkThumbprint(jwk, hash)) +
        "\n",
    );
    return 0;
  },
};

const jwtSign: CliCommand = {
  group: "jwt",
  verb: "sign",
  summary: "Signs a JWT from JSON claims",
  usage:
    "--key <file|-> [--alg A] [--exp <sec>] [--iss I] [--sub S] [--aud A[,B]] [claims-json|file|-]",
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, ["key", "alg", "exp", "iss", "sub", "aud"], []);
    const keySrc = keyFlag(flags);
    if (keySrc === "-" && (positionals[0] === undefined || positionals[0] === "-")) {
      throw new CliUsageError("Key and claims cannot both come from stdin");
    }
    const key = await loadKeys(await readSource(keySrc, io, "key"), str(flags, "alg"));
    if (!("alg" in key) || Array.isArray(key)) {
      throw new CliUsageError("jwt sign needs a single key");
    }
    const text = positionals[0] === undefined && keySrc !== "-"
      ? "{}"
      : await readSource(positionals[0], io, "claims");
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(text);
    } catch {
      throw new CliUsageError("Claims must be a JSON object");
    }
    const aud = list(flags.get("aud"));
    io.out(
      await signJwt(claims, key, {
        expiresInSec: num(flags, "exp"),
        issuer: str(flags, "iss"),
        subject: str(flags, "sub"),
        audience: aud && aud.length === 1 ? aud[0] : aud,
      }) + "\n",
    );
    return 0;
  },
};

const jwtVerify: CliCommand = {
  group: "jwt",
  verb: "verify",
  summary: "Verifies a JWT and prints its claims",
  usage:
    "--key <file|-> --alg A[,B] [--iss I] [--aud A] [--leeway <sec>] [--no-exp] [token|file|-]",
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, ["key", "alg", "iss", "aud", "leeway"], [
      "no-exp",
    ]);
    const algs = algorithms(flags);
    const keySrc = keyFlag(flags);
    const keys = await loadKeys(
      await readSource(keySrc, io, "key"),
      algs.length === 1 ? algs[0] : undefined,
    );
    const token = await readSource(positionals[0], io, "token");
    const r = await verifyJwt(token, keys, {
      algorithms: algs,
      issuer: str(flags, "iss"),
      audience: str(flags, "aud"),
      clockToleranceSec: num(flags, "leeway"),
      requireExpiration: !flags.has("no-exp"),
    });
    json(io, r.claims);
    return 0;
  },
};

const jwtDecode: CliCommand = {
  group: "jwt",
  verb: "decode",
  summary: "Prints a JWT's header and claims WITHOUT verifying",
  usage: "[token|file|-]",
  async run(args, io) {
    const { positionals } = parseArgs(args, [], []);
    const d = decodeJwt(await readSource(positionals[0], io, "token"));
    json(
      io,
      d.encrypted ? { header: d.header, encrypted: true } : { header: d.header, claims: d.claims },
    );
    return 0;
  },
};

const jwsVerify: CliCommand = {
  group: "jws",
  verb: "verify",
  summary: "Verifies a JWS (any serialization) and prints its payload",
  usage: "--key <file|-> --alg A[,B] [jws|file|-]",
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, ["key", "alg"], []);
    const algs = algorithms(flags);
    const keys = await loadKeys(
      await readSource(keyFlag(flags), io, "key"),
      algs.length === 1 ? algs[0] : undefined,
    );
    const r = await verifyJws(await readSource(positionals[0], io, "jws"), keys, {
      algorithms: algs,
    });
    io.out(dec.decode(r.payload) + "\n");
    return 0;
  },
};

const jweDecrypt: CliCommand = {
  group: "jwe",
  verb: "decrypt",
  summary: "Decrypts a JWE (any serialization) and prints its plaintext",
  usage: "--key <file|-> [--alg A[,B]] [--enc E[,F]] [jwe|file|-]",
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, ["key", "alg", "enc"], []);
    const algs = list(flags.get("alg"));
    const keys = await loadKeys(
      await readSource(keyFlag(flags), io, "key"),
      algs?.length === 1 ? algs[0] : undefined,
    );
    const r = await decryptJwe(await readSource(positionals[0], io, "jwe"), keys, {
      keyManagementAlgorithms: algs,
      contentEncryptionAlgorithms: list(flags.get("enc")),
    });
    io.out(dec.decode(r.plaintext) + "\n");
    return 0;
  },
};

/** The jwk/jwt/jws/jwe commands. */
export const joseCommands: CliCommand[] = [
  jwkGen,
  jwkPub,
  jwkThumb,
  jwtSign,
  jwtVerify,
  jwtDecode,
  jwsVerify,
  jweDecrypt,
];
