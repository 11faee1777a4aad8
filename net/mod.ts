// Copyright 2026 the wirekit authors. MIT license.
/**
 * Portable transports (datagram, stream, TLS) for Deno, Bun and Node, retry/backoff, validity and protocol roles.
 *
 * The only wirekit module that performs I/O; no npm dependencies.
 *
 * This module is being built; its public API lands with its issue.
 *
 * @module
 */
export {};
