// Copyright 2026 the wirekit authors. MIT license.
// `wirekit render <page.html|url|image.png> --panel <name> ...`: an HTML page
// (or an image) to the bytes a panel wants, a PNG preview and a 1-bit BMP.
import { readFile, stat, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Buffer } from "node:buffer";
import process from "node:process";
import { PNG } from "pngjs";
import { type CliCommand, type CliIo, CliUsageError, parseArgs } from "./_registry.ts";
import {
  createResourceLoader,
  detectChanges,
  type DitherMethod,
  encodeBmp,
  encodePanelPng,
  getPalette,
  getPanel,
  listDitherMethods,
  listPalettes,
  listPanels,
  listPixelFormats,
  type PanelMirror,
  type PanelOptions,
  type PanelProfile,
  type PanelResult,
  type PanelRotation,
  pixelFormatInfo,
  renderHtml,
  type RgbaFrame,
  toPanel,
} from "../html-render/mod.ts";

const DITHER_ALIASES: Record<string, DitherMethod> = {
  fs: "floyd-steinberg",
  jjn: "jarvis-judice-ninke",
  sierra: "sierra-lite",
  ordered: "bayer4",
};

const VALUE_FLAGS = [
  "panel",
  "dither",
  "out",
  "png",
  "bmp",
  "width",
  "height",
  "format",
  "palette",
  "rotate",
  "mirror",
  "bit-order",
  "gamma",
] as const;
const BOOL_FLAGS = ["watch", "serpentine", "linear", "invert", "crisp", "list", "diagnostics"];

function usageError(e: unknown): never {
  throw new CliUsageError(e instanceof Error ? e.message : String(e));
}

function intFlag(
  v: string | true | undefined,
  name: string,
  lo: number,
  hi: number,
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < lo || n > hi) {
    throw new CliUsageError(`--${name} needs an integer in ${lo}..${hi}`);
  }
  return n;
}

function str(v: string | true | undefined, name: string): string | undefined {
  if (v === true) throw new CliUsageError(`Option --${name} needs a value`);
  return v;
}

/** Panel options and render size from the flags; names are checked here so errors list the valid ones. */
export function panelSettings(
  flags: Map<string, string | true>,
): { options: PanelOptions; width: number; height: number } {
  const options: PanelOptions = {};
  let profile: PanelProfile | undefined;
  const panelName = str(flags.get("panel"), "panel");
  if (panelName !== undefined) {
    try {
      profile = getPanel(panelName);
    } catch (e) {
      usageError(e);
    }
  }
  const format = str(flags.get("format"), "format");
  if (format !== undefined) {
    try {
      options.format = pixelFormatInfo(format).name;
    } catch (e) {
      usageError(e);
    }
  }
  if (!profile && !options.format) {
    throw new CliUsageError(
      `Give --panel or --format; panels: ${listPanels().map((p) => p.name).join(", ")}`,
    );
  }
  const palette = str(flags.get("palette"), "palette");
  if (palette !== undefined) {
    try {
      options.palette = getPalette(palette).name;
    } catch (e) {
      usageError(e);
    }
  }
  const dither = str(flags.get("dither"), "dither");
  if (dither !== undefined) {
    const name = DITHER_ALIASES[dither] ?? dither;
    if (!listDitherMethods().some((m) => m.name === name)) {
      throw new CliUsageError(
        `Unknown dither method ${JSON.stringify(dither)}; valid: ${
          listDitherMethods().map((m) => m.name).join(", ")
        } (or ${Object.keys(DITHER_ALIASES).join(", ")})`,
      );
    }
    options.dither = name as DitherMethod;
  }
  const rotate = intFlag(flags.get("rotate"), "rotate", 0, 270);
  if (rotate !== undefined) {
    if (rotate % 90) throw new CliUsageError("--rotate needs 0, 90, 180 or 270");
    options.rotate = rotate as PanelRotation;
  }
  const mirror = str(flags.get("mirror"), "mirror");
  if (mirror !== undefined) {
    if (!["none", "x", "y", "xy"].includes(mirror)) {
      throw new CliUsageError("--mirror needs none, x, y or xy");
    }
    options.mirror = mirror as PanelMirror;
  }
  const bitOrder = str(flags.get("bit-order"), "bit-order");
  if (bitOrder !== undefined) {
    if (bitOrder !== "msb" && bitOrder !== "lsb") {
      throw new CliUsageError("--bit-order needs msb or lsb");
    }
    options.bitOrder = bitOrder;
  }
  const gamma = str(flags.get("gamma"), "gamma");
  if (gamma !== undefined) {
    const g = Number(gamma);
    if (!(g >= 0.1 && g <= 10)) throw new CliUsageError("--gamma needs a number in 0.1..10");
    options.gamma = g;
  }
  if (flags.has("serpentine")) options.serpentine = true;
  if (flags.has("linear")) options.linear = true;
  if (flags.has("invert")) options.invert = true;
  let width = intFlag(flags.get("width"), "width", 1, 16384);
  let height = intFlag(flags.get("height"), "height", 1, 16384);
  if (profile) {
    if (width !== undefined || height !== undefined) {
      profile = { ...profile, width: width ?? profile.width, height: height ?? profile.height };
    }
    options.panel = profile;
    const rot = options.rotate ?? profile.rotate;
    width = rot % 180 ? profile.height : profile.width;
    height = rot % 180 ? profile.width : profile.height;
  }
  return { options, width: width ?? 800, height: height ?? 480 };
}

