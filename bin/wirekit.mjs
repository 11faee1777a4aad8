#!/usr/bin/env node
// npm/Node entry of the `wirekit` command: runs the compiled CLI in dist/,
// building it first when a source checkout has not been built yet.
import process from "node:process";
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url);
const entry = new URL("dist/cli/main.js", root);
if (!existsSync(entry) && existsSync(new URL("tsconfig.build.json", root))) {
  const tsc = new URL("node_modules/typescript/bin/tsc", root).pathname;
  spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
    cwd: root.pathname,
    stdio: "inherit",
  });
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
