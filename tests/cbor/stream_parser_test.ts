import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CborError,
  type CborPath,
  CborSequenceDecoderStream,
  CborSequenceEncoderStream,
  type CborStreamEvent,
  CborStreamParser,
  type CborStreamParserOptions,
  CborSyntaxError,
  CborTag,
  decodeCbor,
  decodeCborSequence,
  encodeCbor,
  encodeCborSequence,
} from "../../cbor/mod.ts";
import { seededBytes } from "../_util.ts";
import { collect, streamOf, unhex } from "./_vectors.ts";

function run(bytes: Uint8Array, cuts: number[], options: CborStreamParserOptions = {}) {
  const events: CborStreamEvent[] = [];
  const values: [unknown, CborPath][] = [];
  const raws: [Uint8Array, CborPath][] = [];
  const p = new CborStreamParser({
    ...options,
    onEvent: (e) => events.push(e),
    onValue: (v, path) => values.push([v, path]),
    onRaw: (b, path) => raws.push([b, path]),
  });
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    p.push(bytes.slice(at, c));
    at = c;
  }
  p.end();
  return { events, values, raws, count: p.itemCount };
}

const sample = encodeCborSequence([
  { id: 1, payload: { sig: new Uint8Array([1, 2, 3]), list: [1, -2, 3.5, "x".repeat(300)] } },
  new Map<unknown, unknown>([[1, -7], [4, new Uint8Array(5000).fill(7)], ["k", [
    true,
    null,
    undefined,
  ]]]),
  new CborTag(1234, [1n << 70n, "ü水😀".repeat(40)]),
  [[], {}, "", new Uint8Array(0)],
]);
const indefinite = unhex("bf61619f0102ff6162bf6163f5ff61637f6161626263ff61645f4101420203ffff");

test("CborStreamParser gives identical events for every split of the input", () => {
  for (const bytes of [sample, indefinite]) {
    const whole = run(bytes, [], { stringChunkSize: 100, paths: ["$..sig", "$[4]", "$.c"] });
    assert.ok(whole.events.length > 20);
    for (let i = 1; i < bytes.length; i++) {
      assert.deepEqual(
        run(bytes, [i], { stringChunkSize: 100, paths: ["$..sig", "$[4]", "$.c"] }),
        whole,
        `split at ${i}`,
      );
    }
    const seed = seededBytes(7, 64);
    const cuts = [...seed].map((x, i) => Math.floor(((x + i * 256) * bytes.length) / (64 * 256)))
      .sort((a, b) => a - b);
    assert.deepEqual(
      run(bytes, cuts, { stringChunkSize: 100, paths: ["$..sig", "$[4]", "$.c"] }),
      whole,
    );
  }
});

test("CborStreamParser onRaw gives the exact encoded bytes and onValue the decoded value", () => {
  const r = run(sample, [5, 17], { paths: ["$.payload", "$[4]", "$[1]"] });
  const items = decodeCborSequence(sample, { mapsAsObjects: true });
  const first = items[0] as { payload: unknown };
  assert.deepEqual(r.values[0], [first.payload, ["payload"]]);
  assert.deepEqual(r.raws[0][0], encodeCbor(first.payload));
  assert.deepEqual(r.values.slice(1), [
    [-7, [1]],
    [new Uint8Array(5000).fill(7), [4]],
    ["ü水😀".repeat(40), [1]],
    [{}, [1]],
  ]);
  assert.equal(r.count, 4);
});

test("CborStreamParser matches $, $.*, $[n] and descendant patterns", () => {
  const bytes = encodeCbor({ a: [10, 20, 30], b: { c: { d: 1 } } });
  const pick = (paths: string[]) => run(bytes, [], { paths }).values.map(([v]) => v);
  assert.deepEqual(pick(["$"]), [{ a: [10, 20, 30], b: { c: { d: 1 } } }]);
  assert.deepEqual(pick(["$.*"]), [[10, 20, 30], { c: { d: 1 } }]);
  assert.deepEqual(pick(["$.a[2]"]), [30]);
  assert.deepEqual(pick(["$.a[*]"]), [10, 20, 30]);
  assert.deepEqual(pick(["$..d"]), [1]);
  assert.deepEqual(pick(['$["b"].c']), [{ d: 1 }]);
  assert.deepEqual(pick(["$.nope"]), []);
  assert.throws(() => new CborStreamParser({ paths: ["a.b"] }), SyntaxError);
});

test("CborStreamParser reports long strings in fixed chunks", () => {
  const text = "é".repeat(150); // 300 bytes
  const r = run(encodeCbor([text]), [7, 100], { stringChunkSize: 64 });
  const chunks = r.events.filter((e) => e.type === "chunk").map((e) =>
    (e as { data: string }).data
  );
  assert.equal(chunks.join(""), text);
  assert.equal(chunks.length, 5);
  assert.deepEqual(r.events[1], {
    type: "string",
    major: "text",
    length: 300,
    path: [0],
    offset: 1,
  });
});

