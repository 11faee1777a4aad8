// Copyright 2026 the wirekit authors. MIT license.
import { runtimeTransport, systemClock } from "../net/transport.ts";
import type { DatagramSocket, NetClock, NetTransport, TimerHandle } from "../net/types.ts";
import { centredWallClock, type NtpEndpoint } from "./_exchange.ts";
import {
  dnsResolver,
  type NtpResolver,
  type NtpServerSpec,
  parseServerSpec,
  resolveServer,
} from "./_resolve.ts";
import {
  NtpClientCore,
  type NtpClientCoreOptions,
  type NtpClientEvent,
  type NtpSyncEvent,
} from "./client_core.ts";
import { NtpError } from "./ntp_error.ts";

export type { NtpResolver, NtpServerSpec };

/** Options of {@linkcode NtpClient}; sampling and timing options are those of `NtpClientCore`. */
export interface NtpClientOptions extends Omit<NtpClientCoreOptions, "servers"> {
  /**
   * Servers: `"host"`, `"host:port"`, `"[v6]:port"`, an IPv6 literal, or
   * `{ host, port }`. Names are resolved with `resolve` at `start()` (each
   * may give several addresses, e.g. a pool); at most 64 addresses in all.
   */
  servers: (string | NtpServerSpec)[];
  /**
   * Resolves host names to IP literals; IP literals never need it.
   * @default {a dns/ DnsResolver lookup (hosts file, then resolv.conf servers)}
   */
  resolve?: NtpResolver;
  /**
   * Addresses used per host name, 1..64 (at most 64 addresses are polled in all).
   * @default {4}
   */
  maxAddressesPerName?: number;
  /**
   * Transports to use (tests pass a `MemoryNetwork`).
   * @default {the runtime's transport}
   */
  transport?: NetTransport;
  /**
   * Monotonic clock and timers.
   * @default {performance.now() and the global timers}
   */
  clock?: NetClock;
  /**
   * Wall clock, read once at construction to anchor the monotonic clock.
   * @default {Date.now() + 0.5 (the middle of the current millisecond)}
   */
  wallClock?: () => number;
  /**
   * Called with every event of the core (samples, rejected replies, syncs, failed rounds).
   * @default {undefined}
   */
  onEvent?: (event: NtpClientEvent) => void;
}

/**
 * An SNTP client that keeps a corrected clock: it polls several servers,
 * several samples each, keeps the servers that agree, takes the lowest-delay
 * sample, and resyncs every `pollIntervalMs` (with exponential backoff after
 * failures and kiss-o'-death handling). `now()` is the monotonic clock plus
 * the measured offset and never goes backwards. Each request goes out from
 * a fresh socket (a new random source port, as RFC 9109 recommends) with a
 * random transmit timestamp, so off-path spoofing must guess both.
 *
 * It is an `EventTarget`: `"synchronized"` fires once, on the first
 * successful round (use it as "time valid", e.g. before checking TLS
 * certificates); `"sync"` fires on every successful round and `"ntperror"`
 * when a round fails (both `CustomEvent`s whose `detail` is the core event).
 *
 * @example Synchronising from a local server
 * ```ts
 * import { createSntpServer, NtpClient } from "wirekit/ntp";
 * import assert from "node:assert/strict";
 *
 * const server = await createSntpServer({ hostname: "127.0.0.1", port: 0, stratum: 2, refId: "198.51.100.1", clock: () => Date.now() + 5000 });
 * const client = new NtpClient({ servers: [`127.0.0.1:${server.local.port}`], samples: 2, sampleIntervalMs: 10 });
 * try {
 *   await client.start();
 *   await client.whenSynchronized({ timeoutMs: 5000 });
 *   assert.equal(client.synchronized, true);
 *   assert.ok(Math.abs(client.now() - (Date.now() + 5000)) < 100);
 * } finally {
 *   await client.close();
 *   await server.close();
 * }
 * ```
 */
export class NtpClient extends EventTarget {
  #options: NtpClientOptions;
  #transport: NetTransport;
  #clock: NetClock;
  #anchor = 0;
  #core: NtpClientCore | undefined;
  /** Sockets of requests in flight (one fresh socket per request). */
  #inflight = new Set<DatagramSocket>();
  #binding = false;
  #timer: TimerHandle | undefined;
  #timerAt = Infinity;
  #closed = false;
  #started = false;
  #loops = new Set<Promise<void>>();
  #waiters = new Set<(error?: unknown) => void>();
  #lastSync: NtpSyncEvent | undefined;

