// Copyright 2026 the wirekit authors. MIT license.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exportPKCS8, exportSPKI, generateKeyPair } from "jose";
import {
  exportJwk,
  generateJwk,
  importJwk,
  importPem,
  importSecret,
  JoseError,
  jwkThumbprint,
  jwkThumbprintUri,
  signJws,
  verifyJws,
} from "../../jose/mod.ts";
import { readFileSync } from "node:fs";
import { testdataPath } from "../_util.ts";

function code(c: string) {
  return (e: unknown) => e instanceof JoseError && e.code === c;
}

test("generateJwk() makes keys bound to their algorithm with a thumbprint kid", async () => {
  for (const alg of ["HS256", "HS512", "RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"]) {
    const jwk = await generateJwk(alg);
    assert.equal(jwk.alg, alg);
    assert.equal(jwk.use, "sig");
    assert.equal(jwk.kid, await jwkThumbprint(jwk), alg);
    const key = await importJwk(jwk);
    assert.equal(key.alg, alg);
  }
  for (
    const alg of [
      "RSA-OAEP-256",
      "ECDH-ES",
      "ECDH-ES+A256KW",
      "A128KW",
      "A256GCMKW",
      "PBES2-HS256+A128KW",
    ]
  ) {
    const jwk = await generateJwk(alg);
    assert.equal(jwk.use, "enc", alg);
    assert.equal((await importJwk(jwk)).alg, alg);
  }
  const x = await generateJwk("ECDH-ES", { crv: "X25519", kid: "mine" });
  assert.equal(x.crv, "X25519");
  assert.equal(x.kid, "mine");
  assert.equal((await generateJwk("HS384", { kid: false })).kid, undefined);
  const dir = await generateJwk("dir", { enc: "A128CBC-HS256" });
  assert.equal(dir.k?.length, 43);
  await assert.rejects(generateJwk("dir"), TypeError);
  await assert.rejects(generateJwk("none"), code("EUNSUPPORTED"));
  await assert.rejects(generateJwk("RS256", { modulusLength: 1024 }), RangeError);
});

test("importJwk() refuses a key whose alg, kty, curve or use contradicts the binding", async () => {
  const ec = await generateJwk("ES256");
  await assert.rejects(importJwk(ec, "ES384"), code("EKEY"));
  await assert.rejects(importJwk({ ...ec, alg: undefined }, "ES384"), code("EKEY"));
  await assert.rejects(importJwk({ ...ec, alg: undefined }, "HS256"), code("EKEY"));
  await assert.rejects(importJwk({ ...ec, alg: undefined, use: "enc" }, "ES256"), code("EKEY"));
  await assert.rejects(importJwk({ ...ec, alg: undefined }, "none"), code("EALG"));
  await assert.rejects(importJwk({ kty: "oct", k: "AAAA" }), TypeError);
  // HS256 keys must be at least as long as the hash (RFC 7518 section 3.2).
  await assert.rejects(
    importJwk({ kty: "oct", k: "AAAAAAAAAAAAAAAAAAAAAA" }, "HS256"),
    code("EKEY"),
  );
  await assert.rejects(
    importJwk({ kty: "oct", k: "AAAAAAAAAAAAAAAAAAAAAA" }, "A256KW"),
    code("EKEY"),
  );
  await assert.rejects(
    importJwk({ kty: "RSA", n: "A".repeat(10_000), e: "AQAB" }, "RS256"),
    code("ELIMIT"),
  );
  await assert.rejects(
    importJwk({ kty: "EC", crv: "P-256", x: "AA", y: "AA" }, "ES256"),
    JoseError,
  );
  assert.equal((await importJwk({ ...ec, alg: undefined })).alg, "ES256");
});

test("exportJwk() returns only public members unless asked, and a secret has none", async () => {
  const jwk = await generateJwk("RS256");
  const key = await importJwk(jwk);
  const pub = exportJwk(key);
  for (const m of ["d", "p", "q", "dp", "dq", "qi"]) assert.equal(pub[m], undefined, m);
  assert.equal(pub.n, jwk.n);
  assert.deepEqual(exportJwk(key, { includePrivate: true }), jwk);
  const secret = await importSecret(new Uint8Array(32), "HS256");
  assert.throws(() => exportJwk(secret), TypeError);
  assert.equal(exportJwk(secret, { includePrivate: true }).k, "A".repeat(43));
});

