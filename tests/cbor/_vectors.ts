// Helpers for the cbor tests: the JSON value notation of tests/testdata/cbor.
import { CborSimple, CborTag } from "../../cbor/mod.ts";

/** Hex text to bytes. */
export function unhex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Bytes to lowercase hex. */
export function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/** Turns the testdata value notation into the value decodeCbor(..., { mapsAsObjects: false }) gives. */
export function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  if ("$bigint" in o) return BigInt(o.$bigint as string);
  if ("$float" in o) return Number(o.$float as string);
  if ("$bytes" in o) return unhex(o.$bytes as string);
  if ("$map" in o) {
    return new Map((o.$map as [unknown, unknown][]).map(([k, x]) => [revive(k), revive(x)]));
  }
  if ("$tag" in o) return new CborTag(o.$tag as number, revive(o.value));
  if ("$simple" in o) return new CborSimple(o.$simple as number);
  if ("$undefined" in o) return undefined;
  if ("$date" in o) return new Date(o.$date as string);
  throw new Error(`Unknown notation ${JSON.stringify(v)}`);
}

/** A ReadableStream of the given chunks (ReadableStream.from is missing in Node 20). */
export function streamOf<T>(items: readonly T[]): ReadableStream<T> {
  return new ReadableStream<T>({
    start(c) {
      for (const x of items) c.enqueue(x);
      c.close();
    },
  });
}

/** Everything a stream yields (Array.fromAsync is missing in Node 20). */
export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}
