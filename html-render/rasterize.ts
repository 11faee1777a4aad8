// Copyright 2026 the wirekit authors. MIT license.
// Band rasterizer: renders a display list one band of lines at a time with
// coverage-based anti-aliasing (signed-area accumulation per scanline).
import type { BandCallback, RgbaFrame } from "./frame.ts";
import type { Clip, Color, DisplayItem, DisplayList, PathItem } from "./display_list.ts";

/** Options for {@linkcode rasterize}. */
export interface RasterizeOptions {
  /**
   * Lines per band; memory after layout is `width * bandHeight * 4` bytes.
   * @default {32}
   */
  bandHeight?: number;
  /**
   * Receives each band; when given, no whole frame is allocated and
   * `rasterize()` returns `undefined`.
   */
  onBand?: BandCallback;
  /**
   * Render every path without anti-aliasing (for 1-bit panels).
   * @default {false}
   */
  crisp?: boolean;
}

/**
 * Rasterizes a display list. Without `onBand`, returns the whole RGBA frame;
 * with `onBand`, streams bands top to bottom and returns `undefined`.
 *
 * @param list The display list from `layoutHtml()`.
 * @param options Band height, band callback, crisp mode.
 * @returns The frame, or `undefined` when streaming.
 *
 * @example Stream a red square in bands of 2 lines
 * ```ts
 * import { rasterize } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const list = {
 *   width: 4, height: 4, background: [255, 255, 255, 255] as [number, number, number, number],
 *   items: [{ kind: "rect" as const, x0: 1, y0: 1, x1: 3, y1: 3, color: [255, 0, 0, 255] as [number, number, number, number] }],
 * };
 * const bands: number[] = [];
 * rasterize(list, { bandHeight: 2, onBand: (y) => bands.push(y) });
 * assert.deepEqual(bands, [0, 2]);
 * const frame = rasterize(list)!;
 * assert.deepEqual([...frame.data.subarray((1 * 4 + 1) * 4, (1 * 4 + 1) * 4 + 4)], [255, 0, 0, 255]);
 * ```
 */
export function rasterize(
  list: DisplayList,
  options: RasterizeOptions = {},
): RgbaFrame | undefined {
  const { width, height } = list;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`Invalid display list size ${width}x${height}`);
  }
  const bandHeight = options.bandHeight ?? 32;
  if (!Number.isInteger(bandHeight) || bandHeight < 1) {
    throw new RangeError(`Invalid bandHeight ${bandHeight}`);
  }
  const onBand = options.onBand;
  const frame = onBand ? undefined : new Uint8Array(width * height * 4);
  const bandBuf = onBand ? new Uint8Array(width * Math.min(bandHeight, height) * 4) : undefined;
  const r = new BandRaster(width, options.crisp ?? false);
  // Items sorted into buckets by the first band they touch would save checks; the list is short.
  for (let y = 0; y < height; y += bandHeight) {
    const n = Math.min(bandHeight, height - y);
    const buf = frame ? frame.subarray(y * width * 4, (y + n) * width * 4) : bandBuf!;
    r.begin(buf, y, n, list.background);
    for (const it of list.items) {
      if (it.y1 <= y || it.y0 >= y + n || it.x1 <= 0 || it.x0 >= width) continue;
      r.draw(it);
    }
    if (onBand) onBand(y, buf, n);
  }
  r.done();
  return frame ? { width, height, data: frame } : undefined;
}

/** Largest accumulator kept between rasterize() calls (floats; 1 MiB). */
const MAX_SPARE_ACC = 262144;
let spareAcc: Float32Array | undefined;

class BandRaster {
  #w: number;
  #crisp: boolean;
  #buf: Uint8Array = new Uint8Array(0);
  #top = 0;
  #rows = 0;
  /** The band buffer as little-endian RGBA words. */
  #u32: Uint32Array = new Uint32Array(0);
  /** Coverage accumulator; all zeros between #path() calls. */
  #acc: Float32Array;
  #spanL = 0;
  #spanR = 0;
  /** Open transparency groups: the buffer drawing resumes into, and the layer's window. */
  #groups: { parent: Uint8Array; x0: number; x1: number; y0: number; y1: number; op: number }[] =
    [];

