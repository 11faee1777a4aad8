// Copyright 2026 the wirekit authors. MIT license.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CompactEncrypt } from "jose";
import {
  decryptJwe,
  encryptJwe,
  exportJwk,
  generateJwk,
  importJwk,
  importSecret,
  JoseError,
  JwkSet,
} from "../../jose/mod.ts";

function code(c: string) {
  return (e: unknown) => e instanceof JoseError && e.code === c;
}
const dec = new TextDecoder();

test("encryptJwe()/decryptJwe() round-trip for every key-management family", async () => {
  const algs = [
    "RSA-OAEP",
    "RSA-OAEP-256",
    "ECDH-ES",
    "ECDH-ES+A128KW",
    "ECDH-ES+A256KW",
    "A128KW",
    "A256KW",
    "A128GCMKW",
    "A256GCMKW",
  ];
  for (const alg of algs) {
    const key = await importJwk(await generateJwk(alg));
    for (const enc of ["A128GCM", "A256GCM", "A128CBC-HS256", "A256CBC-HS512"]) {
      const jwe = await encryptJwe(`${alg}/${enc}`, key, { enc });
      const r = await decryptJwe(jwe, key);
      assert.equal(dec.decode(r.plaintext), `${alg}/${enc}`);
      assert.equal(r.protectedHeader?.alg, alg);
      assert.equal(r.protectedHeader?.enc, enc);
    }
  }
  const x = await importJwk(await generateJwk("ECDH-ES+A128KW", { crv: "X25519" }));
  assert.equal(dec.decode((await decryptJwe(await encryptJwe("x", x), x)).plaintext), "x");
});

test("dir keys are bound to their content encryption when the JWK says so", async () => {
  const key = await importJwk({ kty: "oct", alg: "A128GCM", k: "XctOhJAkA-pD9Lh7ZgW_2A" });
  assert.equal(key.alg, "dir");
  assert.equal(key.enc, "A128GCM");
  const jwe = await encryptJwe("hi", key);
  assert.equal(
    JSON.parse(atob(jwe.split(".")[0].replaceAll("-", "+").replaceAll("_", "/"))).enc,
    "A128GCM",
  );
  await assert.rejects(encryptJwe("hi", key, { enc: "A256GCM" }), code("EKEY"));
  const cbc = await importJwk(await generateJwk("dir", { enc: "A128CBC-HS256" }));
  assert.equal(
    dec.decode(
      (await decryptJwe(await encryptJwe("c", cbc, { enc: "A128CBC-HS256" }), cbc)).plaintext,
    ),
    "c",
  );
});

test("general JWE with several recipients decrypts with each recipient's key", async () => {
  const a = await importJwk(await generateJwk("RSA-OAEP-256", { kid: "a" }));
  const b = await importJwk(await generateJwk("ECDH-ES+A256KW", { kid: "b" }));
  const c = await importJwk(await generateJwk("A256GCMKW", { kid: "c" }));
  const jwe = await encryptJwe("to all", [a, b, c], {
    aad: "meta",
    unprotectedHeader: { cty: "text/plain" },
  });
  assert.equal(jwe.recipients.length, 3);
  for (const k of [a, b, c]) {
    const r = await decryptJwe(jwe, k);
    assert.equal(dec.decode(r.plaintext), "to all");
    assert.equal(r.key, k);
    assert.equal(dec.decode(r.additionalAuthenticatedData!), "meta");
    assert.equal(r.sharedUnprotectedHeader?.cty, "text/plain");
    assert.equal(r.serialization, "general");
  }
  const set = await JwkSet.fromJson({ keys: [exportJwk(b, { includePrivate: true })] });
  assert.equal((await decryptJwe(JSON.stringify(jwe), set)).key.kid, "b");
  const stranger = await importJwk(await generateJwk("A256GCMKW", { kid: "c" }));
  await assert.rejects(decryptJwe(jwe, stranger), code("EDECRYPT"));
  await assert.rejects(encryptJwe("x", [a, b], { serialization: "compact" }), TypeError);
  const dirKey = await importJwk(await generateJwk("dir", { enc: "A256GCM" }));
  await assert.rejects(encryptJwe("x", [a, dirKey]), JoseError);
});

