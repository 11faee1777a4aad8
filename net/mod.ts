// Copyright 2026 the wirekit authors. MIT license.
/**
 * Portable transports (datagram, stream, TLS) for Deno, Bun and Node, an
 * in-memory network with a fake clock for tests, and the contracts drivers
 * are written against.
 *
 * The only wirekit module that performs I/O; no npm dependencies. The
 * portable baseline is Node's dgram, net and tls modules (the same in all
 * three runtimes); Bun's native UDP socket and Deno's `listenDatagram` are
 * used for UDP when present.
 *
 * @example UDP on loopback
 * ```ts
 * import { bindDatagram } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * const server = await bindDatagram({ hostname: "127.0.0.1" });
 * const client = await bindDatagram({ hostname: "127.0.0.1" });
 * await client.send(Uint8Array.of(42), { hostname: "127.0.0.1", port: server.local.port });
 * const { data, remote } = await server.receive({ timeoutMs: 2000 });
 * await server.send(data, remote);
 * assert.deepEqual([...(await client.receive({ timeoutMs: 2000 })).data], [42]);
 * await client.close();
 * await server.close();
 * ```
 *
 * @module
 */
export * from "./interfaces.ts";
export * from "./memory.ts";
export * from "./process.ts";
export * from "./read_file_bytes.ts";
export * from "./system_files.ts";
export * from "./transport.ts";
export * from "./types.ts";
export * from "./write_system_file.ts";
