import { test } from "node:test";
import assert from "node:assert/strict";
import {
  JsonError,
  type JsonEventKind,
  type JsonPath,
  JsonStreamParser,
  type JsonStreamParserOptions,
  JsonSyntaxError,
} from "../../json/mod.ts";

const enc = new TextEncoder();

const DOC = JSON.stringify({
  id: 0,
  items: [
    { id: 1, name: "a", tags: ["x"], sub: { id: 10 } },
    { id: 2, name: "b\u00e9", tags: [], sub: { id: 20, deep: [{ id: 21 }] } },
    { name: "c", big: "\u{1f600}".repeat(10) },
  ],
  "odd key": { "a.b": true },
});

function select(
  paths: string[],
  doc: string | Uint8Array,
  chunk = 0,
  extra: JsonStreamParserOptions = {},
) {
  const out: [JsonPath, unknown][] = [];
  const p = new JsonStreamParser({ ...extra, paths, onValue: (v, path) => out.push([path, v]) });
  const bytes = typeof doc === "string" ? enc.encode(doc) : doc;
  if (chunk === 0) p.push(bytes);
  else for (let i = 0; i < bytes.length; i += chunk) p.push(bytes.subarray(i, i + chunk));
  p.end();
  return out;
}

test("JsonStreamParser selects by $, $.a.b, [*], [n], $..id, $.* and quoted keys", () => {
  assert.deepEqual(select(["$"], DOC), [[[], JSON.parse(DOC)]]);
  assert.deepEqual(select(["$.items[*].name"], DOC), [
    [["items", 0, "name"], "a"],
    [["items", 1, "name"], "b\u00e9"],
    [["items", 2, "name"], "c"],
  ]);
  assert.deepEqual(select(["$.items[1].sub.id"], DOC), [[["items", 1, "sub", "id"], 20]]);
  assert.deepEqual(select(["$..id"], DOC).map(([p, v]) => [p.join("/"), v]), [
    ["id", 0],
    ["items/0/id", 1],
    ["items/0/sub/id", 10],
    ["items/1/id", 2],
    ["items/1/sub/id", 20],
    ["items/1/sub/deep/0/id", 21],
  ]);
  assert.deepEqual(select(["$.*"], DOC).map(([p]) => p), [["id"], ["items"], ["odd key"]]);
  assert.deepEqual(select(["$['odd key'][\"a.b\"]"], DOC), [[["odd key", "a.b"], true]]);
  assert.deepEqual(select(["$.items[*].tags[0]", "$.id"], DOC), [[["id"], 0], [[
    "items",
    0,
    "tags",
    0,
  ], "x"]]);
  assert.deepEqual(select(["$.nothing", "$.items[7]"], DOC), []);
});

test("JsonStreamParser delivers nested matches before the value containing them", () => {
  const out = select(["$..a"], '{"a": {"a": 1}, "b": [{"a": [2]}]}');
  assert.deepEqual(out, [[["a", "a"], 1], [["a"], { a: 1 }], [["b", 0, "a"], [2]]]);
});

test("JsonStreamParser results do not depend on how the input is split", () => {
  const bytes = enc.encode(DOC);
  for (const paths of [["$"], ["$..id"], ["$.items[*]"], ["$.items[2].big"]]) {
    const whole = select(paths, bytes);
    for (const chunk of [1, 2, 3, 7, 64]) assert.deepEqual(select(paths, bytes, chunk), whole);
  }
});

test("JsonStreamParser validates skipped subtrees too", () => {
  for (
    const bad of [
      '{"a": [1, 2,], "b": 1}',
      '{"a": "\\x", "b": 1}',
      '{"a": {"c" 1}, "b": 1}',
      '{"a": [01], "b": 1}',
    ]
  ) {
    assert.throws(() => select(["$.b"], bad), JsonSyntaxError, bad);
    assert.throws(() => select(["$.b"], bad, 1), JsonSyntaxError, bad);
  }
  const badUtf8 = new Uint8Array([
    ...enc.encode('{"a": "'),
    0xc3,
    0x28,
    ...enc.encode('", "b": 1}'),
  ]);
  assert.throws(() => select(["$.b"], badUtf8, 1), JsonSyntaxError);
});

