// Copyright 2026 the wirekit authors. MIT license.
import { Buffer } from "node:buffer";
import { test } from "node:test";
import assert from "node:assert/strict";
import { PNG } from "pngjs";
import {
  createResourceLoader,
  encodePng,
  HtmlRenderError,
  layoutHtml,
  rasterize,
  renderHtml,
} from "../../html-render/mod.ts";

function px(frame: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = (y * frame.width + x) * 4;
  return [...frame.data.subarray(i, i + 4)];
}

const TEXT_PAGE = '<body style="margin:4px;font:16px sans-serif">Hello wirekit, bands of lines! ' +
  '<span style="border-radius:6px;background:#fc0">badge</span><div style="height:30px;border:3px dashed #00f;border-radius:9px"></div></body>';

test("rasterize() streams bands that equal the whole frame", async () => {
  const { displayList } = await layoutHtml(TEXT_PAGE, { width: 120, height: 90 });
  const whole = rasterize(displayList)!;
  const streamed = new Uint8Array(whole.data.length);
  let calls = 0;
  const ret = rasterize(displayList, {
    bandHeight: 7,
    onBand: (y, lines, count) => {
      calls++;
      streamed.set(lines.subarray(0, count * 120 * 4), y * 120 * 4);
    },
  });
  assert.equal(ret, undefined);
  assert.equal(calls, Math.ceil(90 / 7));
  assert.deepEqual(streamed, whole.data);
});

test("rasterize() rejects a bad band height", async () => {
  const { displayList } = await layoutHtml("<p>x</p>", { width: 10, height: 10 });
  assert.throws(() => rasterize(displayList, { bandHeight: 0 }), RangeError);
});

test("renderHtml() applies specificity, !important, inline styles and var() fallbacks", async () => {
  const html = `<style>
    #a { background: red } .b { background: lime !important }
    #c { background: red } div { --x: #0000ff }
    .d { background: var(--missing, #ff00ff) } .e { background: var(--x) }
  </style><body style="margin:0">
  <div id="a" class="b" style="height:5px"></div>
  <div id="c" style="height:5px;background:#123456"></div>
  <div class="d" style="height:5px"></div><div class="e" style="height:5px"></div></body>`;
  const { frame } = await renderHtml(html, { width: 10, height: 20 });
  assert.deepEqual(px(frame, 2, 2), [0, 255, 0, 255]);
  assert.deepEqual(px(frame, 2, 7), [0x12, 0x34, 0x56, 255]);
  assert.deepEqual(px(frame, 2, 12), [255, 0, 255, 255]);
  assert.deepEqual(px(frame, 2, 17), [0, 0, 255, 255]);
});

test("renderHtml() evaluates @media against the target, including monochrome", async () => {
  const html = `<style>div{height:10px;background:red}
    @media (monochrome) { .m { background: black } } @media (max-width: 50px) { .w { background: black } }</style>
    <body style="margin:0"><div class="m"></div><div class="w"></div></body>`;
  const { frame } = await renderHtml(html, { width: 40, height: 20, media: { monochrome: 1 } });
  assert.deepEqual(px(frame, 5, 5), [0, 0, 0, 255]);
  assert.deepEqual(px(frame, 5, 15), [0, 0, 0, 255]);
  const colour = await renderHtml(html, { width: 80, height: 20 });
  assert.deepEqual(px(colour.frame, 5, 5), [255, 0, 0, 255]);
});

test("renderHtml() reports unsupported properties, values and selectors with source locations", async () => {
  const html =
    "<style>\np { float: left; color: nonsense; frobnicate: 1 }\na::before { color: red }\n</style><p>x</p>";
  const { diagnostics } = await renderHtml(html, {
    width: 50,
    height: 20,
    baseUrl: "file:///page.html",
  });
  const msgs = diagnostics.map((d) => `${d.kind}@${d.line}:${d.column} ${d.message}`);
  assert.ok(msgs.some((m) => m.startsWith("value@2:") && m.includes('"color"')), msgs.join("\n"));
  assert.ok(
    msgs.some((m) => m.startsWith("property@2:") && m.includes("frobnicate")),
    msgs.join("\n"),
  );
  assert.ok(
    msgs.some((m) => m.startsWith("selector@3:") && m.includes("a::before")),
    msgs.join("\n"),
  );
  assert.ok(diagnostics.every((d) => d.source === "file:///page.html"));
});

test("renderHtml() degrades a broken image and stylesheet without aborting the page", async () => {
  const html = '<link rel="stylesheet" href="data:text/css,%ZZ"><body style="margin:0">' +
    '<img id="i" src="data:image/png;base64,AAAA" width="20" height="10"><div style="height:5px;background:#00f"></div></body>';
  const { frame, diagnostics, boxes } = await renderHtml(html, { width: 30, height: 30 });
  assert.equal(
    diagnostics.filter((d) => d.kind === "asset").length,
    2,
    JSON.stringify(diagnostics),
  );
  assert.equal(boxes.get("i")?.width, 20);
  assert.deepEqual(px(frame, 5, 5), [255, 255, 255, 255]);
});

