// Copyright 2026 the wirekit authors. MIT license.
import { indentUnit, quote, writeJson } from "./_write.ts";

/** Options of {@linkcode JsonStringifyStream}. */
export interface JsonStringifyStreamOptions {
  /**
   * Pretty printing: spaces per level (0 to 10) or the indent string.
   * @default {0}
   */
  indent?: number | string;
  /**
   * Receives the output as it is produced. Without it, output collects
   * until {@linkcode JsonStringifyStream.take} or is enqueued on
   * {@linkcode JsonStringifyStream.readable} once that is used.
   */
  write?: (text: string) => void;
  /**
   * Deepest nesting (containers opened plus nesting inside written values).
   * @default {1000}
   */
  maxDepth?: number;
}

interface Open {
  obj: boolean;
  count: number;
  keyed: boolean;
}

const encoder = new TextEncoder();

/**
 * An incremental JSON writer: open objects and arrays, feed keys and
 * values, close them, and the text comes out as you go, so a huge array is
 * written without ever being held. Strings are escaped like
 * {@linkcode stringifyJson} (lone surrogates as `\udxxx`). Misuse (a key in
 * an array, a value without its key, closing too much) throws `TypeError`.
 *
 * @example Write an array item by item
 * ```ts
 * import { JsonStringifyStream } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * const w = new JsonStringifyStream();
 * w.startObject().key("items").startArray();
 * for (let i = 0; i < 3; i++) w.value({ id: i });
 * w.end().key("done").value(true).end().close();
 * assert.equal(w.take(), '{"items":[{"id":0},{"id":1},{"id":2}],"done":true}');
 * ```
 *
 * @example Pretty output to a ReadableStream
 * ```ts
 * import { JsonStringifyStream } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * const w = new JsonStringifyStream({ indent: 2 });
 * const text = new Response(w.readable).text();
 * w.startArray().value(1).value("two").end().close();
 * assert.equal(await text, '[\n  1,\n  "two"\n]');
 * ```
 */
export class JsonStringifyStream {
  #unit: string;
  #maxDepth: number;
  #write: ((text: string) => void) | undefined;
  #buffer: string[] = [];
  #stack: Open[] = [];
  #done = false;
  #started = false;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #readable: ReadableStream<Uint8Array> | undefined;

  /**
   * Creates a writer.
   *
   * @param options Indentation, output callback and depth limit.
   */
  constructor(options: JsonStringifyStreamOptions = {}) {
    this.#unit = indentUnit(options.indent);
    this.#maxDepth = options.maxDepth ?? 1000;
    this.#write = options.write;
  }

  /** Containers currently open. */
  get depth(): number {
    return this.#stack.length;
  }

  /**
   * The output as a byte stream (UTF-8). Using it routes all further output
   * there; it closes on {@linkcode close}.
   */
  get readable(): ReadableStream<Uint8Array> {
    if (this.#readable === undefined) {
      this.#readable = new ReadableStream<Uint8Array>({
        start: (controller) => {
          this.#controller = controller;
        },
      });
      const pending = this.take();
      if (pending) this.#controller!.enqueue(encoder.encode(pending));
      if (this.#done) this.#controller!.close();
    }
    return this.#readable;
  }

  /** Returns and clears the output collected so far (when no `write` callback is set). */
  take(): string {
    const s = this.#buffer.join("");
    this.#buffer = [];
    return s;
  }

  #emit(text: string): void {
    if (this.#write) this.#write(text);
    else if (this.#controller) this.#controller.enqueue(encoder.encode(text));
    else this.#buffer.push(text);
  }

  #nl(depth: number): string {
    return this.#unit === "" ? "" : "\n" + this.#unit.repeat(depth);
  }

  /** Writes what precedes a value: separator and indentation, or checks the key. */
  #beforeValue(): void {
    if (this.#done) throw new TypeError("The JSON writer is closed");
    const top = this.#stack[this.#stack.length - 1];
    if (top === undefined) {
      if (this.#started) throw new TypeError("A JSON text holds one top-level value");
      this.#started = true;
      return;
    }
    if (top.obj) {
      if (!top.keyed) throw new TypeError("A value in an object needs a key() first");
      top.keyed = false;
      return;
    }
    this.#emit((top.count++ ? "," : "") + this.#nl(this.#stack.length));
  }

  /**
   * Opens an object (as the top-level value, an array element or after a key).
   *
   * @returns This writer.
   */
  startObject(): this {
    return this.#open(true);
  }

  /**
   * Opens an array.
   *
   * @returns This writer.
   */
  startArray(): this {
    return this.#open(false);
  }

  #open(obj: boolean): this {
    this.#beforeValue();
    if (this.#stack.length >= this.#maxDepth) {
      throw new RangeError(`Nesting deeper than ${this.#maxDepth}`);
    }
    this.#stack.push({ obj, count: 0, keyed: false });
    this.#emit(obj ? "{" : "[");
    return this;
  }

  /**
   * Writes a member name in the open object.
   *
   * @param name The key.
   * @returns This writer.
   */
  key(name: string): this {
    const top = this.#stack[this.#stack.length - 1];
    if (top === undefined || !top.obj) throw new TypeError("key() is only valid inside an object");
    if (top.keyed) throw new TypeError("key() twice without a value");
    if (typeof name !== "string") throw new TypeError("A JSON key must be a string");
    top.keyed = true;
    this.#emit(
      (top.count++ ? "," : "") + this.#nl(this.#stack.length) + quote(name, false) +
        (this.#unit === "" ? ":" : ": "),
    );
    return this;
  }

  /**
   * Writes a complete value (any JSON-able value, written like
   * {@linkcode stringifyJson}) as the next element, member value or top-level value.
   *
   * @param value The value.
   * @returns This writer.
   */
  value(value: unknown): this {
    this.#beforeValue();
    const out: string[] = [];
    const depth = this.#stack.length;
    if (!writeJson(value, out, this.#unit, depth, false, this.#maxDepth - depth)) out.push("null");
    this.#emit(out.join(""));
    return this;
  }

  /**
   * Closes the innermost open object or array.
   *
   * @returns This writer.
   */
  end(): this {
    const top = this.#stack[this.#stack.length - 1];
    if (top === undefined) throw new TypeError("end() without an open object or array");
    if (top.keyed) throw new TypeError("end() after a key without its value");
    this.#stack.pop();
    this.#emit((top.count ? this.#nl(this.#stack.length) : "") + (top.obj ? "}" : "]"));
    return this;
  }

  /** Finishes the text: every container must be closed and a value written. */
  close(): void {
    if (this.#stack.length > 0) {
      throw new TypeError(`close() with ${this.#stack.length} open container(s)`);
    }
    if (!this.#started) throw new TypeError("close() before any value was written");
    this.#done = true;
    this.#controller?.close();
  }
}
