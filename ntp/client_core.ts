// Copyright 2026 the wirekit authors. MIT license.
// The client state machine: poll rounds over several servers, several
// samples each, selection by agreement and delay, backoff, kiss-o'-death
// handling and a corrected clock. Sans-IO: the driver feeds datagrams and
// time, and sends what pollTransmit() returns.
import { CorrectedClock } from "./_corrected_clock.ts";
import {
  buildNtpRequest,
  checkNtpReply,
  defaultRandom,
  type NtpEndpoint,
  type NtpRequest,
  type RandomFill,
} from "./_exchange.ts";
import { NtpError } from "./ntp_error.ts";
import type { NtpSample } from "./types.ts";

export type { NtpEndpoint, RandomFill };

/** Options of {@linkcode NtpClientCore}. Times are milliseconds. */
export interface NtpClientCoreOptions {
  /** Servers to poll: IP literals and ports (resolve names before); at most 64. */
  servers: NtpEndpoint[];
  /**
   * Requests per server per poll round (the lowest-delay reply is used), 1..16.
   * @default {4}
   */
  samples?: number;
  /**
   * Time between two requests to the same server within a round.
   * @default {1000}
   */
  sampleIntervalMs?: number;
  /**
   * How long to wait for each reply.
   * @default {2000}
   */
  timeoutMs?: number;
  /**
   * Time between successful poll rounds.
   * @default {1024000}
   */
  pollIntervalMs?: number;
  /**
   * First retry delay after a failed round; doubles on each consecutive failure.
   * @default {2000}
   */
  minRetryMs?: number;
  /**
   * Largest retry delay.
   * @default {the pollIntervalMs}
   */
  maxRetryMs?: number;
  /**
   * NTP version sent (the reply must match).
   * @default {4}
   */
  version?: 3 | 4;
  /**
   * Largest accepted root distance (root delay / 2 + root dispersion).
   * @default {1000}
   */
  maxRootDistanceMs?: number;
  /**
   * Slack added to each sample's error bound (delay / 2 + root distance) when
   * checking that servers agree.
   * @default {1}
   */
  agreementToleranceMs?: number;
  /**
   * How fast a backward correction is absorbed: the corrected clock runs at
   * (1 - slewRate) speed until it reaches the new offset; it never jumps back.
   * Between 0 (exclusive) and 1 (exclusive).
   * @default {0.5}
   */
  slewRate?: number;
  /**
   * Random source for the transmit timestamps.
   * @default {crypto.getRandomValues}
   */
  random?: RandomFill;
}

/** A datagram the driver must send. */
export interface NtpTransmit {
  /** Destination. */
  to: NtpEndpoint;
  /** Payload. */
  bytes: Uint8Array;
}

/** A poll round succeeded and the clock was corrected. */
export interface NtpSyncEvent {
  /** Always `"sync"`. */
  type: "sync";
  /** Offset now targeted by the clock. */
  offsetMs: number;
  /** Delay of the chosen sample. */
  delayMs: number;
  /** The chosen server. */
  server: NtpEndpoint;
  /** The chosen server's lowest-delay sample. */
  sample: NtpSample;
  /** Servers whose samples agreed (the intersection). */
  survivors: number;
  /** Servers that gave at least one valid sample this round. */
  candidates: number;
  /** True for the first synchronisation. */
  first: boolean;
}

/** What happened, for logs and for the driver's events. */
export type NtpClientEvent =
  | {
    /** A valid sample was received. */
    type: "sample";
    server: NtpEndpoint;
    sample: NtpSample;
  }
  | {
    /**
     * A request failed or a datagram was ignored. `discarded` is true for
     * packets that were not an authentic answer (malformed, wrong origin or
     * source): the request stays outstanding.
     */
    type: "error";
    server: NtpEndpoint;
    error: Error;
    discarded: boolean;
  }
  | NtpSyncEvent
  | {
    /** A poll round failed; the next one starts after `retryMs`. */
    type: "round-failed";
    error: NtpError;
    retryMs: number;
  };

interface Outstanding {
  request: NtpRequest;
  t1: number;
  deadline: number;
  lastDiscard?: Error;
}

