// Copyright 2026 the wirekit authors. MIT license.
// diagnoseCbor(): RFC 8949 section 8 diagnostic notation, written from the
// encoded bytes (so indefinite lengths and, on request, encoding indicators
// show how the item was encoded, not just what it means).
import { CborError, CborSyntaxError } from "./errors.ts";
import { Decoder, truncated } from "./_decode.ts";
import { asPlainBytes, resolveDecodeOptions } from "./_options.ts";

/** Options of {@linkcode diagnoseCbor}. */
export interface DiagnoseCborOptions {
  /**
   * Add encoding indicators (RFC 8949 section 8.1): `_0`.. `_3` after every
   * item whose head used additional information 24..27 (`1.5_1` is a
   * binary16 float, `[_0 ...]` an array with a one-byte length).
   * @default {false}
   */
  encodingIndicators?: boolean;
  /**
   * Show bignums (tags 2 and 3 around a byte string) as the integer they
   * stand for, as RFC 8949 Appendix A does, instead of `2(h'...')`.
   * @default {false}
   */
  bignumsAsIntegers?: boolean;
  /**
   * Accept a CBOR sequence (RFC 8742): items are joined with `", "`; an
   * empty sequence gives `""`.
   * @default {false}
   */
  sequence?: boolean;
  /**
   * Deepest nesting accepted.
   * @default {256}
   */
  maxDepth?: number;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}

/** Text string in diagnostic notation: JSON escapes, non-ASCII as \uXXXX. */
function quote(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A number in diagnostic notation: floats always show a fraction or exponent. */
function floatText(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (Object.is(v, -0)) return "-0.0";
  const s = String(v);
  if (/[.e]/.test(s)) return s.replace(/^(-?\d+)e/, "$1.0e");
  return s + ".0";
}

class Diag {
  readonly d: Decoder;
  readonly ind: boolean;
  readonly big: boolean;
  readonly maxDepth: number;
  depth = 0;

  constructor(d: Decoder, o: DiagnoseCborOptions) {
    this.d = d;
    this.ind = o.encodingIndicators ?? false;
    this.big = o.bignumsAsIntegers ?? false;
    this.maxDepth = d.o.maxDepth;
  }

  #mark(ai: number): string {
    return this.ind && ai >= 24 && ai <= 27 ? `_${ai - 24}` : "";
  }

  #enter(at: number): void {
    if (++this.depth > this.maxDepth) {
      throw new CborError(
        "EDEPTH",
        `Nesting exceeds maxDepth ${this.maxDepth} at offset ${at}`,
        at,
      );
    }
  }

  item(): string {
    const d = this.d;
    const b = d.b;
    const start = d.pos;
    if (start >= d.end) truncated(start, "a data item");
    const ib = b[start];
    d.pos = start + 1;
    const major = ib >> 5;
    const ai = ib & 31;
    if (ai === 31) return this.#indefinite(major, start);
    if (major === 7) return this.#simple(ai, start);
    const v = d.arg(ai, start);
    const m = this.#mark(ai);
    switch (major) {
      case 0:
        return `${v}${m}`;
      case 1:
        return `${-1n - BigInt(v)}${m}`;
      case 2:
      case 3: {
        const n = Number(v);
        if (typeof v === "bigint" || n > d.end - d.pos) truncated(d.end, "a string");
        const bytes = b.subarray(d.pos, d.pos + n);
        d.pos += n;
        return major === 2 ? `h'${hex(bytes)}'${m}` : `${quote(this.#text(bytes, d.pos - n))}${m}`;
      }
      case 4:
      case 5: {
        const n = Number(v);
        if (typeof v === "bigint" || n * (major - 3) > d.end - d.pos) {
          truncated(d.end, "a container");
        }
        this.#enter(start);
        const parts: string[] = [];
        for (let i = 0; i < n; i++) {
          parts.push(major === 4 ? this.item() : `${this.item()}: ${this.item()}`);
        }
        this.depth--;
        const open = major === 4 ? "[" : "{";
        const close = major === 4 ? "]" : "}";
        return `${open}${m ? m + " " : ""}${parts.join(", ")}${close}`;
      }
      default: {
        this.#enter(start);
        const contentAt = d.pos;
        const content = this.item();
        this.depth--;
        if (this.big && (v === 2 || v === 3) && b[contentAt] >> 5 === 2 && b[contentAt] !== 0x5f) {
          const inner = new Decoder(b, d.o, contentAt, d.pos).item() as Uint8Array;
          let n = 0n;
          for (const x of inner) n = (n << 8n) | BigInt(x);
          return `${v === 2 ? n : -1n - n}`;
        }
        return `${v}${m}(${content})`;
      }
    }
  }

  #text(bytes: Uint8Array, at: number): string {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new CborSyntaxError("utf8", `Invalid UTF-8 in text string at offset ${at}`, at);
    }
  }

  #simple(ai: number, start: number): string {
    const d = this.d;
    switch (ai) {
      case 20:
        return "false";
      case 21:
        return "true";
      case 22:
        return "null";
      case 23:
        return "undefined";
      case 24: {
        d.pos = start;
        d.item(); // checks truncation and the reserved two-byte range
        return `simple(${d.b[start + 1]})${this.#mark(24)}`;
      }
      case 25:
      case 26:
      case 27: {
        d.pos = start;
        const v = d.item() as number;
        return floatText(v) + this.#mark(ai);
      }
      case 28:
      case 29:
      case 30:
        return String(d.arg(ai, start));
      default:
        return `simple(${ai})`;
    }
  }

  #indefinite(major: number, start: number): string {
    const d = this.d;
    if (major === 2 || major === 3) {
      const parts: string[] = [];
      for (;;) {
        if (d.pos >= d.end) truncated(d.end, "an indefinite-length string");
        if (d.b[d.pos] === 0xff) {
          d.pos++;
          break;
        }
        const ib = d.b[d.pos];
        if (ib >> 5 !== major || (ib & 31) === 31) {
          throw new CborSyntaxError(
            "chunk",
            `Chunk of an indefinite-length string must be a definite-length string of the same type at offset ${d.pos}`,
            d.pos,
          );
        }
        parts.push(this.item());
      }
      return parts.length ? `(_ ${parts.join(", ")})` : major === 2 ? "''_" : '""_';
    }
    if (major === 4 || major === 5) {
      this.#enter(start);
      const parts: string[] = [];
      for (;;) {
        if (d.pos >= d.end) truncated(d.end, "an indefinite-length item");
        if (d.b[d.pos] === 0xff) {
          d.pos++;
          break;
        }
        if (major === 4) parts.push(this.item());
        else {
          const k = this.item();
          if (d.pos < d.end && d.b[d.pos] === 0xff) {
            throw new CborSyntaxError(
              "break",
              `Break stop code in place of a map value at offset ${d.pos}`,
              d.pos,
            );
          }
          parts.push(`${k}: ${this.item()}`);
        }
      }
      this.depth--;
      return major === 4 ? `[_ ${parts.join(", ")}]` : `{_ ${parts.join(", ")}}`;
    }
    d.pos = start;
    d.item(); // throws the break / indefinite-length error
    throw new Error("unreachable");
  }
}

