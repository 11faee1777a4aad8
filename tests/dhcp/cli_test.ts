import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../cli/main.ts";
import type { CliIo } from "../../cli/_registry.ts";
import { makeDhcpCommand } from "../../cli/dhcp.ts";
import { decodeDhcpMessage, encodeDhcpMessage } from "../../dhcp/mod.ts";
import { FakeClock, MemoryNetwork } from "../../net/mod.ts";

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
  (async () => {
    for await (const d of server) {
      const q = decodeDhcpMessage(d.data);
      seen.push(q.options.messageType ?? "");
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
    readMac: () => "02:00:00:00:00:07",
    interrupted: () => Promise.reject(new Error("not with --once")),
    clientOptions: { transport: net, clock: new FakeClock(), offerWait: 0 },
  });
  const io = memoryIo();
  const code = await main(["dhcp", "eth9", "--once", "--release"], io, [cmd]);
  assert.equal(code, 0, io.stderr);
  assert.match(io.stdout, /state STOPPED -> INIT\n/);
  assert.match(io.stdout, /state REQUESTING -> BOUND\n/);
  assert.match(io.stdout, /bound 192\.0\.2\.10\n/);
  assert.match(io.stdout, /address +192\.0\.2\.10\/24/);
  assert.match(io.stdout, /ntp +192\.0\.2\.123/);
  assert.match(io.stdout, /released 192\.0\.2\.10\n/);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(seen, ["DISCOVER", "REQUEST", "RELEASE"]);
  await server.close();
});

test("wirekit dhcp reports usage errors and an unreadable MAC", async () => {
  const cmd = makeDhcpCommand({
    readMac: () => {
      throw new Error("no such interface");
    },
    interrupted: () => Promise.resolve(),
  });
  let io = memoryIo();
  assert.equal(await main(["dhcp"], io, [cmd]), 2);
  assert.match(io.stderr, /Give exactly one interface/);
  io = memoryIo();
  assert.equal(await main(["dhcp", "eth0", "--bogus"], io, [cmd]), 2);
  io = memoryIo();
  assert.equal(await main(["dhcp", "eth0", "--once"], io, [cmd]), 1);
  assert.match(io.stderr, /Cannot read the MAC address of eth0.*pass --mac/);
});
