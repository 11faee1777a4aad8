import { test } from "node:test";
import assert from "node:assert/strict";
import { JsonError, JsonStreamParser, JsonSyntaxError, parseJson } from "../../json/mod.ts";
import { seededBytes } from "../_util.ts";

const enc = new TextEncoder();
const BASE = enc.encode(
  '{"a": [1, -2.5e3, true, null, "x\\u00e9\\n\\ud83d\\ude00"], "b": {"c": "\u4e2d\u{1f600}", "d": []}, "e": 0}',
);

function expectJsonOutcome(fn: () => unknown, label: string): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    assert.ok(e instanceof JsonSyntaxError || e instanceof JsonError, `${label}: ${String(e)}`);
    return false;
  }
}

test("mutated documents only ever give a value, JsonSyntaxError or JsonError, the same on every path", () => {
  const noise = seededBytes(99, 20000);
  let k = 0;
  let rejected = 0;
  for (let round = 0; round < 600; round++) {
    const doc = BASE.slice();
    const edits = 1 + (noise[k++ % noise.length] % 3);
    for (let e = 0; e < edits; e++) {
      const at = noise[k++ % noise.length] % doc.length;
      doc[at] = noise[k++ % noise.length];
    }
    const label = Array.from(doc, (b) => b.toString(16)).join(" ");
    let whole: unknown = undefined;
    const okWhole = expectJsonOutcome(() => (whole = parseJson(doc)), label);
    let streamed: unknown = undefined;
    const okStream = expectJsonOutcome(() => {
      const p = new JsonStreamParser({ paths: ["$"], onValue: (v) => void (streamed = v) });
      for (let i = 0; i < doc.length; i += 5) p.push(doc.subarray(i, i + 5));
      p.end();
    }, label);
    const okSkip = expectJsonOutcome(() => {
      const p = new JsonStreamParser({ paths: ["$..zz"], onValue: () => {} });
      for (let i = 0; i < doc.length; i += 3) p.push(doc.subarray(i, i + 3));
      p.end();
    }, label);
    assert.equal(okStream, okWhole, label);
    assert.equal(okSkip, okWhole, label);
    if (okWhole) assert.deepEqual(streamed, whole, label);
    else rejected++;
  }
  assert.ok(rejected > 300, `only ${rejected} mutations were rejected`);
});

test("random bytes never crash or hang the parsers", () => {
  const bytes = seededBytes(7, 64 * 1024);
  for (let i = 0; i < bytes.length; i += 512) {
    const piece = bytes.subarray(i, i + 512);
    expectJsonOutcome(() => parseJson(piece), `piece ${i}`);
    expectJsonOutcome(() => {
      const p = new JsonStreamParser({
        framing: "concatenated",
        paths: ["$..*"],
        onValue: () => {},
      });
      p.push(piece);
      p.end();
    }, `piece ${i}`);
  }
});
