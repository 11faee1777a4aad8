// Copyright 2026 the wirekit authors. MIT license.
// CSS component values: a small tokenizer (numbers with units, identifiers,
// functions with nested arguments, strings, hashes, operators), colours
// (CSS Color 4 syntaxes and the named colours), lengths and calc().

/** One CSS component value. */
export type Tok =
  | { t: "num"; v: number; u: string }
  | { t: "id"; v: string }
  | { t: "fn"; name: string; args: Tok[] }
  | { t: "str"; v: string }
  | { t: "hash"; v: string }
  | { t: "op"; v: string }
  | { t: "url"; v: string };

const MAX_TOKENS = 4096;
const MAX_DEPTH = 32;

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 45 || c >= 128 ||
    c === 92;
}
function isName(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Tokenizes a declaration value into top-level component values. */
export function tokenize(src: string): Tok[] {
  let i = 0;
  let count = 0;
  const n = src.length;
  function readName(): string {
    let s = "";
    while (i < n) {
      const c = src.charCodeAt(i);
      if (c === 92 && i + 1 < n) {
        // Escape: hex digits or the next character.
        let j = i + 1;
        let hex = "";
        while (j < n && hex.length < 6 && /[0-9a-fA-F]/.test(src[j])) hex += src[j++];
        if (hex) {
          s += String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff) || 0xfffd);
          if (src[j] === " ") j++;
          i = j;
        } else {
          s += src[j];
          i = j + 1;
        }
      } else if (isName(c)) {
        s += src[i++];
      } else break;
    }
    return s;
  }
  function list(depth: number, close: string): Tok[] {
    if (depth > MAX_DEPTH) throw new RangeError("CSS value nested too deeply");
    const out: Tok[] = [];
    while (i < n) {
      if (++count > MAX_TOKENS) throw new RangeError("CSS value has too many tokens");
      const ch = src[i];
      const c = src.charCodeAt(i);
      if (ch === close) {
        i++;
        return out;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) {
        i++;
        continue;
      }
      if (ch === "/" && src[i + 1] === "*") {
        const e = src.indexOf("*/", i + 2);
        i = e < 0 ? n : e + 2;
        continue;
      }
      if (ch === '"' || ch === "'") {
        let s = "";
        i++;
        while (i < n && src[i] !== ch) {
          if (src[i] === "\\" && i + 1 < n) {
            s += src[i + 1];
            i += 2;
          } else s += src[i++];
        }
        i++;
        out.push({ t: "str", v: s });
        continue;
      }
      if (ch === "#") {
        i++;
        out.push({ t: "hash", v: readName() });
        continue;
      }
      const next = src.charCodeAt(i + 1);
      const next2 = src.charCodeAt(i + 2);
      if (
        isDigit(c) || (ch === "." && isDigit(next)) ||
        ((ch === "+" || ch === "-") && (isDigit(next) || (next === 46 && isDigit(next2))))
      ) {
        const m = /^[+-]?(\d*\.?\d+)(e[+-]?\d+)?/i.exec(src.slice(i, i + 64));
        const numText = m ? m[0] : src[i];
        i += numText.length;
        let u = "";
        if (src[i] === "%") {
          u = "%";
          i++;
        } else if (i < n && isNameStart(src.charCodeAt(i))) u = readName().toLowerCase();
        out.push({ t: "num", v: Number(numText) || 0, u });
        continue;
      }
      if (
        ch === "," || ch === "/" || ch === "*" || ch === "+" || ch === "-" || ch === "!" ||
        ch === ":"
      ) {
        if (ch === "-" && isNameStart(next)) {
          // An identifier like -webkit-x or --custom.
        } else {
          i++;
          out.push({ t: "op", v: ch });
          continue;
        }
      }
      if (isNameStart(c)) {
        const name = readName();
        if (src[i] === "(") {
          i++;
          const lower = name.toLowerCase();
          if (lower === "url") {
            // Unquoted url(...) keeps its raw text.
            let j = i;
            while (j < n && /\s/.test(src[j])) j++;
            if (src[j] !== '"' && src[j] !== "'") {
              const e = src.indexOf(")", j);
              const raw = src.slice(j, e < 0 ? n : e).trim();
              i = e < 0 ? n : e + 1;
              out.push({ t: "url", v: raw });
              continue;
            }
            const args = list(depth + 1, ")");
            out.push({ t: "url", v: args[0]?.t === "str" ? args[0].v : "" });
            continue;
          }
          out.push({ t: "fn", name: lower, args: list(depth + 1, ")") });
          continue;
        }
        out.push({ t: "id", v: name });
        continue;
      }
      if (ch === "(") {
        i++;
        out.push({ t: "fn", name: "", args: list(depth + 1, ")") });
        continue;
      }
      // Anything else is kept as an operator so that it fails validation.
      i++;
      out.push({ t: "op", v: ch });
    }
    return out;
  }
  return list(0, "\u0000");
}

