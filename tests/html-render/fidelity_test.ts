// Copyright 2026 the wirekit authors. MIT license.
// Fidelity: every page under testdata/html-render/pages is rendered by wirekit
// and compared with its headless-Chromium reference (tools/render_refs.mjs)
// using pixelmatch (threshold 0.1, anti-aliased pixels ignored): at most 2%
// of the pixels may differ. A missing reference fails the test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PNG } from "pngjs";
import pixelmatch from "pixelmatch";
import { renderHtml } from "../../html-render/mod.ts";
import { testdataPath } from "../_util.ts";

const pagesDir = testdataPath("html-render", "pages");
const refsDir = testdataPath("html-render", "refs");
const MAX_DIFF = 0.02;

const pages = readdirSync(pagesDir).filter((f) => f.endsWith(".html")).sort();

test("fidelity: the page set is not empty", () => {
  assert.ok(pages.length >= 30, `only ${pages.length} pages`);
});

for (const f of pages) {
  const name = f.replace(/\.html$/, "");
  test(`renderHtml() matches Chromium on ${name}`, async () => {
    const refPath = join(refsDir, `${name}.png`);
    assert.ok(existsSync(refPath), `Missing reference ${refPath}: run node tools/render_refs.mjs`);
    const ref = PNG.sync.read(readFileSync(refPath));
    const html = readFileSync(join(pagesDir, f), "utf8");
    const { frame } = await renderHtml(html, {
      width: ref.width,
      height: ref.height,
      baseUrl: pathToFileURL(join(pagesDir, f)).href,
    });
    const refData = new Uint8Array(ref.data.buffer, ref.data.byteOffset, ref.data.length);
    const diff = pixelmatch(refData, frame.data, undefined, ref.width, ref.height, {
      threshold: 0.1,
    });
    const ratio = diff / (ref.width * ref.height);
    assert.ok(
      ratio <= MAX_DIFF,
      `${name}: ${(ratio * 100).toFixed(2)}% of pixels differ (max ${MAX_DIFF * 100}%)`,
    );
  });
}
