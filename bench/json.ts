// Copyright 2026 the wirekit authors. MIT license.
// JSON: whole-document parsing against native JSON.parse and
// @streamparser/json, streaming path selection in 64 KiB chunks against
// @streamparser/json, and a 200 MB generated document selected with bounded
// memory (generated on the fly, never written to disk).
import process from "node:process";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { JSONParser } from "@streamparser/json";
import { JsonStreamParser, parseJson } from "../json/mod.ts";
import { runBench } from "./_runner.ts";

const encoder = new TextEncoder();

/** One generated item, varied so strings, numbers, nesting and escapes all occur. */
function item(i: number): string {
  return JSON.stringify({
    id: i,
    name: `item ${i}`,
    price: Math.round(((i * 7919) % 100000) * 1.37) / 100,
    active: i % 3 === 0,
    tags: ["alpha", "beta", i % 2 ? "gamma" : "délta"],
    meta: {
      created: `2026-01-${String((i % 28) + 1).padStart(2, "0")}T12:00:00Z`,
      score: (i % 1000) / 7,
      nested: [1, 2, 3, { x: null, y: 'quote " and \\ slash' }],
    },
    description: "Lorem ipsum dolor sit amet, consectetur adipiscing elit \u00e9\u4e2d " + i,
  });
}

/** The same shape as {@linkcode item}, written without building an object first. */
function itemText(i: number): string {
  const d = String((i % 28) + 1).padStart(2, "0");
  return `{"id":${i},"name":"item ${i}","price":${
    Math.round(((i * 7919) % 100000) * 1.37) / 100
  },` +
    `"active":${i % 3 === 0},"tags":["alpha","beta","${i % 2 ? "gamma" : "d\u00e9lta"}"],` +
    `"meta":{"created":"2026-01-${d}T12:00:00Z","score":${(i % 1000) / 7},` +
    `"nested":[1,2,3,{"x":null,"y":"quote \\" and \\\\ slash"}]},` +
    `"description":"Lorem ipsum dolor sit amet, consectetur adipiscing elit \u00e9\u4e2d ${i}"}`;
}

/** A `{"items": [...]}` document of about `bytes` bytes. */
export function generateDocument(bytes: number): string {
  const parts: string[] = ['{"count": 0, "items": ['];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = (i ? "," : "") + item(i);
    parts.push(s);
    size += s.length;
  }
  parts.push('], "done": true}');
  return parts.join("");
}

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Runs the JSON workload. */
export async function benchJson(): Promise<void> {
  // In a child process that loads only this module, so peak RSS is the parser's own.
  const self = fileURLToPath(import.meta.url);
  const args = "Deno" in globalThis ? ["run", "-A", self, RSS_CHILD] : [self, RSS_CHILD];
  const r = spawnSync(process.execPath, args, { stdio: "inherit" });
  if (r.status !== 0) console.log(`  (the 200 MB selection child failed: ${r.status ?? r.signal})`);

  const text = generateDocument(20 * 1024 * 1024);
  const bytes = encoder.encode(text);
  const parts = chunks(bytes, 64 * 1024);
  const mb = (bytes.length / 1e6).toFixed(0);

  let count = 0;
  await runBench({
    name: `json stream $.items[*].id, ${mb} MB in 64 KiB chunks`,
    bytesPerOp: bytes.length,
    contenders: [
      {
        name: "wirekit",
        fn: () => {
          count = 0;
          const p = new JsonStreamParser({ paths: ["$.items[*].id"], onValue: () => count++ });
          for (const c of parts) p.push(c);
          p.end();
          return count;
        },
      },
      {
        name: "@streamparser/json",
        fn: () => {
          count = 0;
          const p = new JSONParser({ paths: ["$.items.*.id"], keepStack: false });
          p.onValue = () => count++;
          for (const c of parts) p.write(c);
          if (!p.isEnded) p.end();
          return count;
        },
      },
    ],
  }, { rounds: 5 });

  await runBench({
    name: `json parse whole document (string), ${mb} MB`,
    bytesPerOp: bytes.length,
    contenders: [
      { name: "wirekit", fn: () => parseJson(text) },
      { name: "JSON.parse", fn: () => JSON.parse(text) },
      {
        name: "@streamparser/json",
        fn: () => {
          let v: unknown;
          const p = new JSONParser({ paths: ["$"] });
          p.onValue = ({ value }) => void (v = value);
          p.write(text);
          if (!p.isEnded) p.end();
          return v;
        },
      },
    ],
  }, { rounds: 5 });

  const decoder = new TextDecoder();
  await runBench({
    name: `json parse whole document (bytes), ${mb} MB`,
    bytesPerOp: bytes.length,
    contenders: [
      { name: "wirekit", fn: () => parseJson(bytes) },
      { name: "JSON.parse(decode)", fn: () => JSON.parse(decoder.decode(bytes)) },
    ],
  }, { rounds: 5 });

  await runBench({
    name: `json parse exact parser only (bigint option), ${mb} MB`,
    bytesPerOp: bytes.length,
    contenders: [
      { name: "wirekit", fn: () => parseJson(bytes, { bigint: true }) },
      { name: "JSON.parse(decode)", fn: () => JSON.parse(decoder.decode(bytes)) },
    ],
  }, { rounds: 3 });
}

