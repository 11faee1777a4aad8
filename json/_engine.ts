// Copyright 2026 the wirekit authors. MIT license.
// The byte-level push parser behind parseJson and JsonStreamParser. One
// iterative state machine (no recursion, so depth is bounded by a counter,
// never by the call stack) that validates everything it reads and
// materialises only what a path pattern asks for: unmatched subtrees are
// scanned with a depth counter and never built.
import { JsonError, type JsonErrorCode } from "./json_error.ts";
import { JsonSyntaxError } from "./json_syntax_error.ts";
import type { JsonEventKind, JsonPath, JsonValue } from "./json_value.ts";
import { type CompiledPattern, type DfaState, startState } from "./_path.ts";

// Parser states.
const S_TOP_START = 0; // before a top-level value
const S_VALUE = 1; // a value must follow (after ':' or ',' in an array)
const S_ARRAY_FIRST = 2; // after '[': a value or ']'
const S_OBJ_FIRST = 3; // after '{': a key or '}'
const S_OBJ_KEY = 4; // after ',' in an object: a key
const S_COLON = 5;
const S_AFTER = 6; // after a value inside a container
const S_TOP_AFTER = 7; // after a top-level value
const S_STRING = 8; // token states from here on
const S_NUMBER = 9;
const S_LITERAL = 10;
const S_BOM = 11;

// Number sub-states.
const N_MINUS = 0;
const N_ZERO = 1;
const N_INT = 2;
const N_DOT = 3;
const N_FRAC = 4;
const N_E = 5;
const N_ESIGN = 6;
const N_EXP = 7;

// Value modes.
const SKIP = 0;
const NAV = 1;
const BUILD = 2;

/** How several top-level values are framed. */
export type Framing = "single" | "concatenated" | "lines" | "sequence";

/** Fully resolved engine settings. */
export interface EngineConfig {
  maxDepth: number;
  maxStringBytes: number;
  maxNumberLength: number;
  maxBytes: number;
  maxKeys: number;
  maxValueBytes: number;
  bigint: boolean;
  numberOverflow: "reject" | "infinity";
  loneSurrogates: "reject" | "replace";
  duplicateKeys: "last" | "reject";
  framing: Framing;
  bom: boolean;
  patterns: CompiledPattern[];
  onValue?: (value: JsonValue, path: JsonPath, index: number) => void;
  onEvent?: (kind: JsonEventKind, value?: JsonValue) => void;
  onStringChunk?: (chunk: string, path: JsonPath, done: boolean) => void;
  stringChunkSize: number;
}

class Frame {
  obj = false;
  key = "";
  index = 0;
  dfa: DfaState | null = null;
  value: JsonValue[] | Record<string, JsonValue> | undefined = undefined;
  emit = false;
  start = 0;
}

const LITERALS: Uint8Array[] = [
  new TextEncoder().encode("true"),
  new TextEncoder().encode("false"),
  new TextEncoder().encode("null"),
];
const LITERAL_VALUES: JsonValue[] = [true, false, null];

// 1 for bytes that may appear unescaped in a string and need no attention.
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x80; c++) PLAIN[c] = 1;
PLAIN[0x22] = 0;
PLAIN[0x5c] = 0;

const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX[0x41 + c] = 10 + c;
  HEX[0x61 + c] = 10 + c;
}

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const fromCharCode = String.fromCharCode;

const scratch: number[] = [];

/** Decodes ASCII bytes; short runs without TextDecoder's call overhead. */
function ascii(b: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len <= 16) {
    scratch.length = len;
    for (let k = 0; k < len; k++) scratch[k] = b[start + k];
    return fromCharCode.apply(null, scratch);
  }
  return decoder.decode(b.subarray(start, end));
}

function describe(c: number): string {
  if (c >= 0x21 && c < 0x7f) return `character ${JSON.stringify(fromCharCode(c))}`;
  return `byte 0x${c.toString(16).padStart(2, "0")}`;
}

/**
 * The push parser. Feed it with {@linkcode push}, finish with
 * {@linkcode finish}. After it throws, it keeps throwing the same error.
 */
export class JsonEngine {
  #c: EngineConfig;
  #root: DfaState | null;
  #events: boolean;
  #lines: boolean;
  #seq: boolean;
  #rejectDups: boolean;
  #failed: unknown = undefined;

