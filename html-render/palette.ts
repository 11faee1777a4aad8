// Copyright 2026 the wirekit authors. MIT license.
// Panel palettes as data: for each colour, the index the panel is sent and
// the colour it actually shows (used for nearest-colour search and previews).

/** An sRGB colour as three bytes. */
export type Rgb = readonly [number, number, number];

/** One colour a panel can show. */
export interface PaletteEntry {
  /** Name of the colour, e.g. `"red"`. */
  readonly name: string;
  /** The value sent to the panel for this colour (e.g. 4 for ACeP red). */
  readonly index: number;
  /** The colour the panel actually shows, as sRGB bytes. */
  readonly color: Rgb;
}

/** A set of colours a panel can show. */
export interface Palette {
  /** Name of the palette, e.g. `"acep7"`. */
  readonly name: string;
  /** The colours; their order is the search order (ties go to the first). */
  readonly entries: readonly PaletteEntry[];
}

/** Names of the built-in palettes. */
export type PaletteName = "bw" | "gray4" | "gray16" | "bwr" | "bwy" | "acep7" | "spectra6";

/** A colour for {@linkcode definePalette}: `"#rrggbb"` or three bytes. */
export type PaletteColorInit = string | Rgb;

/** One colour for {@linkcode definePalette}. */
export interface PaletteEntryInit {
  /** Name of the colour. @default {the colour as "#rrggbb"} */
  name?: string;
  /** The value sent to the panel. @default {the entry's position} */
  index?: number;
  /** The colour the panel shows. */
  color: PaletteColorInit;
}

function parseColor(c: PaletteColorInit): Rgb {
  if (typeof c === "string") {
    const m = /^#([0-9a-f]{6})$/i.exec(c);
    if (!m) throw new TypeError(`Palette colour ${JSON.stringify(c)} is not "#rrggbb"`);
    const v = parseInt(m[1], 16);
    return [v >> 16, (v >> 8) & 255, v & 255];
  }
  if (
    !Array.isArray(c) || c.length !== 3 ||
    !c.every((x) => Number.isInteger(x) && x >= 0 && x <= 255)
  ) {
    throw new TypeError(`Palette colour ${JSON.stringify(c)} is not three bytes`);
  }
  return [c[0], c[1], c[2]];
}

function hex(c: Rgb): string {
  return "#" + c.map((x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * Builds a custom palette, checking it: 1 to 256 colours, panel indices
 * distinct integers in 0..255, colours as bytes.
 *
 * @param name Name of the palette.
 * @param entries The colours, in search order.
 * @returns The frozen palette.
 * @throws {TypeError} A colour is malformed.
 * @throws {RangeError} Too few or too many colours, or a bad or repeated index.
 *
 * @example Define a three-colour palette
 * ```ts
 * import { definePalette } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const p = definePalette("mine", [
 *   { name: "ink", color: "#101010" },
 *   { name: "paper", color: [250, 250, 240] },
 *   { name: "accent", index: 7, color: "#c02020" },
 * ]);
 * assert.equal(p.entries[2].index, 7);
 * assert.deepEqual(p.entries[0].color, [16, 16, 16]);
 * ```
 */
export function definePalette(name: string, entries: readonly PaletteEntryInit[]): Palette {
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > 256) {
    throw new RangeError(`Palette ${JSON.stringify(name)} needs 1 to 256 colours`);
  }
  const seen = new Set<number>();
  const out: PaletteEntry[] = entries.map((e, i) => {
    const index = e.index ?? i;
    if (!Number.isInteger(index) || index < 0 || index > 255) {
      throw new RangeError(`Palette index ${JSON.stringify(index)} is not an integer in 0..255`);
    }
    if (seen.has(index)) throw new RangeError(`Palette index ${index} is used twice`);
    seen.add(index);
    const color = parseColor(e.color);
    return Object.freeze({ name: e.name ?? hex(color), index, color: Object.freeze(color) as Rgb });
  });
  return Object.freeze({ name, entries: Object.freeze(out) });
}

function grays(name: string, levels: number): Palette {
  const step = 255 / (levels - 1);
  return definePalette(
    name,
    Array.from({ length: levels }, (_, i) => {
      const v = Math.round(i * step);
      return {
        name: i === 0 ? "black" : i === levels - 1 ? "white" : `gray${i}`,
        color: [v, v, v],
      };
    }),
  );
}

// Shown colours of colour e-paper are approximations of photographed panels,
// so that a dithered preview looks like the glass and not like pure RGB.
const BUILTIN: Record<PaletteName, Palette> = {
  bw: definePalette("bw", [
    { name: "black", color: "#000000" },
    { name: "white", color: "#ffffff" },
  ]),
  gray4: grays("gray4", 4),
  gray16: grays("gray16", 16),
  bwr: definePalette("bwr", [
    { name: "black", color: "#000000" },
    { name: "white", color: "#ffffff" },
    { name: "red", color: "#be1e23" },
  ]),
  bwy: definePalette("bwy", [
    { name: "black", color: "#000000" },
    { name: "white", color: "#ffffff" },
    { name: "yellow", color: "#e6c81e" },
  ]),
  acep7: definePalette("acep7", [
    { name: "black", index: 0, color: "#1c181c" },
    { name: "white", index: 1, color: "#f0f0ec" },
    { name: "green", index: 2, color: "#286e3c" },
    { name: "blue", index: 3, color: "#283278" },
    { name: "red", index: 4, color: "#be322d" },
    { name: "yellow", index: 5, color: "#e6d23c" },
    { name: "orange", index: 6, color: "#d77332" },
  ]),
  spectra6: definePalette("spectra6", [
    { name: "black", index: 0, color: "#191e21" },
    { name: "white", index: 1, color: "#e8e8e8" },
    { name: "yellow", index: 2, color: "#efde44" },
    { name: "red", index: 3, color: "#b21318" },
    { name: "blue", index: 5, color: "#2157ba" },
    { name: "green", index: 6, color: "#125f20" },
  ]),
};

/**
 * Returns a built-in palette: `bw`, `gray4`, `gray16`, `bwr`, `bwy`, `acep7`
 * (7-colour ACeP: black 0, white 1, green 2, blue 3, red 4, yellow 5,
 * orange 6) or `spectra6` (black 0, white 1, yellow 2, red 3, blue 5,
 * green 6).
 *
 * @param name The palette's name.
 * @returns The palette.
 * @throws {RangeError} Unknown name; the message lists the valid ones.
 *
 * @example Look up the 7-colour palette
 * ```ts
 * import { getPalette } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const acep = getPalette("acep7");
 * assert.equal(acep.entries.length, 7);
 * assert.equal(acep.entries.find((e) => e.name === "red")?.index, 4);
 * ```
 */
export function getPalette(name: string): Palette {
  const p = Object.hasOwn(BUILTIN, name) ? BUILTIN[name as PaletteName] : undefined;
  if (!p) {
    throw new RangeError(
      `Unknown palette ${JSON.stringify(name)}; valid: ${Object.keys(BUILTIN).join(", ")}`,
    );
  }
  return p;
}

/**
 * Lists the built-in palettes.
 *
 * @returns Every built-in palette, in a fixed order.
 *
 * @example List palette names
 * ```ts
 * import { listPalettes } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * assert.ok(listPalettes().some((p) => p.name === "spectra6"));
 * ```
 */
export function listPalettes(): Palette[] {
  return Object.values(BUILTIN);
}
