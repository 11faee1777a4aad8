// Copyright 2026 the wirekit authors. MIT license.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { PNG } from "pngjs";
import {
  decodePanelValues,
  definePalette,
  detectChanges,
  type DitherMethod,
  encodeBmp,
  encodePanelPng,
  getPalette,
  getPanel,
  HtmlRenderError,
  listDitherMethods,
  listPanels,
  listPixelFormats,
  PanelEncoder,
  type PanelMirror,
  type PanelOptions,
  panelPreview,
  type PanelRotation,
  type PixelFormat,
  type RgbaFrame,
  toPanel,
} from "../../html-render/mod.ts";
import { seededBytes } from "../_util.ts";

const BLACK = [0, 0, 0, 255], WHITE = [255, 255, 255, 255];

function frameOf(width: number, height: number, px: number[][]): RgbaFrame {
  return { width, height, data: Uint8Array.from(px.flat()) };
}

function noise(width: number, height: number, seed: number, opaque = true): RgbaFrame {
  const data = seededBytes(seed, width * height * 4);
  if (opaque) { for (let i = 3; i < data.length; i += 4) data[i] = 255; }
  return { width, height, data };
}

// ---- hand-computed vectors ----

test("toPanel() packs mono1 MSB-first, LSB-first and inverted as computed by hand", () => {
  // b w b w w w w b -> 0 1 0 1 1 1 1 0
  const f = frameOf(8, 1, [BLACK, WHITE, BLACK, WHITE, WHITE, WHITE, WHITE, BLACK]);
  assert.deepEqual([...toPanel(f, { format: "mono1" }).data], [0x5e]);
  assert.deepEqual([...toPanel(f, { format: "mono1", bitOrder: "lsb" }).data], [0x7a]);
  assert.deepEqual([...toPanel(f, { format: "mono1", invert: true }).data], [0xa1]);
});

test("toPanel() packs SSD1306 pages (column bytes, top row in bit 0) as computed by hand", () => {
  // 3 columns x 9 rows: column 0 all lit, column 1 only row 0, column 2 rows 7 and 8.
  const px: number[][] = [];
  for (let y = 0; y < 9; y++) {
    px.push(WHITE, y === 0 ? WHITE : BLACK, y >= 7 ? WHITE : BLACK);
  }
  const f = frameOf(3, 9, px);
  const out = toPanel(f, { panel: { ...getPanel("ssd1306-128x64"), width: 3, height: 9 } });
  assert.equal(out.format, "mono1-pages");
  assert.deepEqual([...out.data], [0xff, 0x01, 0x80, 0x01, 0x00, 0x01]);
  const msb = toPanel(f, { format: "mono1-pages", bitOrder: "msb" });
  assert.deepEqual([...msb.data], [0xff, 0x80, 0x01, 0x80, 0x00, 0x80]);
  assert.deepEqual(decodePanelValues(out), decodePanelValues(toPanel(f, { format: "mono1" })));
  const pages: number[] = [];
  toPanel(f, { format: "mono1-pages", onLine: (y) => pages.push(y) });
  assert.deepEqual(pages, [0, 1]);
});

test("toPanel() packs RGB565 LE/BE and RGB332 as computed by hand", () => {
  const f = frameOf(5, 1, [[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255], WHITE, [
    128,
    128,
    128,
    255,
  ]]);
  // grey 128: r = round(128*31/255) = 16, g = round(128*63/255) = 32 -> 0x8410
  assert.deepEqual(
    [...toPanel(f, { format: "rgb565" }).data],
    [0x00, 0xf8, 0xe0, 0x07, 0x1f, 0x00, 0xff, 0xff, 0x10, 0x84],
  );
  assert.deepEqual(
    [...toPanel(f, { format: "rgb565be" }).data],
    [0xf8, 0x00, 0x07, 0xe0, 0x00, 0x1f, 0xff, 0xff, 0x84, 0x10],
  );
  // 128 -> r = round(128*7/255) = 4, g = 4, b = round(128*3/255) = 2 -> 100 100 10
  assert.deepEqual([...toPanel(f, { format: "rgb332" }).data], [0xe0, 0x1c, 0x03, 0xff, 0x92]);
});

