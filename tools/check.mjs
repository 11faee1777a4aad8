#!/usr/bin/env node
// Static checks on the tree, run by `npm test` (node tools/check.mjs):
// - deno.json / package.json exports and every mod.ts match the files;
// - only net/_runtime/ names Deno., Bun. or node: (tests, bench, cli, tools, examples excepted);
// - no npm: or jsr: specifiers anywhere; relative imports name their .ts file;
// - modules without npm dependencies import nothing bare (URL-importable from Deno);
// - the version is the same in package.json, deno.json and cli/version.ts.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expectedExports, modProblems } from "./sync_exports.mjs";

const root = new URL("..", import.meta.url).pathname;
const SKIP_DIRS = new Set(["node_modules", "dist", ".git", "testdata", "stubs"]);
const RUNTIME_FREE_EXEMPT = ["net/_runtime/", "tests/", "bench/", "cli/", "tools/", "examples/"];
export const URL_IMPORTABLE = ["json", "dns", "ntp", "dhcp", "net", "_internal"];

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name) || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mjs|js)$/.test(name) && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Import/export specifiers of a source file (static and dynamic). */
export function specifiers(text) {
  const out = [];
  const re =
    /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2]);
  return out;
}

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

export function runChecks() {
  const results = [];
  const files = walk(root).map((p) => relative(root, p));
  const ts = files.filter((f) => f.endsWith(".ts"));

  // 1. exports
  {
    const problems = modProblems();
    const deno = JSON.parse(readFileSync(join(root, "deno.json"), "utf8"));
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const want = expectedExports();
    if (JSON.stringify(deno.exports) !== JSON.stringify(want.deno)) {
      problems.push("deno.json exports out of date: run node tools/sync_exports.mjs");
    }
    if (JSON.stringify(pkg.exports) !== JSON.stringify(want.npm)) {
      problems.push("package.json exports out of date: run node tools/sync_exports.mjs");
    }
    for (const [k, v] of Object.entries(want.imports)) {
      if (deno.imports?.[k] !== v) problems.push(`deno.json imports lack ${k}`);
    }
    results.push({ name: "exports maps and mod.ts files match the tree", problems });
  }

  // 2. runtime names
  {
    const problems = [];
    for (const f of ts) {
      if (RUNTIME_FREE_EXEMPT.some((d) => f.startsWith(d))) continue;
      const text = readFileSync(join(root, f), "utf8");
      const lines = text.split("\n");
      lines.forEach((line, i) => {
        if (/\bDeno\.|\bBun\.|["'`]node:/.test(line)) {
          // JSDoc examples may import node:assert to assert; nothing else.
          if (/^\s*\*/.test(line) && /["']node:assert(\/strict)?["']/.test(line)) return;
          problems.push(`${f}:${i + 1}: ${line.trim()}`);
        }
      });
    }
    results.push({ name: "only net/_runtime/ names Deno., Bun. or node:", problems });
  }

  // 3. specifier hygiene
  {
    const problems = [];
    for (const f of files) {
      const text = stripComments(readFileSync(join(root, f), "utf8"));
      for (const s of specifiers(text)) {
        if (/^(npm|jsr):/.test(s)) {
          problems.push(`${f}: ${s} (use a bare specifier from node_modules)`);
        }
        if (f.endsWith(".ts") && /^\.\.?\//.test(s) && !/\.(ts|json)$/.test(s)) {
          problems.push(`${f}: ${s} (relative imports name the .ts file)`);
        }
      }
    }
    results.push({ name: "no npm:/jsr: specifiers; relative imports end in .ts", problems });
  }

  // 4. URL-importable modules
  {
    const problems = [];
    for (const f of ts) {
      const top = f.split("/")[0];
      if (!URL_IMPORTABLE.includes(top)) continue;
      const text = stripComments(readFileSync(join(root, f), "utf8"));
      for (const s of specifiers(text)) {
        if (/^\.\.?\//.test(s)) {
          const target = relative(root, join(root, f, "..", s)).split("/")[0];
          if (!URL_IMPORTABLE.includes(target)) {
            problems.push(`${f}: ${s} leaves the npm-free modules`);
          }
          continue;
        }
        if (f.startsWith("net/_runtime/") && /^node:/.test(s)) continue;
        problems.push(`${f}: bare import ${s}`);
      }
    }
    results.push({ name: "json, dns, ntp, dhcp, net import nothing bare", problems });
  }

  // 5. versions
  {
    const problems = [];
    const deno = JSON.parse(readFileSync(join(root, "deno.json"), "utf8")).version;
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
    const cli = /VERSION: string = "([^"]+)"/.exec(
      readFileSync(join(root, "cli/version.ts"), "utf8"),
    )?.[1];
    if (deno !== pkg || cli !== pkg) {
      problems.push(`package.json ${pkg}, deno.json ${deno}, cli ${cli}`);
    }
    results.push({ name: "versions agree", problems });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = 0;
  for (const r of runChecks()) {
    const ok = r.problems.length === 0;
    if (!ok) failed++;
    console.log(`${ok ? "ok  " : "FAIL"} ${r.name}`);
    for (const p of r.problems) console.log(`     ${p}`);
  }
  process.exit(failed ? 1 : 0);
}
