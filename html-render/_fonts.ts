// Copyright 2026 the wirekit authors. MIT license.
// Font faces (fontkit), CSS font matching, per-glyph family fallback,
// shaping with kerning/ligatures (cached), and flattened glyph outlines.
import { type FontLike, isTrueType, TrueTypeFont } from "./_truetype.ts";

type FkFont = FontLike;

/**
 * Shaping and outline results of one parsed font, kept across renders and
 * shared by every face over that font (they depend on the font alone).
 * Bounded by an estimate of their size: all three maps are emptied when
 * adding would pass MAX_FONT_CACHE_BYTES.
 */
interface FontCaches {
  outlines: Map<number, Float32Array[]>;
  shapes: Map<string, Shaped>;
  has: Map<number, boolean>;
  /** Estimated bytes held. */
  bytes: number;
  /** The complex shaper `shapes` was filled with. */
  complex: unknown;
}

/** Budget of each font's caches (estimated bytes; 2 MiB). */
const MAX_FONT_CACHE_BYTES = 2 * 1024 * 1024;
const caches = new WeakMap<FkFont, FontCaches>();

function cachesOf(font: FkFont): FontCaches {
  let c = caches.get(font);
  if (!c) {
    c = { outlines: new Map(), shapes: new Map(), has: new Map(), bytes: 0, complex: undefined };
    caches.set(font, c);
  }
  return c;
}

/** Accounts `bytes` more to `c`, emptying it first when that would pass the budget. */
function reserve(c: FontCaches, bytes: number): void {
  if (c.bytes + bytes > MAX_FONT_CACHE_BYTES) {
    c.outlines.clear();
    c.shapes.clear();
    c.has.clear();
    c.bytes = 0;
  }
  c.bytes += bytes;
}

/** One loaded face. */
export class Face {
  readonly family: string;
  readonly weight: number;
  readonly italic: boolean;
  readonly font: FkFont;
  readonly upm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  #c: FontCaches;

  constructor(family: string, weight: number, italic: boolean, font: FkFont) {
    this.family = family;
    this.weight = weight;
    this.italic = italic;
    this.font = font;
    this.upm = font.unitsPerEm;
    this.ascent = font.ascent / font.unitsPerEm;
    this.descent = -font.descent / font.unitsPerEm;
    this.lineGap = font.lineGap / font.unitsPerEm;
    this.#c = cachesOf(font);
  }

  has(cp: number): boolean {
    const c = this.#c;
    let h = c.has.get(cp);
    if (h === undefined) {
      h = this.font.hasGlyphForCodePoint(cp);
      reserve(c, 32);
      c.has.set(cp, h);
    }
    return h;
  }

  /** Shapes text: glyph ids and advances in em units (cached). */
  shape(text: string): Shaped {
    // Attaching a complex shaper (enableComplexShaping) changes what layout() returns.
    const c = this.#c;
    const cx = (this.font as { complex?: unknown }).complex;
    if (cx !== c.complex) {
      c.complex = cx;
      c.shapes.clear();
    }
    let s = c.shapes.get(text);
    if (s) return s;
    const run = this.font.layout(text);
    const n = run.glyphs.length;
    const ids = new Uint32Array(n);
    const adv = new Float32Array(n);
    const dx = new Float32Array(n);
    const dy = new Float32Array(n);
    let width = 0;
    for (let i = 0; i < n; i++) {
      ids[i] = run.glyphs[i].id;
      adv[i] = run.positions[i].xAdvance / this.upm;
      dx[i] = run.positions[i].xOffset / this.upm;
      dy[i] = run.positions[i].yOffset / this.upm;
      width += adv[i];
    }
    s = { ids, adv, dx, dy, width };
    reserve(c, 2 * text.length + 16 * n + 400);
    c.shapes.set(text, s);
    return s;
  }

