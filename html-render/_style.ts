// Copyright 2026 the wirekit authors. MIT license.
// Computed values: from the cascade's winning token lists to a typed style
// object per element, with inheritance, inherit/initial/unset, currentColor
// and relative units resolved.
import {
  BORDER_STYLES,
  type Len,
  parseColor,
  parseLength,
  parseNumber,
  type Rgba,
  splitCommas,
  type Tok,
  type UnitContext,
} from "./_css_values.ts";
import type { Cascaded, DeclLoc } from "./_cascade.ts";
import type { RenderDiagnostic } from "./diagnostic.ts";

/** A grid track size. */
export type TrackSize =
  | { k: "px"; v: number }
  | { k: "pct"; v: number }
  | { k: "fr"; v: number }
  | { k: "auto" }
  | { k: "min" }
  | { k: "max" };

/** A grid track: minmax(min, max). */
export interface Track {
  min: TrackSize;
  max: TrackSize;
}

/** A grid template: fixed tracks, optionally with an auto-fill/auto-fit repetition at `autoAt`. */
export interface TrackList {
  tracks: Track[];
  auto?: { at: number; tracks: Track[]; fit: boolean };
}

/** A grid line placement. */
export interface GridLine {
  line?: number;
  span?: number;
}

/** A background layer image. */
export type BgImage =
  | { k: "url"; url: string; loc: DeclLoc }
  | { k: "linear"; angle: number; stops: { color: Rgba; pos?: Len }[] }
  | {
    k: "radial";
    circle: boolean;
    /** A keyword (closest-side, farthest-corner...) or explicit radii. */
    size: string | Len[];
    /** Centre as background-position tokens (x, y). */
    at: Tok[];
    stops: { color: Rgba; pos?: Len }[];
  };

/** A box shadow. */
export interface Shadow {
  x: number;
  y: number;
  blur: number;
  spread: number;
  color: Rgba;
  inset: boolean;
}

/** Line height: normal, a multiplier, or pixels. */
export type LineHeight = { k: "normal" } | { k: "num"; v: number } | { k: "px"; v: number };

/** Computed style of one element. */
export interface Style {
  display: string;
  position: string;
  top: Len | null;
  right: Len | null;
  bottom: Len | null;
  left: Len | null;
  zIndex: number | null;
  boxSizing: string;
  width: Len | null;
  height: Len | null;
  minWidth: Len | null;
  minHeight: Len | null;
  maxWidth: Len | null;
  maxHeight: Len | null;
  marginTop: Len | null;
  marginRight: Len | null;
  marginBottom: Len | null;
  marginLeft: Len | null;
  paddingTop: Len;
  paddingRight: Len;
  paddingBottom: Len;
  paddingLeft: Len;
  borderTopWidth: number;
  borderRightWidth: number;
  borderBottomWidth: number;
  borderLeftWidth: number;
  borderTopStyle: string;
  borderRightStyle: string;
  borderBottomStyle: string;
  borderLeftStyle: string;
  borderTopColor: Rgba | null;
  borderRightColor: Rgba | null;
  borderBottomColor: Rgba | null;
  borderLeftColor: Rgba | null;
  radiusTL: Len;
  radiusTR: Len;
  radiusBR: Len;
  radiusBL: Len;
  color: Rgba;
  backgroundColor: Rgba;
  bgImages: BgImage[];
  bgPosition: Tok[][];
  bgSize: Tok[][];
  bgRepeat: string[];
  opacity: number;
  visibility: string;
  overflow: string;
  fontFamily: string[];
  fontSize: number;
  fontWeight: number;
  fontStyle: string;
  lineHeight: LineHeight;
  letterSpacing: number;
  wordSpacing: number;
  textAlign: string;
  textDecoration: string[];
  textDecorationStyle: string;
  textDecorationColor: Rgba | null;
  textTransform: string;
  whiteSpace: string;
  textOverflow: string;
  textIndent: Len;
  verticalAlign: string | Len;
  listStyleType: string;
  listStylePosition: string;
  flexDirection: string;
  flexWrap: string;
  justifyContent: string;
  alignItems: string;
  alignSelf: string;
  alignContent: string;
  justifyItems: string;
  justifySelf: string;
  flexGrow: number;
  flexShrink: number;
  flexBasis: Len | null;
  order: number;
  rowGap: Len;
  columnGap: Len;
  gridTemplateColumns: TrackList;
  gridTemplateRows: TrackList;
  gridAutoRows: Track[];
  gridAutoColumns: Track[];
  gridAutoFlow: string;
  gridRowStart: GridLine;
  gridRowEnd: GridLine;
  gridColumnStart: GridLine;
  gridColumnEnd: GridLine;
  tableLayout: string;
  borderCollapse: string;
  borderSpacingH: number;
  borderSpacingV: number;
  boxShadow: Shadow[];
  objectFit: string;
  objectPosition: Tok[];
  crisp: boolean;
  float: string;
  /** clear: none, left, right or both. */
  clear: string;
}

const AUTO_TRACK: Track = { min: { k: "auto" }, max: { k: "auto" } };

