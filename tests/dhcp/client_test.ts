import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
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
  type NetworkInterfaceInfo,
} from "../../net/mod.ts";

const SERVER = "192.0.2.1";

interface FakeServer {
  socket: DatagramSocket;
  seen: DhcpMessage[];
  nak: boolean;
  /** A DECLINE was seen: offer 192.0.2.11 from then on. */
  declined: boolean;
  /** Do not answer INFORM. */
  silent: boolean;
  close(): Promise<void>;
}

/** A tiny server on the memory network: OFFER/ACK (or NAK) for 192.0.2.10. */
async function fakeServer(net: MemoryNetwork, lease = 40): Promise<FakeServer> {
  const socket = await net.bindDatagram({ hostname: "0.0.0.0", port: 67, broadcast: true });
  const s: FakeServer = {
    socket,
    seen: [],
    nak: false,
    declined: false,
    silent: false,
    close: () => socket.close(),
  };
  (async () => {
    for await (const d of socket) {
      const q = decodeDhcpMessage(d.data);
      s.seen.push(q);
      const t = q.options.messageType;
      if (t === "DECLINE") s.declined = true;
      if (t === "INFORM" && !s.silent) {
        await socket.send(
          encodeDhcpMessage({
            op: 2,
            xid: q.xid,
            chaddr: q.chaddr,
            ciaddr: q.ciaddr,
            options: {
              messageType: "ACK",
              serverId: SERVER,
              routers: [SERVER],
              dnsServers: ["192.0.2.53"],
              ntpServers: ["192.0.2.123"],
              domainName: "example.test",
            },
          }),
          { hostname: q.ciaddr, port: 68 },
        );
      }
      if (t !== "DISCOVER" && t !== "REQUEST") continue;
      const type = t === "DISCOVER" ? "OFFER" : s.nak ? "NAK" : "ACK";
      await socket.send(
        encodeDhcpMessage({
          op: 2,
          xid: q.xid,
          chaddr: q.chaddr,
          yiaddr: type === "NAK" ? "0.0.0.0" : s.declined ? "192.0.2.11" : "192.0.2.10",
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

test("DhcpClient rejects a malformed MAC address and an empty interface name", () => {
  assert.throws(() => new DhcpClient({ interface: "eth0", mac: "02:00" }), TypeError);
  assert.throws(() => new DhcpClient({ interface: "eth0", mac: new Uint8Array(17) }), TypeError);
  assert.throws(() => new DhcpClient({ interface: "", mac: "02:00:00:00:00:01" }), TypeError);
});

const ETH0: NetworkInterfaceInfo = {
  name: "eth0",
  index: 2,
  mac: "02:00:00:00:00:42",
  hardwareType: 1,
  mtu: 1500,
  flags: 0x1003,
  up: true,
  running: true,
  loopback: false,
  broadcast: true,
  operstate: "up",
};

test("DhcpClient without a MAC reads the interface's hardware address and type", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const server = await fakeServer(net);
  const asked: string[] = [];
  const c = client(net, clock, {
    mac: undefined,
    readInterface: (name) => (asked.push(name), Promise.resolve(ETH0)),
  });
  assert.equal(c.state, "STOPPED");
  assert.equal(c.lease, undefined);
  const lease = await c.start();
  assert.equal(lease.address, "192.0.2.10");
  assert.deepEqual(asked, ["eth0"]);
  for (const m of server.seen) {
    assert.deepEqual([...m.chaddr], [2, 0, 0, 0, 0, 0x42]);
    assert.equal(m.htype, 1);
    assert.deepEqual([...(m.options.clientId ?? [])], [1, 2, 0, 0, 0, 0, 0x42]);
  }
  await c.stop();
  // A second start reuses the machine; the interface is not read again.
  await c.start();
  assert.deepEqual(asked, ["eth0"]);
  await c.stop();
  await server.close();
});

test("DhcpClient start() rejects with ENOIF or EIFDOWN for an unusable interface", async () => {
  const clock = new FakeClock(0);
  const net = new MemoryNetwork();
  const fails = async (
    info: NetworkInterfaceInfo | undefined,
    code: string,
    re: RegExp,
    iface = "eth0",
  ) => {
    const c = client(net, clock, {
      interface: iface,
      mac: undefined,
      readInterface: () => Promise.resolve(info),
    });
    await assert.rejects(
      c.start(),
      (e: unknown) => e instanceof DhcpError && e.code === code && re.test(e.message),
    );
    assert.equal(c.state, "STOPPED");
  };
  await fails(undefined, "ENOIF", /No network interface "eth0"/);
  await fails({ ...ETH0, mac: undefined, hardwareType: 65534 }, "ENOIF", /no usable hardware/);
  await fails({ ...ETH0, mac: "00:00:00:00:00:00" }, "ENOIF", /no usable hardware/);
  await fails({ ...ETH0, up: false, flags: 0x1002 }, "EIFDOWN", /ip link set eth0 up/);
  // The real lookup (sysfs): an interface that does not exist.
  const real = client(net, clock, { interface: "wkno-such0", mac: undefined });
  await assert.rejects(
    real.start(),
    (e: unknown) => e instanceof DhcpError && e.code === "ENOIF" && /wkno-such0/.test(e.message),
  );
  // Not even a valid Linux interface name.
  const bad = client(net, clock, { interface: "../etc", mac: undefined });
  await assert.rejects(bad.start(), (e: unknown) => e instanceof DhcpError && e.code === "ENOIF");
  assert.equal(clock.pendingTimers, 0);
  // Nothing was bound: port 68 is free.
  const s = await net.bindDatagram({ hostname: "0.0.0.0", port: 68 });
  await s.close();
});

test("DhcpClient decline() sends DHCPDECLINE and binds another address after declineWait", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const server = await fakeServer(net);
  const store = new MemoryStore();
  const c = client(net, clock, { leaseStore: store });
  assert.throws(() => c.decline(), TypeError); // not started
  const events: string[] = [];
  c.on("declined", (l) => events.push(`declined ${l.address}`));
  c.on("bound", (l) => events.push(`bound ${l.address}`));
  const first = await c.start();
  assert.equal(first.address, "192.0.2.10");
  await tick();
  assert.equal(store.lease?.address, "192.0.2.10");
  c.decline(); // the caller found 192.0.2.10 in use
  assert.equal(c.state, "INIT");
  assert.equal(c.lease, undefined);
  for (let i = 0; i < 10 && !server.declined; i++) await tick();
  const decline = server.seen.find((m) => m.options.messageType === "DECLINE")!;
  assert.ok(decline, "no DHCPDECLINE");
  assert.equal(decline.options.requestedAddress, "192.0.2.10");
  assert.equal(decline.options.serverId, SERVER);
  assert.equal(decline.ciaddr, "0.0.0.0");
  assert.equal(store.lease, undefined);
  assert.throws(() => c.decline(), TypeError); // nothing bound any more
  // RFC 2131 4.4.1: wait at least 10 s before starting over.
  const before = server.seen.length;
  clock.advance(9_999);
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(server.seen.length, before);
  clock.advance(1);
  const state = (): string => c.state;
  for (let i = 0; i < 20 && state() !== "BOUND"; i++) await tick();
  assert.equal(state(), "BOUND");
  const lease = (): DhcpLease | undefined => c.lease;
  assert.equal(lease()?.address, "192.0.2.11");
  assert.deepEqual(events, ["bound 192.0.2.10", "declined 192.0.2.10", "bound 192.0.2.11"]);
  assert.equal(server.seen[before].options.messageType, "DISCOVER");
  await c.stop();
  assert.equal(clock.pendingTimers, 0);
  await server.close();
});

test("DhcpClient inform() sends DHCPINFORM with ciaddr and returns the configuration", async () => {
  const packets: MemoryPacket[] = [];
  const net = new MemoryNetwork({ filter: (p) => (packets.push(p), true) });
  const clock = new FakeClock(0);
  const server = await fakeServer(net);
  const c = client(net, clock);
  await assert.rejects(c.inform("not-an-ip"), TypeError);
  const info = await c.inform("192.0.2.77");
  assert.equal(info.serverId, SERVER);
  assert.deepEqual(info.routers, [SERVER]);
  assert.deepEqual(info.dnsServers, ["192.0.2.53"]);
  assert.deepEqual(info.ntpServers, ["192.0.2.123"]);
  assert.equal(info.domainName, "example.test");
  assert.deepEqual(info.domainSearch, []);
  assert.equal(info.options.messageType, "ACK");
  assert.equal(c.state, "STOPPED");
  const q = server.seen.find((m) => m.options.messageType === "INFORM")!;
  assert.equal(q.ciaddr, "192.0.2.77");
  assert.equal(q.options.requestedAddress, undefined);
  assert.equal(q.options.leaseTime, undefined);
  assert.equal(q.broadcast, false);
  assert.equal(packets.find((p) => p.to.port === 67)!.to.hostname, "255.255.255.255");
  // To a known server by unicast.
  await c.inform("192.0.2.77", { server: SERVER });
  assert.equal(packets.filter((p) => p.to.port === 67).at(-1)!.to.hostname, SERVER);
  assert.equal(clock.pendingTimers, 0);
  // The socket was closed: a lease can be obtained next.
  assert.equal((await c.start()).address, "192.0.2.10");
  await assert.rejects(c.inform("192.0.2.77"), TypeError); // already started
  await c.stop();
  await server.close();
});

test("DhcpClient inform() rejects with ETIMEOUT after every retransmission", async () => {
  const net = new MemoryNetwork();
  const clock = new FakeClock(0);
  const server = await fakeServer(net);
  server.silent = true;
  const c = client(net, clock, { requestAttempts: 3, timeout: 600_000 });
  const p = c.inform("192.0.2.77");
  let settled = false;
  p.catch(() => {}).finally(() => (settled = true));
  // 4 s, 8 s, 16 s (+-1 s jitter; random() = 0.5 gives none).
  for (const step of [4_000, 8_000, 16_000]) {
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(settled, false);
    clock.advance(step);
  }
  await assert.rejects(p, (e: unknown) => e instanceof DhcpError && e.code === "ETIMEOUT");
  assert.equal(server.seen.filter((m) => m.options.messageType === "INFORM").length, 3);
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(c.state, "STOPPED");
  assert.equal(clock.pendingTimers, 0);
  await server.close();
});

test("DhcpLeaseFile without file operations writes the file atomically with mode 0600", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wkdhcp-lease-"));
  try {
    const path = join(dir, "eth0.lease");
    const store = new DhcpLeaseFile(path);
    assert.equal(await store.load(), undefined);
    const lease: DhcpLease = {
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
      obtainedAt: 1_700_000_000_000,
    };
    await store.save(lease);
    assert.deepEqual(await new DhcpLeaseFile(path).load(), lease);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    await store.save(undefined);
    assert.equal(await store.load(), undefined);
    assert.deepEqual(readdirSync(dir), ["eth0.lease"]); // no temporary files left
    await fsp.writeFile(path, "x".repeat(70_000));
    assert.equal(await store.load(), undefined); // too big to be a lease
    await assert.rejects(new DhcpLeaseFile(join(dir, "missing", "eth0.lease")).save(lease));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
