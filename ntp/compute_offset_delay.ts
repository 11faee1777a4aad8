// Copyright 2026 the wirekit authors. MIT license.

/** Clock offset and round-trip delay of one exchange. */
export interface NtpOffsetDelay {
  /** Server clock minus client clock: ((t2 - t1) + (t3 - t4)) / 2. */
  offset: number;
  /** Round-trip delay: (t4 - t1) - (t3 - t2). */
  delay: number;
}

/**
 * Computes the clock offset and round-trip delay of an exchange (RFC 5905
 * section 8), all four times in the same unit (milliseconds here).
 *
 * @param t1 Client transmit time (client clock).
 * @param t2 Server receive time (server clock).
 * @param t3 Server transmit time (server clock).
 * @param t4 Client receive time (client clock).
 * @returns `offset` and `delay`; a negative delay (clock jitter or a bogus
 *   server) is returned as is, so callers can reject it.
 *
 * @example A server 100 ms ahead, 20 ms round trip, 2 ms processing
 * ```ts
 * import { computeOffsetDelay } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * const { offset, delay } = computeOffsetDelay(1000, 1110, 1112, 1022);
 * assert.equal(offset, 100);
 * assert.equal(delay, 20);
 * ```
 */
export function computeOffsetDelay(t1: number, t2: number, t3: number, t4: number): NtpOffsetDelay {
  // Number.isFinite is false for non-numbers too; no array, no iterator.
  if (!Number.isFinite(t1)) throw new RangeError(`Invalid time ${t1}`);
  if (!Number.isFinite(t2)) throw new RangeError(`Invalid time ${t2}`);
  if (!Number.isFinite(t3)) throw new RangeError(`Invalid time ${t3}`);
  if (!Number.isFinite(t4)) throw new RangeError(`Invalid time ${t4}`);
  return { offset: ((t2 - t1) + (t3 - t4)) / 2, delay: (t4 - t1) - (t3 - t2) };
}
