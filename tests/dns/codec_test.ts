import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeDnsMessage, DnsSyntaxError, encodeDnsMessage } from "../../dns/mod.ts";

function a(name: string, data: string) {
  return { name, type: "A" as const, class: 1, ttl: 60, data };
}

test("encodeDnsMessage() compresses shared suffixes and case-insensitive repeats", () => {
  const wire = encodeDnsMessage({
    id: 1,
    qr: true,
    questions: [{ name: "a.example.test", type: "A", class: 1 }],
    answers: [a("A.EXAMPLE.test", "192.0.2.1"), a("b.example.test", "192.0.2.2")],
  });
  // header 12 + question (16 + 4) + answer 1 (pointer 2 + 10 + 4)
  // + answer 2 ("b" label 2 + pointer 2 + 10 + 4)
  assert.equal(wire.length, 12 + 20 + 16 + 18);
  // The first answer's owner is a pointer to the question name at 12.
  assert.deepEqual([...wire.subarray(32, 34)], [0xc0, 12]);
  // The second owner is "b" then a pointer to "example.test" at offset 14.
  assert.deepEqual([...wire.subarray(48, 52)], [1, 0x62, 0xc0, 14]);
  const m = decodeDnsMessage(wire);
  assert.deepEqual(m.answers.map((r) => r.name), ["a.example.test", "b.example.test"]);
  const plain = encodeDnsMessage({
    id: 1,
    questions: [{ name: "a.example.test", type: "A", class: 1 }],
    answers: [a("b.example.test", "192.0.2.2")],
  }, { compress: false });
  assert.equal(decodeDnsMessage(plain).answers[0].name, "b.example.test");
  assert.equal(plain.length, 12 + 20 + 16 + 14);
});

test("encodeDnsMessage() keeps escaped dots and bytes apart from label boundaries", () => {
  const names = [
    "a\\.b.example.test",
    "a.b.example.test",
    "\\000x\\\\.example.test",
    "x.example.test",
  ];
  const wire = encodeDnsMessage({
    id: 2,
    qr: true,
    answers: names.map((n, i) => a(n, `192.0.2.${i + 1}`)),
  });
  const back = decodeDnsMessage(wire);
  assert.deepEqual(back.answers.map((r) => r.name), names);
  assert.deepEqual(back.answers.map((r) => r.data), [
    "192.0.2.1",
    "192.0.2.2",
    "192.0.2.3",
    "192.0.2.4",
  ]);
});

test("encodeDnsMessage() rejects bad names and addresses, then encodes normally again", () => {
  assert.throws(
    () => encodeDnsMessage({ questions: [{ name: "a..b", type: "A", class: 1 }] }),
    TypeError,
  );
  assert.throws(
    () =>
      encodeDnsMessage({ questions: [{ name: `${"x".repeat(64)}.test`, type: "A", class: 1 }] }),
    RangeError,
  );
  const long = Array.from({ length: 5 }, () => "y".repeat(60)).join(".");
  assert.throws(
    () => encodeDnsMessage({ questions: [{ name: long, type: "A", class: 1 }] }),
    RangeError,
  );
  for (const bad of ["1.2.3", "01.2.3.4", "256.1.1.1", "1.2.3.4.5", "a.b.c.d"]) {
    assert.throws(() => encodeDnsMessage({ answers: [a("x.test", bad)] }), SyntaxError, bad);
  }
  assert.throws(
    () => encodeDnsMessage({ answers: [a("x.test", 7 as unknown as string)] }),
    TypeError,
  );
  assert.throws(
    () => encodeDnsMessage({ answers: [a("x.test", "192.0.2.1")] }, { maxSize: 20 }),
    RangeError,
  );
  const ok = encodeDnsMessage({ id: 3, answers: [a("x.test", "0.0.0.0")] });
  assert.deepEqual(decodeDnsMessage(ok).answers, [a("x.test", "0.0.0.0")]);
});

test("encodeDnsMessage() grows past its first buffer for large messages", () => {
  const answers = Array.from({ length: 200 }, (_, i) => a(`h${i}.example.test`, `10.0.${i}.1`));
  const back = decodeDnsMessage(encodeDnsMessage({ id: 4, qr: true, answers }));
  assert.deepEqual(back.answers, answers);
});

test("decodeDnsMessage() resolves pointers into the middle of earlier names", () => {
  const wire = new Uint8Array([
    0,
    1,
    0x81,
    0x80,
    0,
    1,
    0,
    2,
    0,
    0,
    0,
    0,
    // question "www.example.test" A IN at 12
    3,
    0x77,
    0x77,
    0x77,
    7,
    0x65,
    0x78,
    0x61,
    0x6d,
    0x70,
    0x6c,
    0x65,
    4,
    0x74,
    0x65,
    0x73,
    0x74,
    0,
    0,
    1,
    0,
    1,
    // answer 1: owner -> 12, CNAME -> "cdn" + pointer to "example.test" (16)
    0xc0,
    12,
    0,
    5,
    0,
    1,
    0,
    0,
    0,
    60,
    0,
    6,
    3,
    0x63,
    0x64,
    0x6e,
    0xc0,
    16,
    // answer 2: owner "x" + pointer to "test" (24)
    1,
    0x78,
    0xc0,
    24,
    0,
    1,
    0,
    1,
    0,
    0,
    0,
    60,
    0,
    4,
    192,
    0,
    2,
    1,
  ]);
  const m = decodeDnsMessage(wire);
  assert.equal(m.questions[0].name, "www.example.test");
  assert.equal(m.answers[0].name, "www.example.test");
  assert.equal(m.answers[0].data, "cdn.example.test");
  assert.equal(m.answers[1].name, "x.test");
});

