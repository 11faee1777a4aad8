// Copyright 2026 the wirekit authors. MIT license.
// NTP timestamp formats (RFC 5905 section 6): the 64-bit timestamp is 32 bits
// of seconds since 1900-01-01 plus 32 bits of fraction; the seconds wrap every
// 2^32 s (eras), first on 2036-02-07T06:28:16Z. The 32-bit short format is
// 16.16 seconds.
import { ntpPartsToMs, UNIX_OFFSET_S } from "./_era.ts";

/** 2036-02-07T06:28:16Z, where era 0 ends: the default pivot. */
const ROLLOVER_MS = (4_294_967_296 - UNIX_OFFSET_S) * 1000;

/**
 * Converts a 64-bit NTP timestamp to milliseconds since the Unix epoch,
 * choosing the era that puts the result nearest `pivotMs` (within 68 years).
 *
 * Without a pivot the RFC 4330 rule applies: timestamps with the top bit set
 * are in 1968..2036 (era 0), the others in 2036..2104 (era 1).
 *
 * @param timestamp The 64-bit timestamp (seconds in the high 32 bits).
 * @param pivotMs A time known to be within 68 years of the answer, e.g. the local clock;
 *   defaults to 2085978496000 (2036-02-07T06:28:16Z).
 * @returns Milliseconds since 1970-01-01T00:00:00Z (fractional; sub-microsecond resolution).
 *
 * @example Converting across the 2036 rollover
 * ```ts
 * import { msToNtpTimestamp, ntpTimestampToMs } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * const after = Date.UTC(2036, 1, 7, 6, 28, 20); // 4 s into era 1
 * const ts = msToNtpTimestamp(after);
 * assert.equal(ts >> 32n, 4n); // the seconds field wrapped
 * assert.equal(ntpTimestampToMs(ts), after);
 * assert.equal(ntpTimestampToMs(msToNtpTimestamp(Date.UTC(2025, 0, 1))), Date.UTC(2025, 0, 1));
 * ```
 */
export function ntpTimestampToMs(timestamp: bigint, pivotMs: number = ROLLOVER_MS): number {
  if (typeof timestamp !== "bigint" || timestamp < 0n || timestamp > 0xffff_ffff_ffff_ffffn) {
    throw new RangeError(`Invalid NTP timestamp ${String(timestamp)}`);
  }
  if (!Number.isFinite(pivotMs)) throw new RangeError(`Invalid pivot ${pivotMs}`);
  return ntpPartsToMs(Number(timestamp >> 32n), Number(timestamp & 0xffff_ffffn), pivotMs);
}

/**
 * Converts milliseconds since the Unix epoch to a 64-bit NTP timestamp (the
 * era number is dropped, as on the wire). The fraction is rounded to the
 * nearest 2^-32 s.
 *
 * @param ms Milliseconds since 1970-01-01T00:00:00Z; any finite value.
 * @returns The 64-bit timestamp.
 *
 * @example Encoding the Unix epoch
 * ```ts
 * import { msToNtpTimestamp } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * assert.equal(msToNtpTimestamp(0), 2208988800n << 32n);
 * assert.equal(msToNtpTimestamp(500) & 0xffffffffn, 0x80000000n);
 * ```
 */
export function msToNtpTimestamp(ms: number): bigint {
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid time ${ms}`);
  const totalS = ms / 1000 + UNIX_OFFSET_S;
  let seconds = Math.floor(totalS);
  let fraction = Math.round((totalS - seconds) * 4_294_967_296);
  if (fraction >= 4_294_967_296) {
    fraction -= 4_294_967_296;
    seconds += 1;
  }
  const wrapped = ((seconds % 4_294_967_296) + 4_294_967_296) % 4_294_967_296;
  return (BigInt(wrapped) << 32n) | BigInt(fraction);
}

/**
 * Converts an NTP short-format value (unsigned 16.16 seconds, used for root
 * delay and root dispersion) to milliseconds.
 *
 * @param raw The 32-bit field.
 * @returns Milliseconds.
 *
 * @example One and a half seconds
 * ```ts
 * import { ntpShortToMs } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ntpShortToMs(0x00018000), 1500);
 * ```
 */
export function ntpShortToMs(raw: number): number {
  if (!Number.isInteger(raw) || raw < 0 || raw > 0xffff_ffff) {
    throw new RangeError(`Invalid NTP short value ${raw}`);
  }
  return (raw * 1000) / 65536;
}

/**
 * Converts milliseconds to the NTP short format (unsigned 16.16 seconds),
 * rounding to the nearest 2^-16 s and saturating at 65535.99998 s.
 *
 * @param ms Non-negative milliseconds.
 * @returns The 32-bit field.
 *
 * @example Round trip
 * ```ts
 * import { msToNtpShort, ntpShortToMs } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * assert.equal(msToNtpShort(1500), 0x00018000);
 * assert.equal(ntpShortToMs(msToNtpShort(250)), 250);
 * ```
 */
export function msToNtpShort(ms: number): number {
  if (!(ms >= 0) || ms === Infinity) throw new RangeError(`Invalid duration ${ms}`);
  return Math.min(0xffff_ffff, Math.round((ms * 65536) / 1000));
}
