import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  decodeDhcpMessage,
  DhcpClient,
  type DhcpClientOptions,
  DhcpError,
  type DhcpLease,
  DhcpLeaseFile,
  type DhcpLeaseStore,
  type DhcpMessage,
  encodeDhcpMessage,
} from "../../dhcp/mod.ts";
import {
  type DatagramSocket,
  FakeClock,
  MemoryNetwork,
  type MemoryPacket,
  NetError,
  type NetTransport,
} from "../../net/mod.ts";

const SERVER = "192.0.2.1";

interface FakeServer {
  socket: DatagramSocket;
  seen: DhcpMessage[];
  nak: boolean;
  close(): Promise<void>;
}

/** A tiny server on the memory network: OFFER/ACK (or NAK) for 192.0.2.10. */
async function fakeServer(net: MemoryNetwork, lease = 40): Promise<FakeServer> {
  const socket = await net.bindDatagram({ hostname: "0.0.0.0", port: 67, broadcast: true });
  const s: FakeServer = { socket, seen: [], nak: false, close: () => socket.close() };
  (async () => {
    for await (const d of socket) {
      const q = decodeDhcpMessage(d.data);
      s.seen.push(q);
      const t = q.options.messageType;
      if (t !== "DISCOVER" && t !== "REQUEST") continue;
      const type = t === "DISCOVER" ? "OFFER" : s.nak ? "NAK" : "ACK";
      await socket.send(
        encodeDhcpMessage({
          op: 2,
          xid: q.xid,
          chaddr: q.chaddr,
          yiaddr: type === "NAK" ? "0.0.0.0" : "192.0.2.10",
          options: {
            messageType: type,
            serverId: SERVER,
            ...(type === "NAK" ? { message: "no" } : {
              leaseTime: lease,
              subnetMask: "255.255.255.0",
              routers: [SERVER],
            }),
          },
        }),
        { hostname: "255.255.255.255", port: 68 },
      );
    }
  })();
  return s;
}

class MemoryStore implements DhcpLeaseStore {
  lease: DhcpLease | undefined;
  saves = 0;
  load() {
    return Promise.resolve(this.lease);
  }
  save(l: DhcpLease | undefined) {
    this.saves++;
    this.lease = l;
    return Promise.resolve();
  }
}

function client(net: NetTransport, clock: FakeClock, extra: Partial<DhcpClientOptions> = {}) {
  return new DhcpClient({
    interface: "eth0",
    mac: "02:00:00:00:00:01",
    transport: net,
    clock,
    wallClock: () => 1_700_000_000_000 + clock.now(),
    offerWait: 0,
    random: () => 0.5,
    minRenewInterval: 1000,
    ...extra,
  });
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test("DhcpClient binds, renews at T1 by unicast, stores the lease and releases it", async () => {
  const packets: MemoryPacket[] = [];
  const net = new MemoryNetwork({ filter: (p) => (packets.push(p), true) });
  const clock = new FakeClock(5000);
  const server = await fakeServer(net);
  const store = new MemoryStore();
  const c = client(net, clock, { leaseStore: store });
  const events: string[] = [];
  c.on("bound", (l) => events.push(`bound ${l.address}`));
  c.on("renewed", (l) => events.push(`renewed ${l.address}`));
  c.on("released", () => events.push("released"));
  const lease = await c.start();
  assert.equal(lease.address, "192.0.2.10");
  assert.deepEqual(lease.routers, [SERVER]);
  assert.equal(c.state, "BOUND");
  await tick();
  // Stored with wall-clock time.
  assert.equal(store.lease?.obtainedAt, 1_700_000_000_000 + 5000);
  clock.advance(20_000); // T1
  for (let i = 0; i < 10 && c.state !== "BOUND"; i++) await tick();
  assert.deepEqual(events, ["bound 192.0.2.10", "renewed 192.0.2.10"]);
  const renew = packets.filter((p) => p.to.port === 67).at(-1)!;
  assert.equal(renew.to.hostname, SERVER);
  assert.equal(decodeDhcpMessage(renew.data).ciaddr, "192.0.2.10");
  await c.stop({ release: true });
  assert.equal(events.at(-1), "released");
  await tick();
  const last = server.seen.at(-1)!;
  assert.equal(last.options.messageType, "RELEASE");
  assert.equal(store.lease, undefined);
  assert.equal(clock.pendingTimers, 0);
  await server.close();
});

test("DhcpClient starts with INIT-REBOOT from a stored lease", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const server = await fakeServer(net);
  const store = new MemoryStore();
  store.lease = {
    address: "192.0.2.10",
    subnetMask: "255.255.255.0",
    prefixLength: 24,
    routers: [],
    dnsServers: [],
    domainSearch: [],
    ntpServers: [],
    staticRoutes: [],
    serverId: SERVER,
    leaseTime: 600,
    renewalTime: 300,
    rebindingTime: 525,
    obtainedAt: 1_700_000_000_000 - 100_000, // 100 s ago on the wall clock
  };
  const c = client(net, clock, { leaseStore: store });
  const lease = await c.start();
  assert.equal(lease.address, "192.0.2.10");
  const first = server.seen[0];
  assert.equal(first.options.messageType, "REQUEST");
  assert.equal(first.options.requestedAddress, "192.0.2.10");
  assert.equal(server.seen.length, 1);
  await c.stop();
  await server.close();
});

