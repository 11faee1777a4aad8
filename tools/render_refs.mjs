#!/usr/bin/env node
// Regenerates the html-render fidelity references: every page under
// tests/testdata/html-render/pages/*.html is screenshotted by headless
// Chromium (Debian `chromium`) at the page's size (default 480x320; a
// `<meta name="wirekit-size" content="WxH">` overrides it) into
// tests/testdata/html-render/refs/<page>.png. Pages load the bundled DejaVu
// fonts through @font-face (pages/fonts.css), exactly as wirekit does.
// References are only ever written by this script, never edited by hand.
// Usage: node tools/render_refs.mjs [page-name-part ...]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const pages = join(root, "tests/testdata/html-render/pages");
const refs = join(root, "tests/testdata/html-render/refs");
mkdirSync(refs, { recursive: true });
const want = process.argv.slice(2);
const chromium = spawnSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], {
  encoding: "utf8",
})
  .stdout.trim();
if (!chromium) {
  console.error("chromium not found: apt-get install -y chromium");
  process.exit(1);
}
let failed = 0;
for (const f of readdirSync(pages).filter((f) => f.endsWith(".html")).sort()) {
  const name = f.replace(/\.html$/, "");
  if (want.length && !want.some((w) => name.includes(w))) continue;
  const html = readFileSync(join(pages, f), "utf8");
  const m = /<meta name="wirekit-size" content="(\d+)x(\d+)">/.exec(html);
  const [w, h] = m ? [m[1], m[2]] : ["480", "320"];
  const ud = mkdtempSync(join(tmpdir(), "wk-chromium-"));
  const out = join(refs, `${name}.png`);
  const r = spawnSync(chromium, [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]",
    `--user-data-dir=${ud}`,
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--font-render-hinting=none",
    "--allow-file-access-from-files",
    `--screenshot=${out}`,
    `--window-size=${w},${h}`,
    `file://${join(pages, f)}`,
  ], { encoding: "utf8", timeout: 60_000 });
  rmSync(ud, { recursive: true, force: true });
  if (r.status !== 0) {
    failed++;
    console.error(`${name}: chromium failed (${r.status})\n${r.stderr.slice(-2000)}`);
  } else console.log(`${name}: ${w}x${h} -> ${out}`);
}
process.exit(failed ? 1 : 0);
