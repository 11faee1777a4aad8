// Copyright 2026 the wirekit authors. MIT license.
// One client/server exchange, sans-IO: building a request with a random
// transmit timestamp, and checking a reply against it (RFC 5905 section 8,
// RFC 4330 section 5, RFC 9109 section 4 on random transmit timestamps).
import { computeOffsetDelay } from "./compute_offset_delay.ts";
import { parseIp } from "../_internal/ip.ts";
import { decodeNtpPacket, type DecodeNtpPacketOptions } from "./decode_ntp_packet.ts";
import { NtpError } from "./ntp_error.ts";
import { ntpShortToMs } from "./timestamp.ts";
import { ntpPartsToMs, word } from "./_era.ts";
import type { NtpLeap, NtpSample } from "./types.ts";

/** An NTP server endpoint: an IP literal and a UDP port. */
export interface NtpEndpoint {
  /** IP address literal. */
  hostname: string;
  /** UDP port. */
  port: number;
}

/** Fills a buffer with random bytes (e.g. `crypto.getRandomValues`). */
export type RandomFill = (bytes: Uint8Array) => void;

const pool = new Uint8Array(4096);
let poolAt = pool.length;

/**
 * Default randomness: WebCrypto, drawn from a 4 KiB pool so a query costs
 * one `getRandomValues` call per 512 requests; each byte is used once.
 */
