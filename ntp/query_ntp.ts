// Copyright 2026 the wirekit authors. MIT license.
import { runtimeTransport, systemClock } from "../net/transport.ts";
import {
  type DatagramBindOptions,
  type DatagramSocket,
  type NetClock,
  NetError,
  type NetTransport,
} from "../net/types.ts";
import { ipFamily } from "../_internal/ip.ts";
import {
  buildNtpRequest,
  centredWallClock,
  checkNtpReply,
  defaultRandom,
  type NtpEndpoint,
  type RandomFill,
} from "./_exchange.ts";
import { dnsResolver, type NtpResolver, parseServerSpec, resolveServer } from "./_resolve.ts";
import { NtpError } from "./ntp_error.ts";
import type { NtpSample } from "./types.ts";

export type { NtpResolver, RandomFill };

/** Options of {@linkcode queryNtp}. */
export interface QueryNtpOptions {
  /** Server host name or IP literal (IPv6 may be bracketed). */
  host: string;
  /**
   * UDP port.
   * @default {123}
   */
  port?: number;
  /**
   * How long to wait for a valid reply, in milliseconds.
   * @default {5000}
   */
  timeoutMs?: number;
  /**
   * NTP version sent; the reply must have the same.
   * @default {4}
   */
  version?: 3 | 4;
  /**
   * Largest accepted root distance (root delay / 2 + root dispersion), in milliseconds.
   * @default {1000}
   */
  maxRootDistanceMs?: number;
  /**
   * Resolves host names to IP literals; IP literals never need it. Failures
   * reject with `ERESOLVE`.
   * @default {a dns/ DnsResolver lookup (hosts file, then resolv.conf servers)}
   */
  resolve?: NtpResolver;
  /** Aborts the query (rejects with the signal's reason). */
  signal?: AbortSignal;
  /**
   * Transports to use (tests pass a `MemoryNetwork`).
   * @default {the runtime's transport}
   */
  transport?: NetTransport;
  /**
   * Monotonic clock and timers: t1..t4 deltas are measured on it.
   * @default {performance.now() and the global timers}
   */
  clock?: NetClock;
  /**
   * Wall clock (ms since the Unix epoch), read once to anchor the monotonic clock.
   * @default {Date.now() + 0.5 (the middle of the current millisecond)}
   */
  wallClock?: () => number;
  /**
   * A bound datagram socket to query from instead of binding a new one (it
   * is left open): saves the socket set-up and tear-down when querying
   * repeatedly (about twice the queries per second on loopback). Stale
   * replies to earlier queries are ignored by the origin-timestamp check, but
   * the source port no longer changes per query, so an off-path attacker has
   * one thing less to guess; the default keeps a fresh random port.
   * @default {a new socket of the server's family, closed after the query}
   */
  socket?: DatagramSocket;
  /**
   * Random source for the request's transmit timestamp.
   * @default {crypto.getRandomValues}
   */
  random?: RandomFill;
}

/**
 * Bind hint understood by the runtime adapters: this socket's `local` is
 * never read, so they need not ask the OS for it (one syscall per query).
 */
const LAZY_LOCAL: symbol = Symbol.for("wirekit.net.lazyLocal");

const ignore = (): void => {};

let lastHost = "";
let lastFamily: 0 | 4 | 6 = 0;

