import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeClock, MemoryNetwork } from "../../net/mod.ts";
import {
  createSntpServer,
  NtpClient,
  type NtpClientEvent,
  NtpError,
  type SntpServer,
} from "../../ntp/mod.ts";

const WALL = Date.UTC(2026, 5, 1);

/** Advances fake time in steps, letting the memory network deliver in between. */
async function run(clock: FakeClock, ms: number, step = 5): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(Math.min(step, ms - t));
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
  }
}

async function servers(
  net: MemoryNetwork,
  clock: FakeClock,
  specs: { host: string; offset: number; kiss?: string }[],
): Promise<SntpServer[]> {
  return await Promise.all(specs.map((s) =>
    createSntpServer({
      transport: net,
      hostname: s.host,
      port: 123,
      stratum: 2,
      refId: "192.0.2.200",
      clock: () => WALL + clock.now() + s.offset,
      kissCode: s.kiss,
    })
  ));
}

test("NtpClient synchronises over a memory network, rejects the outlier and resyncs", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const srv = await servers(net, clock, [
    { host: "192.0.2.1", offset: 750 },
    { host: "192.0.2.2", offset: 750 },
    { host: "192.0.2.3", offset: -86_400_000 },
  ]);
  const events: NtpClientEvent[] = [];
  const client = new NtpClient({
    servers: ["192.0.2.1", "192.0.2.2:123", { host: "192.0.2.3" }],
    transport: net,
    clock,
    wallClock: () => WALL,
    samples: 2,
    sampleIntervalMs: 100,
    pollIntervalMs: 60_000,
    onEvent: (e) => events.push(e),
  });
  let synchronizedEvents = 0;
  const syncDetails: NtpClientEvent[] = [];
  client.addEventListener("synchronized", () => synchronizedEvents++);
  client.addEventListener(
    "sync",
    (e) => syncDetails.push((e as CustomEvent<NtpClientEvent>).detail),
  );
  try {
    assert.equal(client.synchronized, false);
    assert.equal(client.now(), WALL);
    await client.start();
    const ready = client.whenSynchronized({ timeoutMs: 10_000 });
    await run(clock, 500);
    await ready;
    assert.equal(client.synchronized, true);
    assert.equal(synchronizedEvents, 1);
    const first = syncDetails[0];
    assert.ok(first.type === "sync" && first.survivors === 2 && first.candidates === 3);
    assert.ok(Math.abs(client.offsetMs - 750) < 1, `${client.offsetMs}`);
    assert.ok(Math.abs(client.now() - (WALL + clock.now() + 750)) < 1);
    assert.equal(events.filter((e) => e.type === "sample").length, 6);
    await run(clock, 130_000, 500);
    assert.equal(syncDetails.length, 3);
    assert.equal(synchronizedEvents, 1);
    // whenSynchronized() resolves at once now.
    await client.whenSynchronized();
    assert.equal(client.lastSync?.sample.stratum, 2);
    assert.notEqual(client.lastSync?.server.hostname, "192.0.2.3");
  } finally {
    await client.close();
    await Promise.all(srv.map((s) => s.close()));
  }
  assert.equal(clock.pendingTimers, 0);
});

test("NtpClient gives up on servers that send DENY and reports ENOSERVERS", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const srv = await servers(net, clock, [{ host: "192.0.2.1", offset: 0, kiss: "DENY" }]);
  const failures: NtpError[] = [];
  const client = new NtpClient({
    servers: ["192.0.2.1"],
    transport: net,
    clock,
    wallClock: () => WALL,
    samples: 1,
  });
  client.addEventListener("ntperror", (e) => {
    const d = (e as CustomEvent<NtpClientEvent>).detail;
    if (d.type === "round-failed") failures.push(d.error);
  });
  try {
    await client.start();
    const early = assert.rejects(
      client.whenSynchronized(),
      (e) => e instanceof NtpError && e.code === "ENOSERVERS",
    );
    await run(clock, 200);
    assert.deepEqual(failures.map((f) => f.code), ["ENOSERVERS"]);
    // Waiters learn that synchronisation will never happen, before and after.
    await early;
    await assert.rejects(
      client.whenSynchronized(),
      (e) => e instanceof NtpError && e.code === "ENOSERVERS",
    );
    assert.equal(client.synchronized, false);
    assert.equal(srv[0].answered, 1);
    await run(clock, 100_000, 1000);
    assert.equal(srv[0].answered, 1);
    // New servers (e.g. from DHCP option 42) bring it back.
    const good = await servers(net, clock, [{ host: "192.0.2.2", offset: 12 }]);
    srv.push(...good);
    await client.setServers(["192.0.2.2"]);
    await run(clock, 200);
    assert.equal(client.synchronized, true);
    assert.ok(Math.abs(client.offsetMs - 12) <= 2.5);
  } finally {
    await client.close();
    await Promise.all(srv.map((s) => s.close()));
  }
  assert.equal(clock.pendingTimers, 0);
});

