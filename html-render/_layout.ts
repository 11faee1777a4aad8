// Copyright 2026 the wirekit authors. MIT license.
// Layout: box generation, block flow with margin collapsing, inline
// formatting (line boxes, UAX #14 breaks, baselines, alignment), flexbox,
// grid, tables, and absolute/fixed/relative positioning.
// @ts-ignore: linebreak ships no type declarations (its constructor is typed below).
import LineBreakerModule from "linebreak";
import type { ElementNode } from "./_dom.ts";
import { type Len, resolveLen } from "./_css_values.ts";
import type { Style, Track, TrackSize } from "./_style.ts";
import { type Box, type Frag, type GlyphRun, type Inl, newBox, shiftBox } from "./_boxes.ts";
import { type Face, type FontSet, splitByFace } from "./_fonts.ts";
import type { RgbaFrame } from "./frame.ts";
import type { RenderDiagnostic } from "./diagnostic.ts";

/** What layout needs from the rest of the pipeline. */
/** A placed float (margin box, absolute coordinates) in the current block formatting context. */
export interface FloatArea {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  left: boolean;
}

/** The part of bidi-js the layout uses (loaded only for pages with right-to-left text). */
export interface BidiApi {
  getEmbeddingLevels(text: string, direction?: "ltr" | "rtl" | "auto"): { levels: Uint8Array };
}

/** Right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms. */
export const RTL_RE: RegExp = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

export interface LayoutEnv {
  /** bidi-js, when the page has right-to-left text. */
  bidi?: BidiApi;
  /** Floats of the block formatting context being laid out. */
  floats?: FloatArea[];
  styles: Map<ElementNode, Style>;
  fonts: FontSet;
  images: Map<ElementNode, RgbaFrame | null>;
  viewportW: number;
  viewportH: number;
  diagnostics: RenderDiagnostic[];
  source: string;
}

const BLOCKISH = new Set([
  "block",
  "list-item",
  "flex",
  "grid",
  "table",
  "flow-root",
  "table-caption",
]);
const UNSUPPORTED_ELEMENTS = new Set([
  "svg",
  "canvas",
  "video",
  "audio",
  "iframe",
  "object",
  "embed",
  "math",
]);

// ---------------------------------------------------------------- box generation

/** Builds the box tree for the root element. */
export function buildBoxes(root: ElementNode, env: LayoutEnv): Box {
  const rs = env.styles.get(root)!;
  const box = newBox(root, rs, "block", null);
  buildChildren(box, root, env, box, box);
  return box;
}

function isBlockLevel(s: Style): boolean {
  return BLOCKISH.has(s.display) || s.display.startsWith("table-");
}

function kindOf(s: Style): string {
  switch (s.display) {
    case "flex":
    case "inline-flex":
      return "flex";
    case "grid":
    case "inline-grid":
      return "grid";
    case "table":
    case "inline-table":
      return "table";
    default:
      return "block";
  }
}

function makeElementBox(
  el: ElementNode,
  s: Style,
  env: LayoutEnv,
  parent: Box,
  cb: Box,
  fixedCb: Box,
): Box {
  if (el.tag === "img") {
    const b = newBox(el, s, "replaced", parent);
    const img = env.images.get(el);
    if (img) b.image = img;
    else b.broken = true;
    return b;
  }
  const b = newBox(el, s, kindOf(s), parent);
  if (s.display === "list-item") b.marker = markerText(el, s);
  const positioned = s.position !== "static";
  buildChildren(b, el, env, positioned ? b : cb, fixedCb);
  if (b.kind === "table" && s.borderCollapse === "collapse") collapseBorders(b);
  return b;
}

interface EdgeBorder {
  w: number;
  style: string;
  color: readonly number[];
  /** 1 for a cell, 0 for the table. */
  prio: number;
}

const STYLE_RANK: Record<string, number> = {
  double: 8,
  solid: 7,
  dashed: 6,
  dotted: 5,
  ridge: 4,
  outset: 3,
  groove: 2,
  inset: 1,
};

/** CSS 2.1 §17.6.2.1 border conflict resolution: does `b` beat `a`? */
function beats(a: EdgeBorder | undefined, b: EdgeBorder): boolean {
  if (!a) return true;
  if (a.style === "hidden") return false;
  if (b.style === "hidden") return true;
  const wa = a.style === "none" ? 0 : a.w, wb = b.style === "none" ? 0 : b.w;
  if (wa !== wb) return wb > wa;
  const ra = STYLE_RANK[a.style] ?? 0, rb = STYLE_RANK[b.style] ?? 0;
  if (ra !== rb) return rb > ra;
  return b.prio > a.prio;
}

function sideBorder(s: Style, side: number, prio: number): EdgeBorder {
  const w = [s.borderTopWidth, s.borderRightWidth, s.borderBottomWidth, s.borderLeftWidth][side];
  const style =
    [s.borderTopStyle, s.borderRightStyle, s.borderBottomStyle, s.borderLeftStyle][side];
  const color =
    [s.borderTopColor, s.borderRightColor, s.borderBottomColor, s.borderLeftColor][side] ??
      s.color;
  return { w, style, color, prio };
}

/**
 * The collapsing border model: every grid edge gets the winning border of
 * the cells (and the table) that share it; each cell lays out with half of
 * its sides' widths and paints the full borders centred on its edges; the
 * table's own border becomes half of the outer collapsed borders.
 */
function collapseBorders(t: Box): void {
  const { rows, cells, ncols } = tableStructure(t);
  const nrows = rows.length;
  if (!nrows || !ncols) return;
  const H: (EdgeBorder | undefined)[][] = Array.from({ length: nrows + 1 }, () => []);
  const V: (EdgeBorder | undefined)[][] = Array.from({ length: nrows }, () => []);
  const put = (grid: (EdgeBorder | undefined)[][], r: number, c: number, e: EdgeBorder) => {
    if (beats(grid[r][c], e)) grid[r][c] = e;
  };
  for (const c of cells) {
    const s = c.box.s;
    for (let x = c.col; x < c.col + c.cs; x++) {
      put(H, c.row, x, sideBorder(s, 0, 1));
      put(H, c.row + c.rs, x, sideBorder(s, 2, 1));
    }
    for (let y = c.row; y < c.row + c.rs; y++) {
      put(V, y, c.col, sideBorder(s, 3, 1));
      put(V, y, c.col + c.cs, sideBorder(s, 1, 1));
    }
  }
  const ts = t.s;
  for (let x = 0; x < ncols; x++) {
    put(H, 0, x, sideBorder(ts, 0, 0));
    put(H, nrows, x, sideBorder(ts, 2, 0));
  }
  for (let y = 0; y < nrows; y++) {
    put(V, y, 0, sideBorder(ts, 3, 0));
    put(V, y, ncols, sideBorder(ts, 1, 0));
  }
  const width = (e: EdgeBorder | undefined) =>
    !e || e.style === "none" || e.style === "hidden" ? 0 : e.w;
  const widest = (es: (EdgeBorder | undefined)[]) => {
    let best: EdgeBorder | undefined;
    for (const e of es) if (e && (!best || width(e) > width(best))) best = e;
    return best;
  };
  for (const c of cells) {
    const tops: (EdgeBorder | undefined)[] = [], bottoms: (EdgeBorder | undefined)[] = [];
    const lefts: (EdgeBorder | undefined)[] = [], rights: (EdgeBorder | undefined)[] = [];
    for (let x = c.col; x < c.col + c.cs; x++) {
      tops.push(H[c.row][x]);
      bottoms.push(H[c.row + c.rs][x]);
    }
    for (let y = c.row; y < c.row + c.rs; y++) {
      lefts.push(V[y][c.col]);
      rights.push(V[y][c.col + c.cs]);
    }
    const sides = [widest(tops), widest(rights), widest(bottoms), widest(lefts)];
    const w = sides.map(width);
    c.box.collapsed = {
      w,
      colors: sides.map((e) => e?.color ?? [0, 0, 0, 0]),
      styles: sides.map((e) => e?.style ?? "none"),
    };
    c.box.s = {
      ...c.box.s,
      borderTopWidth: w[0] / 2,
      borderRightWidth: w[1] / 2,
      borderBottomWidth: w[2] / 2,
      borderLeftWidth: w[3] / 2,
    };
  }
  const outer = (es: (EdgeBorder | undefined)[]) => Math.max(0, ...es.map(width)) / 2;
  t.collapsed = { w: [0, 0, 0, 0], colors: [], styles: [] };
  t.s = {
    ...ts,
    borderTopWidth: outer(H[0]),
    borderRightWidth: outer(V.map((r) => r[ncols])),
    borderBottomWidth: outer(H[nrows]),
    borderLeftWidth: outer(V.map((r) => r[0])),
  };
}

function markerText(el: ElementNode, s: Style): string | undefined {
  const t = s.listStyleType;
  if (t === "none") return undefined;
  if (t === "disc" || t === "circle" || t === "square") return t;
  let n = 1;
  const parent = el.parent;
  if (parent) {
    const start = Number(parent.attrs.get("start") ?? "1");
    n = Number.isFinite(start) ? start : 1;
    for (let p = el.prev; p; p = p.prev) if (p.tag === "li") n++;
    const v = Number(el.attrs.get("value"));
    if (el.attrs.has("value") && Number.isFinite(v)) n = v;
  }
  let text: string;
  switch (t) {
    case "decimal-leading-zero":
      text = n < 10 && n >= 0 ? `0${n}` : String(n);
      break;
    case "lower-alpha":
    case "lower-latin":
      text = alpha(n).toLowerCase();
      break;
    case "upper-alpha":
    case "upper-latin":
      text = alpha(n);
      break;
    case "lower-roman":
      text = roman(n).toLowerCase();
      break;
    case "upper-roman":
      text = roman(n);
      break;
    default:
      text = String(n);
  }
  return `${text}. `;
}

