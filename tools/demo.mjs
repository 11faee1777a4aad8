#!/usr/bin/env node
// `npm run demo`: the main job. Until html-render lands (issues 9 and 10) it
// lists the modules and the runtimes found; then it renders
// examples/dashboard.html to a panel buffer and a PNG preview.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MODULES } from "./sync_exports.mjs";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules", ".bin", name);
const demo = join(root, "examples", "demo.ts");
if (existsSync(demo)) {
  const r = spawnSync(bin("deno"), ["run", "-A", demo, ...process.argv.slice(2)], {
    cwd: root,
    stdio: "inherit",
  });
  process.exit(r.status ?? 1);
}
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
console.log(`wirekit ${pkg.version}: the dashboard renderer has not landed yet.\n`);
console.log("Modules:");
for (const m of MODULES) {
  const text = readFileSync(join(root, m, "mod.ts"), "utf8");
  const summary = /\/\*\*\s*\n\s*\*\s*(.+)/.exec(text)?.[1] ?? "";
  console.log(`  wirekit/${m.padEnd(12)} ${summary}`);
}
console.log("\nRuntimes:");
const version = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.split("\n")[0].trim() : "not found";
};
console.log(`  deno  ${version(bin("deno"), ["--version"])}`);
console.log(`  bun   ${version(bin("bun"), ["--version"])}`);
console.log(`  node  ${process.version}`);