/** The initial style (also the root's parent). */
export function initialStyle(): Style {
  return {
    display: "inline",
    position: "static",
    top: null,
    right: null,
    bottom: null,
    left: null,
    zIndex: null,
    boxSizing: "content-box",
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
    borderTopWidth: 3,
    borderRightWidth: 3,
    borderBottomWidth: 3,
    borderLeftWidth: 3,
    borderTopStyle: "none",
    borderRightStyle: "none",
    borderBottomStyle: "none",
    borderLeftStyle: "none",
    borderTopColor: null,
    borderRightColor: null,
    borderBottomColor: null,
    borderLeftColor: null,
    radiusTL: 0,
    radiusTR: 0,
    radiusBR: 0,
    radiusBL: 0,
    color: [0, 0, 0, 255],
    backgroundColor: [0, 0, 0, 0],
    bgImages: [],
    bgPosition: [],
    bgSize: [],
    bgRepeat: [],
    opacity: 1,
    visibility: "visible",
    overflow: "visible",
    fontFamily: ["sans-serif"],
    fontSize: 16,
    fontWeight: 400,
    fontStyle: "normal",
    lineHeight: { k: "normal" },
    letterSpacing: 0,
    wordSpacing: 0,
    textAlign: "start",
    textDecoration: [],
    textDecorationStyle: "solid",
    textDecorationColor: null,
    textTransform: "none",
    whiteSpace: "normal",
    textOverflow: "clip",
    textIndent: 0,
    verticalAlign: "baseline",
    listStyleType: "disc",
    listStylePosition: "outside",
    flexDirection: "row",
    flexWrap: "nowrap",
    justifyContent: "normal",
    alignItems: "normal",
    alignSelf: "auto",
    alignContent: "normal",
    justifyItems: "normal",
    justifySelf: "auto",
    flexGrow: 0,
    flexShrink: 1,
    flexBasis: null,
    order: 0,
    rowGap: 0,
    columnGap: 0,
    gridTemplateColumns: { tracks: [] },
    gridTemplateRows: { tracks: [] },
    gridAutoRows: [AUTO_TRACK],
    gridAutoColumns: [AUTO_TRACK],
    gridAutoFlow: "row",
    gridRowStart: {},
    gridRowEnd: {},
    gridColumnStart: {},
    gridColumnEnd: {},
    tableLayout: "auto",
    borderCollapse: "separate",
    borderSpacingH: 0,
    borderSpacingV: 0,
    boxShadow: [],
    objectFit: "fill",
    objectPosition: [],
    crisp: false,
    float: "none",
    clear: "none",
  };
}

const INHERITED: (keyof Style)[] = [
  "color",
  "visibility",
  "fontFamily",
  "fontSize",
  "fontWeight",
  "fontStyle",
  "lineHeight",
  "letterSpacing",
  "wordSpacing",
  "textAlign",
  "textTransform",
  "whiteSpace",
  "textIndent",
  "listStyleType",
  "listStylePosition",
  "borderCollapse",
  "borderSpacingH",
  "borderSpacingV",
  "crisp",
];
const INHERITED_SET = new Set<string>(INHERITED);

interface Ctx {
  s: Style;
  parent: Style;
  u: UnitContext;
}

type Applier = (c: Ctx, t: Tok[]) => boolean;

function id(t: Tok[]): string | undefined {
  return t.length === 1 && t[0].t === "id" ? t[0].v.toLowerCase() : undefined;
}

function kw(key: keyof Style, values: string[]): Applier {
  const set = new Set(values);
  return (c, t) => {
    const v = id(t);
    if (v === undefined || !set.has(v)) return false;
    (c.s as unknown as Record<string, unknown>)[key] = v;
    return true;
  };
}

function len(key: keyof Style, opts: { auto?: string; neg?: boolean } = {}): Applier {
  return (c, t) => {
    if (t.length !== 1) return false;
    const v = id(t);
    if (v !== undefined && opts.auto !== undefined && v === opts.auto) {
      (c.s as unknown as Record<string, unknown>)[key] = null;
      return true;
    }
    if (v === "fit-content" || v === "max-content" || v === "min-content") {
      if (opts.auto === "auto") {
        (c.s as unknown as Record<string, unknown>)[key] = null;
        return true;
      }
    }
    const l = parseLength(t[0], c.u, opts.neg ?? false);
    if (l === undefined) return false;
    (c.s as unknown as Record<string, unknown>)[key] = l;
    return true;
  };
}

function borderWidth(key: keyof Style): Applier {
  return (c, t) => {
    const v = id(t);
    let w: number | undefined;
    if (v === "thin") w = 1;
    else if (v === "medium") w = 3;
    else if (v === "thick") w = 5;
    else {
      const l = parseLength(t[0], c.u, false);
      if (typeof l === "number") w = l;
    }
    if (w === undefined || t.length !== 1) return false;
    // Chromium snaps border widths: below 1px to 1px, otherwise down to whole pixels.
    (c.s as unknown as Record<string, unknown>)[key] = w > 0 && w < 1 ? 1 : Math.floor(w);
    return true;
  };
}

function color(key: keyof Style, allowCurrent = true): Applier {
  return (c, t) => {
    if (t.length !== 1) return false;
    const v = id(t);
    if (v === "currentcolor" && allowCurrent) {
      (c.s as unknown as Record<string, unknown>)[key] = null;
      return true;
    }
    const col = parseColor(t[0], key === "color" ? c.parent.color : c.s.color);
    if (!col) return false;
    (c.s as unknown as Record<string, unknown>)[key] = col;
    return true;
  };
}

function num(key: keyof Style, min = -Infinity): Applier {
  return (c, t) => {
    const n = parseNumber(t[0], c.u);
    if (n === undefined || t.length !== 1 || n < min) return false;
    (c.s as unknown as Record<string, unknown>)[key] = n;
    return true;
  };
}

