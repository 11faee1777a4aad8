// Copyright 2026 the wirekit authors. MIT license.
// PNG without a Node-compat dependency: a decoder for every colour type,
// bit depth, palette, tRNS and Adam7 interlacing (inflate through the
// platform's DecompressionStream), and an encoder (RGBA 8-bit, adaptive row
// filters, a small LZ77 + fixed-Huffman deflate) for previews. Loading pngjs
// pulls in the runtime's zlib/stream compatibility layers (7-12 MB of RSS and
// tens of ms at start-up), which a display renderer cannot afford.
import { concatBytes } from "../_internal/bytes.ts";
import type { RgbaFrame } from "./frame.ts";

const SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Inflates a zlib stream, refusing more than `limit` output bytes. */
async function inflate(data: Uint8Array, limit: number): Promise<Uint8Array> {
  const ds = new DecompressionStream("deflate");
  const writer = ds.writable.getWriter();
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > limit) {
      await reader.cancel().catch(() => {});
      throw new Error("PNG image data is larger than its size says");
    }
    parts.push(value);
  }
  return parts.length === 1 ? parts[0] : concatBytes(parts, n);
}

const PASSES = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/**
 * Decodes a PNG to 8-bit RGBA. Throws an Error with a message on malformed
 * data; the caller has already checked width x height against its limit.
 */
export async function decodePng(b: Uint8Array): Promise<RgbaFrame> {
  for (let i = 0; i < 8; i++) if (b[i] !== SIG[i]) throw new Error("Not a PNG file");
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 8;
  let width = 0, height = 0, depth = 0, type = 0, interlace = 0;
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let idatLen = 0;
  while (p + 8 <= b.length) {
    const len = dv.getUint32(p);
    const tag = String.fromCharCode(b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    const body = p + 8;
    if (body + len > b.length) throw new Error(`PNG chunk ${tag} is truncated`);
    const data = b.subarray(body, body + len);
    if (tag === "IHDR") {
      if (len < 13) throw new Error("PNG IHDR is too short");
      width = dv.getUint32(body);
      height = dv.getUint32(body + 4);
      depth = b[body + 8];
      type = b[body + 9];
      interlace = b[body + 12];
    } else if (tag === "PLTE") palette = data;
    else if (tag === "tRNS") trns = data;
    else if (tag === "IDAT") {
      idat.push(data);
      idatLen += len;
    } else if (tag === "IEND") break;
    p = body + len + 4;
  }
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[type];
  const okDepth = type === 0
    ? [1, 2, 4, 8, 16].includes(depth)
    : type === 3
    ? [1, 2, 4, 8].includes(depth)
    : depth === 8 || depth === 16;
  if (!channels || !okDepth) {
    throw new Error(`Unsupported PNG colour type ${type} / depth ${depth}`);
  }
  if (width < 1 || height < 1) throw new Error("PNG has no pixels");
  if (type === 3 && !palette) throw new Error("PNG palette image without PLTE");
  if (!idatLen) throw new Error("PNG has no image data");
  const bpp = Math.max(1, (channels * depth) >> 3);
  const passes = interlace ? PASSES : [[0, 0, 1, 1]];
  let expected = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((width - x0) / dx), ph = Math.ceil((height - y0) / dy);
    if (pw > 0 && ph > 0) expected += ph * (1 + Math.ceil((pw * channels * depth) / 8));
  }
  const joined = idat.length === 1 ? idat[0] : new Uint8Array(idatLen);
  if (idat.length > 1) {
    let o = 0;
    for (const c of idat) {
      joined.set(c, o);
      o += c.length;
    }
  }
  let raw: Uint8Array;
  try {
    raw = await inflate(joined, expected);
  } catch (e) {
    throw new Error(`PNG image data does not inflate: ${(e as Error).message}`);
  }
  if (raw.length < expected) throw new Error("PNG image data is truncated");
  const out = new Uint8Array(width * height * 4);
  // tRNS: one transparent grey/RGB value (compared at the image's bit depth), or palette alphas.
  const tGrey = type === 0 && trns && trns.length >= 2 ? (trns[0] << 8) | trns[1] : -1;
  const tR = type === 2 && trns && trns.length >= 6 ? (trns[0] << 8) | trns[1] : -1;
  const tG = type === 2 && trns && trns.length >= 6 ? (trns[2] << 8) | trns[3] : -1;
  const tB = type === 2 && trns && trns.length >= 6 ? (trns[4] << 8) | trns[5] : -1;
  const maxV = (1 << depth) - 1;
  let pos = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((width - x0) / dx), ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const stride = Math.ceil((pw * channels * depth) / 8);
    let prev = new Uint8Array(stride);
    let cur = new Uint8Array(stride);
    for (let r = 0; r < ph; r++) {
      const f = raw[pos++];
      for (let i = 0; i < stride; i++) {
        const x = raw[pos + i];
        const a = i >= bpp ? cur[i - bpp] : 0, up = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
        let v: number;
        switch (f) {
          case 0:
            v = x;
            break;
          case 1:
            v = x + a;
            break;
          case 2:
            v = x + up;
            break;
          case 3:
            v = x + ((a + up) >> 1);
            break;
          case 4: {
            const q = a + up - c;
            const pa = Math.abs(q - a), pb = Math.abs(q - up), pc = Math.abs(q - c);
            v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? up : c);
            break;
          }
          default:
            throw new Error(`Bad PNG filter type ${f}`);
        }
        cur[i] = v & 0xff;
      }
      pos += stride;
      const y = y0 + r * dy;
      for (let k = 0; k < pw; k++) {
        const o = (y * width + x0 + k * dx) * 4;
        // Sample s of pixel k (0-based channel), at the image's bit depth.
        const sample = (ch: number): number => {
          if (depth === 8) return cur[k * channels + ch];
          if (depth === 16) {
            return (cur[(k * channels + ch) * 2] << 8) | cur[(k * channels + ch) * 2 + 1];
          }
          const bit = (k * channels + ch) * depth;
          return (cur[bit >> 3] >> (8 - depth - (bit & 7))) & maxV;
        };
        const to8 = (v: number): number =>
          depth === 16 ? v >> 8 : depth === 8 ? v : Math.round((v * 255) / maxV);
        if (type === 3) {
          const idx = sample(0);
          const pi = idx * 3;
          out[o] = palette![pi] ?? 0;
          out[o + 1] = palette![pi + 1] ?? 0;
          out[o + 2] = palette![pi + 2] ?? 0;
          out[o + 3] = trns && idx < trns.length ? trns[idx] : 255;
        } else if (type === 0 || type === 4) {
          const g = sample(0);
          const g8 = to8(g);
          out[o] = out[o + 1] = out[o + 2] = g8;
          out[o + 3] = type === 4 ? to8(sample(1)) : g === tGrey ? 0 : 255;
        } else {
          const rr = sample(0), gg = sample(1), bb = sample(2);
          out[o] = to8(rr);
          out[o + 1] = to8(gg);
          out[o + 2] = to8(bb);
          out[o + 3] = type === 6 ? to8(sample(3)) : rr === tR && gg === tG && bb === tB ? 0 : 255;
        }
      }
      const t = prev;
      prev = cur;
      cur = t;
    }
  }
  return { width, height, data: out };
}

