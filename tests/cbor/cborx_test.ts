// decodeCbor() against raw cbor-x, the fastest whole-value decoder in JS:
// on plain data (what cbor-x decodes exactly) both must give the same value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decode, Decoder, isNativeAccelerationEnabled } from "cbor-x/decode";
import { decodeCbor, encodeCbor } from "../../cbor/mod.ts";
import { runtime } from "../_util.ts";

test(`cbor-x loads on its pure-JS path (${runtime})`, () => {
  assert.equal(isNativeAccelerationEnabled, false);
  assert.deepEqual(decode(new Uint8Array([0x82, 0x01, 0x61, 0x61])), [1, "a"]);
});

test(`decodeCbor() and cbor-x agree on plain data (${runtime})`, () => {
  const words = ["alpha", "état", "東京", "a".repeat(40), "\u{1f600}x", ""];
  const value = Array.from({ length: 500 }, (_, i) => ({
    id: i,
    name: `${words[i % words.length]}-${i}`,
    neg: -i * 1000003,
    big: i * 2 ** 40,
    f: i / 7,
    half: 1.5,
    ok: i % 2 === 0,
    none: null,
    u: undefined,
    blob: new Uint8Array(i % 20).fill(i & 255),
    list: [words[i % 3], i, [i, { deep: words[i % 6] }]],
    [`key${i % 37}`]: words[i % 4],
  }));
  const bytes = encodeCbor(value);
  // standard CBOR, maps as objects, 64-bit integers as numbers
  const options = { useRecords: false, mapsAsObjects: true, int64AsNumber: true };
  const cborx = new Decoder(options);
  assert.deepEqual(decodeCbor(bytes), cborx.decode(bytes));
  assert.deepEqual(decodeCbor(bytes), value);
});

test(`decodeCbor() byte strings never alias the input (${runtime})`, () => {
  const bytes = encodeCbor({ a: new Uint8Array([1, 2]), b: [1, "x"] });
  const v = decodeCbor(bytes) as { a: Uint8Array };
  assert.deepEqual(v.a, new Uint8Array([1, 2]));
  assert.notEqual(v.a.buffer, bytes.buffer);
  bytes.fill(0);
  assert.deepEqual(v.a, new Uint8Array([1, 2]));
  // short byte strings share private blocks of at most 8 KiB, never across calls
  const many = encodeCbor(Array.from({ length: 5000 }, (_, i) => new Uint8Array(16).fill(i)));
  const first = decodeCbor(many) as Uint8Array[];
  const second = decodeCbor(many) as Uint8Array[];
  for (const [i, b] of first.entries()) {
    assert.ok(b.buffer.byteLength <= 8192, `${b.buffer.byteLength}`);
    assert.notEqual(b.buffer, many.buffer);
    assert.notEqual(b.buffer, second[i].buffer);
  }
  first[0].fill(9);
  assert.deepEqual([first[1][0], second[0][0]], [1, 0]);
  // longer ones are copies of their own
  const long = decodeCbor(encodeCbor([new Uint8Array(100).fill(7)])) as Uint8Array[];
  assert.equal(long[0].buffer.byteLength, 100);
});
