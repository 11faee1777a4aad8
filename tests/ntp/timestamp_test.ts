import { test } from "node:test";
import assert from "node:assert/strict";
import { msToNtpShort, msToNtpTimestamp, ntpShortToMs, ntpTimestampToMs } from "../../ntp/mod.ts";

const ROLLOVER = Date.UTC(2036, 1, 7, 6, 28, 16);

test("msToNtpTimestamp() counts seconds from 1900 and fractions of 2^-32 s", () => {
  assert.equal(msToNtpTimestamp(0), 2_208_988_800n << 32n);
  assert.equal(msToNtpTimestamp(-2_208_988_800_000), 0n); // 1900-01-01
  assert.equal(msToNtpTimestamp(250) & 0xffff_ffffn, 0x4000_0000n);
  // RFC 5905 figure 4 era table: 1972-01-01 is NTP seconds 2,272,060,800.
  assert.equal(msToNtpTimestamp(Date.UTC(1972, 0, 1)) >> 32n, 2_272_060_800n);
  // A fraction that rounds up to a full second carries into the seconds.
  assert.equal(msToNtpTimestamp(999.99999999999), 2_208_988_801n << 32n);
});

test("msToNtpTimestamp() wraps the seconds at the 2036 rollover", () => {
  assert.equal(msToNtpTimestamp(ROLLOVER - 1000) >> 32n, 0xffff_ffffn);
  assert.equal(msToNtpTimestamp(ROLLOVER), 0n);
  assert.equal(msToNtpTimestamp(ROLLOVER + 1500), (1n << 32n) | 0x8000_0000n);
});

test("ntpTimestampToMs() uses the RFC 4330 era rule without a pivot", () => {
  // Top bit set: era 0 (1968..2036); clear: era 1 (2036..2104).
  assert.equal(ntpTimestampToMs(0xffff_ffffn << 32n), ROLLOVER - 1000);
  assert.equal(ntpTimestampToMs(0n), ROLLOVER);
  assert.equal(ntpTimestampToMs(0x8000_0000n << 32n), ROLLOVER - 2 ** 31 * 1000);
  assert.equal(ntpTimestampToMs(0x7fff_ffffn << 32n), ROLLOVER + (2 ** 31 - 1) * 1000);
});

test("ntpTimestampToMs() picks the era nearest the pivot", () => {
  const t = Date.UTC(2036, 1, 7, 6, 28, 30);
  const ts = msToNtpTimestamp(t);
  assert.equal(ntpTimestampToMs(ts, t - 20_000), t);
  assert.equal(
    ntpTimestampToMs(msToNtpTimestamp(ROLLOVER - 5000), ROLLOVER + 60_000),
    ROLLOVER - 5000,
  );
  // Era 2 (2104+) from a pivot in 2105.
  const far = Date.UTC(2105, 5, 1);
  assert.equal(ntpTimestampToMs(msToNtpTimestamp(far), far), far);
  // 1900 from a pivot in 1901.
  assert.equal(
    ntpTimestampToMs(msToNtpTimestamp(Date.UTC(1900, 0, 1)), Date.UTC(1901, 0, 1)),
    Date.UTC(1900, 0, 1),
  );
});

test("ntpTimestampToMs() round-trips sub-microsecond times", () => {
  for (
    const ms of [
      0,
      1.5,
      1_700_000_000_123.25,
      ROLLOVER + 0.001,
      ROLLOVER - 0.001,
      Date.UTC(2099, 11, 31),
    ]
  ) {
    const back = ntpTimestampToMs(msToNtpTimestamp(ms), ms);
    assert.ok(Math.abs(back - ms) < 0.001, `${ms} -> ${back}`);
  }
});

test("timestamp conversions reject invalid input with RangeError", () => {
  assert.throws(() => ntpTimestampToMs(-1n), RangeError);
  assert.throws(() => ntpTimestampToMs(1n << 64n), RangeError);
  assert.throws(() => ntpTimestampToMs(0n, NaN), RangeError);
  assert.throws(() => msToNtpTimestamp(NaN), RangeError);
  assert.throws(() => msToNtpTimestamp(Infinity), RangeError);
  assert.throws(() => ntpShortToMs(-1), RangeError);
  assert.throws(() => ntpShortToMs(2 ** 32), RangeError);
  assert.throws(() => ntpShortToMs(1.5), RangeError);
  assert.throws(() => msToNtpShort(-1), RangeError);
  assert.throws(() => msToNtpShort(NaN), RangeError);
});

test("short format converts 16.16 seconds and saturates", () => {
  assert.equal(ntpShortToMs(0x0001_0000), 1000);
  assert.equal(ntpShortToMs(0x0000_0001), 1000 / 65536);
  assert.equal(ntpShortToMs(0xffff_ffff), (0xffff_ffff * 1000) / 65536);
  assert.equal(msToNtpShort(1000), 0x0001_0000);
  assert.equal(msToNtpShort(0), 0);
  assert.equal(msToNtpShort(1e12), 0xffff_ffff);
  for (let raw = 0; raw < 70_000; raw += 997) assert.equal(msToNtpShort(ntpShortToMs(raw)), raw);
});
