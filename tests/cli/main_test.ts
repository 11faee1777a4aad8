import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../cli/main.ts";
import { type CliCommand, type CliIo, CliUsageError, parseArgs } from "../../cli/_registry.ts";
import { VERSION } from "../../cli/version.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../_util.ts";

function memoryIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    readStdin: () => Promise.resolve(new TextEncoder().encode("from stdin")),
  };
  return io;
}

const echo: CliCommand = {
  group: "demo",
  verb: "echo",
  summary: "Prints its arguments",
  usage: "[--upper] <words...>",
  run(args, io) {
    const { positionals, flags } = parseArgs(args, [], ["upper"]);
    if (positionals.length === 0) throw new CliUsageError("Nothing to echo");
    const text = positionals.join(" ");
    io.out((flags.has("upper") ? text.toUpperCase() : text) + "\n");
    return Promise.resolve(0);
  },
};
const cat: CliCommand = {
  group: "cat",
  summary: "Prints standard input",
  usage: "",
  async run(_args, io) {
    io.out(new TextDecoder().decode(await io.readStdin()));
    return 0;
  },
};
const boom: CliCommand = {
  group: "demo",
  verb: "boom",
  summary: "Fails",
  usage: "",
  run() {
    return Promise.reject(new Error("It broke"));
  },
};
const commands = [echo, cat, boom];

test("wirekit --version prints the package version", async () => {
  const io = memoryIo();
  assert.equal(await main(["--version"], io, commands), 0);
  assert.equal(io.stdout, `wirekit ${VERSION}\n`);
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  const deno = JSON.parse(readFileSync(join(repoRoot, "deno.json"), "utf8"));
  assert.equal(VERSION, pkg.version);
  assert.equal(VERSION, deno.version);
});

test("wirekit --help lists registered commands", async () => {
  const io = memoryIo();
  assert.equal(await main(["--help"], io, commands), 0);
  assert.match(io.stdout, /demo echo \[--upper\] <words\.\.\.>\s+Prints its arguments/);
  assert.match(io.stdout, /cat\s+Prints standard input/);
});

test("wirekit dispatches group+verb and verb-less groups", async () => {
  const io = memoryIo();
  assert.equal(await main(["demo", "echo", "--upper", "hi", "there"], io, commands), 0);
  assert.equal(await main(["cat"], io, commands), 0);
  assert.equal(io.stdout, "HI THERE\nfrom stdin");
});

test("wirekit exits 2 with usage on bad arguments", async () => {
  for (const args of [[], ["nope"], ["demo", "echo"], ["demo", "echo", "--loud", "x"]]) {
    const io = memoryIo();
    assert.equal(await main(args, io, commands), 2, args.join(" "));
    assert.match(io.stderr, /Usage: wirekit/, args.join(" "));
    assert.equal(io.stdout, "");
  }
});

test("wirekit exits 1 and prints the message when a command fails", async () => {
  const io = memoryIo();
  assert.equal(await main(["demo", "boom"], io, commands), 1);
  assert.equal(io.stderr, "wirekit demo boom: It broke\n");
});

test("parseArgs() handles value flags, = forms and --", () => {
  const p = parseArgs(["a", "--out", "f.bin", "--png=x.png", "--watch", "--", "--not-a-flag"], [
    "out",
    "png",
  ]);
  assert.deepEqual(p.positionals, ["a", "--not-a-flag"]);
  assert.equal(p.flags.get("out"), "f.bin");
  assert.equal(p.flags.get("png"), "x.png");
  assert.equal(p.flags.get("watch"), true);
  assert.throws(() => parseArgs(["--out"], ["out"]), CliUsageError);
});
