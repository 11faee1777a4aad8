// Copyright 2026 the wirekit authors. MIT license.
// Packs one row of pixel values (from the quantizer) into panel bytes, and
// unpacks them again (previews, change detection, tests).
import type { Palette } from "./palette.ts";
import type { PixelFormatInfo } from "./pixel_format.ts";
import type { PanelBitOrder } from "./panel_profiles.ts";

/** Resolved packing settings. */
export interface PackConfig {
  format: PixelFormatInfo;
  palette?: Palette;
  /** Pixel order inside a byte for sub-byte formats. */
  bitOrder: PanelBitOrder;
  invert: boolean;
  invertColor: boolean;
}

/** Packs value rows into bytes: `pack(values, width, out, offset, planeStride)`. */
export class RowPacker {
  #c: PackConfig;
  /** Palette position -> value written (plane 0). */
  #t0 = new Uint8Array(0);
  /** Palette position -> colour-plane bit (two-plane only). */
  #t1 = new Uint8Array(0);

  constructor(c: PackConfig) {
    this.#c = c;
    const f = c.format;
    if (f.indexed) {
      const entries = c.palette!.entries;
      const max = (1 << f.bitsPerPixel) - 1;
      const grey = f.name === "mono1" || f.name === "mono1-pages" || f.name === "gray2" ||
        f.name === "gray4";
      if (f.name === "two-plane") {
        this.#t0 = Uint8Array.from(entries, (e) => (e.index === 0 ? 0 : 1) ^ (c.invert ? 1 : 0));
        this.#t1 = Uint8Array.from(
          entries,
          (e) => (e.index === 2 ? 1 : 0) ^ (c.invertColor ? 1 : 0),
        );
      } else {
        this.#t0 = Uint8Array.from(entries, (e) => grey && c.invert ? max - e.index : e.index);
      }
    }
  }

  /**
   * Packs one page of `mono1-pages`: `rows` rows of `width` values (row r at
   * `values[r * width]`) into `width` bytes at `offset`.
   */
  packPage(
    values: Uint32Array,
    rows: number,
    width: number,
    out: Uint8Array,
    offset: number,
  ): void {
    const t = this.#t0;
    const lsb = this.#c.bitOrder === "lsb";
    for (let x = 0; x < width; x++) {
      let byte = 0;
      for (let r = 0; r < rows; r++) byte |= t[values[r * width + x]] << (lsb ? r : 7 - r);
      out[offset + x] = byte;
    }
  }

  /** Packs `width` values into `out` at `offset` (plane 1, if any, at `offset + planeStride`). */
  pack(
    values: Uint32Array,
    width: number,
    out: Uint8Array,
    offset: number,
    planeStride: number,
  ): void {
    const f = this.#c.format;
    const bpp = f.bitsPerPixel;
    switch (f.name) {
      case "two-plane":
        this.#packBits(values, width, this.#t0, 1, out, offset);
        this.#packBits(values, width, this.#t1, 1, out, offset + planeStride);
        return;
      case "mono1":
      case "gray2":
      case "gray4":
      case "indexed2":
      case "indexed4":
        this.#packBits(values, width, this.#t0, bpp, out, offset);
        return;
      case "indexed8": {
        const t = this.#t0;
        for (let x = 0; x < width; x++) out[offset + x] = t[values[x]];
        return;
      }
      case "gray8": {
        const inv = this.#c.invert ? 255 : 0;
        for (let x = 0; x < width; x++) out[offset + x] = values[x] ^ inv;
        return;
      }
      case "rgb332":
        for (let x = 0; x < width; x++) out[offset + x] = values[x];
        return;
      case "rgb565":
        for (let x = 0, o = offset; x < width; x++, o += 2) {
          const v = values[x];
          out[o] = v & 255;
          out[o + 1] = v >> 8;
        }
        return;
      case "rgb565be":
        for (let x = 0, o = offset; x < width; x++, o += 2) {
          const v = values[x];
          out[o] = v >> 8;
          out[o + 1] = v & 255;
        }
        return;
      case "rgb888":
        for (let x = 0, o = offset; x < width; x++, o += 3) {
          const v = values[x];
          out[o] = v >> 16;
          out[o + 1] = (v >> 8) & 255;
          out[o + 2] = v & 255;
        }
        return;
      case "bgr888":
        for (let x = 0, o = offset; x < width; x++, o += 3) {
          const v = values[x];
          out[o] = v & 255;
          out[o + 1] = (v >> 8) & 255;
          out[o + 2] = v >> 16;
        }
        return;
      case "rgba8888":
        for (let x = 0, o = offset; x < width; x++, o += 4) {
          const v = values[x];
          out[o] = v >>> 24;
          out[o + 1] = (v >> 16) & 255;
          out[o + 2] = (v >> 8) & 255;
          out[o + 3] = v & 255;
        }
        return;
    }
  }

  #packBits(
    values: Uint32Array,
    width: number,
    t: Uint8Array,
    bpp: number,
    out: Uint8Array,
    offset: number,
  ): void {
    const ppb = 8 / bpp;
    const msb = this.#c.bitOrder === "msb";
    const bytes = Math.ceil(width / ppb);
    if (bpp === 4 && msb) {
      const pairs = width >> 1;
      for (let i = 0; i < pairs; i++) {
        out[offset + i] = (t[values[2 * i]] << 4) | t[values[2 * i + 1]];
      }
      if (width & 1) out[offset + pairs] = t[values[width - 1]] << 4;
      return;
    }
    for (let i = 0; i < bytes; i++) {
      let byte = 0;
      const x0 = i * ppb;
      const n = Math.min(ppb, width - x0);
      for (let k = 0; k < n; k++) {
        const v = t[values[x0 + k]];
        byte |= v << (msb ? 8 - bpp * (k + 1) : bpp * k);
      }
      out[offset + i] = byte;
    }
  }
}

/**
 * Reads the raw value of pixel (x, y) of one plane: the bits of sub-byte
 * formats, the byte of 8-bit formats, the 16/24/32-bit word (as written:
 * RGB565 as the 16-bit value, RGB888/BGR888 as 0xRRGGBB, RGBA as 0xRRGGBBAA).
 */
export function readPixel(
  format: PixelFormatInfo,
  bitOrder: PanelBitOrder,
  data: Uint8Array,
  offset: number,
  x: number,
): number {
  const bpp = format.bitsPerPixel;
  if (bpp < 8) {
    const ppb = 8 / bpp;
    const k = x % ppb;
    const byte = data[offset + ((x / ppb) | 0)];
    const shift = bitOrder === "msb" ? 8 - bpp * (k + 1) : bpp * k;
    return (byte >> shift) & ((1 << bpp) - 1);
  }
  switch (format.name) {
    case "rgb565": {
      const o = offset + 2 * x;
      return data[o] | (data[o + 1] << 8);
    }
    case "rgb565be": {
      const o = offset + 2 * x;
      return (data[o] << 8) | data[o + 1];
    }
    case "rgb888": {
      const o = offset + 3 * x;
      return (data[o] << 16) | (data[o + 1] << 8) | data[o + 2];
    }
    case "bgr888": {
      const o = offset + 3 * x;
      return (data[o + 2] << 16) | (data[o + 1] << 8) | data[o];
    }
    case "rgba8888": {
      const o = offset + 4 * x;
      return ((data[o] << 24) | (data[o + 1] << 16) | (data[o + 2] << 8) | data[o + 3]) >>> 0;
    }
    default:
      return data[offset + x];
  }
}