test("a private key also verifies; a public key refuses to sign", async () => {
  const key = await importJwk(await generateJwk("EdDSA"));
  assert.ok(key.keyFor("verify"));
  assert.ok(key.keyFor("sign"));
  const pub = await importJwk(exportJwk(key));
  assert.equal(pub.type, "public");
  assert.throws(() => pub.keyFor("sign"), code("EKEY"));
});

test("jwkThumbprint() and jwkThumbprintUri() follow RFC 7638 and RFC 9278", async () => {
  // RFC 7638 section 3.1 example key.
  const jwk = {
    kty: "RSA",
    n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
    e: "AQAB",
    alg: "RS256",
    kid: "2011-04-29",
  };
  assert.equal(await jwkThumbprint(jwk), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  assert.equal(
    await jwkThumbprintUri(jwk),
    "urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
  );
  const key = await importJwk(jwk);
  assert.equal(await jwkThumbprint(key), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  assert.notEqual(await jwkThumbprint(jwk, "sha512"), await jwkThumbprint(jwk));
});

test("importPem() reads SPKI and PKCS#8 and refuses other blocks", async () => {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const spki = await exportSPKI(publicKey);
  const pkcs8 = await exportPKCS8(privateKey);
  const pub = await importPem(spki, "ES256", { kid: "p" });
  const priv = await importPem(pkcs8, "ES256");
  assert.equal(pub.type, "public");
  assert.equal(pub.kid, "p");
  assert.equal(priv.type, "private");
  assert.equal(priv.toJwk().x, pub.toJwk().x);
  await assert.rejects(
    importPem("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----", "RS256"),
    code("EKEY"),
  );
  await assert.rejects(importPem(spki, "RS256"), JoseError);
  await assert.rejects(importPem("x".repeat(70_000), "ES256"), code("ELIMIT"));
});

test("importSecret() checks lengths per algorithm", async () => {
  assert.equal((await importSecret(new Uint8Array(16), "A128KW")).alg, "A128KW");
  await assert.rejects(importSecret(new Uint8Array(17), "A128KW"), code("EKEY"));
  await assert.rejects(importSecret(new Uint8Array(20), "dir"), code("EKEY"));
  await assert.rejects(importSecret("", "PBES2-HS256+A128KW"), code("EKEY"));
  await assert.rejects(importSecret(new Uint8Array(32), "ES256"), code("EKEY"));
});

test("importPem() reads an X.509 certificate whose key verifies the PKCS#8 key's signature", async () => {
  const cert = readFileSync(testdataPath("jose", "ec_p256_cert.pem"), "utf8");
  const pkcs8 = readFileSync(testdataPath("jose", "ec_p256_pkcs8.pem"), "utf8");
  const pub = await importPem(cert, "ES256");
  const priv = await importPem(pkcs8, "ES256");
  assert.equal(pub.type, "public");
  assert.deepEqual(pub.toJwk(), priv.toJwk());
  const jws = await signJws("cert", priv);
  assert.equal(
    new TextDecoder().decode((await verifyJws(jws, pub, { algorithms: ["ES256"] })).payload),
    "cert",
  );
});

test("a JWK key_ops member restricts what the key may do", async () => {
  const jwk = await generateJwk("ES256");
  const verifyOnly = await importJwk({ ...jwk, key_ops: ["verify"] });
  await assert.rejects(signJws("x", verifyOnly), code("EKEY"));
  const signer = await importJwk(jwk);
  const jws = await signJws("x", signer);
  await verifyJws(jws, verifyOnly, { algorithms: ["ES256"] });
  const wrapOnly = await importJwk({ ...(await generateJwk("A128KW")), key_ops: ["wrapKey"] });
  assert.ok(wrapOnly.keyFor("encrypt"));
  assert.throws(() => wrapOnly.keyFor("decrypt"), code("EKEY"));
});
