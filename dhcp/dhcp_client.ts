// Copyright 2026 the wirekit authors. MIT license.
// The driver: moves datagrams between DhcpClientMachine and a wirekit/net
// UDP socket on 0.0.0.0:68, runs its deadline on a clock, keeps the lease.
import { parseIpv4 } from "../_internal/ip.ts";
import { NetError } from "../net/types.ts";
import type { DatagramSocket, NetClock, NetTransport, TimerHandle } from "../net/types.ts";
import { runtimeTransport, systemClock } from "../net/transport.ts";
import { type NetworkInterfaceInfo, readInterfaceInfo } from "../net/interfaces.ts";
import { DhcpError } from "./dhcp_error.ts";
import {
  type DhcpClientEvent,
  DhcpClientMachine,
  type DhcpClientMachineOptions,
  type DhcpClientState,
  type DhcpLease,
} from "./dhcp_client_machine.ts";
import type { DhcpLeaseStore } from "./lease_store.ts";
import type { DhcpOptions, DhcpStaticRoute } from "./types.ts";

/** Options of {@linkcode DhcpClient}. */
export interface DhcpClientOptions extends Omit<DhcpClientMachineOptions, "mac"> {
  /** Network interface name (e.g. "eth0"), used in messages and by `applyLeaseLinux`. */
  interface: string;
  /**
   * Hardware address of the interface, as bytes or "aa:bb:cc:dd:ee:ff".
   * When absent, `start()` and `inform()` read it (with the hardware type)
   * from the OS with `readInterface`, and reject with `"ENOIF"` when the
   * interface does not exist or has no hardware address, `"EIFDOWN"` when it
   * is administratively down.
   * @default {read from /sys/class/net/<interface>/address}
   */
  mac?: Uint8Array | string;
  /**
   * How the interface is looked up when `mac` is not given (tests replace it).
   * @default {readInterfaceInfo of wirekit/net}
   */
  readInterface?: (name: string) => Promise<NetworkInterfaceInfo | undefined>;
  /**
   * Where to keep the lease for INIT-REBOOT after a restart.
   * @default {undefined (not kept)}
   */
  leaseStore?: DhcpLeaseStore;
  /**
   * Transports (tests pass a MemoryNetwork).
   * @default {runtimeTransport}
   */
  transport?: NetTransport;
  /**
   * Clock for deadlines (tests pass a FakeClock).
   * @default {systemClock}
   */
  clock?: NetClock;
  /**
   * Wall-clock time in ms since the epoch, to store lease times across restarts.
   * @default {Date.now}
   */
  wallClock?: () => number;
  /**
   * How long `start()` waits for the first lease before rejecting with `"ETIMEOUT"`, in ms.
   * @default {60000}
   */
  timeout?: number;
  /**
   * Reject `start()` with `"ENAK"` on a DHCPNAK instead of starting over.
   * @default {false}
   */
  failOnNak?: boolean;
  /**
   * Local address and port to bind (a test may use another port).
   * @default {{ hostname: "0.0.0.0", port: 68 }}
   */
  bind?: { hostname?: string; port?: number };
  /**
   * Server port datagrams go to.
   * @default {67}
   */
  serverPort?: number;
}

/** Listeners of {@linkcode DhcpClient} events. */
export interface DhcpClientEvents {
  /** Every state change. */
  state: (from: DhcpClientState, to: DhcpClientState) => void;
  /** A new lease (first lease, or a different address). */
  bound: (lease: DhcpLease) => void;
  /** The lease was extended (RENEWING or REBINDING). */
  renewed: (lease: DhcpLease) => void;
  /** T2 passed without renewal: asking any server (broadcast). */
  rebinding: (lease: DhcpLease) => void;
  /** The lease expired (or was replaced): stop using its address. */
  expired: (lease: DhcpLease) => void;
  /** A server refused; `lease` is the lease lost, if one was held. */
  nak: (message: string | undefined, lease: DhcpLease | undefined) => void;
  /** The lease was given back. */
  released: (lease: DhcpLease) => void;
  /** The lease was declined (`decline()`); a new one is sought after `declineWait`. */
  declined: (lease: DhcpLease) => void;
  /** A non-fatal failure (a send failed; the client retries). */
  error: (error: Error) => void;
}