  #st = S_TOP_START;
  #base = 0; // absolute offset of the current chunk
  #line = 1;
  #lineStart = 0;
  #depth = 0;
  #skipDepth = 0;
  #kinds: Uint8Array; // 1 object, 2 array, per open container
  #counts: Uint32Array; // members per open object
  #frames: Frame[] = [];
  #valueIndex = 0;
  #topEnd = -1; // absolute offset where a top-level scalar ended
  #seqOpen = false;
  #bomPos = 0;

  // The scalar being read.
  #mat = false; // materialise it
  #matchHere = false; // it is itself a match
  #chunkHere = false; // it is delivered with onStringChunk

  // String state.
  #isKey = false;
  #strAbs = 0; // absolute offset of the opening quote
  #seg = 0; // chunk index where the pending plain run starts
  #buffered = false;
  #sb: Uint8Array = new Uint8Array(256);
  #sbLen = 0;
  #ascii = true;
  #esc = 0;
  #escCode = 0;
  #escAbs = 0;
  #high = 0; // pending high surrogate from a \u escape
  #highAbs = 0;
  #u8need = 0;
  #u8have = 0;
  #u8lo = 0x80;
  #u8hi = 0xbf;
  #chunkPath: JsonPath = [];

  // Number state.
  #ns = 0;
  #numStart = 0;
  #numAbs = 0;
  #numText = "";
  #numSpan = false;
  #numInt = true;

  // Literal state.
  #lit = 0;
  #litPos = 0;

  // The current chunk and its lazily decoded text.
  #chunk: Uint8Array = new Uint8Array(0);
  #chunkText: string | undefined = undefined;
  #adj = 0;
  #headSkip = 0;
  #strAdj = 0;

  // Key cache: short ASCII keys decoded once.
  #kcStr: string[] = new Array(1024).fill("");
  #kcBytes: (Uint8Array | undefined)[] = new Array(1024).fill(undefined);

  constructor(config: EngineConfig) {
    this.#c = config;
    this.#root = startState(config.patterns);
    this.#events = config.onEvent !== undefined;
    this.#lines = config.framing === "lines";
    this.#seq = config.framing === "sequence";
    this.#rejectDups = config.duplicateKeys === "reject";
    this.#kinds = new Uint8Array(Math.min(config.maxDepth, 1 << 20) + 2);
    this.#counts = new Uint32Array(this.#kinds.length);
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.#base;
  }

  /** Top-level values completed so far. */
  get valueCount(): number {
    return this.#valueIndex;
  }

