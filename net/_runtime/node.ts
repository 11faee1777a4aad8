// Copyright 2026 the wirekit authors. MIT license.
// The portable baseline: node:dgram, node:net and node:tls behave the same in
// Node, Deno and Bun. The deno and bun adapters reuse it for everything they
// have no faster native path for.
import dgram from "node:dgram";
import net from "node:net";
import tls from "node:tls";
import { ipFamily } from "../../_internal/ip.ts";
import { AsyncQueue, iterateUntilClosed } from "../_queue.ts";
import { toNetError } from "../_errors.ts";
import { isPermissionError } from "./fs.ts";
import {
  type ConnectOptions,
  type Datagram,
  type DatagramBindOptions,
  type DatagramSocket,
  type DatagramTarget,
  type ListenOptions,
  type NetAddress,
  NetError,
  type NetTransport,
  type ReceiveOptions,
  type StreamConnection,
  type StreamListener,
} from "../types.ts";

/** Checks and normalises datagram bind options (shared by every adapter). */
export function resolveBindOptions(
  options: DatagramBindOptions,
): { hostname: string; port: number; family: 4 | 6; max: number } {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`Invalid port ${JSON.stringify(port)}`);
  }
  let family = options.family;
  if (options.hostname !== undefined) {
    const f = ipFamily(options.hostname);
    if (f === 0) {
      throw new TypeError(
        `Bind address must be an IP literal, got ${JSON.stringify(options.hostname)}`,
      );
    }
    if (family !== undefined && family !== f) {
      throw new TypeError(`Bind address ${JSON.stringify(options.hostname)} is not IPv${family}`);
    }
    family = f;
  }
  family ??= 4;
  const hostname = options.hostname ?? (family === 6 ? "::" : "0.0.0.0");
  const max = options.maxQueuedDatagrams ?? 1024;
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`Invalid maxQueuedDatagrams ${max}`);
  return { hostname, port, family, max };
}

let lastTarget = "";
let lastTargetFamily: 4 | 6 = 4;

/**
 * Checks a datagram target (shared by every adapter). Sending to the limited
 * broadcast address without broadcast enabled fails with EACCES everywhere
 * (some runtimes report the kernel's EACCES as an unknown error).
 */
export function checkTarget(to: DatagramTarget, broadcast = true): 4 | 6 {
  const h = to?.hostname ?? "";
  // Parsing an IP literal allocates; a query loop sends to one address.
  const f = h === lastTarget ? lastTargetFamily : ipFamily(h);
  if (f !== 0) {
    lastTarget = h;
    lastTargetFamily = f;
  }
  if (f === 0) {
    throw new TypeError(
      `Datagram target must be an IP literal, got ${JSON.stringify(to?.hostname)}`,
    );
  }
  if (!Number.isInteger(to.port) || to.port <= 0 || to.port > 65535) {
    throw new RangeError(`Invalid port ${JSON.stringify(to.port)}`);
  }
  if (!broadcast && to.hostname === "255.255.255.255") {
    throw new NetError("EACCES", "Broadcast is not enabled on this socket");
  }
  return f;
}

/**
 * Validates a send: caller mistakes throw synchronously (TypeError,
 * RangeError); a closed socket or a refused broadcast give a rejected promise.
 */
export function precheckSend(
  to: DatagramTarget,
  broadcast: boolean,
  closed: boolean,
): Promise<never> | undefined {
  checkTarget(to);
  if (closed) return Promise.reject(new NetError("ECLOSED", "Datagram socket is closed"));
  if (!broadcast && to.hostname === "255.255.255.255") {
    return Promise.reject(new NetError("EACCES", "Broadcast is not enabled on this socket"));
  }
  return undefined;
}

function address(hostname: string | undefined, port: number | undefined): NetAddress {
  const h = hostname ?? "";
  const f = ipFamily(h);
  return { hostname: h, port: port ?? 0, family: f === 6 ? 6 : 4 };
}

/** An address reported by node:dgram, whose family comes with it (no parsing). */
function reported(hostname: string, port: number, family: string | number): NetAddress {
  return { hostname, port, family: family === "IPv6" || family === 6 ? 6 : 4 };
}

