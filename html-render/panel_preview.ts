// Copyright 2026 the wirekit authors. MIT license.
// Reading packed panel bytes back: raw pixel values, and a preview image in
// the colours the panel actually shows (RGBA frame or PNG file).
import { readPixel } from "./_panel_pack.ts";
import { encodePng } from "./encode_png.ts";
import type { RgbaFrame } from "./frame.ts";
import type { PanelResult } from "./panel_encoder.ts";
import { pixelFormatInfo } from "./pixel_format.ts";

/** Options of {@linkcode panelPreview} and {@linkcode encodePanelPng}. */
export interface PanelPreviewOptions {
  /**
   * `"source"` undoes rotation and mirroring (the image as a viewer sees the
   * mounted panel); `"panel"` keeps the panel's memory order.
   * @default {"source"}
   */
  orientation?: "source" | "panel";
}

function checkResult(result: PanelResult): void {
  if (result === null || typeof result !== "object" || !(result.data instanceof Uint8Array)) {
    throw new TypeError("Expected a PanelResult");
  }
  const need = result.stride * Math.ceil(result.height / (result.pageHeight ?? 1)) * result.planes;
  if (result.data.length !== need) {
    throw new RangeError(
      `Panel data has ${result.data.length} bytes; expected ${need} (was it streamed?)`,
    );
  }
}

/**
 * Unpacks panel bytes into one value per pixel, in panel memory order:
 * the index sent to the panel for indexed formats (after undoing `invert`),
 * 0 (black) / 1 (white) / 2 (colour) for `two-plane`, the grey level for
 * grey formats, and the pixel word for direct formats (RGB565 as a 16-bit
 * value, RGB888/BGR888 as 0xRRGGBB, RGBA as 0xRRGGBBAA).
 *
 * @param result A whole-frame result of `toPanel()`.
 * @returns `width * height` values, row-major.
 * @throws {TypeError} Not a panel result.
 * @throws {RangeError} The result holds no frame (it was streamed).
 *
 * @example Read back the indices of a 7-colour frame
 * ```ts
 * import { decodePanelValues, toPanel } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const data = new Uint8Array([255, 0, 0, 255, 0, 0, 0, 255]); // red, black
 * const out = toPanel({ width: 2, height: 1, data }, { format: "indexed4", palette: "acep7" });
 * assert.deepEqual([...decodePanelValues(out)], [4, 0]);
 * ```
 */
export function decodePanelValues(result: PanelResult): Uint32Array {
  checkResult(result);
  const f = pixelFormatInfo(result.format);
  const { width, height, stride, data, bitOrder } = result;
  const out = new Uint32Array(width * height);
  const grey = f.name === "mono1" || f.name === "mono1-pages" || f.name === "gray2" ||
    f.name === "gray4" || f.name === "gray8";
  const max = f.bitsPerPixel >= 8 ? 255 : (1 << f.bitsPerPixel) - 1;
  const inv = result.invert && grey ? max : 0;
  const plane1 = stride * height;
  if (f.pageHeight > 1) {
    for (let y = 0; y < height; y++) {
      const base = ((y / 8) | 0) * stride, bit = bitOrder === "lsb" ? y % 8 : 7 - (y % 8);
      for (let x = 0; x < width; x++) out[y * width + x] = ((data[base + x] >> bit) & 1) ^ inv;
    }
    return out;
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = readPixel(f, bitOrder, data, y * stride, x);
      if (f.name === "two-plane") {
        const k = v ^ (result.invert ? 1 : 0);
        const c = readPixel(f, bitOrder, data, plane1 + y * stride, x) ^
          (result.invertColor ? 1 : 0);
        v = c ? 2 : k;
      } else v ^= inv;
      out[y * width + x] = v;
    }
  }
  return out;
}

function expand(v: number, bits: number): number {
  return Math.round((v * 255) / ((1 << bits) - 1));
}