test("decryption failures all carry the same fixed message", async () => {
  const key = await importJwk(await generateJwk("A128KW"));
  const wrong = await importJwk(await generateJwk("A128KW"));
  const jwe = await encryptJwe("secret", key);
  const parts = jwe.split(".");
  const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
  const attempts = [
    () => decryptJwe(jwe, wrong),
    () => decryptJwe([parts[0], flip(parts[1]), parts[2], parts[3], parts[4]].join("."), key),
    () => decryptJwe([parts[0], parts[1], parts[2], flip(parts[3]), parts[4]].join("."), key),
    () => decryptJwe([parts[0], parts[1], parts[2], parts[3], flip(parts[4])].join("."), key),
  ];
  for (const attempt of attempts) {
    await assert.rejects(attempt(), (e) => {
      assert.ok(e instanceof JoseError);
      assert.equal(e.code, "EDECRYPT");
      assert.equal(e.message, "Decryption failed");
      return true;
    });
  }
});

test("decryptJwe() enforces key-management and content-encryption allow-lists", async () => {
  const key = await importJwk(await generateJwk("A256KW"));
  const jwe = await encryptJwe("x", key, { enc: "A128CBC-HS256" });
  await assert.rejects(
    decryptJwe(jwe, key, { contentEncryptionAlgorithms: ["A256GCM"] }),
    code("EALG"),
  );
  await assert.rejects(decryptJwe(jwe, key, { keyManagementAlgorithms: ["A128KW"] }), code("EALG"));
  await assert.rejects(decryptJwe(jwe, key, { keyManagementAlgorithms: ["none"] }), TypeError);
  // A header naming another algorithm than the key's binding is refused.
  const other = await importJwk(await generateJwk("A256GCMKW"));
  const jwe2 = await encryptJwe("x", other);
  await assert.rejects(
    decryptJwe(jwe2, key, { keyManagementAlgorithms: ["A256GCMKW", "A256KW"] }),
    code("EKEY"),
  );
});

test("PBES2 is refused unless allowed, and its iteration count is capped", async () => {
  const pw = await importSecret("hunter2 but longer", "PBES2-HS256+A128KW");
  const jwe = await encryptJwe("x", pw, { pbes2Count: 2000 });
  await assert.rejects(decryptJwe(jwe, pw), code("EALG"));
  const ok = await decryptJwe(jwe, pw, { keyManagementAlgorithms: ["PBES2-HS256+A128KW"] });
  assert.equal(dec.decode(ok.plaintext), "x");
  const heavy = await encryptJwe("x", pw, { pbes2Count: 20_000 });
  await assert.rejects(
    decryptJwe(heavy, pw, { keyManagementAlgorithms: ["PBES2-HS256+A128KW"] }),
    code("ELIMIT"),
  );
  await assert.rejects(
    decryptJwe(jwe, pw, { keyManagementAlgorithms: ["PBES2-HS256+A128KW"], maxPbes2Count: 1000 }),
    code("ELIMIT"),
  );
  await assert.rejects(decryptJwe(jwe, pw, { maxPbes2Count: 0 }), RangeError);
});

test("zip DEF round-trips and a decompression bomb hits maxDecompressedBytes", async () => {
  const key = await importJwk(await generateJwk("A128KW"));
  const big = "a".repeat(300_000);
  const jwe = await encryptJwe(big, key, { zip: "DEF" });
  assert.ok(jwe.length < 10_000);
  await assert.rejects(decryptJwe(jwe, key), code("ELIMIT"));
  const r = await decryptJwe(jwe, key, { maxDecompressedBytes: 400_000 });
  assert.equal(r.plaintext.length, 300_000);
});

