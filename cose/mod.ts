// Copyright 2026 the wirekit authors. MIT license.
/**
 * COSE messages and keys (RFC 9052/9053), countersignatures (RFC 9338) and CWT (RFC 8392).
 *
 * Built on wirekit/cbor and WebCrypto; ChaCha20-Poly1305 comes from
 * `@noble/ciphers`, and `@noble/curves` fills in public keys computed from
 * private scalars and compressed points. Every verification takes an explicit
 * algorithm allow-list; crypto failures carry fixed messages.
 *
 * @example Sign1 round trip
 * ```ts
 * import { createCoseSign1, generateCoseKey, verifyCoseSign1 } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const key = await generateCoseKey("ES256");
 * const msg = await createCoseSign1(new Uint8Array([1, 2]), key);
 * assert.deepEqual((await verifyCoseSign1(msg, key, { algorithms: ["ES256"] })).payload, new Uint8Array([1, 2]));
 * ```
 *
 * @module
 */
export * from "./cose_error.ts";
export * from "./types.ts";
export * from "./cose_key.ts";
export * from "./import_cose_key.ts";
export * from "./export_cose_key.ts";
export * from "./cose_key_jwk.ts";
export * from "./generate_cose_key.ts";
export * from "./cose_key_thumbprint.ts";
export * from "./cose_sign1.ts";
export * from "./cose_sign.ts";
export * from "./cose_mac0.ts";
export * from "./cose_mac.ts";
export * from "./cose_encrypt0.ts";
export * from "./cose_encrypt.ts";
export * from "./decode_cose_message.ts";
export * from "./countersign_cose.ts";
export * from "./verify_cose_countersignatures.ts";
export * from "./create_cwt.ts";
export * from "./verify_cwt.ts";
