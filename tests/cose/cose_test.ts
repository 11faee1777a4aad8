// Copyright 2026 the wirekit authors. MIT license.
// Behaviour of the COSE API: safety checks, framing options, keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type CborTag, decodeCbor, encodeCbor } from "../../cbor/mod.ts";
import {
  CoseError,
  CoseKey,
  coseKeyFromJwk,
  coseKeyThumbprint,
  createCoseEncrypt,
  createCoseEncrypt0,
  createCoseMac0,
  createCoseSign1,
  decodeCoseMessage,
  decryptCoseEncrypt,
  decryptCoseEncrypt0,
  exportCoseKey,
  exportCoseKeySet,
  generateCoseKey,
  importCoseKey,
  importCoseKeySet,
  jwkFromCoseKey,
  verifyCoseMac0,
  verifyCoseSign1,
} from "../../cose/mod.ts";

const code = (c: string) => (e: unknown) => e instanceof CoseError && e.code === c;
const payload = new TextEncoder().encode("payload");

test("verifyCoseSign1() rejects an algorithm missing from the allow-list", async () => {
  const key = await generateCoseKey("ES256");
  const msg = await createCoseSign1(payload, key);
  await assert.rejects(verifyCoseSign1(msg, key, { algorithms: ["ES384"] }), code("EALG"));
  assert.deepEqual((await verifyCoseSign1(msg, key, { algorithms: [-7] })).payload, payload);
});

test("verifyCoseSign1() rejects a key bound to another algorithm", async () => {
  const key = await generateCoseKey("ES256");
  const msg = await createCoseSign1(payload, key);
  const other = new CoseKey(new Map([...key.params, [3, -35]]));
  await assert.rejects(verifyCoseSign1(msg, other, { algorithms: ["ES256"] }), code("EALG"));
});

test("verifyCoseSign1() rejects an unknown critical header unless understood", async () => {
  const key = await generateCoseKey("EdDSA");
  const msg = await createCoseSign1(payload, key, {
    protectedHeaders: new Map<number | string, unknown>([[1, -8], [2, [99]], [99, 1]]),
  });
  await assert.rejects(verifyCoseSign1(msg, key, { algorithms: ["EdDSA"] }), code("ECRIT"));
  const ok = await verifyCoseSign1(msg, key, { algorithms: ["EdDSA"], understoodCrit: [99] });
  assert.deepEqual(ok.payload, payload);
});

test("verifyCoseSign1() fails with a fixed message on a tampered payload", async () => {
  const key = await generateCoseKey("PS256");
  const msg = decodeCbor(await createCoseSign1(payload, key), { mapsAsObjects: false }) as CborTag;
  (msg.value as unknown[])[2] = new Uint8Array([1]);
  await assert.rejects(
    verifyCoseSign1(encodeCbor(msg), key, { algorithms: ["PS256"] }),
    (e: unknown) =>
      e instanceof CoseError && e.code === "ESIG" && e.message === "Signature verification failed",
  );
});

test("createCoseSign1() with detached payload needs it back to verify", async () => {
  const key = await generateCoseKey("ES512");
  const msg = await createCoseSign1(payload, key, {
    detached: true,
    externalAad: new Uint8Array([1]),
  });
  assert.equal(decodeCoseMessage(msg).content, null);
  await assert.rejects(verifyCoseSign1(msg, key, { algorithms: ["ES512"] }), code("EINVALID"));
  const out = await verifyCoseSign1(msg, key, {
    algorithms: ["ES512"],
    detachedPayload: payload,
    externalAad: new Uint8Array([1]),
  });
  assert.deepEqual(out.payload, payload);
  await assert.rejects(
    verifyCoseSign1(msg, key, { algorithms: ["ES512"], detachedPayload: payload }),
    code("ESIG"),
  );
});

test("tagging rules: untagged messages and tag mismatches", async () => {
  const key = await generateCoseKey("HMAC 256/64");
  const untagged = await createCoseMac0(payload, key, { tagged: false });
  assert.equal(decodeCoseMessage(untagged).tagged, false);
  assert.deepEqual(decodeCoseMessage(untagged).possibleKinds, ["sign1", "mac0"]);
  await assert.rejects(
    verifyCoseMac0(untagged, key, { algorithms: ["HMAC 256/64"], tagged: "required" }),
    code("ETAG"),
  );
  const tagged = await createCoseMac0(payload, key);
  await assert.rejects(verifyCoseSign1(tagged, key, { algorithms: ["HMAC 256/64"] }), code("ETAG"));
  await assert.rejects(
    verifyCoseMac0(tagged, key, { algorithms: ["HMAC 256/64"], tagged: "forbidden" }),
    code("ETAG"),
  );
});

