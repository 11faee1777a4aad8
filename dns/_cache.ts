// Copyright 2026 the wirekit authors. MIT license.
// The resolver's TTL cache: positive entries expire with the smallest TTL of
// what was stored, negative ones per RFC 2308; LRU-bounded; time passed in.
import type { DnsRecord } from "./types.ts";

/** A cached outcome of one (name, type) lookup. */
export type CacheValue =
  | { kind: "records"; records: DnsRecord[]; cnames: string[] }
  | { kind: "negative"; code: "ENXDOMAIN" | "ENODATA" };

interface Entry {
  value: CacheValue;
  storedAt: number;
  expiresAt: number;
}

/** LRU map of outcomes with absolute expiry times (milliseconds). */
export class DnsCache {
  #map = new Map<string, Entry>();
  #max: number;
  #maxTtl: number;

  constructor(maxEntries: number, maxTtlSeconds: number) {
    this.#max = maxEntries;
    this.#maxTtl = maxTtlSeconds;
  }

  get size(): number {
    return this.#map.size;
  }

  /** Stores `value` for `ttl` seconds (0 stores nothing). */
  set(key: string, value: CacheValue, ttl: number, now: number): void {
    const t = Math.min(ttl, this.#maxTtl);
    if (this.#max === 0 || !(t > 0)) return;
    this.#map.delete(key);
    this.#map.set(key, { value, storedAt: now, expiresAt: now + t * 1000 });
    while (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next().value as string;
      this.#map.delete(oldest);
    }
  }

  /** The live entry, with record TTLs reduced by the time spent in the cache. */
  get(key: string, now: number): CacheValue | undefined {
    const e = this.#map.get(key);
    if (!e) return undefined;
    if (now >= e.expiresAt) {
      this.#map.delete(key);
      return undefined;
    }
    this.#map.delete(key);
    this.#map.set(key, e);
    if (e.value.kind === "negative") return e.value;
    const left = Math.max(0, Math.floor((e.expiresAt - now) / 1000));
    const aged = Math.floor((now - e.storedAt) / 1000);
    return {
      kind: "records",
      cnames: e.value.cnames,
      records: e.value.records.map((r) =>
        ({ ...r, ttl: Math.min(left, Math.max(0, r.ttl - aged)) }) as DnsRecord
      ),
    };
  }

  clear(): void {
    this.#map.clear();
  }
}
