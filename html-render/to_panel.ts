// Copyright 2026 the wirekit authors. MIT license.
// toPanel(): an RGBA frame or a band source in, the bytes a panel wants out.
import type { BandCallback, RgbaFrame } from "./frame.ts";
import { PanelEncoder, type PanelOptions, type PanelResult } from "./panel_encoder.ts";

/**
 * An image produced band by band, e.g. by `rasterize`: `forEachBand` must
 * call `onBand` synchronously for consecutive bands from row 0 to the last.
 */
export interface PanelBandSource {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Produces the bands, in order, before returning. */
  forEachBand(onBand: BandCallback): void;
}

/**
 * Turns an RGBA image into the bytes a panel takes: gamma, nearest palette
 * colour (in OKLab) or channel quantization, dithering, rotation and
 * mirroring, and packing. Pass `onLine` to receive one packed row at a time
 * instead of the whole frame.
 *
 * The nearest palette colour is searched in OKLab for the colour reduced to
 * 6 bits per channel (cached per palette); error diffusion carries the
 * remainder, and the output is the same on every run and runtime.
 *
 * @param source A whole frame or a band source.
 * @param options Panel profile and overrides; see {@linkcode PanelOptions}.
 * @returns The packed bytes and their layout (`data` is empty when `onLine` is given).
 * @throws {TypeError} Neither panel nor format, or a malformed option or source.
 * @throws {RangeError} Unknown panel, format, palette or dither name (the message lists the
 *   valid ones), or a size that does not fit the panel.
 * @throws {HtmlRenderError} `"ELIMIT"`: more than `maxPixels` pixels.
 *
 * @example Pack a 4x1 image for a 7-colour panel
 * ```ts
 * import { toPanel } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * // black, white, red, blue
 * const data = new Uint8Array([0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 255, 0, 0, 255, 255]);
 * const out = toPanel({ width: 4, height: 1, data }, { format: "indexed4", palette: "acep7" });
 * assert.deepEqual([...out.data], [0x01, 0x43]);
 * ```
 *
 * @example Stream RGB565 rows for an ILI9341-style TFT
 * ```ts
 * import { toPanel } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const red = new Uint8Array(2 * 2 * 4).map((_, i) => (i % 4 === 1 || i % 4 === 2 ? 0 : 255));
 * const rows: number[][] = [];
 * toPanel({ width: 2, height: 2, data: red }, {
 *   format: "rgb565be",
 *   onLine: (_y, bytes) => rows.push([...bytes]),
 * });
 * assert.deepEqual(rows, [[0xf8, 0x00, 0xf8, 0x00], [0xf8, 0x00, 0xf8, 0x00]]);
 * ```
 */
export function toPanel(
  source: RgbaFrame | PanelBandSource,
  options: PanelOptions = {},
): PanelResult {
  if (source === null || typeof source !== "object") {
    throw new TypeError("The source must be a frame or a band source");
  }
  const enc = new PanelEncoder({ width: source.width, height: source.height }, options);
  if ("data" in source && source.data !== undefined) {
    const need = source.width * source.height * 4;
    if (
      !(source.data instanceof Uint8Array) && !(source.data as unknown instanceof Uint8ClampedArray)
    ) {
      throw new TypeError("Frame data must be a Uint8Array");
    }
    if (source.data.length !== need) {
      throw new RangeError(`Frame data has ${source.data.length} bytes; expected ${need}`);
    }
    const data = source.data instanceof Uint8Array
      ? source.data
      : new Uint8Array((source.data as Uint8ClampedArray).buffer);
    enc.pushRows(data, source.height);
  } else if (typeof (source as PanelBandSource).forEachBand === "function") {
    (source as PanelBandSource).forEachBand((y, lines, count) => enc.pushBand(y, lines, count));
  } else {
    throw new TypeError("The source must be a frame or a band source");
  }
  return enc.finish();
}
