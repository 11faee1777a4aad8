// Copyright 2026 the wirekit authors. MIT license.
// CborSequenceEncoderStream: values in, one encoded CBOR item per value out.
import { encodeCbor, type EncodeCborOptions } from "./encode_cbor.ts";

/**
 * A `TransformStream` that encodes each value written to it as one CBOR
 * item, so the output bytes form a CBOR sequence (RFC 8742).
 *
 * @example Encoding a sequence
 * ```ts
 * import { CborSequenceEncoderStream, decodeCborSequence } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * const chunks = await Array.fromAsync(
 *   ReadableStream.from<unknown>([1, { a: [true] }]).pipeThrough(new CborSequenceEncoderStream()),
 * );
 * const bytes = new Uint8Array(chunks.flatMap((c) => [...c]));
 * assert.deepEqual(decodeCborSequence(bytes), [1, { a: [true] }]);
 * ```
 */
export class CborSequenceEncoderStream extends TransformStream<unknown, Uint8Array> {
  /**
   * Creates the stream.
   *
   * @param options As for {@linkcode encodeCbor} (e.g. `deterministic`).
   */
  constructor(options?: EncodeCborOptions) {
    super({
      transform(value, controller) {
        controller.enqueue(encodeCbor(value, options));
      },
    });
  }
}
