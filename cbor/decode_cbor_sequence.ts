// Copyright 2026 the wirekit authors. MIT license.
// decodeCborSequence(): every item of a CBOR sequence (RFC 8742) in one buffer.
import type { DecodeCborOptions } from "./decode_cbor.ts";
import { CborError } from "./errors.ts";
import { Decoder } from "./_decode.ts";
import { asPlainBytes, resolveDecodeOptions } from "./_options.ts";
import { decodeFast, fastEnd } from "./_fast.ts";

/**
 * Decodes a CBOR sequence (RFC 8742): zero or more items back to back.
 * Each item is decoded as {@linkcode decodeCbor} would; `maxBytes` limits
 * the whole input and `maxItems` the number of items.
 *
 * @param bytes The concatenated items (empty input gives an empty array).
 * @param options As for {@linkcode decodeCbor}.
 * @returns The items in order.
 * @throws {CborSyntaxError} When an item is not well-formed or the input ends inside one.
 * @throws {CborError} When a limit is exceeded.
 *
 * @example Three items
 * ```ts
 * import { decodeCborSequence } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(decodeCborSequence(new Uint8Array([0x01, 0x61, 0x61, 0x81, 0x02])), [1, "a", [2]]);
 * ```
 */
export function decodeCborSequence(bytes: Uint8Array, options?: DecodeCborOptions): unknown[] {
  const b = asPlainBytes(bytes);
  const o = resolveDecodeOptions(options);
  if (b.length > o.maxBytes) {
    throw new CborError("ESIZE", `Input of ${b.length} bytes exceeds maxBytes ${o.maxBytes}`, 0);
  }
  const out: unknown[] = [];
  let pos = 0;
  while (pos < b.length) {
    if (out.length >= o.maxItems) {
      throw new CborError(
        "EITEMS",
        `Sequence exceeds maxItems ${o.maxItems} at offset ${pos}`,
        pos,
      );
    }
    const fast = !o.rejectDuplicateKeys && !o.strictUtf8 && o.bigint === "auto";
    if (fast) {
      try {
        const v = decodeFast(
          b,
          pos,
          b.length,
          o.maxDepth,
          o.maxItems,
          o.maxStringBytes,
          o.mapsAsObjects,
          false,
        );
        out.push(v);
        pos = fastEnd();
        continue;
      } catch {
        // GIVE_UP: the strict decoder decides.
      }
    }
    const d = new Decoder(b, o, pos, b.length);
    out.push(d.item());
    pos = d.pos;
  }
  return out;
}
