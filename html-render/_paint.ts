// Copyright 2026 the wirekit authors. MIT license.
// Paint: boxes to a display list in CSS painting order (backgrounds, borders,
// content, then positioned descendants by z-index), with clips and opacity.
import type { Box, Frag, GlyphRun } from "./_boxes.ts";
import type { Clip, Color, DisplayItem } from "./display_list.ts";
import { parseLength, resolveLen, type Tok } from "./_css_values.ts";
import type { Style } from "./_style.ts";
import type { RgbaFrame } from "./frame.ts";
import { resample } from "./_image.ts";

/** Inputs of painting. */
export interface PaintEnv {
  items: DisplayItem[];
  bgImages: Map<string, RgbaFrame | null>;
  crisp: boolean;
  viewportW: number;
  viewportH: number;
}

interface State {
  clip?: Clip;
  opacity: number;
}

type Radii = [number, number, number, number];

function radiiOf(b: Box): Radii {
  const s = b.s;
  const r: Radii = [
    resolveLen(s.radiusTL, b.w),
    resolveLen(s.radiusTR, b.w),
    resolveLen(s.radiusBR, b.w),
    resolveLen(s.radiusBL, b.w),
  ];
  // Scale down overlapping radii (CSS Backgrounds 5.5).
  const f = Math.min(
    1,
    b.w / (r[0] + r[1] || 1),
    b.w / (r[3] + r[2] || 1),
    b.h / (r[0] + r[3] || 1),
    b.h / (r[1] + r[2] || 1),
  );
  return f < 1 ? r.map((v) => v * f) as Radii : r;
}

function withAlpha(c: Color | readonly number[], op: number): Color {
  return [c[0], c[1], c[2], c[3] * op];
}

/** Polygon of a rounded rectangle (clockwise, y down). */
export function roundedRectPath(
  x: number,
  y: number,
  w: number,
  h: number,
  r: Radii,
  reverse = false,
): Float32Array {
  const pts: number[] = [];
  const arc = (cx: number, cy: number, rad: number, a0: number) => {
    if (rad <= 0) {
      pts.push(cx, cy);
      return;
    }
    const n = Math.max(2, Math.min(24, Math.ceil(rad / 1.5)));
    for (let i = 0; i <= n; i++) {
      const a = a0 + (i / n) * (Math.PI / 2);
      pts.push(cx + Math.cos(a) * rad, cy + Math.sin(a) * rad);
    }
  };
  arc(x + r[0], y + r[0], r[0], Math.PI);
  arc(x + w - r[1], y + r[1], r[1], -Math.PI / 2);
  arc(x + w - r[2], y + h - r[2], r[2], 0);
  arc(x + r[3], y + h - r[3], r[3], Math.PI / 2);
  if (reverse) {
    const rev: number[] = [];
    for (let i = pts.length - 2; i >= 0; i -= 2) rev.push(pts[i], pts[i + 1]);
    return new Float32Array(rev);
  }
  return new Float32Array(pts);
}

function bbox(contours: Float32Array[]): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const c of contours) {
    for (let i = 0; i < c.length; i += 2) {
      if (c[i] < x0) x0 = c[i];
      if (c[i] > x1) x1 = c[i];
      if (c[i + 1] < y0) y0 = c[i + 1];
      if (c[i + 1] > y1) y1 = c[i + 1];
    }
  }
  return [x0, y0, x1, y1];
}

function emitPath(
  env: PaintEnv,
  st: State,
  contours: Float32Array[],
  color: Color,
  text = false,
  crisp = false,
): void {
  if (!contours.length || color[3] <= 0) return;
  const [x0, y0, x1, y1] = bbox(contours);
  env.items.push({ kind: "path", x0, y0, x1, y1, contours, color, text, crisp, clip: st.clip });
}

function fillBox(
  env: PaintEnv,
  st: State,
  x: number,
  y: number,
  w: number,
  h: number,
  r: Radii,
  color: Color,
): void {
  if (w <= 0 || h <= 0 || color[3] <= 0) return;
  if (r[0] || r[1] || r[2] || r[3]) emitPath(env, st, [roundedRectPath(x, y, w, h, r)], color);
  else env.items.push({ kind: "rect", x0: x, y0: y, x1: x + w, y1: y + h, color, clip: st.clip });
}

function intersect(a: Clip | undefined, b: Clip): Clip {
  if (!a) return b;
  const rounded = [...(a.rounded ?? []), ...(b.rounded ?? [])];
  return {
    x0: Math.max(a.x0, b.x0),
    y0: Math.max(a.y0, b.y0),
    x1: Math.min(a.x1, b.x1),
    y1: Math.min(a.y1, b.y1),
    rounded: rounded.length ? rounded : undefined,
  };
}

