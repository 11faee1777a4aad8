// Copyright 2026 the wirekit authors. MIT license.
// Starts chronyd as a local-stratum-8 NTP server on 127.0.0.1/::1 port 11123
// and an unsynchronised one on port 11124 (../shared/real-peers.md section
// 3), never touching the system clock (-x). A missing chronyd is an error
// (CI installs the Debian package), never a silent pass.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NtpError, queryNtp } from "../../ntp/mod.ts";

export const CHRONY = { hostname: "127.0.0.1", port: 11123 };
export const CHRONY_UNSYNC = { hostname: "127.0.0.1", port: 11124 };

function findChronyd(): string {
  for (const d of ["/usr/sbin", "/usr/bin", "/sbin", "/usr/local/sbin"]) {
    if (existsSync(join(d, "chronyd"))) return join(d, "chronyd");
  }
  throw new Error(
    "chronyd is not installed: apt-get install chrony (listed in .ci/apt-packages.txt)",
  );
}

function config(dir: string, port: number, local: boolean, tag: string): string {
  return [
    `port ${port}`,
    "bindaddress 127.0.0.1",
    "bindaddress ::1",
    "allow 127.0.0.0/8",
    "allow ::1/128",
    local ? "local stratum 8" : "",
    "cmdport 0",
    `pidfile ${join(dir, `chronyd-${tag}.pid`)}`,
    `driftfile ${join(dir, `chrony-${tag}.drift`)}`,
    `ntsdumpdir ${dir}`,
    `dumpdir ${dir}`,
    "",
  ].join("\n");
}

export interface ChronyPeers {
  stop(): Promise<void>;
}

async function waitReady(
  port: number,
  proc: ChildProcess,
  log: () => string,
  accept: (e: unknown) => boolean,
): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`chronyd exited early: ${log()}`);
    }
    try {
      await queryNtp({ host: "127.0.0.1", port, timeoutMs: 200 });
      return;
    } catch (e) {
      if (accept(e)) return;
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `chronyd not ready on port ${port}: ${String(last)}; ${log()}`,
  );
}

function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => p.kill("SIGKILL"), 3000);
    p.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    p.kill("SIGTERM");
  });
}

/** Starts both chronyd instances and waits (bounded) until they answer. */
export async function startChrony(): Promise<ChronyPeers> {
  const bin = findChronyd();
  const dir = mkdtempSync(join(tmpdir(), "wirekit-ntp-chrony-"));
  const procs: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(procs.map(stopProcess));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (
      const [tag, port, local] of [["sync", CHRONY.port, true], [
        "unsync",
        CHRONY_UNSYNC.port,
        false,
      ]] as const
    ) {
      const conf = join(dir, `chrony-${tag}.conf`);
      writeFileSync(conf, config(dir, port, local, tag));
      // chronyd's messages are kept in memory (bounded): they can arrive
      // after the temporary directory is gone.
      let output = "";
      const log = () => output;
      const args = ["-d", "-x", "-f", conf];
      if (process.getuid?.() === 0) args.push("-u", "root");
      const p = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
      p.stderr?.on("data", (d: Uint8Array) => {
        if (output.length < 65536) output += new TextDecoder().decode(d);
      });
      procs.push(p);
      await waitReady(
        port,
        p,
        log,
        (e) => tag === "unsync" && e instanceof NtpError && e.code === "EUNSYNC",
      );
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { stop };
}
