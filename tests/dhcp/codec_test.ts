import { test } from "node:test";
import assert from "node:assert/strict";
import {
  decodeDhcpMessage,
  DhcpError,
  type DhcpMessageInit,
  DhcpSyntaxError,
  encodeDhcpMessage,
} from "../../dhcp/mod.ts";
import { seededBytes } from "../_util.ts";

const MAC = Uint8Array.of(0x00, 0x0b, 0x82, 0x01, 0xfc, 0x42);

function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, "");
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** A BOOTP header + cookie with the given options bytes (no padding). */
function message(opts: Uint8Array, patch?: (b: Uint8Array) => void): Uint8Array {
  const b = new Uint8Array(240 + opts.length);
  b[0] = 2;
  b[1] = 1;
  b[2] = 6;
  b.set([0x39, 0x03, 0xf3, 0x26], 4);
  b.set(MAC, 28);
  b.set([99, 130, 83, 99], 236);
  b.set(opts, 240);
  patch?.(b);
  return b;
}

function syntaxAt(fn: () => unknown, offset: number) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DhcpSyntaxError, `expected DhcpSyntaxError, got ${e}`);
    assert.ok(e instanceof SyntaxError);
    assert.equal(e.offset, offset, `offset of ${e.message}`);
    return true;
  });
}

test("encodeDhcpMessage() lays out the RFC 2131 header, cookie and options", () => {
  const bytes = encodeDhcpMessage({
    op: 1,
    xid: 0x3903f326,
    secs: 3,
    broadcast: true,
    ciaddr: "0.0.0.0",
    giaddr: "10.0.0.254",
    chaddr: MAC,
    options: {
      messageType: "DISCOVER",
      requestedAddress: "192.0.2.7",
      parameterRequestList: [1, 3, 6, 42],
    },
  });
  assert.equal(bytes.length, 300); // padded to the BOOTP minimum
  assert.deepEqual(
    bytes.subarray(0, 12),
    hex("01 01 06 00 3903f326 0003 8000"),
  );
  assert.deepEqual(bytes.subarray(24, 28), hex("0a0000fe"));
  assert.deepEqual(bytes.subarray(28, 44), hex("000b8201fc42 00000000000000000000"));
  assert.ok(bytes.subarray(44, 236).every((b) => b === 0));
  assert.deepEqual(bytes.subarray(236, 240), hex("63825363"));
  assert.deepEqual(
    bytes.subarray(240, 240 + 16),
    hex("350101 3204c0000207 3704 01 03 06 2a ff"),
  );
  assert.ok(bytes.subarray(256).every((b) => b === 0));
});

test("decodeDhcpMessage() reads an OFFER with the common options typed", () => {
  const opts = hex(
    "350102" + // OFFER
      "3604c0000201" + // server id 192.0.2.1
      "330400000e10" + // lease 3600
      "3a0400000708" + // T1 1800
      "3b0400000c4e" + // T2 3150
      "0104ffffff00" + // mask
      "0308c0000201c00002fe" + // routers
      "0604c0000235" + // dns
      "0c0468657374" + // hostname "hest"
      "0f0c6578616d706c652e74657374" + // domain "example.test"
      "1a0205dc" + // MTU 1500
      "1c04c00002ff" + // broadcast
      "2a04c000027b" + // ntp
      "3802" + "6f6b" + // message "ok"
      "3902 0240" + // max size 576
      "3c084d53465420352e30" + // vendor class "MSFT 5.0"
      "3d0701000b8201fc42" + // client id
      "5000" + // rapid commit
      "fc0568747470" + "3a" + // wpad "http:"
      "2b03010203" + // vendor specific (43) -> raw
      "ff",
  );
  const m = decodeDhcpMessage(message(opts, (b) => b.set([192, 0, 2, 10], 16)));
  assert.equal(m.op, 2);
  assert.equal(m.xid, 0x3903f326);
  assert.equal(m.yiaddr, "192.0.2.10");
  assert.deepEqual(m.chaddr, MAC);
  assert.equal(m.broadcast, false);
  assert.deepEqual(m.options, {
    messageType: "OFFER",
    serverId: "192.0.2.1",
    leaseTime: 3600,
    renewalTime: 1800,
    rebindingTime: 3150,
    subnetMask: "255.255.255.0",
    routers: ["192.0.2.1", "192.0.2.254"],
    dnsServers: ["192.0.2.53"],
    hostname: "hest",
    domainName: "example.test",
    interfaceMtu: 1500,
    broadcastAddress: "192.0.2.255",
    ntpServers: ["192.0.2.123"],
    message: "ok",
    maxMessageSize: 576,
    vendorClassId: "MSFT 5.0",
    clientId: hex("01000b8201fc42"),
    rapidCommit: true,
    wpad: "http:",
    raw: new Map([[43, Uint8Array.of(1, 2, 3)]]),
  });
});

