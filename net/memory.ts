// Copyright 2026 the wirekit authors. MIT license.
// An in-memory network and a fake clock, for testing drivers without
// sockets or real time.
import { ipFamily } from "../_internal/ip.ts";
import { AsyncQueue, iterateUntilClosed } from "./_queue.ts";
import {
  type ConnectOptions,
  type Datagram,
  type DatagramBindOptions,
  type DatagramSocket,
  type DatagramTarget,
  type ListenOptions,
  type NetAddress,
  type NetClock,
  NetError,
  type NetTransport,
  type ReceiveOptions,
  type StreamConnection,
  type StreamListener,
  type TimerHandle,
} from "./types.ts";

/** A datagram in flight on a {@linkcode MemoryNetwork}. */
export interface MemoryPacket {
  /** Sender. */
  from: NetAddress;
  /** Destination as given to `send()`. */
  to: NetAddress;
  /** Payload (a copy of what was sent). */
  data: Uint8Array;
}

/** Options for {@linkcode MemoryNetwork}. */
export interface MemoryNetworkOptions {
  /**
   * Called for every datagram sent; return false to drop it (loss tests),
   * or inspect it (capture tests).
   * @default {deliver everything}
   */
  filter?: (packet: MemoryPacket) => boolean;
  /**
   * First ephemeral port handed out for port 0.
   * @default {49152}
   */
  firstEphemeralPort?: number;
}

const BROADCAST = "255.255.255.255";

function isWildcard(h: string): boolean {
  return h === "0.0.0.0" || h === "::";
}

class MemoryDatagramSocket implements DatagramSocket {
  #net: MemoryNetwork;
  #queue: AsyncQueue<Datagram>;
  #dropped = 0;
  #closed = false;
  broadcast: boolean;
  readonly reuse: boolean;
  readonly local: NetAddress;

  constructor(
    net: MemoryNetwork,
    local: NetAddress,
    max: number,
    broadcast: boolean,
    reuse: boolean,
  ) {
    this.#net = net;
    this.local = local;
    this.#queue = new AsyncQueue<Datagram>(max);
    this.broadcast = broadcast;
    this.reuse = reuse;
  }

