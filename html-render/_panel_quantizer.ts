// Copyright 2026 the wirekit authors. MIT license.
// The hot loop of the panel stage: one RGBA row in, one row of pixel values
// out (palette positions, packed RGB565/RGB332, grey levels or RGB), with
// error diffusion state for at most three rows (O(width) memory).
//
// Definitions the output depends on (so it is reproducible):
// - working values are integers per channel in 0..4080: 16 x the sRGB byte
//   (after gamma), or round(4080 x linear light) when `linear` is set;
// - the nearest palette colour is searched in OKLab for the working value
//   clamped to 0..4080, rounded to an sRGB byte (through the sRGB curve when
//   linear), and reduced to its 6-bit cell (`cellValue`); ties go to the
//   first entry;
// - a diffused error e goes to each neighbour as e x weight, summed as
//   integers; a pixel adds floor(sum / divisor) before it is quantized.
import { cellValue, linearToSrgb, oklabOf, SRGB_TO_LINEAR } from "./_panel_color.ts";
import { bayerMatrix, type DitherInfo } from "./dither.ts";
import type { Palette, Rgb } from "./palette.ts";

/** What the quantizer produces per pixel. */
export type QuantMode = "palette" | "rgb565" | "rgb332" | "gray8" | "rgb888" | "rgba8888";

/** Resolved settings of a {@linkcode RowQuantizer}. */
export interface QuantizerConfig {
  width: number;
  mode: QuantMode;
  palette?: Palette;
  dither: DitherInfo;
  serpentine: boolean;
  linear: boolean;
  gamma: number;
  background: Rgb;
  orderedSpread?: number;
}

interface PaletteCache {
  lab: Float64Array;
  table: Uint8Array;
}

const CACHES = new WeakMap<Palette, PaletteCache>();
// Cells not computed yet. A 256-colour palette's last entry shares the
// marker, so its cells are recomputed on every visit: slower, still correct.
const EMPTY = 0xff;

function paletteCache(p: Palette): PaletteCache {
  let c = CACHES.get(p);
  if (!c) {
    const lab = new Float64Array(p.entries.length * 3);
    p.entries.forEach((e, i) => oklabOf(e.color[0], e.color[1], e.color[2], lab, 3 * i));
    c = { lab, table: new Uint8Array(1 << 18).fill(EMPTY) };
    CACHES.set(p, c);
  }
  return c;
}

const scratch = new Float64Array(3);