/** Splits tokens at top-level commas. */
export function splitCommas(toks: Tok[]): Tok[][] {
  const out: Tok[][] = [[]];
  for (const t of toks) {
    if (t.t === "op" && t.v === ",") out.push([]);
    else out[out.length - 1].push(t);
  }
  return out;
}

/** Serializes tokens back to text (for var() substitution and messages). */
export function serialize(toks: Tok[]): string {
  const parts: string[] = [];
  for (const t of toks) {
    switch (t.t) {
      case "num":
        parts.push(`${t.v}${t.u}`);
        break;
      case "id":
        parts.push(t.v);
        break;
      case "fn":
        parts.push(`${t.name}(${serialize(t.args)})`);
        break;
      case "str":
        parts.push(JSON.stringify(t.v));
        break;
      case "hash":
        parts.push(`#${t.v}`);
        break;
      case "op":
        parts.push(t.v);
        break;
      case "url":
        parts.push(`url(${JSON.stringify(t.v)})`);
        break;
    }
  }
  return parts.join(" ");
}

// ---------------------------------------------------------------- colours

/** RGBA colour, channels 0-255 (alpha 0-1 scaled to 0-255 too). */
export type Rgba = [number, number, number, number];

const NAMED_SRC =
  "aliceblue f0f8ff antiquewhite faebd7 aqua 00ffff aquamarine 7fffd4 azure f0ffff beige f5f5dc bisque ffe4c4 " +
  "black 000000 blanchedalmond ffebcd blue 0000ff blueviolet 8a2be2 brown a52a2a burlywood deb887 cadetblue 5f9ea0 " +
  "chartreuse 7fff00 chocolate d2691e coral ff7f50 cornflowerblue 6495ed cornsilk fff8dc crimson dc143c cyan 00ffff " +
  "darkblue 00008b darkcyan 008b8b darkgoldenrod b8860b darkgray a9a9a9 darkgreen 006400 darkgrey a9a9a9 " +
  "darkkhaki bdb76b darkmagenta 8b008b darkolivegreen 556b2f darkorange ff8c00 darkorchid 9932cc darkred 8b0000 " +
  "darksalmon e9967a darkseagreen 8fbc8f darkslateblue 483d8b darkslategray 2f4f4f darkslategrey 2f4f4f " +
  "darkturquoise 00ced1 darkviolet 9400d3 deeppink ff1493 deepskyblue 00bfff dimgray 696969 dimgrey 696969 " +
  "dodgerblue 1e90ff firebrick b22222 floralwhite fffaf0 forestgreen 228b22 fuchsia ff00ff gainsboro dcdcdc " +
  "ghostwhite f8f8ff gold ffd700 goldenrod daa520 gray 808080 green 008000 greenyellow adff2f grey 808080 " +
  "honeydew f0fff0 hotpink ff69b4 indianred cd5c5c indigo 4b0082 ivory fffff0 khaki f0e68c lavender e6e6fa " +
  "lavenderblush fff0f5 lawngreen 7cfc00 lemonchiffon fffacd lightblue add8e6 lightcoral f08080 lightcyan e0ffff " +
  "lightgoldenrodyellow fafad2 lightgray d3d3d3 lightgreen 90ee90 lightgrey d3d3d3 lightpink ffb6c1 " +
  "lightsalmon ffa07a lightseagreen 20b2aa lightskyblue 87cefa lightslategray 778899 lightslategrey 778899 " +
  "lightsteelblue b0c4de lightyellow ffffe0 lime 00ff00 limegreen 32cd32 linen faf0e6 magenta ff00ff " +
  "maroon 800000 mediumaquamarine 66cdaa mediumblue 0000cd mediumorchid ba55d3 mediumpurple 9370db " +
  "mediumseagreen 3cb371 mediumslateblue 7b68ee mediumspringgreen 00fa9a mediumturquoise 48d1cc " +
  "mediumvioletred c71585 midnightblue 191970 mintcream f5fffa mistyrose ffe4e1 moccasin ffe4b5 " +
  "navajowhite ffdead navy 000080 oldlace fdf5e6 olive 808000 olivedrab 6b8e23 orange ffa500 orangered ff4500 " +
  "orchid da70d6 palegoldenrod eee8aa palegreen 98fb98 paleturquoise afeeee palevioletred db7093 " +
  "papayawhip ffefd5 peachpuff ffdab9 peru cd853f pink ffc0cb plum dda0dd powderblue b0e0e6 purple 800080 " +
  "rebeccapurple 663399 red ff0000 rosybrown bc8f8f royalblue 4169e1 saddlebrown 8b4513 salmon fa8072 " +
  "sandybrown f4a460 seagreen 2e8b57 seashell fff5ee sienna a0522d silver c0c0c0 skyblue 87ceeb " +
  "slateblue 6a5acd slategray 708090 slategrey 708090 snow fffafa springgreen 00ff7f steelblue 4682b4 tan d2b48c " +
  "teal 008080 thistle d8bfd8 tomato ff6347 turquoise 40e0d0 violet ee82ee wheat f5deb3 white ffffff " +
  "whitesmoke f5f5f5 yellow ffff00 yellowgreen 9acd32";

