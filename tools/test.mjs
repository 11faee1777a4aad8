#!/usr/bin/env node
// `npm test`: static checks, Deno's fmt/lint/check/doc lint, then the whole
// suite under Deno, Bun and Node (from a tsc build in dist/). Prints one
// closing line "N passed, N failed" summed over everything and exits non-zero
// on any failure. Options: --only=deno,bun,node,static  --filter=<path part>
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { runChecks } from "./check.mjs";
import { MODULES } from "./sync_exports.mjs";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules", ".bin", name);
// A partial run (--only/--filter) gets its own log folder and Node build, so
// several people testing in one checkout do not overwrite each other's.
const partial = process.argv.slice(2).some((a) =>
  a.startsWith("--only=") || a.startsWith("--filter=")
);
const runId = partial ? `-${process.pid}` : "";
const logDir = join(root, ".tmp", `test-logs${runId}`);
const outDir = partial ? join(".tmp", `dist${runId}`) : "dist";
mkdirSync(logDir, { recursive: true });

const argv = process.argv.slice(2);
const only = argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const filter = argv.find((a) => a.startsWith("--filter="))?.slice(9);
const want = (k) => !only || only.includes(k);

const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
delete env.NODE_OPTIONS;

function run(label, cmd, args, opts = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {
    cwd: root,
    env: { ...env, ...(opts.env ?? {}) },
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    timeout: opts.timeout ?? 30 * 60 * 1000,
  });
  const out = (r.stdout ?? "") + (r.stderr ?? "");
  writeFileSync(join(logDir, label.replace(/\W+/g, "_") + ".log"), out);
  return { code: r.status ?? (r.signal ? 128 : 1), out, ms: Date.now() - t0, error: r.error };
}

function record(label, counts, r) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped ?? 0;
  const status = counts.failed ? "FAIL" : "ok  ";
  const skip = counts.skipped ? `, ${counts.skipped} skipped` : "";
  summary.push(
    `${status} ${label.padEnd(40)} ${counts.passed} passed, ${counts.failed} failed${skip}  (${
      (r.ms / 1000).toFixed(1)
    } s)`,
  );
  console.log(summary.at(-1));
  if (counts.failed) {
    const tail = r.out.split("\n").slice(-120).join("\n");
    console.log(
      `---- ${label} output (last lines; full log in .tmp/test-logs) ----\n${tail}\n----`,
    );
  }
}

/** A check that passes or fails as a whole. */
function check(label, cmd, args) {
  const r = run(label, cmd, args);
  record(label, r.code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }, r);
}

/** Counts leaf tests in TAP 14 output (a test with subtests is not a leaf). */
function countTap(out) {
  const lines = out.split("\n");
  const c = { passed: 0, failed: 0, skipped: 0 };
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(ok|not ok) \d+/.exec(lines[i]);
    if (!m) continue;
    // A parent's result line follows its subtests' plan line "1..n" indented deeper.
    let j = i - 1;
    while (j >= 0 && /^\s*$/.test(lines[j])) j--;
    const indent = m[1].length;
    const prev = lines[j] ?? "";
    const pm = /^(\s*)1\.\.\d+/.exec(prev);
    if (pm && pm[1].length > indent) continue;
    if (/# (SKIP|TODO)/i.test(lines[i])) c.skipped++;
    else if (m[2] === "ok") c.passed++;
    else c.failed++;
  }
  return c;
}

function testFiles(dir, suffix) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (name === "testdata" || name === "node_modules") continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(suffix)) out.push(relative(root, p));
    }
  };
  walk(join(root, dir));
  return out.filter((f) => !filter || f.includes(filter)).sort();
}

const entryPoints = ["mod.ts", ...MODULES.map((m) => `${m}/mod.ts`)];