// ---------------------------------------------------------------- encoder

const crcTable = /* @__PURE__ */ (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(b: Uint8Array, start: number, end: number): number {
  let c = -1;
  for (let i = start; i < end; i++) c = crcTable[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Deflate (zlib wrapper) with greedy LZ77 matching and the fixed Huffman code. */
export function zlibDeflate(data: Uint8Array): Uint8Array {
  let out = new Uint8Array(Math.max(1024, (data.length >> 1) + 64));
  let o = 0, bitBuf = 0, bitCnt = 0;
  const ensure = () => {
    if (o + 16 > out.length) {
      const n = new Uint8Array(out.length * 2);
      n.set(out);
      out = n;
    }
  };
  const bits = (v: number, n: number) => {
    bitBuf |= v << bitCnt;
    bitCnt += n;
    while (bitCnt >= 8) {
      ensure();
      out[o++] = bitBuf & 0xff;
      bitBuf >>>= 8;
      bitCnt -= 8;
    }
  };
  // Huffman codes are sent most significant bit first.
  const rev = (v: number, n: number) => {
    let r = 0;
    for (let i = 0; i < n; i++) {
      r = (r << 1) | (v & 1);
      v >>= 1;
    }
    return r;
  };
  const lit = (sym: number) => {
    if (sym < 144) bits(rev(0x30 + sym, 8), 8);
    else if (sym < 256) bits(rev(0x190 + sym - 144, 9), 9);
    else if (sym < 280) bits(rev(sym - 256, 7), 7);
    else bits(rev(0xc0 + sym - 280, 8), 8);
  };
  const LBASE = [
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
    13,
    15,
    17,
    19,
    23,
    27,
    31,
    35,
    43,
    51,
    59,
    67,
    83,
    99,
    115,
    131,
    163,
    195,
    227,
    258,
  ];
  const LEXT = [
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    1,
    1,
    1,
    1,
    2,
    2,
    2,
    2,
    3,
    3,
    3,
    3,
    4,
    4,
    4,
    4,
    5,
    5,
    5,
    5,
    0,
  ];
  const DBASE = [
    1,
    2,
    3,
    4,
    5,
    7,
    9,
    13,
    17,
    25,
    33,
    49,
    65,
    97,
    129,
    193,
    257,
    385,
    513,
    769,
    1025,
    1537,
    2049,
    3073,
    4097,
    6145,
    8193,
    12289,
    16385,
    24577,
  ];
  const DEXT = [
    0,
    0,
    0,
    0,
    1,
    1,
    2,
    2,
    3,
    3,
    4,
    4,
    5,
    5,
    6,
    6,
    7,
    7,
    8,
    8,
    9,
    9,
    10,
    10,
    11,
    11,
    12,
    12,
    13,
    13,
  ];
  out[o++] = 0x78;
  out[o++] = 0x01;
  bits(1, 1); // one final block
  bits(1, 2); // fixed Huffman
  const HASH = 1 << 15;
  const head = new Int32Array(HASH).fill(-1);
  const chain = new Int32Array(32768);
  const n = data.length;
  let i = 0;
  while (i < n) {
    let bestLen = 0, bestDist = 0;
    if (i + 2 < n) {
      const h = ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & (HASH - 1);
      let cand = head[h];
      let tries = 32;
      while (cand >= 0 && i - cand <= 32768 && tries-- > 0) {
        if (data[cand + bestLen] === data[i + bestLen]) {
          let l = 0;
          const max = Math.min(258, n - i);
          while (l < max && data[cand + l] === data[i + l]) l++;
          if (l > bestLen) {
            bestLen = l;
            bestDist = i - cand;
            if (l === max) break;
          }
        }
        const nx = chain[cand & 32767];
        if (nx >= cand) break;
        cand = nx;
      }
      chain[i & 32767] = head[h];
      head[h] = i;
    }
    if (bestLen >= 3) {
      let li = 0;
      while (li < 28 && LBASE[li + 1] <= bestLen) li++;
      lit(257 + li);
      if (LEXT[li]) bits(bestLen - LBASE[li], LEXT[li]);
      let di = 0;
      while (di < 29 && DBASE[di + 1] <= bestDist) di++;
      bits(rev(di, 5), 5);
      if (DEXT[di]) bits(bestDist - DBASE[di], DEXT[di]);
      // Index the skipped positions too (cheaply: every position).
      for (let k = 1; k < bestLen; k++) {
        const j = i + k;
        if (j + 2 < n) {
          const h = ((data[j] << 10) ^ (data[j + 1] << 5) ^ data[j + 2]) & (HASH - 1);
          chain[j & 32767] = head[h];
          head[h] = j;
        }
      }
      i += bestLen;
    } else lit(data[i++]);
  }
  lit(256);
  if (bitCnt > 0) bits(0, 8 - bitCnt);
  let a = 1, b2 = 0;
  for (let k = 0; k < n; k++) {
    a = (a + data[k]) % 65521;
    b2 = (b2 + a) % 65521;
  }
  ensure();
  const ad = ((b2 << 16) | a) >>> 0;
  out[o++] = ad >>> 24;
  out[o++] = (ad >>> 16) & 0xff;
  out[o++] = (ad >>> 8) & 0xff;
  out[o++] = ad & 0xff;
  return out.subarray(0, o);
}

/** Encodes 8-bit RGBA as a PNG (colour type 6), choosing a filter per row. */
export function encodeRgbaPng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const stride = width * 4;
  const raw = new Uint8Array(height * (stride + 1));
  const cand = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    let best = 0, bestSum = Infinity;
    const o = y * (stride + 1);
    for (let f = 0; f < 5; f++) {
      let sum = 0;
      for (let i = 0; i < stride; i++) {
        const x = rgba[row + i];
        const a = i >= 4 ? rgba[row + i - 4] : 0;
        const up = y > 0 ? rgba[row - stride + i] : 0;
        const c = i >= 4 && y > 0 ? rgba[row - stride + i - 4] : 0;
        let v: number;
        if (f === 0) v = x;
        else if (f === 1) v = x - a;
        else if (f === 2) v = x - up;
        else if (f === 3) v = x - ((a + up) >> 1);
        else {
          const q = a + up - c;
          const pa = Math.abs(q - a), pb = Math.abs(q - up), pc = Math.abs(q - c);
          v = x - (pa <= pb && pa <= pc ? a : pb <= pc ? up : c);
        }
        v &= 0xff;
        cand[i] = v;
        sum += v < 128 ? v : 256 - v;
      }
      if (sum < bestSum) {
        bestSum = sum;
        best = f;
        raw[o] = f;
        raw.set(cand, o + 1);
      }
      if (sum === 0) break;
    }
    raw[o] = best;
  }
  const z = zlibDeflate(raw);
  const out = new Uint8Array(8 + 25 + 12 + z.length + 12);
  const dv = new DataView(out.buffer);
  out.set(SIG, 0);
  let p = 8;
  const chunk = (tag: string, body: Uint8Array) => {
    dv.setUint32(p, body.length);
    for (let i = 0; i < 4; i++) out[p + 4 + i] = tag.charCodeAt(i);
    out.set(body, p + 8);
    dv.setUint32(p + 8 + body.length, crc32(out, p + 4, p + 8 + body.length));
    p += 12 + body.length;
  };
  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = 6;
  chunk("IHDR", ihdr);
  chunk("IDAT", z);
  chunk("IEND", new Uint8Array(0));
  return out;
}
