// Copyright 2026 the wirekit authors. MIT license.
/**
 * An async DNS stub resolver: message codec, a sans-IO resolver core with a TTL cache, and a driver over wirekit/net.
 *
 * No npm dependencies.
 *
 * This module is being built; its public API lands with its issue.
 *
 * @module
 */
export {};
