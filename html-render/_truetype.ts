// Copyright 2026 the wirekit authors. MIT license.
// A small TrueType ('glyf') reader for the common case, so the first frame
// does not pay for loading and warming up fontkit: cmap (formats 4 and 12),
// hhea/hmtx metrics, post underline metrics, glyph outlines (simple and
// composite) as fontkit-style path commands, and shaping of simple text
// (Latin, Latin-1, punctuation and symbols): GSUB single and ligature
// substitution for ccmp/locl/rlig/liga/clig and GPOS pair kerning ('kern'
// table as fallback). Text with other characters is shaped by fontkit,
// which the caller attaches (`complex`) when a page needs it.
// Reads are bounds-checked by DataView: a truncated table throws a
// RangeError, which the caller reports as an unusable font.

/** A glyph as the renderer sees it (the subset of fontkit's Glyph it uses). */
export interface TtGlyph {
  id: number;
  advanceWidth: number;
  path: { commands: { command: string; args: number[] }[] };
}

/** A shaped run (the subset of fontkit's GlyphRun the renderer uses). */
export interface TtRun {
  glyphs: TtGlyph[];
  positions: { xAdvance: number; xOffset: number; yOffset: number }[];
}

/** What the renderer needs from a font (fontkit's Font satisfies it too). */
export interface FontLike {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  underlinePosition: number;
  underlineThickness: number;
  xHeight?: number;
  layout(text: string): TtRun;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): TtGlyph;
  getGlyph(id: number): TtGlyph;
}

/** Characters the built-in shaper handles exactly like fontkit does. */
export function isSimpleText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x250) continue; // Basic Latin .. Latin Extended-B
    if (c >= 0x2000 && c <= 0x27bf && !(c >= 0x20d0 && c <= 0x20ff)) {
      // Punctuation, currency, letterlike, arrows, maths, technical, shapes, dingbats;
      // not the combining marks for symbols, nor bidi controls.
      if (c >= 0x200b && c <= 0x200f) return false;
      if (c >= 0x202a && c <= 0x202e) return false;
      if (c >= 0x2066 && c <= 0x2069) return false;
      continue;
    }
    return false;
  }
  return true;
}

interface Lookup {
  type: number;
  flag: number;
  subtables: number[];
}

/** True when the bytes are a TrueType-outline sfnt this reader handles. */
export function isTrueType(b: Uint8Array): boolean {
  if (b.length < 12) return false;
  const tag = (b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]) >>> 0;
  return tag === 0x00010000 || tag === 0x74727565; // 1.0 or 'true'
}

/** A parsed TrueType font. */
export class TrueTypeFont implements FontLike {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly underlinePosition: number;
  readonly underlineThickness: number;
  readonly xHeight?: number;
  /** fontkit's font for the same bytes, used for text the built-in shaper does not handle. */
  complex?: FontLike;
  #dv: DataView;
  #tables = new Map<string, { off: number; len: number }>();
  #numHMetrics: number;
  #numGlyphs: number;
  #longLoca: boolean;
  #cmap: (cp: number) => number;
  #glyphs = new Map<number, TtGlyph>();
  #gsub: Lookup[] | undefined;
  #gsubFeatures: Map<string, number[]> | undefined;
  #gpos: Lookup[] | undefined;
  #gposFeatures: Map<string, number[]> | undefined;

