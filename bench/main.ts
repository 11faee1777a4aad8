// Copyright 2026 the wirekit authors. MIT license.
// `npm run bench -- <name>`: runs one workload (or all) in the current runtime.
// tools/bench.mjs runs this file under Deno, Bun and Node in turn.
import process from "node:process";
import { benchBase64 } from "./base64.ts";
import { benchCbor } from "./cbor.ts";
import { benchPanel } from "./panel.ts";
import { benchRender } from "./render.ts";
import { benchJson } from "./json.ts";
import { benchDns } from "./dns.ts";
import { benchJose } from "./jose.ts";
import { benchCose } from "./cose.ts";
import { benchNtp } from "./ntp.ts";

/** Workloads by name; module issues add theirs here. */
export const WORKLOADS: Record<string, () => Promise<void>> = {
  base64: benchBase64,
  cbor: benchCbor,
  panel: benchPanel,
  render: benchRender,
  json: benchJson,
  dns: benchDns,
  jose: benchJose,
  cose: benchCose,
  ntp: benchNtp,
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
