// Copyright 2026 the wirekit authors. MIT license.
// `npm run demo`: renders examples/dashboard.html (a greenhouse dashboard
// with an icon PNG and a photo JPEG) to the packed bytes of a 7-colour
// 800x480 e-paper panel, plus a PNG preview in the panel's real colours and a
// 1-bit BMP for TRMNL-style devices, and prints where they are.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import process from "node:process";
import {
  detectChanges,
  encodeBmp,
  encodePanelPng,
  getPanel,
  layoutHtml,
  PanelEncoder,
  rasterize,
  renderHtml,
  toPanel,
} from "../html-render/mod.ts";

const root = new URL("..", import.meta.url).pathname;
const page = join(root, "examples", "dashboard.html");
const outDir = join(root, ".tmp", "demo");
const panelName = process.argv[2] ?? "waveshare-7in3f";
const panel = getPanel(panelName);

const html = readFileSync(page, "utf8");
const options = { width: panel.width, height: panel.height, baseUrl: pathToFileURL(page).href };

const t0 = performance.now();
const cold = await renderHtml(html, options);
const t1 = performance.now();
const packed = toPanel(cold.frame, { panel });
const t2 = performance.now();

// Warm: what a device server pays per refresh once fonts and code are loaded.
let warmRender = Infinity, warmPanel = Infinity;
for (let i = 0; i < 5; i++) {
  const a = performance.now();
  const { frame } = await renderHtml(html, options);
  const b = performance.now();
  toPanel(frame, { panel });
  const c = performance.now();
  warmRender = Math.min(warmRender, b - a);
  warmPanel = Math.min(warmPanel, c - b);
}

// Streamed: 16-line RGBA bands straight into the panel stage, packed rows out;
// no whole RGBA frame is ever allocated.
const layout = await layoutHtml(html, options);
const streamed = new Uint8Array(packed.data.length);
const encoder = new PanelEncoder(options, {
  panel,
  onLine: (y, bytes) => streamed.set(bytes, y * packed.stride),
});
rasterize(layout.displayList, {
  bandHeight: 16,
  crisp: layout.crisp,
  onBand: (y, lines, n) => encoder.pushBand(y, lines, n),
});
encoder.finish();
const sameStreamed = streamed.every((b, i) => b === packed.data[i]);

const mono = toPanel(cold.frame, { panel: "trmnl-800x480" });
mkdirSync(outDir, { recursive: true });
const files = {
  bin: join(outDir, `dashboard-${panel.name}.bin`),
  png: join(outDir, `dashboard-${panel.name}.png`),
  bmp: join(outDir, "dashboard-trmnl.bmp"),
  monoPng: join(outDir, "dashboard-trmnl.png"),
};
writeFileSync(files.bin, packed.data);
writeFileSync(files.png, encodePanelPng(packed));
writeFileSync(files.bmp, encodeBmp(mono));
writeFileSync(files.monoPng, encodePanelPng(mono));

const { hash } = detectChanges(undefined, packed);
console.log(`wirekit demo: ${page}`);
console.log(`  panel    ${panel.name}: ${panel.description}`);
console.log(
  `  format   ${packed.width}x${packed.height} ${packed.format} ${packed.palette?.name} ` +
    `${packed.dither}, ${packed.data.length} bytes, hash ${hash}`,
);
console.log(
  `  cold     render ${(t1 - t0).toFixed(1)} ms, panel stage ${(t2 - t1).toFixed(1)} ms ` +
    `(${Object.entries(cold.timings).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")})`,
);
console.log(
  `  warm     render ${warmRender.toFixed(1)} ms + panel stage ${warmPanel.toFixed(1)} ms = ${
    (warmRender + warmPanel).toFixed(1)
  } ms (best of 5)`,
);
console.log(
  `  streamed 16-line bands -> packed rows: ${
    sameStreamed ? "identical bytes" : "DIFFERENT BYTES"
  } (raster buffer ${panel.width * 16 * 4} bytes instead of ${panel.width * panel.height * 4})`,
);
console.log(`  diagnostics: ${cold.diagnostics.length}`);
for (const d of cold.diagnostics.slice(0, 10)) console.log(`    ${d.message}`);
console.log("Wrote:");
console.log(`  ${files.bin}  (packed 4-bit panel bytes)`);
console.log(`  ${files.png}  (preview in the panel's colours)`);
console.log(`  ${files.bmp}  (1-bit BMP, TRMNL-style)`);
console.log(`  ${files.monoPng}  (1-bit preview)`);