  /** Feeds bytes. */
  push(b: Uint8Array): void {
    if (this.#failed !== undefined) throw this.#failed;
    try {
      const max = this.#c.maxBytes;
      if (this.#base + b.length > max) {
        const allowed = max - this.#base;
        this.#run(b.subarray(0, allowed));
        throw new JsonError("ESIZE", `Input is larger than ${max} bytes`, { offset: max });
      }
      this.#run(b);
    } catch (e) {
      this.#failed = e;
      throw e;
    }
  }

  /** Fails with a syntax error at the current end of input (text input checks). */
  failHere(message: string): never {
    if (this.#failed !== undefined) throw this.#failed;
    try {
      this.#fail(message, this.#base);
    } catch (e) {
      this.#failed = e;
      throw e;
    }
  }

  /** Ends the input: completes a trailing number, or throws if a value is unfinished. */
  finish(): void {
    if (this.#failed !== undefined) throw this.#failed;
    try {
      this.#finish();
    } catch (e) {
      this.#failed = e;
      throw e;
    }
    this.#failed = new TypeError("The JSON parser has already ended");
  }

  #finish(): void {
    const st = this.#st;
    if (st === S_NUMBER) {
      const ns = this.#ns;
      if (ns === N_ZERO || ns === N_INT || ns === N_FRAC || ns === N_EXP) {
        this.#endNumber(new Uint8Array(0), 0);
      } else this.#fail("Unexpected end of input in a number", this.#base);
    }
    const now = this.#st;
    if (now === S_TOP_AFTER || (now === S_TOP_START && this.#c.framing !== "single")) return;
    if (now === S_TOP_START && this.#valueIndex > 0) return;
    const what = now === S_STRING
      ? " in a string"
      : now === S_LITERAL
      ? " in a literal"
      : this.#depth > 0
      ? ` with ${this.#depth} unclosed container(s)`
      : "";
    this.#fail(`Unexpected end of input${what}`, this.#base);
  }

  // ---- errors ----

  #fail(message: string, offset: number): never {
    // Line/column: lines are only broken by whitespace LFs, which are counted.
    const column = offset - this.#lineStart + 1;
    throw new JsonSyntaxError(
      `${message} at line ${this.#line}, column ${column}`,
      offset,
      this.#line,
      column,
    );
  }

  #unexpected(b: Uint8Array, i: number, expected: string): never {
    this.#fail(`Unexpected ${describe(b[i])}, expected ${expected}`, this.#base + i);
  }

  #limit(code: JsonErrorCode, message: string, offset: number): never {
    throw new JsonError(code, message, { offset });
  }

  // ---- main loop ----

  #run(b: Uint8Array): void {
    const n = b.length;
    let i = 0;
    // Text of this chunk, decoded on first use: strings inside one chunk are
    // then sliced from it, far cheaper than decoding each one. Byte index j
    // maps to character index j - #adj; #adj grows by the bytes a multi-byte
    // sequence saves, and starts at the continuation bytes of a sequence
    // begun in the previous chunk (those belong to a buffered string).
    this.#chunk = b;
    this.#chunkText = undefined;
    this.#adj = this.#st === S_STRING ? this.#u8need : 0;
    this.#headSkip = this.#adj;
    // A string still open with nothing buffered continues at byte 0 of this chunk.
    this.#strAdj = this.#adj;
    while (i < n) {
      const st = this.#st;
      if (st >= S_STRING) {
        if (st === S_STRING) i = this.#string(b, i);
        else if (st === S_NUMBER) i = this.#number(b, i);
        else if (st === S_LITERAL) i = this.#literal(b, i);
        else i = this.#bom(b, i);
        continue;
      }
      const c = b[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        if (c === 0x0a) {
          if (this.#lines) {
            if (st === S_TOP_AFTER) this.#st = S_TOP_START;
            else if (st !== S_TOP_START) {
              this.#fail("Line break inside a JSON Lines value", this.#base + i);
            }
          }
          this.#line++;
          this.#lineStart = this.#base + i + 1;
        }
        i++;
        continue;
      }
      switch (st) {
        case S_AFTER: {
          const kind = this.#kinds[this.#depth - 1];
          if (c === 0x2c) {
            if (kind === 1) this.#st = S_OBJ_KEY;
            else {
              this.#st = S_VALUE;
              if (this.#skipDepth === 0) this.#frames[this.#depth - 1].index++;
            }
            i++;
          } else if (c === 0x7d && kind === 1) {
            this.#close(i);
            i++;
          } else if (c === 0x5d && kind === 2) {
            this.#close(i);
            i++;
          } else this.#unexpected(b, i, kind === 1 ? "',' or '}'" : "',' or ']'");
          break;
        }
        case S_OBJ_FIRST:
        case S_OBJ_KEY:
          if (c === 0x22) {
            this.#isKey = true;
            this.#mat = this.#skipDepth === 0 || this.#events;
            this.#chunkHere = false;
            this.#beginString(i);
            i = this.#string(b, i + 1);
          } else if (c === 0x7d && st === S_OBJ_FIRST) {
            this.#close(i);
            i++;
          } else this.#unexpected(b, i, st === S_OBJ_FIRST ? "a key or '}'" : "a key");
          break;
        case S_COLON:
          if (c !== 0x3a) this.#unexpected(b, i, "':'");
          this.#st = S_VALUE;
          i++;
          break;
        case S_VALUE:
          i = this.#value(b, i, c);
          break;
        case S_ARRAY_FIRST:
          if (c === 0x5d) {
            this.#close(i);
            i++;
          } else i = this.#value(b, i, c);
          break;
        case S_TOP_START:
          if (this.#seq) {
            if (c === 0x1e) {
              this.#seqOpen = true;
              i++;
              break;
            }
            if (!this.#seqOpen) this.#unexpected(b, i, "a record separator (0x1e)");
          }
          if (c === 0xef && this.#base + i === 0 && this.#c.bom) {
            this.#st = S_BOM;
            this.#bomPos = 1;
            this.#headSkip = this.#adj = i + 1;
            i++;
            break;
          }
          this.#seqOpen = false;
          i = this.#value(b, i, c);
          break;
        case S_TOP_AFTER: {
          const f = this.#c.framing;
          if (f === "concatenated") {
            if (this.#topEnd === this.#base + i) {
              this.#unexpected(b, i, "whitespace between concatenated values");
            }
            i = this.#value(b, i, c);
          } else if (f === "sequence" && c === 0x1e) {
            this.#st = S_TOP_START;
            this.#seqOpen = true;
            i++;
          } else {
            this.#unexpected(
              b,
              i,
              f === "lines"
                ? "a line break"
                : f === "sequence"
                ? "a record separator"
                : "end of input",
            );
          }
          break;
        }
      }
    }
    // End of chunk: move pending token pieces out of this chunk.
    const st = this.#st;
    if (st === S_STRING) this.#stringChunkEnd(b, n);
    else if (st === S_NUMBER) this.#numberChunkEnd(b, n);
    this.#base += n;
    if (this.#c.maxValueBytes < Infinity) this.#checkValueSize();
  }

  #bom(b: Uint8Array, i: number): number {
    const want = this.#bomPos === 1 ? 0xbb : 0xbf;
    if (b[i] !== want) this.#unexpected(b, i, "a byte order mark");
    // The chunk's text starts after the mark.
    this.#headSkip = this.#adj = i + 1;
    if (++this.#bomPos === 3) this.#st = S_TOP_START;
    return i + 1;
  }

  #checkValueSize(): void {
    for (let d = 0; d < this.#depth - this.#skipDepth; d++) {
      const f = this.#frames[d];
      if (f.value !== undefined) {
        if (this.#base - f.start > this.#c.maxValueBytes) {
          this.#limit(
            "ESIZE",
            `A matched value is larger than ${this.#c.maxValueBytes} bytes`,
            this.#base,
          );
        }
        return;
      }
    }
  }

  // ---- values and containers ----

  /** Starts the value whose first byte is b[i] = c; returns the next index. */
  #value(b: Uint8Array, i: number, c: number): number {
    let mode = SKIP;
    let dfa: DfaState | null = null;
    if (this.#skipDepth === 0) {
      const depth = this.#depth;
      if (depth === 0) dfa = this.#root;
      else {
        const f = this.#frames[depth - 1];
        if (f.dfa !== null) dfa = f.obj ? f.dfa.key(f.key) : f.dfa.index(f.index);
        if (f.value !== undefined) mode = BUILD;
      }
      if (dfa !== null) {
        if (dfa.matched || (dfa.chunk && c !== 0x22)) mode = BUILD;
        else if (mode === SKIP) mode = NAV;
      } else if (mode === SKIP && this.#events) mode = NAV;
    }
    const here = dfa !== null && (dfa.matched || (dfa.chunk && c !== 0x22));
    if (c === 0x7b || c === 0x5b) {
      this.#open(c === 0x7b, mode, dfa, here, i);
      return i + 1;
    }
    this.#matchHere = here;
    this.#mat = mode !== SKIP;
    if (c === 0x22) {
      this.#isKey = false;
      this.#chunkHere = dfa !== null && dfa.chunk && this.#c.onStringChunk !== undefined;
      this.#beginString(i);
      return this.#string(b, i + 1);
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.#st = S_NUMBER;
      this.#ns = c === 0x2d ? N_MINUS : c === 0x30 ? N_ZERO : N_INT;
      this.#numStart = i;
      this.#numAbs = this.#base + i;
      this.#numText = "";
      this.#numSpan = false;
      this.#numInt = true;
      return this.#number(b, i + 1);
    }
    const lit = c === 0x74 ? 0 : c === 0x66 ? 1 : c === 0x6e ? 2 : -1;
    if (lit < 0) this.#unexpected(b, i, "a JSON value");
    this.#st = S_LITERAL;
    this.#lit = lit;
    this.#litPos = 1;
    return this.#literal(b, i + 1);
  }

  #open(obj: boolean, mode: number, dfa: DfaState | null, here: boolean, i: number): void {
    const depth = this.#depth;
    if (depth >= this.#c.maxDepth) {
      this.#limit("EDEPTH", `Nesting deeper than ${this.#c.maxDepth}`, this.#base + i);
    }
    this.#kinds[depth] = obj ? 1 : 2;
    this.#counts[depth] = 0;
    this.#depth = depth + 1;
    this.#st = obj ? S_OBJ_FIRST : S_ARRAY_FIRST;
    if (mode === SKIP) {
      this.#skipDepth++;
    } else {
      let f = this.#frames[depth];
      if (f === undefined) f = this.#frames[depth] = new Frame();
      f.obj = obj;
      f.key = "";
      f.index = 0;
      f.dfa = dfa;
      f.value = mode === BUILD ? (obj ? {} : []) : undefined;
      f.emit = here;
      f.start = this.#base + i;
    }
    if (this.#events) this.#c.onEvent!(obj ? "startObject" : "startArray");
  }

  #close(i: number): void {
    const depth = --this.#depth;
    const obj = this.#kinds[depth] === 1;
    if (this.#events) this.#c.onEvent!(obj ? "endObject" : "endArray");
    if (this.#skipDepth > 0) {
      this.#skipDepth--;
      this.#done(undefined, i);
      return;
    }
    const f = this.#frames[depth];
    const v = f.value;
    f.value = undefined;
    if (f.emit) this.#c.onValue?.(v as JsonValue, this.#path(depth), this.#valueIndex);
    this.#done(v as JsonValue, i);
  }

  /** A value ended at b[i] (its last byte, or the byte after a number). */
  #done(v: JsonValue | undefined, i: number): void {
    const depth = this.#depth;
    if (depth === 0) {
      this.#st = S_TOP_AFTER;
      this.#valueIndex++;
      return;
    }
    this.#st = S_AFTER;
    if (this.#skipDepth > 0) return;
    const f = this.#frames[depth - 1];
    const parent = f.value;
    if (parent === undefined) return;
    if (!f.obj) (parent as JsonValue[]).push(v as JsonValue);
    else {
      const key = f.key;
      const o = parent as Record<string, JsonValue>;
      if (this.#rejectDups && Object.hasOwn(o, key)) {
        throw new JsonError("EDUPKEY", `Duplicate key ${JSON.stringify(key)}`, {
          offset: this.#base + i,
          path: this.#path(depth),
        });
      }
      if (key === "__proto__") {
        Object.defineProperty(o, key, {
          value: v,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      } else o[key] = v as JsonValue;
    }
  }

  #scalar(v: JsonValue | undefined, i: number): void {
    if (this.#matchHere) {
      this.#c.onValue?.(v as JsonValue, this.#path(this.#depth), this.#valueIndex);
    }
    if (this.#events) this.#c.onEvent!("scalar", v);
    this.#done(v, i);
  }

  #path(depth: number): JsonPath {
    const p: JsonPath = new Array(depth);
    for (let d = 0; d < depth; d++) {
      const f = this.#frames[d];
      p[d] = f.obj ? f.key : f.index;
    }
    return p;
  }

  // ---- strings ----

  #beginString(i: number): void {
    this.#st = S_STRING;
    this.#strAbs = this.#base + i;
    this.#seg = i + 1;
    this.#strAdj = this.#adj;
    this.#buffered = false;
    this.#sbLen = 0;
    this.#ascii = true;
    this.#esc = 0;
    this.#high = 0;
    this.#u8need = 0;
    if (this.#chunkHere) this.#chunkPath = this.#path(this.#depth);
  }

  /** Scans string content from b[k]; returns the index after the string or b.length. */
  #string(b: Uint8Array, k: number): number {
    const n = b.length;
    if (this.#u8need !== 0) {
      k = this.#utf8Cont(b, k);
      if (this.#u8need !== 0) return n;
    }
    if (this.#esc !== 0) {
      k = this.#escape(b, k);
      if (this.#esc !== 0) return n;
      this.#seg = k;
    }
    for (;;) {
      if (this.#high !== 0 && k < n && b[k] !== 0x5c) this.#lone(this.#highAbs);
      while (k < n && PLAIN[b[k]] === 1) k++;
      if (k >= n) return n;
      const c = b[k];
      if (c === 0x22) return this.#endString(b, k);
      if (c === 0x5c) {
        if (this.#mat) this.#flush(b, k);
        this.#esc = 1;
        this.#escAbs = this.#base + k;
        k = this.#escape(b, k + 1);
        if (this.#esc !== 0) return n;
        this.#seg = k;
        continue;
      }
      if (c >= 0x80) {
        k = this.#utf8Lead(b, k);
        if (this.#u8need !== 0) return n;
        continue;
      }
      this.#fail(`Unescaped control ${describe(c)} in a string`, this.#base + k);
    }
  }

  #utf8Lead(b: Uint8Array, k: number): number {
    const c = b[k];
    this.#ascii = false;
    let lo = 0x80;
    let hi = 0xbf;
    let need: number;
    if (c < 0xc2) need = -1;
    else if (c < 0xe0) need = 1;
    else if (c < 0xf0) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c < 0xf5) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else need = -1;
    if (need < 0) this.#fail(`Invalid UTF-8 ${describe(c)} in a string`, this.#base + k);
    this.#u8need = need;
    this.#u8have = 1;
    this.#adj += need === 3 ? 2 : need;
    this.#u8lo = lo;
    this.#u8hi = hi;
    return this.#utf8Cont(b, k + 1);
  }

  #utf8Cont(b: Uint8Array, k: number): number {
    const n = b.length;
    while (this.#u8need !== 0 && k < n) {
      const c = b[k];
      if (c < this.#u8lo || c > this.#u8hi) {
        this.#fail(`Invalid UTF-8 sequence (${describe(c)}) in a string`, this.#base + k);
      }
      this.#u8lo = 0x80;
      this.#u8hi = 0xbf;
      this.#u8need--;
      this.#u8have++;
      k++;
    }
    return k;
  }

  #escape(b: Uint8Array, k: number): number {
    const n = b.length;
    while (k < n) {
      const c = b[k];
      if (this.#esc === 1) {
        if (c === 0x75) {
          this.#esc = 2;
          this.#escCode = 0;
          k++;
          continue;
        }
        if (this.#high !== 0) this.#lone(this.#highAbs);
        let ch: number;
        switch (c) {
          case 0x22:
          case 0x5c:
          case 0x2f:
            ch = c;
            break;
          case 0x62:
            ch = 8;
            break;
          case 0x66:
            ch = 12;
            break;
          case 0x6e:
            ch = 10;
            break;
          case 0x72:
            ch = 13;
            break;
          case 0x74:
            ch = 9;
            break;
          default:
            this.#fail(`Invalid escape \\${fromCharCode(c)}`, this.#base + k);
        }
        this.#esc = 0;
        if (this.#mat) this.#appendByte(ch);
        return k + 1;
      }
      const h = HEX[c];
      if (h < 0) this.#fail(`Invalid hex digit ${describe(c)} in a \\u escape`, this.#base + k);
      this.#escCode = this.#escCode * 16 + h;
      k++;
      if (++this.#esc === 6) {
        this.#esc = 0;
        this.#codePoint(this.#escCode);
        return k;
      }
    }
    return n;
  }

  #codePoint(cp: number): void {
    if (this.#high !== 0) {
      if (cp >= 0xdc00 && cp <= 0xdfff) {
        const full = 0x10000 + ((this.#high - 0xd800) << 10) + (cp - 0xdc00);
        this.#high = 0;
        this.#ascii = false;
        if (this.#mat) this.#appendCodePoint(full);
        return;
      }
      this.#lone(this.#highAbs);
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
      this.#high = cp;
      this.#highAbs = this.#escAbs;
      return;
    }
    if (cp >= 0xdc00 && cp <= 0xdfff) {
      this.#lone(this.#escAbs);
      return;
    }
    if (cp >= 0x80) this.#ascii = false;
    if (this.#mat) this.#appendCodePoint(cp);
  }

  #lone(abs: number): void {
    if (this.#c.loneSurrogates === "reject") this.#fail("Lone surrogate in a \\u escape", abs);
    this.#high = 0;
    this.#ascii = false;
    if (this.#mat) this.#appendCodePoint(0xfffd);
  }

  #grow(extra: number): void {
    const need = this.#sbLen + extra;
    if (need <= this.#sb.length) return;
    let size = this.#sb.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#sb.subarray(0, this.#sbLen));
    this.#sb = next;
  }

  #appendByte(c: number): void {
    this.#buffered = true;
    if (this.#sbLen === this.#sb.length) this.#grow(1);
    this.#sb[this.#sbLen++] = c;
  }

  #appendCodePoint(cp: number): void {
    this.#buffered = true;
    this.#grow(4);
    const sb = this.#sb;
    let l = this.#sbLen;
    if (cp < 0x80) sb[l++] = cp;
    else if (cp < 0x800) {
      sb[l++] = 0xc0 | (cp >> 6);
      sb[l++] = 0x80 | (cp & 63);
    } else if (cp < 0x10000) {
      sb[l++] = 0xe0 | (cp >> 12);
      sb[l++] = 0x80 | ((cp >> 6) & 63);
      sb[l++] = 0x80 | (cp & 63);
    } else {
      sb[l++] = 0xf0 | (cp >> 18);
      sb[l++] = 0x80 | ((cp >> 12) & 63);
      sb[l++] = 0x80 | ((cp >> 6) & 63);
      sb[l++] = 0x80 | (cp & 63);
    }
    this.#sbLen = l;
  }

  /** Moves the plain run b[seg..k) into the buffer. */
  #flush(b: Uint8Array, k: number): void {
    const from = this.#seg;
    if (k > from) {
      this.#buffered = true;
      this.#grow(k - from);
      this.#sb.set(b.subarray(from, k), this.#sbLen);
      this.#sbLen += k - from;
    }
    this.#seg = k;
  }

  #checkStringLimit(abs: number): void {
    if (this.#chunkHere) return;
    const max = this.#c.maxStringBytes;
    if (abs - this.#strAbs - 1 > max) {
      this.#limit("ESTRING", `A string is longer than ${max} bytes`, this.#strAbs);
    }
  }

  #stringChunkEnd(b: Uint8Array, n: number): void {
    this.#checkStringLimit(this.#base + n);
    if (this.#mat && this.#esc === 0) this.#flush(b, n);
    this.#seg = 0;
    if (this.#chunkHere) this.#deliverChunk(false);
  }

  /** Hands the complete UTF-8 prefix of the buffer to onStringChunk. */
  #deliverChunk(done: boolean): void {
    let len = this.#sbLen;
    if (!done && this.#u8need !== 0) len -= this.#u8have;
    if (len <= 0 && !done) return;
    if (!done && len < this.#c.stringChunkSize && this.#sbLen < this.#c.stringChunkSize) return;
    const text = decoder.decode(this.#sb.subarray(0, len));
    this.#sb.copyWithin(0, len, this.#sbLen);
    this.#sbLen -= len;
    this.#c.onStringChunk!(text, this.#chunkPath, done);
    if (this.#sb.length > 4 * this.#c.stringChunkSize) this.#sb = new Uint8Array(256);
  }

  #endString(b: Uint8Array, k: number): number {
    if (this.#high !== 0) this.#lone(this.#highAbs);
    this.#checkStringLimit(this.#base + k);
    let s: string | undefined;
    if (this.#chunkHere) {
      this.#flush(b, k);
      this.#deliverChunk(true);
      this.#matchHere = false;
    } else if (this.#mat) {
      if (!this.#buffered) {
        const start = this.#seg;
        const len = k - start;
        s = this.#isKey && this.#ascii && len <= 32
          ? this.#cachedKey(b, start, k)
          : this.#slice(start - this.#strAdj, k - this.#adj);
      } else {
        this.#flush(b, k);
        const len = this.#sbLen;
        s = this.#ascii ? ascii(this.#sb, 0, len) : decoder.decode(this.#sb.subarray(0, len));
        if (this.#sb.length > 65536) this.#sb = new Uint8Array(256);
      }
    }
    if (this.#isKey) {
      const depth = this.#depth;
      const count = ++this.#counts[depth - 1];
      if (count > this.#c.maxKeys) {
        this.#limit("EKEYS", `An object has more than ${this.#c.maxKeys} members`, this.#strAbs);
      }
      if (this.#skipDepth === 0) this.#frames[depth - 1].key = s as string;
      if (this.#events) this.#c.onEvent!("key", s);
      this.#st = S_COLON;
    } else this.#scalar(s, k);
    return k + 1;
  }

  /** Characters [from, to) of the current chunk's text. */
  #slice(from: number, to: number): string {
    let text = this.#chunkText;
    if (text === undefined) {
      const skip = this.#headSkip;
      text = this.#chunkText = decoder.decode(skip ? this.#chunk.subarray(skip) : this.#chunk);
    }
    return text.slice(from, to);
  }

  #cachedKey(b: Uint8Array, start: number, end: number): string {
    const len = end - start;
    if (len === 0) return "";
    const h = (len * 31 + b[start] * 7 + b[end - 1] * 13 + b[start + (len >> 1)]) & 1023;
    const cached = this.#kcBytes[h];
    if (cached !== undefined && cached.length === len) {
      let k = 0;
      while (k < len && cached[k] === b[start + k]) k++;
      if (k === len) return this.#kcStr[h];
    }
    const s = ascii(b, start, end);
    this.#kcBytes[h] = b.slice(start, end);
    this.#kcStr[h] = s;
    return s;
  }

  // ---- numbers ----

  #number(b: Uint8Array, k: number): number {
    const n = b.length;
    let s = this.#ns;
    for (; k < n; k++) {
      const c = b[k];
      const digit = c >= 0x30 && c <= 0x39;
      switch (s) {
        case N_INT:
          if (digit) continue;
          if (c === 0x2e) s = N_DOT;
          else if (c === 0x65 || c === 0x45) s = N_E;
          else {
            this.#ns = s;
            return this.#endNumber(b, k);
          }
          this.#numInt = false;
          continue;
        case N_MINUS:
          if (!digit) this.#unexpected(b, k, "a digit");
          s = c === 0x30 ? N_ZERO : N_INT;
          continue;
        case N_ZERO:
          if (c === 0x2e) s = N_DOT;
          else if (c === 0x65 || c === 0x45) s = N_E;
          else {
            this.#ns = s;
            return this.#endNumber(b, k);
          }
          this.#numInt = false;
          continue;
        case N_DOT:
          if (!digit) this.#unexpected(b, k, "a digit after '.'");
          s = N_FRAC;
          continue;
        case N_FRAC:
          if (digit) continue;
          if (c === 0x65 || c === 0x45) s = N_E;
          else {
            this.#ns = s;
            return this.#endNumber(b, k);
          }
          continue;
        case N_E:
          if (c === 0x2b || c === 0x2d) s = N_ESIGN;
          else if (digit) s = N_EXP;
          else this.#unexpected(b, k, "an exponent");
          continue;
        case N_ESIGN:
          if (!digit) this.#unexpected(b, k, "an exponent digit");
          s = N_EXP;
          continue;
        default: // N_EXP
          if (digit) continue;
          this.#ns = s;
          return this.#endNumber(b, k);
      }
    }
    this.#ns = s;
    return n;
  }

  #numberChunkEnd(b: Uint8Array, n: number): void {
    if (this.#base + n - this.#numAbs > this.#c.maxNumberLength) {
      this.#limit(
        "ENUMBER",
        `A number is longer than ${this.#c.maxNumberLength} characters`,
        this.#numAbs,
      );
    }
    this.#numText += ascii(b, this.#numStart, n);
    this.#numSpan = true;
    this.#numStart = 0;
  }

  /** The number ended before b[k]; returns k (the byte is not consumed). */
  #endNumber(b: Uint8Array, k: number): number {
    const len = this.#base + k - this.#numAbs;
    if (len > this.#c.maxNumberLength) {
      this.#limit(
        "ENUMBER",
        `A number is longer than ${this.#c.maxNumberLength} characters`,
        this.#numAbs,
      );
    }
    let v: JsonValue | undefined;
    if (this.#mat) {
      const start = this.#numStart;
      if (!this.#numSpan && this.#numInt && len <= 15) {
        let x = 0;
        let j = start;
        const neg = b[j] === 0x2d;
        if (neg) j++;
        for (; j < k; j++) x = x * 10 + (b[j] - 0x30);
        v = neg ? -x : x;
      } else {
        const text = this.#numSpan
          ? this.#numText + ascii(b, start, k)
          : this.#slice(start - this.#adj, k - this.#adj);
        const x = Number(text);
        if (this.#numInt && this.#c.bigint && !Number.isSafeInteger(x)) v = BigInt(text);
        else if (x === Infinity || x === -Infinity) {
          if (this.#c.numberOverflow === "reject") {
            this.#limit(
              "ERANGE",
              `Number ${text.slice(0, 40)} is beyond the double range`,
              this.#numAbs,
            );
          }
          v = x;
        } else v = x;
      }
    } else if (
      this.#c.numberOverflow === "reject" && (this.#ns === N_EXP || len > 300) &&
      !(this.#numInt && this.#c.bigint)
    ) {
      // Overflow is checked in skipped numbers too, so results never depend on paths.
      const text = this.#numText + ascii(b, this.#numStart, k);
      const x = Number(text);
      if (x === Infinity || x === -Infinity) {
        this.#limit(
          "ERANGE",
          `Number ${text.slice(0, 40)} is beyond the double range`,
          this.#numAbs,
        );
      }
    }
    this.#numText = "";
    if (this.#depth === 0) this.#topEnd = this.#base + k;
    this.#scalar(v, k - 1);
    return k;
  }

  // ---- literals ----

  #literal(b: Uint8Array, k: number): number {
    const n = b.length;
    const want = LITERALS[this.#lit];
    while (k < n) {
      if (b[k] !== want[this.#litPos]) {
        this.#unexpected(
          b,
          k,
          `${JSON.stringify(fromCharCode(want[this.#litPos]))} of ${
            new TextDecoder().decode(want)
          }`,
        );
      }
      k++;
      if (++this.#litPos === want.length) {
        if (this.#depth === 0) this.#topEnd = this.#base + k;
        this.#scalar(LITERAL_VALUES[this.#lit], k - 1);
        return k;
      }
    }
    return n;
  }
}