test("encodeDhcpMessage() and decodeDhcpMessage() round-trip every typed option", () => {
  const init: DhcpMessageInit = {
    op: 2,
    xid: 0xffffffff,
    secs: 65535,
    broadcast: true,
    ciaddr: "10.1.2.3",
    yiaddr: "10.1.2.4",
    siaddr: "10.1.2.5",
    giaddr: "10.1.2.6",
    chaddr: MAC,
    sname: "boot-server",
    file: "pxelinux.0",
    options: {
      messageType: "ACK",
      subnetMask: "255.255.0.0",
      routers: ["10.1.0.1"],
      dnsServers: ["10.1.0.2", "10.1.0.3"],
      hostname: "device-7",
      domainName: "lan",
      interfaceMtu: 1400,
      broadcastAddress: "10.1.255.255",
      ntpServers: ["10.1.0.4"],
      requestedAddress: "10.1.2.4",
      leaseTime: 0xffffffff,
      serverId: "10.1.0.1",
      parameterRequestList: [1, 3, 6, 15, 119, 121],
      message: "hello",
      maxMessageSize: 1500,
      renewalTime: 100,
      rebindingTime: 175,
      vendorClassId: "wirekit",
      clientId: Uint8Array.of(1, ...MAC),
      rapidCommit: true,
      clientFqdn: { flags: 0x05, rcode1: 0, rcode2: 0, name: "device-7.lan." },
      domainSearch: ["lan", "example.test"],
      classlessStaticRoutes: [
        { destination: "0.0.0.0/0", router: "10.1.0.1" },
        { destination: "10.27.129.0/24", router: "10.1.0.9" },
      ],
      wpad: "http://wpad/wpad.dat",
      raw: new Map([[43, Uint8Array.of(9, 9)], [224, new Uint8Array(0)]]),
    },
  };
  const m = decodeDhcpMessage(encodeDhcpMessage(init));
  const { options, ...header } = init;
  assert.deepEqual(m, { htype: 1, hlen: 6, hops: 0, ...header, options });
});

test("decodeDhcpMessage() decodes the RFC 3397 domain search example with compression", () => {
  // RFC 3397 section 3: "eng.apple.com." and "marketing.apple.com.", the
  // second pointing at "apple.com." (offset 4), split over three instances
  // as in the RFC's figure.
  const data = hex("03656e67056170706c6503636f6d00 096d61726b6574696e67 c004");
  const opts = new Uint8Array([
    119,
    9,
    ...data.subarray(0, 9),
    119,
    9,
    ...data.subarray(9, 18),
    119,
    data.length - 18,
    ...data.subarray(18),
    255,
  ]);
  const m = decodeDhcpMessage(message(opts));
  assert.deepEqual(m.options.domainSearch, ["eng.apple.com", "marketing.apple.com"]);
  // The encoder compresses the same way.
  const enc = encodeDhcpMessage({
    op: 2,
    xid: 1,
    chaddr: MAC,
    options: { domainSearch: ["eng.apple.com.", "marketing.apple.com."] },
  });
  assert.deepEqual(
    enc.subarray(240, 240 + 2 + data.length),
    Uint8Array.of(119, data.length, ...data),
  );
});

