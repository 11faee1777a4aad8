// Copyright 2026 the wirekit authors. MIT license.
/**
 * SNTP (RFC 5905): packet codec, clock maths, a validating client with a corrected clock, and a small server.
 *
 * No npm dependencies. The codec, the maths and {@linkcode NtpClientCore}
 * are pure (no I/O, time passed in).
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
