// Copyright 2026 the wirekit authors. MIT license.
// The panel stage as a push object: RGBA rows in (in order, a band at a
// time), packed panel rows out. Holds O(width) state unless the rows must be
// reordered (rotation by 90/180/270 or a top-bottom mirror), which needs the
// whole frame of pixel values.
import { RowPacker } from "./_panel_pack.ts";
import { HtmlRenderError } from "./html_render_error.ts";
import { type QuantMode, RowQuantizer } from "./_panel_quantizer.ts";
import { type DitherInfo, ditherInfo, type DitherMethod } from "./dither.ts";
import { getPalette, type Palette, type Rgb } from "./palette.ts";
import {
  getPanel,
  type PanelBitOrder,
  type PanelMirror,
  type PanelProfile,
  type PanelRotation,
} from "./panel_profiles.ts";
import { type PixelFormat, type PixelFormatInfo, pixelFormatInfo } from "./pixel_format.ts";

/** Options of the panel stage ({@linkcode toPanel}, {@linkcode PanelEncoder}). */
export interface PanelOptions {
  /**
   * A panel profile (or its name, see `listPanels()`) giving size, format,
   * palette, bit order, rotation and dithering; the other options override it.
   * When given, the source must have the panel's size (swapped when rotated
   * by 90 or 270 degrees).
   */
  panel?: string | PanelProfile;
  /** Pixel format; required when no panel is given. @default {the panel's} */
  format?: PixelFormat;
  /** Palette for indexed formats (name or value). @default {the panel's, else the format's} */
  palette?: string | Palette;
  /** Dithering method. @default {the panel's, else "none"} */
  dither?: DitherMethod;
  /** Error diffusion runs left-to-right then right-to-left on alternate rows. @default {false} */
  serpentine?: boolean;
  /** Diffuse errors in linear light instead of sRGB (palette formats). @default {false} */
  linear?: boolean;
  /** Gamma applied to each input channel (out = in^(1/gamma)); above 1 brightens. @default {1} */
  gamma?: number;
  /** Clockwise rotation from the source image to panel memory. @default {the panel's, else 0} */
  rotate?: PanelRotation;
  /** Mirroring after rotation. @default {"none"} */
  mirror?: PanelMirror;
  /** Pixel order inside a byte (sub-byte formats). @default {the panel's, else "msb"} */
  bitOrder?: PanelBitOrder;
  /** For 4-bit formats: which nibble holds the first pixel; overrides `bitOrder`. @default {from bitOrder} */
  nibbleOrder?: "high" | "low";
  /** Invert grey and 1-bit values (and the black plane of `two-plane`). @default {the panel's, else false} */
  invert?: boolean;
  /** Invert the colour plane of `two-plane`. @default {false} */
  invertColor?: boolean;
  /** Colour that translucent pixels are composited over (not for `rgba8888`). @default {[255, 255, 255]} */
  background?: Rgb;
  /** Amplitude of ordered dithering, in sRGB steps. @default {depends on the palette or levels} */
  orderedSpread?: number;
  /**
   * Receives each packed row in panel order instead of the whole frame being
   * kept (`data` is then empty). For `two-plane` the row holds the black row
   * then the colour row; for `mono1-pages` it is one page (8 rows) and `y`
   * is the page number. The buffer is reused: copy it to keep it.
   */
  onLine?: (y: number, bytes: Uint8Array) => void;
  /** Most pixels accepted. @default {16777216} */
  maxPixels?: number;
}

/** Packed panel bytes and how they are laid out. */
export interface PanelResult {
  /** The packed bytes (planes one after the other); empty when `onLine` was given. */
  data: Uint8Array;
  /** Width of the panel image (after rotation). */
  width: number;
  /** Height of the panel image (after rotation). */
  height: number;
  /** The pixel format. */
  format: PixelFormat;
  /** Bytes per row of one plane (per page of 8 rows for `mono1-pages`). */
  stride: number;
  /** Pixel rows per `stride` bytes: 8 for `mono1-pages`, else 1. */
  pageHeight: number;
  /** Number of planes (2 for `two-plane`). */
  planes: number;
  /** The palette of indexed formats. */
  palette?: Palette;
  /** Pixel order inside a byte. */
  bitOrder: PanelBitOrder;
  /** Whether grey/1-bit values (black plane) are inverted. */
  invert: boolean;
  /** Whether the colour plane is inverted. */
  invertColor: boolean;
  /** Rotation applied. */
  rotate: PanelRotation;
  /** Mirroring applied. */
  mirror: PanelMirror;
  /** Dithering applied. */
  dither: DitherMethod;
  /** Name of the panel profile used, if any. */
  panel?: string;
}

