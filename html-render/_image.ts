// Copyright 2026 the wirekit authors. MIT license.
// Image decoding (built-in PNG and baseline JPEG, jpeg-js for the rest) with a pixel limit checked before
// decoding, and resampling: area averaging when shrinking, bilinear when
// enlarging, in premultiplied alpha.
import type { RgbaFrame } from "./frame.ts";

import { decodePng } from "./_png.ts";
import { decodeBaselineJpeg } from "./_jpeg.ts";
import { contentKey } from "./_content_key.ts";

// PNGs and baseline JPEGs use the built-in decoders (_png.ts, _jpeg.ts);
// jpeg-js is loaded on first use (dynamic import) for the other JPEGs
// (progressive, CMYK, 12-bit...).
type JpegModule = typeof import("jpeg-js");
let jpegMod: Promise<JpegModule> | undefined;

/** Reads width and height from a PNG or JPEG header without decoding. */
export function imageSize(
  b: Uint8Array,
): { type: "png" | "jpeg"; width: number; height: number } | undefined {
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    const dv = new DataView(b.buffer, b.byteOffset, b.length);
    return { type: "png", width: dv.getUint32(16), height: dv.getUint32(20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) {
        i++;
        continue;
      }
      const m = b[i + 1];
      if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7) || m === 0xff) {
        i += m === 0xff ? 1 : 2;
        continue;
      }
      const len = (b[i + 2] << 8) | b[i + 3];
      if (
        (m >= 0xc0 && m <= 0xc3) || (m >= 0xc5 && m <= 0xc7) || (m >= 0xc9 && m <= 0xcb) ||
        (m >= 0xcd && m <= 0xcf)
      ) {
        return {
          type: "jpeg",
          height: (b[i + 5] << 8) | b[i + 6],
          width: (b[i + 7] << 8) | b[i + 8],
        };
      }
      i += 2 + len;
    }
  }
  return undefined;
}

const decoded = new Map<string, RgbaFrame>();
/** Bytes of pixels held by `decoded`. */
let decodedBytes = 0;
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

/**
 * Decodes a PNG or JPEG to RGBA (cached by content, so a page re-rendered
 * with the same assets does not decode them again); throws with a message on
 * failure or when over `maxPixels`.
 */
export async function decodeImage(bytes: Uint8Array, maxPixels: number): Promise<RgbaFrame> {
  const key = contentKey(bytes);
  const hit = decoded.get(key);
  if (hit && hit.width * hit.height <= maxPixels) return hit;
  const f = await decodeUncached(bytes, maxPixels);
  // Keep the cache small: a dashboard has a handful of images. At most 16
  // images and 16 MiB of pixels; a larger image is not kept.
  const size = f.data.byteLength;
  if (size <= MAX_DECODED_BYTES) {
    if (hit) {
      decoded.delete(key);
      decodedBytes -= hit.data.byteLength;
    }
    while (decoded.size >= 16 || decodedBytes + size > MAX_DECODED_BYTES) {
      const [k, old] = decoded.entries().next().value!;
      decoded.delete(k);
      decodedBytes -= old.data.byteLength;
    }
    decoded.set(key, f);
    decodedBytes += size;
  }
  return f;
}

async function decodeUncached(bytes: Uint8Array, maxPixels: number): Promise<RgbaFrame> {
  const size = imageSize(bytes);
  if (!size) throw new Error("Not a PNG or JPEG image");
  if (size.width < 1 || size.height < 1) throw new Error("Image has no pixels");
  if (size.width * size.height > maxPixels) {
    throw new Error(
      `Image of ${size.width}x${size.height} exceeds limits.imagePixels (${maxPixels})`,
    );
  }
  if (size.type === "png") {
    return await decodePng(bytes);
  }
  const baseline = decodeBaselineJpeg(bytes);
  if (baseline) return baseline;
  const jpegNs = await (jpegMod ??= import("jpeg-js"));
  const jpeg = (jpegNs as unknown as { default?: JpegModule }).default ?? jpegNs;
  const img = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: Math.ceil(maxPixels / 1e6) + 1,
    maxMemoryUsageInMB: 512,
  });
  return { width: img.width, height: img.height, data: img.data as Uint8Array };
}