test("toPanel() packs 24/32-bit formats and gray8 as computed by hand", () => {
  const f = frameOf(2, 1, [[1, 2, 3, 255], [200, 100, 50, 128]]);
  assert.deepEqual([...toPanel(f, { format: "rgba8888" }).data], [1, 2, 3, 255, 200, 100, 50, 128]);
  // Over white: (200*128 + 255*127 + 127) / 255 = 227, (100*128+255*127+127)/255 = 177, 152
  assert.deepEqual([...toPanel(f, { format: "rgb888" }).data], [1, 2, 3, 227, 177, 152]);
  assert.deepEqual([...toPanel(f, { format: "bgr888" }).data], [3, 2, 1, 152, 177, 227]);
  const g = frameOf(3, 1, [[77, 77, 77, 255], [255, 0, 0, 255], [0, 255, 0, 255]]);
  // Grey passes through; red Y = 0.2126 -> sRGB level 127; green Y = 0.7152 -> 220
  assert.deepEqual([...toPanel(g, { format: "gray8" }).data], [77, 127, 220]);
});

test("toPanel() maps pure colours to the panel indices of ACeP and Spectra 6", () => {
  const colours = [
    [0, 0, 0],
    [255, 255, 255],
    [0, 128, 0],
    [0, 0, 255],
    [255, 0, 0],
    [
      255,
      255,
      0,
    ],
    [255, 128, 0],
    [0, 0, 0],
  ];
  const f = frameOf(8, 1, colours.map((c) => [...c, 255]));
  // black 0, white 1, green 2, blue 3, red 4, yellow 5, orange 6
  assert.deepEqual([...toPanel(f, { format: "indexed4", palette: "acep7" }).data], [
    0x01,
    0x23,
    0x45,
    0x60,
  ]);
  // Spectra 6: black 0, white 1, green 6, blue 5, red 3, yellow 2, orange -> red or yellow
  const s = [...decodePanelValues(toPanel(f, { format: "indexed8", palette: "spectra6" }))];
  assert.deepEqual(s.slice(0, 6), [0, 1, 6, 5, 3, 2]);
  assert.ok(s[6] === 3 || s[6] === 2);
  assert.deepEqual(
    [...toPanel(f, { format: "indexed4", palette: "acep7", nibbleOrder: "low" }).data],
    [0x10, 0x32, 0x54, 0x06],
  );
});

test("toPanel() writes the two planes of black/white/red e-paper", () => {
  const red = [255, 0, 0, 255];
  const f = frameOf(8, 2, [
    ...[BLACK, WHITE, red, WHITE, BLACK, BLACK, red, red],
    ...[WHITE, WHITE, WHITE, WHITE, WHITE, WHITE, WHITE, WHITE],
  ]);
  const out = toPanel(f, { format: "two-plane", palette: "bwr" });
  // black plane: 1 = not black: 0 1 1 1 0 0 1 1 = 0x73; colour plane: 0 0 1 0 0 0 1 1 = 0x23
  assert.deepEqual([...out.data], [0x73, 0xff, 0x23, 0x00]);
  assert.equal(out.planes, 2);
  const inv = toPanel(f, { format: "two-plane", palette: "bwr", invert: true, invertColor: true });
  assert.deepEqual([...inv.data], [0x8c, 0x00, 0xdc, 0xff]);
  assert.deepEqual([...decodePanelValues(inv)].slice(0, 8), [0, 1, 2, 1, 0, 0, 2, 2]);
});

test("toPanel() composites translucent pixels over the background", () => {
  const f = frameOf(2, 1, [[0, 0, 0, 0], [0, 0, 0, 0]]);
  assert.deepEqual([...toPanel(f, { format: "mono1" }).data], [0xc0]);
  assert.deepEqual(
    [...toPanel(f, { format: "mono1", background: [0, 0, 0] }).data],
    [0x00],
  );
});

test("gamma above 1 brightens mid-greys", () => {
  const f = frameOf(1, 1, [[64, 64, 64, 255]]);
  const plain = toPanel(f, { format: "gray8" }).data[0];
  const bright = toPanel(f, { format: "gray8", gamma: 2.2 }).data[0];
  assert.equal(plain, 64);
  assert.equal(bright, Math.round(255 * Math.pow(64 / 255, 1 / 2.2)));
});

// ---- properties ----

const PALETTE_CASES: [PixelFormat, string][] = [
  ["mono1", "bw"],
  ["mono1-pages", "bw"],
  ["gray2", "gray4"],
  ["gray4", "gray16"],
  ["indexed4", "acep7"],
  ["indexed4", "spectra6"],
  ["indexed8", "spectra6"],
  ["two-plane", "bwr"],
  ["two-plane", "bwy"],
];

