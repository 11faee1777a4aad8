import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  decodeDnsMessage,
  type DnsMessage,
  DnsSyntaxError,
  encodeDnsMessage,
  formatDnsRecord,
} from "../../dns/mod.ts";
import { testdataPath } from "../_util.ts";

interface WireVector {
  name: string;
  transport: string;
  qname: string;
  qtype: string;
  edns_udp_size: number | null;
  query_hex: string;
  response_hex: string;
  rcode: number;
  tc: boolean;
  ancount: number;
  response_text_dnspython: string;
  query_text_dnspython: string;
}

interface MalformedVector {
  name: string;
  message_hex: string;
  expect: string;
}

const wire = JSON.parse(readFileSync(testdataPath("dns", "dns-wire-vectors.json"), "utf8"))
  .vectors as WireVector[];
const malformed = JSON.parse(
  readFileSync(testdataPath("dns", "dns-malformed-vectors.json"), "utf8"),
)
  .vectors as MalformedVector[];

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}

const RCODE = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"];

// The layout dnspython's Message.to_text() uses.
function dnspythonText(m: DnsMessage): string {
  const flags = [
    m.qr && "QR",
    m.aa && "AA",
    m.tc && "TC",
    m.rd && "RD",
    m.ra && "RA",
    m.ad && "AD",
    m.cd && "CD",
  ].filter(Boolean).join(" ");
  const lines = [`id ${m.id}`, "opcode QUERY", `rcode ${RCODE[m.rcode]}`, `flags ${flags}`];
  if (m.edns) lines.push(`edns ${m.edns.version}`, `payload ${m.edns.udpSize}`);
  lines.push(";QUESTION", ...m.questions.map((q) => `${q.name}. IN ${q.type}`));
  lines.push(";ANSWER", ...m.answers.map(formatDnsRecord));
  lines.push(";AUTHORITY", ...m.authorities.map(formatDnsRecord));
  lines.push(";ADDITIONAL", ...m.additionals.map(formatDnsRecord));
  return lines.join("\n");
}

test("the conformance data has 23 exchanges and 11 malformed messages", () => {
  assert.equal(wire.length, 23);
  assert.equal(malformed.length, 11);
});

for (const v of wire) {
  test(`decodeDnsMessage() decodes ${v.name} to the recorded content`, () => {
    const res = decodeDnsMessage(hex(v.response_hex));
    assert.equal(dnspythonText(res), v.response_text_dnspython);
    assert.equal(res.rcode, v.rcode);
    assert.equal(res.tc, v.tc);
    assert.equal(res.answers.length, v.ancount);
    const q = decodeDnsMessage(hex(v.query_hex));
    assert.equal(dnspythonText(q), v.query_text_dnspython);
    assert.equal(q.questions[0].name, v.qname);
    assert.equal(q.edns?.udpSize ?? null, v.edns_udp_size);
  });

  test(`encodeDnsMessage() round-trips ${v.name}`, () => {
    const res = decodeDnsMessage(hex(v.response_hex));
    const again = decodeDnsMessage(encodeDnsMessage(res));
    assert.deepEqual(again, res);
    // A query re-encodes to the exact recorded bytes.
    assert.deepEqual(encodeDnsMessage(decodeDnsMessage(hex(v.query_hex))), hex(v.query_hex));
  });
}

for (const v of malformed) {
  test(`decodeDnsMessage() rejects the malformed message ${v.name}`, () => {
    assert.equal(v.expect, "reject");
    const bytes = hex(v.message_hex);
    assert.throws(() => decodeDnsMessage(bytes), (e: unknown) => {
      assert.ok(e instanceof DnsSyntaxError, `${v.name}: ${e}`);
      assert.ok(e instanceof SyntaxError);
      assert.ok(
        Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= bytes.length,
        `offset ${e.offset}`,
      );
      return true;
    });
  });
}
