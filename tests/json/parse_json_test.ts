import { test } from "node:test";
import assert from "node:assert/strict";
import { JsonError, JsonStreamParser, JsonSyntaxError, parseJson } from "../../json/mod.ts";
import { parseExact } from "../../json/_parse.ts";
import { resolveOptions } from "../../json/_options.ts";
import { seededBytes } from "../_util.ts";

const enc = new TextEncoder();

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof JsonError ? e.code : (e as Error).name;
  }
  return "ok";
}

test("parseJson() gives JsonError EDEPTH for 100 000 opening brackets, not a stack overflow", () => {
  for (
    const input of [
      "[".repeat(100_000),
      "[".repeat(100_000) + "]".repeat(100_000),
      '{"a":'.repeat(100_000),
    ]
  ) {
    assert.equal(code(() => parseJson(input)), "EDEPTH");
    assert.equal(code(() => parseJson(enc.encode(input))), "EDEPTH");
  }
  assert.equal(code(() => parseJson("[".repeat(1000) + "]".repeat(1000))), "ok");
  assert.equal(code(() => parseJson("[".repeat(1001) + "]".repeat(1001))), "EDEPTH");
  assert.equal(code(() => parseJson("[[[]]]", { maxDepth: 2 })), "EDEPTH");
  assert.equal(code(() => parseJson("[[]]", { maxDepth: 2 })), "ok");
});

test("parseJson() enforces string, number, key and size limits on both paths", () => {
  for (const input of [(s: string) => s, (s: string) => enc.encode(s)]) {
    assert.equal(code(() => parseJson(input('["abcd"]'), { maxStringBytes: 3 })), "ESTRING");
    assert.equal(code(() => parseJson(input('{"abcd": 1}'), { maxStringBytes: 3 })), "ESTRING");
    assert.equal(code(() => parseJson(input('["abc"]'), { maxStringBytes: 3 })), "ok");
    assert.equal(code(() => parseJson(input("[1234567]"), { maxNumberLength: 6 })), "ENUMBER");
    assert.equal(code(() => parseJson(input("1" + "0".repeat(2000)))), "ENUMBER");
    assert.equal(code(() => parseJson(input('{"a":1,"b":2,"c":3}'), { maxKeys: 2 })), "EKEYS");
    assert.equal(code(() => parseJson(input('{"a":1,"b":2}'), { maxKeys: 2 })), "ok");
    assert.equal(code(() => parseJson(input("[1, 2, 3]"), { maxBytes: 5 })), "ESIZE");
    assert.equal(code(() => parseJson(input("1e400"))), "ERANGE");
    assert.equal(code(() => parseJson(input("[-1e400]"))), "ERANGE");
    assert.deepEqual(parseJson(input("[1e400]"), { numberOverflow: "infinity" }), [Infinity]);
  }
});

test("parseJson() reports syntax errors with offset, line and column", () => {
  const cases: [string, number, number, number][] = [
    ["", 0, 1, 1],
    ["[1,]", 3, 1, 4],
    ['{"a" 1}', 5, 1, 6],
    ["[01]", 2, 1, 3],
    ['\n\n  {"a": tru }', 13, 3, 12],
    ['["\t"]', 2, 1, 3],
    ["[1] x", 4, 1, 5],
    ['"é" x', 4, 1, 5],
  ];
  for (const [input, offset, line, column] of cases) {
    try {
      parseJson(input);
      assert.fail(`accepted ${JSON.stringify(input)}`);
    } catch (e) {
      assert.ok(e instanceof JsonSyntaxError, String(e));
      assert.ok(e instanceof SyntaxError);
      assert.deepEqual([e.offset, e.line, e.column], [offset, line, column], JSON.stringify(input));
    }
  }
  // Byte input counts offsets in bytes: "é" is two.
  try {
    parseJson(enc.encode('"é" x'));
    assert.fail();
  } catch (e) {
    assert.ok(e instanceof JsonSyntaxError);
    assert.equal(e.offset, 5);
  }
});

