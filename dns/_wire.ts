// Copyright 2026 the wirekit authors. MIT license.
// Message codec: header, sections, RDATA per type (a table of codecs), EDNS.
import { ByteReader, ByteWriter } from "../_internal/bytes.ts";
import { TruncatedInputError } from "../_internal/errors.ts";
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from "../_internal/ip.ts";
import { DnsSyntaxError } from "./dns_error.ts";
import { nameToLabels, readName } from "./_name.ts";
import {
  DNS_TYPES,
  type DnsEdns,
  type DnsKnownType,
  type DnsMessage,
  type DnsQuestion,
  type DnsRecord,
  type DnsRecordType,
  type DnsSvcParams,
} from "./types.ts";

const utf8 = new TextDecoder("utf-8", { fatal: false });
const te = new TextEncoder();

const TYPE_BY_NUMBER = new Map<number, string>(
  Object.entries(DNS_TYPES).map(([k, v]) => [v, k]),
);

/** Type name for a number (`TYPE<n>` when unknown). */
export function typeName(n: number): DnsRecordType | "ANY" | "OPT" {
  return (TYPE_BY_NUMBER.get(n) ?? `TYPE${n}`) as DnsRecordType | "ANY" | "OPT";
}

/** Type number for a name; RangeError for an unknown name. */
export function typeNumber(t: string): number {
  const n = (DNS_TYPES as Record<string, number>)[t.toUpperCase()];
  if (n !== undefined) return n;
  const m = /^TYPE([0-9]{1,5})$/i.exec(t);
  if (m && Number(m[1]) <= 65535) return Number(m[1]);
  throw new RangeError(`Unknown record type ${JSON.stringify(t)}`);
}

function fail(msg: string, offset: number): never {
  throw new DnsSyntaxError(msg, offset);
}

// ---------- decoding ----------

function readCharString(r: ByteReader): Uint8Array {
  const n = r.u8();
  return r.bytesCopy(n);
}

const SVC_KEYS = ["mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint"];

function svcKeyName(k: number): string {
  return SVC_KEYS[k] ?? `key${k}`;
}

function decodeSvcParams(r: ByteReader, end: number): DnsSvcParams {
  const p: DnsSvcParams = {};
  let last = -1;
  while (r.offset < end) {
    const at = r.offset;
    const key = r.u16();
    const len = r.u16();
    if (key <= last) fail(`SvcParam keys not in increasing order at offset ${at}`, at);
    last = key;
    if (r.offset + len > end) fail(`SvcParam runs past RDATA at offset ${at}`, at);
    const v = new ByteReader(r.bytes, r.offset, r.offset + len);
    r.skip(len);
    switch (key) {
      case 0: {
        if (len === 0 || len % 2) fail(`Bad mandatory SvcParam at offset ${at}`, at);
        p.mandatory = [];
        while (v.remaining) p.mandatory.push(svcKeyName(v.u16()));
        break;
      }
      case 1: {
        if (len === 0) fail(`Empty alpn SvcParam at offset ${at}`, at);
        p.alpn = [];
        while (v.remaining) {
          const s = readCharString(v);
          if (s.length === 0) fail(`Empty alpn id at offset ${at}`, at);
          p.alpn.push(utf8.decode(s));
        }
        break;
      }
      case 2:
        if (len !== 0) fail(`Bad no-default-alpn SvcParam at offset ${at}`, at);
        p.noDefaultAlpn = true;
        break;
      case 3:
        if (len !== 2) fail(`Bad port SvcParam at offset ${at}`, at);
        p.port = v.u16();
        break;
      case 4:
        if (len === 0 || len % 4) fail(`Bad ipv4hint SvcParam at offset ${at}`, at);
        p.ipv4hint = [];
        while (v.remaining) p.ipv4hint.push(formatIpv4(v.bytesView(4)));
        break;
      case 5:
        p.ech = v.bytesCopy(len);
        break;
      case 6:
        if (len === 0 || len % 16) fail(`Bad ipv6hint SvcParam at offset ${at}`, at);
        p.ipv6hint = [];
        while (v.remaining) p.ipv6hint.push(formatIpv6(v.bytesView(16)));
        break;
      default:
        (p.other ??= []).push({ key, value: v.bytesCopy(len) });
    }
  }
  return p;
}

