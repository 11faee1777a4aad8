// Copyright 2026 the wirekit authors. MIT license.
// The sans-IO resolver: lookups in, queries out, responses in, results out.
// No sockets, no timers: `now` is passed in, deadlines via pollTimeout().
import { DnsCache } from "./_cache.ts";
import { dohServerEntry, type ServerEntry } from "./_doh.ts";
import { canonicalName, nameToLabels } from "./_name.ts";
import { typeNumber } from "./_wire.ts";
import { decodeDnsMessage } from "./decode_dns_message.ts";
import { DnsError, type DnsErrorCode } from "./dns_error.ts";
import { encodeDnsMessage } from "./encode_dns_message.ts";
import type { DnsMessage, DnsRecord, DnsRecordType } from "./types.ts";

/** A name server: IP literal and port. */
export interface DnsServer {
  /** IP address literal. */
  hostname: string;
  /**
   * UDP/TCP port.
   * @default {53}
   */
  port?: number;
}

/** A DNS-over-HTTPS server (RFC 8484). */
export interface DnsHttpsServer {
  /**
   * The DoH endpoint, e.g. `"https://dns.example/dns-query"`. Plain `http:`
   * is accepted for loopback hosts only (tests, local proxies).
   */
  url: string;
  /**
   * POST the message as `application/dns-message`, or GET with a base64url `dns` parameter.
   * @default {"POST"}
   */
  method?: "POST" | "GET";
}

/** Options for {@linkcode DnsResolverCore}. */
export interface DnsResolverCoreOptions {
  /** Servers to query, in order: UDP/TCP servers and DNS-over-HTTPS endpoints. */
  servers: (DnsServer | DnsHttpsServer)[];
  /**
   * First per-try timeout in milliseconds; each later round doubles it (capped at 30 s).
   * @default {5000}
   */
  timeoutMs?: number;
  /**
   * Rounds over the server list.
   * @default {2}
   */
  attempts?: number;
  /**
   * Start each lookup at the next server (resolv.conf `rotate`).
   * @default {false}
   */
  rotate?: boolean;
  /**
   * Cached (name, type) outcomes; 0 disables the cache.
   * @default {1000}
   */
  cacheSize?: number;
  /**
   * Longest time an answer is cached, in seconds.
   * @default {86400}
   */
  maxCacheTtl?: number;
  /**
   * EDNS(0) UDP payload size advertised; 0 sends no OPT record.
   * @default {1232}
   */
  ednsUdpSize?: number;
  /**
   * CNAME records followed per lookup.
   * @default {8}
   */
  maxCnameHops?: number;
  /**
   * Lookups in flight (after deduplication); more fail with `"ETOOMANY"`.
   * @default {10000}
   */
  maxInFlight?: number;
  /**
   * Random 16-bit source for query ids.
   * @default {crypto.getRandomValues}
   */
  random16?: () => number;
}

/** The outcome of a lookup. */
export interface DnsAnswer {
  /** Name that was asked (after search-list expansion). */
  name: string;
  /** Requested type. */
  type: DnsRecordType;
  /** Records of `type` (TTLs are remaining seconds). */
  records: DnsRecord[];
  /** CNAME targets followed, in order. */
  cnames: string[];
  /** True when answered from the cache. */
  fromCache: boolean;
}

/** A message the driver must send. */
export interface DnsTransmit {
  /** Identifies the exchange in `handleResponse()` / `handleTransportError()`. */
  key: number;
  /** `"udp"`, `"tcp"` after a truncated answer, or `"https"` for a DoH server. */
  protocol: "udp" | "tcp" | "https";
  /** Where to send (for `"https"`: the URL's host and port). */
  server: { hostname: string; port: number };
  /** For `"https"`: the DoH endpoint and method. */
  https?: { url: string; method: "POST" | "GET" };
  /** The encoded query (no TCP length prefix). */
  data: Uint8Array;
}

/** What the core reports through `pollEvent()`. */
export type DnsCoreEvent =
  | { type: "answer"; handle: number; answer: DnsAnswer }
  | { type: "error"; handle: number; error: DnsError }
  | { type: "release"; key: number };

