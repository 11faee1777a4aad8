// Copyright 2026 the wirekit authors. MIT license.
// The built-in TrueType reader against fontkit (an independent
// implementation): same metrics, same glyphs and advances (ligatures and
// kerning) for simple text, same outlines; and its refusal of broken fonts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { isSimpleText, TrueTypeFont } from "../../html-render/_truetype.ts";
import { renderHtml } from "../../html-render/mod.ts";
import { openFont } from "../../html-render/_fonts.ts";
import { repoRoot } from "../_util.ts";

const ttfDir = join(repoRoot, "node_modules", "dejavu-fonts-ttf", "ttf");
type Fk = {
  layout(t: string): {
    glyphs: { id: number }[];
    positions: { xAdvance: number; xOffset: number; yOffset: number }[];
  };
  getGlyph(id: number): { path: { commands: { command: string; args: number[] }[] } };
  [k: string]: unknown;
};
function fk(file: string): Fk {
  return (fontkit as unknown as { create(b: Uint8Array): Fk }).create(
    new Uint8Array(readFileSync(join(ttfDir, file))),
  );
}

const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");
const corpus = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i) + ascii),
  "office affluent ffi ffl fi fl AVAVA To Ta Wa Yo P. F, L' 1/2",
  "23.4 °C – 61 % — … “quoted” ’s ©®™ → ↑ ✓ ½ ÀÉÎÕÜ àéîõü ß Œœ Š ž",
  "Greenhouse North · Soil moisture 18 % · Updated 14:32:05",
];

for (
  const file of ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf"]
) {
  test(`TrueTypeFont shapes like fontkit: ${file}`, () => {
    const ref = fk(file);
    const tt = new TrueTypeFont(new Uint8Array(readFileSync(join(ttfDir, file))));
    for (
      const k of [
        "unitsPerEm",
        "ascent",
        "descent",
        "lineGap",
        "underlinePosition",
        "underlineThickness",
      ]
    ) {
      assert.equal((tt as unknown as Record<string, unknown>)[k], ref[k], k);
    }
    for (const t of corpus) {
      assert.ok(isSimpleText(t));
      const a = ref.layout(t), b = tt.layout(t);
      assert.deepEqual(b.glyphs.map((g) => g.id), a.glyphs.map((g) => g.id), t);
      assert.deepEqual(
        b.positions.map((p) => [p.xAdvance, p.xOffset, p.yOffset]),
        a.positions.map((p) => [p.xAdvance, p.xOffset, p.yOffset]),
        t,
      );
    }
    // Ligatures and kerning are really exercised.
    assert.ok(tt.layout("office").glyphs.length < 6 || file.includes("Mono"));
  });
}

test("TrueTypeFont outlines have fontkit's on-curve points", () => {
  const ref = fk("DejaVuSans.ttf");
  const tt = new TrueTypeFont(new Uint8Array(readFileSync(join(ttfDir, "DejaVuSans.ttf"))));
  const ends = (cs: { args: number[] }[]) =>
    [
      ...new Set(
        cs.filter((c) => c.args.length).map((c) => c.args.slice(-2).map(Math.round).join()),
      ),
    ]
      .sort();
  for (const ch of "AaBgQ&@%€ÄÅé") {
    const id = tt.glyphForCodePoint(ch.codePointAt(0)!).id;
    assert.ok(id > 0);
    assert.deepEqual(ends(tt.getGlyph(id).path.commands), ends(ref.getGlyph(id).path.commands), ch);
  }
});

test("isSimpleText() rejects combining marks, RTL and complex scripts", () => {
  assert.equal(isSimpleText("e\u0301"), false);
  assert.equal(isSimpleText("שלום"), false);
  assert.equal(isSimpleText("नमस्ते"), false);
  assert.equal(isSimpleText("a\u200fb"), false);
  assert.equal(isSimpleText("Temp 21 °C → ok"), true);
});

test("TrueTypeFont rejects truncated data with a RangeError", () => {
  const b = new Uint8Array(readFileSync(join(ttfDir, "DejaVuSans.ttf")));
  assert.throws(() => new TrueTypeFont(b.subarray(0, 2000)), RangeError);
  assert.throws(() => new TrueTypeFont(b.subarray(0, 20)), RangeError);
});

test("TrueTypeFont hands text with combining marks to the attached fontkit font", () => {
  const ref = fk("DejaVuSans.ttf");
  const tt = new TrueTypeFont(new Uint8Array(readFileSync(join(ttfDir, "DejaVuSans.ttf"))));
  const text = "Cafe\u0301 a\u0308";
  const pos = (r: { positions: { xAdvance: number; xOffset: number; yOffset: number }[] }) =>
    r.positions.map((p) => [p.xAdvance, p.xOffset, p.yOffset]);
  // Without fontkit the marks are not positioned (GPOS mark attachment is fontkit's job).
  assert.notDeepEqual(pos(tt.layout(text)), pos(ref.layout(text)));
  tt.complex = ref as unknown as TrueTypeFont;
  assert.deepEqual(pos(tt.layout(text)), pos(ref.layout(text)));
  assert.deepEqual(pos(tt.layout("Cafe")), pos(ref.layout("Cafe")));
});

test("renderHtml() attaches fontkit shaping when the page has combining marks", async () => {
  await renderHtml(`<body style="font-family:'DejaVu Sans'">Cafe\u0301</body>`, {
    width: 60,
    height: 30,
  });
  // The bundled face is cached by key: the same object the page used.
  const bytes = new Uint8Array(readFileSync(join(ttfDir, "DejaVuSans.ttf")));
  const font = await openFont("bundled:DejaVuSans.ttf", bytes);
  assert.ok(font instanceof TrueTypeFont);
  assert.ok(font.complex, "fontkit font attached");
});

test("renderHtml() reorders right-to-left words (bidi-js): the first logical word ends up on the right", async () => {
  const html = `<body style="margin:0;font:20px 'DejaVu Sans';background:#fff">` +
    `<span style="color:#f00">שלום</span> <span style="color:#00f">עולם</span></body>`;
  const { frame } = await renderHtml(html, { width: 200, height: 30 });
  let redX = 0, redN = 0, blueX = 0, blueN = 0;
  for (let y = 0; y < 30; y++) {
    for (let x = 0; x < 200; x++) {
      const i = (y * 200 + x) * 4;
      const [r, g, b] = [frame.data[i], frame.data[i + 1], frame.data[i + 2]];
      if (r > 200 && g < 80 && b < 80) (redX += x, redN++);
      if (b > 200 && r < 80 && g < 80) (blueX += x, blueN++);
    }
  }
  assert.ok(redN > 20 && blueN > 20);
  assert.ok(redX / redN > blueX / blueN, "first word right of the second");
});