test("decryptJwe() detects compact, flattened and general input and rejects malformed", async () => {
  const key = await importJwk(await generateJwk("ECDH-ES+A128KW"));
  const flat = await encryptJwe("f", key, { serialization: "flattened" });
  assert.equal((await decryptJwe(flat, key)).serialization, "flattened");
  assert.equal((await decryptJwe(JSON.stringify(flat), key)).serialization, "flattened");
  await assert.rejects(decryptJwe("a.b.c", key), code("EINVALID"));
  await assert.rejects(decryptJwe({ recipients: [], ciphertext: "" }, key), code("EINVALID"));
  // A JWE made by calling jose directly decrypts too.
  const raw = await new CompactEncrypt(new Uint8Array(1))
    .setProtectedHeader({ alg: "ECDH-ES+A128KW", enc: "A128GCM" })
    .encrypt(key.keyFor("encrypt"));
  assert.equal(dec.decode((await decryptJwe(raw, key)).plaintext), "\0");
});

test("encryptJwe() unprotectedMembers moves alg/kid/enc to the shared unprotected header", async () => {
  const key = await importJwk({ ...(await generateJwk("A128KW")), kid: "k1" });
  const flat = await encryptJwe("x", key, {
    serialization: "flattened",
    unprotectedMembers: ["alg", "kid"],
  });
  assert.deepEqual(flat.unprotected, { alg: "A128KW", kid: "k1" });
  const general = await encryptJwe("x", key, {
    serialization: "general",
    unprotectedMembers: ["alg", "kid", "enc"],
  });
  assert.equal(general.protected, undefined);
  assert.deepEqual(general.unprotected, { alg: "A128KW", kid: "k1", enc: "A256GCM" });
  for (const jwe of [flat, general]) {
    assert.equal(dec.decode((await decryptJwe(jwe, key)).plaintext), "x");
    // The allow-lists and the key binding hold wherever alg sits.
    await assert.rejects(
      decryptJwe(jwe, key, { keyManagementAlgorithms: ["A256KW"] }),
      code("EALG"),
    );
    const swapped = { ...jwe, unprotected: { ...jwe.unprotected, alg: "A256KW" } };
    await assert.rejects(
      decryptJwe(swapped, key, { keyManagementAlgorithms: ["A128KW", "A256KW"] }),
      code("EKEY"),
    );
  }
  await assert.rejects(encryptJwe("x", key, { unprotectedMembers: ["alg"] }), TypeError);
  await assert.rejects(
    encryptJwe("x", key, { serialization: "flattened", zip: "DEF", unprotectedMembers: ["zip"] }),
    TypeError,
  );
});

test("encryptJwe() with one recipient in general JSON protects alg and kid", async () => {
  const key = await importJwk({ ...(await generateJwk("A128KW")), kid: "k1" });
  const jwe = await encryptJwe("x", [key]);
  assert.equal(jwe.recipients.length, 1);
  assert.equal(jwe.recipients[0].header, undefined);
  assert.equal(typeof jwe.recipients[0].encrypted_key, "string");
  const prot = JSON.parse(atob(jwe.protected!.replaceAll("-", "+").replaceAll("_", "/")));
  assert.deepEqual(prot, { alg: "A128KW", kid: "k1", enc: "A256GCM" });
  assert.equal(dec.decode((await decryptJwe(jwe, key)).plaintext), "x");
});

test("encryptJwe() random option: draws CEK then IV with exact lengths, one recipient only", async () => {
  const key = await importJwk(await generateJwk("A128KW"));
  const lengths: number[] = [];
  const random = (n: number) => {
    lengths.push(n);
    return crypto.getRandomValues(new Uint8Array(n));
  };
  const jwe = await encryptJwe("x", key, { enc: "A128CBC-HS256", random });
  assert.deepEqual(lengths, [32, 16]);
  assert.equal(dec.decode((await decryptJwe(jwe, key)).plaintext), "x");
  await assert.rejects(
    encryptJwe("x", key, { random: () => new Uint8Array(3) }),
    /must return 32 bytes/,
  );
  await assert.rejects(encryptJwe("x", [key, key], { random }), TypeError);
});
