// Copyright 2026 the wirekit authors. MIT license.
// The runtime adapter of this process, for the system helpers
// (interfaces, processes, file writes); transport.ts picks the transports the same way.
import * as bunRuntime from "./_runtime/bun.ts";
import * as denoRuntime from "./_runtime/deno.ts";
import * as nodeRuntime from "./_runtime/node.ts";

/** The system helpers every adapter provides. */
export interface SystemAdapter {
  readAttributeFiles: typeof nodeRuntime.readAttributeFiles;
  runCommand: typeof nodeRuntime.runCommand;
  writeSystemFile: typeof nodeRuntime.writeSystemFile;
}

function pick(): SystemAdapter {
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  if (typeof g.Deno === "object" && g.Deno !== null) return denoRuntime;
  if (typeof g.Bun === "object" && g.Bun !== null) return bunRuntime;
  return nodeRuntime;
}

/** The adapter of the running runtime. */
export const systemAdapter: SystemAdapter = pick();
