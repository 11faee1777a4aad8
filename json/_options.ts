// Copyright 2026 the wirekit authors. MIT license.
// Defaults and validation of the parsing options shared by every entry point.
import type { EngineConfig, Framing } from "./_engine.ts";

/** The options every parser accepts (see JsonParseOptions for the docs). */
export interface CommonOptions {
  maxDepth?: number;
  maxStringBytes?: number;
  maxNumberLength?: number;
  maxBytes?: number;
  maxKeys?: number;
  bigint?: boolean;
  numberOverflow?: "reject" | "infinity";
  loneSurrogates?: "reject" | "replace";
  duplicateKeys?: "last" | "reject";
  allowBom?: boolean;
}

export const DEFAULT_MAX_DEPTH = 1000;
export const DEFAULT_MAX_STRING_BYTES: number = 64 * 1024 * 1024;
export const DEFAULT_MAX_NUMBER_LENGTH = 1024;
export const DEFAULT_MAX_BYTES: number = 256 * 1024 * 1024;
export const DEFAULT_MAX_KEYS = 1_000_000;

function limit(name: string, v: number | undefined, def: number, max = Infinity): number {
  if (v === undefined) return def;
  if (typeof v !== "number" || !(v >= 0) || (v !== Infinity && !Number.isInteger(v)) || v > max) {
    throw new RangeError(
      `Option ${name} must be a non-negative integer up to ${max}, got ${String(v)}`,
    );
  }
  return v;
}

function oneOf<T extends string>(name: string, v: T | undefined, allowed: readonly T[]): T {
  if (v === undefined) return allowed[0];
  if (!allowed.includes(v)) {
    throw new TypeError(
      `Option ${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/** Resolves the common options into an engine config (without callbacks and patterns). */
export function resolveOptions(
  o: CommonOptions,
  defaultMaxBytes: number,
  framing: Framing = "single",
): EngineConfig {
  return {
    maxDepth: limit("maxDepth", o.maxDepth, DEFAULT_MAX_DEPTH, 1 << 20),
    maxStringBytes: limit("maxStringBytes", o.maxStringBytes, DEFAULT_MAX_STRING_BYTES),
    maxNumberLength: limit("maxNumberLength", o.maxNumberLength, DEFAULT_MAX_NUMBER_LENGTH),
    maxBytes: limit("maxBytes", o.maxBytes, defaultMaxBytes),
    maxKeys: limit("maxKeys", o.maxKeys, DEFAULT_MAX_KEYS),
    maxValueBytes: Infinity,
    bigint: o.bigint === true,
    numberOverflow: oneOf("numberOverflow", o.numberOverflow, ["reject", "infinity"] as const),
    loneSurrogates: oneOf("loneSurrogates", o.loneSurrogates, ["reject", "replace"] as const),
    duplicateKeys: oneOf("duplicateKeys", o.duplicateKeys, ["last", "reject"] as const),
    framing,
    bom: o.allowBom !== false,
    patterns: [],
    stringChunkSize: 65536,
  };
}
