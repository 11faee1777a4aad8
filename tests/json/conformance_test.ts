import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { JsonError, JsonStreamParser, JsonSyntaxError, parseJson } from "../../json/mod.ts";
import { parseExact } from "../../json/_parse.ts";
import { resolveOptions } from "../../json/_options.ts";
import { repoRoot, sharedDir } from "../_util.ts";

const dir = join(sharedDir, "conformance", "JSONTestSuite", "test_parsing");
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

/** The documented decision for every i_ case (json/README.md has the same table). */
const I_DECISIONS: Record<string, "accept" | "ERANGE" | "syntax"> = {
  "i_number_double_huge_neg_exp.json": "accept",
  "i_number_huge_exp.json": "ERANGE",
  "i_number_neg_int_huge_exp.json": "ERANGE",
  "i_number_pos_double_huge_exp.json": "ERANGE",
  "i_number_real_neg_overflow.json": "ERANGE",
  "i_number_real_pos_overflow.json": "ERANGE",
  "i_number_real_underflow.json": "accept",
  "i_number_too_big_neg_int.json": "accept",
  "i_number_too_big_pos_int.json": "accept",
  "i_number_very_big_negative_int.json": "accept",
  "i_object_key_lone_2nd_surrogate.json": "syntax",
  "i_string_1st_surrogate_but_2nd_missing.json": "syntax",
  "i_string_1st_valid_surrogate_2nd_invalid.json": "syntax",
  "i_string_UTF-16LE_with_BOM.json": "syntax",
  "i_string_UTF-8_invalid_sequence.json": "syntax",
  "i_string_UTF8_surrogate_U+D800.json": "syntax",
  "i_string_incomplete_surrogate_and_escape_valid.json": "syntax",
  "i_string_incomplete_surrogate_pair.json": "syntax",
  "i_string_incomplete_surrogates_escape_valid.json": "syntax",
  "i_string_invalid_lonely_surrogate.json": "syntax",
  "i_string_invalid_surrogate.json": "syntax",
  "i_string_invalid_utf-8.json": "syntax",
  "i_string_inverted_surrogates_U+1D11E.json": "syntax",
  "i_string_iso_latin_1.json": "syntax",
  "i_string_lone_second_surrogate.json": "syntax",
  "i_string_lone_utf8_continuation_byte.json": "syntax",
  "i_string_not_in_unicode_range.json": "syntax",
  "i_string_overlong_sequence_2_bytes.json": "syntax",
  "i_string_overlong_sequence_6_bytes.json": "syntax",
  "i_string_overlong_sequence_6_bytes_null.json": "syntax",
  "i_string_truncated-utf-8.json": "syntax",
  "i_string_utf16BE_no_BOM.json": "syntax",
  "i_string_utf16LE_no_BOM.json": "syntax",
  "i_structure_500_nested_arrays.json": "accept",
  "i_structure_UTF-8_BOM_empty_object.json": "accept",
};

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function outcome(fn: () => unknown): Outcome {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

function describe(o: Outcome): string {
  if (o.ok) return "accepted";
  const e = o.error as Error & { code?: string; offset?: number };
  return `${e.name} ${e.code ?? ""} @${e.offset}: ${e.message}`;
}

function streamWhole(bytes: Uint8Array): unknown {
  let v: unknown;
  const p = new JsonStreamParser({ onValue: (x) => void (v = x) });
  p.push(bytes);
  p.end();
  return v;
}

function streamBytewise(bytes: Uint8Array): unknown {
  let v: unknown;
  const p = new JsonStreamParser({ onValue: (x) => void (v = x) });
  for (let i = 0; i < bytes.length; i++) p.push(bytes.subarray(i, i + 1));
  p.end();
  return v;
}

function streamSkipping(bytes: Uint8Array): unknown {
  const p = new JsonStreamParser({ paths: ["$.no.such[0]"], onValue: () => {} });
  for (let i = 0; i < bytes.length; i += 3) p.push(bytes.subarray(i, i + 3));
  p.end();
  return undefined;
}

test("JSONTestSuite has the expected corpus", () => {
  assert.equal(files.filter((f) => f.startsWith("y_")).length, 95);
  assert.equal(files.filter((f) => f.startsWith("n_")).length, 188);
  assert.deepEqual(files.filter((f) => f.startsWith("i_")), Object.keys(I_DECISIONS).sort());
});

for (const f of files) {
  const kind = f.slice(0, 2);
  test(`JSONTestSuite ${f}: ${kind === "y_" ? "accepted" : kind === "n_" ? "rejected" : "as documented"}, same by every path`, () => {
    const bytes = new Uint8Array(readFileSync(join(dir, f)));
    const whole = outcome(() => parseJson(bytes));
    const exact = outcome(() => parseExact(bytes, resolveOptions({}, 1 << 30)));
    const wholeStream = outcome(() => streamWhole(bytes));
    const bytewise = outcome(() => streamBytewise(bytes));
    const skipping = outcome(() => streamSkipping(bytes));
    if (kind === "y_") assert.ok(whole.ok, describe(whole));
    else if (kind === "n_") assert.ok(!whole.ok, "accepted an n_ case");
    else {
      const want = I_DECISIONS[f];
      if (want === "accept") assert.ok(whole.ok, describe(whole));
      else if (want === "ERANGE") {
        assert.ok(
          !whole.ok && whole.error instanceof JsonError && whole.error.code === "ERANGE",
          describe(whole),
        );
      } else assert.ok(!whole.ok && whole.error instanceof JsonSyntaxError, describe(whole));
    }
    if (!whole.ok) {
      assert.ok(
        whole.error instanceof JsonSyntaxError || whole.error instanceof JsonError,
        describe(whole),
      );
    }
    // The native fast path, the exact parser, and the streaming parser fed
    // whole, byte by byte, or skipping everything, all agree.
    for (const other of [exact, wholeStream, bytewise]) {
      assert.equal(describe(other), describe(whole));
      if (whole.ok && other.ok) assert.deepEqual(other.value, whole.value);
    }
    assert.equal(skipping.ok, whole.ok, describe(skipping));
    if (!whole.ok) assert.equal(describe(skipping), describe(whole));
  });
}

test("parseJson() on the string form of each valid-UTF-8 case agrees with the byte form", () => {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let checked = 0;
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(join(dir, f)));
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      continue;
    }
    const a = outcome(() => parseJson(bytes));
    const b = outcome(() => parseJson(text));
    assert.equal(a.ok, b.ok, f);
    if (a.ok && b.ok) assert.deepEqual(b.value, a.value, f);
    else if (!a.ok && !b.ok) assert.equal((b.error as Error).name, (a.error as Error).name, f);
    checked++;
  }
  assert.ok(checked > 280);
});

test("json/README.md documents every i_ decision exactly as tested", () => {
  const readme = readFileSync(join(repoRoot, "json", "README.md"), "utf8");
  const rows = new Map<string, string>();
  for (const m of readme.matchAll(/^\|\s*(i_[^\s|]+)\s*\|([^|]+)\|/gm)) {
    const d = m[2].trim();
    rows.set(
      m[1] + ".json",
      d.startsWith("accept") ? "accept" : d.includes("ERANGE") ? "ERANGE" : "syntax",
    );
  }
  assert.deepEqual(
    Object.fromEntries([...rows].sort()),
    Object.fromEntries(Object.entries(I_DECISIONS).sort()),
  );
});
