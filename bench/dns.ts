// Copyright 2026 the wirekit authors. MIT license.
// DNS: codec encode+decode of a 4-answer response against dns-packet, and a
// cached lookup against the runtime's resolver (node:dns lookup of localhost,
// answered from /etc/hosts by getaddrinfo).
import { createRequire } from "node:module";
import { promises as nodeDns } from "node:dns";
import { decodeDnsMessage, type DnsMessage, DnsResolver, encodeDnsMessage } from "../dns/mod.ts";
import { MemoryNetwork } from "../net/mod.ts";
import { type BenchContender, runBench } from "./_runner.ts";

// dns-packet ships no type declarations: type the two calls used here.
interface DnsPacketLike {
  RECURSION_DESIRED: number;
  RECURSION_AVAILABLE: number;
  encode(p: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}
const dnsPacket = createRequire(import.meta.url)("dns-packet") as DnsPacketLike;

/** Runs the dns workload. */
export async function benchDns(): Promise<void> {
  const msg: Partial<DnsMessage> = {
    id: 4242,
    qr: true,
    rd: true,
    ra: true,
    questions: [{ name: "multi.example.test", type: "A", class: 1 }],
    answers: [1, 2, 3, 4].map((i) => ({
      name: "multi.example.test",
      type: "A" as const,
      class: 1,
      ttl: 300,
      data: `127.0.0.${20 + i}`,
    })),
  };
  const packet = {
    id: 4242,
    type: "response" as const,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: [{ name: "multi.example.test", type: "A" as const, class: "IN" as const }],
    answers: [1, 2, 3, 4].map((i) => ({
      name: "multi.example.test",
      type: "A" as const,
      class: "IN" as const,
      ttl: 300,
      data: `127.0.0.${20 + i}`,
    })),
  };
  await runBench({
    name: "dns encode+decode 4-answer response",
    contenders: [
      { name: "wirekit", fn: () => decodeDnsMessage(encodeDnsMessage(msg)) },
      { name: "dns-packet", fn: () => dnsPacket.decode(dnsPacket.encode(packet)) },
    ],
  });

  // A memory-network server answers once; after that the cache answers.
  const net = new MemoryNetwork();
  const server = await net.bindDatagram({ hostname: "127.0.0.1", port: 53 });
  const serving = (async () => {
    for await (const d of server) {
      const q = decodeDnsMessage(d.data);
      const answers = q.questions[0].type === "A"
        ? [{
          name: q.questions[0].name,
          type: "A" as const,
          class: 1,
          ttl: 3600,
          data: "127.0.0.10",
        }]
        : [];
      await server.send(
        encodeDnsMessage({ id: q.id, qr: true, questions: q.questions, answers }),
        d.remote,
      );
    }
  })();
  const r = new DnsResolver({
    servers: ["127.0.0.1"],
    transport: net,
    resolvConf: false,
    hostsFile: false,
  });
  await r.lookup("www.example.test", { family: 4 });
  const contenders: BenchContender[] = [
    { name: "wirekit", fn: () => r.lookup("www.example.test", { family: 4 }) },
    { name: "node:dns lookup", fn: () => nodeDns.lookup("localhost", { family: 4 }) },
  ];
  await runBench({ name: "dns cached lookup", contenders });
  await r.close();
  await server.close();
  await serving;
}