function listText(): string {
  const lines = ["Panels:"];
  for (const p of listPanels()) {
    lines.push(
      `  ${p.name.padEnd(20)} ${p.width}x${p.height} ${p.format} ${
        p.palette ?? ""
      }  ${p.description}`,
    );
  }
  lines.push("Formats: " + listPixelFormats().map((f) => f.name).join(", "));
  lines.push("Palettes: " + listPalettes().map((p) => p.name).join(", "));
  lines.push("Dither: " + listDitherMethods().map((m) => m.name).join(", "));
  return lines.join("\n") + "\n";
}

interface Frame {
  frame: RgbaFrame;
  timings?: Record<string, number>;
  diagnostics: { message: string; source?: string; line?: number; column?: number }[];
}

async function loadSource(
  input: string,
  width: number,
  height: number,
  crisp: boolean,
): Promise<Frame> {
  const isUrl = /^https?:\/\//i.test(input);
  if (!isUrl && /\.png$/i.test(input)) {
    const bytes = await readFile(input);
    const png = PNG.sync.read(Buffer.from(bytes));
    if (png.width === width && png.height === height) {
      return { frame: { width, height, data: new Uint8Array(png.data) }, diagnostics: [] };
    }
  }
  let html: string, baseUrl: string;
  let loader = undefined;
  if (isUrl) {
    // The page comes through the same loader as its assets: same size and time limits.
    loader = createResourceLoader({ allowHosts: [new URL(input).hostname] });
    html = new TextDecoder().decode(await loader(input));
    baseUrl = input;
  } else if (/\.(png|jpe?g)$/i.test(input)) {
    baseUrl = pathToFileURL(resolve(input)).href;
    html = `<body style="margin:0;background:#fff"><img src="${
      encodeURI(baseUrl)
    }" style="display:block;width:${width}px;height:${height}px;object-fit:contain"></body>`;
  } else {
    html = await readFile(input, "utf8");
    baseUrl = pathToFileURL(resolve(input)).href;
  }
  const r = await renderHtml(html, {
    width,
    height,
    baseUrl,
    crisp,
    ...(loader ? { loader } : {}),
  });
  return { frame: r.frame, timings: r.timings, diagnostics: r.diagnostics };
}

