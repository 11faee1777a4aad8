import { test } from "node:test";
import assert from "node:assert/strict";
import { computeOffsetDelay } from "../../ntp/mod.ts";

test("computeOffsetDelay() follows RFC 5905 section 8", () => {
  // Symmetric path, server 100 ms ahead, 20 ms round trip, 2 ms processing.
  assert.deepEqual(computeOffsetDelay(1000, 1110, 1112, 1022), { offset: 100, delay: 20 });
  // Server behind.
  assert.deepEqual(computeOffsetDelay(5000, 4755, 4755, 5010), { offset: -250, delay: 10 });
  // Identical clocks, zero delay.
  assert.deepEqual(computeOffsetDelay(7, 7, 7, 7), { offset: 0, delay: 0 });
  // Asymmetric path: all 30 ms on the way out shows up as +15 ms of offset error.
  assert.deepEqual(computeOffsetDelay(0, 30, 30, 30), { offset: 15, delay: 30 });
});

test("computeOffsetDelay() keeps precision at wall-clock magnitudes", () => {
  const t1 = 2_085_978_496_000 - 0.25;
  const r = computeOffsetDelay(t1, t1 + 3.125, t1 + 3.25, t1 + 4.5);
  assert.equal(r.offset, 0.9375);
  assert.equal(r.delay, 4.375);
});

test("computeOffsetDelay() rejects non-finite times", () => {
  assert.throws(() => computeOffsetDelay(0, NaN, 0, 0), RangeError);
  assert.throws(() => computeOffsetDelay(0, 0, 0, Infinity), RangeError);
});
