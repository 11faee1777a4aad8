#!/usr/bin/env node
// `npm run bench -- <name> [--runtime=deno,bun,node]`: runs bench/main.ts
// under each runtime (Node from the tsc build in dist/), one after the other.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules", ".bin", name);
const args = process.argv.slice(2);
const runtimes = (args.find((a) => a.startsWith("--runtime="))?.slice(10) ?? "deno,bun,node").split(
  ",",
);
const names = args.filter((a) => !a.startsWith("--"));
let code = 0;
for (const rt of runtimes) {
  let r;
  if (rt === "deno") {
    r = spawnSync(bin("deno"), ["run", "-A", "bench/main.ts", ...names], {
      cwd: root,
      stdio: "inherit",
    });
  } else if (rt === "bun") {
    r = spawnSync(bin("bun"), ["bench/main.ts", ...names], { cwd: root, stdio: "inherit" });
  } else if (rt === "node") {
    const b = spawnSync(bin("tsc"), ["-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
    if (b.status !== 0) {
      code = 1;
      continue;
    }
    r = spawnSync(process.execPath, ["dist/bench/main.js", ...names], {
      cwd: root,
      stdio: "inherit",
    });
  } else {
    console.error(`Unknown runtime ${rt}`);
    process.exit(2);
  }
  if (r.status !== 0) code = r.status ?? 1;
}
process.exit(code);