function trackSize(t: Tok, u: UnitContext): TrackSize | undefined {
  if (t.t === "num" && t.u === "fr") return t.v >= 0 ? { k: "fr", v: t.v } : undefined;
  if (t.t === "id") {
    const v = t.v.toLowerCase();
    if (v === "auto") return { k: "auto" };
    if (v === "min-content") return { k: "min" };
    if (v === "max-content") return { k: "max" };
    return undefined;
  }
  const l = parseLength(t, u, false);
  if (l === undefined) return undefined;
  if (typeof l === "number") return { k: "px", v: l };
  if (l.px === 0) return { k: "pct", v: l.pct };
  return undefined;
}

function track(t: Tok, u: UnitContext): Track | undefined {
  if (t.t === "fn" && t.name === "minmax") {
    const [a, b] = splitCommas(t.args);
    if (a?.length !== 1 || b?.length !== 1) return undefined;
    const min = trackSize(a[0], u), max = trackSize(b[0], u);
    if (!min || !max || min.k === "fr") return undefined;
    return { min, max };
  }
  if (t.t === "fn" && t.name === "fit-content") return { min: { k: "auto" }, max: { k: "max" } };
  const s = trackSize(t, u);
  if (!s) return undefined;
  return { min: s.k === "fr" ? { k: "auto" } : s, max: s };
}

function trackList(toks: Tok[], u: UnitContext): TrackList | undefined {
  const out: TrackList = { tracks: [] };
  for (const t of toks) {
    if (t.t === "fn" && t.name === "repeat") {
      const [count, rest] = [t.args[0], t.args.slice(2)];
      if (t.args[1]?.t !== "op") return undefined;
      const inner: Track[] = [];
      for (const r of rest) {
        const tr = track(r, u);
        if (!tr) return undefined;
        inner.push(tr);
      }
      if (!inner.length) return undefined;
      if (count?.t === "id" && (count.v === "auto-fill" || count.v === "auto-fit")) {
        if (out.auto) return undefined;
        out.auto = { at: out.tracks.length, tracks: inner, fit: count.v === "auto-fit" };
        continue;
      }
      if (count?.t !== "num" || count.u !== "" || count.v < 1) return undefined;
      const n = Math.min(Math.floor(count.v), 1000);
      for (let i = 0; i < n; i++) out.tracks.push(...inner);
    } else if (t.t === "fn" && t.name === "" || t.t === "op" && t.v === "[") {
      return undefined;
    } else {
      const tr = track(t, u);
      if (!tr) return undefined;
      out.tracks.push(tr);
    }
  }
  return out;
}

function gridLine(key: keyof Style): Applier {
  return (c, t) => {
    const v = id(t);
    const out: GridLine = {};
    if (v === "auto") {
      // auto
    } else if (
      t.length === 1 && t[0].t === "num" && t[0].u === "" && Number.isInteger(t[0].v) &&
      t[0].v !== 0
    ) {
      out.line = t[0].v;
    } else if (
      t.length === 2 && t[0].t === "id" && t[0].v.toLowerCase() === "span" && t[1].t === "num" &&
      t[1].v >= 1
    ) out.span = Math.floor(t[1].v);
    else return false;
    (c.s as unknown as Record<string, unknown>)[key] = out;
    return true;
  };
}

function angleOf(t: Tok): number | undefined {
  if (t.t !== "num") return undefined;
  if (t.u === "deg") return t.v;
  if (t.u === "turn") return t.v * 360;
  if (t.u === "rad") return (t.v * 180) / Math.PI;
  if (t.u === "grad") return t.v * 0.9;
  if (t.u === "" && t.v === 0) return 0;
  return undefined;
}

function parseStops(
  parts: Tok[][],
  u: UnitContext,
  current: Rgba,
): { color: Rgba; pos?: Len }[] | undefined {
  const stops: { color: Rgba; pos?: Len }[] = [];
  for (const p of parts) {
    const col = p[0] ? parseColor(p[0], current) : undefined;
    if (!col || p.length > 3) return undefined;
    const pos = p[1] ? parseLength(p[1], u) : undefined;
    if (p[1] && pos === undefined) return undefined;
    stops.push({ color: col, pos });
    if (p[2]) {
      const pos2 = parseLength(p[2], u);
      if (pos2 === undefined) return undefined;
      stops.push({ color: col, pos: pos2 });
    }
  }
  return stops.length >= 2 ? stops : undefined;
}

const RADIAL_SIZES = ["closest-side", "closest-corner", "farthest-side", "farthest-corner"];

