import { test } from "node:test";
import assert from "node:assert/strict";
import {
  decodeDnsMessage,
  type DnsAnswer,
  type DnsCoreEvent,
  DnsError,
  type DnsMessage,
  type DnsRecord,
  DnsResolverCore,
  type DnsResolverCoreOptions,
  type DnsTransmit,
  encodeDnsMessage,
} from "../../dns/mod.ts";

const S1 = { hostname: "192.0.2.1", port: 53 };
const S2 = { hostname: "192.0.2.2", port: 53 };

function core(opts: Partial<DnsResolverCoreOptions> = {}): DnsResolverCore {
  let n = 100;
  return new DnsResolverCore({
    servers: [S1, S2],
    timeoutMs: 1000,
    attempts: 2,
    random16: () => n++,
    ...opts,
  });
}

function reply(tx: DnsTransmit, patch: Partial<DnsMessage>): Uint8Array {
  const q = decodeDnsMessage(tx.data);
  return encodeDnsMessage({
    id: q.id,
    qr: true,
    rd: true,
    ra: true,
    questions: q.questions,
    ...patch,
  });
}

const soa: DnsRecord = {
  name: "example.test",
  type: "SOA",
  class: 1,
  ttl: 3600,
  data: {
    mname: "ns1.example.test",
    rname: "h.example.test",
    serial: 1,
    refresh: 1,
    retry: 1,
    expire: 1,
    minimum: 30,
  },
};

function a(name: string, data: string, ttl = 300): DnsRecord {
  return { name, type: "A", class: 1, ttl, data };
}

function events(c: DnsResolverCore): DnsCoreEvent[] {
  const out: DnsCoreEvent[] = [];
  for (let e = c.pollEvent(); e; e = c.pollEvent()) out.push(e);
  return out;
}

function result(c: DnsResolverCore, handle: number): DnsAnswer | DnsError | undefined {
  for (const e of events(c)) {
    if (e.type === "answer" && e.handle === handle) return e.answer;
    if (e.type === "error" && e.handle === handle) return e.error;
  }
  return undefined;
}

test("DnsResolverCore sends a query with a random id, RD and EDNS 1232 to the first server", () => {
  const c = core();
  c.query(["www.example.test"], "A", 0);
  const tx = c.pollTransmit()!;
  assert.equal(tx.protocol, "udp");
  assert.deepEqual(tx.server, S1);
  const q = decodeDnsMessage(tx.data);
  assert.equal(q.id, 100);
  assert.equal(q.rd, true);
  assert.equal(q.edns?.udpSize, 1232);
  assert.deepEqual(q.questions, [{ name: "www.example.test", type: "A", class: 1 }]);
  assert.equal(c.pollTimeout(), 1000);
});

test("DnsResolverCore ignores replies from the wrong address, with the wrong id or question, and accepts mixed case", () => {
  const c = core();
  const h = c.query(["www.example.test"], "A", 0);
  const tx = c.pollTransmit()!;
  const good = reply(tx, { answers: [a("WWW.Example.TEST", "192.0.2.10")] });
  assert.equal(c.handleResponse(tx.key, { hostname: "192.0.2.99", port: 53 }, good, 1), false);
  assert.equal(c.handleResponse(tx.key, { hostname: S1.hostname, port: 5353 }, good, 1), false);
  const wrongId = good.slice();
  wrongId[1] ^= 1;
  assert.equal(c.handleResponse(tx.key, S1, wrongId, 1), false);
  const other = encodeDnsMessage({
    ...decodeDnsMessage(good),
    questions: [{ name: "evil.test", type: "A", class: 1 }],
  });
  assert.equal(c.handleResponse(tx.key, S1, other, 1), false);
  assert.equal(c.handleResponse(tx.key, S1, Uint8Array.of(1, 2, 3), 1), false);
  assert.equal(result(c, h), undefined);
  const q = decodeDnsMessage(tx.data);
  const upper = encodeDnsMessage({
    ...decodeDnsMessage(good),
    questions: [{ ...q.questions[0], name: "WWW.EXAMPLE.TEST" }],
  });
  assert.equal(c.handleResponse(tx.key, S1, upper, 2), true);
  const r = result(c, h) as DnsAnswer;
  assert.equal(r.records[0].data, "192.0.2.10");
});