  /**
   * Makes a client; nothing happens until `start()`.
   * @param options Servers, resolver, sampling and timing options.
   */
  constructor(options: NtpClientOptions) {
    super();
    if (!options || !Array.isArray(options.servers)) {
      throw new TypeError("NtpClient needs a servers array");
    }
    options.servers.forEach((s) => parseServerSpec(s));
    // Fail fast on bad core options.
    new NtpClientCore({ ...options, servers: [] }, 0);
    const perName = options.maxAddressesPerName ?? 4;
    if (!Number.isInteger(perName) || perName < 1 || perName > 64) {
      throw new RangeError(`Invalid maxAddressesPerName ${perName}: expected 1..64`);
    }
    this.#options = options;
    this.#transport = options.transport ?? runtimeTransport;
    this.#clock = options.clock ?? systemClock;
    this.#anchor = (options.wallClock ?? centredWallClock)() - this.#clock.now();
  }

  #local(): number {
    return this.#anchor + this.#clock.now();
  }

  /** Whether a poll round has succeeded. */
  get synchronized(): boolean {
    return this.#core?.synchronized ?? false;
  }

  /** The latest measured offset from this host's clock (as read at construction), in ms. */
  get offsetMs(): number {
    return this.#core?.offsetMs ?? 0;
  }

  /**
   * Corrected wall time. Before the first synchronisation this is the local
   * clock; it never goes backwards.
   * @returns Milliseconds since the Unix epoch.
   */
  now(): number {
    const local = this.#local();
    return this.#core ? this.#core.now(local) : local;
  }

  /**
   * Resolves the servers, binds the sockets and starts polling.
   * @returns Resolves once polling has started (not when synchronised).
   * @throws {NtpError} `ENOSERVERS` when no server could be resolved (the
   *   `cause` is the last resolution error); `setServers()` can then supply
   *   others and starts polling.
   */
  async start(): Promise<void> {
    if (this.#started) throw new TypeError("NtpClient already started");
    this.#started = true;
    const endpoints = await this.#resolveAll(this.#options.servers);
    if (this.#closed) return;
    this.#core = new NtpClientCore({ ...this.#options, servers: endpoints }, this.#local());
    this.#pump();
  }

  /**
   * Replaces the servers (e.g. with those from DHCP option 42), keeping the
   * corrected clock and the state of servers that stay. Before `start()` it
   * only changes the list `start()` will use.
   *
   * @param servers New servers, in the same forms as the `servers` option.
   * @returns Resolves when the new list is in use.
   * @throws {NtpError} `ENOSERVERS` when none of them resolves (the old list stays).
   */
  async setServers(servers: (string | NtpServerSpec)[]): Promise<void> {
    if (!Array.isArray(servers)) throw new TypeError("NTP servers must be an array");
    servers.forEach((s) => parseServerSpec(s));
    if (!this.#started) {
      this.#options = { ...this.#options, servers };
      return;
    }
    const endpoints = await this.#resolveAll(servers);
    if (this.#closed) return;
    // After a start() that resolved nothing, this is the real start.
    if (this.#core) this.#core.setServers(endpoints, this.#local());
    else this.#core = new NtpClientCore({ ...this.#options, servers: endpoints }, this.#local());
    this.#pump();
  }

  async #resolveAll(servers: (string | NtpServerSpec)[]): Promise<NtpEndpoint[]> {
    const max = this.#options.maxAddressesPerName ?? 4;
    const resolve = this.#options.resolve ?? dnsResolver(this.#transport, this.#clock);
    const endpoints: NtpEndpoint[] = [];
    let lastError: unknown;
    for (const spec of servers) {
      const { host, port } = parseServerSpec(spec);
      try {
        for (const e of await resolveServer(host, port, resolve, max)) {
          if (!endpoints.some((x) => x.hostname === e.hostname && x.port === e.port)) {
            endpoints.push(e);
          }
        }
      } catch (e) {
        lastError = e;
      }
    }
    if (endpoints.length === 0) {
      throw new NtpError(
        "ENOSERVERS",
        "No NTP server could be resolved",
        lastError ? { cause: lastError } : undefined,
      );
    }
    return endpoints.slice(0, 64);
  }

  /** The latest successful round (chosen server, sample, agreement), or undefined. */
  get lastSync(): NtpSyncEvent | undefined {
    return this.#lastSync;
  }

  /**
   * Waits for the first synchronisation.
   * @param options `timeoutMs` (rejects with `NtpError` `ETIMEOUT`) and `signal`.
   * @returns Resolves when synchronised; rejects with `NtpError` `ECLOSED`
   *   when the client is closed first, or `ENOSERVERS` when every server
   *   refused service.
   */
  whenSynchronized(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    if (this.synchronized) return Promise.resolve();
    if (this.#closed) return Promise.reject(new NtpError("ECLOSED", "The NTP client is closed"));
    if (this.#core?.stopped) {
      return Promise.reject(
        new NtpError("ENOSERVERS", "Every NTP server refused service (DENY/RSTR)"),
      );
    }
    return new Promise((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const done = (error?: unknown) => {
        this.#waiters.delete(onSync);
        options.signal?.removeEventListener("abort", onAbort);
        if (timer !== undefined) this.#clock.clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onSync = (error?: unknown) => done(error);
      const onAbort = () => done(options.signal?.reason);
      this.#waiters.add(onSync);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.timeoutMs !== undefined) {
        timer = this.#clock.setTimeout(
          () => done(new NtpError("ETIMEOUT", `Not synchronised within ${options.timeoutMs} ms`)),
          options.timeoutMs,
        );
      }
    });
  }

  #pump(): void {
    const core = this.#core;
    if (!core || this.#closed) return;
    const now = this.#local();
    core.handleTimeout(now);
    for (let e = core.pollEvent(); e; e = core.pollEvent()) this.#emit(e);
    if (this.#binding) return; // #sendDue() pumps again when done
    if (core.peekTransmit(now)) {
      this.#track(this.#sendDue());
      return;
    }
    const next = core.pollTimeout();
    this.#schedule(next === undefined ? Infinity : Math.max(next, now));
  }

  #track(p: Promise<void>): void {
    this.#loops.add(p);
    p.finally(() => this.#loops.delete(p)).catch(() => {});
  }

  /**
   * Sends every due request, each from a fresh socket (a new random source
   * port per request, RFC 9109), bound before the request is stamped so the
   * bind time does not bias the offset.
   */
  async #sendDue(): Promise<void> {
    this.#binding = true;
    try {
      for (let i = 0; i < 256 && !this.#closed && this.#core; i++) {
        const to = this.#core.peekTransmit(this.#local());
        if (!to) break;
        const family = to.hostname.includes(":") ? 6 : 4;
        let socket: DatagramSocket;
        try {
          socket = await this.#transport.bindDatagram({ family });
        } catch {
          // No socket: take the request anyway so it times out and backs off.
          this.#core.pollTransmit(this.#local());
          continue;
        }
        const t = this.#closed ? undefined : this.#core.pollTransmit(this.#local());
        if (!t) {
          await socket.close();
          continue;
        }
        this.#inflight.add(socket);
        this.#track(this.#receive(socket, t.to));
        socket.send(t.bytes, t.to).catch(() => {
          // A failed send shows up as a timeout of that request.
          void socket.close();
        });
      }
    } finally {
      this.#binding = false;
      this.#pump();
    }
  }

  /** Feeds replies on a request's socket to the core until the server answers or time is up. */
  async #receive(socket: DatagramSocket, to: NtpEndpoint): Promise<void> {
    const timer = this.#clock.setTimeout(
      () => void socket.close(),
      (this.#options.timeoutMs ?? 2000) + 1,
    );
    try {
      for await (const d of socket) {
        if (this.#closed || !this.#core) break;
        const from = { hostname: d.remote.hostname, port: d.remote.port };
        this.#core.handleDatagram(d.data, from, this.#local());
        this.#pump();
        if (from.port === to.port && from.hostname === to.hostname) break;
      }
    } catch {
      // Closed or failed: the core times the request out.
    } finally {
      this.#clock.clearTimeout(timer);
      this.#inflight.delete(socket);
      await socket.close();
    }
  }

  #schedule(at: number): void {
    if (at === this.#timerAt && this.#timer !== undefined) return;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = at;
    if (at === Infinity || this.#closed) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.#pump();
    }, Math.max(0, at - this.#local()));
  }

  #emit(e: NtpClientEvent): void {
    try {
      this.#options.onEvent?.(e);
    } catch {
      // A throwing listener must not stop the client.
    }
    if (e.type === "sync") {
      this.#lastSync = e;
      if (e.first) {
        this.dispatchEvent(new Event("synchronized"));
        for (const w of [...this.#waiters]) w();
      }
      this.dispatchEvent(new CustomEvent("sync", { detail: e }));
    } else if (e.type === "round-failed") {
      if (e.error.code === "ENOSERVERS") { for (const w of [...this.#waiters]) w(e.error); }
      this.dispatchEvent(new CustomEvent("ntperror", { detail: e }));
    }
  }

  /**
   * Stops polling and closes the sockets. Idempotent.
   * @returns Resolves when everything is released.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const closed = new NtpError("ECLOSED", "The NTP client is closed");
    for (const w of [...this.#waiters]) w(closed);
    await Promise.all([...this.#inflight].map((s) => s.close()));
    await Promise.all([...this.#loops]);
  }
}
