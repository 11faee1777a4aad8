// Copyright 2026 the wirekit authors. MIT license.
// Message codec: header, sections, RDATA per type (a table of codecs), EDNS.
import { ByteReader, ByteWriter } from "../_internal/bytes.ts";
import { TruncatedInputError } from "../_internal/errors.ts";
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from "../_internal/ip.ts";
import { DnsSyntaxError } from "./dns_error.ts";
import { MAX_NAME_WIRE, nameToLabels } from "./_name.ts";
import {
  DNS_TYPES,
  type DnsEdns,
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
  const known = n < 300 ? TYPE_NAMES[n] : undefined;
  if (known !== undefined) return known as DnsRecordType | "ANY" | "OPT";
  return (TYPE_BY_NUMBER.get(n) ?? `TYPE${n}`) as DnsRecordType | "ANY" | "OPT";
}

const TYPE_NAMES: string[] = Array.from(
  { length: 300 },
  (_, i) => TYPE_BY_NUMBER.get(i) ?? `TYPE${i}`,
);

/** The number of a registered type name (own keys only: "constructor" is no type). */
function knownType(t: string): number | undefined {
  return Object.hasOwn(DNS_TYPES, t) ? (DNS_TYPES as Record<string, number>)[t] : undefined;
}

/** Type number for a name; RangeError for an unknown name. */
export function typeNumber(t: string): number {
  const n = knownType(t.toUpperCase());
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

// The decoder keeps its cursor and the current message in module state
// (decoding is synchronous and never re-entered), reads integers straight
// from the bytes, and caches the text of every name suffix it decoded by
// wire offset, so a compression pointer to an earlier name costs one lookup.
let B: Uint8Array = new Uint8Array(0);
/** Offset after the last name read by readNameAt(). */
let NEXT = 0;
const MAX_PTR = 0x4000;
let suffixGen = 0;
let suffixStamp: Uint32Array | undefined;
let suffixWire: Uint8Array | undefined;
let suffixText: string[] = [];
const labelAt = new Int32Array(128);
const labelIdx = new Int32Array(128);
const labelWire = new Int32Array(128);

function resetNames(): void {
  if (!suffixStamp) {
    suffixStamp = new Uint32Array(MAX_PTR);
    suffixWire = new Uint8Array(MAX_PTR);
  }
  if (++suffixGen === 0xffffffff) {
    suffixStamp.fill(0);
    suffixText = [];
    suffixGen = 1;
  }
}

function labelText(start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) {
    const c = B[i];
    if (c > 0x20 && c < 0x7f && c !== 0x2e && c !== 0x5c) s += String.fromCharCode(c);
    else if (c === 0x2e || c === 0x5c) s += "\\" + String.fromCharCode(c);
    else s += "\\" + (c < 10 ? "00" : c < 100 ? "0" : "") + c;
  }
  return s;
}

/**
 * Reads a possibly compressed name at `pos` of the current message; returns
 * the dotted text (no trailing dot) and sets NEXT to the offset after it.
 * Pointers must go strictly backwards to an earlier name, which rules out
 * loops and forward or out-of-range targets.
 */
