// Copyright 2026 the wirekit authors. MIT license.
// SNTP query round trips per second against chrony (local stratum 8) on
// loopback: wirekit's queryNtp against @hapi/sntp's time(), same run, same
// server. Each query binds a fresh socket in both libraries (a new random
// source port: the default keeps that anti-spoofing property), so both pay
// the same socket, bind, send, poll, receive and close system calls; wirekit
// also checks the reply's source address, origin timestamp and validity.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { bindDatagram } from "../net/mod.ts";
import { queryNtp } from "../ntp/mod.ts";
import { runBench } from "./_runner.ts";

const PORT = 11125;

interface HapiSntp {
  time(
    options: { host: string; port: number; timeout: number },
  ): Promise<{ t: number; d: number; stratum: string }>;
}

async function startChrony(): Promise<{ proc: ChildProcess; dir: string }> {
  const bin = ["/usr/sbin/chronyd", "/usr/bin/chronyd"].find((p) => existsSync(p));
  if (!bin) throw new Error("chronyd is not installed: apt-get install chrony");
  const dir = mkdtempSync(join(tmpdir(), "wirekit-bench-chrony-"));
  const conf = join(dir, "chrony.conf");
  writeFileSync(
    conf,
    [
      `port ${PORT}`,
      "bindaddress 127.0.0.1",
      "allow 127.0.0.0/8",
      "local stratum 8",
      "cmdport 0",
      `pidfile ${join(dir, "chronyd.pid")}`,
      `driftfile ${join(dir, "chrony.drift")}`,
      "",
    ].join("\n"),
  );
  const args = ["-d", "-x", "-f", conf];
  if (process.getuid?.() === 0) args.push("-u", "root");
  const proc = spawn(bin, args, { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try {
      await queryNtp({ host: "127.0.0.1", port: PORT, timeoutMs: 200 });
      return { proc, dir };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  proc.kill("SIGKILL");
  throw new Error("chronyd did not start");
}

/** Runs the ntp workload. */
export async function benchNtp(): Promise<void> {
  const spec = "@hapi/sntp";
  const hapiModule = await import(spec);
  const hapi = (hapiModule.default ?? hapiModule) as HapiSntp;
  const { proc, dir } = await startChrony();
  try {
    // Same server, same 1 s deadline, one query at a time on both sides.
    // Many short alternating rounds: on a loaded machine each round pair
    // sees about the same scheduling noise, and the medians shrug off bursts.
    const target = { host: "127.0.0.1", port: PORT, timeoutMs: 1000 };
    const rounds = { rounds: 25, minRoundMs: 120, warmup: 50 };
    await runBench({
      name: "SNTP query round trip, chrony on 127.0.0.1, new socket per query",
      contenders: [
        { name: "wirekit", fn: () => queryNtp(target) },
        {
          name: "@hapi/sntp",
          fn: () => hapi.time({ host: "127.0.0.1", port: PORT, timeout: 1000 }),
        },
      ],
    }, rounds);
    // wirekit can keep one socket across queries (as NtpClient does); hapi cannot.
    const socket = await bindDatagram({ hostname: "127.0.0.1" });
    try {
      await runBench({
        name: "SNTP query round trip, chrony on 127.0.0.1, wirekit reusing one socket",
        contenders: [
          { name: "wirekit", fn: () => queryNtp({ ...target, socket }) },
          {
            name: "@hapi/sntp",
            fn: () => hapi.time({ host: "127.0.0.1", port: PORT, timeout: 1000 }),
          },
        ],
      }, rounds);
    } finally {
      await socket.close();
    }
  } finally {
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGTERM");
    });
    rmSync(dir, { recursive: true, force: true });
  }
}