function alpha(n: number): string {
  let s = "";
  while (n > 0 && s.length < 8) {
    n--;
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s || String(n);
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const t: [number, string][] = [
    [1000, "M"],
    [900, "CM"],
    [500, "D"],
    [400, "CD"],
    [100, "C"],
    [90, "XC"],
    [
      50,
      "L",
    ],
    [40, "XL"],
    [10, "X"],
    [9, "IX"],
    [5, "V"],
    [4, "IV"],
    [1, "I"],
  ];
  let s = "";
  for (const [v, r] of t) while (n >= v) [n, s] = [n - v, s + r];
  return s;
}

/** Generates a container's children: block-level boxes (with anonymous blocks) or inline content. */
function buildChildren(box: Box, el: ElementNode, env: LayoutEnv, cb: Box, fixedCb: Box): void {
  const items: (Box | Inl)[] = [];
  const flexParent = box.kind === "flex" || box.kind === "grid";
  const collect = (e: ElementNode, into: (Box | Inl)[], inlineParent: Box | null) => {
    for (const c of e.children) {
      if (c.kind === 3) {
        if (c.text) {
          into.push({ t: "text", text: c.text, s: inlineParent?.s ?? env.styles.get(e)! });
        }
        continue;
      }
      const s = env.styles.get(c);
      if (!s || s.display === "none") continue;
      if (UNSUPPORTED_ELEMENTS.has(c.tag)) {
        env.diagnostics.push({
          kind: "element",
          message: `Unsupported element <${c.tag}>`,
          source: env.source,
          line: c.loc.line,
          column: c.loc.col,
        });
        continue;
      }
      if (s.display === "contents") {
        collect(c, into, inlineParent);
        continue;
      }
      if (c.tag === "br") {
        into.push({ t: "br", s });
        continue;
      }
      if (s.position === "absolute" || s.position === "fixed") {
        const b = makeElementBox(c, s, env, box, cb, fixedCb);
        b.outOfFlow = true;
        (s.position === "fixed" ? fixedCb : cb).absKids.push(b);
        into.push(b);
        continue;
      }
      if (c.tag !== "img" && s.display === "inline" && flexParent && inlineParent === null) {
        // Children of flex and grid containers are blockified.
        into.push(makeElementBox(c, { ...s, display: "block" }, env, box, cb, fixedCb));
        continue;
      }
      if (c.tag !== "img" && s.display === "inline") {
        const ib = newBox(c, s, "inline", box);
        ib.inlineLevel = true;
        const inner: (Box | Inl)[] = [];
        collect(c, inner, ib);
        if (inner.some((x) => "kids" in x && !x.inlineLevel && !x.outOfFlow)) {
          // Block inside inline: lay the inline element out as a block.
          const bb = makeElementBox(c, { ...s, display: "block" }, env, box, cb, fixedCb);
          into.push(bb);
          continue;
        }
        into.push({ t: "open", box: ib }, ...inner, { t: "close", box: ib });
        continue;
      }
      const b = makeElementBox(c, s, env, box, cb, fixedCb);
      b.inlineLevel = c.tag === "img" ? !isBlockLevel(s) : !isBlockLevel(s);
      into.push(b.inlineLevel ? { t: "atomic", box: b } : b);
    }
  };
  collect(el, items, null);
  const isFlexOrGrid = box.kind === "flex" || box.kind === "grid";
  const hasBlock = items.some((x) => "kids" in x && !x.outOfFlow);
  if (!isFlexOrGrid && !hasBlock) {
    const inl: Inl[] = [];
    for (const x of items) {
      if ("kids" in x) box.kids.push(x);
      else inl.push(x);
    }
    box.inline = inl;
    return;
  }
  let pending: Inl[] = [];
  const flush = () => {
    if (!pending.length) return;
    const meaningful = pending.some((x) =>
      x.t !== "text" || /[^ \t\n\r\f]/.test(x.text) || x.s.whiteSpace.startsWith("pre")
    );
    if (meaningful || isFlexOrGrid && pending.some((x) => x.t === "atomic")) {
      const anon = newBox(null, anonStyle(box.s), "block", box);
      anon.inline = pending;
      for (const x of pending) if (x.t === "atomic" || x.t === "open") x.box.parent = anon;
      box.kids.push(anon);
    }
    pending = [];
  };
  for (const x of items) {
    if ("kids" in x) {
      if (x.outOfFlow) {
        box.kids.push(x);
        continue;
      }
      flush();
      box.kids.push(x);
    } else if (isFlexOrGrid && x.t === "atomic") {
      flush();
      // Flex and grid items are blockified.
      x.box.inlineLevel = false;
      box.kids.push(x.box);
    } else pending.push(x);
  }
  flush();
}

function anonStyle(parent: Style): Style {
  return {
    ...parent,
    display: "block",
    position: "static",
    width: null,
    height: null,
    minWidth: null,
    minHeight: null,
    maxWidth: null,
    maxHeight: null,
    marginTop: 0,
    marginRight: 0,
    marginBottom: 0,
    marginLeft: 0,
    paddingTop: 0,
    paddingRight: 0,
    paddingBottom: 0,
    paddingLeft: 0,
    borderTopWidth: 0,
    borderRightWidth: 0,
    borderBottomWidth: 0,
    borderLeftWidth: 0,
    backgroundColor: [0, 0, 0, 0],
    bgImages: [],
    boxShadow: [],
    overflow: "visible",
    opacity: 1,
    flexGrow: 0,
    flexShrink: 1,
    flexBasis: null,
    radiusTL: 0,
    radiusTR: 0,
    radiusBR: 0,
    radiusBL: 0,
    zIndex: null,
    gridColumnStart: {},
    gridColumnEnd: {},
    gridRowStart: {},
    gridRowEnd: {},
    top: null,
    left: null,
    right: null,
    bottom: null,
  };
}

// ---------------------------------------------------------------- inline runs

type LineBreakerCtor = new (
  text: string,
) => { nextBreak(): { position: number; required: boolean } | null };

interface Run {
  k: "text" | "open" | "close" | "atomic" | "br";
  s: Style;
  text: string;
  w: number;
  /** Width of trailing collapsible spaces. */
  trail: number;
  breakAfter: boolean;
  glyphs?: GlyphRun[];
  box?: Box;
  spaces: number;
}

function transform(text: string, s: Style): string {
  switch (s.textTransform) {
    case "uppercase":
      return text.toUpperCase();
    case "lowercase":
      return text.toLowerCase();
    case "capitalize":
      return text.replace(/(^|[\s\-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
  }
  return text;
}

/** Face chain for a style. */
function chainFor(env: LayoutEnv, s: Style): Face[] {
  return env.fonts.chain(s.fontFamily, s.fontWeight, s.fontStyle !== "normal");
}

/** Shapes text in a style into glyph runs; returns runs and total width in px. */
export function shapeText(env: LayoutEnv, s: Style, text: string): { runs: GlyphRun[]; w: number } {
  const chain = chainFor(env, s);
  if (!chain.length) return { runs: [], w: 0 };
  const out: GlyphRun[] = [];
  let x = 0;
  const fs = s.fontSize;
  for (const fr of splitByFace(text, chain)) {
    const shaped = fr.face.shape(fr.text);
    let spaces = 0;
    for (const ch of fr.text) if (ch === " " || ch === "\u00a0") spaces++;
    out.push({
      face: fr.face,
      shaped,
      x,
      spacing: s.letterSpacing,
      spaceExtra: s.wordSpacing,
      text: fr.text,
    });
    x += shaped.width * fs + s.letterSpacing * shaped.ids.length + s.wordSpacing * spaces;
  }
  return { runs: out, w: x };
}

/** Primary face metrics of a style: rounded ascent/descent and line height, as Blink computes them. */
function metrics(env: LayoutEnv, s: Style): { asc: number; desc: number; lh: number } {
  const f = chainFor(env, s)[0];
  const fs = s.fontSize;
  const asc = f ? Math.round(f.ascent * fs) : Math.round(fs * 0.8);
  const desc = f ? Math.round(f.descent * fs) : Math.round(fs * 0.2);
  let lh: number;
  const l = s.lineHeight;
  if (l.k === "normal") lh = asc + desc + (f ? Math.round(f.lineGap * fs) : 0);
  else if (l.k === "num") lh = l.v * fs;
  else lh = l.v;
  return { asc, desc, lh };
}

function buildRuns(box: Box, env: LayoutEnv): Run[] {
  if (box.runs) return box.runs as Run[];
  const inl = box.inline ?? [];
  // 1. White-space processing and the paragraph string for UAX #14.
  const texts: { i: number; text: string }[] = [];
  let para = "";
  let prevSpace = true;
  const processed: string[] = [];
  for (let i = 0; i < inl.length; i++) {
    const x = inl[i];
    if (x.t === "text") {
      const ws = x.s.whiteSpace;
      let t = x.text.replace(/\r\n?/g, "\n");
      if (ws === "normal" || ws === "nowrap") {
        t = t.replace(/[ \t\n\f]+/g, " ");
        if (prevSpace && t.startsWith(" ")) t = t.slice(1);
        if (t) prevSpace = t.endsWith(" ");
      } else if (ws === "pre-line") {
        t = t.replace(/[ \t\f]+/g, " ").replace(/ ?\n ?/g, "\n");
        if (prevSpace && t.startsWith(" ")) t = t.slice(1);
        if (t) prevSpace = t.endsWith(" ") || t.endsWith("\n");
      } else {
        t = t.replace(/\t/g, "        ");
        prevSpace = false;
      }
      t = transform(t, x.s);
      processed[i] = t;
      texts.push({ i, text: t });
      para += t;
    } else if (x.t === "atomic") {
      processed[i] = "\ufffc";
      para += "\ufffc";
      prevSpace = false;
    } else if (x.t === "br") {
      processed[i] = "\n";
      para += "\n";
      prevSpace = true;
    } else processed[i] = "";
  }
  // 2. Break opportunities over the whole paragraph.
  const opp = new Map<number, boolean>();
  if (para) {
    const lb = new (LineBreakerModule as unknown as LineBreakerCtor)(para);
    let brk;
    let guard = 0;
    while ((brk = lb.nextBreak()) && guard++ < para.length + 2) opp.set(brk.position, brk.required);
  }
  // 3. Runs: text split at opportunities.
  const runs: Run[] = [];
  let pos = 0;
  for (let i = 0; i < inl.length; i++) {
    const x = inl[i];
    const t = processed[i];
    if (x.t === "open" || x.t === "close") {
      const s = x.box.s;
      const w = x.t === "open"
        ? resolveLen(s.marginLeft ?? 0, 0) + s.borderLeftWidth + resolveLen(s.paddingLeft, 0)
        : resolveLen(s.marginRight ?? 0, 0) + s.borderRightWidth + resolveLen(s.paddingRight, 0);
      runs.push({ k: x.t, s, text: "", w, trail: 0, breakAfter: false, box: x.box, spaces: 0 });
      continue;
    }
    if (x.t === "atomic") {
      runs.push({
        k: "atomic",
        s: x.box.s,
        text: t,
        w: 0,
        trail: 0,
        breakAfter: opp.has(pos + 1),
        box: x.box,
        spaces: 0,
      });
      pos += 1;
      continue;
    }
    if (x.t === "br") {
      runs.push({ k: "br", s: x.s, text: "\n", w: 0, trail: 0, breakAfter: true, spaces: 0 });
      pos += 1;
      continue;
    }
    const s = x.s;
    const noWrap = s.whiteSpace === "nowrap" || s.whiteSpace === "pre";
    let start = 0;
    for (let k = 1; k <= t.length; k++) {
      const at = pos + k;
      const isOpp = opp.has(at) && (!noWrap || t[k - 1] === "\n");
      if (!isOpp && k < t.length) continue;
      let piece = t.slice(start, k);
      const hardBreak = piece.endsWith("\n");
      if (hardBreak) piece = piece.slice(0, -1);
      if (piece) {
        const { runs: g, w } = shapeText(env, s, piece);
        let trail = 0;
        const collapsible = s.whiteSpace === "normal" || s.whiteSpace === "nowrap" ||
          s.whiteSpace === "pre-line";
        if (collapsible) {
          const m = / +$/.exec(piece);
          if (m) trail = shapeText(env, s, m[0]).w;
        }
        runs.push({
          k: "text",
          s,
          text: piece,
          w,
          trail,
          breakAfter: isOpp && !hardBreak,
          glyphs: g,
          spaces: piece.split(" ").length - 1,
        });
      }
      if (hardBreak) {
        runs.push({ k: "br", s, text: "\n", w: 0, trail: 0, breakAfter: true, spaces: 0 });
      }
      start = k;
    }
    pos += t.length;
  }
  box.runs = runs;
  return runs;
}

/** Min-content and max-content widths of inline content. */
function inlineIntrinsic(box: Box, env: LayoutEnv): { min: number; max: number } {
  const runs = buildRuns(box, env);
  let min = 0, max = 0, line = 0, word = 0;
  for (const r of runs) {
    if (r.k === "atomic") {
      const i = intrinsic(r.box!, env);
      r.w = i.max + marginsX(r.box!.s);
      const m = i.min + marginsX(r.box!.s);
      word += r.w;
      min = Math.max(min, word - (r.breakAfter ? 0 : r.w) + m);
    } else word += r.w;
    line += r.w;
    if (r.k === "br") {
      max = Math.max(max, line);
      line = 0;
    }
    if (r.breakAfter || r.k === "br") {
      min = Math.max(min, word - r.trail);
      word = 0;
    }
    max = Math.max(max, line - r.trail);
  }
  min = Math.max(min, word);
  max = Math.max(max, line, min);
  const indent = resolveLen(box.s.textIndent, 0);
  return { min: min + Math.max(0, indent), max: max + indent };
}

function marginsX(s: Style): number {
  return (typeof s.marginLeft === "number" ? s.marginLeft : 0) +
    (typeof s.marginRight === "number" ? s.marginRight : 0);
}

// ---------------------------------------------------------------- intrinsic sizes

function edgesX(s: Style, cbw: number): number {
  return resolveLen(s.paddingLeft, cbw) + resolveLen(s.paddingRight, cbw) + s.borderLeftWidth +
    s.borderRightWidth;
}

const intrinsicCache = new WeakMap<Box, { min: number; max: number }>();

/** Border-box min-content and max-content widths. */
export function intrinsic(box: Box, env: LayoutEnv): { min: number; max: number } {
  const hit = intrinsicCache.get(box);
  if (hit) return hit;
  const s = box.s;
  const ex = edgesX(s, 0);
  let r: { min: number; max: number };
  if (s.width !== null && typeof s.width === "number") {
    const w = s.boxSizing === "border-box" ? Math.max(s.width, ex) : s.width + ex;
    r = { min: w, max: w };
  } else if (box.kind === "replaced") {
    const w = replacedSize(box, null, null).w + ex;
    r = { min: w, max: w };
  } else {
    let min = 0, max = 0;
    if (box.inline) {
      const i = inlineIntrinsic(box, env);
      min = i.min;
      max = i.max;
    } else if (box.kind === "flex" && !s.flexDirection.startsWith("column")) {
      const gap = resolveLen(s.columnGap, 0);
      let n = 0;
      for (const k of box.kids) {
        if (k.outOfFlow) continue;
        const i = intrinsic(k, env);
        const mx = marginsX(k.s);
        max += i.max + mx;
        min = s.flexWrap === "nowrap" ? min + i.min + mx : Math.max(min, i.min + mx);
        n++;
      }
      if (n > 1) {
        max += gap * (n - 1);
        if (s.flexWrap === "nowrap") min += gap * (n - 1);
      }
    } else if (box.kind === "grid") {
      const cols = Math.max(1, s.gridTemplateColumns.tracks.length);
      const gap = resolveLen(s.columnGap, 0);
      let mx = 0, mn = 0;
      for (const k of box.kids) {
        if (k.outOfFlow) continue;
        const i = intrinsic(k, env);
        mx = Math.max(mx, i.max + marginsX(k.s));
        mn = Math.max(mn, i.min + marginsX(k.s));
      }
      let fixed = 0;
      let fixedCount = 0;
      for (const t of s.gridTemplateColumns.tracks) {
        if (t.max.k === "px") {
          fixed += t.max.v;
          fixedCount++;
        }
      }
      max = fixed + mx * (cols - fixedCount) + gap * (cols - 1);
      min = fixed + mn * (cols - fixedCount) + gap * (cols - 1);
    } else if (box.kind === "table") {
      const t = tableColumns(box, env, null);
      min = t.min;
      max = t.max;
    } else {
      for (const k of box.kids) {
        if (k.outOfFlow) continue;
        const i = intrinsic(k, env);
        const mx = marginsX(k.s);
        min = Math.max(min, i.min + mx);
        max = Math.max(max, i.max + mx);
      }
    }
    r = { min: min + ex, max: max + ex };
  }
  const clampW = (v: number) => {
    let o = v;
    if (s.maxWidth !== null && typeof s.maxWidth === "number") {
      o = Math.min(o, s.boxSizing === "border-box" ? s.maxWidth : s.maxWidth + ex);
    }
    if (s.minWidth !== null && typeof s.minWidth === "number") {
      o = Math.max(o, s.boxSizing === "border-box" ? s.minWidth : s.minWidth + ex);
    }
    return o;
  };
  r = { min: clampW(r.min), max: clampW(r.max) };
  intrinsicCache.set(box, r);
  return r;
}

function replacedSize(box: Box, w: number | null, h: number | null): { w: number; h: number } {
  const img = box.image;
  const el = box.el!;
  const aw = Number(el.attrs.get("width")), ah = Number(el.attrs.get("height"));
  const iw = img ? img.width : Number.isFinite(aw) && aw > 0 ? aw : 0;
  const ih = img ? img.height : Number.isFinite(ah) && ah > 0 ? ah : 0;
  const ratio = iw > 0 && ih > 0
    ? iw / ih
    : Number.isFinite(aw) && Number.isFinite(ah) && ah > 0
    ? aw / ah
    : 1;
  if (w === null && h === null) {
    if (Number.isFinite(aw) && aw > 0 && el.attrs.has("width")) w = aw;
    if (Number.isFinite(ah) && ah > 0 && el.attrs.has("height")) h = ah;
  }
  if (w !== null && h !== null) return { w, h };
  if (w !== null) return { w, h: ratio ? w / ratio : ih };
  if (h !== null) return { w: h * ratio, h };
  return { w: iw, h: ih };
}

// ---------------------------------------------------------------- block layout

/** Inputs of laying out one box. */
interface Constraint {
  /** Containing block width and (definite) height. */
  cbw: number;
  cbh: number | null;
  /** Forced border-box width/height (flex and grid items, stretch). */
  forceW?: number;
  forceH?: number;
  /** Shrink-to-fit width (inline-block, floats, absolute). */
  shrink?: boolean;
}

function usedMargins(b: Box, cbw: number): void {
  const s = b.s;
  b.m = [
    resolveLen(s.marginTop ?? 0, cbw),
    resolveLen(s.marginRight ?? 0, cbw),
    resolveLen(s.marginBottom ?? 0, cbw),
    resolveLen(s.marginLeft ?? 0, cbw),
  ];
  b.p = [
    resolveLen(s.paddingTop, cbw),
    resolveLen(s.paddingRight, cbw),
    resolveLen(s.paddingBottom, cbw),
    resolveLen(s.paddingLeft, cbw),
  ];
  b.b = [s.borderTopWidth, s.borderRightWidth, s.borderBottomWidth, s.borderLeftWidth];
}

function toBorderW(s: Style, v: number, ex: number): number {
  return s.boxSizing === "border-box" ? Math.max(v, ex) : v + ex;
}

function clampWidth(b: Box, w: number, cbw: number): number {
  const s = b.s;
  const ex = b.p[1] + b.p[3] + b.b[1] + b.b[3];
  if (s.maxWidth !== null) w = Math.min(w, toBorderW(s, resolveLen(s.maxWidth, cbw), ex));
  if (s.minWidth !== null) w = Math.max(w, toBorderW(s, resolveLen(s.minWidth, cbw), ex));
  return Math.max(w, ex);
}

function clampHeight(b: Box, h: number, cbh: number | null): number {
  const s = b.s;
  const ey = b.p[0] + b.p[2] + b.b[0] + b.b[2];
  const res = (
    l: Len,
  ) => (typeof l === "number" ? l : cbh === null ? undefined : resolveLen(l, cbh));
  if (s.maxHeight !== null) {
    const v = res(s.maxHeight);
    if (v !== undefined) h = Math.min(h, toBorderW(s, v, ey));
  }
  if (s.minHeight !== null) {
    const v = res(s.minHeight);
    if (v !== undefined) h = Math.max(h, toBorderW(s, v, ey));
  }
  return Math.max(h, ey);
}

/** The box's specified border-box height, when definite. */
function specifiedHeight(b: Box, cbh: number | null): number | null {
  const s = b.s;
  if (s.height === null) return null;
  if (typeof s.height !== "number" && cbh === null) return null;
  const ey = b.p[0] + b.p[2] + b.b[0] + b.b[2];
  return toBorderW(s, resolveLen(s.height, cbh ?? 0), ey);
}

/** Lays a box out with its border box at (x, y). */
export function layoutBox(b: Box, x: number, y: number, c: Constraint, env: LayoutEnv): void {
  usedMargins(b, c.cbw);
  const s = b.s;
  b.x = x;
  b.y = y;
  const ex = b.p[1] + b.p[3] + b.b[1] + b.b[3];
  // Width.
  let w: number;
  if (c.forceW !== undefined) w = c.forceW;
  else if (b.kind === "replaced") {
    const sw = s.width === null
      ? null
      : Math.max(0, resolveLen(s.width, c.cbw) - (s.boxSizing === "border-box" ? ex : 0));
    const sh = s.height === null || (typeof s.height !== "number" && c.cbh === null)
      ? null
      : Math.max(
        0,
        resolveLen(s.height, c.cbh ?? 0) -
          (s.boxSizing === "border-box" ? b.p[0] + b.p[2] + b.b[0] + b.b[2] : 0),
      );
    const r = replacedSize(b, sw, sh);
    w = r.w + ex;
    b.h = r.h + b.p[0] + b.p[2] + b.b[0] + b.b[2];
  } else if (s.width !== null) w = toBorderW(s, resolveLen(s.width, c.cbw), ex);
  else if (c.shrink || b.kind === "table") {
    const i = intrinsic(b, env);
    const avail = c.cbw - b.m[1] - b.m[3];
    w = Math.min(Math.max(i.min, avail), i.max);
    if (b.kind === "table" && !c.shrink) w = Math.min(Math.max(i.min, avail), i.max);
  } else w = c.cbw - b.m[1] - b.m[3];
  if (c.forceW === undefined) w = clampWidth(b, w, c.cbw);
  // Auto horizontal margins centre block-level boxes with a definite width.
  if (!b.inlineLevel && !c.shrink && c.forceW === undefined && !b.outOfFlow) {
    const free = c.cbw - w - b.m[1] - b.m[3];
    const autoL = s.marginLeft === null, autoR = s.marginRight === null;
    if (autoL && autoR) {
      b.m[3] = Math.max(0, free / 2);
      b.m[1] = free - b.m[3];
    } else if (autoL) b.m[3] += free;
    else if (autoR) b.m[1] += free;
    b.x = x + b.m[3];
  }
  b.w = w;
  const cx = b.x + b.b[3] + b.p[3];
  const cy = b.y + b.b[0] + b.p[0];
  const cw = Math.max(0, w - ex);
  const specH = c.forceH ?? specifiedHeight(b, c.cbh);
  const contentH = specH === null ? null : Math.max(0, specH - (b.p[0] + b.p[2] + b.b[0] + b.b[2]));
  let ch = 0;
  switch (b.kind) {
    case "replaced":
      ch = b.h - (b.p[0] + b.p[2] + b.b[0] + b.b[2]);
      if (c.forceH !== undefined) ch = contentH!;
      break;
    case "flex":
      ch = layoutFlex(b, cx, cy, cw, contentH, env);
      break;
    case "grid":
      ch = layoutGrid(b, cx, cy, cw, contentH, env);
      break;
    case "table":
      ch = layoutTable(b, cx, cy, cw, env);
      break;
    default: {
      // A box that establishes a block formatting context contains its floats.
      const saved = env.floats;
      const own = establishesBfc(b) || !saved;
      if (own) env.floats = [];
      if (b.inline) ch = layoutInline(b, cx, cy, cw, env);
      else ch = layoutBlockChildren(b, cx, cy, cw, contentH, env);
      if (own) {
        for (const f of env.floats!) ch = Math.max(ch, f.y1 - cy);
        env.floats = saved;
      }
    }
  }
  const ey = b.p[0] + b.p[2] + b.b[0] + b.b[2];
  let h = specH ?? ch + ey;
  if (c.forceH === undefined) h = clampHeight(b, h, c.cbh);
  b.h = h;
  // Out-of-flow descendants whose containing block is this box.
  if (b.absKids.length && b.s.position !== "static") layoutAbsolute(b, env);
  if (s.position === "relative") {
    const dx = s.left !== null
      ? resolveLen(s.left, c.cbw)
      : s.right !== null
      ? -resolveLen(s.right, c.cbw)
      : 0;
    const dy = s.top !== null
      ? resolveLen(s.top, c.cbh ?? 0)
      : s.bottom !== null
      ? -resolveLen(s.bottom, c.cbh ?? 0)
      : 0;
    shiftBox(b, dx, dy);
  }
}

/** The lowest bottom of the floats that `clear` (left/right/both) clears. */
function clearY(floats: FloatArea[], clear: string): number {
  let y = -Infinity;
  for (const f of floats) {
    if (clear === "both" || (clear === "left") === f.left) y = Math.max(y, f.y1);
  }
  return y;
}

/** Left and right edges free of floats over [y, y + h) within [cx, cx + cw). */
function floatBand(
  floats: FloatArea[],
  cx: number,
  cw: number,
  y: number,
  h: number,
): [number, number] {
  let l = cx, r = cx + cw;
  for (const f of floats) {
    if (f.y0 >= y + Math.max(h, 0.01) || f.y1 <= y) continue;
    if (f.left) l = Math.max(l, f.x1);
    else r = Math.min(r, f.x0);
  }
  return [l, r];
}

/**
 * Places a float (CSS 2.1 §9.5.1, simplified): shrink-to-fit width, as high
 * as `top` allows, against its side next to earlier floats, moving down past
 * floats until it fits.
 */
function placeFloat(
  k: Box,
  cx: number,
  cw: number,
  ch: number | null,
  top: number,
  env: LayoutEnv,
): void {
  const floats = env.floats!;
  const left = k.s.float === "left";
  layoutBox(k, 0, 0, { cbw: cw, cbh: ch, shrink: true }, env);
  const mw = k.w + k.m[1] + k.m[3], mh = k.h + k.m[0] + k.m[2];
  let y = top;
  // No higher than earlier floats' tops; below those it clears.
  for (const f of floats) y = Math.max(y, f.y0);
  if (k.s.clear !== "none") y = Math.max(y, clearY(floats, k.s.clear));
  for (let guard = 0; guard < 1000; guard++) {
    const [l, r] = floatBand(floats, cx, cw, y, mh);
    if (r - l >= mw - 0.01 || (l === cx && r === cx + cw)) {
      const x = left ? l : r - mw;
      shiftBox(k, x + k.m[3] - k.x, y + k.m[0] - k.y);
      floats.push({ x0: x, x1: x + mw, y0: y, y1: y + mh, left });
      return;
    }
    // Move below the first float that ends in this band.
    let next = Infinity;
    for (const f of floats) if (f.y1 > y && f.y0 < y + mh) next = Math.min(next, f.y1);
    if (!Number.isFinite(next)) break;
    y = next;
  }
  const x = left ? cx : cx + cw - mw;
  shiftBox(k, x + k.m[3] - k.x, y + k.m[0] - k.y);
  floats.push({ x0: x, x1: x + mw, y0: y, y1: y + mh, left });
}

function establishesBfc(b: Box): boolean {
  const s = b.s;
  return b.parent === null || b.inlineLevel || b.outOfFlow || s.overflow !== "visible" ||
    b.kind !== "block" ||
    s.display === "flow-root" ||
    (b.parent !== null && (b.parent.kind === "flex" || b.parent.kind === "grid"));
}

function collapse(a: number, b: number): number {
  if (a >= 0 && b >= 0) return Math.max(a, b);
  if (a <= 0 && b <= 0) return Math.min(a, b);
  return a + b;
}

/** The top margin after collapsing with first children (computed before layout). */
function collapsedTop(b: Box, cbw: number): number {
  const s = b.s;
  let m = resolveLen(s.marginTop ?? 0, cbw);
  if (establishesBfc(b) || b.kind !== "block" || b.inline) return m;
  if (s.borderTopWidth > 0 || resolveLen(s.paddingTop, cbw) > 0) return m;
  const first = b.kids.find((k) => !k.outOfFlow);
  if (first) m = collapse(m, collapsedTop(first, cbw));
  return m;
}

function layoutBlockChildren(
  b: Box,
  cx: number,
  cy: number,
  cw: number,
  ch: number | null,
  env: LayoutEnv,
): number {
  const collapseTop = !establishesBfc(b) && b.b[0] === 0 && b.p[0] === 0;
  const collapseBottom = !establishesBfc(b) && b.b[2] === 0 && b.p[2] === 0 && b.s.height === null;
  let cursor = cy;
  let prevMb: number | null = null;
  let first = true;
  for (const k of b.kids) {
    if (k.outOfFlow) {
      k.staticDX = cx - b.x;
      k.staticDY = cursor + (prevMb ?? 0) - b.y;
      continue;
    }
    if (k.s.float !== "none" && env.floats) {
      placeFloat(k, cx, cw, ch, cursor + (first && collapseTop ? 0 : prevMb ?? 0), env);
      continue;
    }
    const mt = collapsedTop(k, cw);
    let y: number;
    if (first && collapseTop) y = cursor;
    else y = cursor + (prevMb === null ? mt : collapse(prevMb, mt));
    if (k.s.clear !== "none" && env.floats?.length) {
      // Clearance: the border box goes below the floats it clears.
      const below = clearY(env.floats, k.s.clear);
      if (below > y) {
        y = below;
        first = false;
        prevMb = null;
      }
    }
    layoutBox(k, cx, y, { cbw: cw, cbh: ch }, env);
    // The child's own top margin is part of `mt`; layoutBox placed its border box at y.
    const empty = k.h === 0 && k.kind === "block" && !k.inline?.length &&
      k.kids.every((x) => x.outOfFlow);
    if (empty && !establishesBfc(k)) {
      // Margins collapse through an empty block.
      prevMb = collapse(
        prevMb === null ? (first && collapseTop ? 0 : mt) : collapse(prevMb, mt),
        k.m[2],
      );
      if (first && collapseTop) {
        // Stays absorbed at the top.
      }
      continue;
    }
    first = false;
    cursor = y + k.h;
    prevMb = k.mbEff ?? k.m[2];
  }
  if (collapseBottom) {
    b.mbEff = collapse(resolveLen(b.s.marginBottom ?? 0, cw), prevMb ?? 0);
    return cursor - cy;
  }
  b.mbEff = b.m[2];
  return cursor - cy + (prevMb ?? 0);
}

// ---------------------------------------------------------------- inline layout

interface Placed {
  r: Run;
  x: number;
  w: number;
}

function layoutInline(b: Box, cx: number, cy: number, cw: number, env: LayoutEnv): number {
  const runs = buildRuns(b, env);
  b.frags = [];
  b.firstBaseline = undefined;
  b.lastBaseline = undefined;
  (b as Box & { _openBoxes?: Box[] })._openBoxes = [];
  // Atomic inlines are laid out first: their widths feed line breaking.
  for (const r of runs) {
    if (r.k === "atomic") {
      const ab = r.box!;
      layoutBox(ab, 0, 0, { cbw: cw, cbh: null, shrink: true }, env);
      r.w = ab.w + ab.m[1] + ab.m[3];
    }
  }
  const s = b.s;
  const strut = metrics(env, s);
  const indent = resolveLen(s.textIndent, cw);
  let y = cy;
  let i = 0;
  let lineNo = 0;
  const n = runs.length;
  const ellipsis = s.textOverflow === "ellipsis" && s.overflow !== "visible";
  const nowrap = s.whiteSpace === "nowrap" || s.whiteSpace === "pre";
  const floats = env.floats;
  while (i < n) {
    // Line boxes are shortened by the floats beside them (CSS 2.1 §9.5).
    let lx = cx, lw = cw;
    if (floats?.length) {
      for (let guard = 0; guard < 1000; guard++) {
        const [l, r] = floatBand(floats, cx, cw, y, strut.lh);
        lx = l;
        lw = r - l;
        if ((l === cx && r === cx + cw) || lw >= Math.min(runs[i].w - runs[i].trail, cw) - 0.01) {
          break;
        }
        // The next piece does not fit beside the floats: move below one of them.
        let next = Infinity;
        for (const f of floats) if (f.y1 > y && f.y0 < y + strut.lh) next = Math.min(next, f.y1);
        if (!Number.isFinite(next)) break;
        y = next;
      }
    }
    const avail = lw - (lineNo === 0 ? indent : 0);
    let width = 0;
    let lastOpp = -1;
    let j = i;
    let forced = false;
    for (; j < n; j++) {
      const r = runs[j];
      if (r.k === "br") {
        forced = true;
        break;
      }
      const wNext = width + r.w;
      const wrapHere = !(r.s.whiteSpace === "nowrap" || r.s.whiteSpace === "pre") ||
        r.k === "atomic";
      if (wNext - r.trail > avail + 0.01 && lastOpp >= i && wrapHere && !nowrap) {
        j = lastOpp + 1;
        break;
      }
      width = wNext;
      if (r.breakAfter) lastOpp = j;
    }
    const end = forced ? j + 1 : j;
    const lineRuns = runs.slice(i, forced ? j : j);
    i = Math.max(end, i + 1);
    // Skip lines that hold nothing but collapsible spaces.
    if (
      !forced && lineRuns.every((r) =>
        (r.k === "text" && !r.text.trim() && r.trail === r.w) || r.k === "open" || r.k === "close"
      ) && !lineRuns.some((r) =>
        (r.k === "open" || r.k === "close") && r.w > 0
      )
    ) {
      continue;
    }
    y += placeLine(
      b,
      lineRuns,
      lx + (lineNo === 0 ? indent : 0),
      y,
      avail,
      env,
      strut,
      lineNo,
      forced || i >= n,
      ellipsis,
      forced,
    );
    lineNo++;
  }
  if (b.marker && b.firstBaseline === undefined && b.frags.length === 0) {
    // An empty list item still shows its marker on an empty line.
    y += placeLine(b, [], cx, y, cw, env, strut, 0, true, false);
  }
  return y - cy;
}

function placeLine(
  b: Box,
  runs: Run[],
  x0: number,
  y: number,
  avail: number,
  env: LayoutEnv,
  strut: { asc: number; desc: number; lh: number },
  lineNo: number,
  last: boolean,
  ellipsis: boolean,
  brLine = false,
): number {
  const s = b.s;
  // Hang the trailing spaces of the line.
  let lastText = -1;
  for (let k = runs.length - 1; k >= 0; k--) {
    if (runs[k].k === "text" || runs[k].k === "atomic") {
      lastText = k;
      break;
    }
  }
  const placed: Placed[] = [];
  let x = 0;
  for (let k = 0; k < runs.length; k++) {
    const r = runs[k];
    let w = r.w;
    if (k === lastText) w -= r.trail;
    placed.push({ r, x, w });
    x += k === lastText ? r.w : r.w;
  }
  let lineW = lastText >= 0 ? placed[lastText].x + placed[lastText].w : x;
  for (let k = lastText + 1; k < placed.length; k++) lineW += placed[k].w;
  if (env.bidi && placed.some((p) => p.r.k === "text" && RTL_RE.test(p.r.text))) {
    reorderBidi(placed, env.bidi, "ltr", env);
  }
  // text-overflow: ellipsis.
  let ellipsisRun: { runs: GlyphRun[]; w: number; s: Style } | undefined;
  if (ellipsis && lineW > avail + 0.01) {
    const e = shapeText(env, s, "\u2026");
    let limit = avail - e.w;
    const keep: Placed[] = [];
    for (const p of placed) {
      if (p.x + p.w <= limit) {
        keep.push(p);
        continue;
      }
      if (p.r.k === "text" && p.x < limit) {
        // Cut the text run to the characters that fit.
        let t = p.r.text;
        let sh = shapeText(env, p.r.s, t);
        while (t.length && p.x + sh.w > limit) {
          t = t.slice(0, -1);
          sh = shapeText(env, p.r.s, t);
        }
        if (t) {
          keep.push({
            r: { ...p.r, text: t, w: sh.w, glyphs: sh.runs, trail: 0 },
            x: p.x,
            w: sh.w,
          });
        }
      }
      break;
    }
    placed.length = 0;
    placed.push(...keep);
    limit = keep.length ? keep[keep.length - 1].x + keep[keep.length - 1].w : 0;
    ellipsisRun = { runs: e.runs, w: e.w, s };
    lineW = limit + e.w;
  }
  // Alignment.
  let align = s.textAlign;
  if (align === "start") align = "left";
  if (align === "end") align = "right";
  let offset = 0;
  let extraPerSpace = 0;
  const free = avail - lineW;
  if (align === "center" || align === "-webkit-center") offset = Math.max(0, free) / 2;
  else if (align === "right") offset = Math.max(0, free);
  else if (align === "justify" && !last && free > 0) {
    let spaces = 0;
    for (let k = 0; k < placed.length; k++) {
      const p = placed[k];
      if (p.r.k === "text") {
        spaces += k === lastText ? (p.r.text.trimEnd().split(" ").length - 1) : p.r.spaces;
      }
    }
    if (spaces > 0) extraPerSpace = free / spaces;
  }
  if (extraPerSpace) {
    let shift = 0;
    for (let k = 0; k < placed.length; k++) {
      const p = placed[k];
      p.x += shift;
      if (p.r.k === "text") {
        const sp = k === lastText ? (p.r.text.trimEnd().split(" ").length - 1) : p.r.spaces;
        shift += sp * extraPerSpace;
        p.w += sp * extraPerSpace;
      }
    }
  }
  // Vertical metrics: tops and bottoms relative to the baseline (y down).
  const half = (m: { asc: number; desc: number; lh: number }) => {
    const hl = Math.floor((m.lh - (m.asc + m.desc)) / 2);
    return { top: -(m.asc + hl), bottom: m.lh - (m.asc + hl) };
  };
  const st = half(strut);
  let top = st.top, bottom = st.bottom;
  const shifts: number[] = [];
  const aligned: { k: number; va: string }[] = [];
  const stack: Box[] = [];
  for (let k = 0; k < placed.length; k++) {
    const p = placed[k];
    const r = p.r;
    let shift = 0;
    const owner = stack[stack.length - 1];
    if (owner) shift = baselineShift(owner.s, b.s, env);
    if (r.k === "open") {
      stack.push(r.box!);
      shifts.push(baselineShift(r.box!.s, b.s, env));
      const m = half(metrics(env, r.box!.s));
      const sh = baselineShift(r.box!.s, b.s, env);
      top = Math.min(top, m.top + sh);
      bottom = Math.max(bottom, m.bottom + sh);
      continue;
    }
    if (r.k === "close") {
      stack.pop();
      shifts.push(shift);
      continue;
    }
    if (r.k === "text") {
      const m = half(metrics(env, r.s));
      top = Math.min(top, m.top + shift);
      bottom = Math.max(bottom, m.bottom + shift);
      shifts.push(shift);
    } else if (r.k === "atomic") {
      const ab = r.box!;
      const va = ab.s.verticalAlign;
      const mh = ab.h + ab.m[0] + ab.m[2];
      if (va === "top" || va === "bottom") {
        aligned.push({ k, va });
        shifts.push(0);
        continue;
      }
      let asc: number;
      if (va === "middle") {
        const f = chainFor(env, b.s)[0];
        const xh = f ? (f.font as unknown as { xHeight?: number }).xHeight ?? f.upm * 0.5 : 0;
        const mid = (f ? (xh / f.upm) * b.s.fontSize : b.s.fontSize * 0.5) / 2;
        asc = mh / 2 + mid;
      } else {
        const bl = atomicBaseline(ab);
        asc = bl;
      }
      const sh = typeof va === "object" || typeof va === "number"
        ? -resolveLen(va as Len, strut.lh)
        : shift;
      top = Math.min(top, -asc + sh);
      bottom = Math.max(bottom, mh - asc + sh);
      shifts.push(sh - asc);
    } else shifts.push(0);
  }
  for (const a of aligned) {
    const ab = placed[a.k].r.box!;
    const mh = ab.h + ab.m[0] + ab.m[2];
    if (bottom - top < mh) {
      if (a.va === "top") bottom = top + mh;
      else top = bottom - mh;
    }
  }
  // A line ended by <br> has the strut's height even when it holds nothing.
  const lineH = placed.length || b.marker || brLine ? bottom - top : 0;
  const baseline = y - top;
  if (b.firstBaseline === undefined) b.firstBaseline = baseline;
  b.lastBaseline = baseline;
  // Fragments: inline box decorations first, then text and atomics in order.
  const lineX = x0 + offset;
  const decoStart = new Map<Box, number>();
  const open: Box[] = [];
  for (const p of placed) if (p.r.k === "open") open.push(p.r.box!);
  // Inline boxes continuing from the previous line start at the line's left edge.
  const carried = (b as Box & { _openBoxes?: Box[] })._openBoxes ?? [];
  for (const ob of carried) decoStart.set(ob, lineX);
  const decos: Frag[] = [];
  const items: Frag[] = [];
  const active = [...carried];
  for (let k = 0; k < placed.length; k++) {
    const p = placed[k];
    const r = p.r;
    const px = lineX + p.x;
    if (r.k === "open") {
      decoStart.set(r.box!, px + resolveLen(r.box!.s.marginLeft ?? 0, 0));
      active.push(r.box!);
    } else if (r.k === "close") {
      const ob = r.box!;
      const sx = decoStart.get(ob) ?? lineX;
      const ex = px + r.w - resolveLen(ob.s.marginRight ?? 0, 0);
      decos.push(decoFrag(ob, sx, ex, baseline, env, !carried.includes(ob), true));
      active.splice(active.indexOf(ob), 1);
    } else if (r.k === "text" && r.glyphs) {
      items.push({
        k: "text",
        x: px,
        baseline: baseline + shifts[k],
        w: p.w,
        s: r.s,
        runs: adjustRuns(r.glyphs, extraPerSpace),
      });
    } else if (r.k === "atomic") {
      const ab = r.box!;
      const va = ab.s.verticalAlign;
      let ty: number;
      const mh = ab.h + ab.m[0] + ab.m[2];
      if (va === "top") ty = y;
      else if (va === "bottom") ty = y + lineH - mh;
      else ty = baseline + shifts[k];
      shiftBox(ab, px + ab.m[3] - ab.x, ty + ab.m[0] - ab.y);
      items.push({ k: "atomic", box: ab });
    }
  }
  // Inline boxes still open at the end of the line continue on the next one.
  for (const ob of active) {
    const sx = decoStart.get(ob) ?? lineX;
    decos.push(decoFrag(ob, sx, lineX + lineW, baseline, env, !carried.includes(ob), false));
  }
  (b as Box & { _openBoxes?: Box[] })._openBoxes = active;
  if (ellipsisRun) {
    items.push({
      k: "text",
      x: lineX + lineW - ellipsisRun.w,
      baseline,
      w: ellipsisRun.w,
      s: ellipsisRun.s,
      runs: ellipsisRun.runs,
    });
  }
  if (lineNo === 0 && b.marker) {
    const ms = b.s;
    const mk = b.marker;
    if (mk === "disc" || mk === "circle" || mk === "square") {
      b.frags.push({ k: "marker", x: x0, baseline, s: ms, text: mk, runs: [], w: 0 });
    } else {
      const sh = shapeText(env, ms, mk);
      const inside = ms.listStylePosition === "inside";
      b.frags.push({
        k: "marker",
        x: inside ? x0 : x0 - sh.w,
        baseline,
        s: ms,
        text: mk,
        runs: sh.runs,
        w: sh.w,
      });
    }
  }
  b.frags.push(...decos, ...items);
  return lineH;
}

/**
 * Unicode bidi (UAX #9) on one line, at the granularity of the line's pieces
 * (words and inline items): levels from bidi-js, then rule L2 (reverse runs
 * at each level from the highest to the lowest odd one) and new x positions.
 * Right-to-left pieces are already shaped in visual order by fontkit.
 */
function reorderBidi(placed: Placed[], bidi: BidiApi, base: "ltr" | "rtl", env: LayoutEnv): void {
  let text = "";
  const starts: number[] = [];
  for (const p of placed) {
    starts.push(text.length);
    text += p.r.k === "text" ? p.r.text : p.r.k === "atomic" ? "\ufffc" : "";
  }
  const { levels } = bidi.getEmbeddingLevels(text, base);
  // Split text pieces where the level changes (e.g. a word's trailing space
  // at the paragraph level), re-shaping each part.
  const items: Placed[] = [];
  const lv: number[] = [];
  placed.forEach((p, i) => {
    if (p.r.k !== "text" || !p.r.text) {
      items.push(p);
      lv.push(p.r.k === "atomic" ? levels[starts[i]] ?? 0 : -1);
      return;
    }
    const t = p.r.text, s0 = starts[i];
    let a = 0;
    const parts: [number, number][] = [];
    for (let k = 1; k <= t.length; k++) {
      if (k === t.length || levels[s0 + k] !== levels[s0 + a]) {
        parts.push([a, k]);
        a = k;
      }
    }
    if (parts.length === 1) {
      items.push(p);
      lv.push(levels[s0] ?? 0);
      return;
    }
    let used = 0;
    for (const [from, to] of parts) {
      const piece = t.slice(from, to);
      const sh = shapeText(env, p.r.s, piece);
      // The hung trailing space of the line keeps its zero width.
      const last = to === t.length;
      const w = last ? Math.max(0, p.w - used) : sh.w;
      used += sh.w;
      items.push({
        r: {
          ...p.r,
          text: piece,
          w: sh.w,
          glyphs: sh.runs,
          trail: 0,
          spaces: piece.split(" ").length - 1,
        },
        x: 0,
        w: Math.min(w, sh.w),
      });
      lv.push(levels[s0 + from] ?? 0);
    }
  });
  placed.splice(0, placed.length, ...items);
  // Inline box edges take the level of the piece before them.
  for (let i = 0; i < lv.length; i++) {
    if (lv[i] < 0) lv[i] = i > 0 ? lv[i - 1] : base === "rtl" ? 1 : 0;
  }
  const max = Math.max(...lv);
  let minOdd = Infinity;
  for (const l of lv) if (l % 2 === 1) minOdd = Math.min(minOdd, l);
  const order = placed.map((_, i) => i);
  for (let level = max; level >= minOdd && level >= 1; level--) {
    for (let i = 0; i < order.length;) {
      if (lv[order[i]] < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < order.length && lv[order[j]] >= level) j++;
      order.splice(i, j - i, ...order.slice(i, j).reverse());
      i = j;
    }
  }
  const visual = order.map((i) => placed[i]);
  let x = 0;
  for (const p of visual) {
    p.x = x;
    x += p.w;
  }
  placed.splice(0, placed.length, ...visual);
}

function adjustRuns(runs: GlyphRun[], extra: number): GlyphRun[] {
  if (!extra) return runs;
  let shift = 0;
  return runs.map((r) => {
    const o = { ...r, x: r.x + shift, spaceExtra: r.spaceExtra + extra };
    for (const ch of r.text) if (ch === " ") shift += extra;
    return o;
  });
}

function decoFrag(
  ob: Box,
  sx: number,
  ex: number,
  baseline: number,
  env: LayoutEnv,
  first: boolean,
  last: boolean,
): Frag {
  const m = metrics(env, ob.s);
  const pt = resolveLen(ob.s.paddingTop, 0), pb = resolveLen(ob.s.paddingBottom, 0);
  ob.b = [ob.s.borderTopWidth, ob.s.borderRightWidth, ob.s.borderBottomWidth, ob.s.borderLeftWidth];
  ob.p = [pt, resolveLen(ob.s.paddingRight, 0), pb, resolveLen(ob.s.paddingLeft, 0)];
  const top = baseline - m.asc - pt - ob.s.borderTopWidth;
  const h = m.asc + m.desc + pt + pb + ob.s.borderTopWidth + ob.s.borderBottomWidth;
  if (first) {
    ob.x = sx;
    ob.y = top;
    ob.w = ex - sx;
    ob.h = h;
  }
  return { k: "deco", box: ob, x: sx, y: top, w: ex - sx, h, first, last };
}

function baselineShift(s: Style, parent: Style, _env: LayoutEnv): number {
  const va = s.verticalAlign;
  if (va === "sub") return Math.round(parent.fontSize / 5 + 1);
  if (va === "super") return -Math.round(parent.fontSize / 3 + 1);
  if (typeof va === "number") return -va;
  if (typeof va === "object") return -resolveLen(va, 0);
  return 0;
}

/** Distance from an atomic inline's margin-box top to its baseline. */
function atomicBaseline(ab: Box): number {
  if (ab.kind !== "replaced" && ab.s.overflow === "visible" && ab.lastBaseline !== undefined) {
    return ab.lastBaseline - ab.y + ab.m[0];
  }
  return ab.h + ab.m[0] + ab.m[2] - ab.m[2];
}

// ---------------------------------------------------------------- flexbox

interface FlexItem {
  box: Box;
  base: number;
  hyp: number;
  min: number;
  max: number;
  main: number;
  cross: number;
  marginMain: number;
  frozen: boolean;
}

function layoutFlex(
  b: Box,
  cx: number,
  cy: number,
  cw: number,
  ch: number | null,
  env: LayoutEnv,
): number {
  const s = b.s;
  const row = s.flexDirection.startsWith("row");
  const reverse = s.flexDirection.endsWith("reverse");
  const wrap = s.flexWrap !== "nowrap";
  const mainGap = resolveLen(row ? s.columnGap : s.rowGap, row ? cw : ch ?? 0);
  const crossGap = resolveLen(row ? s.rowGap : s.columnGap, row ? ch ?? 0 : cw);
  const mainSize = row ? cw : ch;
  const kids = b.kids.filter((k) => !k.outOfFlow);
  for (const k of b.kids) {
    if (k.outOfFlow) {
      k.staticDX = cx - b.x;
      k.staticDY = cy - b.y;
    }
  }
  kids.sort((a, c) => a.s.order - c.s.order);
  const items: FlexItem[] = kids.map((k) => {
    usedMargins(k, cw);
    const ks = k.s;
    const exMain = row ? k.p[1] + k.p[3] + k.b[1] + k.b[3] : k.p[0] + k.p[2] + k.b[0] + k.b[2];
    const marginMain = row ? k.m[1] + k.m[3] : k.m[0] + k.m[2];
    let base: number;
    const basis = ks.flexBasis;
    const sizeProp = row ? ks.width : ks.height;
    const pctBasis = row ? cw : ch;
    if (basis !== null && (typeof basis === "number" || pctBasis !== null)) {
      base = toBorderW(ks, resolveLen(basis, pctBasis ?? 0), exMain);
    } else if (sizeProp !== null && (typeof sizeProp === "number" || pctBasis !== null)) {
      base = toBorderW(ks, resolveLen(sizeProp, pctBasis ?? 0), exMain);
    } else if (row) base = intrinsic(k, env).max;
    else {
      layoutBox(k, 0, 0, { cbw: cw, cbh: null, forceW: crossSizeFor(k, cw, s, env) }, env);
      base = k.h;
    }
    // Automatic minimum size: the min-content size (row) for non-scrolling items.
    let min = 0;
    const minProp = row ? ks.minWidth : ks.minHeight;
    if (minProp !== null) min = toBorderW(ks, resolveLen(minProp, pctBasis ?? 0), exMain);
    else if (ks.overflow === "visible") {
      if (row) {
        min = intrinsic(k, env).min;
        if (sizeProp !== null && typeof sizeProp === "number") {
          min = Math.min(min, toBorderW(ks, sizeProp, exMain));
        }
      } else min = 0;
    }
    const maxProp = row ? ks.maxWidth : ks.maxHeight;
    const max = maxProp !== null && (typeof maxProp === "number" || pctBasis !== null)
      ? toBorderW(ks, resolveLen(maxProp, pctBasis ?? 0), exMain)
      : Infinity;
    const hyp = Math.max(min, Math.min(max, base));
    return { box: k, base, hyp, min, max, main: hyp, cross: 0, marginMain, frozen: false };
  });
  // Lines.
  const lines: FlexItem[][] = [];
  let cur: FlexItem[] = [];
  let sum = 0;
  for (const it of items) {
    const outer = it.hyp + it.marginMain;
    if (wrap && cur.length && mainSize !== null && sum + mainGap + outer > mainSize + 0.01) {
      lines.push(cur);
      cur = [];
      sum = 0;
    }
    sum += (cur.length ? mainGap : 0) + outer;
    cur.push(it);
  }
  if (cur.length) lines.push(cur);
  // Resolve flexible lengths and lay out items with their main size.
  const lineCross: number[] = [];
  let usedMain = 0;
  for (const line of lines) {
    const gaps = mainGap * (line.length - 1);
    const avail = mainSize ?? line.reduce((a, it) => a + it.hyp + it.marginMain, gaps);
    resolveFlexible(line, avail - gaps);
    let maxCross = 0;
    for (const it of line) {
      const k = it.box;
      if (row) {
        layoutBox(k, 0, 0, { cbw: cw, cbh: ch, forceW: it.main }, env);
        it.cross = k.h + k.m[0] + k.m[2];
      } else {
        layoutBox(k, 0, 0, {
          cbw: cw,
          cbh: null,
          forceW: crossSizeFor(k, cw, s, env),
          forceH: it.main,
        }, env);
        it.cross = k.w + k.m[1] + k.m[3];
      }
      maxCross = Math.max(maxCross, it.cross);
    }
    lineCross.push(maxCross);
    usedMain = Math.max(usedMain, line.reduce((a, it) => a + it.main + it.marginMain, gaps));
  }
  const crossSize = row ? ch : cw;
  if (lines.length === 1 && crossSize !== null) lineCross[0] = crossSize;
  // align-content: stretch distributes extra cross space to lines.
  let crossStart = 0;
  let crossBetween = 0;
  if (crossSize !== null && lines.length > 1) {
    const total = lineCross.reduce((a, v) => a + v, 0) + crossGap * (lines.length - 1);
    const free = crossSize - total;
    const ac = s.alignContent;
    if ((ac === "normal" || ac === "stretch") && free > 0) {
      for (let i = 0; i < lineCross.length; i++) lineCross[i] += free / lines.length;
    } else if (free > 0) {
      if (ac === "center") crossStart = free / 2;
      else if (ac === "flex-end" || ac === "end") crossStart = free;
      else if (ac === "space-between") crossBetween = free / (lines.length - 1);
      else if (ac === "space-around") {
        crossBetween = free / lines.length;
        crossStart = crossBetween / 2;
      } else if (ac === "space-evenly") crossBetween = crossStart = free / (lines.length + 1);
    }
  }
  // Position.
  let crossPos = crossStart;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const lc = lineCross[li];
    const gaps = mainGap * (line.length - 1);
    const used = line.reduce((a, it) => a + it.main + it.marginMain, gaps);
    const mainAvail = mainSize ?? usedMain;
    let free = mainAvail - used;
    // Auto margins on the main axis take the free space first.
    const autoMargins = line.reduce((a, it) => {
      const ks = it.box.s;
      return a +
        (row
          ? (ks.marginLeft === null ? 1 : 0) + (ks.marginRight === null ? 1 : 0)
          : (ks.marginTop === null ? 1 : 0) + (ks.marginBottom === null ? 1 : 0));
    }, 0);
    let autoShare = 0;
    if (autoMargins && free > 0) {
      autoShare = free / autoMargins;
      free = 0;
    }
    let pos = 0, between = mainGap;
    const jc = s.justifyContent;
    if (free > 0 || jc === "center" || jc === "flex-end" || jc === "end" || jc === "right") {
      if (jc === "center") pos = free / 2;
      else if (jc === "flex-end" || jc === "end" || (jc === "right" && row)) pos = free;
      else if (jc === "space-between" && line.length > 1) between += free / (line.length - 1);
      else if (jc === "space-around") {
        between += free / line.length;
        pos = free / line.length / 2;
      } else if (jc === "space-evenly") {
        between += free / (line.length + 1);
        pos = free / (line.length + 1);
      }
    }
    const order = reverse ? [...line].reverse() : line;
    if (reverse) pos = mainAvail - used - pos + (free > 0 ? 0 : 0);
    for (const it of order) {
      const k = it.box;
      const ks = k.s;
      const mStart = row
        ? (ks.marginLeft === null ? autoShare : k.m[3])
        : (ks.marginTop === null ? autoShare : k.m[0]);
      const mEnd = row
        ? (ks.marginRight === null ? autoShare : k.m[1])
        : (ks.marginBottom === null ? autoShare : k.m[2]);
      let align = ks.alignSelf === "auto" ? s.alignItems : ks.alignSelf;
      if (align === "normal") align = "stretch";
      const crossAuto = row ? ks.height === null : ks.width === null;
      const crossMarginAuto = row
        ? ks.marginTop === null || ks.marginBottom === null
        : ks.marginLeft === null || ks.marginRight === null;
      if (align === "stretch" && crossAuto && !crossMarginAuto) {
        const target = lc - (row ? k.m[0] + k.m[2] : k.m[1] + k.m[3]);
        if (row && Math.abs(target - k.h) > 0.01) {
          layoutBox(k, 0, 0, {
            cbw: cw,
            cbh: ch,
            forceW: it.main,
            forceH: clampHeight(k, target, ch),
          }, env);
        } else if (!row && Math.abs(target - k.w) > 0.01) {
          layoutBox(k, 0, 0, {
            cbw: cw,
            cbh: null,
            forceW: clampWidth(k, target, cw),
            forceH: it.main,
          }, env);
        }
        it.cross = row ? k.h + k.m[0] + k.m[2] : k.w + k.m[1] + k.m[3];
      }
      let off = 0;
      const freeCross = lc - it.cross;
      if (crossMarginAuto) off = freeCross / 2;
      else if (align === "center") off = freeCross / 2;
      else if (align === "flex-end" || align === "end" || align === "self-end") off = freeCross;
      else if (align === "baseline" && row && k.firstBaseline !== undefined) {
        const maxBl = Math.max(
          ...line.map((o) => (o.box.firstBaseline ?? o.box.y + o.box.h) - o.box.y + o.box.m[0]),
        );
        off = maxBl - ((k.firstBaseline - k.y) + k.m[0]);
      }
      if (s.flexWrap === "wrap-reverse") off = freeCross - off;
      const mainX = pos + mStart;
      if (row) shiftBox(k, cx + mainX - k.x, cy + crossPos + off + k.m[0] - k.y);
      else shiftBox(k, cx + off + k.m[3] - k.x, cy + mainX - k.y);
      pos += mStart + it.main + mEnd + between;
    }
    crossPos += lc + crossGap + crossBetween;
  }
  const totalCross = lineCross.reduce((a, v) => a + v, 0) +
    crossGap * Math.max(0, lines.length - 1);
  // Baseline of the container: first item's first baseline.
  const firstWithBl = items.find((it) => it.box.firstBaseline !== undefined);
  if (firstWithBl) {
    b.firstBaseline = firstWithBl.box.firstBaseline;
    b.lastBaseline = firstWithBl.box.lastBaseline;
  }
  return row ? totalCross : (ch ?? usedMain);
}

function crossSizeFor(k: Box, cw: number, s: Style, env: LayoutEnv): number {
  // Column flex items: definite width, stretched, or fit-content.
  const ks = k.s;
  usedMargins(k, cw);
  const ex = k.p[1] + k.p[3] + k.b[1] + k.b[3];
  if (ks.width !== null) return clampWidth(k, toBorderW(ks, resolveLen(ks.width, cw), ex), cw);
  let align = ks.alignSelf === "auto" ? s.alignItems : ks.alignSelf;
  if (align === "normal") align = "stretch";
  const avail = cw - k.m[1] - k.m[3];
  if (align === "stretch" && ks.marginLeft !== null && ks.marginRight !== null) {
    return clampWidth(k, avail, cw);
  }
  const i = intrinsic(k, env);
  return clampWidth(k, Math.min(Math.max(i.min, avail), i.max), cw);
}

function resolveFlexible(line: FlexItem[], avail: number): void {
  const sumHyp = line.reduce((a, it) => a + it.hyp + it.marginMain, 0);
  const grow = sumHyp < avail;
  for (const it of line) {
    it.frozen = false;
    it.main = it.hyp;
    const f = grow ? it.box.s.flexGrow : it.box.s.flexShrink;
    if (f === 0 || (grow && it.base > it.hyp) || (!grow && it.base < it.hyp)) it.frozen = true;
  }
  for (let iter = 0; iter <= line.length; iter++) {
    const unfrozen = line.filter((it) => !it.frozen);
    if (!unfrozen.length) break;
    const used = line.reduce((a, it) => a + (it.frozen ? it.main : it.base) + it.marginMain, 0);
    let free = avail - used;
    const sumF = unfrozen.reduce(
      (a, it) => a + (grow ? it.box.s.flexGrow : it.box.s.flexShrink),
      0,
    );
    if (grow && sumF < 1) free = Math.min(free, free * sumF);
    let total = 0;
    for (const it of unfrozen) {
      let target: number;
      if (grow) target = it.base + (free * it.box.s.flexGrow) / (sumF || 1);
      else {
        const scaled = unfrozen.reduce((a, o) => a + o.box.s.flexShrink * o.base, 0);
        target = it.base + (scaled ? (free * it.box.s.flexShrink * it.base) / scaled : 0);
      }
      const clamped = Math.max(it.min, Math.min(it.max, target));
      total += clamped - target;
      it.main = clamped;
    }
    if (Math.abs(total) < 0.01) break;
    for (const it of unfrozen) {
      const target = it.main;
      if ((total > 0 && target <= it.min + 0.001) || (total < 0 && target >= it.max - 0.001)) {
        it.frozen = true;
      }
    }
  }
}

// ---------------------------------------------------------------- grid

function trackBase(t: TrackSize, avail: number | null): number | null {
  if (t.k === "px") return t.v;
  if (t.k === "pct") return avail === null ? null : (t.v * avail) / 100;
  return null;
}

function expandTracks(
  list: { tracks: Track[]; auto?: { at: number; tracks: Track[] } },
  avail: number | null,
  gap: number,
): Track[] {
  if (!list.auto) return list.tracks;
  const per = list.auto.tracks.reduce(
    (a, t) => a + (trackBase(t.max, avail) ?? trackBase(t.min, avail) ?? 0),
    0,
  );
  const fixed = list.tracks.reduce(
    (a, t) => a + (trackBase(t.max, avail) ?? trackBase(t.min, avail) ?? 0) + gap,
    0,
  );
  let n = 1;
  if (avail !== null && per > 0) {
    n = Math.max(1, Math.floor((avail - fixed + gap) / (per + gap * list.auto.tracks.length)));
  }
  n = Math.min(n, 1000);
  const rep: Track[] = [];
  for (let i = 0; i < n; i++) rep.push(...list.auto.tracks);
  return [...list.tracks.slice(0, list.auto.at), ...rep, ...list.tracks.slice(list.auto.at)];
}

interface GridItem {
  box: Box;
  c0: number;
  c1: number;
  r0: number;
  r1: number;
}

function sizeTracks(
  tracks: Track[],
  avail: number | null,
  gap: number,
  contrib: (i: number) => { min: number; max: number },
): number[] {
  const n = tracks.length;
  const sizes = new Array<number>(n).fill(0);
  const limits = new Array<number>(n).fill(0);
  let frSum = 0;
  for (let i = 0; i < n; i++) {
    const t = tracks[i];
    const c = contrib(i);
    const bmin = trackBase(t.min, avail);
    sizes[i] = bmin ??
      (t.min.k === "max" ? c.max : t.min.k === "auto" || t.min.k === "min" ? c.min : 0);
    const bmax = trackBase(t.max, avail);
    if (t.max.k === "fr") {
      frSum += t.max.v;
      limits[i] = Infinity;
    } else limits[i] = Math.max(sizes[i], bmax ?? (t.max.k === "min" ? c.min : c.max));
  }
  const gaps = gap * Math.max(0, n - 1);
  if (avail !== null) {
    // Grow non-flexible tracks to their limits while space remains.
    let free = avail - gaps - sizes.reduce((a, v) => a + v, 0);
    const growable = () =>
      tracks.map((t, i) => t.max.k !== "fr" && sizes[i] < limits[i] ? i : -1).filter((i) => i >= 0);
    for (let iter = 0; iter < n && free > 0.01; iter++) {
      const g = growable();
      if (!g.length) break;
      const share = free / g.length;
      for (const i of g) {
        const add = Math.min(share, limits[i] - sizes[i]);
        sizes[i] += add;
        free -= add;
      }
    }
    if (frSum > 0 && free > 0) {
      // Flexible tracks: find the fr size, respecting each track's base size.
      let hyp = free / frSum;
      const fixedIdx = new Set<number>();
      for (let iter = 0; iter < n; iter++) {
        let sumFr = 0, rest = free;
        for (let i = 0; i < n; i++) {
          if (tracks[i].max.k !== "fr") continue;
          if (fixedIdx.has(i)) continue;
          sumFr += (tracks[i].max as { v: number }).v;
          rest += sizes[i];
        }
        hyp = sumFr ? rest / Math.max(sumFr, 1) : 0;
        let changed = false;
        for (let i = 0; i < n; i++) {
          const t = tracks[i];
          if (t.max.k !== "fr" || fixedIdx.has(i)) continue;
          if (hyp * t.max.v < sizes[i]) {
            fixedIdx.add(i);
            free -= 0;
            changed = true;
          }
        }
        if (!changed) break;
      }
      for (let i = 0; i < n; i++) {
        const t = tracks[i];
        if (t.max.k === "fr" && !fixedIdx.has(i)) sizes[i] = Math.max(sizes[i], hyp * t.max.v);
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      if (tracks[i].max.k === "fr") sizes[i] = Math.max(sizes[i], contrib(i).max);
    }
  }
  return sizes;
}

function layoutGrid(
  b: Box,
  cx: number,
  cy: number,
  cw: number,
  ch: number | null,
  env: LayoutEnv,
): number {
  const s = b.s;
  const colGap = resolveLen(s.columnGap, cw);
  const rowGap = resolveLen(s.rowGap, ch ?? 0);
  let cols = expandTracks(s.gridTemplateColumns, cw, colGap);
  let rows = expandTracks(s.gridTemplateRows, ch, rowGap);
  const kids = b.kids.filter((k) => !k.outOfFlow);
  for (const k of b.kids) {
    if (k.outOfFlow) {
      k.staticDX = cx - b.x;
      k.staticDY = cy - b.y;
    }
  }
  kids.sort((a, c) => a.s.order - c.s.order);
  // Placement.
  const ncolsExplicit = Math.max(1, cols.length);
  const items: GridItem[] = [];
  const occupied = new Set<string>();
  const span = (
    start: { line?: number; span?: number },
    end: { line?: number; span?: number },
    count: number,
  ) => {
    let a: number | undefined, z: number | undefined;
    if (start.line !== undefined) a = start.line > 0 ? start.line - 1 : count + 1 + start.line;
    if (end.line !== undefined) z = end.line > 0 ? end.line - 1 : count + 1 + end.line;
    const sp = start.span ?? end.span ?? 1;
    if (a !== undefined && z !== undefined) {
      if (z < a) [a, z] = [z, a];
      if (z === a) z = a + 1;
      return { a, z };
    }
    if (a !== undefined) return { a, z: a + sp };
    if (z !== undefined) return { a: Math.max(0, z - sp), z };
    return { a: undefined, z: undefined, sp };
  };
  let curR = 0, curC = 0;
  const colFlow = s.gridAutoFlow === "column";
  for (const k of kids) {
    const cs = span(k.s.gridColumnStart, k.s.gridColumnEnd, ncolsExplicit);
    const rs = span(k.s.gridRowStart, k.s.gridRowEnd, Math.max(1, rows.length));
    let c0 = cs.a, c1 = cs.z, r0 = rs.a, r1 = rs.z;
    const csp = cs.a === undefined ? (cs as { sp: number }).sp : c1! - c0!;
    const rsp = rs.a === undefined ? (rs as { sp: number }).sp : r1! - r0!;
    const free = (r: number, c: number) => {
      for (let y = r; y < r + rsp; y++) {
        for (let x = c; x < c + csp; x++) if (occupied.has(`${y},${x}`)) return false;
      }
      return true;
    };
    if (c0 === undefined || r0 === undefined) {
      if (c0 !== undefined) {
        let r = 0;
        while (!free(r, c0) && r < 10000) r++;
        r0 = r;
      } else if (r0 !== undefined) {
        let c = 0;
        while (!free(r0, c) && c < 10000) c++;
        c0 = c;
      } else if (colFlow) {
        const nrows = Math.max(1, rows.length);
        for (let guard = 0; guard < 100000; guard++) {
          if (curR + rsp > nrows && curR > 0) {
            curR = 0;
            curC++;
          }
          if (free(curR, curC)) break;
          curR++;
        }
        r0 = curR;
        c0 = curC;
        curR += rsp;
      } else {
        for (let guard = 0; guard < 100000; guard++) {
          if (curC + csp > ncolsExplicit && curC > 0) {
            curC = 0;
            curR++;
          }
          if (free(curR, curC)) break;
          curC++;
        }
        r0 = curR;
        c0 = curC;
        curC += csp;
      }
      c1 = c0 + csp;
      r1 = r0 + rsp;
    }
    for (let y = r0; y < r1!; y++) for (let x = c0; x < c1!; x++) occupied.add(`${y},${x}`);
    items.push({ box: k, c0, c1: c1!, r0, r1: r1! });
  }
  const ncols = Math.max(cols.length, ...items.map((i) => i.c1));
  const nrows = Math.max(rows.length, ...items.map((i) => i.r1), 0);
  cols = [...cols];
  for (let i = cols.length; i < ncols; i++) {
    cols.push(s.gridAutoColumns[(i - cols.length) % s.gridAutoColumns.length]);
  }
  rows = [...rows];
  for (let i = rows.length; i < nrows; i++) {
    rows.push(s.gridAutoRows[(i - rows.length) % s.gridAutoRows.length]);
  }
  for (const it of items) usedMargins(it.box, cw);
  const colSizes = sizeTracks(cols, cw, colGap, (i) => {
    let min = 0, max = 0;
    for (const it of items) {
      if (it.c0 !== i || it.c1 !== i + 1) continue;
      const t = intrinsic(it.box, env);
      min = Math.max(min, t.min + it.box.m[1] + it.box.m[3]);
      max = Math.max(max, t.max + it.box.m[1] + it.box.m[3]);
    }
    return { min, max };
  });
  const colX: number[] = [0];
  for (let i = 0; i < ncols; i++) colX.push(colX[i] + colSizes[i] + (i < ncols - 1 ? colGap : 0));
  const areaW = (it: GridItem) => colX[it.c1] - colX[it.c0] - (it.c1 < ncols ? colGap : 0);
  // Lay out items at their column widths to get heights.
  const heights = new Map<Box, number>();
  for (const it of items) {
    const k = it.box;
    const w = areaW(it);
    const js = k.s.justifySelf === "auto" ? s.justifyItems : k.s.justifySelf;
    const stretch = (js === "normal" || js === "stretch" || js === "legacy") &&
      k.s.width === null && k.kind !== "replaced";
    if (stretch) {
      layoutBox(k, 0, 0, { cbw: w, cbh: null, forceW: clampWidth(k, w - k.m[1] - k.m[3], w) }, env);
    } else layoutBox(k, 0, 0, { cbw: w, cbh: null, shrink: true }, env);
    heights.set(k, k.h + k.m[0] + k.m[2]);
  }
  const rowSizes = sizeTracks(rows, ch, rowGap, (i) => {
    let m = 0;
    for (const it of items) {
      if (it.r0 === i && it.r1 === i + 1) m = Math.max(m, heights.get(it.box)!);
    }
    return { min: m, max: m };
  });
  // Items spanning several rows: grow the last spanned row if needed.
  for (const it of items) {
    if (it.r1 - it.r0 <= 1) continue;
    let sum = rowGap * (it.r1 - it.r0 - 1);
    for (let r = it.r0; r < it.r1; r++) sum += rowSizes[r];
    const need = heights.get(it.box)! - sum;
    if (need > 0 && rows[it.r1 - 1].max.k !== "px") rowSizes[it.r1 - 1] += need;
  }
  const rowY: number[] = [0];
  for (let i = 0; i < nrows; i++) rowY.push(rowY[i] + rowSizes[i] + (i < nrows - 1 ? rowGap : 0));
  for (const it of items) {
    const k = it.box;
    const aw = areaW(it);
    const ah = rowY[it.r1] - rowY[it.r0] - (it.r1 < nrows ? rowGap : 0);
    let as = k.s.alignSelf === "auto" ? s.alignItems : k.s.alignSelf;
    if (as === "normal") as = k.kind === "replaced" ? "start" : "stretch";
    if (as === "stretch" && k.s.height === null) {
      layoutBox(k, 0, 0, {
        cbw: aw,
        cbh: ah,
        forceW: k.w,
        forceH: clampHeight(k, ah - k.m[0] - k.m[2], ah),
      }, env);
    }
    let dy = 0;
    const fy = ah - (k.h + k.m[0] + k.m[2]);
    if (as === "center") dy = fy / 2;
    else if (as === "end" || as === "flex-end") dy = fy;
    let dx = 0;
    const js = k.s.justifySelf === "auto" ? s.justifyItems : k.s.justifySelf;
    const fx = aw - (k.w + k.m[1] + k.m[3]);
    if (js === "center") dx = fx / 2;
    else if (js === "end" || js === "right") dx = fx;
    shiftBox(k, cx + colX[it.c0] + dx + k.m[3] - k.x, cy + rowY[it.r0] + dy + k.m[0] - k.y);
  }
  const first = items[0]?.box;
  if (first?.firstBaseline !== undefined) b.firstBaseline = first.firstBaseline;
  return ch ?? rowY[nrows];
}

// ---------------------------------------------------------------- tables

interface Cell {
  box: Box;
  row: number;
  col: number;
  rs: number;
  cs: number;
}

function tableStructure(t: Box): { rows: Box[]; cells: Cell[]; ncols: number } {
  const rows: Box[] = [];
  const collectRows = (b: Box) => {
    for (const k of b.kids) {
      const d = k.s.display;
      if (d === "table-row") rows.push(k);
      else if (
        d === "table-row-group" || d === "table-header-group" || d === "table-footer-group"
      ) collectRows(k);
    }
  };
  collectRows(t);
  const cells: Cell[] = [];
  const taken = new Set<string>();
  let ncols = 0;
  rows.forEach((r, ri) => {
    let c = 0;
    for (const k of r.kids) {
      if (k.outOfFlow) continue;
      while (taken.has(`${ri},${c}`)) c++;
      const cs = Math.max(1, Math.min(1000, Number(k.el?.attrs.get("colspan") ?? "1") || 1));
      const rs = Math.max(1, Math.min(1000, Number(k.el?.attrs.get("rowspan") ?? "1") || 1));
      for (let y = ri; y < ri + rs; y++) for (let x = c; x < c + cs; x++) taken.add(`${y},${x}`);
      k.kind = "cell";
      cells.push({ box: k, row: ri, col: c, rs: Math.min(rs, rows.length - ri), cs });
      c += cs;
      ncols = Math.max(ncols, c);
    }
  });
  return { rows, cells, ncols };
}

function tableColumns(
  t: Box,
  env: LayoutEnv,
  width: number | null,
): { min: number; max: number; cols: number[] } {
  const { cells, ncols } = tableStructure(t);
  const s = t.s;
  const collapse = s.borderCollapse === "collapse";
  const sp = collapse ? 0 : s.borderSpacingH;
  const mins = new Array<number>(ncols).fill(0);
  const maxs = new Array<number>(ncols).fill(0);
  const fixed = s.tableLayout === "fixed" && s.width !== null;
  for (const c of [...cells].sort((a, b) => a.cs - b.cs)) {
    const i = intrinsic(c.box, env);
    if (fixed && c.row > 0) continue;
    if (c.cs === 1) {
      mins[c.col] = Math.max(mins[c.col], i.min);
      maxs[c.col] = Math.max(maxs[c.col], fixed && c.box.s.width === null ? 0 : i.max);
    } else {
      let smin = sp * (c.cs - 1), smax = sp * (c.cs - 1);
      for (let k = c.col; k < c.col + c.cs; k++) {
        smin += mins[k];
        smax += maxs[k];
      }
      if (i.min > smin) {
        for (let k = c.col; k < c.col + c.cs; k++) mins[k] += (i.min - smin) / c.cs;
      }
      if (i.max > smax) {
        for (let k = c.col; k < c.col + c.cs; k++) maxs[k] += (i.max - smax) / c.cs;
      }
    }
  }
  const edges = sp * (ncols + 1);
  const min = mins.reduce((a, v) => a + v, 0) + edges;
  const max = maxs.reduce((a, v) => a + Math.max(v, 0), 0) + edges;
  const cols = [...maxs];
  if (width !== null) {
    const avail = width - edges;
    const sumMax = maxs.reduce((a, v) => a + v, 0);
    const sumMin = mins.reduce((a, v) => a + v, 0);
    if (fixed) {
      const unset = maxs.filter((v) => v === 0).length;
      const rest = Math.max(0, avail - sumMax);
      for (let k = 0; k < ncols; k++) cols[k] = maxs[k] === 0 ? rest / (unset || 1) : maxs[k];
      if (!unset && sumMax > 0) {
        for (let k = 0; k < ncols; k++) cols[k] = (maxs[k] * avail) / sumMax;
      }
    } else if (avail >= sumMax) {
      for (let k = 0; k < ncols; k++) {
        cols[k] = sumMax > 0 ? maxs[k] + ((avail - sumMax) * maxs[k]) / sumMax : avail / ncols;
      }
    } else if (avail > sumMin) {
      const f = (avail - sumMin) / (sumMax - sumMin || 1);
      for (let k = 0; k < ncols; k++) cols[k] = mins[k] + (maxs[k] - mins[k]) * f;
    } else for (let k = 0; k < ncols; k++) cols[k] = mins[k];
  }
  return { min, max, cols };
}

function layoutTable(t: Box, cx: number, cy: number, cw: number, env: LayoutEnv): number {
  const s = t.s;
  const collapse = s.borderCollapse === "collapse";
  const spH = collapse ? 0 : s.borderSpacingH;
  const spV = collapse ? 0 : s.borderSpacingV;
  const { rows, cells } = tableStructure(t);
  const { cols } = tableColumns(t, env, cw);
  const colX: number[] = [spH];
  for (let i = 0; i < cols.length; i++) colX.push(colX[i] + cols[i] + spH);
  const heights = new Array<number>(rows.length).fill(0);
  for (const c of cells) {
    const w = colX[c.col + c.cs] - colX[c.col] - spH;
    layoutBox(c.box, 0, 0, { cbw: w, cbh: null, forceW: w }, env);
    if (c.rs === 1) heights[c.row] = Math.max(heights[c.row], c.box.h);
  }
  rows.forEach((r, i) => {
    const rh = r.s.height !== null && typeof r.s.height === "number" ? r.s.height : 0;
    heights[i] = Math.max(heights[i], rh);
  });
  for (const c of cells) {
    if (c.rs <= 1) continue;
    let sum = spV * (c.rs - 1);
    for (let r = c.row; r < c.row + c.rs; r++) sum += heights[r];
    if (c.box.h > sum) heights[c.row + c.rs - 1] += c.box.h - sum;
  }
  const rowY: number[] = [spV];
  for (let i = 0; i < rows.length; i++) rowY.push(rowY[i] + heights[i] + spV);
  // Rows (and their groups) span the table width.
  const setRowGeom = (b: Box, y0: number, y1: number) => {
    b.x = cx;
    b.y = cy + y0;
    b.w = cw;
    b.h = y1 - y0;
  };
  rows.forEach((r, i) => setRowGeom(r, rowY[i], rowY[i] + heights[i]));
  for (const g of t.kids) {
    if (g.s.display.endsWith("-group")) {
      const rr = g.kids.filter((k) => rows.includes(k));
      if (rr.length) setRowGeom(g, rr[0].y - cy, rr[rr.length - 1].y + rr[rr.length - 1].h - cy);
    }
  }
  for (const c of cells) {
    const k = c.box;
    const h = rowY[c.row + c.rs] - rowY[c.row] - spV;
    const contentH = k.h;
    const w = k.w;
    layoutBox(k, 0, 0, { cbw: w, cbh: null, forceW: w, forceH: h }, env);
    // Vertical alignment of the cell content.
    const va = k.s.verticalAlign;
    const free = h - contentH;
    const shift = va === "bottom" ? free : va === "middle" ? free / 2 : 0;
    shiftBox(k, cx + colX[c.col] - k.x, cy + rowY[c.row] - k.y);
    if (shift > 0) {
      for (const f of k.frags) {
        if (f.k === "text" || f.k === "marker") f.baseline += shift;
        else if (f.k === "deco") f.y += shift;
        else shiftBox(f.box, 0, shift);
      }
      for (const kk of k.kids) shiftBox(kk, 0, shift);
    }
  }
  if (rows.length && cells.length) {
    const fc = cells.find((c) => c.row === 0)?.box;
    if (fc?.firstBaseline !== undefined) t.firstBaseline = fc.firstBaseline;
  }
  return rowY[rows.length] ?? 0;
}

// ---------------------------------------------------------------- positioning

/** Lays out absolutely positioned boxes whose containing block is `cb` (its padding box). */
export function layoutAbsolute(cb: Box, env: LayoutEnv): void {
  const px = cb.x + cb.b[3], py = cb.y + cb.b[0];
  const pw = cb.w - cb.b[1] - cb.b[3], ph = cb.h - cb.b[0] - cb.b[2];
  for (const a of cb.absKids) layoutOne(a, px, py, pw, ph, env);
}

/** Lays out fixed boxes against the viewport. */
export function layoutFixed(root: Box, env: LayoutEnv): void {
  for (const a of root.absKids) layoutOne(a, 0, 0, env.viewportW, env.viewportH, env);
}

function layoutOne(a: Box, px: number, py: number, pw: number, ph: number, env: LayoutEnv): void {
  const s = a.s;
  usedMargins(a, pw);
  const l = s.left !== null ? resolveLen(s.left, pw) : null;
  const r = s.right !== null ? resolveLen(s.right, pw) : null;
  const t = s.top !== null ? resolveLen(s.top, ph) : null;
  const bo = s.bottom !== null ? resolveLen(s.bottom, ph) : null;
  let forceW: number | undefined;
  if (s.width === null && l !== null && r !== null) {
    forceW = Math.max(0, pw - l - r - a.m[1] - a.m[3]);
  }
  let forceH: number | undefined;
  if (s.height === null && t !== null && bo !== null) {
    forceH = Math.max(0, ph - t - bo - a.m[0] - a.m[2]);
  }
  layoutBox(a, 0, 0, { cbw: pw, cbh: ph, shrink: forceW === undefined, forceW, forceH }, env);
  const parent = a.parent;
  const sx = parent && a.staticDX !== undefined ? parent.x + a.staticDX : px;
  const sy = parent && a.staticDY !== undefined ? parent.y + a.staticDY : py;
  let x: number;
  if (l !== null) x = px + l + a.m[3];
  else if (r !== null) x = px + pw - r - a.m[1] - a.w;
  else x = sx + a.m[3];
  let y: number;
  if (t !== null) y = py + t + a.m[0];
  else if (bo !== null) y = py + ph - bo - a.m[2] - a.h;
  else y = sy + a.m[0];
  shiftBox(a, x - a.x, y - a.y);
}
