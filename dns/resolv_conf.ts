// Copyright 2026 the wirekit authors. MIT license.
import { ipFamily } from "../_internal/ip.ts";

/** What `/etc/resolv.conf` says (resolv.conf(5)). */
export interface ResolvConf {
  /** `nameserver` lines (IP literals, in order; at most 3 are used by glibc, all are kept here). */
  servers: string[];
  /** `search` domains (or the `domain` line). */
  search: string[];
  /** `options ndots:n` (default 1, capped at 15). */
  ndots: number;
  /** `options timeout:n` in seconds (default 5, capped at 30). */
  timeout: number;
  /** `options attempts:n` (default 2, capped at 5). */
  attempts: number;
  /** `options rotate`. */
  rotate: boolean;
}

function clampInt(v: string, max: number, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback;
}

/**
 * Parses resolv.conf text. Unknown lines and malformed values are ignored
 * (like the C library); the last `search`/`domain` line wins.
 *
 * @param text File contents.
 * @returns The settings, with defaults for what is missing.
 *
 * @example Parsing
 * ```ts
 * import { parseResolvConf } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * const c = parseResolvConf("nameserver 127.0.0.1\nsearch lan example.test\noptions ndots:2 rotate timeout:1\n");
 * assert.deepEqual(c.servers, ["127.0.0.1"]);
 * assert.deepEqual(c.search, ["lan", "example.test"]);
 * assert.equal(c.ndots, 2);
 * assert.equal(c.timeout, 1);
 * assert.equal(c.rotate, true);
 * ```
 */
export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = {
    servers: [],
    search: [],
    ndots: 1,
    timeout: 5,
    attempts: 2,
    rotate: false,
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, "").trim();
    if (!line) continue;
    const [key, ...args] = line.split(/\s+/);
    switch (key) {
      case "nameserver":
        if (args[0] && ipFamily(args[0].replace(/%.*$/, "")) !== 0) conf.servers.push(args[0]);
        break;
      case "search":
        conf.search = args.slice(0, 32).map((d) => d.replace(/\.$/, "")).filter(Boolean);
        break;
      case "domain":
        if (args[0]) conf.search = [args[0].replace(/\.$/, "")];
        break;
      case "options":
        for (const o of args) {
          const [k, v = ""] = o.split(":");
          if (k === "ndots") conf.ndots = clampInt(v, 15, conf.ndots);
          else if (k === "timeout") conf.timeout = Math.max(1, clampInt(v, 30, conf.timeout));
          else if (k === "attempts") conf.attempts = Math.max(1, clampInt(v, 5, conf.attempts));
          else if (k === "rotate") conf.rotate = true;
        }
        break;
    }
  }
  return conf;
}

/**
 * Parses hosts-file text (hosts(5)) into name -> addresses (names lower-cased,
 * addresses in file order, invalid addresses skipped).
 *
 * @param text File contents.
 * @returns Map from lower-case name to addresses.
 *
 * @example Parsing
 * ```ts
 * import { parseHostsFile } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * const h = parseHostsFile("127.0.0.1 localhost\n::1 localhost ip6-localhost # v6\n");
 * assert.deepEqual(h.get("localhost"), ["127.0.0.1", "::1"]);
 * ```
 */
export function parseHostsFile(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const [addr, ...names] = line.split(/\s+/);
    if (ipFamily(addr) === 0) continue;
    for (const n of names) {
      const key = n.toLowerCase().replace(/\.$/, "");
      const list = out.get(key) ?? [];
      if (!list.includes(addr)) list.push(addr);
      out.set(key, list);
    }
  }
  return out;
}
