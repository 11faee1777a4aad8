// Copyright 2026 the wirekit authors. MIT license.
// The option registry: one entry per typed option code, and the value
// codecs the entries name. Encoding and decoding receive the resolved entry.
import { formatIpv4, parseCidr, parseIpv4 } from "../_internal/ip.ts";
import { DhcpSyntaxError } from "./dhcp_error.ts";
import { decodeSearchList, encodeSearchList, encodeWireName, readName } from "./_names.ts";
import type { DhcpClientFqdn, DhcpMessageType, DhcpOptions, DhcpStaticRoute } from "./types.ts";

type Kind =
  | "ip"
  | "ips"
  | "u16"
  | "u32"
  | "text"
  | "bytes"
  | "codes"
  | "flag"
  | "type"
  | "search"
  | "routes"
  | "fqdn";

/** A typed option: its code, field name, value kind and smallest legal number. */
export interface OptionSpec {
  code: number;
  key: Exclude<keyof DhcpOptions, "raw">;
  kind: Kind;
  min?: number;
}

/** Typed options, message type first (the order they are encoded in). */
export const OPTION_SPECS: readonly OptionSpec[] = [
  { code: 53, key: "messageType", kind: "type" },
  { code: 1, key: "subnetMask", kind: "ip" },
  { code: 3, key: "routers", kind: "ips" },
  { code: 6, key: "dnsServers", kind: "ips" },
  { code: 12, key: "hostname", kind: "text" },
  { code: 15, key: "domainName", kind: "text" },
  { code: 26, key: "interfaceMtu", kind: "u16", min: 68 },
  { code: 28, key: "broadcastAddress", kind: "ip" },
  { code: 42, key: "ntpServers", kind: "ips" },
  { code: 50, key: "requestedAddress", kind: "ip" },
  { code: 51, key: "leaseTime", kind: "u32" },
  { code: 54, key: "serverId", kind: "ip" },
  { code: 55, key: "parameterRequestList", kind: "codes" },
  { code: 56, key: "message", kind: "text" },
  { code: 57, key: "maxMessageSize", kind: "u16", min: 576 },
  { code: 58, key: "renewalTime", kind: "u32" },
  { code: 59, key: "rebindingTime", kind: "u32" },
  { code: 60, key: "vendorClassId", kind: "text" },
  { code: 61, key: "clientId", kind: "bytes", min: 2 },
  { code: 80, key: "rapidCommit", kind: "flag" },
  { code: 81, key: "clientFqdn", kind: "fqdn" },
  { code: 119, key: "domainSearch", kind: "search" },
  { code: 121, key: "classlessStaticRoutes", kind: "routes" },
  { code: 252, key: "wpad", kind: "text" },
];

/** Typed entries by code. */
export const OPTION_BY_CODE: ReadonlyMap<number, OptionSpec> = new Map(
  OPTION_SPECS.map((s) => [s.code, s]),
);

/** Message type names by number (index 0 unused). */
export const MESSAGE_TYPES: readonly DhcpMessageType[] = [
  "DISCOVER",
  "OFFER",
  "REQUEST",
  "DECLINE",
  "ACK",
  "NAK",
  "RELEASE",
  "INFORM",
  "FORCERENEW",
  "LEASEQUERY",
  "LEASEUNASSIGNED",
  "LEASEUNKNOWN",
  "LEASEACTIVE",
];

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

function fail(spec: OptionSpec, why: string, offset: number): never {
  throw new DhcpSyntaxError(`Option ${spec.code} (${spec.key}): ${why}`, offset);
}

function ip(data: Uint8Array, at: number): string {
  return formatIpv4(data.subarray(at, at + 4));
}

/** Limits applied while decoding option values. */
export interface ValueLimits {
  maxSearchNames: number;
}

/**
 * Decodes the (joined) data of a typed option. `offset` is where the first
 * instance of the option starts in the message; positions inside the data
 * are reported relative to that instance's data (exact unless split).
 */
