import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CborError,
  CborSimple,
  CborSyntaxError,
  CborTag,
  decodeCbor,
  diagnoseCbor,
  encodeCbor,
} from "../../cbor/mod.ts";
import { hex, unhex } from "./_vectors.ts";
import { decodeFloat16 } from "../../cbor/_decode.ts";

test("decodeCbor() turns maps with non-text keys into Maps instead of coercing keys", () => {
  assert.deepEqual(
    decodeCbor(unhex("a2616101026162")),
    new Map<unknown, unknown>([["a", 1], [2, "b"]]),
  );
  assert.deepEqual(decodeCbor(unhex("a1f563796573")), new Map([[true, "yes"]]));
  const m = decodeCbor(unhex("a1a10102820304"), { mapsAsObjects: false }) as Map<unknown, unknown>;
  assert.deepEqual([...m.values()], [[3, 4]]);
  assert.deepEqual([...m.keys()], [new Map([[1, 2]])]);
});

test("decodeCbor() keeps a __proto__ key as an own property", () => {
  const v = decodeCbor(unhex("a2695f5f70726f746f5f5fa16178016162f5")) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.keys(v), ["__proto__", "b"]);
  assert.deepEqual(Object.getOwnPropertyDescriptor(v, "__proto__")?.value, { x: 1 });
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test("decodeCbor() keeps a leading byte order mark in long text strings", () => {
  const s = "\ufeff" + "x".repeat(100);
  assert.equal(decodeCbor(encodeCbor(s)), s);
});

test("decodeCbor() rejects duplicate keys when asked, last one wins otherwise", () => {
  const bytes = unhex("a2616101616102");
  assert.deepEqual(decodeCbor(bytes), { a: 2 });
  assert.throws(
    () => decodeCbor(bytes, { rejectDuplicateKeys: true }),
    (e) => e instanceof CborError && e.code === "EDUPLICATE" && e.offset === 4,
  );
  assert.throws(
    () => decodeCbor(unhex("a20102010a"), { rejectDuplicateKeys: true, mapsAsObjects: false }),
    (e) => e instanceof CborError && e.code === "EDUPLICATE",
  );
  assert.throws(
    () => decodeCbor(unhex("a2420102f542010200"), { rejectDuplicateKeys: true }),
    (e) => e instanceof CborError && e.code === "EDUPLICATE",
  );
  assert.equal(
    (decodeCbor(unhex("a2420102f542010300"), { rejectDuplicateKeys: true }) as Map<
      unknown,
      unknown
    >).size,
    2,
  );
});

test("decodeCbor() decodes integers beyond 2^53 as bigint, or all integers with bigint: always", () => {
  assert.equal(decodeCbor(unhex("1b001fffffffffffff")), 2 ** 53 - 1);
  assert.equal(decodeCbor(unhex("1b0020000000000000")), 2n ** 53n);
  assert.equal(decodeCbor(unhex("3b001ffffffffffffe")), -(2 ** 53) + 1);
  assert.equal(decodeCbor(unhex("3b001fffffffffffff")), -(2n ** 53n));
  assert.deepEqual(decodeCbor(unhex("820120"), { bigint: "always" }), [1n, -1n]);
  assert.equal(decodeCbor(unhex("c240")), 0n);
  assert.deepEqual(encodeCbor(2n ** 64n - 1n), unhex("1bffffffffffffffff"));
  assert.deepEqual(encodeCbor(5n), unhex("05"));
  assert.deepEqual(encodeCbor(-(2n ** 64n) - 1n), unhex("c349010000000000000000"));
});

test("decodeCbor() decodes every binary16 value exactly", () => {
  for (let h = 0; h < 0x10000; h++) {
    const bytes = new Uint8Array([0xf9, h >> 8, h & 0xff]);
    const v = decodeCbor(bytes) as number;
    const sign = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 31;
    const f = h & 0x3ff;
    const want = e === 31
      ? (f ? NaN : sign * Infinity)
      : e === 0
      ? sign * f * 2 ** -24
      : sign * (1 + f / 1024) * 2 ** (e - 15);
    assert.ok(Object.is(v, want), `f9${hex(bytes.subarray(1))}`);
    assert.ok(Object.is(decodeFloat16(h), want));
    if (!Number.isNaN(v) && !Number.isSafeInteger(v) || Object.is(v, -0)) {
      assert.deepEqual(encodeCbor(v), bytes, "binary16 values re-encode as binary16");
    }
  }
});

test("encodeCbor() picks the shortest exact float", () => {
  assert.equal(hex(encodeCbor(0.5)), "f93800");
  assert.equal(hex(encodeCbor(5.960464477539063e-8)), "f90001");
  assert.equal(hex(encodeCbor(2 ** -25)), "fa33000000");
  assert.equal(hex(encodeCbor(1 / 3)), "fb3fd5555555555555");
  assert.equal(hex(encodeCbor(Math.fround(0.1))), "fa3dcccccd");
  assert.equal(hex(encodeCbor(2 ** 60)), "fa5d800000");
  assert.equal(hex(encodeCbor(NaN)), "f97e00");
});

test("decodeCbor() maps tags: dates, bignums, self-described, sets and maps by option, custom handlers", () => {
  assert.deepEqual(decodeCbor(unhex("d9d9f7820102")), [1, 2]);
  assert.deepEqual(decodeCbor(unhex("d9010283010203")), new CborTag(258, [1, 2, 3]));
  assert.deepEqual(decodeCbor(unhex("d9010283010203"), { tag258AsSet: true }), new Set([1, 2, 3]));
  assert.deepEqual(decodeCbor(unhex("d90103a1616101"), { tag259AsMap: true }), new Map([["a", 1]]));
  assert.deepEqual(decodeCbor(unhex("d90103a1616101")), new CborTag(259, { a: 1 }));
  assert.throws(
    () => decodeCbor(unhex("d9010381a1616101"), { tag259AsMap: true }),
    (e) => e instanceof CborError && e.code === "EINVALID",
    "tag 259 around a non-map is invalid",
  );
  assert.equal(
    decodeCbor(unhex("d8204161"), { tags: { 32: (v) => `url:${(v as Uint8Array)[0]}` } }),
    "url:97",
  );
  assert.deepEqual(encodeCbor(new Set([1])), unhex("d9010281 01".replace(" ", "")));
  for (const bad of ["c001", "c06161", "c1f97e00", "c201", "d81801"]) {
    assert.throws(
      () => decodeCbor(unhex(bad)),
      (e) => e instanceof CborError && e.code === "EINVALID",
      bad,
    );
  }
  const big = decodeCbor(unhex("dbffffffffffffffff00")) as CborTag;
  assert.equal(big.tag, 2n ** 64n - 1n);
  assert.deepEqual(encodeCbor(big), unhex("dbffffffffffffffff00"));
});

test("decodeCbor() keeps simple values and undefined", () => {
  assert.deepEqual(decodeCbor(unhex("84f0f820f8fff7")), [
    new CborSimple(16),
    new CborSimple(32),
    new CborSimple(255),
    undefined,
  ]);
  assert.deepEqual(
    encodeCbor([new CborSimple(16), new CborSimple(32), undefined]),
    unhex("83f0f820f7"),
  );
  assert.throws(() => new CborSimple(24), RangeError);
});

test("decodeCbor() returns byte strings that do not alias the input", () => {
  const input = unhex("a1616142abcd");
  const v = decodeCbor(input) as { a: Uint8Array };
  input[4] = 0;
  assert.deepEqual(v.a, new Uint8Array([0xab, 0xcd]));
  assert.equal(v.a.constructor, Uint8Array);
});

test("decodeCbor() enforces depth, string and size limits with CborError codes", () => {
  const deep = new Uint8Array(300).fill(0x81);
  assert.throws(() => decodeCbor(deep), (e) => e instanceof CborError && e.code === "EDEPTH");
  assert.throws(
    () => decodeCbor(new Uint8Array(100_000).fill(0x81)),
    (e) => e instanceof CborError && e.code === "EDEPTH",
  );
  assert.throws(
    () => decodeCbor(unhex("4401020304"), { maxStringBytes: 3 }),
    (e) => e instanceof CborError && e.code === "ESTRING",
  );
  assert.throws(
    () => decodeCbor(unhex("5f42010242030405ff"), { maxStringBytes: 3 }),
    (e) => e instanceof CborError && e.code === "ESTRING",
  );
  assert.throws(
    () => decodeCbor(unhex("83010203"), { maxBytes: 3 }),
    (e) => e instanceof CborError && e.code === "ESIZE",
  );
  assert.throws(
    () => decodeCbor(unhex("9f010203ff"), { maxItems: 2 }),
    (e) => e instanceof CborError && e.code === "EITEMS",
  );
  assert.throws(
    () => decodeCbor(unhex("62c328"), { strictUtf8: true }),
    (e) => e instanceof CborSyntaxError && e.kind === "utf8",
  );
  assert.equal(decodeCbor(unhex("62c328")), "\ufffd(");
});

test("encodeCbor() rejects values without a CBOR form and cycles", () => {
  assert.throws(() => encodeCbor(() => 1), (e) => e instanceof CborError && e.code === "ETYPE");
  assert.throws(() => encodeCbor(Symbol("x")), (e) => e instanceof CborError && e.code === "ETYPE");
  assert.throws(
    () => encodeCbor(new Float32Array(2)),
    (e) => e instanceof CborError && e.code === "ETYPE",
  );
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  assert.throws(() => encodeCbor(cyclic), (e) => e instanceof CborError && e.code === "EDEPTH");
  assert.throws(
    () => encodeCbor(new Map<unknown, number>([[1, 1], [1n, 2]]), { deterministic: true }),
    (e) => e instanceof CborError && e.code === "EDUPLICATE",
  );
});

test("encodeCbor() applies encoders by class and is reentrant", () => {
  class Point {
    constructor(readonly x: number, readonly y: number) {}
  }
  const encoders = new Map([[
    Point,
    (p: Point) => new CborTag(40000, [p.x, p.y, encodeCbor("inner")]),
  ]]);
  const bytes = encodeCbor({ p: new Point(1, 2) }, { encoders });
  assert.equal(diagnoseCbor(bytes), `{"p": 40000([1, 2, h'65696e6e6572'])}`);
});

test("encodeCbor() writes dates as tag 1 (or tag 0) and round-trips them", () => {
  assert.equal(hex(encodeCbor(new Date(1363896240000))), "c11a514b67b0");
  assert.equal(
    diagnoseCbor(encodeCbor(new Date(1363896240000), { dateTag: 0 })),
    '0("2013-03-21T20:04:00Z")',
  );
  assert.deepEqual(decodeCbor(encodeCbor(new Date(-1500))), new Date(-1500));
});

// ---- deterministic encoding properties ----

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
  const k = Math.floor(r() * (depth > 3 ? 7 : 10));
  switch (k) {
    case 0:
      return Math.floor(r() * 2 ** 40) - 2 ** 39;
    case 1:
      return [0.5, -0, 1e300, 3.25, NaN, Infinity, 1 / 3, 65504][Math.floor(r() * 8)];
    case 2:
      return Array.from(
        { length: Math.floor(r() * 6) },
        () => String.fromCodePoint(Math.floor(r() * 0x3000)),
      ).join("");
    case 3:
      return new Uint8Array(Math.floor(r() * 5)).map(() => r() * 256);
    case 4:
      return [true, false, null, undefined, new CborSimple(99)][Math.floor(r() * 5)];
    case 5:
      return BigInt(Math.floor(r() * 1e9)) * 10n ** 12n * (r() < 0.5 ? -1n : 1n);
    case 6:
      return new CborTag(Math.floor(r() * 1000) + 100, Math.floor(r() * 100));
    case 7:
      return Array.from({ length: Math.floor(r() * 4) }, () => gen(r, depth + 1));
    case 8: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 5); i > 0; i--) {
        o[String.fromCharCode(97 + Math.floor(r() * 26)).repeat(1 + Math.floor(r() * 3))] = gen(
          r,
          depth + 1,
        );
      }
      return o;
    }
    default: {
      const m = new Map<unknown, unknown>();
      for (let i = Math.floor(r() * 5); i > 0; i--) m.set(gen(r, 4), gen(r, depth + 1));
      return m;
    }
  }
}

