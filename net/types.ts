// Copyright 2026 the wirekit authors. MIT license.
// Runtime-neutral contracts of the transports: every adapter in net/_runtime/
// and the in-memory network in net/memory.ts implement NetTransport.
import { WirekitError, type WirekitErrorOptions } from "../_internal/errors.ts";

// The base class is public API of every module error (instanceof checks).
export { WirekitError, type WirekitErrorOptions };

/**
 * Failure kinds of {@linkcode NetError}:
 * - `ECONNREFUSED`, `ECONNRESET`: the peer refused or reset the connection;
 * - `ETIMEOUT`: a connect or receive deadline passed;
 * - `EABORTED`: the caller's `AbortSignal` fired;
 * - `ECLOSED`: the socket, connection or listener is closed;
 * - `EADDRINUSE`, `EADDRNOTAVAIL`: the local address cannot be bound;
 * - `EACCES`, `EPERM`: the operating system refused (privileged port, broadcast not enabled, firewall);
 * - `ENETUNREACH`, `EHOSTUNREACH`: no route to the peer;
 * - `ENOTFOUND`: a host name did not resolve (stream connections only);
 * - `EMSGSIZE`: a datagram is too large to send;
 * - `ETLS`: the TLS handshake failed (certificate, name, protocol);
 * - `EIO`: any other I/O failure (see `cause`).
 */
export type NetErrorCode =
  | "ECONNREFUSED"
  | "ECONNRESET"
  | "ETIMEOUT"
  | "EABORTED"
  | "ECLOSED"
  | "EADDRINUSE"
  | "EADDRNOTAVAIL"
  | "EACCES"
  | "EPERM"
  | "ENETUNREACH"
  | "EHOSTUNREACH"
  | "ENOTFOUND"
  | "EMSGSIZE"
  | "ETLS"
  | "EIO";

/**
 * A transport failure, the same in every runtime.
 *
 * @example Checking the code
 * ```ts
 * import { NetError } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * const e = new NetError("ECLOSED", "Socket is closed");
 * assert.equal(e.code, "ECLOSED");
 * assert.ok(e instanceof Error);
 * ```
 */
export class NetError extends WirekitError<NetErrorCode> {
  /**
   * Makes a transport failure.
   * @param code Failure kind.
   * @param message Human-readable text.
   * @param options Optional `cause`.
   */
  constructor(code: NetErrorCode, message: string, options?: WirekitErrorOptions) {
    super(code, message, options);
  }
}

/** An IP endpoint. `hostname` is always an IP address literal here. */
export interface NetAddress {
  /** IP address literal (`"127.0.0.1"`, `"::1"`). */
  hostname: string;
  /** Port number. */
  port: number;
  /** Address family. */
  family: 4 | 6;
}

/** Where to send a datagram. */
export interface DatagramTarget {
  /** IP address literal of the peer (no name lookup is done by transports). */
  hostname: string;
  /** UDP port of the peer. */
  port: number;
}

/** One received datagram. */
export interface Datagram {
  /** Payload (owned by the receiver; never reused by the transport). */
  data: Uint8Array;
  /** Sender address. */
  remote: NetAddress;
}

/** Options for {@linkcode NetTransport.bindDatagram}. */
export interface DatagramBindOptions {
  /**
   * Local IP address to bind.
   * @default {"0.0.0.0" for family 4, "::" for family 6}
   */
  hostname?: string;
  /**
   * Local port; 0 picks a free ephemeral port.
   * @default {0}
   */
  port?: number;
  /**
   * Address family; inferred from `hostname` when it is an IP literal.
   * @default {4}
   */
  family?: 4 | 6;
  /**
   * Allow several sockets to bind the same address and port (SO_REUSEADDR).
   * @default {false}
   */
  reuseAddress?: boolean;
  /**
   * Allow sending to broadcast addresses (SO_BROADCAST).
   * @default {false}
   */
  broadcast?: boolean;
  /**
   * Received datagrams kept while nobody calls `receive()`; newer datagrams
   * beyond this are dropped and counted in `dropped`.
   * @default {1024}
   */
  maxQueuedDatagrams?: number;
}

/** Options for {@linkcode DatagramSocket.receive}. */
export interface ReceiveOptions {
  /** Abort the wait (rejects with `NetError` `"EABORTED"`). */
  signal?: AbortSignal;
  /** Give up after this many milliseconds (rejects with `NetError` `"ETIMEOUT"`). */
  timeoutMs?: number;
}

/**
 * A bound UDP socket.
 *
 * Receiving is pull-based: `await socket.receive()` returns the next datagram
 * (queued datagrams first), and `for await (const d of socket)` does the same
 * in a loop that ends when the socket is closed. Datagrams that arrive while
 * nobody is waiting are queued up to `maxQueuedDatagrams`.
 */
export interface DatagramSocket extends AsyncIterable<Datagram> {
  /** The bound local address (with the real port when 0 was asked). */
  readonly local: NetAddress;
  /** Datagrams dropped because the receive queue was full. */
  readonly dropped: number;
  /** True once `close()` was called. */
  readonly closed: boolean;
  /**
   * Sends one datagram.
   * @param data Payload.
   * @param to Peer address (IP literal and port).
   * @returns Resolves when the datagram was handed to the operating system.
   */
  send(data: Uint8Array, to: DatagramTarget): Promise<void>;
  /**
   * Waits for the next datagram.
   * @param options Deadline and abort signal.
   * @returns The datagram; rejects with `NetError` `"ECLOSED"` once closed.
   */
  receive(options?: ReceiveOptions): Promise<Datagram>;
  /**
   * Enables or disables sending to broadcast addresses.
   * @param on New state.
   */
  setBroadcast(on: boolean): void;
  /**
   * Closes the socket; pending `receive()` calls reject with `"ECLOSED"`.
   * Idempotent.
   * @returns Resolves when the socket is released.
   */
  close(): Promise<void>;
}

