// Copyright 2026 the wirekit authors. MIT license.
// Nested recipients (RFC 9052 section 5.1), Partial IVs with a direct
// recipient's base IV (RFC 9052 section 3.1), and the algorithm-kind checks
// every creator and opener shares.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeCbor } from "../../cbor/mod.ts";
import {
  CoseError,
  CoseKey,
  createCoseEncrypt,
  createCoseEncrypt0,
  createCoseMac,
  createCoseMac0,
  createCoseSign1,
  decryptCoseEncrypt,
  generateCoseKey,
  verifyCoseMac,
  verifyCoseMac0,
  verifyCoseSign1,
} from "../../cose/mod.ts";

const code = (c: string) => (e: unknown) => e instanceof CoseError && e.code === c;
const content = new TextEncoder().encode("nested content");
const ALGS = ["A128GCM", "A128KW", "A256KW", "ECDH-ES+HKDF-256", "HMAC 256/256"];

/** The recipients array of an encoded COSE_Encrypt (tag 96) or COSE_Mac (tag 97). */
function recipientsOf(msg: Uint8Array): unknown[][] {
  const v = decodeCbor(msg, { mapsAsObjects: false }) as { tag: number; value: unknown[] };
  return v.value[v.value.length - 1] as unknown[][];
}

test("createCoseEncrypt() distributes a key wrap key to nested ECDH-ES recipients", async () => {
  const bob = await generateCoseKey("ECDH-ES+HKDF-256", { crv: "P-256", kid: "bob" });
  const msg = await createCoseEncrypt(content, [{
    alg: "A128KW",
    recipients: [{ key: bob, unprotectedHeaders: { kid: "bob" } }],
  }], { alg: "A128GCM" });
  const rs = recipientsOf(msg);
  assert.equal(rs.length, 1);
  assert.equal(rs[0].length, 4);
  assert.equal((rs[0][2] as Uint8Array).length, 24); // the wrapped 16-byte content key
  const inner = rs[0][3] as unknown[][];
  assert.equal(inner.length, 1);
  assert.deepEqual(
    decodeCbor(inner[0][0] as Uint8Array, { mapsAsObjects: false }),
    new Map([[1, -25]]),
  );
  const out = await decryptCoseEncrypt(msg, bob, { algorithms: ALGS });
  assert.deepEqual(out.plaintext, content);
});

test("createCoseMac() nests A256KW under A128KW and verifyCoseMac() unwraps both layers", async () => {
  const leaf = await generateCoseKey("A256KW", { kid: "leaf" });
  const msg = await createCoseMac(content, [{
    alg: "A128KW",
    recipients: [{ key: leaf, unprotectedHeaders: { kid: "leaf" } }],
  }], { alg: "HMAC 256/256" });
  const out = await verifyCoseMac(msg, leaf, { algorithms: ALGS });
  assert.deepEqual(out.payload, content);
  const other = await generateCoseKey("A256KW", { kid: "leaf" });
  await assert.rejects(verifyCoseMac(msg, other, { algorithms: ALGS }), code("EDECRYPT"));
});

test("decryptCoseEncrypt() ignores recipients nested deeper than maxRecipientDepth", async () => {
  const leaf = await generateCoseKey("A128KW");
  const msg = await createCoseEncrypt(content, [{
    alg: "A128KW",
    recipients: [{ alg: "A128KW", recipients: [{ key: leaf }] }],
  }], { alg: "A128GCM" });
  const out = await decryptCoseEncrypt(msg, leaf, { algorithms: ALGS });
  assert.deepEqual(out.plaintext, content);
  await assert.rejects(
    decryptCoseEncrypt(msg, leaf, { algorithms: ALGS, maxRecipientDepth: 2 }),
    code("EKEY"),
  );
  await assert.rejects(
    decryptCoseEncrypt(msg, leaf, { algorithms: ALGS, maxRecipientDepth: 0 }),
    RangeError,
  );
});

