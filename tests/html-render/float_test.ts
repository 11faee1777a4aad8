// Copyright 2026 the wirekit authors. MIT license.
// Floats: placement against their side, line boxes shortened beside them,
// clearance, containment by a block formatting context, blockification.
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderHtml } from "../../html-render/mod.ts";

function px(frame: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = (y * frame.width + x) * 4;
  return [...frame.data.subarray(i, i + 4)];
}

const BASE = "<body style='margin:0;font:10px/10px \"DejaVu Sans\"'>";

test("renderHtml() places left and right floats at their sides", async () => {
  const html = BASE + `<div id="l" style="float:left;width:20px;height:10px;background:#f00"></div>
    <div id="r" style="float:right;width:30px;height:10px;background:#00f"></div>
    <div id="l2" style="float:left;width:20px;height:10px;background:#0f0"></div></body>`;
  const { boxes, frame } = await renderHtml(html, { width: 100, height: 30 });
  assert.deepEqual(boxes.get("l"), { x: 0, y: 0, width: 20, height: 10 });
  assert.deepEqual(boxes.get("r"), { x: 70, y: 0, width: 30, height: 10 });
  assert.deepEqual(boxes.get("l2"), { x: 20, y: 0, width: 20, height: 10 });
  assert.deepEqual(px(frame, 75, 5), [0, 0, 255, 255]);
});

test("renderHtml() shortens line boxes beside a float and widens them below it", async () => {
  const html = BASE + `<div style="float:left;width:40px;height:20px;background:#f00"></div>
    <p id="p" style="margin:0">aaaa bbbb cccc dddd eeee ffff gggg hhhh</p></body>`;
  const { frame, boxes } = await renderHtml(html, { width: 100, height: 60 });
  // Lines 1-2 start right of the float: no text ink in x < 40 there; line 3+ starts at 0.
  const inkIn = (x0: number, x1: number, y0: number, y1: number) => {
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        if (px(frame, x, y)[1] < 128 && px(frame, x, y)[0] < 128) return true;
      }
    }
    return false;
  };
  assert.equal(inkIn(0, 40, 0, 20), false, "no text over the float");
  assert.ok(inkIn(40, 100, 0, 20), "text beside the float");
  assert.ok(inkIn(0, 20, 20, 40), "text below the float starts at the left edge");
  assert.ok(boxes.get("p")!.height >= 30);
});

test("renderHtml() moves a clear:both block below the floats", async () => {
  const html = BASE + `<div style="float:left;width:10px;height:25px"></div>
    <div style="float:right;width:10px;height:35px"></div>
    <div id="c" style="clear:both;height:5px"></div><div id="l" style="clear:left;height:5px"></div></body>`;
  const { boxes } = await renderHtml(html, { width: 100, height: 60 });
  assert.equal(boxes.get("c")!.y, 35);
  assert.equal(boxes.get("l")!.y, 40);
});

test("renderHtml() makes a block formatting context contain its floats", async () => {
  const html = BASE +
    `<div id="bfc" style="overflow:hidden"><div style="float:left;width:10px;height:30px"></div></div>
    <div id="plain"><div style="float:left;width:10px;height:30px"></div></div></body>`;
  const { boxes } = await renderHtml(html, { width: 100, height: 80 });
  assert.equal(boxes.get("bfc")!.height, 30);
  assert.equal(boxes.get("plain")!.height, 0);
});

test("renderHtml() blockifies a floated inline element and drops float on absolute boxes", async () => {
  const html = BASE +
    `<span id="s" style="float:right;width:25px;height:8px;background:#000"></span>
    <span id="a" style="position:absolute;float:left;left:50px;top:20px;width:5px;height:5px"></span></body>`;
  const { boxes } = await renderHtml(html, { width: 100, height: 40 });
  assert.deepEqual(boxes.get("s"), { x: 75, y: 0, width: 25, height: 8 });
  assert.equal(boxes.get("a")!.x, 50);
});