function decodeRdata(
  bytes: Uint8Array,
  type: number,
  start: number,
  end: number,
): DnsRecord["data"] {
  const r = new ByteReader(bytes, start, end);
  const name = (): string => {
    const [n, next] = readName(bytes, r.offset, end);
    r.offset = next;
    return n;
  };
  let data: DnsRecord["data"];
  switch (type) {
    case 1:
      if (end - start !== 4) {
        fail(`A RDATA must be 4 bytes, got ${end - start} at offset ${start}`, start);
      }
      data = formatIpv4(r.bytesView(4));
      break;
    case 28:
      if (end - start !== 16) {
        fail(`AAAA RDATA must be 16 bytes, got ${end - start} at offset ${start}`, start);
      }
      data = formatIpv6(r.bytesView(16));
      break;
    case 2:
    case 5:
    case 12:
      data = name();
      break;
    case 15: {
      const preference = r.u16();
      data = { preference, exchange: name() };
      break;
    }
    case 16: {
      const strings: Uint8Array[] = [];
      if (r.remaining === 0) fail(`Empty TXT RDATA at offset ${start}`, start);
      while (r.remaining) strings.push(readCharString(r));
      data = strings;
      break;
    }
    case 33: {
      const priority = r.u16();
      const weight = r.u16();
      const port = r.u16();
      data = { priority, weight, port, target: name() };
      break;
    }
    case 6: {
      const mname = name();
      const rname = name();
      data = {
        mname,
        rname,
        serial: r.u32(),
        refresh: r.u32(),
        retry: r.u32(),
        expire: r.u32(),
        minimum: r.u32(),
      };
      break;
    }
    case 257: {
      const flags = r.u8();
      const tagLen = r.u8();
      if (tagLen === 0) fail(`Empty CAA tag at offset ${start}`, start);
      const tag = utf8.decode(r.bytesView(tagLen));
      data = { flags, tag, value: r.bytesCopy(r.remaining) };
      break;
    }
    case 35: {
      const order = r.u16();
      const preference = r.u16();
      const flags = utf8.decode(readCharString(r));
      const services = utf8.decode(readCharString(r));
      const regexp = utf8.decode(readCharString(r));
      data = { order, preference, flags, services, regexp, replacement: name() };
      break;
    }
    case 64:
    case 65: {
      const priority = r.u16();
      const target = name();
      data = { priority, target, params: decodeSvcParams(r, end) };
      break;
    }
    default:
      data = r.bytesCopy(end - start);
  }
  if (r.offset !== end) {
    fail(
      `RDATA of type ${typeName(type)} has ${end - r.offset} extra byte(s) at offset ${r.offset}`,
      r.offset,
    );
  }
  return data;
}

/** Options of the decoder. */
export interface DecodeLimits {
  maxSize: number;
}

