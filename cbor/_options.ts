// Copyright 2026 the wirekit authors. MIT license.
// Option resolution and the decode driver shared by decodeCbor(), the
// sequence decoders, diagnoseCbor() and CborStreamParser.
//
// cbor-x is imported through its "cbor-x/decode" entry: the package's main
// entry for the "node" condition (node-index.js, which Deno and Bun also pick)
// reads process.env at load time, which needs --allow-env in Deno and throws
// without it. "cbor-x/decode" resolves to cbor-x's pure-JS index.js under the
// "node" condition and to decode.js otherwise, in all three runtimes.
import { Decoder as CborXDecoder } from "cbor-x/decode";
import { CborError } from "./errors.ts";
import { decodeOne, type ResolvedDecodeOptions } from "./_decode.ts";
import { scanPlain } from "./_scan.ts";
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

// int64AsNumber (in cbor-x's code, not its typings) makes 64-bit integers
// numbers; the scanner only lets through those below 2^53-1.
const cborxBase = { useRecords: false, int64AsNumber: true };
const cborxObjects = new CborXDecoder({ ...cborxBase, mapsAsObjects: true });
const cborxMaps = new CborXDecoder({ ...cborxBase, mapsAsObjects: false });

/** Plain Uint8Array over the same memory (cbor-x returns subclass copies of subclass input). */
export function asPlainBytes(bytes: Uint8Array): Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`Expected a Uint8Array, got ${bytes === null ? "null" : typeof bytes}`);
  }
  return bytes.constructor === Uint8Array
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes `bytes[start..end)` as one item: the cbor-x fast path when the
 * scanner clears it, the strict decoder otherwise.
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
  if (
    !o.rejectDuplicateKeys && !o.strictUtf8 && o.bigint === "auto" &&
    scanPlain(bytes, start, end, o.maxDepth, o.maxItems, o.maxStringBytes, o.mapsAsObjects) === end
  ) {
    try {
      // cbor-x returns byte strings as views of its source: give it a private
      // copy so they never alias the caller's buffer (one memcpy instead of a
      // slice per byte string).
      return (o.mapsAsObjects ? cborxObjects : cborxMaps).decode(bytes.slice(start, end));
    } catch {
      // cbor-x has its own size limits; the strict decoder decides.
    }
  }
  return decodeOne(bytes, o, start, end, base);
}
