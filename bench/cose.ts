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
//
// Two more lines explain the ratios: "WebCrypto floor", the bare
// crypto.subtle calls an operation needs (with CryptoKeys made once, and for
// Encrypt0 a fixed IV: a floor, not a usable encryption), and "cose/'s own
// cost", the same wirekit loops with crypto.subtle's sign/verify/encrypt/
// decrypt replaced for a moment by stubs that resolve at once (CPU time per
// operation; the stubs are removed afterwards).
import process from "node:process";
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
import { runBench, runtimeName } from "./_runner.ts";

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
  const op = alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "Ed25519" };
  const tbs = new Uint8Array(payload.length + 20);
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
      {
        name: "WebCrypto floor",
        fn: async () => {
          const sig = await crypto.subtle.sign(op, priv, tbs);
          await crypto.subtle.verify(op, pub, sig, tbs);
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
  const hk = await crypto.subtle.importKey(
    "raw",
    key.params.get(-1) as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  const structure = new Uint8Array(payload.length + 12);
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
      {
        name: "WebCrypto floor",
        fn: async () => {
          const tag = await crypto.subtle.sign("HMAC", hk, structure);
          await crypto.subtle.verify("HMAC", hk, tag, structure);
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
  const ak = await crypto.subtle.importKey(
    "raw",
    key.params.get(-1) as Uint8Array<ArrayBuffer>,
    "AES-GCM",
    false,
    ["encrypt", "decrypt"],
  );
  const gcm = { name: "AES-GCM", iv: new Uint8Array(12), additionalData: new Uint8Array(16) };
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
      {
        name: "WebCrypto floor",
        fn: async () => {
          const ct = await crypto.subtle.encrypt(gcm, ak, payload);
          await crypto.subtle.decrypt(gcm, ak, ct);
        },
      },
    ],
  }, OPTS);
}

/**
 * cose/'s own CPU time per operation: the wirekit loops with crypto.subtle's
 * operations stubbed (resolved at once with a fixed result), beside the same
 * number of bare stub calls.
 */
export async function ownCost(): Promise<void> {
  const sk = await generateCoseKey("EdDSA");
  const mk = await generateCoseKey("HMAC 256/256");
  const ek = await generateCoseKey("A128GCM");
  const cases: [string, () => Promise<unknown>][] = [
    [
      "Sign1 EdDSA sign+verify",
      async () =>
        await verifyCoseSign1(await createCoseSign1(payload, sk), sk, { algorithms: ["EdDSA"] }),
    ],
    [
      "Mac0 HMAC 256/256 create+verify",
      async () =>
        await verifyCoseMac0(await createCoseMac0(payload, mk), mk, {
          algorithms: ["HMAC 256/256"],
        }),
    ],
    [
      "Encrypt0 A128GCM encrypt+decrypt",
      async () =>
        await decryptCoseEncrypt0(await createCoseEncrypt0(payload, ek), ek, {
          algorithms: ["A128GCM"],
        }),
    ],
  ];
  for (const [, fn] of cases) await fn(); // real crypto once: keys imported and cached
  const subtle = crypto.subtle as unknown as Record<string, unknown>;
  const sig = new Uint8Array(64).buffer;
  const tag = new Uint8Array(32).buffer;
  const ct = new Uint8Array(payload.length + 16).buffer;
  const pt = payload.slice().buffer;
  const stubs: Record<string, (a: unknown) => Promise<unknown>> = {
    sign: (a) => Promise.resolve(a === "HMAC" ? tag : sig),
    verify: () => Promise.resolve(true),
    encrypt: () => Promise.resolve(ct),
    decrypt: () => Promise.resolve(pt),
  };
  const measure = async (fn: () => Promise<unknown>): Promise<number> => {
    const perRound: number[] = [];
    for (let r = 0; r < 9; r++) {
      let n = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      while (performance.now() - t0 < 100) {
        for (let i = 0; i < 50; i++) await fn();
        n += 50;
      }
      const c = process.cpuUsage(c0);
      perRound.push((c.user + c.system) / n);
    }
    return perRound.sort((a, b) => a - b)[4];
  };
  const lines: string[] = [];
  try {
    for (const [name, f] of Object.entries(stubs)) {
      Object.defineProperty(subtle, name, { value: f, configurable: true, writable: true });
    }
    const bare = await measure(async () => {
      await (stubs.sign("x"));
      await (stubs.verify("x"));
    });
    for (const [name, fn] of cases) {
      lines.push(`  ${name.padEnd(34)} ${(await measure(fn) - bare).toFixed(2).padStart(6)} us`);
    }
  } finally {
    for (const name of Object.keys(stubs)) delete subtle[name];
  }
  console.log(`cose/'s own CPU time per operation, WebCrypto stubbed  [${runtimeName()}]`);
  console.log(lines.join("\n"));
}

/** Runs the cose workload. */
export async function benchCose(): Promise<void> {
  await sign1("ES256", -7);
  await sign1("EdDSA", -8);
  await mac0();
  await encrypt0();
  await ownCost();
}
