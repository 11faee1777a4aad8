import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeClock, MemoryNetwork, type MemoryPacket, NetError } from "../../net/mod.ts";
import { readAll } from "./_certs.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function isNetError(code: string) {
  return (e: unknown) => e instanceof NetError && e.code === code;
}

test("MemoryNetwork delivers datagrams with the sender's address and copies the payload", async () => {
  const net = new MemoryNetwork();
  const server = await net.bindDatagram({ hostname: "127.0.0.1", port: 53 });
  const client = await net.bindDatagram();
  const payload = Uint8Array.of(1, 2, 3);
  await client.send(payload, { hostname: "127.0.0.1", port: 53 });
  payload[0] = 9;
  const d = await server.receive();
  assert.deepEqual([...d.data], [1, 2, 3]);
  assert.deepEqual(d.remote, { hostname: "127.0.0.1", port: client.local.port, family: 4 });
  await server.send(d.data, d.remote);
  assert.deepEqual([...(await client.receive()).data], [1, 2, 3]);
  await client.close();
  await server.close();
});

test("MemoryNetwork loses datagrams to unbound ports and filtered ones, and counts sends", async () => {
  const seen: MemoryPacket[] = [];
  const net = new MemoryNetwork({ filter: (p) => (seen.push(p), p.data[0] !== 0) });
  const a = await net.bindDatagram({ hostname: "127.0.0.1" });
  const b = await net.bindDatagram({ hostname: "127.0.0.1" });
  await a.send(Uint8Array.of(5), { hostname: "127.0.0.1", port: 9 });
  await a.send(Uint8Array.of(0), { hostname: "127.0.0.1", port: b.local.port });
  await a.send(Uint8Array.of(1), { hostname: "127.0.0.1", port: b.local.port });
  assert.deepEqual([...(await b.receive()).data], [1]);
  assert.equal(net.sent, 3);
  assert.equal(seen.length, 3);
  assert.equal(seen[1].to.port, b.local.port);
  await assert.rejects(b.receive({ timeoutMs: 5 }), isNetError("ETIMEOUT"));
  await a.close();
  await b.close();
});

test("MemoryNetwork enforces EADDRINUSE unless both sockets reuse the address", async () => {
  const net = new MemoryNetwork();
  const a = await net.bindDatagram({ hostname: "0.0.0.0", port: 68, reuseAddress: true });
  await assert.rejects(
    net.bindDatagram({ hostname: "0.0.0.0", port: 68 }),
    isNetError("EADDRINUSE"),
  );
  const b = await net.bindDatagram({ hostname: "0.0.0.0", port: 68, reuseAddress: true });
  await a.close();
  await b.close();
});

test("MemoryNetwork broadcast needs setBroadcast and reaches every socket on the port", async () => {
  const net = new MemoryNetwork();
  const s1 = await net.bindDatagram({ hostname: "0.0.0.0", port: 67, reuseAddress: true });
  const s2 = await net.bindDatagram({ hostname: "0.0.0.0", port: 67, reuseAddress: true });
  const c = await net.bindDatagram({ hostname: "0.0.0.0", port: 68 });
  await assert.rejects(
    c.send(Uint8Array.of(1), { hostname: "255.255.255.255", port: 67 }),
    isNetError("EACCES"),
  );
  c.setBroadcast(true);
  await c.send(Uint8Array.of(2), { hostname: "255.255.255.255", port: 67 });
  assert.deepEqual([...(await s1.receive()).data], [2]);
  assert.deepEqual([...(await s2.receive()).data], [2]);
  for (const s of [s1, s2, c]) await s.close();
});

test("MemoryNetwork streams carry bytes both ways with half-close, and refuse unknown ports", async () => {
  const net = new MemoryNetwork();
  await assert.rejects(
    net.connect({ hostname: "127.0.0.1", port: 80 }),
    isNetError("ECONNREFUSED"),
  );
  const l = await net.listen({ port: 80 });
  const serving = (async () => {
    const c = await l.accept();
    const body = dec.decode(await readAll(c.readable));
    const w = c.writable.getWriter();
    await w.write(enc.encode(body.toUpperCase()));
    await w.close();
  })();
  const c = await net.connect({ hostname: "localhost", port: 80 });
  const w = c.writable.getWriter();
  await w.write(enc.encode("abc"));
  w.releaseLock();
  await c.closeWrite();
  assert.equal(dec.decode(await readAll(c.readable)), "ABC");
  await serving;
  await c.close();
  await l.close();
  await assert.rejects(l.accept(), isNetError("ECLOSED"));
});

test("MemoryNetwork negotiates ALPN like TLS", async () => {
  const net = new MemoryNetwork();
  const l = await net.listen({
    port: 443,
    tls: { certChain: "", privateKey: "", alpnProtocols: ["http/1.1", "h2"] },
  });
  const c = await net.connect({ hostname: "127.0.0.1", port: 443, tls: { alpnProtocols: ["h2"] } });
  const s = await l.accept();
  assert.equal(c.alpnProtocol, "h2");
  assert.equal(s.alpnProtocol, "h2");
  assert.equal(c.tls, true);
  await assert.rejects(net.connect({ hostname: "127.0.0.1", port: 443 }), isNetError("ETLS"));
  await c.close();
  await s.close();
  await l.close();
});

test("FakeClock fires timers in time order, including ones scheduled by timers", () => {
  const clock = new FakeClock(100);
  const log: string[] = [];
  clock.setTimeout(() => log.push(`b@${clock.now()}`), 20);
  const h = clock.setTimeout(() => log.push("never"), 15);
  clock.setTimeout(() => {
    log.push(`a@${clock.now()}`);
    clock.setTimeout(() => log.push(`c@${clock.now()}`), 5);
  }, 10);
  clock.clearTimeout(h);
  assert.equal(clock.nextTimerAt(), 110);
  clock.advance(30);
  assert.deepEqual(log, ["a@110", "c@115", "b@120"]);
  assert.equal(clock.now(), 130);
  assert.equal(clock.pendingTimers, 0);
  assert.throws(() => clock.advance(-1), RangeError);
});

test("MemoryNetwork close() lets the peer read what was sent, then the end of the stream", async () => {
  const net = new MemoryNetwork();
  const l = await net.listen({ hostname: "127.0.0.1", port: 7 });
  const c = await net.connect({ hostname: "127.0.0.1", port: 7 });
  const s = await l.accept();
  const writing = (async () => {
    const w = c.writable.getWriter();
    await w.write(enc.encode("bye"));
    w.releaseLock();
    await c.close();
  })();
  assert.equal(dec.decode(await readAll(s.readable)), "bye");
  await writing;
  await s.close();
  await l.close();
});
