// Copyright 2026 the wirekit authors. MIT license.
// The pure part of the SNTP server: one request in, one reply (or nothing) out.
import { parseIpv4 } from "../_internal/ip.ts";
import { decodeNtpPacket } from "./decode_ntp_packet.ts";
import { encodeNtpPacket } from "./encode_ntp_packet.ts";
import { msToNtpShort, msToNtpTimestamp } from "./timestamp.ts";
import type { NtpLeap } from "./types.ts";

/** What the server says about its clock. */
export interface ServerIdentity {
  stratum: number;
  referenceId: number;
  leap: NtpLeap;
  precision: number;
  rootDelayMs: number;
  rootDispersionMs: number;
}

/** Encodes a reference id: up to 4 ASCII characters, an IPv4 literal, or a 32-bit number. */
export function encodeRefId(refId: string | number): number {
  if (typeof refId === "number") {
    if (!Number.isInteger(refId) || refId < 0 || refId > 0xffff_ffff) {
      throw new RangeError(`Invalid reference id ${refId}`);
    }
    return refId;
  }
  if (typeof refId !== "string") throw new TypeError("Reference id must be a string or a number");
  if (refId.includes(".")) {
    const b = parseIpv4(refId);
    return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  }
  if (refId.length > 4 || !/^[\x20-\x7e]*$/.test(refId)) {
    throw new RangeError(`Invalid reference id ${JSON.stringify(refId)}: up to 4 ASCII characters`);
  }
  let v = 0;
  for (let i = 0; i < 4; i++) v = (v << 8) | (i < refId.length ? refId.charCodeAt(i) : 0);
  return v >>> 0;
}

/**
 * Answers one request: client (mode 3) requests of versions 1..4 get a
 * server (mode 4) reply with the same version; anything else gets nothing
 * (never answer a server or broadcast packet: that could start a loop).
 * With `kissCode`, the reply is a kiss-o'-death (LI 3, stratum 0).
 */
export function answerSntpRequest(
  request: Uint8Array,
  receiveMs: number,
  transmitMs: () => number,
  id: ServerIdentity,
  kissCode?: string,
): Uint8Array | undefined {
  if (request.length < 48 || request.length > 2048) return undefined;
  let req;
  try {
    req = decodeNtpPacket(request);
  } catch {
    return undefined;
  }
  if (req.mode !== 3 || req.version < 1 || req.version > 4) return undefined;
  const kod = kissCode !== undefined;
  const receive = msToNtpTimestamp(receiveMs);
  return encodeNtpPacket({
    leap: kod ? 3 : id.leap,
    version: req.version,
    mode: 4,
    stratum: kod ? 0 : id.stratum,
    poll: Math.min(17, Math.max(4, req.poll)),
    precision: id.precision,
    rootDelay: msToNtpShort(id.rootDelayMs),
    rootDispersion: msToNtpShort(id.rootDispersionMs),
    referenceId: kod ? encodeRefId(kissCode) : id.referenceId,
    referenceTimestamp: msToNtpTimestamp(Math.floor(receiveMs / 1000) * 1000),
    originTimestamp: req.transmitTimestamp,
    receiveTimestamp: receive,
    transmitTimestamp: msToNtpTimestamp(Math.max(receiveMs, transmitMs())),
  });
}

/** Token buckets per client address, in a table of bounded size (least recently seen evicted). */
export class ClientRateLimiter {
  #intervalMs: number;
  #burst: number;
  #maxClients: number;
  #table = new Map<string, { tokens: number; at: number }>();

  constructor(intervalMs: number, burst: number, maxClients: number) {
    this.#intervalMs = intervalMs;
    this.#burst = burst;
    this.#maxClients = maxClients;
  }

  /** Clients currently tracked. */
  get size(): number {
    return this.#table.size;
  }

  /** Takes a token for `client` at monotonic time `now`; false when it has none left. */
  allow(client: string, now: number): boolean {
    const e = this.#table.get(client);
    let tokens = this.#burst;
    if (e) {
      tokens = Math.min(this.#burst, e.tokens + Math.max(0, now - e.at) / this.#intervalMs);
      this.#table.delete(client);
    } else if (this.#table.size >= this.#maxClients) {
      const oldest = this.#table.keys().next().value;
      if (oldest !== undefined) this.#table.delete(oldest);
    }
    const ok = tokens >= 1;
    this.#table.set(client, { tokens: ok ? tokens - 1 : tokens, at: now });
    return ok;
  }
}
