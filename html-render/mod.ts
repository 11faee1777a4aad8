// Copyright 2026 the wirekit authors. MIT license.
/**
 * HTML + CSS + PNG/JPEG rendered into panel line buffers (palettes, dithering, gamma), streamed in bands.
 *
 * Built on parse5, css-tree, pngjs, jpeg-js and fontkit.
 *
 * This module is being built; its public API lands with its issue.
 *
 * @module
 */
export {};
