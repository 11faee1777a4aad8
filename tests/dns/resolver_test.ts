// The DnsResolver driver on the memory network with a fake clock: retries,
// timeouts, server rotation, resolv.conf/hosts (re-read on change), the
// lookup() cache, CNAME chains across responses and the TCP fallback.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  decodeDnsMessage,
  DnsError,
  type DnsMessage,
  DnsResolver,
  type DnsResolverOptions,
  DnsTcpDeframer,
  encodeDnsMessage,
  frameDnsTcp,
} from "../../dns/mod.ts";
import { type DatagramSocket, FakeClock, MemoryNetwork } from "../../net/mod.ts";

const dir = mkdtempSync(join(tmpdir(), "wirekit-dns-resolver-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Lets the driver's promise chains run (real macrotask turns; the fake clock stays put). */
async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setTimeout(r, 0));
}

type Handler = (q: DnsMessage) => Partial<DnsMessage> | undefined;

interface Seen {
  server: string;
  at: number;
  name: string;
  type: string;
}

interface Lab {
  net: MemoryNetwork;
  clock: FakeClock;
  seen: Seen[];
  serve(address: string, handler: Handler): Promise<DatagramSocket>;
  resolver(options: DnsResolverOptions): DnsResolver;
  close(): Promise<void>;
}

function lab(): Lab {
  const net = new MemoryNetwork();
  const clock = new FakeClock(1_000_000);
  const seen: Seen[] = [];
  const sockets: DatagramSocket[] = [];
  const resolvers: DnsResolver[] = [];
  return {
    net,
    clock,
    seen,
    async serve(address, handler) {
      const s = await net.bindDatagram({ hostname: address, port: 53 });
      sockets.push(s);
      (async () => {
        for await (const d of s) {
          const q = decodeDnsMessage(d.data);
          seen.push({
            server: address,
            at: clock.now(),
            name: q.questions[0].name,
            type: q.questions[0].type,
          });
          const reply = handler(q);
          if (!reply) continue;
          await s.send(
            encodeDnsMessage({
              id: q.id,
              qr: true,
              rd: true,
              ra: true,
              questions: q.questions,
              ...reply,
            }),
            d.remote,
          );
        }
      })();
      return s;
    },
    resolver(options) {
      const r = new DnsResolver({
        transport: net,
        clock,
        resolvConf: false,
        hostsFile: false,
        ...options,
      });
      resolvers.push(r);
      return r;
    },
    async close() {
      for (const r of resolvers) await r.close();
      for (const s of sockets) await s.close();
    },
  };
}

function a(name: string, data: string, ttl = 300) {
  return { name, type: "A" as const, class: 1, ttl, data };
}

function addressFor(q: DnsMessage): Partial<DnsMessage> {
  const { name, type } = q.questions[0];
  if (type === "A") return { answers: [a(name, "192.0.2.1")] };
  return { authorities: [soa()] };
}

function soa() {
  return {
    name: "example.test",
    type: "SOA" as const,
    class: 1,
    ttl: 60,
    data: {
      mname: "ns.example.test",
      rname: "h.example.test",
      serial: 1,
      refresh: 1,
      retry: 1,
      expire: 1,
      minimum: 60,
    },
  };
}

function code(c: string) {
  return (e: unknown) => {
    assert.ok(e instanceof DnsError, String(e));
    assert.equal(e.code, c);
    return true;
  };
}

test("DnsResolver retries across servers with doubling timeouts, then reports ETIMEOUT", async () => {
  const l = lab();
  await l.serve("10.0.0.1", () => undefined);
  await l.serve("10.0.0.2", () => undefined);
  const r = l.resolver({ servers: ["10.0.0.1", "10.0.0.2"], timeoutMs: 1000, attempts: 2 });
  let outcome: unknown;
  const p = r.resolve("lost.example.test", "A").then(
    (v) => (outcome = v),
    (e) => (outcome = e),
  );
  await settle();
  for (const step of [1000, 1000, 2000, 2000]) {
    assert.equal(outcome, undefined);
    l.clock.advance(step);
    await settle();
  }
  await p;
  code("ETIMEOUT")(outcome);
  const t0 = 1_000_000;
  assert.deepEqual(l.seen.map((s) => [s.server, s.at - t0]), [
    ["10.0.0.1", 0],
    ["10.0.0.2", 1000],
    ["10.0.0.1", 2000],
    ["10.0.0.2", 4000],
  ]);
  await l.close();
});