test("createCoseEncrypt() refuses nested recipients under anything but key wrap", async () => {
  const leaf = await generateCoseKey("A128KW");
  const hmacKey = await generateCoseKey("HMAC 256/256");
  await assert.rejects(
    createCoseEncrypt(content, [{ alg: "direct", recipients: [{ key: leaf }] }], {
      alg: "A128GCM",
    }),
    code("EALG"),
  );
  await assert.rejects(
    createCoseEncrypt(content, [{ key: hmacKey, alg: "A128KW", recipients: [{ key: leaf }] }], {
      alg: "A128GCM",
    }),
    TypeError,
  );
});

test("createCoseEncrypt() rejects a cyclic recipient list with a RangeError", async () => {
  // deno-lint-ignore no-explicit-any
  const loop: any = { alg: "A128KW" };
  loop.recipients = [loop];
  await assert.rejects(createCoseEncrypt(content, [loop], { alg: "A128GCM" }), RangeError);
});

test("COSE_Encrypt with a Partial IV takes the direct recipient key's base IV", async () => {
  const k = crypto.getRandomValues(new Uint8Array(16));
  const baseIv = new Uint8Array(12).fill(0xa0);
  const key = new CoseKey(new Map<number, unknown>([[1, 4], [-1, k], [5, baseIv]]));
  const msg = await createCoseEncrypt(content, [{ key, alg: "direct" }], {
    alg: "A128GCM",
    unprotectedHeaders: new Map([[6, new Uint8Array([1, 2])]]),
  });
  const out = await decryptCoseEncrypt(msg, key, { algorithms: ["A128GCM", "direct"] });
  assert.deepEqual(out.plaintext, content);
  // The same key with another base IV gives another nonce: the tag fails.
  const other = new CoseKey(new Map<number, unknown>([[1, 4], [-1, k], [5, new Uint8Array(12)]]));
  await assert.rejects(
    decryptCoseEncrypt(msg, other, { algorithms: ["A128GCM", "direct"] }),
    code("EDECRYPT"),
  );
  // Without a base IV the Partial IV cannot be resolved.
  const bare = new CoseKey(new Map<number, unknown>([[1, 4], [-1, k]]));
  await assert.rejects(
    decryptCoseEncrypt(msg, bare, { algorithms: ["A128GCM", "direct"] }),
    code("EKEY"),
  );
});

test("message creators and openers refuse an algorithm of the wrong kind with EALG", async () => {
  const hmac = await generateCoseKey("HMAC 256/256");
  const gcm = await generateCoseKey("A128GCM");
  const ed = await generateCoseKey("EdDSA");
  const notKind = (kind: string) => (e: unknown) =>
    e instanceof CoseError && e.code === "EALG" && e.message.endsWith(`is not ${kind} algorithm`);
  await assert.rejects(createCoseMac0(content, gcm), notKind("a MAC"));
  await assert.rejects(createCoseEncrypt0(content, hmac), notKind("a content encryption"));
  await assert.rejects(createCoseSign1(content, hmac), notKind("a signature"));
  await assert.rejects(
    createCoseMac(content, [{ key: hmac, alg: "direct" }], { alg: "A128GCM" }),
    notKind("a MAC"),
  );
  await assert.rejects(
    createCoseEncrypt(content, [{ key: gcm, alg: "direct" }], { alg: "EdDSA" }),
    notKind("a content encryption"),
  );
  // A Sign1 message whose alg is a MAC algorithm, allowed by the caller, is still refused.
  const signed = await createCoseSign1(content, ed);
  const asMac = signed.slice();
  asMac[asMac.indexOf(0x27)] = 0x05; // protected {1: -8} becomes {1: 5} (HMAC 256/256)
  await assert.rejects(
    verifyCoseSign1(asMac, ed, { algorithms: ["EdDSA", "HMAC 256/256"] }),
    notKind("a signature"),
  );
  await assert.rejects(
    verifyCoseMac0(await createCoseMac0(content, hmac), hmac, {
      algorithms: ["HMAC 256/256"],
      detachedPayload: content,
    }),
    code("EINVALID"),
  );
  await assert.rejects(createCoseMac0("text" as unknown as Uint8Array, hmac), TypeError);
  await assert.rejects(createCoseEncrypt0(null as unknown as Uint8Array, gcm), TypeError);
});
