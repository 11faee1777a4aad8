import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeClock, MemoryNetwork } from "../../net/mod.ts";
import { createSntpServer, decodeNtpPacket, NtpError, queryNtp } from "../../ntp/mod.ts";
import { craftReply } from "./_fake_server.ts";

const WALL = Date.UTC(2026, 5, 1);

function isNtp(code: string, kiss?: string) {
  return (e: unknown) => {
    assert.ok(e instanceof NtpError, `expected NtpError, got ${e}`);
    assert.equal(e.code, code);
    if (kiss !== undefined) assert.equal(e.kissCode, kiss);
    return true;
  };
}

test("queryNtp() measures offset and reads the server's identity over a memory network", async () => {
  const net = new MemoryNetwork();
  const server = await createSntpServer({
    transport: net,
    hostname: "127.0.0.1",
    port: 123,
    stratum: 2,
    refId: "192.0.2.9",
    clock: () => Date.now() + 2500,
    rootDelayMs: 4,
    rootDispersionMs: 8,
  });
  try {
    const s = await queryNtp({ host: "127.0.0.1", transport: net, timeoutMs: 2000 });
    assert.ok(Math.abs(s.offsetMs - 2500) < 20, `offset ${s.offsetMs}`);
    assert.ok(s.delayMs >= 0 && s.delayMs < 20);
    assert.equal(s.stratum, 2);
    assert.equal(s.leap, 0);
    assert.equal(s.refId, "192.0.2.9");
    assert.ok(Math.abs(s.rootDelay - 4) < 0.02);
    assert.ok(Math.abs(s.rootDispersion - 8) < 0.02);
    assert.ok(Math.abs(s.serverTime - (Date.now() + 2500)) < 50);
    assert.equal(server.answered, 1);
  } finally {
    await server.close();
  }
});

test("queryNtp() rejects kiss-o'-death RATE, DENY and RSTR from wirekit's own server", async () => {
  const net = new MemoryNetwork();
  for (const code of ["RATE", "DENY", "RSTR"]) {
    const server = await createSntpServer({
      transport: net,
      hostname: "127.0.0.1",
      port: 123,
      kissCode: code,
    });
    try {
      await assert.rejects(queryNtp({ host: "127.0.0.1", transport: net }), isNtp("EKOD", code));
    } finally {
      await server.close();
    }
  }
});

test("queryNtp() rejects an unsynchronised server with EUNSYNC", async () => {
  const net = new MemoryNetwork();
  const server = await createSntpServer({ transport: net, hostname: "::1", port: 1123, leap: 3 });
  try {
    await assert.rejects(queryNtp({ host: "::1", port: 1123, transport: net }), isNtp("EUNSYNC"));
    await assert.rejects(queryNtp({ host: "[::1]", port: 1123, transport: net }), isNtp("EUNSYNC"));
  } finally {
    await server.close();
  }
});

test("queryNtp() ignores spoofed and foreign replies, then accepts the genuine one", async () => {
  const net = new MemoryNetwork();
  const fake = await net.bindDatagram({ hostname: "192.0.2.1", port: 123 });
  const other = await net.bindDatagram({ hostname: "192.0.2.1", port: 124 });
  const serve = (async () => {
    const { data, remote } = await fake.receive();
    // 1. origin that is not our transmit timestamp; 2. right origin from another port;
    // 3. garbage; 4. the genuine reply.
    const wrong = craftReply(data, WALL, { fields: { originTimestamp: 7n } });
    await fake.send(wrong, remote);
    await other.send(craftReply(data, WALL, { offsetMs: 9e6 }), remote);
    await fake.send(new Uint8Array(13), remote);
    await fake.send(craftReply(data, WALL + 5, { offsetMs: 321 }), remote);
  })();
  const clock = new FakeClock(1000);
  const s = await queryNtp({ host: "192.0.2.1", transport: net, clock, wallClock: () => WALL });
  await serve;
  // All four datagrams arrive at fake time 0 elapsed; t1 = t4 = WALL.
  assert.ok(Math.abs(s.offsetMs - 326) < 0.001, `${s.offsetMs}`);
  assert.equal(clock.pendingTimers, 0);
  await fake.close();
  await other.close();
});

test("queryNtp() times out on the fake clock, reporting the last ignored datagram as cause", async () => {
  const net = new MemoryNetwork();
  const fake = await net.bindDatagram({ hostname: "192.0.2.1", port: 123 });
  const clock = new FakeClock(0);
  const q = queryNtp({
    host: "192.0.2.1",
    transport: net,
    clock,
    timeoutMs: 1500,
    wallClock: () => WALL,
  });
  const { data, remote } = await fake.receive();
  const req = decodeNtpPacket(data);
  assert.equal(req.mode, 3);
  assert.equal(req.version, 4);
  await fake.send(
    craftReply(data, WALL, { fields: { originTimestamp: req.transmitTimestamp ^ 1n } }),
    remote,
  );
  await new Promise((r) => setTimeout(r, 5));
  clock.advance(1499);
  let settled = false;
  q.then(() => settled = true, () => settled = true);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(settled, false);
  clock.advance(1);
  await assert.rejects(q, (e) => {
    isNtp("ETIMEOUT")(e);
    assert.equal(((e as NtpError).cause as NtpError).code, "EORIGIN");
    return true;
  });
  await fake.close();
});

