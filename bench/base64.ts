// Copyright 2026 the wirekit authors. MIT license.
// base64 encode/decode of 16 MiB: wirekit against the runtime's built-ins
// (Uint8Array.prototype.toBase64/fromBase64 where present, Buffer, btoa/atob).
import { Buffer } from "node:buffer";
import { decodeBase64, encodeBase64 } from "../_internal/base64.ts";
import { type BenchContender, runBench } from "./_runner.ts";

/** Runs the base64 workload. */
export async function benchBase64(): Promise<void> {
  const size = 16 * 1024 * 1024;
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 2654435761) >>> 24;
  const text = encodeBase64(bytes);
  const native = Uint8Array.prototype as { toBase64?: () => string };
  const nativeCtor = Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array };

  const enc: BenchContender[] = [{ name: "wirekit", fn: () => encodeBase64(bytes) }];
  if (native.toBase64) {
    enc.push({
      name: "Uint8Array.toBase64",
      fn: () => native.toBase64!.call(bytes),
    });
  }
  enc.push({ name: "Buffer", fn: () => Buffer.from(bytes.buffer).toString("base64") });
  const binary = Buffer.from(bytes.buffer).toString("latin1");
  enc.push({ name: "btoa", fn: () => btoa(binary) });
  await runBench({ name: "base64 encode 16 MiB", bytesPerOp: size, contenders: enc });

  const dec: BenchContender[] = [{ name: "wirekit", fn: () => decodeBase64(text) }];
  if (nativeCtor.fromBase64) {
    dec.push({ name: "Uint8Array.fromBase64", fn: () => nativeCtor.fromBase64!(text) });
  }
  dec.push({ name: "Buffer", fn: () => Buffer.from(text, "base64") });
  dec.push({ name: "atob", fn: () => atob(text) });
  await runBench({ name: "base64 decode 16 MiB", bytesPerOp: size, contenders: dec });
}