if (want("static")) {
  for (const r of runChecks()) {
    const fake = { ms: 0, out: r.problems.join("\n") };
    record(`check: ${r.name}`, {
      passed: r.problems.length ? 0 : 1,
      failed: r.problems.length ? 1 : 0,
    }, fake);
    if (r.problems.length) console.log(`     ${r.name}\n     ${r.problems.join("\n     ")}`);
  }
  check("deno fmt --check", bin("deno"), ["fmt", "--check"]);
  check("deno lint", bin("deno"), ["lint"]);
  const checked = ["tests", "bench", "examples"].filter((d) => {
    try {
      return testFiles(d, ".ts").length > 0;
    } catch {
      return false;
    }
  });
  check("deno check", bin("deno"), [
    "check",
    ...entryPoints,
    "cli/main.ts",
    ...checked.map((d) => d + "/"),
  ]);
  check("deno doc --lint", bin("deno"), ["doc", "--lint", ...entryPoints]);
  check("deno publish --dry-run", bin("deno"), ["publish", "--dry-run", "--allow-dirty"]);
}

if (want("deno")) {
  const files = testFiles("tests", "_test.ts");
  // Doc examples of the modules the filter names run too (e.g. --filter=tests/cose).
  const docMods = filter ? MODULES.filter((m) => filter.includes(m)) : MODULES;
  const docs = docMods.length ? ["--doc", ...(filter ? [] : entryPoints), ...docMods] : [];
  const r = run("deno test", bin("deno"), ["test", "-A", "--reporter=tap", ...docs, ...files]);
  const c = countTap(r.out);
  if (r.code !== 0 && c.failed === 0) c.failed = 1; // e.g. a type error before any test ran
  record("deno test", c, r);
  // The UDP users again with Deno.listenDatagram (the adapter's native fast
  // path, which needs --unstable-net); the run above covers node:dgram.
  const udp = files.filter((f) => /^tests\/(net|ntp|dns|dhcp)\//.test(f));
  if (udp.length) {
    const u = run("deno test --unstable-net", bin("deno"), [
      "test",
      "-A",
      "--unstable-net",
      "--reporter=tap",
      ...udp,
    ], { env: { WIREKIT_EXPECT_NATIVE_UDP: "1" } });
    const cu = countTap(u.out);
    if (u.code !== 0 && cu.failed === 0) cu.failed = 1;
    record("deno test --unstable-net (UDP)", cu, u);
  }
}

if (want("bun")) {
  const files = testFiles("tests", "_test.ts").map((f) => "./" + f);
  const r = run("bun test", bin("bun"), ["test", "--timeout", "60000", ...files]);
  const num = (re) => Number(re.exec(r.out)?.[1] ?? 0);
  const c = {
    passed: num(/^\s*(\d+) pass$/m),
    failed: num(/^\s*(\d+) fail$/m),
    skipped: num(/^\s*(\d+) skip$/m),
  };
  if (r.code !== 0 && c.failed === 0) c.failed = 1;
  record("bun test", c, r);
}

if (want("node")) {
  const b = run("tsc build", bin("tsc"), ["-p", "tsconfig.build.json", "--outDir", outDir]);
  if (b.code !== 0) {
    record("tsc build", { passed: 0, failed: 1 }, b);
  } else {
    record("tsc build", { passed: 1, failed: 0 }, b);
    const files = testFiles(join(outDir, "tests"), "_test.js");
    const r = run("node --test", process.execPath, ["--test", "--test-reporter=tap", ...files]);
    const num = (re) => Number(re.exec(r.out)?.[1] ?? 0);
    const c = {
      passed: num(/^# pass (\d+)$/m),
      failed: num(/^# fail (\d+)$/m),
      skipped: num(/^# skipped (\d+)$/m) + num(/^# todo (\d+)$/m),
    };
    if (r.code !== 0 && c.failed === 0) c.failed = 1;
    record("node --test", c, r);
  }
}

if (partial) rmSync(join(root, outDir), { recursive: true, force: true });
console.log(`\nlogs: ${relative(root, logDir)}/`);
const skip = totals.skipped ? `, ${totals.skipped} skipped` : "";
console.log(`${totals.passed} passed, ${totals.failed} failed${skip}`);
process.exit(totals.failed ? 1 : 0);
