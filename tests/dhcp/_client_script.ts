// Run by integration_test.ts inside a network namespace, under the same
// runtime as the test: `ip netns exec <ns> <runtime> _client_script.(ts|js) '<json>'`.
// Prints one JSON line per event on stdout and exits. The MAC is not passed:
// the client reads it from sysfs; `ip` runs through the default runner.
import process from "node:process";
import {
  applyLeaseLinux,
  DhcpClient,
  type DhcpClientOptions,
  type DhcpLease,
  type DhcpLeaseStore,
  removeLeaseLinux,
} from "../../dhcp/mod.ts";

interface Config {
  iface: string;
  /** Only DHCPINFORM from this (statically configured) address, then exit. */
  inform?: string;
  /** Event names to wait for, in order, before stopping. */
  waitFor: string[];
  release: boolean;
  remembered?: DhcpLease;
  timeoutMs: number;
  options?: Partial<DhcpClientOptions>;
}

const cfg = JSON.parse(process.argv[process.argv.length - 1]) as Config;

function out(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

const store: DhcpLeaseStore = {
  load: () => Promise.resolve(cfg.remembered),
  save: () => Promise.resolve(),
};

const client = new DhcpClient({
  interface: cfg.iface,
  leaseStore: store,
  timeout: cfg.timeoutMs,
  offerWait: 200,
  minRenewInterval: 1000,
  ...cfg.options,
});

const waiting = [...cfg.waitFor];
let done: () => void = () => {};
const finished = new Promise<void>((r) => (done = r));
let current: DhcpLease | undefined;
let applying: Promise<unknown> = Promise.resolve();

function seen(name: string): void {
  if (waiting[0] === name) waiting.shift();
  if (waiting.length === 0) done();
}

client.on("state", (from, to) => out({ event: "state", from, to }));
client.on("bound", (lease) => {
  const previous = current;
  current = lease;
  applying = applying.then(() => applyLeaseLinux(lease, { interface: cfg.iface, previous }))
    .then(() => {
      out({ event: "bound", lease });
      seen("bound");
    }, (e) => out({ event: "apply-error", message: String(e) }));
});
client.on("renewed", (lease) => {
  current = lease;
  applying = applying.then(() => applyLeaseLinux(lease, { interface: cfg.iface }))
    .then(() => {
      out({ event: "renewed", lease });
      seen("renewed");
    });
});
client.on("rebinding", (lease) => {
  out({ event: "rebinding", address: lease.address });
  seen("rebinding");
});
client.on("expired", (lease) => {
  out({ event: "expired", address: lease.address });
  applying = applying.then(() => removeLeaseLinux(lease, { interface: cfg.iface })).catch(
    () => {},
  );
  seen("expired");
});
client.on("nak", (message, lease) => {
  out({ event: "nak", message, address: lease?.address });
  seen("nak");
});
client.on("released", (lease) => out({ event: "released", address: lease.address }));
client.on("error", (e) => out({ event: "error", message: String(e) }));

if (cfg.inform) {
  try {
    const info = await client.inform(cfg.inform);
    out({ event: "informed", info });
    process.exit(0);
  } catch (e) {
    out({ event: "failed", code: (e as { code?: string }).code, message: String(e) });
    process.exit(1);
  }
}

const guard = setTimeout(() => {
  out({ event: "timeout", waitingFor: waiting });
  done();
}, cfg.timeoutMs);
let code = 0;
try {
  await client.start();
  if (waiting.length === 0) done();
  await finished;
  await applying;
  await client.stop({ release: cfg.release });
  out({ event: "stopped" });
} catch (e) {
  out({ event: "failed", code: (e as { code?: string }).code, message: String(e) });
  code = 1;
  await client.stop();
} finally {
  clearTimeout(guard);
}
process.exit(code);
