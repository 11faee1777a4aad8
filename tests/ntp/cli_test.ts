import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../cli/main.ts";
import type { CliIo } from "../../cli/_registry.ts";
import { ntpCommands } from "../../cli/ntp.ts";
import { createSntpServer } from "../../ntp/mod.ts";

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
    readStdin: () => Promise.resolve(new Uint8Array(0)),
  };
  return io;
}

test("wirekit ntp prints offset, delay, stratum and leap per sample", async () => {
  const server = await createSntpServer({
    hostname: "127.0.0.1",
    port: 0,
    stratum: 3,
    refId: "192.0.2.4",
  });
  try {
    const io = memoryIo();
    const code = await main(
      ["ntp", `127.0.0.1:${server.local.port}`, "--samples", "2"],
      io,
      ntpCommands,
    );
    assert.equal(code, 0, io.stderr);
    const lines = io.stdout.trim().split("\n");
    assert.equal(lines.length, 3);
    for (const l of lines.slice(0, 2)) {
      assert.match(
        l,
        /^127\.0\.0\.1:\d+ {2}offset [+-]\d+\.\d{3} ms {2}delay \d+\.\d{3} ms {2}stratum 3 {2}leap 0 {2}refid 192\.0\.2\.4 {2}time 20\d\d-/,
      );
    }
    assert.match(lines[2], /^best \(lowest delay\): offset/);
  } finally {
    await server.close();
  }
});

test("wirekit ntp reports a kiss-o'-death and exits 1", async () => {
  const server = await createSntpServer({ hostname: "::1", port: 0, kissCode: "DENY" });
  try {
    const io = memoryIo();
    const code = await main(["ntp", `[::1]:${server.local.port}`], io, ntpCommands);
    assert.equal(code, 1);
    assert.match(io.stderr, /EKOD DENY/);
  } finally {
    await server.close();
  }
});

test("wirekit ntp rejects bad arguments with usage", async () => {
  for (
    const args of [["ntp", "a", "b"], ["ntp", "x:99999"], ["ntp", "--samples", "0"], [
      "ntp",
      "--bogus",
    ]]
  ) {
    const io = memoryIo();
    assert.equal(await main(args, io, ntpCommands), 2, args.join(" "));
  }
});
