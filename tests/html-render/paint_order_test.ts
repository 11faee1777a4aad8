// Copyright 2026 the wirekit authors. MIT license.
// Paint order and compositing: stacking contexts with negative z-index,
// positioned descendants escaping non-context positioned boxes, group
// opacity, collapsed table borders and empty lines from <br>.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rasterize, renderHtml } from "../../html-render/mod.ts";
import type { DisplayList } from "../../html-render/mod.ts";

function px(frame: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = (y * frame.width + x) * 4;
  return [...frame.data.subarray(i, i + 4)];
}

test("renderHtml() paints negative z-index children under the context's in-flow content", async () => {
  const html =
    `<body style="margin:0"><div style="position:relative;z-index:0;width:40px;height:40px;background:#00f">
    <div style="height:20px;background:#0f0"></div>
    <div style="position:absolute;left:0;top:0;width:40px;height:40px;background:#f00;z-index:-1"></div></div></body>`;
  const { frame } = await renderHtml(html, { width: 50, height: 50 });
  assert.deepEqual(px(frame, 10, 10), [0, 255, 0, 255], "in-flow block over the z=-1 child");
  assert.deepEqual(px(frame, 10, 30), [255, 0, 0, 255], "z=-1 child over the context background");
});

test("renderHtml() lets z-index children of a z-index:auto positioned box join the parent context", async () => {
  const html = `<body style="margin:0">
    <div style="position:absolute;left:0;top:0;width:40px;height:40px">
      <div style="position:absolute;left:0;top:0;width:40px;height:40px;background:#0f0;z-index:5"></div></div>
    <div style="position:absolute;left:0;top:0;width:40px;height:40px;background:#f00;z-index:2"></div></body>`;
  const { frame } = await renderHtml(html, { width: 50, height: 50 });
  assert.deepEqual(px(frame, 20, 20), [0, 255, 0, 255]);
});

test("renderHtml() composites opacity as a group: overlapping children do not show through", async () => {
  const html =
    `<body style="margin:0;background:#fff"><div style="opacity:0.5;position:relative;height:40px">
    <div style="position:absolute;left:0;top:0;width:30px;height:30px;background:#00f"></div>
    <div style="position:absolute;left:10px;top:10px;width:30px;height:30px;background:#f00"></div></div></body>`;
  const { frame } = await renderHtml(html, { width: 50, height: 50 });
  // Group: 50% red over white. Per-item alpha would give a purple mix here.
  assert.deepEqual(px(frame, 20, 20), [255, 128, 128, 255]);
  assert.deepEqual(px(frame, 5, 5), [128, 128, 255, 255]);
});

test("rasterize() composites a group item with its opacity, in bands too", () => {
  const red: [number, number, number, number] = [255, 0, 0, 255];
  const list: DisplayList = {
    width: 8,
    height: 8,
    background: [255, 255, 255, 255],
    items: [
      { kind: "group", x0: 0, y0: 0, x1: 8, y1: 8, opacity: 0.5 },
      { kind: "rect", x0: 0, y0: 0, x1: 8, y1: 8, color: [0, 0, 255, 255] },
      { kind: "rect", x0: 0, y0: 0, x1: 8, y1: 8, color: red },
      { kind: "groupEnd", x0: 0, y0: 0, x1: 8, y1: 8 },
    ],
  };
  const whole = rasterize(list)!;
  assert.deepEqual(px(whole, 3, 3), [255, 128, 128, 255]);
  const rows: number[][] = [];
  rasterize(list, { bandHeight: 3, onBand: (y, lines) => rows.push([y, ...lines.subarray(0, 4)]) });
  assert.deepEqual(rows.map((r) => r.slice(1)), [[255, 128, 128, 255], [255, 128, 128, 255], [
    255,
    128,
    128,
    255,
  ]]);
});

test("renderHtml() gives an empty line between two <br> the line height", async () => {
  const html = `<p id="two" style="margin:0;font-size:16px;line-height:20px">a<br><br>b</p>` +
    `<p id="one" style="margin:0;font-size:16px;line-height:20px">a<br>b</p>`;
  const { boxes } = await renderHtml(html, { width: 100, height: 100 });
  assert.equal(boxes.get("two")!.height, 60);
  assert.equal(boxes.get("one")!.height, 40);
});

test("renderHtml() resolves collapsed table borders: the wider border wins and takes half its width", async () => {
  const html = `<body style="margin:0"><table style="border-collapse:collapse">
    <tr><td id="a" style="border:2px solid #00f;padding:0;width:20px;height:20px"></td>
    <td id="b" style="border:6px solid #f00;padding:0;width:20px;height:20px"></td></tr></table></body>`;
  const { frame, boxes } = await renderHtml(html, { width: 80, height: 50 });
  const a = boxes.get("a")!, b = boxes.get("b")!;
  // The shared edge is 6px wide: 3px on each side of the grid line.
  assert.equal(b.x - a.x, 20 + 1 + 3);
  const edge = a.x + a.width; // the grid line between the cells
  assert.deepEqual(px(frame, Math.floor(edge - 2), Math.floor(a.y + 10)), [255, 0, 0, 255]);
  assert.deepEqual(px(frame, Math.floor(edge + 2), Math.floor(a.y + 10)), [255, 0, 0, 255]);
});

test("renderHtml() paints radial gradients and reports malformed ones", async () => {
  const html = `<body style="margin:0">
    <div style="width:40px;height:40px;background:radial-gradient(circle closest-side, #f00 50%, #00f 50%)"></div>
    <div style="width:40px;height:40px;background:radial-gradient(circle 10px 20px, red, blue)"></div></body>`;
  const { frame, diagnostics } = await renderHtml(html, { width: 40, height: 80 });
  assert.deepEqual(px(frame, 20, 20), [255, 0, 0, 255], "centre: first stop");
  assert.deepEqual(px(frame, 20, 2), [0, 0, 255, 255], "near the edge: last stop");
  assert.ok(diagnostics.some((d) => d.message.includes("radial-gradient")));
});