/** The configuration a server sent in answer to `inform()` (DHCPINFORM). */
export interface DhcpInformation {
  /** Server identifier (option 54) of the server that answered. */
  serverId?: string;
  /** Subnet mask (option 1). */
  subnetMask?: string;
  /** Routers (option 3). */
  routers: string[];
  /** DNS servers (option 6). */
  dnsServers: string[];
  /** Domain name (option 15). */
  domainName?: string;
  /** Domain search list (option 119). */
  domainSearch: string[];
  /** NTP servers (option 42). */
  ntpServers: string[];
  /** Interface MTU (option 26). */
  mtu?: number;
  /** Classless static routes (option 121). */
  staticRoutes: DhcpStaticRoute[];
  /** Every option of the DHCPACK, decoded. */
  options: DhcpOptions;
}

/** Options of {@linkcode DhcpClient.inform}. */
export interface DhcpInformOptions {
  /**
   * Where to send the DHCPINFORM: a known server's address, or broadcast.
   * @default {"255.255.255.255"}
   */
  server?: string;
}

function information(options: DhcpOptions): DhcpInformation {
  const info: DhcpInformation = {
    routers: options.routers ?? [],
    dnsServers: options.dnsServers ?? [],
    domainSearch: options.domainSearch ?? [],
    ntpServers: options.ntpServers ?? [],
    staticRoutes: options.classlessStaticRoutes ?? [],
    options,
  };
  if (options.serverId !== undefined) info.serverId = options.serverId;
  if (options.subnetMask !== undefined) info.subnetMask = options.subnetMask;
  if (options.domainName !== undefined) info.domainName = options.domainName;
  if (options.interfaceMtu !== undefined) info.mtu = options.interfaceMtu;
  return info;
}

type Listeners = { [K in keyof DhcpClientEvents]: Set<DhcpClientEvents[K]> };

function parseMac(mac: Uint8Array | string | undefined): Uint8Array {
  if (mac instanceof Uint8Array && mac.length >= 1 && mac.length <= 16) return mac;
  if (typeof mac === "string" && /^[0-9a-f]{2}(:[0-9a-f]{2}){5,15}$/i.test(mac)) {
    return Uint8Array.from(mac.split(":"), (h) => parseInt(h, 16));
  }
  throw new TypeError(
    `A MAC address is required (bytes or "aa:bb:cc:dd:ee:ff"), got ${JSON.stringify(mac)}`,
  );
}

/**
 * A DHCPv4 client on a real interface: gets a lease, renews it at T1,
 * rebinds at T2, starts over on expiry or DHCPNAK, and releases it on
 * `stop({ release: true })`. It does not configure the interface; do that
 * on "bound" (see {@linkcode applyLeaseLinux}).
 *
 * Permissions: binding UDP port 68 needs root or CAP_NET_BIND_SERVICE;
 * sending to 255.255.255.255 needs SO_BROADCAST (set by the client) and, on
 * Linux, a route for it while the interface has no address:
 * `ip route add 255.255.255.255/32 dev <interface>` (also picks the interface
 * when there are several). Without the route sending fails and `start()`
 * rejects with `"ENOROUTE"`; without the port, `"EPERM"`. Replies arrive as
 * broadcasts (the client sets the BROADCAST flag), so no raw socket and no
 * CAP_NET_RAW is needed; the same holds for Deno (`--allow-net`), Bun and Node.
 * Without `mac`, the hardware address is read from
 * `/sys/class/net/<interface>/` (Deno: `--allow-read`); a missing interface
 * gives `"ENOIF"`, a down one `"EIFDOWN"`.
 *
 * @example A lease from a scripted server on an in-memory network
 * ```ts
 * import { DhcpClient, decodeDhcpMessage, encodeDhcpMessage } from "wirekit/dhcp";
 * import { FakeClock, MemoryNetwork } from "wirekit/net";
 * import assert from "node:assert/strict";
 *
 * const net = new MemoryNetwork();
 * const server = await net.bindDatagram({ hostname: "0.0.0.0", port: 67, broadcast: true });
 * (async () => {
 *   for await (const d of server) {
 *     const q = decodeDhcpMessage(d.data);
 *     const type = q.options.messageType === "DISCOVER" ? "OFFER" : "ACK";
 *     await server.send(encodeDhcpMessage({
 *       op: 2, xid: q.xid, chaddr: q.chaddr, yiaddr: "192.0.2.10",
 *       options: { messageType: type, serverId: "192.0.2.1", leaseTime: 600 },
 *     }), { hostname: "255.255.255.255", port: 68 });
 *   }
 * })();
 * const client = new DhcpClient({
 *   interface: "eth0", mac: "02:00:00:00:00:01", transport: net, clock: new FakeClock(), offerWait: 0,
 * });
 * const lease = await client.start();
 * assert.equal(lease.address, "192.0.2.10");
 * await client.stop();
 * await server.close();
 * ```
 */
