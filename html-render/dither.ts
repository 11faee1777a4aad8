// Copyright 2026 the wirekit authors. MIT license.
// Dithering methods as data: error-diffusion kernels and ordered (Bayer)
// threshold matrices. The panel stage receives the resolved entry.

/**
 * How colours the panel cannot show are approximated: `none` (nearest
 * colour), error diffusion (`floyd-steinberg`, `atkinson`,
 * `jarvis-judice-ninke`, `stucki`, `sierra-lite`) or ordered Bayer
 * thresholds (`bayer2`, `bayer4`, `bayer8`).
 */
export type DitherMethod =
  | "none"
  | "floyd-steinberg"
  | "atkinson"
  | "jarvis-judice-ninke"
  | "stucki"
  | "sierra-lite"
  | "bayer2"
  | "bayer4"
  | "bayer8";

/** A resolved dithering method. */
export interface DitherInfo {
  /** The method's name. */
  readonly name: DitherMethod;
  /** `"diffusion"`, `"ordered"` or `"none"`. */
  readonly kind: "none" | "diffusion" | "ordered";
  /**
   * Error-diffusion kernel as `[dx, dy, weight]` triples (dx toward the scan
   * direction, dy rows down); empty for other kinds.
   */
  readonly kernel: readonly (readonly [number, number, number])[];
  /** Sum the weights are divided by (8 for Atkinson, which diffuses 6/8). */
  readonly divisor: number;
  /** Bayer matrix side (2, 4 or 8); 0 for other kinds. */
  readonly size: number;
}

function diffusion(
  name: DitherMethod,
  divisor: number,
  kernel: [number, number, number][],
): DitherInfo {
  return Object.freeze({ name, kind: "diffusion", kernel, divisor, size: 0 });
}

function ordered(name: DitherMethod, size: number): DitherInfo {
  return Object.freeze({ name, kind: "ordered", kernel: [], divisor: 1, size });
}

const METHODS: Record<DitherMethod, DitherInfo> = {
  none: Object.freeze({ name: "none", kind: "none", kernel: [], divisor: 1, size: 0 }),
  "floyd-steinberg": diffusion("floyd-steinberg", 16, [
    [1, 0, 7],
    [-1, 1, 3],
    [0, 1, 5],
    [1, 1, 1],
  ]),
  atkinson: diffusion("atkinson", 8, [
    [1, 0, 1],
    [2, 0, 1],
    [-1, 1, 1],
    [0, 1, 1],
    [1, 1, 1],
    [0, 2, 1],
  ]),
  "jarvis-judice-ninke": diffusion("jarvis-judice-ninke", 48, [
    [1, 0, 7],
    [2, 0, 5],
    [-2, 1, 3],
    [-1, 1, 5],
    [0, 1, 7],
    [1, 1, 5],
    [2, 1, 3],
    [-2, 2, 1],
    [-1, 2, 3],
    [0, 2, 5],
    [1, 2, 3],
    [2, 2, 1],
  ]),
  stucki: diffusion("stucki", 42, [
    [1, 0, 8],
    [2, 0, 4],
    [-2, 1, 2],
    [-1, 1, 4],
    [0, 1, 8],
    [1, 1, 4],
    [2, 1, 2],
    [-2, 2, 1],
    [-1, 2, 2],
    [0, 2, 4],
    [1, 2, 2],
    [2, 2, 1],
  ]),
  "sierra-lite": diffusion("sierra-lite", 4, [[1, 0, 2], [-1, 1, 1], [0, 1, 1]]),
  bayer2: ordered("bayer2", 2),
  bayer4: ordered("bayer4", 4),
  bayer8: ordered("bayer8", 8),
};

/**
 * Describes a dithering method.
 *
 * @param name The method's name.
 * @returns Its kernel or matrix size.
 * @throws {RangeError} Unknown name; the message lists the valid ones.
 *
 * @example The Floyd-Steinberg kernel
 * ```ts
 * import { ditherInfo } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const fs = ditherInfo("floyd-steinberg");
 * assert.equal(fs.divisor, 16);
 * assert.deepEqual(fs.kernel[0], [1, 0, 7]);
 * ```
 */
export function ditherInfo(name: string): DitherInfo {
  const m = Object.hasOwn(METHODS, name) ? METHODS[name as DitherMethod] : undefined;
  if (!m) {
    throw new RangeError(
      `Unknown dither method ${JSON.stringify(name)}; valid: ${Object.keys(METHODS).join(", ")}`,
    );
  }
  return m;
}

/**
 * Lists every dithering method.
 *
 * @returns The methods in a fixed order.
 *
 * @example Method names
 * ```ts
 * import { listDitherMethods } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * assert.ok(listDitherMethods().some((m) => m.name === "atkinson"));
 * ```
 */
export function listDitherMethods(): DitherInfo[] {
  return Object.values(METHODS);
}

/**
 * The Bayer threshold matrix of side `size` (a power of two), row-major,
 * with values 0 .. size²-1.
 *
 * @param size Side of the matrix: 2, 4 or 8.
 * @returns The matrix, `size * size` entries.
 * @throws {RangeError} `size` is not 2, 4 or 8.
 *
 * @example The 2x2 matrix
 * ```ts
 * import { bayerMatrix } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual([...bayerMatrix(2)], [0, 2, 3, 1]);
 * ```
 */
export function bayerMatrix(size: number): Uint8Array {
  if (size !== 2 && size !== 4 && size !== 8) {
    throw new RangeError(`Bayer matrix size ${size} is not 2, 4 or 8`);
  }
  let m = new Uint8Array([0]);
  for (let n = 1; n < size; n *= 2) {
    const next = new Uint8Array(4 * n * n);
    const side = 2 * n;
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const v = 4 * m[y * n + x];
        next[y * side + x] = v;
        next[y * side + x + n] = v + 2;
        next[(y + n) * side + x] = v + 3;
        next[(y + n) * side + x + n] = v + 1;
      }
    }
    m = next;
  }
  return m;
}