/** Paints the root box into `env.items`. */
export function paintRoot(root: Box, env: PaintEnv): void {
  paintStackingContext(root, env, { opacity: 1 });
}

/** A positioned descendant waiting for its layer; `key` orders by tree order. */
interface Deferred {
  box: Box;
  st: State;
  z: number;
  key: number[];
}

function isStackingContext(b: Box): boolean {
  return (b.s.position !== "static" && b.s.zIndex !== null) || b.parent === null ||
    b.s.opacity < 1;
}

function cmpKey(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * Paints a stacking context (CSS 2.1 Appendix E, simplified): its own
 * background and borders, then descendants with negative z-index, the
 * in-flow content, then positioned descendants with z-index auto/0 and
 * positive ones, each in tree order. Positioned descendants of positioned
 * boxes that are not stacking contexts join this context. An element with
 * opacity < 1 is painted as one transparency group.
 */
function paintStackingContext(b: Box, env: PaintEnv, st: State): void {
  const start = env.items.length;
  const deferred: Deferred[] = [];
  let mark = -1;
  paintBox(b, env, st, deferred, true, [], () => {
    mark = env.items.length;
  });
  if (mark < 0) mark = start;
  const layers: { z: number; key: number[]; items: DisplayItem[] }[] = [];
  const saved = env.items;
  // `deferred` grows while its entries are painted (positioned descendants of
  // positioned boxes that are not stacking contexts).
  for (let q = 0; q < deferred.length; q++) {
    const d = deferred[q];
    env.items = [];
    if (isStackingContext(d.box)) paintStackingContext(d.box, env, d.st);
    else paintBox(d.box, env, d.st, deferred, true, d.key);
    layers.push({ z: d.z, key: d.key, items: env.items });
  }
  env.items = saved;
  layers.sort((a, c) => a.z - c.z || cmpKey(a.key, c.key));
  const neg: DisplayItem[] = [];
  for (const l of layers) {
    if (l.z < 0) { for (const it of l.items) neg.push(it); }
    else for (const it of l.items) env.items.push(it);
  }
  if (neg.length) {
    const tail = env.items.splice(mark);
    for (const it of neg) env.items.push(it);
    for (const it of tail) env.items.push(it);
  }
  if (b.s.opacity < 1 && b.parent) groupItems(env.items, start, b.s.opacity);
}

/** Wraps items[start..] in a transparency group (or fades a single item). */
function groupItems(items: DisplayItem[], start: number, opacity: number): void {
  const n = items.length - start;
  if (n <= 0) return;
  if (n === 1) {
    const it = items[start];
    const fade = (c: Color): Color => [c[0], c[1], c[2], c[3] * opacity];
    if (it.kind === "rect" || it.kind === "path" || it.kind === "shadow") {
      items[start] = { ...it, color: fade(it.color) };
      return;
    }
    if (it.kind === "image") {
      items[start] = { ...it, opacity: it.opacity * opacity };
      return;
    }
    if (it.kind === "gradient") {
      items[start] = { ...it, stops: it.stops.map((s) => ({ at: s.at, color: fade(s.color) })) };
      return;
    }
  }
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = start; i < items.length; i++) {
    const it = items[i];
    x0 = Math.min(x0, it.x0);
    y0 = Math.min(y0, it.y0);
    x1 = Math.max(x1, it.x1);
    y1 = Math.max(y1, it.y1);
  }
  const box = {
    x0: Math.floor(x0),
    y0: Math.floor(y0),
    x1: Math.ceil(x1),
    y1: Math.ceil(y1),
  };
  items.splice(start, 0, { kind: "group", ...box, opacity });
  items.push({ kind: "groupEnd", ...box });
}

