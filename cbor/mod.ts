// Copyright 2026 the wirekit authors. MIT license.
/**
 * CBOR (RFC 8949): whole-value codec, streaming events with path matching, deterministic encoding and diagnostic notation.
 *
 * Whole values are decoded in one strict pass that checks well-formedness and
 * the limits while it builds the value (measured faster than cbor-x, the
 * fastest JS decoder); anything outside the plain data model, and every
 * error, goes through wirekit's strict decoder for the exact value or error.
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
