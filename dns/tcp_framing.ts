// Copyright 2026 the wirekit authors. MIT license.
import { concatBytes } from "../_internal/bytes.ts";
import { DnsSyntaxError } from "./dns_error.ts";

/**
 * Prefixes a message with its 2-byte length for DNS over TCP (RFC 1035 4.2.2).
 *
 * @param message Encoded message (at most 65535 bytes).
 * @returns Length prefix plus message.
 *
 * @example Framing
 * ```ts
 * import { frameDnsTcp } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual([...frameDnsTcp(Uint8Array.of(1, 2, 3))], [0, 3, 1, 2, 3]);
 * ```
 */
export function frameDnsTcp(message: Uint8Array): Uint8Array {
  if (message.length > 0xffff) {
    throw new RangeError(`DNS message of ${message.length} bytes is too long for TCP`);
  }
  const out = new Uint8Array(message.length + 2);
  out[0] = message.length >> 8;
  out[1] = message.length & 0xff;
  out.set(message, 2);
  return out;
}

/**
 * Splits a DNS-over-TCP byte stream into messages: `push()` chunks as they
 * arrive and get the complete messages back. Buffered bytes never exceed
 * one message (65535 + 2).
 *
 * @example Reassembling split messages
 * ```ts
 * import { DnsTcpDeframer } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * const d = new DnsTcpDeframer();
 * assert.deepEqual(d.push(Uint8Array.of(0, 2, 9)), []);
 * const out = d.push(Uint8Array.of(8, 0, 1, 7));
 * assert.deepEqual(out.map((m) => [...m]), [[9, 8], [7]]);
 * d.end();
 * ```
 */
export class DnsTcpDeframer {
  #buf: Uint8Array = new Uint8Array(0);
  #offset = 0;

  /**
   * Adds bytes from the stream.
   * @param chunk Next bytes.
   * @returns Messages completed by this chunk.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let buf = this.#buf.length ? concatBytes([this.#buf, chunk]) : chunk;
    let pos = 0;
    while (buf.length - pos >= 2) {
      const len = (buf[pos] << 8) | buf[pos + 1];
      if (buf.length - pos - 2 < len) break;
      out.push(buf.slice(pos + 2, pos + 2 + len));
      pos += 2 + len;
    }
    this.#offset += pos;
    buf = buf.subarray(pos);
    this.#buf = buf.slice();
    return out;
  }

  /** Bytes waiting for the rest of a message. */
  get buffered(): number {
    return this.#buf.length;
  }

  /**
   * Declares the end of the stream.
   * @throws {DnsSyntaxError} when a partial message is left over.
   */
  end(): void {
    if (this.#buf.length) {
      throw new DnsSyntaxError(
        `Stream ended inside a message (${this.#buf.length} byte(s) left)`,
        this.#offset,
      );
    }
  }
}
