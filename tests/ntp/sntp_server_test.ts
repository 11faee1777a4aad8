import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryNetwork } from "../../net/mod.ts";
import {
  createSntpServer,
  decodeNtpPacket,
  encodeNtpPacket,
  msToNtpTimestamp,
  ntpShortToMs,
  ntpTimestampToMs,
} from "../../ntp/mod.ts";

const SERVER_TIME = Date.UTC(2031, 2, 4, 5, 6, 7, 890);

async function ask(
  net: MemoryNetwork,
  bytes: Uint8Array,
  port = 123,
): Promise<Uint8Array | undefined> {
  const c = await net.bindDatagram({ hostname: "127.0.0.1" });
  try {
    await c.send(bytes, { hostname: "127.0.0.1", port });
    return (await c.receive({ timeoutMs: 100 })).data;
  } catch {
    return undefined;
  } finally {
    await c.close();
  }
}

test("createSntpServer() answers a client request per RFC 4330", async () => {
  const net = new MemoryNetwork();
  const server = await createSntpServer({
    transport: net,
    hostname: "127.0.0.1",
    port: 123,
    stratum: 1,
    refId: "GPS",
    clock: () => SERVER_TIME,
    precision: -18,
    rootDispersionMs: 0.5,
  });
  try {
    const req = encodeNtpPacket({
      version: 4,
      mode: 3,
      poll: 6,
      transmitTimestamp: 0xdeadbeef01020304n,
    });
    const p = decodeNtpPacket((await ask(net, req))!);
    assert.equal(p.mode, 4);
    assert.equal(p.version, 4);
    assert.equal(p.leap, 0);
    assert.equal(p.stratum, 1);
    assert.equal(p.poll, 6);
    assert.equal(p.precision, -18);
    assert.equal(p.referenceId, 0x47505300); // "GPS\0"
    assert.equal(p.originTimestamp, 0xdeadbeef01020304n);
    assert.equal(p.receiveTimestamp, msToNtpTimestamp(SERVER_TIME));
    assert.equal(
      ntpTimestampToMs(p.transmitTimestamp),
      ntpTimestampToMs(msToNtpTimestamp(SERVER_TIME)),
    );
    assert.ok(Math.abs(ntpShortToMs(p.rootDispersion) - 0.5) < 0.02);
    assert.equal(p.rootDelay, 0);
    assert.equal(server.answered, 1);
    // NTPv3 and v1 requests get a reply of the same version.
    for (const version of [1, 3]) {
      const r = decodeNtpPacket(
        (await ask(net, encodeNtpPacket({ version, mode: 3, transmitTimestamp: 5n })))!,
      );
      assert.equal(r.version, version);
    }
  } finally {
    await server.close();
  }
});

test("createSntpServer() ignores non-client packets and garbage", async () => {
  const net = new MemoryNetwork();
  const server = await createSntpServer({ transport: net, hostname: "127.0.0.1", port: 123 });
  try {
    assert.equal(await ask(net, encodeNtpPacket({ mode: 4, transmitTimestamp: 1n })), undefined);
    assert.equal(await ask(net, encodeNtpPacket({ mode: 5 })), undefined);
    assert.equal(await ask(net, encodeNtpPacket({ mode: 3, version: 5 })), undefined);
    assert.equal(await ask(net, new Uint8Array(47)), undefined);
    assert.equal(await ask(net, new Uint8Array(56).fill(0x23, 0, 1)), undefined);
    assert.equal(server.ignored, 5);
    assert.equal(server.answered, 0);
    // Extension fields in a request are skipped; the reply is a plain header.
    const withEf = encodeNtpPacket({
      mode: 3,
      transmitTimestamp: 9n,
      extensionFields: [{ type: 0x104, value: new Uint8Array(32) }],
    });
    const r = await ask(net, withEf);
    assert.equal(r?.length, 48);
  } finally {
    await server.close();
  }
});

