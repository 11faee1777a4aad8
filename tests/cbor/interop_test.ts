// Interop with an independent implementation (cborg, a devDependency):
// the same values give byte-identical RFC 8949 deterministic encodings, and
// each side decodes what the other encodes.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as cborg from "cborg";
import { decodeCbor, encodeCbor } from "../../cbor/mod.ts";
import { hex } from "./_vectors.ts";

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** Values both libraries represent the same way. */
function gen(r: () => number, depth: number): unknown {
  switch (Math.floor(r() * (depth > 3 ? 6 : 9))) {
    case 0:
      return [
        0,
        1,
        23,
        24,
        255,
        256,
        65535,
        65536,
        2 ** 32,
        2 ** 53 - 1,
        -1,
        -24,
        -25,
        -257,
        -(2 ** 40),
      ][
        Math.floor(r() * 15)
      ];
    case 1:
      return [
        0.5,
        1.1,
        -2.75,
        65504.5,
        1e300,
        3.4028234663852886e38,
        5.960464477539063e-8,
        Infinity,
      ][
        Math.floor(r() * 8)
      ];
    case 2:
      return ["", "a", "abc", "é水😀", "z".repeat(30), "long ".repeat(60)][Math.floor(r() * 6)];
    case 3:
      return new Uint8Array(Math.floor(r() * 40)).map((_, i) => i * 7);
    case 4:
      return [true, false, null][Math.floor(r() * 3)];
    case 5:
      return BigInt(2 ** 53) + BigInt(Math.floor(r() * 1e6));
    case 6:
      return Array.from({ length: Math.floor(r() * 5) }, () => gen(r, depth + 1));
    case 7: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 6); i > 0; i--) {
        o[["a", "b", "aa", "ab", "ba", "é", "long key here"][Math.floor(r() * 7)]] = gen(
          r,
          depth + 1,
        );
      }
      return o;
    }
    default: {
      const m = new Map<unknown, unknown>();
      for (let i = Math.floor(r() * 6); i > 0; i--) {
        m.set(
          [0, 1, 10, 100, 1000, -1, -100, "a", "b", "aa"][Math.floor(r() * 10)],
          gen(r, depth + 1),
        );
      }
      return m;
    }
  }
}

/** The value as decodeCbor(..., { mapsAsObjects: false }) and cborg with useMaps give it. */
function asMaps(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(asMaps);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, asMaps(x)]));
  if (v && typeof v === "object" && !(v instanceof Uint8Array)) {
    return new Map(Object.entries(v).map(([k, x]) => [k, asMaps(x)]));
  }
  return v;
}

test("encodeCbor(deterministic) matches cborg's RFC 8949 encoding byte for byte (seeded)", () => {
  const r = rng(8949);
  for (let i = 0; i < 500; i++) {
    const v = gen(r, 0);
    const ours = encodeCbor(v, { deterministic: true });
    const theirs = cborg.encode(v, cborg.rfc8949EncodeOptions);
    assert.equal(hex(ours), hex(theirs), `case ${i}`);
  }
});

test("decodeCbor() and cborg decode each other's encodings to the same values (seeded)", () => {
  const r = rng(7049);
  for (let i = 0; i < 500; i++) {
    const v = gen(r, 0);
    const want = asMaps(v);
    assert.deepEqual(
      decodeCbor(cborg.encode(v), { mapsAsObjects: false }),
      want,
      `cborg -> wirekit, case ${i}`,
    );
    assert.deepEqual(
      cborg.decode(encodeCbor(v), { useMaps: true }),
      want,
      `wirekit -> cborg, case ${i}`,
    );
  }
});
