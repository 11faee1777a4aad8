// Copyright 2026 the wirekit authors. MIT license.
import { decodeMessage } from "./_wire.ts";
import type { DnsMessage } from "./types.ts";

/** Options for {@linkcode decodeDnsMessage}. */
export interface DecodeDnsMessageOptions {
  /**
   * Largest message accepted, in bytes.
   * @default {65535}
   */
  maxSize?: number;
}

/**
 * Decodes a DNS message strictly: compression pointers must point backwards
 * to an earlier name (so loops are impossible), labels are at most 63 octets
 * and names 255, RDATA must be consumed exactly, section counts must match
 * and nothing may follow the message. The OPT record becomes `edns`; types
 * without a typed codec keep their raw RDATA as `TYPE<n>` (RFC 3597).
 *
 * @param bytes One message (without the TCP length prefix).
 * @param options Size limit.
 * @returns The decoded message.
 * @throws {DnsSyntaxError} with `offset` for malformed input.
 *
 * @example Decoding a response
 * ```ts
 * import { decodeDnsMessage, encodeDnsMessage } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * const wire = encodeDnsMessage({
 *   id: 7,
 *   qr: true,
 *   questions: [{ name: "example.test", type: "MX", class: 1 }],
 *   answers: [{ name: "example.test", type: "MX", class: 1, ttl: 300, data: { preference: 10, exchange: "mail.example.test" } }],
 * });
 * const m = decodeDnsMessage(wire);
 * assert.deepEqual(m.answers[0].data, { preference: 10, exchange: "mail.example.test" });
 * ```
 */
export function decodeDnsMessage(
  bytes: Uint8Array,
  options: DecodeDnsMessageOptions = {},
): DnsMessage {
  return decodeMessage(bytes, { maxSize: options.maxSize ?? 65535 });
}