function readNameAt(pos: number, limit: number): string {
  const stamp = suffixStamp!;
  const wireOf = suffixWire!;
  let next = -1;
  let lowest = pos;
  let wire = 0;
  let name = "";
  let n = 0;
  let tail = "";
  let tailWire = 0;
  while (true) {
    if (pos >= limit) fail(`Name runs past the end at offset ${pos}`, pos);
    const b = B[pos];
    if (b === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    if (b >= 0xc0) {
      if (pos + 1 >= limit) fail(`Truncated compression pointer at offset ${pos}`, pos);
      const ptr = ((b & 0x3f) << 8) | B[pos + 1];
      if (next < 0) next = pos + 2;
      if (ptr >= lowest || ptr < 12) {
        fail(`Bad compression pointer to ${ptr} at offset ${pos}`, pos);
      }
      if (stamp[ptr] === suffixGen) {
        tailWire = wireOf[ptr];
        if (wire + tailWire + 1 > 255) fail(`Name longer than 255 octets at offset ${pos}`, pos);
        tail = suffixText[ptr];
        break;
      }
      lowest = ptr;
      pos = ptr;
      continue;
    }
    if (b & 0xc0) fail(`Unsupported label type 0x${b.toString(16)} at offset ${pos}`, pos);
    if (pos + 1 + b > limit) fail(`Label runs past the end at offset ${pos}`, pos);
    if (pos < MAX_PTR) {
      labelAt[n] = pos;
      labelIdx[n] = name.length + (wire ? 1 : 0);
      labelWire[n] = wire;
      n++;
    }
    wire += b + 1;
    if (wire + 1 > 255) fail(`Name longer than 255 octets at offset ${pos}`, pos);
    if (wire !== b + 1) name += ".";
    name += labelText(pos + 1, pos + 1 + b);
    pos += 1 + b;
  }
  if (tail) name = name ? name + "." + tail : tail;
  const total = wire + tailWire;
  for (let i = 0; i < n; i++) {
    const at = labelAt[i];
    if (stamp[at] === suffixGen) continue;
    stamp[at] = suffixGen;
    wireOf[at] = total - labelWire[i];
    suffixText[at] = i === 0 ? name : name.substring(labelIdx[i]);
  }
  NEXT = next;
  return name;
}

function u16(p: number): number {
  return (B[p] << 8) | B[p + 1];
}

function u32(p: number): number {
  return ((B[p] << 24) >>> 0) + ((B[p + 1] << 16) | (B[p + 2] << 8) | B[p + 3]);
}

function decodeRdata(type: number, start: number, end: number): DnsRecord["data"] {
  const bytes = B;
  const len = end - start;
  switch (type) {
    case 1:
      if (len !== 4) fail(`A RDATA must be 4 bytes, got ${len} at offset ${start}`, start);
      return `${bytes[start]}.${bytes[start + 1]}.${bytes[start + 2]}.${bytes[start + 3]}`;
    case 28:
      if (len !== 16) fail(`AAAA RDATA must be 16 bytes, got ${len} at offset ${start}`, start);
      return formatIpv6(bytes.subarray(start, end));
    case 2:
    case 5:
    case 12: {
      const n = readNameAt(start, end);
      if (NEXT !== end) extra(type, NEXT, end);
      return n;
    }
  }
  const r = new ByteReader(bytes, start, end);
  const name = (): string => {
    const n = readNameAt(r.offset, end);
    r.offset = NEXT;
    return n;
  };
  let data: DnsRecord["data"];
  switch (type) {
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
      data = r.bytesCopy(len);
  }
  if (r.offset !== end) extra(type, r.offset, end);
  return data;
}

function extra(type: number, at: number, end: number): never {
  fail(`RDATA of type ${typeName(type)} has ${end - at} extra byte(s) at offset ${at}`, at);
}

/** Options of the decoder. */
export interface DecodeLimits {
  maxSize: number;
}

function truncated(at: number): never {
  fail(`Message truncated at offset ${at}`, at);
}

function decodeSection(count: number, additional: boolean, out: DnsRecord[], st: SectionState) {
  const bytes = B;
  const size = bytes.length;
  let p = st.pos;
  for (let i = 0; i < count; i++) {
    const at = p;
    const name = readNameAt(p, size);
    p = NEXT;
    if (p + 10 > size) truncated(p);
    const type = (bytes[p] << 8) | bytes[p + 1];
    const cls = (bytes[p + 2] << 8) | bytes[p + 3];
    const ttl = u32(p + 4);
    const len = (bytes[p + 8] << 8) | bytes[p + 9];
    const start = p + 10;
    const end = start + len;
    if (end > size) truncated(start);
    p = end;
    if (type === 41) {
      if (!additional || st.edns || name !== "") fail(`Misplaced OPT record at offset ${at}`, at);
      const options: { code: number; data: Uint8Array }[] = [];
      const o = new ByteReader(bytes, start, end);
      while (o.remaining) {
        const code = o.u16();
        const l = o.u16();
        options.push({ code, data: o.bytesCopy(l) });
      }
      st.extRcode = ttl >>> 24;
      st.edns = {
        udpSize: cls,
        version: (ttl >>> 16) & 0xff,
        dnssecOk: (ttl & 0x8000) !== 0,
        options,
      };
      continue;
    }
    const data = decodeRdata(type, start, end);
    out.push(
      { name, type: typeName(type), class: cls, ttl: ttl & 0x7fffffff, data } as DnsRecord,
    );
  }
  st.pos = p;
}

interface SectionState {
  pos: number;
  edns: DnsEdns | undefined;
  extRcode: number;
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
  if (bytes.length < 12) {
    fail(`Message shorter than the 12-byte header (${bytes.length} bytes)`, bytes.length);
  }
  B = bytes;
  resetNames();
  try {
    const id = u16(0);
    const flags = u16(2);
    const qd = u16(4);
    const an = u16(6);
    const ns = u16(8);
    const ar = u16(10);
    // Every question takes at least 5 bytes and every record 11.
    if (qd * 5 + (an + ns + ar) * 11 > bytes.length - 12) {
      fail(`Section counts (${qd}/${an}/${ns}/${ar}) exceed the message size`, 4);
    }
    const questions: DnsQuestion[] = [];
    let p = 12;
    for (let i = 0; i < qd; i++) {
      const name = readNameAt(p, bytes.length);
      p = NEXT;
      if (p + 4 > bytes.length) truncated(p);
      const type = u16(p);
      const cls = u16(p + 2);
      p += 4;
      questions.push({ name, type: typeName(type) as DnsQuestion["type"], class: cls });
    }
    const st: SectionState = { pos: p, edns: undefined, extRcode: 0 };
    const answers: DnsRecord[] = [];
    const authorities: DnsRecord[] = [];
    const additionals: DnsRecord[] = [];
    if (an) decodeSection(an, false, answers, st);
    if (ns) decodeSection(ns, false, authorities, st);
    if (ar) decodeSection(ar, true, additionals, st);
    if (st.pos !== bytes.length) {
      fail(
        `${bytes.length - st.pos} trailing byte(s) after the message at offset ${st.pos}`,
        st.pos,
      );
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
      rcode: (st.extRcode << 4) | (flags & 0xf),
      questions,
      answers,
      authorities,
      additionals,
    };
    if (st.edns) msg.edns = st.edns;
    return msg;
  } catch (e) {
    if (e instanceof TruncatedInputError) {
      throw new DnsSyntaxError(`Message truncated at offset ${e.offset}`, e.offset, { cause: e });
    }
    throw e;
  } finally {
    B = EMPTY;
  }
}

const EMPTY = new Uint8Array(0);

// ---------- encoding ----------

// The encoder writes into one reusable buffer (encoding is synchronous and
// never re-entered) and compresses with a map from the folded text of every
// name suffix written so far to its offset.
let OUT = new Uint8Array(1024);
let L = 0;
let MAX = 65535;
const seen = new Map<string, number>();
let lastName: string | undefined;
let lastAt = 0;

function grow(n: number): void {
  const want = L + n;
  if (want > MAX) throw new RangeError(`Output would exceed ${MAX} bytes`);
  let size = OUT.length * 2;
  while (size < want) size *= 2;
  const next = new Uint8Array(Math.min(size, Math.max(MAX, want)));
  next.set(OUT.subarray(0, L));
  OUT = next;
}

function w8(v: number): void {
  if (L + 1 > OUT.length || L + 1 > MAX) grow(1);
  OUT[L++] = v;
}

function w16(v: number): void {
  if (L + 2 > OUT.length || L + 2 > MAX) grow(2);
  OUT[L++] = v >>> 8;
  OUT[L++] = v;
}

function w32(v: number): void {
  if (L + 4 > OUT.length || L + 4 > MAX) grow(4);
  OUT[L++] = v >>> 24;
  OUT[L++] = v >>> 16;
  OUT[L++] = v >>> 8;
  OUT[L++] = v;
}

function wBytes(b: Uint8Array): void {
  if (L + b.length > OUT.length || L + b.length > MAX) grow(b.length);
  OUT.set(b, L);
  L += b.length;
}

/** Folded, escape-unambiguous text of the labels from `from` on (the compression key). */
function labelsKey(labels: Uint8Array[], from: number): string {
  let k = "";
  for (let i = from; i < labels.length; i++) {
    if (i > from) k += ".";
    for (const c of labels[i]) {
      if (c === 0x2e || c === 0x5c) k += "\\" + String.fromCharCode(c);
      else k += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
    }
  }
  return k;
}

// Suffix keys of the names written before the first lookup is needed are
// only noted (text, label index, offset); the map is filled when a later,
// different name needs it. A message whose names all repeat the first one
// never builds keys at all.
let keyed = false;
const deferText: string[] = [];
const deferIdx: number[] = [];
const deferAt: number[] = [];
let deferN = 0;

function materialize(): void {
  keyed = true;
  let low = "";
  let from = "";
  for (let i = 0; i < deferN; i++) {
    if (deferText[i] !== from) {
      from = deferText[i];
      low = from.toLowerCase();
    }
    const key = deferIdx[i] === 0 ? low : low.substring(deferIdx[i]);
    if (!seen.has(key)) seen.set(key, deferAt[i]);
  }
  deferN = 0;
}

function writeNameSlow(name: string, compress: boolean): void {
  if (!keyed) materialize();
  const labels = nameToLabels(name);
  for (let i = 0; i < labels.length; i++) {
    const key = labelsKey(labels, i);
    const at = seen.get(key);
    if (at !== undefined && compress) {
      w16(0xc000 | at);
      return;
    }
    if (L < MAX_PTR && at === undefined) seen.set(key, L);
    w8(labels[i].length);
    wBytes(labels[i]);
  }
  w8(0);
}

/**
 * Writes a presentation-form name. Plain ASCII names (no escapes) take the
 * fast path: labels are copied char by char and suffix keys are slices of
 * the lower-cased text; anything else goes through nameToLabels().
 */
function writeName(name: string, compress: boolean): void {
  // The same name as the last one written (owner names repeat): one pointer.
  if (name === lastName && compress) {
    w16(0xc000 | lastAt);
    return;
  }
  if (typeof name !== "string") throw new TypeError(`Name must be a string, got ${typeof name}`);
  let end = name.length;
  if (end > 0 && name.charCodeAt(end - 1) === 0x2e) {
    if (end === 1) {
      w8(0);
      return;
    }
    end--;
  }
  if (end === 0) {
    w8(0);
    return;
  }
  for (let i = 0; i < end; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c || c > 0x7f) return writeNameSlow(name, compress);
  }
  if (end + 2 > MAX_NAME_WIRE) {
    throw new RangeError(`Name longer than 255 octets: ${JSON.stringify(name)}`);
  }
  const text = end === name.length ? name : name.slice(0, end);
  if (!keyed && deferN > 0 && compress) materialize();
  const lower = keyed ? text.toLowerCase() : "";
  let start = 0;
  while (true) {
    let dot = start;
    while (dot < end && name.charCodeAt(dot) !== 0x2e) dot++;
    const len = dot - start;
    if (len === 0) throw new TypeError(`Empty label in name ${JSON.stringify(name)}`);
    if (len > 63) {
      throw new RangeError(`Label longer than 63 octets in name ${JSON.stringify(name)}`);
    }
    if (keyed) {
      const key = start === 0 ? lower : lower.substring(start);
      const at = seen.get(key);
      if (at !== undefined && compress) {
        w16(0xc000 | at);
        return;
      }
      if (L < MAX_PTR && at === undefined) seen.set(key, L);
    } else if (L < MAX_PTR) {
      deferText[deferN] = text;
      deferIdx[deferN] = start;
      deferAt[deferN++] = L;
    }
    if (L < MAX_PTR) {
      if (start === 0) {
        lastName = name;
        lastAt = L;
      }
    }
    if (L + len + 2 > OUT.length || L + len + 2 > MAX) grow(len + 2);
    OUT[L++] = len;
    for (let i = start; i < dot; i++) OUT[L++] = name.charCodeAt(i);
    if (dot >= end) break;
    start = dot + 1;
  }
  OUT[L++] = 0;
}