function paintBox(
  b: Box,
  env: PaintEnv,
  st0: State,
  deferred: Deferred[],
  self: boolean,
  key: number[],
  onBackground?: () => void,
): void {
  const s = b.s;
  if (!self && s.position !== "static") {
    deferred.push({ box: b, st: st0, z: s.zIndex ?? 0, key: [...key, deferred.length] });
    return;
  }
  if (s.opacity <= 0) return;
  if (!self && s.opacity < 1) {
    // A static element with opacity: an atomic stacking context painted in place.
    paintStackingContext(b, env, st0);
    return;
  }
  const st: State = { clip: st0.clip, opacity: st0.opacity };
  const visible = s.visibility === "visible";
  if (visible && b.kind !== "inline") {
    if (b.collapsed) paintCollapsed(b, env, st);
    else paintBackgroundAndBorder(b, env, st, b.x, b.y, b.w, b.h, radiiOf(b), true, true);
  }
  if (b.kind === "replaced" && visible && b.image) paintImage(b, env, st);
  onBackground?.();
  let inner = st;
  if (s.overflow !== "visible" && b.kind !== "inline") {
    const r = radiiOf(b);
    const bx = b.x + b.b[3], by = b.y + b.b[0];
    const bw = b.w - b.b[1] - b.b[3], bh = b.h - b.b[0] - b.b[2];
    const ir: Radii = [
      Math.max(0, r[0] - Math.max(b.b[3], b.b[0])),
      Math.max(0, r[1] - Math.max(b.b[1], b.b[0])),
      Math.max(0, r[2] - Math.max(b.b[1], b.b[2])),
      Math.max(0, r[3] - Math.max(b.b[3], b.b[2])),
    ];
    const c: Clip = { x0: bx, y0: by, x1: bx + bw, y1: by + bh };
    if (ir.some((v) => v > 0)) c.rounded = [{ x: bx, y: by, w: bw, h: bh, r: ir }];
    inner = { clip: intersect(st.clip, c), opacity: st.opacity };
  }
  for (const k of b.kids) {
    if (k.s.position !== "static") {
      deferred.push({ box: k, st: inner, z: k.s.zIndex ?? 0, key: [...key, deferred.length] });
      continue;
    }
    paintBox(k, env, inner, deferred, false, key);
  }
  for (const f of b.frags) paintFrag(f, env, inner, deferred, key);
}

/** A cell (or table) in the collapsing border model: background, then full borders centred on its edges. */
function paintCollapsed(b: Box, env: PaintEnv, st: State): void {
  const c = b.collapsed!;
  const s = b.s;
  const none: Style = {
    ...s,
    borderTopWidth: 0,
    borderRightWidth: 0,
    borderBottomWidth: 0,
    borderLeftWidth: 0,
  };
  paintBackgroundAndBorder(
    { ...b, s: none },
    env,
    st,
    b.x,
    b.y,
    b.w,
    b.h,
    [0, 0, 0, 0],
    true,
    true,
  );
  const [t, r, bo, l] = c.w;
  if (!(t || r || bo || l)) return;
  const bs: Style = {
    ...s,
    borderTopColor: c.colors[0] as Color,
    borderRightColor: c.colors[1] as Color,
    borderBottomColor: c.colors[2] as Color,
    borderLeftColor: c.colors[3] as Color,
    borderTopStyle: c.styles[0],
    borderRightStyle: c.styles[1],
    borderBottomStyle: c.styles[2],
    borderLeftStyle: c.styles[3],
  } as Style;
  const x = b.x - l / 2, y = b.y - t / 2;
  const w = b.w + (l + r) / 2, h = b.h + (t + bo) / 2;
  paintBorders(env, st, bs, x, y, w, h, [0, 0, 0, 0], t, r, bo, l);
}

function paintFrag(
  f: Frag,
  env: PaintEnv,
  st: State,
  deferred: Deferred[],
  key: number[],
): void {
  switch (f.k) {
    case "atomic":
      if (f.box.s.position !== "static") {
        deferred.push({ box: f.box, st, z: f.box.s.zIndex ?? 0, key: [...key, deferred.length] });
      } else paintBox(f.box, env, st, deferred, false, key);
      return;
    case "deco": {
      const b = f.box;
      if (b.s.visibility !== "visible") return;
      const ist: State = { clip: st.clip, opacity: st.opacity * b.s.opacity };
      const r = radiiOf({ ...b, w: f.w, h: f.h });
      const rr: Radii = [
        f.first ? r[0] : 0,
        f.last ? r[1] : 0,
        f.last ? r[2] : 0,
        f.first ? r[3] : 0,
      ];
      paintBackgroundAndBorder(b, env, ist, f.x, f.y, f.w, f.h, rr, f.first, f.last);
      return;
    }
    case "text":
      if (f.s.visibility !== "visible") return;
      paintText(env, st, f.x, f.baseline, f.runs, f.s, f.w);
      return;
    case "marker": {
      if (f.s.visibility !== "visible") return;
      const s = f.s;
      const color = withAlpha(s.color, st.opacity);
      if (f.text === "disc" || f.text === "circle" || f.text === "square") {
        // Blink draws bullets as shapes about 0.3em wide, ending 0.3em + ~8px before the text.
        const size = Math.max(1, Math.round(s.fontSize * 0.3125));
        const cx = f.x - Math.round(s.fontSize * 0.5) - size / 2 - 2;
        const cy = f.baseline - Math.round(s.fontSize * 0.3) + 0.5;
        const inside = s.listStylePosition === "inside";
        const x = inside ? f.x + size / 2 : cx;
        if (f.text === "square") {
          fillBox(env, st, x - size / 2, cy - size / 2, size, size, [0, 0, 0, 0], color);
        } else {
          const r = size / 2;
          const outer = roundedRectPath(x - r, cy - r, size, size, [r, r, r, r]);
          if (f.text === "circle") {
            const ir = Math.max(0, r - 1);
            emitPath(env, st, [
              outer,
              roundedRectPath(x - ir, cy - ir, ir * 2, ir * 2, [ir, ir, ir, ir], true),
            ], color);
          } else emitPath(env, st, [outer], color);
        }
      } else paintText(env, st, f.x, f.baseline, f.runs, s, f.w);
      return;
    }
  }
}

