// Copyright 2026 the wirekit authors. MIT license.
// Mutated tokens never crash, hang or verify: every failure is a JoseError.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  decodeJwt,
  decryptJwe,
  encryptJwe,
  generateJwk,
  importJwk,
  JoseError,
  JoseSyntaxError,
  signJws,
  signJwt,
  verifyJws,
  verifyJwt,
} from "../../jose/mod.ts";
import { seededBytes } from "../_util.ts";

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.{}"\\:, ';

function mutate(text: string, seed: number): string {
  const r = seededBytes(seed, 8);
  const chars = [...text];
  const at = ((r[0] << 8) | r[1]) % chars.length;
  switch (r[2] % 4) {
    case 0:
      chars[at] = ALPHABET[r[3] % ALPHABET.length];
      break;
    case 1:
      chars.splice(at, 1);
      break;
    case 2:
      chars.splice(at, 0, ALPHABET[r[3] % ALPHABET.length]);
      break;
    default:
      return chars.slice(0, at).join("");
  }
  return chars.join("");
}

test("mutated JWS and JWT tokens are refused with JoseError, never another error", async () => {
  const key = await importJwk(await generateJwk("ES256"));
  const jws = await signJws("payload", key);
  const jwt = await signJwt({ sub: "x" }, key, { expiresInSec: 60 });
  let refused = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const bad = mutate(seed % 2 ? jws : jwt, seed);
    if (bad === jws || bad === jwt) continue;
    try {
      // Whatever verifies must carry the original content: no forgery.
      const r = await verifyJws(bad, key, { algorithms: ["ES256"], maxSignatures: 1 });
      const text = new TextDecoder().decode(r.payload);
      assert.ok(text === "payload" || JSON.parse(text).sub === "x", `seed ${seed}`);
    } catch (e) {
      assert.ok(e instanceof JoseError, `seed ${seed}: ${e}`);
      refused++;
    }
    try {
      const r = await verifyJwt(bad, [key], { algorithms: ["ES256"] });
      assert.equal(r.claims.sub, "x", `seed ${seed}`);
    } catch (e) {
      assert.ok(e instanceof JoseError, `seed ${seed}: ${e}`);
    }
  }
  assert.ok(refused > 250);
});

test("mutated JWE tokens are refused with JoseError, never another error", async () => {
  const key = await importJwk(await generateJwk("A256KW"));
  const jwe = await encryptJwe("secret", key);
  const general = JSON.stringify(await encryptJwe("secret", [key]));
  for (let seed = 1; seed <= 200; seed++) {
    const bad = mutate(seed % 2 ? jwe : general, seed);
    try {
      const r = await decryptJwe(bad, key);
      assert.equal(new TextDecoder().decode(r.plaintext), "secret", `seed ${seed}`);
    } catch (e) {
      assert.ok(e instanceof JoseError, `seed ${seed}: ${e}`);
    }
  }
});

test("decodeJwt() throws only JoseSyntaxError or JoseError on mutated input", async () => {
  const key = await importJwk(await generateJwk("HS256"));
  const jwt = await signJwt({ sub: "x" }, key);
  for (let seed = 1; seed <= 300; seed++) {
    try {
      decodeJwt(mutate(jwt, seed));
    } catch (e) {
      assert.ok(e instanceof JoseSyntaxError || e instanceof JoseError, `seed ${seed}: ${e}`);
    }
  }
});

test("the one-key compact hot paths reject (never throw synchronously) on misuse", async () => {
  const {
    encryptJwe,
    decryptJwe,
    exportJwk,
    generateJwk,
    importJwk,
    JoseError,
    signJws,
    verifyJws,
  } = await import("../../jose/mod.ts");
  const sig = await importJwk(await generateJwk("ES256"));
  const pub = await importJwk(exportJwk(sig), "ES256");
  const enc = await importJwk(await generateJwk("dir", { enc: "A256GCM" }));
  const isCode = (c: string) => (e: unknown) => e instanceof JoseError && e.code === c;
  // Each call must return a promise; a synchronous throw fails the test here.
  const signPub = signJws("x", pub);
  await assert.rejects(signPub, isCode("EKEY"));
  const signEnc = signJws("x", enc);
  await assert.rejects(signEnc, isCode("EKEY"));
  const verifyNoAlgs = verifyJws("a.b.c", sig, { algorithms: [] });
  await assert.rejects(verifyNoAlgs, TypeError);
  const encryptSig = encryptJwe("x", sig);
  await assert.rejects(encryptSig, isCode("EKEY"));
  const encryptBadEnc = encryptJwe("x", enc, { enc: "A999GCM" });
  await assert.rejects(encryptBadEnc, JoseError);
  const decryptBadLimit = decryptJwe("a.b.c.d.e", enc, { maxPbes2Count: 0 });
  await assert.rejects(decryptBadLimit, RangeError);
  // A dir key of the wrong length for the default enc (A256GCM): EKEY, not
  // jose's TypeError.
  const short = await importJwk(await generateJwk("dir", { enc: "A128GCM" }));
  const encryptShort = encryptJwe("x", short);
  await assert.rejects(encryptShort, isCode("EKEY"));
  const decryptWrongEnc = decryptJwe(
    await encryptJwe("x", short, { enc: "A128GCM" }),
    enc,
    { contentEncryptionAlgorithms: ["A128GCM", "A256GCM"] },
  );
  await assert.rejects(decryptWrongEnc, isCode("EKEY"));
});