/**
 * Renders encoded CBOR in diagnostic notation (RFC 8949 section 8):
 * `{"a": [1, 2.5, h'00ff'], 1: 24("x")}`. Indefinite-length items show as
 * `[_ ...]`, `{_ ...}` and `(_ chunk, ...)`; floats always carry a fraction
 * or exponent (`1.0`); non-ASCII text is escaped as `\uXXXX`.
 *
 * @param bytes One encoded item (or a sequence with `sequence: true`).
 * @param options Encoding indicators, bignum display, sequences.
 * @returns The diagnostic notation.
 * @throws {CborSyntaxError} When the input is not well-formed.
 * @throws {CborError} `EDEPTH` when nested deeper than `maxDepth`.
 *
 * @example Indefinite lengths and encoding indicators
 * ```ts
 * import { diagnoseCbor } from "wirekit/cbor";
 * import assert from "node:assert/strict";
 *
 * const bytes = new Uint8Array([0x9f, 0x01, 0x82, 0x02, 0x03, 0xf9, 0x3e, 0x00, 0xff]);
 * assert.equal(diagnoseCbor(bytes), "[_ 1, [2, 3], 1.5]");
 * assert.equal(diagnoseCbor(new Uint8Array([0x18, 0x05]), { encodingIndicators: true }), "5_0");
 * ```
 */
export function diagnoseCbor(bytes: Uint8Array, options: DiagnoseCborOptions = {}): string {
  const b = asPlainBytes(bytes);
  const o = resolveDecodeOptions({ maxDepth: options.maxDepth, maxBytes: Number.MAX_SAFE_INTEGER });
  const d = new Decoder(b, o);
  const diag = new Diag(d, options);
  const out: string[] = [];
  if (options.sequence && b.length === 0) return "";
  do {
    out.push(diag.item());
  } while (options.sequence && d.pos < b.length);
  if (d.pos !== b.length) {
    throw new CborSyntaxError(
      "trailing",
      `Unexpected trailing byte(s) after the data item at offset ${d.pos}`,
      d.pos,
    );
  }
  return out.join(", ");
}