function paintText(
  env: PaintEnv,
  st: State,
  x: number,
  baseline: number,
  runs: GlyphRun[],
  s: Style,
  w: number,
): void {
  const color = withAlpha(s.color, st.opacity);
  const contours: Float32Array[] = [];
  const fs = s.fontSize;
  const italicSkew = s.fontStyle !== "normal" && runs.some((r) => !r.face.italic) ? 0.2 : 0;
  // One buffer for the whole fragment (the contours are views into it):
  // thousands of tiny typed arrays a frame would each need their own backing store.
  let total = 0;
  for (const r of runs) {
    for (let i = 0; i < r.shaped.ids.length; i++) {
      for (const c of r.face.outline(r.shaped.ids[i])) total += c.length;
    }
  }
  const buf = new Float32Array(total);
  let at = 0;
  for (const r of runs) {
    let gx = x + r.x;
    const sh = r.shaped;
    const spaceGlyph = r.face.font.glyphForCodePoint(32).id;
    for (let i = 0; i < sh.ids.length; i++) {
      const ox = gx + sh.dx[i] * fs;
      const oy = baseline - sh.dy[i] * fs;
      for (const c of r.face.outline(sh.ids[i])) {
        const start = at;
        for (let k = 0; k < c.length; k += 2) {
          buf[at++] = ox + c[k] * fs + c[k + 1] * fs * italicSkew;
          buf[at++] = oy - c[k + 1] * fs;
        }
        contours.push(buf.subarray(start, at));
      }
      gx += sh.adv[i] * fs + r.spacing;
      if (sh.ids[i] === spaceGlyph) gx += r.spaceExtra;
    }
  }
  emitPath(env, st, contours, color, true, env.crisp || s.crisp);
  if (s.textDecoration.length) {
    const f = runs[0]?.face;
    const dc = withAlpha(s.textDecorationColor ?? s.color, st.opacity);
    const thick = Math.max(1, Math.round(f ? (f.font.underlineThickness / f.upm) * fs : fs / 16));
    for (const d of s.textDecoration) {
      let y: number;
      if (d === "underline") {
        y = baseline +
          Math.max(1, Math.round(f ? (-f.font.underlinePosition / f.upm) * fs : fs / 10));
      } else if (d === "overline") y = baseline - Math.round((f ? f.ascent : 0.8) * fs);
      else y = baseline - Math.round(fs * 0.3);
      fillBox(env, st, x, y, w, thick, [0, 0, 0, 0], dc);
    }
  }
}

function paintBackgroundAndBorder(
  b: Box,
  env: PaintEnv,
  st: State,
  x: number,
  y: number,
  w: number,
  h: number,
  r: Radii,
  first: boolean,
  last: boolean,
): void {
  const s = b.s;
  const bt = s.borderTopWidth, bb = s.borderBottomWidth;
  const bl = first ? s.borderLeftWidth : 0, br = last ? s.borderRightWidth : 0;
  // Outer box shadows.
  for (const sh of [...s.boxShadow].reverse()) {
    if (sh.inset) continue;
    const sx = x + sh.x - sh.spread, sy = y + sh.y - sh.spread;
    const sw = w + sh.spread * 2, shh = h + sh.spread * 2;
    const col = withAlpha(sh.color, st.opacity);
    if (sh.blur <= 0) {
      fillBox(
        env,
        st,
        sx,
        sy,
        sw,
        shh,
        r.map((v) => v + (v > 0 ? sh.spread : 0)) as Radii,
        col,
      );
    } else {
      const sigma = sh.blur / 2;
      env.items.push({
        kind: "shadow",
        x0: sx - 3 * sigma,
        y0: sy - 3 * sigma,
        x1: sx + sw + 3 * sigma,
        y1: sy + shh + 3 * sigma,
        x: sx,
        y: sy,
        w: sw,
        h: shh,
        sigma,
        color: col,
        clip: st.clip,
      });
    }
  }
  const bg = s.backgroundColor;
  const isRoot = b.parent === null ||
    (b.el?.tag === "body" && b.parent?.parent === null && rootTransparent(b.parent));
  if (bg[3] > 0 && !isRoot) fillBox(env, st, x, y, w, h, r, withAlpha(bg, st.opacity));
  if (s.bgImages.length) {
    const clip: Clip = { x0: x, y0: y, x1: x + w, y1: y + h };
    if (r.some((v) => v > 0)) clip.rounded = [{ x, y, w, h, r }];
    const cst: State = { clip: intersect(st.clip, clip), opacity: st.opacity };
    // Layers paint bottom (last) to top (first).
    for (let i = s.bgImages.length - 1; i >= 0; i--) {
      const img = s.bgImages[i];
      const ox = x + bl, oy = y + bt, ow = w - bl - br, oh = h - bt - bb;
      if (img.k === "linear") paintGradient(env, cst, img, x, y, w, h);
      else if (img.k === "radial") paintRadial(env, cst, img, x, y, w, h);
      else {
        const frame = env.bgImages.get(img.url);
        if (!frame) continue;
        paintBgImage(env, cst, frame, s, i, ox, oy, ow, oh, x, y, w, h);
      }
    }
  }
  // Borders.
  if (bt || bb || bl || br) paintBorders(env, st, s, x, y, w, h, r, bt, br, bb, bl);
}

