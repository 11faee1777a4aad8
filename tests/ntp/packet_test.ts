import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  decodeNtpPacket,
  encodeNtpPacket,
  NtpError,
  NtpSyntaxError,
  ntpTimestampToMs,
} from "../../ntp/mod.ts";
import { OffsetSyntaxError } from "../../_internal/errors.ts";
import { decodeHex } from "../../_internal/base64.ts";
import { seededBytes, testdataPath } from "../_util.ts";

function hexFile(name: string): Uint8Array {
  return decodeHex(readFileSync(testdataPath("ntp", name), "utf8").trim());
}

test("decodeNtpPacket() reads chrony's NTPv4 reply field by field", () => {
  const p = decodeNtpPacket(hexFile("chrony-v4-reply.hex"));
  assert.equal(p.leap, 0);
  assert.equal(p.version, 4);
  assert.equal(p.mode, 4);
  assert.equal(p.stratum, 8);
  assert.equal(p.poll, 0);
  assert.equal(p.precision, -26);
  assert.equal(p.rootDelay, 0);
  assert.equal(p.rootDispersion, 0);
  assert.equal(p.referenceId, 0x7f7f0101);
  assert.equal(p.originTimestamp, 0x0123456789abcdefn);
  assert.ok(p.receiveTimestamp <= p.transmitTimestamp);
  assert.equal(new Date(ntpTimestampToMs(p.transmitTimestamp)).getUTCFullYear(), 2026);
  assert.deepEqual(p.extensionFields, []);
  assert.equal(p.mac, undefined);
});

test("decodeNtpPacket() reads chrony's NTPv3 and unsynchronised replies", () => {
  const v3 = decodeNtpPacket(hexFile("chrony-v3-reply.hex"));
  assert.equal(v3.version, 3);
  assert.equal(v3.originTimestamp, 0xfedcba9876543210n);
  const un = decodeNtpPacket(hexFile("chrony-unsync-v4-reply.hex"));
  assert.equal(un.leap, 3);
  assert.equal(un.stratum, 0);
  assert.equal(un.referenceId, 0);
  assert.equal(un.rootDelay, 0x0001_0000);
  assert.equal(un.rootDispersion, 0x0001_0000);
});

test("encodeNtpPacket() reproduces the captured requests and replies byte for byte", () => {
  for (const name of ["chrony-v4", "chrony-v3", "chrony-unsync-v4"]) {
    for (const part of ["request", "reply"]) {
      const bytes = hexFile(`${name}-${part}.hex`);
      assert.deepEqual(encodeNtpPacket(decodeNtpPacket(bytes)), bytes, `${name}-${part}`);
    }
  }
  const req = decodeNtpPacket(hexFile("chrony-v4-request.hex"));
  assert.deepEqual(
    encodeNtpPacket({ version: 4, mode: 3, transmitTimestamp: req.transmitTimestamp }),
    hexFile("chrony-v4-request.hex"),
  );
});

test("encodeNtpPacket() packs the first byte and signed exponents", () => {
  const b = encodeNtpPacket({
    leap: 3,
    version: 4,
    mode: 4,
    stratum: 16,
    poll: -6,
    precision: -20,
  });
  assert.equal(b[0], 0xe4);
  assert.equal(b[1], 16);
  assert.equal(b[2], 0xfa);
  assert.equal(b[3], 0xec);
  const p = decodeNtpPacket(b);
  assert.equal(p.poll, -6);
  assert.equal(p.precision, -20);
  assert.equal(p.leap, 3);
});