  /** Flattened outline contours of a glyph in em units (y up), cached. */
  outline(id: number): Float32Array[] {
    const cache = this.#c;
    let o = cache.outlines.get(id);
    if (o) return o;
    o = [];
    const cmds = this.font.getGlyph(id).path.commands;
    const k = 1 / this.upm;
    let cur: number[] = [];
    let x = 0, y = 0, sx = 0, sy = 0;
    const flush = () => {
      if (cur.length >= 6) o!.push(new Float32Array(cur));
      cur = [];
    };
    // Tolerance: 1/512 em keeps curves smooth up to ~200 px text.
    const seg = (len: number) => Math.max(1, Math.min(16, Math.ceil(Math.sqrt(len * 512 * k))));
    for (const c of cmds) {
      const a = c.args;
      switch (c.command) {
        case "moveTo":
          flush();
          x = sx = a[0];
          y = sy = a[1];
          cur.push(x * k, y * k);
          break;
        case "lineTo":
          x = a[0];
          y = a[1];
          cur.push(x * k, y * k);
          break;
        case "quadraticCurveTo": {
          const n = seg(
            Math.abs(a[0] - x) + Math.abs(a[1] - y) + Math.abs(a[2] - a[0]) + Math.abs(a[3] - a[1]),
          );
          for (let i = 1; i <= n; i++) {
            const t = i / n, u = 1 - t;
            cur.push(
              (u * u * x + 2 * u * t * a[0] + t * t * a[2]) * k,
              (u * u * y + 2 * u * t * a[1] + t * t * a[3]) * k,
            );
          }
          x = a[2];
          y = a[3];
          break;
        }
        case "bezierCurveTo": {
          const n = seg(
            Math.abs(a[0] - x) + Math.abs(a[1] - y) + Math.abs(a[2] - a[0]) +
              Math.abs(a[3] - a[1]) +
              Math.abs(a[4] - a[2]) + Math.abs(a[5] - a[3]),
          );
          for (let i = 1; i <= n; i++) {
            const t = i / n, u = 1 - t;
            const b0 = u * u * u, b1 = 3 * u * u * t, b2 = 3 * u * t * t, b3 = t * t * t;
            cur.push(
              (b0 * x + b1 * a[0] + b2 * a[2] + b3 * a[4]) * k,
              (b0 * y + b1 * a[1] + b2 * a[3] + b3 * a[5]) * k,
            );
          }
          x = a[4];
          y = a[5];
          break;
        }
        case "closePath":
          if (x !== sx || y !== sy) cur.push(sx * k, sy * k);
          flush();
          x = sx;
          y = sy;
          break;
      }
    }
    flush();
    let bytes = 64;
    for (const ct of o) bytes += 4 * ct.length + 128;
    reserve(cache, bytes);
    cache.outlines.set(id, o);
    return o;
  }
}

/** Shaped text in em units. */
export interface Shaped {
  ids: Uint32Array;
  adv: Float32Array;
  dx: Float32Array;
  dy: Float32Array;
  width: number;
}

const fontCache = new Map<string, FkFont>();
let fontkitMod: Promise<unknown> | undefined;

async function fontkitCreate(bytes: Uint8Array): Promise<FkFont> {
  // fontkit is loaded on first need (OTF/CFF, WOFF, WOFF2, collections, complex scripts).
  const mod = await (fontkitMod ??= import("fontkit")) as {
    create?: (b: Uint8Array) => FkFont | { fonts: FkFont[] };
    default?: { create(b: Uint8Array): FkFont | { fonts: FkFont[] } };
  };
  const create = mod.create ?? mod.default!.create;
  const created = create(bytes);
  const f = "fonts" in created ? created.fonts[0] : created;
  if (!f || typeof f.layout !== "function") throw new Error("Not a usable font");
  return f;
}

const fontBytes = new WeakMap<FkFont, Uint8Array>();
const faces = new WeakMap<FkFont, Map<string, Face>>();

/**
 * The face for a parsed font under a CSS family, weight and style, kept
 * across renders (at most 16 per font; fonts themselves are bounded by
 * openFont()'s cache). Its shaping and outline caches belong to the font.
 */
export function faceFor(family: string, weight: number, italic: boolean, font: FkFont): Face {
  let m = faces.get(font);
  if (!m) faces.set(font, m = new Map());
  const key = `${family}\u0000${weight}\u0000${italic}`;
  let f = m.get(key);
  if (!f) {
    if (m.size >= 16) m.clear();
    f = new Face(family, weight, italic, font);
    m.set(key, f);
  }
  return f;
}

/**
 * Parses font bytes (cached by key); throws on unusable data. TrueType
 * fonts use the built-in reader; everything else goes through fontkit.
 */
