#!/usr/bin/env node
// Independent reference for the panel stage's golden bytes. It does not
// import wirekit: it follows the written definition (html-render/_panel_quantizer.ts
// header comment, palette.ts colours, pixel_format.ts layouts) with plain,
// slow, whole-image code. Run ONCE to create golden.json; the test suite
// treats golden.json as fixed data. Never re-run it to make a failing test pass.
import { writeFileSync } from "node:fs";

const TOP = 4080;
const lin = (c) => { const u = c / 255; return u <= 0.04045 ? u / 12.92 : ((u + 0.055) / 1.055) ** 2.4; };
const toSrgb = (v) => v <= 0 ? 0 : v >= 1 ? 1 : v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
function oklab([r, g, b]) {
  const [lr, lg, lb] = [lin(r), lin(g), lin(b)];
  const l = Math.cbrt(0.4122214708 * lr + 0.5363325363 * lg + 0.0514459929 * lb);
  const m = Math.cbrt(0.2119034982 * lr + 0.6806995451 * lg + 0.1073969566 * lb);
  const s = Math.cbrt(0.0883024619 * lr + 0.2817188376 * lg + 0.6299787005 * lb);
  return [
    0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s,
  ];
}
const hexc = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const PALETTES = {
  bw: [[0, "#000000"], [1, "#ffffff"]],
  gray4: [0, 1, 2, 3].map((i) => [i, "#" + Math.round(i * 85).toString(16).padStart(2, "0").repeat(3)]),
  gray16: [...Array(16).keys()].map((i) => [i, "#" + (i * 17).toString(16).padStart(2, "0").repeat(3)]),
  bwr: [[0, "#000000"], [1, "#ffffff"], [2, "#be1e23"]],
  bwy: [[0, "#000000"], [1, "#ffffff"], [2, "#e6c81e"]],
  acep7: [[0, "#1c181c"], [1, "#f0f0ec"], [2, "#286e3c"], [3, "#283278"], [4, "#be322d"], [5, "#e6d23c"], [6, "#d77332"]],
  spectra6: [[0, "#191e21"], [1, "#e8e8e8"], [2, "#efde44"], [3, "#b21318"], [5, "#2157ba"], [6, "#125f20"]],
  custom4: [[3, "#102030"], [2, "#f0e0d0"], [1, "#40a040"], [0, "#a04040"]],
};
const KERNELS = {
  "floyd-steinberg": [16, [[1, 0, 7], [-1, 1, 3], [0, 1, 5], [1, 1, 1]]],
  atkinson: [8, [[1, 0, 1], [2, 0, 1], [-1, 1, 1], [0, 1, 1], [1, 1, 1], [0, 2, 1]]],
  "jarvis-judice-ninke": [48, [[1, 0, 7], [2, 0, 5], [-2, 1, 3], [-1, 1, 5], [0, 1, 7], [1, 1, 5], [2, 1, 3], [-2, 2, 1], [-1, 2, 3], [0, 2, 5], [1, 2, 3], [2, 2, 1]]],
  stucki: [42, [[1, 0, 8], [2, 0, 4], [-2, 1, 2], [-1, 1, 4], [0, 1, 8], [1, 1, 4], [2, 1, 2], [-2, 2, 1], [-1, 2, 2], [0, 2, 4], [1, 2, 2], [2, 2, 1]]],
  "sierra-lite": [4, [[1, 0, 2], [-1, 1, 1], [0, 1, 1]]],
};
function bayer(n) {
  if (n === 1) return [[0]];
  const h = bayer(n / 2);
  const m = [];
  for (let y = 0; y < n; y++) {
    m.push([]);
    for (let x = 0; x < n; x++) {
      const v = 4 * h[y % (n / 2)][x % (n / 2)];
      m[y].push(v + [[0, 2], [3, 1]][y < n / 2 ? 0 : 1][x < n / 2 ? 0 : 1]);
    }
  }
  return m;
}
const FORMAT_BITS = { mono1: 1, gray2: 2, gray4: 4, gray8: 8, rgb332: 8, rgb565: 16, rgb565be: 16, rgb888: 24, bgr888: 24, rgba8888: 32, indexed2: 2, indexed4: 4, indexed8: 8, "two-plane": 1 };
const DEFAULT_PAL = { mono1: "bw", gray2: "gray4", gray4: "gray16", "two-plane": "bwr" };

