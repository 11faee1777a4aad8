import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/main.ts";
import type { CliIo } from "../../cli/_registry.ts";
import { cborCommands } from "../../cli/cbor.ts";
import { unhex } from "./_vectors.ts";

function memoryIo(stdin: Uint8Array | string = "") {
  const input = typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin;
  const io: CliIo & { stdout: string; stderr: string } = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    readStdin: () => Promise.resolve(input),
  };
  return io;
}

test("wirekit cbor diag reads hex or binary from stdin", async () => {
  let io = memoryIo("9f 01 82 02 03 ff\n");
  assert.equal(await main(["cbor", "diag"], io, cborCommands), 0);
  assert.equal(io.stdout, "[_ 1, [2, 3]]\n");
  io = memoryIo(unhex("a161611818"));
  assert.equal(await main(["cbor", "diag", "-", "--indicators"], io, cborCommands), 0);
  assert.equal(io.stdout, '{"a": 24_0}\n');
  io = memoryIo("0102");
  assert.equal(await main(["cbor", "diag", "--sequence"], io, cborCommands), 0);
  assert.equal(io.stdout, "1, 2\n");
});

test("wirekit cbor diag fails with the offset for not-well-formed input", async () => {
  const io = memoryIo("8201");
  assert.equal(await main(["cbor", "diag"], io, cborCommands), 1);
  assert.match(io.stderr, /end of input.*offset 2/);
  assert.equal(await main(["cbor", "diag", "--bogus"], memoryIo(), cborCommands), 2);
});

test("wirekit cbor to-json maps bytes to base64url, bignums to numbers, other keys to diagnostic text", async () => {
  const io = memoryIo("a3616142fffe01c249010000000000000000f6f97e00");
  assert.equal(await main(["cbor", "to-json", "--compact"], io, cborCommands), 0);
  assert.equal(io.stdout, '{"a":"__4","1":18446744073709551616,"null":null}\n');
});

test("wirekit cbor from-json writes hex, or binary to --out, deterministic on request", async () => {
  let io = memoryIo('{"b": 1, "a": [true, 1.5]}');
  assert.equal(await main(["cbor", "from-json", "--deterministic"], io, cborCommands), 0);
  assert.equal(io.stdout, "a2616182f5f93e00616201\n");
  const dir = mkdtempSync(join(tmpdir(), "wirekit-cbor-"));
  try {
    const inFile = join(dir, "in.json");
    const outFile = join(dir, "out.cbor");
    writeFileSync(inFile, '["x"]');
    io = memoryIo();
    assert.equal(await main(["cbor", "from-json", inFile, "--out", outFile], io, cborCommands), 0);
    assert.deepEqual(new Uint8Array(readFileSync(outFile)), unhex("816178"));
    io = memoryIo();
    assert.equal(await main(["cbor", "diag", outFile], io, cborCommands), 0);
    assert.equal(io.stdout, '["x"]\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  io = memoryIo("{nope");
  assert.equal(await main(["cbor", "from-json"], io, cborCommands), 1);
  assert.match(io.stderr, /Invalid JSON/);
});
