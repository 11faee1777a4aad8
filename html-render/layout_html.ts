// Copyright 2026 the wirekit authors. MIT license.
// The staged pipeline up to the display list: parse (parse5), load every
// resource, cascade (css-tree), lay out and paint.
import { type ElementNode, parseDom, textContent } from "./_dom.ts";
import {
  addStyleSheet,
  cascade,
  type Decl,
  evalMedia,
  type MediaTarget,
  parseInlineStyle,
  RuleSet,
  type SheetContext,
} from "./_cascade.ts";
import { computeStyle, initialStyle, type Style } from "./_style.ts";
import { enableComplexShaping, faceFor, FontSet, openFont } from "./_fonts.ts";
import { contentKey } from "./_content_key.ts";
import { isSimpleText } from "./_truetype.ts";
import {
  type BidiApi,
  buildBoxes,
  layoutBox,
  type LayoutEnv,
  layoutFixed,
  RTL_RE,
} from "./_layout.ts";
import { paintRoot } from "./_paint.ts";
import { decodeImage } from "./_image.ts";
import { UA_CSS } from "./_ua.ts";
import type { Box } from "./_boxes.ts";
import type { DisplayList } from "./display_list.ts";
import type { RenderDiagnostic } from "./diagnostic.ts";
import type { RgbaFrame } from "./frame.ts";
import { createResourceLoader, type ResourceLoader } from "./resource_loader.ts";
import { HtmlRenderError } from "./html_render_error.ts";

/** Limits on what a page may make the renderer do. */
export interface RenderLimits {
  /**
   * Most DOM nodes (elements and text) in the page.
   * @default {20000}
   */
  domNodes?: number;
  /**
   * Most CSS style rules over all stylesheets.
   * @default {10000}
   */
  cssRules?: number;
  /**
   * Most pixels of one decoded image (decompression bomb guard).
   * @default {16777216}
   */
  imagePixels?: number;
  /**
   * Most bytes fetched for one page over all its resources.
   * @default {33554432}
   */
  fetchedBytes?: number;
  /**
   * Most resources (stylesheets, images, fonts) fetched for one page.
   * @default {256}
   */
  resources?: number;
}

/** The target that `@media` queries are evaluated against. */
export interface MediaOptions {
  /**
   * Media type.
   * @default {"screen"}
   */
  type?: string;
  /**
   * Bits per pixel of a monochrome panel (e.g. 1 for black and white e-paper); 0 for colour.
   * @default {0}
   */
  monochrome?: number;
  /**
   * Bits per colour component; 0 for monochrome panels.
   * @default {8}
   */
  color?: number;
}

/** A font supplied by the caller. */
export interface FontSource {
  /** CSS family name it is matched under. */
  family: string;
  /** TTF/OTF/WOFF/WOFF2 bytes. */
  data: Uint8Array;
  /**
   * CSS weight.
   * @default {400}
   */
  weight?: number;
  /**
   * Italic face.
   * @default {false}
   */
  italic?: boolean;
}

/** Options for {@linkcode layoutHtml}. */
export interface LayoutHtmlOptions {
  /** Viewport width in CSS pixels (= device pixels). */
  width: number;
  /** Viewport height in CSS pixels. */
  height: number;
  /**
   * URL relative resources resolve against, and the name diagnostics use.
   * @default {"about:blank"}
   */
  baseUrl?: string;
  /**
   * Loads stylesheets, images and fonts.
   * @default {createResourceLoader()}
   */
  loader?: ResourceLoader;
  /** Extra fonts, matched before the bundled DejaVu family. */
  fonts?: FontSource[];
  /**
   * Load the bundled DejaVu fonts (Sans, Serif, Sans Mono; regular/bold/italic).
   * @default {true}
   */
  bundledFonts?: boolean;
  /** What `@media` queries see. */
  media?: MediaOptions;
  /** Limits; see {@linkcode RenderLimits}. */
  limits?: RenderLimits;
  /**
   * Render every glyph and shape without anti-aliasing (for 1-bit panels);
   * per element, `-webkit-font-smoothing: none` does this for text.
   * @default {false}
   */
  crisp?: boolean;
}