/**
 * Sends one SNTP request and returns the validated sample: clock offset
 * (server minus this host's wall clock), round-trip delay and the server's
 * stratum, leap indicator, reference id, root delay and dispersion.
 *
 * The request's transmit timestamp is random, so only a reply echoing it is
 * accepted; the local send and receive times come from one wall-clock reading
 * plus monotonic deltas, so a system clock step during the query does not
 * skew the result. Datagrams that are not an authentic reply (wrong origin or
 * source address, malformed) are ignored while waiting; an authentic reply
 * that fails validation rejects at once.
 *
 * @param options Server, deadline and validation options.
 * @returns The sample.
 * @throws {NtpError} `ETIMEOUT`, `EUNSYNC`, `EKOD` (see `kissCode`), `ESTRATUM`, `EMODE`,
 *   `EVERSION`, `ETIMESTAMP`, `EROOTDISTANCE`, `ERESOLVE`.
 *
 * @example Querying wirekit's own server on loopback
 * ```ts
 * import { createSntpServer, queryNtp } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * const server = await createSntpServer({ hostname: "127.0.0.1", port: 0, stratum: 3, refId: "192.0.2.7" });
 * try {
 *   const s = await queryNtp({ host: "127.0.0.1", port: server.local.port, timeoutMs: 2000 });
 *   assert.equal(s.stratum, 3);
 *   assert.equal(s.refId, "192.0.2.7");
 *   assert.ok(Math.abs(s.offsetMs) < 50);
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export async function queryNtp(options: QueryNtpOptions): Promise<NtpSample> {
  if (!options || typeof options !== "object") throw new TypeError("queryNtp needs options");
  let host = options.host;
  let port = options.port ?? 123;
  if (
    typeof host !== "string" || host.length === 0 || host.length > 253 ||
    !Number.isInteger(port) || port < 1 || port > 65535
  ) {
    // Only to throw the precise TypeError / RangeError.
    ({ host, port } = parseServerSpec({ host, port }));
  }
  const timeoutMs = options.timeoutMs ?? 5000;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new RangeError(`Invalid timeoutMs ${timeoutMs}`);
  }
  const version = options.version ?? 4;
  if (version !== 3 && version !== 4) throw new RangeError(`Invalid NTP version ${version}`);
  const maxRootDistanceMs = options.maxRootDistanceMs ?? 1000;
  if (!(maxRootDistanceMs > 0)) {
    throw new RangeError(`Invalid maxRootDistanceMs ${maxRootDistanceMs}`);
  }
  const transport = options.transport ?? runtimeTransport;
  const clock = options.clock ?? systemClock;
  const wallClock = options.wallClock ?? centredWallClock;
  options.signal?.throwIfAborted();
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  // IP literals (the common case) skip the resolver and its await; a query
  // loop asks one server, so its family is remembered.
  const family0 = bare === lastHost ? lastFamily : ipFamily(bare);
  lastHost = bare;
  lastFamily = family0;
  const server: NtpEndpoint = family0 !== 0 ? { hostname: bare, port } : (await resolveServer(
    bare,
    port,
    options.resolve ?? dnsResolver(transport, clock),
    1,
  ))[0];
  if (family0 === 0) options.signal?.throwIfAborted();
  const family = server.hostname.includes(":") ? 6 : 4;
  if (options.socket && options.socket.local.family !== family) {
    throw new TypeError(
      `The given socket is IPv${options.socket.local.family}, the server IPv${family}`,
    );
  }
  const socket: DatagramSocket = options.socket ??
    await transport.bindDatagram({ family, [LAZY_LOCAL]: true } as DatagramBindOptions);
  // With the system clock, the socket's receive deadline is the cheapest
  // timer (AbortController is costly in Node); an injected clock drives the
  // deadline through an abort signal.
  const ownTimer = options.clock !== undefined;
  const abort = ownTimer ? new AbortController() : undefined;
  const onAbort = ownTimer ? () => abort?.abort(options.signal?.reason) : undefined;
  if (onAbort) options.signal?.addEventListener("abort", onAbort, { once: true });
  let timedOut = false;
  const timer = ownTimer
    ? clock.setTimeout(() => {
      timedOut = true;
      abort?.abort();
    }, timeoutMs)
    : undefined;
  let sendError: unknown;
  try {
    const request = buildNtpRequest(version, options.random ?? defaultRandom);
    const wall1 = wallClock();
    const mono1 = clock.now();
    // Not awaited before receiving: the reply may beat the send callback.
    socket.send(request.bytes, server).catch((e) => {
      sendError = e;
      // Wake the receive: abort it, or close our own socket. A caller's
      // socket stays open; the error is then reported at the deadline.
      if (abort) abort.abort();
      else if (!options.socket) void socket.close();
    });
    let lastDiscard: Error | undefined;
    for (let i = 0; i < 10_000; i++) {
      let d;
      try {
        d = await (abort ? socket.receive({ signal: abort.signal }) : socket.receive({
          signal: options.signal,
          // Whole milliseconds: Node keeps one timer list per distinct duration.
          timeoutMs: i === 0
            ? Math.ceil(timeoutMs)
            : Math.ceil(Math.max(1, timeoutMs - (clock.now() - mono1))),
        }));
      } catch (e) {
        if (sendError !== undefined) throw sendError;
        if (timedOut || (e instanceof NetError && e.code === "ETIMEOUT")) {
          throw new NtpError(
            "ETIMEOUT",
            `No valid reply from ${server.hostname} port ${server.port} within ${timeoutMs} ms`,
            lastDiscard ? { cause: lastDiscard } : undefined,
          );
        }
        if (options.signal?.aborted) throw options.signal.reason;
        throw e;
      }
      const t4 = wall1 + (clock.now() - mono1);
      const v = checkNtpReply(d.data, {
        request,
        t1: wall1,
        t4,
        from: d.remote,
        expected: server,
        maxRootDistanceMs,
      });
      if (v.kind === "sample") return v.sample;
      if (v.kind === "reject") throw v.error;
      lastDiscard = v.error;
    }
    throw new NtpError("ETIMEOUT", "Too many bogus datagrams", { cause: lastDiscard });
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
    // Closing starts at once; waiting for the close callback would only add
    // an event-loop turn to every query.
    if (!options.socket) socket.close().catch(ignore);
  }
}