  deliver(d: Datagram): void {
    if (!this.#queue.push(d)) this.#dropped++;
  }

  get dropped(): number {
    return this.#dropped;
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(data: Uint8Array, to: DatagramTarget): Promise<void> {
    const f = ipFamily(to?.hostname ?? "");
    if (f === 0) {
      throw new TypeError(
        `Datagram target must be an IP literal, got ${JSON.stringify(to?.hostname)}`,
      );
    }
    if (!Number.isInteger(to.port) || to.port <= 0 || to.port > 65535) {
      throw new RangeError(`Invalid port ${JSON.stringify(to.port)}`);
    }
    if (this.#closed) return Promise.reject(new NetError("ECLOSED", "Datagram socket is closed"));
    if (to.hostname === BROADCAST && !this.broadcast) {
      return Promise.reject(new NetError("EACCES", "Broadcast is not enabled on this socket"));
    }
    this.#net._route(this, data.slice(), { hostname: to.hostname, port: to.port, family: f });
    return Promise.resolve();
  }

  receive(options?: ReceiveOptions): Promise<Datagram> {
    return this.#queue.shift(options);
  }

  setBroadcast(on: boolean): void {
    if (this.#closed) throw new NetError("ECLOSED", "Datagram socket is closed");
    this.broadcast = on;
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#queue.drain();
      this.#queue.close(() => new NetError("ECLOSED", "Datagram socket is closed"));
      this.#net._unbind(this);
    }
    return Promise.resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<Datagram> {
    return iterateUntilClosed(() => this.receive());
  }
}

function streamPair(
  a: NetAddress,
  b: NetAddress,
  isTls: boolean,
  alpn: string | null,
): [StreamConnection, StreamConnection] {
  const ab = new TransformStream<Uint8Array, Uint8Array>();
  const ba = new TransformStream<Uint8Array, Uint8Array>();
  let closedA = false;
  let closedB = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const end = (side: "a" | "b") => {
    if (side === "a") closedA = true;
    else closedB = true;
    for (const t of [ab, ba]) {
      t.writable.abort(new NetError("ECLOSED", "Connection is closed")).catch(() => {});
    }
    if (closedA || closedB) resolveClosed();
    return closed;
  };
  const make = (
    local: NetAddress,
    remote: NetAddress,
    out: TransformStream<Uint8Array, Uint8Array>,
    inp: TransformStream<Uint8Array, Uint8Array>,
    side: "a" | "b",
  ): StreamConnection => {
    // Copy each chunk so the writer may reuse its buffer, like a socket.
    let ctrl: TransformStreamDefaultController<Uint8Array> | undefined;
    const copy = new TransformStream<Uint8Array, Uint8Array>({
      start(c) {
        ctrl = c;
      },
      transform(chunk, c) {
        c.enqueue(chunk.slice());
      },
    });
    copy.readable.pipeTo(out.writable).catch(() => {});
    return {
      local,
      remote,
      readable: inp.readable,
      writable: copy.writable,
      tls: isTls,
      alpnProtocol: alpn,
      closed,
      async closeWrite(): Promise<void> {
        try {
          await copy.writable.close();
        } catch { /* already closed or locked by a writer */ }
      },
      close(): Promise<void> {
        // Like a FIN: the peer reads what was sent, then the end of the stream.
        try {
          ctrl?.terminate();
        } catch { /* already closed */ }
        inp.readable.cancel().catch(() => {});
        return end(side);
      },
    };
  };
  return [make(a, b, ab, ba, "a"), make(b, a, ba, ab, "b")];
}

class MemoryListener implements StreamListener {
  #net: MemoryNetwork;
  #queue: AsyncQueue<StreamConnection>;
  readonly local: NetAddress;
  readonly tlsAlpn: string[] | undefined;
  readonly isTls: boolean;

  constructor(net: MemoryNetwork, local: NetAddress, max: number, options: ListenOptions) {
    this.#net = net;
    this.local = local;
    this.#queue = new AsyncQueue<StreamConnection>(max);
    this.isTls = options.tls !== undefined;
    this.tlsAlpn = options.tls?.alpnProtocols;
  }

  offer(c: StreamConnection): boolean {
    return this.#queue.push(c);
  }

  accept(): Promise<StreamConnection> {
    return this.#queue.shift();
  }

  close(): Promise<void> {
    if (!this.#queue.closed) {
      this.#queue.close(() => new NetError("ECLOSED", "Listener is closed"));
      for (const c of this.#queue.drain()) c.close();
      this.#net._unlisten(this);
    }
    return Promise.resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamConnection> {
    return iterateUntilClosed(() => this.accept());
  }
}

/**
 * An in-memory network implementing {@linkcode NetTransport}: datagram
 * sockets and stream connections between endpoints of the same instance, no
 * real sockets. Datagrams are delivered on a microtask; a datagram to an
 * unbound port is lost (as with UDP); connecting to a port without listener
 * fails with `"ECONNREFUSED"`. Every address is local.
 *
 * @example Two datagram sockets
 * ```ts
 * import { MemoryNetwork } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * const net = new MemoryNetwork();
 * const server = await net.bindDatagram({ hostname: "127.0.0.1", port: 53 });
 * const client = await net.bindDatagram();
 * await client.send(Uint8Array.of(7), { hostname: "127.0.0.1", port: 53 });
 * const d = await server.receive();
 * assert.deepEqual([...d.data], [7]);
 * assert.equal(d.remote.port, client.local.port);
 * await client.close();
 * await server.close();
 * ```
 */
export class MemoryNetwork implements NetTransport {
  /** Always `"memory"`. */
  readonly name: string = "memory";
  #sockets = new Set<MemoryDatagramSocket>();
  #listeners = new Set<MemoryListener>();
  #nextPort: number;
  #filter: ((packet: MemoryPacket) => boolean) | undefined;
  /** Datagrams sent so far (including dropped ones). */
  sent = 0;

  /**
   * Makes an empty network.
   * @param options Packet filter and port allocation.
   */
  constructor(options: MemoryNetworkOptions = {}) {
    this.#filter = options.filter;
    this.#nextPort = options.firstEphemeralPort ?? 49152;
  }

  #portInUse(port: number, hostname: string, reuse: boolean): boolean {
    for (const s of this.#sockets) {
      if (s.local.port !== port) continue;
      if (s.local.hostname === hostname || isWildcard(s.local.hostname) || isWildcard(hostname)) {
        if (!(reuse && s.reuse)) return true;
      }
    }
    return false;
  }

  #ephemeral(check: (p: number) => boolean): number {
    for (let i = 0; i < 16384; i++) {
      const p = this.#nextPort;
      this.#nextPort = p >= 65535 ? 49152 : p + 1;
      if (!check(p)) return p;
    }
    throw new NetError("EADDRINUSE", "No free ephemeral port");
  }

  /**
   * Binds an in-memory datagram socket.
   * @param options Local address and options (as for real sockets).
   * @returns The socket.
   */
  bindDatagram(options: DatagramBindOptions = {}): Promise<DatagramSocket> {
    let family = options.family;
    if (options.hostname !== undefined) {
      const f = ipFamily(options.hostname);
      if (f === 0) {
        throw new TypeError(
          `Bind address must be an IP literal, got ${JSON.stringify(options.hostname)}`,
        );
      }
      family = f;
    }
    family ??= 4;
    const hostname = options.hostname ?? (family === 6 ? "::" : "0.0.0.0");
    const reuse = options.reuseAddress ?? false;
    let port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RangeError(`Invalid port ${port}`);
    }
    if (port === 0) port = this.#ephemeral((p) => this.#portInUse(p, hostname, false));
    else if (this.#portInUse(port, hostname, reuse)) {
      return Promise.reject(new NetError("EADDRINUSE", `Address ${hostname}:${port} is in use`));
    }
    const s = new MemoryDatagramSocket(
      this,
      { hostname, port, family },
      options.maxQueuedDatagrams ?? 1024,
      options.broadcast ?? false,
      reuse,
    );
    this.#sockets.add(s);
    return Promise.resolve(s);
  }

  /** @ignore */
  _unbind(s: MemoryDatagramSocket): void {
    this.#sockets.delete(s);
  }

  /** @ignore */
  _route(from: MemoryDatagramSocket, data: Uint8Array, to: NetAddress): void {
    const src: NetAddress = {
      hostname: isWildcard(from.local.hostname)
        ? (from.local.family === 6 ? "::1" : "127.0.0.1")
        : from.local.hostname,
      port: from.local.port,
      family: from.local.family,
    };
    this.sent++;
    if (this.#filter && !this.#filter({ from: src, to, data })) return;
    const targets: MemoryDatagramSocket[] = [];
    for (const s of this.#sockets) {
      if (s.local.port !== to.port || s.local.family !== to.family) continue;
      if (
        to.hostname === BROADCAST || isWildcard(s.local.hostname) ||
        s.local.hostname === to.hostname
      ) {
        targets.push(s);
      }
    }
    if (targets.length === 0) return;
    queueMicrotask(() => {
      for (const s of targets) {
        if (!s.closed) s.deliver({ data: targets.length > 1 ? data.slice() : data, remote: src });
      }
    });
  }

  /**
   * Connects to an in-memory listener.
   * @param options Peer and TLS options; `tls.alpnProtocols` is negotiated.
   * @returns The connection.
   */
  connect(options: ConnectOptions): Promise<StreamConnection> {
    if (typeof options?.hostname !== "string" || options.hostname === "") {
      throw new TypeError("connect() needs a hostname");
    }
    if (options.signal?.aborted) {
      return Promise.reject(
        new NetError("EABORTED", "Connect aborted", { cause: options.signal.reason }),
      );
    }
    const host = options.hostname === "localhost" ? "127.0.0.1" : options.hostname;
    let target: MemoryListener | undefined;
    for (const l of this.#listeners) {
      if (
        l.local.port === options.port && (l.local.hostname === host || isWildcard(l.local.hostname))
      ) {
        target = l;
        break;
      }
    }
    if (!target) {
      return Promise.reject(
        new NetError("ECONNREFUSED", `Connect to ${options.hostname}:${options.port} refused`),
      );
    }
    const useTls = options.tls !== undefined && options.tls !== false;
    if (useTls !== target.isTls) {
      return Promise.reject(new NetError("ETLS", "TLS mismatch between client and listener"));
    }
    let alpn: string | null = null;
    const offered = typeof options.tls === "object" ? options.tls.alpnProtocols : undefined;
    if (offered && target.tlsAlpn) alpn = target.tlsAlpn.find((p) => offered.includes(p)) ?? null;
    const f = ipFamily(host) === 6 ? 6 : 4;
    const local: NetAddress = {
      hostname: f === 6 ? "::1" : "127.0.0.1",
      port: this.#ephemeral(() => false),
      family: f,
    };
    const [client, server] = streamPair(local, { ...target.local }, useTls, alpn);
    if (!target.offer(server)) {
      server.close();
      return Promise.reject(new NetError("ECONNREFUSED", "Listener backlog is full"));
    }
    return Promise.resolve(client);
  }

  /**
   * Listens for in-memory connections.
   * @param options Local address, port and TLS options.
   * @returns The listener.
   */
  listen(options: ListenOptions = {}): Promise<StreamListener> {
    const hostname = options.hostname ?? "127.0.0.1";
    let port = options.port ?? 0;
    if (port === 0) {
      port = this.#ephemeral((p) => [...this.#listeners].some((l) => l.local.port === p));
    } else if ([...this.#listeners].some((l) => l.local.port === port)) {
      return Promise.reject(new NetError("EADDRINUSE", `Address ${hostname}:${port} is in use`));
    }
    const f = ipFamily(hostname) === 6 ? 6 : 4;
    const l = new MemoryListener(
      this,
      { hostname, port, family: f },
      options.maxQueuedConnections ?? 128,
      options,
    );
    this.#listeners.add(l);
    return Promise.resolve(l);
  }

  /** @ignore */
  _unlisten(l: MemoryListener): void {
    this.#listeners.delete(l);
  }
}

interface FakeTimer {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A manual clock implementing {@linkcode NetClock}: time moves only when
 * `advance()` is called, which runs the timers that fall due, in order.
 *
 * @example Timers fire on advance
 * ```ts
 * import { FakeClock } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * const clock = new FakeClock(1000);
 * const fired: number[] = [];
 * clock.setTimeout(() => fired.push(clock.now()), 50);
 * clock.advance(49);
 * assert.deepEqual(fired, []);
 * clock.advance(1);
 * assert.deepEqual(fired, [1050]);
 * ```
 */
export class FakeClock implements NetClock {
  #now: number;
  #timers: FakeTimer[] = [];
  #nextId = 1;

  /**
   * Makes a clock standing at `start`.
   * @param start Initial time in milliseconds.
   */
  constructor(start = 0) {
    this.#now = start;
  }

  /**
   * Current fake time.
   * @returns Milliseconds.
   */
  now(): number {
    return this.#now;
  }

  /**
   * Schedules `fn` at `now() + ms`.
   * @param fn Callback.
   * @param ms Delay (negative counts as 0).
   * @returns Handle.
   */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t: FakeTimer = { id: this.#nextId++, at: this.#now + Math.max(0, ms || 0), fn };
    this.#timers.push(t);
    return t.id;
  }

  /**
   * Cancels a timer.
   * @param handle Handle from `setTimeout`.
   */
  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /**
   * When the next timer fires, if any.
   * @returns Fake time in milliseconds, or undefined.
   */
  nextTimerAt(): number | undefined {
    let min: number | undefined;
    for (const t of this.#timers) if (min === undefined || t.at < min) min = t.at;
    return min;
  }

  /**
   * Moves time forward by `ms`, firing due timers in time order (timers they
   * schedule fire too when due within the same advance).
   * @param ms Milliseconds (>= 0).
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`Cannot advance by ${ms}`);
    const target = this.#now + ms;
    for (let guard = 0; guard < 1_000_000; guard++) {
      let next: FakeTimer | undefined;
      for (const t of this.#timers) {
        if (
          t.at <= target &&
          (next === undefined || t.at < next.at || (t.at === next.at && t.id < next.id))
        ) {
          next = t;
        }
      }
      if (!next) break;
      this.#timers.splice(this.#timers.indexOf(next), 1);
      this.#now = next.at;
      next.fn();
    }
    this.#now = target;
  }
}
