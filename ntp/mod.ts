// Copyright 2026 the wirekit authors. MIT license.
/**
 * SNTP (RFC 5905): packet codec, clock maths, a validating client with a corrected clock, and a small server.
 *
 * No npm dependencies. The pieces:
 * - {@linkcode encodeNtpPacket} / {@linkcode decodeNtpPacket}: the 48-byte header, RFC 7822
 *   extension fields (bounds-checked, skipped) and MACs;
 * - {@linkcode ntpTimestampToMs} / {@linkcode msToNtpTimestamp} (eras, the 2036 rollover),
 *   {@linkcode ntpShortToMs} / {@linkcode msToNtpShort}, {@linkcode computeOffsetDelay};
 * - {@linkcode NtpClientCore}: the sans-IO client (validation, kiss-o'-death, selection,
 *   backoff, a corrected clock that never goes backwards), time passed in;
 * - {@linkcode queryNtp} (one validated sample), {@linkcode NtpClient} (the core over
 *   wirekit/net, names resolved with wirekit/dns) and {@linkcode createSntpServer}.
 *
 * @example Offset and delay of one exchange
 * ```ts
 * import { computeOffsetDelay } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(computeOffsetDelay(0, 60, 61, 21), { offset: 50, delay: 20 });
 * ```
 *
 * @module
 */
export * from "./client.ts";
export * from "./client_core.ts";
export * from "./compute_offset_delay.ts";
export * from "./decode_ntp_packet.ts";
export * from "./encode_ntp_packet.ts";
export * from "./ntp_error.ts";
export * from "./query_ntp.ts";
export * from "./sntp_server.ts";
export * from "./timestamp.ts";
export * from "./types.ts";
