// Copyright 2026 the wirekit authors. MIT license.
// JSONPath-like patterns compiled to a lazily built DFA over path segments.
// A frame of the push parser holds one DFA state; the transition for a key or
// an index is cached, so steady-state matching allocates nothing.

const KEY = 0;
const INDEX = 1;
const WILD = 2;

/** One step of a compiled pattern. */
interface Step {
  kind: number;
  key: string;
  index: number;
  /** Preceded by `..`: matches at any depth below. */
  desc: boolean;
}

/** A compiled pattern: its steps and whether it asks for string chunks. */
export interface CompiledPattern {
  steps: Step[];
  chunk: boolean;
}

const MAX_CACHE = 1024;

/** A state of the lazily built DFA. */
export class DfaState {
  /** NFA states: pattern * 4096 + step. */
  readonly nfa: number[];
  /** A value pattern is complete here. */
  readonly matched: boolean;
  /** A string-chunk pattern is complete here. */
  readonly chunk: boolean;
  #patterns: CompiledPattern[];
  #registry: Map<string, DfaState>;
  #byKey = new Map<string, DfaState | null>();
  #byIndex = new Map<number, DfaState | null>();
  #otherKey: DfaState | null | undefined = undefined;
  #otherIndex: DfaState | null | undefined = undefined;
  #names: Set<string>;
  #indices: Set<number>;

  constructor(nfa: number[], patterns: CompiledPattern[], registry: Map<string, DfaState>) {
    this.nfa = nfa;
    this.#patterns = patterns;
    this.#registry = registry;
    if (registry.size < 65536) registry.set(nfa.join(","), this);
    let matched = false;
    let chunk = false;
    this.#names = new Set();
    this.#indices = new Set();
    for (const s of nfa) {
      const p = patterns[s >> 12];
      const j = s & 4095;
      if (j === p.steps.length) {
        if (p.chunk) chunk = true;
        else matched = true;
      } else {
        const st = p.steps[j];
        if (st.kind === KEY) this.#names.add(st.key);
        else if (st.kind === INDEX) this.#indices.add(st.index);
      }
    }
    this.matched = matched;
    this.chunk = chunk;
  }

  #advance(seg: string | number): DfaState | null {
    const out: number[] = [];
    const pats = this.#patterns;
    for (const s of this.nfa) {
      const p = pats[s >> 12];
      const j = s & 4095;
      if (j === p.steps.length) continue;
      const st = p.steps[j];
      const hit = st.kind === WILD ||
        (st.kind === KEY ? typeof seg === "string" && seg === st.key : seg === st.index);
      if (hit && !out.includes(s + 1)) out.push(s + 1);
      if (st.desc && !out.includes(s)) out.push(s);
    }
    if (out.length === 0) return null;
    out.sort((a, b) => a - b);
    // States are interned, so the DFA stays as small as the set of distinct NFA sets.
    return this.#registry.get(out.join(",")) ?? new DfaState(out, pats, this.#registry);
  }

  /** The state for the member `key` of an object in this state. */
  key(key: string): DfaState | null {
    if (!this.#names.has(key)) {
      if (this.#otherKey === undefined) this.#otherKey = this.#advance("\u0000other");
      return this.#otherKey;
    }
    let next = this.#byKey.get(key);
    if (next === undefined) {
      next = this.#advance(key);
      if (this.#byKey.size < MAX_CACHE) this.#byKey.set(key, next);
    }
    return next;
  }

  /** The state for element `index` of an array in this state. */
  index(index: number): DfaState | null {
    if (!this.#indices.has(index)) {
      if (this.#otherIndex === undefined) this.#otherIndex = this.#advance(-1);
      return this.#otherIndex;
    }
    let next = this.#byIndex.get(index);
    if (next === undefined) {
      next = this.#advance(index);
      if (this.#byIndex.size < MAX_CACHE) this.#byIndex.set(index, next);
    }
    return next;
  }
}

function bad(pattern: string, why: string): never {
  throw new TypeError(`Invalid JSON path ${JSON.stringify(pattern)}: ${why}`);
}

const NAME_END = /[.[\]\s]/;

/**
 * Parses a pattern: `$`, `.name`, `['name']`, `["name"]`, `[3]`, `.*`, `[*]`,
 * and `..` before any step (any depth).
 */
export function compilePath(pattern: string, chunk = false): CompiledPattern {
  if (typeof pattern !== "string") bad(String(pattern), "not a string");
  if (pattern[0] !== "$") bad(pattern, "must start with $");
  const steps: Step[] = [];
  let i = 1;
  while (i < pattern.length) {
    let desc = false;
    let c = pattern[i];
    if (c === ".") {
      if (pattern[i + 1] === ".") {
        desc = true;
        i += 2;
      } else i += 1;
      c = pattern[i];
      if (c === undefined) bad(pattern, "ends after a dot");
      if (c !== "[") {
        if (c === "*") {
          steps.push({ kind: WILD, key: "", index: -1, desc });
          i++;
          continue;
        }
        let j = i;
        while (j < pattern.length && !NAME_END.test(pattern[j])) j++;
        if (j === i) bad(pattern, `empty name at ${i}`);
        steps.push({ kind: KEY, key: pattern.slice(i, j), index: -1, desc });
        i = j;
        continue;
      }
    } else if (c !== "[") bad(pattern, `unexpected ${JSON.stringify(c)} at ${i}`);
    // Bracket step at i.
    const close = (at: number) => {
      if (pattern[at] !== "]") bad(pattern, `expected ] at ${at}`);
      return at + 1;
    };
    c = pattern[i + 1];
    if (c === "*") {
      steps.push({ kind: WILD, key: "", index: -1, desc });
      i = close(i + 2);
    } else if (c === "'" || c === '"') {
      let j = i + 2;
      let name = "";
      while (j < pattern.length && pattern[j] !== c) {
        if (pattern[j] === "\\" && j + 1 < pattern.length) j++;
        name += pattern[j++];
      }
      if (j >= pattern.length) bad(pattern, "unterminated quoted name");
      steps.push({ kind: KEY, key: name, index: -1, desc });
      i = close(j + 1);
    } else {
      let j = i + 1;
      while (j < pattern.length && pattern[j] >= "0" && pattern[j] <= "9") j++;
      if (j === i + 1 || j - i - 1 > 9) bad(pattern, `expected an index at ${i + 1}`);
      steps.push({ kind: INDEX, key: "", index: Number(pattern.slice(i + 1, j)), desc });
      i = close(j);
    }
  }
  if (steps.length > 4000) bad(pattern, "too many steps");
  return { steps, chunk };
}

/** The DFA start state for the patterns, or null when there are none. */
export function startState(patterns: CompiledPattern[]): DfaState | null {
  if (patterns.length === 0) return null;
  if (patterns.length > 500) throw new RangeError("At most 500 path patterns are supported");
  return new DfaState(patterns.map((_, p) => p * 4096), patterns, new Map());
}