test("decodeDhcpMessage() decodes the RFC 3442 destination descriptors", () => {
  // RFC 3442 section 2 table, each with router 10.0.0.1.
  const descriptors = [
    ["0", "0.0.0.0/0"],
    ["08 0a", "10.0.0.0/8"],
    ["18 0a 00 00", "10.0.0.0/24"],
    ["10 0a 11", "10.17.0.0/16"],
    ["18 0a 1b 81", "10.27.129.0/24"],
    ["19 0a e5 00 80", "10.229.0.128/25"],
    ["20 0a c6 7a 2f", "10.198.122.47/32"],
  ];
  const data = hex(descriptors.map(([d]) => d.padStart(2, "0") + "0a000001").join(""));
  const m = decodeDhcpMessage(message(Uint8Array.of(121, data.length, ...data, 255)));
  assert.deepEqual(
    m.options.classlessStaticRoutes,
    descriptors.map(([, destination]) => ({ destination, router: "10.0.0.1" })),
  );
  const enc = encodeDhcpMessage({
    op: 2,
    xid: 1,
    chaddr: MAC,
    options: { classlessStaticRoutes: m.options.classlessStaticRoutes },
  });
  assert.deepEqual(enc.subarray(242, 242 + data.length), data);
});

test("decodeDhcpMessage() decodes the RFC 4702 client FQDN in both encodings", () => {
  const wire = decodeDhcpMessage(
    message(hex("5115 05 0000 04686f7374076578616d706c6503636f6d00 ff")),
  );
  assert.deepEqual(wire.options.clientFqdn, {
    flags: 5,
    rcode1: 0,
    rcode2: 0,
    name: "host.example.com.",
  });
  const partial = decodeDhcpMessage(message(hex("5108 04 ffff 04686f7374 ff")));
  assert.equal(partial.options.clientFqdn?.name, "host");
  const ascii = decodeDhcpMessage(message(hex("5107 00 0000 686f7374 ff")));
  assert.deepEqual(ascii.options.clientFqdn, { flags: 0, rcode1: 0, rcode2: 0, name: "host" });
});

test("encodeDhcpMessage() splits an option longer than 255 bytes (RFC 3396)", () => {
  const big = seededBytes(3, 600);
  const bytes = encodeDhcpMessage(
    { op: 2, xid: 1, chaddr: MAC, options: { raw: new Map([[43, big]]) } },
    { maxSize: 1500 },
  );
  assert.deepEqual(bytes.subarray(240, 242), Uint8Array.of(43, 255));
  assert.deepEqual(bytes.subarray(240 + 257, 240 + 259), Uint8Array.of(43, 255));
  assert.deepEqual(bytes.subarray(240 + 514, 240 + 516), Uint8Array.of(43, 90));
  assert.deepEqual(decodeDhcpMessage(bytes).options.raw?.get(43), big);
});

test("encodeDhcpMessage() overloads file and sname (option 52) when options do not fit", () => {
  const routes = Array.from({ length: 60 }, (_, i) => ({
    destination: `10.${i}.0.0/16`,
    router: "192.0.2.1",
  }));
  const init: DhcpMessageInit = {
    op: 2,
    xid: 9,
    chaddr: MAC,
    options: {
      messageType: "ACK",
      classlessStaticRoutes: routes, // 60 * 7 = 420 bytes
      domainSearch: ["a.example", "b.example"],
    },
  };
  const bytes = encodeDhcpMessage(init);
  assert.equal(bytes.length, 548);
  assert.deepEqual(bytes.subarray(240, 243), Uint8Array.of(52, 1, 3)); // file and sname used
  const m = decodeDhcpMessage(bytes);
  assert.equal(m.file, "");
  assert.equal(m.sname, "");
  assert.deepEqual(m.options, init.options);
  // With a non-empty file only sname is available and it does not suffice.
  assert.throws(() => encodeDhcpMessage({ ...init, file: "x", sname: "y" }), RangeError);
  // A larger maxSize needs no overload.
  const roomy = encodeDhcpMessage(init, { maxSize: 1500 });
  assert.notEqual(roomy[240 + 3], 52);
  assert.deepEqual(decodeDhcpMessage(roomy).options, init.options);
});