export const defaultRandom: RandomFill = (b) => {
  if (b.length > pool.length) {
    crypto.getRandomValues(b as Uint8Array<ArrayBuffer>);
    return;
  }
  if (poolAt + b.length > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  b.set(pool.subarray(poolAt, poolAt + b.length));
  pool.fill(0, poolAt, poolAt + b.length);
  poolAt += b.length;
};

/** Moves 8 pool bytes into `b` at `at` (each pool byte is used once). */
function takeFromPool(b: Uint8Array, at: number): void {
  if (poolAt + 8 > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  for (let i = 0; i < 8; i++) {
    b[at + i] = pool[poolAt];
    pool[poolAt++] = 0;
  }
}

/**
 * The wall clock, centred: `Date.now()` truncates to whole milliseconds, so
 * adding 0.5 halves the worst-case error and removes the average bias of a
 * measured offset.
 */
export const centredWallClock = (): number => Date.now() + 0.5;

/** Earliest time used as the era pivot, so a device clock stuck at 1970 still decodes 2036+ right. */
const MIN_PIVOT_MS = Date.UTC(2024, 0, 1);

/** An outstanding request. */
export interface NtpRequest {
  /** Datagram payload. */
  bytes: Uint8Array;
  /**
   * The random transmit timestamp the reply must echo as its origin, as its
   * high and low 32-bit words (plain numbers: compared for every datagram).
   */
  transmitHi: number;
  transmitLo: number;
  /** Version sent. */
  version: number;
}

/** Builds a client request whose transmit timestamp is random (never zero). */
export function buildNtpRequest(version: number, random: RandomFill): NtpRequest {
  // Written directly: this runs once per query and encodeNtpPacket's
  // validation and growable writer are not needed for a fixed header. No
  // DataView and no BigInt: `bytes.buffer` would move the array off the heap.
  const bytes = new Uint8Array(48);
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 4 && hi === 0 && lo === 0; i++) {
    // The default source copies straight from its pool: no subarray.
    if (random === defaultRandom) takeFromPool(bytes, 40);
    else random(bytes.subarray(40, 48));
    hi = word(bytes, 40);
    lo = word(bytes, 44);
  }
  if (hi === 0 && lo === 0) {
    lo = 1;
    bytes[47] = 1;
  }
  bytes[0] = (version << 3) | 3;
  return { bytes, transmitHi: hi, transmitLo: lo, version };
}

/** Context of {@linkcode checkNtpReply}. */
export interface NtpReplyContext {
  request: NtpRequest;
  /** Local time (ms since the Unix epoch, on a monotonic timeline) when the request was sent. */
  t1: number;
  /** Local time when the reply arrived, same timeline. */
  t4: number;
  /** Where the reply came from, and where the request went (checked when both are given). */
  from?: NtpEndpoint;
  expected?: NtpEndpoint;
  maxRootDistanceMs: number;
  decode?: DecodeNtpPacketOptions;
}

/**
 * Result of checking a reply: `discard` for packets that are not an
 * authentic answer to this request (keep waiting), `reject` for an authentic
 * answer that fails validation, `sample` for a good one.
 */
export type NtpReplyVerdict =
  | { kind: "sample"; sample: NtpSample }
  | { kind: "discard"; error: Error }
  | { kind: "reject"; error: NtpError };

function sameAddress(a: NtpEndpoint, b: NtpEndpoint): boolean {
  if (a.port !== b.port) return false;
  if (a.hostname === b.hostname) return true;
  try {
    return key(a.hostname) === key(b.hostname);
  } catch {
    return false;
  }
}

function key(host: string): string {
  const ip = parseIp(host);
  let bytes = ip.bytes;
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
  if (
    ip.family === 6 && bytes.subarray(0, 10).every((x) => x === 0) && bytes[10] === 255 &&
    bytes[11] === 255
  ) {
    bytes = bytes.subarray(12);
  }
  return Array.from(bytes).join(".");
}

/** The kiss code of a header, or undefined when it is not a kiss-o'-death. */
export function kissCode(stratum: number, referenceId: number): string | undefined {
  if (stratum !== 0) return undefined;
  let s = "";
  for (let shift = 24; shift >= 0; shift -= 8) {
    const c = (referenceId >>> shift) & 0xff;
    if (c >= 0x41 && c <= 0x5a) {
      if (s.length !== 24 - shift >> 3) return undefined;
      s += String.fromCharCode(c);
    } else if (c !== 0) return undefined;
  }
  return s.length ? s : undefined;
}

/** Formats a reference id: ASCII for stratum 0/1, else a dotted quad. */
export function formatRefId(stratum: number, refId: number): string {
  if (stratum > 1) {
    return `${refId >>> 24}.${(refId >>> 16) & 255}.${(refId >>> 8) & 255}.${refId & 255}`;
  }
  let s = "";
  for (let shift = 24; shift >= 0; shift -= 8) {
    const c = (refId >>> shift) & 255;
    if (c === 0) break;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : "?";
  }
  return s;
}

function reject(code: NtpError["code"], message: string, kiss?: string): NtpReplyVerdict {
  return {
    kind: "reject",
    error: new NtpError(code, message, kiss ? { kissCode: kiss } : undefined),
  };
}

/** Validates a reply to `ctx.request` and computes the sample. Never throws for bad bytes. */
export function checkNtpReply(bytes: Uint8Array, ctx: NtpReplyContext): NtpReplyVerdict {
  if (ctx.from && ctx.expected && !sameAddress(ctx.from, ctx.expected)) {
    return {
      kind: "discard",
      error: new NtpError(
        "ESOURCE",
        `Reply from ${ctx.from.hostname} port ${ctx.from.port}, expected ${ctx.expected.hostname} port ${ctx.expected.port}`,
      ),
    };
  }
  // A bare 48-byte header always decodes: its fields are read in place below
  // (32-bit words, no packet object, no BigInt). Anything else goes through
  // decodeNtpPacket first, which discards short, oversized or malformed
  // packets (bad extension fields or MAC).
  if (bytes.length !== 48 || ctx.decode !== undefined) {
    try {
      decodeNtpPacket(bytes, ctx.decode);
    } catch (e) {
      return { kind: "discard", error: e as Error };
    }
  }
  const { request } = ctx;
  if (word(bytes, 24) !== request.transmitHi || word(bytes, 28) !== request.transmitLo) {
    return {
      kind: "discard",
      error: new NtpError(
        "EORIGIN",
        "Reply origin timestamp does not match the request's transmit timestamp",
      ),
    };
  }
  const b0 = bytes[0];
  const leap = b0 >> 6;
  const version = (b0 >> 3) & 7;
  const mode = b0 & 7;
  const stratum = bytes[1];
  if (mode !== 4 && mode !== 5) return reject("EMODE", `Reply has mode ${mode}, expected 4`);
  if (version !== request.version) {
    return reject("EVERSION", `Reply has version ${version}, expected ${request.version}`);
  }
  const referenceId = word(bytes, 12);
  const kiss = kissCode(stratum, referenceId);
  if (kiss !== undefined) {
    return reject("EKOD", `Server sent kiss-o'-death ${JSON.stringify(kiss)}`, kiss);
  }
  if (leap === 3 || stratum === 16) {
    return reject("EUNSYNC", `Server is not synchronised (leap ${leap}, stratum ${stratum})`);
  }
  if (stratum < 1 || stratum > 15) return reject("ESTRATUM", `Invalid stratum ${stratum}`);
  const t2s = word(bytes, 32);
  const t2f = word(bytes, 36);
  const t3s = word(bytes, 40);
  const t3f = word(bytes, 44);
  if ((t3s === 0 && t3f === 0) || (t2s === 0 && t2f === 0)) {
    return reject("ETIMESTAMP", "Reply has a zero receive or transmit timestamp");
  }
  const pivot = Math.max(ctx.t1, MIN_PIVOT_MS);
  // Same result as ntpTimestampToMs, without BigInt.
  const t2 = ntpPartsToMs(t2s, t2f, pivot);
  const t3 = ntpPartsToMs(t3s, t3f, pivot);
  if (t3 < t2) {
    return reject("ETIMESTAMP", "Reply transmit timestamp is before its receive timestamp");
  }
  const rootDelay = ntpShortToMs(word(bytes, 4));
  const rootDispersion = ntpShortToMs(word(bytes, 8));
  const distance = rootDelay / 2 + rootDispersion;
  if (distance > ctx.maxRootDistanceMs) {
    return reject(
      "EROOTDISTANCE",
      `Root distance ${distance.toFixed(3)} ms exceeds ${ctx.maxRootDistanceMs} ms`,
    );
  }
  const { offset: offsetMs, delay } = computeOffsetDelay(ctx.t1, t2, t3, ctx.t4);
  // A server claiming more processing time than the round trip is bogus or
  // jittery; clamp so delay-based selection never prefers it for that.
  const delayMs = Math.max(0, delay);
  return {
    kind: "sample",
    sample: {
      offsetMs,
      delayMs,
      stratum,
      leap: leap as NtpLeap,
      refId: formatRefId(stratum, referenceId),
      rootDelay,
      rootDispersion,
      serverTime: t3,
    },
  };
}