function reference(img, o) {
  const { width: W, height: H, data } = img;
  const fmt = o.format;
  const dither = o.dither ?? "none";
  const linear = !!o.linear;
  const bg = [255, 255, 255];
  const px = (x, y, k) => {
    const i = 4 * (y * W + x), a = data[i + 3];
    return a === 255 ? data[i + k] : Math.floor((data[i + k] * a + bg[k] * (255 - a) + 127) / 255);
  };
  const palName = o.palette ?? DEFAULT_PAL[fmt];
  const indexed = palName !== undefined;
  const values = [];
  if (indexed) {
    const pal = PALETTES[palName].map(([index, h]) => ({ index, c: hexc(h) }));
    const labs = pal.map((p) => oklab(p.c));
    const work = (c) => (linear ? Math.round(TOP * lin(c)) : 16 * c);
    const palW = pal.map((p) => p.c.map(work));
    const cell = (v) => (linear ? Math.round(255 * toSrgb(v / TOP)) : Math.round(v / 16)) >> 2;
    const nearest = (rgb) => {
      const q = oklab(rgb.map((v) => { const c = cell(v); return (c << 2) | (c >> 4); }));
      let best = 0, bd = Infinity;
      labs.forEach((l, i) => { const d = (q[0] - l[0]) ** 2 + (q[1] - l[1]) ** 2 + (q[2] - l[2]) ** 2; if (d < bd) { bd = d; best = i; } });
      return best;
    };
    let spread;
    const cs = pal.map((p) => p.c);
    if (cs.every((c) => c[0] === c[1] && c[1] === c[2])) {
      const lv = [...new Set(cs.map((c) => c[0]))].sort((a, b) => a - b);
      spread = Math.max(...lv.slice(1).map((v, i) => v - lv[i]));
    } else spread = 255 / Math.max(1, Math.round(Math.cbrt(cs.length)));
    const acc = Array.from({ length: H + 3 }, () => Array.from({ length: W }, () => [0, 0, 0]));
    for (let y = 0; y < H; y++) {
      values.push(new Array(W));
      const back = o.serpentine && y % 2 === 1;
      for (let n = 0; n < W; n++) {
        const x = back ? W - 1 - n : n;
        let v = [0, 1, 2].map((k) => work(px(x, y, k)));
        if (KERNELS[dither]) {
          const div = KERNELS[dither][0];
          v = v.map((c, k) => Math.min(TOP, Math.max(0, c + Math.floor(acc[y][x][k] / div))));
        } else if (dither.startsWith("bayer")) {
          const s = +dither.slice(5);
          const t = Math.round(((bayer(s)[y % s][x % s] + 0.5) / (s * s) - 0.5) * spread * 16);
          v = v.map((c) => Math.min(TOP, Math.max(0, c + t)));
        }
        const p = nearest(v);
        values[y][x] = p;
        if (KERNELS[dither]) {
          const e = v.map((c, k) => c - palW[p][k]);
          for (const [dx, dy, w] of KERNELS[dither][1]) {
            const tx = x + (back ? -dx : dx);
            if (tx >= 0 && tx < W) for (let k = 0; k < 3; k++) acc[y + dy][tx][k] += e[k] * w;
          }
        }
      }
    }
    return { values, pal };
  }
  if (fmt === "rgb565" || fmt === "rgb565be" || fmt === "rgb332") {
    const L = fmt === "rgb332" ? [7, 7, 3] : [31, 63, 31];
    const acc = Array.from({ length: H + 3 }, () => Array.from({ length: W }, () => [0, 0, 0]));
    for (let y = 0; y < H; y++) {
      values.push(new Array(W));
      const back = o.serpentine && KERNELS[dither] && y % 2 === 1;
      for (let n = 0; n < W; n++) {
        const x = back ? W - 1 - n : n;
        const q = [0, 0, 0];
        for (let k = 0; k < 3; k++) {
          let s = 16 * px(x, y, k);
          if (KERNELS[dither]) s += Math.floor(acc[y][x][k] / KERNELS[dither][0]);
          else if (dither.startsWith("bayer")) {
            const sz = +dither.slice(5);
            s += Math.round(((bayer(sz)[y % sz][x % sz] + 0.5) / (sz * sz) - 0.5) * (255 / L[k]) * 16);
          }
          s = Math.min(TOP, Math.max(0, s));
          q[k] = Math.round((s * L[k]) / TOP);
          if (KERNELS[dither]) {
            const e = s - Math.round((q[k] * TOP) / L[k]);
            for (const [dx, dy, w] of KERNELS[dither][1]) {
              const tx = x + (back ? -dx : dx);
              if (tx >= 0 && tx < W) acc[y + dy][tx][k] += e * w;
            }
          }
        }
        values[y][x] = fmt === "rgb332" ? (q[0] << 5) | (q[1] << 2) | q[2] : (q[0] << 11) | (q[1] << 5) | q[2];
      }
    }
    return { values };
  }
  for (let y = 0; y < H; y++) {
    values.push([]);
    for (let x = 0; x < W; x++) {
      if (fmt === "rgba8888") {
        const i = 4 * (y * W + x);
        values[y].push([data[i], data[i + 1], data[i + 2], data[i + 3]]);
      } else if (fmt === "gray8") {
        const [r, g, b] = [0, 1, 2].map((k) => px(x, y, k));
        if (r === g && g === b) values[y].push(r);
        else {
          const Y = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
          let best = 0;
          for (let i = 1; i < 256; i++) if (Math.abs(lin(i) - Y) < Math.abs(lin(best) - Y)) best = i;
          values[y].push(best);
        }
      } else values[y].push([0, 1, 2].map((k) => px(x, y, k)));
    }
  }
  return { values };
}