test("every output pixel of a palette format is one of the palette's indices", () => {
  const f = noise(37, 11, 7, false);
  for (const [format, palette] of PALETTE_CASES) {
    const allowed = new Set(getPalette(palette).entries.map((e) => e.index));
    for (const { name } of listDitherMethods()) {
      for (const linear of [false, true]) {
        const out = toPanel(f, { format, palette, dither: name, linear, serpentine: linear });
        for (const v of decodePanelValues(out)) {
          assert.ok(allowed.has(v), `${format}/${palette}/${name}: value ${v}`);
        }
      }
    }
  }
});

test("output is deterministic: same input, same bytes, cold or warm cache", () => {
  const f = noise(50, 20, 99);
  const a = toPanel(f, { format: "indexed4", palette: "acep7", dither: "floyd-steinberg" });
  const b = toPanel(f, { format: "indexed4", palette: "acep7", dither: "floyd-steinberg" });
  const fresh = definePalette("copy", getPalette("acep7").entries.map((e) => ({ ...e })));
  const c = toPanel(f, { format: "indexed4", palette: fresh, dither: "floyd-steinberg" });
  assert.deepEqual(a.data, b.data);
  assert.deepEqual(a.data, c.data);
});

const ALL_FORMATS = listPixelFormats().map((f) => f.name);

test("streaming onLine() gives the same bytes as the whole frame, for every format", () => {
  const f = noise(21, 9, 3, false);
  for (const format of ALL_FORMATS) {
    const palette = format.startsWith("indexed") ? "acep7" : undefined;
    for (
      const extra of [
        { dither: "floyd-steinberg" as DitherMethod },
        { dither: "bayer4" as DitherMethod, mirror: "x" as PanelMirror },
        { dither: "stucki" as DitherMethod, rotate: 90 as PanelRotation, serpentine: true },
        { mirror: "xy" as PanelMirror, bitOrder: "lsb" as const },
      ]
    ) {
      if (format === "indexed2") continue;
      const opts: PanelOptions = { format, ...(palette ? { palette } : {}), ...extra };
      const whole = toPanel(f, opts);
      const rows: Uint8Array[] = [];
      const ys: number[] = [];
      const streamed = toPanel(f, {
        ...opts,
        onLine: (y, bytes) => {
          ys.push(y);
          rows.push(bytes.slice());
        },
      });
      assert.equal(streamed.data.length, 0);
      const units = Math.ceil(whole.height / whole.pageHeight);
      assert.deepEqual(ys, [...Array(units).keys()]);
      const planeSize = whole.stride * units;
      for (let y = 0; y < units; y++) {
        for (let p = 0; p < whole.planes; p++) {
          assert.deepEqual(
            rows[y].subarray(p * whole.stride, (p + 1) * whole.stride),
            whole.data.subarray(
              p * planeSize + y * whole.stride,
              p * planeSize + (y + 1) * whole.stride,
            ),
            `${format} ${JSON.stringify(extra)} row ${y} plane ${p}`,
          );
        }
      }
    }
  }
});

test("bands of any height (and a band source) give the same bytes as the whole frame", () => {
  const f = noise(30, 17, 5);
  const opts: PanelOptions = {
    format: "indexed4",
    palette: "acep7",
    dither: "jarvis-judice-ninke",
  };
  const whole = toPanel(f, opts).data;
  for (const band of [1, 4, 16, 17]) {
    const enc = new PanelEncoder(f, opts);
    for (let y = 0; y < f.height; y += band) {
      const n = Math.min(band, f.height - y);
      enc.pushBand(y, f.data.slice(y * 120, (y + n) * 120), n);
    }
    assert.deepEqual(enc.finish().data, whole);
  }
  const viaSource = toPanel({
    width: f.width,
    height: f.height,
    forEachBand(onBand) {
      for (let y = 0; y < f.height; y += 5) {
        onBand(y, f.data.subarray(y * 120), Math.min(5, f.height - y));
      }
    },
  }, opts);
  assert.deepEqual(viaSource.data, whole);
});

