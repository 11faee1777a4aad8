// Copyright 2026 the wirekit authors. MIT license.
// The RFC 2131 client as a sans-IO state machine: bytes and `now` in,
// datagrams, events and one deadline out. No sockets, no timers.
import { parseIpv4 } from "../_internal/ip.ts";
import { decodeDhcpMessage } from "./decode_dhcp_message.ts";
import { encodeDhcpMessage } from "./encode_dhcp_message.ts";
import type { DhcpMessage, DhcpOptions, DhcpStaticRoute } from "./types.ts";

/**
 * Client states of RFC 2131 figure 5, plus INFORMING (a DHCPINFORM exchange)
 * and STOPPED (not started, stopped or released).
 */
export type DhcpClientState =
  | "STOPPED"
  | "INIT"
  | "SELECTING"
  | "REQUESTING"
  | "BOUND"
  | "RENEWING"
  | "REBINDING"
  | "INIT-REBOOT"
  | "REBOOTING"
  | "INFORMING";

/** A lease: the address and the configuration that came with it. Plain JSON, so it can be stored. */
export interface DhcpLease {
  /** The assigned address. */
  address: string;
  /** Subnet mask (option 1; the classful mask when the server sent none). */
  subnetMask: string;
  /** Prefix length of `subnetMask`. */
  prefixLength: number;
  /** Routers (option 3). Per RFC 3442, ignore them when `staticRoutes` is not empty. */
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
  /** Broadcast address (option 28). */
  broadcastAddress?: string;
  /** Classless static routes (option 121). */
  staticRoutes: DhcpStaticRoute[];
  /** Host name the server assigned (option 12). */
  hostname?: string;
  /** Server identifier (option 54): where renewals go. */
  serverId: string;
  /** Lease time in seconds (0xffffffff = infinite). */
  leaseTime: number;
  /** T1 in seconds from `obtainedAt`. */
  renewalTime: number;
  /** T2 in seconds from `obtainedAt`. */
  rebindingTime: number;
  /** When the request that got this lease was first sent (ms, the clock of `now`). */
  obtainedAt: number;
}

/** One datagram to send to UDP port 67. */
export interface DhcpTransmit {
  /** The message bytes. */
  bytes: Uint8Array;
  /** Destination address: "255.255.255.255" or the server (unicast renewal, release). */
  to: string;
  /** Destination port. */
  port: number;
  /** The message type, for logs. */
  type: "DISCOVER" | "REQUEST" | "DECLINE" | "RELEASE" | "INFORM";
}

/** What the machine reports. */
export type DhcpClientEvent =
  | { type: "state"; from: DhcpClientState; to: DhcpClientState }
  | { type: "bound"; lease: DhcpLease }
  | { type: "renewed"; lease: DhcpLease }
  | { type: "rebinding"; lease: DhcpLease }
  | { type: "expired"; lease: DhcpLease }
  | { type: "nak"; message?: string; serverId?: string; lease?: DhcpLease }
  | { type: "declined"; lease: DhcpLease }
  | { type: "released"; lease: DhcpLease }
  | { type: "informed"; options: DhcpOptions; serverId?: string }
  | { type: "timeout"; state: DhcpClientState };