test("decodeDhcpMessage() joins an option split over options, file and sname in that order", () => {
  const b = message(hex("340103 2b020102 ff"));
  b.set(hex("2b020304 ff"), 108); // file
  b.set(hex("0f0461626364 2b0105 ff"), 44); // sname
  const m = decodeDhcpMessage(b);
  assert.deepEqual(m.options.raw?.get(43), Uint8Array.of(1, 2, 3, 4, 5));
  assert.equal(m.options.domainName, "abcd");
  assert.equal(m.sname, "");
  assert.equal(m.file, "");
});

test("decodeDhcpMessage() reads sname and file as text when not overloaded", () => {
  const b = message(hex("ff"));
  b.set(new TextEncoder().encode("srv"), 44);
  b.set(new TextEncoder().encode("boot/file"), 108);
  const m = decodeDhcpMessage(b);
  assert.equal(m.sname, "srv");
  assert.equal(m.file, "boot/file");
});

test("decodeDhcpMessage() tolerates PAD and a missing END, and stops at END", () => {
  const m = decodeDhcpMessage(message(hex("00 00 350105 00")));
  assert.equal(m.options.messageType, "ACK");
  const n = decodeDhcpMessage(message(hex("350105 ff 0104")));
  assert.equal(n.options.subnetMask, undefined);
});

test("decodeDhcpMessage() rejects malformed messages with the offset", () => {
  syntaxAt(() => decodeDhcpMessage(new Uint8Array(239)), 239);
  syntaxAt(() => decodeDhcpMessage(message(hex("ff"), (b) => (b[0] = 3))), 0);
  syntaxAt(() => decodeDhcpMessage(message(hex("ff"), (b) => (b[2] = 17))), 2);
  syntaxAt(() => decodeDhcpMessage(message(hex("ff"), (b) => (b[239] = 0))), 236);
  syntaxAt(() => decodeDhcpMessage(message(hex("350105 0104ffff"))), 243);
  syntaxAt(() => decodeDhcpMessage(message(hex("350105 01"))), 243);
  syntaxAt(() => decodeDhcpMessage(message(hex("350105 0103ffffff ff"))), 243);
  syntaxAt(() => decodeDhcpMessage(message(hex("0305 0102030405 ff"))), 240);
  syntaxAt(() => decodeDhcpMessage(message(hex("3300 ff"))), 240);
  syntaxAt(() => decodeDhcpMessage(message(hex("350100 ff"))), 240);
  syntaxAt(() => decodeDhcpMessage(message(hex("35010e ff"))), 240);
  syntaxAt(() => decodeDhcpMessage(message(hex("1a020010 ff"))), 240); // MTU 16
  syntaxAt(() => decodeDhcpMessage(message(hex("39020100 ff"))), 240); // max size 256
  syntaxAt(() => decodeDhcpMessage(message(hex("500101 ff"))), 240);
  syntaxAt(() => decodeDhcpMessage(message(hex("3d0101 ff"))), 240);
  syntaxAt(() => decodeDhcpMessage(message(hex("340104 ff"))), 240); // overload 4
  syntaxAt(() => decodeDhcpMessage(message(hex("3401"))), 240);
  // Option running past the end of the file field.
  const b = message(hex("340101 ff"));
  b.set(hex("2bff"), 234);
  syntaxAt(() => decodeDhcpMessage(b), 234);
});

test("decodeDhcpMessage() rejects bad classless routes (RFC 3442)", () => {
  syntaxAt(() => decodeDhcpMessage(message(hex("7905 21 0a000001 ff"))), 242);
  syntaxAt(() => decodeDhcpMessage(message(hex("7905 08 0a 000001 ff"))), 242);
});