test("rotation and mirroring round-trip through the preview", () => {
  const p = getPalette("acep7");
  const W = 11, H = 6;
  const data = new Uint8Array(W * H * 4);
  const idx = seededBytes(42, W * H);
  for (let i = 0; i < W * H; i++) {
    const c = p.entries[idx[i] % 7].color;
    data.set([c[0], c[1], c[2], 255], 4 * i);
  }
  const f = { width: W, height: H, data };
  const base = toPanel(f, { format: "indexed8", palette: p });
  for (const rotate of [0, 90, 180, 270] as PanelRotation[]) {
    for (const mirror of ["none", "x", "y", "xy"] as PanelMirror[]) {
      const out = toPanel(f, { format: "indexed8", palette: p, rotate, mirror });
      assert.equal(out.width, rotate % 180 ? H : W);
      // The preview in source orientation is the original image.
      assert.deepEqual(panelPreview(out).data, panelPreview(base).data, `${rotate} ${mirror}`);
      // Panel-oriented preview, re-encoded with the inverse rotation, gives the base bytes.
      const mem = panelPreview(out, { orientation: "panel" });
      const back = toPanel(mem, {
        format: "indexed8",
        palette: p,
        ...inverse(rotate, mirror),
      });
      assert.deepEqual(back.data, base.data, `${rotate} ${mirror} inverse`);
    }
  }
  // Four quarter turns are the identity; so is mirroring twice.
  let img: RgbaFrame = f;
  for (let i = 0; i < 4; i++) {
    img = panelPreview(toPanel(img, { format: "indexed8", palette: p, rotate: 90 }), {
      orientation: "panel",
    });
  }
  assert.deepEqual(img.data, panelPreview(base).data);
});

function inverse(rotate: PanelRotation, mirror: PanelMirror): PanelOptions {
  // panel = M(R(src)); src = R^-1(M(panel)). R^-1 M = M' R^-1 where a mirror
  // swaps axes when the rotation is a quarter turn.
  const inv = ((360 - rotate) % 360) as PanelRotation;
  let m = mirror;
  if (rotate % 180 && (mirror === "x" || mirror === "y")) m = mirror === "x" ? "y" : "x";
  // Mirror first, then rotate: express as rotate-then-mirror with the swapped mirror.
  return { rotate: inv, mirror: m };
}

test("profiles: every listed panel takes a frame of its size", () => {
  const names = listPanels().map((p) => p.name);
  for (
    const n of [
      "waveshare-7in5-v2",
      "waveshare-7in3f",
      "waveshare-13in3e6",
      "inky-impression-7",
      "ssd1306-128x64",
      "ili9341-320x240",
      "gc9a01-240",
      "trmnl-800x480",
    ]
  ) assert.ok(names.includes(n), n);
  for (const p of listPanels()) {
    const f = { width: p.width, height: p.height, data: new Uint8Array(p.width * p.height * 4) };
    const out = toPanel(f, { panel: p.name, dither: "none" });
    assert.equal(out.panel, p.name);
    assert.equal(out.format, p.format);
    assert.equal(out.data.length, out.stride * Math.ceil(out.height / out.pageHeight) * out.planes);
  }
  assert.equal(toPanel(noise(240, 320, 1), { panel: "ili9341-320x240", rotate: 90 }).width, 320);
});

// ---- change detection ----

function cellsOf(out: ReturnType<typeof toPanel>, prev: ReturnType<typeof toPanel>): number[][] {
  const a = decodePanelValues(prev), b = decodePanelValues(out);
  const changed: number[][] = [];
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      if (a[y * out.width + x] !== b[y * out.width + x]) changed.push([x, y]);
    }
  }
  return changed;
}

