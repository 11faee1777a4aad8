// Copyright 2026 the wirekit authors. MIT license.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Buffer } from "node:buffer";
import { PNG } from "pngjs";
import { main } from "../../cli/main.ts";
import type { CliIo } from "../../cli/_registry.ts";
import { renderCommands } from "../../cli/render.ts";
import { toPanel } from "../../html-render/mod.ts";
import { seededBytes } from "../_util.ts";

function memoryIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    readStdin: () => Promise.resolve(new Uint8Array(0)),
  };
  return io;
}

function withTmp(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "wirekit-render-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test("wirekit render --list names the panels, formats, palettes and dither methods", async () => {
  const io = memoryIo();
  assert.equal(await main(["render", "--list"], io, renderCommands), 0);
  assert.match(io.stdout, /waveshare-7in3f\s+800x480 indexed4 acep7/);
  assert.match(io.stdout, /Formats: mono1, mono1-pages, gray2/);
  assert.match(io.stdout, /Dither: none, floyd-steinberg/);
});

test("wirekit render lists the valid names for an unknown panel, format or dither", async () => {
  for (
    const [args, re] of [
      [["--panel", "nope"], /Unknown panel "nope"; valid: waveshare-7in5-v2,.*trmnl-800x480/],
      [["--format", "rgb999"], /Unknown pixel format "rgb999"; valid: mono1, mono1-pages,/],
      [
        ["--panel", "ssd1306-128x64", "--dither", "xx"],
        /valid: none, floyd-steinberg.*\(or fs, jjn/,
      ],
      [[], /Give --panel or --format; panels: waveshare-7in5-v2/],
    ] as [string[], RegExp][]
  ) {
    const io = memoryIo();
    assert.equal(await main(["render", "page.html", ...args], io, renderCommands), 2);
    assert.match(io.stderr, re);
  }
});

test(
  "wirekit render turns a PNG of the panel's size into panel bytes, BMP and preview",
  withTmp(async (dir) => {
    const W = 128, H = 64;
    const png = new PNG({ width: W, height: H });
    png.data.set(seededBytes(9, W * H * 4));
    for (let i = 3; i < W * H * 4; i += 4) png.data[i] = 255;
    const input = join(dir, "in.png");
    writeFileSync(input, new Uint8Array(PNG.sync.write(png)));
    const io = memoryIo();
    const code = await main(
      [
        "render",
        input,
        "--panel",
        "ssd1306-128x64",
        "--dither",
        "fs",
        "--out",
        join(dir, "f.bin"),
        "--png",
        join(dir, "p.png"),
      ],
      io,
      renderCommands,
    );
    assert.equal(code, 0, io.stderr);
    const expected = toPanel({ width: W, height: H, data: new Uint8Array(png.data) }, {
      panel: "ssd1306-128x64",
      dither: "floyd-steinberg",
    });
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, "f.bin"))), expected.data);
    assert.equal(PNG.sync.read(Buffer.from(readFileSync(join(dir, "p.png")))).width, W);
    assert.match(
      io.stdout,
      /128x64 mono1-pages bw floyd-steinberg; 0 diagnostics; hash [0-9a-f]{16}/,
    );
    assert.match(io.stdout, /wrote panel bytes .*f\.bin \(1024 bytes\)/);
    assert.match(io.stderr, /rendering .*in\.png for ssd1306-128x64 \(128x64\)/);
    const io2 = memoryIo();
    const bmpArgs = ["--format", "mono1", "--width", "128", "--height", "64", "--bmp"];
    assert.equal(
      await main(["render", input, ...bmpArgs, join(dir, "f.bmp")], io2, renderCommands),
      0,
      io2.stderr,
    );
    assert.equal(readFileSync(join(dir, "f.bmp")).length, 62 + 16 * 64);
  }),
);

test(
  "wirekit render renders an HTML page with size and format overrides",
  withTmp(async (dir) => {
    const page = join(dir, "page.html");
    writeFileSync(
      page,
      '<body style="margin:0;background:#fff"><div style="width:8px;height:4px;background:#f00"></div></body>',
    );
    const io = memoryIo();
    const code = await main(
      [
        "render",
        page,
        "--format",
        "rgb565be",
        "--width",
        "16",
        "--height",
        "4",
        "--out",
        join(dir, "f.bin"),
      ],
      io,
      renderCommands,
    );
    assert.equal(code, 0, io.stderr);
    const bytes = readFileSync(join(dir, "f.bin"));
    assert.equal(bytes.length, 16 * 4 * 2);
    assert.deepEqual([...bytes.subarray(0, 2)], [0xf8, 0x00]);
    assert.deepEqual([...bytes.subarray(30, 32)], [0xff, 0xff]);
    assert.match(io.stdout, /render [\d.]+ ms \(load/);
  }),
);

test("wirekit render --bmp needs a 1-bit format", async () => {
  const io = memoryIo();
  assert.equal(
    await main(
      ["render", "p.html", "--panel", "waveshare-7in3f", "--bmp", "x.bmp"],
      io,
      renderCommands,
    ),
    2,
  );
  assert.match(io.stderr, /--bmp needs a 1-bit panel/);
});

test("wirekit render fetches a page and its image from an http URL (loopback)", async () => {
  const { createServer } = await import("node:http");
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(0);
  for (let i = 3; i < 16; i += 4) png.data[i] = 255;
  const icon = new Uint8Array(PNG.sync.write(png));
  const page = '<body style="margin:0;background:#fff">' +
    '<img src="icon.png" style="display:block;width:4px;height:4px"></body>';
  const server = createServer((req, res) => {
    if (req.url === "/page.html") res.end(page);
    else if (req.url === "/icon.png") res.end(icon);
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), "wirekit-render-"));
  try {
    const io = memoryIo();
    const code = await main(
      [
        "render",
        `http://127.0.0.1:${port}/page.html`,
        "--format",
        "mono1",
        "--width",
        "8",
        "--height",
        "2",
        "--out",
        join(dir, "f.bin"),
      ],
      io,
      renderCommands,
    );
    assert.equal(code, 0, io.stderr);
    // A black 4x4 image at the left of a white page: 0000 1111 on both rows.
    assert.deepEqual([...readFileSync(join(dir, "f.bin"))], [0x0f, 0x0f]);
    assert.match(io.stdout, /0 diagnostics/);
  } finally {
    await new Promise<void>((ok) => server.close(() => ok()));
    rmSync(dir, { recursive: true, force: true });
  }
});