function rootTransparent(_root: Box): boolean {
  return true;
}

/** Stop positions along a gradient ray of `len` px: missing ones evenly spaced, non-decreasing. */
function resolveStops(
  gs: { color: Color | number[]; pos?: ReturnType<typeof parseLength> }[],
  len: number,
  st: State,
): { color: Color; at: number }[] {
  const n = gs.length;
  const at: (number | undefined)[] = gs.map((s) =>
    s.pos === undefined ? undefined : len > 0 ? resolveLen(s.pos, len) / len : 0
  );
  if (at[0] === undefined) at[0] = 0;
  if (at[n - 1] === undefined) at[n - 1] = 1;
  for (let i = 1; i < n; i++) if (at[i] !== undefined && at[i]! < at[i - 1]!) at[i] = at[i - 1];
  for (let i = 1; i < n; i++) {
    if (at[i] !== undefined) continue;
    let j = i;
    while (at[j] === undefined) j++;
    const a = at[i - 1]!, z = at[j]!;
    for (let k = i; k < j; k++) at[k] = a + ((z - a) * (k - i + 1)) / (j - i + 1);
  }
  return gs.map((s, i) => ({ color: withAlpha(s.color, st.opacity), at: at[i]! }));
}

/** radial-gradient(): centre, ending-shape radii (CSS Images 3 §3.2), stops along the x radius. */
function paintRadial(
  env: PaintEnv,
  st: State,
  g: {
    circle: boolean;
    size: string | ReturnType<typeof parseLength>[];
    at: Tok[];
    stops: { color: Color | number[]; pos?: ReturnType<typeof parseLength> }[];
  },
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  let cx: number, cy: number;
  if (g.at.length === 4) {
    // "<edge> <offset> <edge> <offset>", e.g. right 20px bottom 30px.
    let [e1, o1, e2, o2] = g.at;
    if (e1.t === "id" && (e1.v === "top" || e1.v === "bottom")) [e1, o1, e2, o2] = [e2, o2, e1, o1];
    const off = (e: Tok, o: Tok, size: number) => {
      const d = posValue(o, size, "x");
      return e.t === "id" && (e.v === "right" || e.v === "bottom") ? size - d : d;
    };
    cx = x + off(e1, o1, w);
    cy = y + off(e2, o2, h);
  } else {
    const [px, py] = g.at.length ? splitPosition(g.at) : [undefined, undefined];
    cx = x + posValue(px, w, "x");
    cy = y + posValue(py, h, "y");
  }
  const l = cx - x, r = x + w - cx, t = cy - y, b = y + h - cy;
  let rx: number, ry: number;
  if (typeof g.size !== "string") {
    rx = Math.max(0, resolveLen(g.size[0]!, w));
    ry = g.size.length > 1 ? Math.max(0, resolveLen(g.size[1]!, h)) : rx;
  } else {
    const closest = g.size.startsWith("closest");
    const sx = closest ? Math.min(Math.abs(l), Math.abs(r)) : Math.max(Math.abs(l), Math.abs(r));
    const sy = closest ? Math.min(Math.abs(t), Math.abs(b)) : Math.max(Math.abs(t), Math.abs(b));
    if (g.circle) {
      if (g.size.endsWith("side")) rx = ry = closest ? Math.min(sx, sy) : Math.max(sx, sy);
      else rx = ry = Math.hypot(sx, sy);
    } else if (g.size.endsWith("side")) {
      rx = sx;
      ry = sy;
    } else {
      // Corner sizes keep the side ratio and pass through the corner.
      rx = sx * Math.SQRT2;
      ry = sy * Math.SQRT2;
    }
  }
  if (!(rx > 0) || !(ry > 0)) {
    // Degenerate: the last stop's colour everywhere (CSS Images 3).
    const last = g.stops[g.stops.length - 1].color;
    fillBox(env, st, x, y, w, h, [0, 0, 0, 0], withAlpha(last, st.opacity));
    return;
  }
  env.items.push({
    kind: "gradient",
    x0: x,
    y0: y,
    x1: x + w,
    y1: y + h,
    sx: cx,
    sy: cy,
    ex: cx + rx,
    ey: cy,
    radial: { rx, ry },
    stops: resolveStops(g.stops, rx, st),
    clip: st.clip,
  });
}

