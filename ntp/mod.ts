// Copyright 2026 the wirekit authors. MIT license.
/**
 * SNTP (RFC 5905): packet codec, clock maths, a validating client with a corrected clock, and a small server.
 *
 * No npm dependencies.
 *
 * This module is being built; its public API lands with its issue.
 *
 * @module
 */
export {};
