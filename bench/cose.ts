// Copyright 2026 the wirekit authors. MIT license.
// wirekit/cose against @auth0/cose in the same run: Sign1 ES256 and EdDSA
// sign+verify, Mac0 HMAC 256/256 create+verify, Encrypt0 A128GCM
// encrypt+decrypt, on a small CWT-sized payload. Both libraries get keys
// they can use directly (@auth0/cose: CryptoKeys / raw secrets imported once).
import { Encrypt0, Mac0, Sign1 } from "@auth0/cose";
import {
  type CoseKey,
  createCoseEncrypt0,
  createCoseMac0,
  createCoseSign1,
  decryptCoseEncrypt0,
  generateCoseKey,
  jwkFromCoseKey,
  verifyCoseMac0,
  verifyCoseSign1,
} from "../cose/mod.ts";
import { runBench } from "./_runner.ts";

const OPTS = { rounds: 31, minRoundMs: 60 };

const payload = new TextEncoder().encode(
  JSON.stringify({ iss: "coap://as.example.com", sub: "erikw", exp: 1444064944 }),
);

async function cryptoKeys(
  key: CoseKey,
  alg: EcKeyImportParams | Algorithm,
): Promise<{ priv: CryptoKey; pub: CryptoKey }> {
  const jwk = jwkFromCoseKey(key, { includePrivate: true }) as JsonWebKey;
  delete jwk.alg;
  const pubJwk = { ...jwk };
  delete pubJwk.d;
  return {
    priv: await crypto.subtle.importKey("jwk", jwk, alg, false, ["sign"]),
    pub: await crypto.subtle.importKey("jwk", pubJwk, alg, false, ["verify"]),
  };
}

async function sign1(alg: "ES256" | "EdDSA", id: number): Promise<void> {
  const key = await generateCoseKey(alg);
  const { priv, pub } = await cryptoKeys(
    key,
    alg === "ES256"
      ? { name: "ECDSA", namedCurve: "P-256" } as EcKeyImportParams
      : { name: "Ed25519" },
  );
  const algorithms = [alg];
  await runBench({
    name: `cose Sign1 ${alg} sign+verify`,
    contenders: [
      {
        name: "wirekit",
        fn: async () =>
          await verifyCoseSign1(await createCoseSign1(payload, key), key, { algorithms }),
      },
      {
        name: "@auth0/cose",
        fn: async () => {
          const bytes = (await Sign1.sign(new Map([[1, id]]), undefined, payload, priv)).encode();
          await Sign1.decode(bytes).verify(pub, { algorithms: [id] });
        },
      },
    ],
  }, OPTS);
}

async function mac0(): Promise<void> {
  const key = await generateCoseKey("HMAC 256/256");
  const secret = key.params.get(-1) as Uint8Array;
  const algorithms = ["HMAC 256/256"];
  await runBench({
    name: "cose Mac0 HMAC 256/256 create+verify",
    contenders: [
      {
        name: "wirekit",
        fn: async () =>
          await verifyCoseMac0(await createCoseMac0(payload, key), key, { algorithms }),
      },
      {
        name: "@auth0/cose",
        fn: async () => {
          const bytes = (await Mac0.create(new Map([[1, 5]]), undefined, payload, secret)).encode();
          await Mac0.decode(bytes).verify(secret);
        },
      },
    ],
  }, OPTS);
}

async function encrypt0(): Promise<void> {
  const key = await generateCoseKey("A128GCM");
  const secret = key.params.get(-1) as Uint8Array;
  const algorithms = ["A128GCM"];
  await runBench({
    name: "cose Encrypt0 A128GCM encrypt+decrypt",
    contenders: [
      {
        name: "wirekit",
        fn: async () =>
          await decryptCoseEncrypt0(await createCoseEncrypt0(payload, key), key, { algorithms }),
      },
      {
        name: "@auth0/cose",
        fn: async () => {
          const bytes = (await Encrypt0.encrypt(new Map([[1, 1]]), undefined, payload, secret))
            .encode();
          await Encrypt0.decode(bytes).decrypt(secret);
        },
      },
    ],
  }, OPTS);
}

/** Runs the cose workload. */
export async function benchCose(): Promise<void> {
  await sign1("ES256", -7);
  await sign1("EdDSA", -8);
  await mac0();
  await encrypt0();
}