test("DnsResolver gets the answer from the second server when the first stays silent", async () => {
  const l = lab();
  await l.serve("10.0.0.1", () => undefined);
  await l.serve("10.0.0.2", addressFor);
  const r = l.resolver({ servers: ["10.0.0.1", "10.0.0.2"], timeoutMs: 500, attempts: 1 });
  const p = r.resolve("www.example.test", "A");
  await settle();
  l.clock.advance(500);
  await settle();
  assert.deepEqual((await p).map((x) => x.data), ["192.0.2.1"]);
  assert.deepEqual(l.seen.map((s) => s.server), ["10.0.0.1", "10.0.0.2"]);
  await l.close();
});

test("DnsResolver moves to the next server on SERVFAIL and REFUSED", async () => {
  const l = lab();
  await l.serve("10.0.0.1", () => ({ rcode: 2 }));
  await l.serve("10.0.0.2", () => ({ rcode: 5 }));
  await l.serve("10.0.0.3", addressFor);
  const r = l.resolver({ servers: ["10.0.0.1", "10.0.0.2", "10.0.0.3"], attempts: 1 });
  assert.equal((await r.resolve("www.example.test", "A"))[0].data, "192.0.2.1");
  assert.deepEqual(l.seen.map((s) => s.server), ["10.0.0.1", "10.0.0.2", "10.0.0.3"]);
  const only = l.resolver({ servers: ["10.0.0.2"], attempts: 2 });
  await assert.rejects(only.resolve("x.example.test", "A"), code("EREFUSED"));
  await l.close();
});

test("DnsResolver with rotate starts each lookup at the next server", async () => {
  const l = lab();
  await l.serve("10.0.0.1", addressFor);
  await l.serve("10.0.0.2", addressFor);
  const r = l.resolver({ servers: ["10.0.0.1", "10.0.0.2"], rotate: true });
  for (const n of ["a", "b", "c", "d"]) await r.resolve(`${n}.example.test`, "A");
  assert.deepEqual(l.seen.map((s) => s.server), ["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2"]);
  const fixed = l.resolver({ servers: ["10.0.0.1", "10.0.0.2"] });
  l.seen.length = 0;
  for (const n of ["e", "f"]) await fixed.resolve(`${n}.example.test`, "A");
  assert.deepEqual(l.seen.map((s) => s.server), ["10.0.0.1", "10.0.0.1"]);
  await l.close();
});

