// Copyright 2026 the wirekit authors. MIT license.
/**
 * JWK, JWS, JWE and JWT on the `jose` library, with algorithm allow-lists, claim checks and HTTP cookie glue.
 *
 * Cryptography comes from `jose` and WebCrypto.
 *
 * This module is being built; its public API lands with its issue.
 *
 * @module
 */
export {};