test("decodeDnsMessage() enforces the 255-octet limit through a cached suffix", () => {
  // Question name of 4 x 50-octet labels (204 octets), then an answer owner
  // of one 60-octet label pointing to it: 61 + 204 > 255.
  const label = (n: number) => [n, ...new Array(n).fill(0x61)];
  const qname = [...label(50), ...label(50), ...label(50), ...label(50), 0];
  const bytes = new Uint8Array([
    0,
    1,
    0x81,
    0x80,
    0,
    1,
    0,
    1,
    0,
    0,
    0,
    0,
    ...qname,
    0,
    1,
    0,
    1,
    ...label(60),
    0xc0,
    12,
    0,
    1,
    0,
    1,
    0,
    0,
    0,
    60,
    0,
    4,
    192,
    0,
    2,
    1,
  ]);
  assert.throws(() => decodeDnsMessage(bytes), (e: unknown) => {
    assert.ok(e instanceof DnsSyntaxError);
    assert.match(e.message, /255/);
    assert.equal(e.offset, 12 + qname.length + 4 + 61);
    return true;
  });
  // The same owner with a 40-octet label is fine (41 + 204 + 1 = 246).
  const fine = new Uint8Array([
    0,
    1,
    0x81,
    0x80,
    0,
    1,
    0,
    1,
    0,
    0,
    0,
    0,
    ...qname,
    0,
    1,
    0,
    1,
    ...label(40),
    0xc0,
    12,
    0,
    1,
    0,
    1,
    0,
    0,
    0,
    60,
    0,
    4,
    192,
    0,
    2,
    1,
  ]);
  assert.equal(decodeDnsMessage(fine).answers[0].name.length, 40 + 1 + 203);
});

test("decodeDnsMessage() does not reuse names across messages", () => {
  const one = encodeDnsMessage({ id: 1, qr: true, answers: [a("one.example.test", "192.0.2.1")] });
  decodeDnsMessage(one);
  // A pointer to offset 12 in a message where 12 holds another name.
  const two = encodeDnsMessage({
    id: 2,
    qr: true,
    answers: [a("two.example.test", "192.0.2.2"), a("two.example.test", "192.0.2.3")],
  });
  assert.deepEqual(decodeDnsMessage(two).answers.map((r) => r.name), [
    "two.example.test",
    "two.example.test",
  ]);
  // A forward pointer is still rejected after names were cached.
  const fwd = Uint8Array.from(two);
  assert.deepEqual([...fwd.subarray(44, 46)], [0xc0, 12]);
  fwd[45] = 60;
  assert.throws(() => decodeDnsMessage(fwd), DnsSyntaxError);
});

test("encodeDnsMessage() points repeated owner names at the first copy, and never when compress is off", () => {
  const m = {
    id: 5,
    qr: true,
    questions: [{ name: "multi.example.test", type: "A" as const, class: 1 }],
    answers: [a("multi.example.test", "10.0.0.1"), a("multi.example.test", "10.0.0.2")],
  };
  const wire = encodeDnsMessage(m);
  assert.equal(wire.length, 12 + 24 + 16 + 16);
  assert.deepEqual([...wire.subarray(36, 38)], [0xc0, 12]);
  assert.deepEqual([...wire.subarray(52, 54)], [0xc0, 12]);
  const plain = encodeDnsMessage(m, { compress: false });
  assert.equal(plain.length, 12 + 24 + 2 * (20 + 14));
  assert.ok(!plain.includes(0xc0), "no pointer bytes (the addresses avoid 192)");
  assert.deepEqual(decodeDnsMessage(plain).answers, decodeDnsMessage(wire).answers);
  // A second message starting with the same name does not reuse the first's offsets.
  const other = encodeDnsMessage({ id: 6, answers: [a("multi.example.test", "192.0.2.3")] });
  assert.equal(other.length, 12 + 20 + 14);
  assert.equal(decodeDnsMessage(other).answers[0].name, "multi.example.test");
});

test("CAA (RFC 8659) and NAPTR (RFC 3403) records survive encode and decode byte-exactly", () => {
  const caa = {
    name: "example.test",
    type: "CAA" as const,
    class: 1,
    ttl: 300,
    data: { flags: 128, tag: "issue", value: new TextEncoder().encode("ca.example.net") },
  };
  const naptr = {
    name: "sip.example.test",
    type: "NAPTR" as const,
    class: 1,
    ttl: 300,
    data: {
      order: 100,
      preference: 10,
      flags: "S",
      services: "SIP+D2U",
      regexp: "",
      replacement: "_sip._udp.example.test",
    },
  };
  const wire = encodeDnsMessage({ id: 7, qr: true, answers: [caa, naptr] }, { compress: false });
  // CAA RDATA per RFC 8659 4.1: flags, tag length, tag, value.
  const caaRdata = [128, 5, ...new TextEncoder().encode("issue"), ...caa.data.value];
  const start = 12 + 14 + 10; // header, owner "example.test" (14), type/class/ttl/rdlength
  assert.deepEqual([...wire.subarray(start - 2, start)], [0, caaRdata.length]);
  assert.deepEqual([...wire.subarray(start, start + caaRdata.length)], caaRdata);
  const back = decodeDnsMessage(wire);
  assert.deepEqual(back.answers, [caa, naptr]);
  assert.deepEqual(encodeDnsMessage(back, { compress: false }), wire);
});

test("encodeDnsMessage() refuses Object.prototype names as record types", () => {
  for (const type of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
    assert.throws(
      () => encodeDnsMessage({ questions: [{ name: "x.test", type: type as "A", class: 1 }] }),
      RangeError,
      type,
    );
  }
});