test("JsonStreamParser validates UTF-8 split across chunk boundaries", () => {
  const text = '["\u00e9\u4e2d\u{1f600}"]';
  const bytes = enc.encode(text);
  for (let cut = 1; cut < bytes.length; cut++) {
    const out: unknown[] = [];
    const p = new JsonStreamParser({ onValue: (v) => out.push(v) });
    p.push(bytes.subarray(0, cut));
    p.push(bytes.subarray(cut));
    p.end();
    assert.deepEqual(out, [["\u00e9\u4e2d\u{1f600}"]]);
  }
  // An overlong or surrogate encoding is rejected wherever it is split.
  for (const seq of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
    const b = new Uint8Array([0x22, ...seq, 0x22]);
    for (let cut = 1; cut < b.length; cut++) {
      const p = new JsonStreamParser({});
      assert.throws(() => {
        p.push(b.subarray(0, cut));
        p.push(b.subarray(cut));
        p.end();
      }, JsonSyntaxError);
    }
  }
});

test("JsonStreamParser joins surrogate pairs split between text chunks", () => {
  const out: unknown[] = [];
  const p = new JsonStreamParser({ onValue: (v) => out.push(v) });
  const s = '"\u{1f600}"';
  p.push(s.slice(0, 2));
  p.push(s.slice(2));
  p.end();
  assert.deepEqual(out, ["\u{1f600}"]);
});

test("JsonStreamParser SAX events describe every token", () => {
  const events: string[] = [];
  const p = new JsonStreamParser({
    onEvent: (kind: JsonEventKind, value) =>
      events.push(value === undefined ? kind : `${kind}=${JSON.stringify(value)}`),
  });
  p.push('{"a": [1, "x", null], "b": {}}');
  p.end();
  assert.deepEqual(events, [
    "startObject",
    'key="a"',
    "startArray",
    "scalar=1",
    'scalar="x"',
    "scalar=null",
    "endArray",
    'key="b"',
    "startObject",
    "endObject",
    "endObject",
  ]);
});

test("JsonStreamParser delivers long strings in chunks without building them", () => {
  const big = "QUJD".repeat(50_000) + "\u00e9\\n";
  const doc = `{"name": "f", "data": "${big}", "after": 1}`;
  const bytes = enc.encode(doc);
  const pieces: string[] = [];
  let done = 0;
  const values: unknown[] = [];
  const p = new JsonStreamParser({
    paths: ["$.after", "$.name"],
    stringChunkPaths: ["$.data"],
    stringChunkBytes: 4096,
    maxStringBytes: 1000, // does not apply to chunked strings
    onStringChunk: (chunk, path, last) => {
      assert.deepEqual(path, ["data"]);
      pieces.push(chunk);
      if (last) done++;
    },
    onValue: (v) => values.push(v),
  });
  for (let i = 0; i < bytes.length; i += 1000) p.push(bytes.subarray(i, i + 1000));
  p.end();
  assert.equal(done, 1);
  assert.ok(pieces.length > 10);
  assert.ok(pieces.slice(0, -1).every((s) => s.length >= 4096 && s.length < 6000));
  assert.equal(pieces.join(""), "QUJD".repeat(50_000) + "\u00e9\n");
  assert.deepEqual(values, ["f", 1]);
});

