// Copyright 2026 the wirekit authors. MIT license.
// CborSequenceDecoderStream: bytes of a CBOR sequence in, decoded items out.
import type { DecodeCborOptions } from "./decode_cbor.ts";
import { CborStreamParser } from "./stream_parser.ts";

/** Options of {@linkcode CborSequenceDecoderStream}. */
export interface CborSequenceDecoderStreamOptions extends DecodeCborOptions {
  /**
   * Emit each item's exact encoded bytes (`Uint8Array`) instead of its value.
   * @default {false}
   */
  raw?: boolean;
}

/**
 * A `TransformStream` that decodes a CBOR sequence (RFC 8742) arriving in
 * chunks split anywhere, emitting one value per item (or its bytes, with
 * `raw`). Ending inside an item errors the stream with a `CborSyntaxError`.
 *
 * @example Decoding a sequence from a stream
 * ```ts
 * import { CborSequenceDecoderStream, encodeCborSequence } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeCborSequence([{ a: 1 }, [2, 3], "x"]);
 * const items = await Array.fromAsync(
 *   ReadableStream.from([bytes.subarray(0, 3), bytes.subarray(3)])
 *     .pipeThrough(new CborSequenceDecoderStream()),
 * );
 * assert.deepEqual(items, [{ a: 1 }, [2, 3], "x"]);
 * ```
 */
export class CborSequenceDecoderStream extends TransformStream<Uint8Array, unknown> {
  /**
   * Creates the stream.
   *
   * @param options Limits, mapping choices and `raw`.
   */
  constructor(options: CborSequenceDecoderStreamOptions = {}) {
    let parser: CborStreamParser;
    super({
      start(controller) {
        parser = new CborStreamParser({
          ...options,
          paths: ["$"],
          onValue: options.raw ? undefined : (v) => controller.enqueue(v),
          onRaw: options.raw ? (b) => controller.enqueue(b) : undefined,
        });
      },
      transform(chunk) {
        parser.push(chunk);
      },
      flush() {
        parser.end();
      },
    });
  }
}
