// Copyright 2026 the wirekit authors. MIT license.
import { type ElementBox, layoutHtml, type LayoutHtmlOptions } from "./layout_html.ts";
import { rasterize } from "./rasterize.ts";
import type { RgbaFrame } from "./frame.ts";
import type { RenderDiagnostic } from "./diagnostic.ts";

/** Options for {@linkcode renderHtml}: those of `layoutHtml()`. */
export type RenderHtmlOptions = LayoutHtmlOptions;

/** Result of {@linkcode renderHtml}. */
export interface RenderResult {
  /** The whole RGBA frame. */
  frame: RgbaFrame;
  /** What could not be honoured, with source locations. */
  diagnostics: RenderDiagnostic[];
  /** Border boxes of elements with an `id`, by id. */
  boxes: Map<string, ElementBox>;
  /** Milliseconds per stage. */
  timings: { load: number; style: number; layout: number; paint: number; raster: number };
}

/**
 * Renders an HTML page to a whole RGBA frame: `layoutHtml()` then
 * `rasterize()`. Use those two directly to stream bands instead.
 *
 * @param html The page source.
 * @param options Viewport size, base URL, loader, fonts, media target, limits.
 * @returns The frame, diagnostics and element boxes.
 *
 * @example Render a red box
 * ```ts
 * import { renderHtml } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const { frame } = await renderHtml(
 *   '<body style="margin:0"><div style="width:10px;height:10px;background:#f00"></div></body>',
 *   { width: 20, height: 20 },
 * );
 * assert.deepEqual([...frame.data.subarray(0, 4)], [255, 0, 0, 255]);
 * assert.deepEqual([...frame.data.subarray(15 * 4, 15 * 4 + 4)], [255, 255, 255, 255]);
 * ```
 */
export async function renderHtml(html: string, options: RenderHtmlOptions): Promise<RenderResult> {
  const l = await layoutHtml(html, options);
  const t0 = performance.now();
  const frame = rasterize(l.displayList, { crisp: l.crisp })!;
  return {
    frame,
    diagnostics: l.diagnostics,
    boxes: l.boxes,
    timings: { ...l.timings, raster: performance.now() - t0 },
  };
}
