// Copyright 2026 the wirekit authors. MIT license.
// Makes a throwaway CA and a leaf certificate for 127.0.0.1/localhost with
// openssl (a CA used directly as a leaf is rejected by some TLS stacks).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCerts {
  caCert: string;
  leafCert: string;
  leafKey: string;
}

let cached: TestCerts | undefined;

export function makeTestCerts(): TestCerts {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "wirekit-net-certs-"));
  const run = (args: string[]) => {
    try {
      execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    } catch (e) {
      throw new Error(
        `openssl is needed to make test certificates (apt-get install openssl): ${e}`,
      );
    }
  };
  try {
    run([
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "2",
      "-subj",
      "/CN=wirekit test CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    run([
      "req",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      "leaf.key",
      "-out",
      "leaf.csr",
      "-subj",
      "/CN=localhost",
    ]);
    writeFileSync(
      join(dir, "ext.cnf"),
      "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n",
    );
    run([
      "x509",
      "-req",
      "-in",
      "leaf.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "leaf.pem",
      "-days",
      "2",
      "-extfile",
      "ext.cnf",
    ]);
    cached = {
      caCert: readFileSync(join(dir, "ca.pem"), "utf8"),
      leafCert: readFileSync(join(dir, "leaf.pem"), "utf8"),
      leafKey: readFileSync(join(dir, "leaf.key"), "utf8"),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads a whole stream into one byte array (bounded). */
export async function readAll(
  stream: ReadableStream<Uint8Array>,
  limit = 1 << 24,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  const r = stream.getReader();
  try {
    while (true) {
      const { value, done } = await r.read();
      if (done) break;
      parts.push(value);
      n += value.length;
      if (n > limit) throw new Error("readAll limit exceeded");
    }
  } finally {
    r.releaseLock();
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
