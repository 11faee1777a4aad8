// Copyright 2026 the wirekit authors. MIT license.
// `wirekit cose verify|decrypt|diag` and `wirekit cwt verify`, run through main().
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/main.ts";
import type { CliIo } from "../../cli/_registry.ts";
import { COMMANDS } from "../../cli/commands.ts";
import { encodeHex } from "../../_internal/base64.ts";
import {
  countersignCose,
  createCoseEncrypt0,
  createCoseSign1,
  createCwt,
  exportCoseKey,
  generateCoseKey,
  jwkFromCoseKey,
} from "../../cose/mod.ts";

function memoryIo(stdin = new Uint8Array(0)): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    readStdin: () => Promise.resolve(stdin),
  };
  return io;
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wirekit-cose-cli-"));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const text = new TextEncoder().encode("hello cose");

test("wirekit cose verify checks a Sign1 with a JWK key file and its countersignature", async () => {
  await withDir(async (dir) => {
    const key = await generateCoseKey("ES256");
    const cs = await generateCoseKey("EdDSA");
    const msg = await countersignCose(await createCoseSign1(text, key), { key: cs });
    writeFileSync(join(dir, "k.jwk"), JSON.stringify(jwkFromCoseKey(key)));
    writeFileSync(join(dir, "cs.cose"), exportCoseKey(cs, { includePrivate: false }));
    writeFileSync(join(dir, "m.cbor"), msg);
    const io = memoryIo();
    const args = ["cose", "verify", "--key", join(dir, "k.jwk"), "--key", join(dir, "cs.cose")];
    const code = await main(
      [...args, "--alg", "ES256,EdDSA", "--countersignatures", join(dir, "m.cbor")],
      io,
      COMMANDS,
    );
    assert.equal(code, 0, io.stderr);
    const out = JSON.parse(io.stdout);
    assert.equal(out.kind, "sign1");
    assert.equal(out.payload.text, "hello cose");
    assert.equal(out.countersignatures[0].valid, true);
    // A wrong key: exit code 1 and the error code on stderr.
    const other = await generateCoseKey("ES256");
    writeFileSync(join(dir, "o.jwk"), JSON.stringify(jwkFromCoseKey(other)));
    const bad = memoryIo();
    assert.equal(
      await main(
        ["cose", "verify", "--key", join(dir, "o.jwk"), "--alg", "ES256", encodeHex(msg)],
        bad,
        COMMANDS,
      ),
      1,
    );
    assert.match(bad.stderr, /ESIG/);
  });
});

test("wirekit cose decrypt reads the message from stdin as hex", async () => {
  await withDir(async (dir) => {
    const key = await generateCoseKey("A128GCM");
    writeFileSync(join(dir, "k.hex"), encodeHex(exportCoseKey(key, { includePrivate: true })));
    const msg = await createCoseEncrypt0(text, key);
    const io = memoryIo(new TextEncoder().encode(encodeHex(msg)));
    const code = await main(
      ["cose", "decrypt", "--key", join(dir, "k.hex"), "--alg", "A128GCM", "-"],
      io,
      COMMANDS,
    );
    assert.equal(code, 0, io.stderr);
    assert.equal(io.stdout, "hello cose\n");
  });
});

test("wirekit cose diag prints the type, headers and diagnostic notation", async () => {
  const msg = await createCoseSign1(text, await generateCoseKey("EdDSA"), {
    unprotectedHeaders: { kid: "11" },
  });
  const io = memoryIo();
  assert.equal(await main(["cose", "diag", encodeHex(msg)], io, COMMANDS), 0);
  assert.match(io.stdout, /^kind: sign1\n/);
  assert.match(io.stdout, /protected: \{"1":-8\}/);
  assert.match(io.stdout, /18\(\[/);
  const usage = memoryIo();
  assert.equal(await main(["cose", "diag", "zz-not-hex"], usage, COMMANDS), 2);
});

test("wirekit cwt verify prints the claims and refuses an expired token", async () => {
  await withDir(async (dir) => {
    const key = await generateCoseKey("HMAC 256/256");
    writeFileSync(
      join(dir, "k.jwk"),
      JSON.stringify({ keys: [jwkFromCoseKey(key, { includePrivate: true })] }),
    );
    const token = await createCwt({ iss: "as", sub: "erikw", exp: 2000 }, key);
    const base = ["cwt", "verify", "--key", join(dir, "k.jwk"), "--alg", "HMAC 256/256"];
    const io = memoryIo();
    assert.equal(
      await main([...base, "--iss", "as", "--now", "1000", encodeHex(token)], io, COMMANDS),
      0,
      io.stderr,
    );
    const out = JSON.parse(io.stdout);
    assert.deepEqual(out.layers, ["mac0"]);
    assert.equal(out.claims["2"], "erikw");
    const late = memoryIo();
    assert.equal(await main([...base, "--now", "3000", encodeHex(token)], late, COMMANDS), 1);
    assert.match(late.stderr, /EEXPIRED/);
  });
});
