import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  Base64Decoder,
  decodeBase64,
  decodeBase64Url,
  decodeHex,
  encodeBase64,
  encodeBase64Url,
  encodeHex,
} from "../../_internal/base64.ts";
import { EncodingSyntaxError } from "../../_internal/errors.ts";
import { seededBytes } from "../_util.ts";

const enc = new TextEncoder();

// RFC 4648 section 10 test vectors.
const RFC4648: [string, string][] = [
  ["", ""],
  ["f", "Zg=="],
  ["fo", "Zm8="],
  ["foo", "Zm9v"],
  ["foob", "Zm9vYg=="],
  ["fooba", "Zm9vYmE="],
  ["foobar", "Zm9vYmFy"],
];

test("encodeBase64() and decodeBase64() match the RFC 4648 section 10 vectors", () => {
  for (const [plain, b64] of RFC4648) {
    assert.equal(encodeBase64(enc.encode(plain)), b64);
    assert.deepEqual(decodeBase64(b64), enc.encode(plain));
  }
});

test("encodeBase64Url() omits padding and uses - and _", () => {
  const bytes = Uint8Array.of(0xfb, 0xff, 0xbf, 0xfe);
  assert.equal(encodeBase64(bytes), "+/+//g==");
  assert.equal(encodeBase64Url(bytes), "-_-__g");
  assert.deepEqual(decodeBase64Url("-_-__g"), bytes);
});

test("base64 round-trips random data of every length mod 3 against Buffer", () => {
  for (let n = 0; n < 200; n++) {
    const bytes = seededBytes(n + 1, n);
    const b64 = encodeBase64(bytes);
    assert.equal(b64, Buffer.from(bytes).toString("base64"));
    assert.deepEqual(decodeBase64(b64), bytes);
    const url = encodeBase64Url(bytes);
    assert.equal(url, Buffer.from(bytes).toString("base64url"));
    assert.deepEqual(decodeBase64Url(url), bytes);
  }
});

function offsetOf(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof EncodingSyntaxError, `expected EncodingSyntaxError, got ${e}`);
    assert.ok(e instanceof SyntaxError);
    return e.offset;
  }
  assert.fail("expected an error");
}

test("decodeBase64() rejects bad alphabet, padding and trailing bits with an offset", () => {
  assert.equal(offsetOf(() => decodeBase64("Zm9v!mFy")), 4);
  assert.equal(offsetOf(() => decodeBase64("Zm9vYg")), 6); // missing padding
  assert.equal(offsetOf(() => decodeBase64("Zm9vYg=")), 7);
  assert.equal(offsetOf(() => decodeBase64("Zm9vYh==")), 5); // non-zero trailing bits
  assert.equal(offsetOf(() => decodeBase64("Zm9vY===")), 5); // dangling + too much padding
  assert.equal(offsetOf(() => decodeBase64("Zg==Zg==")), 4); // data after padding
  assert.equal(offsetOf(() => decodeBase64("Zm9v YmFy")), 4); // whitespace by default
  assert.equal(offsetOf(() => decodeBase64("-_-_")), 0); // url alphabet in base64
  assert.equal(offsetOf(() => decodeBase64Url("Zg==")), 2); // padding forbidden
  assert.equal(offsetOf(() => decodeBase64("Zm9\u00e9")), 3);
});

test("decodeBase64() options allow whitespace and missing padding", () => {
  assert.deepEqual(decodeBase64("Zm9v\r\nYmE=", { ignoreWhitespace: true }), enc.encode("fooba"));
  assert.deepEqual(decodeBase64("Zm9vYg", { padding: "optional" }), enc.encode("foob"));
  assert.deepEqual(decodeBase64Url("Zm9vYg==", { padding: "optional" }), enc.encode("foob"));
});

test("Base64Decoder gives identical bytes for input split at every position", () => {
  const bytes = seededBytes(7, 301);
  const text = Buffer.from(bytes).toString("base64").replace(/(.{76})/g, "$1\r\n");
  for (let cut = 0; cut <= text.length; cut++) {
    const d = new Base64Decoder();
    const a = d.push(text.slice(0, cut));
    const b = d.push(enc.encode(text.slice(cut)));
    const c = d.end();
    assert.deepEqual(Buffer.concat([a, b, c]), Buffer.from(bytes), `cut at ${cut}`);
  }
});

test("Base64Decoder fed one character at a time matches whole decoding", () => {
  for (const [plain, b64] of RFC4648) {
    const d = new Base64Decoder();
    const parts: Uint8Array[] = [];
    for (const ch of b64) parts.push(d.push(ch));
    parts.push(d.end());
    assert.equal(Buffer.concat(parts).toString(), plain);
  }
});

test("Base64Decoder reports the absolute offset of a bad character", () => {
  const d = new Base64Decoder();
  d.push("Zm9v");
  d.push("Ym");
  assert.equal(offsetOf(() => d.push("F*")), 7);
});

test("Base64Decoder rejects bad padding at end() and after end()", () => {
  const d1 = new Base64Decoder();
  d1.push("Zm9vY");
  assert.equal(offsetOf(() => d1.end()), 5);
  const d2 = new Base64Decoder({ allowMissingPadding: false });
  d2.push("Zm9vYg");
  assert.equal(offsetOf(() => d2.end()), 6);
  const d3 = new Base64Decoder();
  d3.push("Zg=");
  assert.equal(offsetOf(() => d3.end()), 3);
  const d4 = new Base64Decoder({ alphabet: "base64url" });
  assert.deepEqual(Buffer.concat([d4.push("-_-_"), d4.end()]), Buffer.from([0xfb, 0xff, 0xbf]));
  assert.throws(() => d4.push("AA"), TypeError);
});

test("encodeHex() and decodeHex() round-trip and reject bad digits", () => {
  const bytes = seededBytes(3, 64);
  const hex = encodeHex(bytes);
  assert.equal(hex, Buffer.from(bytes).toString("hex"));
  assert.deepEqual(decodeHex(hex.toUpperCase()), bytes);
  assert.equal(offsetOf(() => decodeHex("abc")), 3);
  assert.equal(offsetOf(() => decodeHex("0g")), 1);
  assert.equal(offsetOf(() => decodeHex("zz")), 0);
});

test("long inputs take the fast paths yet stay strict", () => {
  const body = encodeBase64(seededBytes(11, 96)); // 128 characters, no padding
  assert.deepEqual(decodeBase64(body), seededBytes(11, 96));
  assert.equal(offsetOf(() => decodeBase64(body + "Yh==")), 129); // non-zero trailing bits
  assert.equal(offsetOf(() => decodeBase64(body + "Yg")), 130); // missing padding
  assert.equal(offsetOf(() => decodeBase64(body.slice(0, 100) + "*" + body.slice(101))), 100);
  assert.equal(offsetOf(() => decodeBase64(body + "\nYg==")), 128); // whitespace
  const url = encodeBase64Url(seededBytes(12, 97));
  assert.deepEqual(decodeBase64Url(url), seededBytes(12, 97));
  assert.equal(offsetOf(() => decodeBase64Url(url + "==")), url.length);
  assert.equal(
    offsetOf(() => decodeBase64Url(url.replace(/.$/, "B"), { padding: "required" })),
    url.length,
  );
});