test("CborStreamParser rejects every Appendix F example, at push() or end()", async () => {
  const { readFileSync } = await import("node:fs");
  const { testdataPath } = await import("../_util.ts");
  const F: { groups: { kind: string; hex: string[] }[] } = JSON.parse(
    readFileSync(testdataPath("cbor", "rfc8949_appendix_f.json"), "utf8"),
  );
  for (const g of F.groups) {
    if (g.kind === "trailing") continue;
    for (const h of g.hex) {
      for (const onEvent of [undefined, () => {}]) {
        const p = new CborStreamParser({ onEvent });
        assert.throws(
          () => {
            p.push(unhex(h));
            p.end();
          },
          // A stream cannot see that a 2^32-byte string is truncated: its limit fires first.
          (e) =>
            (e instanceof CborSyntaxError && e.kind === g.kind) ||
            (g.kind === "truncated" && /^[57][ab]/.test(h) && e instanceof CborError &&
              e.code === "ESTRING"),
          h,
        );
      }
    }
  }
});

test("CborStreamParser enforces limits without allocating", () => {
  const p = new CborStreamParser({ maxItems: 1000 });
  assert.throws(
    () => p.push(unhex("9b0000000100000000")),
    (e) => e instanceof CborError && e.code === "EITEMS",
  );
  assert.throws(() => p.push(unhex("00")), (e) => e instanceof CborError, "stays failed");
  const deep = new CborStreamParser({ maxDepth: 10 });
  assert.throws(
    () => deep.push(new Uint8Array(11).fill(0x81)),
    (e) => e instanceof CborError && e.code === "EDEPTH",
  );
  const str = new CborStreamParser({ maxStringBytes: 10 });
  assert.throws(() => str.push(unhex("4b")), (e) => e instanceof CborError && e.code === "ESTRING");
  const whole = new CborStreamParser({ maxBytes: 100, paths: ["$"], onRaw: () => {} });
  assert.throws(
    () => whole.push(encodeCbor(new Uint8Array(150))),
    (e) => e instanceof CborError && e.code === "ESIZE",
  );
  const size = new CborStreamParser({ maxBytes: 100 });
  assert.throws(() => size.push(new Uint8Array(200).fill(0x9f)), (e) => e instanceof CborError);
  // An unfinished 2^32-item array is fine until end().
  const open = new CborStreamParser();
  open.push(unhex("9a0000ffff01"));
  assert.throws(() => open.end(), (e) => e instanceof CborSyntaxError && e.kind === "truncated");
});

test("CborSequenceDecoderStream and CborSequenceEncoderStream round-trip a sequence", async () => {
  const values = [1, { a: [1, 2] }, "x", new Map([[1, 2]]), null];
  const encoded = await collect(
    streamOf<unknown>(values).pipeThrough(new CborSequenceEncoderStream()),
  );
  const bytes = new Uint8Array(encoded.flatMap((c) => [...c]));
  assert.deepEqual(bytes, encodeCborSequence(values));
  const chunks = [bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)];
  const decoded = await collect(
    streamOf(chunks).pipeThrough(new CborSequenceDecoderStream()),
  );
  assert.deepEqual(decoded, values);
  const raw = await collect(
    streamOf(chunks).pipeThrough(new CborSequenceDecoderStream({ raw: true })),
  );
  assert.deepEqual(raw.map((b) => decodeCbor(b as Uint8Array)), values);
});

test("CborSequenceDecoderStream errors when the input ends inside an item", async () => {
  await assert.rejects(
    collect(
      streamOf([unhex("0182")]).pipeThrough(new CborSequenceDecoderStream()),
    ),
    (e) => e instanceof CborSyntaxError && e.kind === "truncated",
  );
});

test("decodeCborSequence() decodes back-to-back items and reports offsets in the whole input", () => {
  assert.deepEqual(decodeCborSequence(new Uint8Array(0)), []);
  assert.deepEqual(decodeCborSequence(unhex("0102c1006161")), [1, 2, new Date(0), "a"]);
  assert.throws(
    () => decodeCborSequence(unhex("0102f81f")),
    (e) => e instanceof CborSyntaxError && e.kind === "simple" && e.offset === 2,
  );
});

test("CborStreamParser reports tags, indefinite strings, keys and ends with paths and offsets", () => {
  // 32([_ (_ h'0102', h'03'), (_ "a"), h'', {true: 1(0)}])
  const { events } = run(unhex("d8209f5f4201024103ff7f6161ff40a1f5c100ff"), [4, 11], {
    stringChunkSize: 2,
  });
  assert.deepEqual(events, [
    { type: "tag", tag: 32, path: [], offset: 0 },
    { type: "array", length: undefined, path: [], offset: 2 },
    { type: "string", major: "bytes", length: undefined, path: [0], offset: 3 },
    { type: "chunk", data: new Uint8Array([1, 2]), path: [0], offset: 4 },
    { type: "chunk", data: new Uint8Array([3]), path: [0], offset: 7 },
    { type: "end", of: "string", path: [0], offset: 10 },
    { type: "string", major: "text", length: undefined, path: [1], offset: 10 },
    { type: "chunk", data: "a", path: [1], offset: 11 },
    { type: "end", of: "string", path: [1], offset: 14 },
    { type: "value", value: new Uint8Array(0), path: [2], offset: 14 },
    { type: "map", length: 1, path: [3], offset: 15 },
    { type: "key", key: true, path: [3], offset: 16 },
    { type: "tag", tag: 1, path: [3, true], offset: 17 },
    { type: "value", value: 0, path: [3, true], offset: 18 },
    { type: "end", of: "tag", path: [3, true], offset: 19 },
    { type: "end", of: "map", path: [3], offset: 19 },
    { type: "end", of: "array", path: [], offset: 20 },
    { type: "end", of: "tag", path: [], offset: 20 },
  ]);
});