/** TLS options of a client connection. */
export interface TlsClientOptions {
  /**
   * Name sent as SNI and checked against the certificate.
   * @default {the connect hostname, when it is not an IP literal}
   */
  serverName?: string;
  /** ALPN protocols offered, most preferred first (e.g. `["h2", "http/1.1"]`). */
  alpnProtocols?: string[];
  /**
   * PEM certificates trusted instead of the system store.
   * @default {the system trust store}
   */
  caCerts?: string[];
  /**
   * Verify the server certificate chain and name; set false only in tests.
   * @default {true}
   */
  verify?: boolean;
}

/** Options for {@linkcode NetTransport.connect}. */
export interface ConnectOptions {
  /** Host name or IP literal of the peer. */
  hostname: string;
  /** TCP port of the peer. */
  port: number;
  /**
   * Connect (and TLS handshake) deadline in milliseconds.
   * @default {10000}
   */
  timeoutMs?: number;
  /** Abort the connect (rejects with `NetError` `"EABORTED"`). */
  signal?: AbortSignal;
  /**
   * Use TLS; `true` means default options.
   * @default {false}
   */
  tls?: boolean | TlsClientOptions;
  /**
   * Disable Nagle's algorithm.
   * @default {true}
   */
  noDelay?: boolean;
}

/**
 * A connected byte stream (TCP, optionally TLS).
 *
 * `readable` ends when the peer half-closes or the connection is closed;
 * closing `writable` (or `closeWrite()`) sends FIN while reading continues.
 */
export interface StreamConnection {
  /** Local address. */
  readonly local: NetAddress;
  /** Peer address. */
  readonly remote: NetAddress;
  /** Bytes from the peer. */
  readonly readable: ReadableStream<Uint8Array>;
  /** Bytes to the peer; each write resolves once handed to the OS. */
  readonly writable: WritableStream<Uint8Array>;
  /** Whether the connection is TLS. */
  readonly tls: boolean;
  /** ALPN protocol agreed in the TLS handshake, or null. */
  readonly alpnProtocol: string | null;
  /** Resolves once the connection is fully closed. */
  readonly closed: Promise<void>;
  /**
   * Half-closes: sends FIN after pending writes; reading continues.
   * @returns Resolves when the FIN was queued.
   */
  closeWrite(): Promise<void>;
  /**
   * Closes both directions at once (pending writes may be lost). Idempotent.
   * @returns Resolves when the socket is released.
   */
  close(): Promise<void>;
}

/** TLS options of a listener. */
export interface TlsServerOptions {
  /** PEM certificate chain (leaf first). */
  certChain: string;
  /** PEM private key. */
  privateKey: string;
  /** ALPN protocols accepted, most preferred first. */
  alpnProtocols?: string[];
}

/** Options for {@linkcode NetTransport.listen}. */
export interface ListenOptions {
  /**
   * Local IP address to listen on.
   * @default {"127.0.0.1"}
   */
  hostname?: string;
  /**
   * Port; 0 picks a free one.
   * @default {0}
   */
  port?: number;
  /** Serve TLS with this certificate. */
  tls?: TlsServerOptions;
  /**
   * Accepted connections kept while nobody calls `accept()`; more are closed.
   * @default {128}
   */
  maxQueuedConnections?: number;
}

/**
 * A listening TCP (or TLS) socket. `accept()` or `for await` yields
 * connections; the loop ends when the listener is closed.
 */
export interface StreamListener extends AsyncIterable<StreamConnection> {
  /** The bound local address. */
  readonly local: NetAddress;
  /**
   * Waits for the next connection.
   * @returns The connection; rejects with `NetError` `"ECLOSED"` once closed.
   */
  accept(): Promise<StreamConnection>;
  /**
   * Stops listening (accepted connections stay open). Idempotent.
   * @returns Resolves when the port is released.
   */
  close(): Promise<void>;
}

/**
 * A set of transports: what drivers take as an option so tests can pass
 * {@linkcode MemoryNetwork} instead of the real network.
 */
export interface NetTransport {
  /** Which implementation this is (`"node"`, `"deno"`, `"bun"`, `"memory"`). */
  readonly name: string;
  /**
   * Binds a UDP socket.
   * @param options Local address and socket options.
   * @returns The bound socket.
   */
  bindDatagram(options?: DatagramBindOptions): Promise<DatagramSocket>;
  /**
   * Opens a TCP (or TLS) connection.
   * @param options Peer, deadline and TLS options.
   * @returns The connection, after the TLS handshake when TLS is used.
   */
  connect(options: ConnectOptions): Promise<StreamConnection>;
  /**
   * Listens for TCP (or TLS) connections.
   * @param options Local address and TLS options.
   * @returns The listener.
   */
  listen(options?: ListenOptions): Promise<StreamListener>;
}

/** An opaque timer handle of a {@linkcode NetClock}. */
export type TimerHandle = unknown;

/** Time source and timers used by drivers, so tests can pass a fake clock. */
export interface NetClock {
  /**
   * Current time in milliseconds (monotonic where possible).
   * @returns Milliseconds.
   */
  now(): number;
  /**
   * Calls `fn` once after `ms` milliseconds.
   * @param fn Callback.
   * @param ms Delay.
   * @returns Handle for `clearTimeout`.
   */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /**
   * Cancels a timer.
   * @param handle Handle from `setTimeout`.
   */
  clearTimeout(handle: TimerHandle): void;
}
