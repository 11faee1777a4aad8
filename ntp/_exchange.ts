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
import type { NtpLeap, NtpPacket, NtpSample } from "./types.ts";

/** An NTP server endpoint: an IP literal and a UDP port. */
export interface NtpEndpoint {
  /** IP address literal. */
  hostname: string;
  /** UDP port. */
  port: number;
}

/** Fills a buffer with random bytes (e.g. `crypto.getRandomValues`). */
export type RandomFill = (bytes: Uint8Array) => void;

const pool = new Uint8Array(256);
let poolAt = pool.length;

/**
 * Default randomness: WebCrypto, drawn from a 256-byte pool so a query costs
 * one `getRandomValues` call per 32 requests; each byte is used once.
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
  /** The random transmit timestamp the reply must echo as its origin. */
  transmit: bigint;
  /** Version sent. */
  version: number;
}

/** Builds a client request whose transmit timestamp is random (never zero). */
export function buildNtpRequest(version: number, random: RandomFill): NtpRequest {
  // Written directly: this runs once per query and encodeNtpPacket's
  // validation and growable writer are not needed for a fixed header.
  const bytes = new Uint8Array(48);
  const view = new DataView(bytes.buffer);
  let transmit = 0n;
  if (random === defaultRandom) {
    // The default source copies straight from its pool: no subarrays.
    for (let i = 0; i < 4 && transmit === 0n; i++) {
      takeFromPool(bytes, 40);
      transmit = view.getBigUint64(40);
    }
  } else {
    const tx = bytes.subarray(40, 48);
    for (let i = 0; i < 4 && transmit === 0n; i++) {
      random(tx);
      transmit = view.getBigUint64(40);
    }
  }
  if (transmit === 0n) {
    transmit = 1n;
    view.setBigUint64(40, 1n);
  }
  bytes[0] = (version << 3) | 3;
  return { bytes, transmit, version };
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
  | { kind: "sample"; sample: NtpSample; packet: NtpPacket }
  | { kind: "discard"; error: Error }
  | { kind: "reject"; error: NtpError; packet: NtpPacket };

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

/** The kiss code of a packet, or undefined when it is not a kiss-o'-death. */
export function kissCode(p: NtpPacket): string | undefined {
  if (p.stratum !== 0) return undefined;
  let s = "";
  for (let shift = 24; shift >= 0; shift -= 8) {
    const c = (p.referenceId >>> shift) & 0xff;
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

function reject(
  code: NtpError["code"],
  message: string,
  packet: NtpPacket,
  kiss?: string,
): NtpReplyVerdict {
  return {
    kind: "reject",
    error: new NtpError(code, message, kiss ? { kissCode: kiss } : undefined),
    packet,
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
  let p: NtpPacket;
  try {
    p = decodeNtpPacket(bytes, ctx.decode);
  } catch (e) {
    return { kind: "discard", error: e as Error };
  }
  if (p.originTimestamp !== ctx.request.transmit) {
    return {
      kind: "discard",
      error: new NtpError(
        "EORIGIN",
        "Reply origin timestamp does not match the request's transmit timestamp",
      ),
    };
  }
  if (p.mode !== 4 && p.mode !== 5) {
    return reject("EMODE", `Reply has mode ${p.mode}, expected 4`, p);
  }
  if (p.version !== ctx.request.version) {
    return reject("EVERSION", `Reply has version ${p.version}, expected ${ctx.request.version}`, p);
  }
  const kiss = kissCode(p);
  if (kiss !== undefined) {
    return reject("EKOD", `Server sent kiss-o'-death ${JSON.stringify(kiss)}`, p, kiss);
  }
  if (p.leap === 3 || p.stratum === 16) {
    return reject(
      "EUNSYNC",
      `Server is not synchronised (leap ${p.leap}, stratum ${p.stratum})`,
      p,
    );
  }
  if (p.stratum < 1 || p.stratum > 15) return reject("ESTRATUM", `Invalid stratum ${p.stratum}`, p);
  if (p.transmitTimestamp === 0n || p.receiveTimestamp === 0n) {
    return reject("ETIMESTAMP", "Reply has a zero receive or transmit timestamp", p);
  }
  const pivot = Math.max(ctx.t1, MIN_PIVOT_MS);
  // Read as 32-bit words: same result as ntpTimestampToMs, without BigInt.
  const t2 = ntpPartsToMs(word(bytes, 32), word(bytes, 36), pivot);
  const t3 = ntpPartsToMs(word(bytes, 40), word(bytes, 44), pivot);
  if (t3 < t2) {
    return reject("ETIMESTAMP", "Reply transmit timestamp is before its receive timestamp", p);
  }
  const rootDelay = ntpShortToMs(p.rootDelay);
  const rootDispersion = ntpShortToMs(p.rootDispersion);
  const distance = rootDelay / 2 + rootDispersion;
  if (distance > ctx.maxRootDistanceMs) {
    return reject(
      "EROOTDISTANCE",
      `Root distance ${distance.toFixed(3)} ms exceeds ${ctx.maxRootDistanceMs} ms`,
      p,
    );
  }
  const { offset: offsetMs, delay } = computeOffsetDelay(ctx.t1, t2, t3, ctx.t4);
  // A server claiming more processing time than the round trip is bogus or
  // jittery; clamp so delay-based selection never prefers it for that.
  const delayMs = Math.max(0, delay);
  return {
    kind: "sample",
    packet: p,
    sample: {
      offsetMs,
      delayMs,
      stratum: p.stratum,
      leap: p.leap as NtpLeap,
      refId: formatRefId(p.stratum, p.referenceId),
      rootDelay,
      rootDispersion,
      serverTime: t3,
    },
  };
}