/** Where an element ended up: its border box in pixels. */
export interface ElementBox {
  /** Left edge (px). */
  x: number;
  /** Top edge (px). */
  y: number;
  /** Width (px). */
  width: number;
  /** Height (px). */
  height: number;
}

/** Result of {@linkcode layoutHtml}. */
export interface LayoutResult {
  /** What to rasterize. */
  displayList: DisplayList;
  /** What could not be honoured, with source locations. */
  diagnostics: RenderDiagnostic[];
  /** Border boxes of elements that have an `id`, by id (for partial refresh). */
  boxes: Map<string, ElementBox>;
  /** Milliseconds spent per stage. */
  timings: { load: number; style: number; layout: number; paint: number };
  /** Whether crisp (non-anti-aliased) rendering was requested. */
  crisp: boolean;
}

const BUNDLED: [string, string, number, boolean][] = [
  ["DejaVu Sans", "DejaVuSans.ttf", 400, false],
  ["DejaVu Sans", "DejaVuSans-Bold.ttf", 700, false],
  ["DejaVu Sans", "DejaVuSans-Oblique.ttf", 400, true],
  ["DejaVu Sans", "DejaVuSans-BoldOblique.ttf", 700, true],
  ["DejaVu Serif", "DejaVuSerif.ttf", 400, false],
  ["DejaVu Serif", "DejaVuSerif-Bold.ttf", 700, false],
  ["DejaVu Serif", "DejaVuSerif-Italic.ttf", 400, true],
  ["DejaVu Serif", "DejaVuSerif-BoldItalic.ttf", 700, true],
  ["DejaVu Sans Mono", "DejaVuSansMono.ttf", 400, false],
  ["DejaVu Sans Mono", "DejaVuSansMono-Bold.ttf", 700, false],
  ["DejaVu Sans Mono", "DejaVuSansMono-Oblique.ttf", 400, true],
  ["DejaVu Sans Mono", "DejaVuSansMono-BoldOblique.ttf", 700, true],
];

const bundledBytes = new Map<string, Promise<Uint8Array>>();
const fileLoader = createResourceLoader({ maxBytes: 8 * 1024 * 1024 });

function bundledUrl(file: string): string {
  return import.meta.resolve(`dejavu-fonts-ttf/ttf/${file}`);
}

function loadBundled(file: string): Promise<Uint8Array> {
  let p = bundledBytes.get(file);
  if (!p) {
    p = fileLoader(bundledUrl(file));
    bundledBytes.set(file, p);
    p.catch(() => bundledBytes.delete(file));
  }
  return p;
}

function resolveUrl(ref: string, base: string): string | undefined {
  try {
    return new URL(ref.trim(), base).href;
  } catch {
    return undefined;
  }
}

/** Element tree walk without recursion. */
function* elements(root: ElementNode): Generator<ElementNode> {
  const stack = [root];
  while (stack.length) {
    const e = stack.pop()!;
    yield e;
    for (let i = e.children.length - 1; i >= 0; i--) {
      const c = e.children[i];
      if (c.kind === 1) stack.push(c);
    }
  }
}

let uaRules: RuleSet | undefined;

function now(): number {
  return performance.now();
}

/**
 * Parses, styles and lays out an HTML page into a display list. Every
 * resource (stylesheets, images, fonts) is loaded before layout, so the
 * same input always gives the same display list.
 *
 * Work that depends only on the assets is cached across calls (module-wide,
 * each cache bounded), so a page re-rendered with the same assets costs
 * little: parsed fonts (33, keyed by content or bundled file name) and per
 * font its glyph outlines, shaped strings and code point lookups (about
 * 2 MiB); parsed stylesheets (65, by text) and their compiled rules
 * (8 contexts each); decoded images (16 and 16 MiB of pixels, by content;
 * larger images are not kept) and their resampled copies (9 sizes each).
 * Resources are still loaded on every call.
 *
 * @param html The page source.
 * @param options Viewport size, base URL, loader, fonts, media target, limits.
 * @returns The display list, diagnostics and element boxes.
 *
 * @example Lay out a page and find an element's box
 * ```ts
 * import { layoutHtml } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const { boxes, displayList } = await layoutHtml(
 *   '<body style="margin:0"><div id="bar" style="height:20px;background:red"></div></body>',
 *   { width: 100, height: 50 },
 * );
 * assert.deepEqual(boxes.get("bar"), { x: 0, y: 0, width: 100, height: 20 });
 * assert.ok(displayList.items.length > 0);
 * ```
 */
