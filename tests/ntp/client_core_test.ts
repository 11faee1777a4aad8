import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  decodeNtpPacket,
  msToNtpShort,
  msToNtpTimestamp,
  NtpClientCore,
  type NtpClientEvent,
  NtpError,
} from "../../ntp/mod.ts";
import { decodeHex } from "../../_internal/base64.ts";
import { testdataPath } from "../_util.ts";
import { craftReply, drainEvents, drainTransmits, runCore } from "./_fake_server.ts";

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const A = { hostname: "192.0.2.1", port: 123 };
const B = { hostname: "192.0.2.2", port: 123 };
const C = { hostname: "2001:db8::3", port: 123 };

function ofType<T extends NtpClientEvent["type"]>(events: NtpClientEvent[], type: T) {
  return events.filter((e) => e.type === type) as Extract<NtpClientEvent, { type: T }>[];
}

function errorsOf(events: NtpClientEvent[]): NtpError[] {
  return ofType(events, "error").map((e) => e.error as NtpError);
}

test("NtpClientCore synchronises from one server and corrects now()", () => {
  const core = new NtpClientCore({ servers: [A], samples: 1 }, T0);
  assert.equal(core.synchronized, false);
  assert.equal(core.now(T0), T0);
  const { events } = runCore(
    core,
    T0,
    T0 + 5000,
    (t, at) => ({ bytes: craftReply(t.bytes, at + 4.5, { offsetMs: 1234.5, processingMs: 1 }) }),
  );
  const sync = ofType(events, "sync");
  assert.equal(sync.length, 1);
  assert.equal(sync[0].first, true);
  assert.ok(Math.abs(sync[0].offsetMs - 1234.5) < 0.001);
  assert.ok(Math.abs(sync[0].delayMs - 9) < 0.001);
  assert.equal(sync[0].sample.stratum, 2);
  assert.equal(sync[0].sample.refId, "192.0.2.1");
  assert.ok(Math.abs(sync[0].sample.rootDelay - 1) < 1000 / 65536); // 16.16 resolution
  assert.equal(core.synchronized, true);
  assert.ok(Math.abs(core.now(T0 + 10_000) - (T0 + 10_000 + 1234.5)) < 0.001);
});

test("NtpClientCore sends random transmit timestamps, not its clock", () => {
  let n = 0;
  const core = new NtpClientCore({
    servers: [A],
    samples: 3,
    random: (b) => b.fill(++n),
  }, T0);
  const { sent } = runCore(
    core,
    T0,
    T0 + 10_000,
    (t, at) => ({ bytes: craftReply(t.bytes, at + 5) }),
  );
  assert.equal(sent.length, 3);
  const txs = sent.map((s) => decodeNtpPacket(s.t.bytes));
  assert.deepEqual(txs.map((p) => p.transmitTimestamp), [
    0x0101010101010101n,
    0x0202020202020202n,
    0x0303030303030303n,
  ]);
  for (const p of txs) {
    assert.equal(p.mode, 3);
    assert.equal(p.version, 4);
    // Nothing else identifies the client (RFC 9109 data minimisation).
    assert.equal(p.originTimestamp, 0n);
    assert.equal(p.receiveTimestamp, 0n);
    assert.equal(p.referenceTimestamp, 0n);
    assert.equal(p.stratum, 0);
  }
  // Samples within a round are spaced by sampleIntervalMs (default 1000).
  assert.deepEqual(sent.map((s) => s.at - T0), [0, 1000, 2000]);
});

test("NtpClientCore picks the lowest-delay sample of a server", () => {
  const core = new NtpClientCore({ servers: [A], samples: 4 }, T0);
  const rtts = [80, 12, 40, 200];
  let i = 0;
  const { events } = runCore(core, T0, T0 + 20_000, (t, at) => {
    const rtt = rtts[i++];
    // Asymmetric paths skew the offset of the slow samples; the fast one is right.
    return { bytes: craftReply(t.bytes, at + rtt * 0.9, { offsetMs: 50 }), rttMs: rtt };
  });
  assert.equal(ofType(events, "sample").length, 4);
  const sync = ofType(events, "sync")[0];
  assert.ok(Math.abs(sync.delayMs - 12) < 0.001);
  assert.ok(Math.abs(sync.offsetMs - (50 + 12 * 0.4)) < 0.001);
});

