// Copyright 2026 the wirekit authors. MIT license.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  bearerToken,
  generateJwk,
  importJwk,
  JoseError,
  readJwtCookie,
  setJwtCookie,
  signJwt,
} from "../../jose/mod.ts";

test("setJwtCookie() defaults to Secure, HttpOnly, SameSite=Lax, Path=/", () => {
  const h = new Headers();
  setJwtCookie(h, "s", "a.b.c");
  assert.equal(h.get("set-cookie"), "s=a.b.c; Path=/; Secure; HttpOnly; SameSite=Lax");
  const h2 = new Headers();
  setJwtCookie(h2, "__Host-s", "a.b.c", { sameSite: "Strict", maxAgeSec: 0 });
  assert.equal(
    h2.get("set-cookie"),
    "__Host-s=a.b.c; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict",
  );
});

test("setJwtCookie() refuses unsafe combinations and bad values", () => {
  const h = new Headers();
  assert.throws(
    () => setJwtCookie(h, "s", "a.b.c", { sameSite: "None", secure: false }),
    TypeError,
  );
  assert.throws(() => setJwtCookie(h, "__Host-s", "a", { domain: "example.com" }), TypeError);
  assert.throws(() => setJwtCookie(h, "__Secure-s", "a", { secure: false }), TypeError);
  assert.throws(() => setJwtCookie(h, "bad name", "a"), TypeError);
  assert.throws(() => setJwtCookie(h, "s", "a;b"), TypeError);
  assert.throws(() => setJwtCookie(h, "s", "a", { path: "/;evil" }), TypeError);
  assert.throws(() => setJwtCookie(h, "s", "x".repeat(5000)), RangeError);
  assert.equal(h.get("set-cookie"), null);
});

test("readJwtCookie() verifies the cookie's JWT, is undefined when absent, refuses duplicates", async () => {
  const key = await importJwk(await generateJwk("HS256"));
  const jwt = await signJwt({ sub: "alice" }, key, { expiresInSec: 60 });
  const out = new Headers();
  setJwtCookie(out, "session", jwt);
  const cookie = out.get("set-cookie")!.split(";")[0];
  const req = new Request("https://app.example/", { headers: { cookie: `a=1; ${cookie}; b=2` } });
  const r = await readJwtCookie(req, "session", { key, algorithms: ["HS256"] });
  assert.equal(r?.claims.sub, "alice");
  assert.equal(
    await readJwtCookie(new Headers(), "session", { key, algorithms: ["HS256"] }),
    undefined,
  );
  assert.equal(
    await readJwtCookie(new Headers({ cookie: "x=1" }), "session", { key, algorithms: ["HS256"] }),
    undefined,
  );
  await assert.rejects(
    readJwtCookie(new Headers({ cookie: `${cookie}; ${cookie}` }), "session", {
      key,
      algorithms: ["HS256"],
    }),
    (e) => e instanceof JoseError && e.code === "EINVALID",
  );
  const other = await importJwk(await generateJwk("HS256"));
  await assert.rejects(
    readJwtCookie(req, "session", { key: other, algorithms: ["HS256"] }),
    (e) => e instanceof JoseError && e.code === "ESIG",
  );
});

test("bearerToken() reads RFC 6750 credentials case-insensitively and rejects junk", () => {
  const h = (v: string) => new Headers({ authorization: v });
  assert.equal(bearerToken(h("Bearer abc.def-_~+/=")), "abc.def-_~+/=");
  assert.equal(bearerToken(h("bearer   tok")), "tok");
  assert.equal(bearerToken(new Request("https://x.example/")), undefined);
  assert.equal(bearerToken(h("Basic dXNlcjpwYXNz")), undefined);
  assert.throws(() => bearerToken(h("Bearer")), JoseError);
  assert.throws(() => bearerToken(h("Bearer a b")), JoseError);
  assert.throws(() => bearerToken(h("Bearer a,b")), JoseError);
  // Long runs of spaces are handled in linear time and bounded.
  assert.equal(bearerToken(h("Bearer " + " ".repeat(8000) + "tok")), "tok");
  assert.throws(
    () => bearerToken(h("Bearer " + "a".repeat(9000))),
    (e) => e instanceof JoseError && e.code === "ELIMIT",
  );
});
