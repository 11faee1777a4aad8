import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { NtpClient, NtpError, queryNtp } from "../../ntp/mod.ts";
import { CHRONY, CHRONY_UNSYNC, type ChronyPeers, startChrony } from "./_chrony.ts";

let peers: ChronyPeers | undefined;

before(async () => {
  peers = await startChrony();
});

after(async () => {
  await peers?.stop();
});

test("queryNtp() against chrony (local stratum 8) on 127.0.0.1 and ::1", async () => {
  for (const host of ["127.0.0.1", "::1"]) {
    for (const version of [4, 3] as const) {
      const samples = [];
      for (let i = 0; i < 5; i++) {
        samples.push(await queryNtp({ host, port: CHRONY.port, timeoutMs: 2000, version }));
      }
      for (const s of samples) {
        assert.equal(s.stratum, 8, host);
        assert.equal(s.leap, 0);
        assert.equal(s.refId, "127.127.1.1");
        assert.ok(s.delayMs >= 0 && s.delayMs < 200, `delay ${s.delayMs} ms`);
        // Same host, same clock: the true offset is 0, so a sample is off by
        // at most half its delay (path asymmetry) plus clock granularity.
        assert.ok(
          Math.abs(s.offsetMs) <= s.delayMs / 2 + 1,
          `offset ${s.offsetMs} ms, delay ${s.delayMs} ms`,
        );
        assert.ok(Math.abs(s.serverTime - Date.now()) < 1000);
      }
      // The lowest-delay sample, as a client picks it.
      const best = samples.reduce((a, b) => (b.delayMs < a.delayMs ? b : a));
      assert.ok(Math.abs(best.offsetMs) < 5, `${host} v${version}: offset ${best.offsetMs} ms`);
    }
  }
});

test("queryNtp() rejects the unsynchronised chrony with EUNSYNC", async () => {
  await assert.rejects(
    queryNtp({ host: CHRONY_UNSYNC.hostname, port: CHRONY_UNSYNC.port, timeoutMs: 2000 }),
    (e) => e instanceof NtpError && e.code === "EUNSYNC",
  );
});

test("NtpClient synchronises from chrony and keeps a corrected clock", async () => {
  const client = new NtpClient({
    servers: [
      `127.0.0.1:${CHRONY.port}`,
      `[::1]:${CHRONY.port}`,
      `127.0.0.1:${CHRONY_UNSYNC.port}`,
    ],
    samples: 3,
    sampleIntervalMs: 20,
    timeoutMs: 1000,
  });
  const errors: string[] = [];
  client.addEventListener("ntperror", (e) => errors.push(String((e as CustomEvent).detail.error)));
  try {
    await client.start();
    await client.whenSynchronized({ timeoutMs: 5000 });
    assert.equal(client.synchronized, true);
    assert.ok(Math.abs(client.offsetMs) < 5, `offset ${client.offsetMs}`);
    assert.ok(Math.abs(client.now() - Date.now()) < 10);
    assert.deepEqual(errors, []);
  } finally {
    await client.close();
  }
});