interface ServerState {
  endpoint: NtpEndpoint;
  disabled: boolean;
  attemptsLeft: number;
  nextSendAt: number;
  outstanding?: Outstanding;
  samples: NtpSample[];
  holdUntil: number;
  rateFactor: number;
  lastError?: Error;
}

/** Most servers one client polls. */
const MAX_SERVERS = 64;
/** Events kept while nobody polls them; older ones are dropped. */
const MAX_EVENTS = 1024;

function checkServers(servers: NtpEndpoint[]): NtpEndpoint[] {
  if (!Array.isArray(servers)) throw new TypeError("NTP servers must be an array");
  if (servers.length > MAX_SERVERS) {
    throw new RangeError(`Too many NTP servers: ${servers.length} (at most ${MAX_SERVERS})`);
  }
  for (const e of servers) {
    if (
      typeof e?.hostname !== "string" || !Number.isInteger(e.port) || e.port < 1 || e.port > 65535
    ) {
      throw new TypeError(`Invalid NTP server ${JSON.stringify(e)}`);
    }
  }
  return servers;
}

function newServer(e: NtpEndpoint, now: number): ServerState {
  return {
    endpoint: { hostname: e.hostname, port: e.port },
    disabled: false,
    attemptsLeft: 0,
    nextSendAt: now,
    samples: [],
    holdUntil: -Infinity,
    rateFactor: 1,
  };
}

