// queryNtp closes its socket right after the reply; on Deno's node:dgram the
// transport pauses receiving after a datagram that served the last waiting
// receive() and re-arms a microtask later (or at once for the next receive()).
// These tests pin down that nothing is lost or stalled by that pause.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  type DatagramBindOptions,
  type DatagramSocket,
  NetError,
  runtimeTransport,
} from "../../net/mod.ts";
import * as nodeRuntime from "../../net/_runtime/node.ts";

const LOOP = { hostname: "127.0.0.1" };

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond(), "condition not met within 2 s");
}

const binders: [string, (max?: number) => Promise<DatagramSocket>][] = [
  [
    "node:dgram with deferred re-arm",
    (max) => nodeRuntime.bindDatagram({ ...LOOP, maxQueuedDatagrams: max }, { deferRearm: true }),
  ],
  [
    `runtime (${runtimeTransport.name})`,
    (max) => runtimeTransport.bindDatagram({ ...LOOP, maxQueuedDatagrams: max }),
  ],
];

for (const [name, bind] of binders) {
  test(`${name}: after a served receive(), later datagrams are still queued and counted`, async () => {
    const a = await bind();
    const b = await bind(2);
    const to = { hostname: "127.0.0.1", port: b.local.port };
    try {
      await a.send(Uint8Array.of(9), to);
      assert.deepEqual([...(await b.receive({ timeoutMs: 2000 })).data], [9]);
      // Nobody waits now: the queue must still fill up (and overflow) by itself.
      for (let i = 0; i < 5; i++) await a.send(Uint8Array.of(i), to);
      await until(() => b.dropped === 3);
      assert.deepEqual([...(await b.receive({ timeoutMs: 2000 })).data], [0]);
      assert.deepEqual([...(await b.receive({ timeoutMs: 2000 })).data], [1]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test(`${name}: a receive() right after a served one gets the next datagram`, async () => {
    const a = await bind();
    const b = await bind();
    const to = { hostname: "127.0.0.1", port: b.local.port };
    try {
      for (let round = 0; round < 20; round++) {
        const first = b.receive({ timeoutMs: 2000 });
        await a.send(Uint8Array.of(round, 0), to);
        const d = await first;
        // Same continuation as the delivery: before any deferred re-arm.
        const next = b.receive({ timeoutMs: 2000 });
        await a.send(Uint8Array.of(round, 1), to);
        assert.deepEqual([...d.data], [round, 0]);
        assert.deepEqual([...(await next).data], [round, 1]);
      }
      assert.equal(b.dropped, 0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test(`${name}: closing in the continuation of a served receive() releases the socket`, async () => {
    const a = await bind();
    try {
      for (let i = 0; i < 20; i++) {
        const b = await bind();
        const got = b.receive({ timeoutMs: 2000 });
        await a.send(Uint8Array.of(i), { hostname: "127.0.0.1", port: b.local.port });
        assert.deepEqual([...(await got).data], [i]);
        await b.close();
        assert.equal(b.closed, true);
        await assert.rejects(
          b.receive({ timeoutMs: 100 }),
          (e: unknown) => e instanceof NetError && e.code === "ECLOSED",
        );
      }
    } finally {
      await a.close();
    }
  });
}

// queryNtp binds with this hint: it never reads its socket's `local`, so the
// adapters may skip the getsockname call until somebody does.
const LAZY_LOCAL = Symbol.for("wirekit.net.lazyLocal");

const hinted: [string, (o: DatagramBindOptions) => Promise<DatagramSocket>][] = [
  ["node:dgram", (o) => nodeRuntime.bindDatagram(o)],
  [`runtime (${runtimeTransport.name})`, (o) => runtimeTransport.bindDatagram(o)],
];

for (const [name, bind] of hinted) {
  test(`${name}: a lazy-local socket still reports its real address when asked`, async () => {
    const peer = await bind(LOOP);
    const a = await bind({ ...LOOP, [LAZY_LOCAL]: true } as DatagramBindOptions);
    try {
      await a.send(Uint8Array.of(1), { hostname: "127.0.0.1", port: peer.local.port });
      const d = await peer.receive({ timeoutMs: 2000 });
      assert.ok(a.local.port > 0);
      assert.deepEqual(d.remote, a.local);
      await a.close();
      // Read before closing: unchanged afterwards.
      assert.deepEqual(d.remote, a.local);
    } finally {
      await a.close();
      await peer.close();
    }
  });

  test(`${name}: without the hint, local is known even if first read after close`, async () => {
    const a = await bind(LOOP);
    await a.close();
    assert.equal(a.local.hostname, "127.0.0.1");
    assert.ok(a.local.port > 0);
  });
}
