// decodeCbor() is built on cbor-x: prove that cbor-x loads in this runtime,
// runs its pure-JS path, and is the one decoding plain data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decode, isNativeAccelerationEnabled } from "cbor-x/decode";
import { decodeCbor, encodeCbor } from "../../cbor/mod.ts";
import { runtime } from "../_util.ts";

test(`cbor-x loads on its pure-JS path (${runtime})`, () => {
  assert.equal(isNativeAccelerationEnabled, false);
  assert.deepEqual(decode(new Uint8Array([0x82, 0x01, 0x61, 0x61])), [1, "a"]);
});

test(`decodeCbor() decodes plain data through cbor-x and the rest through the strict decoder (${runtime})`, () => {
  const plain = encodeCbor({ a: new Uint8Array([1, 2]), b: [1, "x"] });
  const v = decodeCbor(plain) as { a: Uint8Array };
  // cbor-x hands out views of its private copy of the input; the strict
  // decoder copies each byte string into a buffer of its own.
  assert.equal(v.a.buffer.byteLength, plain.length);
  const tagged = encodeCbor({ a: new Uint8Array([1, 2]), d: new Date(0) });
  const w = decodeCbor(tagged) as { a: Uint8Array };
  assert.equal(w.a.buffer.byteLength, 2);
  assert.deepEqual(v.a, new Uint8Array([1, 2]));
});
