// Network namespaces for the DHCP integration tests: a server namespace and
// a client namespace joined by a veth pair, with unique names, removed in
// `down()` (call it in a finally block).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SERVER_IP = "198.18.0.1";

export interface Netns {
  srv: string;
  cli: string;
  srvIf: string;
  cliIf: string;
  mac: string;
  dir: string;
  /** Runs `ip` with arguments; throws with stderr on failure. */
  ip(...args: string[]): string;
  /** Starts a process inside a namespace; output is collected. */
  spawnIn(ns: string, argv: string[]): Proc;
  down(): void;
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  /** Resolves when a line matching `re` appears (or rejects after `ms`). */
  waitFor(re: RegExp, ms: number): Promise<string>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

function ip(...args: string[]): string {
  try {
    return execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stderr?: string };
    throw new Error(`ip ${args.join(" ")} failed: ${err.stderr ?? e}`);
  }
}

export function which(program: string): string | undefined {
  for (const dir of ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]) {
    if (existsSync(join(dir, program))) return join(dir, program);
  }
  return undefined;
}

function spawnIn(ns: string, argv: string[]): Proc {
  const child = spawn("ip", ["netns", "exec", ns, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (b: Buffer) => {
    text += b.toString("utf8");
    for (const w of [...waiters]) {
      const line = text.split("\n").find((l) => w.re.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    waitFor(re, ms) {
      const line = text.split("\n").find((l) => re.test(l));
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        const w = {
          re,
          resolve: (l: string) => {
            clearTimeout(t);
            resolve(l);
          },
        };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`Timed out after ${ms} ms waiting for ${re}; output:\n${text}`));
        }, ms);
        waiters.push(w);
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const t = setTimeout(() => child.kill("SIGKILL"), 2000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

/** Creates the namespace pair; throws a clear error when namespaces are not available. */
export function netnsUp(): Netns {
  const id = `${process.pid % 100000}${Math.floor(Math.random() * 1000)}`;
  const srv = `wkdhcp-s${id}`;
  const cli = `wkdhcp-c${id}`;
  const srvIf = `wkd${id}s`.slice(0, 15);
  const cliIf = `wkd${id}c`.slice(0, 15);
  const mac = `02:00:5e:${(id.length % 256).toString(16).padStart(2, "0")}:${
    (Number(id) % 256).toString(16).padStart(2, "0")
  }:01`;
  const dir = mkdtempSync(join(tmpdir(), "wkdhcp-"));
  const down = () => {
    for (const ns of [cli, srv]) {
      try {
        execFileSync("ip", ["netns", "del", ns], { stdio: "ignore" });
      } catch { /* already gone */ }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    ip("netns", "add", srv);
  } catch (e) {
    down();
    throw new Error(
      `Cannot create network namespaces (needs root and iproute2: apt-get install iproute2): ${e}`,
    );
  }
  try {
    ip("netns", "add", cli);
    ip("link", "add", srvIf, "type", "veth", "peer", "name", cliIf);
    ip("link", "set", srvIf, "netns", srv);
    ip("link", "set", cliIf, "netns", cli);
    ip("-n", srv, "link", "set", "lo", "up");
    ip("-n", cli, "link", "set", "lo", "up");
    ip("-n", srv, "addr", "add", `${SERVER_IP}/24`, "dev", srvIf);
    ip("-n", srv, "link", "set", srvIf, "up");
    ip("-n", cli, "link", "set", cliIf, "address", mac);
    ip("-n", cli, "link", "set", cliIf, "up");
    // What a host needs before it has an address (see DhcpClient docs).
    ip("-n", cli, "route", "add", "255.255.255.255/32", "dev", cliIf);
  } catch (e) {
    down();
    throw e;
  }
  return { srv, cli, srvIf, cliIf, mac, dir, ip, spawnIn, down };
}
