#!/usr/bin/env node
// Generates the PNG colour-type/bit-depth/palette/tRNS/interlace matrix in
// assets/png/ with a tiny independent PNG writer (node:zlib), and the
// progressive JPEG assets/photo-progressive.jpg from assets/photo.jpg with
// `jpegtran -progressive` (Debian libjpeg-turbo-progs). Run once; the outputs
// are committed; also baseline JPEG variants in assets/jpeg/ (cjpeg). Usage: node tests/testdata/html-render/assets/make_assets.mjs
import { deflateSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = new URL(".", import.meta.url).pathname;
const W = 24, H = 24;

const crcTable = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc(buf) {
  let c = -1;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
// Packs one row of samples (numbers, already at the bit depth) into bytes.
function packRow(samples, depth) {
  if (depth === 16) {
    const b = Buffer.alloc(samples.length * 2);
    samples.forEach((s, i) => b.writeUInt16BE(s, i * 2));
    return b;
  }
  if (depth === 8) return Buffer.from(samples);
  const b = Buffer.alloc(Math.ceil(samples.length * depth / 8));
  samples.forEach((s, i) => {
    const bit = i * depth;
    b[bit >> 3] |= s << (8 - depth - (bit & 7));
  });
  return b;
}
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [
  0,
  1,
  1,
  2,
]];
// pixel(x, y) -> array of samples for one pixel.
function png(name, { type, depth, pixel, plte, trns, interlace = false }) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(W, 0);
  ihdr.writeUInt32BE(H, 4);
  ihdr[8] = depth;
  ihdr[9] = type;
  ihdr[12] = interlace ? 1 : 0;
  const raw = [];
  const passes = interlace ? ADAM7 : [[0, 0, 1, 1]];
  for (const [x0, y0, dx, dy] of passes) {
    prev = null; // each pass starts with a zero previous row
    for (let y = y0; y < H; y += dy) {
      const row = [];
      for (let x = x0; x < W; x += dx) row.push(...pixel(x, y));
      if (!row.length) continue;
      raw.push(Buffer.from([y % 5]), filter(packRow(row, depth), y % 5, Math.max(1, channels[type] * depth / 8)));
    }
  }
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr)];
  if (plte) parts.push(chunk("PLTE", Buffer.from(plte.flat())));
  if (trns) parts.push(chunk("tRNS", Buffer.from(trns)));
  parts.push(chunk("IDAT", deflateSync(Buffer.concat(raw))), chunk("IEND", Buffer.alloc(0)));
  writeFileSync(join(dir, "png", `${name}.png`), Buffer.concat(parts));
}
// Applies PNG filter `f` (0-4) to one row against the previous row of the
// same pass (zero for the first row of a pass).
let prev = null;
function filter(row, f, bpp) {
  bpp = Math.ceil(bpp);
  const up = prev ?? Buffer.alloc(row.length);
  const out = Buffer.alloc(row.length);
  for (let i = 0; i < row.length; i++) {
    const a = i >= bpp ? row[i - bpp] : 0, b = up[i], c = i >= bpp ? up[i - bpp] : 0;
    let p = 0;
    if (f === 1) p = a;
    else if (f === 2) p = b;
    else if (f === 3) p = (a + b) >> 1;
    else if (f === 4) {
      const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c);
      p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    out[i] = (row[i] - p) & 0xff;
  }
  prev = row;
  return out;
}
const origPng = png;
function reset(name, opts) {
  origPng(name, opts);
}

// Shared pattern: a diagonal gradient with a ring and a transparent-ish corner.
const v = (x, y) => (x + y) / (W + H - 2); // 0..1
const ring = (x, y) => {
  const d = Math.hypot(x - 11.5, y - 11.5);
  return d > 6 && d < 10;
};
const gray = (depth) => (x, y) => [Math.round((ring(x, y) ? 1 - v(x, y) : v(x, y)) * (2 ** depth - 1))];
for (const d of [1, 2, 4, 8, 16]) reset(`g${d}`, { type: 0, depth: d, pixel: gray(d) });
reset("g8-trns", { type: 0, depth: 8, pixel: (x, y) => [ring(x, y) ? 0 : 40 + x * 8], trns: [0, 0] });
reset("g16-i", { type: 0, depth: 16, pixel: gray(16), interlace: true });
const rgb = (m) => (x, y) => ring(x, y) ? [0, 0, 0] : [Math.round(x / 23 * m), Math.round(y / 23 * m), Math.round((1 - v(x, y)) * m)];
reset("rgb8", { type: 2, depth: 8, pixel: rgb(255) });
reset("rgb16", { type: 2, depth: 16, pixel: rgb(65535) });
reset("rgb8-trns", { type: 2, depth: 8, pixel: rgb(255), trns: [0, 0, 0, 0, 0, 0] });
const pal = [[220, 38, 38], [234, 179, 8], [22, 163, 74], [37, 99, 235], [147, 51, 234], [15, 23, 42], [
  255,
  255,
  255,
], [244, 114, 182]];
const palPix = (n) => (x, y) => [ring(x, y) ? 0 : (((x >> 2) + (y >> 2)) % (n - 1)) + 1];
reset("p1", { type: 3, depth: 1, pixel: palPix(2), plte: pal.slice(0, 2) });
reset("p2", { type: 3, depth: 2, pixel: palPix(4), plte: pal.slice(0, 4) });
reset("p4", { type: 3, depth: 4, pixel: palPix(8), plte: pal });
reset("p8", { type: 3, depth: 8, pixel: palPix(8), plte: pal });
reset("p8-trns", { type: 3, depth: 8, pixel: palPix(8), plte: pal, trns: [0, 128, 255, 64] });
reset("p4-i", { type: 3, depth: 4, pixel: palPix(8), plte: pal, trns: [0], interlace: true });
const ga = (m) => (x, y) => [Math.round(v(x, y) * m), ring(x, y) ? m : Math.round(x / 23 * m)];
reset("ga8", { type: 4, depth: 8, pixel: ga(255) });
reset("ga16", { type: 4, depth: 16, pixel: ga(65535) });
const rgba = (m) => (x, y) => [...rgb(m)(x, y), ring(x, y) ? m : Math.round((y / 23) * m)];
reset("rgba8", { type: 6, depth: 8, pixel: rgba(255) });
reset("rgba16", { type: 6, depth: 16, pixel: rgba(65535) });
reset("rgba8-i", { type: 6, depth: 8, pixel: rgba(255), interlace: true });

execFileSync("jpegtran", [
  "-progressive",
  "-copy",
  "none",
  "-outfile",
  join(dir, "photo-progressive.jpg"),
  join(dir, "photo.jpg"),
]);
// Baseline JPEG variants for the built-in decoder: 4:2:0, 4:2:2 with
// restart intervals, greyscale (cjpeg/djpeg from libjpeg-turbo-progs).
mkdirSync(join(dir, "jpeg"), { recursive: true });
const ppm = execFileSync("djpeg", ["-ppm", join(dir, "photo.jpg")]);
const cjpeg = (name, args) =>
  writeFileSync(join(dir, "jpeg", name), execFileSync("cjpeg", args, { input: ppm }));
cjpeg("s420.jpg", ["-quality", "85", "-sample", "2x2"]);
cjpeg("s422-restart.jpg", ["-quality", "70", "-sample", "2x1", "-restart", "2"]);
cjpeg("gray.jpg", ["-grayscale"]);
cjpeg("s444-optimized.jpg", ["-quality", "95", "-sample", "1x1", "-optimize"]);
console.log("assets written");
