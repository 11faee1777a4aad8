// Copyright 2026 the wirekit authors. MIT license.
// NTP era arithmetic on plain numbers (no BigInt), shared by the public
// timestamp conversion and the per-reply hot path.

/** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch). */
export const UNIX_OFFSET_S = 2_208_988_800;
/** Length of one NTP era (2^32 s) in milliseconds. */
export const ERA_MS = 4_294_967_296_000;

/**
 * Milliseconds since the Unix epoch of a 32.32 timestamp given as its
 * seconds and fraction words, in the era that puts it nearest `pivotMs`.
 */
export function ntpPartsToMs(seconds: number, fraction: number, pivotMs: number): number {
  const era0 = (seconds - UNIX_OFFSET_S) * 1000 + (fraction * 1000) / 4_294_967_296;
  // The window is [pivot - 2^31 s, pivot + 2^31 s): ties go to the earlier era (RFC 4330).
  const eras = Math.ceil((pivotMs - era0) / ERA_MS - 0.5);
  return era0 + eras * ERA_MS;
}

/** The big-endian 32-bit word of `b` at `at`. */
export function word(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}