test("decodeDhcpMessage() rejects a domain search compression loop or forward pointer", () => {
  // Self pointer at offset 0.
  syntaxAt(() => decodeDhcpMessage(message(hex("7702 c000 ff"))), 242);
  // Pointer forward to a later name.
  syntaxAt(() => decodeDhcpMessage(message(hex("7706 c002 01610000 ff"))), 242);
  // Two names pointing at each other: the second points back into itself via the first.
  syntaxAt(() => decodeDhcpMessage(message(hex("7708 0161c004 0162c000 ff"))), 244);
  // Unterminated name and overlong label.
  syntaxAt(() => decodeDhcpMessage(message(hex("7702 0161 ff"))), 244);
  syntaxAt(() => decodeDhcpMessage(message(hex("7702 4061 ff"))), 242);
  // Name longer than 255 bytes.
  const long = Array.from({ length: 5 }, () => "3f" + "61".repeat(63)).join("");
  const data = hex(long + "00");
  const opts = new Uint8Array([
    119,
    255,
    ...data.subarray(0, 255),
    119,
    data.length - 255,
    ...data.subarray(255),
    255,
  ]);
  assert.throws(() => decodeDhcpMessage(message(opts)), DhcpSyntaxError);
});

test("decodeDhcpMessage() enforces maxSize and maxSearchNames", () => {
  assert.throws(
    () => decodeDhcpMessage(new Uint8Array(70000)),
    (e: unknown) => e instanceof DhcpError && e.code === "ELIMIT",
  );
  const three = hex("7709 016100 016200 016300 ff");
  assert.deepEqual(decodeDhcpMessage(message(three)).options.domainSearch, ["a", "b", "c"]);
  assert.throws(() => decodeDhcpMessage(message(three), { maxSearchNames: 2 }), DhcpSyntaxError);
});

test("encodeDhcpMessage() rejects caller misuse with TypeError or RangeError", () => {
  const base = { op: 1 as const, xid: 1, chaddr: MAC };
  assert.throws(() => encodeDhcpMessage({ ...base, chaddr: new Uint8Array(17) }), RangeError);
  assert.throws(() => encodeDhcpMessage({ ...base, xid: -1 }), RangeError);
  assert.throws(
    () => encodeDhcpMessage({ ...base, options: { subnetMask: "1.2.3" } }),
    SyntaxError,
  );
  assert.throws(() => encodeDhcpMessage({ ...base, options: { leaseTime: 2 ** 32 } }), TypeError);
  assert.throws(() => encodeDhcpMessage({ ...base, options: { interfaceMtu: 10 } }), RangeError);
  assert.throws(
    () => encodeDhcpMessage({ ...base, options: { raw: new Map([[52, Uint8Array.of(1)]]) } }),
    TypeError,
  );
  assert.throws(
    () =>
      encodeDhcpMessage({
        ...base,
        options: { hostname: "a", raw: new Map([[12, Uint8Array.of(1)]]) },
      }),
    TypeError,
  );
  assert.throws(() => encodeDhcpMessage({ ...base, sname: "x".repeat(65) }), RangeError);
  assert.throws(() => encodeDhcpMessage(base, { maxSize: 100 }), RangeError);
  assert.throws(
    () => encodeDhcpMessage({ ...base, options: { domainSearch: ["a".repeat(64) + ".b"] } }),
    RangeError,
  );
});

test("decodeDhcpMessage() on mutated messages throws only DhcpSyntaxError", () => {
  const good = encodeDhcpMessage({
    op: 2,
    xid: 5,
    chaddr: MAC,
    options: {
      messageType: "ACK",
      domainSearch: ["a.example", "b.example"],
      classlessStaticRoutes: [{ destination: "10.0.0.0/8", router: "10.0.0.1" }],
      clientFqdn: { flags: 4, rcode1: 0, rcode2: 0, name: "x.y." },
      routers: ["10.0.0.1"],
    },
  });
  const noise = seededBytes(42, 4000);
  for (let i = 0; i < 1000; i++) {
    const b = good.slice();
    const at = 240 + (noise[(i * 2) % noise.length] % (good.length - 240));
    b[at] = noise[(i * 2 + 1) % noise.length];
    b[240 + (noise[(i * 3) % noise.length] % 60)] = noise[(i * 5) % noise.length];
    try {
      decodeDhcpMessage(b);
    } catch (e) {
      assert.ok(e instanceof DhcpSyntaxError, `mutation ${i}: ${e}`);
    }
  }
});