test("JsonStreamParser reads NDJSON, concatenated JSON and RFC 7464 sequences", () => {
  const run = (
    framing: JsonStreamParserOptions["framing"],
    text: string | Uint8Array,
    chunk = 0,
  ) => {
    const out: [unknown, number][] = [];
    const p = new JsonStreamParser({ framing, onValue: (v, _p, i) => out.push([v, i]) });
    const bytes = typeof text === "string" ? enc.encode(text) : text;
    if (chunk) {
      for (let i = 0; i < bytes.length; i += chunk) {
        p.push(bytes.subarray(i, i + chunk));
      }
    } else p.push(bytes);
    p.end();
    return out;
  };
  for (const chunk of [0, 1]) {
    assert.deepEqual(run("lines", '{"a":1}\n\n[2]\r\n3\n"x"', chunk), [[{ a: 1 }, 0], [[2], 1], [
      3,
      2,
    ], ["x", 3]]);
    assert.deepEqual(run("concatenated", '{"a":1}{"b":2} 3 [4]"s"true', chunk).map((x) => x[0]), [
      { a: 1 },
      { b: 2 },
      3,
      [4],
      "s",
      true,
    ]);
    assert.deepEqual(run("sequence", '\x1e{"a":1}\n\x1e[2]\n\x1e\x1e3\n', chunk).map((x) => x[0]), [
      { a: 1 },
      [2],
      3,
    ]);
  }
  assert.deepEqual(run("lines", ""), []);
  assert.throws(() => run("lines", '{"a":\n1}'), JsonSyntaxError);
  assert.throws(() => run("lines", "1 2\n"), JsonSyntaxError);
  assert.throws(() => run("concatenated", "truefalse"), JsonSyntaxError);
  assert.throws(() => run("sequence", "1\n"), JsonSyntaxError);
  assert.throws(() => run("single", "1 2"), JsonSyntaxError);
});

test("JsonStreamParser limits: depth, matched value size, keys, and a poisoned parser keeps failing", () => {
  const p = new JsonStreamParser({ paths: ["$.x"] });
  assert.throws(
    () => p.push("[".repeat(100_000)),
    (e) => e instanceof JsonError && e.code === "EDEPTH",
  );
  assert.throws(() => p.push("]"), (e) => e instanceof JsonError && e.code === "EDEPTH");
  const q = new JsonStreamParser({ paths: ["$.a"], maxValueBytes: 100, onValue: () => {} });
  q.push('{"b": [' + "1,".repeat(200) + '1], "a": [');
  assert.throws(
    () => q.push("1,".repeat(100)),
    (e) => e instanceof JsonError && e.code === "ESIZE",
  );
  assert.throws(
    () => select(["$.x"], '{"a":{"k1":1,"k2":2,"k3":3}}', 0, { maxKeys: 2 }),
    (e) => e instanceof JsonError && e.code === "EKEYS",
  );
  assert.throws(
    () => select(["$.x"], '{"a":"abcdef"}', 2, { maxStringBytes: 4 }),
    (e) => e instanceof JsonError && e.code === "ESTRING",
  );
  assert.throws(
    () => select(["$.x"], "[1e999]", 1),
    (e) => e instanceof JsonError && e.code === "ERANGE",
  );
  assert.throws(
    () => select(["$.x"], "[1, 2, 3]", 1, { maxBytes: 4 }),
    (e) => e instanceof JsonError && e.code === "ESIZE",
  );
});

test("JsonStreamParser rejects bad patterns and options as caller errors", () => {
  for (const bad of ["items", "$.", "$[x]", "$[1", "$..", "$['a"]) {
    assert.throws(() => new JsonStreamParser({ paths: [bad] }), TypeError, bad);
  }
  assert.throws(() => new JsonStreamParser({ framing: "xml" as "lines" }), TypeError);
  assert.throws(() => new JsonStreamParser({ stringChunkPaths: ["$.a"] }), TypeError);
  assert.throws(() => new JsonStreamParser({ maxDepth: 1.5 }), RangeError);
  const p = new JsonStreamParser({});
  p.push("1");
  p.end();
  assert.throws(() => p.push("2"), TypeError);
});

test("JsonStreamParser end() reports truncated input", () => {
  for (const text of ['{"a": 1', "[1, 2", '"abc', "tru", "-", "1.", "1e", "", "  "]) {
    const p = new JsonStreamParser({});
    p.push(text);
    assert.throws(() => p.end(), JsonSyntaxError, JSON.stringify(text));
  }
  const p = new JsonStreamParser({ onValue: (v) => assert.equal(v, 12.5e3) });
  p.push("12.5e");
  p.push("3");
  p.end();
});

test("JsonStreamParser maps matched values through a schema, naming the path on failure", () => {
  const schema = {
    type: "object",
    fields: { id: { type: "integer" }, name: { type: "string", default: "?" } },
  } as const;
  const out = select(["$.items[*]"], '{"items": [{"id": 1}, {"id": 2, "name": "b"}]}', 0, {
    schema,
  });
  assert.deepEqual(out.map((x) => x[1]), [{ id: 1, name: "?" }, { id: 2, name: "b" }]);
  assert.throws(
    () => select(["$.items[*]"], '{"items": [{"id": 1}, {"id": "2"}]}', 0, { schema }),
    (e) => e instanceof JsonError && e.code === "ESCHEMA" && /\$\.items\[1\]\.id/.test(e.message),
  );
});

