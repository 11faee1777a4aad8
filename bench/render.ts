// Copyright 2026 the wirekit authors. MIT license.
// The greenhouse dashboard (examples/dashboard.html, 800x480) from HTML to an
// RGBA frame: wirekit renderHtml() against satori (the same layout written as
// its flexbox element tree, SVG out) + @resvg/resvg-js (SVG to pixels).
// Also prints each side's cold first frame and the process RSS.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import process from "node:process";
import { renderHtml } from "../html-render/mod.ts";
import { type BenchContender, runBench, runtimeName } from "./_runner.ts";

const root = new URL("..", import.meta.url).pathname;

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

/** Runs the render workload. */
export async function benchRender(): Promise<void> {
  const page = join(root, "examples", "dashboard.html");
  const html = readFileSync(page, "utf8");
  const opts = { width: 800, height: 480, baseUrl: pathToFileURL(page).href };
  let t = performance.now();
  await renderHtml(html, opts);
  const wkCold = performance.now() - t;
  for (let i = 0; i < 20; i++) await renderHtml(html, opts);
  const wkRss = mb();

  const { default: satori } = await import("satori");
  const { Resvg } = await import("@resvg/resvg-js");
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
  const satoriFrame = async () => {
    const svg = await satori(tree as never, { width: 800, height: 480, fonts });
    return new Resvg(svg, { fitTo: { mode: "original" } }).render().pixels;
  };
  t = performance.now();
  await satoriFrame();
  const saCold = performance.now() - t;

  console.log(`render cold first frame  [${runtimeName()}]`);
  console.log(
    `  wirekit                  ${wkCold.toFixed(1)} ms   (rss after 21 frames ${wkRss})`,
  );
  console.log(
    `  satori+resvg             ${saCold.toFixed(1)} ms   wirekit/satori+resvg = ${
      (saCold / wkCold).toFixed(2)
    }x`,
  );
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
