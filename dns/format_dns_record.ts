// Copyright 2026 the wirekit authors. MIT license.
import type { DnsRecord, DnsSvcParams } from "./types.ts";

function fqdn(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

function quote(b: Uint8Array): string {
  let s = '"';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) s += "\\" + String.fromCharCode(c);
    else if (c < 0x20 || c > 0x7e) s += "\\" + String(c).padStart(3, "0");
    else s += String.fromCharCode(c);
  }
  return s + '"';
}

const te = new TextEncoder();

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function svcParams(p: DnsSvcParams): string {
  const out: string[] = [];
  if (p.mandatory) out.push(`mandatory=${p.mandatory.join(",")}`);
  if (p.alpn) out.push(`alpn="${p.alpn.join(",")}"`);
  if (p.noDefaultAlpn) out.push("no-default-alpn");
  if (p.port !== undefined) out.push(`port=${p.port}`);
  if (p.ipv4hint) out.push(`ipv4hint=${p.ipv4hint.join(",")}`);
  if (p.ech) out.push(`ech=${hex(p.ech)}`);
  if (p.ipv6hint) out.push(`ipv6hint=${p.ipv6hint.join(",")}`);
  for (const o of p.other ?? []) out.push(`key${o.key}=${quote(o.value)}`);
  return out.join(" ");
}

/**
 * Formats the RDATA of a record in zone-file presentation form (names with a
 * trailing dot, TXT strings quoted with `\DDD` escapes, unknown types as
 * `\# <len> <hex>` per RFC 3597).
 *
 * @param record The record.
 * @returns RDATA text, e.g. `10 mail.example.test.`.
 *
 * @example An MX record
 * ```ts
 * import { formatDnsRdata } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * const text = formatDnsRdata({ name: "example.test", type: "MX", class: 1, ttl: 60, data: { preference: 10, exchange: "mail.example.test" } });
 * assert.equal(text, "10 mail.example.test.");
 * ```
 */
export function formatDnsRdata(record: DnsRecord): string {
  switch (record.type) {
    case "A":
    case "AAAA":
      return record.data;
    case "CNAME":
    case "NS":
    case "PTR":
      return fqdn(record.data);
    case "MX":
      return `${record.data.preference} ${fqdn(record.data.exchange)}`;
    case "TXT":
      return record.data.map(quote).join(" ");
    case "SRV":
      return `${record.data.priority} ${record.data.weight} ${record.data.port} ${
        fqdn(record.data.target)
      }`;
    case "SOA": {
      const d = record.data;
      return `${fqdn(d.mname)} ${
        fqdn(d.rname)
      } ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    }
    case "CAA":
      return `${record.data.flags} ${record.data.tag} ${quote(record.data.value)}`;
    case "NAPTR": {
      const d = record.data;
      return `${d.order} ${d.preference} ${quote(te.encode(d.flags))} ${
        quote(te.encode(d.services))
      } ${quote(te.encode(d.regexp))} ${fqdn(d.replacement)}`;
    }
    case "SVCB":
    case "HTTPS": {
      const p = svcParams(record.data.params);
      return `${record.data.priority} ${fqdn(record.data.target)}${p ? " " + p : ""}`;
    }
    default:
      return `\\# ${record.data.length}${record.data.length ? " " + hex(record.data) : ""}`;
  }
}

/**
 * Formats a record as one zone-file line: `name. TTL IN TYPE RDATA`.
 *
 * @param record The record.
 * @returns The line (no newline).
 *
 * @example An A record
 * ```ts
 * import { formatDnsRecord } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * const line = formatDnsRecord({ name: "www.example.test", type: "A", class: 1, ttl: 3600, data: "127.0.0.10" });
 * assert.equal(line, "www.example.test. 3600 IN A 127.0.0.10");
 * ```
 */
export function formatDnsRecord(record: DnsRecord): string {
  const cls = record.class === 1 ? "IN" : `CLASS${record.class}`;
  return `${fqdn(record.name)} ${record.ttl} ${cls} ${record.type} ${formatDnsRdata(record)}`;
}
