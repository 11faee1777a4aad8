// Copyright 2026 the wirekit authors. MIT license.
// Bun adapter: node:net / node:tls (the portable baseline) for streams, and
// Bun.udpSocket for UDP when available, else node:dgram.
import { AsyncQueue, iterateUntilClosed } from "../_queue.ts";
import { toNetError } from "../_errors.ts";
import {
  type Datagram,
  type DatagramBindOptions,
  type DatagramSocket,
  type DatagramTarget,
  type NetAddress,
  NetError,
  type NetTransport,
  type ReceiveOptions,
} from "../types.ts";
import * as baseline from "./node.ts";

interface BunUdpSocket {
  send(data: Uint8Array, port: number, address: string): boolean;
  setBroadcast(on: boolean): boolean;
  close(): void;
  readonly address: { address: string; family: string; port: number };
  readonly port: number;
}

interface BunUdpHandlers {
  data(socket: BunUdpSocket, data: Uint8Array, port: number, address: string): void;
  drain?(socket: BunUdpSocket): void;
  error?(socket: BunUdpSocket, error: Error): void;
}

interface BunNamespace {
  udpSocket?(options: {
    hostname?: string;
    port?: number;
    binaryType?: "uint8array";
    socket: BunUdpHandlers;
  }): Promise<BunUdpSocket>;
}

function bunNamespace(): BunNamespace | undefined {
  return (globalThis as { Bun?: BunNamespace }).Bun;
}

/** Whether the Bun.udpSocket fast path is usable in this process. */
export function hasNativeDatagram(): boolean {
  return typeof bunNamespace()?.udpSocket === "function";
}

class BunDatagramSocket implements DatagramSocket {
  #sock: BunUdpSocket | undefined;
  #queue: AsyncQueue<Datagram>;
  #dropped = 0;
  #closed = false;
  #drainWaiters: (() => void)[] = [];
  #broadcast = false;
  #local: NetAddress | undefined;
  #bound: NetAddress;

  /** @param bound The address asked for (see {@linkcode baseline.LAZY_LOCAL}). */
  constructor(max: number, bound: NetAddress) {
    this.#queue = new AsyncQueue<Datagram>(max);
    this.#bound = bound;
  }

  attach(sock: BunUdpSocket, lazyLocal: boolean): void {
    this.#sock = sock;
    if (!lazyLocal) this.#local = this.#readLocal();
  }

  get local(): NetAddress {
    return this.#local ??= this.#readLocal();
  }

  #readLocal(): NetAddress {
    // Each read of `address` is a getsockname call: read it once.
    try {
      const a = this.#sock!.address;
      return { hostname: a.address, port: a.port, family: a.family === "IPv6" ? 6 : 4 };
    } catch {
      // A LAZY_LOCAL socket read only after closing (its creator promised not to).
      return this.#bound;
    }
  }

  onData(data: Uint8Array, port: number, hostname: string): void {
    // The runtime reports an IP literal: a colon is all that tells IPv6.
    const remote: NetAddress = { hostname, port, family: hostname.includes(":") ? 6 : 4 };
    if (!this.#queue.push({ data, remote })) this.#dropped++;
  }

  onDrain(): void {
    const ws = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of ws) w();
  }

  get dropped(): number {
    return this.#dropped;
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(data: Uint8Array, to: DatagramTarget): Promise<void> {
    const refused = baseline.precheckSend(to, this.#broadcast, this.#closed);
    if (refused) return refused;
    // Fast path, no async function: the datagram usually goes out at once.
    if (this.#sock) {
      try {
        if (this.#sock.send(data, to.port, to.hostname)) return Promise.resolve();
      } catch (e) {
        return Promise.reject(toNetError(e, `Send to ${to.hostname}:${to.port} failed`));
      }
    }
    // Not sent (socket buffer full): wait for drain and retry.
    return this.#send(data, to);
  }

  async #send(data: Uint8Array, to: DatagramTarget): Promise<void> {
    for (let tries = 0;; tries++) {
      if (this.#closed || !this.#sock) throw new NetError("ECLOSED", "Datagram socket is closed");
      let ok: boolean;
      try {
        ok = this.#sock.send(data, to.port, to.hostname);
      } catch (e) {
        throw toNetError(e, `Send to ${to.hostname}:${to.port} failed`);
      }
      if (ok) return;
      if (tries >= 100) {
        throw new NetError("EIO", `Send to ${to.hostname}:${to.port} stayed blocked`);
      }
      await new Promise<void>((resolve) => this.#drainWaiters.push(resolve));
    }
  }

  receive(options?: ReceiveOptions): Promise<Datagram> {
    return this.#queue.shift(options);
  }

  setBroadcast(on: boolean): void {
    if (this.#closed || !this.#sock) throw new NetError("ECLOSED", "Datagram socket is closed");
    try {
      this.#sock.setBroadcast(on);
      this.#broadcast = on;
    } catch (e) {
      throw toNetError(e, "setBroadcast failed");
    }
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#queue.drain();
      this.#queue.close(() => new NetError("ECLOSED", "Datagram socket is closed"));
      this.onDrain();
      try {
        this.#sock?.close();
      } catch { /* already closed */ }
    }
    return Promise.resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<Datagram> {
    return iterateUntilClosed(() => this.receive());
  }
}

/**
 * Binds a UDP socket: Bun.udpSocket when available, else node:dgram.
 * @param options Local address and socket options.
 * @returns The bound socket.
 */
export function bindDatagram(options: DatagramBindOptions = {}): Promise<DatagramSocket> {
  const B = bunNamespace();
  // Bun.udpSocket has no SO_REUSEADDR option: such binds use node:dgram.
  if (!B?.udpSocket || options.reuseAddress) return baseline.bindDatagram(options);
  let bound: ReturnType<typeof baseline.resolveBindOptions>;
  try {
    bound = baseline.resolveBindOptions(options);
  } catch (e) {
    return Promise.reject(e);
  }
  const { hostname, port, family, max } = bound;
  const s = new BunDatagramSocket(max, { hostname, port, family });
  // A promise chain, not an async function: one hop less per bind.
  let opened: Promise<BunUdpSocket>;
  try {
    opened = B.udpSocket({
      hostname,
      port,
      binaryType: "uint8array",
      socket: {
        data: (_sock, data, rport, raddr) => s.onData(data, rport, raddr),
        drain: () => s.onDrain(),
        error: () => {},
      },
    });
  } catch (e) {
    return Promise.reject(toNetError(e, `Bind ${hostname}:${port} failed`));
  }
  return opened.then((sock) => {
    s.attach(sock, baseline.wantsLazyLocal(options));
    if (options.broadcast) s.setBroadcast(true);
    return s;
  }, (e) => {
    throw toNetError(e, `Bind ${hostname}:${port} failed`);
  });
}

// Streams use the node:net / node:tls baseline, which behaves the same in every runtime.
export { connect, listen } from "./node.ts";

/** The Bun transports. */
export const transport: NetTransport = {
  name: "bun",
  bindDatagram,
  connect: baseline.connect,
  listen: baseline.listen,
};

// The system helpers behave the same on node:fs and node:child_process in
// every runtime, so this adapter uses the baseline's.
export { readAttributeFiles, readSystemFile, runCommand, writeSystemFile } from "./node.ts";
