// Copyright 2026 the wirekit authors. MIT license.
// Helpers shared by tests: where the repository and ../shared are, whichever
// runtime runs the tests and whether from source or from dist/.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, "deno.json")) && existsSync(join(dir, "package.json"))) return dir;
    dir = dirname(dir);
  }
  throw new Error("Cannot find the wirekit repository root");
}

/** Absolute path of the repository checkout. */
export const repoRoot: string = findRoot();

/** Absolute path of ../shared beside the checkout (conformance data, recipes). */
export const sharedDir: string = join(repoRoot, "..", "shared");

/** Absolute path of a file under tests/testdata. */
export function testdataPath(...parts: string[]): string {
  return join(repoRoot, "tests", "testdata", ...parts);
}

/** Reads a file under tests/testdata as bytes. */
export function readTestdata(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(testdataPath(...parts)));
}

/** Which runtime runs this test. */
export const runtime: "deno" | "bun" | "node" = "Deno" in globalThis
  ? "deno"
  : "Bun" in globalThis
  ? "bun"
  : "node";

/** A deterministic pseudo-random byte source (xorshift32) for generated tests. */
export function seededBytes(seed: number, n: number): Uint8Array {
  let x = seed >>> 0 || 1;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 255;
  }
  return out;
}