test("DnsResolver reads resolv.conf (servers, search, ndots, timeout, attempts) and re-reads it when it changes", async () => {
  const l = lab();
  await l.serve("10.0.0.1", () => undefined);
  await l.serve("10.0.0.2", (q) => {
    const name = q.questions[0].name;
    return name.endsWith(".corp.test") ? addressFor(q) : { rcode: 3, authorities: [soa()] };
  });
  const conf = join(dir, "resolv.conf");
  writeFileSync(
    conf,
    "nameserver 10.0.0.1\nsearch corp.test\noptions ndots:2 timeout:1 attempts:1\n",
  );
  utimesSync(conf, 1000, 1000);
  const r = l.resolver({ resolvConf: conf });
  let outcome: unknown;
  const p = r.resolve("host", "A").then((v) => (outcome = v), (e) => (outcome = e));
  await settle();
  // The only server is silent: one try of timeout:1 (1000 ms), attempts:1.
  assert.deepEqual(l.seen.map((s) => [s.server, s.name]), [["10.0.0.1", "host.corp.test"]]);
  l.clock.advance(999);
  await settle();
  assert.equal(outcome, undefined);
  l.clock.advance(1);
  await settle();
  await p;
  code("ETIMEOUT")(outcome);
  // A new server: seen only after the file changes and 2 s have passed.
  writeFileSync(conf, "nameserver 10.0.0.2\nsearch corp.test\noptions ndots:2\n");
  utimesSync(conf, 2000, 2000);
  l.clock.advance(2000);
  l.seen.length = 0;
  const records = await r.resolve("host", "A");
  assert.equal(records[0].name, "host.corp.test");
  assert.deepEqual(l.seen.map((s) => [s.server, s.name]), [["10.0.0.2", "host.corp.test"]]);
  // ndots:2: a name with two dots is tried as-is first, then with the search domain.
  l.seen.length = 0;
  const two = await r.resolve("a.b.c", "A");
  assert.equal(two[0].name, "a.b.c.corp.test");
  assert.deepEqual(l.seen.map((s) => s.name), ["a.b.c", "a.b.c.corp.test"]);
  await l.close();
});

test("DnsResolver.lookup() answers from the hosts file and re-reads it when it changes", async () => {
  const l = lab();
  await l.serve("10.0.0.1", addressFor);
  const hosts = join(dir, "hosts");
  writeFileSync(hosts, "192.0.2.77 printer.lan printer\n# comment\n2001:db8::7 printer.lan\n");
  utimesSync(hosts, 1000, 1000);
  const r = l.resolver({ servers: ["10.0.0.1"], hostsFile: hosts });
  assert.deepEqual(await r.lookup("Printer.LAN"), [
    { address: "2001:db8::7", family: 6 },
    { address: "192.0.2.77", family: 4 },
  ]);
  assert.deepEqual(await r.lookup("printer", { family: 4 }), [{
    address: "192.0.2.77",
    family: 4,
  }]);
  writeFileSync(hosts, "192.0.2.78 printer.lan\n");
  utimesSync(hosts, 2000, 2000);
  // Within the 2 s re-check window the old answer stands, then the new file wins.
  l.clock.advance(1999);
  assert.deepEqual(await r.lookup("printer.lan", { family: 4 }), [
    { address: "192.0.2.77", family: 4 },
  ]);
  l.clock.advance(1);
  assert.deepEqual(await r.lookup("printer.lan", { family: 4 }), [
    { address: "192.0.2.78", family: 4 },
  ]);
  assert.equal(l.seen.length, 0, "no DNS query for hosts-file names");
  // Literals never touch the network or the file.
  assert.deepEqual(await r.lookup("::1"), [{ address: "::1", family: 6 }]);
  await assert.rejects(r.lookup("::1", { family: 4 }), code("ENODATA"));
  await l.close();
});

test("DnsResolver.lookup() reuses a result until its smallest TTL runs out", async () => {
  const l = lab();
  await l.serve("10.0.0.1", (q) => {
    const { name, type } = q.questions[0];
    if (type === "A") return { answers: [a(name, "192.0.2.1", 30), a(name, "192.0.2.2", 60)] };
    return {
      answers: [{ name, type: "AAAA" as const, class: 1, ttl: 45, data: "2001:db8::1" }],
    };
  });
  const r = l.resolver({ servers: ["10.0.0.1"] });
  const first = await r.lookup("dual.example.test");
  assert.deepEqual(first, [
    { address: "2001:db8::1", family: 6 },
    { address: "192.0.2.1", family: 4 },
    { address: "192.0.2.2", family: 4 },
  ]);
  assert.equal(l.seen.length, 2);
  const again = await r.lookup("dual.example.test");
  assert.deepEqual(again, first);
  again.pop(); // the caller's copy; the cached list is unaffected
  assert.equal((await r.lookup("dual.example.test")).length, 3);
  assert.deepEqual(await r.lookup("dual.example.test", { order: "ipv4first" }), [
    { address: "192.0.2.1", family: 4 },
    { address: "192.0.2.2", family: 4 },
    { address: "2001:db8::1", family: 6 },
  ]);
  assert.equal(l.seen.length, 2);
  l.clock.advance(29_000);
  await r.lookup("dual.example.test");
  assert.equal(l.seen.length, 2);
  l.clock.advance(1_000);
  await r.lookup("dual.example.test");
  assert.equal(l.seen.length, 3, "the A RRset (TTL 30) expired; AAAA (45) still cached");
  await assert.rejects(r.lookup("x", { family: 5 as 4 }), RangeError);
  await l.close();
});

