// Copyright 2026 the wirekit authors. MIT license.
// `wirekit ntp [server[:port]] [--samples N]`: SNTP queries, one line per sample.
import { type CliCommand, CliUsageError, parseArgs } from "./_registry.ts";
import { NtpError, queryNtp } from "../ntp/mod.ts";

function parseServer(s: string): { host: string; port: number } {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracket) return { host: bracket[1], port: bracket[2] ? Number(bracket[2]) : 123 };
  if (s.split(":").length > 2) return { host: s, port: 123 }; // bare IPv6 literal
  const [host, port] = s.split(":");
  return { host, port: port === undefined ? 123 : Number(port) };
}

function intFlag(
  v: string | true | undefined,
  name: string,
  def: number,
  lo: number,
  hi: number,
): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < lo || n > hi) {
    throw new CliUsageError(`--${name} needs an integer in ${lo}..${hi}`);
  }
  return n;
}

const fmtMs = (ms: number, sign = false) => `${sign && ms >= 0 ? "+" : ""}${ms.toFixed(3)} ms`;

/** The `wirekit ntp` command. */
export const ntpCommands: CliCommand[] = [{
  group: "ntp",
  summary: "Queries an SNTP server: offset, delay, stratum and leap per sample",
  usage: "[server[:port]] [--samples N] [--timeout MS] [--ntp-version 3|4]",
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, ["samples", "timeout", "ntp-version"], []);
    if (positionals.length > 1) throw new CliUsageError("At most one server");
    const { host, port } = parseServer(positionals[0] ?? "pool.ntp.org");
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new CliUsageError(`Invalid server ${JSON.stringify(positionals[0])}`);
    }
    const samples = intFlag(flags.get("samples"), "samples", 1, 1, 100);
    const timeoutMs = intFlag(flags.get("timeout"), "timeout", 5000, 1, 60_000);
    const version = intFlag(flags.get("ntp-version"), "ntp-version", 4, 3, 4) as 3 | 4;
    let failures = 0;
    let best: { offsetMs: number; delayMs: number } | undefined;
    for (let i = 0; i < samples; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 1000)); // be polite to public servers
      try {
        const s = await queryNtp({ host, port, timeoutMs, version });
        if (!best || s.delayMs < best.delayMs) best = s;
        io.out(
          `${host}:${port}  offset ${fmtMs(s.offsetMs, true)}  delay ${
            fmtMs(s.delayMs)
          }  stratum ${s.stratum}  leap ${s.leap}  refid ${s.refId}  time ${
            new Date(s.serverTime).toISOString()
          }\n`,
        );
      } catch (e) {
        failures++;
        const what = e instanceof NtpError
          ? `${e.code}${e.kissCode ? ` ${e.kissCode}` : ""}: ${e.message}`
          : String(e);
        io.err(`${host}:${port}  ${what}\n`);
      }
    }
    if (best && samples > 1) {
      io.out(
        `best (lowest delay): offset ${fmtMs(best.offsetMs, true)}  delay ${fmtMs(best.delayMs)}\n`,
      );
    }
    return failures === samples ? 1 : 0;
  },
}];
