// Copyright 2026 the wirekit authors. MIT license.
// Integration with a real peer: OpenSSL (the `openssl` command, Debian package
// "openssl", listed in .ci/apt-packages.txt) signs and verifies the JWS signing
// input with keys it generated itself; wirekit must agree in both directions
// for RS256, PS256, ES256 (DER <-> raw r||s), EdDSA and HS256.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importPem, importSecret, type JoseKey, signJws, verifyJws } from "../../jose/mod.ts";

const enc = new TextEncoder();

function openssl(args: string[], input?: Uint8Array): Uint8Array {
  const r = spawnSync("openssl", args, { input, maxBuffer: 1 << 20, timeout: 20_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
    assert.fail(
      'The openssl command is missing: install the Debian package "openssl" (.ci/apt-packages.txt)',
    );
  }
  if (r.status !== 0) assert.fail(`openssl ${args.join(" ")} failed: ${r.stderr?.toString()}`);
  return new Uint8Array(r.stdout);
}

function b64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_");
}

function unb64url(text: string): Uint8Array {
  const s = atob(
    text.replaceAll("-", "+").replaceAll("_", "/").padEnd(Math.ceil(text.length / 4) * 4, "="),
  );
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** ECDSA: DER SEQUENCE { INTEGER r, INTEGER s } -> raw r||s of `size` bytes each. */
function derToRaw(der: Uint8Array, size: number): Uint8Array {
  assert.equal(der[0], 0x30);
  let at = der[1] & 0x80 ? 2 + (der[1] & 0x7f) : 2;
  const out = new Uint8Array(size * 2);
  for (let i = 0; i < 2; i++) {
    assert.equal(der[at], 0x02);
    const len = der[at + 1];
    let int = der.subarray(at + 2, at + 2 + len);
    while (int.length > size && int[0] === 0) int = int.subarray(1);
    out.set(int, size * (i + 1) - int.length);
    at += 2 + len;
  }
  return out;
}

/** ECDSA: raw r||s -> DER. */
function rawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const ints = [raw.subarray(0, half), raw.subarray(half)].map((v) => {
    let i = 0;
    while (i < v.length - 1 && v[i] === 0) i++;
    const t = v.subarray(i);
    return t[0] & 0x80 ? Uint8Array.of(0, ...t) : t;
  });
  const body = ints.flatMap((t) => [0x02, t.length, ...t]);
  return Uint8Array.of(0x30, body.length, ...body);
}

interface Case {
  alg: string;
  genArgs: string[];
  /** openssl arguments to sign the file at `in` with key `key` into stdout. */
  sign: (key: string, input: string) => string[];
  /** openssl arguments to verify `sig` over `in` with public key `pub`. */
  verify: (pub: string, input: string, sig: string) => string[];
  toJose?: (sig: Uint8Array) => Uint8Array;
  fromJose?: (sig: Uint8Array) => Uint8Array;
}

const CASES: Case[] = [
  {
    alg: "RS256",
    genArgs: ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    sign: (k, i) => ["dgst", "-sha256", "-sign", k, i],
    verify: (p, i, s) => ["dgst", "-sha256", "-verify", p, "-signature", s, i],
  },
  {
    alg: "PS256",
    genArgs: ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    sign: (
      k,
      i,
    ) => [
      "dgst",
      "-sha256",
      "-sigopt",
      "rsa_padding_mode:pss",
      "-sigopt",
      "rsa_pss_saltlen:32",
      "-sign",
      k,
      i,
    ],
    verify: (p, i, s) => [
      "dgst",
      "-sha256",
      "-sigopt",
      "rsa_padding_mode:pss",
      "-sigopt",
      "rsa_pss_saltlen:32",
      "-verify",
      p,
      "-signature",
      s,
      i,
    ],
  },
  {
    alg: "ES256",
    genArgs: ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    sign: (k, i) => ["dgst", "-sha256", "-sign", k, i],
    verify: (p, i, s) => ["dgst", "-sha256", "-verify", p, "-signature", s, i],
    toJose: (sig) => derToRaw(sig, 32),
    fromJose: rawToDer,
  },
  {
    alg: "EdDSA",
    genArgs: ["genpkey", "-algorithm", "ED25519"],
    sign: (k, i) => ["pkeyutl", "-sign", "-rawin", "-inkey", k, "-in", i],
    verify: (
      p,
      i,
      s,
    ) => ["pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", p, "-in", i, "-sigfile", s],
  },
];

for (const c of CASES) {
  test(`${c.alg}: a JWS signed by wirekit verifies with openssl, and one signed by openssl verifies with wirekit`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "wirekit-jose-openssl-"));
    try {
      const keyFile = join(dir, "key.pem");
      const pubFile = join(dir, "pub.pem");
      writeFileSync(keyFile, openssl(c.genArgs));
      writeFileSync(pubFile, openssl(["pkey", "-in", keyFile, "-pubout"]));
      const priv: JoseKey = await importPem(readFileSync(keyFile, "utf8"), c.alg);
      const pub: JoseKey = await importPem(readFileSync(pubFile, "utf8"), c.alg);

      // wirekit signs, openssl verifies the signing input.
      const jws = await signJws("from wirekit", priv);
      const [h, p, s] = jws.split(".");
      const inputFile = join(dir, "input.txt");
      const sigFile = join(dir, "sig.bin");
      writeFileSync(inputFile, `${h}.${p}`);
      const raw = unb64url(s);
      writeFileSync(sigFile, c.fromJose ? c.fromJose(raw) : raw);
      const out = new TextDecoder().decode(openssl(c.verify(pubFile, inputFile, sigFile)));
      assert.match(out, /Verified OK|Signature Verified Successfully/);

      // openssl signs, wirekit verifies.
      const header = b64url(enc.encode(JSON.stringify({ alg: c.alg })));
      const payload = b64url(enc.encode("from openssl"));
      writeFileSync(inputFile, `${header}.${payload}`);
      const sig = openssl(c.sign(keyFile, inputFile));
      const token = `${header}.${payload}.${b64url(c.toJose ? c.toJose(sig) : sig)}`;
      const r = await verifyJws(token, pub, { algorithms: [c.alg] });
      assert.equal(new TextDecoder().decode(r.payload), "from openssl");
      // And a one-bit change is refused.
      const bad = `${header}.${b64url(enc.encode("from 0penssl"))}.${token.split(".")[2]}`;
      await assert.rejects(verifyJws(bad, pub, { algorithms: [c.alg] }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("HS256: wirekit's MAC equals openssl's HMAC-SHA256 over the signing input", async () => {
  const secret = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
  const key = await importSecret(secret, "HS256");
  const jws = await signJws("mac me", key);
  const [h, p, s] = jws.split(".");
  const hex = [...secret].map((b) => b.toString(16).padStart(2, "0")).join("");
  const mac = openssl(
    ["dgst", "-sha256", "-mac", "HMAC", "-macopt", `hexkey:${hex}`, "-binary"],
    enc.encode(`${h}.${p}`),
  );
  assert.equal(b64url(mac), s);
});
