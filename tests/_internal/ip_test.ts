import { test } from "node:test";
import assert from "node:assert/strict";
import {
  cidrContains,
  formatIp,
  formatIpv6,
  ipFamily,
  parseCidr,
  parseIp,
  parseIpv4,
  parseIpv6,
} from "../../_internal/ip.ts";
import { AddressSyntaxError } from "../../_internal/errors.ts";

test("parseIpv4() accepts dotted quads and rejects other forms with an offset", () => {
  assert.deepEqual(parseIpv4("192.0.2.1"), Uint8Array.of(192, 0, 2, 1));
  assert.deepEqual(parseIpv4("0.0.0.0"), Uint8Array.of(0, 0, 0, 0));
  assert.deepEqual(parseIpv4("255.255.255.255"), Uint8Array.of(255, 255, 255, 255));
  const cases: [string, number][] = [
    ["256.0.0.1", 0],
    ["1.2.3", 5],
    ["1.2.3.4.", 7],
    ["01.2.3.4", 0],
    ["1..3.4", 2],
    ["1.2.3.4 ", 7],
    ["", 0],
    ["1.2.3.1000", 6],
  ];
  for (const [text, offset] of cases) {
    assert.throws(() => parseIpv4(text), (e: unknown) => {
      assert.ok(e instanceof AddressSyntaxError, text);
      assert.equal(e.offset, offset, text);
      return true;
    });
  }
});

// RFC 5952 section 4 recommendations, and the RFC 4291 section 2.2 forms.
const V6: [string, string][] = [
  ["2001:db8:0:0:0:0:2:1", "2001:db8::2:1"],
  ["2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1"],
  ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // 4.2.2: one 0 group is not shortened
  ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // 4.2.3: first of equal runs
  ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"], // 4.2.3: longest run
  ["2001:DB8::AAAA", "2001:db8::aaaa"], // 4.3: lowercase
  ["::", "::"],
  ["::1", "::1"],
  ["1::", "1::"],
  ["0:0:0:0:0:ffff:192.0.2.1", "::ffff:192.0.2.1"],
  ["::ffff:c000:0201", "::ffff:192.0.2.1"],
  ["::192.0.2.1", "::c000:201"],
  ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
  ["1:2:3:4:5:6::", "1:2:3:4:5:6::"],
  ["64:ff9b::198.51.100.7", "64:ff9b::c633:6407"],
];

test("parseIpv6() and formatIpv6() follow RFC 4291 and RFC 5952", () => {
  for (const [input, canonical] of V6) {
    const { bytes } = parseIpv6(input);
    assert.equal(formatIpv6(bytes), canonical, input);
    assert.deepEqual(parseIpv6(canonical).bytes, bytes, canonical);
  }
});

test("parseIpv6() keeps zone ids and parseIp() accepts brackets", () => {
  assert.deepEqual(parseIp("fe80::1%eth0"), {
    family: 6,
    bytes: parseIpv6("fe80::1").bytes,
    zone: "eth0",
  });
  assert.equal(formatIp(parseIp("fe80::1%eth0")), "fe80::1%eth0");
  assert.equal(formatIp(parseIp("[2001:db8::1]")), "2001:db8::1");
  assert.equal(formatIp(parseIp("10.1.2.3")), "10.1.2.3");
});

test("parseIpv6() rejects malformed addresses", () => {
  for (
    const bad of [
      ":",
      ":::",
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      "12345::",
      "1:2:3:4:5:6:7",
      ":1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:",
      "1:2:3:4:5:6:7:1.2.3.4",
      "::ffff:1.2.3",
      "::g",
      "fe80::1%",
      "1:2:3:4::5:6:7:8",
    ]
  ) {
    assert.throws(() => parseIpv6(bad), AddressSyntaxError, bad);
  }
  assert.equal(ipFamily("::1"), 6);
  assert.equal(ipFamily("1.2.3.4"), 4);
  assert.equal(ipFamily("example.com"), 0);
});

test("parseCidr() clears host bits unless strict", () => {
  const c = parseCidr("192.168.1.77/24");
  assert.equal(c.prefix, 24);
  assert.equal(formatIp(c.bytes), "192.168.1.0");
  assert.throws(() => parseCidr("192.168.1.77/24", true), AddressSyntaxError);
  assert.throws(() => parseCidr("10.0.0.0/33"), AddressSyntaxError);
  assert.throws(() => parseCidr("10.0.0.0/08"), AddressSyntaxError);
  assert.throws(() => parseCidr("10.0.0.0"), AddressSyntaxError);
  assert.equal(formatIp(parseCidr("2001:db8:ffff::/33").bytes), "2001:db8:8000::");
});

test("cidrContains() matches prefixes of both families", () => {
  assert.equal(cidrContains("10.0.0.0/8", "10.200.3.4"), true);
  assert.equal(cidrContains("10.0.0.0/8", "11.0.0.1"), false);
  assert.equal(cidrContains("192.168.0.0/23", "192.168.1.255"), true);
  assert.equal(cidrContains("192.168.0.0/23", "192.168.2.0"), false);
  assert.equal(cidrContains("0.0.0.0/0", "8.8.8.8"), true);
  assert.equal(cidrContains("2001:db8::/32", "2001:db8:1::1"), true);
  assert.equal(cidrContains("2001:db8::/32", "2001:db9::1"), false);
  assert.equal(cidrContains("fe80::/10", "febf::1"), true);
  assert.equal(cidrContains("fe80::/10", "fec0::1"), false);
  assert.equal(cidrContains("127.0.0.0/8", "::ffff:127.0.0.1"), true);
  assert.equal(cidrContains("127.0.0.0/8", "::1"), false);
  assert.equal(cidrContains("::/0", "1.2.3.4"), false);
  assert.equal(cidrContains("1.2.3.4/32", Uint8Array.of(1, 2, 3, 4)), true);
});