function paintGradient(
  env: PaintEnv,
  st: State,
  g: { angle: number; stops: { color: Color | number[]; pos?: ReturnType<typeof parseLength> }[] },
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  let angle = g.angle;
  if (angle >= 1000) {
    // "to <corner>": the angle whose gradient line is perpendicular to the other diagonal.
    const c = angle - 1000;
    const right = (c & 1) === 1, bottom = (c & 2) === 2;
    // The gradient line is perpendicular to the diagonal joining the two other corners.
    const a = (Math.atan2(h, w) * 180) / Math.PI;
    angle = right ? (bottom ? 180 - a : a) : (bottom ? 180 + a : 360 - a);
  }
  const rad = (angle * Math.PI) / 180;
  const dx = Math.sin(rad), dy = -Math.cos(rad);
  const len = Math.abs(w * dx) + Math.abs(h * dy);
  const cx = x + w / 2, cy = y + h / 2;
  const sx = cx - (dx * len) / 2, sy = cy - (dy * len) / 2;
  const ex = cx + (dx * len) / 2, ey = cy + (dy * len) / 2;
  const stops = resolveStops(g.stops, len, st);
  env.items.push({
    kind: "gradient",
    x0: x,
    y0: y,
    x1: x + w,
    y1: y + h,
    sx,
    sy,
    ex,
    ey,
    stops,
    clip: st.clip,
  });
}

function posValue(t: Tok | undefined, free: number, axis: "x" | "y"): number {
  if (!t) return free / 2;
  if (t.t === "id") {
    const v = t.v.toLowerCase();
    if (v === "left" || v === "top") return 0;
    if (v === "right" || v === "bottom") return free;
    return free / 2;
  }
  const l = parseLength(t, { em: 16, rem: 16, vw: 0, vh: 0, ch: 8 });
  if (l === undefined) return 0;
  void axis;
  return resolveLen(l, free);
}

function splitPosition(toks: Tok[]): [Tok | undefined, Tok | undefined] {
  if (toks.length === 1) {
    const t = toks[0];
    if (t.t === "id" && (t.v === "top" || t.v === "bottom")) return [{ t: "id", v: "center" }, t];
    return [t, { t: "id", v: "center" }];
  }
  let [a, b] = toks;
  if (
    a?.t === "id" && (a.v === "top" || a.v === "bottom") ||
    b?.t === "id" && (b.v === "left" || b.v === "right")
  ) {
    [a, b] = [b, a];
  }
  return [a, b];
}

function paintBgImage(
  env: PaintEnv,
  st: State,
  frame: RgbaFrame,
  s: Style,
  layer: number,
  ox: number,
  oy: number,
  ow: number,
  oh: number,
  bx: number,
  by: number,
  bw: number,
  bh: number,
): void {
  const size = s.bgSize[layer] ?? s.bgSize[0] ?? [{ t: "id", v: "auto" }];
  let tw = frame.width, th = frame.height;
  const first = size[0];
  if (first?.t === "id" && (first.v === "cover" || first.v === "contain")) {
    const k = first.v === "cover" ? Math.max(ow / tw, oh / th) : Math.min(ow / tw, oh / th);
    tw *= k;
    th *= k;
  } else {
    const u = { em: s.fontSize, rem: 16, vw: env.viewportW, vh: env.viewportH, ch: s.fontSize / 2 };
    const a = first && !(first.t === "id") ? parseLength(first, u) : undefined;
    const b = size[1] && !(size[1].t === "id") ? parseLength(size[1], u) : undefined;
    const w = a !== undefined ? resolveLen(a, ow) : undefined;
    const h = b !== undefined ? resolveLen(b, oh) : undefined;
    if (w !== undefined && h !== undefined) [tw, th] = [w, h];
    else if (w !== undefined) [tw, th] = [w, (w * th) / tw];
    else if (h !== undefined) [tw, th] = [(h * tw) / th, h];
  }
  tw = Math.max(1, Math.round(tw));
  th = Math.max(1, Math.round(th));
  const [px, py] = splitPosition(s.bgPosition[layer] ?? s.bgPosition[0] ?? []);
  const x = ox + (px ? posValue(px, ow - tw, "x") : 0);
  const y = oy + (py ? posValue(py, oh - th, "y") : 0);
  const rep = s.bgRepeat[layer] ?? s.bgRepeat[0] ?? "repeat";
  const repeatX = rep === "repeat" || rep === "repeat-x" || rep.startsWith("repeat ") ||
    rep === "space" || rep === "round";
  const repeatY = rep === "repeat" || rep === "repeat-y" || rep.endsWith(" repeat") ||
    rep === "space" || rep === "round";
  const scaled = scaledImage(frame, tw, th);
  env.items.push({
    kind: "image",
    x0: repeatX ? bx : x,
    y0: repeatY ? by : y,
    x1: repeatX ? bx + bw : x + tw,
    y1: repeatY ? by + bh : y + th,
    image: scaled,
    x,
    y,
    repeatX,
    repeatY,
    opacity: st.opacity,
    clip: st.clip,
  });
}

