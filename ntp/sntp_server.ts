// Copyright 2026 the wirekit authors. MIT license.
import { runtimeTransport } from "../net/transport.ts";
import type { DatagramSocket, NetAddress, NetTransport } from "../net/types.ts";
import { answerSntpRequest, ClientRateLimiter, encodeRefId } from "./_server_core.ts";
import type { NtpLeap } from "./types.ts";

/** Options of {@linkcode createSntpServer}. */
export interface SntpServerOptions {
  /**
   * UDP port; 0 picks a free one (see `local.port`).
   * @default {123}
   */
  port?: number;
  /**
   * Local address to bind.
   * @default {"0.0.0.0"}
   */
  hostname?: string;
  /**
   * Stratum announced, 1..15 (upstream stratum + 1 when serving a synchronised clock).
   * @default {10}
   */
  stratum?: number;
  /**
   * Reference id: up to 4 ASCII characters (stratum 1, e.g. `"GPS"`), an IPv4
   * literal (the upstream server), or a 32-bit number.
   * @default {"LOCL" for stratum 1, else "127.127.1.1" (the local clock, as chrony and ntpd announce it)}
   */
  refId?: string | number;
  /**
   * The time served, in milliseconds since the Unix epoch (e.g. an
   * `NtpClient`'s `now()`).
   * @default {Date.now}
   */
  clock?: () => number;
  /**
   * Leap indicator announced (3 = not synchronised).
   * @default {0}
   */
  leap?: NtpLeap;
  /**
   * Precision exponent (log2 seconds), -32..0.
   * @default {-20}
   */
  precision?: number;
  /**
   * Root delay announced, in milliseconds.
   * @default {0}
   */
  rootDelayMs?: number;
  /**
   * Root dispersion announced, in milliseconds.
   * @default {10}
   */
  rootDispersionMs?: number;
  /**
   * Answer with a kiss-o'-death instead of the time: a code (`"RATE"`,
   * `"DENY"`, `"RSTR"`, ...) for every client, or a function choosing per
   * client (return undefined to answer normally). Meant for tests and for
   * refusing clients.
   * @default {undefined}
   */
  kissCode?: string | ((client: NetAddress) => string | undefined);
  /**
   * Rate limiting per client address: each client may send `burst` requests
   * at once, then one per `intervalMs`; beyond that it gets a `RATE`
   * kiss-o'-death (and a well-behaved client backs off). `maxClients` bounds
   * the table (the least recently seen client is forgotten first).
   * @default {undefined (no limit)}
   */
  rateLimit?: SntpRateLimit;
  /**
   * Transports to use (tests pass a `MemoryNetwork`).
   * @default {the runtime's transport}
   */
  transport?: NetTransport;
}

/** Per-client rate limit of {@linkcode createSntpServer}. */
export interface SntpRateLimit {
  /**
   * Sustained interval between requests of one client, in milliseconds.
   * @default {2000}
   */
  intervalMs?: number;
  /**
   * Requests a client may send back to back.
   * @default {8}
   */
  burst?: number;
  /**
   * Clients tracked at once.
   * @default {4096}
   */
  maxClients?: number;
}

/** A running SNTP server. */
export interface SntpServer {
  /** The bound address (with the real port when 0 was asked). */
  readonly local: NetAddress;
  /** Replies sent so far (kiss-o'-death included). */
  readonly answered: number;
  /** Datagrams ignored (malformed, not a client request). */
  readonly ignored: number;
  /** `RATE` kiss-o'-death replies sent by the rate limiter. */
  readonly rateLimited: number;
  /**
   * Stops serving and closes the socket. Idempotent.
   * @returns Resolves when the socket is closed and the loop ended.
   */
  close(): Promise<void>;
}

function checkKiss(code: string): string {
  if (!/^[A-Z]{1,4}$/.test(code)) {
    throw new RangeError(`Invalid kiss code ${JSON.stringify(code)}: 1..4 letters A-Z`);
  }
  return code;
}

