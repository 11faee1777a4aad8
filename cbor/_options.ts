// Copyright 2026 the wirekit authors. MIT license.
// Option resolution and the decode driver shared by decodeCbor(), the
// sequence decoders, diagnoseCbor() and CborStreamParser.

import { CborError } from "./errors.ts";
import { decodeOne, type ResolvedDecodeOptions } from "./_decode.ts";
import { decodeFast } from "./_fast.ts";
import type { DecodeCborOptions, TagDecoder } from "./decode_cbor.ts";

/** Largest maxDepth accepted: deeper recursion could exhaust the call stack. */
export const MAX_DEPTH_LIMIT = 2000;

/** Checks a maxDepth option (default 256, at most {@linkcode MAX_DEPTH_LIMIT}). */
export function depth(v: number | undefined): number {
  if (v === undefined) return 256;
  if (!Number.isInteger(v) || v < 0 || v > MAX_DEPTH_LIMIT) {
    throw new RangeError(`Invalid maxDepth ${v}: must be an integer from 0 to ${MAX_DEPTH_LIMIT}`);
  }
  return v;
}

/** Fills in the defaults and checks the option values. */
export function resolveDecodeOptions(options: DecodeCborOptions = {}): ResolvedDecodeOptions {
  const int = (v: number | undefined, d: number, name: string): number => {
    if (v === undefined) return d;
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`Invalid ${name} ${v}`);
    return v;
  };
  let tags: ReadonlyMap<number, TagDecoder> | undefined;
  if (options.tags instanceof Map) tags = options.tags.size ? options.tags : undefined;
  else if (options.tags) {
    const m = new Map<number, TagDecoder>();
    for (const [k, v] of Object.entries(options.tags)) {
      if (typeof v !== "function") throw new TypeError(`Tag handler for ${k} is not a function`);
      m.set(Number(k), v);
    }
    tags = m.size ? m : undefined;
  }
  return {
    maxDepth: depth(options.maxDepth),
    maxItems: int(options.maxItems, 16777216, "maxItems"),
    maxBytes: int(options.maxBytes, 67108864, "maxBytes"),
    maxStringBytes: int(options.maxStringBytes, 16777216, "maxStringBytes"),
    mapsAsObjects: options.mapsAsObjects ?? true,
    rejectDuplicateKeys: options.rejectDuplicateKeys ?? false,
    bigint: options.bigint ?? "auto",
    strictUtf8: options.strictUtf8 ?? false,
    tag258AsSet: options.tag258AsSet ?? false,
    tag259AsMap: options.tag259AsMap ?? false,
    tags,
  };
}

/** Plain Uint8Array over the same memory (a subclass would make every `slice()` a subclass). */
export function asPlainBytes(bytes: Uint8Array): Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`Expected a Uint8Array, got ${bytes === null ? "null" : typeof bytes}`);
  }
  return bytes.constructor === Uint8Array
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes `bytes[start..end)` as one item: the single-pass fast decoder
 * (_fast.ts) for the default mapping, the strict decoder when it gives up
 * or the options need it.
 */
export function decodeResolved(
  bytes: Uint8Array,
  o: ResolvedDecodeOptions,
  start = 0,
  end: number = bytes.length,
  base = 0,
): unknown {
  if (end - start > o.maxBytes) {
    throw new CborError(
      "ESIZE",
      `Input of ${end - start} bytes exceeds maxBytes ${o.maxBytes}`,
      base,
    );
  }
  if (!o.rejectDuplicateKeys && !o.strictUtf8 && o.bigint === "auto") {
    try {
      return decodeFast(
        bytes,
        start,
        end,
        o.maxDepth,
        o.maxItems,
        o.maxStringBytes,
        o.mapsAsObjects,
      );
    } catch {
      // GIVE_UP: the strict decoder decides.
    }
  }
  return decodeOne(bytes, o, start, end, base);
}