const scaleCache = new WeakMap<RgbaFrame, Map<string, RgbaFrame>>();

function scaledImage(
  frame: RgbaFrame,
  w: number,
  h: number,
  sx = 0,
  sy = 0,
  sw = frame.width,
  sh = frame.height,
): RgbaFrame {
  let m = scaleCache.get(frame);
  if (!m) scaleCache.set(frame, m = new Map());
  const key = `${w}x${h}@${sx},${sy},${sw},${sh}`;
  let r = m.get(key);
  if (!r) {
    r = resample(frame, w, h, sx, sy, sw, sh);
    if (m.size > 8) m.clear();
    m.set(key, r);
  }
  return r;
}

function paintImage(b: Box, env: PaintEnv, st: State): void {
  const img = b.image!;
  const s = b.s;
  const cx = b.x + b.b[3] + b.p[3], cy = b.y + b.b[0] + b.p[0];
  const cw = b.w - b.b[1] - b.b[3] - b.p[1] - b.p[3];
  const ch = b.h - b.b[0] - b.b[2] - b.p[0] - b.p[2];
  if (cw <= 0 || ch <= 0) return;
  let dw = cw, dh = ch;
  const fit = s.objectFit;
  if (fit !== "fill") {
    const kc = Math.min(cw / img.width, ch / img.height);
    const kv = Math.max(cw / img.width, ch / img.height);
    let k = 1;
    if (fit === "contain") k = kc;
    else if (fit === "cover") k = kv;
    else if (fit === "scale-down") k = Math.min(1, kc);
    dw = img.width * k;
    dh = img.height * k;
  }
  const [px, py] = splitPosition(
    s.objectPosition.length ? s.objectPosition : [{ t: "num", v: 50, u: "%" }, {
      t: "num",
      v: 50,
      u: "%",
    }],
  );
  const x = cx + posValue(px, cw - dw, "x");
  const y = cy + posValue(py, ch - dh, "y");
  // Only the visible part of the image is resampled.
  const vx0 = Math.max(x, cx), vy0 = Math.max(y, cy);
  const vx1 = Math.min(x + dw, cx + cw), vy1 = Math.min(y + dh, cy + ch);
  const ix0 = Math.round(vx0), iy0 = Math.round(vy0), ix1 = Math.round(vx1), iy1 = Math.round(vy1);
  if (ix1 <= ix0 || iy1 <= iy0) return;
  const kx = img.width / dw, ky = img.height / dh;
  const scaled = scaledImage(
    img,
    ix1 - ix0,
    iy1 - iy0,
    (ix0 - x) * kx,
    (iy0 - y) * ky,
    (ix1 - ix0) * kx,
    (iy1 - iy0) * ky,
  );
  const r = radiiOf(b);
  let clip = st.clip;
  if (r.some((v) => v > 0)) {
    clip = intersect(clip, {
      x0: b.x,
      y0: b.y,
      x1: b.x + b.w,
      y1: b.y + b.h,
      rounded: [{ x: b.x, y: b.y, w: b.w, h: b.h, r }],
    });
  }
  env.items.push({
    kind: "image",
    x0: ix0,
    y0: iy0,
    x1: ix1,
    y1: iy1,
    image: scaled,
    x: ix0,
    y: iy0,
    repeatX: false,
    repeatY: false,
    opacity: st.opacity,
    clip,
  });
}

