#!/usr/bin/env node
// Keeps the subpath exports of deno.json and package.json (and the self-import
// map that lets JSDoc examples import "wirekit/<module>") in step with the tree.
// Usage: node tools/sync_exports.mjs          rewrite both files
//        node tools/sync_exports.mjs --check  exit 1 and list differences
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const MODULES = [
  "json",
  "cbor",
  "jose",
  "cose",
  "dns",
  "ntp",
  "dhcp",
  "html-render",
  "net",
];

const root = new URL("..", import.meta.url).pathname;

/** Public files of a module: top-level .ts files not starting with "_". */
export function publicFiles(mod) {
  return readdirSync(join(root, mod))
    .filter((f) => f.endsWith(".ts") && !f.startsWith("_") && !f.endsWith(".d.ts"))
    .sort();
}

function kebab(file) {
  return file.replace(/\.ts$/, "").replaceAll("_", "-");
}

export function expectedExports() {
  const deno = { ".": "./mod.ts" };
  const imports = { "wirekit": "./mod.ts" };
  for (const mod of MODULES) {
    deno[`./${mod}`] = `./${mod}/mod.ts`;
    imports[`wirekit/${mod}`] = `./${mod}/mod.ts`;
    for (const f of publicFiles(mod)) {
      if (f === "mod.ts") continue;
      deno[`./${mod}/${kebab(f)}`] = `./${mod}/${f}`;
      imports[`wirekit/${mod}/${kebab(f)}`] = `./${mod}/${f}`;
    }
  }
  const npm = {};
  for (const [key, src] of Object.entries(deno)) {
    const js = src.replace(/^\.\//, "./dist/").replace(/\.ts$/, ".js");
    npm[key] = {
      types: js.replace(/\.js$/, ".d.ts"),
      bun: src,
      deno: src,
      default: js,
    };
  }
  npm["./package.json"] = "./package.json";
  return { deno, npm, imports };
}

/** Problems with each module's mod.ts: public files it does not re-export. */
export function modProblems() {
  const problems = [];
  for (const mod of MODULES) {
    const modFile = join(root, mod, "mod.ts");
    if (!existsSync(modFile)) {
      problems.push(`${mod}/mod.ts is missing`);
      continue;
    }
    const text = readFileSync(modFile, "utf8");
    if (!/@module/.test(text)) problems.push(`${mod}/mod.ts has no @module doc`);
    for (const f of publicFiles(mod)) {
      if (f === "mod.ts") continue;
      if (!text.includes(`export * from "./${f}";`)) {
        problems.push(`${mod}/mod.ts lacks: export * from "./${f}";`);
      }
    }
  }
  return problems;
}

function main() {
  const check = process.argv.includes("--check");
  const denoPath = join(root, "deno.json");
  const pkgPath = join(root, "package.json");
  const denoJson = JSON.parse(readFileSync(denoPath, "utf8"));
  const pkgJson = JSON.parse(readFileSync(pkgPath, "utf8"));
  const want = expectedExports();
  const wantImports = { ...(denoJson.imports ?? {}) };
  for (const k of Object.keys(wantImports)) {
    if (k === "wirekit" || k.startsWith("wirekit/")) delete wantImports[k];
  }
  Object.assign(wantImports, want.imports);
  if (check) {
    const problems = modProblems();
    if (JSON.stringify(denoJson.exports) !== JSON.stringify(want.deno)) {
      problems.push("deno.json exports are out of date (run: node tools/sync_exports.mjs)");
    }
    if (JSON.stringify(pkgJson.exports) !== JSON.stringify(want.npm)) {
      problems.push("package.json exports are out of date (run: node tools/sync_exports.mjs)");
    }
    if (JSON.stringify(denoJson.imports) !== JSON.stringify(wantImports)) {
      problems.push("deno.json imports are out of date (run: node tools/sync_exports.mjs)");
    }
    for (const p of problems) console.error(`exports: ${p}`);
    process.exit(problems.length ? 1 : 0);
  }
  denoJson.exports = want.deno;
  denoJson.imports = wantImports;
  pkgJson.exports = want.npm;
  writeFileSync(denoPath, JSON.stringify(denoJson, null, 2) + "\n");
  writeFileSync(pkgPath, JSON.stringify(pkgJson, null, 2) + "\n");
  const problems = modProblems();
  for (const p of problems) console.error(`exports: ${p}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