/** Decodes a whole message; throws DnsSyntaxError with an offset. */
export function decodeMessage(bytes: Uint8Array, limits: DecodeLimits): DnsMessage {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("decodeDnsMessage() needs a Uint8Array");
  if (bytes.length > limits.maxSize) {
    fail(
      `Message of ${bytes.length} bytes exceeds the ${limits.maxSize}-byte limit`,
      limits.maxSize,
    );
  }
  const r = new ByteReader(bytes);
  try {
    if (bytes.length < 12) {
      fail(`Message shorter than the 12-byte header (${bytes.length} bytes)`, bytes.length);
    }
    const id = r.u16();
    const flags = r.u16();
    const qd = r.u16();
    const an = r.u16();
    const ns = r.u16();
    const ar = r.u16();
    // Every question takes at least 5 bytes and every record 11.
    if (qd * 5 + (an + ns + ar) * 11 > bytes.length - 12) {
      fail(`Section counts (${qd}/${an}/${ns}/${ar}) exceed the message size`, 4);
    }
    const questions: DnsQuestion[] = [];
    for (let i = 0; i < qd; i++) {
      const [name, next] = readName(bytes, r.offset);
      r.offset = next;
      const type = r.u16();
      const cls = r.u16();
      questions.push({ name, type: typeName(type) as DnsQuestion["type"], class: cls });
    }
    let edns: DnsEdns | undefined;
    let extRcode = 0;
    const section = (count: number, additional: boolean): DnsRecord[] => {
      const out: DnsRecord[] = [];
      for (let i = 0; i < count; i++) {
        const at = r.offset;
        const [name, next] = readName(bytes, r.offset);
        r.offset = next;
        const type = r.u16();
        const cls = r.u16();
        const ttl = r.u32();
        const len = r.u16();
        const start = r.offset;
        r.need(len);
        r.offset += len;
        if (type === 41) {
          if (!additional || edns || name !== "") fail(`Misplaced OPT record at offset ${at}`, at);
          const options: { code: number; data: Uint8Array }[] = [];
          const o = new ByteReader(bytes, start, start + len);
          while (o.remaining) {
            const code = o.u16();
            const l = o.u16();
            options.push({ code, data: o.bytesCopy(l) });
          }
          extRcode = ttl >>> 24;
          edns = {
            udpSize: cls,
            version: (ttl >>> 16) & 0xff,
            dnssecOk: (ttl & 0x8000) !== 0,
            options,
          };
          continue;
        }
        const data = decodeRdata(bytes, type, start, start + len);
        out.push(
          { name, type: typeName(type), class: cls, ttl: ttl & 0x7fffffff, data } as DnsRecord,
        );
      }
      return out;
    };
    const answers = section(an, false);
    const authorities = section(ns, false);
    const additionals = section(ar, true);
    if (r.remaining) {
      fail(`${r.remaining} trailing byte(s) after the message at offset ${r.offset}`, r.offset);
    }
    const msg: DnsMessage = {
      id,
      qr: (flags & 0x8000) !== 0,
      opcode: (flags >> 11) & 0xf,
      aa: (flags & 0x0400) !== 0,
      tc: (flags & 0x0200) !== 0,
      rd: (flags & 0x0100) !== 0,
      ra: (flags & 0x0080) !== 0,
      ad: (flags & 0x0020) !== 0,
      cd: (flags & 0x0010) !== 0,
      rcode: (extRcode << 4) | (flags & 0xf),
      questions,
      answers,
      authorities,
      additionals,
    };
    if (edns) msg.edns = edns;
    return msg;
  } catch (e) {
    if (e instanceof TruncatedInputError) {
      throw new DnsSyntaxError(`Message truncated at offset ${e.offset}`, e.offset, { cause: e });
    }
    throw e;
  }
}

// ---------- encoding ----------

class NameWriter {
  w: ByteWriter;
  #seen = new Map<string, number>();
  #compress: boolean;

  constructor(w: ByteWriter, compress: boolean) {
    this.w = w;
    this.#compress = compress;
  }

  name(name: string, compress = true): void {
    const labels = nameToLabels(name);
    for (let i = 0; i < labels.length; i++) {
      const key = labels.slice(i).map((l) => String.fromCharCode(...l).toLowerCase()).join(".");
      const at = this.#seen.get(key);
      if (at !== undefined && compress && this.#compress) {
        this.w.u16(0xc000 | at);
        return;
      }
      if (this.w.length < 0x4000) this.#seen.set(key, this.w.length);
      this.w.u8(labels[i].length).bytes(labels[i]);
    }
    this.w.u8(0);
  }
}