export async function openFont(key: string, bytes: Uint8Array): Promise<FkFont> {
  let f = fontCache.get(key);
  if (f) return f;
  if (isTrueType(bytes)) {
    try {
      f = new TrueTypeFont(bytes);
    } catch {
      f = undefined;
    }
  }
  f ??= await fontkitCreate(bytes);
  fontBytes.set(f, bytes);
  if (fontCache.size > 32) fontCache.clear();
  fontCache.set(key, f);
  return f;
}

/**
 * Attaches fontkit shaping to the built-in TrueType faces, for pages whose
 * text the built-in shaper does not cover (combining marks, complex scripts).
 */
export async function enableComplexShaping(faces: Iterable<Face>): Promise<void> {
  for (const face of faces) {
    const f = face.font;
    if (f instanceof TrueTypeFont && !f.complex) {
      const bytes = fontBytes.get(f);
      if (bytes) f.complex = await fontkitCreate(bytes);
    }
  }
}

/** The faces available to a page, with CSS font matching. */
export class FontSet {
  #byFamily = new Map<string, Face[]>();
  #chains = new Map<string, Face[]>();
  /** Families the generic names map to, and the last-resort family. */
  generic: Record<string, string> = {
    "sans-serif": "dejavu sans",
    serif: "dejavu serif",
    monospace: "dejavu sans mono",
    "system-ui": "dejavu sans",
    "ui-sans-serif": "dejavu sans",
    "ui-monospace": "dejavu sans mono",
    cursive: "dejavu sans",
    fantasy: "dejavu sans",
  };
  fallback = "dejavu sans";

  add(face: Face): void {
    const k = face.family.toLowerCase();
    const l = this.#byFamily.get(k);
    if (l) l.push(face);
    else this.#byFamily.set(k, [face]);
    this.#chains.clear();
  }

  /** Every face of every family. */
  faces(): Face[] {
    return [...this.#byFamily.values()].flat();
  }

  get size(): number {
    return this.#byFamily.size;
  }

  #pick(family: string, weight: number, italic: boolean): Face | undefined {
    const faces = this.#byFamily.get(family);
    if (!faces?.length) return undefined;
    let best = faces[0];
    let bestScore = Infinity;
    for (const f of faces) {
      // Style mismatch dominates; then the CSS weight rule (prefer heavier for >= 500, lighter below).
      let score = f.italic === italic ? 0 : 10000;
      const d = f.weight - weight;
      if (weight >= 400 && weight <= 500) {
        score += d >= 0 && f.weight <= 500 ? d : d < 0 ? 500 - d : 1000 + d;
      } else if (weight > 500) score += d >= 0 ? d : 1000 - d;
      else score += d <= 0 ? -d : 1000 + d;
      if (score < bestScore) {
        bestScore = score;
        best = f;
      }
    }
    return best;
  }

  /** The fallback chain for a font-family list, weight and style. */
  chain(families: string[], weight: number, italic: boolean): Face[] {
    const key = `${families.join(",")}|${weight}|${italic}`;
    let c = this.#chains.get(key);
    if (c) return c;
    c = [];
    const names = families.map((f) => f.toLowerCase());
    names.push(this.fallback);
    for (const n of names) {
      const fam = this.#byFamily.has(n)
        ? n
        : Object.hasOwn(this.generic, n)
        ? this.generic[n]
        : undefined;
      if (!fam) continue;
      const f = this.#pick(fam, weight, italic);
      if (f && !c.includes(f)) c.push(f);
    }
    for (const [fam] of this.#byFamily) {
      const f = this.#pick(fam, weight, italic);
      if (f && !c.includes(f)) c.push(f);
    }
    this.#chains.set(key, c);
    return c;
  }
}

/** A run of text in one face. */
export interface FaceRun {
  face: Face;
  text: string;
}

/** Splits text into runs by the first face in the chain that has each character. */
export function splitByFace(text: string, chain: Face[]): FaceRun[] {
  const out: FaceRun[] = [];
  let cur: Face | undefined;
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    let f = chain[0];
    // Spaces and joiners stay with the current face so runs do not fragment.
    if (cp <= 32 || cp === 0x200d || cp === 0xfe0f) f = cur ?? chain[0];
    else {
      for (const c of chain) {
        if (c.has(cp)) {
          f = c;
          break;
        }
      }
    }
    if (f !== cur) {
      if (cur && i > start) out.push({ face: cur, text: text.slice(start, i) });
      cur = f;
      start = i;
    }
    i += w;
  }
  if (cur && i > start) out.push({ face: cur, text: text.slice(start, i) });
  return out;
}
