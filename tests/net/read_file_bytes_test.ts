import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { NetError, readFileBytes } from "../../net/mod.ts";

test("readFileBytes() reads paths and file: URLs and enforces maxBytes before reading", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wirekit-read-"));
  try {
    const file = join(dir, "data.bin");
    writeFileSync(file, Uint8Array.of(1, 2, 3, 250));
    assert.deepEqual(await readFileBytes(file), Uint8Array.of(1, 2, 3, 250));
    assert.deepEqual(await readFileBytes(pathToFileURL(file)), Uint8Array.of(1, 2, 3, 250));
    assert.deepEqual(await readFileBytes(file, { maxBytes: 4 }), Uint8Array.of(1, 2, 3, 250));
    await assert.rejects(
      readFileBytes(file, { maxBytes: 3 }),
      (e: unknown) => e instanceof NetError && e.code === "EMSGSIZE",
    );
    await assert.rejects(
      readFileBytes(join(dir, "missing.bin")),
      (e: unknown) => e instanceof NetError && e.code === "ENOTFOUND",
    );
    await assert.rejects(
      readFileBytes(dir),
      (e: unknown) => e instanceof NetError && e.code === "EIO",
    );
    assert.throws(() => readFileBytes(new URL("https://example.test/x")), TypeError);
    assert.throws(() => readFileBytes(file, { maxBytes: -1 }), RangeError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
