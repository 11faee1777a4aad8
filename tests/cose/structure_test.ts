// Copyright 2026 the wirekit authors. MIT license.
// The hand-written encoders of the hot path produce encodeCbor()'s bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CborTag, decodeCbor, encodeCbor } from "../../cbor/mod.ts";
import {
  decodeHeaderMap,
  decodeMessage,
  encodeHeaderMap,
  encodeMessage,
  encodeStructure,
} from "../../cose/_structure.ts";

// Lengths on both sides of every CBOR head size boundary.
const LENGTHS = [0, 1, 23, 24, 25, 255, 256, 257, 65535, 65536, 70000];

function bytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

test("encodeStructure() equals encodeCbor() of [context, ...byte strings] at every head size", () => {
  for (const context of ["Signature1", "Signature", "MAC0", "MAC", "Encrypt0", "Enc_Recipient"]) {
    for (const n of LENGTHS) {
      const parts = [bytes(n, 1), new Uint8Array(0), bytes(Math.max(0, n - 1), 7)];
      assert.deepEqual(
        encodeStructure(context, parts),
        encodeCbor([context, ...parts]),
        `${context} ${n}`,
      );
    }
  }
  // A 24-character context needs a two-byte text head.
  const long = "x".repeat(24);
  assert.deepEqual(encodeStructure(long, [bytes(3, 0)]), encodeCbor([long, bytes(3, 0)]));
});

test("encodeMessage() equals encodeCbor() for tagged and untagged message arrays", () => {
  const u = new Map<number, unknown>([[4, bytes(2, 3)], [5, bytes(12, 9)], [-70000, "t"]]);
  for (const n of LENGTHS) {
    const arrays: unknown[][] = [
      [bytes(3, 0), new Map(), bytes(n, 2), bytes(64, 5)],
      [new Uint8Array(0), u, null, bytes(n, 4)],
      [bytes(3, 0), u, bytes(n, 6), [[bytes(1, 1), new Map(), bytes(n, 8)]]],
    ];
    for (const arr of arrays) {
      for (const tag of [16, 17, 18, 96, 97, 98]) {
        assert.deepEqual(encodeMessage(tag, arr), encodeCbor(new CborTag(tag, arr)), `${tag} ${n}`);
      }
      assert.deepEqual(encodeMessage(undefined, arr), encodeCbor(arr), `untagged ${n}`);
    }
  }
});

test("decodeMessage() and decodeHeaderMap() agree with decodeCbor() on the shapes they accept", () => {
  const strict = { mapsAsObjects: false, rejectDuplicateKeys: true } as const;
  const u = new Map<number, unknown>([[4, bytes(2, 3)], [5, bytes(12, 9)], [-300, 70000]]);
  for (const n of LENGTHS) {
    for (
      const arr of [[bytes(3, 0), new Map(), bytes(n, 2), bytes(64, 5)], [bytes(n, 1), u, null]]
    ) {
      for (const tag of [undefined, 16, 17, 18, 96, 97, 98]) {
        const enc = tag === undefined ? encodeCbor(arr) : encodeCbor(new CborTag(tag, arr));
        const m = decodeMessage(enc);
        assert.ok(m, `accepted ${tag} ${n}`);
        const g = decodeCbor(enc, strict);
        assert.equal(m.tag, tag);
        assert.deepEqual(m.array, tag === undefined ? g : (g as CborTag).value);
      }
    }
  }
  for (const h of [new Map([[1, -7]]), new Map<number, unknown>([[1, 24], [4, bytes(30, 1)]]), u]) {
    const enc = encodeCbor(h);
    assert.deepEqual(decodeHeaderMap(enc), decodeCbor(enc, strict));
    assert.deepEqual(encodeHeaderMap(h), enc);
  }
});

test("decodeMessage() and decodeHeaderMap() leave other forms to the generic decoder", () => {
  const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
  for (
    const s of [
      "",
      "d9d9f78340a040", // self-described CBOR (tag 55799)
      "c68340a040", // a tag that is not a COSE message tag
      "8340a04000", // trailing byte
      "8340a0", // truncated
      "9f40a040ff", // indefinite-length array
      "835800a040", // byte string length not in its shortest form
      "8340a15f4100ff40", // indefinite-length byte string value
      "8340a2010101024040", // repeated label
      "8340a1616101 40", // text label
      "8340a10181014040", // array value
    ]
  ) {
    assert.equal(decodeMessage(hex(s.replace(/ /g, ""))), undefined, s);
  }
  for (const s of ["a20101010a", "a1616101", "a101f5", "a10118", "a1011801"]) {
    assert.equal(decodeHeaderMap(hex(s)), undefined, s);
  }
});

test("decodeMessage() returns byte strings that do not alias the input", () => {
  const enc = encodeCbor([bytes(3, 0), new Map(), bytes(10, 2)]);
  const m = decodeMessage(enc)!;
  enc.fill(0);
  assert.deepEqual(m.array[2], bytes(10, 2));
});

test("encodeHeaderMap() falls back to encodeCbor() for other labels and values", () => {
  for (
    const h of [
      new Map<unknown, unknown>([["x", 1]]),
      new Map<unknown, unknown>([[1, "t"]]),
      new Map<unknown, unknown>([[1, 1.5]]),
      new Map<unknown, unknown>([[1, -0]]),
      new Map<unknown, unknown>([[1, [1, 2]]]),
      new Map<unknown, unknown>([[-0x100000001, 2 ** 40]]),
    ]
  ) {
    assert.deepEqual(encodeHeaderMap(h), encodeCbor(h));
  }
});