test("decryptCoseEncrypt0() works for every AEAD algorithm and rejects tampering", async () => {
  for (
    const alg of [
      "A128GCM",
      "A192GCM",
      "A256GCM",
      "AES-CCM-16-64-128",
      "AES-CCM-64-128-256",
      "ChaCha20/Poly1305",
    ]
  ) {
    const key = await generateCoseKey(alg);
    const msg = await createCoseEncrypt0(payload, key, { externalAad: new Uint8Array([7]) });
    const out = await decryptCoseEncrypt0(msg, key, {
      algorithms: [alg],
      externalAad: new Uint8Array([7]),
    });
    assert.deepEqual(out.plaintext, payload, alg);
    await assert.rejects(
      decryptCoseEncrypt0(msg, key, { algorithms: [alg] }),
      code("EDECRYPT"),
      alg,
    );
  }
});

test("createCoseEncrypt() ECDH over every curve, direct and with key wrap", async () => {
  for (const crv of ["P-256", "P-384", "P-521", "X25519"]) {
    for (
      const alg of ["ECDH-ES+HKDF-256", "ECDH-ES+A128KW", "ECDH-SS+HKDF-512", "ECDH-SS+A256KW"]
    ) {
      const bob = await generateCoseKey(alg, { crv });
      const alice = await generateCoseKey(alg, { crv });
      const msg = await createCoseEncrypt(payload, [{ key: bob, senderKey: alice }], {
        alg: "A256GCM",
      });
      const out = await decryptCoseEncrypt(msg, bob, { algorithms: ["A256GCM", alg] });
      assert.deepEqual(out.plaintext, payload, `${crv} ${alg}`);
      await assert.rejects(decryptCoseEncrypt(msg, bob, { algorithms: ["A256GCM"] }), code("EKEY"));
    }
  }
});

test("createCoseEncrypt() rejects a direct recipient among several", async () => {
  const a = await generateCoseKey("A128GCM");
  const b = await generateCoseKey("A128KW");
  await assert.rejects(
    createCoseEncrypt(payload, [{ key: a, alg: "direct" }, { key: b }], { alg: "A128GCM" }),
    code("EINVALID"),
  );
});

test("COSE keys: export/import, key sets, JWK and thumbprint (RFC 9679 A.1 key)", async () => {
  const key = await generateCoseKey("ES256", { kid: "k" });
  const pub = importCoseKey(exportCoseKey(key));
  assert.equal(pub.hasPrivate, false);
  assert.deepEqual(importCoseKeySet(exportCoseKeySet([key, pub])).length, 2);
  const jwk = jwkFromCoseKey(key, { includePrivate: true });
  assert.deepEqual(jwkFromCoseKey(coseKeyFromJwk(jwk), { includePrivate: true }), jwk);
  // RFC 9679 section 6 example key.
  const hex = (s: string) => new Uint8Array(s.match(/../g)!.map((x) => parseInt(x, 16)));
  const k = new CoseKey(
    new Map<number | string, unknown>([
      [1, 2],
      [2, hex("1decade2facade3")],
      [-1, 1],
      [-2, hex("65eda5a12577c2bae829437fe338701a10aaa375e1bb5b5de108de439c08551d")],
      [-3, hex("1e52ed75701163f7f9e40ddf9f341b3dc9ba860af7e0ca7ca7e9eecd0084d19c")],
    ]),
  );
  const t = await coseKeyThumbprint(k);
  assert.equal(
    [...t].map((b) => b.toString(16).padStart(2, "0")).join(""),
    "496bd8afadf307e5b08c64b0421bf9dc01528a344a43bda88fadd1669da253ec",
  );
});

test("importCoseKey() rejects malformed keys with EKEY or EINVALID", () => {
  assert.throws(() => importCoseKey(new Uint8Array([0xa1, 0x01, 0x09])), code("EKEY"));
  assert.throws(() => importCoseKey(new Uint8Array([0x01])), code("EINVALID"));
  assert.throws(() => importCoseKey(new Uint8Array([0xa1])), code("EINVALID"));
  assert.throws(
    () => importCoseKeySet(new Uint8Array([0x82, 0x80, 0x80]), { maxKeys: 1 }),
    code("ELIMIT"),
  );
});

test("decodeCoseMessage() rejects non-COSE input", () => {
  assert.throws(() => decodeCoseMessage(new Uint8Array([0xd8, 0x20, 0x80])), code("ETAG"));
  assert.throws(() => decodeCoseMessage(new Uint8Array([0x81, 0x01])), code("EINVALID"));
  assert.throws(() => decodeCoseMessage(new Uint8Array([0xff])), code("EINVALID"));
});

test("a direct recipient key may be bound to the content algorithm, not to another", async () => {
  const { createCoseMac, generateCoseKey, verifyCoseMac } = await import("../../cose/mod.ts");
  const key = await generateCoseKey("HMAC 256/256");
  const msg = await createCoseMac(new Uint8Array([1]), [{ key, alg: "direct" }], {
    alg: "HMAC 256/256",
  });
  const out = await verifyCoseMac(msg, key, { algorithms: ["HMAC 256/256", "direct"] });
  assert.equal(out.alg, "HMAC 256/256");
  const other = await generateCoseKey("HMAC 384/384");
  await assert.rejects(
    createCoseMac(new Uint8Array([1]), [{ key: other, alg: "direct" }], { alg: "HMAC 256/256" }),
    (e: unknown) => e instanceof Error && "code" in e && e.code === "EALG",
  );
});
