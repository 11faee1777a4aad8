// Copyright 2026 the wirekit authors. MIT license.
import { encodeRgbaPng } from "./_png.ts";
import type { RgbaFrame } from "./frame.ts";

/**
 * Encodes an RGBA frame as a PNG (8-bit RGBA), for previews and tests.
 *
 * @param frame The frame to encode.
 * @returns The PNG file bytes.
 *
 * @example Encode a 1x1 frame
 * ```ts
 * import { encodePng } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const png = encodePng({ width: 1, height: 1, data: new Uint8Array([0, 128, 255, 255]) });
 * assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
 * ```
 */
export function encodePng(frame: RgbaFrame): Uint8Array {
  const { width, height, data } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`Invalid frame size ${width}x${height}`);
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(`Frame data has ${data.length} bytes, expected ${width * height * 4}`);
  }
  return encodeRgbaPng(width, height, data);
}
