// Copyright 2026 the wirekit authors. MIT license.
// The pixel contract between the renderer (layout + rasterize) and the panel
// output stage: whole RGBA frames and bands of RGBA lines.

/**
 * A whole rendered frame: RGBA, 4 bytes a pixel, rows top to bottom with no
 * padding (`data.length === width * height * 4`). Colours are straight
 * (not premultiplied) sRGB; alpha is 255 wherever the page painted a
 * background.
 *
 * @example Make a 2x1 frame of one red and one blue pixel
 * ```ts
 * import type { RgbaFrame } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const frame: RgbaFrame = { width: 2, height: 1, data: new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]) };
 * assert.equal(frame.data.length, frame.width * frame.height * 4);
 * ```
 */
export interface RgbaFrame {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** RGBA bytes, row-major, `width * 4` bytes a row, no padding. */
  data: Uint8Array;
}

/**
 * Receives one band of rendered lines from `rasterize()`, top to bottom.
 * `rgbaLines` holds `lineCount` rows of `width * 4` RGBA bytes starting at
 * frame row `y`. The buffer is reused for the next band: copy what must
 * outlive the call.
 *
 * @param y Frame row of the first line in the band.
 * @param rgbaLines RGBA bytes of the band (at least `lineCount * width * 4` long).
 * @param lineCount How many lines the band holds (the last band may be shorter).
 * @returns Nothing.
 *
 * @example Count the lines of a streamed frame
 * ```ts
 * import type { BandCallback } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * let lines = 0;
 * const onBand: BandCallback = (_y, _rgba, count) => {
 *   lines += count;
 * };
 * onBand(0, new Uint8Array(16 * 4), 16);
 * assert.equal(lines, 16);
 * ```
 */
export type BandCallback = (y: number, rgbaLines: Uint8Array, lineCount: number) => void;
