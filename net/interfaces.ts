// Copyright 2026 the wirekit authors. MIT license.
// What the OS knows about a network interface (Linux sysfs), without naming
// a runtime outside net/_runtime.
import { systemAdapter } from "./_adapter.ts";

/** A network interface as the kernel describes it in `/sys/class/net/<name>/`. */
export interface NetworkInterfaceInfo {
  /** Interface name, e.g. "eth0". */
  name: string;
  /** Interface index (`ifindex`). */
  index: number;
  /**
   * Hardware address as lowercase "aa:bb:cc:dd:ee:ff" (`address`); undefined
   * when the interface has none (e.g. a tun device).
   */
  mac?: string;
  /** ARPHRD hardware type (`type`): 1 Ethernet (also Wi-Fi), 772 loopback, 65534 none. */
  hardwareType: number;
  /** MTU in bytes (`mtu`). */
  mtu: number;
  /** IFF_* flag bits (`flags`). */
  flags: number;
  /** Administratively up (IFF_UP). */
  up: boolean;
  /**
   * Administratively up and with a carrier (what `ip link` shows as
   * LOWER_UP): `operstate` "up", or "unknown" with `carrier` 1 (loopback,
   * some virtual devices).
   */
  running: boolean;
  /** A loopback interface (IFF_LOOPBACK). */
  loopback: boolean;
  /** Supports broadcast (IFF_BROADCAST). */
  broadcast: boolean;
  /** RFC 2863 operational state (`operstate`): "up", "down", "dormant", "unknown", ... */
  operstate: string;
}

/** Options of {@linkcode readInterfaceInfo}. */
export interface ReadInterfaceInfoOptions {
  /**
   * Directory holding one directory per interface (tests point it at a copy).
   * @default {"/sys/class/net"}
   */
  root?: string;
  /**
   * Largest attribute file read, in bytes; larger values are ignored.
   * @default {4096}
   */
  maxAttributeBytes?: number;
}

const IFF_UP = 0x1;
const IFF_BROADCAST = 0x2;
const IFF_LOOPBACK = 0x8;
const FILES = ["address", "mtu", "ifindex", "flags", "operstate", "type", "carrier"] as const;

/**
 * Checks an interface name the way Linux does: 1 to 15 bytes, no "/", ":" or
 * whitespace, not "." or "..".
 */
function checkName(name: string): void {
  if (
    typeof name !== "string" || name.length === 0 || name.length > 15 ||
    /[\s/:]/.test(name) || name === "." || name === ".." ||
    new TextEncoder().encode(name).length > 15
  ) {
    throw new TypeError(`Invalid network interface name ${JSON.stringify(name)}`);
  }
}

function parseUint(text: string | undefined, re: RegExp, radix: number): number | undefined {
  if (text === undefined || !re.test(text)) return undefined;
  const v = parseInt(text, radix);
  return Number.isSafeInteger(v) ? v : undefined;
}

/**
 * Reads a network interface's hardware address, MTU, index, flags and
 * operational state from Linux sysfs (`/sys/class/net/<name>/`). Works in
 * Deno (needs `--allow-read`), Bun and Node; needs no privileges.
 *
 * @param name Interface name, e.g. "eth0".
 * @param options Where sysfs is and the size limit.
 * @returns The interface, or undefined when there is no such interface (or
 *   no sysfs, as on other systems).
 * @throws {TypeError} when `name` is not a valid interface name.
 * @throws {NetError} `"EACCES"` when reading sysfs is not permitted.
 *
 * @example The loopback interface
 * ```ts
 * import { readInterfaceInfo } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * assert.equal(await readInterfaceInfo("no-such-if0"), undefined);
 * const lo = await readInterfaceInfo("lo");
 * if (lo) { // Linux
 *   assert.equal(lo.loopback, true);
 *   assert.equal(lo.hardwareType, 772);
 *   assert.ok(lo.index > 0);
 * }
 * ```
 */
export async function readInterfaceInfo(
  name: string,
  options: ReadInterfaceInfoOptions = {},
): Promise<NetworkInterfaceInfo | undefined> {
  checkName(name);
  const max = options.maxAttributeBytes ?? 4096;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`Invalid maxAttributeBytes ${max}`);
  const root = (options.root ?? "/sys/class/net").replace(/\/+$/, "");
  const a = await systemAdapter.readAttributeFiles(`${root}/${name}`, FILES, max);
  if (!a) return undefined;
  const index = parseUint(a.ifindex, /^\d+$/, 10);
  const flags = parseUint(a.flags, /^0x[0-9a-f]+$/i, 16);
  const mtu = parseUint(a.mtu, /^\d+$/, 10);
  const hardwareType = parseUint(a.type, /^\d+$/, 10);
  // Without these it is not an interface directory.
  if (index === undefined || flags === undefined || mtu === undefined) return undefined;
  const info: NetworkInterfaceInfo = {
    name,
    index,
    hardwareType: hardwareType ?? 0,
    mtu,
    flags,
    up: (flags & IFF_UP) !== 0,
    running: false,
    loopback: (flags & IFF_LOOPBACK) !== 0,
    broadcast: (flags & IFF_BROADCAST) !== 0,
    operstate: a.operstate && /^[a-z]+$/.test(a.operstate) ? a.operstate : "unknown",
  };
  info.running = info.up &&
    (info.operstate === "up" || (info.operstate === "unknown" && a.carrier === "1"));
  const mac = a.address?.toLowerCase();
  if (mac && /^[0-9a-f]{2}(:[0-9a-f]{2}){0,31}$/.test(mac)) info.mac = mac;
  return info;
}