/** Size of the source image. */
export interface PanelSourceSize {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

const DEFAULT_MAX_PIXELS = 16_777_216;
const ROTATIONS: readonly number[] = [0, 90, 180, 270];
const MIRRORS: readonly string[] = ["none", "x", "y", "xy"];

interface Resolved {
  profile?: PanelProfile;
  format: PixelFormatInfo;
  palette?: Palette;
  dither: DitherInfo;
  rotate: PanelRotation;
  mirror: PanelMirror;
  bitOrder: PanelBitOrder;
  invert: boolean;
  invertColor: boolean;
  mode: QuantMode;
}

function resolve(size: PanelSourceSize, o: PanelOptions): Resolved {
  if (o === null || typeof o !== "object") throw new TypeError("Panel options must be an object");
  const { width, height } = size;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(`Image size ${width}x${height} is not positive integers`);
  }
  const maxPixels = o.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!(maxPixels >= 1)) throw new RangeError(`maxPixels ${maxPixels} is not positive`);
  if (width * height > maxPixels) {
    throw new HtmlRenderError(
      "ELIMIT",
      `Image size ${width}x${height} exceeds maxPixels ${maxPixels}`,
    );
  }
  const profile = typeof o.panel === "string" ? getPanel(o.panel) : o.panel;
  const formatName = o.format ?? profile?.format;
  if (!formatName) throw new TypeError("Panel options need a panel or a format");
  const format = pixelFormatInfo(formatName);
  let palette: Palette | undefined;
  if (format.indexed) {
    const p = o.palette ?? profile?.palette ?? format.defaultPalette;
    if (p === undefined) throw new TypeError(`Format ${format.name} needs a palette`);
    palette = typeof p === "string" ? getPalette(p) : p;
    const limit = format.name === "two-plane" ? 3 : 1 << format.bitsPerPixel;
    for (const e of palette.entries) {
      if (e.index >= limit) {
        throw new RangeError(
          `Palette ${
            JSON.stringify(palette.name)
          } index ${e.index} does not fit format ${format.name}`,
        );
      }
    }
  } else if (o.palette !== undefined) {
    throw new TypeError(`Format ${format.name} takes no palette`);
  }
  const dither = ditherInfo(o.dither ?? profile?.dither ?? "none");
  const rotate = o.rotate ?? profile?.rotate ?? 0;
  if (!ROTATIONS.includes(rotate)) {
    throw new RangeError(`Rotation ${rotate} is not 0, 90, 180 or 270`);
  }
  const mirror = o.mirror ?? "none";
  if (!MIRRORS.includes(mirror)) {
    throw new RangeError(`Mirror ${JSON.stringify(mirror)} is not none, x, y or xy`);
  }
  let bitOrder = o.bitOrder ?? profile?.bitOrder ?? "msb";
  if (bitOrder !== "msb" && bitOrder !== "lsb") {
    throw new RangeError(`Bit order ${JSON.stringify(bitOrder)} is not msb or lsb`);
  }
  if (o.nibbleOrder !== undefined) {
    if (o.nibbleOrder !== "high" && o.nibbleOrder !== "low") {
      throw new RangeError(`Nibble order ${JSON.stringify(o.nibbleOrder)} is not high or low`);
    }
    if (format.bitsPerPixel === 4) bitOrder = o.nibbleOrder === "high" ? "msb" : "lsb";
  }
  const gamma = o.gamma ?? 1;
  if (typeof gamma !== "number" || !(gamma >= 0.1 && gamma <= 10)) {
    throw new RangeError(`Gamma ${gamma} is not in 0.1..10`);
  }
  if (o.orderedSpread !== undefined && !(o.orderedSpread >= 0 && o.orderedSpread <= 1020)) {
    throw new RangeError(`Ordered spread ${o.orderedSpread} is not in 0..1020`);
  }
  if (
    o.background !== undefined &&
    !(Array.isArray(o.background) && o.background.length === 3 &&
      o.background.every((v) => Number.isInteger(v) && v >= 0 && v <= 255))
  ) {
    throw new TypeError("Background must be three bytes");
  }
  if (profile) {
    const [pw, ph] = rotate % 180
      ? [profile.height, profile.width]
      : [profile.width, profile.height];
    if (width !== pw || height !== ph) {
      throw new RangeError(
        `Image size ${width}x${height} does not fit panel ${
          JSON.stringify(profile.name)
        } (${pw}x${ph})`,
      );
    }
  }
  const mode: QuantMode = format.indexed
    ? "palette"
    : format.name === "rgb565" || format.name === "rgb565be"
    ? "rgb565"
    : format.name === "rgb332"
    ? "rgb332"
    : format.name === "gray8"
    ? "gray8"
    : format.name === "rgba8888"
    ? "rgba8888"
    : "rgb888";
  return {
    ...(profile ? { profile } : {}),
    format,
    ...(palette ? { palette } : {}),
    dither,
    rotate: rotate as PanelRotation,
    mirror,
    bitOrder,
    invert: o.invert ?? profile?.invert ?? false,
    invertColor: o.invertColor ?? false,
    mode,
  };
}