test("NtpClientCore rejects an outlier server by intersection", () => {
  const core = new NtpClientCore({ servers: [A, B, C], samples: 2, sampleIntervalMs: 100 }, T0);
  const offsets = new Map([[A.hostname, 20], [B.hostname, 3_600_000], [C.hostname, 21]]);
  const { events } = runCore(core, T0, T0 + 10_000, (t, at) => ({
    bytes: craftReply(t.bytes, at + 5, { offsetMs: offsets.get(t.to.hostname)! }),
  }));
  const sync = ofType(events, "sync")[0];
  assert.equal(sync.candidates, 3);
  assert.equal(sync.survivors, 2);
  assert.ok(Math.abs(sync.offsetMs - 20) <= 1, `offset ${sync.offsetMs}`);
  assert.notEqual(sync.server.hostname, B.hostname);
});

test("NtpClientCore fails a round when two servers disagree", () => {
  const core = new NtpClientCore({ servers: [A, B], samples: 1 }, T0);
  const { events } = runCore(core, T0, T0 + 1000, (t, at) => ({
    bytes: craftReply(t.bytes, at + 5, {
      offsetMs: t.to === A || t.to.hostname === A.hostname ? 0 : 5000,
    }),
  }));
  const failed = ofType(events, "round-failed");
  assert.equal(failed.length, 1);
  assert.equal(failed[0].error.code, "ENOAGREEMENT");
  assert.equal(failed[0].retryMs, 2000);
  assert.equal(core.synchronized, false);
});

test("NtpClientCore validates replies: mode, version, stratum, leap, timestamps, root distance", () => {
  const cases: { fields?: Record<string, unknown>; rootDispersionMs?: number; code: string }[] = [
    { fields: { mode: 3 }, code: "EMODE" },
    { fields: { version: 3 }, code: "EVERSION" },
    { fields: { leap: 3 }, code: "EUNSYNC" },
    { fields: { stratum: 16 }, code: "EUNSYNC" },
    { fields: { stratum: 0 }, code: "ESTRATUM" },
    { fields: { stratum: 17 }, code: "ESTRATUM" },
    { fields: { transmitTimestamp: 0n }, code: "ETIMESTAMP" },
    { fields: { receiveTimestamp: 0n }, code: "ETIMESTAMP" },
    { fields: { receiveTimestamp: msToNtpTimestamp(T0 + 60_000) }, code: "ETIMESTAMP" },
    { rootDispersionMs: 1200, code: "EROOTDISTANCE" },
  ];
  for (const c of cases) {
    const core = new NtpClientCore({ servers: [A], samples: 1 }, T0);
    const { events } = runCore(core, T0, T0 + 1000, (t, at) => ({
      bytes: craftReply(t.bytes, at + 5, {
        fields: c.fields,
        rootDispersionMs: c.rootDispersionMs,
      }),
    }));
    const errs = errorsOf(events);
    assert.equal(errs.length, 1, c.code);
    assert.ok(errs[0] instanceof NtpError);
    assert.equal(errs[0].code, c.code);
    assert.equal(ofType(events, "error")[0].discarded, false);
    // A rejected sample is never used: the round fails.
    assert.equal(ofType(events, "round-failed")[0].error.code, "ENOSAMPLES");
    assert.equal(core.synchronized, false);
  }
});

test("NtpClientCore accepts mode 5 replies and NTPv3 when asked for", () => {
  const core = new NtpClientCore({ servers: [A], samples: 1, version: 3 }, T0);
  const { events, sent } = runCore(core, T0, T0 + 1000, (t, at) => ({
    bytes: craftReply(t.bytes, at + 5, { fields: { mode: 5 } }),
  }));
  assert.equal(sent[0].t.bytes[0], 0x1b); // LI 0, VN 3, mode 3
  assert.equal(ofType(events, "sync").length, 1);
});