const RSS_CHILD = "--json-rss-child";

/** Streams a generated document of `total` bytes through the parser, reporting peak RSS. */
async function selectFromHuge(total: number): Promise<void> {
  const g = globalThis as { gc?: () => void };
  g.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  let ids = 0;
  let last = -1;
  const p = new JsonStreamParser({
    paths: ["$.items[*].id"],
    onValue: (v) => {
      ids++;
      last = v as number;
    },
  });
  const t0 = performance.now();
  let fed = 0;
  let i = 0;
  p.push('{"count": 0, "items": [');
  // One 64 KiB template of varied items, reused for every chunk with only the
  // ids rewritten in place (a 10-byte field, space-padded: valid JSON), so the
  // generator allocates nothing and peak RSS is the parser's.
  const parts: string[] = [];
  const idAt: number[] = [];
  let size = 0;
  for (let j = 0; size < 64 * 1024; j++) {
    const text = itemText(j).replace(`{"id":${j},`, '{"id":          ,');
    const prefix = j ? "," : " ";
    idAt.push(size + prefix.length + 6);
    parts.push(prefix + text);
    size += encoder.encode(prefix + text).length;
  }
  const buf = encoder.encode(parts.join(""));
  while (fed < total) {
    for (const at of idAt) {
      let id = i++;
      for (let k = at + 9; k >= at; k--) {
        buf[k] = id > 0 || k === at + 9 ? 0x30 + (id % 10) : 0x20;
        id = Math.floor(id / 10);
      }
    }
    p.push(buf);
    fed += buf.length;
    if ((fed & 0xfffff) < 65536) peak = Math.max(peak, process.memoryUsage().rss);
    if (fed === buf.length) buf[0] = 0x2c; // later chunks continue the array
  }
  p.push('], "done": true}');
  p.end();
  peak = Math.max(peak, process.memoryUsage().rss);
  const secs = (performance.now() - t0) / 1000;
  console.log(`json select $.items[*].id from a generated ${(fed / 1e6).toFixed(0)} MB document`);
  console.log(
    `  wirekit                  ${
      (fed / 1e6 / secs).toFixed(1).padStart(9)
    } MB/s  ${ids} ids (last ${last}), ` +
      `peak RSS ${(peak / 1048576).toFixed(1)} MiB (${(before / 1048576).toFixed(1)} MiB before)`,
  );
  await Promise.resolve();
}

if (process.argv.includes(RSS_CHILD)) await selectFromHuge(200 * 1024 * 1024);
