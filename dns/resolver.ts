// Copyright 2026 the wirekit authors. MIT license.
// The async driver: moves bytes between DnsResolverCore and wirekit/net.
import { ipFamily, parseIp } from "../_internal/ip.ts";
import { readSystemFile } from "../net/system_files.ts";
import { runtimeTransport, systemClock } from "../net/transport.ts";
import type {
  DatagramSocket,
  NetClock,
  NetTransport,
  StreamConnection,
  TimerHandle,
} from "../net/types.ts";
import { DnsError } from "./dns_error.ts";
import { parseHostsFile, parseResolvConf } from "./resolv_conf.ts";
import { dohExchange, dohServerEntry } from "./_doh.ts";
import {
  type DnsAnswer,
  type DnsHttpsServer,
  DnsResolverCore,
  type DnsServer,
  type DnsTransmit,
} from "./resolver_core.ts";
import { DnsTcpDeframer, frameDnsTcp } from "./tcp_framing.ts";
import type { DnsRecord, DnsRecordType } from "./types.ts";

/** Options for {@linkcode DnsResolver}. */
export interface DnsResolverOptions {
  /**
   * Servers as `"ip"`, `"ip:port"`, `"[v6]:port"`, DNS-over-HTTPS URLs
   * (`"https://dns.example/dns-query"`, sent with POST) or objects
   * (`{ hostname, port }`, `{ url, method }`).
   * @default {the nameservers of resolv.conf}
   */
  servers?: (string | DnsServer | DnsHttpsServer)[];
  /**
   * First per-try timeout in milliseconds (doubles each round).
   * @default {resolv.conf timeout, else 5000}
   */
  timeoutMs?: number;
  /**
   * Rounds over the servers.
   * @default {resolv.conf attempts, else 2}
   */
  attempts?: number;
  /**
   * Start at the next server for each lookup.
   * @default {resolv.conf rotate, else false}
   */
  rotate?: boolean;
  /**
   * Search domains for relative names.
   * @default {resolv.conf search, else none}
   */
  search?: string[];
  /**
   * Names with at least this many dots are tried as-is first.
   * @default {resolv.conf ndots, else 1}
   */
  ndots?: number;
  /**
   * Cached (name, type) outcomes; 0 disables caching.
   * @default {1000}
   */
  cache?: number;
  /**
   * Hosts file for `lookup()`, or false for none.
   * @default {"/etc/hosts"}
   */
  hostsFile?: string | false;
  /**
   * resolv.conf path (re-read when it changes), or false to ignore it.
   * @default {"/etc/resolv.conf"}
   */
  resolvConf?: string | false;
  /**
   * Always use TCP.
   * @default {false}
   */
  tcp?: boolean;
  /**
   * EDNS(0) UDP payload size; 0 disables EDNS.
   * @default {1232}
   */
  ednsUdpSize?: number;
  /**
   * Lookups in flight; more fail with `"ETOOMANY"`.
   * @default {10000}
   */
  maxInFlight?: number;
  /**
   * The network to use (tests pass a `MemoryNetwork`).
   * @default {runtimeTransport}
   */
  transport?: NetTransport;
  /**
   * The clock (tests pass a `FakeClock`).
   * @default {systemClock}
   */
  clock?: NetClock;
  /**
   * Random 16-bit source for query ids.
   * @default {crypto.getRandomValues}
   */
  random16?: () => number;
  /**
   * UDP queries sent from one socket (one source port) before a new socket
   * is bound; 1 gives every query its own socket and port. The default keeps
   * the replies one socket can have pending well inside a default kernel
   * receive buffer while sparing a bind per query.
   * @default {64}
   */
  udpQueriesPerSocket?: number;
  /**
   * The fetch used for DNS-over-HTTPS servers.
   * @default {globalThis.fetch}
   */
  fetch?: typeof fetch;
  /**
   * Largest DNS-over-HTTPS response body accepted, in bytes (larger ones fail that try).
   * @default {65535}
   */
  dohMaxResponseBytes?: number;
}

/** Options for {@linkcode DnsResolver.lookup}. */
export interface DnsLookupOptions {
  /**
   * 4, 6, or 0 for both.
   * @default {0}
   */
  family?: 0 | 4 | 6;
  /**
   * Address order: RFC 6724 precedence, IPv4 first, or as received.
   * @default {"rfc6724"}
   */
  order?: "rfc6724" | "ipv4first" | "verbatim";
}

