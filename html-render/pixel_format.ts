// Copyright 2026 the wirekit authors. MIT license.
// Panel pixel formats as data: how many bits a pixel takes, whether values
// come from a palette, and how rows are laid out.

/**
 * A panel's pixel layout. `rgb565` is little-endian, `rgb565be` big-endian
 * (what ILI9341/GC9A01 take over SPI). `two-plane` is black/white/colour
 * e-paper: a 1-bit black plane (1 = not black) followed by a 1-bit colour
 * plane (1 = colour). `mono1-pages` is the SSD1306/SH1106 memory layout:
 * pages of 8 rows, one byte per column, the top row in the bit chosen by
 * `bitOrder` (`lsb` for SSD1306).
 */
export type PixelFormat =
  | "mono1"
  | "mono1-pages"
  | "gray2"
  | "gray4"
  | "gray8"
  | "rgb332"
  | "rgb565"
  | "rgb565be"
  | "rgb888"
  | "bgr888"
  | "rgba8888"
  | "indexed2"
  | "indexed4"
  | "indexed8"
  | "two-plane";

/** What a {@linkcode PixelFormat} is made of. */
export interface PixelFormatInfo {
  /** The format's name. */
  readonly name: PixelFormat;
  /** Bits per pixel in one plane. */
  readonly bitsPerPixel: number;
  /** Number of planes (2 for `two-plane`, else 1). */
  readonly planes: number;
  /** Pixels sharing one byte (8 for 1 bpp, 1 for 8 bpp and wider). */
  readonly pixelsPerByte: number;
  /** Whether pixels are palette indices. */
  readonly indexed: boolean;
  /** The palette used when none is given, if the format has one. */
  readonly defaultPalette?: string;
  /** Pixel rows packed into one row of bytes (8 for `mono1-pages`, else 1). */
  readonly pageHeight: number;
}

function info(
  name: PixelFormat,
  bitsPerPixel: number,
  indexed: boolean,
  defaultPalette?: string,
  planes = 1,
  pageHeight = 1,
): PixelFormatInfo {
  const i: PixelFormatInfo = {
    name,
    bitsPerPixel,
    planes,
    pixelsPerByte: pageHeight > 1 ? 1 : bitsPerPixel < 8 ? 8 / bitsPerPixel : 1,
    pageHeight,
    indexed,
    ...(defaultPalette ? { defaultPalette } : {}),
  };
  return Object.freeze(i);
}

const FORMATS: Record<PixelFormat, PixelFormatInfo> = {
  mono1: info("mono1", 1, true, "bw"),
  "mono1-pages": info("mono1-pages", 1, true, "bw", 1, 8),
  gray2: info("gray2", 2, true, "gray4"),
  gray4: info("gray4", 4, true, "gray16"),
  gray8: info("gray8", 8, false),
  rgb332: info("rgb332", 8, false),
  rgb565: info("rgb565", 16, false),
  rgb565be: info("rgb565be", 16, false),
  rgb888: info("rgb888", 24, false),
  bgr888: info("bgr888", 24, false),
  rgba8888: info("rgba8888", 32, false),
  indexed2: info("indexed2", 2, true),
  indexed4: info("indexed4", 4, true),
  indexed8: info("indexed8", 8, true),
  "two-plane": info("two-plane", 1, true, "bwr", 2),
};

/**
 * Describes a pixel format.
 *
 * @param name The format's name.
 * @returns Its bit depth, planes and palette use.
 * @throws {RangeError} Unknown name; the message lists the valid ones.
 *
 * @example Bits of RGB565
 * ```ts
 * import { pixelFormatInfo } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * assert.equal(pixelFormatInfo("rgb565be").bitsPerPixel, 16);
 * assert.equal(pixelFormatInfo("mono1").pixelsPerByte, 8);
 * ```
 */
export function pixelFormatInfo(name: string): PixelFormatInfo {
  const f = Object.hasOwn(FORMATS, name) ? FORMATS[name as PixelFormat] : undefined;
  if (!f) {
    throw new RangeError(
      `Unknown pixel format ${JSON.stringify(name)}; valid: ${Object.keys(FORMATS).join(", ")}`,
    );
  }
  return f;
}

/**
 * Lists every pixel format.
 *
 * @returns The formats in a fixed order.
 *
 * @example Every format name
 * ```ts
 * import { listPixelFormats } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * assert.ok(listPixelFormats().map((f) => f.name).includes("indexed4"));
 * ```
 */
export function listPixelFormats(): PixelFormatInfo[] {
  return Object.values(FORMATS);
}

/**
 * Bytes in one row of one plane (rows start on a byte boundary); for
 * `mono1-pages`, bytes in one page of 8 rows.
 *
 * @param format The pixel format.
 * @param width Pixels per row.
 * @returns The row size in bytes.
 *
 * @example A 1-bit row of 10 pixels takes 2 bytes
 * ```ts
 * import { pixelFormatRowBytes } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * assert.equal(pixelFormatRowBytes("mono1", 10), 2);
 * assert.equal(pixelFormatRowBytes("rgb888", 10), 30);
 * ```
 */
export function pixelFormatRowBytes(format: string, width: number): number {
  const f = pixelFormatInfo(format);
  return f.pageHeight > 1 ? width : Math.ceil((width * f.bitsPerPixel) / 8);
}
