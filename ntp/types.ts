// Copyright 2026 the wirekit authors. MIT license.

/**
 * Leap indicator: 0 no warning, 1 last minute has 61 s, 2 last minute has
 * 59 s, 3 unknown (clock not synchronised).
 */
export type NtpLeap = 0 | 1 | 2 | 3;

/** One NTPv4 extension field (RFC 7822): a 16-bit type and its value. */
export interface NtpExtensionField {
  /** Field type. */
  type: number;
  /** Value bytes (without the 4-byte header; padding included as sent). */
  value: Uint8Array;
}

/**
 * An NTP packet (RFC 5905 section 7.3). Timestamps are raw 64-bit values
 * (convert with `ntpTimestampToMs`); root delay and dispersion are raw
 * 16.16 short-format values (convert with `ntpShortToMs`).
 */
export interface NtpPacket {
  /** Leap indicator. */
  leap: NtpLeap;
  /** Version number, 1..7 (4 is current). */
  version: number;
  /** Association mode: 3 client, 4 server, 5 broadcast (0..7). */
  mode: number;
  /** Stratum: 0 unspecified / kiss-o'-death, 1 primary, 2..15 secondary, 16 unsynchronised. */
  stratum: number;
  /** Poll exponent (log2 seconds), signed 8-bit. */
  poll: number;
  /** Precision exponent (log2 seconds), signed 8-bit. */
  precision: number;
  /** Root delay, raw unsigned 16.16 seconds. */
  rootDelay: number;
  /** Root dispersion, raw unsigned 16.16 seconds. */
  rootDispersion: number;
  /** Reference ID (kiss code when stratum is 0), as an unsigned 32-bit integer. */
  referenceId: number;
  /** Reference timestamp. */
  referenceTimestamp: bigint;
  /** Origin timestamp (T1 echoed by a server). */
  originTimestamp: bigint;
  /** Receive timestamp (T2). */
  receiveTimestamp: bigint;
  /** Transmit timestamp (T3). */
  transmitTimestamp: bigint;
  /** Extension fields after the header, in order (empty when none). */
  extensionFields: NtpExtensionField[];
  /** Message authentication code (key id + digest), when present. */
  mac?: Uint8Array;
}

/** The result of one validated client/server exchange. */
export interface NtpSample {
  /** Server clock minus local clock, in milliseconds (add it to local time). */
  offsetMs: number;
  /** Round-trip delay excluding the server's processing time, in milliseconds (>= 0). */
  delayMs: number;
  /** Server stratum (1..15). */
  stratum: number;
  /** Leap indicator (0..2; 3 is rejected). */
  leap: NtpLeap;
  /** Reference ID: four ASCII characters for stratum 1, else an IPv4 address or hash in dotted form. */
  refId: string;
  /** Server's root delay, in milliseconds. */
  rootDelay: number;
  /** Server's root dispersion, in milliseconds. */
  rootDispersion: number;
  /** Server's transmit timestamp (T3), in milliseconds since the Unix epoch. */
  serverTime: number;
}

// Transport contracts appear in the drivers' options; re-exported so the
// public types of this module are complete on their own.
export type * from "../net/types.ts";