interface Exchange {
  key: number;
  lookup: Lookup;
  serverIndex: number;
  server: ServerEntry;
  protocol: "udp" | "tcp" | "https";
  id: number;
  qname: string;
  qtype: number;
  deadline: number;
  edns: boolean;
}

interface Lookup {
  cacheKey: string;
  handles: number[];
  type: DnsRecordType;
  qtypeNumber: number;
  candidates: string[];
  candidateIndex: number;
  origName: string;
  current: string;
  cnames: string[];
  visited: Set<string>;
  tryIndex: number; // counts (attempt, server) tries for the current name
  startServer: number;
  exchange: Exchange | undefined;
  lastError: DnsErrorCode | undefined;
  firstNegative: DnsErrorCode | undefined;
  noEdns: Set<number>;
  /** Smallest TTL of the CNAMEs followed across responses (for caching the original name). */
  chainTtl: number;
}

const RCODE_ERRORS: Record<number, DnsErrorCode> = {
  1: "EFORMERR",
  2: "ESERVFAIL",
  4: "ENOTIMP",
  5: "EREFUSED",
};

// Random ids come from crypto.getRandomValues, 256 at a time.
const randomPool = new Uint16Array(256);
let randomLeft = 0;

function defaultRandom16(): number {
  if (randomLeft === 0) {
    crypto.getRandomValues(randomPool);
    randomLeft = randomPool.length;
  }
  return randomPool[--randomLeft];
}

function serverEntries(servers: (DnsServer | DnsHttpsServer)[] | undefined): ServerEntry[] {
  return (servers ?? []).map((s) =>
    "url" in s ? dohServerEntry(s) : { hostname: s.hostname, port: s.port ?? 53 }
  );
}

/**
 * The resolver state machine. Call `query()`, then loop: send what
 * `pollTransmit()` gives, feed replies to `handleResponse()`, call
 * `handleTimeout(now)` when `pollTimeout()` passes, and collect results from
 * `pollEvent()` (release events say an exchange's socket can be closed).
 *
 * @example Driving the core by hand
 * ```ts
 * import { decodeDnsMessage, DnsResolverCore, encodeDnsMessage } from "wirekit/dns";
 * import assert from "node:assert/strict";
 *
 * const core = new DnsResolverCore({ servers: [{ hostname: "192.0.2.53" }] });
 * const handle = core.query(["www.example.test"], "A", 0);
 * const tx = core.pollTransmit()!;
 * const q = decodeDnsMessage(tx.data);
 * const reply = encodeDnsMessage({
 *   id: q.id, qr: true, rd: true, ra: true, questions: q.questions,
 *   answers: [{ name: "www.example.test", type: "A", class: 1, ttl: 60, data: "192.0.2.10" }],
 * });
 * core.handleResponse(tx.key, tx.server, reply, 10);
 * const events = [core.pollEvent(), core.pollEvent()];
 * const done = events.find((e) => e?.type === "answer");
 * assert.ok(done?.type === "answer" && done.handle === handle);
 * assert.equal(done.answer.records[0].data, "192.0.2.10");
 * ```
 */
export class DnsResolverCore {
  #servers: ServerEntry[];
  #timeoutMs: number;
  #attempts: number;
  #rotate: boolean;
  #rotation = 0;
  #edns: number;
  #maxHops: number;
  #maxInFlight: number;
  #random16: () => number;
  #cache: DnsCache;
  #lookups = new Map<string, Lookup>();
  #exchanges = new Map<number, Exchange>();
  #transmits: DnsTransmit[] = [];
  #events: DnsCoreEvent[] = [];
  #nextHandle = 1;
  #nextKey = 1;

