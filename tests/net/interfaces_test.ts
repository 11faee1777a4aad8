import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readInterfaceInfo } from "../../net/mod.ts";

/** A fake /sys/class/net with one directory per interface. */
function fakeSysfs(ifaces: Record<string, Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), "wknet-sysfs-"));
  for (const [name, files] of Object.entries(ifaces)) {
    mkdirSync(join(root, name));
    for (const [f, text] of Object.entries(files)) writeFileSync(join(root, name, f), text);
  }
  return root;
}

const ETH = {
  address: "02:AB:cd:00:00:01\n",
  mtu: "1500\n",
  ifindex: "3\n",
  flags: "0x1003\n",
  operstate: "up\n",
  type: "1\n",
  carrier: "1\n",
};

test("readInterfaceInfo() reads MAC, MTU, index, flags and state from sysfs files", async () => {
  const root = fakeSysfs({
    eth0: ETH,
    wlan0: { ...ETH, ifindex: "4", flags: "0x1002", operstate: "down", carrier: "" },
    dummy0: { ...ETH, ifindex: "5", operstate: "unknown", carrier: "0\n", flags: "0x83" },
    tun0: { ...ETH, address: "\n", type: "65534\n", flags: "0x1091", ifindex: "6" },
  });
  try {
    assert.deepEqual(await readInterfaceInfo("eth0", { root }), {
      name: "eth0",
      index: 3,
      mac: "02:ab:cd:00:00:01",
      hardwareType: 1,
      mtu: 1500,
      flags: 0x1003,
      up: true,
      running: true,
      loopback: false,
      broadcast: true,
      operstate: "up",
    });
    const down = await readInterfaceInfo("wlan0", { root });
    assert.equal(down?.up, false);
    assert.equal(down?.running, false);
    assert.equal(down?.operstate, "down");
    // "unknown" operstate: running follows the carrier.
    assert.equal((await readInterfaceInfo("dummy0", { root }))?.running, false);
    const tun = await readInterfaceInfo("tun0", { root });
    assert.equal(tun?.mac, undefined);
    assert.equal(tun?.hardwareType, 65534);
    assert.equal(tun?.broadcast, false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("readInterfaceInfo() returns undefined for a missing interface or a non-interface entry", async () => {
  const root = fakeSysfs({ broken: { address: "02:00:00:00:00:01\n", mtu: "x" } });
  writeFileSync(join(root, "bonding_masters"), "\n");
  try {
    assert.equal(await readInterfaceInfo("eth9", { root }), undefined);
    assert.equal(await readInterfaceInfo("bonding_masters", { root }), undefined);
    assert.equal(await readInterfaceInfo("broken", { root }), undefined);
    assert.equal(await readInterfaceInfo("eth0", { root: join(root, "nope") }), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("readInterfaceInfo() ignores attribute files over maxAttributeBytes", async () => {
  const root = fakeSysfs({ eth0: { ...ETH, operstate: "u".repeat(100) } });
  try {
    const info = await readInterfaceInfo("eth0", { root, maxAttributeBytes: 64 });
    assert.equal(info?.operstate, "unknown");
    assert.equal(info?.mac, "02:ab:cd:00:00:01");
    await assert.rejects(readInterfaceInfo("eth0", { root, maxAttributeBytes: 0 }), RangeError);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("readInterfaceInfo() rejects names Linux would refuse", async () => {
  for (const name of ["", ".", "..", "a/b", "../etc", "eth0:1", "a b", "x".repeat(16)]) {
    await assert.rejects(readInterfaceInfo(name), TypeError, JSON.stringify(name));
  }
  assert.equal(await readInterfaceInfo("x".repeat(15)), undefined);
});

test(
  "readInterfaceInfo() reads the real loopback interface",
  { skip: existsSync("/sys/class/net/lo") ? false : "no Linux sysfs on this system" },
  async () => {
    const lo = await readInterfaceInfo("lo");
    assert.ok(lo);
    assert.equal(lo.loopback, true);
    assert.equal(lo.hardwareType, 772);
    assert.equal(lo.mac, "00:00:00:00:00:00");
    assert.ok(lo.index >= 1);
    assert.ok(lo.mtu > 0);
  },
);