test("NtpClientCore ignores spoofed, foreign and malformed datagrams and keeps waiting", () => {
  const core = new NtpClientCore({ servers: [A], samples: 1 }, T0);
  core.handleTimeout(T0);
  const [tx] = drainTransmits(core, T0);
  const good = craftReply(tx.bytes, T0 + 5, { offsetMs: 7 });
  const wrongOrigin = craftReply(tx.bytes, T0 + 5, { fields: { originTimestamp: 42n } });
  core.handleDatagram(wrongOrigin, A, T0 + 3);
  core.handleDatagram(good, { hostname: "192.0.2.99", port: 123 }, T0 + 4);
  core.handleDatagram(good, { hostname: A.hostname, port: 1234 }, T0 + 5);
  core.handleDatagram(new Uint8Array(10), A, T0 + 6);
  const ev = drainEvents(core);
  assert.deepEqual(ev.map((e) => e.type === "error" && e.discarded && (e.error as NtpError).code), [
    "EORIGIN",
    "ESOURCE",
    "ESOURCE",
    undefined,
  ]);
  assert.equal(ev[3].type === "error" && ev[3].error.name, "NtpSyntaxError");
  // The genuine reply still counts; an IPv4-mapped source address is the same host.
  core.handleDatagram(good, { hostname: "::ffff:192.0.2.1", port: 123 }, T0 + 10);
  const sync = ofType(drainEvents(core), "sync");
  assert.equal(sync.length, 1);
  assert.ok(Math.abs(sync[0].offsetMs - 7) < 0.001);
  // A replay of the same reply is now bogus (no request outstanding): ignored.
  core.handleDatagram(good, A, T0 + 11);
  assert.deepEqual(drainEvents(core), []);
});

test("NtpClientCore checks all 64 origin bits and reads replies with extension fields or a MAC", () => {
  for (const trailer of ["fields", "mac"] as const) {
    const core = new NtpClientCore({ servers: [A], samples: 1 }, T0);
    core.handleTimeout(T0);
    const [tx] = drainTransmits(core, T0);
    const origin = decodeNtpPacket(tx.bytes).transmitTimestamp;
    // Wrong in the lowest or the highest bit only: still not our request.
    for (const flip of [1n, 1n << 63n]) {
      core.handleDatagram(
        craftReply(tx.bytes, T0 + 5, { fields: { originTimestamp: origin ^ flip } }),
        A,
        T0 + 6,
      );
    }
    const good = craftReply(tx.bytes, T0 + 5, {
      offsetMs: -3,
      fields: trailer === "fields"
        ? { extensionFields: [{ type: 0x0104, value: new Uint8Array(32).fill(7) }] }
        : { mac: new Uint8Array(20).fill(9) },
    });
    assert.ok(good.length > 48);
    // A trailer that is neither a MAC nor a whole extension field: malformed.
    const bad = new Uint8Array(good.length + 3);
    bad.set(good);
    core.handleDatagram(bad, A, T0 + 7);
    const ignored = drainEvents(core).map((e) =>
      e.type === "error" && e.discarded ? e.error.name + ":" + (e.error as NtpError).code : e.type
    );
    assert.deepEqual(ignored, [
      "NtpError:EORIGIN",
      "NtpError:EORIGIN",
      "NtpSyntaxError:undefined",
    ]);
    core.handleDatagram(good, A, T0 + 10);
    const sync = ofType(drainEvents(core), "sync");
    assert.equal(sync.length, 1, trailer);
    assert.ok(Math.abs(sync[0].offsetMs - -3) < 0.001);
    assert.equal(sync[0].sample.refId, "192.0.2.1");
  }
});

test("NtpClientCore times out, retries with exponential backoff, then polls at the poll interval", () => {
  const core = new NtpClientCore({
    servers: [A],
    samples: 2,
    timeoutMs: 500,
    minRetryMs: 1000,
    maxRetryMs: 8000,
    pollIntervalMs: 64_000,
  }, T0);
  let answering = false;
  const { events, sent } = runCore(core, T0, T0 + 200_000, (t, at) => {
    if (!answering && at - T0 > 40_000) answering = true;
    return answering ? { bytes: craftReply(t.bytes, at + 5) } : undefined;
  });
  const failed = ofType(events, "round-failed");
  assert.deepEqual(failed.map((f) => f.retryMs).slice(0, 6), [1000, 2000, 4000, 8000, 8000, 8000]);
  assert.ok(failed.every((f) => f.error.code === "ENOSAMPLES"));
  assert.equal((failed[0].error.cause as NtpError).code, "ETIMEOUT");
  assert.ok(errorsOf(events).some((e) => e.code === "ETIMEOUT"));
  const syncs = ofType(events, "sync");
  assert.ok(syncs.length >= 2);
  assert.equal(syncs[0].first, true);
  assert.equal(syncs[1].first, false);
  // After the first success, rounds start every pollIntervalMs.
  const roundStarts = sent.filter((s, i) => i === 0 || s.at - sent[i - 1].at > 10_000).map((s) =>
    s.at
  );
  const last = roundStarts.slice(-2);
  assert.equal(last[1] - last[0], 64_000 + 1000 + 10);
});

