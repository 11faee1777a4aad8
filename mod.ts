// Copyright 2026 the wirekit authors. MIT license.
/**
 * wirekit: independent ES modules for script authors and device builders.
 *
 * Each module is useful alone, so prefer importing the subpath you need
 * (`wirekit/json`, `wirekit/cbor`, ...): this entry point loads all of them.
 *
 * @example Import one module through the namespace
 * ```ts
 * import * as wirekit from "wirekit";
 * import assert from "node:assert/strict";
 *
 * assert.equal(typeof wirekit.json, "object");
 * ```
 *
 * @module
 */
export * as json from "./json/mod.ts";
export * as cbor from "./cbor/mod.ts";
export * as jose from "./jose/mod.ts";
export * as cose from "./cose/mod.ts";
export * as dns from "./dns/mod.ts";
export * as ntp from "./ntp/mod.ts";
export * as dhcp from "./dhcp/mod.ts";
export * as render from "./html-render/mod.ts";
export * as net from "./net/mod.ts";
