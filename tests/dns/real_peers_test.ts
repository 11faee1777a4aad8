import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import {
  DnsError,
  DnsResolver,
  type DnsResolverOptions,
  DnsTcpDeframer,
  frameDnsTcp,
} from "../../dns/mod.ts";
import { DNSMASQ, type DnsPeers, NSD, startDnsPeers, UNBOUND } from "./_peers.ts";

let peers: DnsPeers | undefined;
const resolvers: DnsResolver[] = [];

before(async () => {
  peers = await startDnsPeers();
});

after(async () => {
  for (const r of resolvers) await r.close();
  await peers?.stop();
});

function resolver(
  server: { hostname: string; port: number },
  extra: DnsResolverOptions = {},
): DnsResolver {
  const r = new DnsResolver({
    servers: [server],
    resolvConf: false,
    hostsFile: false,
    timeoutMs: 1000,
    attempts: 1,
    ...extra,
  });
  resolvers.push(r);
  return r;
}

const dec = new TextDecoder();

function code(c: string) {
  return (e: unknown) => {
    assert.ok(e instanceof DnsError, String(e));
    assert.equal(e.code, c);
    return true;
  };
}

for (const [label, server] of [["NSD", NSD], ["unbound", UNBOUND]] as const) {
  test(`DnsResolver against ${label}: A, AAAA, a 3-address RRset and lookup()`, async () => {
    const r = resolver(server);
    assert.deepEqual((await r.resolve("www.example.test", "A")).map((x) => x.data), ["127.0.0.10"]);
    assert.deepEqual((await r.resolve("www.example.test", "AAAA")).map((x) => x.data), ["::1"]);
    assert.deepEqual((await r.resolve("multi.example.test", "A")).map((x) => x.data).sort(), [
      "127.0.0.21",
      "127.0.0.22",
      "127.0.0.23",
    ]);
    assert.deepEqual(await r.lookup("www.example.test"), [
      { address: "::1", family: 6 },
      { address: "127.0.0.10", family: 4 },
    ]);
    assert.deepEqual(await r.lookup("www.example.test", { family: 4 }), [{
      address: "127.0.0.10",
      family: 4,
    }]);
  });

  test(`DnsResolver against ${label}: CNAME chain, MX, TXT, SRV, wildcard`, async () => {
    const r = resolver(server);
    const chain = await r.query("alias.example.test", "A");
    assert.deepEqual(chain.cnames, [
      "alias2.example.test",
      "alias3.example.test",
      "www.example.test",
    ]);
    assert.equal(chain.records[0].data, "127.0.0.10");
    const mx = await r.resolve("example.test", "MX");
    assert.deepEqual(
      mx.map((x) => x.data).sort((a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1),
      [
        { preference: 10, exchange: "mail.example.test" },
        { preference: 20, exchange: "mail2.example.test" },
      ],
    );
    const txt = await r.resolve("txt.example.test", "TXT");
    assert.deepEqual((txt[0].data as Uint8Array[]).map((b) => dec.decode(b)), [
      "hello world",
      "second string",
      "utf8 café",
    ]);
    const srv = await r.resolve("_sip._tcp.example.test", "SRV");
    assert.deepEqual(
      srv.map((x) => x.data).sort((a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1),
      [
        { priority: 10, weight: 60, port: 5060, target: "sip.example.test" },
        { priority: 20, weight: 40, port: 5061, target: "sip2.example.test" },
      ],
    );
    assert.equal((await r.resolve("anything.wild.example.test", "A"))[0].data, "127.0.0.77");
  });

  test(`DnsResolver against ${label}: NXDOMAIN, NODATA and big TXT over TCP`, async () => {
    const r = resolver(server);
    await assert.rejects(r.resolve("nope.example.test", "A"), code("ENXDOMAIN"));
    await assert.rejects(r.resolve("nodata.example.test", "A"), code("ENODATA"));
    const big = await r.resolve("big.example.test", "TXT");
    assert.equal((big[0].data as Uint8Array[]).length, 12);
    assert.ok(dec.decode((big[0].data as Uint8Array[])[11]).startsWith("chunk-12-"));
  });
}

test("DnsResolver: a CNAME loop fails with ECNAMELOOP from NSD and ESERVFAIL from unbound", async () => {
  await assert.rejects(resolver(NSD).resolve("loop1.example.test", "A"), code("ECNAMELOOP"));
  await assert.rejects(resolver(UNBOUND).resolve("loop1.example.test", "A"), code("ESERVFAIL"));
});

test("DnsResolver: an out-of-zone CNAME is followed with a new query (REFUSED by NSD)", async () => {
  await assert.rejects(resolver(NSD).resolve("outside.example.test", "A"), code("EREFUSED"));
});

test("DnsResolver: TTLs count down in the cache, TTL 0 is never cached", async () => {
  const r = resolver(NSD);
  const first = await r.query("short.example.test", "A");
  assert.equal(first.records[0].ttl, 5);
  assert.equal(first.fromCache, false);
  await new Promise((res) => setTimeout(res, 1100));
  const again = await r.query("short.example.test", "A");
  assert.equal(again.fromCache, true);
  assert.ok(again.records[0].ttl <= 4, `ttl ${again.records[0].ttl}`);
  const z1 = await r.query("zero.example.test", "A");
  const z2 = await r.query("zero.example.test", "A");
  assert.equal(z1.records[0].ttl, 0);
  assert.equal(z2.fromCache, false);
});

test("DnsResolver: dnsmasq's partial TC answer is not used; TCP gives all 12 TXT records", async () => {
  const r = resolver(DNSMASQ);
  const big = await r.resolve("big.example.test", "TXT");
  assert.equal(big.length, 12);
  await assert.rejects(r.resolve("example.com", "A"), code("EREFUSED"));
  assert.equal((await r.resolve("www.example.test", "A"))[0].data, "127.0.0.10");
});

test("DnsResolver: REFUSED from the first server moves on to the next", async () => {
  const r = resolver(DNSMASQ, { servers: [DNSMASQ, UNBOUND] });
  // dnsmasq refuses example.com; unbound is asked next and fails it (SERVFAIL).
  await assert.rejects(r.resolve("example.com", "A"), code("ESERVFAIL"));
  assert.equal((await r.resolve("www.example.test", "A"))[0].data, "127.0.0.10");
});

test("DnsResolver: a silent server times out with ETIMEOUT, then the next server answers", async () => {
  const r = resolver(NSD, { servers: ["127.0.0.1:9", `127.0.0.1:${NSD.port}`], timeoutMs: 200 });
  assert.equal((await r.resolve("www.example.test", "A"))[0].data, "127.0.0.10");
  const t = resolver(NSD, { servers: ["127.0.0.1:9"], timeoutMs: 100 });
  await assert.rejects(t.resolve("www.example.test", "A"), code("ETIMEOUT"));
});

test("DnsResolver: reverse() asks PTR names and IPv6 servers work", async () => {
  const r = resolver({ hostname: "::1", port: NSD.port });
  assert.equal((await r.resolve("www.example.test", "A"))[0].data, "127.0.0.10");
  // The zone has no PTR records: NSD refuses in-addr.arpa.
  await assert.rejects(r.reverse("127.0.0.10"), code("EREFUSED"));
});

test("DnsResolver: 300 distinct lookups with 100 in flight through unbound lose nothing", async () => {
  const r = resolver(UNBOUND, { timeoutMs: 2000, attempts: 2 });
  const names = Array.from({ length: 300 }, (_, i) => `n${i}.wild.example.test`);
  let ok = 0;
  for (let i = 0; i < names.length; i += 100) {
    const batch = await Promise.all(names.slice(i, i + 100).map((n) => r.resolve(n, "A")));
    ok += batch.filter((x) => x[0]?.data === "127.0.0.77").length;
  }
  assert.equal(ok, 300);
});

test("wirekit dns prints a dig-like answer with TTLs, over UDP and +tcp", async () => {
  const { main } = await import("../../cli/main.ts");
  const { dnsCommands } = await import("../../cli/dns.ts");
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    readStdin: () => Promise.resolve(new Uint8Array(0)),
  };
  assert.equal(
    await main(["dns", "alias.example.test", "A", "@127.0.0.1:15353"], io, dnsCommands),
    0,
  );
  assert.match(io.stdout, /www\.example\.test\.\t3600\tIN\tA 127\.0\.0\.10/);
  assert.match(io.stdout, /alias\.example\.test\.\tCNAME\talias2\.example\.test\./);
  assert.match(io.stdout, /;; Query time: [\d.]+ ms/);
  io.stdout = "";
  assert.equal(
    await main(["dns", "txt.example.test", "TXT", "@127.0.0.1:15353", "+tcp"], io, dnsCommands),
    0,
  );
  assert.match(io.stdout, /"hello world" "second string"/);
  assert.equal(await main(["dns", "nope.example.test", "@127.0.0.1:15353"], io, dnsCommands), 1);
  assert.match(io.stderr, /ENXDOMAIN/);
  assert.equal(await main(["dns", "x.test", "BOGUS"], io, dnsCommands), 2);
});

/** A loopback DoH front end (RFC 8484) that forwards each message to NSD over TCP. */
async function dohToNsd(): Promise<{ url: string; close(): Promise<void> }> {
  const askNsd = (query: Uint8Array) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const sock = net.connect(NSD.port, NSD.hostname);
      const deframer = new DnsTcpDeframer();
      const timer = setTimeout(() => sock.destroy(new Error("NSD did not answer")), 3000);
      sock.on("connect", () => sock.write(frameDnsTcp(query)));
      sock.on("data", (chunk: Uint8Array) => {
        const [m] = deframer.push(new Uint8Array(chunk));
        if (m) {
          clearTimeout(timer);
          sock.destroy();
          resolve(m);
        }
      });
      sock.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  const server = http.createServer((req, res) => {
    const chunks: Uint8Array[] = [];
    req.on("data", (c: Uint8Array) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://x");
      const query = req.method === "GET"
        ? new Uint8Array(Buffer.from(url.searchParams.get("dns") ?? "", "base64url"))
        : new Uint8Array(Buffer.concat(chunks));
      try {
        const answer = await askNsd(query);
        res.writeHead(200, { "content-type": "application/dns-message" }).end(answer);
      } catch {
        res.writeHead(502).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${addr.port}/dns-query`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test("DnsResolver over DoH to NSD: A, CNAME chain, big TXT without truncation, NXDOMAIN (POST and GET)", async () => {
  const doh = await dohToNsd();
  try {
    for (const method of ["POST", "GET"] as const) {
      const r = resolver(NSD, { servers: [{ url: doh.url, method }] });
      assert.equal((await r.resolve("www.example.test", "A"))[0].data, "127.0.0.10");
      const chain = await r.query("alias.example.test", "A");
      assert.equal(chain.cnames.length, 3);
      assert.equal(chain.records[0].data, "127.0.0.10");
      const big = await r.resolve("big.example.test", "TXT");
      assert.equal((big[0].data as Uint8Array[]).length, 12);
      await assert.rejects(r.resolve("nope.example.test", "A"), code("ENXDOMAIN"));
    }
  } finally {
    await doh.close();
  }
});
