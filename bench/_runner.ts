// Copyright 2026 the wirekit authors. MIT license.
// Benchmark runner: each case runs wirekit and its peers in the same process,
// alternating rounds so warm-up, GC and CPU frequency affect them alike, and
// reports the median rate of each plus the ratio to wirekit.

/** One contender in a benchmark case. */
export interface BenchContender {
  /** Display name, e.g. "wirekit" or "Buffer". */
  name: string;
  /** Runs one operation; may return a value to keep it from being optimised away. */
  fn: () => unknown | Promise<unknown>;
}

/** A comparison: wirekit first, then its peers. */
export interface BenchCase {
  /** What is measured, e.g. "base64 encode 16 MiB". */
  name: string;
  /** Bytes processed per operation, to report MB/s; omit for ops/s. */
  bytesPerOp?: number;
  /** wirekit's contender comes first; the ratio is wirekit / peer. */
  contenders: BenchContender[];
}

/** Options for {@linkcode runBench}. */
export interface BenchOptions {
  /** Alternating rounds per contender. @default {7} */
  rounds?: number;
  /** Minimum time per round in milliseconds. @default {250} */
  minRoundMs?: number;
  /** Untimed warm-up operations per contender. @default {2} */
  warmup?: number;
}

/** Result line of one contender. */
export interface BenchResult {
  case: string;
  name: string;
  /** Median operations per second. */
  opsPerSec: number;
  /** Median MB/s (10^6 bytes), when bytesPerOp was given. */
  mbPerSec?: number;
  /** Median over rounds of wirekit's rate divided by this contender's (1 for wirekit itself). */
  ratio: number;
}

let sink: unknown;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The runtime running the benchmark, with its version. */
export function runtimeName(): string {
  const g = globalThis as {
    Deno?: { version: { deno: string } };
    Bun?: { version: string };
    process?: { version: string };
  };
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.Bun) return `bun ${g.Bun.version}`;
  return `node ${g.process?.version ?? "?"}`;
}

/**
 * Runs a case and prints one line per contender: median rate and the ratio
 * wirekit/peer (above 1 means wirekit is faster).
 */
export async function runBench(c: BenchCase, options: BenchOptions = {}): Promise<BenchResult[]> {
  const rounds = options.rounds ?? 7;
  const minRoundMs = options.minRoundMs ?? 250;
  const warmup = options.warmup ?? 2;
  const rates = c.contenders.map(() => [] as number[]);
  for (const k of c.contenders) for (let i = 0; i < warmup; i++) sink = await k.fn();
  for (let r = 0; r < rounds; r++) {
    // Alternate the order each round so neither side always runs first.
    const order = c.contenders.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      const fn = c.contenders[i].fn;
      let n = 0;
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < minRoundMs) {
        sink = await fn();
        n++;
        t = performance.now();
      }
      rates[i].push((n * 1000) / (t - t0));
    }
  }
  const med = rates.map(median);
  const results: BenchResult[] = c.contenders.map((k, i) => {
    const res: BenchResult = {
      case: c.name,
      name: k.name,
      opsPerSec: med[i],
      // Each round runs every contender back to back, so the ratio of one
      // round's rates shares that round's machine load; the median of those
      // paired ratios is far steadier on a busy machine than a ratio of
      // separate medians.
      ratio: median(rates[0].map((r0, round) => r0 / rates[i][round])),
    };
    if (c.bytesPerOp) res.mbPerSec = (med[i] * c.bytesPerOp) / 1e6;
    return res;
  });
  console.log(`${c.name}  [${runtimeName()}]`);
  for (const r of results) {
    const rate = r.mbPerSec !== undefined
      ? `${r.mbPerSec.toFixed(1).padStart(9)} MB/s`
      : `${r.opsPerSec.toFixed(1).padStart(11)} ops/s`;
    const ratio = r.name === c.contenders[0].name
      ? ""
      : `  wirekit/${r.name} = ${r.ratio.toFixed(2)}x`;
    console.log(`  ${r.name.padEnd(24)} ${rate}${ratio}`);
  }
  void sink;
  return results;
}
