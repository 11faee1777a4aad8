// Copyright 2026 the wirekit authors. MIT license.
// wirekit/cose against @auth0/cose in the same run: Sign1 ES256 and EdDSA
// sign+verify, Mac0 HMAC 256/256 create+verify, Encrypt0 A128GCM
// encrypt+decrypt, on a small CWT-sized payload. Both sides sign (MAC,
// encrypt) and verify (decrypt) every operation, both check the algorithm
// against an allow-list (wirekit requires one), and both get their keys
// prepared once, outside the timed loop, in the form that is fastest for them:
// wirekit a CoseKey (it caches the imported CryptoKey); @auth0/cose CryptoKeys
// for the signatures, and for Mac0/Encrypt0 a CryptoKey under Deno and Bun
// (its browser build, which would otherwise import a raw secret on every
// call) and the raw secret under Node (its node build hands raw bytes to
// node:crypto's synchronous createHmac/createCipheriv, a little faster than
// converting a CryptoKey per call).
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

/**
 * @auth0/cose's encode() returns a Buffer, which some @types/node versions
 * type as not assignable to the Uint8Array its decode() takes (no copy here).
 */
function asBytes(b: unknown): Uint8Array {
  return b as Uint8Array;
}

/** Under Deno and Bun @auth0/cose runs its WebCrypto build, under Node its node:crypto one. */
const PEER_WEBCRYPTO = "Deno" in globalThis || "Bun" in globalThis;

/** The symmetric key as @auth0/cose gets it: see the file comment. */
async function peerSecret(
  secret: Uint8Array,
  alg: HmacImportParams | "AES-GCM",
  usages: KeyUsage[],
): Promise<Uint8Array | CryptoKey> {
  if (!PEER_WEBCRYPTO) return secret;
  return await crypto.subtle.importKey(
    "raw",
    secret as Uint8Array<ArrayBuffer>,
    alg,
    false,
    usages,
  );
}

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

/** Sign1 sign+verify with ES256 or EdDSA. */
export async function sign1(alg: "ES256" | "EdDSA", id: number): Promise<void> {
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
          await Sign1.decode(asBytes(bytes)).verify(pub, { algorithms: [id] });
        },
      },
    ],
  }, OPTS);
}

/** Mac0 HMAC 256/256 create+verify. */
export async function mac0(): Promise<void> {
  const key = await generateCoseKey("HMAC 256/256");
  const secret = await peerSecret(
    key.params.get(-1) as Uint8Array,
    { name: "HMAC", hash: "SHA-256" },
    ["sign", "verify"],
  );
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
          await Mac0.decode(asBytes(bytes)).verify(secret, { algorithms: [5] });
        },
      },
    ],
  }, OPTS);
}

/** Encrypt0 A128GCM encrypt+decrypt. */
export async function encrypt0(): Promise<void> {
  const key = await generateCoseKey("A128GCM");
  const secret = await peerSecret(key.params.get(-1) as Uint8Array, "AES-GCM", [
    "encrypt",
    "decrypt",
  ]);
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
          await Encrypt0.decode(asBytes(bytes)).decrypt(secret, { algorithms: [1] });
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