test("NtpClientCore handles kiss-o'-death RATE by holding the server and lengthening its poll", () => {
  const core = new NtpClientCore({
    servers: [A],
    samples: 3,
    pollIntervalMs: 64_000,
    minRetryMs: 1000,
  }, T0);
  let rate = 2;
  const { events, sent } = runCore(core, T0, T0 + 1_000_000, (t, at) => {
    if (rate > 0) {
      rate--;
      return {
        bytes: craftReply(t.bytes, at + 5, {
          fields: { leap: 3, stratum: 0, referenceId: 0x52415445 },
        }),
      };
    }
    return { bytes: craftReply(t.bytes, at + 5) };
  });
  const kods = errorsOf(events).filter((e) => e.code === "EKOD");
  assert.equal(kods.length, 2);
  assert.equal(kods[0].kissCode, "RATE");
  // The rest of the round is abandoned, then the server is left alone for 2x, then 4x the poll interval.
  // (counted from the kiss-o'-death's arrival, 10 ms after the request).
  assert.equal(sent[1].at - sent[0].at, 128_010);
  assert.equal(sent[2].at - sent[1].at, 256_010);
  assert.ok(ofType(events, "sync").length >= 1);
});

test("NtpClientCore stops using a server after DENY or RSTR and stops when none is left", () => {
  for (const code of ["DENY", "RSTR"]) {
    const refId = [...code].reduce((a, c) => (a << 8) | c.charCodeAt(0), 0) >>> 0;
    const core = new NtpClientCore({
      servers: [A, B],
      samples: 2,
      sampleIntervalMs: 10,
      pollIntervalMs: 60_000,
    }, T0);
    const { events, sent } = runCore(core, T0, T0 + 600_000, (t, at) => ({
      bytes: t.to.hostname === A.hostname
        ? craftReply(t.bytes, at + 5, { fields: { stratum: 0, leap: 3, referenceId: refId } })
        : craftReply(t.bytes, at + 5, { offsetMs: 3 }),
    }));
    assert.equal(sent.filter((s) => s.t.to.hostname === A.hostname).length, 1, code);
    assert.ok(sent.filter((s) => s.t.to.hostname === B.hostname).length >= 10);
    assert.equal(errorsOf(events).find((e) => e.code === "EKOD")?.kissCode, code);
    assert.ok(ofType(events, "sync").length >= 9);
    assert.equal(core.stopped, false);
  }
  const core = new NtpClientCore({ servers: [A], samples: 1 }, T0);
  const { events } = runCore(core, T0, T0 + 100_000, (t, at) => ({
    bytes: craftReply(t.bytes, at + 5, { fields: { stratum: 0, referenceId: 0x44454e59 } }),
  }));
  const last = ofType(events, "round-failed").pop()!;
  assert.equal(last.error.code, "ENOSERVERS");
  assert.equal(core.stopped, true);
  assert.equal(core.pollTimeout(), undefined);
});

test("NtpClientCore treats an unknown kiss code as a failed sample, not as service refusal", () => {
  const core = new NtpClientCore({ servers: [A], samples: 1, minRetryMs: 1000 }, T0);
  let first = true;
  const { events } = runCore(core, T0, T0 + 5000, (t, at) => {
    const kod = first;
    first = false;
    return {
      bytes: craftReply(
        t.bytes,
        at + 5,
        kod ? { fields: { stratum: 0, referenceId: 0x494e4954 } } : {},
      ),
    };
  });
  assert.equal(errorsOf(events)[0].kissCode, "INIT");
  assert.equal(ofType(events, "sync").length, 1);
});