function writeCharString(w: ByteWriter, s: Uint8Array | string, what: string): void {
  const b = typeof s === "string" ? te.encode(s) : s;
  if (b.length > 255) throw new RangeError(`${what} longer than 255 bytes`);
  w.u8(b.length).bytes(b);
}

function svcKeyNumber(k: string): number {
  const i = SVC_KEYS.indexOf(k);
  if (i >= 0) return i;
  const m = /^key([0-9]{1,5})$/.exec(k);
  if (m && Number(m[1]) <= 65535) return Number(m[1]);
  throw new RangeError(`Unknown SvcParam key ${JSON.stringify(k)}`);
}

function encodeSvcParams(w: ByteWriter, p: DnsSvcParams): void {
  const items: [number, Uint8Array][] = [];
  const sub = (fn: (x: ByteWriter) => void) => {
    const x = new ByteWriter({ initialSize: 32 });
    fn(x);
    return x.finish();
  };
  if (p.mandatory) {
    items.push([
      0,
      sub((x) => p.mandatory!.map(svcKeyNumber).sort((a, b) => a - b).forEach((k) => x.u16(k))),
    ]);
  }
  if (p.alpn) items.push([1, sub((x) => p.alpn!.forEach((a) => writeCharString(x, a, "ALPN id")))]);
  if (p.noDefaultAlpn) items.push([2, new Uint8Array(0)]);
  if (p.port !== undefined) items.push([3, sub((x) => x.u16(p.port!))]);
  if (p.ipv4hint) items.push([4, sub((x) => p.ipv4hint!.forEach((a) => x.bytes(parseIpv4(a))))]);
  if (p.ech) items.push([5, p.ech]);
  if (p.ipv6hint) {
    items.push([
      6,
      sub((x) => p.ipv6hint!.forEach((a) => x.bytes(parseIpv6(a).bytes))),
    ]);
  }
  for (const o of p.other ?? []) items.push([o.key, o.value]);
  items.sort((a, b) => a[0] - b[0]);
  for (const [k, v] of items) w.u16(k).u16(v.length).bytes(v);
}

function encodeRdata(nw: NameWriter, rec: DnsRecord): void {
  const w = nw.w;
  const t = rec.type as DnsKnownType;
  const bad = (): never => {
    throw new TypeError(`Invalid data for a ${rec.type} record of ${JSON.stringify(rec.name)}`);
  };
  switch (t) {
    case "A":
      if (typeof rec.data !== "string") bad();
      w.bytes(parseIpv4(rec.data as string));
      return;
    case "AAAA":
      if (typeof rec.data !== "string") bad();
      w.bytes(parseIpv6(rec.data as string).bytes);
      return;
    case "CNAME":
    case "NS":
    case "PTR":
      if (typeof rec.data !== "string") bad();
      nw.name(rec.data as string);
      return;
    case "MX": {
      const d = rec.data as { preference: number; exchange: string };
      w.u16(d.preference);
      nw.name(d.exchange);
      return;
    }
    case "TXT": {
      const d = rec.data as (Uint8Array | string)[];
      if (!Array.isArray(d) || d.length === 0) bad();
      for (const s of d) writeCharString(w, s, "TXT string");
      return;
    }
    case "SRV": {
      const d = rec.data as { priority: number; weight: number; port: number; target: string };
      w.u16(d.priority).u16(d.weight).u16(d.port);
      nw.name(d.target, false); // RFC 2782: no compression of the target
      return;
    }
    case "SOA": {
      const d = rec.data as import("./types.ts").DnsSoaData;
      nw.name(d.mname);
      nw.name(d.rname);
      w.u32(d.serial).u32(d.refresh).u32(d.retry).u32(d.expire).u32(d.minimum);
      return;
    }
    case "CAA": {
      const d = rec.data as { flags: number; tag: string; value: Uint8Array };
      w.u8(d.flags);
      writeCharString(w, d.tag, "CAA tag");
      w.bytes(d.value);
      return;
    }
    case "NAPTR": {
      const d = rec.data as {
        order: number;
        preference: number;
        flags: string;
        services: string;
        regexp: string;
        replacement: string;
      };
      w.u16(d.order).u16(d.preference);
      writeCharString(w, d.flags, "NAPTR flags");
      writeCharString(w, d.services, "NAPTR services");
      writeCharString(w, d.regexp, "NAPTR regexp");
      nw.name(d.replacement, false);
      return;
    }
    case "SVCB":
    case "HTTPS": {
      const d = rec.data as { priority: number; target: string; params: DnsSvcParams };
      w.u16(d.priority);
      nw.name(d.target, false);
      encodeSvcParams(w, d.params ?? {});
      return;
    }
    default:
      if (!(rec.data instanceof Uint8Array)) bad();
      w.bytes(rec.data as Uint8Array);
  }
}

