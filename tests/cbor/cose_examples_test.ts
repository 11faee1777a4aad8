// Real-world CBOR: every message of the COSE WG Examples (shared conformance
// data, Unlicense) decodes and re-encodes to the same bytes, streams back as
// the same raw bytes, and diagnoseCbor() agrees with the examples' own
// diagnostic notation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CborStreamParser, decodeCbor, diagnoseCbor, encodeCbor } from "../../cbor/mod.ts";
import { sharedDir } from "../_util.ts";
import { hex, unhex } from "./_vectors.ts";

const root = join(sharedDir, "conformance", "cose-wg-Examples");

function examples(): { file: string; cbor: string; diag?: string }[] {
  const out: { file: string; cbor: string; diag?: string }[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith(".json")) {
        const j = JSON.parse(readFileSync(p, "utf8"));
        if (j.output?.cbor) {
          out.push({
            file: p.slice(root.length + 1),
            cbor: j.output.cbor.toLowerCase(),
            diag: j.output.cbor_diag,
          });
        }
      }
    }
  };
  walk(root);
  return out;
}

/** Whitespace-free, lowercase-hex form for comparing notations. */
function norm(s: string): string {
  return s.replace(/\s+/g, "").replace(
    /h'([0-9A-Fa-f]*)'/g,
    (_m, x: string) => `h'${x.toLowerCase()}'`,
  );
}

test("every COSE WG example message re-encodes to the same bytes and streams back unchanged", () => {
  const all = examples();
  assert.equal(all.length, 306);
  for (const { file, cbor } of all) {
    const bytes = unhex(cbor);
    const value = decodeCbor(bytes, { mapsAsObjects: false, rejectDuplicateKeys: true });
    assert.equal(hex(encodeCbor(value)), cbor, file);
    const raws: Uint8Array[] = [];
    const p = new CborStreamParser({ paths: ["$"], onRaw: (b) => raws.push(b) });
    for (let i = 0; i < bytes.length; i += 7) p.push(bytes.subarray(i, i + 7));
    p.end();
    assert.deepEqual(raws, [bytes], file);
  }
});

test("diagnoseCbor() agrees with the COSE WG examples' diagnostic notation", () => {
  const differ: string[] = [];
  for (const { file, cbor, diag } of examples()) {
    if (diag && norm(diagnoseCbor(unhex(cbor))) !== norm(diag)) differ.push(file);
  }
  // These two examples' notation shows the kid "Alice Lovelace" as h'...'
  // although their bytes encode it as a text string (0x6e...).
  assert.deepEqual(differ, ["x509-examples/signed-01.json", "x509-examples/signed-02.json"]);
  const bytes = unhex(examples().find((e) => e.file === "x509-examples/signed-01.json")!.cbor);
  assert.ok(hex(bytes).includes("6e416c696365204c6f76656c616365"));
});
