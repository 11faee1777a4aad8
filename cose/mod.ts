// Copyright 2026 the wirekit authors. MIT license.
/**
 * COSE messages and keys (RFC 9052/9053), countersignatures (RFC 9338) and CWT (RFC 8392).
 *
 * Built on wirekit/cbor and WebCrypto.
 *
 * This module is being built; its public API lands with its issue.
 *
 * @module
 */
export {};