test("DnsResolverCore retries over TCP when the UDP answer is truncated", () => {
  const c = core();
  const h = c.query(["big.example.test"], "TXT", 0);
  const tx = c.pollTransmit()!;
  // dnsmasq sends part of the answer with TC=1: it must not be used.
  const partial = reply(tx, {
    tc: true,
    answers: [{
      name: "big.example.test",
      type: "TXT",
      class: 1,
      ttl: 60,
      data: [Uint8Array.of(97)],
    }],
  });
  c.handleResponse(tx.key, S1, partial, 1);
  assert.equal(result(c, h), undefined);
  const tcp = c.pollTransmit()!;
  assert.equal(tcp.protocol, "tcp");
  assert.deepEqual(tcp.server, S1);
  const full = [Uint8Array.of(97), Uint8Array.of(98)];
  c.handleResponse(
    tcp.key,
    S1,
    reply(tcp, {
      answers: [{ name: "big.example.test", type: "TXT", class: 1, ttl: 60, data: full }],
    }),
    2,
  );
  const r = result(c, h) as DnsAnswer;
  assert.deepEqual(r.records[0].data, full);
});

test("DnsResolverCore moves to the next server on SERVFAIL and REFUSED, then reports the rcode", () => {
  const c = core({ attempts: 1 });
  const h = c.query(["x.example.test"], "A", 0);
  const t1 = c.pollTransmit()!;
  c.handleResponse(t1.key, S1, reply(t1, { rcode: 2 }), 1);
  const t2 = c.pollTransmit()!;
  assert.deepEqual(t2.server, S2);
  c.handleResponse(t2.key, S2, reply(t2, { rcode: 5 }), 2);
  const e = result(c, h) as DnsError;
  assert.ok(e instanceof DnsError);
  assert.equal(e.code, "EREFUSED");
});

test("DnsResolverCore times out per try with doubling timeouts across servers and rounds", () => {
  const c = core();
  const h = c.query(["slow.example.test"], "A", 0);
  const sent: [string, number][] = [];
  let now = 0;
  for (let i = 0; i < 10; i++) {
    const tx = c.pollTransmit();
    if (!tx) break;
    sent.push([tx.server.hostname, now]);
    now = c.pollTimeout()!;
    c.handleTimeout(now);
  }
  assert.deepEqual(sent, [["192.0.2.1", 0], ["192.0.2.2", 1000], ["192.0.2.1", 2000], [
    "192.0.2.2",
    4000,
  ]]);
  assert.equal(now, 6000);
  assert.equal((result(c, h) as DnsError).code, "ETIMEOUT");
  assert.equal(c.pollTimeout(), undefined);
});

test("DnsResolverCore caches with the smallest TTL of the RRset and reports remaining TTLs", () => {
  const c = core();
  const h = c.query(["multi.example.test"], "A", 0);
  const tx = c.pollTransmit()!;
  c.handleResponse(
    tx.key,
    S1,
    reply(tx, {
      answers: [
        a("multi.example.test", "192.0.2.1", 300),
        a("multi.example.test", "192.0.2.2", 100),
      ],
    }),
    0,
  );
  assert.equal((result(c, h) as DnsAnswer).fromCache, false);
  const h2 = c.query(["multi.example.test"], "A", 40_000);
  assert.equal(c.pollTransmit(), undefined);
  const r = result(c, h2) as DnsAnswer;
  assert.equal(r.fromCache, true);
  assert.deepEqual(r.records.map((x) => x.ttl), [60, 60]);
  c.query(["multi.example.test"], "A", 100_000);
  assert.ok(c.pollTransmit(), "expired entry must be asked again");
});

test("DnsResolverCore caches NXDOMAIN and NODATA per RFC 2308 (SOA minimum)", () => {
  const c = core();
  const h = c.query(["nope.example.test"], "A", 0);
  const tx = c.pollTransmit()!;
  c.handleResponse(tx.key, S1, reply(tx, { rcode: 3, authorities: [soa] }), 0);
  assert.equal((result(c, h) as DnsError).code, "ENXDOMAIN");
  const h2 = c.query(["nope.example.test"], "A", 29_000);
  assert.equal(c.pollTransmit(), undefined);
  assert.equal((result(c, h2) as DnsError).code, "ENXDOMAIN");
  c.query(["nope.example.test"], "A", 30_000);
  assert.ok(c.pollTransmit());
  const h3 = c.query(["nodata.example.test"], "AAAA", 0);
  const t3 = c.pollTransmit()!;
  c.handleResponse(t3.key, S1, reply(t3, { authorities: [soa] }), 0);
  assert.equal((result(c, h3) as DnsError).code, "ENODATA");
});

test("DnsResolverCore shares one upstream query between identical lookups", () => {
  const c = core();
  const h1 = c.query(["www.example.test"], "A", 0);
  const h2 = c.query(["www.example.test"], "A", 0);
  const tx = c.pollTransmit()!;
  assert.equal(c.pollTransmit(), undefined);
  c.handleResponse(tx.key, S1, reply(tx, { answers: [a("www.example.test", "192.0.2.10")] }), 1);
  const evs = events(c).filter((e) => e.type === "answer");
  assert.deepEqual(evs.map((e) => e.type === "answer" && e.handle), [h1, h2]);
});