/** One address from {@linkcode DnsResolver.lookup}. */
export interface DnsLookupAddress {
  /** Address text. */
  address: string;
  /** 4 or 6. */
  family: 4 | 6;
}

function parseServer(
  s: string | DnsServer | DnsHttpsServer,
): { hostname: string; port: number } | DnsHttpsServer {
  if (typeof s === "string" && /^https?:\/\//i.test(s)) {
    dohServerEntry({ url: s });
    return { url: s, method: "POST" };
  }
  if (typeof s === "object" && s !== null && "url" in s) {
    dohServerEntry(s);
    return { url: s.url, method: s.method ?? "POST" };
  }
  if (typeof s !== "string") {
    if (ipFamily(s.hostname) === 0) {
      throw new TypeError(`DNS server must be an IP literal, got ${JSON.stringify(s.hostname)}`);
    }
    return { hostname: s.hostname, port: s.port ?? 53 };
  }
  let host = s;
  let port = 53;
  const m = /^\[(.+)\](?::(\d+))?$/.exec(s);
  if (m) {
    host = m[1];
    if (m[2]) port = Number(m[2]);
  } else if (s.split(":").length === 2) {
    const [h, p] = s.split(":");
    host = h;
    port = Number(p);
  }
  if (ipFamily(host) === 0) {
    throw new TypeError(`DNS server must be an IP literal, got ${JSON.stringify(s)}`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`Invalid DNS server port in ${JSON.stringify(s)}`);
  }
  return { hostname: host, port };
}

// RFC 6724 section 2.1 default policy table: precedence by prefix.
function precedence(address: string): number {
  const { family, bytes } = parseIp(address);
  if (family === 4) return 35;
  const w = (i: number) => (bytes[i] << 8) | bytes[i + 1];
  if (bytes.every((b, i) => (i < 15 ? b === 0 : b === 1))) return 50; // ::1
  if (bytes.slice(0, 10).every((b) => b === 0) && w(10) === 0xffff) return 35; // ::ffff:0:0/96
  if (w(0) === 0x2002) return 30;
  if (w(0) === 0x2001 && w(2) === 0) return 5;
  if ((bytes[0] & 0xfe) === 0xfc) return 3;
  if (bytes.slice(0, 12).every((b) => b === 0)) return 1;
  if (w(0) === 0x3ffe || (w(0) & 0xffc0) === 0xfec0) return 1;
  return 40;
}

interface Pending {
  resolve(a: DnsAnswer): void;
  reject(e: DnsError): void;
}

interface Io {
  close(): void;
}

interface PooledSocket {
  ready: Promise<DatagramSocket>;
  /** Queries assigned so far. */
  uses: number;
  /** Queries in flight. */
  pending: number;
  /** No new queries; closed when `pending` reaches 0. */
  retired: boolean;
  /** Exchange keys by query id. */
  waiting: Map<number, number[]>;
  close(): void;
}

/**
 * An async DNS stub resolver over UDP (TCP when truncated), with a TTL
 * cache, in-flight deduplication, search list, retries across servers, and a
 * getaddrinfo-style `lookup()` that answers literals and the hosts file
 * locally. Settings missing from the options come from `/etc/resolv.conf`,
 * which is re-read when it changes.
 *
 * @example Resolving against a local server
 * ```ts
 * import { DnsResolver, encodeDnsMessage, decodeDnsMessage } from "wirekit/dns";
 * import { MemoryNetwork } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * const net = new MemoryNetwork();
 * const server = await net.bindDatagram({ hostname: "127.0.0.1", port: 53 });
 * (async () => {
 *   for await (const d of server) {
 *     const q = decodeDnsMessage(d.data);
 *     const answers = [{ name: q.questions[0].name, type: "A" as const, class: 1, ttl: 300, data: "192.0.2.7" }];
 *     await server.send(encodeDnsMessage({ id: q.id, qr: true, questions: q.questions, answers }), d.remote);
 *   }
 * })();
 * const r = new DnsResolver({ servers: ["127.0.0.1"], transport: net, resolvConf: false, hostsFile: false });
 * const records = await r.resolve("app.example.test", "A");
 * assert.equal(records[0].data, "192.0.2.7");
 * assert.deepEqual(await r.lookup("app.example.test", { family: 4 }), [{ address: "192.0.2.7", family: 4 }]);
 * await r.close();
 * await server.close();
 * ```
 */
