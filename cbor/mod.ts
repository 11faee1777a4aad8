// Copyright 2026 the wirekit authors. MIT license.
/**
 * CBOR (RFC 8949): whole-value codec, streaming events with path matching, deterministic encoding and diagnostic notation.
 *
 * Whole values go through cbor-x on its pure-JS path.
 *
 * This module is being built; its public API lands with its issue.
 *
 * @module
 */
export {};