function writeIpv4(rec: DnsRecord): void {
  if (typeof rec.data !== "string") badData(rec);
  const text = rec.data as string;
  if (L + 4 > OUT.length || L + 4 > MAX) grow(4);
  // Fast strict dotted quad; anything unusual goes to parseIpv4 (which throws).
  let part = 0;
  let v = 0;
  let digits = 0;
  let ok = text.length >= 7 && text.length <= 15;
  for (let i = 0; ok && i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || v > 255 || part > 3) ok = false;
      else OUT[L + part++] = v;
      v = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && v === 0) ok = false;
      v = v * 10 + c - 0x30;
      digits++;
    } else {
      ok = false;
    }
  }
  if (ok && part === 4) {
    L += 4;
    return;
  }
  wBytes(parseIpv4(text));
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

function badData(rec: DnsRecord): never {
  throw new TypeError(`Invalid data for a ${rec.type} record of ${JSON.stringify(rec.name)}`);
}

function encodeRdata(rec: DnsRecord, type: number): void {
  switch (type) {
    case 1:
      writeIpv4(rec);
      return;
    case 28:
      if (typeof rec.data !== "string") badData(rec);
      wBytes(parseIpv6(rec.data as string).bytes);
      return;
    case 2:
    case 5:
    case 12:
      if (typeof rec.data !== "string") badData(rec);
      writeName(rec.data as string, true);
      return;
    case 15: {
      const d = rec.data as { preference: number; exchange: string };
      if (d === null || typeof d !== "object") badData(rec);
      w16(d.preference);
      writeName(d.exchange, true);
      return;
    }
  }
  // The rarer types go through a ByteWriter and are copied in.
  const w = new ByteWriter({ initialSize: 64, maxSize: 65535 });
  let name: { at: number; name: string; compress: boolean }[] | undefined;
  switch (type) {
    case 16: {
      const d = rec.data as (Uint8Array | string)[];
      if (!Array.isArray(d) || d.length === 0) badData(rec);
      for (const s of d) writeCharString(w, s, "TXT string");
      break;
    }
    case 33: {
      const d = rec.data as { priority: number; weight: number; port: number; target: string };
      if (d === null || typeof d !== "object") badData(rec);
      w16(d.priority);
      w16(d.weight);
      w16(d.port);
      writeName(d.target, false); // RFC 2782: no compression of the target
      return;
    }
    case 6: {
      const d = rec.data as import("./types.ts").DnsSoaData;
      if (d === null || typeof d !== "object") badData(rec);
      writeName(d.mname, true);
      writeName(d.rname, true);
      w32(d.serial);
      w32(d.refresh);
      w32(d.retry);
      w32(d.expire);
      w32(d.minimum);
      return;
    }
    case 257: {
      const d = rec.data as { flags: number; tag: string; value: Uint8Array };
      if (d === null || typeof d !== "object") badData(rec);
      w.u8(d.flags);
      writeCharString(w, d.tag, "CAA tag");
      w.bytes(d.value);
      break;
    }
    case 35: {
      const d = rec.data as {
        order: number;
        preference: number;
        flags: string;
        services: string;
        regexp: string;
        replacement: string;
      };
      if (d === null || typeof d !== "object") badData(rec);
      w.u16(d.order).u16(d.preference);
      writeCharString(w, d.flags, "NAPTR flags");
      writeCharString(w, d.services, "NAPTR services");
      writeCharString(w, d.regexp, "NAPTR regexp");
      name = [{ at: w.length, name: d.replacement, compress: false }];
      break;
    }
    case 64:
    case 65: {
      const d = rec.data as { priority: number; target: string; params: DnsSvcParams };
      if (d === null || typeof d !== "object") badData(rec);
      w16(d.priority);
      writeName(d.target, false);
      encodeSvcParams(w, d.params ?? {});
      wBytes(w.finish());
      return;
    }
    default:
      if (!(rec.data instanceof Uint8Array)) badData(rec);
      wBytes(rec.data as Uint8Array);
      return;
  }
  wBytes(w.finish());
  if (name) { for (const n of name) writeName(n.name, n.compress); }
}

