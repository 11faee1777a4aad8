// Copyright 2026 the wirekit authors. MIT license.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  getPanel,
  layoutHtml,
  PanelEncoder,
  rasterize,
  renderHtml,
  toPanel,
} from "../../html-render/mod.ts";

const PAGE = `<body style="margin:0;background:#f1f5f9;font:14px sans-serif">
<div style="background:#2f6b3a;color:#fff;padding:6px">Greenhouse</div>
<div style="display:flex;gap:6px;padding:6px">
  <div style="flex:1;background:#fff;border:1px solid #cbd5e1;border-radius:6px;padding:4px">23.4 °C</div>
  <div style="flex:1;background:#fffbeb;border:1px solid #f59e0b;border-radius:6px;padding:4px">18 %</div>
</div>
<div style="height:30px;background:linear-gradient(90deg,#f00,#00f)"></div>
</body>`;

test("rasterize() bands streamed through the panel stage give the whole-frame bytes", async () => {
  const size = { width: 200, height: 120 };
  const { frame } = await renderHtml(PAGE, size);
  const opts = { panel: { ...getPanel("waveshare-7in3f"), ...size } };
  const whole = toPanel(frame, opts);

  const layout = await layoutHtml(PAGE, size);
  // Band source: the panel stage pulls the bands through forEachBand.
  const viaSource = toPanel({
    ...size,
    forEachBand: (onBand) => void rasterize(layout.displayList, { bandHeight: 16, onBand }),
  }, opts);
  assert.deepEqual(viaSource.data, whole.data);

  // Push: the rasterizer feeds an encoder that emits packed rows as they are ready.
  const rows: Uint8Array[] = [];
  const enc = new PanelEncoder(size, { ...opts, onLine: (_y, bytes) => rows.push(bytes.slice()) });
  rasterize(layout.displayList, {
    bandHeight: 7,
    onBand: (y, lines, n) => enc.pushBand(y, lines, n),
  });
  const r = enc.finish();
  assert.equal(r.data.length, 0);
  const joined = new Uint8Array(rows.length * r.stride);
  rows.forEach((row, i) => joined.set(row, i * r.stride));
  assert.deepEqual(joined, whole.data);
});
