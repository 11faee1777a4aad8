import { test } from "node:test";
import assert from "node:assert/strict";
import { JsonError, JsonStringifyStream, parseJson, stringifyJson } from "../../json/mod.ts";

test("stringifyJson() matches JSON.stringify for ordinary values", () => {
  const values: unknown[] = [
    null,
    true,
    0,
    -1.5e-7,
    'a"b\\c\n\u0001\u2028',
    [1, "x", [], {}],
    { a: { b: [null, false] }, "k\u00e9y": 1, u: undefined, f: () => 1 },
    [undefined, () => 1],
    new Date(0),
  ];
  for (const v of values) {
    assert.equal(stringifyJson(v), JSON.stringify(v));
    assert.equal(stringifyJson(v, { indent: 2 }), JSON.stringify(v, null, 2));
    assert.equal(stringifyJson(v, { indent: "\t" }), JSON.stringify(v, null, "\t"));
  }
});

test("stringifyJson() escapes lone surrogates and keeps pairs", () => {
  assert.equal(stringifyJson("\ud800"), '"\\ud800"');
  assert.equal(stringifyJson("a\udc00b"), '"a\\udc00b"');
  assert.equal(stringifyJson("\u{1f600}"), '"\u{1f600}"');
  assert.equal(parseJson(stringifyJson("\ud800"), { loneSurrogates: "replace" }), "\ufffd");
});

test("stringifyJson() refuses what JSON cannot hold", () => {
  assert.throws(() => stringifyJson(NaN), TypeError);
  assert.throws(() => stringifyJson([Infinity]), TypeError);
  assert.throws(() => stringifyJson(undefined), TypeError);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => stringifyJson(cyclic), TypeError);
  const shared = { x: 1 };
  assert.equal(stringifyJson([shared, shared]), '[{"x":1},{"x":1}]');
  assert.equal(stringifyJson(2n ** 70n), "1180591620717411303424");
});

test("stringifyJson() is iterative: deep values give EDEPTH or succeed, never a stack overflow", () => {
  let deep: unknown = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.throws(() => stringifyJson(deep), (e) => e instanceof JsonError && e.code === "EDEPTH");
  const text = stringifyJson(deep, { maxDepth: 200_000 });
  assert.equal(text.length, 2 * 100_001);
});

test("stringifyJson() canonical form follows RFC 8785", () => {
  // RFC 8785 section 3.2.3 sorting example (keys by UTF-16 code units).
  const sorted = {
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\u{1f600}": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis",
  };
  const out = stringifyJson(sorted, { canonical: true });
  const keys = [...out.matchAll(/"([^"]*)":/g)].map((m) => m[1]);
  assert.deepEqual(keys, ["\\r", "1", "\u0080", "\u00f6", "\u20ac", "\u{1f600}", "\ufb33"]);
  // RFC 8785 section 3.2.2 example, numbers and literals.
  const v = {
    numbers: [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001],
    string: '\u20ac$\u000f\nA\'B"\\\\"/',
    literals: [null, true, false],
  };
  assert.equal(
    stringifyJson(v, { canonical: true }),
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
      '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  );
  assert.equal(stringifyJson(-0, { canonical: true }), "0");
  assert.throws(() => stringifyJson("\ud800", { canonical: true }), TypeError);
  assert.throws(() => stringifyJson(1n, { canonical: true }), TypeError);
  assert.throws(() => stringifyJson({}, { canonical: true, indent: 2 }), TypeError);
});

test("JsonStringifyStream writes incrementally, compact and pretty, and catches misuse", () => {
  const chunks: string[] = [];
  const w = new JsonStringifyStream({ write: (t) => chunks.push(t) });
  w.startObject().key("a").value([1, { b: 2 }]).key("list").startArray();
  for (let i = 0; i < 3; i++) w.value(i);
  w.startObject().end().end().key("s").value("\ud800").end().close();
  const text = chunks.join("");
  assert.equal(text, '{"a":[1,{"b":2}],"list":[0,1,2,{}],"s":"\\ud800"}');
  assert.ok(chunks.length > 5);

  const v = { a: [1, { b: [] }], c: {}, d: "x" };
  const p = new JsonStringifyStream({ indent: 2 });
  p.startObject().key("a").startArray().value(1).startObject().key("b").value([]).end().end();
  p.key("c").startObject().end().key("d").value("x").end().close();
  assert.equal(p.take(), JSON.stringify(v, null, 2));

  const m = new JsonStringifyStream();
  assert.throws(() => m.key("x"), TypeError);
  m.startObject();
  assert.throws(() => m.value(1), TypeError);
  m.key("k");
  assert.throws(() => m.key("k2"), TypeError);
  assert.throws(() => m.end(), TypeError);
  m.value(1);
  assert.throws(() => m.close(), TypeError);
  m.end();
  assert.throws(() => m.value(2), TypeError);
  m.close();
  assert.throws(() => m.value(3), TypeError);
});

test("stringifyJson() output parses back to the same value", () => {
  const v = {
    s: "\u0000\u001f\u007f\u00e9\u{1f600}",
    n: [0, -0.5, 1e300, 5e-324],
    nested: [[[{}]]],
  };
  assert.deepEqual(parseJson(stringifyJson(v)), v);
  assert.deepEqual(parseJson(stringifyJson(v, { indent: 4 })), v);
  assert.deepEqual(parseJson(stringifyJson(v, { canonical: true })), v);
});