export async function layoutHtml(html: string, options: LayoutHtmlOptions): Promise<LayoutResult> {
  const { width, height } = options;
  if (
    !Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 ||
    width > 16384 || height > 16384
  ) {
    throw new RangeError(`Invalid viewport ${width}x${height}`);
  }
  if (typeof html !== "string") throw new TypeError("html must be a string");
  const limits = {
    domNodes: options.limits?.domNodes ?? 20000,
    cssRules: options.limits?.cssRules ?? 10000,
    imagePixels: options.limits?.imagePixels ?? 16_777_216,
    fetchedBytes: options.limits?.fetchedBytes ?? 32 * 1024 * 1024,
    resources: options.limits?.resources ?? 256,
  };
  const base = options.baseUrl ?? "about:blank";
  const source = base;
  const diagnostics: RenderDiagnostic[] = [];
  const media: MediaTarget = {
    width,
    height,
    type: options.media?.type ?? "screen",
    monochrome: options.media?.monochrome ?? 0,
    color: options.media?.color ?? (options.media?.monochrome ? 0 : 8),
  };
  const t0 = now();
  const baseLoader = options.loader ?? createResourceLoader();
  let fetched = 0;
  let count = 0;
  const load = async (url: string): Promise<Uint8Array> => {
    if (++count > limits.resources) {
      throw new HtmlRenderError(
        "ELIMIT",
        `More than ${limits.resources} resources (limits.resources)`,
      );
    }
    const b = await baseLoader(url);
    fetched += b.length;
    if (fetched > limits.fetchedBytes) {
      throw new HtmlRenderError(
        "ELIMIT",
        `More than ${limits.fetchedBytes} bytes fetched (limits.fetchedBytes)`,
      );
    }
    return b;
  };
  const assetFail = (
    what: string,
    url: string,
    e: unknown,
    line?: number,
    column?: number,
    src = source,
  ) => {
    const msg = e instanceof Error ? e.message : String(e);
    diagnostics.push({
      kind: "asset",
      message: `Cannot load ${what} "${url}": ${msg}`,
      source: src,
      line,
      column,
    });
    if (e instanceof HtmlRenderError && e.code === "ELIMIT") {
      diagnostics.push({ kind: "limit", message: msg, source: src, line, column });
    }
  };

  // Parse.
  const root = parseDom(html, limits.domNodes);

  // Stylesheets in document order (loaded concurrently, applied in order).
  if (!uaRules) {
    uaRules = new RuleSet();
  }
  const rules = new RuleSet();
  const sheetCtx = (
    src: string,
    sbase: string,
    line: number,
    column: number,
    origin: number,
  ): SheetContext => ({
    source: src,
    base: sbase,
    line,
    column,
    origin,
    media,
    maxRules: limits.cssRules,
    diagnostics,
  });
  addStyleSheet(rules, UA_CSS, {
    ...sheetCtx("(user agent)", base, 1, 1, 0),
    diagnostics: [],
    maxRules: Infinity,
  });
  rules.ruleCount = 0;
  const sheets: Promise<{ text: string; ctx: SheetContext } | undefined>[] = [];
  for (const el of elements(root)) {
    const mediaAttr = el.attrs.get("media");
    if (mediaAttr && !evalMedia(mediaAttr, media)) continue;
    if (el.tag === "style") {
      const loc = el.textLoc ?? el.loc;
      sheets.push(
        Promise.resolve({
          text: textContent(el),
          ctx: sheetCtx(source, base, loc.line, loc.col, 1),
        }),
      );
    } else if (el.tag === "link" && /(^|\s)stylesheet(\s|$)/i.test(el.attrs.get("rel") ?? "")) {
      const href = el.attrs.get("href");
      const url = href ? resolveUrl(href, base) : undefined;
      if (!url) continue;
      sheets.push(
        load(url).then(
          (b) => ({ text: new TextDecoder().decode(b), ctx: sheetCtx(url, url, 1, 1, 1) }),
          (e) => {
            assetFail("stylesheet", url, e, el.loc.line, el.loc.col);
            return undefined;
          },
        ),
      );
    }
  }

  // Images.
  const images = new Map<ElementNode, RgbaFrame | null>();
  const imageLoads: Promise<void>[] = [];
  for (const el of elements(root)) {
    if (el.tag !== "img") continue;
    const src = el.attrs.get("src");
    const url = src ? resolveUrl(src, base) : undefined;
    if (!url) {
      images.set(el, null);
      diagnostics.push({
        kind: "asset",
        message: `<img> without a usable src`,
        source,
        line: el.loc.line,
        column: el.loc.col,
      });
      continue;
    }
    imageLoads.push(
      load(url).then(async (b) => {
        images.set(el, await decodeImage(b, limits.imagePixels));
      }).catch((e) => {
        images.set(el, null);
        assetFail("image", url, e, el.loc.line, el.loc.col);
      }),
    );
  }

  let sheetText = "";
  for (const sh of await Promise.all(sheets)) {
    if (sh) {
      sheetText += sh.text.toLowerCase();
      try {
        addStyleSheet(rules, sh.text, sh.ctx);
      } catch (e) {
        diagnostics.push({
          kind: "at-rule",
          message: `Cannot parse stylesheet: ${(e as Error).message}`,
          source: sh.ctx.source,
        });
      }
    }
  }

  // Fonts: caller fonts, @font-face, bundled.
  const fonts = new FontSet();
  for (const f of options.fonts ?? []) {
    try {
      fonts.add(
        faceFor(
          f.family,
          f.weight ?? 400,
          f.italic ?? false,
          await openFont(`caller:${contentKey(f.data)}`, f.data),
        ),
      );
    } catch (e) {
      diagnostics.push({
        kind: "font",
        message: `Unusable font for "${f.family}": ${(e as Error).message}`,
      });
    }
  }
  const faceLoads: Promise<void>[] = [];
  for (const ff of rules.fontFaces) {
    const urls = ff.src.filter((t) => t.t === "url").map((t) =>
      resolveUrl((t as { v: string }).v, ff.base)
    ).filter(
      (u): u is string => !!u,
    );
    const weight = ff.weight === "bold" ? 700 : Number(ff.weight) || 400;
    const italic = ff.style === "italic" || ff.style === "oblique";
    faceLoads.push((async () => {
      for (const u of urls) {
        // The bundled DejaVu files are shared and cached across renders.
        const m = /dejavu-fonts-ttf\/ttf\/([^/]+\.ttf)$/.exec(u);
        try {
          const bytes = m ? await loadBundled(m[1]) : await load(u);
          fonts.add(
            faceFor(
              ff.family,
              weight,
              italic,
              await openFont(m ? `bundled:${m[1]}` : u, bytes),
            ),
          );
          return;
        } catch (e) {
          assetFail("font", u, e, ff.loc.line, ff.loc.column, ff.loc.source);
        }
      }
      if (!urls.length) {
        diagnostics.push({
          kind: "font",
          message: `@font-face "${ff.family}" has no url() source`,
          source: ff.loc.source,
          line: ff.loc.line,
          column: ff.loc.column,
        });
      }
    })());
  }
  if (options.bundledFonts ?? true) {
    const css = html.toLowerCase();
    const wantSerif = /(^|[^-])serif|georgia|times/.test(css);
    const wantMono = /mono|courier|<pre|<code|<kbd|<samp|<tt/.test(css);
    // Italic faces only when something can ask for them (else a synthetic oblique stands in).
    const wantItalic = /italic|oblique|<i[\s>]|<em[\s>]|<cite|<var[\s>]|<dfn|<address/.test(
      css + sheetText,
    );
    for (const [family, file, weight, italic] of BUNDLED) {
      if (italic && !wantItalic) continue;
      if (family === "DejaVu Serif" && !wantSerif) continue;
      if (family === "DejaVu Sans Mono" && !wantMono) continue;
      faceLoads.push(
        loadBundled(file).then(async (b) =>
          fonts.add(faceFor(family, weight, italic, await openFont(`bundled:${file}`, b)))
        ).catch((e) =>
          void diagnostics.push({
            kind: "font",
            message: `Cannot load bundled font ${file}: ${(e as Error).message}`,
          })
        ),
      );
    }
  }
  await Promise.all([...faceLoads, ...imageLoads]);
  let bidi: BidiApi | undefined;
  if (!domTextIsSimple(root)) {
    await enableComplexShaping(fonts.faces());
    if (domHasRtl(root)) {
      // bidi-js only when there is right-to-left text to reorder.
      const mod = await import("bidi-js") as unknown as {
        default: () => BidiApi;
      };
      bidi = mod.default();
    }
  }
  if (fonts.size === 0) {
    diagnostics.push({ kind: "font", message: "No font available: text is not drawn" });
  }

  // Cascade and computed styles, parents before children.
  const t1 = now();
  const styles = new Map<ElementNode, Style>();
  const customs = new Map<ElementNode, Map<string, string>>();
  const seen = new Set<string>();
  const cc = {
    viewportWidth: width,
    viewportHeight: height,
    rootFontSize: 16,
    chPerEm: 0.63623046875,
    diagnostics,
    seen,
  };
  const rootParent = initialStyle();
  for (const el of elements(root)) {
    const parentStyle = el.parent ? styles.get(el.parent)! : rootParent;
    let inline: Decl[] | undefined;
    const st = el.attrs.get("style");
    if (st) {
      try {
        inline = parseInlineStyle(st, sheetCtx(source, base, el.loc.line, el.loc.col, 2));
      } catch {
        inline = undefined;
      }
    }
    const cas = cascade(el, rules, inline, el.parent ? customs.get(el.parent)! : new Map());
    addPresentationalHints(el, cas.props);
    customs.set(el, cas.custom);
    const s = computeStyle(cas, parentStyle, cc, el.parent === null);
    if (el.parent === null) cc.rootFontSize = s.fontSize;
    styles.set(el, s);
  }

  // Background images referenced by computed styles.
  const bgImages = new Map<string, RgbaFrame | null>();
  const bgLoads: Promise<void>[] = [];
  for (const s of styles.values()) {
    for (const b of s.bgImages) {
      if (b.k !== "url") continue;
      const u = resolveUrl(b.url, /^[a-z]+:/i.test(b.loc.source) ? b.loc.source : base);
      if (!u) continue;
      b.url = u;
      if (bgImages.has(u)) continue;
      bgImages.set(u, null);
      bgLoads.push(
        load(u).then(async (bytes) => {
          bgImages.set(u, await decodeImage(bytes, limits.imagePixels));
        }).catch((e) =>
          assetFail("background image", u, e, b.loc.line, b.loc.column, b.loc.source)
        ),
      );
    }
  }
  await Promise.all(bgLoads);

  // Layout.
  const t2 = now();
  const env: LayoutEnv = {
    styles,
    fonts,
    images,
    viewportW: width,
    viewportH: height,
    diagnostics,
    source,
    bidi,
  };
  const rootBox = buildBoxes(root, env);
  layoutBox(rootBox, 0, 0, { cbw: width, cbh: height }, env);
  const rs = rootBox.s;
  if (rs.position === "static") layoutFixed(rootBox, env);

  // Paint.
  const t3 = now();
  const body = rootBox.kids.find((k) => k.el?.tag === "body");
  let bg = rs.backgroundColor;
  if (bg[3] === 0 && body) bg = body.s.backgroundColor;
  const canvas: [number, number, number, number] = [255, 255, 255, 255];
  if (bg[3] > 0) {
    const a = bg[3] / 255;
    for (let i = 0; i < 3; i++) canvas[i] = Math.round(bg[i] * a + 255 * (1 - a));
  }
  const items: DisplayList["items"] = [];
  const crisp = options.crisp ?? false;
  paintRoot(rootBox, { items, bgImages, crisp, viewportW: width, viewportH: height });
  const boxes = new Map<string, ElementBox>();
  collectBoxes(rootBox, boxes);
  const t4 = now();
  return {
    displayList: { width, height, background: canvas, items },
    diagnostics,
    boxes,
    timings: { load: t1 - t0, style: t2 - t1, layout: t3 - t2, paint: t4 - t3 },
    crisp,
  };
}

