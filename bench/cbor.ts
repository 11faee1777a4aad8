// Copyright 2026 the wirekit authors. MIT license.
// cbor: decodeCbor/encodeCbor against raw cbor-x and cborg on a ~1 MB mixed
// structure, and CborStreamParser picking one path out of a 50 MB sequence
// against cborg decoding every item whole.
import {
  decode as cborxDecode,
  decodeMultiple as cborxDecodeMultiple,
  Decoder as CborxDecoder,
  encode as cborxEncode,
} from "cbor-x/decode";
import * as cborg from "cborg";
import process from "node:process";
import { CborStreamParser, decodeCbor, encodeCbor, encodeCborSequence } from "../cbor/mod.ts";
import { runBench } from "./_runner.ts";

/** A deterministic ~1 MB mix of maps, arrays, text, integers, floats, booleans, nulls and bytes. */
export function mixedStructure(targetBytes = 1_000_000): unknown[] {
  const out: unknown[] = [];
  let x = 12345;
  const rnd = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const words = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "sensor",
    "reading",
    "temperature",
    "état",
    "東京",
  ];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const r = rnd();
    const item = {
      id: i,
      name: `${words[r % words.length]}-${i}`,
      active: (r & 1) === 1,
      score: (r % 100000) / 7,
      count: r % 70000,
      delta: -(r % 300),
      big: r * 1000,
      tags: [words[(r >> 3) % words.length], words[(r >> 7) % words.length]],
      nested: { lat: 48.85 + (r % 1000) / 1e4, lon: 2.35, alt: null, ok: true },
      blob: new Uint8Array(16).fill(r & 255),
      note: r % 5 === 0
        ? "a longer free-text note that is here to make some strings exceed sixty-four bytes"
        : "",
    };
    out.push(item);
    size += 190;
  }
  return out;
}

/** Runs the cbor workloads: whole-value decode/encode, then streaming. */
export async function benchCbor(): Promise<void> {
  await benchCborValues();
  await benchCborStream();
}

/** decodeCbor/encodeCbor against raw cbor-x and cborg on a ~1 MB mixed structure. */
export async function benchCborValues(): Promise<void> {
  const value = mixedStructure();
  const bytes = encodeCbor(value);
  const mb = bytes.length;
  // cbor-x with the output decodeCbor gives: standard CBOR, maps as objects,
  // 64-bit integers as numbers (its default makes them bigints, which is
  // slower and a different value). Its default decode is listed too.
  const options = { useRecords: false, mapsAsObjects: true, int64AsNumber: true };
  const cborxSame = new CborxDecoder(options);
  await runBench({
    name: `cbor decode ${(mb / 1e6).toFixed(2)} MB mixed`,
    bytesPerOp: mb,
    contenders: [
      { name: "wirekit decodeCbor", fn: () => decodeCbor(bytes) },
      { name: "cbor-x (same output)", fn: () => cborxSame.decode(bytes) },
      { name: "cbor-x (defaults)", fn: () => cborxDecode(bytes) },
      { name: "cborg", fn: () => cborg.decode(bytes) },
    ],
  });
  await runBench({
    name: `cbor encode ${(mb / 1e6).toFixed(2)} MB mixed`,
    bytesPerOp: mb,
    contenders: [
      { name: "wirekit encodeCbor", fn: () => encodeCbor(value) },
      { name: "cbor-x", fn: () => cborxEncode(value) },
      { name: "cborg", fn: () => cborg.encode(value) },
    ],
  });
}

/** A CBOR sequence of about `size` bytes: small records with a `payload` field. */
export function recordSequence(size = 50_000_000): Uint8Array {
  const block: unknown[] = [];
  for (let i = 0; i < 1000; i++) {
    block.push({
      id: i,
      kind: i % 3 === 0 ? "reading" : "event",
      ts: 1_700_000_000 + i,
      meta: { source: `sensor-${i % 17}`, tags: ["a", "b", `t${i % 5}`], ok: true },
      payload: { x: i * 0.5, y: -i, data: new Uint8Array(24).fill(i & 255) },
    });
  }
  const one = encodeCborSequence(block);
  const copies = Math.ceil(size / one.length);
  const out = new Uint8Array(one.length * copies);
  for (let i = 0; i < copies; i++) out.set(one, i * one.length);
  return out;
}

/** Runs the streaming workload: one path out of a 50 MB sequence. */
export async function benchCborStream(): Promise<void> {
  const bytes = recordSequence();
  const chunk = 64 * 1024;
  let picked = 0;
  const parse = (sample?: (i: number, k: number) => void) => {
    picked = 0;
    const p = new CborStreamParser({ paths: ["$.payload.x"], onValue: () => void picked++ });
    for (let i = 0, k = 0; i < bytes.length; i += chunk, k++) {
      p.push(bytes.subarray(i, i + chunk));
      sample?.(i, k);
    }
    p.end();
    return picked;
  };
  const cborgAll = () => {
    let rest = bytes;
    let n = 0;
    while (rest.length) {
      const [v, next] = cborg.decodeFirst(rest);
      n += (v as { payload: unknown }).payload ? 1 : 0;
      rest = next;
    }
    return n;
  };
  // Memory, in an untimed pass before the timed ones (whose results the
  // runner keeps alive): the lowest heap reading (live memory, as
  // collections come and go) early and late in the input. Flat when memory
  // does not grow with the input. Bun's collector is lazy, so it is asked to
  // collect before some readings.
  const lows = [Infinity, Infinity];
  const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
  parse((i, k) => {
    if ((k & 15) !== 0) return;
    const q = i < bytes.length / 4 ? 0 : i > (bytes.length * 3) / 4 ? 1 : -1;
    if (q < 0) return;
    if ((k & 127) === 0) bun?.gc(true);
    lows[q] = Math.min(lows[q], process.memoryUsage().heapUsed);
  });
  await runBench({
    name: `cbor stream: pick $.payload.x from a ${(bytes.length / 1e6).toFixed(0)} MB sequence`,
    bytesPerOp: bytes.length,
    contenders: [
      { name: "wirekit CborStreamParser", fn: () => parse() },
      { name: "cborg decodeFirst loop", fn: cborgAll },
      { name: "cbor-x decodeMultiple", fn: () => cborxDecodeMultiple(bytes) },
    ],
  }, { rounds: 3, minRoundMs: 1, warmup: 1 });
  console.log(
    `  CborStreamParser: ${picked} matches; lowest heap in the first quarter ${
      (lows[0] / 1e6).toFixed(1)
    } MB, in the last quarter ${(lows[1] / 1e6).toFixed(1)} MB (input ${
      (bytes.length / 1e6).toFixed(0)
    } MB, fed in ${chunk / 1024} KiB chunks)`,
  );
}