  constructor(bytes: Uint8Array) {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#dv = dv;
    const n = dv.getUint16(4);
    for (let i = 0; i < n; i++) {
      const r = 12 + i * 16;
      const tag = String.fromCharCode(
        bytes[r],
        bytes[r + 1],
        bytes[r + 2],
        bytes[r + 3],
      );
      const off = dv.getUint32(r + 8), len = dv.getUint32(r + 12);
      if (off + len > bytes.length) throw new RangeError(`Table ${tag} is truncated`);
      this.#tables.set(tag, { off, len });
    }
    for (const t of ["head", "hhea", "hmtx", "maxp", "cmap", "loca", "glyf"]) {
      if (!this.#tables.has(t)) throw new RangeError(`Missing ${t} table`);
    }
    const head = this.#t("head");
    this.unitsPerEm = dv.getUint16(head + 18);
    this.#longLoca = dv.getInt16(head + 50) === 1;
    const hhea = this.#t("hhea");
    this.ascent = dv.getInt16(hhea + 4);
    this.descent = dv.getInt16(hhea + 6);
    this.lineGap = dv.getInt16(hhea + 8);
    this.#numHMetrics = dv.getUint16(hhea + 34);
    this.#numGlyphs = dv.getUint16(this.#t("maxp") + 4);
    const post = this.#tables.get("post");
    this.underlinePosition = post ? dv.getInt16(post.off + 8) : 0;
    this.underlineThickness = post ? dv.getInt16(post.off + 10) : 0;
    const os2 = this.#tables.get("OS/2");
    if (os2 && dv.getUint16(os2.off) >= 2 && os2.len >= 88) {
      this.xHeight = dv.getInt16(os2.off + 86);
    }
    this.#cmap = this.#readCmap();
  }

  #t(tag: string): number {
    return this.#tables.get(tag)!.off;
  }