test("parseJson() handles lone surrogates by option", () => {
  assert.throws(() => parseJson('"\\ud800"'), JsonSyntaxError);
  assert.throws(() => parseJson('"\\udc00\\ud800"'), JsonSyntaxError);
  assert.throws(() => parseJson('"\ud800"'), JsonSyntaxError); // raw in a JS string
  assert.equal(parseJson('"\\ud83d\\ude00"'), "\u{1f600}");
  assert.equal(parseJson('"\\ud800x"', { loneSurrogates: "replace" }), "\ufffdx");
  assert.equal(
    parseJson('"\\ud800\\ud83d\\ude00"', { loneSurrogates: "replace" }),
    "\ufffd\u{1f600}",
  );
  assert.equal(parseJson('"a\\udc00"', { loneSurrogates: "replace" }), "a\ufffd");
  assert.equal(parseJson('"\\ud800\\n"', { loneSurrogates: "replace" }), "\ufffd\n");
});

test("parseJson() keeps the last duplicate key by default or rejects by option", () => {
  assert.deepEqual(parseJson('{"a": 1, "a": 2}'), { a: 2 });
  assert.equal(code(() => parseJson('{"a": 1, "a": 2}', { duplicateKeys: "reject" })), "EDUPKEY");
  assert.equal(
    code(() => parseJson(enc.encode('{"a": {"b": 1, "b": 1}}'), { duplicateKeys: "reject" })),
    "EDUPKEY",
  );
});

test("parseJson() makes __proto__ an own property, never the prototype", () => {
  for (
    const input of [
      '{"__proto__": {"polluted": true}}',
      enc.encode('{"__proto__": {"polluted": true}}'),
    ]
  ) {
    for (const opts of [{}, { bigint: true }]) {
      const v = parseJson(input, opts) as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(v), Object.prototype);
      assert.ok(Object.hasOwn(v, "__proto__"));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    }
  }
});

test("parseJson() numbers: -0 kept, underflow to 0, big integers exact with bigint", () => {
  assert.ok(Object.is(parseJson("-0"), -0));
  assert.ok(Object.is(parseJson("-0", { bigint: true }), -0));
  assert.equal(parseJson("1e-400"), 0);
  assert.equal(parseJson("100000000000000000000"), 1e20);
  assert.equal(parseJson("100000000000000000000", { bigint: true }), 100000000000000000000n);
  assert.equal(parseJson("-9007199254740993", { bigint: true }), -9007199254740993n);
  assert.equal(parseJson("9007199254740991", { bigint: true }), 9007199254740991);
  assert.equal(parseJson("1.5e300", { bigint: true }), 1.5e300);
  assert.equal(parseJson("123456789012345.5"), 123456789012345.5);
});

test("parseJson() ignores one leading BOM unless told not to", () => {
  assert.deepEqual(parseJson("\ufeff{}"), {});
  assert.deepEqual(parseJson(new Uint8Array([0xef, 0xbb, 0xbf, 0x5b, 0x5d])), []);
  assert.throws(() => parseJson("\ufeff{}", { allowBom: false }), JsonSyntaxError);
  assert.throws(
    () => parseJson(new Uint8Array([0xef, 0xbb, 0xbf, 0x5b, 0x5d]), { allowBom: false }),
    JsonSyntaxError,
  );
  assert.throws(() => parseJson("[\ufeff]"), JsonSyntaxError);
});

test("parseJson() rejects bad options and inputs as caller errors", () => {
  assert.throws(() => parseJson("1", { maxDepth: -1 }), RangeError);
  assert.throws(() => parseJson("1", { duplicateKeys: "first" as "last" }), TypeError);
  assert.throws(() => parseJson(42 as unknown as string), TypeError);
});

