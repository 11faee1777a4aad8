import { test } from "node:test";
import assert from "node:assert/strict";
import { ByteReader, ByteWriter, concatBytes } from "../../_internal/bytes.ts";
import { TruncatedInputError } from "../../_internal/errors.ts";

test("ByteReader reads big- and little-endian integers", () => {
  const r = new ByteReader(
    Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17),
  );
  assert.equal(r.u8(), 1);
  assert.equal(r.u16(), 0x0203);
  assert.equal(r.u16(true), 0x0504);
  assert.equal(r.u32(), 0x06070809);
  assert.equal(r.u64(), 0x0a0b0c0d0e0f1011n);
  assert.equal(r.remaining, 0);
});

test("ByteReader throws TruncatedInputError with the offset instead of reading past the end", () => {
  const r = new ByteReader(Uint8Array.of(1, 2, 3));
  r.u8();
  assert.throws(() => r.u32(), (e: unknown) => {
    assert.ok(e instanceof TruncatedInputError);
    assert.ok(e instanceof SyntaxError);
    assert.equal(e.offset, 1);
    assert.equal(e.needed, 2);
    return true;
  });
  assert.equal(r.offset, 1, "a failed read consumes nothing");
  assert.deepEqual(r.bytesView(2), Uint8Array.of(2, 3));
  assert.throws(() => r.peek(), TruncatedInputError);
});

test("ByteReader honours a window inside a larger buffer", () => {
  const buf = Uint8Array.of(9, 9, 0xab, 0xcd, 9);
  const r = new ByteReader(buf.subarray(1), 1, 3);
  assert.equal(r.u16(), 0xabcd);
  assert.throws(() => r.u8(), TruncatedInputError);
  assert.throws(() => new ByteReader(buf, 4, 2), RangeError);
});

test("ByteReader.bytesCopy() copies and bytesView() does not", () => {
  const buf = Uint8Array.of(1, 2, 3, 4);
  const r = new ByteReader(buf);
  const v = r.bytesView(2);
  const c = r.bytesCopy(2);
  buf[0] = 99;
  buf[2] = 99;
  assert.equal(v[0], 99);
  assert.equal(c[0], 3);
  assert.throws(() => new ByteReader(buf).bytesView(-1), RangeError);
});

test("ByteWriter grows, patches length fields and round-trips through ByteReader", () => {
  const w = new ByteWriter({ initialSize: 2 });
  w.u8(1).u16(0).u32(0xdeadbeef, true).u64(2n ** 60n).f64(1.5).f32(-2);
  w.patchU16(1, 0x1234);
  w.bytes(new Uint8Array(100).fill(7));
  const out = w.finish();
  assert.equal(out.length, 1 + 2 + 4 + 8 + 8 + 4 + 100);
  const r = new ByteReader(out);
  assert.equal(r.u8(), 1);
  assert.equal(r.u16(), 0x1234);
  assert.equal(r.u32(true), 0xdeadbeef);
  assert.equal(r.u64(), 2n ** 60n);
  assert.equal(r.f64(), 1.5);
  assert.equal(r.f32(), -2);
  assert.equal(r.bytesView(100).every((b) => b === 7), true);
  assert.throws(() => w.patchU32(out.length - 2, 1), RangeError);
});

test("ByteWriter refuses to grow past maxSize", () => {
  const w = new ByteWriter({ maxSize: 8 });
  w.u32(1).u32(2);
  assert.throws(() => w.u8(3), RangeError);
  assert.equal(w.length, 8);
  w.reset();
  assert.equal(w.length, 0);
});

test("concatBytes() joins parts in order into a new array, with or without a known total", () => {
  const a = Uint8Array.of(1, 2), b = Uint8Array.of(), c = Uint8Array.of(3);
  assert.deepEqual(concatBytes([a, b, c]), Uint8Array.of(1, 2, 3));
  assert.deepEqual(concatBytes([a, c], 3), Uint8Array.of(1, 2, 3));
  assert.deepEqual(concatBytes([]), new Uint8Array(0));
  const one = concatBytes([a]);
  assert.notEqual(one.buffer, a.buffer);
  one[0] = 9;
  assert.equal(a[0], 1);
});