function positive(name: string, v: number, integer = false): number {
  if (!(v > 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new RangeError(
      `Invalid ${name} ${v}: expected a positive ${integer ? "integer" : "number"}`,
    );
  }
  return v;
}

/**
 * The sans-IO core of an SNTP client.
 *
 * Time is a number of milliseconds on the caller's local timeline (use a
 * monotonic clock anchored to the wall clock, e.g. `Date.now()` once plus
 * `performance.now()` deltas). The driver loop: call `handleTimeout(now)` when
 * `pollTimeout()` is reached, `handleDatagram(bytes, from, now)` for each
 * received datagram, and after each call send every `pollTransmit(now)` and
 * read every `pollEvent()`.
 *
 * @example Driving one round with a fake server
 * ```ts
 * import { decodeNtpPacket, encodeNtpPacket, msToNtpTimestamp, NtpClientCore } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * const server = { hostname: "192.0.2.1", port: 123 };
 * const core = new NtpClientCore({ servers: [server], samples: 1 }, 1_700_000_000_000);
 * let now = 1_700_000_000_000;
 * core.handleTimeout(now);
 * const tx = core.pollTransmit(now)!;
 * const req = decodeNtpPacket(tx.bytes);
 * now += 10; // the server is 500 ms ahead; 10 ms round trip
 * const reply = encodeNtpPacket({
 *   mode: 4, stratum: 2, originTimestamp: req.transmitTimestamp,
 *   receiveTimestamp: msToNtpTimestamp(now - 5 + 500),
 *   transmitTimestamp: msToNtpTimestamp(now - 5 + 500),
 * });
 * core.handleDatagram(reply, server, now);
 * assert.equal(core.synchronized, true);
 * assert.ok(Math.abs(core.offsetMs - 500) < 0.01);
 * ```
 */
export class NtpClientCore {
  #servers: ServerState[];
  #samples: number;
  #sampleInterval: number;
  #timeout: number;
  #poll: number;
  #minRetry: number;
  #maxRetry: number;
  #version: 3 | 4;
  #maxRootDistance: number;
  #tolerance: number;
  #random: RandomFill;
  #clock: CorrectedClock;
  #events: NtpClientEvent[] = [];
  #roundActive = false;
  #nextRoundAt: number;
  #failures = 0;
  #stopped = false;
  #synchronized = false;
  #lastSyncAt: number | undefined;

  /**
   * Makes a client core; the first poll round is due at `now`.
   *
   * @param options Servers, sampling, timing and validation options.
   * @param now Current local time; the first round starts at once.
   */
  constructor(options: NtpClientCoreOptions, now: number) {
    if (!options || !Array.isArray(options.servers)) {
      throw new TypeError("NtpClientCore needs a servers array");
    }
    this.#samples = positive("samples", options.samples ?? 4, true);
    if (this.#samples > 16) throw new RangeError(`Invalid samples ${this.#samples}: at most 16`);
    this.#sampleInterval = options.sampleIntervalMs ?? 1000;
    if (!(this.#sampleInterval >= 0)) {
      throw new RangeError(`Invalid sampleIntervalMs ${this.#sampleInterval}`);
    }
    this.#timeout = positive("timeoutMs", options.timeoutMs ?? 2000);
    this.#poll = positive("pollIntervalMs", options.pollIntervalMs ?? 1_024_000);
    this.#minRetry = positive("minRetryMs", options.minRetryMs ?? 2000);
    this.#maxRetry = positive("maxRetryMs", options.maxRetryMs ?? this.#poll);
    this.#version = options.version ?? 4;
    if (this.#version !== 3 && this.#version !== 4) {
      throw new RangeError(`Invalid NTP version ${this.#version}`);
    }
    this.#maxRootDistance = positive("maxRootDistanceMs", options.maxRootDistanceMs ?? 1000);
    this.#tolerance = options.agreementToleranceMs ?? 1;
    if (!(this.#tolerance >= 0)) {
      throw new RangeError(`Invalid agreementToleranceMs ${this.#tolerance}`);
    }
    const slew = options.slewRate ?? 0.5;
    if (!(slew > 0 && slew < 1)) {
      throw new RangeError(`Invalid slewRate ${slew}: expected 0 < slewRate < 1`);
    }
    this.#clock = new CorrectedClock(slew);
    this.#random = options.random ?? defaultRandom;
    this.#servers = checkServers(options.servers).map((e) => newServer(e, now));
    this.#nextRoundAt = now;
  }

  /** Whether a poll round has succeeded at least once. */
  get synchronized(): boolean {
    return this.#synchronized;
  }

  /** The latest measured offset (server minus local), 0 before the first sync. */
  get offsetMs(): number {
    return this.#clock.targetOffset;
  }

  /** Local time of the last successful round, or undefined. */
  get lastSyncAt(): number | undefined {
    return this.#lastSyncAt;
  }

  /** True once every server refused service (DENY/RSTR) or none was given. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * Corrected wall time: `local` plus the offset, never less than an earlier
   * reading (backward corrections are slewed).
   *
   * @param local Current local time.
   * @returns Milliseconds since the Unix epoch.
   */
  now(local: number): number {
    return this.#clock.now(local);
  }

  /**
   * When `handleTimeout` should next be called, or undefined when stopped.
   * @returns A local time (may be in the past: call at once).
   */
  pollTimeout(): number | undefined {
    if (this.#stopped) return undefined;
    if (!this.#roundActive) return this.#nextRoundAt;
    let t = Infinity;
    for (const s of this.#servers) {
      if (s.outstanding) t = Math.min(t, s.outstanding.deadline);
      else if (s.attemptsLeft > 0) t = Math.min(t, s.nextSendAt);
    }
    return t === Infinity ? undefined : t;
  }

  /**
   * Advances time: starts rounds, expires requests, finishes rounds.
   * @param now Current local time.
   */
  handleTimeout(now: number): void {
    if (this.#stopped) return;
    if (!this.#roundActive && now >= this.#nextRoundAt) this.#startRound(now);
    for (const s of this.#servers) {
      const o = s.outstanding;
      if (o && now >= o.deadline) {
        s.outstanding = undefined;
        s.nextSendAt = Math.max(now, o.t1 + this.#sampleInterval);
        const error = new NtpError(
          "ETIMEOUT",
          `No reply from ${s.endpoint.hostname} port ${s.endpoint.port} within ${this.#timeout} ms`,
          o.lastDiscard ? { cause: o.lastDiscard } : undefined,
        );
        s.lastError = error;
        this.#push({ type: "error", server: s.endpoint, error, discarded: false });
      }
    }
    this.#maybeFinish(now);
  }

  /**
   * Where the next request will go, without taking it: lets a driver open a
   * fresh socket first, so the send time stamped by `pollTransmit` is exact.
   * @param now Current local time.
   * @returns The destination of the next due request, or undefined.
   */
  peekTransmit(now: number): NtpEndpoint | undefined {
    if (this.#stopped || !this.#roundActive) return undefined;
    return this.#servers.find((s) => !s.outstanding && s.attemptsLeft > 0 && s.nextSendAt <= now)
      ?.endpoint;
  }

  /**
   * Returns the next request to send, stamping its send time as `now`.
   * @param now Current local time.
   * @returns A datagram, or undefined when nothing is due.
   */
  pollTransmit(now: number): NtpTransmit | undefined {
    if (this.#stopped || !this.#roundActive) return undefined;
    for (const s of this.#servers) {
      if (!s.outstanding && s.attemptsLeft > 0 && s.nextSendAt <= now) {
        const request = buildNtpRequest(this.#version, this.#random);
        s.attemptsLeft--;
        s.outstanding = { request, t1: now, deadline: now + this.#timeout };
        return { to: s.endpoint, bytes: request.bytes };
      }
    }
    return undefined;
  }

  /**
   * Returns the next event, or undefined.
   * @returns An event.
   */
  pollEvent(): NtpClientEvent | undefined {
    return this.#events.shift();
  }

  /**
   * Feeds one received datagram.
   * @param bytes Payload.
   * @param from Sender address.
   * @param now Local receive time.
   */
  handleDatagram(bytes: Uint8Array, from: NtpEndpoint, now: number): void {
    if (this.#stopped) return;
    let discarded: { s: ServerState; error: Error } | undefined;
    for (const s of this.#servers) {
      const o = s.outstanding;
      if (!o) continue;
      const v = checkNtpReply(bytes, {
        request: o.request,
        t1: o.t1,
        t4: now,
        from,
        expected: s.endpoint,
        maxRootDistanceMs: this.#maxRootDistance,
      });
      if (v.kind === "discard") {
        if (
          !discarded || (from.hostname === s.endpoint.hostname && from.port === s.endpoint.port)
        ) {
          discarded = { s, error: v.error };
        }
        continue;
      }
      s.outstanding = undefined;
      s.nextSendAt = Math.max(now, o.t1 + this.#sampleInterval);
      if (v.kind === "sample") {
        s.samples.push(v.sample);
        this.#push({ type: "sample", server: s.endpoint, sample: v.sample });
      } else {
        this.#rejected(s, v.error, now);
      }
      this.#maybeFinish(now);
      return;
    }
    if (discarded) {
      if (discarded.s.outstanding) discarded.s.outstanding.lastDiscard = discarded.error;
      this.#push({
        type: "error",
        server: discarded.s.endpoint,
        error: discarded.error,
        discarded: true,
      });
    }
  }

  #push(e: NtpClientEvent): void {
    if (this.#events.length >= MAX_EVENTS) this.#events.shift();
    this.#events.push(e);
  }

  /**
   * Replaces the server list (e.g. from DHCP option 42). Servers still in
   * the list keep their state (kiss-o'-death holds, refusals); removed ones
   * are forgotten, outstanding requests to them included; new ones join the
   * next round, which starts at once when not yet synchronised. The
   * corrected clock is kept.
   *
   * @param servers The new servers (IP literals and ports), at most 64.
   * @param now Current local time.
   */
  setServers(servers: NtpEndpoint[], now: number): void {
    checkServers(servers);
    const old = new Map(this.#servers.map((s) => [`${s.endpoint.hostname} ${s.endpoint.port}`, s]));
    const next: ServerState[] = [];
    for (const e of servers) {
      const key = `${e.hostname} ${e.port}`;
      if (next.some((s) => `${s.endpoint.hostname} ${s.endpoint.port}` === key)) continue;
      next.push(old.get(key) ?? newServer(e, now));
    }
    const changed = next.length !== this.#servers.length ||
      next.some((s, i) => s !== this.#servers[i]);
    this.#servers = next;
    if (!changed) return;
    if (this.#stopped && next.some((s) => !s.disabled)) {
      this.#stopped = false;
      this.#nextRoundAt = now;
    }
    if (!this.#synchronized && !this.#roundActive) {
      this.#nextRoundAt = Math.min(this.#nextRoundAt, now);
    }
    this.#maybeFinish(now);
  }

  #rejected(s: ServerState, error: NtpError, now: number): void {
    s.lastError = error;
    s.attemptsLeft = 0;
    this.#push({ type: "error", server: s.endpoint, error, discarded: false });
    if (error.code !== "EKOD") return;
    if (error.kissCode === "DENY" || error.kissCode === "RSTR") {
      s.disabled = true;
    } else if (error.kissCode === "RATE") {
      s.rateFactor = Math.min(s.rateFactor * 2, 64);
      s.holdUntil = now + this.#poll * s.rateFactor;
    }
  }

  #startRound(now: number): void {
    const live = this.#servers.filter((s) => !s.disabled);
    if (live.length === 0) {
      this.#stop();
      return;
    }
    const eligible = live.filter((s) => s.holdUntil <= now);
    if (eligible.length === 0) {
      this.#nextRoundAt = Math.min(...live.map((s) => s.holdUntil));
      return;
    }
    for (const s of this.#servers) {
      s.samples = [];
      s.outstanding = undefined;
      s.attemptsLeft = eligible.includes(s) ? this.#samples : 0;
      s.nextSendAt = now;
    }
    this.#roundActive = true;
  }

  #stop(): void {
    this.#stopped = true;
    this.#roundActive = false;
    const error = new NtpError(
      "ENOSERVERS",
      this.#servers.length
        ? "Every NTP server refused service (DENY/RSTR)"
        : "No NTP servers configured",
    );
    this.#push({ type: "round-failed", error, retryMs: Infinity });
  }

  #maybeFinish(now: number): void {
    if (!this.#roundActive) return;
    if (this.#servers.some((s) => s.outstanding || s.attemptsLeft > 0)) return;
    this.#roundActive = false;
    const candidates = this.#servers
      .filter((s) => s.samples.length > 0)
      .map((s) => ({ s, best: s.samples.reduce((a, b) => (b.delayMs < a.delayMs ? b : a)) }));
    // Samples gathered before a refusal still count; with none and nobody
    // left to ask, stop now rather than after a pointless retry delay.
    if (candidates.length === 0 && this.#servers.every((s) => s.disabled)) {
      this.#stop();
      return;
    }
    if (candidates.length === 0) {
      const last = this.#servers.map((s) => s.lastError).filter((e) => e !== undefined).pop();
      this.#fail(
        new NtpError(
          "ENOSAMPLES",
          "No valid NTP reply in this poll round",
          last ? { cause: last } : undefined,
        ),
        now,
      );
      return;
    }
    const intervals = candidates.map((c) => {
      const r = c.best.delayMs / 2 + c.best.rootDelay / 2 + c.best.rootDispersion + this.#tolerance;
      return { c, lo: c.best.offsetMs - r, hi: c.best.offsetMs + r };
    });
    const points = intervals.flatMap((iv) => [
      { v: iv.lo, d: 1 },
      { v: iv.hi, d: -1 },
    ]);
    points.sort((a, b) => a.v - b.v || b.d - a.d);
    let count = 0;
    let best = 0;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < points.length; i++) {
      count += points[i].d;
      if (count > best) {
        best = count;
        lo = points[i].v;
        hi = points[i + 1].v;
      }
    }
    if (best * 2 <= candidates.length) {
      this.#fail(
        new NtpError(
          "ENOAGREEMENT",
          `NTP servers disagree: at most ${best} of ${candidates.length} agree`,
        ),
        now,
      );
      return;
    }
    const survivors = intervals.filter((iv) => iv.lo <= hi && iv.hi >= lo).map((iv) => iv.c);
    const chosen = survivors.reduce((a, b) => (b.best.delayMs < a.best.delayMs ? b : a));
    for (const c of survivors) c.s.rateFactor = 1;
    const first = !this.#synchronized;
    this.#clock.set(chosen.best.offsetMs, now);
    this.#synchronized = true;
    this.#lastSyncAt = now;
    this.#failures = 0;
    this.#nextRoundAt = now + this.#poll;
    this.#push({
      type: "sync",
      offsetMs: chosen.best.offsetMs,
      delayMs: chosen.best.delayMs,
      server: chosen.s.endpoint,
      sample: chosen.best,
      survivors: survivors.length,
      candidates: candidates.length,
      first,
    });
  }

  #fail(error: NtpError, now: number): void {
    this.#failures++;
    const retryMs = Math.min(
      this.#maxRetry,
      this.#minRetry * 2 ** Math.min(this.#failures - 1, 30),
    );
    this.#nextRoundAt = now + retryMs;
    this.#push({ type: "round-failed", error, retryMs });
  }
}
