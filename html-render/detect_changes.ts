// Copyright 2026 the wirekit authors. MIT license.
// Partial refresh: which rectangles of the panel changed since the previous
// frame, aligned to what the pixel format can address, plus a stable hash.
import type { PanelResult } from "./panel_encoder.ts";
import { pixelFormatInfo } from "./pixel_format.ts";

/** A rectangle in panel pixels (panel memory orientation). */
export interface PanelRect {
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Width. */
  width: number;
  /** Height. */
  height: number;
}

/** Options of {@linkcode detectChanges}. */
export interface DetectChangesOptions {
  /** Horizontal alignment in pixels, raised to the pixels a byte holds. @default {pixels per byte} */
  alignX?: number;
  /** Vertical alignment in pixels. @default {1} */
  alignY?: number;
  /**
   * Most rectangles returned. Past it, each run of changed rows becomes one
   * rectangle, and past that again one bounding rectangle is returned.
   * @default {32}
   */
  maxRects?: number;
}

/** What changed between two frames. */
export interface PanelChanges {
  /** Whether any byte differs (always true without a previous frame). */
  changed: boolean;
  /** Changed areas; empty when nothing changed. */
  rects: PanelRect[];
  /** Stable 64-bit hash of the new frame (16 hex digits), for caching and skipping refreshes. */
  hash: string;
}

/**
 * Hash of a frame's layout and bytes: two 32-bit multiply-xorshift lanes.
 * Not cryptographic; equal frames always hash alike.
 */
function frameHash(r: PanelResult): string {
  let h1 = 0x811c9dc5 ^ r.width, h2 = 0x9e3779b9 ^ r.height;
  const tag = `${r.format}/${r.planes}/${r.stride}`;
  for (let i = 0; i < tag.length; i++) {
    h1 = Math.imul(h1 ^ tag.charCodeAt(i), 0x01000193);
    h2 = Math.imul(h2 ^ tag.charCodeAt(i), 0x5bd1e995);
  }
  const d = r.data;
  const n = d.length;
  const words = n >> 2;
  const view = new DataView(d.buffer, d.byteOffset, n);
  for (let i = 0; i < words; i++) {
    const w = view.getUint32(4 * i, true);
    h1 = Math.imul(h1 ^ w, 0x01000193);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ w, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  for (let i = words * 4; i < n; i++) {
    h1 = Math.imul(h1 ^ d[i], 0x01000193);
    h2 = Math.imul(h2 ^ d[i], 0x5bd1e995);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ n;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35) ^ n;
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0x85ebca6b);
  h1 ^= h1 >>> 16;
  h2 ^= h2 >>> 16;
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1 || v > 65536) {
    throw new RangeError(`${name} ${v} is not an integer in 1..65536`);
  }
  return v;
}

/**
 * Compares a frame with the previous one and returns the rectangles that
 * changed, aligned horizontally to whole bytes (8 px for 1 bpp, 2 px for
 * 4 bpp) or `alignX`, and vertically to `alignY` (at least 8 rows for
 * `mono1-pages`). Every changed pixel is
 * covered; up to `maxRects`, every aligned cell of a rectangle holds a
 * changed pixel. Rows are compared byte by byte across all planes.
 *
 * @param previous The frame now on the panel, or undefined for a first frame.
 * @param next The new frame.
 * @param options Alignment and rectangle limit.
 * @returns Whether anything changed, the rectangles and the new frame's hash.
 * @throws {TypeError} A frame holds no data (it was streamed).
 * @throws {RangeError} The frames differ in size or format, or a bad option.
 *
 * @example One changed pixel of a 1-bit frame gives an 8-pixel-wide rectangle
 * ```ts
 * import { detectChanges, toPanel } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const white = new Uint8Array(16 * 2 * 4).fill(255);
 * const dot = white.slice();
 * dot.set([0, 0, 0], (1 * 16 + 10) * 4); // pixel (10, 1) black
 * const a = toPanel({ width: 16, height: 2, data: white }, { format: "mono1" });
 * const b = toPanel({ width: 16, height: 2, data: dot }, { format: "mono1" });
 * const c = detectChanges(a, b);
 * assert.equal(c.changed, true);
 * assert.deepEqual(c.rects, [{ x: 8, y: 1, width: 8, height: 1 }]);
 * assert.equal(detectChanges(b, b).changed, false);
 * ```
 */
