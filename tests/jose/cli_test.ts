// Copyright 2026 the wirekit authors. MIT license.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/main.ts";
import type { CliIo } from "../../cli/_registry.ts";
import { joseCommands } from "../../cli/jose.ts";
import { encryptJwe, exportJwk, importJwk, jwkThumbprint, signJws } from "../../jose/mod.ts";

function memoryIo(stdin = ""): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    readStdin: () => Promise.resolve(new TextEncoder().encode(stdin)),
  };
  return io;
}

async function run(args: string[], stdin = "") {
  const io = memoryIo(stdin);
  const code = await main(args, io, joseCommands);
  return { code, out: io.stdout, err: io.stderr };
}

function tempDir(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "wirekit-jose-"));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test("wirekit jwk gen prints a JWK whose kid is its thumbprint; thumbprint reads it back", async () => {
  const g = await run(["jwk", "gen", "ES256"]);
  assert.equal(g.code, 0, g.err);
  const jwk = JSON.parse(g.out);
  assert.equal(jwk.alg, "ES256");
  assert.equal(jwk.kid, await jwkThumbprint(jwk));
  const t = await run(["jwk", "thumbprint"], g.out);
  assert.equal(t.out.trim(), jwk.kid);
  const u = await run(["jwk", "thumbprint", "--uri", "-"], g.out);
  assert.equal(u.out.trim(), `urn:ietf:params:oauth:jwk-thumbprint:sha-256:${jwk.kid}`);
  const p = await run(["jwk", "pub", "-"], g.out);
  assert.equal(JSON.parse(p.out).d, undefined);
  assert.equal((await run(["jwk", "gen"])).code, 2);
  assert.equal((await run(["jwk", "gen", "XX999"])).code, 1);
});

test("wirekit jwt sign | verify | decode round-trip with keys from files", async () => {
  const { dir, done } = tempDir();
  try {
    const priv = JSON.parse((await run(["jwk", "gen", "EdDSA"])).out);
    const privFile = join(dir, "priv.json");
    const pubFile = join(dir, "pub.json");
    writeFileSync(privFile, JSON.stringify(priv));
    writeFileSync(pubFile, JSON.stringify({ keys: [exportJwk(priv)] }));
    const s = await run(
      ["jwt", "sign", "--key", privFile, "--exp", "60", "--iss", "cli", "-"],
      '{"role":"ops"}',
    );
    assert.equal(s.code, 0, s.err);
    const token = s.out.trim();
    const v = await run([
      "jwt",
      "verify",
      "--key",
      pubFile,
      "--alg",
      "EdDSA",
      "--iss",
      "cli",
      token,
    ]);
    assert.equal(v.code, 0, v.err);
    assert.equal(JSON.parse(v.out).role, "ops");
    const bad = await run(["jwt", "verify", "--key", pubFile, "--alg", "ES256", token]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /not allowed/);
    const noAlg = await run(["jwt", "verify", "--key", pubFile, token]);
    assert.equal(noAlg.code, 2);
    const d = await run(["jwt", "decode"], token);
    assert.equal(JSON.parse(d.out).claims.iss, "cli");
    assert.equal((await run(["jwt", "sign", "--key", "-", "-"], "{}")).code, 2);
  } finally {
    done();
  }
});

test("wirekit jws verify and jwe decrypt take the key from stdin", async () => {
  const sigJwk = JSON.parse((await run(["jwk", "gen", "HS256"])).out);
  const jws = await signJws("signed text", await importJwk(sigJwk), { serialization: "flattened" });
  const { dir, done } = tempDir();
  try {
    const jwsFile = join(dir, "x.json");
    writeFileSync(jwsFile, JSON.stringify(jws));
    const v = await run(
      ["jws", "verify", "--key", "-", "--alg", "HS256", jwsFile],
      JSON.stringify(sigJwk),
    );
    assert.equal(v.code, 0, v.err);
    assert.equal(v.out, "signed text\n");
    const encJwk = JSON.parse((await run(["jwk", "gen", "ECDH-ES+A128KW"])).out);
    const jwe = await encryptJwe("hidden", await importJwk(encJwk));
    const d = await run(["jwe", "decrypt", "--key", "-", jwe], JSON.stringify(encJwk));
    assert.equal(d.code, 0, d.err);
    assert.equal(d.out, "hidden\n");
    const wrong = JSON.parse((await run(["jwk", "gen", "ECDH-ES+A128KW"])).out);
    const f = await run(
      ["jwe", "decrypt", "--key", "-", jwe],
      JSON.stringify({ ...wrong, kid: encJwk.kid }),
    );
    assert.equal(f.code, 1);
    assert.match(f.err, /Decryption failed/);
  } finally {
    done();
  }
});