/** Options of {@linkcode DhcpClientMachine}. */
export interface DhcpClientMachineOptions {
  /** Hardware (MAC) address, 6 bytes for Ethernet. */
  mac: Uint8Array;
  /**
   * Hardware type (1 = Ethernet).
   * @default {1}
   */
  htype?: number;
  /**
   * Client identifier (option 61); `false` to send none.
   * @default {type 1 followed by the MAC}
   */
  clientId?: Uint8Array | false;
  /**
   * Host name to send (option 12). Give this or `fqdn`, not both.
   * @default {undefined}
   */
  hostname?: string;
  /**
   * Fully qualified name to send as client FQDN (option 81, flags S=1, E=1).
   * @default {undefined}
   */
  fqdn?: string;
  /**
   * Vendor class identifier (option 60).
   * @default {undefined}
   */
  vendorClassId?: string;
  /**
   * Parameter request list (option 55).
   * @default {[1, 3, 6, 12, 15, 26, 28, 42, 51, 54, 58, 59, 119, 121]}
   */
  parameterRequestList?: number[];
  /**
   * Ask for rapid commit (RFC 4039 option 80): a server may answer DISCOVER with ACK.
   * @default {false}
   */
  rapidCommit?: boolean;
  /**
   * Lease time to ask for (option 51), in seconds.
   * @default {undefined}
   */
  requestedLeaseTime?: number;
  /**
   * Maximum message size to announce (option 57); also the largest message sent.
   * @default {1500}
   */
  maxMessageSize?: number;
  /**
   * Set the BROADCAST flag while the client has no address (needed with a UDP
   * socket: the kernel drops unicast to an address the interface lacks).
   * @default {true}
   */
  broadcastFlag?: boolean;
  /**
   * How long to collect offers after the first one, in ms.
   * @default {500}
   */
  offerWait?: number;
  /**
   * Most offers kept while selecting.
   * @default {16}
   */
  maxOffers?: number;
  /**
   * Picks one of the collected offers (in arrival order); return undefined to
   * keep waiting. The default takes the offer of the remembered address,
   * else the first one.
   * @default {undefined}
   */
  selectOffer?: (offers: readonly DhcpMessage[]) => DhcpMessage | undefined;
  /**
   * Transmissions of a DHCPREQUEST (REQUESTING, REBOOTING) or DHCPINFORM
   * before giving up (back to INIT; a "timeout" event for INFORM).
   * @default {4}
   */
  requestAttempts?: number;
  /**
   * Smallest interval between retransmissions while RENEWING or REBINDING,
   * in ms (RFC 2131 section 4.4.5 says 60 s).
   * @default {60000}
   */
  minRenewInterval?: number;
  /**
   * Wait after a DHCPDECLINE before starting over, in ms (RFC 2131 says at least 10 s).
   * @default {10000}
   */
  declineWait?: number;
  /**
   * Random numbers in [0, 1) for transaction ids and retransmission jitter.
   * @default {a crypto.getRandomValues() source}
   */
  random?: () => number;
}

const ZERO = "0.0.0.0";
const BROADCAST = "255.255.255.255";

function cryptoRandom(): number {
  const b = new Uint32Array(1);
  crypto.getRandomValues(b);
  return b[0] / 2 ** 32;
}

function prefixOf(mask: string): number {
  const b = parseIpv4(mask);
  const v = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  let n = 0;
  while (n < 32 && (v & (0x80000000 >>> n)) !== 0) n++;
  return n;
}