test("NtpClientCore measures correctly across the 2036 era rollover", () => {
  const rollover = Date.UTC(2036, 1, 7, 6, 28, 16);
  for (
    const [local, offset] of [[rollover - 1500, 3000], [rollover + 1500, -3000], [
      rollover + 86_400_000,
      250,
    ], [rollover - 10, 0]]
  ) {
    const core = new NtpClientCore({ servers: [A], samples: 1 }, local);
    const { events } = runCore(
      core,
      local,
      local + 1000,
      (t, at) => ({ bytes: craftReply(t.bytes, at + 5, { offsetMs: offset }) }),
    );
    const sync = ofType(events, "sync")[0];
    assert.ok(sync, `no sync at ${local}`);
    assert.ok(Math.abs(sync.offsetMs - offset) < 0.001, `${local}: ${sync.offsetMs}`);
    assert.ok(Math.abs(sync.sample.serverTime - (local + 5 + offset)) < 0.001);
  }
  // A device clock stuck at 1970 still reads a 2037 server time in the right era.
  const local = 0;
  const server = Date.UTC(2037, 0, 1);
  const core = new NtpClientCore({ servers: [A], samples: 1 }, local);
  const { events } = runCore(
    core,
    local,
    local + 1000,
    (t, at) => ({ bytes: craftReply(t.bytes, at + 5, { offsetMs: server - local }) }),
  );
  assert.ok(Math.abs(ofType(events, "sync")[0].sample.serverTime - (server + 5)) < 0.01);
});

test("NtpClientCore.now() never goes backwards and slews a backward correction", () => {
  const core = new NtpClientCore({
    servers: [A],
    samples: 1,
    pollIntervalMs: 10_000,
    slewRate: 0.5,
  }, T0);
  let offset = 1000;
  const readings: number[] = [];
  let now = T0;
  for (let step = 0; step < 5000; step++) {
    core.handleTimeout(now);
    for (const t of drainTransmits(core, now)) {
      core.handleDatagram(craftReply(t.bytes, now, { offsetMs: offset }), t.to, now);
    }
    drainEvents(core);
    readings.push(core.now(now));
    if (step === 2000) offset = -1000; // the next round measures 2 s less
    now += 10;
  }
  for (let i = 1; i < readings.length; i++) assert.ok(readings[i] >= readings[i - 1], `step ${i}`);
  // Round at T0+30000 sets -1000: the clock runs at half speed for 4 s, then follows the new offset.
  assert.ok(Math.abs(core.now(now) - (now - 1000)) < 0.001);
  assert.equal(core.offsetMs, -1000);
  // Halfway through the slew the clock is between the two offsets.
  const mid = readings[3000 + 200];
  const midLocal = T0 + 3200 * 10;
  assert.ok(mid > midLocal - 1000 && mid < midLocal + 1000, `${mid - midLocal}`);
});

test("NtpClientCore recognises chrony's captured replies", () => {
  const hex = (n: string) => decodeHex(readFileSync(testdataPath("ntp", n), "utf8").trim());
  const run = (name: string, tx: bigint) => {
    const txBytes = new Uint8Array(8);
    new DataView(txBytes.buffer).setBigUint64(0, tx);
    const reply = decodeNtpPacket(hex(`${name}-reply.hex`));
    // Local clock: the capture's server receive time (chrony ran on this host).
    const local = Number((reply.receiveTimestamp >> 32n) - 2_208_988_800n) * 1000;
    const core = new NtpClientCore({
      servers: [{ hostname: "127.0.0.1", port: 11123 }],
      samples: 1,
      random: (b) => b.set(txBytes),
    }, local);
    core.handleTimeout(local);
    const [t] = drainTransmits(core, local);
    assert.deepEqual(t.bytes, hex(`${name}-request.hex`));
    core.handleDatagram(
      hex(`${name}-reply.hex`),
      { hostname: "127.0.0.1", port: 11123 },
      local + 1,
    );
    return drainEvents(core);
  };
  const ok = run("chrony-v4", 0x0123456789abcdefn);
  const sample = ofType(ok, "sample")[0].sample;
  assert.equal(sample.stratum, 8);
  assert.equal(sample.refId, "127.127.1.1");
  assert.equal(sample.leap, 0);
  assert.ok(Math.abs(sample.offsetMs) < 1000);
  const un = run("chrony-unsync-v4", 0x1111222233334444n);
  assert.equal(errorsOf(un)[0].code, "EUNSYNC");
});