test("NtpClient resolves names with the injected resolver", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const srv = await servers(net, clock, [
    { host: "192.0.2.1", offset: 40 },
    { host: "2001:db8::1", offset: 40 },
  ]);
  const asked: string[] = [];
  const client = new NtpClient({
    servers: ["pool.example", "v4only.example:123"],
    resolve: (name) => {
      asked.push(name);
      return Promise.resolve(
        name === "pool.example" ? ["2001:db8::1", "192.0.2.1", "192.0.2.1"] : ["192.0.2.1"],
      );
    },
    transport: net,
    clock,
    wallClock: () => WALL,
    samples: 1,
  });
  const seen = new Set<string>();
  client.addEventListener("sync", (e) => {
    const d = (e as CustomEvent<NtpClientEvent>).detail;
    if (d.type === "sync") seen.add(`${d.candidates}`);
  });
  try {
    await client.start();
    await run(clock, 100);
    assert.deepEqual(asked, ["pool.example", "v4only.example"]);
    assert.deepEqual([...seen], ["2"]); // two distinct addresses, both families
    // Within half the (fake) round trip of one 5 ms step.
    assert.ok(Math.abs(client.offsetMs - 40) <= 2.5, `${client.offsetMs}`);
  } finally {
    await client.close();
    await Promise.all(srv.map((s) => s.close()));
  }
});

test("NtpClient.start() fails with ENOSERVERS when nothing resolves", async () => {
  const client = new NtpClient({
    servers: ["nowhere.example"],
    resolve: () => Promise.reject(new Error("NXDOMAIN")),
    transport: new MemoryNetwork(),
    clock: new FakeClock(),
  });
  await assert.rejects(client.start(), (e) => {
    assert.ok(e instanceof NtpError);
    assert.equal(e.code, "ENOSERVERS");
    assert.equal((e.cause as NtpError).code, "ERESOLVE");
    return true;
  });
  await client.close();
  assert.throws(() => new NtpClient({ servers: [], maxAddressesPerName: 0 }), RangeError);
});

test("NtpClient.setServers() starts polling after a start() that resolved nothing", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const srv = await servers(net, clock, [{ host: "192.0.2.1", offset: 7 }]);
  const client = new NtpClient({
    servers: ["offline.example"],
    resolve: () => Promise.reject(new Error("no network yet")),
    transport: net,
    clock,
    wallClock: () => WALL,
    samples: 1,
  });
  try {
    await assert.rejects(client.start(), (e) => e instanceof NtpError && e.code === "ENOSERVERS");
    await client.setServers(["192.0.2.1"]);
    await run(clock, 100);
    assert.equal(client.synchronized, true);
    assert.ok(Math.abs(client.offsetMs - 7) <= 2.5);
  } finally {
    await client.close();
    await srv[0].close();
  }
});

test("NtpClient.whenSynchronized() times out on the client's clock and options are checked", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const client = new NtpClient({ servers: ["192.0.2.1"], transport: net, clock, timeoutMs: 1000 });
  try {
    await client.start();
    const w = client.whenSynchronized({ timeoutMs: 3000 });
    const rejected = assert.rejects(w, (e) => e instanceof NtpError && e.code === "ETIMEOUT");
    await run(clock, 3100, 100);
    await rejected;
    await assert.rejects(client.start(), TypeError);
    const pending = client.whenSynchronized();
    await client.close();
    await assert.rejects(pending, (e) => e instanceof NtpError && e.code === "ECLOSED");
    await assert.rejects(
      client.whenSynchronized(),
      (e) => e instanceof NtpError && e.code === "ECLOSED",
    );
  } finally {
    await client.close();
  }
  assert.equal(clock.pendingTimers, 0);
  assert.throws(() => new NtpClient({ servers: ["a:0"] }), RangeError);
  assert.throws(() => new NtpClient({ servers: [], samples: 0 }), RangeError);
  assert.throws(() => new NtpClient(undefined as never), TypeError);
});

test("NtpClient sends each request from a fresh source port", async () => {
  const sources: number[] = [];
  const net = new MemoryNetwork({
    filter: (p) => {
      if (p.to.port === 123) sources.push(p.from.port);
      return true;
    },
  });
  const clock = new FakeClock(0);
  const srv = await servers(net, clock, [{ host: "192.0.2.1", offset: 0 }]);
  const client = new NtpClient({
    servers: ["192.0.2.1"],
    transport: net,
    clock,
    wallClock: () => WALL,
    samples: 4,
    sampleIntervalMs: 50,
  });
  try {
    await client.start();
    await run(clock, 400);
    assert.equal(client.synchronized, true);
    assert.equal(sources.length, 4);
    assert.equal(new Set(sources).size, 4);
  } finally {
    await client.close();
    await srv[0].close();
  }
  assert.equal(clock.pendingTimers, 0);
});

test("NtpClient backs off from wirekit's rate-limited server and keeps its samples", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const server = await createSntpServer({
    transport: net,
    hostname: "192.0.2.1",
    port: 123,
    stratum: 2,
    clock: () => WALL + clock.now() + 300,
    rateLimit: { intervalMs: 3_600_000, burst: 2 },
  });
  const errors: NtpError[] = [];
  const client = new NtpClient({
    servers: ["192.0.2.1"],
    transport: net,
    clock,
    wallClock: () => WALL,
    samples: 4,
    sampleIntervalMs: 50,
    pollIntervalMs: 60_000,
    onEvent: (e) => {
      if (e.type === "error") errors.push(e.error as NtpError);
    },
  });
  try {
    await client.start();
    await run(clock, 500);
    // Two samples, then RATE: the round ends with what it has.
    assert.equal(client.synchronized, true);
    assert.ok(Math.abs(client.offsetMs - 300) <= 2.5);
    assert.deepEqual(errors.map((e) => `${e.code} ${e.kissCode}`), ["EKOD RATE"]);
    assert.equal(server.answered, 3);
    // Held for 2 x pollIntervalMs: nothing is sent in the next 100 s.
    await run(clock, 100_000, 1000);
    assert.equal(server.answered, 3);
  } finally {
    await client.close();
    await server.close();
  }
  assert.equal(clock.pendingTimers, 0);
});