function view(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** The receive switch of a node:dgram socket's handle (internal, but the same in Node and Deno). */
interface ReceiveSwitch {
  recvStart(): unknown;
  recvStop(): unknown;
}

let stateSymbol: symbol | undefined;

/** The handle of a bound node:dgram socket, when it has the receive switch. */
function receiveSwitch(sock: dgram.Socket): ReceiveSwitch | undefined {
  try {
    // "kStateSymbol" in Deno, "state symbol" in Node and Bun.
    stateSymbol ??= Object.getOwnPropertySymbols(sock).find((s) =>
      s.description === "kStateSymbol" || s.description === "state symbol"
    );
    if (stateSymbol === undefined) return undefined;
    const h = (sock as unknown as Record<symbol, { handle?: Partial<ReceiveSwitch> }>)[stateSymbol]
      ?.handle;
    return typeof h?.recvStart === "function" && typeof h.recvStop === "function"
      ? h as ReceiveSwitch
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A bind hint, keyed by a registered symbol so that callers need not import
 * this file: `{ [Symbol.for("wirekit.net.lazyLocal")]: true }` promises that
 * the socket's `local` is not read after closing (a socket private to its
 * creator, as queryNtp's). The adapters then read the bound address on first
 * use instead of at bind: one getsockname call less for a socket whose
 * address nobody asks for. Other transports ignore it.
 */
export const LAZY_LOCAL: symbol = Symbol.for("wirekit.net.lazyLocal");

/** Whether bind options carry the {@linkcode LAZY_LOCAL} hint. */
export function wantsLazyLocal(options: DatagramBindOptions): boolean {
  return (options as Record<symbol, unknown>)[LAZY_LOCAL] === true;
}

/** Internal options of the baseline's {@linkcode bindDatagram}, set by other adapters. */
export interface BaselineDatagramOptions {
  /**
   * Re-arm the receive a microtask after a datagram that satisfied the last
   * waiting `receive()` (at once when somebody calls `receive()` again).
   * Deno's node:dgram re-arms right after each datagram, and a receive still
   * armed at `close()` is cancelled at a cost (a 64 KiB buffer, an op and a
   * rejection with a stack trace): about a third of a one-datagram exchange
   * that closes its socket in the reply's continuation, as queryNtp does.
   */
  deferRearm?: boolean;
}

class NodeDatagramSocket implements DatagramSocket {
  #sock: dgram.Socket;
  #queue: AsyncQueue<Datagram>;
  #dropped = 0;
  #closed = false;
  #broadcast = false;
  #closing: Promise<void> | undefined;
  #switch: ReceiveSwitch | undefined;
  #delivering = false;
  #servedLast = false;
  #paused = false;
  #local: NetAddress | undefined;
  #bound: NetAddress;

  /**
   * @param bound The address asked for; `local` reports it only for a
   *   LAZY_LOCAL socket read for the first time after closing.
   */
  constructor(
    sock: dgram.Socket,
    max: number,
    bound: NetAddress,
    lazyLocal = false,
    deferRearm = false,
  ) {
    this.#sock = sock;
    this.#bound = bound;
    this.#switch = deferRearm ? receiveSwitch(sock) : undefined;
    this.#queue = new AsyncQueue<Datagram>(
      max,
      this.#switch ? (waiting) => this.#onWaiting(waiting) : undefined,
    );
    if (!lazyLocal) this.#local = this.#readLocal();
    sock.on("message", (msg: Uint8Array, rinfo: dgram.RemoteInfo) => {
      const d: Datagram = {
        data: view(msg),
        remote: reported(rinfo.address, rinfo.port, rinfo.family),
      };
      this.#delivering = true;
      if (!this.#queue.push(d)) this.#dropped++;
      this.#delivering = false;
      if (this.#servedLast) this.#pause();
    });
  }

  /** With deferRearm: notes that a datagram served the last waiter; resumes for the next one. */
  #onWaiting(waiting: boolean): void {
    if (waiting) {
      this.#servedLast = false;
      if (this.#paused) this.#resume();
    } else if (this.#delivering) {
      this.#servedLast = true;
    }
  }

  /**
   * Runs inside the datagram's dispatch, after the waiter's continuation was
   * queued and before node:dgram re-arms: a close() in that continuation
   * then finds no receive to cancel. Receiving resumes a microtask later.
   */
  #pause(): void {
    this.#servedLast = false;
    if (this.#paused || this.#closed) return;
    try {
      this.#switch!.recvStop();
    } catch {
      return;
    }
    this.#paused = true;
    queueMicrotask(() => {
      if (this.#paused) this.#resume();
    });
  }

  #resume(): void {
    this.#paused = false;
    if (this.#closed) return;
    try {
      this.#switch!.recvStart();
    } catch { /* closed under us */ }
  }

  get local(): NetAddress {
    return this.#local ??= this.#readLocal();
  }

  #readLocal(): NetAddress {
    try {
      const a = this.#sock.address();
      return reported(a.address, a.port, a.family);
    } catch {
      // A LAZY_LOCAL socket read only after closing (its creator promised not to).
      return this.#bound;
    }
  }

  get dropped(): number {
    return this.#dropped;
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(data: Uint8Array, to: DatagramTarget): Promise<void> {
    const refused = precheckSend(to, this.#broadcast, this.#closed);
    if (refused) return refused;
    return new Promise((resolve, reject) => {
      try {
        this.#sock.send(data, to.port, to.hostname, (err) => {
          if (err) reject(toNetError(err, `Send to ${to.hostname}:${to.port} failed`));
          else resolve();
        });
      } catch (e) {
        reject(toNetError(e, `Send to ${to.hostname}:${to.port} failed`));
      }
    });
  }

  receive(options?: ReceiveOptions): Promise<Datagram> {
    return this.#queue.shift(options);
  }

  setBroadcast(on: boolean): void {
    if (this.#closed) throw new NetError("ECLOSED", "Datagram socket is closed");
    this.#sock.setBroadcast(on);
    this.#broadcast = on;
  }

  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closed = true;
    this.#queue.drain();
    this.#queue.close(() => new NetError("ECLOSED", "Datagram socket is closed"));
    // The descriptor is closed (the port released) inside close(); the
    // "close" event only follows a tick later, so there is nothing to wait for.
    try {
      this.#sock.close();
    } catch { /* already closed */ }
    this.#closing = Promise.resolve();
    return this.#closing;
  }

  [Symbol.asyncIterator](): AsyncIterator<Datagram> {
    return iterateUntilClosed(() => this.receive());
  }
}

/**
 * node:dgram resolves every bind and send address through `lookup`; here
 * they are IP literals already (checked by resolveBindOptions / checkTarget),
 * so answer at once instead of dns.lookup's deferred echo of the same literal
 * (a bind then completes synchronously and a send goes out without a tick).
 */
function literalLookup(
  address: string,
  _family: unknown,
  callback: (err: Error | null, address: string, family: number) => void,
): void {
  callback(null, address, address.includes(":") ? 6 : 4);
}

/**
 * Binds a UDP socket with node:dgram.
 * @param options Local address and socket options.
 * @param baseline Internal tuning chosen by the adapter that delegates here.
 * @returns The bound socket.
 */
export function bindDatagram(
  options: DatagramBindOptions = {},
  baseline: BaselineDatagramOptions = {},
): Promise<DatagramSocket> {
  // One promise, settled from the bind callback: no async-function hops.
  return new Promise<DatagramSocket>((resolve, reject) => {
    const { hostname, port, family, max } = resolveBindOptions(options);
    const sock = dgram.createSocket({
      type: family === 6 ? "udp6" : "udp4",
      reuseAddr: options.reuseAddress ?? false,
      lookup: literalLookup,
    });
    let bound = false;
    // One listener for the socket's life: a bind failure rejects; later
    // errors are reported through send() callbacks, and the listener keeps
    // the emitter from throwing them.
    sock.on("error", (e: Error) => {
      if (bound) return;
      bound = true;
      try {
        sock.close();
      } catch { /* already closed */ }
      reject(toNetError(e, `Bind ${hostname}:${port} failed`));
    });
    sock.bind({ address: hostname, port, exclusive: !options.reuseAddress }, () => {
      if (bound) return;
      bound = true;
      try {
        const s = new NodeDatagramSocket(
          sock,
          max,
          { hostname, port, family },
          wantsLazyLocal(options),
          baseline.deferRearm,
        );
        if (options.broadcast) s.setBroadcast(true);
        resolve(s);
      } catch (e) {
        try {
          sock.close();
        } catch { /* already closed */ }
        reject(toNetError(e, `Bind ${hostname}:${port} failed`));
      }
    });
  });
}

/** Wraps a connected node socket as a StreamConnection. */
export function wrapNodeSocket(sock: net.Socket, isTls: boolean): StreamConnection {
  let readDone = false;
  const readable = new ReadableStream<Uint8Array>({
    start(c) {
      const finish = () => {
        if (readDone) return;
        readDone = true;
        c.close();
      };
      sock.on("data", (chunk: Uint8Array) => {
        if (readDone) return;
        c.enqueue(view(chunk));
        if ((c.desiredSize ?? 1) <= 0) sock.pause();
      });
      sock.on("end", finish);
      sock.on("close", finish);
      sock.on("error", (e) => {
        if (readDone) return;
        readDone = true;
        c.error(toNetError(e, "Connection failed"));
      });
    },
    pull() {
      sock.resume();
    },
    cancel() {
      readDone = true;
      sock.destroy();
    },
  }, { highWaterMark: 4 });
  const writable = new WritableStream<Uint8Array>({
    write(chunk) {
      return new Promise<void>((resolve, reject) => {
        if (sock.destroyed) {
          reject(new NetError("ECLOSED", "Connection is closed"));
          return;
        }
        sock.write(chunk, (err) => err ? reject(toNetError(err, "Write failed")) : resolve());
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        if (sock.destroyed || sock.writableEnded) resolve();
        else sock.end(() => resolve());
      });
    },
    abort() {
      sock.destroy();
    },
  });
  const closed = new Promise<void>((resolve) => {
    if (sock.destroyed) resolve();
    else sock.once("close", () => resolve());
  });
  const tlsSock = isTls ? sock as tls.TLSSocket : undefined;
  const alpn = tlsSock?.alpnProtocol;
  return {
    local: address(sock.localAddress, sock.localPort),
    remote: address(sock.remoteAddress, sock.remotePort),
    readable,
    writable,
    tls: isTls,
    alpnProtocol: typeof alpn === "string" && alpn ? alpn : null,
    closed,
    closeWrite(): Promise<void> {
      return new Promise<void>((resolve) => {
        if (sock.destroyed || sock.writableEnded) resolve();
        else sock.end(() => resolve());
      });
    },
    close(): Promise<void> {
      sock.destroy();
      return closed;
    },
  };
}

function checkPort(port: unknown, allowZero: boolean): number {
  if (
    typeof port !== "number" || !Number.isInteger(port) || port < (allowZero ? 0 : 1) ||
    port > 65535
  ) {
    throw new RangeError(`Invalid port ${JSON.stringify(port)}`);
  }
  return port;
}

/**
 * Opens a TCP or TLS connection with node:net / node:tls.
 * @param options Peer, deadline and TLS options.
 * @returns The connection (after the TLS handshake).
 */
export function connect(options: ConnectOptions): Promise<StreamConnection> {
  const port = checkPort(options?.port, false);
  const host = options.hostname;
  if (typeof host !== "string" || host === "") throw new TypeError("connect() needs a hostname");
  const timeoutMs = options.timeoutMs ?? 10000;
  const signal = options.signal;
  const useTls = options.tls !== undefined && options.tls !== false;
  const t = typeof options.tls === "object" ? options.tls : {};
  if (signal?.aborted) {
    return Promise.reject(new NetError("EABORTED", "Connect aborted", { cause: signal.reason }));
  }
  return new Promise<StreamConnection>((resolve, reject) => {
    let sock: net.Socket;
    const what = `Connect to ${host}:${port} failed`;
    if (useTls) {
      const serverName = t.serverName ?? (ipFamily(host) === 0 ? host : undefined);
      sock = tls.connect({
        host,
        port,
        servername: serverName,
        ALPNProtocols: t.alpnProtocols,
        ca: t.caCerts,
        rejectUnauthorized: t.verify ?? true,
      });
    } else {
      sock = net.connect({ host, port, allowHalfOpen: true });
    }
    if (options.noDelay ?? true) sock.setNoDelay(true);
    let settled = false;
    const done = (e?: NetError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      sock.off("error", onError);
      if (e) {
        sock.destroy();
        reject(e);
      } else {
        resolve(wrapNodeSocket(sock, useTls));
      }
    };
    const onError = (e: Error) => done(toNetError(e, what));
    const onAbort = () =>
      done(new NetError("EABORTED", "Connect aborted", { cause: signal?.reason }));
    const timer = setTimeout(
      () =>
        done(
          new NetError("ETIMEOUT", `Connect to ${host}:${port} timed out after ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    signal?.addEventListener("abort", onAbort, { once: true });
    sock.on("error", onError);
    sock.once(useTls ? "secureConnect" : "connect", () => done());
  });
}

class NodeListener implements StreamListener {
  #server: net.Server;
  #queue: AsyncQueue<StreamConnection>;
  #closing: Promise<void> | undefined;
  readonly local: NetAddress;

  constructor(server: net.Server, isTls: boolean, max: number) {
    this.#server = server;
    this.#queue = new AsyncQueue<StreamConnection>(max);
    const a = server.address() as net.AddressInfo;
    this.local = address(a.address, a.port);
    server.on(isTls ? "secureConnection" : "connection", (sock: net.Socket) => {
      sock.setNoDelay(true);
      const c = wrapNodeSocket(sock, isTls);
      if (!this.#queue.push(c)) sock.destroy();
    });
    server.on("tlsClientError", () => {});
    server.on("error", () => {});
  }

  accept(): Promise<StreamConnection> {
    return this.#queue.shift();
  }

  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#queue.close(() => new NetError("ECLOSED", "Listener is closed"));
    for (const c of this.#queue.drain()) c.close();
    // server.close() stops listening at once; its callback waits for every
    // accepted connection, which stay open by contract, so do not wait for it.
    this.#server.close(() => {});
    this.#closing = Promise.resolve();
    return this.#closing;
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamConnection> {
    return iterateUntilClosed(() => this.accept());
  }
}

/**
 * Listens for TCP or TLS connections with node:net / node:tls.
 * @param options Local address and TLS options.
 * @returns The listener.
 */
export async function listen(options: ListenOptions = {}): Promise<StreamListener> {
  const port = checkPort(options.port ?? 0, true);
  const hostname = options.hostname ?? "127.0.0.1";
  const max = options.maxQueuedConnections ?? 128;
  if (!Number.isInteger(max) || max < 0) {
    throw new RangeError(`Invalid maxQueuedConnections ${max}`);
  }
  const server = options.tls
    ? tls.createServer({
      cert: options.tls.certChain,
      key: options.tls.privateKey,
      ALPNProtocols: options.tls.alpnProtocols,
    })
    : net.createServer({ allowHalfOpen: true });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(toNetError(e, `Listen on ${hostname}:${port} failed`));
    server.once("error", onError);
    server.listen({ host: hostname, port, exclusive: true }, () => {
      server.off("error", onError);
      resolve();
    });
  });
  return new NodeListener(server, options.tls !== undefined, max);
}

/** The node:dgram / node:net / node:tls transports. */
export const transport: NetTransport = {
  name: "node",
  bindDatagram,
  connect,
  listen,
};

/**
 * Whether this adapter has a native datagram path besides node:dgram (never:
 * node:dgram is the native path here).
 * @returns False.
 */
export function hasNativeDatagram(): boolean {
  return false;
}

/**
 * Reads a small system text file (resolv.conf, hosts) with node:fs, which
 * works in every runtime.
 * @param path Absolute path.
 * @param maxBytes Larger files are refused (undefined is returned).
 * @returns Text and modification time, or undefined when unreadable.
 */
export async function readSystemFile(
  path: string,
  maxBytes: number,
): Promise<{ text: string; mtimeMs: number } | undefined> {
  try {
    const fs = await import("node:fs/promises");
    const st = await fs.stat(path);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const text = await fs.readFile(path, "utf8");
    return { text: text.length > maxBytes ? text.slice(0, maxBytes) : text, mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * Reads a whole file as bytes with node:fs (works in every runtime), refusing
 * files larger than `maxBytes` before reading them.
 * @param path A path or `file:` URL.
 * @param maxBytes Largest file accepted.
 * @returns The bytes.
 * @throws {NetError} `"ENOTFOUND"` (no such file), `"EACCES"`, `"EMSGSIZE"` (too large), `"EIO"`.
 */

/**
 * Reads attribute files of one sysfs directory (e.g. `/sys/class/net/eth0`)
 * with node:fs, which works in every runtime.
 * @param dir The directory.
 * @param files File names inside it.
 * @param maxBytes Larger attribute values are left out.
 * @returns File name to trimmed text (unreadable files left out), or
 *   undefined when `dir` is not a directory.
 * @throws {NetError} `"EACCES"` when reading is not permitted.
 */
export async function readAttributeFiles(
  dir: string,
  files: readonly string[],
  maxBytes: number,
): Promise<Record<string, string> | undefined> {
  const fs = await import("node:fs/promises");
  try {
    if (!(await fs.stat(dir)).isDirectory()) return undefined;
  } catch (e) {
    if (isPermissionError(e)) throw new NetError("EACCES", `Cannot read ${dir}`, { cause: e });
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const name of files) {
    let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
    try {
      handle = await fs.open(`${dir}/${name}`, "r");
      const buf = new Uint8Array(maxBytes + 1);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      if (bytesRead <= maxBytes) {
        out[name] = new TextDecoder().decode(buf.subarray(0, bytesRead)).trim();
      }
    } catch (e) {
      if (isPermissionError(e)) {
        throw new NetError("EACCES", `Cannot read ${dir}/${name}`, { cause: e });
      }
      // Missing or unreadable attribute (sysfs answers EINVAL for some): left out.
    } finally {
      await handle?.close().catch(() => {});
    }
  }
  return out;
}

/** Options of {@linkcode runCommand} after defaults. */
export interface ResolvedRunOptions {
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
}

/** What {@linkcode runCommand} reports. */
export interface RunResult {
  code: number;
  signal?: string;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
  spawnError?: string;
}

/**
 * Runs a program without a shell (node:child_process spawn works in every
 * runtime), collecting at most `maxOutputBytes` of each output stream; the
 * process is killed (SIGKILL) when it runs past `timeoutMs`, writes more
 * than that, or `signal` aborts.
 * @param argv Program and arguments.
 * @param options Deadline, output limit and abort signal.
 * @returns Exit code (-1 when it did not exit normally), outputs and flags.
 */
export async function runCommand(argv: string[], options: ResolvedRunOptions): Promise<RunResult> {
  const { spawn } = await import("node:child_process");
  return await new Promise<RunResult>((resolve) => {
    const chunks: { out: Uint8Array[]; err: Uint8Array[] } = { out: [], err: [] };
    const sizes = { out: 0, err: 0 };
    let timedOut = false;
    let truncated = false;
    let spawnError: string | undefined;
    let settled = false;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      const err = e as { code?: unknown; name?: unknown; message?: unknown };
      resolve({
        code: -1,
        stdout: "",
        stderr: String(err?.message ?? e),
        timedOut: false,
        truncated: false,
        spawnError: String(err?.code ?? err?.name ?? "EIO"),
      });
      return;
    }
    const kill = () => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      child.stdout?.destroy();
      child.stderr?.destroy();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    const onAbort = () => kill();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const collect = (which: "out" | "err") => (b: Uint8Array) => {
      const room = options.maxOutputBytes - sizes[which];
      if (b.length > room) {
        truncated = true;
        if (room > 0) chunks[which].push(b.subarray(0, room));
        sizes[which] = options.maxOutputBytes;
        kill();
        return;
      }
      chunks[which].push(b);
      sizes[which] += b.length;
    };
    child.stdout!.on("data", collect("out"));
    child.stderr!.on("data", collect("err"));
    const text = (parts: Uint8Array[]) => {
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      return new TextDecoder().decode(all);
    };
    const finish = (code: number | null, signal: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      const r: RunResult = {
        code: code ?? -1,
        stdout: text(chunks.out),
        stderr: text(chunks.err),
        timedOut,
        truncated,
      };
      if (signal) r.signal = signal;
      if (spawnError) {
        r.spawnError = spawnError;
        r.code = -1;
      }
      resolve(r);
    };
    child.on("error", (e: Error & { code?: string }) => {
      // Spawning failed (e.g. ENOENT): there will be no "exit".
      spawnError = e.code ?? e.name;
      if (chunks.err.length === 0) chunks.err.push(new TextEncoder().encode(e.message));
      if (child.pid === undefined) finish(-1, null);
    });
    child.on("close", (code, signal) => finish(code, signal));
    if (options.signal?.aborted) kill();
  });
}

/**
 * Replaces a small text file atomically (a temporary file in the same
 * directory, then rename), with node:fs, which works in every runtime.
 * @param path File path.
 * @param text New contents.
 * @param mode Permission bits of the file.
 * @throws {NetError} `"EACCES"` when not permitted, `"EIO"` otherwise.
 */
export async function writeSystemFile(path: string, text: string, mode: number): Promise<void> {
  const fs = await import("node:fs/promises");
  const tmp = `${path}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    await fs.writeFile(tmp, text, { mode, flag: "wx" });
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    if (isPermissionError(e)) throw new NetError("EACCES", `Cannot write ${path}`, { cause: e });
    throw new NetError("EIO", `Cannot write ${path}: ${(e as Error)?.message ?? e}`, { cause: e });
  }
}
