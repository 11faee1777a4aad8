// Copyright 2026 the wirekit authors. MIT license.
// A small baseline JPEG decoder (ITU T.81 sequential Huffman, 8-bit, grey
// or YCbCr, any sampling factors, restart intervals), so the common photo
// does not pay for loading and warming up jpeg-js. Returns undefined for
// what it does not handle (progressive, arithmetic coding, 12-bit, CMYK,
// Adobe RGB transform), which the caller hands to jpeg-js. Malformed data
// throws an Error with a message.

import type { RgbaFrame } from "./frame.ts";

const ZIGZAG = new Uint8Array([
  0,
  1,
  8,
  16,
  9,
  2,
  3,
  10,
  17,
  24,
  32,
  25,
  18,
  11,
  4,
  5,
  12,
  19,
  26,
  33,
  40,
  48,
  41,
  34,
  27,
  20,
  13,
  6,
  7,
  14,
  21,
  28,
  35,
  42,
  49,
  56,
  57,
  50,
  43,
  36,
  29,
  22,
  15,
  23,
  30,
  37,
  44,
  51,
  58,
  59,
  52,
  45,
  38,
  31,
  39,
  46,
  53,
  60,
  61,
  54,
  47,
  55,
  62,
  63,
]);

/** cos((2x+1)uπ/16) * C(u) / 2, for the separable float IDCT. */
const COS = /* @__PURE__ */ (() => {
  const t = new Float32Array(64);
  for (let x = 0; x < 8; x++) {
    for (let u = 0; u < 8; u++) {
      t[x * 8 + u] = (u === 0 ? Math.SQRT1_2 : 1) * Math.cos(((2 * x + 1) * u * Math.PI) / 16) / 2;
    }
  }
  return t;
})();

interface Huff {
  /** (length << 16 | code) -> symbol */
  map: Map<number, number>;
  /** Fast table for codes of up to 9 bits: (symbol << 4 | length) or -1. */
  fast: Int32Array;
}

function buildHuff(counts: Uint8Array, symbols: Uint8Array): Huff {
  const map = new Map<number, number>();
  const fast = new Int32Array(512).fill(-1);
  let code = 0, k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < counts[len - 1]; i++) {
      const sym = symbols[k++];
      map.set((len << 16) | code, sym);
      if (len <= 9) {
        const shift = 9 - len;
        for (let f = 0; f < 1 << shift; f++) fast[(code << shift) | f] = (sym << 4) | len;
      }
      code++;
    }
    code <<= 1;
  }
  return { map, fast };
}

interface Comp {
  id: number;
  h: number;
  v: number;
  tq: number;
  td: number;
  ta: number;
  pred: number;
  /** Decoded, dequantised, inverse-transformed samples (blocksW*8 x blocksH*8). */
  out: Uint8Array;
  bw: number;
  bh: number;
}

/**
 * Decodes a baseline JPEG to RGBA; undefined when the file uses a feature
 * this decoder leaves to jpeg-js.
 */
export function decodeBaselineJpeg(b: Uint8Array): RgbaFrame | undefined {
  if (b[0] !== 0xff || b[1] !== 0xd8) throw new Error("Not a JPEG file");
  const q: Int32Array[] = [];
  const dc: Huff[] = [], ac: Huff[] = [];
  let comps: Comp[] = [];
  let width = 0, height = 0, restart = 0, adobe = -1;
  let p = 2;
  const u16 = (i: number) => (b[i] << 8) | b[i + 1];
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) {
      p++;
      continue;
    }
    const m = b[p + 1];
    if (m === 0xff) {
      p++;
      continue;
    }
    if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      p += 2;
      continue;
    }
    if (m === 0xd9) break;
    const len = u16(p + 2);
    const s = p + 4, e = p + 2 + len;
    if (e > b.length) throw new Error("JPEG segment is truncated");
    if (m === 0xdb) {
      for (let i = s; i < e;) {
        const pq = b[i] >> 4, tq = b[i] & 15;
        i++;
        const t = new Int32Array(64);
        for (let k = 0; k < 64; k++) {
          t[ZIGZAG[k]] = pq ? u16(i + k * 2) : b[i + k];
        }
        i += pq ? 128 : 64;
        q[tq] = t;
      }
    } else if (m === 0xc4) {
      for (let i = s; i < e;) {
        const tc = b[i] >> 4, th = b[i] & 15;
        const counts = b.subarray(i + 1, i + 17);
        let n = 0;
        for (const c of counts) n += c;
        const h = buildHuff(counts, b.subarray(i + 17, i + 17 + n));
        if (tc === 0) dc[th] = h;
        else ac[th] = h;
        i += 17 + n;
      }
    } else if (m === 0xc0 || m === 0xc1) {
      if (b[s] !== 8) return undefined; // 12-bit
      height = u16(s + 1);
      width = u16(s + 3);
      const nc = b[s + 5];
      if (nc !== 1 && nc !== 3) return undefined;
      comps = [];
      for (let k = 0; k < nc; k++) {
        const o = s + 6 + k * 3;
        comps.push({
          id: b[o],
          h: b[o + 1] >> 4,
          v: b[o + 1] & 15,
          tq: b[o + 2],
          td: 0,
          ta: 0,
          pred: 0,
          out: new Uint8Array(0),
          bw: 0,
          bh: 0,
        });
      }
    } else if (m >= 0xc2 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      return undefined; // progressive, lossless, arithmetic
    } else if (m === 0xdd) restart = u16(s);
    else if (m === 0xee && len >= 12) adobe = b[s + 11];
    else if (m === 0xda) {
      if (!comps.length || !width || !height) throw new Error("JPEG scan before frame header");
      const ns = b[s];
      if (ns !== comps.length) return undefined; // non-interleaved multi-scan baseline
      for (let k = 0; k < ns; k++) {
        const c = comps.find((x) => x.id === b[s + 1 + k * 2]);
        if (!c) throw new Error("JPEG scan names an unknown component");
        c.td = b[s + 2 + k * 2] >> 4;
        c.ta = b[s + 2 + k * 2] & 15;
      }
      if (comps.length === 3 && adobe === 0) return undefined; // RGB, not YCbCr
      p = decodeScan(b, e, comps, q, dc, ac, width, height, restart);
      return toRgba(comps, width, height);
    }
    p = e;
  }
  throw new Error("JPEG has no image data");
}

