// Copyright 2026 the wirekit authors. MIT license.
// The display list: what layout hands to the rasterizer. Absolute pixel
// coordinates (fractional allowed), painted in order.
import type { RgbaFrame } from "./frame.ts";

/** An RGBA colour, each channel 0-255 (straight alpha). */
export type Color = [number, number, number, number];

/** A clip: a rectangle, optionally further limited by rounded rectangles. */
export interface Clip {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Rounded rectangles (x, y, w, h, radii TL TR BR BL) the painted pixels must also lie in. */
  rounded?: { x: number; y: number; w: number; h: number; r: [number, number, number, number] }[];
}

/** Fields shared by all display items. */
export interface ItemBase {
  /** Bounding box of what the item may paint (before clipping). */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  clip?: Clip;
}

/** A filled rectangle. */
export interface RectItem extends ItemBase {
  kind: "rect";
  color: Color;
}

/**
 * A filled path (glyphs, rounded rectangles, borders): closed polygons in
 * pixel coordinates as flat `x0, y0, x1, y1, ...` arrays; nonzero winding.
 */
export interface PathItem extends ItemBase {
  kind: "path";
  contours: Float32Array[];
  color: Color;
  /** Glyph outlines: rendered without grey pixels in crisp mode. */
  text: boolean;
  /** Render without anti-aliasing (coverage thresholded at 50%). */
  crisp: boolean;
}

/** An image (already scaled to `w` x `h`), drawn at `x, y`, optionally tiled over the bounding box. */
export interface ImageItem extends ItemBase {
  kind: "image";
  image: RgbaFrame;
  x: number;
  y: number;
  repeatX: boolean;
  repeatY: boolean;
  opacity: number;
}

/** A linear gradient filling its bounding box. */
export interface GradientItem extends ItemBase {
  kind: "gradient";
  /** Gradient line start and end points. */
  sx: number;
  sy: number;
  ex: number;
  ey: number;
  stops: { color: Color; at: number }[];
}

/** A blurred rectangle (box-shadow). */
export interface ShadowItem extends ItemBase {
  kind: "shadow";
  x: number;
  y: number;
  w: number;
  h: number;
  sigma: number;
  color: Color;
}

/** One drawing operation. */
export type DisplayItem = RectItem | PathItem | ImageItem | GradientItem | ShadowItem;

/**
 * A laid-out page ready to rasterize: its size, the canvas colour and the
 * drawing operations in painting order.
 *
 * @example An empty white 4x4 display list
 * ```ts
 * import type { DisplayList } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const list: DisplayList = { width: 4, height: 4, background: [255, 255, 255, 255], items: [] };
 * assert.equal(list.items.length, 0);
 * ```
 */
export interface DisplayList {
  width: number;
  height: number;
  background: Color;
  items: DisplayItem[];
}