  /**
   * Makes a resolver core.
   * @param options Servers, timeouts, cache and limits.
   */
  constructor(options: DnsResolverCoreOptions) {
    this.#servers = serverEntries(options.servers);
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#attempts = Math.max(1, options.attempts ?? 2);
    this.#rotate = options.rotate ?? false;
    this.#edns = options.ednsUdpSize ?? 1232;
    this.#maxHops = options.maxCnameHops ?? 8;
    this.#maxInFlight = options.maxInFlight ?? 10000;
    this.#random16 = options.random16 ?? defaultRandom16;
    this.#cache = new DnsCache(options.cacheSize ?? 1000, options.maxCacheTtl ?? 86400);
    if (!(this.#timeoutMs > 0)) throw new RangeError(`Invalid timeoutMs ${this.#timeoutMs}`);
  }

  /**
   * Replaces the servers and retry settings (e.g. after resolv.conf
   * changed). The cache is kept; lookups in flight finish their current try
   * and continue over the new list.
   * @param options New servers, and optionally timeout, attempts and rotate.
   */
  reconfigure(
    options: Pick<DnsResolverCoreOptions, "servers" | "timeoutMs" | "attempts" | "rotate">,
  ): void {
    const servers = serverEntries(options.servers);
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    if (!(timeoutMs > 0)) throw new RangeError(`Invalid timeoutMs ${timeoutMs}`);
    this.#servers = servers;
    this.#timeoutMs = timeoutMs;
    this.#attempts = Math.max(1, options.attempts ?? this.#attempts);
    this.#rotate = options.rotate ?? this.#rotate;
  }

  /** Number of entries in the cache. */
  get cacheSize(): number {
    return this.#cache.size;
  }

  /** Lookups in flight. */
  get inFlight(): number {
    return this.#lookups.size;
  }

  /**
   * Starts a lookup, or joins an identical one in flight, or answers from the cache.
   * @param candidates Names to try in order (search-list expansion done by the caller).
   * @param type Record type.
   * @param now Current time in milliseconds.
   * @returns A handle that `pollEvent()` results carry.
   */
  query(candidates: string[], type: DnsRecordType, now: number): number {
    if (!Array.isArray(candidates) || candidates.length === 0) {
      throw new TypeError("query() needs at least one name");
    }
    const qtypeNumber = typeNumber(type);
    const names = candidates.map((n) => {
      nameToLabels(n); // validates: TypeError / RangeError for bad names
      return canonicalName(n);
    });
    const handle = this.#nextHandle++;
    const cacheKey = `${names.join(",")}|${qtypeNumber}`;
    const joined = this.#lookups.get(cacheKey);
    if (joined) {
      joined.handles.push(handle);
      return handle;
    }
    const lookup: Lookup = {
      cacheKey,
      handles: [handle],
      type,
      qtypeNumber,
      candidates: names,
      candidateIndex: 0,
      origName: names[0],
      current: names[0],
      cnames: [],
      visited: new Set([names[0]]),
      tryIndex: 0,
      startServer: 0,
      exchange: undefined,
      lastError: undefined,
      firstNegative: undefined,
      noEdns: new Set(),
      chainTtl: Infinity,
    };
    if (this.#lookups.size >= this.#maxInFlight) {
      this.#events.push({
        type: "error",
        handle,
        error: new DnsError("ETOOMANY", `Too many DNS lookups in flight (${this.#maxInFlight})`),
      });
      return handle;
    }
    this.#lookups.set(cacheKey, lookup);
    this.#startName(lookup, now);
    return handle;
  }

  /**
   * Next message to send, if any.
   * @returns The transmit, or undefined.
   */
  pollTransmit(): DnsTransmit | undefined {
    return this.#transmits.shift();
  }

  /**
   * Next result or release notice, if any.
   * @returns The event, or undefined.
   */
  pollEvent(): DnsCoreEvent | undefined {
    return this.#events.shift();
  }

  /**
   * Earliest deadline of the exchanges in flight.
   * @returns Time in milliseconds, or undefined when idle.
   */
  pollTimeout(): number | undefined {
    let min: number | undefined;
    for (const e of this.#exchanges.values()) {
      if (min === undefined || e.deadline < min) min = e.deadline;
    }
    return min;
  }