function pack(img, o, { values, pal }) {
  const fmt = o.format;
  const W = img.width, H = img.height;
  const bits = FORMAT_BITS[fmt];
  const lsb = o.bitOrder === "lsb";
  const bytes = [];
  const subByte = (row, f) => {
    const out = new Array(Math.ceil((W * bits) / 8)).fill(0);
    row.forEach((p, x) => {
      const pos = x % (8 / bits);
      const shift = lsb ? pos * bits : 8 - bits * (pos + 1);
      out[Math.floor(x / (8 / bits))] |= f(p) << shift;
    });
    return out;
  };
  const planes = [[], []];
  for (let y = 0; y < H; y++) {
    const row = values[y];
    if (fmt === "two-plane") {
      planes[0].push(...subByte(row, (p) => (pal[p].index === 0 ? 0 : 1)));
      planes[1].push(...subByte(row, (p) => (pal[p].index === 2 ? 1 : 0)));
    } else if (bits < 8) {
      const max = (1 << bits) - 1;
      const grey = fmt === "mono1" || fmt.startsWith("gray");
      bytes.push(...subByte(row, (p) => (o.invert && grey ? max - pal[p].index : pal[p].index)));
    } else if (fmt === "indexed8") bytes.push(...row.map((p) => pal[p].index));
    else if (fmt === "gray8") bytes.push(...row.map((v) => (o.invert ? 255 - v : v)));
    else if (fmt === "rgb332") bytes.push(...row);
    else if (fmt === "rgb565") for (const v of row) bytes.push(v & 255, v >> 8);
    else if (fmt === "rgb565be") for (const v of row) bytes.push(v >> 8, v & 255);
    else if (fmt === "rgb888") for (const v of row) bytes.push(...v);
    else if (fmt === "bgr888") for (const v of row) bytes.push(v[2], v[1], v[0]);
    else if (fmt === "rgba8888") for (const v of row) bytes.push(...v);
  }
  return fmt === "two-plane" ? [...planes[0], ...planes[1]] : bytes;
}