function collectBoxes(root: Box, out: Map<string, ElementBox>): void {
  const stack = [root];
  while (stack.length) {
    const b = stack.pop()!;
    const id = b.el?.id;
    if (id && !out.has(id)) out.set(id, { x: b.x, y: b.y, width: b.w, height: b.h });
    for (const k of b.kids) stack.push(k);
    for (const f of b.frags) {
      if (f.k === "atomic") stack.push(f.box);
      else if (f.k === "deco" && f.first) stack.push({ ...f.box, kids: [], frags: [] });
    }
  }
}

/** Whether any text node has right-to-left characters. */
function domHasRtl(el: ElementNode): boolean {
  const stack: ElementNode[] = [el];
  while (stack.length) {
    const e = stack.pop()!;
    for (const c of e.children) {
      if (c.kind === 3) {
        if (RTL_RE.test(c.text)) return true;
      } else stack.push(c);
    }
  }
  return false;
}

/** Whether every text node is text the built-in TrueType shaper handles. */
function domTextIsSimple(el: ElementNode): boolean {
  const stack: ElementNode[] = [el];
  while (stack.length) {
    const e = stack.pop()!;
    for (const c of e.children) {
      if (c.kind === 3) {
        if (!isSimpleText(c.text)) return false;
      } else stack.push(c);
    }
  }
  return true;
}

