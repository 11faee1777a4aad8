// Copyright 2026 the wirekit authors. MIT license.
// The runtime's transports, picked once by feature detection.
import * as bunRuntime from "./_runtime/bun.ts";
import * as denoRuntime from "./_runtime/deno.ts";
import * as nodeRuntime from "./_runtime/node.ts";
import type {
  ConnectOptions,
  DatagramBindOptions,
  DatagramSocket,
  ListenOptions,
  NetClock,
  NetTransport,
  StreamConnection,
  StreamListener,
  TimerHandle,
} from "./types.ts";

function pick(): NetTransport {
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  if (typeof g.Deno === "object" && g.Deno !== null) return denoRuntime.transport;
  if (typeof g.Bun === "object" && g.Bun !== null) return bunRuntime.transport;
  return nodeRuntime.transport;
}

/**
 * The real network of the running runtime (`name` is `"deno"`, `"bun"` or
 * `"node"`). Drivers take a {@linkcode NetTransport} option defaulting to this.
 *
 * @example Which runtime
 * ```ts
 * import { runtimeTransport } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * assert.ok(["deno", "bun", "node"].includes(runtimeTransport.name));
 * ```
 */
export const runtimeTransport: NetTransport = pick();

/**
 * Binds a UDP socket on the real network. Receiving is pull-based:
 * `await socket.receive()` or `for await (const d of socket)`.
 *
 * @param options Local address, port, family, reuseAddress, broadcast.
 * @returns The bound socket; close it when done.
 *
 * @example A loopback echo
 * ```ts
 * import { bindDatagram } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * const a = await bindDatagram({ hostname: "127.0.0.1" });
 * const b = await bindDatagram({ hostname: "127.0.0.1" });
 * await a.send(new Uint8Array([1, 2, 3]), { hostname: "127.0.0.1", port: b.local.port });
 * const got = await b.receive({ timeoutMs: 2000 });
 * assert.deepEqual([...got.data], [1, 2, 3]);
 * assert.equal(got.remote.port, a.local.port);
 * await a.close();
 * await b.close();
 * ```
 */
export function bindDatagram(options?: DatagramBindOptions): Promise<DatagramSocket> {
  return runtimeTransport.bindDatagram(options);
}

/**
 * Opens a TCP connection (TLS with `tls`) on the real network.
 *
 * @param options Peer, `timeoutMs`, `signal`, `tls`.
 * @returns The connection; close it when done.
 *
 * @example Connect to a loopback listener
 * ```ts
 * import { connect, listen } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * const server = await listen({ hostname: "127.0.0.1", port: 0 });
 * const client = await connect({ hostname: "127.0.0.1", port: server.local.port });
 * const peer = await server.accept();
 * const w = client.writable.getWriter();
 * await w.write(new TextEncoder().encode("hi"));
 * await w.close();
 * const r = peer.readable.getReader();
 * const { value } = await r.read();
 * assert.equal(new TextDecoder().decode(value), "hi");
 * r.releaseLock();
 * await client.close();
 * await peer.close();
 * await server.close();
 * ```
 */
export function connect(options: ConnectOptions): Promise<StreamConnection> {
  return runtimeTransport.connect(options);
}

/**
 * Listens for TCP connections (TLS with `tls`) on the real network.
 *
 * @param options Local address (default `127.0.0.1`), port, TLS certificate.
 * @returns The listener; close it when done.
 *
 * @example Listen on an ephemeral port
 * ```ts
 * import { listen } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * const server = await listen({ port: 0 });
 * assert.ok(server.local.port > 0);
 * await server.close();
 * ```
 */
export function listen(options?: ListenOptions): Promise<StreamListener> {
  return runtimeTransport.listen(options);
}

/**
 * The real clock: `performance.now()` and the global timers.
 *
 * @example Reading the time
 * ```ts
 * import { systemClock } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * assert.equal(typeof systemClock.now(), "number");
 * systemClock.clearTimeout(systemClock.setTimeout(() => {}, 10));
 * ```
 */
export const systemClock: NetClock = {
  now: (): number => performance.now(),
  setTimeout: (fn: () => void, ms: number): TimerHandle => setTimeout(fn, ms),
  clearTimeout: (handle: TimerHandle): void =>
    clearTimeout(handle as ReturnType<typeof setTimeout>),
};