/**
 * The panel stage fed row by row: push RGBA rows in order (for example from
 * a band rasterizer) and take the packed result, or have each packed row
 * passed to `onLine` as soon as it is ready.
 *
 * @example Feed two bands and read the packed 1-bit frame
 * ```ts
 * import { PanelEncoder } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const enc = new PanelEncoder({ width: 8, height: 2 }, { format: "mono1" });
 * const white = new Uint8Array(8 * 4).fill(255);
 * const black = new Uint8Array(8 * 4).map((_, i) => (i % 4 === 3 ? 255 : 0));
 * enc.pushBand(0, white, 1);
 * enc.pushBand(1, black, 1);
 * assert.deepEqual([...enc.finish().data], [0xff, 0x00]);
 * ```
 */
export class PanelEncoder {
  #r: Resolved;
  #srcW: number;
  #srcH: number;
  #outW: number;
  #outH: number;
  #stride: number;
  #onLine?: (y: number, bytes: Uint8Array) => void;
  #quant: RowQuantizer;
  #packer: RowPacker;
  #row: Uint32Array;
  #rowBytes: Uint8Array;
  #data: Uint8Array;
  #all?: Uint32Array;
  #page?: Uint32Array;
  #y = 0;
  #done = false;

  /**
   * Creates an encoder for a source of the given size.
   *
   * @param size Width and height of the source image.
   * @param options Panel, format, palette, dithering and layout options.
   * @throws {TypeError} Neither panel nor format, or a malformed option.
   * @throws {RangeError} Unknown names, or a size that does not fit the panel.
   * @throws {HtmlRenderError} `"ELIMIT"`: the size exceeds `maxPixels`.
   */
  constructor(size: PanelSourceSize, options: PanelOptions = {}) {
    const r = resolve(size, options);
    this.#r = r;
    this.#srcW = size.width;
    this.#srcH = size.height;
    [this.#outW, this.#outH] = r.rotate % 180
      ? [size.height, size.width]
      : [size.width, size.height];
    const ph = r.format.pageHeight;
    this.#stride = ph > 1 ? this.#outW : Math.ceil((this.#outW * r.format.bitsPerPixel) / 8);
    if (ph > 1) this.#page = new Uint32Array(this.#outW * ph);
    if (options.onLine !== undefined && typeof options.onLine !== "function") {
      throw new TypeError("onLine must be a function");
    }
    this.#onLine = options.onLine;
    this.#quant = new RowQuantizer({
      width: size.width,
      mode: r.mode,
      ...(r.palette ? { palette: r.palette } : {}),
      dither: r.dither,
      serpentine: options.serpentine ?? false,
      linear: options.linear ?? false,
      gamma: options.gamma ?? 1,
      background: options.background ?? [255, 255, 255],
      ...(options.orderedSpread !== undefined ? { orderedSpread: options.orderedSpread } : {}),
    });
    this.#packer = new RowPacker({
      format: r.format,
      ...(r.palette ? { palette: r.palette } : {}),
      bitOrder: r.bitOrder,
      invert: r.invert,
      invertColor: r.invertColor,
    });
    this.#row = new Uint32Array(Math.max(this.#srcW, this.#outW));
    this.#rowBytes = new Uint8Array(this.#stride * r.format.planes);
    this.#data = this.#onLine
      ? new Uint8Array(0)
      : new Uint8Array(this.#stride * Math.ceil(this.#outH / ph) * r.format.planes);
    if (r.rotate !== 0 || r.mirror === "y" || r.mirror === "xy") {
      this.#all = new Uint32Array(this.#srcW * this.#srcH);
    }
  }

  /** Width of the panel image (after rotation). */
  get width(): number {
    return this.#outW;
  }

  /** Height of the panel image (after rotation). */
  get height(): number {
    return this.#outH;
  }

  /** Index of the next source row expected. */
  get nextRow(): number {
    return this.#y;
  }

  /**
   * Pushes the next `lineCount` source rows, `width * 4` RGBA bytes each.
   *
   * @param rgba The rows' pixels.
   * @param lineCount Number of rows in `rgba`.
   * @throws {RangeError} Too few bytes, or more rows than the image has.
   */
  pushRows(rgba: Uint8Array, lineCount: number): void {
    if (this.#done) throw new RangeError("The encoder is finished");
    if (!(rgba instanceof Uint8Array)) throw new TypeError("Rows must be a Uint8Array");
    const rowLen = this.#srcW * 4;
    if (!Number.isInteger(lineCount) || lineCount < 0 || rgba.length < lineCount * rowLen) {
      throw new RangeError(`Band of ${rgba.length} bytes does not hold ${lineCount} rows`);
    }
    if (this.#y + lineCount > this.#srcH) {
      throw new RangeError(`Row ${this.#y + lineCount - 1} is past the image height ${this.#srcH}`);
    }
    for (let i = 0; i < lineCount; i++) this.#pushRow(rgba, i * rowLen);
  }

  /**
   * Pushes a band that starts at source row `y`, which must be the next row
   * expected (the `onBand` callback of a band rasterizer).
   *
   * @param y First row of the band.
   * @param rgba The band's pixels, `lineCount` rows of `width * 4` bytes.
   * @param lineCount Rows in the band.
   * @throws {RangeError} The band is out of order or too short.
   */
  pushBand(y: number, rgba: Uint8Array, lineCount: number): void {
    if (y !== this.#y) throw new RangeError(`Band starts at row ${y}; expected row ${this.#y}`);
    this.pushRows(rgba, lineCount);
  }

  #pushRow(src: Uint8Array, off: number): void {
    const y = this.#y++;
    const w = this.#srcW;
    if (this.#all) {
      this.#quant.quantize(src, off, this.#all.subarray(y * w, y * w + w));
      return;
    }
    const row = this.#row;
    this.#quant.quantize(src, off, row);
    if (this.#r.mirror === "x") row.subarray(0, w).reverse();
    this.#emit(y, row);
  }

  #emit(y: number, values: Uint32Array): void {
    const planes = this.#r.format.planes;
    const stride = this.#stride;
    const page = this.#page;
    if (page) {
      const ph = this.#r.format.pageHeight, w = this.#outW;
      const r = y % ph;
      page.set(values.subarray(0, w), r * w);
      if (r !== ph - 1 && y !== this.#outH - 1) return;
      const n = (y / ph) | 0;
      if (this.#onLine) {
        this.#packer.packPage(page, r + 1, w, this.#rowBytes, 0);
        this.#onLine(n, this.#rowBytes);
      } else this.#packer.packPage(page, r + 1, w, this.#data, n * stride);
      return;
    }
    if (this.#onLine) {
      this.#packer.pack(values, this.#outW, this.#rowBytes, 0, stride);
      this.#onLine(y, this.#rowBytes);
    } else {
      const offset = y * stride;
      this.#packer.pack(
        values,
        this.#outW,
        this.#data,
        offset,
        planes > 1 ? stride * this.#outH : 0,
      );
    }
  }

  /**
   * Ends the image: emits any rows held back (rotation) and returns the
   * result.
   *
   * @returns The packed bytes and their layout.
   * @throws {RangeError} Fewer rows were pushed than the image has.
   */
  finish(): PanelResult {
    if (this.#done) throw new RangeError("The encoder is finished");
    if (this.#y !== this.#srcH) {
      throw new RangeError(`Got ${this.#y} of ${this.#srcH} rows`);
    }
    this.#done = true;
    const all = this.#all;
    if (all) {
      const W = this.#srcW, H = this.#srcH, ow = this.#outW, oh = this.#outH;
      const rot = this.#r.rotate, m = this.#r.mirror;
      const mx = m === "x" || m === "xy", my = m === "y" || m === "xy";
      const row = this.#row;
      for (let oy = 0; oy < oh; oy++) {
        const ry = my ? oh - 1 - oy : oy;
        for (let ox = 0; ox < ow; ox++) {
          const rx = mx ? ow - 1 - ox : ox;
          let sx: number, sy: number;
          if (rot === 0) [sx, sy] = [rx, ry];
          else if (rot === 90) [sx, sy] = [ry, H - 1 - rx];
          else if (rot === 180) [sx, sy] = [W - 1 - rx, H - 1 - ry];
          else [sx, sy] = [W - 1 - ry, rx];
          row[ox] = all[sy * W + sx];
        }
        this.#emit(oy, row);
      }
      this.#all = undefined;
    }
    const r = this.#r;
    const result: PanelResult = {
      data: this.#data,
      width: this.#outW,
      height: this.#outH,
      format: r.format.name,
      stride: this.#stride,
      pageHeight: r.format.pageHeight,
      planes: r.format.planes,
      bitOrder: r.bitOrder,
      invert: r.invert,
      invertColor: r.invertColor,
      rotate: r.rotate,
      mirror: r.mirror,
      dither: r.dither.name,
    };
    if (r.palette) result.palette = r.palette;
    if (r.profile) result.panel = r.profile.name;
    return result;
  }
}