test("detectChanges() rectangles cover every changed pixel and nothing beyond alignment", () => {
  for (
    const [format, palette, align] of [
      ["mono1", "bw", 8],
      ["indexed4", "acep7", 2],
      ["rgb565", undefined, 1],
      ["two-plane", "bwr", 8],
      ["gray2", "gray4", 4],
      ["mono1-pages", "bw", 1],
    ] as [PixelFormat, string | undefined, number][]
  ) {
    const alignY = format === "mono1-pages" ? 8 : 1;
    for (let trial = 0; trial < 12; trial++) {
      const W = 45, H = 13;
      const f1 = noise(W, H, 100 + trial);
      const f2 = { ...f1, data: f1.data.slice() };
      const r = seededBytes(500 + trial, 40);
      const n = 1 + (r[0] % 6);
      for (let k = 0; k < n; k++) {
        const x0 = r[1 + 3 * k] % W, y0 = r[2 + 3 * k] % H, s = 1 + (r[3 + 3 * k] % 5);
        for (let y = y0; y < Math.min(H, y0 + s); y++) {
          for (let x = x0; x < Math.min(W, x0 + s + 3); x++) {
            f2.data.set(
              [255 - f2.data[4 * (y * W + x)], 0, 255 - f2.data[4 * (y * W + x) + 2]],
              4 * (y * W + x),
            );
          }
        }
      }
      const opts: PanelOptions = { format, ...(palette ? { palette } : {}) };
      const a = toPanel(f1, opts), b = toPanel(f2, opts);
      const ch = detectChanges(a, b, { maxRects: 10_000 });
      const changed = cellsOf(b, a);
      assert.equal(ch.changed, changed.length > 0);
      const inRect = (x: number, y: number) =>
        ch.rects.some((q) => x >= q.x && x < q.x + q.width && y >= q.y && y < q.y + q.height);
      for (const [x, y] of changed) assert.ok(inRect(x, y), `${format}: (${x},${y}) not covered`);
      const set = new Set(
        changed.map(([x, y]) => `${Math.floor(x / align)},${Math.floor(y / alignY)}`),
      );
      for (const q of ch.rects) {
        assert.equal(q.x % align, 0);
        assert.equal(q.y % alignY, 0);
        assert.ok(q.width % align === 0 || q.x + q.width === W);
        assert.ok(q.height % alignY === 0 || q.y + q.height === H);
        for (let y = q.y; y < q.y + q.height; y += alignY) {
          for (let x = q.x; x < q.x + q.width; x += align) {
            assert.ok(
              set.has(`${x / align},${y / alignY}`),
              `${format}: cell (${x},${y}) unchanged`,
            );
          }
        }
      }
      // Rectangles do not overlap.
      for (let i = 0; i < ch.rects.length; i++) {
        for (let j = i + 1; j < ch.rects.length; j++) {
          const p = ch.rects[i], q = ch.rects[j];
          assert.ok(
            p.x + p.width <= q.x || q.x + q.width <= p.x || p.y + p.height <= q.y ||
              q.y + q.height <= p.y,
          );
        }
      }
    }
  }
});

test("detectChanges() reports nothing for equal frames, full frame for the first", () => {
  const f = noise(16, 4, 8);
  const a = toPanel(f, { format: "mono1" });
  const b = toPanel({ ...f, data: f.data.slice() }, { format: "mono1" });
  const same = detectChanges(a, b);
  assert.deepEqual(same, { changed: false, rects: [], hash: same.hash });
  assert.equal(detectChanges(undefined, a).hash, same.hash);
  assert.deepEqual(detectChanges(undefined, a).rects, [{ x: 0, y: 0, width: 16, height: 4 }]);
});

test("detectChanges() hash is stable across runtimes and differs for other bytes", () => {
  const f = noise(64, 8, 77);
  const out = toPanel(f, { format: "indexed4", palette: "acep7", dither: "floyd-steinberg" });
  const h = detectChanges(undefined, out).hash;
  assert.match(h, /^[0-9a-f]{16}$/);
  assert.equal(h, GOLDEN_HASH);
  const other = { ...out, data: out.data.slice() };
  other.data[100] ^= 1;
  assert.notEqual(detectChanges(undefined, other).hash, h);
});
const GOLDEN_HASH = "f7cd4224a4e8bc6a";

test("detectChanges() merges to fewer rectangles past maxRects", () => {
  const a = toPanel(noise(64, 16, 1), { format: "mono1" });
  const b = toPanel(noise(64, 16, 2), { format: "mono1" });
  const many = detectChanges(a, b, { maxRects: 10_000 });
  assert.ok(many.rects.length > 4);
  const few = detectChanges(a, b, { maxRects: 1 });
  assert.deepEqual(few.rects, [{ x: 0, y: 0, width: 64, height: 16 }]);
  assert.throws(() => detectChanges(a, toPanel(noise(8, 16, 2), { format: "mono1" })), RangeError);
});

// ---- file outputs ----