function fillCell(c: PaletteCache, key: number): number {
  oklabOf(cellValue(key >> 12), cellValue((key >> 6) & 63), cellValue(key & 63), scratch, 0);
  const lab = c.lab;
  let best = 0;
  let bestD = Infinity;
  for (let i = 0, n = lab.length / 3; i < n; i++) {
    const dl = scratch[0] - lab[3 * i];
    const da = scratch[1] - lab[3 * i + 1];
    const db = scratch[2] - lab[3 * i + 2];
    const d = dl * dl + da * da + db * db;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  c.table[key] = best;
  return best;
}

function blend(c: number, bg: number, a: number): number {
  return ((c * a + bg * (255 - a) + 127) / 255) | 0;
}

/**
 * One row of Floyd-Steinberg against a palette. A plain function with every
 * input as a parameter: JavaScriptCore optimizes it far better than the same
 * loop in a method. The 7/16 share of each error is carried in locals and the
 * row below is written once per pixel; integer sums make the order of
 * additions irrelevant, so the result matches the kernel table exactly.
 */
function fsRow(
  src: Uint8Array,
  off: number,
  out: Uint32Array,
  w: number,
  e0: Int32Array,
  e1: Int32Array,
  cache: PaletteCache,
  palW: Int32Array,
  back: boolean,
  bgR: number,
  bgG: number,
  bgB: number,
  inLut: Int32Array,
  keyLut: Uint8Array,
  plain: boolean,
): void {
  const table = cache.table;
  const step = back ? -1 : 1;
  let x = back ? w - 1 : 0;
  let si = off + 4 * x;
  let ei = 3 * (x + 2);
  const s4 = 4 * step, d3 = 3 * step;
  let cr = 0, cg = 0, cb = 0, ar = 0, ag = 0, ab = 0, br = 0, bg5 = 0, bb = 0;
  for (let n = 0; n < w; n++, x += step, si += s4, ei += d3) {
    const a = src[si + 3];
    let r: number, g: number, b: number;
    if (a === 255) {
      if (plain) {
        r = src[si] << 4;
        g = src[si + 1] << 4;
        b = src[si + 2] << 4;
      } else {
        r = inLut[src[si]];
        g = inLut[src[si + 1]];
        b = inLut[src[si + 2]];
      }
    } else {
      r = inLut[blend(src[si], bgR, a)];
      g = inLut[blend(src[si + 1], bgG, a)];
      b = inLut[blend(src[si + 2], bgB, a)];
    }
    r += (e0[ei] + cr) >> 4;
    g += (e0[ei + 1] + cg) >> 4;
    b += (e0[ei + 2] + cb) >> 4;
    r = r < 0 ? 0 : r > TOP ? TOP : r;
    g = g < 0 ? 0 : g > TOP ? TOP : g;
    b = b < 0 ? 0 : b > TOP ? TOP : b;
    const key = plain
      ? (((r + 8) >> 6) << 12) | (((g + 8) >> 6) << 6) | ((b + 8) >> 6)
      : (keyLut[r] << 12) | (keyLut[g] << 6) | keyLut[b];
    let p = table[key];
    if (p === EMPTY) p = fillCell(cache, key);
    out[x] = p;
    const pi = 3 * p;
    const er = r - palW[pi], eg = g - palW[pi + 1], eb = b - palW[pi + 2];
    cr = 7 * er;
    cg = 7 * eg;
    cb = 7 * eb;
    const j = ei - d3;
    e1[j] = ar + 3 * er;
    e1[j + 1] = ag + 3 * eg;
    e1[j + 2] = ab + 3 * eb;
    ar = br + 5 * er;
    ag = bg5 + 5 * eg;
    ab = bb + 5 * eb;
    br = er;
    bg5 = eg;
    bb = eb;
  }
  const last = 3 * ((back ? 0 : w - 1) + 2);
  e1[last] = ar;
  e1[last + 1] = ag;
  e1[last + 2] = ab;
}

/**
 * One row of a general error-diffusion kernel against a palette. `buf`
 * holds the error rows back to back (`stride` apart); `deltas` are the
 * kernel's offsets into it for this row's scan direction.
 */
function diffuseRow(
  src: Uint8Array,
  off: number,
  out: Uint32Array,
  w: number,
  buf: Int32Array,
  deltas: Int32Array,
  weights: Int32Array,
  div: number,
  shift: number,
  cache: PaletteCache,
  palW: Int32Array,
  back: boolean,
  bg: Rgb,
  inLut: Int32Array,
  keyLut: Uint8Array,
): void {
  const table = cache.table;
  const kn = weights.length;
  const step = back ? -1 : 1;
  let x = back ? w - 1 : 0;
  for (let n = 0; n < w; n++, x += step) {
    const si = off + 4 * x;
    const a = src[si + 3];
    let r: number, g: number, b: number;
    if (a === 255) {
      r = inLut[src[si]];
      g = inLut[src[si + 1]];
      b = inLut[src[si + 2]];
    } else {
      r = inLut[blend(src[si], bg[0], a)];
      g = inLut[blend(src[si + 1], bg[1], a)];
      b = inLut[blend(src[si + 2], bg[2], a)];
    }
    const ei = 3 * (x + 2);
    if (shift >= 0) {
      r += buf[ei] >> shift;
      g += buf[ei + 1] >> shift;
      b += buf[ei + 2] >> shift;
    } else {
      r += Math.floor(buf[ei] / div);
      g += Math.floor(buf[ei + 1] / div);
      b += Math.floor(buf[ei + 2] / div);
    }
    r = r < 0 ? 0 : r > TOP ? TOP : r;
    g = g < 0 ? 0 : g > TOP ? TOP : g;
    b = b < 0 ? 0 : b > TOP ? TOP : b;
    const key = (keyLut[r] << 12) | (keyLut[g] << 6) | keyLut[b];
    let p = table[key];
    if (p === EMPTY) p = fillCell(cache, key);
    out[x] = p;
    const pi = 3 * p;
    const er = r - palW[pi], eg = g - palW[pi + 1], eb = b - palW[pi + 2];
    for (let k = 0; k < kn; k++) {
      const j = ei + deltas[k];
      const f = weights[k];
      buf[j] += er * f;
      buf[j + 1] += eg * f;
      buf[j + 2] += eb * f;
    }
  }
}

/** Working values are sRGB (or linear light) x 16: 0 .. 4080. */
const TOP = 4080;

/** Quantizes rows in order; keeps the diffusion state between rows. */
export class RowQuantizer {
  #c: QuantizerConfig;
  #y = 0;
  /** Input byte -> working value (gamma, then linear light if asked). */
  #inLut = new Int32Array(256);
  /** Input byte -> gamma-corrected byte (direct formats). */
  #byteLut = new Uint8Array(256);
  /** Working value -> 6-bit sRGB cell. */
  #keyLut = new Uint8Array(TOP + 1);
  #palW = new Int32Array(0);
  #cache?: PaletteCache;
  #err: Int32Array[] = [];
  #kdx = new Int32Array(0);
  #kdy = new Int32Array(0);
  #kw = new Int32Array(0);
  #div = 1;
  /** Error rows back to back, for general kernels. */
  #buf = new Int32Array(0);
  #stride = 0;
  #deltas: [Int32Array, Int32Array] = [new Int32Array(0), new Int32Array(0)];
  #shift = -1;
  /** Ordered-dither offsets per matrix cell and channel, in working units. */
  #bayer: Int32Array[] = [];
  #levels: [number, number, number] = [0, 0, 0];
  #shifts: [number, number, number] = [0, 0, 0];
  /** Channel level -> working value, per channel. */
  #recon: Int32Array[] = [];

  constructor(config: QuantizerConfig) {
    this.#c = config;
    const g = config.gamma;
    const linear = config.linear && config.mode === "palette";
    for (let i = 0; i < 256; i++) {
      const u = g === 1 ? i / 255 : Math.pow(i / 255, 1 / g);
      this.#byteLut[i] = Math.round(255 * u);
      if (linear) {
        const l = g === 1
          ? SRGB_TO_LINEAR[i]
          : u <= 0.04045
          ? u / 12.92
          : Math.pow((u + 0.055) / 1.055, 2.4);
        this.#inLut[i] = Math.round(TOP * l);
      } else this.#inLut[i] = g === 1 ? 16 * i : Math.round(TOP * u);
    }
    for (let v = 0; v <= TOP; v++) {
      const byte = linear ? Math.round(255 * linearToSrgb(v / TOP)) : Math.round(v / 16);
      this.#keyLut[v] = byte >> 2;
    }
    let spread = [0, 0, 0];
    if (config.mode === "palette") {
      const p = config.palette!;
      this.#cache = paletteCache(p);
      this.#palW = new Int32Array(p.entries.length * 3);
      p.entries.forEach((e, i) => {
        for (let k = 0; k < 3; k++) {
          this.#palW[3 * i + k] = linear
            ? Math.round(TOP * SRGB_TO_LINEAR[e.color[k]])
            : 16 * e.color[k];
        }
      });
      const s = config.orderedSpread ?? paletteSpread(p);
      spread = [s, s, s];
    } else if (config.mode === "rgb565" || config.mode === "rgb332") {
      this.#levels = config.mode === "rgb565" ? [31, 63, 31] : [7, 7, 3];
      this.#shifts = config.mode === "rgb565" ? [11, 5, 0] : [5, 2, 0];
      this.#recon = this.#levels.map((l) =>
        Int32Array.from({ length: l + 1 }, (_, q) => Math.round((q * TOP) / l))
      );
      spread = this.#levels.map((l) => config.orderedSpread ?? 255 / l);
    }
    const d = config.dither;
    if (d.kind === "diffusion") {
      const rows = 1 + Math.max(...d.kernel.map((k) => k[1]));
      for (let i = 0; i < rows; i++) this.#err.push(new Int32Array((config.width + 4) * 3));
      this.#kdx = Int32Array.from(d.kernel, (k) => k[0]);
      this.#kdy = Int32Array.from(d.kernel, (k) => k[1]);
      this.#kw = Int32Array.from(d.kernel, (k) => k[2]);
      this.#div = d.divisor;
      this.#stride = (config.width + 4) * 3;
      this.#buf = new Int32Array(rows * this.#stride);
      this.#deltas = [1, -1].map((dir) =>
        Int32Array.from(d.kernel, (k) => k[1] * this.#stride + 3 * dir * k[0])
      ) as [Int32Array, Int32Array];
      const sh = Math.log2(d.divisor);
      this.#shift = Number.isInteger(sh) ? sh : -1;
    } else if (d.kind === "ordered") {
      const m = bayerMatrix(d.size);
      const n2 = d.size * d.size;
      this.#bayer = spread.map((s) =>
        Int32Array.from(m, (v) => Math.round(((v + 0.5) / n2 - 0.5) * s * 16))
      );
    }
  }

  /** Quantizes the next row: `src[off ..]` holds `width` RGBA pixels. */
  quantize(src: Uint8Array, off: number, out: Uint32Array): void {
    const c = this.#c;
    switch (c.mode) {
      case "palette":
        if (c.dither.name === "floyd-steinberg") {
          const bg = c.background;
          fsRow(
            src,
            off,
            out,
            c.width,
            this.#err[0],
            this.#err[1],
            this.#cache!,
            this.#palW,
            c.serpentine && (this.#y & 1) === 1,
            bg[0],
            bg[1],
            bg[2],
            this.#inLut,
            this.#keyLut,
            !c.linear && c.gamma === 1,
          );
        } else if (c.dither.kind === "diffusion") {
          const back = c.serpentine && (this.#y & 1) === 1;
          diffuseRow(
            src,
            off,
            out,
            c.width,
            this.#buf,
            this.#deltas[back ? 1 : 0],
            this.#kw,
            this.#div,
            this.#shift,
            this.#cache!,
            this.#palW,
            back,
            c.background,
            this.#inLut,
            this.#keyLut,
          );
          this.#buf.copyWithin(0, this.#stride);
          this.#buf.fill(0, this.#buf.length - this.#stride);
        } else this.#paletteSimple(src, off, out);
        break;
      case "rgb565":
      case "rgb332":
        this.#channels(src, off, out);
        break;
      case "gray8":
        this.#gray8(src, off, out);
        break;
      case "rgb888":
        this.#rgb888(src, off, out);
        break;
      case "rgba8888":
        this.#rgba(src, off, out);
        break;
    }
    if (this.#err.length) {
      const first = this.#err.shift()!;
      first.fill(0);
      this.#err.push(first);
    }
    this.#y++;
  }

  #paletteSimple(src: Uint8Array, off: number, out: Uint32Array): void {
    const w = this.#c.width;
    const inLut = this.#inLut, keyLut = this.#keyLut;
    const cache = this.#cache!;
    const table = cache.table;
    const bg = this.#c.background;
    const ordered = this.#c.dither.kind === "ordered";
    const size = this.#c.dither.size;
    const bayer = ordered ? this.#bayer[0] : new Int32Array(0);
    const rowBase = ordered ? (this.#y % size) * size : 0;
    for (let x = 0; x < w; x++) {
      const si = off + 4 * x;
      const a = src[si + 3];
      let r = 0, g = 0, b = 0;
      if (a === 255) {
        r = inLut[src[si]];
        g = inLut[src[si + 1]];
        b = inLut[src[si + 2]];
      } else {
        r = inLut[blend(src[si], bg[0], a)];
        g = inLut[blend(src[si + 1], bg[1], a)];
        b = inLut[blend(src[si + 2], bg[2], a)];
      }
      if (ordered) {
        const t = bayer[rowBase + (x % size)];
        r += t;
        g += t;
        b += t;
        r = r < 0 ? 0 : r > TOP ? TOP : r;
        g = g < 0 ? 0 : g > TOP ? TOP : g;
        b = b < 0 ? 0 : b > TOP ? TOP : b;
      }
      const key = (keyLut[r] << 12) | (keyLut[g] << 6) | keyLut[b];
      let p = table[key];
      if (p === EMPTY) p = fillCell(cache, key);
      out[x] = p;
    }
  }

  #channels(src: Uint8Array, off: number, out: Uint32Array): void {
    const c = this.#c;
    const w = c.width;
    const inLut = this.#inLut;
    const bg = c.background;
    const lv = this.#levels;
    const [sr, sg, sb] = this.#shifts;
    const recon = this.#recon;
    const kind = c.dither.kind;
    const size = c.dither.size;
    const rowBase = kind === "ordered" ? (this.#y % size) * size : 0;
    const err = this.#err;
    const kdx = this.#kdx, kdy = this.#kdy, kw = this.#kw, kn = kw.length, div = this.#div;
    const back = kind === "diffusion" && c.serpentine && (this.#y & 1) === 1;
    const d3 = back ? -3 : 3;
    const v = [0, 0, 0];
    for (let n = 0; n < w; n++) {
      const x = back ? w - 1 - n : n;
      const si = off + 4 * x;
      const a = src[si + 3];
      const ei = 3 * (x + 2);
      for (let k = 0; k < 3; k++) {
        let s = inLut[a === 255 ? src[si + k] : blend(src[si + k], bg[k], a)];
        if (kind === "diffusion") s += Math.floor(err[0][ei + k] / div);
        else if (kind === "ordered") s += this.#bayer[k][rowBase + (x % size)];
        s = s < 0 ? 0 : s > TOP ? TOP : s;
        const q = Math.floor((s * lv[k] * 2 + TOP) / (2 * TOP));
        v[k] = q;
        if (kind === "diffusion") {
          const e = s - recon[k][q];
          for (let i = 0; i < kn; i++) err[kdy[i]][ei + d3 * kdx[i] + k] += e * kw[i];
        }
      }
      out[x] = (v[0] << sr) | (v[1] << sg) | (v[2] << sb);
    }
  }

  #gray8(src: Uint8Array, off: number, out: Uint32Array): void {
    const w = this.#c.width;
    const lut = this.#byteLut;
    const bg = this.#c.background;
    const lin = SRGB_TO_LINEAR;
    for (let x = 0; x < w; x++) {
      const si = off + 4 * x;
      const a = src[si + 3];
      const r = lut[a === 255 ? src[si] : blend(src[si], bg[0], a)];
      const g = lut[a === 255 ? src[si + 1] : blend(src[si + 1], bg[1], a)];
      const b = lut[a === 255 ? src[si + 2] : blend(src[si + 2], bg[2], a)];
      if (r === g && g === b) {
        out[x] = r;
        continue;
      }
      const y = 0.2126 * lin[r] + 0.7152 * lin[g] + 0.0722 * lin[b];
      // Largest level whose linear value is <= y, then the nearer of it and the next.
      let lo = 0, hi = 255;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lin[mid] <= y) lo = mid;
        else hi = mid - 1;
      }
      out[x] = lo < 255 && lin[lo + 1] - y < y - lin[lo] ? lo + 1 : lo;
    }
  }

  #rgb888(src: Uint8Array, off: number, out: Uint32Array): void {
    const w = this.#c.width;
    const lut = this.#byteLut;
    const bg = this.#c.background;
    for (let x = 0; x < w; x++) {
      const si = off + 4 * x;
      const a = src[si + 3];
      if (a === 255) out[x] = (lut[src[si]] << 16) | (lut[src[si + 1]] << 8) | lut[src[si + 2]];
      else {
        out[x] = (lut[blend(src[si], bg[0], a)] << 16) | (lut[blend(src[si + 1], bg[1], a)] << 8) |
          lut[blend(src[si + 2], bg[2], a)];
      }
    }
  }

  #rgba(src: Uint8Array, off: number, out: Uint32Array): void {
    const w = this.#c.width;
    const lut = this.#byteLut;
    for (let x = 0; x < w; x++) {
      const si = off + 4 * x;
      out[x] = ((lut[src[si]] << 24) | (lut[src[si + 1]] << 16) | (lut[src[si + 2]] << 8) |
        src[si + 3]) >>> 0;
    }
  }
}

/**
 * Default amplitude of ordered dithering for a palette: the widest gap
 * between neighbouring levels of a grey palette, else 255 / round(cbrt(n)).
 */
export function paletteSpread(p: Palette): number {
  const cs = p.entries.map((e) => e.color);
  if (cs.every((c) => c[0] === c[1] && c[1] === c[2])) {
    const levels = [...new Set(cs.map((c) => c[0]))].sort((a, b) => a - b);
    let gap = 0;
    for (let i = 1; i < levels.length; i++) gap = Math.max(gap, levels[i] - levels[i - 1]);
    return gap || 255;
  }
  return 255 / Math.max(1, Math.round(Math.cbrt(cs.length)));
}