/** Options of the encoder. */
export interface EncodeOptions {
  compress: boolean;
  maxSize: number;
}

function recordType(t: string): number {
  return knownType(t) ?? typeNumber(t);
}

function writeRecord(rec: DnsRecord, compress: boolean): void {
  writeName(rec.name, compress);
  const ttl = rec.ttl ?? 0;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 0xffffffff) {
    throw new RangeError(`Invalid TTL ${ttl}`);
  }
  const type = recordType(rec.type);
  w16(type);
  w16(rec.class ?? 1);
  w32(ttl);
  const lenAt = L;
  w16(0);
  encodeRdata(rec, type);
  const len = L - lenAt - 2;
  if (len > 0xffff) {
    throw new RangeError(`RDATA of ${rec.type} ${JSON.stringify(rec.name)} exceeds 65535 bytes`);
  }
  OUT[lenAt] = len >>> 8;
  OUT[lenAt + 1] = len;
}

/** Encodes a message (partial objects are filled with defaults). */
export function encodeMessage(m: Partial<DnsMessage>, options: EncodeOptions): Uint8Array {
  const id = m.id ?? 0;
  if (!Number.isInteger(id) || id < 0 || id > 0xffff) {
    throw new RangeError(`Invalid message id ${id}`);
  }
  L = 0;
  MAX = options.maxSize;
  seen.clear();
  keyed = false;
  deferN = 0;
  lastName = undefined;
  const compress = options.compress;
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
  w16(id);
  w16(flags);
  w16(qs.length);
  w16(an.length);
  w16(ns.length);
  w16(ar.length + (edns ? 1 : 0));
  for (let i = 0; i < qs.length; i++) {
    const q = qs[i];
    writeName(q.name, compress);
    w16(recordType(q.type));
    w16(q.class ?? 1);
  }
  for (let i = 0; i < an.length; i++) writeRecord(an[i], compress);
  for (let i = 0; i < ns.length; i++) writeRecord(ns[i], compress);
  for (let i = 0; i < ar.length; i++) writeRecord(ar[i], compress);
  if (edns) {
    w8(0);
    w16(41);
    w16(edns.udpSize);
    w32(((rcode >> 4) & 0xff) << 24 | (edns.version & 0xff) << 16 | (edns.dnssecOk ? 0x8000 : 0));
    const lenAt = L;
    w16(0);
    for (const o of edns.options) {
      w16(o.code);
      w16(o.data.length);
      wBytes(o.data);
    }
    const len = L - lenAt - 2;
    OUT[lenAt] = len >>> 8;
    OUT[lenAt + 1] = len;
  }
  const out = OUT.slice(0, L);
  seen.clear();
  deferN = 0;
  deferText.length = 0;
  lastName = undefined;
  if (OUT.length > 65536) OUT = new Uint8Array(1024);
  return out;
}