/** radial-gradient([<shape> || <size>] [at <position>], <stops>) */
function parseRadial(t: Tok & { t: "fn" }, u: UnitContext, current: Rgba): BgImage | undefined {
  const parts = splitCommas(t.args);
  let circle: boolean | undefined;
  let size: string | Len[] = "farthest-corner";
  let at: Tok[] = [];
  let first = 0;
  const p0 = parts[0] ?? [];
  const isColor = p0[0] !== undefined && parseColor(p0[0], current) !== undefined;
  if (!isColor) {
    first = 1;
    const atIdx = p0.findIndex((x) => x.t === "id" && x.v.toLowerCase() === "at");
    const head = atIdx < 0 ? p0 : p0.slice(0, atIdx);
    if (atIdx >= 0) {
      at = p0.slice(atIdx + 1);
      if (!at.length || at.length === 3 || at.length > 4) return undefined;
    }
    const lens: Len[] = [];
    for (const x of head) {
      const v = x.t === "id" ? x.v.toLowerCase() : "";
      if (v === "circle" || v === "ellipse") circle = v === "circle";
      else if (RADIAL_SIZES.includes(v)) size = v;
      else {
        const l = parseLength(x, u);
        if (l === undefined) return undefined;
        lens.push(l);
      }
    }
    if (lens.length) {
      if (lens.length > 2) return undefined;
      size = lens;
      circle ??= lens.length === 1;
      // A circle takes one length; an ellipse two.
      if (circle !== (lens.length === 1)) return undefined;
    }
  }
  const stops = parseStops(parts.slice(first), u, current);
  if (!stops) return undefined;
  return { k: "radial", circle: circle ?? false, size, at, stops };
}

function parseGradient(t: Tok, u: UnitContext, current: Rgba): BgImage | undefined {
  if (t.t === "fn" && t.name === "radial-gradient") return parseRadial(t, u, current);
  if (t.t !== "fn" || t.name !== "linear-gradient") return undefined;
  const parts = splitCommas(t.args);
  let angle = 180;
  let first = 0;
  const p0 = parts[0];
  if (p0.length === 1 && angleOf(p0[0]) !== undefined) {
    angle = angleOf(p0[0])!;
    first = 1;
  } else if (p0[0]?.t === "id" && p0[0].v.toLowerCase() === "to") {
    const dirs = p0.slice(1).map((x) => (x.t === "id" ? x.v.toLowerCase() : ""));
    const h = dirs.includes("left") ? -1 : dirs.includes("right") ? 1 : 0;
    const v = dirs.includes("top") ? -1 : dirs.includes("bottom") ? 1 : 0;
    if (!h && !v) return undefined;
    // Corner angles depend on the box; encoded as a marker resolved at paint time.
    angle = h && v ? 1000 + (h > 0 ? 1 : 0) + (v > 0 ? 2 : 0) : Math.atan2(h, -v) * 180 / Math.PI;
    first = 1;
  }
  const stops: { color: Rgba; pos?: Len }[] = [];
  for (const p of parts.slice(first)) {
    const col = p[0] ? parseColor(p[0], current) : undefined;
    if (!col) return undefined;
    const pos = p[1] ? parseLength(p[1], u) : undefined;
    if (p[1] && pos === undefined) return undefined;
    stops.push({ color: col, pos });
    if (p[2]) {
      const pos2 = parseLength(p[2], u);
      if (pos2 === undefined) return undefined;
      stops.push({ color: col, pos: pos2 });
    }
  }
  if (stops.length < 2) return undefined;
  return { k: "linear", angle, stops };
}

const SILENT = new Set([
  "cursor",
  "transition",
  "transition-property",
  "transition-duration",
  "animation",
  "user-select",
  "pointer-events",
  "outline",
  "outline-style",
  "outline-width",
  "outline-color",
  "outline-offset",
  "content",
  "quotes",
  "caret-color",
  "-webkit-text-size-adjust",
  "text-size-adjust",
  "text-rendering",
  "font-variant",
  "font-feature-settings",
  "font-kerning",
  "color-scheme",
  "resize",
  "will-change",
  "appearance",
  "-webkit-appearance",
  "speak",
  "direction",
  "unicode-bidi",
  "word-wrap",
  "overflow-wrap",
  "word-break",
  "hyphens",
  "tab-size",
  "font-stretch",
  "image-rendering",
  "background-attachment",
  "background-origin",
  "background-clip",
  "text-decoration-thickness",
  "text-underline-offset",
  "font-display",
  "unicode-range",
  "src",
  "font-optical-sizing",
  "-moz-osx-font-smoothing",
]);

