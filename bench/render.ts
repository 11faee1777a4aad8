// Copyright 2026 the wirekit authors. MIT license.
// The greenhouse dashboard (examples/dashboard.html, 800x480) from HTML to an
// RGBA frame: wirekit renderHtml() against satori (the same layout written as
// its flexbox element tree, SVG out) + @resvg/resvg-js (SVG to pixels).
// Also measures each side's cold first frame (a fresh process: module load
// and first frame) and its peak RSS.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import process from "node:process";
import { spawnSync } from "node:child_process";
import { type BenchContender, runBench, runtimeName } from "./_runner.ts";

// The repository root (Node runs the tsc build from dist/bench/).
const root = new URL("..", import.meta.url).pathname.replace(/\/dist\/$/, "/");

type El = { type: string; props: Record<string, unknown> };
function h(type: string, style: Record<string, unknown>, ...children: (El | string)[]): El {
  return { type, props: { style, children: children.length === 1 ? children[0] : children } };
}

function satoriDashboard(icon: string, photo: string): El {
  const card = (label: string, value: string, unit: string, warn = false) =>
    h(
      "div",
      {
        display: "flex",
        flexDirection: "column",
        background: warn ? "#fffbeb" : "#fff",
        border: `1px solid ${warn ? "#f59e0b" : "#cbd5e1"}`,
        borderRadius: 8,
        padding: "8px 10px",
        height: 82,
        width: 176,
      },
      h("div", { fontSize: 12, color: "#64748b" }, label.toUpperCase()),
      h(
        "div",
        { display: "flex", alignItems: "baseline", fontSize: 26, fontWeight: 700, marginTop: 4 },
        value,
        h("span", { fontSize: 14, color: "#64748b", fontWeight: 400, marginLeft: 4 }, unit),
      ),
    );
  const row = (cells: string[], head = false) =>
    h(
      "div",
      {
        display: "flex",
        borderBottom: "1px solid #e2e8f0",
        background: head ? "#f1f5f9" : "#fff",
        fontSize: 13,
      },
      ...cells.map((c, i) =>
        h("div", {
          width: [192, 141, 272, 155][i],
          padding: "5px 8px",
          fontWeight: head ? 700 : 400,
        }, c)
      ),
    );
  return h(
    "div",
    {
      display: "flex",
      flexDirection: "column",
      width: 800,
      height: 480,
      background: "#eef2f6",
      fontFamily: "DejaVu Sans",
    },
    h(
      "div",
      {
        display: "flex",
        alignItems: "center",
        background: "#15803d",
        color: "#fff",
        padding: "10px 20px",
        height: 60,
      },
      { type: "img", props: { src: icon, width: 36, height: 36 } },
      h("div", { fontSize: 22, fontWeight: 700, marginLeft: 12, flexGrow: 1 }, "Greenhouse North"),
      h("div", { fontSize: 16 }, "Tue 14:32"),
    ),
    h(
      "div",
      { display: "flex", padding: "12px 20px 0" },
      h(
        "div",
        { display: "flex", flexWrap: "wrap", gap: 10, flexGrow: 1 },
        card("Temperature", "23.4", "°C"),
        card("Humidity", "61", "%"),
        card("Soil moisture", "18", "%", true),
        card("CO2", "640", "ppm"),
        card("Light", "12.8", "klx"),
        card("Water tank", "74", "%"),
      ),
      {
        type: "img",
        props: {
          src: photo,
          width: 200,
          height: 170,
          style: { objectFit: "cover", borderRadius: 8 },
        },
      },
    ),
    h(
      "div",
      { display: "flex", flexDirection: "column", margin: "12px 20px 0" },
      row(["Zone", "Valve", "Last watered", "Status"], true),
      row(["Tomatoes", "open", "13:50", "OK"]),
      row(["Peppers", "closed", "11:05", "OK"]),
      row(["Herbs", "closed", "08:30", "Dry"]),
      row(["Seedlings", "open", "14:10", "OK"]),
    ),
    h(
      "div",
      {
        display: "flex",
        marginTop: "auto",
        height: 28,
        background: "#0f172a",
        color: "#cbd5e1",
        fontSize: 12,
        padding: "0 20px",
        alignItems: "center",
        justifyContent: "space-between",
      },
      h("span", {}, "Updated 14:32:05"),
      h("span", {}, "wirekit · 800×480"),
    ),
  );
}

function mb(): string {
  return `${(process.memoryUsage().rss / 1024 / 1024).toFixed(1)} MB`;
}

/** Peak resident set size of this process in MB (Linux VmHWM; current RSS elsewhere). */
function peakMb(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch { /* not Linux */ }
  return process.memoryUsage().rss / 1024 / 1024;
}

const page = join(root, "examples", "dashboard.html");
const opts = { width: 800, height: 480, baseUrl: pathToFileURL(page).href };

