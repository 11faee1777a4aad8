// Copyright 2026 the wirekit authors. MIT license.
// The COSE WG examples (../shared/conformance/cose-wg-Examples): every example
// is verified or decrypted with its published key and the content compared;
// every "fail": true example must be rejected; deterministic examples are
// recreated byte for byte from their input. One test per folder; a table of
// passed / failed / skipped (with reasons) is printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exampleFolders, type Outcome, runExample } from "./_examples.ts";

/** Examples that fail today, with the reason (kept honest: an entry that starts passing fails the test). */
const KNOWN_FAILURES: Record<string, string> = {};

const rows: string[] = [];
for (const { folder, files } of exampleFolders()) {
  test(`COSE WG examples: ${folder}`, async () => {
    const outcomes: Outcome[] = [];
    for (const f of files) outcomes.push(await runExample(folder, f));
    const passed = outcomes.filter((o) => o.status === "passed");
    const skipped = outcomes.filter((o) => o.status === "skipped");
    const failed = outcomes.filter((o) => o.status === "failed");
    const recreated = passed.filter((o) => o.recreated).length;
    const countersigned = passed.reduce((n, o) => n + (o.countersigned ?? 0), 0);
    const claims = passed.filter((o) => o.claims).length;
    const wrong = passed.filter((o) => o.wrong).length;
    const reasons = [...new Set(skipped.map((o) => o.reason))].join("; ");
    rows.push(
      `${folder.padEnd(24)} ${String(passed.length).padStart(3)} passed (${recreated} recreated${
        countersigned ? `, ${countersigned} countersignatures verified` : ""
      }${claims ? `, ${claims} CWT claim sets checked` : ""}${
        wrong ? `, ${wrong} wrong examples rejected as expected and verified once mended` : ""
      }) ${String(failed.length).padStart(2)} failed ${String(skipped.length).padStart(2)} skipped${
        reasons ? ` (${reasons})` : ""
      }`,
    );
    for (const o of failed) rows.push(`    failed ${o.file}: ${o.reason}`);
    const unexpected = failed.filter((o) => !KNOWN_FAILURES[`${folder}/${o.file}`]);
    assert.deepEqual(unexpected.map((o) => `${o.file}: ${o.reason}`), []);
    const nowPassing = passed.filter((o) => KNOWN_FAILURES[`${folder}/${o.file}`]);
    assert.deepEqual(nowPassing.map((o) => o.file), [], "remove these from KNOWN_FAILURES");
    assert.ok(outcomes.length > 0);
  });
}

test("COSE WG examples: table", () => {
  console.log(["COSE WG examples per folder:", ...rows].join("\n"));
  assert.ok(rows.length > 0);
});