async function renderOnce(
  input: string,
  flags: Map<string, string | true>,
  settings: { options: PanelOptions; width: number; height: number },
  io: CliIo,
  previous: PanelResult | undefined,
): Promise<PanelResult> {
  const { options, width, height } = settings;
  const target = options.panel && typeof options.panel === "object"
    ? options.panel.name
    : options.format;
  io.err(`rendering ${input} for ${target} (${width}x${height})...\n`);
  const t0 = performance.now();
  const src = await loadSource(input, width, height, flags.has("crisp"));
  const t1 = performance.now();
  const out = toPanel(src.frame, options);
  const t2 = performance.now();
  const stages = src.timings
    ? " (" + Object.entries(src.timings).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ") + ")"
    : "";
  const changes = detectChanges(previous, out);
  io.out(
    `render ${(t1 - t0).toFixed(1)} ms${stages}; panel ${(t2 - t1).toFixed(1)} ms; ` +
      `${out.width}x${out.height} ${out.format}${
        out.palette ? " " + out.palette.name : ""
      } ${out.dither}; ` +
      `${src.diagnostics.length} diagnostics; hash ${changes.hash}` +
      (previous
        ? (changes.changed ? `; ${changes.rects.length} changed rects` : "; unchanged")
        : "") +
      "\n",
  );
  if (flags.has("diagnostics")) {
    for (const d of src.diagnostics) {
      const at = d.source ? ` (${d.source}${d.line ? `:${d.line}:${d.column ?? 1}` : ""})` : "";
      io.out(`  ${d.message}${at}\n`);
    }
  }
  const write = async (flag: string, what: string, bytes: () => Uint8Array) => {
    const path = str(flags.get(flag), flag);
    if (path === undefined) return;
    const b = bytes();
    await writeFile(path, b);
    io.out(`wrote ${what} ${path} (${b.length} bytes)\n`);
  };
  await write("out", "panel bytes", () => out.data);
  await write("png", "preview", () => encodePanelPng(out));
  await write("bmp", "1-bit BMP", () => encodeBmp(out));
  return out;
}

/** The `wirekit render` command. */
export const renderCommands: CliCommand[] = [{
  group: "render",
  summary: "Renders an HTML page, URL or image to panel bytes, a PNG preview and a 1-bit BMP",
  usage:
    "<page.html|url|image> --panel <name> [--dither fs] [--out frame.bin] [--png preview.png] " +
    "[--bmp frame.bmp] [--width N --height N --format F --palette P] [--rotate D] [--mirror M] " +
    "[--gamma G] [--serpentine] [--linear] [--invert] [--crisp] [--diagnostics] [--watch] | --list",
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, VALUE_FLAGS, BOOL_FLAGS);
    if (flags.has("list")) {
      io.out(listText());
      return 0;
    }
    if (positionals.length !== 1) throw new CliUsageError("Give one page, URL or image");
    const input = positionals[0];
    const settings = panelSettings(flags);
    if (
      flags.has("bmp") &&
      (settings.options.format ?? (settings.options.panel as PanelProfile).format) !== "mono1"
    ) {
      throw new CliUsageError("--bmp needs a 1-bit panel or --format mono1");
    }
    const watching = flags.has("watch");
    if (watching && /^https?:\/\//i.test(input)) {
      throw new CliUsageError("--watch needs a local file");
    }
    let last = await renderOnce(input, flags, settings, io, undefined);
    if (!watching) return 0;
    io.err(`watching ${input} (Ctrl-C to stop)\n`);
    // Polls the file's mtime and size: survives editors that replace the file.
    const stamp = async () => {
      try {
        const st = await stat(input);
        return `${st.mtimeMs}/${st.size}`;
      } catch {
        return "missing";
      }
    };
    let seen = await stamp();
    await new Promise<void>((done) => {
      let busy = false;
      const timer = setInterval(async () => {
        if (busy) return;
        busy = true;
        try {
          const now = await stamp();
          if (now !== seen && now !== "missing") {
            seen = now;
            last = await renderOnce(input, flags, settings, io, last);
          }
        } catch (e) {
          io.err(`render failed: ${e instanceof Error ? e.message : String(e)}\n`);
        } finally {
          busy = false;
        }
      }, 300);
      process.once("SIGINT", () => {
        clearInterval(timer as unknown as Parameters<typeof clearInterval>[0]);
        done();
      });
    });
    return 0;
  },
}];
