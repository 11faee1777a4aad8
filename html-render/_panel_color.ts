// Copyright 2026 the wirekit authors. MIT license.
// Colour maths for the panel stage: sRGB transfer curve, OKLab (Björn
// Ottosson's published matrices) and the 6-bit-per-channel cell rule that
// the nearest-colour cache is defined by.

/** sRGB byte -> linear light in [0, 1]. */
export const SRGB_TO_LINEAR: Float64Array = (() => {
  const t = new Float64Array(256);
  for (let i = 0; i < 256; i++) {
    const c = i / 255;
    t[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
  return t;
})();

/** Linear light in [0, 1] -> sRGB in [0, 1]. */
export function linearToSrgb(v: number): number {
  if (v <= 0) return 0;
  if (v >= 1) return 1;
  return v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
}

/** OKLab of an sRGB colour given as bytes; writes L, a, b at `out[at..at+2]`. */
export function oklabOf(r: number, g: number, b: number, out: Float64Array, at: number): void {
  const lr = SRGB_TO_LINEAR[r], lg = SRGB_TO_LINEAR[g], lb = SRGB_TO_LINEAR[b];
  const l = Math.cbrt(0.4122214708 * lr + 0.5363325363 * lg + 0.0514459929 * lb);
  const m = Math.cbrt(0.2119034982 * lr + 0.6806995451 * lg + 0.1073969566 * lb);
  const s = Math.cbrt(0.0883024619 * lr + 0.2817188376 * lg + 0.6299787005 * lb);
  out[at] = 0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s;
  out[at + 1] = 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s;
  out[at + 2] = 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s;
}

/**
 * The byte a 6-bit channel cell stands for: the 6 bits replicated into 8, so
 * cell 0 is 0 and cell 63 is 255.
 */
export function cellValue(cell: number): number {
  return (cell << 2) | (cell >> 4);
}

/**
 * Index of the palette colour nearest (squared OKLab distance, lowest
 * position on ties) to an sRGB byte colour. `lab` holds the palette in
 * OKLab, three numbers per entry.
 */
export function nearestOklab(r: number, g: number, b: number, lab: Float64Array): number {
  const p = new Float64Array(3);
  oklabOf(r, g, b, p, 0);
  let best = 0;
  let bestD = Infinity;
  for (let i = 0, n = lab.length / 3; i < n; i++) {
    const dl = p[0] - lab[3 * i], da = p[1] - lab[3 * i + 1], db = p[2] - lab[3 * i + 2];
    const d = dl * dl + da * da + db * db;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