test("encodeBmp() writes a bottom-up 1-bit BMP that reads back as the frame", () => {
  const f = noise(13, 3, 21);
  const out = toPanel(f, { format: "mono1", dither: "floyd-steinberg" });
  const bmp = encodeBmp(out);
  const v = new DataView(bmp.buffer);
  assert.equal(String.fromCharCode(bmp[0], bmp[1]), "BM");
  assert.equal(v.getUint32(2, true), bmp.length);
  assert.equal(v.getUint32(10, true), 62);
  assert.equal(v.getInt32(18, true), 13);
  assert.equal(v.getInt32(22, true), 3);
  assert.equal(v.getUint16(28, true), 1);
  assert.deepEqual([...bmp.subarray(54, 62)], [0, 0, 0, 0, 255, 255, 255, 0]);
  assert.equal(bmp.length, 62 + 4 * 3);
  const values = decodePanelValues(out);
  for (let y = 0; y < 3; y++) {
    const row = 62 + (2 - y) * 4;
    for (let x = 0; x < 13; x++) {
      assert.equal((bmp[row + (x >> 3)] >> (7 - (x & 7))) & 1, values[y * 13 + x]);
    }
    assert.equal(bmp[row + 1] & 0x07, 0);
  }
  const lsbInv = toPanel(f, {
    format: "mono1",
    dither: "floyd-steinberg",
    bitOrder: "lsb",
    invert: true,
  });
  assert.deepEqual(encodeBmp(lsbInv), bmp);
  assert.throws(() => encodeBmp(toPanel(f, { format: "gray8" })), RangeError);
});

test("encodePanelPng() shows the palette's real colours", () => {
  const red = [255, 0, 0, 255];
  const out = toPanel(frameOf(2, 1, [red, WHITE]), { format: "indexed4", palette: "acep7" });
  const png = PNG.sync.read(Buffer.from(encodePanelPng(out)));
  assert.equal(png.width, 2);
  const shown = getPalette("acep7").entries.find((e) => e.name === "red")!.color;
  assert.deepEqual([...png.data.subarray(0, 4)], [...shown, 255]);
});

// ---- misuse and limits ----

test("unknown panel, format, palette and dither names list the valid ones", () => {
  const f = noise(4, 4, 1);
  assert.throws(() => toPanel(f, { panel: "nope" }), /valid: waveshare-7in5-v2, /);
  assert.throws(
    () => toPanel(f, { format: "rgb999" as PixelFormat }),
    /valid: mono1, mono1-pages, gray2/,
  );
  assert.throws(() => toPanel(f, { format: "indexed4", palette: "nope" }), /valid: bw, gray4/);
  assert.throws(
    () => toPanel(f, { format: "mono1", dither: "fs" as DitherMethod }),
    /valid: none, floyd-steinberg/,
  );
});

test("toPanel() rejects misuse with TypeError/RangeError", () => {
  const f = noise(4, 4, 1);
  assert.throws(() => toPanel(f, {}), TypeError);
  assert.throws(() => toPanel(f, { format: "indexed4" }), TypeError);
  assert.throws(() => toPanel(f, { format: "rgb565", palette: "bw" }), TypeError);
  assert.throws(() => toPanel(f, { format: "mono1", palette: "acep7" }), RangeError);
  assert.throws(() => toPanel(f, { panel: "waveshare-7in3f" }), /does not fit panel/);
  assert.throws(() => toPanel(f, { format: "mono1", rotate: 45 as PanelRotation }), RangeError);
  assert.throws(() => toPanel(f, { format: "mono1", gamma: 0 }), RangeError);
  assert.throws(() => toPanel({ ...f, data: f.data.subarray(1) }, { format: "mono1" }), RangeError);
  assert.throws(
    () => toPanel(f, { format: "mono1", maxPixels: 15 }),
    (e: unknown) =>
      e instanceof HtmlRenderError && e.code === "ELIMIT" && /maxPixels/.test(e.message),
  );
  assert.throws(
    () => new PanelEncoder({ width: 1e6, height: 1e6 }, { format: "mono1" }),
    (e: unknown) => e instanceof HtmlRenderError && e.code === "ELIMIT",
  );
  const enc = new PanelEncoder(f, { format: "mono1" });
  assert.throws(() => enc.pushBand(1, f.data, 1), /expected row 0/);
  enc.pushRows(f.data, 2);
  assert.throws(() => enc.finish(), /Got 2 of 4 rows/);
  assert.throws(() => enc.pushRows(f.data, 3), /past the image height/);
  assert.throws(() => decodePanelValues(toPanel(f, { format: "mono1", onLine() {} })), RangeError);
});

test("a 256-colour palette maps to every index, including the last", () => {
  const greys = definePalette(
    "grey256",
    Array.from({ length: 256 }, (_, i) => ({ index: 255 - i, color: [i, i, i] as const })),
  );
  const px: number[][] = [[255, 255, 255, 255], [0, 0, 0, 255], [255, 255, 255, 255]];
  const out = toPanel(frameOf(3, 1, px), { format: "indexed8", palette: greys });
  // white is the last entry (position 255, panel index 0); black is panel index 255
  assert.deepEqual([...out.data], [0, 255, 0]);
});
