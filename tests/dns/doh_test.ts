import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import {
  decodeDnsMessage,
  DnsError,
  DnsResolver,
  type DnsResolverOptions,
  encodeDnsMessage,
} from "../../dns/mod.ts";

// A loopback DoH server answering with wirekit's codec. Paths:
// /dns-query (normal), /fail (HTTP 500), /text (wrong content type),
// /big (a 2000-byte answer), /hang (never answers).
interface Seen {
  method: string;
  path: string;
  contentType: string | undefined;
  accept: string | undefined;
  id: number;
  name: string;
}

let server: http.Server;
let base = "";
const seen: Seen[] = [];

function answer(query: Uint8Array, pad = 0): Uint8Array {
  const q = decodeDnsMessage(query);
  const name = q.questions[0].name;
  const answers = [{ name, type: "A" as const, class: 1, ttl: 300, data: "192.0.2.53" }];
  const additionals = pad
    ? [{ name, type: "TXT" as const, class: 1, ttl: 300, data: [new Uint8Array(200)] }]
    : [];
  for (let i = 1; i < pad; i++) additionals.push({ ...additionals[0] });
  return encodeDnsMessage({
    id: q.id,
    qr: true,
    rd: true,
    ra: true,
    questions: q.questions,
    answers,
    additionals,
  });
}

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Uint8Array[] = [];
    req.on("data", (c: Uint8Array) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      let query: Uint8Array;
      if (req.method === "GET") {
        const b64 = url.searchParams.get("dns") ?? "";
        assert.match(b64, /^[A-Za-z0-9_-]*$/); // base64url without padding
        query = new Uint8Array(Buffer.from(b64, "base64url"));
      } else {
        query = new Uint8Array(Buffer.concat(chunks));
      }
      const q = decodeDnsMessage(query);
      seen.push({
        method: req.method ?? "",
        path: url.pathname,
        contentType: req.headers["content-type"],
        accept: req.headers.accept,
        id: q.id,
        name: q.questions[0].name,
      });
      if (url.pathname === "/hang") return; // the client aborts at its deadline
      if (url.pathname === "/fail") {
        res.writeHead(500).end();
        return;
      }
      const body = answer(query, url.pathname === "/big" ? 10 : 0);
      res.writeHead(200, {
        "content-type": url.pathname === "/text" ? "text/plain" : "application/dns-message",
        "content-length": String(body.length),
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  assert.ok(addr && typeof addr === "object");
  base = `http://127.0.0.1:${addr.port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const resolvers: DnsResolver[] = [];
after(async () => {
  for (const r of resolvers) await r.close();
});

function resolver(servers: DnsResolverOptions["servers"], extra: DnsResolverOptions = {}) {
  const r = new DnsResolver({
    servers,
    resolvConf: false,
    hostsFile: false,
    timeoutMs: 2000,
    attempts: 1,
    ...extra,
  });
  resolvers.push(r);
  return r;
}

test("DnsResolver over DoH POSTs application/dns-message with id 0 (RFC 8484 4.1)", async () => {
  seen.length = 0;
  const r = resolver([`${base}/dns-query`]);
  const records = await r.resolve("post.example.test", "A");
  assert.deepEqual(records.map((x) => [x.name, x.data, x.ttl]), [[
    "post.example.test",
    "192.0.2.53",
    300,
  ]]);
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0], {
    method: "POST",
    path: "/dns-query",
    contentType: "application/dns-message",
    accept: "application/dns-message",
    id: 0,
    name: "post.example.test",
  });
  // The second lookup comes from the cache.
  assert.equal((await r.query("post.example.test", "A")).fromCache, true);
  assert.equal(seen.length, 1);
});

test("DnsResolver over DoH GETs with a base64url dns parameter", async () => {
  seen.length = 0;
  const r = resolver([{ url: `${base}/dns-query?x=1`, method: "GET" }]);
  assert.deepEqual(await r.lookup("get.example.test", { family: 4 }), [
    { address: "192.0.2.53", family: 4 },
  ]);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].method, "GET");
  assert.equal(seen[0].accept, "application/dns-message");
  assert.equal(seen[0].id, 0);
});

test("DnsResolver over DoH moves on after HTTP 500 and a wrong content type", async () => {
  seen.length = 0;
  const r = resolver([`${base}/fail`, `${base}/text`, `${base}/dns-query`]);
  assert.equal((await r.resolve("next.example.test", "A"))[0].data, "192.0.2.53");
  assert.deepEqual(seen.map((s) => s.path), ["/fail", "/text", "/dns-query"]);
  const bad = resolver([`${base}/fail`, `${base}/text`]);
  await assert.rejects(bad.resolve("next.example.test", "A"), (e: unknown) => {
    assert.ok(e instanceof DnsError);
    assert.equal(e.code, "ENETWORK");
    return true;
  });
});

test("DnsResolver over DoH rejects answers above dohMaxResponseBytes", async () => {
  const r = resolver([`${base}/big`], { dohMaxResponseBytes: 1000 });
  await assert.rejects(r.resolve("big.example.test", "A"), (e: unknown) => {
    assert.ok(e instanceof DnsError);
    assert.equal(e.code, "ENETWORK");
    return true;
  });
  const ok = resolver([`${base}/big`]);
  assert.equal((await ok.resolve("big.example.test", "A"))[0].data, "192.0.2.53");
});

test("DnsResolver over DoH times out and aborts a request with no answer", async () => {
  seen.length = 0;
  const r = resolver([`${base}/hang`], { timeoutMs: 150 });
  const t0 = Date.now();
  await assert.rejects(r.resolve("hang.example.test", "A"), (e: unknown) => {
    assert.ok(e instanceof DnsError);
    assert.equal(e.code, "ETIMEOUT");
    return true;
  });
  assert.ok(Date.now() - t0 < 1500, "the deadline ended the exchange");
  assert.equal(seen.length, 1);
});

test("DnsResolver refuses plain-http DoH off loopback and unknown methods", () => {
  assert.throws(() => new DnsResolver({ servers: ["http://dns.example/dns-query"] }), TypeError);
  assert.throws(
    () => new DnsResolver({ servers: [{ url: "ftp://127.0.0.1/x" }] }),
    TypeError,
  );
  assert.throws(
    () =>
      new DnsResolver({
        servers: [{ url: "https://dns.example/q", method: "PUT" as unknown as "GET" }],
      }),
    TypeError,
  );
  new DnsResolver({ servers: ["https://dns.example/dns-query", "http://[::1]:8053/q"] });
});

test("wirekit dns @http://loopback/dns-query queries over DoH (POST and +get)", async () => {
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
  seen.length = 0;
  assert.equal(await main(["dns", "cli.example.test", `@${base}/dns-query`], io, dnsCommands), 0);
  assert.match(io.stdout, /cli\.example\.test\.\t300\tIN\tA 192\.0\.2\.53/);
  assert.match(io.stdout, /\(https POST\)/);
  assert.equal(
    await main(["dns", "cli.example.test", `@${base}/dns-query`, "+get"], io, dnsCommands),
    0,
  );
  assert.match(io.stdout, /\(https GET\)/);
  assert.deepEqual(seen.map((s) => s.method), ["POST", "GET"]);
  assert.equal(await main(["dns", "x.test", "@127.0.0.1", "+get"], io, dnsCommands), 2);
  assert.equal(await main(["dns", "x.test", "@http://dns.example/q"], io, dnsCommands), 2);
});
