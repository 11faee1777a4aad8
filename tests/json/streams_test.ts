import { test } from "node:test";
import assert from "node:assert/strict";
import { JsonParseStream, JsonSyntaxError, readJsonValues } from "../../json/mod.ts";

const enc = new TextEncoder();

function bytesStream(text: string, chunk: number): ReadableStream<Uint8Array> {
  const bytes = enc.encode(text);
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) c.close();
      else {
        c.enqueue(bytes.slice(at, at + chunk));
        at += chunk;
      }
    },
  });
}

test("JsonParseStream turns byte chunks into matches with paths", async () => {
  const out = [];
  const doc = '{"items": [{"id": 1, "x": [1,2]}, {"id": "\u00e9"}]}';
  for await (
    const m of bytesStream(doc, 3).pipeThrough(new JsonParseStream({ paths: ["$.items[*].id"] }))
  ) {
    out.push(m);
  }
  assert.deepEqual(out, [
    { path: ["items", 0, "id"], value: 1, index: 0 },
    { path: ["items", 1, "id"], value: "\u00e9", index: 0 },
  ]);
});

test("JsonParseStream errors the stream on malformed input", async () => {
  const s = bytesStream('{"a": [1, 2,]}', 4).pipeThrough(new JsonParseStream());
  await assert.rejects(async () => {
    for await (const _ of s) { /* drain */ }
  }, JsonSyntaxError);
});

test("readJsonValues() reads from a Response, a ReadableStream and an iterable", async () => {
  const collect = async (src: Parameters<typeof readJsonValues>[0], opts = {}) => {
    const out = [];
    for await (const m of readJsonValues(src, opts)) out.push(m.value);
    return out;
  };
  assert.deepEqual(await collect(new Response('[{"a":1},{"a":2}]'), { paths: ["$[*].a"] }), [1, 2]);
  assert.deepEqual(await collect(bytesStream('{"a":1}\n{"a":2}\n', 5), { framing: "lines" }), [{
    a: 1,
  }, { a: 2 }]);
  assert.deepEqual(await collect(["[1,", "2]"]), [[1, 2]]);
  assert.deepEqual(await collect(new Response(null), { framing: "lines" }), []);
  await assert.rejects(() => collect(new Response("[1,")), JsonSyntaxError);
});

test("readJsonValues() cancels the source when the consumer stops early", async () => {
  let cancelled = false;
  let pulls = 0;
  const src = new ReadableStream<Uint8Array>({
    pull(c) {
      pulls++;
      c.enqueue(enc.encode(pulls === 1 ? "[1" : ",1"));
      if (pulls > 1000) c.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  for await (const m of readJsonValues(src, { paths: ["$[*]"] })) {
    assert.equal(m.value, 1);
    break;
  }
  assert.ok(cancelled);
  assert.ok(pulls < 1000);
});