const PROPS: Record<string, Applier> = {
  display: kw("display", [
    "block",
    "inline",
    "inline-block",
    "flex",
    "inline-flex",
    "grid",
    "inline-grid",
    "none",
    "list-item",
    "table",
    "inline-table",
    "table-row",
    "table-cell",
    "table-row-group",
    "table-header-group",
    "table-footer-group",
    "table-caption",
    "table-column",
    "table-column-group",
    "contents",
    "flow-root",
  ]),
  position: kw("position", ["static", "relative", "absolute", "fixed", "sticky"]),
  top: len("top", { auto: "auto", neg: true }),
  right: len("right", { auto: "auto", neg: true }),
  bottom: len("bottom", { auto: "auto", neg: true }),
  left: len("left", { auto: "auto", neg: true }),
  "z-index": (c, t) => {
    if (id(t) === "auto") {
      c.s.zIndex = null;
      return true;
    }
    if (t.length === 1 && t[0].t === "num" && t[0].u === "" && Number.isInteger(t[0].v)) {
      c.s.zIndex = t[0].v;
      return true;
    }
    return false;
  },
  "box-sizing": kw("boxSizing", ["content-box", "border-box"]),
  width: len("width", { auto: "auto" }),
  height: len("height", { auto: "auto" }),
  "min-width": len("minWidth", { auto: "auto" }),
  "min-height": len("minHeight", { auto: "auto" }),
  "max-width": len("maxWidth", { auto: "none" }),
  "max-height": len("maxHeight", { auto: "none" }),
  "margin-top": len("marginTop", { auto: "auto", neg: true }),
  "margin-right": len("marginRight", { auto: "auto", neg: true }),
  "margin-bottom": len("marginBottom", { auto: "auto", neg: true }),
  "margin-left": len("marginLeft", { auto: "auto", neg: true }),
  "padding-top": len("paddingTop"),
  "padding-right": len("paddingRight"),
  "padding-bottom": len("paddingBottom"),
  "padding-left": len("paddingLeft"),
  "border-top-width": borderWidth("borderTopWidth"),
  "border-right-width": borderWidth("borderRightWidth"),
  "border-bottom-width": borderWidth("borderBottomWidth"),
  "border-left-width": borderWidth("borderLeftWidth"),
  "border-top-style": kw("borderTopStyle", BORDER_STYLES),
  "border-top-color": color("borderTopColor"),
  "border-right-color": color("borderRightColor"),
  "border-bottom-color": color("borderBottomColor"),
  "border-left-color": color("borderLeftColor"),
  "border-top-left-radius": len("radiusTL"),
  "border-top-right-radius": len("radiusTR"),
  "border-bottom-right-radius": len("radiusBR"),
  "border-bottom-left-radius": len("radiusBL"),
  color: color("color", false),
  "background-color": color("backgroundColor", false),
  "background-image": (c, t) => {
    if (id(t) === "none") {
      c.s.bgImages = [];
      return true;
    }
    const out: BgImage[] = [];
    for (const layer of splitCommas(t)) {
      if (layer.length === 1 && layer[0].t === "id" && layer[0].v.toLowerCase() === "none") {
        continue;
      }
      if (layer.length !== 1) return false;
      const x = layer[0];
      if (x.t === "url") out.push({ k: "url", url: x.v, loc: { source: "", line: 0, column: 0 } });
      else {
        const g = parseGradient(x, c.u, c.s.color);
        if (!g) return false;
        out.push(g);
      }
    }
    c.s.bgImages = out;
    return true;
  },
  "background-position": (c, t) => {
    c.s.bgPosition = splitCommas(t);
    return true;
  },
  "background-size": (c, t) => {
    c.s.bgSize = splitCommas(t);
    return true;
  },
  "background-repeat": (c, t) => {
    c.s.bgRepeat = splitCommas(t).map((l) =>
      l.map((x) => (x.t === "id" ? x.v.toLowerCase() : "")).join(" ")
    );
    return true;
  },
  opacity: (c, t) => {
    if (t.length !== 1 || t[0].t !== "num" || (t[0].u !== "" && t[0].u !== "%")) return false;
    c.s.opacity = Math.min(1, Math.max(0, t[0].u === "%" ? t[0].v / 100 : t[0].v));
    return true;
  },
  visibility: kw("visibility", ["visible", "hidden", "collapse"]),
  "overflow-x": (c, t) => {
    const v = id(t);
    if (!v || !["visible", "hidden", "clip", "auto", "scroll"].includes(v)) return false;
    if (v !== "visible") c.s.overflow = "hidden";
    return true;
  },
  "overflow-y": (c, t) => {
    const v = id(t);
    if (!v || !["visible", "hidden", "clip", "auto", "scroll"].includes(v)) return false;
    if (v !== "visible") c.s.overflow = "hidden";
    return true;
  },
  "font-family": (c, t) => {
    const fams: string[] = [];
    for (const part of splitCommas(t)) {
      const name = part.map((x) => (x.t === "str" || x.t === "id" ? x.v : "")).join(" ").trim();
      if (!name) return false;
      fams.push(name);
    }
    if (!fams.length) return false;
    c.s.fontFamily = fams;
    return true;
  },
  "font-weight": (c, t) => {
    const v = id(t);
    const p = c.parent.fontWeight;
    if (v === "normal") c.s.fontWeight = 400;
    else if (v === "bold") c.s.fontWeight = 700;
    else if (v === "bolder") c.s.fontWeight = p < 350 ? 400 : p < 550 ? 700 : 900;
    else if (v === "lighter") c.s.fontWeight = p < 550 ? 100 : p < 750 ? 400 : 700;
    else if (t.length === 1 && t[0].t === "num" && t[0].u === "" && t[0].v >= 1 && t[0].v <= 1000) {
      c.s.fontWeight = t[0].v;
    } else return false;
    return true;
  },
  "font-style": kw("fontStyle", ["normal", "italic", "oblique"]),
  "line-height": (c, t) => {
    if (t.length !== 1) return false;
    if (id(t) === "normal") c.s.lineHeight = { k: "normal" };
    else if (t[0].t === "num" && t[0].u === "") {
      c.s.lineHeight = { k: "num", v: Math.max(0, t[0].v) };
    } else {
      const l = parseLength(t[0], c.u, false);
      if (l === undefined) return false;
      c.s.lineHeight = {
        k: "px",
        v: typeof l === "number" ? l : l.px + (l.pct * c.s.fontSize) / 100,
      };
    }
    return true;
  },
  "letter-spacing": (c, t) => {
    if (id(t) === "normal") c.s.letterSpacing = 0;
    else {
      const l = parseLength(t[0], c.u);
      if (typeof l !== "number") return false;
      c.s.letterSpacing = l;
    }
    return true;
  },
  "word-spacing": (c, t) => {
    if (id(t) === "normal") c.s.wordSpacing = 0;
    else {
      const l = parseLength(t[0], c.u);
      if (typeof l !== "number") return false;
      c.s.wordSpacing = l;
    }
    return true;
  },
  "text-align": kw("textAlign", [
    "left",
    "right",
    "center",
    "justify",
    "start",
    "end",
    "-webkit-center",
  ]),
  "text-decoration-line": (c, t) => {
    const out: string[] = [];
    for (const x of t) {
      if (x.t !== "id") return false;
      const v = x.v.toLowerCase();
      if (v === "none") continue;
      if (!["underline", "overline", "line-through"].includes(v)) return false;
      out.push(v);
    }
    c.s.textDecoration = out;
    return true;
  },
  "text-decoration-style": kw("textDecorationStyle", [
    "solid",
    "double",
    "dotted",
    "dashed",
    "wavy",
  ]),
  "text-decoration-color": color("textDecorationColor"),
  "text-transform": kw("textTransform", ["none", "uppercase", "lowercase", "capitalize"]),
  "white-space": kw("whiteSpace", [
    "normal",
    "nowrap",
    "pre",
    "pre-wrap",
    "pre-line",
    "break-spaces",
  ]),
  "text-overflow": kw("textOverflow", ["clip", "ellipsis"]),
  "text-indent": len("textIndent", { neg: true }),
  "vertical-align": (c, t) => {
    const v = id(t);
    if (
      v &&
      ["baseline", "middle", "top", "bottom", "text-top", "text-bottom", "sub", "super"].includes(v)
    ) {
      c.s.verticalAlign = v;
      return true;
    }
    const l = parseLength(t[0], c.u);
    if (l === undefined) return false;
    c.s.verticalAlign = l;
    return true;
  },
  "list-style-type": kw("listStyleType", [
    "disc",
    "circle",
    "square",
    "decimal",
    "decimal-leading-zero",
    "lower-alpha",
    "upper-alpha",
    "lower-latin",
    "upper-latin",
    "lower-roman",
    "upper-roman",
    "none",
  ]),
  "list-style-position": kw("listStylePosition", ["inside", "outside"]),
  "list-style-image": (_c, t) => id(t) === "none",
  "flex-direction": kw("flexDirection", ["row", "row-reverse", "column", "column-reverse"]),
  "flex-wrap": kw("flexWrap", ["nowrap", "wrap", "wrap-reverse"]),
  "justify-content": kw("justifyContent", [
    "normal",
    "flex-start",
    "flex-end",
    "start",
    "end",
    "left",
    "right",
    "center",
    "space-between",
    "space-around",
    "space-evenly",
    "stretch",
  ]),
  "align-items": kw("alignItems", [
    "normal",
    "stretch",
    "flex-start",
    "flex-end",
    "start",
    "end",
    "self-start",
    "self-end",
    "center",
    "baseline",
  ]),
  "align-self": kw("alignSelf", [
    "auto",
    "normal",
    "stretch",
    "flex-start",
    "flex-end",
    "start",
    "end",
    "self-start",
    "self-end",
    "center",
    "baseline",
  ]),
  "align-content": kw("alignContent", [
    "normal",
    "stretch",
    "flex-start",
    "flex-end",
    "start",
    "end",
    "center",
    "space-between",
    "space-around",
    "space-evenly",
  ]),
  "justify-items": kw("justifyItems", [
    "normal",
    "stretch",
    "start",
    "end",
    "center",
    "left",
    "right",
    "legacy",
  ]),
  "justify-self": kw("justifySelf", [
    "auto",
    "normal",
    "stretch",
    "start",
    "end",
    "center",
    "left",
    "right",
  ]),
  "flex-grow": num("flexGrow", 0),
  "flex-shrink": num("flexShrink", 0),
  "flex-basis": (c, t) => {
    const v = id(t);
    if (v === "auto" || v === "content") {
      c.s.flexBasis = null;
      return true;
    }
    const l = parseLength(t[0], c.u, false);
    if (l === undefined || t.length !== 1) return false;
    c.s.flexBasis = l;
    return true;
  },
  order: num("order"),
  "row-gap": (c, t) => {
    if (id(t) === "normal") c.s.rowGap = 0;
    else {
      const l = parseLength(t[0], c.u, false);
      if (l === undefined) return false;
      c.s.rowGap = l;
    }
    return true;
  },
  "column-gap": (c, t) => {
    if (id(t) === "normal") c.s.columnGap = 0;
    else {
      const l = parseLength(t[0], c.u, false);
      if (l === undefined) return false;
      c.s.columnGap = l;
    }
    return true;
  },
  "grid-template-columns": (c, t) => {
    const l = id(t) === "none" ? { tracks: [] } : trackList(t, c.u);
    if (!l) return false;
    c.s.gridTemplateColumns = l;
    return true;
  },
  "grid-template-rows": (c, t) => {
    const l = id(t) === "none" ? { tracks: [] } : trackList(t, c.u);
    if (!l) return false;
    c.s.gridTemplateRows = l;
    return true;
  },
  "grid-auto-rows": (c, t) => {
    const l = trackList(t, c.u);
    if (!l || l.auto || !l.tracks.length) return false;
    c.s.gridAutoRows = l.tracks;
    return true;
  },
  "grid-auto-columns": (c, t) => {
    const l = trackList(t, c.u);
    if (!l || l.auto || !l.tracks.length) return false;
    c.s.gridAutoColumns = l.tracks;
    return true;
  },
  "grid-auto-flow": (c, t) => {
    const v = t.map((x) => (x.t === "id" ? x.v.toLowerCase() : "?"));
    if (v.some((x) => !["row", "column", "dense"].includes(x))) return false;
    c.s.gridAutoFlow = v.includes("column") ? "column" : "row";
    return true;
  },
  "grid-row-start": gridLine("gridRowStart"),
  "grid-row-end": gridLine("gridRowEnd"),
  "grid-column-start": gridLine("gridColumnStart"),
  "grid-column-end": gridLine("gridColumnEnd"),
  "table-layout": kw("tableLayout", ["auto", "fixed"]),
  "border-collapse": kw("borderCollapse", ["separate", "collapse"]),
  "border-spacing": (c, t) => {
    const a = parseLength(t[0], c.u, false), b = t[1] ? parseLength(t[1], c.u, false) : a;
    if (typeof a !== "number" || typeof b !== "number" || t.length > 2) return false;
    c.s.borderSpacingH = a;
    c.s.borderSpacingV = b;
    return true;
  },
  "box-shadow": (c, t) => {
    if (id(t) === "none") {
      c.s.boxShadow = [];
      return true;
    }
    const out: Shadow[] = [];
    for (const layer of splitCommas(t)) {
      const lens: number[] = [];
      let col: Rgba | undefined;
      let inset = false;
      for (const x of layer) {
        if (x.t === "id" && x.v.toLowerCase() === "inset") inset = true;
        else if (x.t === "num" || (x.t === "fn" && x.name === "calc")) {
          const l = parseLength(x, c.u);
          if (typeof l !== "number") return false;
          lens.push(l);
        } else {
          col = parseColor(x, c.s.color);
          if (!col) return false;
        }
      }
      if (lens.length < 2 || lens.length > 4) return false;
      out.push({
        x: lens[0],
        y: lens[1],
        blur: Math.max(0, lens[2] ?? 0),
        spread: lens[3] ?? 0,
        color: col ?? [...c.s.color],
        inset,
      });
    }
    c.s.boxShadow = out;
    return true;
  },
  "object-fit": kw("objectFit", ["fill", "contain", "cover", "none", "scale-down"]),
  "object-position": (c, t) => {
    c.s.objectPosition = t;
    return true;
  },
  "-webkit-font-smoothing": (c, t) => {
    const v = id(t);
    if (!v || !["none", "auto", "antialiased", "subpixel-antialiased"].includes(v)) return false;
    c.s.crisp = v === "none";
    return true;
  },
  "font-smooth": (c, t) => {
    const v = id(t);
    if (!v || !["never", "auto", "always"].includes(v)) return false;
    c.s.crisp = v === "never";
    return true;
  },
  float: kw("float", ["none", "left", "right"]),
  clear: kw("clear", ["none", "left", "right", "both"]),
};
for (const side of ["right", "bottom", "left"]) {
  const key = `border${side[0].toUpperCase()}${side.slice(1)}Style` as keyof Style;
  PROPS[`border-${side}-style`] = kw(key, BORDER_STYLES);
}