/** Options of the encoder. */
export interface EncodeOptions {
  compress: boolean;
  maxSize: number;
}

/** Encodes a message (partial objects are filled with defaults). */
export function encodeMessage(m: Partial<DnsMessage>, options: EncodeOptions): Uint8Array {
  const w = new ByteWriter({ initialSize: 512, maxSize: options.maxSize });
  const nw = new NameWriter(w, options.compress);
  const id = m.id ?? 0;
  if (!Number.isInteger(id) || id < 0 || id > 0xffff) {
    throw new RangeError(`Invalid message id ${id}`);
  }
  const rcode = m.rcode ?? 0;
  const opcode = m.opcode ?? 0;
  let flags = (opcode & 0xf) << 11 | (rcode & 0xf);
  if (m.qr) flags |= 0x8000;
  if (m.aa) flags |= 0x0400;
  if (m.tc) flags |= 0x0200;
  if (m.rd) flags |= 0x0100;
  if (m.ra) flags |= 0x0080;
  if (m.ad) flags |= 0x0020;
  if (m.cd) flags |= 0x0010;
  const qs = m.questions ?? [];
  const an = m.answers ?? [];
  const ns = m.authorities ?? [];
  const ar = m.additionals ?? [];
  const edns = m.edns ??
    (rcode > 15 ? { udpSize: 1232, version: 0, dnssecOk: false, options: [] } : undefined);
  w.u16(id).u16(flags).u16(qs.length).u16(an.length).u16(ns.length).u16(ar.length + (edns ? 1 : 0));
  for (const q of qs) {
    nw.name(q.name);
    w.u16(typeNumber(q.type)).u16(q.class ?? 1);
  }
  for (const rec of [...an, ...ns, ...ar]) {
    nw.name(rec.name);
    const ttl = rec.ttl ?? 0;
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 0xffffffff) {
      throw new RangeError(`Invalid TTL ${ttl}`);
    }
    w.u16(typeNumber(rec.type)).u16(rec.class ?? 1).u32(ttl);
    const lenAt = w.length;
    w.u16(0);
    encodeRdata(nw, rec);
    const len = w.length - lenAt - 2;
    if (len > 0xffff) {
      throw new RangeError(`RDATA of ${rec.type} ${JSON.stringify(rec.name)} exceeds 65535 bytes`);
    }
    w.patchU16(lenAt, len);
  }
  if (edns) {
    w.u8(0).u16(41).u16(edns.udpSize);
    w.u32(((rcode >> 4) & 0xff) << 24 | (edns.version & 0xff) << 16 | (edns.dnssecOk ? 0x8000 : 0));
    const lenAt = w.length;
    w.u16(0);
    for (const o of edns.options) w.u16(o.code).u16(o.data.length).bytes(o.data);
    w.patchU16(lenAt, w.length - lenAt - 2);
  }
  return w.finish();
}