test("DnsResolver caches the asked name of a CNAME chain followed across responses", async () => {
  const l = lab();
  await l.serve("10.0.0.1", (q) => {
    const { name } = q.questions[0];
    if (name === "alias.example.test") {
      return {
        answers: [{
          name,
          type: "CNAME" as const,
          class: 1,
          ttl: 30,
          data: "target.other.test",
        }],
      };
    }
    if (name === "target.other.test") return { answers: [a(name, "192.0.2.9", 60)] };
    return { rcode: 3 };
  });
  const r = l.resolver({ servers: ["10.0.0.1"] });
  const first = await r.query("alias.example.test", "A");
  assert.deepEqual(first.cnames, ["target.other.test"]);
  assert.equal(first.fromCache, false);
  assert.deepEqual(l.seen.map((s) => s.name), ["alias.example.test", "target.other.test"]);
  l.clock.advance(10_000);
  const second = await r.query("alias.example.test", "A");
  assert.equal(second.fromCache, true);
  assert.deepEqual(second.cnames, ["target.other.test"]);
  assert.deepEqual(second.records.map((x) => [x.name, x.data, x.ttl]), [[
    "target.other.test",
    "192.0.2.9",
    20, // capped by the entry's life: the CNAME (TTL 30) has 20 s left
  ]]);
  assert.equal(l.seen.length, 2);
  // The entry lives as long as the shortest TTL on the chain (the CNAME's 30 s).
  l.clock.advance(20_000);
  const third = await r.query("alias.example.test", "A");
  assert.deepEqual(l.seen.map((s) => s.name), [
    "alias.example.test",
    "target.other.test",
    "alias.example.test",
  ]);
  assert.equal(third.records[0].ttl, 30, "the target came from the cache (60 s - 30 s)");
  await l.close();
});

test("DnsResolver retries over TCP when the UDP answer is truncated", async () => {
  const l = lab();
  const many = Array.from({ length: 12 }, (_, i) => a("big.example.test", `192.0.2.${i + 1}`));
  await l.serve(
    "10.0.0.1",
    (q) => ({
      tc: true,
      answers: many.slice(0, 2).map((x) => ({ ...x, name: q.questions[0].name })),
    }),
  );
  const listener = await l.net.listen({ hostname: "10.0.0.1", port: 53 });
  const serving = (async () => {
    const conn = await listener.accept();
    const reader = conn.readable.getReader();
    const deframer = new DnsTcpDeframer();
    const writer = conn.writable.getWriter();
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const m of deframer.push(value)) {
        const q = decodeDnsMessage(m);
        l.seen.push({ server: "tcp", at: l.clock.now(), name: q.questions[0].name, type: "A" });
        await writer.write(frameDnsTcp(encodeDnsMessage({
          id: q.id,
          qr: true,
          questions: q.questions,
          answers: many,
        })));
      }
    }
    await conn.close();
  })();
  const r = l.resolver({ servers: ["10.0.0.1"] });
  const records = await r.resolve("big.example.test", "A");
  assert.equal(records.length, 12);
  assert.deepEqual(l.seen.map((s) => s.server), ["10.0.0.1", "tcp"]);
  await l.close();
  await listener.close();
  await serving;
});

