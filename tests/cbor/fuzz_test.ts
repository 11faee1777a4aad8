// Seeded differential tests: the single-pass fast path of decodeCbor() must agree
// with wirekit's strict decoder, and the stream parser and diagnoseCbor()
// must agree on what is well-formed, for valid and for mutated input.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CborError,
  CborStreamParser,
  CborSyntaxError,
  decodeCbor,
  decodeCborSequence,
  diagnoseCbor,
  encodeCbor,
} from "../../cbor/mod.ts";
import { decodeOne, Decoder } from "../../cbor/_decode.ts";
import { resolveDecodeOptions } from "../../cbor/_options.ts";
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

function gen(r: () => number, depth: number): unknown {
  switch (Math.floor(r() * (depth > 3 ? 6 : 9))) {
    case 0:
      return [
        0,
        23,
        24,
        255,
        65536,
        2 ** 32,
        2 ** 53 - 1,
        -1,
        -25,
        -(2 ** 40),
      ][Math.floor(r() * 10)];
    case 1:
      return [0.5, -0, 1e300, NaN, 1.1, -Infinity][Math.floor(r() * 6)];
    case 2:
      return [
        "",
        "a",
        "é水",
        "x".repeat(70),
        "__proto__",
        "\ufeff" + "y".repeat(80),
      ][Math.floor(r() * 6)];
    case 3:
      return new Uint8Array(Math.floor(r() * 6)).fill(0xa5);
    case 4:
      return [true, false, null, undefined][Math.floor(r() * 4)];
    case 5:
      return 2n ** 64n + BigInt(Math.floor(r() * 1000));
    case 6:
      return Array.from({ length: Math.floor(r() * 4) }, () => gen(r, depth + 1));
    case 7: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 4); i > 0; i--) {
        // an own "__proto__" property, as decodeCbor() makes it
        Object.defineProperty(o, ["a", "b", "__proto__", "long key"][Math.floor(r() * 4)], {
          value: gen(r, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return o;
    }
    default:
      return new Map<unknown, unknown>([[Math.floor(r() * 3), gen(r, depth + 1)], [
        "k",
        gen(r, depth + 1),
      ]]);
  }
}

function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    if (e instanceof CborSyntaxError || e instanceof CborError) return { error: e.name };
    throw e; // anything else is a crash
  }
}

function streamDecode(bytes: Uint8Array, split: number): unknown {
  const values: unknown[] = [];
  const p = new CborStreamParser({ paths: ["$"], onValue: (v) => values.push(v) });
  p.push(bytes.subarray(0, split));
  p.push(bytes.subarray(split));
  p.end();
  if (values.length !== 1) throw new CborSyntaxError("trailing", "Sequence", 0);
  return values[0];
}

test("decodeCbor() fast path, strict decoder, stream parser and diagnoseCbor agree on mutated input (seeded)", () => {
  const r = rng(4242);
  const o = resolveDecodeOptions();
  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < 3000; i++) {
    const bytes = encodeCbor(gen(r, 0));
    const mutations = i % 3;
    for (let m = 0; m < mutations; m++) {
      const at = Math.floor(r() * bytes.length);
      bytes[at] = r() < 0.5 ? Math.floor(r() * 256) : bytes[at] ^ (1 << Math.floor(r() * 8));
    }
    const cut = r() < 0.1 ? bytes.subarray(0, Math.floor(r() * bytes.length)) : bytes;
    const fast = outcome(() => decodeCbor(cut));
    const strict = outcome(() => decodeOne(cut, o));
    assert.deepEqual(fast, strict, `case ${i}: ${hex(cut)}`);
    const streamed = outcome(() => streamDecode(cut, Math.floor(r() * (cut.length + 1))));
    const diag = outcome(() => diagnoseCbor(cut));
    if ("ok" in (fast as object)) {
      accepted++;
      assert.deepEqual(streamed, fast, `stream, case ${i}: ${hex(cut)}`);
      // diagnoseCbor also checks UTF-8 and does not interpret tags
      void diag;
    } else {
      rejected++;
      if ((fast as { error: string }).error === "CborSyntaxError") {
        assert.ok(!("ok" in (streamed as object)), `stream accepted case ${i}: ${hex(cut)}`);
        assert.ok(!("ok" in (diag as object)), `diag accepted case ${i}: ${hex(cut)}`);
      }
    }
  }
  assert.ok(accepted > 1000 && rejected > 500, `${accepted} accepted, ${rejected} rejected`);
});

