// Copyright 2026 the wirekit authors. MIT license.
// Where DhcpClient keeps its lease between runs, for INIT-REBOOT.
import { readSystemFile } from "../net/system_files.ts";
import { writeSystemFile } from "../net/write_system_file.ts";
import type { DhcpLease } from "./dhcp_client_machine.ts";

/**
 * Keeps a lease between runs. `obtainedAt` in stored leases is wall-clock
 * time (ms since the Unix epoch); {@linkcode DhcpClient} converts.
 */
export interface DhcpLeaseStore {
  /**
   * Reads the stored lease.
   * @returns The lease, or undefined when there is none (or it is unreadable).
   */
  load(): Promise<DhcpLease | undefined>;
  /**
   * Replaces the stored lease; undefined forgets it.
   * @param lease The lease to keep.
   */
  save(lease: DhcpLease | undefined): Promise<void>;
}

/** The file operations {@linkcode DhcpLeaseFile} needs; Node's fs/promises module fits. */
export interface DhcpLeaseFileSystem {
  /** Reads a whole file as UTF-8 text; rejects when it does not exist. */
  readFile(path: string, encoding: "utf8"): Promise<string>;
  /** Writes a whole file. */
  writeFile(path: string, data: string): Promise<void>;
}

function isLease(v: unknown): v is DhcpLease {
  const l = v as DhcpLease;
  return typeof l === "object" && l !== null && typeof l.address === "string" &&
    typeof l.serverId === "string" && typeof l.leaseTime === "number" &&
    typeof l.obtainedAt === "number" && typeof l.subnetMask === "string" &&
    Array.isArray(l.routers) && Array.isArray(l.dnsServers);
}

/** The default file operations: wirekit/net's `readSystemFile` and `writeSystemFile` (atomic, mode 0600). */
const systemFiles: DhcpLeaseFileSystem = {
  async readFile(path: string): Promise<string> {
    const f = await readSystemFile(path, 65536);
    if (!f) throw new Error(`Cannot read ${path}`);
    return f.text;
  },
  writeFile: (path: string, data: string): Promise<void> => writeSystemFile(path, data),
};

/**
 * A lease kept in a JSON file. By default the file is read and replaced
 * atomically with wirekit/net (Deno: `--allow-read --allow-write`); tests
 * may pass other file operations (Node's fs/promises module fits).
 *
 * @example Keeping a lease in a file
 * ```ts
 * import { DhcpLeaseFile } from "wirekit/dhcp";
 * import assert from "node:assert/strict";
 *
 * const files = new Map<string, string>();
 * const fs = {
 *   readFile: (p: string) => files.has(p) ? Promise.resolve(files.get(p)!) : Promise.reject(new Error("ENOENT")),
 *   writeFile: (p: string, d: string) => Promise.resolve(void files.set(p, d)),
 * };
 * const store = new DhcpLeaseFile("/var/lib/wirekit/eth0.lease", fs);
 * assert.equal(await store.load(), undefined);
 * const lease = {
 *   address: "192.0.2.10", subnetMask: "255.255.255.0", prefixLength: 24, routers: [], dnsServers: [],
 *   domainSearch: [], ntpServers: [], staticRoutes: [], serverId: "192.0.2.1",
 *   leaseTime: 600, renewalTime: 300, rebindingTime: 525, obtainedAt: Date.now(),
 * };
 * await store.save(lease);
 * assert.deepEqual(await store.load(), lease);
 * ```
 */
export class DhcpLeaseFile implements DhcpLeaseStore {
  #path: string;
  #fs: DhcpLeaseFileSystem;

  /**
   * Creates the store; nothing is read until `load()`.
   *
   * @param path File path (its directory must exist).
   * @param fs File operations.
   * @default fs {readSystemFile and writeSystemFile of wirekit/net}
   */
  constructor(path: string, fs: DhcpLeaseFileSystem = systemFiles) {
    this.#path = path;
    this.#fs = fs;
  }

  /**
   * Reads the file.
   * @returns The lease, or undefined when the file is missing or not a lease.
   */
  async load(): Promise<DhcpLease | undefined> {
    let text: string;
    try {
      text = await this.#fs.readFile(this.#path, "utf8");
    } catch {
      return undefined;
    }
    if (text.length > 65536) return undefined;
    try {
      const doc = JSON.parse(text) as { version?: number; lease?: unknown };
      return doc.version === 1 && isLease(doc.lease) ? doc.lease : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Writes the file (an empty document when `lease` is undefined).
   * @param lease The lease.
   */
  async save(lease: DhcpLease | undefined): Promise<void> {
    await this.#fs.writeFile(
      this.#path,
      JSON.stringify({ version: 1, lease: lease ?? null }, null, 2) + "\n",
    );
  }
}
