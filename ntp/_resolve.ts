// Copyright 2026 the wirekit authors. MIT license.
// Server specs ("host", "host:port", "[v6]:port", IPv6 literal) and name
// resolution through an injected resolver.
import { ipFamily } from "../_internal/ip.ts";
import { DnsResolver } from "../dns/resolver.ts";
import type { NetClock, NetTransport } from "../net/types.ts";
import type { NtpEndpoint } from "./_exchange.ts";
import { NtpError } from "./ntp_error.ts";

/** Resolves a host name to IP address literals. */
export type NtpResolver = (hostname: string) => Promise<string[]>;

/** A server given by name or address, with an optional port. */
export interface NtpServerSpec {
  /** Host name or IP literal. */
  host: string;
  /** UDP port. */
  port?: number;
}

/**
 * The default resolver: a dns/ `DnsResolver` (hosts file, then the
 * resolv.conf servers) over the same transport and clock, closed after use.
 */
export function dnsResolver(transport: NetTransport, clock: NetClock): NtpResolver {
  return async (hostname) => {
    const r = new DnsResolver({ transport, clock });
    try {
      return (await r.lookup(hostname)).map((a) => a.address);
    } finally {
      await r.close();
    }
  };
}

/** Splits "host[:port]", "[v6]:port" or a bare IPv6 literal. */
export function parseServerSpec(
  spec: string | NtpServerSpec,
  defaultPort = 123,
): { host: string; port: number } {
  if (typeof spec === "object" && spec !== null) {
    return { host: checkHost(spec.host), port: checkPort(spec.port ?? defaultPort) };
  }
  if (typeof spec !== "string") {
    throw new TypeError("NTP server must be a string or { host, port }");
  }
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec);
  if (bracket) {
    return {
      host: checkHost(bracket[1]),
      port: checkPort(bracket[2] ? Number(bracket[2]) : defaultPort),
    };
  }
  if (ipFamily(spec) === 6) return { host: spec, port: defaultPort };
  const m = /^([^:]+)(?::(\d+))?$/.exec(spec);
  if (!m) throw new TypeError(`Invalid NTP server ${JSON.stringify(spec)}`);
  return { host: checkHost(m[1]), port: checkPort(m[2] ? Number(m[2]) : defaultPort) };
}

function checkHost(h: unknown): string {
  if (typeof h !== "string" || h.length === 0 || h.length > 253) {
    throw new TypeError(`Invalid NTP server host ${JSON.stringify(h)}`);
  }
  return h;
}

function checkPort(p: number): number {
  if (!Number.isInteger(p) || p < 1 || p > 65535) {
    throw new RangeError(`Invalid NTP server port ${p}`);
  }
  return p;
}

/** Resolves to at most `max` endpoints; IP literals need no resolver. */
export async function resolveServer(
  host: string,
  port: number,
  resolve: NtpResolver,
  max: number,
): Promise<NtpEndpoint[]> {
  if (ipFamily(host) !== 0) return [{ hostname: host, port }];
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (e) {
    throw new NtpError("ERESOLVE", `Cannot resolve ${JSON.stringify(host)}`, { cause: e });
  }
  const out = [...new Set(addresses)].filter((a) => typeof a === "string" && ipFamily(a) !== 0)
    .slice(0, max);
  if (out.length === 0) throw new NtpError("ERESOLVE", `No addresses for ${JSON.stringify(host)}`);
  return out.map((hostname) => ({ hostname, port }));
}
