// Copyright 2026 the wirekit authors. MIT license.
// Countersignatures (RFC 9338, and the RFC 8152 form) on every message type.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CborTag, decodeCbor, encodeCbor } from "../../cbor/mod.ts";
import {
  CoseError,
  type CoseKey,
  countersignCose,
  createCoseEncrypt,
  createCoseEncrypt0,
  createCoseMac,
  createCoseMac0,
  createCoseSign,
  createCoseSign1,
  decryptCoseEncrypt0,
  generateCoseKey,
  verifyCoseCountersignatures,
  verifyCoseSign1,
} from "../../cose/mod.ts";

const payload = new TextEncoder().encode("countersigned content");
const ALGS = ["ES256", "EdDSA"];

async function messages(): Promise<Record<string, Uint8Array>> {
  const sig = await generateCoseKey("EdDSA");
  const mac = await generateCoseKey("HMAC 256/256", { bindAlg: false });
  const enc = await generateCoseKey("A128GCM", { bindAlg: false });
  return {
    sign1: await createCoseSign1(payload, sig),
    sign: await createCoseSign(payload, [{ key: sig }]),
    mac0: await createCoseMac0(payload, mac, { alg: "HMAC 256/256" }),
    mac: await createCoseMac(payload, [{ key: mac, alg: "direct" }], { alg: "HMAC 256/256" }),
    encrypt0: await createCoseEncrypt0(payload, enc, { alg: "A128GCM" }),
    encrypt: await createCoseEncrypt(payload, [{ key: enc, alg: "direct" }], { alg: "A128GCM" }),
  };
}

function unprotectedOf(msg: Uint8Array): Map<number, unknown> {
  const v = decodeCbor(msg, { mapsAsObjects: false }) as CborTag;
  return (v.value as unknown[])[1] as Map<number, unknown>;
}

for (const version of [2, 1] as const) {
  for (const abbreviated of [false, true]) {
    const label = version === 2 ? (abbreviated ? 12 : 11) : (abbreviated ? 9 : 7);
    test(
      `countersignCose() version ${version}${
        abbreviated ? " Countersignature0" : ""
      } verifies on all six message types (label ${label})`,
      async () => {
        const cs = await generateCoseKey("ES256", { kid: "cs" });
        for (const [kind, msg] of Object.entries(await messages())) {
          const out = await countersignCose(
            msg,
            { key: cs, alg: "ES256", unprotectedHeaders: { kid: "cs" } },
            { version, abbreviated },
          );
          assert.ok(unprotectedOf(out).has(label), kind);
          const r = await verifyCoseCountersignatures(out, cs, { algorithms: ALGS });
          assert.equal(r.countersignatures.length, 1, kind);
          const c = r.countersignatures[0];
          assert.equal(c.valid, true, `${kind}: ${c.error?.message}`);
          assert.equal(c.version, version);
          assert.equal(c.abbreviated, abbreviated);
          assert.equal(c.alg, "ES256");
          // Another key does not verify it.
          const other = await generateCoseKey("ES256", { kid: "cs" });
          const bad = await verifyCoseCountersignatures(out, other, { algorithms: ALGS });
          assert.equal(bad.countersignatures[0].valid, false, kind);
          assert.equal(bad.countersignatures[0].error?.code, "ESIG");
        }
      },
    );
  }
}

test("countersignCose() leaves the message verifiable", async () => {
  const key = await generateCoseKey("ES256");
  const cs = await generateCoseKey("EdDSA");
  const msg = await countersignCose(await createCoseSign1(payload, key), { key: cs });
  assert.deepEqual((await verifyCoseSign1(msg, key, { algorithms: ALGS })).payload, payload);
  const enc = await generateCoseKey("A256GCM");
  const e0 = await countersignCose(await createCoseEncrypt0(payload, enc), { key: cs });
  assert.deepEqual(
    (await decryptCoseEncrypt0(e0, enc, { algorithms: ["A256GCM"] })).plaintext,
    payload,
  );
});

test("version 2 countersignatures cover the Sign1 signature (other_fields), version 1 do not", async () => {
  const key = await generateCoseKey("EdDSA");
  const cs = await generateCoseKey("EdDSA");
  const base = await createCoseSign1(payload, key);
  const v2 = await countersignCose(base, { key: cs });
  const v1 = await countersignCose(base, { key: cs }, { version: 1 });
  const swapSignature = (m: Uint8Array) => {
    const v = decodeCbor(m, { mapsAsObjects: false }) as CborTag;
    const arr = v.value as unknown[];
    const sig = arr[3] as Uint8Array;
    sig[0] ^= 1;
    return encodeCbor(new CborTag(18, arr));
  };
  const r2 = await verifyCoseCountersignatures(swapSignature(v2), cs, { algorithms: ALGS });
  assert.equal(r2.countersignatures[0].valid, false);
  const r1 = await verifyCoseCountersignatures(swapSignature(v1), cs, { algorithms: ALGS });
  assert.equal(r1.countersignatures[0].valid, true);
});