/** A random JSON-ish document, valid or (after mutation) not. */
function randomDoc(seed: number): string {
  const r = seededBytes(seed, 4096);
  let k = 0;
  const next = () => r[k++ % r.length];
  const parts: string[] = [];
  const gen = (depth: number): void => {
    const t = next() % (depth > 4 ? 5 : 7);
    if (t === 0) parts.push(String((next() - 128) * 1000 + next() / 7));
    else if (t === 1) parts.push(["true", "false", "null"][next() % 3]);
    else if (t === 2) {
      parts.push(
        JSON.stringify(Array.from('s\u00e9\u{1f600}\n\\"').slice(0, next() % 7).join("") + next()),
      );
    } else if (t === 3) parts.push(`${next()}e${next() % 40}`);
    else if (t === 4) parts.push(JSON.stringify("\\u" + next()));
    else if (t === 5) {
      parts.push("[");
      const n = next() % 4;
      for (let i = 0; i < n; i++) {
        if (i) parts.push(",");
        gen(depth + 1);
      }
      parts.push("]");
    } else {
      parts.push("{");
      const n = next() % 4;
      for (let i = 0; i < n; i++) {
        if (i) parts.push(", ");
        parts.push(JSON.stringify("k" + (next() % 5)) + ":");
        gen(depth + 1);
      }
      parts.push("}");
    }
  };
  gen(0);
  let s = parts.join("");
  if (next() % 3 === 0 && s.length > 1) {
    const at = next() % s.length;
    s = s.slice(0, at) + ',]}"\\x0 \u0001'[next() % 10] + s.slice(at + 1);
  }
  return s;
}

test("parseJson() fast path and exact parser agree on generated valid and broken documents", () => {
  let accepted = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const s = randomDoc(seed);
    const bytes = enc.encode(s);
    let native: unknown;
    let nativeOk = true;
    try {
      native = JSON.parse(s);
    } catch {
      nativeOk = false;
    }
    let exact: unknown;
    let exactOk = true;
    try {
      exact = parseExact(bytes, resolveOptions({}, 1 << 30));
    } catch (e) {
      exactOk = false;
      assert.ok(e instanceof JsonSyntaxError || e instanceof JsonError, String(e));
    }
    assert.equal(exactOk, nativeOk, s);
    if (exactOk) {
      accepted++;
      assert.deepEqual(exact, native, s);
      assert.deepEqual(parseJson(s), native, s);
      assert.deepEqual(parseJson(bytes), native, s);
    } else {
      assert.throws(() => parseJson(s));
    }
  }
  assert.ok(accepted > 100, `only ${accepted} valid documents`);
});

test("parseJson() number-length limit is exact at the boundary on both paths", () => {
  const at = (len: number) => "0." + "0".repeat(len - 2);
  for (const input of [(s: string) => s, (s: string) => enc.encode(s)]) {
    assert.equal(code(() => parseJson(input(at(1024)))), "ok");
    assert.equal(code(() => parseJson(input(`[${at(1025)}]`))), "ENUMBER");
    assert.equal(
      code(() => parseJson(input(`[-1${"0".repeat(340)}.${"0".repeat(340)}e-${"9".repeat(341)}]`))),
      "ENUMBER",
    );
    assert.equal(
      code(() => parseJson(input(`[-1${"0".repeat(339)}.${"0".repeat(339)}e-${"9".repeat(340)}]`))),
      "ok",
    );
    // Long digit runs inside strings are not numbers.
    assert.deepEqual(parseJson(input(`["${"7".repeat(5000)}"]`)), ["7".repeat(5000)]);
  }
});

test("the exact parser slices strings correctly after a BOM and multi-byte characters, however split", () => {
  const text =
    '{"key": "some value here", "\u00e9\u4e2d": ["\u{1f600} long enough to slice", "tail value"]}';
  const want = JSON.parse(text);
  for (
    const bytes of [new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(text)]), enc.encode(text)]
  ) {
    assert.deepEqual(parseJson(bytes, { bigint: true }), want);
    for (let cut = 1; cut < bytes.length; cut++) {
      let got: unknown;
      const p = new JsonStreamParser({ onValue: (v) => void (got = v) });
      p.push(bytes.subarray(0, cut));
      p.push(bytes.subarray(cut));
      p.end();
      assert.deepEqual(got, want, `cut at ${cut}`);
    }
  }
});
