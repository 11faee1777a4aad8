// Copyright 2026 the wirekit authors. MIT license.
// Panel profiles as data: one record per panel; the panel stage receives the
// resolved record and never matches on the name.
import type { DitherMethod } from "./dither.ts";
import type { PixelFormat } from "./pixel_format.ts";
import type { PaletteName } from "./palette.ts";

/** Clockwise rotation from the rendered image to the panel's memory, in degrees. */
export type PanelRotation = 0 | 90 | 180 | 270;

/** Mirroring applied after rotation: none, left-right (`x`), top-bottom (`y`) or both. */
export type PanelMirror = "none" | "x" | "y" | "xy";

/** Order of pixels inside a byte: first pixel in the most (`msb`) or least (`lsb`) significant bits. */
export type PanelBitOrder = "msb" | "lsb";

/** A display panel: its memory size and pixel layout. */
export interface PanelProfile {
  /** Name used to select it, e.g. `"waveshare-7in3f"`. */
  readonly name: string;
  /** One line saying what it is. */
  readonly description: string;
  /** Width of the panel's memory in pixels. */
  readonly width: number;
  /** Height of the panel's memory in pixels. */
  readonly height: number;
  /** Pixel format the controller takes. */
  readonly format: PixelFormat;
  /** Palette, for indexed formats. */
  readonly palette?: PaletteName;
  /** Pixel order inside a byte. */
  readonly bitOrder: PanelBitOrder;
  /** Whether 1-bit (black plane) values are inverted (1 = black). */
  readonly invert: boolean;
  /** Rotation from the rendered image to panel memory. */
  readonly rotate: PanelRotation;
  /** Dithering that suits the panel. */
  readonly dither: DitherMethod;
}

function panel(p: PanelProfile): PanelProfile {
  return Object.freeze(p);
}

const PANELS: readonly PanelProfile[] = Object.freeze([
  panel({
    name: "waveshare-7in5-v2",
    description: "Waveshare 7.5in e-Paper V2, 800x480 black/white (UC8179)",
    width: 800,
    height: 480,
    format: "mono1",
    palette: "bw",
    bitOrder: "msb",
    invert: false,
    rotate: 0,
    dither: "floyd-steinberg",
  }),
  panel({
    name: "waveshare-7in5b-v2",
    description: "Waveshare 7.5in e-Paper (B) V2, 800x480 black/white/red, two planes",
    width: 800,
    height: 480,
    format: "two-plane",
    palette: "bwr",
    bitOrder: "msb",
    invert: false,
    rotate: 0,
    dither: "floyd-steinberg",
  }),
  panel({
    name: "waveshare-7in3f",
    description: "Waveshare 7.3in ACeP 7-colour e-Paper (F), 800x480, 4 bpp",
    width: 800,
    height: 480,
    format: "indexed4",
    palette: "acep7",
    bitOrder: "msb",
    invert: false,
    rotate: 0,
    dither: "floyd-steinberg",
  }),
  panel({
    name: "waveshare-13in3e6",
    description: "Waveshare 13.3in Spectra 6 e-Paper (E), 1200x1600, 4 bpp",
    width: 1200,
    height: 1600,
    format: "indexed4",
    palette: "spectra6",
    bitOrder: "msb",
    invert: false,
    rotate: 0,
    dither: "floyd-steinberg",
  }),
  panel({
    name: "inky-impression-7",
    description: "Pimoroni Inky Impression 7.3in, 800x480 ACeP 7-colour, 4 bpp",
    width: 800,
    height: 480,
    format: "indexed4",
    palette: "acep7",
    bitOrder: "msb",
    invert: false,
    rotate: 0,
    dither: "floyd-steinberg",
  }),
  panel({
    name: "ssd1306-128x64",
    description: "SSD1306 128x64 OLED: 8 pages of 128 column bytes, top row in bit 0 (1 = lit)",
    width: 128,
    height: 64,
    format: "mono1-pages",
    palette: "bw",
    bitOrder: "lsb",
    invert: false,
    rotate: 0,
    dither: "none",
  }),
  panel({
    name: "ili9341-320x240",
    description: "ILI9341 320x240 TFT, RGB565 big-endian (SPI byte order)",
    width: 320,
    height: 240,
    format: "rgb565be",
    bitOrder: "msb",
    invert: false,
    rotate: 0,
    dither: "none",
  }),
  panel({
    name: "gc9a01-240",
    description: "GC9A01 240x240 round TFT, RGB565 big-endian",
    width: 240,
    height: 240,
    format: "rgb565be",
    bitOrder: "msb",
    invert: false,
    rotate: 0,
    dither: "none",
  }),
  panel({
    name: "trmnl-800x480",
    description: "TRMNL-style 800x480 1-bit e-paper (fetches a 1-bit BMP)",
    width: 800,
    height: 480,
    format: "mono1",
    palette: "bw",
    bitOrder: "msb",
    invert: false,
    rotate: 0,
    dither: "floyd-steinberg",
  }),
]);

/**
 * Returns a panel profile by name.
 *
 * @param name The profile's name, e.g. `"waveshare-7in3f"`.
 * @returns The profile.
 * @throws {RangeError} Unknown name; the message lists the valid ones.
 *
 * @example The ILI9341 takes big-endian RGB565
 * ```ts
 * import { getPanel } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const p = getPanel("ili9341-320x240");
 * assert.equal(p.format, "rgb565be");
 * assert.equal(p.width, 320);
 * ```
 */
export function getPanel(name: string): PanelProfile {
  const p = PANELS.find((x) => x.name === name);
  if (!p) {
    throw new RangeError(
      `Unknown panel ${JSON.stringify(name)}; valid: ${PANELS.map((x) => x.name).join(", ")}`,
    );
  }
  return p;
}

/**
 * Lists the known panel profiles.
 *
 * @returns Every profile, in a fixed order.
 *
 * @example Find the 7-colour panels
 * ```ts
 * import { listPanels } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const names = listPanels().filter((p) => p.palette === "acep7").map((p) => p.name);
 * assert.ok(names.includes("waveshare-7in3f"));
 * ```
 */
export function listPanels(): PanelProfile[] {
  return [...PANELS];
}
