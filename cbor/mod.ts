// Copyright 2026 the wirekit authors. MIT license.
/**
 * CBOR (RFC 8949): whole-value codec, streaming events with path matching, deterministic encoding and diagnostic notation.
 *
 * Whole values go through cbor-x on its pure-JS path, behind a strict
 * well-formedness and limits check; anything cbor-x would decode differently
 * from standard CBOR goes through wirekit's own decoder.
 *
 * @example Round trip
 * ```ts
 * import { decodeCbor, encodeCbor } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeCbor({ a: 1, b: [true, null] });
 * assert.deepEqual(decodeCbor(bytes), { a: 1, b: [true, null] });
 * ```
 *
 * @module
 */
export * from "./decode_cbor.ts";
export * from "./errors.ts";
export * from "./values.ts";
export * from "./encode_cbor.ts";
export * from "./diagnose_cbor.ts";
export * from "./stream_parser.ts";
export * from "./decode_cbor_sequence.ts";
export * from "./cbor_sequence_decoder_stream.ts";
export * from "./cbor_sequence_encoder_stream.ts";