test("extension fields and a MAC round-trip and are bounds-checked", () => {
  const fields = [
    { type: 0x0104, value: new Uint8Array(32).fill(7) }, // NTS unique identifier
    { type: 0x0204, value: Uint8Array.of(1, 2, 3) }, // padded to 16 bytes
  ];
  const mac = new Uint8Array(20).fill(9);
  const bytes = encodeNtpPacket({ mode: 3, extensionFields: fields, mac });
  assert.equal(bytes.length, 48 + 36 + 16 + 20);
  const p = decodeNtpPacket(bytes);
  assert.equal(p.extensionFields.length, 2);
  assert.equal(p.extensionFields[0].type, 0x0104);
  assert.deepEqual(p.extensionFields[0].value, fields[0].value);
  assert.deepEqual(p.extensionFields[1].value, Uint8Array.of(1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  assert.deepEqual(p.mac, mac);
  // Without a MAC, the last field is padded to 28 bytes (RFC 7822).
  const noMac = encodeNtpPacket({
    mode: 3,
    extensionFields: [{ type: 1, value: new Uint8Array(0) }],
  });
  assert.equal(noMac.length, 48 + 28);
  assert.equal(decodeNtpPacket(noMac).extensionFields[0].value.length, 24);
});

test("decodeNtpPacket() accepts legacy MACs of 4, 20 and 24 bytes", () => {
  for (const n of [4, 20, 24]) {
    const bytes = new Uint8Array(48 + n);
    bytes[0] = 0x1b; // NTPv3 client
    bytes.fill(5, 48);
    const p = decodeNtpPacket(bytes);
    assert.equal(p.mac?.length, n);
    assert.deepEqual(p.extensionFields, []);
  }
});

test("decodeNtpPacket() rejects truncated and malformed packets with an offset", () => {
  const e1 = assertSyntax(() => decodeNtpPacket(new Uint8Array(47)));
  assert.equal(e1.offset, 47);
  // A trailer that is neither a MAC nor an extension field.
  const odd = new Uint8Array(48 + 8);
  odd[0] = 0x23;
  assert.equal(assertSyntax(() => decodeNtpPacket(odd)).offset, 48);
  // Extension field length shorter than 16.
  const short = encodeNtpPacket({
    mode: 3,
    extensionFields: [{ type: 1, value: new Uint8Array(24) }],
  });
  new DataView(short.buffer).setUint16(50, 8);
  assert.equal(assertSyntax(() => decodeNtpPacket(short)).offset, 50);
  // Length past the end.
  new DataView(short.buffer).setUint16(50, 64);
  assert.equal(assertSyntax(() => decodeNtpPacket(short)).offset, 50);
  // Length not a multiple of 4.
  new DataView(short.buffer).setUint16(50, 18);
  assert.equal(assertSyntax(() => decodeNtpPacket(short)).offset, 50);
  // NTPv3 has no extension fields.
  const v3 = encodeNtpPacket({
    mode: 3,
    extensionFields: [{ type: 1, value: new Uint8Array(24) }],
  });
  v3[0] = 0x1b;
  assert.equal(assertSyntax(() => decodeNtpPacket(v3)).offset, 48);
  assert.throws(() => decodeNtpPacket("x" as unknown as Uint8Array), TypeError);
});

function assertSyntax(fn: () => unknown): NtpSyntaxError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof NtpSyntaxError, `expected NtpSyntaxError, got ${e}`);
    assert.ok(e instanceof OffsetSyntaxError);
    assert.ok(e instanceof SyntaxError);
    return e;
  }
  assert.fail("expected a throw");
}

test("decodeNtpPacket() enforces the size and extension-field limits", () => {
  const many = encodeNtpPacket({
    mode: 3,
    extensionFields: Array.from({ length: 40 }, (_, i) => ({ type: i, value: new Uint8Array(12) })),
  });
  assert.throws(() => decodeNtpPacket(many), (e) => e instanceof NtpError && e.code === "ELIMIT");
  assert.equal(decodeNtpPacket(many, { maxExtensionFields: 40 }).extensionFields.length, 40);
  assert.throws(
    () => decodeNtpPacket(new Uint8Array(4096)),
    (e) => e instanceof NtpError && e.code === "ELIMIT",
  );
  assert.throws(
    () => decodeNtpPacket(many, { maxPacketSize: 100, maxExtensionFields: 40 }),
    (e) => e instanceof NtpError && e.code === "ELIMIT",
  );
});

test("encodeNtpPacket() rejects out-of-range fields with RangeError", () => {
  assert.throws(() => encodeNtpPacket({ leap: 4 as 0 }), RangeError);
  assert.throws(() => encodeNtpPacket({ version: 0 }), RangeError);
  assert.throws(() => encodeNtpPacket({ mode: 8 }), RangeError);
  assert.throws(() => encodeNtpPacket({ stratum: 256 }), RangeError);
  assert.throws(() => encodeNtpPacket({ poll: 128 }), RangeError);
  assert.throws(() => encodeNtpPacket({ rootDelay: -1 }), RangeError);
  assert.throws(() => encodeNtpPacket({ transmitTimestamp: 1n << 64n }), RangeError);
  assert.throws(() => encodeNtpPacket({ mac: new Uint8Array(16) }), RangeError);
  assert.throws(
    () => encodeNtpPacket({ version: 3, extensionFields: [{ type: 1, value: new Uint8Array(4) }] }),
    RangeError,
  );
  assert.throws(
    () => encodeNtpPacket({ extensionFields: [{ type: 1, value: new Uint8Array(70000) }] }),
    RangeError,
  );
});

test("decodeNtpPacket() never throws anything but its own errors on random input", () => {
  for (let i = 0; i < 2000; i++) {
    const len = 40 + (i % 140);
    const bytes = seededBytes(i + 1, len);
    if (i % 3 === 0) bytes[0] = 0x24; // version 4: exercise the extension-field path
    try {
      decodeNtpPacket(bytes);
    } catch (e) {
      assert.ok(
        e instanceof NtpSyntaxError || (e instanceof NtpError && e.code === "ELIMIT"),
        String(e),
      );
    }
  }
});
