// Copyright 2026 the wirekit authors. MIT license.
// What is cached between renders (fonts, faces, compiled stylesheets, the
// rasterizer's scratch buffers) must never change what a render produces.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  clipCov,
  type DisplayList,
  layoutHtml,
  rasterize,
  renderHtml,
} from "../../html-render/mod.ts";
import { repoRoot } from "../_util.ts";

const ttfDir = join(repoRoot, "node_modules", "dejavu-fonts-ttf", "ttf");

function px(frame: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = (y * frame.width + x) * 4;
  return [...frame.data.subarray(i, i + 4)];
}

test("layoutHtml() reports a stylesheet's diagnostics on every render, not only the first", async () => {
  const page = "<style>@supports (display:grid) { p { color: red } }\n" +
    "p::first-letter { color: blue }\n@font-face { src: url(x.ttf) }</style><p>x</p>";
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const { diagnostics } = await layoutHtml(page, { width: 40, height: 20 });
    runs.push(diagnostics.map((d) => `${d.kind} ${d.message} ${d.line}:${d.column}`));
  }
  assert.ok(runs[0].some((m) => m.includes("@supports")), runs[0].join("\n"));
  assert.ok(runs[0].some((m) => m.includes("font-family or src")), runs[0].join("\n"));
  assert.ok(runs[0].some((m) => m.startsWith("selector ")), runs[0].join("\n"));
  assert.deepEqual(runs[1], runs[0]);
  assert.deepEqual(runs[2], runs[0]);
});

test("layoutHtml() applies limits.cssRules to a stylesheet it has compiled before", async () => {
  const css = "#a{height:1px}#b{height:2px}#c{height:3px}#d{height:4px}#e{height:5px}";
  const page = `<style>${css}</style><div id=a></div><div id=b></div><div id=c></div>` +
    `<div id=d></div><div id=e></div>`;
  const opts = { width: 40, height: 40 };
  const limited = { ...opts, limits: { cssRules: 3 } };
  for (const o of [limited, opts, limited, opts]) {
    const { boxes, diagnostics } = await layoutHtml(page, o);
    const cut = o === limited;
    assert.equal(boxes.get("c")!.height, 3);
    assert.equal(boxes.get("d")!.height, cut ? 0 : 4);
    assert.equal(boxes.get("e")!.height, cut ? 0 : 5);
    assert.equal(diagnostics.some((d) => d.kind === "limit"), cut);
  }
});

test("renderHtml() keeps two caller fonts of the same size and family apart", async () => {
  // The bold face padded to the regular face's length: same size, same
  // family name, different glyphs.
  const regular = new Uint8Array(readFileSync(join(ttfDir, "DejaVuSans.ttf")));
  const boldRaw = new Uint8Array(readFileSync(join(ttfDir, "DejaVuSans-Bold.ttf")));
  const bold = new Uint8Array(regular.length);
  bold.set(boldRaw);
  const page = '<body style="margin:0;font:24px Probe">Wide</body>';
  const render = (data: Uint8Array) =>
    renderHtml(page, {
      width: 80,
      height: 30,
      fonts: [{ family: "Probe", data }],
      bundledFonts: false,
    });
  const ink = (f: { data: Uint8Array }) => {
    let n = 0;
    for (let i = 0; i < f.data.length; i += 4) n += 255 - f.data[i];
    return n;
  };
  const a = (await render(regular)).frame;
  const b = (await render(bold)).frame;
  const a2 = (await render(regular)).frame;
  assert.ok(ink(b) > ink(a) * 1.1, `bold ink ${ink(b)} vs regular ${ink(a)}`);
  assert.deepEqual(a2.data, a.data);
});

test("rasterize() draws an image under rounded clips with exactly clipCov() coverage", () => {
  const W = 64, H = 48;
  // An opaque blue image, white canvas: every pixel's blue-less channel says its coverage.
  const img = { width: W, height: H, data: new Uint8Array(W * H * 4) };
  for (let i = 0; i < W * H; i++) img.data.set([0, 0, 255, 255], i * 4);
  const clips = [
    {
      x0: 3.3,
      y0: 2.6,
      x1: 58.7,
      y1: 44.2,
      rounded: [{
        x: 3.3,
        y: 2.6,
        w: 55.4,
        h: 41.6,
        r: [9.5, 4, 0, 14.2] as [number, number, number, number],
      }],
    },
    {
      x0: 0,
      y0: 0,
      x1: 64,
      y1: 48,
      rounded: [
        { x: 0.5, y: 0.5, w: 63, h: 47, r: [20, 20, 20, 20] as [number, number, number, number] },
        { x: 10.25, y: 4.75, w: 40, h: 30, r: [3, 12, 6, 0] as [number, number, number, number] },
      ],
    },
    // Rounded rectangles far off the canvas (2^32 px): nothing is inside.
    {
      x0: 0,
      y0: 0,
      x1: 2 ** 32 + 64,
      y1: 48,
      rounded: [
        { x: 2 ** 32, y: 0, w: 64, h: 48, r: [4, 4, 4, 4] as [number, number, number, number] },
      ],
    },
  ];
  for (const clip of clips) {
    const list: DisplayList = {
      width: W,
      height: H,
      background: [255, 255, 255, 255],
      items: [{
        kind: "image",
        x0: 0,
        y0: 0,
        x1: W,
        y1: H,
        x: 0,
        y: 0,
        image: img,
        repeatX: false,
        repeatY: false,
        opacity: 1,
        clip,
      }],
    };
    for (const bandHeight of [5, 32]) {
      const f = rasterize(list, { bandHeight })!;
      let full = 0, partial = 0;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const cov = clipCov(clip, x + 0.5, y + 0.5);
          const p = px(f, x, y);
          if (cov >= 1) {
            full++;
            assert.deepEqual(p, [0, 0, 255, 255], `(${x},${y}) cov 1`);
          } else if (cov <= 0) assert.deepEqual(p, [255, 255, 255, 255], `(${x},${y}) cov 0`);
          else {
            partial++;
            // Source-over of blue at `cov` on white, as #blend() rounds it.
            const a = (((255 * cov * 65536) / 255 + 0.5) | 0) / 65536;
            const red = a >= 0.999 ? 0 : Math.trunc(255 * (1 - a) + 0.5);
            assert.equal(p[0], red, `(${x},${y}) cov ${cov}`);
          }
        }
      }
      if (clip.x1 < 1e9) assert.ok(full > 500 && partial > 20, `full ${full}, partial ${partial}`);
      else assert.equal(full + partial, 0);
    }
  }
});

test("renderHtml() draws the same text after its font caches were emptied by their size budget", async () => {
  const page = '<body style="margin:2px;font:15px sans-serif">Greenhouse 23.4 °C · CO₂</body>';
  const opts = { width: 220, height: 24 };
  const before = (await renderHtml(page, opts)).frame;
  // About 4000 distinct shaped words: more than the 2 MiB a font's caches may hold.
  const words: string[] = [];
  for (let i = 0; i < 4000; i++) words.push(`w${i.toString(36)}x${(i * 7919).toString(36)}`);
  const { diagnostics } = await layoutHtml(
    `<body style="font:12px sans-serif">${words.join(" ")}</body>`,
    { width: 800, height: 480 },
  );
  assert.equal(diagnostics.length, 0);
  const after = (await renderHtml(page, opts)).frame;
  assert.deepEqual(after.data, before.data);
});