/**
 * Renders panel bytes back into an RGBA image in the colours the panel
 * shows (the palette's shown colours for indexed formats).
 *
 * @param result A whole-frame result of `toPanel()`.
 * @param options Orientation of the preview.
 * @returns The preview frame.
 * @throws {TypeError} Not a panel result.
 * @throws {RangeError} The result holds no frame (it was streamed).
 *
 * @example Preview a 1-bit frame
 * ```ts
 * import { panelPreview, toPanel } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const data = new Uint8Array([10, 10, 10, 255, 240, 240, 240, 255]);
 * const out = toPanel({ width: 2, height: 1, data }, { format: "mono1" });
 * assert.deepEqual([...panelPreview(out).data], [0, 0, 0, 255, 255, 255, 255, 255]);
 * ```
 */
export function panelPreview(result: PanelResult, options: PanelPreviewOptions = {}): RgbaFrame {
  const values = decodePanelValues(result);
  const f = pixelFormatInfo(result.format);
  const { width, height } = result;
  const color = new Uint32Array(values.length);
  if (f.indexed) {
    const byIndex = new Map<number, number>();
    for (const e of result.palette?.entries ?? []) {
      byIndex.set(e.index, (e.color[0] << 16) | (e.color[1] << 8) | e.color[2]);
    }
    for (let i = 0; i < values.length; i++) color[i] = byIndex.get(values[i]) ?? 0xff00ff;
  } else {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      let r: number, g: number, b: number;
      switch (f.name) {
        case "gray8":
          r = g = b = v;
          break;
        case "rgb332":
          [r, g, b] = [expand(v >> 5, 3), expand((v >> 2) & 7, 3), expand(v & 3, 2)];
          break;
        case "rgb565":
        case "rgb565be":
          [r, g, b] = [expand(v >> 11, 5), expand((v >> 5) & 63, 6), expand(v & 31, 5)];
          break;
        case "rgba8888":
          [r, g, b] = [v >>> 24, (v >> 16) & 255, (v >> 8) & 255];
          break;
        default:
          [r, g, b] = [v >> 16, (v >> 8) & 255, v & 255];
      }
      color[i] = (r << 16) | (g << 8) | b;
    }
  }
  const source = (options.orientation ?? "source") === "source";
  const rot = source ? result.rotate : 0;
  const [sw, sh] = rot % 180 ? [height, width] : [width, height];
  const mx = source && (result.mirror === "x" || result.mirror === "xy");
  const my = source && (result.mirror === "y" || result.mirror === "xy");
  const data = new Uint8Array(sw * sh * 4);
  for (let sy = 0; sy < sh; sy++) {
    for (let sx = 0; sx < sw; sx++) {
      let rx: number, ry: number;
      if (rot === 0) [rx, ry] = [sx, sy];
      else if (rot === 90) [rx, ry] = [sh - 1 - sy, sx];
      else if (rot === 180) [rx, ry] = [sw - 1 - sx, sh - 1 - sy];
      else [rx, ry] = [sy, sw - 1 - sx];
      const ox = mx ? width - 1 - rx : rx;
      const oy = my ? height - 1 - ry : ry;
      const c = color[oy * width + ox];
      const o = 4 * (sy * sw + sx);
      data[o] = c >> 16;
      data[o + 1] = (c >> 8) & 255;
      data[o + 2] = c & 255;
      data[o + 3] = f.name === "rgba8888" ? values[oy * width + ox] & 255 : 255;
    }
  }
  return { width: sw, height: sh, data };
}

/**
 * Encodes a PNG preview of panel bytes in the colours the panel shows.
 *
 * @param result A whole-frame result of `toPanel()`.
 * @param options Orientation of the preview.
 * @returns The PNG file's bytes.
 * @throws {TypeError} Not a panel result.
 * @throws {RangeError} The result holds no frame (it was streamed).
 *
 * @example A PNG starts with its signature
 * ```ts
 * import { encodePanelPng, toPanel } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const frame = { width: 1, height: 1, data: new Uint8Array([255, 0, 0, 255]) };
 * const out = toPanel(frame, { format: "indexed4", palette: "acep7" });
 * const png = encodePanelPng(out);
 * assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
 * ```
 */
export function encodePanelPng(result: PanelResult, options: PanelPreviewOptions = {}): Uint8Array {
  return encodePng(panelPreview(result, options));
}
