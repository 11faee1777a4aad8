// Copyright 2026 the wirekit authors. MIT license.
/**
 * Streaming JSON: strict parsing, path matching over chunked input, limits, a streaming writer and typed mapping.
 *
 * Works in Deno, Bun and Node with no npm dependencies.
 *
 * This module is being built; its public API lands with its issue.
 *
 * @module
 */
export {};
