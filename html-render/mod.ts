// Copyright 2026 the wirekit authors. MIT license.
/**
 * HTML + CSS + PNG/JPEG rendered into panel line buffers (palettes, dithering, gamma), streamed in bands.
 *
 * HTML is parsed by parse5 and CSS by css-tree. Bundled DejaVu TrueType
 * faces are read and shaped by a small built-in reader (fontkit is loaded
 * only for other font formats, combining marks and complex scripts; bidi-js
 * only for right-to-left text); PNG and baseline JPEG are decoded by built-in
 * decoders (jpeg-js only for progressive and unusual JPEGs), which keeps the
 * cold first frame fast.
 *
 * The panel stage (`toPanel()`, `PanelEncoder`) turns RGBA frames or bands
 * into the bytes a display wants: pixel formats, palettes, dithering, gamma,
 * rotation, change detection and previews.
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
