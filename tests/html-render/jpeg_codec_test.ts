// Copyright 2026 the wirekit authors. MIT license.
// The built-in baseline JPEG decoder against jpeg-js (an independent
// implementation) on files made by libjpeg-turbo's cjpeg: 4:4:4, 4:2:0,
// 4:2:2 with restart intervals, greyscale, optimized Huffman tables.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import jpeg from "jpeg-js";
import { decodeBaselineJpeg } from "../../html-render/_jpeg.ts";
import { testdataPath } from "../_util.ts";

const files = [
  ["photo.jpg"],
  ["jpeg", "s420.jpg"],
  ["jpeg", "s422-restart.jpg"],
  ["jpeg", "gray.jpg"],
  ["jpeg", "s444-optimized.jpg"],
];

for (const f of files) {
  test(`decodeBaselineJpeg() matches jpeg-js on ${f.join("/")}`, () => {
    const bytes = new Uint8Array(readFileSync(testdataPath("html-render", "assets", ...f)));
    const ref = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    const mine = decodeBaselineJpeg(bytes);
    assert.ok(mine, "decoded");
    assert.equal(mine.width, ref.width);
    assert.equal(mine.height, ref.height);
    let max = 0, sum = 0;
    for (let i = 0; i < ref.data.length; i++) {
      const d = Math.abs(mine.data[i] - ref.data[i]);
      max = Math.max(max, d);
      sum += d;
    }
    // Both are exact-enough IDCTs: rounding differences only.
    assert.ok(max <= 4, `max difference ${max}`);
    assert.ok(sum / ref.data.length < 1, `mean difference ${sum / ref.data.length}`);
  });
}

test("decodeBaselineJpeg() leaves progressive files to jpeg-js", () => {
  const bytes = new Uint8Array(
    readFileSync(testdataPath("html-render", "assets", "photo-progressive.jpg")),
  );
  assert.equal(decodeBaselineJpeg(bytes), undefined);
});

test("decodeBaselineJpeg() rejects non-JPEG and header-less data", () => {
  assert.throws(() => decodeBaselineJpeg(new Uint8Array([1, 2, 3, 4])), /Not a JPEG/);
  const bytes = new Uint8Array(readFileSync(testdataPath("html-render", "assets", "photo.jpg")));
  // SOI then EOI only.
  assert.throws(
    () => decodeBaselineJpeg(new Uint8Array([0xff, 0xd8, 0xff, 0xd9])),
    /no image data/,
  );
  // A truncated segment.
  assert.throws(() => decodeBaselineJpeg(bytes.subarray(0, 30)), /truncated/);
  // A truncated scan decodes what is there without crashing.
  const cut = decodeBaselineJpeg(bytes.subarray(0, bytes.length >> 1));
  assert.ok(cut === undefined || cut.width === 320);
});
