import { test } from "node:test";
import assert from "node:assert/strict";
import { humanizeBytes, humanizeDuration, humanizeSi } from "../../_internal/humanize.ts";

test("humanizeBytes() uses IEC units by default and SI units on request", () => {
  assert.equal(humanizeBytes(0), "0 B");
  assert.equal(humanizeBytes(1023), "1023 B");
  assert.equal(humanizeBytes(1536), "1.5 KiB");
  assert.equal(humanizeBytes(16 * 1024 * 1024), "16 MiB");
  assert.equal(humanizeBytes(1536, { binary: false }), "1.54 kB");
  assert.equal(humanizeBytes(-2048), "-2 KiB");
  assert.equal(humanizeBytes(2 ** 70), "1024 EiB");
});

test("humanizeSi() scales up and down", () => {
  assert.equal(humanizeSi(2_400_000, "Hz"), "2.4 MHz");
  assert.equal(humanizeSi(0.0032, "s"), "3.2 ms");
  assert.equal(humanizeSi(0.0000125, "s"), "12.5 µs");
  assert.equal(humanizeSi(0), "0");
  assert.equal(humanizeSi(12.345, "V"), "12.3 V");
  assert.equal(humanizeSi(-1500, "B/s"), "-1.5 kB/s");
});

test("humanizeDuration() picks SI below a second and units above", () => {
  assert.equal(humanizeDuration(250), "250 ms");
  assert.equal(humanizeDuration(0.012), "12 µs");
  assert.equal(humanizeDuration(4500), "4.5 s");
  assert.equal(humanizeDuration(3_723_000), "1h 2m 3s");
  assert.equal(humanizeDuration(90_061_000), "1d 1h 1m 1s");
  assert.equal(humanizeDuration(120_000), "2m");
});