test("DnsResolver shares a UDP socket between udpQueriesPerSocket queries, then changes port", async () => {
  const ports: number[] = [];
  const l = lab();
  const net = l.net;
  await l.serve("10.0.0.1", addressFor);
  const orig = net.bindDatagram.bind(net);
  net.bindDatagram = async (o) => {
    const s = await orig(o);
    ports.push(s.local.port);
    return s;
  };
  const r = l.resolver({ servers: ["10.0.0.1"], udpQueriesPerSocket: 2 });
  for (const n of ["a", "b", "c", "d", "e"]) await r.resolve(`${n}.example.test`, "A");
  assert.equal(ports.length, 3);
  const one = l.resolver({ servers: ["10.0.0.1"], udpQueriesPerSocket: 1 });
  for (const n of ["f", "g", "h"]) await one.resolve(`${n}.example.test`, "A");
  assert.equal(ports.length, 6);
  assert.equal(new Set(ports).size, 6);
  await l.close();
});

test("DnsResolver matches replies on a shared socket even when query ids collide", async () => {
  const l = lab();
  // Replies come back in reverse order, after both queries arrived.
  const held: (() => void)[] = [];
  const s = await l.net.bindDatagram({ hostname: "10.0.0.1", port: 53 });
  const serving = (async () => {
    for await (const d of s) {
      const q = decodeDnsMessage(d.data);
      const name = q.questions[0].name;
      const last = name.startsWith("one") ? "1" : "2";
      held.push(() =>
        void s.send(
          encodeDnsMessage({
            id: q.id,
            qr: true,
            questions: q.questions,
            answers: [a(name, `192.0.2.${last}`)],
          }),
          d.remote,
        )
      );
      if (held.length === 2) { for (const f of held.reverse()) f(); }
    }
  })();
  const r = l.resolver({ servers: ["10.0.0.1"], random16: () => 0x4242 });
  const [one, two] = await Promise.all([
    r.resolve("one.example.test", "A"),
    r.resolve("two.example.test", "A"),
  ]);
  assert.equal(one[0].data, "192.0.2.1");
  assert.equal(two[0].data, "192.0.2.2");
  await l.close();
  await s.close();
  await serving;
});

test("DnsResolver applies a resolv.conf change while lookups are in flight, keeping the cache", async () => {
  const l = lab();
  await l.serve(
    "10.0.0.1",
    (q) => q.questions[0].name === "cached.example.test" ? addressFor(q) : undefined,
  );
  await l.serve("10.0.0.2", addressFor);
  const conf = join(dir, "resolv-inflight.conf");
  writeFileSync(conf, "nameserver 10.0.0.1\noptions timeout:1 attempts:3\n");
  utimesSync(conf, 1000, 1000);
  const r = l.resolver({ resolvConf: conf });
  await r.resolve("cached.example.test", "A");
  let outcome: unknown;
  const x = r.resolve("x.example.test", "A").then((v) => (outcome = v), (e) => (outcome = e));
  await settle();
  writeFileSync(conf, "nameserver 10.0.0.2\noptions timeout:1 attempts:3\n");
  utimesSync(conf, 2000, 2000);
  l.clock.advance(1000); // x: second try, still to 10.0.0.1 (nobody re-read the file yet)
  await settle();
  l.clock.advance(1000);
  // A new lookup re-reads the file while x is in flight.
  assert.equal((await r.resolve("y.example.test", "A"))[0].data, "192.0.2.1");
  assert.equal((await r.query("cached.example.test", "A")).fromCache, true);
  l.clock.advance(1000); // x: third try goes to the new server
  await settle();
  await x;
  assert.ok(Array.isArray(outcome), String(outcome));
  const t0 = 1_000_000;
  assert.deepEqual(l.seen.map((s) => [s.server, s.name, s.at - t0]), [
    ["10.0.0.1", "cached.example.test", 0],
    ["10.0.0.1", "x.example.test", 0],
    ["10.0.0.1", "x.example.test", 1000],
    ["10.0.0.2", "y.example.test", 2000],
    ["10.0.0.2", "x.example.test", 3000],
  ]);
  await l.close();
});
