// Copyright 2026 the wirekit authors. MIT license.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  decodeJwt,
  decryptNestedJwt,
  encryptNestedJwt,
  generateJwk,
  importJwk,
  JoseError,
  JoseSyntaxError,
  signJwt,
  verifyJwt,
} from "../../jose/mod.ts";

function code(c: string, claim?: string) {
  return (e: unknown) =>
    e instanceof JoseError && e.code === c && (claim === undefined || e.claim === claim);
}
const T0 = new Date(1_700_000_000_000);
const at = (sec: number) => new Date(T0.getTime() + sec * 1000);

test("signJwt() sets registered claims from options at currentDate", async () => {
  const key = await importJwk(await generateJwk("HS256", { kid: "k" }));
  const jwt = await signJwt({ scope: "read" }, key, {
    issuer: "iss",
    subject: "sub",
    audience: ["a", "b"],
    jwtId: "id1",
    expiresInSec: 60,
    notBeforeSec: -5,
    currentDate: T0,
  });
  const { header, claims } = decodeJwt(jwt);
  assert.deepEqual(header, { alg: "HS256", typ: "JWT", kid: "k" });
  assert.deepEqual(claims, {
    scope: "read",
    iat: 1_700_000_000,
    iss: "iss",
    sub: "sub",
    aud: ["a", "b"],
    jti: "id1",
    exp: 1_700_000_060,
    nbf: 1_699_999_995,
  });
});

test("verifyJwt() checks exp and nbf with clock tolerance at currentDate", async () => {
  const key = await importJwk(await generateJwk("ES256"));
  const jwt = await signJwt({}, key, { expiresInSec: 60, notBeforeSec: 10, currentDate: T0 });
  const base = { algorithms: ["ES256"] };
  await assert.rejects(verifyJwt(jwt, key, { ...base, currentDate: at(5) }), code("ECLAIM", "nbf"));
  await verifyJwt(jwt, key, { ...base, currentDate: at(5), clockToleranceSec: 5 });
  await verifyJwt(jwt, key, { ...base, currentDate: at(30) });
  await assert.rejects(
    verifyJwt(jwt, key, { ...base, currentDate: at(61) }),
    code("EEXPIRED", "exp"),
  );
  await verifyJwt(jwt, key, { ...base, currentDate: at(61), clockToleranceSec: 2 });
});

test("verifyJwt() checks issuer, audience, subject, typ, max age and required claims", async () => {
  const key = await importJwk(await generateJwk("EdDSA"));
  const jwt = await signJwt({ role: "x" }, key, {
    issuer: "https://issuer",
    audience: "api",
    subject: "u1",
    expiresInSec: 3600,
    currentDate: T0,
  });
  const base = { algorithms: ["EdDSA"], currentDate: at(100) };
  await verifyJwt(jwt, key, {
    ...base,
    issuer: ["other", "https://issuer"],
    audience: "api",
    subject: "u1",
  });
  await assert.rejects(verifyJwt(jwt, key, { ...base, issuer: "evil" }), code("ECLAIM", "iss"));
  await assert.rejects(verifyJwt(jwt, key, { ...base, audience: "web" }), code("ECLAIM", "aud"));
  await assert.rejects(verifyJwt(jwt, key, { ...base, subject: "u2" }), code("ECLAIM", "sub"));
  await assert.rejects(verifyJwt(jwt, key, { ...base, typ: "at+jwt" }), code("ECLAIM", "typ"));
  await assert.rejects(verifyJwt(jwt, key, { ...base, maxAgeSec: 50 }), code("EEXPIRED", "iat"));
  await verifyJwt(jwt, key, { ...base, maxAgeSec: 200 });
  await assert.rejects(
    verifyJwt(jwt, key, { ...base, requiredClaims: ["jti"] }),
    code("ECLAIM", "jti"),
  );
});

test("verifyJwt() requires exp unless told otherwise", async () => {
  const key = await importJwk(await generateJwk("HS256"));
  const jwt = await signJwt({}, key);
  await assert.rejects(verifyJwt(jwt, key, { algorithms: ["HS256"] }), code("ECLAIM", "exp"));
  await verifyJwt(jwt, key, { algorithms: ["HS256"], requireExpiration: false });
});

test("verifyJwt() enforces the allow-list and the key binding, also with key arrays", async () => {
  const es = await importJwk(await generateJwk("ES256", { kid: "es" }));
  const hs = await importJwk(await generateJwk("HS256", { kid: "hs" }));
  const jwt = await signJwt({}, hs, { expiresInSec: 60 });
  await assert.rejects(verifyJwt(jwt, es, { algorithms: ["ES256"] }), code("EALG"));
  await assert.rejects(verifyJwt(jwt, es, { algorithms: ["ES256", "HS256"] }), code("EKEY"));
  assert.equal((await verifyJwt(jwt, [es, hs], { algorithms: ["ES256", "HS256"] })).key, hs);
  await assert.rejects(verifyJwt(jwt, [es], { algorithms: ["HS256"] }), code("EKEY"));
  await assert.rejects(
    verifyJwt("x".repeat(70_000), hs, { algorithms: ["HS256"] }),
    code("ELIMIT"),
  );
  await assert.rejects(verifyJwt("abc", [hs], { algorithms: ["HS256"] }), code("EINVALID"));
  const forged = jwt.slice(0, -2) + (jwt.endsWith("AA") ? "BA" : "AA");
  await assert.rejects(verifyJwt(forged, hs, { algorithms: ["HS256"] }), code("ESIG"));
});

test("nested JWT: sign then encrypt, decrypt then verify, cty JWT required", async () => {
  const sig = await importJwk(await generateJwk("PS256"));
  const enc = await importJwk(await generateJwk("RSA-OAEP-256"));
  const token = await encryptNestedJwt({ sub: "n" }, sig, enc, {
    sign: { expiresInSec: 60, currentDate: T0 },
    encrypt: { enc: "A128CBC-HS256" },
  });
  assert.equal(token.split(".").length, 5);
  const r = await decryptNestedJwt(token, enc, sig, {
    verify: { algorithms: ["PS256"], currentDate: at(1) },
  });
  assert.equal(r.claims.sub, "n");
  assert.equal(r.jweHeader.enc, "A128CBC-HS256");
  await assert.rejects(
    decryptNestedJwt(token, enc, sig, { verify: { algorithms: ["PS256"], currentDate: at(100) } }),
    code("EEXPIRED"),
  );
  await assert.rejects(
    decryptNestedJwt(token, enc, sig, { verify: { algorithms: ["RS256"], currentDate: at(1) } }),
    code("EALG"),
  );
});

test("decodeJwt() reports malformed tokens with offsets", () => {
  assert.throws(() => decodeJwt("abc"), (e) => e instanceof JoseSyntaxError && e.offset === 3);
  assert.throws(
    () => decodeJwt("eyJhbGciOiJIUzI1NiJ9.e$30.x"),
    (e) => e instanceof JoseSyntaxError && e.offset === 22,
  );
  assert.throws(
    () => decodeJwt("bm90IGpzb24.e30.x"),
    (e) => e instanceof JoseSyntaxError && e.offset === 0,
  );
  assert.throws(() => decodeJwt("WzFd.e30.x"), JoseSyntaxError);
  assert.throws(() => decodeJwt("a.b.c.d.e.f"), JoseSyntaxError);
  const jwe = decodeJwt("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aaaa.bbbb.cccc");
  assert.equal(jwe.encrypted, true);
  assert.equal(jwe.header.enc, "A128GCM");
  assert.equal(jwe.claims, undefined);
});
