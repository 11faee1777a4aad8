// Copyright 2026 the wirekit authors. MIT license.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { definePalette, type PanelOptions, toPanel } from "../../html-render/mod.ts";
import { testdataPath } from "../_util.ts";

interface Golden {
  images: { name: string; width: number; height: number; rgba: string }[];
  palettes: Record<string, { index: number; color: string }[]>;
  cases: { image: string; options: PanelOptions & { palette?: string }; hex: string }[];
}

const golden: Golden = JSON.parse(
  readFileSync(testdataPath("html-render", "panel", "golden.json"), "utf8"),
);

function fromHex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
}

function toHex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

const custom = Object.fromEntries(
  Object.entries(golden.palettes).map(([name, entries]) => [name, definePalette(name, entries)]),
);

for (const c of golden.cases) {
  const label = Object.entries(c.options).map(([k, v]) => `${k}=${v}`).join(" ");
  test(`toPanel() matches the reference bytes: ${c.image} ${label}`, () => {
    const img = golden.images.find((i) => i.name === c.image)!;
    const frame = { width: img.width, height: img.height, data: fromHex(img.rgba) };
    const options: PanelOptions = { ...c.options };
    if (typeof c.options.palette === "string" && custom[c.options.palette]) {
      options.palette = custom[c.options.palette];
    }
    assert.equal(toHex(toPanel(frame, options).data), c.hex);
  });
}

test("golden.json covers every format and every dither method", () => {
  const formats = new Set(golden.cases.map((c) => c.options.format));
  for (
    const f of [
      "mono1",
      "gray2",
      "gray4",
      "gray8",
      "rgb332",
      "rgb565",
      "rgb565be",
      "rgb888",
      "bgr888",
      "rgba8888",
      "indexed2",
      "indexed4",
      "indexed8",
      "two-plane",
    ]
  ) assert.ok(formats.has(f as PanelOptions["format"]), f);
  const dithers = new Set(golden.cases.map((c) => c.options.dither ?? "none"));
  assert.equal(dithers.size, 9);
});