  constructor(width: number, crisp: boolean) {
    this.#w = width;
    this.#crisp = crisp;
    // Reuse the last rasterizer's accumulator (taken, so a nested rasterize()
    // from an onBand callback gets its own).
    this.#acc = spareAcc ?? new Float32Array(0);
    spareAcc = undefined;
  }

  /** Hands the accumulator back for the next rasterize() (if it is not large). */
  done(): void {
    if (this.#acc.length <= MAX_SPARE_ACC) spareAcc = this.#acc;
  }

  begin(buf: Uint8Array, top: number, rows: number, bg: Color): void {
    this.#buf = buf;
    this.#u32 = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
    this.#groups = [];
    this.#top = top;
    this.#rows = rows;
    const n = this.#w * rows;
    const [r, g, b, a] = bg;
    const u32 = new Uint32Array(buf.buffer, buf.byteOffset, n);
    // Little-endian RGBA packing.
    u32.fill((a << 24 | b << 16 | g << 8 | r) >>> 0);
  }

  draw(it: DisplayItem): void {
    // The drawable window: item bbox ∩ band ∩ clip ∩ canvas.
    let x0 = Math.max(0, Math.floor(it.x0)), x1 = Math.min(this.#w, Math.ceil(it.x1));
    let y0 = Math.max(this.#top, Math.floor(it.y0)),
      y1 = Math.min(this.#top + this.#rows, Math.ceil(it.y1));
    const c = it.clip;
    if (c) {
      x0 = Math.max(x0, Math.floor(c.x0));
      x1 = Math.min(x1, Math.ceil(c.x1));
      y0 = Math.max(y0, Math.floor(c.y0));
      y1 = Math.min(y1, Math.ceil(c.y1));
    }
    if (x0 >= x1 || y0 >= y1) return;
    switch (it.kind) {
      case "group": {
        this.#groups.push({ parent: this.#buf, x0, x1, y0, y1, op: it.opacity });
        this.#buf = new Uint8Array(this.#buf.length);
        this.#u32 = new Uint32Array(this.#buf.buffer);
        break;
      }
      case "groupEnd": {
        const g = this.#groups.pop();
        if (!g) break;
        const layer = this.#buf;
        this.#buf = g.parent;
        this.#u32 = new Uint32Array(g.parent.buffer, g.parent.byteOffset, g.parent.length >> 2);
        const w = this.#w;
        for (let y = g.y0; y < g.y1; y++) {
          for (let x = g.x0; x < g.x1; x++) {
            const i = ((y - this.#top) * w + x) * 4;
            const a = layer[i + 3];
            if (a > 0) {
              this.#blend(
                x,
                y,
                layer[i],
                layer[i + 1],
                layer[i + 2],
                ((a * g.op * 65536) / 255 + 0.5) | 0,
              );
            }
          }
        }
        break;
      }
      case "rect":
        this.#rect(it.x0, it.y0, it.x1, it.y1, it.color, c, x0, y0, x1, y1);
        break;
      case "path":
        this.#path(it, x0, y0, x1, y1);
        break;
      case "image":
        this.#image(it, c, x0, y0, x1, y1);
        break;
      case "gradient": {
        const dx = it.ex - it.sx, dy = it.ey - it.sy;
        const len2 = dx * dx + dy * dy || 1;
        const rad = it.radial && it.radial.rx > 0 && it.radial.ry > 0 ? it.radial : undefined;
        const stops = it.stops;
        for (let y = y0; y < y1; y++) {
          for (let x = x0; x < x1; x++) {
            const cc = c ? clipCovPx(c, x, y) : 1;
            if (cc <= 0) continue;
            let t: number;
            if (rad) {
              const ux = (x + 0.5 - it.sx) / rad.rx, uy = (y + 0.5 - it.sy) / rad.ry;
              t = Math.sqrt(ux * ux + uy * uy);
            } else t = ((x + 0.5 - it.sx) * dx + (y + 0.5 - it.sy) * dy) / len2;
            let k = 0;
            while (k < stops.length - 1 && stops[k + 1].at < t) k++;
            let cr: number, cg: number, cb: number, ca: number;
            if (t <= stops[0].at || k >= stops.length - 1) {
              const e = t <= stops[0].at ? stops[0].color : stops[stops.length - 1].color;
              cr = e[0];
              cg = e[1];
              cb = e[2];
              ca = e[3];
            } else {
              const a = stops[k], b = stops[k + 1];
              const f = b.at > a.at ? Math.min(1, Math.max(0, (t - a.at) / (b.at - a.at))) : 1;
              // Interpolate in premultiplied space, as browsers do.
              const aa = a.color[3] * (1 - f), ba = b.color[3] * f;
              ca = aa + ba;
              if (ca > 0) {
                cr = (a.color[0] * aa + b.color[0] * ba) / ca;
                cg = (a.color[1] * aa + b.color[1] * ba) / ca;
                cb = (a.color[2] * aa + b.color[2] * ba) / ca;
              } else cr = cg = cb = 0;
            }
            const al = (ca / 255) * cc;
            if (al > 0) this.#blend(x, y, cr | 0, cg | 0, cb | 0, (al * 65536 + 0.5) | 0);
          }
        }
        break;
      }
      case "shadow": {
        const s = it.sigma;
        const col = it.color;
        const c0 = col[0] | 0, c1 = col[1] | 0, c2 = col[2] | 0;
        for (let y = y0; y < y1; y++) {
          const fy = s > 0
            ? erfBox(y + 0.5, it.y, it.y + it.h, s)
            : y + 0.5 >= it.y && y + 0.5 < it.y + it.h
            ? 1
            : 0;
          if (fy <= 0) continue;
          for (let x = x0; x < x1; x++) {
            const fx = s > 0
              ? erfBox(x + 0.5, it.x, it.x + it.w, s)
              : x + 0.5 >= it.x && x + 0.5 < it.x + it.w
              ? 1
              : 0;
            const cc = c ? clipCovPx(c, x, y) : 1;
            const al = fx * fy * cc * (col[3] / 255);
            if (al > 0.001) this.#blend(x, y, c0, c1, c2, (al * 65536 + 0.5) | 0);
          }
        }
        break;
      }
    }
  }

  /**
   * The columns of pixel row `y` whose clip coverage is exactly 1 (so
   * clipCovPx() need not run there): sets #spanL..#spanR (end exclusive,
   * empty when none). Conservative by a pixel on each side; pixels outside
   * the span still go through clipCovPx().
   */
  #clipSpan(c: Clip, y: number): void {
    this.#spanL = 0;
    this.#spanR = 0;
    const py = y + 0.5;
    if (py < c.y0 || py > c.y1) return;
    let l = c.x0, r = c.x1;
    if (c.rounded) {
      for (const rr of c.rounded) {
        const hy = Math.min(1, Math.max(0, py - rr.y + 0.5), Math.max(0, rr.y + rr.h - py + 0.5));
        if (hy < 1) return;
        const rad = rr.r;
        l = Math.max(l, rr.x + 0.5);
        r = Math.min(r, rr.x + rr.w - 0.5);
        if (py < rr.y + rad[0]) l = Math.max(l, rr.x + rad[0]);
        if (py > rr.y + rr.h - rad[3]) l = Math.max(l, rr.x + rad[3]);
        if (py < rr.y + rad[1]) r = Math.min(r, rr.x + rr.w - rad[1]);
        if (py > rr.y + rr.h - rad[2]) r = Math.min(r, rr.x + rr.w - rad[2]);
      }
    }
    // Pixel x is inside when l <= x + 0.5 <= r; one pixel of margin each
    // side; clamped to the canvas so the int32 conversion cannot wrap.
    const sl = Math.max(0, Math.ceil(l - 0.5) + 1), sr = Math.min(this.#w, Math.floor(r - 0.5));
    if (sr > sl) {
      this.#spanL = sl | 0;
      this.#spanR = sr | 0;
    }
  }

  #image(
    it: Extract<DisplayItem, { kind: "image" }>,
    c: Clip | undefined,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
  ): void {
    const img = it.image;
    const iw = img.width, ih = img.height, data = img.data;
    const op = it.opacity;
    const ox = Math.round(it.x), oy = Math.round(it.y);
    const repX = it.repeatX, repY = it.repeatY;
    for (let y = y0; y < y1; y++) {
      let sy = y - oy;
      if (repY) sy = ((sy % ih) + ih) % ih;
      else if (sy < 0 || sy >= ih) continue;
      let sl = x1, sr = x1;
      if (c) {
        this.#clipSpan(c, y);
        sl = this.#spanL;
        sr = this.#spanR;
      }
      const rowBase = sy * iw;
      for (let x = x0; x < x1; x++) {
        let sx = x - ox;
        if (repX) sx = ((sx % iw) + iw) % iw;
        else if (sx < 0 || sx >= iw) continue;
        const si = (rowBase + sx) * 4;
        const a = data[si + 3] * op * (c && (x < sl || x >= sr) ? clipCovPx(c, x, y) : 1);
        if (a >= 255) {
          // Opaque (what #blend() does for full coverage), without the call.
          const i = ((y - this.#top) * this.#w + x) * 4;
          const d = this.#buf;
          d[i] = data[si];
          d[i + 1] = data[si + 1];
          d[i + 2] = data[si + 2];
          d[i + 3] = 255;
        } else if (a > 0) {
          this.#blend(x, y, data[si], data[si + 1], data[si + 2], ((a * 65536) / 255 + 0.5) | 0);
        }
      }
    }
  }

  #rect(
    rx0: number,
    ry0: number,
    rx1: number,
    ry1: number,
    col: Color,
    c: Clip | undefined,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
  ): void {
    const a0 = col[3] / 255;
    if (a0 <= 0) return;
    const c0 = col[0] | 0, c1 = col[1] | 0, c2 = col[2] | 0;
    // Opaque, unclipped by curves: whole-pixel spans are one 32-bit fill a row.
    const solid = a0 >= 1 && !c?.rounded;
    const fx0 = Math.max(x0, Math.ceil(rx0)), fx1 = Math.min(x1, Math.floor(rx1));
    const packed = ((255 << 24) | (c2 << 16) | (c1 << 8) | c0) >>> 0;
    const u32 = solid && fx1 > fx0
      ? new Uint32Array(this.#buf.buffer, this.#buf.byteOffset, this.#buf.length >> 2)
      : undefined;
    for (let y = y0; y < y1; y++) {
      const cy = Math.min(y + 1, ry1) - Math.max(y, ry0);
      if (cy <= 0) continue;
      if (u32 && cy >= 1) {
        const row = (y - this.#top) * this.#w;
        u32.fill(packed, row + fx0, row + fx1);
        for (let x = x0; x < fx0; x++) this.#rectPixel(x, y, rx0, rx1, cy, a0, c, c0, c1, c2);
        for (let x = fx1; x < x1; x++) this.#rectPixel(x, y, rx0, rx1, cy, a0, c, c0, c1, c2);
        continue;
      }
      for (let x = x0; x < x1; x++) {
        const cx = Math.min(x + 1, rx1) - Math.max(x, rx0);
        if (cx <= 0) continue;
        let a = a0 * Math.min(1, cx) * Math.min(1, cy);
        if (c?.rounded) a *= clipCovPx(c, x, y);
        if (this.#crisp) a = a >= 0.5 * a0 ? a0 : 0;
        if (a > 0) this.#blend(x, y, c0, c1, c2, (a * 65536 + 0.5) | 0);
      }
    }
  }

  #rectPixel(
    x: number,
    y: number,
    rx0: number,
    rx1: number,
    cy: number,
    a0: number,
    c: Clip | undefined,
    c0: number,
    c1: number,
    c2: number,
  ): void {
    const cx = Math.min(x + 1, rx1) - Math.max(x, rx0);
    if (cx <= 0) return;
    let a = a0 * Math.min(1, cx) * Math.min(1, cy);
    if (c?.rounded) a *= clipCovPx(c, x, y);
    if (this.#crisp) a = a >= 0.5 * a0 ? a0 : 0;
    if (a > 0) this.#blend(x, y, c0, c1, c2, (a * 65536 + 0.5) | 0);
  }

  #path(it: PathItem, x0: number, y0: number, x1: number, y1: number): void {
    const w = x1 - x0 + 2;
    const rows = y1 - y0;
    const size = w * rows;
    if (this.#acc.length < size) this.#acc = new Float32Array(Math.max(size, this.#acc.length * 2));
    const acc = this.#acc;
    for (const ct of it.contours) contour(acc, w, rows, ct, x0, y0);
    const col = it.color;
    const a0 = col[3] / 255;
    const c0 = col[0] | 0, c1 = col[1] | 0, c2 = col[2] | 0;
    const packed = ((255 << 24) | (c2 << 16) | (c1 << 8) | c0) >>> 0;
    const crisp = this.#crisp || it.crisp;
    const c = it.clip?.rounded ? it.clip : undefined;
    const u32 = this.#u32;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      const base = r * w;
      const y = y0 + r;
      const row = (y - this.#top) * this.#w + x0;
      // Columns (relative to x0) whose clip coverage is exactly 1.
      let sl = 0, sr = w;
      if (c) {
        this.#clipSpan(c, y);
        sl = this.#spanL - x0;
        sr = this.#spanR - x0;
      }
      for (let k = 0; k < w - 2; k++) {
        s += acc[base + k];
        // Leave the accumulator zeroed for the next path.
        acc[base + k] = 0;
        let cov = s < 0 ? -s : s;
        if (cov > 1) cov = 1;
        if (crisp) cov = cov >= 0.5 ? 1 : 0;
        if (cov < 1 / 512) continue;
        let a = cov * a0;
        if (c && (k < sl || k >= sr)) a *= clipCovPx(c, x0 + k, y);
        if (a >= 0.999) {
          // Opaque: write the pixel directly (most of a filled shape's interior).
          u32[row + k] = packed;
        } else if (a > 0) this.#blend(x0 + k, y, c0, c1, c2, (a * 65536 + 0.5) | 0);
      }
      acc[base + w - 2] = 0;
      acc[base + w - 1] = 0;
    }
  }

  /**
   * Source-over of one pixel. All arguments are small integers (so calls do
   * not box doubles): colour 0..255 and coverage `a16` 0..65536.
   */
  #blend(x: number, y: number, r: number, g: number, b: number, a16: number): void {
    const i = ((y - this.#top) * this.#w + x) * 4;
    const d = this.#buf;
    const a = a16 / 65536;
    if (a >= 0.999) {
      d[i] = r;
      d[i + 1] = g;
      d[i + 2] = b;
      d[i + 3] = 255;
      return;
    }
    const da = d[i + 3] / 255;
    if (da >= 0.999) {
      d[i] = r * a + d[i] * (1 - a) + 0.5;
      d[i + 1] = g * a + d[i + 1] * (1 - a) + 0.5;
      d[i + 2] = b * a + d[i + 2] * (1 - a) + 0.5;
      return;
    }
    const oa = a + da * (1 - a);
    if (oa <= 0) return;
    d[i] = (r * a + d[i] * da * (1 - a)) / oa + 0.5;
    d[i + 1] = (g * a + d[i + 1] * da * (1 - a)) / oa + 0.5;
    d[i + 2] = (b * a + d[i + 2] * da * (1 - a)) / oa + 0.5;
    d[i + 3] = oa * 255 + 0.5;
  }
}

/**
 * Accumulates the signed area a closed contour's segments contribute (y
 * down, local coordinates). One call per contour with the segment loop
 * inside (a call per segment cost JavaScriptCore ~20% of the raster time).
 * Integer arguments only: doubles passed to a call that is not inlined are
 * boxed.
 */
function contour(
  acc: Float32Array,
  w: number,
  rows: number,
  ct: Float32Array,
  ox: number,
  oy: number,
): void {
  const n = ct.length;
  for (let i = 0; i < n; i += 2) {
    const j = i + 2 < n ? i + 2 : 0;
    const px0 = ct[i] - ox, py0 = ct[i + 1] - oy, px1 = ct[j] - ox, py1 = ct[j + 1] - oy;
    if (py0 === py1) continue;
    let dir: number, ax: number, ay: number, bx: number, by: number;
    if (py0 < py1) {
      dir = 1;
      ax = px0;
      ay = py0;
      bx = px1;
      by = py1;
    } else {
      dir = -1;
      ax = px1;
      ay = py1;
      bx = px0;
      by = py0;
    }
    if (by <= 0 || ay >= rows) continue;
    const dxdy = (bx - ax) / (by - ay);
    const xmax = w - 1.0001;
    let yStart = ay;
    let x = ax;
    if (yStart < 0) {
      x -= yStart * dxdy;
      yStart = 0;
    }
    const yEnd = Math.min(by, rows);
    for (let yi = Math.floor(yStart); yi < yEnd; yi++) {
      const ls = yi * w;
      const dy = Math.min(yi + 1, yEnd) - Math.max(yi, yStart);
      const xnext = x + dxdy * dy;
      const d = dy * dir;
      let xa = x < xnext ? x : xnext;
      let xb = x < xnext ? xnext : x;
      if (xa < 0) xa = 0;
      if (xb < 0) xb = 0;
      if (xa > xmax) xa = xmax;
      if (xb > xmax) xb = xmax;
      const x0f = Math.floor(xa);
      const x0i = x0f;
      const x1c = Math.ceil(xb);
      const x1i = x1c;
      if (x1i <= x0i + 1) {
        const xmf = 0.5 * (xa + xb) - x0f;
        acc[ls + x0i] += d - d * xmf;
        acc[ls + x0i + 1] += d * xmf;
      } else {
        const s = 1 / (xb - xa);
        const x0fr = xa - x0f;
        const a0 = 0.5 * s * (1 - x0fr) * (1 - x0fr);
        const x1fr = xb - x1c + 1;
        const am = 0.5 * s * x1fr * x1fr;
        acc[ls + x0i] += d * a0;
        if (x1i === x0i + 2) acc[ls + x0i + 1] += d * (1 - a0 - am);
        else {
          const a1 = s * (1.5 - x0fr);
          acc[ls + x0i + 1] += d * (a1 - a0);
          for (let xi = x0i + 2; xi < x1i - 1; xi++) acc[ls + xi] += d * s;
          const a2 = a1 + (x1i - x0i - 3) * s;
          acc[ls + x1i - 1] += d * (1 - a2 - am);
        }
        acc[ls + x1i] += d * am;
      }
      x = xnext;
    }
  }
}

function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26.
  const s = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return s * y;
}

function erfBox(p: number, a: number, b: number, sigma: number): number {
  const k = 1 / (Math.SQRT2 * sigma);
  return 0.5 * (erf((b - p) * k) - erf((a - p) * k));
}

/** clipCov() at the centre of integer pixel (x, y): integer arguments, so the call boxes nothing. */
function clipCovPx(c: Clip, x: number, y: number): number {
  return clipCov(c, x + 0.5, y + 0.5);
}

/** Coverage of a point by a clip's rounded rectangles (the rectangle part is handled by the window). */
export function clipCov(c: Clip, px: number, py: number): number {
  if (px < c.x0 || px > c.x1 || py < c.y0 || py > c.y1) return 0;
  let cov = 1;
  if (c.rounded) {
    for (const rr of c.rounded) {
      cov *= roundedCov(rr.x, rr.y, rr.w, rr.h, rr.r, px, py);
      if (cov <= 0) return 0;
    }
  }
  return cov;
}

function roundedCov(
  x: number,
  y: number,
  w: number,
  h: number,
  r: [number, number, number, number],
  px: number,
  py: number,
): number {
  const hx = Math.min(1, Math.max(0, px - x + 0.5), Math.max(0, x + w - px + 0.5));
  const hy = Math.min(1, Math.max(0, py - y + 0.5), Math.max(0, y + h - py + 0.5));
  let cov = Math.min(hx, hy);
  if (cov <= 0) return 0;
  let cx = 0, cy = 0, rad = 0;
  if (px < x + r[0] && py < y + r[0]) {
    cx = x + r[0];
    cy = y + r[0];
    rad = r[0];
  } else if (px > x + w - r[1] && py < y + r[1]) {
    cx = x + w - r[1];
    cy = y + r[1];
    rad = r[1];
  } else if (px > x + w - r[2] && py > y + h - r[2]) {
    cx = x + w - r[2];
    cy = y + h - r[2];
    rad = r[2];
  } else if (px < x + r[3] && py > y + h - r[3]) {
    cx = x + r[3];
    cy = y + h - r[3];
    rad = r[3];
  }
  if (rad > 0) {
    const d = Math.hypot(px - cx, py - cy);
    cov = Math.min(cov, Math.max(0, Math.min(1, rad - d + 0.5)));
  }
  return cov;
}
