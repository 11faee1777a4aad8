// Copyright 2026 the wirekit authors. MIT license.
// Stylesheets (css-tree), selector compilation and matching, @media against
// the target, specificity, source order, !important, custom properties and
// var(), shorthand expansion. Produces per element the winning longhand
// declarations as token lists; _style.ts computes values from them.
// Only css-tree's parser and generator: the package root also builds the
// property-grammar lexer from mdn-data, which costs 150-300 ms at start-up.
// @ts-ignore: css-tree's subpath exports ship no type declarations (typed below).
import cssParse from "css-tree/parser";
// @ts-ignore: css-tree's subpath exports ship no type declarations (typed below).
import cssGenerate from "css-tree/generator";
import type { ElementNode } from "./_dom.ts";
import type { RenderDiagnostic } from "./diagnostic.ts";
import { BORDER_STYLES, serialize, splitCommas, type Tok, tokenize } from "./_css_values.ts";

const csstree = {
  parse: cssParse as (text: string, options: Record<string, unknown>) => unknown,
  generate: cssGenerate as (node: unknown) => string,
};

/** Where a declaration came from. */
export interface DeclLoc {
  source: string;
  line: number;
  column: number;
}

/** One declaration (name lower-cased; custom properties keep their case). */
export interface Decl {
  name: string;
  raw: string;
  important: boolean;
  loc: DeclLoc;
  hasVar: boolean;
}

type Simple =
  | { k: "tag"; v: string }
  | { k: "id"; v: string }
  | { k: "class"; v: string }
  | { k: "attr"; name: string; op: string; v: string; ci: boolean }
  | { k: "nth"; a: number; b: number; last: boolean; ofType: boolean }
  | { k: "root" }
  | { k: "empty" }
  | { k: "not"; list: Compiled[] }
  | { k: "is"; list: Compiled[] }
  | { k: "never" };

interface Compound {
  tests: Simple[];
  /** Combinator to the compound on the left. */
  comb: string;
}

/** A compiled complex selector: compounds right to left. */
export interface Compiled {
  compounds: Compound[];
  spec: number;
}

interface RuleEntry {
  sel: Compiled;
  order: number;
  origin: number;
  decls: Decl[];
}

/** A @font-face rule. */
export interface FontFaceRule {
  family: string;
  src: Tok[];
  weight: string;
  style: string;
  loc: DeclLoc;
  base: string;
}

/** What @media queries are evaluated against. */
export interface MediaTarget {
  width: number;
  height: number;
  type: string;
  /** Bits per pixel of a monochrome device; 0 for colour devices. */
  monochrome: number;
  /** Bits per colour component; 0 for monochrome devices. */
  color: number;
}

/** Collected, indexed rules of all stylesheets of a page. */
export class RuleSet {
  byId: Map<string, RuleEntry[]> = new Map();
  byClass: Map<string, RuleEntry[]> = new Map();
  byTag: Map<string, RuleEntry[]> = new Map();
  universal: RuleEntry[] = [];
  fontFaces: FontFaceRule[] = [];
  imports: { url: string; base: string; loc: DeclLoc }[] = [];
  ruleCount = 0;
  /** When set, every add() is also appended here (to record a sheet's rules). */
  log?: Omit<RuleEntry, "order">[];
  #order = 0;

