// Copyright 2026 the wirekit authors. MIT license.
// Wrapper overhead of wirekit/jose against calling `jose` directly with the
// same CryptoKeys: sign/verify HS256, ES256, EdDSA; encrypt/decrypt
// dir+A256GCM and ECDH-ES+A256KW on a small payload.
import {
  compactDecrypt,
  CompactEncrypt,
  type CompactJWEHeaderParameters,
  CompactSign,
  compactVerify,
} from "jose";
import {
  decryptJwe,
  encryptJwe,
  generateJwk,
  importJwk,
  type JoseKey,
  signJws,
  verifyJws,
} from "../jose/mod.ts";
import { runBench } from "./_runner.ts";

// Noise control for a shared, busy machine: many short rounds, so wirekit and
// jose alternate every 20 ms (the runner flips the order each round) and a
// load burst hits both alike; the medians over 151 rounds per side are
// compared. A long untimed warm-up lets the JIT settle first (the two sides
// share jose's code, so neither warms the other's path alone).
const OPTS = { rounds: 151, minRoundMs: 20, warmup: 50 };

const payload = new TextEncoder().encode(
  JSON.stringify({ sub: "1234567890", name: "Jane", iat: 1516239022 }),
);

async function signVerify(alg: string): Promise<void> {
  const key: JoseKey = await importJwk(await generateJwk(alg, { kid: "k1" }));
  const signingKey = key.keyFor("sign");
  const verifyKey = key.keyFor("verify");
  const header = { alg, kid: "k1" };
  const token = await signJws(payload, key);
  await runBench({
    name: `jws sign ${alg}`,
    contenders: [
      { name: "wirekit", fn: () => signJws(payload, key) },
      {
        name: "jose",
        fn: () => new CompactSign(payload).setProtectedHeader(header).sign(signingKey),
      },
    ],
  }, OPTS);
  const algorithms = [alg];
  await runBench({
    name: `jws verify ${alg}`,
    contenders: [
      { name: "wirekit", fn: () => verifyJws(token, key, { algorithms }) },
      { name: "jose", fn: () => compactVerify(token, verifyKey, { algorithms }) },
    ],
  }, OPTS);
}

async function encryptDecrypt(alg: string, enc: string): Promise<void> {
  const key: JoseKey = await importJwk(await generateJwk(alg, { kid: "k1", enc }));
  const encryptKey = key.keyFor("encrypt", enc);
  const decryptKey = key.keyFor("decrypt", enc);
  const header: CompactJWEHeaderParameters = { enc, alg, kid: "k1" };
  const token = await encryptJwe(payload, key, { enc });
  await runBench({
    name: `jwe encrypt ${alg}+${enc}`,
    contenders: [
      { name: "wirekit", fn: () => encryptJwe(payload, key, { enc }) },
      {
        name: "jose",
        fn: () => new CompactEncrypt(payload).setProtectedHeader(header).encrypt(encryptKey),
      },
    ],
  }, OPTS);
  const opts = { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] };
  await runBench({
    name: `jwe decrypt ${alg}+${enc}`,
    contenders: [
      { name: "wirekit", fn: () => decryptJwe(token, key, opts) },
      { name: "jose", fn: () => compactDecrypt(token, decryptKey, opts) },
    ],
  }, OPTS);
}

/** Runs the jose workload. */
export async function benchJose(): Promise<void> {
  for (const alg of ["HS256", "ES256", "EdDSA"]) await signVerify(alg);
  await encryptDecrypt("dir", "A256GCM");
  await encryptDecrypt("ECDH-ES+A256KW", "A256GCM");
}
