// Copyright 2026 the wirekit authors. MIT license.
// The built-in PNG codec against pngjs (an independent implementation):
// every file of the colour-type/bit-depth/palette/tRNS/interlace matrix
// decodes to the same RGBA (16-bit samples: the high byte, as Chromium's
// decoder does, so at most 1 level apart from pngjs's rounding); encodePng()
// output is read back exactly by pngjs; malformed files are rejected.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { decodePng, zlibDeflate } from "../../html-render/_png.ts";
import { encodePng, renderHtml } from "../../html-render/mod.ts";
import { testdataPath } from "../_util.ts";

const matrixDir = testdataPath("html-render", "assets", "png");
const files = readdirSync(matrixDir).filter((f) => f.endsWith(".png")).sort();

test("the PNG matrix covers every colour type, depth, tRNS and interlace", () => {
  assert.equal(files.length, 21);
  for (const f of ["g1", "g2", "g4", "g8", "g16", "rgb16", "p1", "p8-trns", "ga16", "rgba8-i"]) {
    assert.ok(files.includes(`${f}.png`), f);
  }
});

for (const f of files) {
  test(`decodePng() matches pngjs on ${f}`, async () => {
    const bytes = new Uint8Array(readFileSync(join(matrixDir, f)));
    const ref = PNG.sync.read(Buffer.from(bytes));
    const mine = await decodePng(bytes);
    assert.equal(mine.width, ref.width);
    assert.equal(mine.height, ref.height);
    const tol = f.includes("16") ? 1 : 0;
    for (let i = 0; i < ref.data.length; i++) {
      if (Math.abs(mine.data[i] - ref.data[i]) > tol) {
        assert.fail(`byte ${i}: ${mine.data[i]} vs pngjs ${ref.data[i]}`);
      }
    }
  });
}

test("encodePng() output is read back exactly by pngjs", () => {
  const w = 37, h = 23;
  const data = new Uint8Array(w * h * 4);
  let s = 7;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    // Runs and noise: exercises literals, matches and every row filter.
    data[i] = (i >> 6) % 3 === 0 ? (s >>> 24) : (i >> 2) % 11;
  }
  const png = encodePng({ width: w, height: h, data });
  const back = PNG.sync.read(Buffer.from(png));
  assert.equal(back.width, w);
  assert.deepEqual(new Uint8Array(back.data), data);
});

test("zlibDeflate() streams inflate back through DecompressionStream", async () => {
  const input = new TextEncoder().encode("wirekit ".repeat(5000) + "tail");
  const z = zlibDeflate(input);
  assert.ok(z.length < input.length / 20);
  const out = await new Response(
    new Blob([z as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
      new DecompressionStream("deflate"),
    ),
  ).arrayBuffer();
  assert.deepEqual(new Uint8Array(out), input);
});

test("decodePng() rejects malformed files", async () => {
  const good = new Uint8Array(readFileSync(join(matrixDir, "rgba8.png")));
  await assert.rejects(decodePng(good.subarray(0, 60)), /truncated|inflate|no image data/);
  const badSig = good.slice();
  badSig[1] = 0;
  await assert.rejects(decodePng(badSig), /Not a PNG/);
  const badIdat = good.slice();
  // Corrupt the zlib stream inside IDAT (after the IHDR chunk at 8..33).
  for (let i = 45; i < 60; i++) badIdat[i] ^= 0x5a;
  await assert.rejects(decodePng(badIdat));
});

test("renderHtml() reports a corrupt PNG as a diagnostic and keeps rendering", async () => {
  const good = new Uint8Array(readFileSync(join(matrixDir, "rgba8.png")));
  const bad = good.slice(0, 70);
  const b64 = btoa(String.fromCharCode(...bad));
  const { diagnostics, frame } = await renderHtml(
    `<img src="data:image/png;base64,${b64}" width="10" height="10"><p>after</p>`,
    { width: 50, height: 50 },
  );
  assert.equal(frame.width, 50);
  assert.ok(diagnostics.some((d) => /image/i.test(d.message)), JSON.stringify(diagnostics));
});