function shuffled(v: unknown, r: () => number): unknown {
  if (Array.isArray(v)) return v.map((x) => shuffled(x, r));
  if (v instanceof Map) {
    const e = [...v].map(([k, x]) => [k, shuffled(x, r)] as [unknown, unknown]);
    e.sort(() => r() - 0.5);
    return new Map(e);
  }
  if (v instanceof CborTag) return new CborTag(v.tag, shuffled(v.value, r));
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const e = Object.entries(v).map(([k, x]) => [k, shuffled(x, r)]);
    e.sort(() => r() - 0.5);
    return Object.fromEntries(e);
  }
  return v;
}

function keysSorted(bytes: Uint8Array): void {
  // Every map's keys appear in bytewise order of their encodings (hex text
  // compares like the bytes it spells).
  const check = (v: unknown) => {
    if (v instanceof Map) {
      const keys = [...v.keys()].map((k) => hex(encodeCbor(k)));
      for (let i = 1; i < keys.length; i++) assert.ok(keys[i - 1] < keys[i], `${keys}`);
      for (const x of v.values()) check(x);
    } else if (Array.isArray(v)) v.forEach(check);
    else if (v instanceof CborTag) check(v.value);
  };
  check(decodeCbor(bytes, { mapsAsObjects: false }));
}

