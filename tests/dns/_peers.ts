// Copyright 2026 the wirekit authors. MIT license.
// Starts NSD (authoritative, :15353), unbound (resolver, :15354) and dnsmasq
// (:15355) on loopback, per ../shared/real-peers.md section 2. Missing
// binaries are an error (CI installs them), never a silent pass.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import dgram from "node:dgram";
import { decodeDnsMessage, encodeDnsMessage } from "../../dns/mod.ts";
import { testdataPath } from "../_util.ts";

export const NSD = { hostname: "127.0.0.1", port: 15353 };
export const UNBOUND = { hostname: "127.0.0.1", port: 15354 };
export const DNSMASQ = { hostname: "127.0.0.1", port: 15355 };

function findBinary(name: string): string {
  for (const d of ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"]) {
    if (existsSync(join(d, name))) return join(d, name);
  }
  throw new Error(
    `${name} is not installed: apt-get install nsd unbound dnsmasq (listed in .ci/apt-packages.txt)`,
  );
}

function queryOnce(port: number, name: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = dgram.createSocket("udp4");
    const done = (v: string | undefined) => {
      clearTimeout(t);
      try {
        s.close();
      } catch { /* closed */ }
      resolve(v);
    };
    const t = setTimeout(() => done(undefined), timeoutMs);
    s.on("error", () => done(undefined));
    s.on("message", (m: Uint8Array) => {
      try {
        const r = decodeDnsMessage(new Uint8Array(m));
        done(r.answers.find((x) => x.type === "A")?.data as string | undefined);
      } catch {
        done(undefined);
      }
    });
    s.send(
      encodeDnsMessage({ id: 7, rd: true, questions: [{ name, type: "A", class: 1 }] }),
      port,
      "127.0.0.1",
    );
  });
}

async function ready(
  port: number,
  proc: ChildProcess,
  what: string,
  log: () => string,
): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) throw new Error(`${what} exited: ${log()}`);
    if ((await queryOnce(port, "www.example.test", 200)) === "127.0.0.10") return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} not ready on port ${port}: ${log()}`);
}

export interface DnsPeers {
  stop(): Promise<void>;
}

export async function startDnsPeers(): Promise<DnsPeers> {
  const nsd = findBinary("nsd");
  const unbound = findBinary("unbound");
  const dnsmasq = findBinary("dnsmasq");
  const P = mkdtempSync(join(tmpdir(), "wirekit-dns-peers-"));
  copyFileSync(testdataPath("dns", "example.test.zone"), join(P, "example.test.zone"));
  writeFileSync(
    join(P, "nsd.conf"),
    `server:
    ip-address: 127.0.0.1@15353
    ip-address: ::1@15353
    port: 15353
    username: ""
    chroot: ""
    zonesdir: "${P}"
    zonelistfile: "${P}/zone.list"
    database: ""
    pidfile: "${P}/nsd.pid"
    xfrdfile: "${P}/xfrd.state"
    xfrdir: "${P}"
    logfile: "${P}/nsd.log"
    server-count: 1
    tcp-count: 100
    verbosity: 1
    refuse-any: no
remote-control:
    control-enable: no
zone:
    name: "example.test"
    zonefile: "${P}/example.test.zone"
`,
  );
  writeFileSync(
    join(P, "unbound.conf"),
    `server:
    interface: 127.0.0.1@15354
    interface: ::1@15354
    port: 15354
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "${P}"
    pidfile: "${P}/unbound.pid"
    use-syslog: no
    logfile: ""
    verbosity: 0
    num-threads: 1
    num-queries-per-thread: 4096
    outgoing-range: 8192
    do-not-query-localhost: no
    access-control: 127.0.0.0/8 allow
    access-control: ::1/128 allow
    module-config: "iterator"
    local-zone: "test." nodefault
    domain-insecure: "example.test"
    cache-min-ttl: 0
    # load.test is answered by unbound itself (bench/dns.ts load run: every
    # name is distinct, so nothing comes from a cache, and NSD is not the bottleneck)
    local-zone: "load.test." redirect
    local-data: "load.test. 300 IN A 127.0.0.77"
    prefetch: no
stub-zone:
    name: "example.test"
    stub-addr: 127.0.0.1@15353
forward-zone:
    name: "."
    forward-addr: 127.0.0.1@15353
remote-control:
    control-enable: no
`,
  );
  const X = "x".repeat(230);
  const big = Array.from(
    { length: 12 },
    (_, i) => `txt-record=big.example.test,"chunk-${String(i + 1).padStart(2, "0")}-${X}"`,
  );
  writeFileSync(
    join(P, "dnsmasq-dns.conf"),
    [
      "port=15355",
      "listen-address=127.0.0.1",
      "bind-interfaces",
      "no-resolv",
      "no-hosts",
      "no-poll",
      "local=/example.test/",
      "local-ttl=300",
      "host-record=www.example.test,127.0.0.10,::1",
      "cname=alias.example.test,alias2.example.test",
      "cname=alias2.example.test,www.example.test",
      "mx-host=example.test,mail.example.test,10",
      "host-record=mail.example.test,127.0.0.25",
      'txt-record=txt.example.test,"hello world","second string"',
      "srv-host=_sip._tcp.example.test,sip.example.test,5060,10,60",
      "host-record=sip.example.test,127.0.0.50",
      "host-record=short.example.test,127.0.0.99,5",
      ...big,
      "",
    ].join("\n"),
  );
  const procs: ChildProcess[] = [];
  const logs: Record<string, string> = {};
  const run = (name: string, bin: string, args: string[]) => {
    logs[name] = "";
    const p = spawn(bin, args, { cwd: P, stdio: ["ignore", "pipe", "pipe"] });
    p.stdout?.on("data", (d) => (logs[name] = (logs[name] + d).slice(-4000)));
    p.stderr?.on("data", (d) => (logs[name] = (logs[name] + d).slice(-4000)));
    procs.push(p);
    return p;
  };
  const stop = async () => {
    for (const p of procs.reverse()) {
      if (p.exitCode === null && p.signalCode === null) {
        const exited = new Promise((r) => p.once("exit", r));
        p.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
      }
    }
    // NSD's children leave right after the main process.
    try {
      execFileSync("sh", [
        "-c",
        `test -f ${P}/nsd.pid && kill $(cat ${P}/nsd.pid) 2>/dev/null; true`,
      ]);
    } catch { /* gone */ }
    await new Promise((r) => setTimeout(r, 200));
    rmSync(P, { recursive: true, force: true });
  };
  try {
    const n = run("nsd", nsd, ["-d", "-c", join(P, "nsd.conf")]);
    await ready(15353, n, "nsd", () => logs.nsd);
    const u = run("unbound", unbound, ["-d", "-c", join(P, "unbound.conf")]);
    await ready(15354, u, "unbound", () => logs.unbound);
    const d = run("dnsmasq", dnsmasq, [
      "-k",
      "-C",
      join(P, "dnsmasq-dns.conf"),
      `--pid-file=${P}/dnsmasq.pid`,
    ]);
    await ready(15355, d, "dnsmasq", () => logs.dnsmasq);
  } catch (e) {
    await stop();
    throw e;
  }
  return { stop };
}
