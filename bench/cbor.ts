// Copyright 2026 the wirekit authors. MIT license.
// cbor: decodeCbor/encodeCbor against raw cbor-x and cborg on a ~1 MB mixed
// structure, and CborStreamParser picking one path out of a 50 MB sequence
// against cborg decoding every item whole.
import { decode as cborxDecode, encode as cborxEncode } from "cbor-x/decode";
import * as cborg from "cborg";
import { decodeCbor, encodeCbor } from "../cbor/mod.ts";
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

/** Runs the cbor workloads. */
export async function benchCbor(): Promise<void> {
  const value = mixedStructure();
  const bytes = encodeCbor(value);
  const mb = bytes.length;
  await runBench({
    name: `cbor decode ${(mb / 1e6).toFixed(2)} MB mixed`,
    bytesPerOp: mb,
    contenders: [
      { name: "wirekit decodeCbor", fn: () => decodeCbor(bytes) },
      { name: "cbor-x", fn: () => cborxDecode(bytes) },
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
