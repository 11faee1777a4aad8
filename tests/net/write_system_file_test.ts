import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NetError, writeSystemFile } from "../../net/mod.ts";

test("writeSystemFile() replaces a file atomically and leaves no temporary file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wknet-write-"));
  try {
    const path = join(dir, "state");
    writeFileSync(path, "old contents that are longer");
    await writeSystemFile(path, "new");
    assert.equal(readFileSync(path, "utf8"), "new");
    assert.deepEqual(readdirSync(dir), ["state"]);
    await writeSystemFile(join(dir, "fresh"), "x", { mode: 0o640 });
    assert.equal(statSync(join(dir, "fresh")).mode & 0o777, 0o640);
    await writeSystemFile(join(dir, "private"), "x");
    assert.equal(statSync(join(dir, "private")).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("writeSystemFile() fails with NetError for a missing directory and checks its arguments", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wknet-write-"));
  try {
    await assert.rejects(
      writeSystemFile(join(dir, "no", "such"), "x"),
      (e: unknown) => e instanceof NetError && e.code === "EIO",
    );
    assert.deepEqual(readdirSync(dir), []);
    assert.throws(() => writeSystemFile("", "x"), TypeError);
    assert.throws(() => writeSystemFile(join(dir, "a\0b"), "x"), TypeError);
    assert.throws(() => writeSystemFile(join(dir, "big"), "xx", { maxBytes: 1 }), RangeError);
    assert.throws(() => writeSystemFile(join(dir, "m"), "x", { mode: 0o10000 }), RangeError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
