// Copyright 2026 the wirekit authors. MIT license.
// CWT (RFC 8392): creation over Sign1/Mac0/Encrypt0, claim mapping and checks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeCbor, encodeCbor } from "../../cbor/mod.ts";
import {
  CoseError,
  createCoseEncrypt0,
  createCoseMac0,
  createCwt,
  decodeCoseMessage,
  generateCoseKey,
  verifyCwt,
} from "../../cose/mod.ts";

const code = (c: string) => (e: unknown) => e instanceof CoseError && e.code === c;
const claims = {
  iss: "coap://as.example.com",
  sub: "erikw",
  aud: "coap://light.example.com",
  exp: 1444064944,
  nbf: 1443944944,
  iat: 1443944944,
  cti: new Uint8Array([0x0b, 0x71]),
};
const clock = 1443944944 + 10;

test("createCwt() maps claim names to claim keys 1 to 8", async () => {
  const key = await generateCoseKey("HMAC 256/256");
  const token = await createCwt({ ...claims, cnf: key, "-70000": 5, name: "x" }, key);
  const d = decodeCoseMessage(token);
  assert.equal(d.kind, "mac0");
  const m = decodeCbor(d.content!, { mapsAsObjects: false }) as Map<unknown, unknown>;
  assert.deepEqual([...m.keys()], [1, 2, 3, 4, 5, 6, 7, 8, -70000, "name"]);
  assert.deepEqual((m.get(8) as Map<number, unknown>).get(1), new Map(key.params));
});

test("createCwt() picks Sign1, Mac0 or Encrypt0 from the algorithm and verifyCwt() opens each", async () => {
  for (
    const [alg, kind] of [["ES256", "sign1"], ["EdDSA", "sign1"], ["HMAC 256/64", "mac0"], [
      "A128GCM",
      "encrypt0",
    ], ["AES-CCM-16-64-128", "encrypt0"]] as const
  ) {
    const key = await generateCoseKey(alg);
    const token = await createCwt({ ...claims, exp: new Date(1444064944000) }, key);
    assert.equal(decodeCoseMessage(token).kind, kind);
    const r = await verifyCwt(token, key, {
      algorithms: [alg],
      clock,
      issuer: claims.iss,
      audience: ["other", claims.aud],
      subject: "erikw",
    });
    assert.deepEqual(r.layers, [kind]);
    assert.equal(r.alg, alg);
    assert.equal(r.claims.exp, 1444064944);
    assert.deepEqual(r.claims.cti, claims.cti);
  }
});

test("verifyCwt() checks exp, nbf and iat with the clock tolerance", async () => {
  const key = await generateCoseKey("HMAC 256/256");
  const token = await createCwt(claims, key);
  const o = { algorithms: ["HMAC 256/256"] };
  await assert.rejects(verifyCwt(token, key, { ...o, clock: claims.exp }), code("EEXPIRED"));
  await verifyCwt(token, key, { ...o, clock: claims.exp, clockToleranceSec: 5 });
  await assert.rejects(verifyCwt(token, key, { ...o, clock: claims.nbf - 1 }), code("ENOTYET"));
  await verifyCwt(token, key, {
    ...o,
    clock: new Date((claims.nbf - 1) * 1000),
    clockToleranceSec: 1,
  });
  await assert.rejects(verifyCwt(token, key, { ...o, clock, maxAgeSec: 5 }), code("EEXPIRED"));
  await verifyCwt(token, key, { ...o, clock: () => clock, maxAgeSec: 60 });
  const future = await createCwt({ iat: clock + 100 }, key);
  await assert.rejects(verifyCwt(future, key, { ...o, clock }), code("ECLAIM"));
});

test("verifyCwt() rejects a wrong issuer, audience, subject or a missing required claim", async () => {
  const key = await generateCoseKey("EdDSA");
  const token = await createCwt(claims, key);
  const o = { algorithms: ["EdDSA"], clock };
  await assert.rejects(verifyCwt(token, key, { ...o, issuer: "coap://evil" }), code("ECLAIM"));
  await assert.rejects(verifyCwt(token, key, { ...o, audience: "coap://other" }), code("ECLAIM"));
  await assert.rejects(verifyCwt(token, key, { ...o, subject: "eve" }), code("ECLAIM"));
  await assert.rejects(verifyCwt(token, key, { ...o, requiredClaims: ["cnf"] }), code("ECLAIM"));
  const bare = await createCwt({ sub: "x" }, key);
  await assert.rejects(verifyCwt(bare, key, { ...o, issuer: claims.iss }), code("ECLAIM"));
  await assert.rejects(verifyCwt(bare, key, { ...o, audience: claims.aud }), code("ECLAIM"));
});

test("verifyCwt() rejects claims of the wrong type and payloads that are not a claims map", async () => {
  const key = await generateCoseKey("HMAC 256/256");
  const o = { algorithms: ["HMAC 256/256"], clock };
  const bad = await createCoseMac0(encodeCbor(new Map([[4, "tomorrow"]])), key);
  await assert.rejects(verifyCwt(bad, key, o), code("ECLAIM"));
  const iss = await createCoseMac0(encodeCbor(new Map([[1, 7]])), key);
  await assert.rejects(verifyCwt(iss, key, o), code("ECLAIM"));
  const notMap = await createCoseMac0(encodeCbor([1, 2]), key);
  await assert.rejects(verifyCwt(notMap, key, o), code("ECLAIM"));
  await assert.rejects(createCwt(new Map([[4, "soon"]]), key), TypeError);
});

test("verifyCwt() strips the CWT tag 61 and opens nested tokens up to maxNesting", async () => {
  const sig = await generateCoseKey("ES256");
  const enc = await generateCoseKey("A256GCM");
  const inner = await createCwt(claims, sig, { cwtTag: true });
  assert.deepEqual([...inner.subarray(0, 2)], [0xd8, 0x3d]);
  const outer = await createCoseEncrypt0(inner.subarray(2), enc, {
    protectedHeaders: { content_type: 61 },
  });
  const o = { algorithms: ["ES256", "A256GCM"], clock };
  const r = await verifyCwt(outer, [enc, sig], o);
  assert.deepEqual(r.layers, ["encrypt0", "sign1"]);
  assert.equal(r.claims.sub, "erikw");
  await assert.rejects(verifyCwt(outer, [enc, sig], { ...o, maxNesting: 1 }), code("ELIMIT"));
  // The signature of the inner token is still checked.
  await assert.rejects(verifyCwt(outer, [enc, await generateCoseKey("ES256")], o), code("ESIG"));
});

test("verifyCwt() requires the algorithm allow-list", async () => {
  const key = await generateCoseKey("EdDSA");
  const token = await createCwt(claims, key);
  await assert.rejects(verifyCwt(token, key, { algorithms: ["ES256"], clock }), code("EALG"));
  // deno-lint-ignore no-explicit-any
  await assert.rejects(verifyCwt(token, key, {} as any), TypeError);
});

test("createCwt() and verifyCwt() treat Object.prototype names as ordinary text claims", async () => {
  const key = await generateCoseKey("HMAC 256/256");
  const token = await createCwt({ constructor: "c", toString: 1 }, key);
  const d = decodeCoseMessage(token);
  const m = decodeCbor(d.content!, { mapsAsObjects: false }) as Map<unknown, unknown>;
  assert.deepEqual([...m.entries()], [["constructor", "c"], ["toString", 1]]);
  const r = await verifyCwt(token, key, {
    algorithms: ["HMAC 256/256"],
    requiredClaims: ["constructor"],
  });
  assert.equal(r.claims.constructor, "c");
});