test("NtpClientCore rejects bad options with RangeError or TypeError", () => {
  assert.throws(() => new NtpClientCore({} as never, 0), TypeError);
  assert.throws(() => new NtpClientCore({ servers: [{ hostname: "x", port: 0 }] }, 0), TypeError);
  assert.throws(() => new NtpClientCore({ servers: [A], samples: 0 }, 0), RangeError);
  assert.throws(() => new NtpClientCore({ servers: [A], samples: 17 }, 0), RangeError);
  assert.throws(() => new NtpClientCore({ servers: [A], timeoutMs: -1 }, 0), RangeError);
  assert.throws(() => new NtpClientCore({ servers: [A], slewRate: 1 }, 0), RangeError);
  assert.throws(() => new NtpClientCore({ servers: [A], version: 2 as 3 }, 0), RangeError);
  const empty = new NtpClientCore({ servers: [] }, 0);
  empty.handleTimeout(0);
  const ev = drainEvents(empty);
  assert.equal(ev[0].type === "round-failed" && ev[0].error.code, "ENOSERVERS");
  assert.equal(empty.stopped, true);
  void msToNtpShort;
});

test("NtpClientCore.setServers() keeps the clock and server state and resumes after refusals", () => {
  const core = new NtpClientCore({ servers: [A], samples: 1, pollIntervalMs: 60_000 }, T0);
  const deny = (t: { bytes: Uint8Array }, at: number) => ({
    bytes: craftReply(t.bytes, at + 5, { fields: { stratum: 0, referenceId: 0x44454e59 } }),
  });
  runCore(core, T0, T0 + 1000, deny);
  assert.equal(core.stopped, true);
  // A stays refused; B is new: the client resumes at once.
  core.setServers([A, B], T0 + 2000);
  assert.equal(core.stopped, false);
  const { events, sent } = runCore(
    core,
    T0 + 2000,
    T0 + 3000,
    (t, at) =>
      t.to.hostname === B.hostname
        ? { bytes: craftReply(t.bytes, at + 5, { offsetMs: 99 }) }
        : deny(t, at),
  );
  assert.deepEqual(sent.map((s) => s.t.to.hostname), [B.hostname]);
  assert.ok(Math.abs(ofType(events, "sync")[0].offsetMs - 99) < 0.001);
  // Same list again: nothing changes, no extra round.
  core.setServers([A, B], T0 + 3000);
  assert.equal(core.pollTimeout(), T0 + 2010 + 60_000);
  // Removing every server stops the client at the next round.
  core.setServers([], T0 + 4000);
  const end = runCore(core, T0 + 4000, T0 + 200_000, deny);
  assert.equal(ofType(end.events, "round-failed")[0].error.code, "ENOSERVERS");
  assert.ok(Math.abs(core.now(T0 + 300_000) - (T0 + 300_000 + 99)) < 0.001);
  assert.throws(
    () =>
      core.setServers(
        Array.from({ length: 65 }, (_, i) => ({ hostname: `192.0.2.${i}`, port: 123 })),
        0,
      ),
    RangeError,
  );
});

test("NtpClientCore keeps at most 1024 unread events", () => {
  const core = new NtpClientCore({ servers: [A], samples: 1 }, T0);
  core.handleTimeout(T0);
  drainTransmits(core, T0);
  for (let i = 0; i < 1500; i++) core.handleDatagram(new Uint8Array(3), A, T0 + 1);
  assert.equal(drainEvents(core).length, 1024);
});

test("NtpClientCore uses samples gathered before a server's DENY", () => {
  const core = new NtpClientCore({
    servers: [A],
    samples: 2,
    sampleIntervalMs: 10,
    pollIntervalMs: 60_000,
  }, T0);
  let n = 0;
  const { events } = runCore(core, T0, T0 + 100_000, (t, at) => ({
    bytes: n++ === 0
      ? craftReply(t.bytes, at + 5, { offsetMs: 42 })
      : craftReply(t.bytes, at + 5, { fields: { stratum: 0, referenceId: 0x44454e59 } }),
  }));
  const sync = ofType(events, "sync");
  assert.equal(sync.length, 1);
  assert.ok(Math.abs(sync[0].offsetMs - 42) < 0.001);
  assert.equal(core.synchronized, true);
  assert.equal(ofType(events, "round-failed").pop()?.error.code, "ENOSERVERS");
  assert.equal(core.stopped, true);
});
