import { test } from "node:test";
import assert from "node:assert/strict";
import { runCommand } from "../../net/mod.ts";

test("runCommand() returns the exit code and both outputs", async () => {
  const r = await runCommand(["sh", "-c", "printf out; printf err >&2; exit 7"]);
  assert.deepEqual(r, { code: 7, stdout: "out", stderr: "err", timedOut: false, truncated: false });
  assert.equal((await runCommand(["true"])).code, 0);
});

test("runCommand() passes arguments without a shell", async () => {
  const arg = "$HOME; echo x | cat 'quoted' \"and\" `ls`";
  const r = await runCommand(["printf", "%s", arg]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, arg);
});

test("runCommand() reports a program that cannot be started", async () => {
  const r = await runCommand(["wirekit-no-such-program-0"]);
  assert.equal(r.code, -1);
  assert.equal(r.spawnError, "ENOENT");
  assert.match(r.stderr, /wirekit-no-such-program-0/);
});

test("runCommand() kills a process that runs past timeoutMs", async () => {
  const t0 = Date.now();
  const r = await runCommand(["sleep", "10"], { timeoutMs: 200 });
  assert.equal(r.timedOut, true);
  assert.equal(r.code, -1);
  assert.equal(r.signal, "SIGKILL");
  assert.ok(Date.now() - t0 < 5000, "not killed");
});

test("runCommand() keeps at most maxOutputBytes and kills a process writing more", async () => {
  const r = await runCommand(["sh", "-c", "while :; do echo yyyyyyyy; done"], {
    maxOutputBytes: 100,
    timeoutMs: 10_000,
  });
  assert.equal(r.truncated, true);
  assert.equal(r.timedOut, false);
  assert.equal(r.stdout.length, 100);
  assert.equal(r.code, -1);
});

test("runCommand() kills the process when the signal aborts", async () => {
  const ac = new AbortController();
  const p = runCommand(["sleep", "10"], { signal: ac.signal });
  setTimeout(() => ac.abort(), 100);
  const r = await p;
  assert.equal(r.code, -1);
  assert.equal(r.signal, "SIGKILL");
  const pre = new AbortController();
  pre.abort();
  assert.equal((await runCommand(["sleep", "10"], { signal: pre.signal })).code, -1);
});

test("runCommand() rejects bad arguments", () => {
  assert.throws(() => runCommand([]), TypeError);
  assert.throws(() => runCommand([""]), TypeError);
  assert.throws(() => runCommand(["echo", "a\0b"]), TypeError);
  assert.throws(() => runCommand(["echo", 1 as unknown as string]), TypeError);
  assert.throws(() => runCommand(["true"], { timeoutMs: 0 }), RangeError);
  assert.throws(() => runCommand(["true"], { timeoutMs: Infinity }), RangeError);
  assert.throws(() => runCommand(["true"], { maxOutputBytes: -1 }), RangeError);
});