/**
 * Resamples the source rectangle (sx, sy, sw, sh) of an image to dw x dh
 * pixels: area averaging on each axis that shrinks, bilinear on each axis
 * that grows.
 */
export function resample(
  src: RgbaFrame,
  dw: number,
  dh: number,
  sx = 0,
  sy = 0,
  sw = src.width,
  sh = src.height,
): RgbaFrame {
  dw = Math.max(1, Math.round(dw));
  dh = Math.max(1, Math.round(dh));
  if (
    dw === src.width && dh === src.height && sx === 0 && sy === 0 && sw === src.width &&
    sh === src.height
  ) {
    return src;
  }
  // Separable: horizontal pass into a float buffer (premultiplied), then vertical.
  const sw0 = src.width;
  const rows0 = Math.max(0, Math.floor(sy)), rows1 = Math.min(src.height, Math.ceil(sy + sh));
  const nr = rows1 - rows0;
  const tmp = new Float32Array(dw * nr * 4);
  const wx = weights(dw, sx, sw, sw0);
  for (let r = 0; r < nr; r++) {
    const rowOff = (rows0 + r) * sw0 * 4;
    for (let x = 0; x < dw; x++) {
      let pr = 0, pg = 0, pb = 0, pa = 0;
      const ws = wx[x];
      for (let k = 0; k < ws.length; k += 2) {
        const i = rowOff + ws[k] * 4;
        const w = ws[k + 1];
        const a = src.data[i + 3] * w;
        pr += src.data[i] * a;
        pg += src.data[i + 1] * a;
        pb += src.data[i + 2] * a;
        pa += a;
      }
      const o = (r * dw + x) * 4;
      tmp[o] = pr;
      tmp[o + 1] = pg;
      tmp[o + 2] = pb;
      tmp[o + 3] = pa;
    }
  }
  const out = new Uint8Array(dw * dh * 4);
  const wy = weights(dh, sy, sh, src.height);
  for (let y = 0; y < dh; y++) {
    const ws = wy[y];
    for (let x = 0; x < dw; x++) {
      let pr = 0, pg = 0, pb = 0, pa = 0;
      for (let k = 0; k < ws.length; k += 2) {
        const r = ws[k] - rows0;
        if (r < 0 || r >= nr) continue;
        const i = (r * dw + x) * 4;
        const w = ws[k + 1];
        pr += tmp[i] * w;
        pg += tmp[i + 1] * w;
        pb += tmp[i + 2] * w;
        pa += tmp[i + 3] * w;
      }
      const o = (y * dw + x) * 4;
      if (pa > 0) {
        out[o] = Math.min(255, pr / pa + 0.5);
        out[o + 1] = Math.min(255, pg / pa + 0.5);
        out[o + 2] = Math.min(255, pb / pa + 0.5);
      }
      out[o + 3] = Math.min(255, pa + 0.5);
    }
  }
  return { width: dw, height: dh, data: out };
}

/** Per destination pixel: pairs of (source index, weight). */
function weights(dn: number, s0: number, sn: number, limit: number): number[][] {
  const out: number[][] = [];
  const scale = sn / dn;
  for (let d = 0; d < dn; d++) {
    const ws: number[] = [];
    if (scale > 1) {
      // Shrinking: average the source interval the destination pixel covers.
      const a = s0 + d * scale, b = a + scale;
      for (let i = Math.floor(a); i < Math.ceil(b); i++) {
        const w = Math.min(b, i + 1) - Math.max(a, i);
        if (w > 0) ws.push(Math.min(limit - 1, Math.max(0, i)), w / scale);
      }
    } else {
      const c = s0 + (d + 0.5) * scale - 0.5;
      const i = Math.floor(c);
      const f = c - i;
      ws.push(
        Math.min(limit - 1, Math.max(0, i)),
        1 - f,
        Math.min(limit - 1, Math.max(0, i + 1)),
        f,
      );
    }
    out.push(ws);
  }
  return out;
}
