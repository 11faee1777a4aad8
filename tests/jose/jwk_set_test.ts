// Copyright 2026 the wirekit authors. MIT license.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  exportJwk,
  generateJwk,
  importJwk,
  JoseError,
  type Jwk,
  JwkSet,
  type JwkSetFetch,
  signJwt,
  verifyJwt,
} from "../../jose/mod.ts";

function code(c: string) {
  return (e: unknown) => e instanceof JoseError && e.code === c;
}

function fakeRemote(docs: { keys: Jwk[] }[]) {
  const state = { calls: 0, now: 0 };
  const fetch: JwkSetFetch = () => {
    const doc = docs[Math.min(state.calls, docs.length - 1)];
    state.calls++;
    return Promise.resolve(Response.json(doc));
  };
  return { state, fetch, now: () => state.now };
}

test("JwkSet.fromJson() selects by kid, alg and use and binds alg-less keys by curve only", async () => {
  const es = exportJwk(await generateJwk("ES256", { kid: "es" }));
  const rsaNoAlg = { ...exportJwk(await generateJwk("RS256", { kid: "rsa" })), alg: undefined };
  const enc = exportJwk(await generateJwk("ECDH-ES", { kid: "enc" }));
  const ecNoAlg = { ...es, alg: undefined, kid: "es2" };
  const set = await JwkSet.fromJson({
    keys: [es, rsaNoAlg, enc, ecNoAlg, { kty: "weird" } as Jwk],
  });
  assert.equal(set.keys.length, 3);
  assert.equal(set.skipped, 2);
  assert.deepEqual((await set.select({ alg: "ES256" })).map((k) => k.kid), ["es", "es2"]);
  assert.deepEqual((await set.select({ use: "enc" })).map((k) => k.kid), ["enc"]);
  assert.equal((await set.select({ kid: "rsa" })).length, 0);
  const bound = await JwkSet.fromJson({ keys: [rsaNoAlg] }, {
    assumeAlg: (j) => (j.kty === "RSA" ? "PS256" : undefined),
  });
  assert.equal(bound.keys[0].alg, "PS256");
  await assert.rejects(JwkSet.fromJson({ keys: Array(101).fill(es) }), code("ELIMIT"));
  await assert.rejects(JwkSet.fromJson({} as { keys: Jwk[] }), code("EKEY"));
});

test("a remote JwkSet caches, refetches after maxAge, and honours the cooldown for unknown kids", async () => {
  const k1 = await generateJwk("ES256", { kid: "k1" });
  const k2 = await generateJwk("ES256", { kid: "k2" });
  const remote = fakeRemote([{ keys: [exportJwk(k1)] }, { keys: [exportJwk(k1), exportJwk(k2)] }]);
  const set = JwkSet.remote("https://issuer.example/jwks", {
    fetch: remote.fetch,
    now: remote.now,
    cacheMaxAgeMs: 60_000,
    cooldownMs: 10_000,
  });
  assert.equal(remote.state.calls, 0);
  assert.equal((await set.select({ kid: "k1" })).length, 1);
  assert.equal(remote.state.calls, 1);
  // Unknown kid inside the cooldown: no refetch.
  remote.state.now = 5_000;
  assert.equal((await set.select({ kid: "k2" })).length, 0);
  assert.equal(remote.state.calls, 1);
  // After the cooldown an unknown kid triggers one refetch (key rotation).
  remote.state.now = 11_000;
  assert.equal((await set.select({ kid: "k2" })).length, 1);
  assert.equal(remote.state.calls, 2);
  remote.state.now = 12_000;
  await set.select({ kid: "nope" });
  assert.equal(remote.state.calls, 2);
  // Cache age exceeded: refetch even for a known kid.
  remote.state.now = 80_000;
  await set.select({ kid: "k1" });
  assert.equal(remote.state.calls, 3);
  // A JWT signed by the rotated key verifies through the set.
  const jwt = await signJwt({}, await importJwk(k2), { expiresInSec: 60 });
  assert.equal((await verifyJwt(jwt, set, { algorithms: ["ES256"] })).key.kid, "k2");
});

test("a remote JwkSet coalesces concurrent fetches and keeps the old copy when a refresh fails", async () => {
  const k1 = exportJwk(await generateJwk("EdDSA", { kid: "k1" }));
  let calls = 0;
  let fail = false;
  const state = { now: 0 };
  const set = JwkSet.remote("https://issuer.example/jwks", {
    fetch: async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      if (fail) return new Response("down", { status: 503 });
      return Response.json({ keys: [k1] });
    },
    now: () => state.now,
  });
  await Promise.all([
    set.select({ kid: "k1" }),
    set.select({ kid: "k1" }),
    set.select({ kid: "k1" }),
  ]);
  assert.equal(calls, 1);
  fail = true;
  state.now = 700_000;
  assert.equal((await set.select({ kid: "k1" })).length, 1);
  assert.equal(calls, 2);
});

test("a remote JwkSet reports fetch failures, bad JSON, oversize and timeouts as EFETCH/ELIMIT", async () => {
  const mk = (fetch: JwkSetFetch, extra = {}) =>
    JwkSet.remote("https://x.example/jwks", { fetch, ...extra });
  await assert.rejects(
    mk(() => Promise.resolve(new Response("no", { status: 404 }))).select({}),
    code("EFETCH"),
  );
  await assert.rejects(mk(() => Promise.resolve(new Response("{bad"))).select({}), code("EFETCH"));
  await assert.rejects(
    mk(() => Promise.reject(new Error("ECONNREFUSED"))).select({}),
    code("EFETCH"),
  );
  await assert.rejects(
    mk(() => Promise.resolve(new Response("x".repeat(2000))), { maxBytes: 1000 }).select({}),
    code("ELIMIT"),
  );
  await assert.rejects(
    mk(
      (_url, init) =>
        new Promise((_, reject) =>
          init.signal.addEventListener("abort", () => reject(new Error("aborted")))
        ),
      { timeoutMs: 20 },
    ).select({}),
    code("EFETCH"),
  );
  assert.throws(() => JwkSet.remote("file:///etc/passwd"), TypeError);
});

test("a remote JwkSet fetches over loopback HTTP with the platform fetch", async () => {
  const jwk = await generateJwk("ES256", { kid: "live" });
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    assert.equal(req.url, "/.well-known/jwks.json");
    res.writeHead(200, { "content-type": "application/json", connection: "close" });
    res.end(JSON.stringify({ keys: [exportJwk(jwk)] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const set = JwkSet.remote(`http://127.0.0.1:${port}/.well-known/jwks.json`, {
      timeoutMs: 5000,
    });
    const jwt = await signJwt({ sub: "s" }, await importJwk(jwk), { expiresInSec: 60 });
    const r = await verifyJwt(jwt, set, { algorithms: ["ES256"] });
    assert.equal(r.claims.sub, "s");
    assert.equal(hits, 1);
  } finally {
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