function decodeScan(
  b: Uint8Array,
  start: number,
  comps: Comp[],
  q: Int32Array[],
  dcs: Huff[],
  acs: Huff[],
  width: number,
  height: number,
  restart: number,
): number {
  const hmax = Math.max(...comps.map((c) => c.h)), vmax = Math.max(...comps.map((c) => c.v));
  const mcuW = Math.ceil(width / (8 * hmax)), mcuH = Math.ceil(height / (8 * vmax));
  for (const c of comps) {
    if (!q[c.tq] || !dcs[c.td] || !acs[c.ta]) throw new Error("JPEG scan uses a missing table");
    c.bw = mcuW * c.h;
    c.bh = mcuH * c.v;
    c.out = new Uint8Array(c.bw * 8 * c.bh * 8);
  }
  let pos = start, bits = 0, nbits = 0;
  const fill = () => {
    while (nbits <= 24) {
      let byte = 0;
      if (pos < b.length) {
        byte = b[pos];
        if (byte === 0xff) {
          const nx = b[pos + 1];
          if (nx === 0) pos += 2;
          else byte = 0; // a marker: feed zeros, do not consume
        } else pos++;
      }
      bits |= byte << (24 - nbits);
      nbits += 8;
    }
  };
  const read = (n: number) => {
    if (nbits < n) fill();
    const v = bits >>> (32 - n);
    bits <<= n;
    nbits -= n;
    return v;
  };
  const decodeHuff = (h: Huff) => {
    if (nbits < 16) fill();
    const f = h.fast[bits >>> 23];
    if (f >= 0) {
      const len = f & 15;
      bits <<= len;
      nbits -= len;
      return f >> 4;
    }
    let code = 0;
    for (let len = 1; len <= 16; len++) {
      code = (code << 1) | read(1);
      const sym = h.map.get((len << 16) | code);
      if (sym !== undefined) return sym;
    }
    throw new Error("Bad JPEG Huffman code");
  };
  const extend = (v: number, t: number) => (v < 1 << (t - 1) ? v - (1 << t) + 1 : v);
  const coef = new Float32Array(64);
  const tmp = new Float32Array(64);
  const block = (c: Comp, bx: number, by: number) => {
    coef.fill(0);
    const qt = q[c.tq];
    const t = decodeHuff(dcs[c.td]);
    const diff = t === 0 ? 0 : extend(read(t), t);
    c.pred += diff;
    coef[0] = c.pred * qt[0];
    const ach = acs[c.ta];
    let last = 0;
    for (let k = 1; k < 64;) {
      const rs = decodeHuff(ach);
      const r = rs >> 4, sz = rs & 15;
      if (sz === 0) {
        if (r === 15) {
          k += 16;
          continue;
        }
        break;
      }
      k += r;
      if (k > 63) break;
      const z = ZIGZAG[k];
      coef[z] = extend(read(sz), sz) * qt[z];
      last = k;
      k++;
    }
    const stride = c.bw * 8;
    const o0 = by * 8 * stride + bx * 8;
    if (last === 0) {
      // DC only (common): a flat block.
      const px = Math.round(coef[0] / 8 + 128);
      const v = px < 0 ? 0 : px > 255 ? 255 : px;
      for (let y = 0; y < 8; y++) c.out.fill(v, o0 + y * stride, o0 + y * stride + 8);
      return;
    }
    // Separable IDCT: rows (skipping all-zero ones), then columns.
    for (let y = 0; y < 8; y++) {
      const r = y * 8;
      let any = false;
      for (let u = 1; u < 8; u++) {
        if (coef[r + u] !== 0) {
          any = true;
          break;
        }
      }
      if (!any) {
        const d = coef[r] * COS[0];
        for (let x = 0; x < 8; x++) tmp[r + x] = d;
        continue;
      }
      for (let x = 0; x < 8; x++) {
        const cx = x * 8;
        tmp[r + x] = COS[cx] * coef[r] + COS[cx + 1] * coef[r + 1] + COS[cx + 2] * coef[r + 2] +
          COS[cx + 3] * coef[r + 3] + COS[cx + 4] * coef[r + 4] + COS[cx + 5] * coef[r + 5] +
          COS[cx + 6] * coef[r + 6] + COS[cx + 7] * coef[r + 7];
      }
    }
    for (let x = 0; x < 8; x++) {
      const t0 = tmp[x],
        t1 = tmp[8 + x],
        t2 = tmp[16 + x],
        t3 = tmp[24 + x],
        t4 = tmp[32 + x],
        t5 = tmp[40 + x],
        t6 = tmp[48 + x],
        t7 = tmp[56 + x];
      for (let y = 0; y < 8; y++) {
        const cy = y * 8;
        const s = COS[cy] * t0 + COS[cy + 1] * t1 + COS[cy + 2] * t2 + COS[cy + 3] * t3 +
          COS[cy + 4] * t4 + COS[cy + 5] * t5 + COS[cy + 6] * t6 + COS[cy + 7] * t7;
        const px = Math.round(s + 128);
        c.out[o0 + y * stride + x] = px < 0 ? 0 : px > 255 ? 255 : px;
      }
    }
  };
  const total = mcuW * mcuH;
  for (let mcu = 0; mcu < total; mcu++) {
    if (restart && mcu > 0 && mcu % restart === 0) {
      // Byte-align, skip the RSTn marker, reset the predictors.
      bits = 0;
      nbits = 0;
      while (pos < b.length && !(b[pos] === 0xff && b[pos + 1] >= 0xd0 && b[pos + 1] <= 0xd7)) {
        pos++;
      }
      pos += 2;
      for (const c of comps) c.pred = 0;
    }
    const mx = mcu % mcuW, my = (mcu / mcuW) | 0;
    for (const c of comps) {
      for (let v = 0; v < c.v; v++) {
        for (let h = 0; h < c.h; h++) block(c, mx * c.h + h, my * c.v + v);
      }
    }
  }
  return pos;
}

