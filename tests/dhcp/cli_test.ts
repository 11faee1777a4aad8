import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../cli/main.ts";
import type { CliIo } from "../../cli/_registry.ts";
import { makeDhcpCommand } from "../../cli/dhcp.ts";
import { decodeDhcpMessage, encodeDhcpMessage } from "../../dhcp/mod.ts";
import { FakeClock, MemoryNetwork, type NetworkInterfaceInfo } from "../../net/mod.ts";

const ETH9: NetworkInterfaceInfo = {
  name: "eth9",
  index: 9,
  mac: "02:00:00:00:00:07",
  hardwareType: 1,
  mtu: 1500,
  flags: 0x1003,
  up: true,
  running: true,
  loopback: false,
  broadcast: true,
  operstate: "up",
};

function memoryIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    readStdin: () => Promise.resolve(new Uint8Array(0)),
  };
  return io;
}

test("wirekit dhcp --once --release prints the state changes and the lease", async () => {
  const net = new MemoryNetwork();
  const server = await net.bindDatagram({ hostname: "0.0.0.0", port: 67, broadcast: true });
  const seen: string[] = [];
  const chaddrs: string[] = [];
  (async () => {
    for await (const d of server) {
      const q = decodeDhcpMessage(d.data);
      seen.push(q.options.messageType ?? "");
      const mac = [...q.chaddr].map((b) => b.toString(16).padStart(2, "0")).join(":");
      if (!chaddrs.includes(mac)) chaddrs.push(mac);
      if (q.options.messageType === "RELEASE") continue;
      await server.send(
        encodeDhcpMessage({
          op: 2,
          xid: q.xid,
          chaddr: q.chaddr,
          yiaddr: "192.0.2.10",
          options: {
            messageType: q.options.messageType === "DISCOVER" ? "OFFER" : "ACK",
            serverId: "192.0.2.1",
            leaseTime: 600,
            subnetMask: "255.255.255.0",
            routers: ["192.0.2.1"],
            dnsServers: ["192.0.2.53"],
            ntpServers: ["192.0.2.123"],
          },
        }),
        { hostname: "255.255.255.255", port: 68 },
      );
    }
  })();
  const cmd = makeDhcpCommand({
    readInterface: (name) => Promise.resolve(name === "eth9" ? ETH9 : undefined),
    interrupted: () => Promise.reject(new Error("not with --once")),
    clientOptions: { transport: net, clock: new FakeClock(), offerWait: 0 },
  });
  const io = memoryIo();
  const code = await main(["dhcp", "eth9", "--once", "--release"], io, [cmd]);
  assert.equal(code, 0, io.stderr);
  assert.match(io.stdout, /^interface eth9 index 9 mac 02:00:00:00:00:07 mtu 1500 state up\n/);
  assert.match(io.stdout, /state STOPPED -> INIT\n/);
  assert.match(io.stdout, /state REQUESTING -> BOUND\n/);
  assert.match(io.stdout, /bound 192\.0\.2\.10\n/);
  assert.match(io.stdout, /address +192\.0\.2\.10\/24/);
  assert.match(io.stdout, /ntp +192\.0\.2\.123/);
  assert.match(io.stdout, /released 192\.0\.2\.10\n/);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(seen, ["DISCOVER", "REQUEST", "RELEASE"]);
  // The MAC came from the interface lookup.
  assert.deepEqual(chaddrs, ["02:00:00:00:00:07"]);
  await server.close();
});

test("wirekit dhcp reports usage errors, a missing interface and one without a MAC", async () => {
  const cmd = makeDhcpCommand({
    readInterface: (name) =>
      name === "tun0"
        ? Promise.resolve({ ...ETH9, name, mac: undefined, hardwareType: 65534 })
        : Promise.resolve(undefined),
    interrupted: () => Promise.resolve(),
  });
  let io = memoryIo();
  assert.equal(await main(["dhcp"], io, [cmd]), 2);
  assert.match(io.stderr, /Give exactly one interface/);
  io = memoryIo();
  assert.equal(await main(["dhcp", "eth0", "--bogus"], io, [cmd]), 2);
  io = memoryIo();
  assert.equal(await main(["dhcp", "eth0", "--once"], io, [cmd]), 1);
  assert.match(io.stderr, /No network interface eth0.*--mac/);
  io = memoryIo();
  assert.equal(await main(["dhcp", "tun0", "--once"], io, [cmd]), 1);
  assert.match(io.stderr, /tun0 has no usable hardware address/);
  io = memoryIo();
  const failing = makeDhcpCommand({
    readInterface: () => Promise.reject(new Error("permission denied")),
    interrupted: () => Promise.resolve(),
  });
  assert.equal(await main(["dhcp", "eth0", "--once"], io, [failing]), 1);
  assert.match(io.stderr, /Cannot read interface eth0: permission denied/);
});