export function detectChanges(
  previous: PanelResult | undefined,
  next: PanelResult,
  options: DetectChangesOptions = {},
): PanelChanges {
  if (!next || !(next.data instanceof Uint8Array)) throw new TypeError("Expected a PanelResult");
  const { width, height, stride, planes, data } = next;
  const ph = next.pageHeight ?? 1;
  const units = Math.ceil(height / ph);
  if (data.length !== stride * units * planes) {
    throw new TypeError("The new frame holds no data (was it streamed?)");
  }
  const hash = frameHash(next);
  const maxRects = positiveInt("maxRects", options.maxRects ?? 32);
  const alignY = Math.ceil(positiveInt("alignY", options.alignY ?? 1) / ph) * ph;
  const info = pixelFormatInfo(next.format);
  const bits = info.bitsPerPixel;
  const pixelsPerByte = info.pixelsPerByte;
  const ax = Math.max(pixelsPerByte, positiveInt("alignX", options.alignX ?? pixelsPerByte));
  const alignX = Math.ceil(ax / pixelsPerByte) * pixelsPerByte;
  const cellBytes = bits < 8 ? alignX / pixelsPerByte : (alignX * bits) / 8;
  const full = (): PanelRect[] => [{ x: 0, y: 0, width, height }];
  if (previous === undefined) return { changed: true, rects: full(), hash };
  if (!(previous.data instanceof Uint8Array) || previous.data.length !== data.length) {
    throw new RangeError("The previous frame has another size or holds no data");
  }
  if (
    previous.width !== width || previous.height !== height || previous.format !== next.format ||
    previous.stride !== stride || previous.planes !== planes
  ) {
    throw new RangeError("The previous frame has another size or format");
  }
  const prev = previous.data;
  // Columns of alignX pixels; a row band of alignY rows.
  const cols = Math.ceil(width / alignX);
  const bands = Math.ceil(height / alignY);
  const planeSize = stride * units;
  // spans[band] = changed cell runs [c0, c1) of that band.
  const spans: number[][] = [];
  let any = false;
  const flags = new Uint8Array(cols);
  for (let band = 0; band < bands; band++) {
    flags.fill(0);
    let rowAny = false;
    const u1 = Math.min(units, ((band + 1) * alignY) / ph);
    for (let y = (band * alignY) / ph; y < u1; y++) {
      for (let p = 0; p < planes; p++) {
        const base = p * planeSize + y * stride;
        for (let i = 0; i < stride; i++) {
          if (prev[base + i] !== data[base + i]) {
            flags[Math.min(cols - 1, (i / cellBytes) | 0)] = 1;
            rowAny = true;
          }
        }
      }
    }
    const runs: number[] = [];
    if (rowAny) {
      any = true;
      for (let c = 0; c < cols; c++) {
        if (!flags[c]) continue;
        let e = c;
        while (e + 1 < cols && flags[e + 1]) e++;
        runs.push(c, e + 1);
        c = e;
      }
    }
    spans.push(runs);
  }
  if (!any) return { changed: false, rects: [], hash };
  const toRect = (band0: number, band1: number, c0: number, c1: number): PanelRect => {
    const x = c0 * alignX, y = band0 * alignY;
    return {
      x,
      y,
      width: Math.min(width, c1 * alignX) - x,
      height: Math.min(height, band1 * alignY) - y,
    };
  };
  // Exact: merge vertically adjacent bands with identical runs.
  const rects: PanelRect[] = [];
  let open: { runs: number[]; start: number } | undefined;
  const flush = (end: number) => {
    if (!open) return;
    for (let i = 0; i < open.runs.length; i += 2) {
      rects.push(toRect(open.start, end, open.runs[i], open.runs[i + 1]));
    }
    open = undefined;
  };
  for (let band = 0; band < bands; band++) {
    const runs = spans[band];
    if (open && (runs.length !== open.runs.length || runs.some((v, i) => v !== open!.runs[i]))) {
      flush(band);
    }
    if (!open && runs.length) open = { runs, start: band };
  }
  flush(bands);
  if (rects.length <= maxRects) return { changed: true, rects, hash };
  // Coarser: one rectangle per run of changed bands.
  const coarse: PanelRect[] = [];
  for (let band = 0; band < bands; band++) {
    if (!spans[band].length) continue;
    let end = band, c0 = Infinity, c1 = 0;
    while (end < bands && spans[end].length) {
      c0 = Math.min(c0, spans[end][0]);
      c1 = Math.max(c1, spans[end][spans[end].length - 1]);
      end++;
    }
    coarse.push(toRect(band, end, c0, c1));
    band = end;
  }
  if (coarse.length <= maxRects) return { changed: true, rects: coarse, hash };
  const x0 = Math.min(...coarse.map((r) => r.x));
  const x1 = Math.max(...coarse.map((r) => r.x + r.width));
  const y0 = coarse[0].y;
  const last = coarse[coarse.length - 1];
  return {
    changed: true,
    rects: [{ x: x0, y: y0, width: x1 - x0, height: last.y + last.height - y0 }],
    hash,
  };
}