  /**
   * Moves exchanges whose deadline passed to their next try.
   * @param now Current time in milliseconds.
   */
  handleTimeout(now: number): void {
    for (const e of [...this.#exchanges.values()]) {
      if (e.deadline <= now) {
        this.#endExchange(e);
        e.lookup.lastError ??= "ETIMEOUT";
        this.#nextTry(e.lookup, now);
      }
    }
  }

  /**
   * Sending (or connecting) failed for an exchange: try the next server.
   * @param key The exchange key.
   * @param now Current time in milliseconds.
   */
  handleTransportError(key: number, now: number): void {
    const e = this.#exchanges.get(key);
    if (!e) return;
    this.#endExchange(e);
    e.lookup.lastError ??= "ENETWORK";
    this.#nextTry(e.lookup, now);
  }

  /**
   * Feeds a reply. Replies from another address, with another id or
   * question, or malformed, are ignored (the exchange keeps waiting).
   * @param key The exchange key from the transmit.
   * @param from Sender address (for TCP: the server).
   * @param data The message bytes.
   * @param now Current time in milliseconds.
   * @returns Whether the reply was accepted.
   */
  handleResponse(
    key: number,
    from: { hostname: string; port: number },
    data: Uint8Array,
    now: number,
  ): boolean {
    const e = this.#exchanges.get(key);
    if (!e) return false;
    const server = e.server;
    if (from.hostname !== server.hostname || from.port !== server.port) return false;
    let m: DnsMessage;
    try {
      m = decodeDnsMessage(data);
    } catch {
      if (e.protocol !== "udp") {
        this.#endExchange(e);
        e.lookup.lastError = "EBADRESP";
        this.#nextTry(e.lookup, now);
      }
      return false;
    }
    const q = m.questions[0];
    if (
      !m.qr || m.id !== e.id || m.questions.length !== 1 || canonicalName(q.name) !== e.qname ||
      typeNumber(q.type) !== e.qtype || q.class !== 1
    ) {
      if (e.protocol === "https") {
        // One response per HTTP exchange: a mismatch ends it.
        this.#endExchange(e);
        e.lookup.lastError = "EBADRESP";
        this.#nextTry(e.lookup, now);
      }
      return false;
    }
    const lookup = e.lookup;
    this.#endExchange(e);
    if (m.tc && e.protocol === "udp") {
      this.#send(lookup, e.serverIndex, "tcp", now);
      return true;
    }
    const rcodeError = RCODE_ERRORS[m.rcode];
    if (rcodeError === "EFORMERR" && e.edns) {
      lookup.noEdns.add(e.serverIndex);
      this.#send(lookup, e.serverIndex, e.protocol === "tcp" ? "tcp" : "udp", now);
      return true;
    }
    if (m.rcode === 3) {
      this.#negative(lookup, "ENXDOMAIN", m, now);
      return true;
    }
    if (rcodeError || m.rcode !== 0) {
      lookup.lastError = rcodeError ?? "ESERVFAIL";
      this.#nextTry(lookup, now);
      return true;
    }
    this.#answer(lookup, m, now);
    return true;
  }

  /**
   * Fails every lookup with `"ECANCELLED"` and forgets all exchanges.
   */
  cancelAll(): void {
    for (const e of [...this.#exchanges.values()]) this.#endExchange(e);
    for (const l of this.#lookups.values()) {
      this.#finish(l, new DnsError("ECANCELLED", "The resolver was closed"));
    }
    this.#lookups.clear();
  }

  /** Empties the cache. */
  clearCache(): void {
    this.#cache.clear();
  }

  #startName(lookup: Lookup, now: number): void {
    const cached = this.#cache.get(`${lookup.current}|${lookup.qtypeNumber}`, now);
    if (cached) {
      if (cached.kind === "negative") {
        this.#negativeOutcome(lookup, cached.code, now, true);
      } else {
        for (const c of cached.cnames) {
          if (lookup.visited.has(c) || lookup.cnames.length >= this.#maxHops) {
            this.#fail(
              lookup,
              "ECNAMELOOP",
              `CNAME chain of ${lookup.origName} loops or is too long`,
            );
            return;
          }
          lookup.visited.add(c);
          lookup.cnames.push(c);
        }
        this.#succeed(lookup, cached.records, true, now);
      }
      return;
    }
    if (this.#servers.length === 0) {
      this.#fail(lookup, "ENOSERVERS", "No DNS servers are configured");
      return;
    }
    lookup.tryIndex = 0;
    lookup.startServer = this.#rotate ? this.#rotation++ % this.#servers.length : 0;
    this.#send(lookup, lookup.startServer, "udp", now);
  }

  #send(lookup: Lookup, serverIndex: number, protocol: "udp" | "tcp", now: number): void {
    if (this.#servers.length === 0) {
      this.#fail(lookup, "ENOSERVERS", "No DNS servers are configured");
      return;
    }
    // The list may have changed (reconfigure()) since the index was chosen.
    if (serverIndex >= this.#servers.length) serverIndex %= this.#servers.length;
    const server = this.#servers[serverIndex];
    const proto = server.url ? "https" : protocol;
    // RFC 8484 4.1: DoH queries use id 0 (HTTP cache friendliness).
    const id = proto === "https" ? 0 : this.#random16() & 0xffff;
    const edns = this.#edns > 0 && !lookup.noEdns.has(serverIndex);
    const data = encodeDnsMessage({
      id,
      rd: true,
      questions: [{ name: lookup.current, type: lookup.type, class: 1 }],
      edns: edns ? { udpSize: this.#edns, version: 0, dnssecOk: false, options: [] } : undefined,
    });
    const round = Math.floor(lookup.tryIndex / this.#servers.length);
    const timeout = Math.min(this.#timeoutMs * 2 ** round, 30000);
    const e: Exchange = {
      key: this.#nextKey++,
      lookup,
      serverIndex,
      server,
      protocol: proto,
      id,
      qname: lookup.current,
      qtype: lookup.qtypeNumber,
      deadline: now + timeout,
      edns,
    };
    lookup.exchange = e;
    this.#exchanges.set(e.key, e);
    const tx: DnsTransmit = {
      key: e.key,
      protocol: proto,
      server: { hostname: server.hostname, port: server.port },
      data,
    };
    if (server.url) tx.https = { url: server.url, method: server.method ?? "POST" };
    this.#transmits.push(tx);
  }

  #endExchange(e: Exchange): void {
    if (!this.#exchanges.delete(e.key)) return;
    if (e.lookup.exchange === e) e.lookup.exchange = undefined;
    this.#transmits = this.#transmits.filter((t) => t.key !== e.key);
    this.#events.push({ type: "release", key: e.key });
  }

  #nextTry(lookup: Lookup, now: number): void {
    lookup.tryIndex++;
    if (lookup.tryIndex >= this.#attempts * this.#servers.length) {
      const code = lookup.lastError ?? "ETIMEOUT";
      const what: Record<string, string> = {
        ETIMEOUT: "no DNS server answered",
        ESERVFAIL: "the DNS servers failed (SERVFAIL)",
        EREFUSED: "the DNS servers refused the query",
        EFORMERR: "the DNS servers rejected the query (FORMERR)",
        ENOTIMP: "the DNS servers do not implement the query",
        ENETWORK: "the DNS servers could not be reached",
        EBADRESP: "the DNS servers sent malformed responses",
      };
      this.#fail(lookup, code, `Resolving ${lookup.current} ${lookup.type}: ${what[code] ?? code}`);
      return;
    }
    const server = (lookup.startServer + lookup.tryIndex) % this.#servers.length;
    this.#send(lookup, server, "udp", now);
  }

  #negative(lookup: Lookup, code: "ENXDOMAIN" | "ENODATA", m: DnsMessage, now: number): void {
    // RFC 2308 section 5: the negative TTL is min(SOA TTL, SOA MINIMUM).
    const soa = m.authorities.find((r) => r.type === "SOA");
    if (soa && soa.type === "SOA") {
      this.#cache.set(
        `${lookup.current}|${lookup.qtypeNumber}`,
        { kind: "negative", code },
        Math.min(soa.ttl, soa.data.minimum),
        now,
      );
    }
    this.#negativeOutcome(lookup, code, now, false);
  }

  #negativeOutcome(
    lookup: Lookup,
    code: "ENXDOMAIN" | "ENODATA",
    now: number,
    _cached: boolean,
  ): void {
    lookup.firstNegative ??= code;
    // A negative answer for a CNAME target ends the lookup; for a search-list
    // candidate, the next candidate is tried.
    if (lookup.cnames.length === 0 && lookup.candidateIndex + 1 < lookup.candidates.length) {
      lookup.candidateIndex++;
      lookup.current = lookup.candidates[lookup.candidateIndex];
      lookup.visited = new Set([lookup.current]);
      lookup.lastError = undefined;
      lookup.chainTtl = Infinity;
      this.#startName(lookup, now);
      return;
    }
    const c = lookup.cnames.length
      ? code
      : lookup.candidates.length > 1
      ? lookup.firstNegative
      : code;
    this.#fail(
      lookup,
      c,
      c === "ENXDOMAIN"
        ? `${lookup.current} does not exist`
        : `${lookup.current} has no ${lookup.type} record`,
    );
  }

  #answer(lookup: Lookup, m: DnsMessage, now: number): void {
    const start = lookup.current;
    const chain: string[] = [];
    let cur = start;
    let minTtl = Infinity;
    for (let hops = 0;; hops++) {
      const rrset = m.answers.filter((r) =>
        canonicalName(r.name) === cur && typeNumber(r.type) === lookup.qtypeNumber
      );
      if (rrset.length) {
        for (const r of rrset) minTtl = Math.min(minTtl, r.ttl);
        this.#cache.set(
          `${start}|${lookup.qtypeNumber}`,
          { kind: "records", records: rrset, cnames: chain },
          minTtl,
          now,
        );
        for (const c of chain) {
          lookup.visited.add(c);
          lookup.cnames.push(c);
        }
        this.#succeed(lookup, rrset.map((r) => ({ ...r })), false, now);
        return;
      }
      const cname = m.answers.find((r) => canonicalName(r.name) === cur && r.type === "CNAME");
      if (!cname || cname.type !== "CNAME") break;
      const target = canonicalName(cname.data);
      minTtl = Math.min(minTtl, cname.ttl);
      if (
        target === start || chain.includes(target) || lookup.visited.has(target) ||
        lookup.cnames.length + chain.length >= this.#maxHops
      ) {
        this.#fail(lookup, "ECNAMELOOP", `CNAME chain of ${lookup.origName} loops or is too long`);
        return;
      }
      chain.push(target);
      cur = target;
    }
    if (chain.length) {
      // The chain leaves the answer (e.g. an out-of-zone target): ask for the target.
      for (const c of chain) {
        lookup.visited.add(c);
        lookup.cnames.push(c);
      }
      lookup.chainTtl = Math.min(lookup.chainTtl, minTtl);
      lookup.current = cur;
      this.#startName(lookup, now);
      return;
    }
    this.#negative(lookup, "ENODATA", m, now);
  }

  #succeed(lookup: Lookup, records: DnsRecord[], fromCache: boolean, now: number): void {
    this.#lookups.delete(lookup.cacheKey);
    const asked = lookup.candidates[lookup.candidateIndex];
    if (lookup.current !== asked && lookup.chainTtl !== Infinity) {
      // The chain was followed across responses: cache the whole outcome
      // under the name that was asked too, for the smallest TTL on the way.
      let ttl = lookup.chainTtl;
      for (const r of records) ttl = Math.min(ttl, r.ttl);
      this.#cache.set(
        `${asked}|${lookup.qtypeNumber}`,
        { kind: "records", records: records.map((r) => ({ ...r })), cnames: [...lookup.cnames] },
        ttl,
        now,
      );
    }
    for (const handle of lookup.handles) {
      this.#events.push({
        type: "answer",
        handle,
        answer: {
          name: lookup.candidates[lookup.candidateIndex],
          type: lookup.type,
          records: records.map((r) => ({ ...r })),
          cnames: [...lookup.cnames],
          fromCache,
        },
      });
    }
  }

  #fail(lookup: Lookup, code: DnsErrorCode, message: string): void {
    this.#finish(lookup, new DnsError(code, message));
  }

  #finish(lookup: Lookup, error: DnsError): void {
    if (lookup.exchange) this.#endExchange(lookup.exchange);
    this.#lookups.delete(lookup.cacheKey);
    for (const handle of lookup.handles) this.#events.push({ type: "error", handle, error });
  }
}