export class DhcpClient {
  #options: DhcpClientOptions;
  #machine: DhcpClientMachine | undefined;
  #transport: NetTransport;
  #clock: NetClock;
  #wall: () => number;
  #socket: DatagramSocket | undefined;
  #timer: TimerHandle | undefined;
  #listeners: Listeners = {
    state: new Set(),
    bound: new Set(),
    renewed: new Set(),
    rebinding: new Set(),
    expired: new Set(),
    nak: new Set(),
    released: new Set(),
    declined: new Set(),
    error: new Set(),
  };
  #sending: Promise<void> = Promise.resolve();
  #first: { resolve: (l: DhcpLease) => void; reject: (e: Error) => void } | undefined;
  #informing:
    | { resolve: (i: DhcpInformation) => void; reject: (e: Error) => void }
    | undefined;
  #startTimer: TimerHandle | undefined;
  #loop: Promise<void> | undefined;
  #starting = false;

  /**
   * Creates a client; nothing happens until `start()`.
   *
   * @param options Interface, MAC address (read from the OS when absent) and what to ask for.
   * @throws {TypeError} when `interface` is empty or `mac` is malformed.
   */
  constructor(options: DhcpClientOptions) {
    if (typeof options.interface !== "string" || options.interface === "") {
      throw new TypeError("interface must be a non-empty string");
    }
    this.#options = options;
    if (options.mac !== undefined) {
      this.#machine = new DhcpClientMachine({ ...options, mac: parseMac(options.mac) });
    }
    this.#transport = options.transport ?? runtimeTransport;
    this.#clock = options.clock ?? systemClock;
    this.#wall = options.wallClock ?? Date.now;
  }

  /** The current state. */
  get state(): DhcpClientState {
    return this.#machine?.state ?? "STOPPED";
  }

  /** The lease in force, or undefined. `obtainedAt` is on the client's clock. */
  get lease(): DhcpLease | undefined {
    return this.#machine?.lease;
  }

  /**
   * Adds a listener.
   *
   * @param type Event name.
   * @param listener Called with the event's arguments.
   * @returns This client.
   */
  on<K extends keyof DhcpClientEvents>(type: K, listener: DhcpClientEvents[K]): this {
    (this.#listeners[type] as Set<DhcpClientEvents[K]>).add(listener);
    return this;
  }

  /**
   * Removes a listener.
   *
   * @param type Event name.
   * @param listener The listener given to `on`.
   * @returns This client.
   */
  off<K extends keyof DhcpClientEvents>(type: K, listener: DhcpClientEvents[K]): this {
    (this.#listeners[type] as Set<DhcpClientEvents[K]>).delete(listener);
    return this;
  }

  /**
   * Binds the socket and acquires a lease (INIT-REBOOT when the lease store
   * has an unexpired one). The client keeps the lease afterwards until
   * `stop()`.
   *
   * @returns The first lease.
   * @throws {DhcpError} `"ENOIF"` (no such interface, or it has no hardware
   *   address; only when `mac` is not given), `"EIFDOWN"` (interface down),
   *   `"EPERM"` (cannot bind port 68), `"ENOROUTE"` (cannot send to
   *   255.255.255.255), `"ETIMEOUT"` (no lease within `timeout`), `"ENAK"`
   *   (refused, with `failOnNak`).
   * @throws {TypeError} when already started.
   */
  async start(): Promise<DhcpLease> {
    if (this.#socket || this.#starting) throw new TypeError("DhcpClient already started");
    const o = this.#options;
    this.#starting = true;
    let machine: DhcpClientMachine;
    try {
      machine = await this.#prepare();
      this.#socket = await this.#bind();
    } finally {
      this.#starting = false;
    }
    let remembered: DhcpLease | undefined;
    try {
      const stored = await o.leaseStore?.load();
      if (stored) remembered = { ...stored, obtainedAt: this.#fromWall(stored.obtainedAt) };
    } catch {
      remembered = undefined;
    }
    const first = new Promise<DhcpLease>((resolve, reject) => {
      this.#first = { resolve, reject };
    });
    const timeout = o.timeout ?? 60_000;
    this.#startTimer = this.#clock.setTimeout(() => {
      this.#startTimer = undefined;
      this.#fail(new DhcpError("ETIMEOUT", `No DHCP lease on ${o.interface} within ${timeout} ms`));
    }, timeout);
    this.#loop = this.#receiveLoop(this.#socket);
    machine.start(this.#clock.now(), remembered);
    this.#pump();
    return await first;
  }

  /**
   * Asks a server for configuration only (DHCPINFORM, RFC 2131 section 3.4),
   * for a host whose address is set by other means: binds the socket, sends
   * DHCPINFORM with `address` as ciaddr (retransmitted with backoff,
   * `requestAttempts` times), and closes the socket when the DHCPACK arrives.
   * The client must not be started.
   *
   * @param address The host's configured address (the server answers to it).
   * @param options Where to send.
   * @returns The configuration from the DHCPACK.
   * @throws {DhcpError} `"ETIMEOUT"` (no answer within `timeout` or after
   *   every retransmission), and `"ENOIF"`, `"EIFDOWN"`, `"EPERM"`,
   *   `"ENOROUTE"` as for `start()`.
   * @throws {TypeError} when already started, or an address is not IPv4.
   *
   * @example Configuration for a statically addressed host
   * ```ts
   * import { DhcpClient, decodeDhcpMessage, encodeDhcpMessage } from "wirekit/dhcp";
   * import { FakeClock, MemoryNetwork } from "wirekit/net";
   * import assert from "node:assert/strict";
   *
   * const net = new MemoryNetwork();
   * const server = await net.bindDatagram({ hostname: "0.0.0.0", port: 67, broadcast: true });
   * (async () => {
   *   for await (const d of server) {
   *     const q = decodeDhcpMessage(d.data);
   *     await server.send(encodeDhcpMessage({
   *       op: 2, xid: q.xid, chaddr: q.chaddr, ciaddr: q.ciaddr,
   *       options: { messageType: "ACK", serverId: "192.0.2.1", dnsServers: ["192.0.2.53"] },
   *     }), { hostname: "255.255.255.255", port: 68 });
   *   }
   * })();
   * const client = new DhcpClient({
   *   interface: "eth0", mac: "02:00:00:00:00:01", transport: net, clock: new FakeClock(),
   * });
   * const info = await client.inform("192.0.2.77");
   * assert.deepEqual(info.dnsServers, ["192.0.2.53"]);
   * assert.equal(client.state, "STOPPED");
   * await server.close();
   * ```
   */
  async inform(address: string, options: DhcpInformOptions = {}): Promise<DhcpInformation> {
    if (this.#socket || this.#starting) throw new TypeError("DhcpClient already started");
    const server = options.server ?? "255.255.255.255";
    for (const a of [address, server]) {
      try {
        parseIpv4(a);
      } catch (e) {
        throw new TypeError(`Not an IPv4 address: ${JSON.stringify(a)}`, { cause: e });
      }
    }
    const o = this.#options;
    this.#starting = true;
    let machine: DhcpClientMachine;
    try {
      machine = await this.#prepare();
      this.#socket = await this.#bind();
    } finally {
      this.#starting = false;
    }
    const answer = new Promise<DhcpInformation>((resolve, reject) => {
      this.#informing = { resolve, reject };
    });
    const timeout = o.timeout ?? 60_000;
    this.#startTimer = this.#clock.setTimeout(() => {
      this.#startTimer = undefined;
      this.#fail(new DhcpError("ETIMEOUT", `No DHCPACK to DHCPINFORM within ${timeout} ms`));
    }, timeout);
    this.#loop = this.#receiveLoop(this.#socket);
    machine.inform(this.#clock.now(), address, server);
    this.#pump();
    try {
      return await answer;
    } finally {
      await this.stop();
    }
  }

  /** The state machine, created from the OS's view of the interface when no MAC was given. */
  async #prepare(): Promise<DhcpClientMachine> {
    if (this.#machine) return this.#machine;
    const o = this.#options;
    const name = o.interface;
    let info: NetworkInterfaceInfo | undefined;
    try {
      info = await (o.readInterface ?? readInterfaceInfo)(name);
    } catch (e) {
      if (e instanceof NetError && (e.code === "EACCES" || e.code === "EPERM")) {
        throw new DhcpError(
          "EPERM",
          `Cannot read /sys/class/net/${name} (Deno needs --allow-read); or pass mac`,
          { cause: e },
        );
      }
      if (e instanceof TypeError) {
        throw new DhcpError("ENOIF", `Invalid interface name ${JSON.stringify(name)}`, {
          cause: e,
        });
      }
      throw e;
    }
    if (!info) {
      throw new DhcpError(
        "ENOIF",
        `No network interface ${JSON.stringify(name)} (see \`ip link\`); or pass mac`,
      );
    }
    let mac: Uint8Array | undefined;
    try {
      mac = info.mac === undefined ? undefined : parseMac(info.mac);
    } catch {
      mac = undefined; // Longer than chaddr's 16 bytes (e.g. InfiniBand).
    }
    if (!mac || mac.every((b) => b === 0)) {
      throw new DhcpError(
        "ENOIF",
        `Interface ${name} has no usable hardware address (${info.mac ?? "none"}); pass mac`,
      );
    }
    if (!info.up) {
      throw new DhcpError(
        "EIFDOWN",
        `Interface ${name} is down: bring it up first (ip link set ${name} up)`,
      );
    }
    const t = info.hardwareType;
    const htype = o.htype ?? (t >= 1 && t <= 255 ? t : 1);
    this.#machine = new DhcpClientMachine({ ...o, mac, htype });
    return this.#machine;
  }

  async #bind(): Promise<DatagramSocket> {
    const o = this.#options;
    try {
      return await this.#transport.bindDatagram({
        hostname: o.bind?.hostname ?? "0.0.0.0",
        port: o.bind?.port ?? 68,
        broadcast: true,
      });
    } catch (e) {
      const code = e instanceof NetError ? e.code : "";
      if (code === "EACCES" || code === "EPERM") {
        throw new DhcpError(
          "EPERM",
          `Cannot bind UDP port ${
            o.bind?.port ?? 68
          } for ${o.interface}: run as root or with CAP_NET_BIND_SERVICE`,
          { cause: e },
        );
      }
      throw e;
    }
  }

  /**
   * Stops the client: clears its timer, optionally releases the lease
   * (DHCPRELEASE), and closes the socket.
   *
   * @param options `release: true` gives the lease back (and forgets the stored one).
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    const now = this.#clock.now();
    if (options.release) this.#machine?.release(now);
    else this.#machine?.stop(now);
    this.#pump();
    this.#clearTimers();
    await this.#sending;
    const s = this.#socket;
    this.#socket = undefined;
    await s?.close();
    await this.#loop;
    this.#fail(new DhcpError("ETIMEOUT", "Client stopped before an answer was obtained"));
  }

  /**
   * Reports that the bound address is in use (e.g. an ARP probe or a
   * gratuitous ARP answered): sends DHCPDECLINE (broadcast), forgets the
   * lease (a "declined" event) and starts over with DHCPDISCOVER after
   * `declineWait`; the next lease arrives as a "bound" event.
   *
   * @throws {TypeError} when not in BOUND state.
   */
  decline(): void {
    if (!this.#machine || !this.#socket) {
      throw new TypeError(`Nothing to decline in state ${this.state}`);
    }
    this.#machine.decline(this.#clock.now());
    this.#pump();
  }

  #fromWall(t: number): number {
    return t - this.#wall() + this.#clock.now();
  }

  #toWall(t: number): number {
    return t - this.#clock.now() + this.#wall();
  }

  #fail(e: Error): void {
    const f = this.#first ?? this.#informing;
    if (!f) return;
    this.#first = undefined;
    this.#informing = undefined;
    if (this.#startTimer !== undefined) this.#clock.clearTimeout(this.#startTimer);
    this.#startTimer = undefined;
    f.reject(e);
    if (this.#socket) void this.stop();
  }

  #clearTimers(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#startTimer !== undefined) this.#clock.clearTimeout(this.#startTimer);
    this.#startTimer = undefined;
  }

  async #receiveLoop(socket: DatagramSocket): Promise<void> {
    const port = this.#options.serverPort ?? 67;
    try {
      for await (const d of socket) {
        if (d.remote.port !== port) continue;
        if (this.#machine?.handle(d.data, this.#clock.now())) this.#pump();
      }
    } catch (e) {
      if (!(e instanceof NetError && e.code === "ECLOSED")) this.#emit("error", e as Error);
    }
  }

  #emit<K extends keyof DhcpClientEvents>(type: K, ...args: Parameters<DhcpClientEvents[K]>): void {
    for (const l of this.#listeners[type]) {
      try {
        (l as (...a: unknown[]) => void)(...args);
      } catch {
        // A throwing listener must not break the lease loop.
      }
    }
  }

  #store(lease: DhcpLease | undefined): void {
    const store = this.#options.leaseStore;
    if (!store) return;
    const saved = lease ? { ...lease, obtainedAt: this.#toWall(lease.obtainedAt) } : undefined;
    store.save(saved).catch((e) => this.#emit("error", e as Error));
  }

  #pump(): void {
    const m = this.#machine;
    if (!m) return;
    const socket = this.#socket;
    for (let tx = m.pollTransmit(); tx; tx = m.pollTransmit()) {
      const t = tx;
      if (!socket) continue;
      this.#sending = this.#sending.then(async () => {
        try {
          await socket.send(t.bytes, { hostname: t.to, port: this.#options.serverPort ?? t.port });
        } catch (e) {
          this.#sendFailed(e, t.to);
        }
      });
    }
    for (let ev = m.pollEvent(); ev; ev = m.pollEvent()) this.#dispatch(ev);
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const due = m.pollTimeout();
    if (due !== undefined && this.#socket) {
      // Long deadlines are re-armed in steps (timers overflow past 2^31 ms).
      const delay = Math.min(Math.max(0, due - this.#clock.now()), 2 ** 30);
      this.#timer = this.#clock.setTimeout(() => {
        this.#timer = undefined;
        this.#machine?.handleTimeout(this.#clock.now());
        this.#pump();
      }, delay);
    }
  }

  #sendFailed(e: unknown, to: string): void {
    const code = e instanceof NetError ? e.code : "";
    const broadcast = to === "255.255.255.255";
    if (
      broadcast && (this.#first || this.#informing) &&
      (code === "ENETUNREACH" || code === "EHOSTUNREACH" || code === "EIO")
    ) {
      this.#fail(
        new DhcpError(
          "ENOROUTE",
          `Cannot send to 255.255.255.255 on ${this.#options.interface}: add a route (ip route add 255.255.255.255/32 dev ${this.#options.interface})`,
          { cause: e },
        ),
      );
      return;
    }
    if (code === "EACCES" || code === "EPERM") {
      this.#fail(new DhcpError("EPERM", `Not allowed to send to ${to}`, { cause: e }));
    }
    this.#emit("error", e as Error);
  }

  #dispatch(ev: DhcpClientEvent): void {
    switch (ev.type) {
      case "state":
        this.#emit("state", ev.from, ev.to);
        return;
      case "bound": {
        this.#store(ev.lease);
        const f = this.#first;
        if (f) {
          this.#first = undefined;
          if (this.#startTimer !== undefined) this.#clock.clearTimeout(this.#startTimer);
          this.#startTimer = undefined;
          f.resolve(ev.lease);
        }
        this.#emit("bound", ev.lease);
        return;
      }
      case "renewed":
        this.#store(ev.lease);
        this.#emit("renewed", ev.lease);
        return;
      case "rebinding":
        this.#emit("rebinding", ev.lease);
        return;
      case "expired":
        this.#store(undefined);
        this.#emit("expired", ev.lease);
        return;
      case "nak":
        this.#store(undefined);
        this.#emit("nak", ev.message, ev.lease);
        if (this.#options.failOnNak) {
          this.#fail(
            new DhcpError("ENAK", `DHCPNAK from ${ev.serverId ?? "a server"}: ${ev.message ?? ""}`),
          );
        }
        return;
      case "declined":
        this.#store(undefined);
        this.#emit("declined", ev.lease);
        return;
      case "released":
        this.#store(undefined);
        this.#emit("released", ev.lease);
        return;
      case "informed": {
        const f = this.#informing;
        if (f) {
          this.#informing = undefined;
          if (this.#startTimer !== undefined) this.#clock.clearTimeout(this.#startTimer);
          this.#startTimer = undefined;
          f.resolve(information(ev.options));
        }
        return;
      }
      case "timeout":
        if (ev.state === "INFORMING") {
          this.#fail(
            new DhcpError("ETIMEOUT", "No DHCPACK to DHCPINFORM after every retransmission"),
          );
        }
        return;
    }
  }
}
