// Copyright 2026 the wirekit authors. MIT license.
/**
 * HTML + CSS + PNG/JPEG rendered into panel line buffers (palettes, dithering, gamma), streamed in bands.
 *
 * Built on parse5, css-tree, pngjs, jpeg-js and fontkit.
 *
 * The pipeline is staged: `layoutHtml()` parses, styles and lays out a page
 * into a display list; `rasterize()` turns the display list into RGBA lines,
 * one band at a time; `renderHtml()` does both into a whole frame.
 *
 * @module
 */
export * from "./frame.ts";
export * from "./diagnostic.ts";
export * from "./display_list.ts";
export * from "./html_render_error.ts";
export * from "./resource_loader.ts";
export * from "./layout_html.ts";
export * from "./rasterize.ts";
export * from "./render_html.ts";
export * from "./encode_png.ts";
export * from "./detect_changes.ts";
export * from "./dither.ts";
export * from "./encode_bmp.ts";
export * from "./palette.ts";
export * from "./panel_encoder.ts";
export * from "./panel_preview.ts";
export * from "./panel_profiles.ts";
export * from "./pixel_format.ts";
export * from "./to_panel.ts";