test("decodeCbor() decodes random text bytes (valid and invalid UTF-8) as TextDecoder does, as values and as map keys (seeded)", () => {
  const r = rng(777);
  const td = new TextDecoder("utf-8", { ignoreBOM: true });
  // pieces that are valid UTF-8, invalid on their own, or edge cases
  const pieces = [
    [0x61],
    [0x7f],
    [0xc3, 0xa9],
    [0xe6, 0xb0, 0xb4],
    [0xf0, 0x9f, 0x98, 0x80],
    [0xef, 0xbb, 0xbf],
    [0xed, 0xa0, 0x80], // surrogate
    [0xc0, 0xaf], // overlong
    [0xe0, 0x80, 0xaf], // overlong
    [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
    [0xf8],
    [0x80],
    [0xc3],
    [0xe6, 0xb0],
    [0xf0, 0x9f, 0x98],
  ];
  let invalid = 0;
  for (let i = 0; i < 3000; i++) {
    const bytes: number[] = [];
    const n = Math.floor(r() * 24);
    for (let k = 0; k < n; k++) {
      const p = r() < 0.7 ? pieces[Math.floor(r() * 5)] : pieces[Math.floor(r() * pieces.length)];
      bytes.push(...p);
    }
    const s = new Uint8Array(bytes);
    const expected = td.decode(s);
    if (expected.includes("\ufffd")) invalid++;
    const head = s.length < 24 ? [0x60 + s.length] : [0x78, s.length];
    const asValue = new Uint8Array([...head, ...s]);
    assert.equal(decodeCbor(asValue), expected, `value ${hex(asValue)}`);
    // twice as a key: the second read may come from the key cache
    const asKey = new Uint8Array([0x82, 0xa1, ...head, ...s, 0x01, 0xa1, ...head, ...s, 0x02]);
    const keyed = decodeCbor(asKey) as Record<string, number>[];
    if (expected === "__proto__") continue;
    assert.deepEqual(keyed.map((o) => Object.keys(o)), [[expected], [expected]], hex(asKey));
  }
  assert.ok(invalid > 500, `${invalid} invalid`);
});

test("decodeCbor() fast path agrees with the strict decoder on many distinct keys, Map mode and tight limits (seeded)", () => {
  const r = rng(99);
  // 20 000 distinct short keys, repeated: key-cache collisions and reuse
  const keys = Array.from({ length: 20000 }, (_, i) => `k${(i * 7919) % 100003}`);
  const objs = Array.from({ length: 200 }, (_, i) => {
    const o: Record<string, number> = {};
    for (let k = 0; k < 150; k++) o[keys[(i * 131 + k * 17) % keys.length]] = k;
    return o;
  });
  const big = encodeCbor(objs);
  assert.deepEqual(decodeCbor(big), objs);
  assert.deepEqual(decodeCbor(big), decodeOne(big, resolveDecodeOptions()));
  for (let i = 0; i < 1500; i++) {
    const bytes = encodeCbor(gen(r, 0));
    if (i % 2) bytes[Math.floor(r() * bytes.length)] ^= 1 << Math.floor(r() * 8);
    const options = {
      mapsAsObjects: r() < 0.5,
      maxDepth: Math.floor(r() * 4),
      maxItems: Math.floor(r() * 4),
      maxStringBytes: Math.floor(r() * 80),
    };
    const o = resolveDecodeOptions(options);
    const fast = outcome(() => decodeCbor(bytes, options));
    const strict = outcome(() => decodeOne(bytes, o));
    assert.deepEqual(fast, strict, `case ${i} ${JSON.stringify(options)}: ${hex(bytes)}`);
    // a sequence: the item, the item again, then a cut-off copy
    const seq = new Uint8Array([...bytes, ...bytes, ...bytes.subarray(0, i % bytes.length)]);
    const strictSeq = outcome(() => {
      const out: unknown[] = [];
      for (let pos = 0; pos < seq.length;) {
        if (out.length >= o.maxItems) throw new CborError("EITEMS", "Sequence", pos);
        const d = new Decoder(seq, o, pos, seq.length);
        out.push(d.item());
        pos = d.pos;
      }
      return out;
    });
    assert.deepEqual(outcome(() => decodeCborSequence(seq, options)), strictSeq, `sequence ${i}`);
  }
});
