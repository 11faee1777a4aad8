import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/main.ts";
import type { CliIo } from "../../cli/_registry.ts";
import { jsonCommands } from "../../cli/json.ts";

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

test("wirekit json query prints matched values as JSON lines", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wirekit-json-"));
  try {
    const file = join(dir, "doc.json");
    writeFileSync(
      file,
      JSON.stringify({
        items: Array.from({ length: 3000 }, (_, i) => ({ id: i, pad: "x".repeat(30) })),
      }),
    );
    const io = memoryIo();
    assert.equal(await main(["json", "query", "$.items[*].id", file], io, jsonCommands), 0);
    const lines = io.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 3000);
    assert.equal(lines[2999], "2999");
    const io2 = memoryIo('{"a":{"b":[1,"x"]}}');
    assert.equal(
      await main(["json", "query", "$.a.b[*]", "-", "--with-path"], io2, jsonCommands),
      0,
    );
    assert.equal(io2.stdout, '{"path":["a","b",0],"value":1}\n{"path":["a","b",1],"value":"x"}\n');
    const io3 = memoryIo('{"n":1}\n{"n":2}\n');
    assert.equal(await main(["json", "query", "$.n", "--framing=lines"], io3, jsonCommands), 0);
    assert.equal(io3.stdout, "1\n2\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("wirekit json check reports the first error with line:column", async () => {
  const ok = memoryIo('{"a": [1, 2]}');
  assert.equal(await main(["json", "check", "-"], ok, jsonCommands), 0);
  assert.match(ok.stdout, /<stdin>: ok/);
  const bad = memoryIo('{\n  "a": [1,, 2]\n}');
  assert.equal(await main(["json", "check", "-"], bad, jsonCommands), 1);
  assert.match(bad.stderr, /^<stdin>:2:11: Unexpected character ","/);
  const deep = memoryIo("[".repeat(5000));
  assert.equal(await main(["json", "check", "-"], deep, jsonCommands), 1);
  assert.match(deep.stderr, /EDEPTH/);
});

test("wirekit json exits 2 on bad usage", async () => {
  for (
    const args of [["json", "query"], ["json", "query", "items"], ["json", "check"], [
      "json",
      "check",
      "-",
      "--framing=xml",
    ]]
  ) {
    const io = memoryIo();
    assert.equal(await main(args, io, jsonCommands), 2, args.join(" "));
    assert.match(io.stderr, /Usage: wirekit json/);
  }
});
