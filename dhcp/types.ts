// Copyright 2026 the wirekit authors. MIT license.
// The shapes shared by the codec, the state machine and the driver.

/**
 * DHCP message types (option 53): RFC 2131 (1-8), RFC 3203 FORCERENEW (9)
 * and RFC 4388 leasequery (10-13).
 */
export type DhcpMessageType =
  | "DISCOVER"
  | "OFFER"
  | "REQUEST"
  | "DECLINE"
  | "ACK"
  | "NAK"
  | "RELEASE"
  | "INFORM"
  | "FORCERENEW"
  | "LEASEQUERY"
  | "LEASEUNASSIGNED"
  | "LEASEUNKNOWN"
  | "LEASEACTIVE";

/** One classless static route (option 121, RFC 3442). */
export interface DhcpStaticRoute {
  /** Destination block in CIDR form, e.g. "10.17.0.0/16"; "0.0.0.0/0" is the default route. */
  destination: string;
  /** Next hop; "0.0.0.0" means the destination is on-link. */
  router: string;
}

/** Client FQDN (option 81, RFC 4702). */
export interface DhcpClientFqdn {
  /** Flag bits: S = 1 (server updates A), O = 2 (server override), E = 4 (wire encoding), N = 8 (no updates). */
  flags: number;
  /** RCODE1, deprecated; 0 from clients, 255 from servers. */
  rcode1: number;
  /** RCODE2, deprecated; 0 from clients, 255 from servers. */
  rcode2: number;
  /** The name; a trailing "." marks a fully qualified name. */
  name: string;
}

/**
 * DHCP options with a typed field for the common codes. Codes without a field
 * (and any code given in `raw`) are carried as raw bytes in `raw`.
 * Option 52 (overload) is handled by the codec and never appears here.
 */
export interface DhcpOptions {
  /** 1: subnet mask. */
  subnetMask?: string;
  /** 3: routers, in order of preference. */
  routers?: string[];
  /** 6: DNS servers. */
  dnsServers?: string[];
  /** 12: host name. */
  hostname?: string;
  /** 15: domain name. */
  domainName?: string;
  /** 26: interface MTU (at least 68). */
  interfaceMtu?: number;
  /** 28: broadcast address. */
  broadcastAddress?: string;
  /** 42: NTP servers. */
  ntpServers?: string[];
  /** 50: requested IP address. */
  requestedAddress?: string;
  /** 51: lease time in seconds; 0xffffffff is infinite. */
  leaseTime?: number;
  /** 53: message type. */
  messageType?: DhcpMessageType;
  /** 54: server identifier. */
  serverId?: string;
  /** 55: parameter request list (option codes). */
  parameterRequestList?: number[];
  /** 56: message (e.g. the reason of a DHCPNAK). */
  message?: string;
  /** 57: maximum DHCP message size the sender accepts (at least 576). */
  maxMessageSize?: number;
  /** 58: renewal time T1 in seconds. */
  renewalTime?: number;
  /** 59: rebinding time T2 in seconds. */
  rebindingTime?: number;
  /** 60: vendor class identifier. */
  vendorClassId?: string;
  /** 61: client identifier (first byte is the type, 1 = Ethernet MAC follows). */
  clientId?: Uint8Array;
  /** 80: rapid commit (RFC 4039); present or not. */
  rapidCommit?: boolean;
  /** 81: client FQDN (RFC 4702). */
  clientFqdn?: DhcpClientFqdn;
  /** 119: domain search list (RFC 3397). */
  domainSearch?: string[];
  /** 121: classless static routes (RFC 3442). */
  classlessStaticRoutes?: DhcpStaticRoute[];
  /** 252: WPAD URL. */
  wpad?: string;
  /** Every other option by code, as raw bytes (long options already joined, RFC 3396). */
  raw?: Map<number, Uint8Array>;
}

/** A decoded DHCP (BOOTP) message. */
export interface DhcpMessage {
  /** 1 = BOOTREQUEST (client to server), 2 = BOOTREPLY. */
  op: 1 | 2;
  /** Hardware type, 1 = Ethernet. */
  htype: number;
  /** Hardware address length. */
  hlen: number;
  /** Relay hops. */
  hops: number;
  /** Transaction id chosen by the client. */
  xid: number;
  /** Seconds since the client began acquisition or renewal. */
  secs: number;
  /** The BROADCAST flag: the client cannot receive unicast before it has an address. */
  broadcast: boolean;
  /** Client address (when it has one). */
  ciaddr: string;
  /** "Your" address: the one offered or assigned. */
  yiaddr: string;
  /** Next server (boot) address. */
  siaddr: string;
  /** Relay agent address. */
  giaddr: string;
  /** Client hardware address (`hlen` bytes, at most 16). */
  chaddr: Uint8Array;
  /** Server host name; empty when the field carries options. */
  sname: string;
  /** Boot file name; empty when the field carries options. */
  file: string;
  /** The options. */
  options: DhcpOptions;
}

/** What {@linkcode encodeDhcpMessage} needs; everything but `op`, `xid` and `chaddr` has a default. */
export interface DhcpMessageInit {
  /** 1 = BOOTREQUEST, 2 = BOOTREPLY. */
  op: 1 | 2;
  /**
   * Hardware type.
   * @default {1}
   */
  htype?: number;
  /**
   * Hardware address length.
   * @default {chaddr.length}
   */
  hlen?: number;
  /**
   * Relay hops.
   * @default {0}
   */
  hops?: number;
  /** Transaction id (unsigned 32 bits). */
  xid: number;
  /**
   * Seconds elapsed.
   * @default {0}
   */
  secs?: number;
  /**
   * The BROADCAST flag.
   * @default {false}
   */
  broadcast?: boolean;
  /**
   * Client address.
   * @default {"0.0.0.0"}
   */
  ciaddr?: string;
  /**
   * Your address.
   * @default {"0.0.0.0"}
   */
  yiaddr?: string;
  /**
   * Next server address.
   * @default {"0.0.0.0"}
   */
  siaddr?: string;
  /**
   * Relay agent address.
   * @default {"0.0.0.0"}
   */
  giaddr?: string;
  /** Client hardware address (at most 16 bytes). */
  chaddr: Uint8Array;
  /**
   * Server host name (at most 64 bytes of UTF-8).
   * @default {""}
   */
  sname?: string;
  /**
   * Boot file name (at most 128 bytes of UTF-8).
   * @default {""}
   */
  file?: string;
  /**
   * The options.
   * @default {{}}
   */
  options?: DhcpOptions;
}
