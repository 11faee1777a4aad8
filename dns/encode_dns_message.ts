// Copyright 2026 the wirekit authors. MIT license.
import { encodeMessage } from "./_wire.ts";
import type { DnsMessage } from "./types.ts";

/** Options for {@linkcode encodeDnsMessage}. */
export interface EncodeDnsMessageOptions {
  /**
   * Compress names with pointers (RFC 1035 4.1.4).
   * @default {true}
   */
  compress?: boolean;
  /**
   * Largest message produced; a bigger one throws a RangeError.
   * @default {65535}
   */
  maxSize?: number;
}

/**
 * Encodes a DNS message. Missing fields default to zero/false/empty, so a
 * query needs only `id`, `rd` and `questions`. `edns` adds an OPT record;
 * the extended rcode bits go into it.
 *
 * @param message The message (partial objects are fine).
 * @param options Compression and size limit.
 * @returns The wire bytes (without the TCP length prefix).
 * @throws {TypeError} for invalid record data or names.
 * @throws {RangeError} for out-of-range numbers, labels > 63 or names > 255 octets.
 *
 * @example A query for an A record
 * ```ts
 * import { decodeDnsMessage, encodeDnsMessage } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeDnsMessage({
 *   id: 0x1234,
 *   rd: true,
 *   questions: [{ name: "www.example.test", type: "A", class: 1 }],
 *   edns: { udpSize: 1232, version: 0, dnssecOk: false, options: [] },
 * });
 * const back = decodeDnsMessage(bytes);
 * assert.equal(back.id, 0x1234);
 * assert.equal(back.questions[0].name, "www.example.test");
 * assert.equal(back.edns?.udpSize, 1232);
 * ```
 */
export function encodeDnsMessage(
  message: Partial<DnsMessage>,
  options: EncodeDnsMessageOptions = {},
): Uint8Array {
  return encodeMessage(message, {
    compress: options.compress ?? true,
    maxSize: options.maxSize ?? 65535,
  });
}
