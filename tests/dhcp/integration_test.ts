// Real peers: dnsmasq and busybox udhcpd in one network namespace, wirekit's
// DhcpClient (under the runtime running this test) in another, joined by a
// veth pair. Needs root, iproute2, dnsmasq and busybox (.ci/apt-packages.txt).
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { Buffer } from "node:buffer";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DhcpLease } from "../../dhcp/mod.ts";
import { runtime } from "../_util.ts";
import { type Netns, netnsUp, type Proc, SERVER_IP, which } from "./_netns.ts";

interface Line {
  event: string;
  lease?: DhcpLease;
  address?: string;
  [k: string]: unknown;
}

function requireProgram(name: string, pkg: string): string {
  const p = which(name);
  if (!p) {
    throw new Error(
      `${name} is not installed: apt-get install -y ${pkg} (see .ci/apt-packages.txt)`,
    );
  }
  return p;
}

function dnsmasqConf(ns: Netns, extra: string[] = []): string {
  const conf = join(ns.dir, "dnsmasq.conf");
  writeFileSync(
    conf,
    [
      "port=0",
      `interface=${ns.srvIf}`,
      "bind-interfaces",
      "except-interface=lo",
      "dhcp-range=198.18.0.100,198.18.0.150,255.255.255.0,120s",
      `dhcp-option=option:router,${SERVER_IP}`,
      `dhcp-option=option:dns-server,${SERVER_IP}`,
      "dhcp-option=option:domain-name,example.test",
      `dhcp-option=option:ntp-server,${SERVER_IP}`,
      "dhcp-option=option:domain-search,example.test,lab.example.test",
      `dhcp-option=option:classless-static-route,10.0.0.0/8,${SERVER_IP},0.0.0.0/0,${SERVER_IP}`,
      "dhcp-option=option:mtu,1400",
      "dhcp-authoritative",
      "no-ping",
      `dhcp-leasefile=${join(ns.dir, "dnsmasq.leases")}`,
      "log-dhcp",
      "log-facility=-",
      ...extra,
      "",
    ].join("\n"),
  );
  return conf;
}

async function startDnsmasq(ns: Netns, extra: string[] = []): Promise<Proc> {
  const bin = requireProgram("dnsmasq", "dnsmasq");
  const p = ns.spawnIn(ns.srv, [
    bin,
    "-k",
    "-C",
    dnsmasqConf(ns, extra),
    `--pid-file=${join(ns.dir, "dnsmasq.pid")}`,
  ]);
  await p.waitFor(/DHCP, IP range/, 5000);
  return p;
}

function runClient(
  ns: Netns,
  cfg: {
    waitFor: string[];
    release: boolean;
    remembered?: DhcpLease;
    options?: Record<string, unknown>;
    inform?: string;
  },
): Proc {
  const ext = runtime === "node" ? "js" : "ts";
  const script = fileURLToPath(new URL(`./_client_script.${ext}`, import.meta.url));
  const json = JSON.stringify({ iface: ns.cliIf, timeoutMs: 30_000, ...cfg });
  const argv = runtime === "deno"
    ? [process.execPath, "run", "-A", script, json]
    : [process.execPath, script, json];
  return ns.spawnIn(ns.cli, argv);
}

function lines(p: Proc): Line[] {
  return p.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Line);
}

async function finish(p: Proc): Promise<Line[]> {
  const code = await Promise.race([
    p.exited,
    new Promise<"hung">((r) => {
      const t = setTimeout(() => r("hung"), 40_000);
      p.exited.then(() => clearTimeout(t));
    }),
  ]);
  assert.equal(code, 0, `client exited with ${code}; output:\n${p.output()}`);
  return lines(p);
}

function ipNumber(a: string): number {
  return a.split(".").reduce((n, p) => n * 256 + Number(p), 0);
}