export function decodeValue(
  spec: OptionSpec,
  data: Uint8Array,
  offset: number,
  limits: ValueLimits,
): unknown {
  const n = data.length;
  switch (spec.kind) {
    case "ip":
      if (n !== 4) fail(spec, `length ${n}, expected 4`, offset);
      return ip(data, 0);
    case "ips": {
      if (n === 0 || n % 4 !== 0) fail(spec, `length ${n} is not a positive multiple of 4`, offset);
      const out: string[] = [];
      for (let i = 0; i < n; i += 4) out.push(ip(data, i));
      return out;
    }
    case "u16": {
      if (n !== 2) fail(spec, `length ${n}, expected 2`, offset);
      const v = (data[0] << 8) | data[1];
      if (spec.min !== undefined && v < spec.min) {
        fail(spec, `value ${v} below ${spec.min}`, offset);
      }
      return v;
    }
    case "u32":
      if (n !== 4) fail(spec, `length ${n}, expected 4`, offset);
      return ((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0;
    case "text": {
      // Some servers NUL-terminate strings; RFC 2132 says they should not.
      let end = n;
      while (end > 0 && data[end - 1] === 0) end--;
      return utf8Decoder.decode(data.subarray(0, end));
    }
    case "bytes":
      if (spec.min !== undefined && n < spec.min) {
        fail(spec, `length ${n}, at least ${spec.min}`, offset);
      }
      return data.slice();
    case "codes":
      return Array.from(data);
    case "flag":
      if (n !== 0) fail(spec, `length ${n}, expected 0`, offset);
      return true;
    case "type": {
      if (n !== 1) fail(spec, `length ${n}, expected 1`, offset);
      const t = MESSAGE_TYPES[data[0] - 1];
      if (t === undefined) fail(spec, `unknown message type ${data[0]}`, offset);
      return t;
    }
    case "search":
      return decodeSearchList(data, offset + 2, limits.maxSearchNames);
    case "routes":
      return decodeRoutes(spec, data, offset + 2);
    case "fqdn": {
      if (n < 3) fail(spec, `length ${n}, at least 3`, offset);
      const flags = data[0];
      const body = data.subarray(3);
      let name: string;
      if (flags & 0x04) {
        const r = readName(body, 0, offset + 5, false);
        if (r.next !== body.length) fail(spec, `bytes after the name`, offset + 5 + r.next);
        name = r.absolute ? `${r.name}.` : r.name;
      } else {
        name = utf8Decoder.decode(body);
      }
      const v: DhcpClientFqdn = { flags, rcode1: data[1], rcode2: data[2], name };
      return v;
    }
  }
}

function decodeRoutes(spec: OptionSpec, data: Uint8Array, offset: number): DhcpStaticRoute[] {
  const routes: DhcpStaticRoute[] = [];
  let i = 0;
  while (i < data.length) {
    const width = data[i];
    if (width > 32) fail(spec, `prefix length ${width} above 32`, offset + i);
    const sig = (width + 7) >> 3;
    if (i + 1 + sig + 4 > data.length) {
      fail(spec, `route runs past the end of the option`, offset + i);
    }
    const dest = new Uint8Array(4);
    dest.set(data.subarray(i + 1, i + 1 + sig));
    const block = parseCidr(`${formatIpv4(dest)}/${width}`);
    routes.push({
      destination: `${formatIpv4(block.bytes)}/${width}`,
      router: ip(data, i + 1 + sig),
    });
    i += 1 + sig + 4;
  }
  return routes;
}

function misuse(spec: OptionSpec, why: string): never {
  throw new TypeError(`Option ${spec.code} (${spec.key}): ${why}`);
}

function u32(spec: OptionSpec, v: unknown): Uint8Array {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    misuse(spec, `expected an unsigned 32-bit integer, got ${String(v)}`);
  }
  return Uint8Array.of(v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
}

/** Encodes the value of a typed option; TypeError/RangeError on a bad value. */
export function encodeValue(spec: OptionSpec, value: unknown): Uint8Array {
  switch (spec.kind) {
    case "ip":
      if (typeof value !== "string") misuse(spec, "expected an IPv4 address string");
      return parseIpv4(value);
    case "ips": {
      if (!Array.isArray(value) || value.length === 0) {
        misuse(spec, "expected a non-empty address list");
      }
      const out = new Uint8Array(value.length * 4);
      value.forEach((a, i) => out.set(parseIpv4(String(a)), i * 4));
      return out;
    }
    case "u16": {
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffff) {
        misuse(spec, `expected an unsigned 16-bit integer, got ${String(value)}`);
      }
      if (spec.min !== undefined && value < spec.min) {
        throw new RangeError(`Option ${spec.code} (${spec.key}): ${value} is below ${spec.min}`);
      }
      return Uint8Array.of(value >> 8, value & 255);
    }
    case "u32":
      return u32(spec, value);
    case "text":
      if (typeof value !== "string") misuse(spec, "expected a string");
      return utf8Encoder.encode(value);
    case "bytes":
      if (!(value instanceof Uint8Array)) misuse(spec, "expected a Uint8Array");
      if (spec.min !== undefined && value.length < spec.min) {
        throw new RangeError(`Option ${spec.code} (${spec.key}): at least ${spec.min} bytes`);
      }
      return value;
    case "codes": {
      if (!Array.isArray(value)) misuse(spec, "expected a list of option codes");
      for (const c of value) {
        if (!Number.isInteger(c) || c < 1 || c > 254) misuse(spec, `invalid option code ${c}`);
      }
      return Uint8Array.from(value as number[]);
    }
    case "flag":
      return new Uint8Array(0);
    case "type": {
      const i = MESSAGE_TYPES.indexOf(value as DhcpMessageType);
      if (i < 0) misuse(spec, `unknown message type ${JSON.stringify(value)}`);
      return Uint8Array.of(i + 1);
    }
    case "search":
      if (!Array.isArray(value)) misuse(spec, "expected a list of domain names");
      return encodeSearchList(value as string[]);
    case "routes": {
      if (!Array.isArray(value)) misuse(spec, "expected a list of routes");
      const out: number[] = [];
      for (const r of value as DhcpStaticRoute[]) {
        const block = parseCidr(r.destination);
        if (block.family !== 4) misuse(spec, `not an IPv4 block: ${r.destination}`);
        const sig = (block.prefix + 7) >> 3;
        out.push(block.prefix, ...block.bytes.subarray(0, sig), ...parseIpv4(r.router));
      }
      return Uint8Array.from(out);
    }
    case "fqdn": {
      const f = value as DhcpClientFqdn;
      if (typeof f !== "object" || f === null || typeof f.name !== "string") {
        misuse(spec, "expected { flags, rcode1, rcode2, name }");
      }
      const name = f.flags & 0x04 ? encodeWireName(f.name) : utf8Encoder.encode(f.name);
      const out = new Uint8Array(3 + name.length);
      out[0] = f.flags & 0xff;
      out[1] = (f.rcode1 ?? 0) & 0xff;
      out[2] = (f.rcode2 ?? 0) & 0xff;
      out.set(name, 3);
      return out;
    }
  }
}