/** Presentational attributes (width/height on img/table/td, bgcolor, align) as lowest-priority author styles. */
function addPresentationalHints(
  /** el. */
  el: ElementNode,
  /** props. */
  props: Map<
    string,
    {
      toks: import("./_css_values.ts").Tok[];
      loc: { source: string; line: number; column: number };
    }
  >,
): void {
  const loc = { source: "(attribute)", line: el.loc.line, column: el.loc.col };
  const dim = (attr: string, prop: string) => {
    const v = el.attrs.get(attr);
    if (v === undefined || props.has(prop)) return;
    const m = /^\s*(\d+(?:\.\d+)?)(%?)/.exec(v);
    if (m) props.set(prop, { toks: [{ t: "num", v: Number(m[1]), u: m[2] ? "%" : "px" }], loc });
  };
  if (
    el.tag === "img" || el.tag === "table" || el.tag === "td" || el.tag === "th" || el.tag === "col"
  ) {
    dim("width", "width");
    dim("height", "height");
  }
  const bgc = el.attrs.get("bgcolor");
  if (bgc && !props.has("background-color")) {
    props.set("background-color", {
      toks: [bgc.startsWith("#") ? { t: "hash", v: bgc.slice(1) } : { t: "id", v: bgc }],
      loc,
    });
  }
  if (el.tag === "table") {
    const b = el.attrs.get("border");
    if (b !== undefined && !props.has("border-top-width")) {
      const w = Number(b) || 1;
      for (const side of ["top", "right", "bottom", "left"]) {
        props.set(`border-${side}-width`, { toks: [{ t: "num", v: w, u: "px" }], loc });
        props.set(`border-${side}-style`, { toks: [{ t: "id", v: "outset" }], loc });
      }
    }
    const cs = el.attrs.get("cellspacing");
    if (cs !== undefined && !props.has("border-spacing")) {
      props.set("border-spacing", { toks: [{ t: "num", v: Number(cs) || 0, u: "px" }], loc });
    }
  }
}