test("DnsResolverCore bounds the cache with LRU eviction", () => {
  const c = core({ cacheSize: 2 });
  for (const n of ["a", "b", "c"]) {
    c.query([`${n}.test`], "A", 0);
    const tx = c.pollTransmit()!;
    c.handleResponse(tx.key, S1, reply(tx, { answers: [a(`${n}.test`, "192.0.2.1")] }), 0);
  }
  assert.equal(c.cacheSize, 2);
  c.query(["a.test"], "A", 1);
  assert.ok(c.pollTransmit(), "a.test was evicted");
});

test("DnsResolverCore follows CNAME chains in the answer and across queries", () => {
  const c = core();
  const h = c.query(["alias.example.test"], "A", 0);
  const tx = c.pollTransmit()!;
  c.handleResponse(
    tx.key,
    S1,
    reply(tx, {
      answers: [
        {
          name: "alias.example.test",
          type: "CNAME",
          class: 1,
          ttl: 3600,
          data: "alias2.example.test",
        },
        {
          name: "alias2.example.test",
          type: "CNAME",
          class: 1,
          ttl: 3600,
          data: "outside.other.test",
        },
      ],
    }),
    0,
  );
  const t2 = c.pollTransmit()!;
  assert.equal(decodeDnsMessage(t2.data).questions[0].name, "outside.other.test");
  c.handleResponse(t2.key, S1, reply(t2, { answers: [a("outside.other.test", "192.0.2.5")] }), 1);
  const r = result(c, h) as DnsAnswer;
  assert.deepEqual(r.cnames, ["alias2.example.test", "outside.other.test"]);
  assert.equal(r.records[0].data, "192.0.2.5");
});

test("DnsResolverCore reports ECNAMELOOP for a CNAME loop and an over-long chain", () => {
  const c = core({ maxCnameHops: 3 });
  const h = c.query(["loop1.example.test"], "A", 0);
  const tx = c.pollTransmit()!;
  c.handleResponse(
    tx.key,
    S1,
    reply(tx, {
      answers: [
        {
          name: "loop1.example.test",
          type: "CNAME",
          class: 1,
          ttl: 60,
          data: "loop2.example.test",
        },
        {
          name: "loop2.example.test",
          type: "CNAME",
          class: 1,
          ttl: 60,
          data: "loop1.example.test",
        },
      ],
    }),
    0,
  );
  assert.equal((result(c, h) as DnsError).code, "ECNAMELOOP");
  const h2 = c.query(["c0.test"], "A", 0);
  const t2 = c.pollTransmit()!;
  const chain = [0, 1, 2, 3, 4].map((i): DnsRecord => ({
    name: `c${i}.test`,
    type: "CNAME",
    class: 1,
    ttl: 60,
    data: `c${i + 1}.test`,
  }));
  c.handleResponse(t2.key, S1, reply(t2, { answers: chain }), 0);
  assert.equal((result(c, h2) as DnsError).code, "ECNAMELOOP");
});

test("DnsResolverCore tries search-list candidates in order after NXDOMAIN", () => {
  const c = core();
  const h = c.query(["www.lan", "www"], "A", 0);
  const t1 = c.pollTransmit()!;
  assert.equal(decodeDnsMessage(t1.data).questions[0].name, "www.lan");
  c.handleResponse(t1.key, S1, reply(t1, { rcode: 3 }), 0);
  const t2 = c.pollTransmit()!;
  assert.equal(decodeDnsMessage(t2.data).questions[0].name, "www");
  c.handleResponse(t2.key, S1, reply(t2, { answers: [a("www", "192.0.2.3")] }), 0);
  assert.equal((result(c, h) as DnsAnswer).name, "www");
});

test("DnsResolverCore retries without EDNS after FORMERR, and limits lookups in flight", () => {
  const c = core({ maxInFlight: 1 });
  const h = c.query(["old.example.test"], "A", 0);
  const t1 = c.pollTransmit()!;
  c.handleResponse(t1.key, S1, reply(t1, { rcode: 1 }), 0);
  const t2 = c.pollTransmit()!;
  assert.deepEqual(t2.server, S1);
  assert.equal(decodeDnsMessage(t2.data).edns, undefined);
  const h2 = c.query(["other.example.test"], "A", 0);
  assert.equal((result(c, h2) as DnsError).code, "ETOOMANY");
  c.cancelAll();
  assert.equal((result(c, h) as DnsError).code, "ECANCELLED");
});

test("DnsResolverCore rejects invalid names as caller errors", () => {
  const c = core();
  assert.throws(() => c.query(["a..b"], "A", 0), TypeError);
  assert.throws(() => c.query(["x".repeat(64)], "A", 0), RangeError);
  assert.throws(() => c.query(["ok.test"], "BOGUS" as "A", 0), RangeError);
});