export class DnsResolver {
  #options: DnsResolverOptions;
  #transport: NetTransport;
  #clock: NetClock;
  #core: DnsResolverCore | undefined;
  #coreReady: Promise<void> | undefined;
  #search: string[] = [];
  #ndots = 1;
  #hosts: Map<string, string[]> | undefined;
  #hostsCheckedAt = -Infinity;
  #hostsMtime = -1;
  #confCheckedAt = -Infinity;
  #confMtime = -1;
  #pending = new Map<number, Pending>();
  #udp = new Map<4 | 6, PooledSocket>();
  #io = new Map<number, Io>();
  #timer: TimerHandle | undefined;
  #timerAt: number | undefined;
  #closed = false;
  /** Finished lookup() results by family/order/host, valid until `expiresAt`. */
  #lookupCache = new Map<string, { list: DnsLookupAddress[]; expiresAt: number }>();

  /**
   * Makes a resolver; nothing is read or bound until the first query.
   * @param options Servers, timeouts, cache, files, transport and clock.
   */
  constructor(options: DnsResolverOptions = {}) {
    this.#options = options;
    this.#transport = options.transport ?? runtimeTransport;
    this.#clock = options.clock ?? systemClock;
    if (options.servers) options.servers.forEach(parseServer);
  }

  async #ensureCore(): Promise<DnsResolverCore> {
    if (this.#closed) throw new DnsError("ECANCELLED", "The resolver is closed");
    const o = this.#options;
    const now = this.#clock.now();
    if (o.resolvConf !== false && now - this.#confCheckedAt >= 2000) {
      this.#confCheckedAt = now;
      const f = await readSystemFile(o.resolvConf ?? "/etc/resolv.conf", 65536);
      const mtime = f?.mtimeMs ?? 0;
      if (mtime !== this.#confMtime || !this.#core) {
        this.#confMtime = mtime;
        const conf = parseResolvConf(f?.text ?? "");
        this.#rebuild(
          conf.servers,
          conf.timeout * 1000,
          conf.attempts,
          conf.rotate,
          conf.search,
          conf.ndots,
        );
      }
    } else if (!this.#core) {
      this.#rebuild([], 5000, 2, false, [], 1);
    }
    return this.#core!;
  }

  #rebuild(
    servers: string[],
    timeoutMs: number,
    attempts: number,
    rotate: boolean,
    search: string[],
    ndots: number,
  ) {
    const o = this.#options;
    const old = this.#core;
    const list = (o.servers ?? servers).map(parseServer);
    this.#search = o.search ?? search;
    this.#ndots = o.ndots ?? ndots;
    this.#lookupCache.clear();
    if (old) {
      // Keep the cache and the lookups in flight; new tries use the new list.
      old.reconfigure({
        servers: list,
        timeoutMs: o.timeoutMs ?? timeoutMs,
        attempts: o.attempts ?? attempts,
        rotate: o.rotate ?? rotate,
      });
      return;
    }
    this.#core = new DnsResolverCore({
      servers: list,
      timeoutMs: o.timeoutMs ?? timeoutMs,
      attempts: o.attempts ?? attempts,
      rotate: o.rotate ?? rotate,
      cacheSize: o.cache ?? 1000,
      ednsUdpSize: o.ednsUdpSize,
      maxInFlight: o.maxInFlight,
      random16: o.random16,
    });
  }

  #candidates(name: string): string[] {
    if (name.endsWith(".")) return [name.slice(0, -1)];
    const dots = name.split(".").length - 1;
    const searched = this.#search.map((d) => `${name}.${d}`);
    if (searched.length === 0) return [name];
    return dots >= this.#ndots ? [name, ...searched] : [...searched, name];
  }

  /**
   * Resolves records of one type, following CNAMEs.
   * @param name Domain name (relative names use the search list).
   * @param type Record type.
   * @returns The records of `type`, with remaining TTLs.
   * @throws {DnsError} `ENXDOMAIN`, `ENODATA`, `ETIMEOUT`, `ESERVFAIL`, ...
   */
  async resolve(name: string, type: DnsRecordType = "A"): Promise<DnsRecord[]> {
    return (await this.query(name, type)).records;
  }

  /**
   * Like `resolve()`, with the CNAME chain and whether the cache answered.
   * @param name Domain name.
   * @param type Record type.
   * @returns The full answer.
   */
  async query(name: string, type: DnsRecordType = "A"): Promise<DnsAnswer> {
    if (typeof name !== "string" || name === "") throw new TypeError("A name is required");
    const core = await this.#ensureCore();
    const handle = core.query(this.#candidates(name), type, this.#clock.now());
    const p = new Promise<DnsAnswer>((resolve, reject) =>
      this.#pending.set(handle, { resolve, reject })
    );
    this.#pump();
    return p;
  }

  /**
   * Resolves a host name to addresses like getaddrinfo: literals are
   * returned as they are, the hosts file is consulted first, and A and AAAA
   * are asked in parallel. A result is reused (a fresh array of frozen
   * address objects) until the smallest TTL of its records runs out, and no
   * longer than the next hosts/resolv.conf check (2 s); `cache: 0` turns
   * that off.
   * @param host Host name or IP literal.
   * @param options Family and order.
   * @returns Addresses, best first (at least one).
   * @throws {DnsError} when no address is found.
   */
  async lookup(host: string, options: DnsLookupOptions = {}): Promise<DnsLookupAddress[]> {
    const family = options.family ?? 0;
    const order = options.order ?? "rfc6724";
    // Cache hit: a precomputed, already ordered list; no promise chain, no sort.
    const key = `${family}|${order}|${host}`;
    const hit = this.#lookupCache.get(key);
    if (hit !== undefined && !this.#closed) {
      if (this.#clock.now() < hit.expiresAt) return hit.list.slice();
      this.#lookupCache.delete(key);
    }
    if (family !== 0 && family !== 4 && family !== 6) {
      throw new RangeError(`Invalid family ${family}`);
    }
    if (order !== "rfc6724" && order !== "ipv4first" && order !== "verbatim") {
      throw new RangeError(`Invalid order ${JSON.stringify(order)}`);
    }
    const literal = ipFamily(host);
    if (literal !== 0) {
      if (family !== 0 && family !== literal) {
        throw new DnsError("ENODATA", `${host} is not an IPv${family} address`);
      }
      return [{ address: host, family: literal }];
    }
    const fromHosts = (await this.#hostsFor(host)).filter((a) =>
      family === 0 || ipFamily(a) === family
    );
    let out: DnsLookupAddress[];
    // Results are reused until the smallest record TTL runs out, and never
    // past the next hosts/resolv.conf check.
    let expiresAt = this.#filesValidUntil();
    if (fromHosts.length) {
      out = fromHosts.map((a) => ({ address: a, family: ipFamily(a) as 4 | 6 }));
    } else {
      const types: DnsRecordType[] = family === 4 ? ["A"] : family === 6 ? ["AAAA"] : ["A", "AAAA"];
      const results = await Promise.allSettled(types.map((t) => this.resolve(host, t)));
      out = [];
      for (const r of results) {
        if (r.status === "fulfilled") {
          for (const rec of r.value) {
            out.push({ address: rec.data as string, family: rec.type === "AAAA" ? 6 : 4 });
            expiresAt = Math.min(expiresAt, this.#clock.now() + rec.ttl * 1000);
          }
        }
      }
      if (out.length === 0) {
        const errors = results.map((r) => (r as PromiseRejectedResult).reason as DnsError);
        const nx = errors.find((e) => e?.code === "ENXDOMAIN");
        const other = errors.find((e) => e?.code !== "ENODATA");
        throw nx ?? other ?? errors[0];
      }
    }
    if (order === "rfc6724") out.sort((a, b) => precedence(b.address) - precedence(a.address));
    else if (order === "ipv4first") out.sort((a, b) => a.family - b.family);
    const max = this.#options.cache ?? 1000;
    if (max > 0 && expiresAt > this.#clock.now() && !this.#closed) {
      this.#lookupCache.delete(key);
      this.#lookupCache.set(key, { list: out.map((a) => Object.freeze({ ...a })), expiresAt });
      if (this.#lookupCache.size > max) {
        this.#lookupCache.delete(this.#lookupCache.keys().next().value as string);
      }
    }
    return out;
  }

  #filesValidUntil(): number {
    const o = this.#options;
    let until = Infinity;
    if (o.hostsFile !== false) until = this.#hostsCheckedAt + 2000;
    if (o.resolvConf !== false) until = Math.min(until, this.#confCheckedAt + 2000);
    return until;
  }

  async #hostsFor(host: string): Promise<string[]> {
    const path = this.#options.hostsFile;
    const key = host.toLowerCase().replace(/\.$/, "");
    if (path !== false) {
      const now = this.#clock.now();
      if (now - this.#hostsCheckedAt >= 2000) {
        this.#hostsCheckedAt = now;
        const f = await readSystemFile(path ?? "/etc/hosts", 4 << 20);
        if ((f?.mtimeMs ?? 0) !== this.#hostsMtime) {
          this.#hostsMtime = f?.mtimeMs ?? 0;
          this.#hosts = parseHostsFile(f?.text ?? "");
        }
      }
    }
    const found = this.#hosts?.get(key);
    if (found) return found;
    if (key === "localhost" || key.endsWith(".localhost")) return ["::1", "127.0.0.1"]; // RFC 6761 6.3
    return [];
  }

  /**
   * Resolves the PTR name of an address.
   * @param ip IPv4 or IPv6 literal.
   * @returns Host names.
   */
  async reverse(ip: string): Promise<string[]> {
    const { family, bytes } = parseIp(ip);
    const name = family === 4
      ? `${[...bytes].reverse().join(".")}.in-addr.arpa.`
      : `${
        [...bytes].reverse().flatMap((b) => [(b & 15).toString(16), (b >> 4).toString(16)]).join(
          ".",
        )
      }.ip6.arpa.`;
    const records = await this.resolve(name, "PTR");
    return records.map((r) => r.data as string);
  }

  /**
   * Stops: in-flight lookups fail with `"ECANCELLED"`, sockets are closed.
   * @returns Resolves when everything is released.
   */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#core?.cancelAll();
    this.#pump();
    this.#closed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const io of this.#io.values()) io.close();
    this.#io.clear();
    for (const p of [...this.#udp.values()]) p.close();
    this.#udp.clear();
    this.#lookupCache.clear();
    return Promise.resolve();
  }

  #pump(): void {
    const core = this.#core;
    if (!core) return;
    for (let tx = core.pollTransmit(); tx; tx = core.pollTransmit()) this.#start(tx);
    for (let ev = core.pollEvent(); ev; ev = core.pollEvent()) {
      if (ev.type === "release") {
        this.#io.get(ev.key)?.close();
        this.#io.delete(ev.key);
        continue;
      }
      const p = this.#pending.get(ev.handle);
      if (!p) continue;
      this.#pending.delete(ev.handle);
      if (ev.type === "answer") p.resolve(ev.answer);
      else p.reject(ev.error);
    }
    this.#arm();
  }

  #arm(): void {
    const at = this.#core?.pollTimeout();
    if (at === this.#timerAt) return;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = at;
    if (at === undefined || this.#closed) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = undefined;
      this.#core?.handleTimeout(this.#clock.now());
      this.#pump();
    }, Math.max(0, at - this.#clock.now()));
  }

  /**
   * The UDP socket for the next query of a family. Sockets are shared by up
   * to `udpQueriesPerSocket` queries, then retired (closed once their last
   * query ends) so the source port keeps changing; replies are matched to
   * exchanges by id, and the core checks server, id and question.
   */
  #udpSocket(family: 4 | 6): PooledSocket {
    const cur = this.#udp.get(family);
    const max = this.#options.udpQueriesPerSocket ?? 64;
    if (cur && !cur.retired && cur.uses < max) {
      cur.uses++;
      return cur;
    }
    if (cur && !cur.retired) {
      cur.retired = true;
      if (cur.pending === 0) cur.close();
    }
    let sock: DatagramSocket | undefined;
    let gone = false;
    const pooled: PooledSocket = {
      uses: 1,
      pending: 0,
      retired: false,
      waiting: new Map(),
      ready: this.#transport.bindDatagram({ family, maxQueuedDatagrams: 1024 }),
      close: () => {
        gone = true;
        pooled.retired = true;
        if (this.#udp.get(family) === pooled) this.#udp.delete(family);
        sock?.close();
      },
    };
    this.#udp.set(family, pooled);
    const failAll = () => {
      pooled.retired = true;
      if (this.#udp.get(family) === pooled) this.#udp.delete(family);
      const core = this.#core;
      const keys = [...pooled.waiting.values()].flat();
      for (const k of keys) core?.handleTransportError(k, this.#clock.now());
      this.#pump();
    };
    pooled.ready.then(async (s) => {
      sock = s;
      if (gone) return s.close();
      for await (const d of s) {
        const data = d.data;
        if (data.length < 12) continue;
        const keys = pooled.waiting.get((data[0] << 8) | data[1]);
        if (!keys) continue;
        const core = this.#core;
        if (!core) continue;
        for (const k of [...keys]) {
          if (core.handleResponse(k, d.remote, data, this.#clock.now())) break;
        }
        this.#pump();
        if (gone) break;
      }
      if (!gone) failAll();
    }).catch(() => {
      if (!gone) failAll();
    });
    return pooled;
  }

  #start(tx: DnsTransmit): void {
    const core = this.#core!;
    let closed = false;
    let sock: DatagramSocket | undefined;
    let conn: StreamConnection | undefined;
    const io: Io = {
      close() {
        closed = true;
        sock?.close();
        conn?.close();
      },
    };
    this.#io.set(tx.key, io);
    const fail = () => {
      if (closed) return;
      core.handleTransportError(tx.key, this.#clock.now());
      this.#pump();
    };
    const deliver = (from: { hostname: string; port: number }, data: Uint8Array) => {
      if (closed) return;
      core.handleResponse(tx.key, from, data, this.#clock.now());
      this.#pump();
    };
    if (tx.protocol === "https" && tx.https) {
      const abort = new AbortController();
      const https = tx.https;
      io.close = () => {
        closed = true;
        abort.abort();
      };
      const fetchFn = this.#options.fetch ?? globalThis.fetch;
      dohExchange(fetchFn, https, tx.data, abort.signal, {
        maxResponseBytes: this.#options.dohMaxResponseBytes ?? 65535,
      }).then((m) => deliver(tx.server, m)).catch(fail);
      return;
    }
    if (tx.protocol === "udp" && !this.#options.tcp) {
      const pooled = this.#udpSocket(ipFamily(tx.server.hostname) === 6 ? 6 : 4);
      const id = (tx.data[0] << 8) | tx.data[1];
      const keys = pooled.waiting.get(id);
      if (keys) keys.push(tx.key);
      else pooled.waiting.set(id, [tx.key]);
      pooled.pending++;
      io.close = () => {
        if (closed) return;
        closed = true;
        const list = pooled.waiting.get(id);
        if (list) {
          const i = list.indexOf(tx.key);
          if (i >= 0) list.splice(i, 1);
          if (list.length === 0) pooled.waiting.delete(id);
        }
        pooled.pending--;
        if (pooled.retired && pooled.pending === 0) pooled.close();
      };
      pooled.ready.then((sock) => {
        if (!closed) return sock.send(tx.data, tx.server);
      }).catch(fail);
      return;
    }
    (async () => {
      conn = await this.#transport.connect({
        hostname: tx.server.hostname,
        port: tx.server.port,
        timeoutMs: this.#core?.pollTimeout() !== undefined
          ? Math.max(1, this.#core.pollTimeout()! - this.#clock.now())
          : 5000,
      });
      if (closed) return conn.close();
      const w = conn.writable.getWriter();
      await w.write(frameDnsTcp(tx.data));
      w.releaseLock();
      const deframer = new DnsTcpDeframer();
      const reader = conn.readable.getReader();
      try {
        while (!closed) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const m of deframer.push(value)) deliver(tx.server, m);
        }
      } finally {
        reader.releaseLock();
      }
      if (!closed) fail();
    })().catch(fail);
  }
}