test("DhcpClient start() rejects with ETIMEOUT when no server answers", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const c = client(net, clock, { timeout: 30_000 });
  const p = c.start();
  await tick();
  clock.advance(30_000);
  await assert.rejects(p, (e: unknown) => e instanceof DhcpError && e.code === "ETIMEOUT");
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(c.state, "STOPPED");
  assert.equal(clock.pendingTimers, 0);
});

test("DhcpClient start() rejects with ENAK on DHCPNAK when failOnNak is set", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const server = await fakeServer(net);
  server.nak = true;
  const c = client(net, clock, { failOnNak: true });
  const naks: (string | undefined)[] = [];
  c.on("nak", (m) => naks.push(m));
  await assert.rejects(c.start(), (e: unknown) => e instanceof DhcpError && e.code === "ENAK");
  assert.deepEqual(naks, ["no"]);
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(clock.pendingTimers, 0);
  await server.close();
});

function failingTransport(bindError?: NetError, sendError?: NetError): NetTransport {
  const net = new MemoryNetwork();
  return {
    name: "failing",
    async bindDatagram(o) {
      if (bindError) throw bindError;
      const s = await net.bindDatagram(o);
      return Object.assign(Object.create(s), {
        send: () => Promise.reject(sendError),
        close: () => s.close(),
        [Symbol.asyncIterator]: () => s[Symbol.asyncIterator](),
      }) as DatagramSocket;
    },
    connect: () => Promise.reject(new Error("unused")),
    listen: () => Promise.reject(new Error("unused")),
  };
}

test("DhcpClient start() maps a refused bind to EPERM and a failed broadcast to ENOROUTE", async () => {
  const clock = new FakeClock(0);
  await assert.rejects(
    client(failingTransport(new NetError("EACCES", "denied")), clock).start(),
    (e: unknown) =>
      e instanceof DhcpError && e.code === "EPERM" && /CAP_NET_BIND_SERVICE/.test(e.message),
  );
  await assert.rejects(
    client(failingTransport(undefined, new NetError("ENETUNREACH", "unreachable")), clock).start(),
    (e: unknown) =>
      e instanceof DhcpError && e.code === "ENOROUTE" &&
      /ip route add 255\.255\.255\.255/.test(e.message),
  );
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(clock.pendingTimers, 0);
});

test("DhcpClient rejects a missing MAC address and interface", () => {
  assert.throws(() => new DhcpClient({ interface: "eth0" }), TypeError);
  assert.throws(() => new DhcpClient({ interface: "eth0", mac: "02:00" }), TypeError);
  assert.throws(() => new DhcpClient({ interface: "", mac: "02:00:00:00:00:01" }), TypeError);
});

test("DhcpLeaseFile keeps a lease in a JSON file and ignores a broken one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wkdhcp-lease-"));
  try {
    const path = join(dir, "eth0.lease");
    const store = new DhcpLeaseFile(path, fsp);
    assert.equal(await store.load(), undefined);
    const lease: DhcpLease = {
      address: "192.0.2.10",
      subnetMask: "255.255.255.0",
      prefixLength: 24,
      routers: ["192.0.2.1"],
      dnsServers: [],
      domainSearch: ["example.test"],
      ntpServers: [],
      staticRoutes: [{ destination: "10.0.0.0/8", router: "192.0.2.1" }],
      serverId: SERVER,
      leaseTime: 600,
      renewalTime: 300,
      rebindingTime: 525,
      obtainedAt: 1_700_000_000_000,
    };
    await store.save(lease);
    assert.equal(JSON.parse(readFileSync(path, "utf8")).version, 1);
    assert.deepEqual(await store.load(), lease);
    await store.save(undefined);
    assert.equal(await store.load(), undefined);
    await fsp.writeFile(path, "{not json");
    assert.equal(await store.load(), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