// Synthetic images, written out in full (RGBA hex) so the tests do not
// depend on how they were made.
function image(name, W, H, f) {
  const data = [];
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.push(...f(x, y));
  return { name, width: W, height: H, data };
}
let seed = 12345;
const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed >>> 24; };
const IMAGES = [
  image("ramp", 13, 4, (x, y) => { const v = Math.round((x * 255) / 12); return [v, Math.min(255, v + 20 * y), Math.max(0, v - 30 * y), 255]; }),
  image("hues", 8, 6, (x, y) => { const t = (x + 8 * y) / 48; return [Math.round(255 * Math.abs(Math.sin(t * 6.283))), Math.round(255 * Math.abs(Math.sin(t * 6.283 + 2.1))), Math.round(255 * Math.abs(Math.sin(t * 6.283 + 4.2))), 255]; }),
  image("noise", 9, 5, () => [rnd(), rnd(), rnd(), rnd() < 64 ? rnd() : 255]),
];

const CASES = [];
const add = (img, o) => CASES.push({ image: img, options: o });
const DITHERS = ["none", "floyd-steinberg", "atkinson", "jarvis-judice-ninke", "stucki", "sierra-lite", "bayer2", "bayer4", "bayer8"];
for (const d of DITHERS) {
  add("ramp", { format: "mono1", dither: d });
  add("hues", { format: "indexed4", palette: "acep7", dither: d });
  add("noise", { format: "rgb565", dither: d });
}
add("ramp", { format: "mono1", dither: "floyd-steinberg", serpentine: true });
add("ramp", { format: "mono1", dither: "floyd-steinberg", linear: true });
add("ramp", { format: "mono1", dither: "none", bitOrder: "lsb", invert: true });
add("ramp", { format: "gray2", dither: "floyd-steinberg" });
add("ramp", { format: "gray2", dither: "bayer4" });
add("ramp", { format: "gray4", dither: "atkinson" });
add("ramp", { format: "gray4", dither: "none", invert: true, bitOrder: "lsb" });
add("hues", { format: "indexed4", palette: "acep7", dither: "floyd-steinberg", serpentine: true });
add("hues", { format: "indexed4", palette: "acep7", dither: "floyd-steinberg", linear: true });
add("hues", { format: "indexed4", palette: "spectra6", dither: "floyd-steinberg" });
add("hues", { format: "indexed4", palette: "spectra6", dither: "stucki", bitOrder: "lsb" });
add("hues", { format: "two-plane", palette: "bwr", dither: "floyd-steinberg" });
add("hues", { format: "two-plane", palette: "bwy", dither: "none" });
add("hues", { format: "indexed2", palette: "custom4", dither: "sierra-lite" });
add("hues", { format: "indexed8", palette: "acep7", dither: "jarvis-judice-ninke", serpentine: true });
add("noise", { format: "indexed4", palette: "acep7", dither: "floyd-steinberg" });
add("noise", { format: "rgb565be", dither: "floyd-steinberg", serpentine: true });
add("noise", { format: "rgb332", dither: "none" });
add("noise", { format: "rgb332", dither: "atkinson" });
add("noise", { format: "gray8" });
add("noise", { format: "gray8", invert: true });
add("noise", { format: "rgb888" });
add("noise", { format: "bgr888" });
add("noise", { format: "rgba8888" });
add("noise", { format: "mono1", dither: "floyd-steinberg" });

const hex = (a) => a.map((b) => b.toString(16).padStart(2, "0")).join("");
const out = {
  about: "Golden panel bytes from tests/testdata/html-render/panel/make_golden.mjs (independent reference). Fixed data: do not regenerate to make a test pass.",
  images: IMAGES.map((i) => ({ name: i.name, width: i.width, height: i.height, rgba: hex(i.data) })),
  palettes: { custom4: PALETTES.custom4.map(([index, color]) => ({ index, color })) },
  cases: CASES.map((c) => {
    const img = IMAGES.find((i) => i.name === c.image);
    return { image: c.image, options: c.options, hex: hex(pack(img, c.options, reference(img, c.options))) };
  }),
};
writeFileSync(new URL("golden.json", import.meta.url), JSON.stringify(out, null, 1) + "\n");
console.log(`${out.cases.length} cases written`);
