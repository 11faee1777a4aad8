// Copyright 2026 the wirekit authors. MIT license.
// 1-bit BMP files (what TRMNL-style devices fetch) from 1-bit panel frames.
import { readPixel } from "./_panel_pack.ts";
import type { PanelResult } from "./panel_encoder.ts";
import { pixelFormatInfo } from "./pixel_format.ts";

/**
 * Encodes a `mono1` panel frame as a 1-bit BMP (BITMAPINFOHEADER,
 * bottom-up rows padded to 4 bytes, 2-colour table). Bit 0 of the file is
 * the palette colour of panel index 0 (black for `bw`) and bit 1 that of
 * index 1, whatever the frame's bit order and polarity, so the image looks
 * like the panel.
 *
 * @param result A whole-frame `mono1` result of `toPanel()`.
 * @returns The BMP file's bytes.
 * @throws {TypeError} Not a panel result, or it was streamed.
 * @throws {RangeError} The format is not `mono1`.
 *
 * @example An 800x480 frame is a 48,062-byte file
 * ```ts
 * import { encodeBmp, toPanel } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const frame = { width: 800, height: 480, data: new Uint8Array(800 * 480 * 4).fill(255) };
 * const bmp = encodeBmp(toPanel(frame, { panel: "trmnl-800x480" }));
 * assert.equal(bmp.length, 62 + 100 * 480);
 * assert.equal(String.fromCharCode(bmp[0], bmp[1]), "BM");
 * ```
 */
export function encodeBmp(result: PanelResult): Uint8Array {
  if (!result || !(result.data instanceof Uint8Array)) {
    throw new TypeError("Expected a PanelResult");
  }
  if (result.format !== "mono1") {
    throw new RangeError(`BMP output needs format mono1, not ${JSON.stringify(result.format)}`);
  }
  const { width, height, stride, data } = result;
  if (data.length !== stride * height) {
    throw new TypeError("The frame holds no data (was it streamed?)");
  }
  const f = pixelFormatInfo("mono1");
  const rowSize = Math.ceil(width / 32) * 4;
  const headerSize = 14 + 40 + 8;
  const size = headerSize + rowSize * height;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  v.setUint32(2, size, true);
  v.setUint32(10, headerSize, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 1, true);
  v.setUint32(30, 0, true);
  v.setUint32(34, rowSize * height, true);
  v.setInt32(38, 2835, true);
  v.setInt32(42, 2835, true);
  v.setUint32(46, 2, true);
  v.setUint32(50, 2, true);
  const colors = [0, 1].map((i) =>
    result.palette?.entries.find((e) => e.index === i)?.color ?? [i * 255, i * 255, i * 255]
  );
  colors.forEach((c, i) => {
    out[54 + 4 * i] = c[2];
    out[55 + 4 * i] = c[1];
    out[56 + 4 * i] = c[0];
  });
  const inv = result.invert ? 1 : 0;
  const fast = result.bitOrder === "msb";
  for (let y = 0; y < height; y++) {
    const dst = headerSize + (height - 1 - y) * rowSize;
    const src = y * stride;
    if (fast) {
      for (let i = 0; i < stride; i++) out[dst + i] = inv ? ~data[src + i] & 255 : data[src + i];
      if (width & 7) out[dst + stride - 1] &= (0xff00 >> (width & 7)) & 255;
    } else {
      for (let x = 0; x < width; x++) {
        const bit = readPixel(f, result.bitOrder, data, src, x) ^ inv;
        if (bit) out[dst + (x >> 3)] |= 0x80 >> (x & 7);
      }
    }
  }
  return out;
}
