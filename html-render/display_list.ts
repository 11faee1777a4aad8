// Copyright 2026 the wirekit authors. MIT license.
// The display list: what layout hands to the rasterizer. Absolute pixel
// coordinates (fractional allowed), painted in order.
import type { RgbaFrame } from "./frame.ts";

/** An RGBA colour, each channel 0-255 (straight alpha). */
export type Color = [number, number, number, number];

/** A clip: a rectangle, optionally further limited by rounded rectangles. */
export interface Clip {
  /** Left edge of the bounding box (px). */
  x0: number;
  /** Top edge of the bounding box (px). */
  y0: number;
  /** Right edge of the bounding box (px). */
  x1: number;
  /** Bottom edge of the bounding box (px). */
  y1: number;
  /** Rounded rectangles (x, y, w, h, radii TL TR BR BL) the painted pixels must also lie in. */
  rounded?: { x: number; y: number; w: number; h: number; r: [number, number, number, number] }[];
}

/** Fields shared by all display items. */
export interface ItemBase {
  /** Bounding box of what the item may paint (before clipping). */
  x0: number;
  /** Top edge of the bounding box (px). */
  y0: number;
  /** Right edge of the bounding box (px). */
  x1: number;
  /** Bottom edge of the bounding box (px). */
  y1: number;
  /** Clip applied to the item. */
  clip?: Clip;
}

/** A filled rectangle. */
export interface RectItem extends ItemBase {
  /** Item type. */
  kind: "rect";
  /** Fill colour. */
  color: Color;
}

/**
 * A filled path (glyphs, rounded rectangles, borders): closed polygons in
 * pixel coordinates as flat `x0, y0, x1, y1, ...` arrays; nonzero winding.
 */
export interface PathItem extends ItemBase {
  /** Item type. */
  kind: "path";
  /** Closed polygons as flat x, y arrays. */
  contours: Float32Array[];
  /** Fill colour. */
  color: Color;
  /** Glyph outlines: rendered without grey pixels in crisp mode. */
  text: boolean;
  /** Render without anti-aliasing (coverage thresholded at 50%). */
  crisp: boolean;
}

/** An image (already scaled to `w` x `h`), drawn at `x, y`, optionally tiled over the bounding box. */
export interface ImageItem extends ItemBase {
  /** Item type. */
  kind: "image";
  /** The image pixels. */
  image: RgbaFrame;
  /** Left edge (px). */
  x: number;
  /** Top edge (px). */
  y: number;
  /** Tile horizontally. */
  repeatX: boolean;
  /** Tile vertically. */
  repeatY: boolean;
  /** Opacity multiplier, 0-1. */
  opacity: number;
}

/** A linear gradient filling its bounding box. */
export interface GradientItem extends ItemBase {
  /** Item type. */
  kind: "gradient";
  /** Gradient line start and end points. */
  sx: number;
  /** Gradient line start y. */
  sy: number;
  /** Gradient line end x. */
  ex: number;
  /** Gradient line end y. */
  ey: number;
  /**
   * Radial gradient: radii of the ending shape, centred at (sx, sy); then
   * `at` 0..1 runs from the centre to the ending shape and ex/ey are unused.
   */
  radial?: { rx: number; ry: number };
  /** Colour stops along the gradient line (0-1). */
  stops: { color: Color; at: number }[];
}

/** A blurred rectangle (box-shadow). */
export interface ShadowItem extends ItemBase {
  /** Item type. */
  kind: "shadow";
  /** Left edge (px). */
  x: number;
  /** Top edge (px). */
  y: number;
  /** Width (px). */
  w: number;
  /** Height (px). */
  h: number;
  /** Gaussian blur standard deviation (px). */
  sigma: number;
  /** Fill colour. */
  color: Color;
}

/**
 * Starts a transparency group (CSS `opacity` on an element with several
 * painted parts): the items up to the matching {@link GroupEndItem} are drawn
 * into a transparent layer that is then composited with `opacity`. The bbox
 * (x0..y1) is the union of the group's items; begin and end share it.
 */
export interface GroupItem extends ItemBase {
  /** Item type. */
  kind: "group";
  /** Opacity the layer is composited with, 0..1. */
  opacity: number;
}

/** Ends the innermost transparency group (same bbox as its {@link GroupItem}). */
export interface GroupEndItem extends ItemBase {
  /** Item type. */
  kind: "groupEnd";
}

/** One drawing operation. */
export type DisplayItem =
  | RectItem
  | PathItem
  | ImageItem
  | GradientItem
  | ShadowItem
  | GroupItem
  | GroupEndItem;

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
  /** Width (px). */
  width: number;
  /** Height (px). */
  height: number;
  /** Canvas colour behind everything. */
  background: Color;
  /** Drawing operations in painting order. */
  items: DisplayItem[];
}