function classfulMask(address: string): string {
  const first = parseIpv4(address)[0];
  return first < 128 ? "255.0.0.0" : first < 192 ? "255.255.0.0" : "255.255.255.0";
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Absolute times of a lease, in ms. */
export function leaseDeadlines(
  lease: DhcpLease,
): { renewAt: number; rebindAt: number; expiresAt: number } {
  if (lease.leaseTime === 0xffffffff) {
    return { renewAt: Infinity, rebindAt: Infinity, expiresAt: Infinity };
  }
  return {
    renewAt: lease.obtainedAt + lease.renewalTime * 1000,
    rebindAt: lease.obtainedAt + lease.rebindingTime * 1000,
    expiresAt: lease.obtainedAt + lease.leaseTime * 1000,
  };
}

/**
 * The DHCPv4 client of RFC 2131 as a sans-IO state machine. Feed it received
 * datagrams with `handle(bytes, now)` and call `handleTimeout(now)` at
 * `pollTimeout()`; send what `pollTransmit()` returns to UDP port 67 and act
 * on what `pollEvent()` returns. `now` is in milliseconds on any monotonic
 * clock.
 *
 * Retransmissions follow RFC 2131 section 4.1: 4, 8, 16, 32 then 64 s,
 * each randomised by +-1 s; while RENEWING and REBINDING, half the time left
 * until T2 (or expiry), at least `minRenewInterval`.
 *
 * @example Acquiring a lease from a scripted server
 * ```ts
 * import { DhcpClientMachine, decodeDhcpMessage, encodeDhcpMessage } from "wirekit/dhcp";
 * import assert from "node:assert/strict";
 *
 * const mac = Uint8Array.of(2, 0, 0, 0, 0, 1);
 * const client = new DhcpClientMachine({ mac, offerWait: 0, random: () => 0.5 });
 * client.start(0);
 * const discover = decodeDhcpMessage(client.pollTransmit()!.bytes);
 * assert.equal(discover.options.messageType, "DISCOVER");
 * const reply = (type: "OFFER" | "ACK") =>
 *   encodeDhcpMessage({
 *     op: 2, xid: discover.xid, chaddr: mac, yiaddr: "192.0.2.10",
 *     options: { messageType: type, serverId: "192.0.2.1", leaseTime: 600, subnetMask: "255.255.255.0" },
 *   });
 * client.handle(reply("OFFER"), 10);
 * client.handleTimeout(10);
 * assert.equal(decodeDhcpMessage(client.pollTransmit()!.bytes).options.messageType, "REQUEST");
 * client.handle(reply("ACK"), 20);
 * assert.equal(client.state, "BOUND");
 * assert.equal(client.lease?.address, "192.0.2.10");
 * assert.equal(client.pollTimeout(), 10 + 300_000); // T1 = half the lease, from the REQUEST
 * ```
 */
export class DhcpClientMachine {
  #o: {
    mac: Uint8Array;
    htype: number;
    clientId: Uint8Array | undefined;
    hostname: string | undefined;
    fqdn: string | undefined;
    vendorClassId: string | undefined;
    prl: number[];
    rapidCommit: boolean;
    requestedLeaseTime: number | undefined;
    maxMessageSize: number;
    broadcastFlag: boolean;
    offerWait: number;
    maxOffers: number;
    selectOffer: ((offers: readonly DhcpMessage[]) => DhcpMessage | undefined) | undefined;
    requestAttempts: number;
    minRenewInterval: number;
    declineWait: number;
    random: () => number;
  };
  #state: DhcpClientState = "STOPPED";
  #lease: DhcpLease | undefined;
  #remembered: DhcpLease | undefined;
  #xid = 0;
  #exchangeStart = 0; // first transmission of the current exchange (secs)
  #requestAt = 0; // first transmission of the request a lease will count from
  #attempt = 0;
  #deadline: number | undefined;
  #offers: DhcpMessage[] = [];
  #offerDeadline: number | undefined;
  #selected: DhcpMessage | undefined;
  #informAddress = ZERO;
  #informServer = BROADCAST;
  #tx: DhcpTransmit[] = [];
  #events: DhcpClientEvent[] = [];

  /**
   * Creates a stopped client; call `start(now)` to begin.
   *
   * @param options The MAC address and what to ask for.
   */
  constructor(options: DhcpClientMachineOptions) {
    const mac = options.mac;
    if (!(mac instanceof Uint8Array) || mac.length === 0 || mac.length > 16) {
      throw new TypeError("mac must be a Uint8Array of 1..16 bytes");
    }
    if (options.hostname !== undefined && options.fqdn !== undefined) {
      throw new TypeError("Give hostname or fqdn, not both");
    }
    const positive = (v: number | undefined, d: number, name: string, min = 0) => {
      const x = v ?? d;
      if (!Number.isFinite(x) || x < min) {
        throw new RangeError(`${name} must be >= ${min}, got ${x}`);
      }
      return x;
    };
    const htype = options.htype ?? 1;
    this.#o = {
      mac: mac.slice(),
      htype,
      clientId: options.clientId === false
        ? undefined
        : options.clientId ?? Uint8Array.of(htype, ...mac),
      hostname: options.hostname,
      fqdn: options.fqdn,
      vendorClassId: options.vendorClassId,
      prl: options.parameterRequestList ?? [1, 3, 6, 12, 15, 26, 28, 42, 51, 54, 58, 59, 119, 121],
      rapidCommit: options.rapidCommit ?? false,
      requestedLeaseTime: options.requestedLeaseTime,
      maxMessageSize: Math.floor(positive(options.maxMessageSize, 1500, "maxMessageSize", 576)),
      broadcastFlag: options.broadcastFlag ?? true,
      offerWait: positive(options.offerWait, 500, "offerWait"),
      maxOffers: Math.floor(positive(options.maxOffers, 16, "maxOffers", 1)),
      selectOffer: options.selectOffer,
      requestAttempts: Math.floor(positive(options.requestAttempts, 4, "requestAttempts", 1)),
      minRenewInterval: positive(options.minRenewInterval, 60_000, "minRenewInterval"),
      declineWait: positive(options.declineWait, 10_000, "declineWait"),
      random: options.random ?? cryptoRandom,
    };
  }

  /** The current state. */
  get state(): DhcpClientState {
    return this.#state;
  }

  /** The lease in force (BOUND, RENEWING, REBINDING), else undefined. */
  get lease(): DhcpLease | undefined {
    return this.#lease;
  }

  /** The transaction id of the current exchange. */
  get xid(): number {
    return this.#xid;
  }

  /**
   * Starts acquiring a lease. With a remembered lease that has not expired,
   * starts in INIT-REBOOT (DHCPREQUEST for that address); otherwise in INIT
   * (DHCPDISCOVER, asking for the remembered address if any).
   *
   * @param now The current time in ms.
   * @param remembered A lease from an earlier run (e.g. a lease file).
   */
  start(now: number, remembered?: DhcpLease): void {
    if (this.#state !== "STOPPED") {
      throw new TypeError(`Client already started (state ${this.#state})`);
    }
    this.#remembered = remembered;
    this.#lease = undefined;
    if (remembered && now < leaseDeadlines(remembered).expiresAt) {
      this.#setState("INIT-REBOOT");
      this.#beginExchange(now);
      this.#setState("REBOOTING");
      this.#sendRequest(now);
    } else {
      this.#init(now);
    }
  }

  /**
   * Asks for configuration only (DHCPINFORM, RFC 2131 section 3.4) for a host
   * whose address is configured by other means. Answers arrive as an
   * "informed" event; after `requestAttempts` transmissions, a "timeout" event.
   *
   * @param now The current time in ms.
   * @param address The host's address (ciaddr).
   * @param server Where to send: a known server, or broadcast.
   */
  inform(now: number, address: string, server: string = BROADCAST): void {
    if (this.#state !== "STOPPED") {
      throw new TypeError(`Client already started (state ${this.#state})`);
    }
    parseIpv4(address);
    parseIpv4(server);
    this.#informAddress = address;
    this.#informServer = server;
    this.#beginExchange(now);
    this.#setState("INFORMING");
    this.#send("INFORM", now);
  }

  /**
   * Reports that the bound address is already in use (e.g. found by an ARP
   * probe): sends DHCPDECLINE, drops the lease and starts over after
   * `declineWait`.
   *
   * @param now The current time in ms.
   */
  decline(now: number): void {
    const lease = this.#lease;
    if (!lease || this.#state !== "BOUND") {
      throw new TypeError(`Nothing to decline in state ${this.#state}`);
    }
    this.#xid = this.#newXid();
    this.#push("DECLINE", BROADCAST, {
      op: 1,
      xid: this.#xid,
      chaddr: this.#o.mac,
      htype: this.#o.htype,
      options: {
        messageType: "DECLINE",
        requestedAddress: lease.address,
        serverId: lease.serverId,
        clientId: this.#o.clientId,
      },
    });
    this.#lease = undefined;
    this.#remembered = undefined;
    this.#events.push({ type: "declined", lease });
    this.#setState("INIT");
    this.#deadline = now + this.#o.declineWait;
  }

  /**
   * Gives the lease back (DHCPRELEASE, unicast to the server) and stops.
   * Without a lease it only stops.
   *
   * @param now The current time in ms.
   */
  release(now: number): void {
    const lease = this.#lease;
    if (
      lease &&
      (this.#state === "BOUND" || this.#state === "RENEWING" || this.#state === "REBINDING")
    ) {
      this.#xid = this.#newXid();
      this.#push("RELEASE", lease.serverId, {
        op: 1,
        xid: this.#xid,
        chaddr: this.#o.mac,
        htype: this.#o.htype,
        ciaddr: lease.address,
        options: { messageType: "RELEASE", serverId: lease.serverId, clientId: this.#o.clientId },
      });
      this.#events.push({ type: "released", lease });
    }
    this.stop(now);
  }

  /**
   * Stops without telling the server; the lease (if any) stays valid on the
   * server and can be reused with INIT-REBOOT.
   *
   * @param _now The current time in ms.
   */
  stop(_now: number): void {
    this.#lease = undefined;
    this.#deadline = undefined;
    this.#offers = [];
    this.#offerDeadline = undefined;
    if (this.#state !== "STOPPED") this.#setState("STOPPED");
  }

  /**
   * The next datagram to send, or undefined.
   *
   * @returns The datagram and where it goes.
   */
  pollTransmit(): DhcpTransmit | undefined {
    return this.#tx.shift();
  }

  /**
   * The next event, or undefined.
   *
   * @returns The event.
   */
  pollEvent(): DhcpClientEvent | undefined {
    return this.#events.shift();
  }

  /**
   * When `handleTimeout` must next be called (ms), or undefined when nothing is pending.
   *
   * @returns The deadline.
   */
  pollTimeout(): number | undefined {
    if (this.#offerDeadline !== undefined) {
      return Math.min(this.#offerDeadline, this.#deadline ?? Infinity);
    }
    return this.#deadline === Infinity ? undefined : this.#deadline;
  }

  /**
   * Acts on deadlines that have passed: retransmission, offer selection, T1,
   * T2, expiry.
   *
   * @param now The current time in ms.
   */
  handleTimeout(now: number): void {
    if (this.#offerDeadline !== undefined && now >= this.#offerDeadline) {
      this.#offerDeadline = undefined;
      if (this.#state === "SELECTING") this.#choose(now);
    }
    if (this.#deadline === undefined || now < this.#deadline) return;
    this.#deadline = undefined;
    const lease = this.#lease;
    switch (this.#state) {
      case "INIT":
        this.#init(now);
        return;
      case "SELECTING":
        this.#attempt++;
        this.#send("DISCOVER", now);
        return;
      case "REQUESTING":
      case "REBOOTING":
      case "INFORMING":
        if (this.#attempt + 1 >= this.#o.requestAttempts) {
          if (this.#state === "INFORMING") {
            this.#events.push({ type: "timeout", state: "INFORMING" });
            this.stop(now);
          } else {
            this.#remembered = undefined;
            this.#init(now);
          }
          return;
        }
        this.#attempt++;
        if (this.#state === "INFORMING") this.#send("INFORM", now);
        else this.#sendRequest(now);
        return;
      case "BOUND":
      case "RENEWING":
      case "REBINDING": {
        if (!lease) return;
        const t = leaseDeadlines(lease);
        if (now >= t.expiresAt) {
          this.#lease = undefined;
          this.#events.push({ type: "expired", lease });
          this.#init(now);
        } else if (now >= t.rebindAt && this.#state !== "REBINDING") {
          this.#setState("REBINDING");
          this.#events.push({ type: "rebinding", lease });
          this.#beginExchange(now);
          this.#sendRequest(now);
        } else if (this.#state === "BOUND") {
          this.#setState("RENEWING");
          this.#beginExchange(now);
          this.#sendRequest(now);
        } else {
          this.#attempt++;
          this.#sendRequest(now);
        }
        return;
      }
    }
  }

  /**
   * Handles a received datagram. Messages that do not decode, are not replies,
   * carry another `xid` or `chaddr`, or do not fit the state are ignored.
   *
   * @param bytes The UDP payload received on port 68.
   * @param now The current time in ms.
   * @returns Whether the message was accepted.
   */
  handle(bytes: Uint8Array, now: number): boolean {
    let m: DhcpMessage;
    try {
      m = decodeDhcpMessage(bytes);
    } catch {
      return false;
    }
    if (m.op !== 2 || m.xid !== this.#xid || m.htype !== this.#o.htype) return false;
    if (!sameBytes(m.chaddr, this.#o.mac)) return false;
    const type = m.options.messageType;
    switch (this.#state) {
      case "SELECTING":
        if (type === "OFFER" && m.yiaddr !== ZERO && m.options.serverId) {
          if (this.#offers.length >= this.#o.maxOffers) return false;
          this.#offers.push(m);
          if (this.#offers.length === 1) this.#offerDeadline = now + this.#o.offerWait;
          if (this.#o.offerWait === 0) {
            this.#offerDeadline = undefined;
            this.#choose(now);
          }
          return true;
        }
        if (type === "ACK" && this.#o.rapidCommit && m.options.rapidCommit) {
          return this.#ack(m, now);
        }
        return false;
      case "REQUESTING":
        if (m.options.serverId && m.options.serverId !== this.#selected?.options.serverId) {
          return false;
        }
        if (type === "ACK") return this.#ack(m, now);
        if (type === "NAK") return this.#nak(m, now);
        return false;
      case "REBOOTING":
      case "RENEWING":
      case "REBINDING":
        if (type === "ACK") return this.#ack(m, now);
        if (type === "NAK") return this.#nak(m, now);
        return false;
      case "INFORMING":
        if (type !== "ACK") return false;
        this.#events.push({ type: "informed", options: m.options, serverId: m.options.serverId });
        this.stop(now);
        return true;
      default:
        return false;
    }
  }

  #setState(to: DhcpClientState): void {
    const from = this.#state;
    this.#state = to;
    this.#events.push({ type: "state", from, to });
  }

  #newXid(): number {
    return Math.floor(this.#o.random() * 2 ** 32) >>> 0;
  }

  #beginExchange(now: number): void {
    this.#xid = this.#newXid();
    this.#exchangeStart = now;
    this.#requestAt = now;
    this.#attempt = 0;
  }

  #init(now: number): void {
    this.#lease = undefined;
    this.#offers = [];
    this.#offerDeadline = undefined;
    this.#selected = undefined;
    if (this.#state !== "INIT") this.#setState("INIT");
    this.#beginExchange(now);
    this.#setState("SELECTING");
    this.#send("DISCOVER", now);
  }

  /** RFC 2131 section 4.1 backoff: 4, 8, 16, 32, 64 s, +-1 s. */
  #backoff(): number {
    const base = Math.min(4000 * 2 ** this.#attempt, 64_000);
    return base + (this.#o.random() * 2 - 1) * 1000;
  }

  #choose(now: number): void {
    if (this.#offers.length === 0) return;
    const offers = this.#offers;
    let pick: DhcpMessage | undefined;
    if (this.#o.selectOffer) pick = this.#o.selectOffer(offers);
    else {
      const want = this.#remembered?.address;
      pick = offers.find((o) => o.yiaddr === want) ?? offers[0];
    }
    if (!pick) {
      if (this.#deadline === undefined) this.#deadline = now + this.#backoff();
      return;
    }
    this.#selected = pick;
    this.#offers = [];
    this.#setState("REQUESTING");
    this.#attempt = 0;
    this.#requestAt = now;
    this.#sendRequest(now);
  }

  #sendRequest(now: number): void {
    this.#send("REQUEST", now);
  }

  #commonOptions(type: "DISCOVER" | "REQUEST" | "INFORM"): DhcpOptions {
    const o = this.#o;
    const opts: DhcpOptions = {
      messageType: type,
      clientId: o.clientId,
      maxMessageSize: o.maxMessageSize,
      parameterRequestList: o.prl.length ? o.prl : undefined,
      vendorClassId: o.vendorClassId,
    };
    if (type !== "INFORM") {
      if (o.hostname !== undefined) opts.hostname = o.hostname;
      if (o.fqdn !== undefined) {
        opts.clientFqdn = { flags: 0x05, rcode1: 0, rcode2: 0, name: o.fqdn };
      }
      if (o.requestedLeaseTime !== undefined) opts.leaseTime = o.requestedLeaseTime;
    }
    return opts;
  }

  #send(type: "DISCOVER" | "REQUEST" | "INFORM", now: number): void {
    const opts = this.#commonOptions(type);
    let ciaddr = ZERO;
    let to = BROADCAST;
    let broadcast = this.#o.broadcastFlag;
    const lease = this.#lease;
    switch (this.#state) {
      case "SELECTING":
        if (this.#remembered) opts.requestedAddress = this.#remembered.address;
        if (this.#o.rapidCommit) opts.rapidCommit = true;
        break;
      case "REQUESTING":
        opts.requestedAddress = this.#selected!.yiaddr;
        opts.serverId = this.#selected!.options.serverId;
        break;
      case "REBOOTING":
        opts.requestedAddress = this.#remembered!.address;
        break;
      case "RENEWING":
        ciaddr = lease!.address;
        to = lease!.serverId;
        broadcast = false;
        break;
      case "REBINDING":
        ciaddr = lease!.address;
        broadcast = false;
        break;
      case "INFORMING":
        ciaddr = this.#informAddress;
        to = this.#informServer;
        broadcast = false;
        break;
    }
    const secs = Math.min(65535, Math.max(0, Math.floor((now - this.#exchangeStart) / 1000)));
    this.#push(type, to, {
      op: 1,
      xid: this.#xid,
      secs,
      broadcast,
      ciaddr,
      chaddr: this.#o.mac,
      htype: this.#o.htype,
      options: opts,
    });
    // Next deadline.
    if (this.#state === "RENEWING" || this.#state === "REBINDING") {
      const t = leaseDeadlines(lease!);
      const end = this.#state === "RENEWING" ? t.rebindAt : t.expiresAt;
      this.#deadline = Math.min(end, now + Math.max(this.#o.minRenewInterval, (end - now) / 2));
    } else {
      this.#deadline = now + this.#backoff();
    }
  }

  #push(
    type: DhcpTransmit["type"],
    to: string,
    init: Parameters<typeof encodeDhcpMessage>[0],
  ): void {
    const bytes = encodeDhcpMessage(init, {
      maxSize: Math.min(this.#o.maxMessageSize - 28, 65507),
    });
    this.#tx.push({ bytes, to, port: 67, type });
  }

  #ack(m: DhcpMessage, now: number): boolean {
    const o = m.options;
    if (m.yiaddr === ZERO || o.leaseTime === undefined) return false;
    const serverId = o.serverId ?? this.#lease?.serverId ?? this.#selected?.options.serverId;
    if (!serverId) return false;
    const L = o.leaseTime;
    let t1 = o.renewalTime ?? Math.floor(L * 0.5);
    let t2 = o.rebindingTime ?? Math.floor(L * 0.875);
    if (L !== 0xffffffff && !(t1 <= t2 && t2 <= L)) {
      t1 = Math.floor(L * 0.5);
      t2 = Math.floor(L * 0.875);
    }
    const mask = o.subnetMask ?? classfulMask(m.yiaddr);
    const lease: DhcpLease = {
      address: m.yiaddr,
      subnetMask: mask,
      prefixLength: prefixOf(mask),
      routers: o.routers ?? [],
      dnsServers: o.dnsServers ?? [],
      domainSearch: o.domainSearch ?? [],
      ntpServers: o.ntpServers ?? [],
      staticRoutes: o.classlessStaticRoutes ?? [],
      serverId,
      leaseTime: L,
      renewalTime: t1,
      rebindingTime: t2,
      obtainedAt: this.#requestAt,
    };
    if (o.domainName !== undefined) lease.domainName = o.domainName;
    if (o.interfaceMtu !== undefined) lease.mtu = o.interfaceMtu;
    if (o.broadcastAddress !== undefined) lease.broadcastAddress = o.broadcastAddress;
    if (o.hostname !== undefined) lease.hostname = o.hostname;
    const previous = this.#lease;
    const renewal = previous !== undefined && previous.address === lease.address &&
      (this.#state === "RENEWING" || this.#state === "REBINDING");
    if (previous && !renewal) this.#events.push({ type: "expired", lease: previous });
    this.#lease = lease;
    this.#remembered = lease;
    this.#offers = [];
    this.#offerDeadline = undefined;
    this.#setState("BOUND");
    this.#events.push({ type: renewal ? "renewed" : "bound", lease });
    const t = leaseDeadlines(lease);
    this.#deadline = now >= t.renewAt ? now : t.renewAt;
    return true;
  }

  #nak(m: DhcpMessage, now: number): boolean {
    const lease = this.#lease;
    this.#lease = undefined;
    this.#remembered = undefined;
    const ev: DhcpClientEvent = { type: "nak" };
    if (m.options.message !== undefined) ev.message = m.options.message;
    if (m.options.serverId !== undefined) ev.serverId = m.options.serverId;
    if (lease) ev.lease = lease;
    this.#events.push(ev);
    this.#init(now);
    return true;
  }
}