const FONT_SIZES: Record<string, number> = {
  "xx-small": 9,
  "x-small": 10,
  small: 13,
  medium: 16,
  large: 18,
  "x-large": 24,
  "xx-large": 32,
  "xxx-large": 48,
};

/** Inputs to computing one element's style. */
export interface ComputeContext {
  viewportWidth: number;
  viewportHeight: number;
  rootFontSize: number;
  /** Width of "0" per em for the primary font (for the ch unit). */
  chPerEm: number;
  diagnostics: RenderDiagnostic[];
  seen: Set<string>;
}

function report(
  cc: ComputeContext,
  kind: RenderDiagnostic["kind"],
  message: string,
  loc: DeclLoc,
): void {
  const key = `${kind}|${message}|${loc.source}|${loc.line}|${loc.column}`;
  if (cc.seen.has(key)) return;
  cc.seen.add(key);
  cc.diagnostics.push({ kind, message, source: loc.source, line: loc.line, column: loc.column });
}

/** Computes an element's style from its cascaded values and its parent's style. */
export function computeStyle(
  cas: Cascaded,
  parent: Style,
  cc: ComputeContext,
  isRoot: boolean,
): Style {
  const init = initialStyle();
  const s = init;
  for (const k of INHERITED) (s as unknown as Record<string, unknown>)[k] = parent[k];
  const props = cas.props;
  const u: UnitContext = {
    em: parent.fontSize,
    rem: isRoot ? 16 : cc.rootFontSize,
    vw: cc.viewportWidth,
    vh: cc.viewportHeight,
    ch: parent.fontSize * cc.chPerEm,
  };
  const c: Ctx = { s, parent, u };
  const fs = props.get("font-size");
  if (fs) {
    const t = fs.toks;
    const v = id(t);
    const wide = v === "inherit" || v === "unset"
      ? parent.fontSize
      : v === "initial"
      ? 16
      : undefined;
    if (wide !== undefined) s.fontSize = wide;
    else if (v && FONT_SIZES[v]) s.fontSize = FONT_SIZES[v];
    else if (v === "smaller") s.fontSize = parent.fontSize / 1.2;
    else if (v === "larger") s.fontSize = parent.fontSize * 1.2;
    else {
      const l = t.length === 1 ? parseLength(t[0], u, false) : undefined;
      if (l === undefined) {
        report(cc, "value", `Invalid value for "font-size": "${tokText(t)}"`, fs.loc);
      } else s.fontSize = typeof l === "number" ? l : l.px + (l.pct * parent.fontSize) / 100;
    }
  }
  u.em = s.fontSize;
  u.ch = s.fontSize * cc.chPerEm;
  if (isRoot) u.rem = s.fontSize;
  const order: string[] = [];
  const col = props.get("color");
  if (col) order.push("color");
  for (const k of props.keys()) if (k !== "color" && k !== "font-size") order.push(k);
  for (const name of order) {
    const sp = props.get(name)!;
    if (name.startsWith("!invalid:")) {
      report(cc, "value", `Invalid value for "${name.slice(9)}": "${tokText(sp.toks)}"`, sp.loc);
      continue;
    }
    const ap = Object.hasOwn(PROPS, name) ? PROPS[name] : undefined;
    if (!ap) {
      if (!SILENT.has(name)) report(cc, "property", `Unsupported property "${name}"`, sp.loc);
      continue;
    }
    const v = id(sp.toks);
    if (v === "inherit" || v === "initial" || v === "unset") {
      const key = KEY_OF[name];
      if (key) {
        const inh = v === "inherit" || (v === "unset" && INHERITED_SET.has(key));
        (s as unknown as Record<string, unknown>)[key] = inh ? parent[key] : initialStyle()[key];
      }
      continue;
    }
    if (!ap(c, sp.toks)) {
      report(cc, "value", `Invalid value for "${name}": "${tokText(sp.toks)}"`, sp.loc);
    }
    if (name === "background-image") {
      for (const b of s.bgImages) if (b.k === "url") b.loc = sp.loc;
    }
  }
  if (s.float !== "none") {
    if (s.position === "absolute" || s.position === "fixed") s.float = "none";
    else {
      // CSS 2.1 §9.7: a float is blockified.
      const BLOCKIFY: Record<string, string> = {
        inline: "block",
        "inline-block": "block",
        "inline-flex": "flex",
        "inline-grid": "grid",
        "inline-table": "table",
        "list-item": "list-item",
      };
      if (s.display !== "none") s.display = BLOCKIFY[s.display] ?? "block";
    }
  }
  // Border widths compute to 0 when the style is none/hidden.
  if (s.borderTopStyle === "none" || s.borderTopStyle === "hidden") s.borderTopWidth = 0;
  if (s.borderRightStyle === "none" || s.borderRightStyle === "hidden") s.borderRightWidth = 0;
  if (s.borderBottomStyle === "none" || s.borderBottomStyle === "hidden") s.borderBottomWidth = 0;
  if (s.borderLeftStyle === "none" || s.borderLeftStyle === "hidden") s.borderLeftWidth = 0;
  s.borderTopColor ??= s.color;
  s.borderRightColor ??= s.color;
  s.borderBottomColor ??= s.color;
  s.borderLeftColor ??= s.color;
  return s;
}