  add(entry: Omit<RuleEntry, "order">): void {
    this.log?.push(entry);
    const e: RuleEntry = { ...entry, order: this.#order++ };
    const right = entry.sel.compounds[0].tests;
    const id = right.find((t) => t.k === "id");
    const cls = right.find((t) => t.k === "class");
    const tag = right.find((t) => t.k === "tag");
    const push = (m: Map<string, RuleEntry[]>, k: string) => {
      const l = m.get(k);
      if (l) l.push(e);
      else m.set(k, [e]);
    };
    if (id && id.k === "id") push(this.byId, id.v);
    else if (cls && cls.k === "class") push(this.byClass, cls.v);
    else if (tag && tag.k === "tag") push(this.byTag, tag.v);
    else this.universal.push(e);
  }
}

/** Options for parsing one stylesheet. */
export interface SheetContext {
  source: string;
  base: string;
  /** Line/column of the first character (for <style> blocks inside the page). */
  line: number;
  column: number;
  origin: number;
  media: MediaTarget;
  maxRules: number;
  diagnostics: RenderDiagnostic[];
}

// ---------------------------------------------------------------- media queries

function mediaFeature(text: string, m: MediaTarget): boolean | undefined {
  const s = text.trim().toLowerCase();
  const px = (v: string): number | undefined => {
    const mm = /^(-?[\d.]+)(px|em|rem)?$/.exec(v.trim());
    if (!mm) return undefined;
    const n = Number(mm[1]);
    return mm[2] === "em" || mm[2] === "rem" ? n * 16 : n;
  };
  const range = /^([a-z-]+)\s*(<=|>=|<|>|=)\s*([^\s]+)$/.exec(s);
  if (range) {
    const [, name, op, val] = range;
    const actual = name === "width" ? m.width : name === "height" ? m.height : undefined;
    const v = px(val);
    if (actual === undefined || v === undefined) return undefined;
    return op === "<="
      ? actual <= v
      : op === ">="
      ? actual >= v
      : op === "<"
      ? actual < v
      : op === ">"
      ? actual > v
      : actual === v;
  }
  const colon = s.indexOf(":");
  const name = (colon < 0 ? s : s.slice(0, colon)).trim();
  const val = colon < 0 ? undefined : s.slice(colon + 1).trim();
  const num = (actual: number, prefix: string): boolean | undefined => {
    if (val === undefined) return actual > 0;
    const v = Number(val);
    if (!Number.isFinite(v)) return undefined;
    return prefix === "min-" ? actual >= v : prefix === "max-" ? actual <= v : actual === v;
  };
  const dim = (actual: number, prefix: string): boolean | undefined => {
    if (val === undefined) return prefix === "" ? actual > 0 : undefined;
    const v = px(val);
    if (v === undefined) return undefined;
    return prefix === "min-" ? actual >= v : prefix === "max-" ? actual <= v : actual === v;
  };
  const pm = /^(min-|max-)?(.*)$/.exec(name)!;
  const prefix = pm[1] ?? "";
  switch (pm[2]) {
    case "width":
      return dim(m.width, prefix);
    case "height":
      return dim(m.height, prefix);
    case "orientation":
      return val === "portrait"
        ? m.height >= m.width
        : val === "landscape"
        ? m.width > m.height
        : undefined;
    case "monochrome":
      return num(m.monochrome, prefix);
    case "color":
      return num(m.color, prefix);
    case "aspect-ratio": {
      const r = /^(\d+)\s*\/\s*(\d+)$/.exec(val ?? "");
      if (!r) return undefined;
      const want = Number(r[1]) / Number(r[2]);
      const actual = m.width / m.height;
      return prefix === "min-"
        ? actual >= want
        : prefix === "max-"
        ? actual <= want
        : actual === want;
    }
    case "prefers-color-scheme":
      return val === "light";
    case "prefers-reduced-motion":
      return val === "no-preference";
  }
  return undefined;
}

/** Evaluates a media query list; `undefined` when a feature is not understood. */
export function evalMedia(text: string, m: MediaTarget): boolean | undefined {
  const list = text.split(",");
  let unknown = false;
  for (const q0 of list) {
    let q = q0.trim().toLowerCase();
    if (!q) return true;
    let negate = false;
    if (q.startsWith("not ")) {
      negate = true;
      q = q.slice(4).trim();
    } else if (q.startsWith("only ")) q = q.slice(5).trim();
    const parts = q.split(/\s+and\s+/);
    let ok = true;
    for (const p of parts) {
      const pt = p.trim();
      if (pt.startsWith("(") && pt.endsWith(")")) {
        const r = mediaFeature(pt.slice(1, -1), m);
        if (r === undefined) {
          unknown = true;
          ok = false;
        } else if (!r) ok = false;
      } else if (pt === "all" || pt === m.type) {
        // matches
      } else if (pt === "screen" || pt === "print" || pt === "speech") {
        ok = false;
      } else {
        unknown = true;
        ok = false;
      }
    }
    if (negate ? !ok : ok) return true;
  }
  return unknown ? undefined : false;
}

// ---------------------------------------------------------------- selectors

interface CssNode {
  type: string;
  name?: string | { name: string };
  children?: { toArray(): CssNode[] } | null;
  matcher?: string | null;
  value?: CssNode | string | null;
  flags?: string | null;
  nth?: { type: string; a?: string | null; b?: string | null; name?: string };
  selector?: CssNode | null;
  loc?: { start: { line: number; column: number } };
  prelude?: CssNode | null;
  block?: CssNode | null;
  important?: boolean | string;
  property?: string;
}

class Unsupported extends Error {}

function compileList(list: CssNode): Compiled[] {
  return (list.children?.toArray() ?? []).map((s) => compileSelector(s));
}

function maxSpec(list: Compiled[]): number {
  return list.reduce((m, s) => Math.max(m, s.spec), 0);
}

/** Compiles one css-tree Selector node. Throws Unsupported for pseudo-elements and unknown pseudo-classes. */
function compileSelector(sel: CssNode): Compiled {
  const nodes = sel.children?.toArray() ?? [];
  const compounds: Compound[] = [];
  let cur: Simple[] = [];
  let pending = "";
  let s = 0;
  for (const n of nodes) {
    switch (n.type) {
      case "TypeSelector": {
        const name = String(n.name).toLowerCase();
        if (name !== "*") {
          cur.push({ k: "tag", v: name.includes("|") ? name.split("|")[1] : name });
          s += 1;
        }
        break;
      }
      case "IdSelector":
        cur.push({ k: "id", v: String(n.name) });
        s += 1_000_000;
        break;
      case "ClassSelector":
        cur.push({ k: "class", v: String(n.name) });
        s += 1_000;
        break;
      case "AttributeSelector": {
        const nm = typeof n.name === "object" && n.name ? n.name.name : String(n.name);
        const v = n.value as CssNode | null;
        const val = v ? (v.type === "String" ? String(v.value) : String(v.name)) : "";
        cur.push({
          k: "attr",
          name: nm.toLowerCase(),
          op: n.matcher ?? "",
          v: val,
          ci: n.flags === "i",
        });
        s += 1_000;
        break;
      }
      case "PseudoClassSelector": {
        const name = String(n.name).toLowerCase();
        const args = n.children?.toArray() ?? [];
        s += 1_000;
        switch (name) {
          case "first-child":
            cur.push({ k: "nth", a: 0, b: 1, last: false, ofType: false });
            break;
          case "last-child":
            cur.push({ k: "nth", a: 0, b: 1, last: true, ofType: false });
            break;
          case "only-child":
            cur.push({ k: "nth", a: 0, b: 1, last: false, ofType: false });
            cur.push({ k: "nth", a: 0, b: 1, last: true, ofType: false });
            break;
          case "first-of-type":
            cur.push({ k: "nth", a: 0, b: 1, last: false, ofType: true });
            break;
          case "last-of-type":
            cur.push({ k: "nth", a: 0, b: 1, last: true, ofType: true });
            break;
          case "nth-child":
          case "nth-last-child":
          case "nth-of-type":
          case "nth-last-of-type": {
            const nth = args[0]?.nth;
            if (!nth) throw new Unsupported();
            let a = 0, b = 0;
            if (nth.type === "AnPlusB") {
              a = nth.a == null ? 0 : Number(nth.a === "-" ? -1 : nth.a === "+" ? 1 : nth.a);
              b = nth.b == null ? 0 : Number(nth.b);
            } else if (nth.type === "Identifier") {
              const id = String(nth.name).toLowerCase();
              if (id === "odd") [a, b] = [2, 1];
              else if (id === "even") [a, b] = [2, 0];
              else throw new Unsupported();
            } else throw new Unsupported();
            if (!Number.isFinite(a) || !Number.isFinite(b)) throw new Unsupported();
            if (args[0]?.selector) throw new Unsupported();
            cur.push({
              k: "nth",
              a,
              b,
              last: name.includes("last"),
              ofType: name.includes("type"),
            });
            break;
          }
          case "not":
          case "is":
          case "where":
          case "matches": {
            const list = args[0] ? compileList(args[0]) : [];
            s -= 1_000;
            if (name !== "where") s += maxSpec(list);
            cur.push({ k: name === "not" ? "not" : "is", list });
            break;
          }
          case "root":
            cur.push({ k: "root" });
            break;
          case "empty":
            cur.push({ k: "empty" });
            break;
          case "link":
          case "any-link":
            cur.push({ k: "tag", v: "a" }, { k: "attr", name: "href", op: "", v: "", ci: false });
            break;
          case "hover":
          case "active":
          case "focus":
          case "focus-visible":
          case "focus-within":
          case "visited":
          case "checked":
          case "disabled":
          case "target":
            // A static render has no interaction state: these never match.
            cur.push({ k: "never" });
            break;
          default:
            throw new Unsupported();
        }
        break;
      }
      case "Combinator":
        compounds.push({ tests: cur, comb: pending });
        cur = [];
        pending = String(n.name).trim() || " ";
        break;
      case "PseudoElementSelector":
      case "NestingSelector":
      default:
        throw new Unsupported();
    }
  }
  compounds.push({ tests: cur, comb: pending });
  // Left-to-right list where comb links a compound to its left neighbour; store right to left
  // with comb linking compound i to compound i + 1.
  compounds.reverse();
  for (let i = 0; i < compounds.length - 1; i++) compounds[i].comb = compounds[i].comb || " ";
  return { compounds, spec: s };
}

function matchSimple(el: ElementNode, t: Simple): boolean {
  switch (t.k) {
    case "tag":
      return el.tag === t.v;
    case "id":
      return el.id === t.v;
    case "class":
      return el.classes.includes(t.v);
    case "attr": {
      const raw = el.attrs.get(t.name);
      if (raw === undefined) return false;
      const v = t.ci ? raw.toLowerCase() : raw;
      const w = t.ci ? t.v.toLowerCase() : t.v;
      switch (t.op) {
        case "":
          return true;
        case "=":
          return v === w;
        case "~=":
          return w !== "" && v.split(/\s+/).includes(w);
        case "|=":
          return v === w || v.startsWith(w + "-");
        case "^=":
          return w !== "" && v.startsWith(w);
        case "$=":
          return w !== "" && v.endsWith(w);
        case "*=":
          return w !== "" && v.includes(w);
      }
      return false;
    }
    case "nth": {
      let pos: number;
      if (t.ofType) {
        pos = 1;
        let s = t.last ? el.next : el.prev;
        while (s) {
          if (s.tag === el.tag) pos++;
          s = t.last ? s.next : s.prev;
        }
      } else pos = t.last ? el.siblings - el.index + 1 : el.index;
      if (!el.parent) return false;
      if (t.a === 0) return pos === t.b;
      const k = (pos - t.b) / t.a;
      return Number.isInteger(k) && k >= 0;
    }
    case "root":
      return el.parent === null;
    case "empty":
      return el.children.every((c) => c.kind === 3 && c.text === "");
    case "not":
      return !t.list.some((s) => matchSelector(el, s));
    case "is":
      return t.list.some((s) => matchSelector(el, s));
    case "never":
      return false;
  }
}

function matchCompound(el: ElementNode, c: Compound): boolean {
  for (const t of c.tests) if (!matchSimple(el, t)) return false;
  return true;
}

function matchFrom(el: ElementNode, sel: Compiled, i: number): boolean {
  if (!matchCompound(el, sel.compounds[i])) return false;
  if (i === sel.compounds.length - 1) return true;
  const comb = sel.compounds[i].comb;
  switch (comb) {
    case ">":
      return el.parent !== null && matchFrom(el.parent, sel, i + 1);
    case "+":
      return el.prev !== null && matchFrom(el.prev, sel, i + 1);
    case "~": {
      for (let s = el.prev; s; s = s.prev) if (matchFrom(s, sel, i + 1)) return true;
      return false;
    }
    default: {
      for (let p = el.parent; p; p = p.parent) if (matchFrom(p, sel, i + 1)) return true;
      return false;
    }
  }
}

/** Whether an element matches a compiled selector. */
export function matchSelector(el: ElementNode, sel: Compiled): boolean {
  return matchFrom(el, sel, 0);
}

// ---------------------------------------------------------------- stylesheets

function locOf(n: CssNode, ctx: SheetContext): DeclLoc {
  const l = n.loc?.start;
  if (!l) return { source: ctx.source, line: ctx.line, column: ctx.column };
  return {
    source: ctx.source,
    line: ctx.line + l.line - 1,
    column: l.line === 1 ? ctx.column + l.column - 1 : l.column,
  };
}

function diag(
  ctx: SheetContext,
  kind: RenderDiagnostic["kind"],
  message: string,
  loc: DeclLoc,
): void {
  ctx.diagnostics.push({ kind, message, source: loc.source, line: loc.line, column: loc.column });
}

function declsOf(block: CssNode | null | undefined, ctx: SheetContext): Decl[] {
  const out: Decl[] = [];
  for (const d of block?.children?.toArray() ?? []) {
    if (d.type !== "Declaration") continue;
    const prop = String(d.property);
    const name = prop.startsWith("--") ? prop : prop.toLowerCase();
    const raw = typeof d.value === "object" && d.value
      ? String(d.value.value ?? "")
      : String(d.value ?? "");
    out.push({
      name,
      raw,
      important: !!d.important,
      loc: locOf(d, ctx),
      hasVar: /var\(/i.test(raw),
    });
  }
  return out;
}

const sheetCache = new Map<string, CssNode>();

function parseSheetAst(text: string): CssNode {
  const hit = sheetCache.get(text);
  if (hit) return hit;
  const ast = csstree.parse(text, {
    positions: true,
    parseValue: false,
    parseCustomProperty: false,
    parseAtrulePrelude: false,
  }) as unknown as CssNode;
  if (sheetCache.size > 64) sheetCache.clear();
  sheetCache.set(text, ast);
  return ast;
}

/** What walking one stylesheet adds to a RuleSet, replayable. */
interface SheetRecord {
  adds: Omit<RuleEntry, "order">[];
  fontFaces: FontFaceRule[];
  imports: RuleSet["imports"];
  diagnostics: RenderDiagnostic[];
  rules: number;
}

/**
 * Compiled stylesheets by parsed sheet (the AST cache above bounds them) and
 * by the context that shapes the result (locations, origin, media target);
 * at most 8 contexts per sheet.
 */
const compiledSheets = new WeakMap<CssNode, Map<string, SheetRecord>>();

/** Parses a stylesheet into `rules`. */
export function addStyleSheet(rules: RuleSet, text: string, ctx: SheetContext): void {
  const ast = parseSheetAst(text);
  const m = ctx.media;
  const key = JSON.stringify([
    ctx.source,
    ctx.base,
    ctx.line,
    ctx.column,
    ctx.origin,
    m.width,
    m.height,
    m.type,
    m.monochrome,
    m.color,
  ]);
  let per = compiledSheets.get(ast);
  let rec = per?.get(key);
  if (!rec || rules.ruleCount + rec.rules > ctx.maxRules) {
    // Walk into a scratch set that starts where `rules` is (the walk reads
    // nothing else of it), then replay: the same result as walking `rules`.
    const tmp = new RuleSet();
    tmp.log = [];
    tmp.ruleCount = rules.ruleCount;
    const diagnostics: RenderDiagnostic[] = [];
    walkRules(tmp, ast.children?.toArray() ?? [], { ...ctx, diagnostics });
    rec = {
      adds: tmp.log,
      fontFaces: tmp.fontFaces,
      imports: tmp.imports,
      diagnostics,
      rules: tmp.ruleCount - rules.ruleCount,
    };
    // A walk cut short by limits.cssRules depends on where it started: not kept.
    if (tmp.ruleCount <= ctx.maxRules) {
      if (!per) compiledSheets.set(ast, per = new Map());
      if (per.size >= 8) per.clear();
      per.set(key, rec);
    }
  }
  for (const a of rec.adds) rules.add(a);
  for (const f of rec.fontFaces) rules.fontFaces.push({ ...f });
  for (const i of rec.imports) rules.imports.push({ ...i });
  for (const d of rec.diagnostics) ctx.diagnostics.push({ ...d });
  rules.ruleCount += rec.rules;
}

function walkRules(rules: RuleSet, nodes: CssNode[], ctx: SheetContext): void {
  for (const n of nodes) {
    if (n.type === "Rule") {
      if (++rules.ruleCount > ctx.maxRules) {
        diag(
          ctx,
          "limit",
          `More than ${ctx.maxRules} CSS rules (limits.cssRules); the rest are ignored`,
          locOf(n, ctx),
        );
        return;
      }
      const decls = declsOf(n.block, ctx);
      const pre = n.prelude;
      if (!pre || pre.type !== "SelectorList") {
        diag(ctx, "selector", "Unparsable selector", locOf(n, ctx));
        continue;
      }
      for (const s of pre.children?.toArray() ?? []) {
        try {
          rules.add({ sel: compileSelector(s), origin: ctx.origin, decls });
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
          diag(
            ctx,
            "selector",
            `Unsupported selector "${csstree.generate(s as never)}"`,
            locOf(s, ctx),
          );
        }
      }
    } else if (n.type === "Atrule") {
      const name = String(n.name).toLowerCase();
      const prelude = n.prelude && typeof n.prelude === "object"
        ? String(n.prelude.value ?? "")
        : "";
      if (name === "media") {
        const r = evalMedia(prelude, ctx.media);
        if (r === undefined) {
          diag(ctx, "at-rule", `Unsupported media query "${prelude.trim()}"`, locOf(n, ctx));
        }
        if (r) walkRules(rules, n.block?.children?.toArray() ?? [], ctx);
      } else if (name === "font-face") {
        const ds = declsOf(n.block, ctx);
        const get = (k: string) => ds.findLast((d) => d.name === k)?.raw.trim() ?? "";
        const fam = tokenize(get("font-family"));
        const family = fam.map((t) => (t.t === "str" || t.t === "id" ? t.v : "")).join(" ").trim();
        if (!family || !get("src")) {
          diag(ctx, "at-rule", "@font-face without font-family or src", locOf(n, ctx));
          continue;
        }
        rules.fontFaces.push({
          family,
          src: tokenize(get("src")),
          weight: get("font-weight") || "normal",
          style: get("font-style") || "normal",
          loc: locOf(n, ctx),
          base: ctx.base,
        });
      } else if (name === "import") {
        const t = tokenize(prelude);
        const u = t[0]?.t === "url" || t[0]?.t === "str" ? t[0].v : undefined;
        if (u) rules.imports.push({ url: u, base: ctx.base, loc: locOf(n, ctx) });
        diag(ctx, "at-rule", "@import is not supported; use <link rel=stylesheet>", locOf(n, ctx));
      } else if (name === "supports") {
        diag(
          ctx,
          "at-rule",
          `Unsupported at-rule "@supports"; its rules are ignored`,
          locOf(n, ctx),
        );
      } else if (name !== "charset" && name !== "keyframes" && name !== "page") {
        diag(ctx, "at-rule", `Unsupported at-rule "@${name}"`, locOf(n, ctx));
      }
    }
  }
}

/** Parses a style="" attribute. */
export function parseInlineStyle(text: string, ctx: SheetContext): Decl[] {
  const ast = csstree.parse(text, {
    context: "declarationList",
    positions: true,
    parseValue: false,
    parseCustomProperty: false,
  }) as unknown as CssNode;
  return declsOf(ast, ctx);
}

// ---------------------------------------------------------------- cascade

/** A winning longhand value for an element. */
export interface Specified {
  toks: Tok[];
  loc: DeclLoc;
}

/** Cascaded values of one element. */
export interface Cascaded {
  props: Map<string, Specified>;
  custom: Map<string, string>;
}

function substituteVars(
  raw: string,
  custom: Map<string, string>,
  depth: number,
): string | undefined {
  if (depth > 16) return undefined;
  let out = "";
  let i = 0;
  const lower = raw.toLowerCase();
  while (i < raw.length) {
    const j = lower.indexOf("var(", i);
    if (j < 0) {
      out += raw.slice(i);
      break;
    }
    out += raw.slice(i, j);
    // Find the matching parenthesis.
    let k = j + 4;
    let level = 1;
    while (k < raw.length && level) {
      if (raw[k] === "(") level++;
      else if (raw[k] === ")") level--;
      k++;
    }
    const inner = raw.slice(j + 4, level ? k : k - 1);
    const comma = inner.indexOf(",");
    const name = (comma < 0 ? inner : inner.slice(0, comma)).trim();
    const fallback = comma < 0 ? undefined : inner.slice(comma + 1);
    const v = custom.get(name);
    let rep: string | undefined;
    if (v !== undefined) rep = substituteVars(v, custom, depth + 1);
    if (rep === undefined && fallback !== undefined) {
      rep = substituteVars(fallback, custom, depth + 1);
    }
    if (rep === undefined) return undefined;
    out += rep;
    i = k;
  }
  return out;
}

function quad(toks: Tok[]): [Tok, Tok, Tok, Tok] | undefined {
  if (toks.length < 1 || toks.length > 4) return undefined;
  const [a, b = a, c = a, d = b] = toks;
  return [a, b, c, d];
}

const SIDES = ["top", "right", "bottom", "left"];
const BORDER_STYLE_SET: ReadonlySet<string> = new Set(BORDER_STYLES);

function isWidthTok(t: Tok): boolean {
  return t.t === "num" ||
    (t.t === "id" && ["thin", "medium", "thick"].includes(t.v.toLowerCase())) ||
    (t.t === "fn" && t.name === "calc");
}

function splitBorder(toks: Tok[]): { w?: Tok; s?: Tok; c?: Tok } | undefined {
  const r: { w?: Tok; s?: Tok; c?: Tok } = {};
  for (const t of toks) {
    if (t.t === "id" && BORDER_STYLE_SET.has(t.v.toLowerCase()) && !r.s) r.s = t;
    else if (isWidthTok(t) && !r.w) r.w = t;
    else if (!r.c) r.c = t;
    else return undefined;
  }
  return r;
}

const ID = (v: string): Tok => ({ t: "id", v });
const NUM = (v: number, u = ""): Tok => ({ t: "num", v, u });

/** Expands a shorthand into longhands; `null` when `name` is not a shorthand, `undefined` when invalid. */
export function expandShorthand(name: string, toks: Tok[]): [string, Tok[]][] | null | undefined {
  const wide = toks.length === 1 && toks[0].t === "id" &&
    ["inherit", "initial", "unset"].includes(toks[0].v.toLowerCase());
  const fill = (names: string[]): [string, Tok[]][] => names.map((n) => [n, toks]);
  switch (name) {
    case "margin":
    case "padding": {
      if (wide) return fill(SIDES.map((s) => `${name}-${s}`));
      const q = quad(toks);
      return q ? SIDES.map((s, i) => [`${name}-${s}`, [q[i]]]) : undefined;
    }
    case "inset": {
      if (wide) return fill(SIDES);
      const q = quad(toks);
      return q ? SIDES.map((s, i) => [s, [q[i]]]) : undefined;
    }
    case "border-width":
    case "border-style":
    case "border-color": {
      const part = name.slice(7);
      if (wide) return fill(SIDES.map((s) => `border-${s}-${part}`));
      const q = quad(toks);
      return q ? SIDES.map((s, i) => [`border-${s}-${part}`, [q[i]]]) : undefined;
    }
    case "border":
    case "border-top":
    case "border-right":
    case "border-bottom":
    case "border-left": {
      const sides = name === "border" ? SIDES : [name.slice(7)];
      if (wide) {
        return sides.flatMap((s) =>
          fill([`border-${s}-width`, `border-${s}-style`, `border-${s}-color`])
        );
      }
      const b = splitBorder(toks);
      if (!b) return undefined;
      return sides.flatMap((s): [string, Tok[]][] => [
        [`border-${s}-width`, [b.w ?? ID("medium")]],
        [`border-${s}-style`, [b.s ?? ID("none")]],
        [`border-${s}-color`, [b.c ?? ID("currentcolor")]],
      ]);
    }
    case "border-radius": {
      const corners = ["top-left", "top-right", "bottom-right", "bottom-left"].map((c) =>
        `border-${c}-radius`
      );
      if (wide) return fill(corners);
      const slash = toks.findIndex((t) => t.t === "op" && t.v === "/");
      const q = quad(slash < 0 ? toks : toks.slice(0, slash));
      return q ? corners.map((c, i) => [c, [q[i]]]) : undefined;
    }
    case "background": {
      const longs = [
        "background-color",
        "background-image",
        "background-position",
        "background-size",
        "background-repeat",
      ];
      if (wide) return fill(longs);
      const layers = splitCommas(toks);
      const images: Tok[] = [];
      const positions: Tok[] = [];
      const sizes: Tok[] = [];
      const repeats: Tok[] = [];
      let color: Tok | undefined;
      for (let li = 0; li < layers.length; li++) {
        const layer = layers[li];
        let img: Tok | undefined;
        const pos: Tok[] = [];
        const size: Tok[] = [];
        const rep: Tok[] = [];
        let inSize = false;
        for (const t of layer) {
          if (t.t === "url" || (t.t === "fn" && t.name.endsWith("gradient"))) img = t;
          else if (t.t === "op" && t.v === "/") inSize = true;
          else if (
            t.t === "id" &&
            ["repeat", "no-repeat", "repeat-x", "repeat-y", "space", "round"].includes(
              t.v.toLowerCase(),
            )
          ) rep.push(t);
          else if (
            t.t === "id" &&
            ["scroll", "fixed", "local", "border-box", "padding-box", "content-box"].includes(
              t.v.toLowerCase(),
            )
          ) continue;
          else if (
            t.t === "num" || (t.t === "fn" && t.name === "calc") ||
            (t.t === "id" &&
              ["left", "right", "top", "bottom", "center", "auto", "cover", "contain"].includes(
                t.v.toLowerCase(),
              ))
          ) (inSize ? size : pos).push(t);
          else if (li === layers.length - 1 && !color) color = t;
          else return undefined;
        }
        const sep: Tok[] = li ? [{ t: "op", v: "," }] : [];
        images.push(...sep, img ?? ID("none"));
        positions.push(...sep, ...(pos.length ? pos : [NUM(0, "%"), NUM(0, "%")]));
        sizes.push(...sep, ...(size.length ? size : [ID("auto")]));
        repeats.push(...sep, ...(rep.length ? rep : [ID("repeat")]));
      }
      return [
        ["background-color", [color ?? ID("transparent")]],
        ["background-image", images],
        ["background-position", positions],
        ["background-size", sizes],
        ["background-repeat", repeats],
      ];
    }
    case "font": {
      const longs = ["font-style", "font-weight", "font-size", "line-height", "font-family"];
      if (wide) return fill(longs);
      let i = 0;
      let style: Tok = ID("normal"), weight: Tok = ID("normal");
      for (; i < toks.length; i++) {
        const t = toks[i];
        if (t.t === "id" && ["italic", "oblique"].includes(t.v.toLowerCase())) style = t;
        else if (t.t === "id" && ["bold", "bolder", "lighter"].includes(t.v.toLowerCase())) {
          weight = t;
        } else if (t.t === "num" && t.u === "") weight = t;
        else if (t.t === "id" && ["normal", "small-caps"].includes(t.v.toLowerCase())) continue;
        else break;
      }
      const size = toks[i++];
      if (!size) return undefined;
      let lh: Tok = ID("normal");
      if (toks[i]?.t === "op" && (toks[i] as { v: string }).v === "/") {
        lh = toks[i + 1];
        i += 2;
      }
      const fam = toks.slice(i);
      if (!fam.length || !lh) return undefined;
      return [
        ["font-style", [style]],
        ["font-weight", [weight]],
        ["font-size", [size]],
        ["line-height", [lh]],
        ["font-family", fam],
      ];
    }
    case "flex": {
      const longs = ["flex-grow", "flex-shrink", "flex-basis"];
      if (wide) return fill(longs);
      if (toks.length === 1 && toks[0].t === "id") {
        const v = toks[0].v.toLowerCase();
        if (v === "none") {
          return [["flex-grow", [NUM(0)]], ["flex-shrink", [NUM(0)]], ["flex-basis", [ID("auto")]]];
        }
        if (v === "auto") {
          return [["flex-grow", [NUM(1)]], ["flex-shrink", [NUM(1)]], ["flex-basis", [ID("auto")]]];
        }
      }
      const nums = toks.filter((t) => t.t === "num" && t.u === "");
      const basis = toks.filter((t) => !(t.t === "num" && t.u === ""));
      if (nums.length > 2 || basis.length > 1) return undefined;
      return [
        ["flex-grow", [nums[0] ?? NUM(1)]],
        ["flex-shrink", [nums[1] ?? NUM(1)]],
        ["flex-basis", [basis[0] ?? NUM(0, "%")]],
      ];
    }
    case "flex-flow": {
      if (wide) return fill(["flex-direction", "flex-wrap"]);
      const dir = toks.find((t) =>
        t.t === "id" && t.v.startsWith("row") || t.t === "id" && t.v.startsWith("column")
      );
      const wrap = toks.find((t) => t.t === "id" && /wrap/.test(t.v));
      return [["flex-direction", [dir ?? ID("row")]], ["flex-wrap", [wrap ?? ID("nowrap")]]];
    }
    case "gap":
    case "grid-gap": {
      if (wide) return fill(["row-gap", "column-gap"]);
      if (toks.length < 1 || toks.length > 2) return undefined;
      return [["row-gap", [toks[0]]], ["column-gap", [toks[1] ?? toks[0]]]];
    }
    case "grid-column":
    case "grid-row": {
      if (wide) return fill([`${name}-start`, `${name}-end`]);
      const slash = toks.findIndex((t) => t.t === "op" && t.v === "/");
      const start = slash < 0 ? toks : toks.slice(0, slash);
      const end = slash < 0 ? [ID("auto")] : toks.slice(slash + 1);
      return [[`${name}-start`, start], [`${name}-end`, end]];
    }
    case "grid-area": {
      const parts: Tok[][] = [[]];
      for (const t of toks) {
        t.t === "op" && t.v === "/" ? parts.push([]) : parts[parts.length - 1].push(t);
      }
      const auto = [ID("auto")];
      return [
        ["grid-row-start", parts[0]],
        ["grid-column-start", parts[1] ?? auto],
        ["grid-row-end", parts[2] ?? auto],
        ["grid-column-end", parts[3] ?? auto],
      ];
    }
    case "place-items":
    case "place-content":
    case "place-self": {
      const part = name.slice(6);
      if (toks.length < 1 || toks.length > 2) return undefined;
      return [[`align-${part}`, [toks[0]]], [`justify-${part}`, [toks[1] ?? toks[0]]]];
    }
    case "overflow":
      return [["overflow-x", [toks[0]]], ["overflow-y", [toks[1] ?? toks[0]]]];
    case "text-decoration": {
      if (wide) {
        return fill(["text-decoration-line", "text-decoration-style", "text-decoration-color"]);
      }
      const lines: Tok[] = [];
      let style: Tok = ID("solid");
      let color: Tok = ID("currentcolor");
      for (const t of toks) {
        if (
          t.t === "id" &&
          ["underline", "overline", "line-through", "none"].includes(t.v.toLowerCase())
        ) {
          lines.push(t);
        } else if (
          t.t === "id" &&
          ["solid", "double", "dotted", "dashed", "wavy"].includes(t.v.toLowerCase())
        ) {
          style = t;
        } else color = t;
      }
      return [
        ["text-decoration-line", lines.length ? lines : [ID("none")]],
        ["text-decoration-style", [style]],
        ["text-decoration-color", [color]],
      ];
    }
    case "list-style": {
      let type: Tok = ID("disc"), pos: Tok = ID("outside");
      for (const t of toks) {
        if (t.t === "id" && ["inside", "outside"].includes(t.v.toLowerCase())) pos = t;
        else if (t.t === "id") type = t;
      }
      return [["list-style-type", [type]], ["list-style-position", [pos]]];
    }
    case "border-spacing":
      return [["border-spacing", toks]];
  }
  return null;
}

/** Runs the cascade for one element. */
export function cascade(
  el: ElementNode,
  rules: RuleSet,
  inline: Decl[] | undefined,
  parentCustom: Map<string, string>,
): Cascaded {
  const matched: RuleEntry[] = [];
  const consider = (list: RuleEntry[] | undefined) => {
    if (list) { for (const r of list) if (matchSelector(el, r.sel)) matched.push(r); }
  };
  if (el.id) consider(rules.byId.get(el.id));
  for (const c of el.classes) consider(rules.byClass.get(c));
  consider(rules.byTag.get(el.tag));
  consider(rules.universal);
  matched.sort((a, b) => a.origin - b.origin || a.sel.spec - b.sel.spec || a.order - b.order);
  const ordered: Decl[] = [];
  for (const r of matched) for (const d of r.decls) if (!d.important) ordered.push(d);
  if (inline) { for (const d of inline) if (!d.important) ordered.push(d); }
  for (const r of matched) {
    for (const d of r.decls) if (d.important && r.origin > 0) ordered.push(d);
  }
  if (inline) { for (const d of inline) if (d.important) ordered.push(d); }

  let custom = parentCustom;
  for (const d of ordered) {
    if (!d.name.startsWith("--")) continue;
    if (custom === parentCustom) custom = new Map(parentCustom);
    const v = d.raw.trim();
    if (v === "initial") custom.delete(d.name);
    else if (v === "inherit" || v === "unset") {
      const p = parentCustom.get(d.name);
      if (p === undefined) custom.delete(d.name);
      else custom.set(d.name, p);
    } else custom.set(d.name, d.raw);
  }
  const props = new Map<string, Specified>();
  for (const d of ordered) {
    if (d.name.startsWith("--")) continue;
    let raw = d.raw;
    if (d.hasVar) {
      const s = substituteVars(raw, custom, 0);
      // Invalid at computed-value time: behaves as unset.
      raw = s === undefined ? "unset" : s;
    }
    let toks: Tok[];
    try {
      toks = tokenizeCached(raw);
    } catch {
      continue;
    }
    const ex = expandShorthandCached(d.name, raw, toks);
    if (ex === null) props.set(d.name, { toks, loc: d.loc });
    else if (ex === undefined) props.set(`!invalid:${d.name}`, { toks, loc: d.loc });
    else for (const [n, t] of ex) props.set(n, { toks: t, loc: d.loc });
  }
  return { props, custom };
}

const tokCache = new Map<string, Tok[]>();
function tokenizeCached(raw: string): Tok[] {
  let t = tokCache.get(raw);
  if (!t) {
    t = tokenize(raw);
    if (tokCache.size > 4096) tokCache.clear();
    tokCache.set(raw, t);
  }
  return t;
}

const expandCache = new Map<string, [string, Tok[]][] | null | undefined>();
function expandShorthandCached(
  name: string,
  raw: string,
  toks: Tok[],
): [string, Tok[]][] | null | undefined {
  const key = name + "\u0000" + raw;
  if (expandCache.has(key)) return expandCache.get(key);
  const r = expandShorthand(name, toks);
  if (expandCache.size > 4096) expandCache.clear();
  expandCache.set(key, r);
  return r;
}

export { serialize };
