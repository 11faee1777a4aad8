// Copyright 2026 the wirekit authors. MIT license.
// Kept equal to the version in package.json and deno.json by tools/check.mjs.

/** The wirekit release this CLI belongs to. */
export const VERSION: string = "0.1.0";