test("queryNtp() resolves names through the injected resolver only", async () => {
  const net = new MemoryNetwork();
  const server = await createSntpServer({
    transport: net,
    hostname: "127.0.0.1",
    port: 123,
    stratum: 4,
  });
  try {
    const asked: string[] = [];
    const s = await queryNtp({
      host: "time.example",
      transport: net,
      resolve: (h) => {
        asked.push(h);
        return Promise.resolve(["127.0.0.1"]);
      },
    });
    assert.equal(s.stratum, 4);
    assert.deepEqual(asked, ["time.example"]);
    await assert.rejects(
      queryNtp({
        host: "time.example",
        transport: net,
        resolve: () => Promise.reject(new Error("NXDOMAIN")),
      }),
      isNtp("ERESOLVE"),
    );
    await assert.rejects(
      queryNtp({ host: "time.example", transport: net, resolve: () => Promise.resolve([]) }),
      isNtp("ERESOLVE"),
    );
  } finally {
    await server.close();
  }
});

test("queryNtp() resolves names with dns/ by default (localhost from the hosts rules)", async () => {
  const net = new MemoryNetwork();
  // The hosts file may map localhost to either family: serve on both.
  const v6 = await createSntpServer({ transport: net, hostname: "::1", port: 123, stratum: 6 });
  const v4 = await createSntpServer({
    transport: net,
    hostname: "127.0.0.1",
    port: 123,
    stratum: 6,
  });
  try {
    const s = await queryNtp({ host: "localhost", transport: net, timeoutMs: 2000 });
    assert.equal(s.stratum, 6);
    assert.equal(v4.answered + v6.answered, 1);
  } finally {
    await v6.close();
    await v4.close();
  }
});

test("queryNtp() sends NTPv3 when asked and checks its options", async () => {
  const net = new MemoryNetwork();
  const server = await createSntpServer({ transport: net, hostname: "127.0.0.1", port: 123 });
  try {
    const s = await queryNtp({ host: "127.0.0.1", transport: net, version: 3 });
    assert.equal(s.stratum, 10);
    assert.equal(s.refId, "127.127.1.1");
  } finally {
    await server.close();
  }
  await assert.rejects(queryNtp({ host: "127.0.0.1", transport: net, timeoutMs: 0 }), RangeError);
  await assert.rejects(
    queryNtp({ host: "127.0.0.1", transport: net, version: 2 as 3 }),
    RangeError,
  );
  await assert.rejects(queryNtp({ host: "127.0.0.1", port: 70000, transport: net }), RangeError);
  await assert.rejects(queryNtp(undefined as never), TypeError);
  await assert.rejects(
    queryNtp({ host: "127.0.0.1", transport: net, maxRootDistanceMs: NaN }),
    RangeError,
  );
});

test("queryNtp() stops when its signal aborts", async () => {
  const net = new MemoryNetwork();
  const silent = await net.bindDatagram({ hostname: "192.0.2.1", port: 123 });
  const ac = new AbortController();
  const clock = new FakeClock(0);
  const q = queryNtp({ host: "192.0.2.1", transport: net, clock, signal: ac.signal });
  await silent.receive();
  ac.abort(new Error("stop"));
  await assert.rejects(q, /stop/);
  assert.equal(clock.pendingTimers, 0);
  await silent.close();
});

test("queryNtp() can reuse a caller's socket and ignores stale replies on it", async () => {
  const net = new MemoryNetwork();
  const fake = await net.bindDatagram({ hostname: "192.0.2.1", port: 123 });
  const socket = await net.bindDatagram({ hostname: "127.0.0.1" });
  let first: Uint8Array | undefined;
  const serve = (async () => {
    for (let i = 0; i < 2; i++) {
      const { data, remote } = await fake.receive();
      if (i === 0) first = data;
      // The second query first gets a late duplicate answer to the first one.
      if (i === 1) await fake.send(craftReply(first!, WALL, { offsetMs: 5000 }), remote);
      await fake.send(craftReply(data, WALL, { offsetMs: 10 * (i + 1) }), remote);
    }
  })();
  const clock = new FakeClock(0);
  const opts = { host: "192.0.2.1", transport: net, clock, wallClock: () => WALL, socket };
  assert.ok(Math.abs((await queryNtp(opts)).offsetMs - 10) < 0.001);
  assert.ok(Math.abs((await queryNtp(opts)).offsetMs - 20) < 0.001);
  await serve;
  assert.equal(socket.closed, false);
  await assert.rejects(queryNtp({ ...opts, host: "::1" }), TypeError);
  assert.equal(clock.pendingTimers, 0);
  await socket.close();
  await fake.close();
});