function satoriInputs() {
  const fontDir = join(root, "node_modules", "dejavu-fonts-ttf", "ttf");
  const fonts = [
    {
      name: "DejaVu Sans",
      data: readFileSync(join(fontDir, "DejaVuSans.ttf")),
      weight: 400 as const,
      style: "normal" as const,
    },
    {
      name: "DejaVu Sans",
      data: readFileSync(join(fontDir, "DejaVuSans-Bold.ttf")),
      weight: 700 as const,
      style: "normal" as const,
    },
  ];
  const dataUrl = (p: string, type: string) =>
    `data:${type};base64,${readFileSync(p).toString("base64")}`;
  const tree = satoriDashboard(
    dataUrl(join(root, "examples", "assets", "icon.png"), "image/png"),
    dataUrl(join(root, "examples", "assets", "photo.jpg"), "image/jpeg"),
  );
  return { fonts, tree };
}

/**
 * Child-process side of the cold measurement: module loading (dynamic
 * import, so it is inside the timing) plus the first frame, then the
 * process's peak RSS after 20 more frames. Prints one JSON line.
 */
async function coldChild(side: string): Promise<void> {
  const t = performance.now();
  let frame: () => Promise<unknown>;
  if (side === "wirekit") {
    const html = readFileSync(page, "utf8");
    const { renderHtml } = await import("../html-render/mod.ts");
    frame = () => renderHtml(html, opts);
  } else {
    const { fonts, tree } = satoriInputs();
    const { default: satori } = await import("satori");
    const { Resvg } = await import("@resvg/resvg-js");
    frame = async () => {
      const svg = await satori(tree as never, { width: 800, height: 480, fonts });
      return new Resvg(svg, { fitTo: { mode: "original" } }).render().pixels;
    };
  }
  await frame();
  const cold = performance.now() - t;
  const peakFirst = peakMb();
  for (let i = 0; i < 20; i++) await frame();
  console.log(JSON.stringify({ cold, peakFirst, peak: peakMb() }));
}

/** Runs one fresh process of this file for `side`; returns its measurements. */
function spawnCold(side: string): { cold: number; peakFirst: number; peak: number } {
  const self = fileURLToPath(import.meta.url);
  const rt = runtimeName();
  const args = rt.startsWith("deno") ? ["run", "-A", self] : [self];
  const r = spawnSync(process.execPath, args, {
    env: { ...process.env, WIREKIT_RENDER_COLD: side },
    encoding: "utf8",
    timeout: 120_000,
  });
  const line = r.stdout?.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`cold child ${side} failed (${r.status}): ${r.stderr?.slice(-500)}`);
  }
}

/** Runs the render workload. */
export async function benchRender(): Promise<void> {
  // Cold: fresh processes, module load + first frame; median of 3 each.
  const runs = 3;
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const wk: { cold: number; peakFirst: number; peak: number }[] = [];
  const sa: typeof wk = [];
  for (let i = 0; i < runs; i++) {
    wk.push(spawnCold("wirekit"));
    sa.push(spawnCold("satori"));
  }
  const wkCold = med(wk.map((r) => r.cold)), saCold = med(sa.map((r) => r.cold));
  console.log(`render cold first frame, fresh process incl. module load  [${runtimeName()}]`);
  console.log(
    `  wirekit                  ${wkCold.toFixed(1)} ms   peak RSS ${
      med(wk.map((r) => r.peakFirst)).toFixed(1)
    } MB after 1 frame, ${med(wk.map((r) => r.peak)).toFixed(1)} MB after 21`,
  );
  console.log(
    `  satori+resvg             ${saCold.toFixed(1)} ms   peak RSS ${
      med(sa.map((r) => r.peakFirst)).toFixed(1)
    } MB after 1 frame, ${med(sa.map((r) => r.peak)).toFixed(1)} MB after 21`,
  );
  console.log(`  wirekit/satori+resvg cold = ${(saCold / wkCold).toFixed(2)}x`);

  const html = readFileSync(page, "utf8");
  const { renderHtml } = await import("../html-render/mod.ts");
  const { default: satori } = await import("satori");
  const { Resvg } = await import("@resvg/resvg-js");
  const { fonts, tree } = satoriInputs();
  const satoriFrame = async () => {
    const svg = await satori(tree as never, { width: 800, height: 480, fonts });
    return new Resvg(svg, { fitTo: { mode: "original" } }).render().pixels;
  };
  const contenders: BenchContender[] = [
    { name: "wirekit", fn: () => renderHtml(html, opts) },
    { name: "satori+resvg", fn: satoriFrame },
  ];
  await runBench({ name: "dashboard 800x480 HTML to RGBA (warm)", contenders }, {
    rounds: 5,
    minRoundMs: 300,
  });
  console.log(`  process rss now ${mb()}`);
}

if (process.env.WIREKIT_RENDER_COLD) await coldChild(process.env.WIREKIT_RENDER_COLD);