  #readCmap(): (cp: number) => number {
    const dv = this.#dv;
    const base = this.#t("cmap");
    const n = dv.getUint16(base + 2);
    let best = -1, bestRank = 99;
    const ranks: Record<string, number> = { "3,10": 0, "0,6": 1, "0,4": 2, "3,1": 3, "0,3": 4 };
    for (let i = 0; i < n; i++) {
      const r = base + 4 + i * 8;
      const rank = ranks[`${dv.getUint16(r)},${dv.getUint16(r + 2)}`];
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        best = base + dv.getUint32(r + 4);
      }
    }
    if (best < 0) throw new RangeError("No Unicode cmap");
    const format = dv.getUint16(best);
    if (format === 4) {
      const segX2 = dv.getUint16(best + 6);
      const ends = best + 14,
        starts = ends + segX2 + 2,
        deltas = starts + segX2,
        ranges = deltas + segX2;
      return (cp) => {
        if (cp > 0xffff) return 0;
        let lo = 0, hi = segX2 / 2 - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (dv.getUint16(ends + mid * 2) < cp) lo = mid + 1;
          else hi = mid - 1;
        }
        const s = lo;
        if (s >= segX2 / 2 || dv.getUint16(starts + s * 2) > cp) return 0;
        const delta = dv.getInt16(deltas + s * 2);
        const ro = dv.getUint16(ranges + s * 2);
        if (ro === 0) return (cp + delta) & 0xffff;
        const at = ranges + s * 2 + ro + (cp - dv.getUint16(starts + s * 2)) * 2;
        const g = dv.getUint16(at);
        return g === 0 ? 0 : (g + delta) & 0xffff;
      };
    }
    if (format === 12) {
      const groups = dv.getUint32(best + 12);
      return (cp) => {
        let lo = 0, hi = groups - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const g = best + 16 + mid * 12;
          if (cp < dv.getUint32(g)) hi = mid - 1;
          else if (cp > dv.getUint32(g + 4)) lo = mid + 1;
          else return dv.getUint32(g + 8) + cp - dv.getUint32(g);
        }
        return 0;
      };
    }
    throw new RangeError(`Unsupported cmap format ${format}`);
  }

  hasGlyphForCodePoint(cp: number): boolean {
    return this.#cmap(cp) !== 0;
  }

  glyphForCodePoint(cp: number): TtGlyph {
    return this.getGlyph(this.#cmap(cp));
  }

  #advance(id: number): number {
    const hm = this.#t("hmtx");
    const i = Math.min(id, this.#numHMetrics - 1);
    return this.#dv.getUint16(hm + i * 4);
  }

  getGlyph(id: number): TtGlyph {
    let g = this.#glyphs.get(id);
    if (g) return g;
    let cmds: { command: string; args: number[] }[] | undefined;
    const outline = () => cmds ??= this.#outline(id, 0);
    g = {
      id,
      advanceWidth: this.#advance(id),
      path: {
        get commands() {
          return outline();
        },
      },
    };
    this.#glyphs.set(id, g);
    return g;
  }

  #glyphRange(id: number): [number, number] {
    const dv = this.#dv;
    if (id < 0 || id >= this.#numGlyphs) return [0, 0];
    const loca = this.#t("loca");
    const a = this.#longLoca ? dv.getUint32(loca + id * 4) : dv.getUint16(loca + id * 2) * 2;
    const b = this.#longLoca
      ? dv.getUint32(loca + id * 4 + 4)
      : dv.getUint16(loca + id * 2 + 2) * 2;
    return [this.#t("glyf") + a, b - a];
  }

  /** Path commands of a glyph in font units (y up), as fontkit gives them. */
  #outline(id: number, depth: number): { command: string; args: number[] }[] {
    const dv = this.#dv;
    const [off, len] = this.#glyphRange(id);
    if (len <= 0) return [];
    const nc = dv.getInt16(off);
    if (nc < 0) {
      // Composite glyph.
      if (depth > 8) return [];
      const out: { command: string; args: number[] }[] = [];
      let p = off + 10;
      for (let guard = 0; guard < 256; guard++) {
        const flags = dv.getUint16(p), gid = dv.getUint16(p + 2);
        p += 4;
        let dx: number, dy: number;
        if (flags & 1) {
          dx = dv.getInt16(p);
          dy = dv.getInt16(p + 2);
          p += 4;
        } else {
          dx = dv.getInt8(p);
          dy = dv.getInt8(p + 1);
          p += 2;
        }
        if (!(flags & 2)) dx = dy = 0; // point matching: not supported, placed at the origin
        let a = 1, b = 0, c = 0, d = 1;
        if (flags & 8) {
          a = d = dv.getInt16(p) / 16384;
          p += 2;
        } else if (flags & 0x40) {
          a = dv.getInt16(p) / 16384;
          d = dv.getInt16(p + 2) / 16384;
          p += 4;
        } else if (flags & 0x80) {
          a = dv.getInt16(p) / 16384;
          b = dv.getInt16(p + 2) / 16384;
          c = dv.getInt16(p + 4) / 16384;
          d = dv.getInt16(p + 6) / 16384;
          p += 8;
        }
        for (const cmd of this.#outline(gid, depth + 1)) {
          const args = cmd.args.slice();
          for (let k = 0; k < args.length; k += 2) {
            const x = args[k], y = args[k + 1];
            args[k] = x * a + y * c + dx;
            args[k + 1] = x * b + y * d + dy;
          }
          out.push({ command: cmd.command, args });
        }
        if (!(flags & 0x20)) break;
      }
      return out;
    }
    // Simple glyph.
    const ends: number[] = [];
    for (let i = 0; i < nc; i++) ends.push(dv.getUint16(off + 10 + i * 2));
    const np = nc ? ends[nc - 1] + 1 : 0;
    let p = off + 10 + nc * 2;
    p += 2 + dv.getUint16(p); // instructions
    const flags = new Uint8Array(np);
    for (let i = 0; i < np;) {
      const f = dv.getUint8(p++);
      flags[i++] = f;
      if (f & 8) {
        let r = dv.getUint8(p++);
        while (r-- > 0 && i < np) flags[i++] = f;
      }
    }
    const xs = new Float64Array(np), ys = new Float64Array(np);
    let v = 0;
    for (let i = 0; i < np; i++) {
      const f = flags[i];
      if (f & 2) {
        const d = dv.getUint8(p++);
        v += f & 16 ? d : -d;
      } else if (!(f & 16)) {
        v += dv.getInt16(p);
        p += 2;
      }
      xs[i] = v;
    }
    v = 0;
    for (let i = 0; i < np; i++) {
      const f = flags[i];
      if (f & 4) {
        const d = dv.getUint8(p++);
        v += f & 32 ? d : -d;
      } else if (!(f & 32)) {
        v += dv.getInt16(p);
        p += 2;
      }
      ys[i] = v;
    }
    const out: { command: string; args: number[] }[] = [];
    let start = 0;
    for (const end of ends) {
      const n = end - start + 1;
      if (n <= 0) {
        start = end + 1;
        continue;
      }
      const on = (i: number) => (flags[start + ((i + n) % n)] & 1) !== 0;
      const X = (i: number) => xs[start + ((i + n) % n)];
      const Y = (i: number) => ys[start + ((i + n) % n)];
      // Start at an on-curve point (or the midpoint of two off-curve ones).
      let first = -1;
      for (let i = 0; i < n; i++) {
        if (on(i)) {
          first = i;
          break;
        }
      }
      let sx: number, sy: number;
      if (first < 0) {
        sx = (X(0) + X(n - 1)) / 2;
        sy = (Y(0) + Y(n - 1)) / 2;
        first = 0;
      } else {
        sx = X(first);
        sy = Y(first);
      }
      out.push({ command: "moveTo", args: [sx, sy] });
      const firstOn = on(first);
      let cx: number | null = null, cy = 0;
      for (let k = firstOn ? 1 : 0; k <= n; k++) {
        const i = first + k;
        const x = k === n && firstOn ? sx : X(i), y = k === n && firstOn ? sy : Y(i);
        const isOn = k === n ? true : on(i);
        const tx = k === n ? sx : x, ty = k === n ? sy : y;
        if (isOn) {
          if (cx === null) out.push({ command: "lineTo", args: [tx, ty] });
          else out.push({ command: "quadraticCurveTo", args: [cx, cy, tx, ty] });
          cx = null;
        } else {
          if (cx !== null) {
            out.push({ command: "quadraticCurveTo", args: [cx, cy, (cx + x) / 2, (cy + y) / 2] });
          }
          cx = x;
          cy = y;
        }
      }
      out.push({ command: "closePath", args: [] });
      start = end + 1;
    }
    return out;
  }

  // ------------------------------------------------------------ OpenType layout

  #layoutTable(tag: string): { lookups: Lookup[]; features: Map<string, number[]> } | undefined {
    const t = this.#tables.get(tag);
    if (!t) return undefined;
    const dv = this.#dv;
    const base = t.off;
    const scriptList = base + dv.getUint16(base + 4);
    const featureList = base + dv.getUint16(base + 6);
    const lookupList = base + dv.getUint16(base + 8);
    const lookups: Lookup[] = [];
    const nl = dv.getUint16(lookupList);
    for (let i = 0; i < nl; i++) {
      const lo = lookupList + dv.getUint16(lookupList + 2 + i * 2);
      const ns = dv.getUint16(lo + 4);
      const subtables: number[] = [];
      for (let k = 0; k < ns; k++) subtables.push(lo + dv.getUint16(lo + 6 + k * 2));
      let type = dv.getUint16(lo);
      // Extension lookups (GSUB 7, GPOS 9) point at 32-bit offset subtables of another type.
      if ((tag === "GSUB" && type === 7) || (tag === "GPOS" && type === 9)) {
        for (let k = 0; k < subtables.length; k++) {
          const st = subtables[k];
          type = dv.getUint16(st + 2);
          subtables[k] = st + dv.getUint32(st + 4);
        }
      }
      lookups.push({ type, flag: dv.getUint16(lo + 2), subtables });
    }
    // Features per script ("latn", else "DFLT"): the default language system.
    const features = new Map<string, number[]>();
    const ns = dv.getUint16(scriptList);
    for (let i = 0; i < ns; i++) {
      const r = scriptList + 2 + i * 6;
      const stag = String.fromCharCode(
        dv.getUint8(r),
        dv.getUint8(r + 1),
        dv.getUint8(r + 2),
        dv.getUint8(r + 3),
      );
      if (stag !== "latn" && stag !== "DFLT") continue;
      const so = scriptList + dv.getUint16(r + 4);
      const dl = dv.getUint16(so);
      if (!dl) continue;
      const ls = so + dl;
      const nf = dv.getUint16(ls + 4);
      for (let k = 0; k < nf; k++) {
        const fi = dv.getUint16(ls + 6 + k * 2);
        const fr = featureList + 2 + fi * 6;
        const ftag = String.fromCharCode(
          dv.getUint8(fr),
          dv.getUint8(fr + 1),
          dv.getUint8(fr + 2),
          dv.getUint8(fr + 3),
        );
        const fo = featureList + dv.getUint16(fr + 4);
        const nli = dv.getUint16(fo + 2);
        const key = `${stag}:${ftag}`;
        const list = features.get(key) ?? [];
        for (let j = 0; j < nli; j++) list.push(dv.getUint16(fo + 4 + j * 2));
        features.set(key, list);
      }
    }
    return { lookups, features };
  }

  /** Index of glyph `g` in the coverage table at `cov`, or -1. */
  #coverage(cov: number, g: number): number {
    const dv = this.#dv;
    const fmt = dv.getUint16(cov);
    const n = dv.getUint16(cov + 2);
    if (fmt === 1) {
      let lo = 0, hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = dv.getUint16(cov + 4 + mid * 2);
        if (v === g) return mid;
        if (v < g) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    }
    if (fmt === 2) {
      let lo = 0, hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const r = cov + 4 + mid * 6;
        if (g < dv.getUint16(r)) hi = mid - 1;
        else if (g > dv.getUint16(r + 2)) lo = mid + 1;
        else return dv.getUint16(r + 4) + g - dv.getUint16(r);
      }
    }
    return -1;
  }

  #classOf(cd: number, g: number): number {
    const dv = this.#dv;
    const fmt = dv.getUint16(cd);
    if (fmt === 1) {
      const startG = dv.getUint16(cd + 2), n = dv.getUint16(cd + 4);
      return g >= startG && g < startG + n ? dv.getUint16(cd + 6 + (g - startG) * 2) : 0;
    }
    if (fmt === 2) {
      const n = dv.getUint16(cd + 2);
      let lo = 0, hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const r = cd + 4 + mid * 6;
        if (g < dv.getUint16(r)) hi = mid - 1;
        else if (g > dv.getUint16(r + 2)) lo = mid + 1;
        else return dv.getUint16(r + 4);
      }
    }
    return 0;
  }

  /** Lookup indices of `features` for the script, sorted (lookup list order). */
  #lookupsFor(features: Map<string, number[]>, script: string, tags: string[]): number[] {
    const s = [...features.keys()].some((k) => k.startsWith(`${script}:`)) ? script : "DFLT";
    const set = new Set<number>();
    for (const t of tags) for (const i of features.get(`${s}:${t}`) ?? []) set.add(i);
    return [...set].sort((a, b) => a - b);
  }

  /** Shapes text: cmap, GSUB single/ligature substitution, GPOS pair kerning. */
  layout(text: string): TtRun {
    if (this.complex && !isSimpleText(text)) return this.complex.layout(text);
    const dv = this.#dv;
    let ids: number[] = [];
    for (const ch of text) ids.push(this.#cmap(ch.codePointAt(0)!));
    const script = /[A-Za-z\u00c0-\u024f]/.test(text) ? "latn" : "DFLT";
    if (!this.#gsub) {
      const t = this.#layoutTable("GSUB");
      this.#gsub = t?.lookups ?? [];
      this.#gsubFeatures = t?.features ?? new Map();
    }
    for (
      const li of this.#lookupsFor(this.#gsubFeatures!, script, [
        "ccmp",
        "locl",
        "rlig",
        "liga",
        "clig",
      ])
    ) {
      const lk = this.#gsub[li];
      if (lk.type === 1) {
        ids = ids.map((g) => {
          for (const st of lk.subtables) {
            const ci = this.#coverage(st + dv.getUint16(st + 2), g);
            if (ci < 0) continue;
            if (dv.getUint16(st) === 1) return (g + dv.getInt16(st + 4)) & 0xffff;
            return dv.getUint16(st + 6 + ci * 2);
          }
          return g;
        });
      } else if (lk.type === 4) {
        const out: number[] = [];
        for (let i = 0; i < ids.length;) {
          let done = false;
          for (const st of lk.subtables) {
            const ci = this.#coverage(st + dv.getUint16(st + 2), ids[i]);
            if (ci < 0) continue;
            const set = st + dv.getUint16(st + 6 + ci * 2);
            const nlig = dv.getUint16(set);
            for (let k = 0; k < nlig && !done; k++) {
              const lig = set + dv.getUint16(set + 2 + k * 2);
              const nc = dv.getUint16(lig + 2);
              if (i + nc > ids.length) continue;
              let ok = true;
              for (let c = 1; c < nc && ok; c++) ok = ids[i + c] === dv.getUint16(lig + 2 + c * 2);
              if (!ok) continue;
              out.push(dv.getUint16(lig));
              i += nc;
              done = true;
            }
            break;
          }
          if (!done) out.push(ids[i++]);
        }
        ids = out;
      }
    }
    const glyphs = ids.map((g) => this.getGlyph(g));
    const positions = glyphs.map((g) => ({ xAdvance: g.advanceWidth, xOffset: 0, yOffset: 0 }));
    if (!this.#gpos) {
      const t = this.#layoutTable("GPOS");
      this.#gpos = t?.lookups ?? [];
      this.#gposFeatures = t?.features ?? new Map();
    }
    const kern = this.#lookupsFor(this.#gposFeatures!, script, ["kern"]);
    if (kern.length) {
      for (const li of kern) {
        const lk = this.#gpos[li];
        if (lk.type !== 2) continue;
        for (let i = 0; i + 1 < ids.length; i++) {
          for (const st of lk.subtables) {
            if (this.#pairAdjust(st, ids[i], ids[i + 1], positions, i)) break;
          }
        }
      }
    } else if (this.#tables.has("kern")) this.#kernTable(ids, positions);
    return { glyphs, positions };
  }

  /** Applies one PairPos subtable to glyphs i, i+1; true when it matched. */
  #pairAdjust(
    st: number,
    g1: number,
    g2: number,
    pos: { xAdvance: number; xOffset: number; yOffset: number }[],
    i: number,
  ): boolean {
    const dv = this.#dv;
    const fmt = dv.getUint16(st);
    const ci = this.#coverage(st + dv.getUint16(st + 2), g1);
    if (ci < 0) return false;
    const vf1 = dv.getUint16(st + 4), vf2 = dv.getUint16(st + 6);
    const size = (vf: number) => {
      let n = 0;
      for (let b = vf; b; b >>= 1) n += b & 1;
      return n * 2;
    };
    const s1 = size(vf1), s2 = size(vf2);
    let rec = -1;
    if (fmt === 1) {
      const set = st + dv.getUint16(st + 10 + ci * 2);
      const n = dv.getUint16(set);
      const rs = 2 + s1 + s2;
      let lo = 0, hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const r = set + 2 + mid * rs;
        const g = dv.getUint16(r);
        if (g === g2) {
          rec = r + 2;
          break;
        }
        if (g < g2) lo = mid + 1;
        else hi = mid - 1;
      }
    } else if (fmt === 2) {
      const c1 = this.#classOf(st + dv.getUint16(st + 8), g1);
      const c2 = this.#classOf(st + dv.getUint16(st + 10), g2);
      const n2 = dv.getUint16(st + 14);
      rec = st + 16 + (c1 * n2 + c2) * (s1 + s2);
    }
    if (rec < 0) return fmt === 1 ? false : false;
    this.#applyValue(rec, vf1, pos[i]);
    this.#applyValue(rec + s1, vf2, pos[i + 1]);
    return true;
  }

  #applyValue(
    at: number,
    vf: number,
    p: { xAdvance: number; xOffset: number; yOffset: number },
  ): void {
    const dv = this.#dv;
    let o = at;
    if (vf & 1) {
      p.xOffset += dv.getInt16(o);
      o += 2;
    }
    if (vf & 2) {
      p.yOffset += dv.getInt16(o);
      o += 2;
    }
    if (vf & 4) p.xAdvance += dv.getInt16(o);
  }

  /** The legacy 'kern' table (format 0 horizontal subtables). */
  #kernTable(ids: number[], pos: { xAdvance: number }[]): void {
    const dv = this.#dv;
    const base = this.#t("kern");
    if (dv.getUint16(base) !== 0) return;
    const n = dv.getUint16(base + 2);
    let st = base + 4;
    for (let s = 0; s < n; s++) {
      const len = dv.getUint16(st + 2), cov = dv.getUint16(st + 4);
      if ((cov >> 8) === 0 && (cov & 1)) {
        const np = dv.getUint16(st + 6);
        for (let i = 0; i + 1 < ids.length; i++) {
          const key = (ids[i] << 16 | ids[i + 1]) >>> 0;
          let lo = 0, hi = np - 1;
          while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            const r = st + 14 + mid * 6;
            const k = dv.getUint32(r);
            if (k === key) {
              pos[i].xAdvance += dv.getInt16(r + 4);
              break;
            }
            if (k < key) lo = mid + 1;
            else hi = mid - 1;
          }
        }
      }
      st += len;
    }
  }
}