function toRgba(comps: Comp[], width: number, height: number): RgbaFrame {
  const out = new Uint8Array(width * height * 4);
  const hmax = Math.max(...comps.map((c) => c.h)), vmax = Math.max(...comps.map((c) => c.v));
  // Per component: source column of each x, and row offset of each y (nearest upsampling).
  const cols = comps.map((c) => {
    const a = new Int32Array(width);
    for (let x = 0; x < width; x++) a[x] = ((x * c.h) / hmax) | 0;
    return a;
  });
  const rows = comps.map((c) => {
    const a = new Int32Array(height);
    for (let y = 0; y < height; y++) a[y] = (((y * c.v) / vmax) | 0) * c.bw * 8;
    return a;
  });
  if (comps.length === 1) {
    const c = comps[0], cx = cols[0], ry = rows[0];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 4;
        out[o] = out[o + 1] = out[o + 2] = c.out[ry[y] + cx[x]];
        out[o + 3] = 255;
      }
    }
    return { width, height, data: out };
  }
  const [c0, c1, c2] = comps;
  const [x0, x1, x2] = cols, [y0, y1, y2] = rows;
  for (let y = 0; y < height; y++) {
    const r0 = y0[y], r1 = y1[y], r2 = y2[y];
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const Y = c0.out[r0 + x0[x]];
      const cb = c1.out[r1 + x1[x]] - 128, cr = c2.out[r2 + x2[x]] - 128;
      const r = Y + 1.402 * cr, g = Y - 0.344136 * cb - 0.714136 * cr, bl = Y + 1.772 * cb;
      out[o] = r < 0 ? 0 : r > 255 ? 255 : r + 0.5;
      out[o + 1] = g < 0 ? 0 : g > 255 ? 255 : g + 0.5;
      out[o + 2] = bl < 0 ? 0 : bl > 255 ? 255 : bl + 0.5;
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}
