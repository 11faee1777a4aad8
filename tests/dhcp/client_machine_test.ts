import { test } from "node:test";
import assert from "node:assert/strict";
import {
  decodeDhcpMessage,
  type DhcpClientEvent,
  DhcpClientMachine,
  type DhcpClientMachineOptions,
  type DhcpLease,
  type DhcpMessage,
  type DhcpOptions,
  type DhcpTransmit,
  encodeDhcpMessage,
} from "../../dhcp/mod.ts";

const MAC = Uint8Array.of(0x02, 0x00, 0x5e, 0x10, 0x20, 0x30);
const SERVER = "192.0.2.1";

/** A fixed sequence of "random" numbers, repeating. */
function seq(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

function machine(options: Partial<DhcpClientMachineOptions> = {}): DhcpClientMachine {
  return new DhcpClientMachine({ mac: MAC, random: seq(0.5), offerWait: 0, ...options });
}

function sent(c: DhcpClientMachine): { tx: DhcpTransmit; msg: DhcpMessage } {
  const tx = c.pollTransmit();
  assert.ok(tx, "expected a datagram");
  return { tx, msg: decodeDhcpMessage(tx.bytes) };
}

function events(c: DhcpClientMachine): DhcpClientEvent[] {
  const out: DhcpClientEvent[] = [];
  for (let e = c.pollEvent(); e; e = c.pollEvent()) out.push(e);
  return out;
}

function types(c: DhcpClientMachine): string[] {
  return events(c).map((e) => (e.type === "state" ? `${e.from}>${e.to}` : e.type));
}

function reply(
  to: DhcpMessage,
  type: DhcpOptions["messageType"],
  extra: Partial<DhcpOptions> = {},
  yiaddr = "192.0.2.10",
  patch: Partial<{ xid: number; chaddr: Uint8Array; op: 1 | 2 }> = {},
): Uint8Array {
  return encodeDhcpMessage({
    op: patch.op ?? 2,
    xid: patch.xid ?? to.xid,
    chaddr: patch.chaddr ?? MAC,
    yiaddr: type === "NAK" ? "0.0.0.0" : yiaddr,
    options: {
      messageType: type,
      serverId: SERVER,
      ...(type === "NAK" ? {} : {
        leaseTime: 600,
        subnetMask: "255.255.255.0",
        routers: ["192.0.2.1"],
        dnsServers: ["192.0.2.53"],
        domainName: "example.test",
        ntpServers: ["192.0.2.123"],
        interfaceMtu: 1400,
        domainSearch: ["example.test", "lab.example.test"],
        classlessStaticRoutes: [{ destination: "10.0.0.0/8", router: "192.0.2.254" }],
      }),
      ...extra,
    },
  });
}

/** Runs DISCOVER/OFFER/REQUEST/ACK at t=0..; returns the bound machine. */
function bound(options: Partial<DhcpClientMachineOptions> = {}, ack: Partial<DhcpOptions> = {}) {
  const c = machine(options);
  c.start(0);
  const d = sent(c).msg;
  assert.ok(c.handle(reply(d, "OFFER", ack), 100));
  const r = sent(c).msg;
  assert.ok(c.handle(reply(r, "ACK", ack), 200));
  events(c);
  return c;
}

test("DhcpClientMachine sends a DISCOVER with the client's options, broadcast", () => {
  const c = machine({
    hostname: "sensor-1",
    vendorClassId: "wirekit 0.1",
    random: seq(0.25),
    parameterRequestList: [1, 3, 6, 42],
  });
  assert.equal(c.state, "STOPPED");
  c.start(1000);
  assert.deepEqual(types(c), ["STOPPED>INIT", "INIT>SELECTING"]);
  const { tx, msg } = sent(c);
  assert.equal(tx.to, "255.255.255.255");
  assert.equal(tx.port, 67);
  assert.equal(tx.type, "DISCOVER");
  assert.equal(msg.op, 1);
  assert.equal(msg.xid, 0x40000000);
  assert.equal(msg.broadcast, true);
  assert.equal(msg.ciaddr, "0.0.0.0");
  assert.deepEqual(msg.chaddr, MAC);
  assert.deepEqual(msg.options, {
    messageType: "DISCOVER",
    clientId: Uint8Array.of(1, ...MAC),
    maxMessageSize: 1500,
    parameterRequestList: [1, 3, 6, 42],
    vendorClassId: "wirekit 0.1",
    hostname: "sensor-1",
  });
  assert.equal(c.pollTransmit(), undefined);
});

test("DhcpClientMachine retransmits DISCOVER after 4, 8, 16, 32, 64, 64 s with +-1 s jitter", () => {
  // random: 0.5 for the xid, then alternating 0 (-1 s) and ~1 (+1 s) for jitter.
  let calls = 0;
  const c = machine({ random: () => (calls++ === 0 ? 0.5 : calls % 2 === 0 ? 0 : 0.999999) });
  c.start(0);
  const first = sent(c).msg;
  const expected = [
    3000,
    8000 + 999.998,
    16000 - 1000,
    32000 + 999.998,
    64000 - 1000,
    64000 + 999.998,
  ];
  let now = 0;
  for (const gap of expected) {
    const due = c.pollTimeout();
    assert.ok(due !== undefined);
    assert.ok(Math.abs(due - (now + gap)) < 0.01, `retransmit after ${due - now}, expected ${gap}`);
    c.handleTimeout(due - 1); // not yet
    assert.equal(c.pollTransmit(), undefined);
    now = due;
    c.handleTimeout(now);
    const again = sent(c).msg;
    assert.equal(again.xid, first.xid);
    assert.equal(again.secs, Math.floor(now / 1000));
  }
});

test("DhcpClientMachine ignores replies with another xid, chaddr or op, and garbage", () => {
  const c = machine();
  c.start(0);
  const d = sent(c).msg;
  assert.equal(c.handle(reply(d, "OFFER", {}, undefined, { xid: d.xid + 1 }), 1), false);
  assert.equal(
    c.handle(reply(d, "OFFER", {}, undefined, { chaddr: Uint8Array.of(2, 0, 0, 0, 0, 9) }), 1),
    false,
  );
  assert.equal(c.handle(reply(d, "OFFER", {}, undefined, { op: 1 }), 1), false);
  assert.equal(c.handle(new Uint8Array(50), 1), false);
  assert.equal(c.handle(reply(d, "ACK"), 1), false); // no rapid commit asked for
  assert.equal(c.state, "SELECTING");
  assert.equal(c.pollTransmit(), undefined);
});

test("DhcpClientMachine requests the offered address and binds on ACK with every lease field", () => {
  const c = machine();
  c.start(0);
  const d = sent(c).msg;
  events(c);
  assert.ok(c.handle(reply(d, "OFFER"), 100));
  const { tx, msg } = sent(c);
  assert.equal(tx.to, "255.255.255.255");
  assert.equal(msg.xid, d.xid); // same transaction as the OFFER
  assert.equal(msg.options.messageType, "REQUEST");
  assert.equal(msg.options.requestedAddress, "192.0.2.10");
  assert.equal(msg.options.serverId, SERVER);
  assert.equal(msg.ciaddr, "0.0.0.0");
  // An ACK from another server is not ours.
  assert.equal(c.handle(reply(msg, "ACK", { serverId: "192.0.2.99" }), 150), false);
  assert.ok(c.handle(reply(msg, "ACK"), 200));
  const ev = events(c);
  assert.deepEqual(ev.map((e) => e.type), ["state", "state", "bound"]);
  const lease = (ev[2] as { lease: DhcpLease }).lease;
  assert.deepEqual(lease, {
    address: "192.0.2.10",
    subnetMask: "255.255.255.0",
    prefixLength: 24,
    routers: ["192.0.2.1"],
    dnsServers: ["192.0.2.53"],
    domainName: "example.test",
    domainSearch: ["example.test", "lab.example.test"],
    ntpServers: ["192.0.2.123"],
    mtu: 1400,
    staticRoutes: [{ destination: "10.0.0.0/8", router: "192.0.2.254" }],
    serverId: SERVER,
    leaseTime: 600,
    renewalTime: 300,
    rebindingTime: 525,
    obtainedAt: 100, // when the REQUEST went out
  });
  assert.deepEqual(c.lease, lease);
  assert.equal(c.state, "BOUND");
  assert.equal(c.pollTimeout(), 100 + 300_000);
});

test("DhcpClientMachine chooses among several offers", () => {
  // Default: the first offer within offerWait.
  const c = machine({ offerWait: 1000 });
  c.start(0);
  const d = sent(c).msg;
  assert.ok(c.handle(reply(d, "OFFER", { serverId: "192.0.2.2" }, "192.0.2.20"), 10));
  assert.ok(c.handle(reply(d, "OFFER", {}, "192.0.2.10"), 20));
  assert.equal(c.pollTimeout(), 1010);
  c.handleTimeout(1010);
  let r = sent(c).msg;
  assert.equal(r.options.requestedAddress, "192.0.2.20");
  assert.equal(r.options.serverId, "192.0.2.2");

  // With a custom chooser: the longest lease.
  const c2 = machine({
    offerWait: 1000,
    selectOffer: (offers) =>
      [...offers].sort((a, b) => (b.options.leaseTime ?? 0) - (a.options.leaseTime ?? 0))[0],
  });
  c2.start(0);
  const d2 = sent(c2).msg;
  c2.handle(reply(d2, "OFFER", { serverId: "192.0.2.2", leaseTime: 60 }, "192.0.2.20"), 10);
  c2.handle(reply(d2, "OFFER", { leaseTime: 7200 }, "192.0.2.10"), 20);
  c2.handleTimeout(1010);
  r = sent(c2).msg;
  assert.equal(r.options.requestedAddress, "192.0.2.10");
});

test("DhcpClientMachine prefers the offer of the remembered address", () => {
  const old: DhcpLease = {
    address: "192.0.2.30",
    subnetMask: "255.255.255.0",
    prefixLength: 24,
    routers: [],
    dnsServers: [],
    domainSearch: [],
    ntpServers: [],
    staticRoutes: [],
    serverId: SERVER,
    leaseTime: 60,
    renewalTime: 30,
    rebindingTime: 52,
    obtainedAt: 0,
  };
  const c = machine({ offerWait: 500 });
  c.start(120_000, old); // expired: INIT, but ask for it
  const d = sent(c).msg;
  assert.equal(d.options.messageType, "DISCOVER");
  assert.equal(d.options.requestedAddress, "192.0.2.30");
  c.handle(reply(d, "OFFER", {}, "192.0.2.10"), 120_010);
  c.handle(reply(d, "OFFER", {}, "192.0.2.30"), 120_020);
  c.handleTimeout(120_510);
  assert.equal(sent(c).msg.options.requestedAddress, "192.0.2.30");
});

test("DhcpClientMachine renews at T1 by unicast and rebinds at T2 by broadcast", () => {
  const c = bound({ minRenewInterval: 1000 }, {
    leaseTime: 20,
    renewalTime: 10,
    rebindingTime: 15,
  });
  assert.equal(c.pollTimeout(), 100 + 10_000);
  c.handleTimeout(10_100);
  assert.deepEqual(types(c), ["BOUND>RENEWING"]);
  const { tx, msg } = sent(c);
  assert.equal(tx.to, SERVER);
  assert.equal(msg.ciaddr, "192.0.2.10");
  assert.equal(msg.broadcast, false);
  assert.equal(msg.options.requestedAddress, undefined);
  assert.equal(msg.options.serverId, undefined);
  // Half the time to T2 (2.5 s) since it is above the minimum.
  assert.equal(c.pollTimeout(), 10_100 + 2500);
  c.handleTimeout(12_600);
  assert.equal(sent(c).tx.to, SERVER);
  assert.equal(c.pollTimeout(), 12_600 + 1250);
  c.handleTimeout(13_850);
  sent(c);
  assert.equal(c.pollTimeout(), 14_850); // half of 1.25 s is below the 1 s minimum
  c.handleTimeout(14_850);
  sent(c);
  assert.equal(c.pollTimeout(), 15_100); // the minimum would pass T2: T2 wins
  c.handleTimeout(15_100);
  const ev = events(c);
  assert.deepEqual(ev.map((e) => e.type), ["state", "rebinding"]);
  const rb = sent(c);
  assert.equal(rb.tx.to, "255.255.255.255");
  assert.equal(rb.msg.ciaddr, "192.0.2.10");
  assert.equal(rb.msg.options.serverId, undefined);
  assert.ok(
    c.handle(
      reply(rb.msg, "ACK", {
        leaseTime: 20,
        renewalTime: 10,
        rebindingTime: 15,
        serverId: "192.0.2.2",
      }),
      15_200,
    ),
  );
  const ev2 = events(c);
  assert.deepEqual(ev2.map((e) => e.type), ["state", "renewed"]);
  assert.equal(c.lease?.obtainedAt, 15_100);
  assert.equal(c.lease?.serverId, "192.0.2.2"); // renewals now go to the server that answered
  assert.equal(c.pollTimeout(), 25_100);
});

test("DhcpClientMachine renews in RENEWING on the first ACK", () => {
  const c = bound({}, { leaseTime: 600 });
  c.handleTimeout(300_100);
  const r = sent(c).msg;
  events(c);
  assert.ok(c.handle(reply(r, "ACK"), 300_200));
  assert.deepEqual(types(c), ["RENEWING>BOUND", "renewed"]);
  assert.equal(c.lease?.obtainedAt, 300_100);
  // RFC minimum of 60 s between renewal retransmissions by default.
  c.handleTimeout(600_100);
  sent(c);
  // T2 is at 300_100 + 525_000: half of the 225 s left.
  assert.equal(c.pollTimeout(), 600_100 + 112_500);
  c.handleTimeout(712_600);
  sent(c);
  assert.equal(c.pollTimeout(), 712_600 + 60_000); // half of 112.5 s is below the 60 s minimum
});

test("DhcpClientMachine goes back to INIT when the lease expires", () => {
  const c = bound({ minRenewInterval: 60_000 }, { leaseTime: 100 });
  let now = c.pollTimeout()!;
  for (let i = 0; i < 20 && c.state !== "SELECTING"; i++) {
    c.handleTimeout(now);
    while (c.pollTransmit()) { /* drop: the server is gone */ }
    now = c.pollTimeout()!;
  }
  const ev = events(c);
  assert.deepEqual(ev.filter((e) => e.type !== "state").map((e) => e.type), [
    "rebinding",
    "expired",
  ]);
  assert.equal(c.state, "SELECTING");
  assert.equal(c.lease, undefined);
  assert.ok(ev.some((e) => e.type === "state" && e.from === "REBINDING" && e.to === "INIT"));
});

test("DhcpClientMachine INIT-REBOOT requests the remembered address; NAK leads back to INIT", () => {
  const old: DhcpLease = {
    address: "192.0.2.77",
    subnetMask: "255.255.255.0",
    prefixLength: 24,
    routers: [],
    dnsServers: [],
    domainSearch: [],
    ntpServers: [],
    staticRoutes: [],
    serverId: SERVER,
    leaseTime: 3600,
    renewalTime: 1800,
    rebindingTime: 3150,
    obtainedAt: 0,
  };
  const c = machine();
  c.start(1000, old);
  assert.deepEqual(types(c), ["STOPPED>INIT-REBOOT", "INIT-REBOOT>REBOOTING"]);
  const { tx, msg } = sent(c);
  assert.equal(tx.to, "255.255.255.255");
  assert.equal(msg.options.messageType, "REQUEST");
  assert.equal(msg.options.requestedAddress, "192.0.2.77");
  assert.equal(msg.options.serverId, undefined);
  assert.equal(msg.ciaddr, "0.0.0.0");
  assert.ok(c.handle(reply(msg, "NAK", { message: "wrong network" }), 1100));
  const ev = events(c);
  assert.deepEqual(ev[0], { type: "nak", message: "wrong network", serverId: SERVER });
  assert.deepEqual(ev.slice(1).map((e) => e.type === "state" && e.to), ["INIT", "SELECTING"]);
  const d = sent(c).msg;
  assert.equal(d.options.messageType, "DISCOVER");
  assert.equal(d.options.requestedAddress, undefined); // forgotten after the NAK
  assert.notEqual(d.xid, undefined);
});

test("DhcpClientMachine INIT-REBOOT binds on ACK", () => {
  const old = bound().lease!;
  const c = machine();
  c.start(1000, old);
  const r = sent(c).msg;
  events(c);
  assert.ok(c.handle(reply(r, "ACK"), 1100));
  assert.deepEqual(types(c), ["REBOOTING>BOUND", "bound"]);
  assert.equal(c.lease?.obtainedAt, 1000);
});

test("DhcpClientMachine gives up a REQUEST after requestAttempts and restarts", () => {
  const c = machine({ requestAttempts: 2, random: seq(0.5) });
  c.start(0);
  const d = sent(c).msg;
  c.handle(reply(d, "OFFER"), 10);
  sent(c);
  c.handleTimeout(c.pollTimeout()!);
  assert.equal(sent(c).msg.options.messageType, "REQUEST");
  events(c);
  c.handleTimeout(c.pollTimeout()!);
  assert.deepEqual(types(c), ["REQUESTING>INIT", "INIT>SELECTING"]);
  assert.equal(sent(c).msg.options.messageType, "DISCOVER");
});

test("DhcpClientMachine declines a conflicting address and waits before starting over", () => {
  const c = bound();
  assert.throws(() => machine().decline(0), TypeError);
  c.decline(5000);
  const { tx, msg } = sent(c);
  assert.equal(tx.type, "DECLINE");
  assert.equal(tx.to, "255.255.255.255");
  assert.equal(msg.options.messageType, "DECLINE");
  assert.equal(msg.options.requestedAddress, "192.0.2.10");
  assert.equal(msg.options.serverId, SERVER);
  assert.equal(msg.ciaddr, "0.0.0.0");
  assert.deepEqual(types(c), ["declined", "BOUND>INIT"]);
  assert.equal(c.lease, undefined);
  assert.equal(c.pollTimeout(), 15_000);
  c.handleTimeout(14_999);
  assert.equal(c.pollTransmit(), undefined);
  c.handleTimeout(15_000);
  const d = sent(c).msg;
  assert.equal(d.options.messageType, "DISCOVER");
  assert.equal(d.options.requestedAddress, undefined);
});

test("DhcpClientMachine releases the lease by unicast and stops", () => {
  const c = bound();
  c.release(9000);
  const { tx, msg } = sent(c);
  assert.equal(tx.type, "RELEASE");
  assert.equal(tx.to, SERVER);
  assert.equal(msg.ciaddr, "192.0.2.10");
  assert.equal(msg.options.messageType, "RELEASE");
  assert.equal(msg.options.serverId, SERVER);
  assert.deepEqual(msg.options.clientId, Uint8Array.of(1, ...MAC));
  assert.deepEqual(types(c), ["released", "BOUND>STOPPED"]);
  assert.equal(c.pollTimeout(), undefined);
  assert.equal(c.lease, undefined);
  // Releasing without a lease only stops.
  const s = machine();
  s.start(0);
  sent(s);
  s.release(1);
  assert.equal(s.pollTransmit(), undefined);
  assert.equal(s.state, "STOPPED");
});

test("DhcpClientMachine handles a NAK while RENEWING", () => {
  const c = bound();
  c.handleTimeout(c.pollTimeout()!);
  const r = sent(c).msg;
  events(c);
  assert.ok(c.handle(reply(r, "NAK"), 300_200));
  const ev = events(c);
  assert.equal(ev[0].type, "nak");
  assert.equal((ev[0] as { lease?: DhcpLease }).lease?.address, "192.0.2.10");
  assert.equal(c.state, "SELECTING");
});

test("DhcpClientMachine INFORM asks for configuration only", () => {
  const c = machine();
  c.inform(0, "192.0.2.44");
  const { tx, msg } = sent(c);
  assert.equal(tx.type, "INFORM");
  assert.equal(msg.ciaddr, "192.0.2.44");
  assert.equal(msg.broadcast, false);
  assert.equal(msg.options.leaseTime, undefined);
  assert.equal(msg.options.requestedAddress, undefined);
  events(c);
  assert.ok(c.handle(reply(msg, "ACK", { leaseTime: undefined }, "0.0.0.0"), 50));
  const ev = events(c);
  assert.equal(ev[0].type, "informed");
  assert.deepEqual((ev[0] as { options: DhcpOptions }).options.ntpServers, ["192.0.2.123"]);
  assert.equal(c.state, "STOPPED");

  const t = machine({ requestAttempts: 3 });
  t.inform(0, "192.0.2.44", "192.0.2.1");
  assert.equal(sent(t).tx.to, "192.0.2.1");
  for (let i = 0; i < 3; i++) t.handleTimeout(t.pollTimeout()!);
  assert.ok(events(t).some((e) => e.type === "timeout"));
  assert.equal(t.state, "STOPPED");
});

test("DhcpClientMachine binds straight from DISCOVER with rapid commit (RFC 4039)", () => {
  const c = machine({ rapidCommit: true, fqdn: "sensor-1.example.test." });
  c.start(0);
  const d = sent(c).msg;
  assert.equal(d.options.rapidCommit, true);
  assert.deepEqual(d.options.clientFqdn, {
    flags: 5,
    rcode1: 0,
    rcode2: 0,
    name: "sensor-1.example.test.",
  });
  assert.equal(d.options.hostname, undefined);
  assert.equal(c.handle(reply(d, "ACK"), 10), false); // without option 80 it is not a rapid commit
  assert.ok(c.handle(reply(d, "ACK", { rapidCommit: true }), 10));
  assert.equal(c.state, "BOUND");
  assert.equal(c.lease?.obtainedAt, 0);
  assert.equal(c.pollTransmit(), undefined);
});

test("DhcpClientMachine uses default T1/T2 when missing or inconsistent, none for infinite leases", () => {
  let c = bound({}, { leaseTime: 1000, renewalTime: 900, rebindingTime: 800 });
  assert.equal(c.lease?.renewalTime, 500);
  assert.equal(c.lease?.rebindingTime, 875);
  c = bound({}, { leaseTime: 0xffffffff });
  assert.equal(c.pollTimeout(), undefined);
});

test("DhcpClientMachine rejects misuse", () => {
  assert.throws(() => new DhcpClientMachine({ mac: new Uint8Array(0) }), TypeError);
  assert.throws(() => new DhcpClientMachine({ mac: MAC, hostname: "a", fqdn: "a.b." }), TypeError);
  assert.throws(() => new DhcpClientMachine({ mac: MAC, maxMessageSize: 100 }), RangeError);
  const c = machine();
  c.start(0);
  assert.throws(() => c.start(0), TypeError);
  assert.throws(() => machine().inform(0, "nope"), SyntaxError);
});