async function poll(check: () => boolean, ms: number): Promise<boolean> {
  for (let i = 0; i < ms / 50; i++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

async function withNetns(fn: (ns: Netns) => Promise<void>): Promise<void> {
  const ns = netnsUp();
  const procs: Proc[] = [];
  const spawnIn = ns.spawnIn;
  try {
    await fn(Object.assign(ns, {
      spawnIn: (n: string, argv: string[]) => {
        const p = spawnIn(n, argv);
        procs.push(p);
        return p;
      },
    }));
  } finally {
    for (const p of procs) await p.stop();
    ns.down();
  }
}

test("DhcpClient gets a lease with options from dnsmasq and RELEASE frees it", async () => {
  await withNetns(async (ns) => {
    const server = await startDnsmasq(ns);
    const client = runClient(ns, {
      waitFor: ["bound"],
      release: true,
      options: { hostname: "wk-probe" },
    });
    const out = await finish(client);
    const bound = out.find((l) => l.event === "bound");
    assert.ok(bound?.lease, `no lease; output:\n${client.output()}`);
    const lease = bound.lease;
    assert.match(lease.address, /^198\.18\.0\.(1[0-4]\d|150)$/);
    assert.equal(lease.subnetMask, "255.255.255.0");
    assert.equal(lease.prefixLength, 24);
    assert.deepEqual(lease.routers, [SERVER_IP]);
    assert.deepEqual(lease.dnsServers, [SERVER_IP]);
    assert.equal(lease.domainName, "example.test");
    assert.deepEqual(lease.domainSearch, ["example.test", "lab.example.test"]);
    assert.deepEqual(lease.ntpServers, [SERVER_IP]);
    assert.equal(lease.mtu, 1400);
    assert.deepEqual(lease.staticRoutes, [
      { destination: "10.0.0.0/8", router: SERVER_IP },
      { destination: "0.0.0.0/0", router: SERVER_IP },
    ]);
    assert.equal(lease.serverId, SERVER_IP);
    assert.equal(lease.leaseTime, 120);
    assert.equal(lease.renewalTime, 60);
    assert.equal(lease.rebindingTime, 105);
    // applyLeaseLinux configured the interface inside the client namespace.
    assert.match(
      ns.ip("-n", ns.cli, "-4", "addr", "show", "dev", ns.cliIf),
      new RegExp(`inet ${lease.address.replaceAll(".", "\\.")}/24`),
    );
    assert.match(
      ns.ip("-n", ns.cli, "-4", "route", "show"),
      new RegExp(`10\\.0\\.0\\.0/8 via ${SERVER_IP}`),
    );
    assert.ok(out.some((l) => l.event === "released"));
    // The server saw the RELEASE and dropped the lease.
    await server.waitFor(/DHCPRELEASE/, 5000);
    const leases = join(ns.dir, "dnsmasq.leases");
    const freed = await poll(() => !readFileSync(leases, "utf8").includes(lease.address), 3000);
    assert.ok(freed, `lease still in ${leases}: ${readFileSync(leases, "utf8")}`);
    assert.match(server.output(), /DHCPREQUEST.*wk-probe|DHCPACK.*wk-probe/);
    // The client read its MAC from sysfs (the script passes none).
    assert.match(server.output(), new RegExp(`DHCPACK\\(${ns.srvIf}\\) [0-9.]+ ${ns.mac}`));
  });
});

test("DhcpClient renews at T1 and rebinds by broadcast when the server stops answering unicast", async () => {
  await withNetns(async (ns) => {
    const server = await startDnsmasq(ns, ["dhcp-option=option:T1,3", "dhcp-option=option:T2,6"]);
    const client = runClient(ns, {
      waitFor: ["bound", "renewed", "rebinding", "renewed"],
      release: true,
    });
    await client.waitFor(/"event":"renewed"/, 15_000);
    const first = lines(client).find((l) => l.event === "bound")!.lease!;
    assert.equal(first.renewalTime, 3);
    assert.equal(first.rebindingTime, 6);
    // From now on unicast to the server goes to a MAC nobody has: RENEWING
    // requests are lost, only the REBINDING broadcast reaches dnsmasq.
    ns.ip(
      "-n",
      ns.cli,
      "neigh",
      "replace",
      SERVER_IP,
      "lladdr",
      "02:00:00:00:00:99",
      "dev",
      ns.cliIf,
      "nud",
      "permanent",
    );
    const out = await finish(client);
    const events = out.map((l) => l.event).filter((e) => e !== "state" && e !== "error");
    assert.deepEqual(events, ["bound", "renewed", "rebinding", "renewed", "released", "stopped"]);
    for (const l of out.filter((l) => l.lease)) assert.equal(l.lease!.address, first.address);
    const states = out.filter((l) => l.event === "state").map((l) => `${l.from}>${l.to}`);
    assert.ok(states.includes("BOUND>RENEWING"), states.join(" "));
    assert.ok(states.includes("RENEWING>REBINDING"), states.join(" "));
    // The address stayed on the interface throughout.
    assert.match(
      ns.ip("-n", ns.cli, "-4", "addr", "show", "dev", ns.cliIf),
      new RegExp(`inet ${first.address.replaceAll(".", "\\.")}/`),
    );
    assert.ok((server.output().match(/DHCPACK/g) ?? []).length >= 3);
  });
});

test("DhcpClient INIT-REBOOT with a wrong address gets DHCPNAK from dnsmasq and starts over", async () => {
  await withNetns(async (ns) => {
    const server = await startDnsmasq(ns);
    const remembered: DhcpLease = {
      address: "198.18.0.7",
      subnetMask: "255.255.255.0",
      prefixLength: 24,
      routers: [],
      dnsServers: [],
      domainSearch: [],
      ntpServers: [],
      staticRoutes: [],
      serverId: SERVER_IP,
      leaseTime: 3600,
      renewalTime: 1800,
      rebindingTime: 3150,
      obtainedAt: Date.now(),
    };
    const client = runClient(ns, { waitFor: ["nak", "bound"], release: true, remembered });
    const out = await finish(client);
    const states = out.filter((l) => l.event === "state").map((l) => `${l.from}>${l.to}`);
    assert.deepEqual(states.slice(0, 2), ["STOPPED>INIT-REBOOT", "INIT-REBOOT>REBOOTING"]);
    assert.ok(states.includes("REBOOTING>INIT"), states.join(" "));
    const ev = out.map((l) => l.event).filter((e) => e === "nak" || e === "bound");
    assert.deepEqual(ev, ["nak", "bound"]);
    assert.match(out.find((l) => l.event === "bound")!.lease!.address, /^198\.18\.0\.1\d\d$/);
    assert.match(server.output(), /DHCPNAK/);
  });
});

test("DhcpClient gets a lease from busybox udhcpd and releases it", async () => {
  await withNetns(async (ns) => {
    const busybox = requireProgram("busybox", "busybox");
    const conf = join(ns.dir, "udhcpd.conf");
    writeFileSync(
      conf,
      [
        "start 198.18.0.20",
        "end 198.18.0.40",
        `interface ${ns.srvIf}`,
        "max_leases 20",
        `lease_file ${join(ns.dir, "udhcpd.leases")}`,
        `pidfile ${join(ns.dir, "udhcpd.pid")}`,
        "opt subnet 255.255.255.0",
        `opt router ${SERVER_IP}`,
        `opt dns ${SERVER_IP}`,
        "opt domain example.test",
        `opt ntpsrv ${SERVER_IP}`,
        "opt lease 120",
        "",
      ].join("\n"),
    );
    const server = ns.spawnIn(ns.srv, [busybox, "udhcpd", "-f", "-a", "100", conf]);
    await server.waitFor(/started/, 5000);
    const client = runClient(ns, { waitFor: ["bound"], release: true });
    const out = await finish(client);
    const lease = out.find((l) => l.event === "bound")?.lease;
    assert.ok(lease, client.output());
    assert.match(lease.address, /^198\.18\.0\.(2\d|3\d|40)$/);
    assert.equal(lease.subnetMask, "255.255.255.0");
    assert.deepEqual(lease.routers, [SERVER_IP]);
    assert.deepEqual(lease.dnsServers, [SERVER_IP]);
    assert.equal(lease.domainName, "example.test");
    assert.deepEqual(lease.ntpServers, [SERVER_IP]);
    assert.equal(lease.leaseTime, 120);
    assert.equal(lease.serverId, SERVER_IP);
    assert.ok(out.some((l) => l.event === "released"));
    // udhcpd logs nothing on RELEASE; it sets the lease's expiry to now. Ask
    // it to write its lease file (SIGUSR1) and read the record of our MAC:
    // 8-byte timestamp, then 36-byte records (expires u32, ip u32, mac[6], ...).
    const pid = Number(readFileSync(join(ns.dir, "udhcpd.pid"), "utf8").trim());
    const mac = Buffer.from(ns.mac.replaceAll(":", ""), "hex");
    const record = () => {
      const b = readFileSync(join(ns.dir, "udhcpd.leases"));
      for (let at = 8; at + 36 <= b.length; at += 36) {
        if (mac.every((x, i) => b[at + 8 + i] === x)) return b.subarray(at, at + 36);
      }
      return undefined;
    };
    let rec: Buffer | undefined;
    const written = await poll(() => {
      process.kill(pid, "SIGUSR1");
      try {
        rec = record();
      } catch {
        rec = undefined;
      }
      return rec !== undefined && rec.readUInt32BE(0) === 0;
    }, 3000);
    assert.ok(rec, `udhcpd lease file has no record for ${ns.mac}`);
    assert.ok(written, "udhcpd did not release the lease");
    assert.equal(rec.readUInt32BE(4), ipNumber(lease.address));
    assert.equal(rec.readUInt32BE(0), 0, "lease not released (expiry not 0)");
  });
});

test("DhcpClient binds straight from DISCOVER with dnsmasq's rapid commit (RFC 4039)", async () => {
  await withNetns(async (ns) => {
    const server = await startDnsmasq(ns, ["dhcp-rapid-commit"]);
    const client = runClient(ns, {
      waitFor: ["bound"],
      release: true,
      options: { rapidCommit: true },
    });
    const out = await finish(client);
    const states = out.filter((l) => l.event === "state").map((l) => `${l.from}>${l.to}`);
    assert.deepEqual(states.slice(0, 3), ["STOPPED>INIT", "INIT>SELECTING", "SELECTING>BOUND"]);
    assert.match(out.find((l) => l.event === "bound")!.lease!.address, /^198\.18\.0\.1\d\d$/);
    assert.doesNotMatch(server.output(), /DHCPREQUEST/);
    assert.match(server.output(), /DHCPACK/);
  });
});

test("DhcpClient inform() gets the configuration from dnsmasq for a static address", async () => {
  await withNetns(async (ns) => {
    const server = await startDnsmasq(ns);
    // A statically configured host: its address is outside the dhcp-range.
    const address = "198.18.0.50";
    ns.ip("-n", ns.cli, "addr", "add", `${address}/24`, "dev", ns.cliIf);
    const client = runClient(ns, { waitFor: [], release: false, inform: address });
    const out = await finish(client);
    const informed = out.find((l) => l.event === "informed");
    assert.ok(informed, `no answer; output:\n${client.output()}`);
    const info = informed.info as {
      serverId?: string;
      routers: string[];
      dnsServers: string[];
      domainName?: string;
      domainSearch: string[];
      ntpServers: string[];
      mtu?: number;
      staticRoutes: unknown[];
      options: { messageType?: string; leaseTime?: number };
    };
    assert.equal(info.serverId, SERVER_IP);
    assert.deepEqual(info.routers, [SERVER_IP]);
    assert.deepEqual(info.dnsServers, [SERVER_IP]);
    assert.equal(info.domainName, "example.test");
    assert.deepEqual(info.domainSearch, ["example.test", "lab.example.test"]);
    assert.deepEqual(info.ntpServers, [SERVER_IP]);
    assert.equal(info.mtu, 1400);
    assert.equal(info.staticRoutes.length, 2);
    assert.equal(info.options.messageType, "ACK");
    // RFC 2131 4.3.5: no lease time in the answer to DHCPINFORM.
    assert.equal(info.options.leaseTime, undefined);
    assert.match(server.output(), new RegExp(`DHCPINFORM\\(${ns.srvIf}\\) ${address}`));
    // No lease was handed out.
    const leases = join(ns.dir, "dnsmasq.leases");
    assert.doesNotMatch(readFileSync(leases, "utf8"), new RegExp(address.replaceAll(".", "\\.")));
  });
});
