// Copyright 2026 the wirekit authors. MIT license.
// Deno adapter: node:net / node:tls (the portable baseline) for streams, and
// Deno.listenDatagram for UDP when it is available (it needs the "net"
// unstable flag), else node:dgram.
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

interface DenoNetAddr {
  transport: string;
  hostname: string;
  port: number;
}

interface DenoDatagramConn {
  receive(p?: Uint8Array): Promise<[Uint8Array, DenoNetAddr]>;
  send(p: Uint8Array, addr: DenoNetAddr): Promise<number>;
  close(): void;
  readonly addr: DenoNetAddr;
}

interface DenoNamespace {
  listenDatagram?(options: {
    transport: "udp";
    hostname: string;
    port: number;
    reuseAddress?: boolean;
  }): DenoDatagramConn;
}

function denoNamespace(): DenoNamespace | undefined {
  return (globalThis as { Deno?: DenoNamespace }).Deno;
}

/** Whether the Deno.listenDatagram fast path is usable in this process. */
export function hasNativeDatagram(): boolean {
  try {
    return typeof denoNamespace()?.listenDatagram === "function";
  } catch {
    return false;
  }
}

function toAddress(a: DenoNetAddr): NetAddress {
  return { hostname: a.hostname, port: a.port, family: a.hostname.includes(":") ? 6 : 4 };
}

class DenoDatagramSocket implements DatagramSocket {
  #conn: DenoDatagramConn;
  #queue: AsyncQueue<Datagram>;
  #dropped = 0;
  #closed = false;
  #broadcast = false;
  readonly local: NetAddress;

  #delivering = false;
  #servedLast = false;

  constructor(conn: DenoDatagramConn, max: number) {
    this.#conn = conn;
    this.#queue = new AsyncQueue<Datagram>(max, (waiting) => {
      if (!waiting && this.#delivering) this.#servedLast = true;
    });
    this.local = toAddress(conn.addr);
    this.#pump();
  }

  async #pump(): Promise<void> {
    while (!this.#closed) {
      let got: [Uint8Array, DenoNetAddr];
      try {
        got = await this.#conn.receive();
      } catch {
        if (this.#closed) return;
        continue;
      }
      this.#delivering = true;
      if (!this.#queue.push({ data: got[0], remote: toAddress(got[1]) })) this.#dropped++;
      this.#delivering = false;
      if (this.#servedLast) {
        // The datagram satisfied the last waiting receive(): let its
        // continuation run before re-arming, so that a close() there (as in
        // queryNtp) finds no receive to cancel, which costs an error with a
        // stack trace. Waits one microtask.
        this.#servedLast = false;
        await undefined;
      }
    }
  }

  get dropped(): number {
    return this.#dropped;
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(data: Uint8Array, to: DatagramTarget): Promise<void> {
    return baseline.precheckSend(to, this.#broadcast, this.#closed) ?? this.#send(data, to);
  }

  async #send(data: Uint8Array, to: DatagramTarget): Promise<void> {
    try {
      await this.#conn.send(data, { transport: "udp", hostname: to.hostname, port: to.port });
    } catch (e) {
      throw toNetError(e, `Send to ${to.hostname}:${to.port} failed`);
    }
  }

  receive(options?: ReceiveOptions): Promise<Datagram> {
    return this.#queue.shift(options);
  }

  setBroadcast(on: boolean): void {
    if (this.#closed) throw new NetError("ECLOSED", "Datagram socket is closed");
    // Deno's UDP sockets always have SO_BROADCAST set; the flag is enforced
    // here for the limited broadcast address, like the other adapters.
    this.#broadcast = on;
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#queue.drain();
      this.#queue.close(() => new NetError("ECLOSED", "Datagram socket is closed"));
      try {
        this.#conn.close();
      } catch { /* already closed */ }
    }
    return Promise.resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<Datagram> {
    return iterateUntilClosed(() => this.receive());
  }
}

/**
 * Binds a UDP socket: Deno.listenDatagram when available, else node:dgram.
 * @param options Local address and socket options.
 * @returns The bound socket.
 */
export function bindDatagram(options: DatagramBindOptions = {}): Promise<DatagramSocket> {
  const D = denoNamespace();
  if (!hasNativeDatagram() || !D?.listenDatagram) {
    return baseline.bindDatagram(options, { deferRearm: true });
  }
  const { hostname, port, max } = baseline.resolveBindOptions(options);
  try {
    const conn = D.listenDatagram({
      transport: "udp",
      hostname,
      port,
      reuseAddress: options.reuseAddress ?? false,
    });
    const s = new DenoDatagramSocket(conn, max);
    if (options.broadcast) s.setBroadcast(true);
    return Promise.resolve(s);
  } catch (e) {
    return Promise.reject(toNetError(e, `Bind ${hostname}:${port} failed`));
  }
}

// Streams use the node:net / node:tls baseline, which behaves the same in every runtime.
export { connect, listen } from "./node.ts";

/** The Deno transports. */
export const transport: NetTransport = {
  name: "deno",
  bindDatagram,
  connect: baseline.connect,
  listen: baseline.listen,
};

// The system helpers behave the same on node:fs and node:child_process in
// every runtime, so this adapter uses the baseline's.
export { readAttributeFiles, readSystemFile, runCommand, writeSystemFile } from "./node.ts";