test("createSntpServer() sends kiss-o'-death, fixed or chosen per client", async () => {
  const net = new MemoryNetwork();
  const server = await createSntpServer({
    transport: net,
    hostname: "127.0.0.1",
    port: 123,
    kissCode: (client) => (client.port % 2 === 0 ? "RATE" : undefined),
  });
  try {
    const codes = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const p = decodeNtpPacket(
        (await ask(net, encodeNtpPacket({ mode: 3, transmitTimestamp: 77n })))!,
      );
      assert.equal(p.originTimestamp, 77n);
      if (p.stratum === 0) {
        assert.equal(p.leap, 3);
        assert.equal(p.referenceId, 0x52415445);
        codes.add("RATE");
      } else codes.add("time");
    }
    assert.deepEqual([...codes].sort(), ["RATE", "time"]);
  } finally {
    await server.close();
  }
});

test("createSntpServer() checks its options", async () => {
  const net = new MemoryNetwork();
  await assert.rejects(createSntpServer({ transport: net, stratum: 0 }), RangeError);
  await assert.rejects(createSntpServer({ transport: net, stratum: 16 }), RangeError);
  await assert.rejects(createSntpServer({ transport: net, refId: "TOOLONG" }), RangeError);
  await assert.rejects(createSntpServer({ transport: net, refId: "300.1.1.1" }), SyntaxError);
  await assert.rejects(createSntpServer({ transport: net, kissCode: "rate" }), RangeError);
  await assert.rejects(createSntpServer({ transport: net, precision: 3 }), RangeError);
  await assert.rejects(createSntpServer({ transport: net, rootDelayMs: -1 }), RangeError);
  const s = await createSntpServer({ transport: net, port: 0, hostname: "127.0.0.1" });
  assert.ok(s.local.port >= 49152);
  await s.close();
  await s.close();
});

test("ClientRateLimiter allows a burst, refills over time and bounds its table", async () => {
  const { ClientRateLimiter } = await import("../../ntp/_server_core.ts");
  const l = new ClientRateLimiter(1000, 2, 3);
  assert.equal(l.allow("a", 0), true);
  assert.equal(l.allow("a", 0), true);
  assert.equal(l.allow("a", 10), false);
  assert.equal(l.allow("a", 999), false); // 0.999 of a token
  assert.equal(l.allow("a", 2000), true);
  for (const c of ["b", "c", "d", "e"]) assert.equal(l.allow(c, 2000), true);
  assert.equal(l.size, 3);
  // "a" was evicted (least recently seen) and starts with a full bucket.
  assert.equal(l.allow("a", 2000), true);
  assert.equal(l.allow("a", 2000), true);
  assert.equal(l.allow("a", 2000), false);
});

test("createSntpServer() rate-limits each client with RATE kiss-o'-death", async () => {
  const net = new MemoryNetwork();
  const server = await createSntpServer({
    transport: net,
    hostname: "127.0.0.1",
    port: 123,
    rateLimit: { intervalMs: 60_000, burst: 2 },
  });
  try {
    const strata: number[] = [];
    for (let i = 0; i < 4; i++) {
      const p = decodeNtpPacket(
        (await ask(net, encodeNtpPacket({ mode: 3, transmitTimestamp: 3n })))!,
      );
      strata.push(p.stratum);
      if (p.stratum === 0) assert.equal(p.referenceId, 0x52415445);
    }
    assert.deepEqual(strata, [10, 10, 0, 0]);
    assert.equal(server.rateLimited, 2);
    assert.equal(server.answered, 4);
  } finally {
    await server.close();
  }
  await assert.rejects(createSntpServer({ transport: net, rateLimit: { burst: 0 } }), RangeError);
  await assert.rejects(
    createSntpServer({ transport: net, rateLimit: { intervalMs: 0 } }),
    RangeError,
  );
  await assert.rejects(
    createSntpServer({ transport: net, rateLimit: { maxClients: 0 } }),
    RangeError,
  );
});