const NAMED: Map<string, Rgba> = new Map();
{
  const parts = NAMED_SRC.split(" ");
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const h = parseInt(parts[i + 1], 16);
    NAMED.set(parts[i], [(h >> 16) & 255, (h >> 8) & 255, h & 255, 255]);
  }
}

function clamp255(x: number): number {
  return x < 0 ? 0 : x > 255 ? 255 : Math.round(x);
}

function channel(t: Tok | undefined, scale: number): number | undefined {
  if (!t) return undefined;
  if (t.t === "id" && t.v.toLowerCase() === "none") return 0;
  if (t.t !== "num") return undefined;
  if (t.u === "%") return (t.v / 100) * scale;
  if (t.u === "") return t.v;
  return undefined;
}

function alphaOf(t: Tok | undefined): number | undefined {
  if (!t) return 1;
  if (t.t !== "num") return undefined;
  if (t.u === "%") return Math.min(1, Math.max(0, t.v / 100));
  if (t.u === "") return Math.min(1, Math.max(0, t.v));
  return undefined;
}

function hueOf(t: Tok | undefined): number | undefined {
  if (!t || t.t !== "num") return t?.t === "id" && t.v === "none" ? 0 : undefined;
  switch (t.u) {
    case "":
    case "deg":
      return t.v;
    case "rad":
      return (t.v * 180) / Math.PI;
    case "grad":
      return t.v * 0.9;
    case "turn":
      return t.v * 360;
  }
  return undefined;
}