function paintBorders(
  env: PaintEnv,
  st: State,
  s: Style,
  x: number,
  y: number,
  w: number,
  h: number,
  r: Radii,
  bt: number,
  br: number,
  bb: number,
  bl: number,
): void {
  const colors = [s.borderTopColor!, s.borderRightColor!, s.borderBottomColor!, s.borderLeftColor!];
  const styles = [s.borderTopStyle, s.borderRightStyle, s.borderBottomStyle, s.borderLeftStyle];
  const widths = [bt, br, bb, bl];
  const uniform = colors.every((c) => c.join() === colors[0].join()) &&
    styles.every((v) => v === styles[0]);
  const rounded = r.some((v) => v > 0);
  if (uniform && (styles[0] === "solid" || rounded && styles[0] !== "double")) {
    // One ring: the outer rounded rectangle minus the inner one.
    const ir: Radii = [
      Math.max(0, r[0] - Math.max(bl, bt)),
      Math.max(0, r[1] - Math.max(br, bt)),
      Math.max(0, r[2] - Math.max(br, bb)),
      Math.max(0, r[3] - Math.max(bl, bb)),
    ];
    const outer = roundedRectPath(x, y, w, h, r);
    const iw = w - bl - br, ih = h - bt - bb;
    const contours = [outer];
    if (iw > 0 && ih > 0) contours.push(roundedRectPath(x + bl, y + bt, iw, ih, ir, true));
    emitPath(env, st, contours, withAlpha(colors[0], st.opacity));
    return;
  }
  // Per side: trapezoids joined at the corners' diagonals.
  const ox0 = x, oy0 = y, ox1 = x + w, oy1 = y + h;
  const ix0 = x + bl, iy0 = y + bt, ix1 = x + w - br, iy1 = y + h - bb;
  const quads = [
    [ox0, oy0, ox1, oy0, ix1, iy0, ix0, iy0],
    [ox1, oy0, ox1, oy1, ix1, iy1, ix1, iy0],
    [ox1, oy1, ox0, oy1, ix0, iy1, ix1, iy1],
    [ox0, oy1, ox0, oy0, ix0, iy0, ix0, iy1],
  ];
  for (let side = 0; side < 4; side++) {
    const bw = widths[side];
    if (bw <= 0) continue;
    const col = withAlpha(colors[side], st.opacity);
    const style = styles[side];
    if (style === "dashed" || style === "dotted") {
      paintDashes(env, st, side, style, bw, col, ox0, oy0, ox1, oy1);
      continue;
    }
    if (style === "double" && bw >= 3) {
      const t = Math.round(bw / 3);
      const q = quads[side];
      // Outer and inner thirds of the side.
      const lerp = (a: number, b: number, f: number) => a + (b - a) * f;
      const mk = (f0: number, f1: number) =>
        new Float32Array([
          lerp(q[0], q[6], f0),
          lerp(q[1], q[7], f0),
          lerp(q[2], q[4], f0),
          lerp(q[3], q[5], f0),
          lerp(q[2], q[4], f1),
          lerp(q[3], q[5], f1),
          lerp(q[0], q[6], f1),
          lerp(q[1], q[7], f1),
        ]);
      emitPath(env, st, [mk(0, t / bw), mk(1 - t / bw, 1)], col);
      continue;
    }
    let c = col;
    if (style === "inset" || style === "outset" || style === "groove" || style === "ridge") {
      const dark = (style === "inset" || style === "groove")
        ? side === 0 || side === 3
        : side === 1 || side === 2;
      if (dark) c = [c[0] * 2 / 3, c[1] * 2 / 3, c[2] * 2 / 3, c[3]];
    }
    emitPath(env, st, [new Float32Array(quads[side])], c);
  }
}

function paintDashes(
  env: PaintEnv,
  st: State,
  side: number,
  style: string,
  bw: number,
  col: Color,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): void {
  const horizontal = side === 0 || side === 2;
  const len = horizontal ? x1 - x0 : y1 - y0;
  const dash = style === "dotted" ? bw : bw * 3;
  const gap = style === "dotted" ? bw : bw * 3;
  const n = Math.max(1, Math.round((len + gap) / (dash + gap)));
  const step = n > 1 ? (len - dash) / (n - 1) : 0;
  const contours: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const a = i * step;
    let rx: number, ry: number, rw: number, rh: number;
    if (horizontal) [rx, ry, rw, rh] = [x0 + a, side === 0 ? y0 : y1 - bw, dash, bw];
    else [rx, ry, rw, rh] = [side === 3 ? x0 : x1 - bw, y0 + a, bw, dash];
    const rr = style === "dotted" ? bw / 2 : 0;
    contours.push(roundedRectPath(rx, ry, rw, rh, [rr, rr, rr, rr]));
  }
  emitPath(env, st, contours, col);
}