test("deterministic encodeCbor() is byte-stable through decode and re-encode (seeded property test)", () => {
  const r = rng(20261123);
  for (let i = 0; i < 400; i++) {
    const v = gen(r, 0);
    const a = encodeCbor(v, { deterministic: true });
    const back = decodeCbor(a, { mapsAsObjects: false });
    const b = encodeCbor(back, { deterministic: true });
    assert.equal(hex(b), hex(a), `case ${i}: ${diagnoseCbor(a)}`);
    keysSorted(a);
  }
});

test("deterministic encodeCbor() does not depend on key insertion order (seeded property test)", () => {
  const r = rng(99);
  for (let i = 0; i < 400; i++) {
    const v = gen(r, 0);
    const a = encodeCbor(v, { deterministic: true });
    for (let j = 0; j < 3; j++) {
      assert.equal(hex(encodeCbor(shuffled(v, r), { deterministic: true })), hex(a), `case ${i}`);
    }
  }
  assert.equal(
    hex(encodeCbor({ b: 1, a: 2, aa: 3 }, { deterministic: true })),
    "a3616102616201626161" + "03",
  );
});

test("decodeCbor(), diagnoseCbor() and encodeCbor() handle the deepest allowed nesting (2000)", () => {
  const n = 2000;
  const bytes = new Uint8Array(n + 1).fill(0x81);
  bytes[n] = 0;
  let v: unknown = 0;
  for (let i = 0; i < n; i++) v = [v];
  // (assert.deepEqual itself would recurse too deep: compare encodings)
  assert.deepEqual(encodeCbor(decodeCbor(bytes, { maxDepth: n }), { maxDepth: n }), bytes);
  assert.deepEqual(
    encodeCbor(decodeCbor(bytes, { maxDepth: n, strictUtf8: true }), { maxDepth: n }),
    bytes,
  );
  assert.equal(diagnoseCbor(bytes, { maxDepth: n }).length, 2 * n + 1);
  assert.deepEqual(encodeCbor(v, { maxDepth: n }), bytes);
  assert.throws(() => decodeCbor(bytes, { maxDepth: n + 1 }), RangeError);
  assert.throws(
    () => decodeCbor(bytes, { maxDepth: n - 1 }),
    (e) => e instanceof CborError && e.code === "EDEPTH",
  );
});

test("diagnoseCbor() renders sequences, empty indefinite strings and encoding indicators", () => {
  assert.equal(diagnoseCbor(unhex("01a0f6"), { sequence: true }), "1, {}, null");
  assert.equal(diagnoseCbor(new Uint8Array(0), { sequence: true }), "");
  assert.throws(
    () => diagnoseCbor(unhex("0102")),
    (e) => e instanceof CborSyntaxError && e.kind === "trailing",
  );
  assert.equal(diagnoseCbor(unhex("825fff7fff")), `[''_, ""_]`);
  assert.equal(
    diagnoseCbor(unhex("9818a1190001fa3fc00000d9d9f7780161" + "00".repeat(22)), {
      encodingIndicators: true,
    }),
    `[_0 {1_1: 1.5_2}, 55799_1("a"_0), ${Array(22).fill("0").join(", ")}]`,
  );
});