/** Splits colour function arguments in either the legacy (commas) or modern (spaces, slash) syntax. */
function colorArgs(args: Tok[]): Tok[] | undefined {
  const hasComma = args.some((a) => a.t === "op" && a.v === ",");
  if (hasComma) {
    const parts = splitCommas(args);
    if (parts.some((p) => p.length !== 1)) return undefined;
    return parts.map((p) => p[0]);
  }
  const slash = args.findIndex((a) => a.t === "op" && a.v === "/");
  if (slash < 0) return args;
  if (slash !== args.length - 2) return undefined;
  return [...args.slice(0, slash), args[slash + 1]];
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  h = ((h % 360) + 360) % 360;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

/**
 * Parses a colour. `currentColor` returns `undefined` colour with
 * `current: true` so the caller substitutes the element's `color`.
 */
export function parseColor(t: Tok, current?: Rgba): Rgba | undefined {
  if (t.t === "id") {
    const v = t.v.toLowerCase();
    if (v === "transparent") return [0, 0, 0, 0];
    if (v === "currentcolor") return current ? [...current] : undefined;
    const c = NAMED.get(v);
    return c ? [...c] : undefined;
  }
  if (t.t === "hash") {
    const h = t.v;
    if (!/^[0-9a-fA-F]+$/.test(h)) return undefined;
    if (h.length === 3 || h.length === 4) {
      const d = [...h].map((c) => parseInt(c + c, 16));
      return [d[0], d[1], d[2], h.length === 4 ? d[3] : 255];
    }
    if (h.length === 6 || h.length === 8) {
      const d = [0, 2, 4, 6].map((k) => parseInt(h.slice(k, k + 2), 16));
      return [d[0], d[1], d[2], h.length === 8 ? d[3] : 255];
    }
    return undefined;
  }
  if (t.t === "fn") {
    const a = colorArgs(t.args);
    if (!a || a.length < 3 || a.length > 4) return undefined;
    const alpha = alphaOf(a[3]);
    if (alpha === undefined) return undefined;
    if (t.name === "rgb" || t.name === "rgba") {
      const r = channel(a[0], 255), g = channel(a[1], 255), b = channel(a[2], 255);
      if (r === undefined || g === undefined || b === undefined) return undefined;
      return [clamp255(r), clamp255(g), clamp255(b), clamp255(alpha * 255)];
    }
    if (t.name === "hsl" || t.name === "hsla" || t.name === "hwb") {
      const h = hueOf(a[0]);
      const x = channel(a[1], 100), y = channel(a[2], 100);
      if (h === undefined || x === undefined || y === undefined) return undefined;
      let rgb: [number, number, number];
      if (t.name === "hwb") {
        let w = x / 100, bl = y / 100;
        if (w + bl >= 1) {
          const g = (w / (w + bl)) * 255;
          rgb = [g, g, g];
        } else {
          const base = hslToRgb(h, 1, 0.5);
          rgb = base.map((c) => (c / 255) * (1 - w - bl) * 255 + w * 255) as [
            number,
            number,
            number,
          ];
        }
        w = bl = 0;
      } else {
        rgb = hslToRgb(h, Math.min(1, Math.max(0, x / 100)), Math.min(1, Math.max(0, y / 100)));
      }
      return [clamp255(rgb[0]), clamp255(rgb[1]), clamp255(rgb[2]), clamp255(alpha * 255)];
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- lengths

/** A length that may depend on a percentage basis: `px + pct% of basis`. */
export interface PctLength {
  px: number;
  pct: number;
}

/** A computed length: pixels, or pixels plus a percentage to resolve at layout time. */
export type Len = number | PctLength;

/** Values that relative units resolve against. */
export interface UnitContext {
  /** Element font size in px. */
  em: number;
  /** Root font size in px. */
  rem: number;
  /** Viewport width in px. */
  vw: number;
  /** Viewport height in px. */
  vh: number;
  /** Width of "0" in the element's font in px. */
  ch: number;
}

const ABS_UNITS: Record<string, number> = {
  px: 1,
  pt: 96 / 72,
  pc: 16,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
  q: 96 / 101.6,
};

/** Converts a number token to px; `undefined` if it is not a length. */
export function unitToPx(v: number, u: string, ctx: UnitContext): number | undefined {
  const abs = ABS_UNITS[u];
  if (abs !== undefined) return v * abs;
  switch (u) {
    case "em":
      return v * ctx.em;
    case "rem":
      return v * ctx.rem;
    case "vw":
      return (v * ctx.vw) / 100;
    case "vh":
      return (v * ctx.vh) / 100;
    case "vmin":
      return (v * Math.min(ctx.vw, ctx.vh)) / 100;
    case "vmax":
      return (v * Math.max(ctx.vw, ctx.vh)) / 100;
    case "ch":
      return v * ctx.ch;
    case "ex":
      return v * ctx.em * 0.5;
    case "":
      return v === 0 ? 0 : undefined;
  }
  return undefined;
}

/** Resolves a length against a percentage basis. */
export function resolveLen(l: Len, basis: number): number {
  return typeof l === "number" ? l : l.px + (l.pct * basis) / 100;
}

function lenAdd(a: Len, b: Len, sign: number): Len {
  if (typeof a === "number" && typeof b === "number") return a + sign * b;
  const pa = typeof a === "number" ? { px: a, pct: 0 } : a;
  const pb = typeof b === "number" ? { px: b, pct: 0 } : b;
  return { px: pa.px + sign * pb.px, pct: pa.pct + sign * pb.pct };
}

function lenScale(a: Len, k: number): Len {
  return typeof a === "number" ? a * k : { px: a.px * k, pct: a.pct * k };
}

type CalcVal = { n: number } | { l: Len };

function calcExpr(toks: Tok[], ctx: UnitContext, depth: number): CalcVal | undefined {
  if (depth > 16) return undefined;
  // Sum of products, left to right.
  let pos = 0;
  function atom(): CalcVal | undefined {
    const t = toks[pos++];
    if (!t) return undefined;
    if (t.t === "num") {
      if (t.u === "") return { n: t.v };
      if (t.u === "%") return { l: { px: 0, pct: t.v } };
      const px = unitToPx(t.v, t.u, ctx);
      return px === undefined ? undefined : { l: px };
    }
    if (t.t === "fn" && (t.name === "" || t.name === "calc")) {
      return calcExpr(t.args, ctx, depth + 1);
    }
    if (t.t === "fn" && (t.name === "min" || t.name === "max" || t.name === "clamp")) {
      const vals = splitCommas(t.args).map((a) => calcExpr(a, ctx, depth + 1));
      if (vals.some((v) => !v || !("l" in v))) {
        if (vals.every((v) => v && "n" in v)) {
          const ns = vals.map((v) => (v as { n: number }).n);
          if (t.name === "min") return { n: Math.min(...ns) };
          if (t.name === "max") return { n: Math.max(...ns) };
          return ns.length === 3 ? { n: Math.max(ns[0], Math.min(ns[1], ns[2])) } : undefined;
        }
        return undefined;
      }
      const ls = vals.map((v) => (v as { l: Len }).l);
      // Percentages inside min()/max() cannot be resolved here; keep px only when all are px.
      if (ls.some((l) => typeof l !== "number")) return { l: ls[0] };
      const ps = ls as number[];
      if (t.name === "min") return { l: Math.min(...ps) };
      if (t.name === "max") return { l: Math.max(...ps) };
      return ps.length === 3 ? { l: Math.max(ps[0], Math.min(ps[1], ps[2])) } : undefined;
    }
    return undefined;
  }
  function product(): CalcVal | undefined {
    let a = atom();
    while (a && pos < toks.length) {
      const op = toks[pos];
      if (op.t !== "op" || (op.v !== "*" && op.v !== "/")) break;
      pos++;
      const b = atom();
      if (!b) return undefined;
      if (op.v === "*") {
        if ("n" in a && "n" in b) a = { n: a.n * b.n };
        else if ("n" in a && "l" in b) a = { l: lenScale(b.l, a.n) };
        else if ("l" in a && "n" in b) a = { l: lenScale(a.l, b.n) };
        else return undefined;
      } else {
        if (!("n" in b) || b.n === 0) return undefined;
        a = "n" in a ? { n: a.n / b.n } : { l: lenScale(a.l, 1 / b.n) };
      }
    }
    return a;
  }
  let acc = product();
  while (acc && pos < toks.length) {
    const op = toks[pos];
    let sign = 0;
    if (op.t === "op" && (op.v === "+" || op.v === "-")) {
      pos++;
      sign = op.v === "+" ? 1 : -1;
    } else if (op.t === "num" && (op.v < 0)) {
      // "a -5px" tokenized as a negative number: treat as subtraction.
      sign = 1;
    } else return undefined;
    const b = product();
    if (!b) return undefined;
    if ("n" in acc && "n" in b) acc = { n: acc.n + sign * b.n };
    else if ("l" in acc && "l" in b) acc = { l: lenAdd(acc.l, b.l, sign) };
    else if ("l" in acc && "n" in b && b.n === 0) continue;
    else return undefined;
  }
  return pos === toks.length ? acc : undefined;
}

/**
 * Parses a length or percentage (or calc()) token to a computed length;
 * `undefined` when invalid.
 */
export function parseLength(
  t: Tok | undefined,
  ctx: UnitContext,
  allowNegative = true,
): Len | undefined {
  if (!t) return undefined;
  let out: Len | undefined;
  if (t.t === "num") {
    if (t.u === "%") out = { px: 0, pct: t.v };
    else out = unitToPx(t.v, t.u, ctx);
  } else if (
    t.t === "fn" &&
    (t.name === "calc" || t.name === "min" || t.name === "max" || t.name === "clamp")
  ) {
    const v = t.name === "calc" ? calcExpr(t.args, ctx, 0) : calcExpr([t], ctx, 0);
    if (v && "l" in v) out = v.l;
    else if (v && "n" in v && v.n === 0) out = 0;
  }
  if (out === undefined) return undefined;
  if (!allowNegative && typeof out === "number" && out < 0) return undefined;
  return out;
}

/** Parses a plain number token or calc() of numbers. */
export function parseNumber(t: Tok | undefined, ctx: UnitContext): number | undefined {
  if (!t) return undefined;
  if (t.t === "num" && t.u === "") return t.v;
  if (t.t === "fn" && t.name === "calc") {
    const v = calcExpr(t.args, ctx, 0);
    return v && "n" in v ? v.n : undefined;
  }
  return undefined;
}

/** The `border-style` keywords (CSS Backgrounds 3), for the longhands and the shorthand. */
export const BORDER_STYLES: string[] = [
  "none",
  "hidden",
  "solid",
  "dashed",
  "dotted",
  "double",
  "groove",
  "ridge",
  "inset",
  "outset",
];