test("countersignCose() targets a COSE_Signature and a recipient", async () => {
  const a = await generateCoseKey("EdDSA");
  const cs = await generateCoseKey("ES256", { kid: "n" });
  const signed = await createCoseSign(payload, [{ key: a }, { key: a }]);
  const s = await countersignCose(signed, { key: cs, unprotectedHeaders: { kid: "n" } }, {
    target: { signature: 1 },
  });
  const rs = await verifyCoseCountersignatures(s, cs, { algorithms: ALGS });
  assert.deepEqual(rs.countersignatures.map((c) => [c.target, c.valid]), [[
    { signature: 1 },
    true,
  ]]);

  const k = await generateCoseKey("A128KW");
  const enc = await createCoseEncrypt(payload, [{ key: k }], { alg: "A128GCM" });
  const e = await countersignCose(enc, { key: cs }, {
    target: { recipient: 0 },
    abbreviated: true,
  });
  const re = await verifyCoseCountersignatures(e, cs, {
    algorithms: ALGS,
    abbreviatedAlg: "ES256",
  });
  assert.deepEqual(re.countersignatures.map((c) => [c.target, c.valid]), [[
    { recipient: [0] },
    true,
  ]]);
  await assert.rejects(countersignCose(enc, { key: cs }, { target: { recipient: 3 } }), RangeError);
  await assert.rejects(countersignCose(enc, { key: cs }, { target: { signature: 0 } }), TypeError);
});

test("countersignCose() appends a second full countersignature as an array", async () => {
  const key = await generateCoseKey("EdDSA");
  const c1 = await generateCoseKey("EdDSA", { kid: "1" });
  const c2 = await generateCoseKey("ES256", { kid: "2" });
  let msg = await createCoseMac0(payload, await generateCoseKey("HMAC 256/256"));
  msg = await countersignCose(msg, { key: c1, unprotectedHeaders: { kid: "1" } });
  msg = await countersignCose(msg, { key: c2, unprotectedHeaders: { kid: "2" } });
  const value = unprotectedOf(msg).get(11) as unknown[];
  assert.equal(value.length, 2);
  assert.ok(Array.isArray(value[0]));
  const r = await verifyCoseCountersignatures(msg, [c1, c2, key], { algorithms: ALGS });
  assert.deepEqual(r.countersignatures.map((c) => [c.index, c.valid]), [[0, true], [1, true]]);
  assert.equal(r.allValid, true);
});

test("verifyCoseCountersignatures() enforces the allow-list and Countersignature0 rules", async () => {
  const cs: CoseKey = await generateCoseKey("ES256");
  const msg = await countersignCose(await createCoseSign1(payload, cs), { key: cs });
  const r = await verifyCoseCountersignatures(msg, cs, { algorithms: ["EdDSA"] });
  assert.equal(r.countersignatures[0].error?.code, "EALG");
  // Countersignature0 needs an algorithm: from the signer or the key.
  const noAlg = await generateCoseKey("EdDSA", { bindAlg: false });
  const m0 = await countersignCose(msg, { key: noAlg, alg: "EdDSA" }, { abbreviated: true });
  await assert.rejects(
    countersignCose(m0, { key: noAlg, alg: "EdDSA" }, { abbreviated: true }),
    (e) => e instanceof CoseError && e.code === "EINVALID",
  );
  const r0 = await verifyCoseCountersignatures(m0, noAlg, { algorithms: ALGS });
  assert.equal(r0.countersignatures.find((c) => c.abbreviated)?.error?.code, "EALG");
  const ok = await verifyCoseCountersignatures(m0, noAlg, {
    algorithms: ALGS,
    abbreviatedAlg: "EdDSA",
  });
  assert.equal(ok.countersignatures.find((c) => c.abbreviated)?.valid, true);
  await assert.rejects(
    countersignCose(msg, [{ key: cs }, { key: cs }], { abbreviated: true }),
    TypeError,
  );
});

test("verifyCoseCountersignatures() rejects a countersignature that is not a COSE_Countersignature", async () => {
  const key = await generateCoseKey("EdDSA");
  const msg = await createCoseSign1(payload, key, {
    unprotectedHeaders: new Map<number, unknown>([[11, [1, 2]]]),
  });
  await assert.rejects(
    verifyCoseCountersignatures(msg, key, { algorithms: ALGS }),
    (e) => e instanceof CoseError && e.code === "EINVALID",
  );
  const many = await createCoseSign1(payload, key, {
    unprotectedHeaders: new Map<number, unknown>([[
      11,
      Array.from({ length: 70 }, () => [new Uint8Array(0), new Map(), new Uint8Array(64)]),
    ]]),
  });
  await assert.rejects(
    verifyCoseCountersignatures(many, key, { algorithms: ALGS }),
    (e) => e instanceof CoseError && e.code === "ELIMIT",
  );
});

test("countersignCose() needs options.kind for an ambiguous untagged message", async () => {
  const key = await generateCoseKey("EdDSA");
  const msg = await createCoseSign1(payload, key, { tagged: false });
  await assert.rejects(
    countersignCose(msg, { key }),
    (e) => e instanceof CoseError && e.code === "ETAG",
  );
  const out = await countersignCose(msg, { key }, { kind: "sign1" });
  const r = await verifyCoseCountersignatures(out, key, { algorithms: ALGS, kind: "sign1" });
  assert.equal(r.allValid, true);
});