type RefStep = { key?: string; index?: number; wild?: boolean; desc?: boolean };

function refMatch(steps: RefStep[], i: number, path: JsonPath, j: number): boolean {
  if (i === steps.length) return j === path.length;
  const st = steps[i];
  const hit = (seg: string | number) =>
    st.wild === true || (st.key !== undefined ? seg === st.key : seg === st.index);
  if (!st.desc) return j < path.length && hit(path[j]) && refMatch(steps, i + 1, path, j + 1);
  for (let k = j; k < path.length; k++) {
    if (hit(path[k]) && refMatch(steps, i + 1, path, k + 1)) return true;
  }
  return false;
}

/** Reference selection: post-order, document order, over a parsed value. */
function refSelect(value: unknown, patterns: RefStep[][]): [JsonPath, unknown][] {
  const out: [JsonPath, unknown][] = [];
  const walk = (v: unknown, path: JsonPath) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (typeof v === "object" && v !== null) {
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    }
    if (patterns.some((p) => refMatch(p, 0, path, 0))) out.push([path, v]);
  };
  walk(value, []);
  return out;
}

test("JsonStreamParser agrees with a reference matcher on generated documents split at random", () => {
  const cases: [string, RefStep[]][] = [
    ["$", []],
    ["$.k1", [{ key: "k1" }]],
    ["$..k2", [{ key: "k2", desc: true }]],
    ["$.*", [{ wild: true }]],
    ["$[*].k0", [{ wild: true }, { key: "k0" }]],
    ["$..[1]", [{ index: 1, desc: true }]],
    ["$.k3..*", [{ key: "k3" }, { wild: true, desc: true }]],
  ];
  let rnd = 12345;
  const next = (n: number) => {
    rnd = (rnd * 1103515245 + 12345) >>> 0;
    return (rnd >>> 8) % n;
  };
  const gen = (depth: number): unknown => {
    const t = next(depth > 3 ? 4 : 6);
    if (t === 0) return next(1000) - 500 + (next(2) ? 0.25 : 0);
    if (t === 1) return ["x", "\u00e9\u{1f600}", "", 'q"\\', "a longer \u00e9 value"][next(5)];
    if (t === 2) return [true, false, null][next(3)];
    if (t === 3) return next(100);
    if (t === 4) return Array.from({ length: next(4) }, () => gen(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = next(5); i > 0; i--) o["k" + next(5)] = gen(depth + 1);
    return o;
  };
  for (let n = 0; n < 300; n++) {
    const value = gen(0);
    const text = JSON.stringify(value);
    const bytes = enc.encode(text);
    for (const [pattern, steps] of cases) {
      const want = refSelect(value, [steps]);
      const out: [JsonPath, unknown][] = [];
      const p = new JsonStreamParser({
        paths: [pattern],
        onValue: (v, path) => out.push([path, v]),
      });
      for (let i = 0; i < bytes.length;) {
        const len = 1 + next(9);
        p.push(bytes.subarray(i, i + len));
        i += len;
      }
      p.end();
      assert.deepEqual(out, want, `${pattern} on ${text}`);
    }
  }
});

test("JsonStreamParser rejects raw lone surrogates in text chunks unless replacing", () => {
  const p = new JsonStreamParser({});
  p.push('["ab');
  assert.throws(() => p.push('\udc00"]'), (e) => e instanceof JsonSyntaxError && e.offset === 4);
  const q = new JsonStreamParser({});
  q.push('["\ud800');
  assert.throws(() => q.end(), JsonSyntaxError);
  const out: unknown[] = [];
  const r = new JsonStreamParser({ loneSurrogates: "replace", onValue: (v) => out.push(v) });
  r.push('["\ud800');
  r.push('x"]');
  r.end();
  assert.deepEqual(out, [["\ufffdx"]]);
});