function tokText(t: Tok[]): string {
  return t.map((
    x,
  ) => (x.t === "num"
    ? `${x.v}${x.u}`
    : x.t === "id"
    ? x.v
    : x.t === "fn"
    ? `${x.name}(…)`
    : x.t === "hash"
    ? `#${x.v}`
    : x.t === "str"
    ? JSON.stringify(x.v)
    : x.t === "url"
    ? "url(…)"
    : x.v)
  ).join(" ");
}

const KEY_OF: Record<string, keyof Style> = {
  display: "display",
  float: "float",
  clear: "clear",
  position: "position",
  top: "top",
  right: "right",
  bottom: "bottom",
  left: "left",
  width: "width",
  height: "height",
  color: "color",
  "background-color": "backgroundColor",
  "background-image": "bgImages",
  opacity: "opacity",
  visibility: "visibility",
  "font-family": "fontFamily",
  "font-weight": "fontWeight",
  "font-style": "fontStyle",
  "line-height": "lineHeight",
  "letter-spacing": "letterSpacing",
  "text-align": "textAlign",
  "text-transform": "textTransform",
  "white-space": "whiteSpace",
  "margin-top": "marginTop",
  "margin-right": "marginRight",
  "margin-bottom": "marginBottom",
  "margin-left": "marginLeft",
  "padding-top": "paddingTop",
  "padding-right": "paddingRight",
  "padding-bottom": "paddingBottom",
  "padding-left": "paddingLeft",
  "border-top-color": "borderTopColor",
  "border-right-color": "borderRightColor",
  "border-bottom-color": "borderBottomColor",
  "border-left-color": "borderLeftColor",
  "border-top-width": "borderTopWidth",
  "border-right-width": "borderRightWidth",
  "border-bottom-width": "borderBottomWidth",
  "border-left-width": "borderLeftWidth",
  "border-top-style": "borderTopStyle",
  "border-right-style": "borderRightStyle",
  "border-bottom-style": "borderBottomStyle",
  "border-left-style": "borderLeftStyle",
  "list-style-type": "listStyleType",
  "text-decoration-line": "textDecoration",
  "font-size": "fontSize",
  "box-sizing": "boxSizing",
  "flex-grow": "flexGrow",
  "flex-shrink": "flexShrink",
  "flex-basis": "flexBasis",
  "min-width": "minWidth",
  "max-width": "maxWidth",
  "min-height": "minHeight",
  "max-height": "maxHeight",
  "z-index": "zIndex",
  "text-indent": "textIndent",
  "vertical-align": "verticalAlign",
};
