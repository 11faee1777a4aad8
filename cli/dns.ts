// Copyright 2026 the wirekit authors. MIT license.
// `wirekit dns <name> [type] [@server[:port]|@https://doh/url] [+tcp] [+get]`: a dig-like query.
import { type CliCommand, CliUsageError } from "./_registry.ts";
import { DnsError, type DnsRecordType, DnsResolver, formatDnsRecord } from "../dns/mod.ts";
import { DNS_TYPES } from "../dns/types.ts";

function parseServerArg(s: string): string {
  const v = s.slice(1);
  if (!v) throw new CliUsageError("Empty @server");
  if (/^https?:\/\//i.test(v)) return v; // a DNS-over-HTTPS endpoint
  // "@::1" style IPv6 without port: bracket it so a port is not guessed.
  if (v.split(":").length > 2 && !v.startsWith("[")) return `[${v}]`;
  return v;
}

/** The `wirekit dns` command. */
export const dnsCommands: CliCommand[] = [{
  group: "dns",
  summary: "Resolves a name like dig (answer with TTLs and timing)",
  usage: "<name> [type] [@server[:port] | @https://host/dns-query] [+tcp] [+get]",
  async run(args, io) {
    let name: string | undefined;
    let type: DnsRecordType = "A";
    let server: string | undefined;
    let tcp = false;
    let get = false;
    for (const a of args) {
      if (a.startsWith("@")) server = parseServerArg(a);
      else if (a === "+tcp") tcp = true;
      else if (a === "+get") get = true;
      else if (a.startsWith("+")) throw new CliUsageError(`Unknown option ${a}`);
      else if (name === undefined) name = a;
      else if (a.toUpperCase() in DNS_TYPES || /^TYPE\d+$/i.test(a)) {
        type = a.toUpperCase() as DnsRecordType;
      } else throw new CliUsageError(`Unknown record type ${JSON.stringify(a)}`);
    }
    if (!name) throw new CliUsageError("A name is required");
    const doh = server !== undefined && /^https?:/i.test(server);
    if (get && !doh) throw new CliUsageError("+get needs an @https:// DNS-over-HTTPS server");
    let r: DnsResolver;
    try {
      r = new DnsResolver({
        servers: server
          ? [doh ? { url: server, method: get ? "GET" as const : "POST" as const } : server]
          : undefined,
        tcp,
        hostsFile: false,
        cache: 0,
      });
    } catch (e) {
      if (e instanceof TypeError || e instanceof RangeError) throw new CliUsageError(e.message);
      throw e;
    }
    const t0 = performance.now();
    try {
      const ans = await r.query(name, type);
      const ms = performance.now() - t0;
      io.out(`;; QUESTION\n${ans.name}.\tIN\t${type}\n;; ANSWER\n`);
      let prev = ans.name;
      for (const c of ans.cnames) {
        io.out(`${prev}.\tCNAME\t${c}.\n`);
        prev = c;
      }
      for (const rec of ans.records) {
        io.out(formatDnsRecord(rec).replace(/ (\d+) IN /, "\t$1\tIN\t") + "\n");
      }
      io.out(
        `;; Query time: ${ms.toFixed(1)} ms${server ? `\n;; SERVER: ${server}` : ""}${
          doh ? (get ? " (https GET)" : " (https POST)") : tcp ? " (tcp)" : ""
        }\n`,
      );
      return 0;
    } catch (e) {
      if (e instanceof DnsError) {
        io.err(`;; ${e.code}: ${e.message} (${(performance.now() - t0).toFixed(1)} ms)\n`);
        return 1;
      }
      throw e;
    } finally {
      await r.close();
    }
  },
}];
