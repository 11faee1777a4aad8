// RFC 8949 Appendix A (examples) and Appendix F (not well-formed) against
// decodeCbor, encodeCbor and diagnoseCbor.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  CborError,
  CborSyntaxError,
  decodeCbor,
  diagnoseCbor,
  type DiagnoseCborOptions,
  encodeCbor,
  type EncodeCborOptions,
} from "../../cbor/mod.ts";
import { testdataPath } from "../_util.ts";
import { hex, revive, unhex } from "./_vectors.ts";

interface VectorA {
  diagnostic: string;
  hex: string;
  value: unknown;
  preferred: boolean;
  encodeOptions?: EncodeCborOptions;
  diagnoseOptions?: DiagnoseCborOptions;
}
const A: { vectors: VectorA[] } = JSON.parse(
  readFileSync(testdataPath("cbor", "rfc8949_appendix_a.json"), "utf8"),
);
const F: { groups: { group: string; kind: string; hex: string[] }[] } = JSON.parse(
  readFileSync(testdataPath("cbor", "rfc8949_appendix_f.json"), "utf8"),
);

test("the Appendix A data set has every example of RFC 8949 Table 6", () => {
  assert.equal(A.vectors.length, 81);
  assert.equal(F.groups.reduce((n, g) => n + g.hex.length, 0), 94);
});

test("decodeCbor() decodes every RFC 8949 Appendix A example to the listed value", () => {
  for (const v of A.vectors) {
    const got = decodeCbor(unhex(v.hex), { mapsAsObjects: false });
    assert.deepEqual(got, revive(v.value), `${v.hex} (${v.diagnostic})`);
  }
});

test("decodeCbor() gives plain objects for text-keyed maps of Appendix A by default", () => {
  assert.deepEqual(decodeCbor(unhex("a26161016162820203")), { a: 1, b: [2, 3] });
  assert.deepEqual(decodeCbor(unhex("bf6346756ef563416d7421ff")), { Fun: true, Amt: -2 });
  assert.deepEqual(decodeCbor(unhex("a201020304")), new Map([[1, 2], [3, 4]]));
});

test("diagnoseCbor() gives the diagnostic notation RFC 8949 Appendix A lists", () => {
  for (const v of A.vectors) {
    assert.equal(diagnoseCbor(unhex(v.hex), v.diagnoseOptions), v.diagnostic, v.hex);
  }
});

test("encodeCbor() re-encodes every preferred Appendix A example to the same bytes", () => {
  let n = 0;
  const integralFloats: string[] = [];
  for (const v of A.vectors) {
    if (!v.preferred) continue;
    const value = decodeCbor(unhex(v.hex), { mapsAsObjects: false });
    if (/^f[9ab]/.test(v.hex) && Number.isSafeInteger(value) && !Object.is(value, -0)) {
      // A JavaScript number cannot tell 1.0 from 1: these come back as integers.
      integralFloats.push(v.diagnostic);
      assert.equal(hex(encodeCbor(value)), hex(encodeCbor(Number(v.diagnostic))));
      continue;
    }
    assert.equal(hex(encodeCbor(value, v.encodeOptions)), v.hex, v.diagnostic);
    assert.equal(
      hex(encodeCbor(value, { ...v.encodeOptions, deterministic: true })),
      v.hex,
      v.diagnostic,
    );
    n++;
  }
  assert.deepEqual(integralFloats, ["0.0", "1.0", "65504.0", "100000.0", "-4.0"]);
  assert.equal(n, 59);
});

test("encodeCbor() writes the non-preferred Appendix A floats and indefinite items in preferred form", () => {
  for (const v of A.vectors) {
    if (v.preferred) continue;
    const value = decodeCbor(unhex(v.hex), { mapsAsObjects: false });
    const again = encodeCbor(value);
    assert.ok(again.length <= v.hex.length / 2, v.diagnostic);
    assert.deepEqual(decodeCbor(again, { mapsAsObjects: false }), value);
  }
});

test("decodeCbor() rejects every RFC 8949 Appendix F not-well-formed example with the right kind", () => {
  for (const g of F.groups) {
    for (const h of g.hex) {
      assert.throws(
        () => decodeCbor(unhex(h)),
        (e) => e instanceof CborSyntaxError && e.kind === g.kind && e.offset <= h.length / 2,
        `${h} (${g.group})`,
      );
      assert.throws(
        () => decodeCbor(unhex(h), { mapsAsObjects: false, strictUtf8: true }),
        (e) => e instanceof CborSyntaxError && e.kind === g.kind,
        `${h} (${g.group}, strict path)`,
      );
    }
  }
});

test("diagnoseCbor() rejects every Appendix F example", () => {
  for (const g of F.groups) {
    for (const h of g.hex) {
      assert.throws(() => diagnoseCbor(unhex(h)), (e) => e instanceof CborSyntaxError, h);
    }
  }
});

test("decodeCbor() rejects trailing bytes after a complete item", () => {
  assert.throws(
    () => decodeCbor(unhex("0102")),
    (e) => e instanceof CborSyntaxError && e.kind === "trailing" && e.offset === 1,
  );
  assert.throws(
    () => decodeCbor(unhex("a1616101ff")),
    (e) => e instanceof CborSyntaxError && e.kind === "trailing" && e.offset === 4,
  );
});

test("decodeCbor() fails fast on a 9-byte input claiming an array of 2^32 items", () => {
  const t0 = Date.now();
  assert.throws(
    () => decodeCbor(unhex("9b0000000100000000")),
    (e) => e instanceof CborSyntaxError && e.kind === "truncated" && e.offset === 9,
  );
  assert.throws(
    () => decodeCbor(unhex("9a7fffffff"), { maxItems: 10 }),
    (e) => e instanceof CborSyntaxError && e.kind === "truncated",
  );
  assert.throws(
    () => decodeCbor(unhex("9a0000000b" + "00".repeat(11)), { maxItems: 10 }),
    (e) => e instanceof CborError && e.code === "EITEMS",
  );
  assert.ok(Date.now() - t0 < 5000);
});
