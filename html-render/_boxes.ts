// Copyright 2026 the wirekit authors. MIT license.
// The box tree: boxes generated from the styled element tree (display
// types, anonymous blocks, inline content), shared by layout and paint.
import type { ElementNode } from "./_dom.ts";
import type { Style } from "./_style.ts";
import type { RgbaFrame } from "./frame.ts";
import type { Face, Shaped } from "./_fonts.ts";

/** An item of inline content. */
export type Inl =
  | { t: "text"; text: string; s: Style }
  | { t: "open"; box: Box }
  | { t: "close"; box: Box }
  | { t: "atomic"; box: Box }
  | { t: "br"; s: Style };

/** A shaped run of glyphs in one face. */
export interface GlyphRun {
  face: Face;
  shaped: Shaped;
  /** x offset of the run from the fragment start, px. */
  x: number;
  /** Extra advance per glyph (letter-spacing), px. */
  spacing: number;
  /** Extra advance after each space glyph (word-spacing, justification), px. */
  spaceExtra: number;
  text: string;
}

/** A painted piece of inline content. */
export type Frag =
  | {
    k: "text";
    x: number;
    baseline: number;
    w: number;
    s: Style;
    runs: GlyphRun[];
  }
  | {
    k: "deco";
    box: Box;
    x: number;
    y: number;
    w: number;
    h: number;
    first: boolean;
    last: boolean;
  }
  | { k: "atomic"; box: Box }
  | {
    k: "marker";
    x: number;
    baseline: number;
    s: Style;
    text: string;
    runs: GlyphRun[];
    w: number;
  };

/** A box. Geometry is the border box in absolute page coordinates. */
export interface Box {
  el: ElementNode | null;
  s: Style;
  /** "block" container, "inline" element, "replaced" image, "flex", "grid", "table", "row", "cell". */
  kind: string;
  /** Outer display: block-level or inline-level. */
  inlineLevel: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
  m: [number, number, number, number];
  p: [number, number, number, number];
  b: [number, number, number, number];
  kids: Box[];
  inline?: Inl[];
  frags: Frag[];
  image?: RgbaFrame;
  /** The image failed to load: the element keeps its size but paints nothing. */
  broken?: boolean;
  /** Absolute y of the first and last baselines, when the box has line boxes. */
  firstBaseline?: number;
  lastBaseline?: number;
  /** Out-of-flow: absolutely or fixed positioned. */
  outOfFlow: boolean;
  /** Offset of the static position from the parent box, recorded during flow layout. */
  staticDX?: number;
  staticDY?: number;
  parent: Box | null;
  /** Absolutely positioned descendants this box is the containing block of. */
  absKids: Box[];
  /**
   * border-collapse: the resolved full border of each side (top, right,
   * bottom, left), painted centred on the cell's edges; layout uses half of
   * each width. A collapsed table itself has all widths 0 here.
   */
  collapsed?: { w: number[]; colors: (readonly number[])[]; styles: string[] };
  /** Cached inline runs (they do not depend on the available width). */
  runs?: unknown;
  /** Collapsed margins for block flow. */
  mtEff?: number;
  mbEff?: number;
  /** Marker text for list items. */
  marker?: string;
}

/** Creates an empty box. */
export function newBox(el: ElementNode | null, s: Style, kind: string, parent: Box | null): Box {
  return {
    el,
    s,
    kind,
    inlineLevel: false,
    x: 0,
    y: 0,
    w: 0,
    h: 0,
    m: [0, 0, 0, 0],
    p: [0, 0, 0, 0],
    b: [0, 0, 0, 0],
    kids: [],
    frags: [],
    outOfFlow: false,
    parent,
    absKids: [],
  };
}

/** Moves a box and everything inside it. */
export function shiftBox(b: Box, dx: number, dy: number): void {
  if (dx === 0 && dy === 0) return;
  const stack: Box[] = [b];
  while (stack.length) {
    const x = stack.pop()!;
    x.x += dx;
    x.y += dy;
    if (x.firstBaseline !== undefined) x.firstBaseline += dy;
    if (x.lastBaseline !== undefined) x.lastBaseline += dy;
    for (const f of x.frags) {
      if (f.k === "text" || f.k === "marker") {
        f.x += dx;
        f.baseline += dy;
      } else if (f.k === "deco") {
        f.x += dx;
        f.y += dy;
      } else stack.push(f.box);
    }
    for (const k of x.kids) stack.push(k);
  }
}