/**
 * Starts a small SNTP server (RFC 4330 section 6): answers client requests
 * with the given clock, stratum and reference id, echoing the request's
 * version and transmit timestamp; ignores everything else.
 *
 * @param options Port, identity and clock of the server.
 * @returns The running server; call `close()` when done.
 *
 * @example A stratum-2 server on a free loopback port
 * ```ts
 * import { createSntpServer, queryNtp } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * const server = await createSntpServer({
 *   hostname: "127.0.0.1",
 *   port: 0,
 *   stratum: 2,
 *   refId: "203.0.113.5",
 *   clock: () => Date.now() + 60_000, // one minute ahead
 * });
 * const s = await queryNtp({ host: "127.0.0.1", port: server.local.port, timeoutMs: 2000 });
 * assert.ok(Math.abs(s.offsetMs - 60_000) < 50);
 * await server.close();
 * ```
 */
export async function createSntpServer(options: SntpServerOptions = {}): Promise<SntpServer> {
  const stratum = options.stratum ?? 10;
  if (!Number.isInteger(stratum) || stratum < 1 || stratum > 15) {
    throw new RangeError(`Invalid stratum ${stratum}`);
  }
  const precision = options.precision ?? -20;
  if (!Number.isInteger(precision) || precision < -32 || precision > 0) {
    throw new RangeError(`Invalid precision ${precision}`);
  }
  const leap = options.leap ?? 0;
  if (![0, 1, 2, 3].includes(leap)) throw new RangeError(`Invalid leap indicator ${leap}`);
  const rootDelayMs = options.rootDelayMs ?? 0;
  const rootDispersionMs = options.rootDispersionMs ?? 10;
  if (!(rootDelayMs >= 0) || !(rootDispersionMs >= 0)) {
    throw new RangeError("Root delay and dispersion must be >= 0");
  }
  const kiss = options.kissCode;
  if (typeof kiss === "string") checkKiss(kiss);
  const identity = {
    stratum,
    referenceId: encodeRefId(options.refId ?? (stratum === 1 ? "LOCL" : "127.127.1.1")),
    leap,
    precision,
    rootDelayMs,
    rootDispersionMs,
  };
  const clock = options.clock ?? Date.now;
  let limiter: ClientRateLimiter | undefined;
  if (options.rateLimit) {
    const r = options.rateLimit;
    const intervalMs = r.intervalMs ?? 2000;
    const burst = r.burst ?? 8;
    const maxClients = r.maxClients ?? 4096;
    if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) {
      throw new RangeError(`Invalid rate limit interval ${intervalMs}`);
    }
    if (!Number.isInteger(burst) || burst < 1) {
      throw new RangeError(`Invalid rate limit burst ${burst}`);
    }
    if (!Number.isInteger(maxClients) || maxClients < 1) {
      throw new RangeError(`Invalid rate limit table size ${maxClients}`);
    }
    limiter = new ClientRateLimiter(intervalMs, burst, maxClients);
  }
  const transport = options.transport ?? runtimeTransport;
  const socket: DatagramSocket = await transport.bindDatagram({
    hostname: options.hostname ?? "0.0.0.0",
    port: options.port ?? 123,
  });
  let answered = 0;
  let ignored = 0;
  let rateLimited = 0;
  const loop = (async () => {
    for await (const d of socket) {
      const receiveMs = clock();
      let code: string | undefined;
      let limited = false;
      try {
        code = typeof kiss === "function" ? kiss(d.remote) : kiss;
        if (code !== undefined) checkKiss(code);
        else if (limiter && !limiter.allow(d.remote.hostname, performance.now())) {
          code = "RATE";
          limited = true;
        }
      } catch {
        ignored++;
        continue;
      }
      const reply = answerSntpRequest(d.data, receiveMs, clock, identity, code);
      if (!reply) {
        ignored++;
        continue;
      }
      try {
        await socket.send(reply, d.remote);
        answered++;
        if (limited) rateLimited++;
      } catch {
        if (socket.closed) break;
        ignored++;
      }
    }
  })();
  return {
    local: socket.local,
    get answered(): number {
      return answered;
    },
    get ignored(): number {
      return ignored;
    },
    get rateLimited(): number {
      return rateLimited;
    },
    async close(): Promise<void> {
      await socket.close();
      await loop.catch(() => {});
    },
  };
}
