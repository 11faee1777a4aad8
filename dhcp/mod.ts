// Copyright 2026 the wirekit authors. MIT license.
/**
 * A DHCPv4 client: message and option codec, a time-driven lease state machine and a driver over wirekit/net.
 *
 * No npm dependencies.
 *
 * This module is being built; its public API lands with its issue.
 *
 * @module
 */
export {};
