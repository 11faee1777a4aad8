// Copyright 2026 the wirekit authors. MIT license.
// `npm run bench -- <name>`: runs one workload (or all) in the current runtime.
// tools/bench.mjs runs this file under Deno, Bun and Node in turn.
import process from "node:process";

/**
 * Workloads by name; module issues add theirs here. Each loads its file only
 * when run, so one workload's dependencies never stop another.
 */
export const WORKLOADS: Record<string, () => Promise<void>> = {
  base64: async () => (await import("./base64.ts")).benchBase64(),
  cbor: async () => (await import("./cbor.ts")).benchCbor(),
  panel: async () => (await import("./panel.ts")).benchPanel(),
  render: async () => (await import("./render.ts")).benchRender(),
  json: async () => (await import("./json.ts")).benchJson(),
  dns: async () => (await import("./dns.ts")).benchDns(),
  jose: async () => (await import("./jose.ts")).benchJose(),
  cose: async () => (await import("./cose.ts")).benchCose(),
  ntp: async () => (await import("./ntp.ts")).benchNtp(),
};

async function main(args: string[]): Promise<number> {
  const names = args.length ? args : Object.keys(WORKLOADS);
  for (const n of names) {
    const w = WORKLOADS[n];
    if (!w) {
      console.error(
        `Unknown workload ${JSON.stringify(n)}; known: ${Object.keys(WORKLOADS).join(", ")}`,
      );
      return 2;
    }
    await w();
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2).filter((a) => !a.startsWith("-")));