test("renderHtml() enforces limits.domNodes and limits.imagePixels", async () => {
  await assert.rejects(
    renderHtml("<div></div>".repeat(50), { width: 10, height: 10, limits: { domNodes: 20 } }),
    (e: unknown) => e instanceof HtmlRenderError && e.code === "ELIMIT",
  );
  const big = new PNG({ width: 300, height: 300 });
  const src = `data:image/png;base64,${PNG.sync.write(big).toString("base64")}`;
  const { diagnostics } = await renderHtml(`<img src="${src}">`, {
    width: 10,
    height: 10,
    limits: { imagePixels: 1000 },
  });
  assert.ok(diagnostics.some((d) => d.kind === "asset" && d.message.includes("imagePixels")));
});

test("renderHtml() crisp mode draws glyphs without grey pixels", async () => {
  const html =
    '<body style="margin:2px;font-size:14px;color:#000;background:#fff">Crisp 1-bit text</body>';
  const { frame } = await renderHtml(html, { width: 120, height: 24, crisp: true });
  let black = 0;
  for (let i = 0; i < frame.data.length; i += 4) {
    const v = frame.data[i];
    assert.ok(v === 0 || v === 255, `grey value ${v}`);
    if (v === 0) black++;
  }
  assert.ok(black > 50);
  const aa = await renderHtml(html, { width: 120, height: 24 });
  assert.ok(
    aa.frame.data.some((v, i) => i % 4 === 0 && v > 0 && v < 255),
    "anti-aliased render has grey pixels",
  );
});

test("layoutHtml() lays out flexbox, grid and absolute positioning", async () => {
  const html = `<body style="margin:0">
    <div style="display:flex;width:300px;gap:10px"><div id="f1" style="flex:1;height:10px"></div><div id="f2" style="flex:2;height:10px"></div></div>
    <div style="display:grid;grid-template-columns:100px 1fr;width:300px"><div id="g1">a</div><div id="g2">b</div></div>
    <div style="position:relative;width:200px;height:100px"><div id="abs" style="position:absolute;right:10px;bottom:5px;width:20px;height:20px"></div></div>
  </body>`;
  const { boxes } = await layoutHtml(html, { width: 400, height: 300 });
  assert.equal(boxes.get("f1")!.width.toFixed(2), (290 / 3).toFixed(2));
  assert.equal(boxes.get("f2")!.x.toFixed(2), (290 / 3 + 10).toFixed(2));
  assert.equal(boxes.get("g2")!.x, 100);
  assert.equal(boxes.get("g2")!.width, 200);
  const abs = boxes.get("abs")!;
  assert.equal(abs.x, 170);
  assert.equal(abs.y, boxes.get("g1")!.y + boxes.get("g1")!.height + 75);
});

test("createResourceLoader() serves data: URLs and refuses hosts outside the allow-list", async () => {
  const load = createResourceLoader({ allowHosts: ["127.0.0.1:1"] });
  assert.deepEqual([...await load("data:;base64,AQID")], [1, 2, 3]);
  await assert.rejects(
    load("https://example.com/x.png"),
    (e: unknown) => e instanceof HtmlRenderError && e.code === "ELOAD",
  );
  await assert.rejects(
    load("ftp://example.com/x"),
    (e: unknown) => e instanceof HtmlRenderError && e.code === "ELOAD",
  );
  const small = createResourceLoader({ maxBytes: 2 });
  await assert.rejects(
    small("data:;base64,AQIDBA=="),
    (e: unknown) => e instanceof HtmlRenderError && e.code === "ELIMIT",
  );
  const noFiles = createResourceLoader({ allowFiles: false });
  await assert.rejects(
    noFiles("file:///etc/hostname"),
    (e: unknown) => e instanceof HtmlRenderError && e.code === "ELOAD",
  );
});

test("encodePng() round-trips through a PNG decoder", () => {
  const data = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) & 255);
  const png = PNG.sync.read(Buffer.from(encodePng({ width: 3, height: 2, data })));
  assert.equal(png.width, 3);
  assert.deepEqual(new Uint8Array(png.data), data);
  assert.throws(() => encodePng({ width: 2, height: 2, data: new Uint8Array(3) }), RangeError);
});

test("renderHtml() treats Object.prototype names as unknown properties and font families", async () => {
  const html = '<p style="constructor: red; hasOwnProperty: 1; font-family: constructor">x</p>';
  const plain = '<p style="font-family: nosuchfamily">x</p>';
  const r = await renderHtml(html, { width: 20, height: 20 });
  const props = r.diagnostics.filter((d) => d.kind === "property").map((d) => d.message);
  assert.deepEqual(props, [
    'Unsupported property "constructor"',
    'Unsupported property "hasownproperty"',
  ]);
  // The family falls back like any unknown family: same pixels.
  const p = await renderHtml(plain, { width: 20, height: 20 });
  assert.deepEqual(r.frame.data, p.frame.data);
});
