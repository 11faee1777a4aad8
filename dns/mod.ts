// Copyright 2026 the wirekit authors. MIT license.
/**
 * An async DNS stub resolver: message codec, a sans-IO resolver core with a
 * TTL cache, and a driver over wirekit/net.
 *
 * No npm dependencies.
 *
 * @example Encoding and decoding
 * ```ts
 * import { decodeDnsMessage, encodeDnsMessage } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * const q = encodeDnsMessage({ id: 1, rd: true, questions: [{ name: "example.test", type: "AAAA", class: 1 }] });
 * assert.equal(decodeDnsMessage(q).questions[0].type, "AAAA");
 * ```
 *
 * @module
 */
export * from "./decode_dns_message.ts";
export * from "./dns_error.ts";
export * from "./encode_dns_message.ts";
export * from "./format_dns_record.ts";
export * from "./resolv_conf.ts";
export * from "./resolver.ts";
export * from "./resolver_core.ts";
export * from "./tcp_framing.ts";
export * from "./types.ts";
