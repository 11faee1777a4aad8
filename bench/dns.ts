// Copyright 2026 the wirekit authors. MIT license.
// DNS: codec encode+decode of a 4-answer response against dns-packet; a
// cached lookup() against the runtime's resolver (node:dns lookup of
// localhost, answered from /etc/hosts by getaddrinfo, and under Deno
// Deno.resolveDns against a loopback server, which has no cache); and an
// uncached load of 10 000 distinct names, 200 in flight, against unbound on
// loopback next to node:dns's Resolver on the same server.
import { createRequire } from "node:module";
import dgram from "node:dgram";
import { promises as nodeDns } from "node:dns";
import { decodeDnsMessage, type DnsMessage, DnsResolver, encodeDnsMessage } from "../dns/mod.ts";
import { MemoryNetwork } from "../net/mod.ts";
import { startDnsPeers, UNBOUND } from "../tests/dns/_peers.ts";
import { type BenchContender, runBench, runtimeName } from "./_runner.ts";

// dns-packet ships no type declarations: type the two calls used here.
interface DnsPacketLike {
  RECURSION_DESIRED: number;
  RECURSION_AVAILABLE: number;
  encode(p: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}
const dnsPacket = createRequire(import.meta.url)("dns-packet") as DnsPacketLike;

// Deno's resolver, when running under Deno (typed here: the bench is also compiled by tsc).
interface DenoDns {
  resolveDns(
    name: string,
    type: "A",
    options: { nameServer: { ipAddr: string; port: number } },
  ): Promise<string[]>;
}
const deno = (globalThis as { Deno?: DenoDns }).Deno;

async function benchCodec(): Promise<void> {
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
}

/** A loopback UDP server answering every A question with 127.0.0.10 (for Deno.resolveDns). */
async function loopbackServer(): Promise<{ port: number; close(): Promise<void> }> {
  const s = dgram.createSocket("udp4");
  s.on("message", (m: Uint8Array, rinfo: { address: string; port: number }) => {
    try {
      const q = decodeDnsMessage(new Uint8Array(m));
      const answers = q.questions[0]?.type === "A"
        ? [{
          name: q.questions[0].name,
          type: "A" as const,
          class: 1,
          ttl: 3600,
          data: "127.0.0.10",
        }]
        : [];
      s.send(
        encodeDnsMessage({
          id: q.id,
          qr: true,
          rd: q.rd,
          ra: true,
          questions: q.questions,
          answers,
        }),
        rinfo.port,
        rinfo.address,
      );
    } catch { /* ignore junk */ }
  });
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
  return {
    port: s.address().port,
    close: () => new Promise<void>((resolve) => s.close(() => resolve())),
  };
}

async function benchCachedLookup(): Promise<void> {
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
  const loop = deno ? await loopbackServer() : undefined;
  if (deno && loop) {
    const opts = { nameServer: { ipAddr: "127.0.0.1", port: loop.port } };
    contenders.push({
      name: "Deno.resolveDns",
      fn: () => deno.resolveDns("www.example.test", "A", opts),
    });
  }
  try {
    await runBench({ name: "dns cached lookup", contenders });
  } finally {
    await loop?.close();
    await r.close();
    await server.close();
    await serving;
  }
}

interface LoadResult {
  ok: number;
  lost: number;
  ms: number;
}

/** Resolves every name with `inFlight` workers; bounded by `deadlineMs`. */
async function load(
  names: string[],
  inFlight: number,
  deadlineMs: number,
  resolveOne: (name: string) => Promise<string[]>,
): Promise<LoadResult> {
  let next = 0;
  let ok = 0;
  let lost = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < names.length && performance.now() - t0 < deadlineMs) {
      const name = names[next++];
      try {
        const addrs = await resolveOne(name);
        if (addrs.length === 1 && addrs[0] === "127.0.0.77") ok++;
        else lost++;
      } catch {
        lost++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  lost += names.length - next; // not started before the deadline
  return { ok, lost, ms: performance.now() - t0 };
}

async function benchUncachedLoad(): Promise<void> {
  const COUNT = 10000;
  const IN_FLIGHT = 200;
  const peers = await startDnsPeers();
  const wk = new DnsResolver({
    servers: [UNBOUND],
    resolvConf: false,
    hostsFile: false,
    timeoutMs: 2000,
    attempts: 2,
  });
  const node = new nodeDns.Resolver({ timeout: 2000, tries: 2 });
  node.setServers([`${UNBOUND.hostname}:${UNBOUND.port}`]);
  // Fresh names per contender and round (unbound answers every *.load.test name
  // itself), so neither unbound's cache nor wirekit's helps.
  const tag = Date.now().toString(36);
  const names = (who: string, round: number) =>
    Array.from({ length: COUNT }, (_, i) => `${who}${round}-${tag}-${i}.load.test`);
  const contenders: [string, (n: string) => Promise<string[]>][] = [
    ["wirekit", async (n) => (await wk.resolve(n, "A")).map((r) => r.data as string)],
    ["node:dns Resolver", (n) => node.resolve4(n)],
  ];
  const results: LoadResult[][] = contenders.map(() => []);
  try {
    for (let round = 0; round < 2; round++) {
      const order = round % 2 ? [1, 0] : [0, 1];
      for (const i of order) {
        results[i].push(await load(names(`c${i}r`, round), IN_FLIGHT, 60000, contenders[i][1]));
      }
    }
  } finally {
    node.cancel();
    await wk.close();
    await peers.stop();
  }
  console.log(
    `dns uncached resolve ${COUNT} distinct names, ${IN_FLIGHT} in flight, unbound on loopback  [${runtimeName()}]`,
  );
  const best = results.map((rs) => Math.max(...rs.map((r) => (r.ok * 1000) / r.ms)));
  contenders.forEach(([name], i) => {
    const lost = results[i].map((r) => r.lost).join("+");
    const ratio = i === 0 ? "" : `  wirekit/${name} = ${(best[0] / best[i]).toFixed(2)}x`;
    console.log(
      `  ${name.padEnd(24)} ${best[i].toFixed(1).padStart(11)} names/s  lost ${lost}${ratio}`,
    );
  });
}

/** Runs the dns workload. */
export async function benchDns(): Promise<void> {
  await benchCodec();
  await benchCachedLookup();
  await benchUncachedLoad();
}
