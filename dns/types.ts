// Copyright 2026 the wirekit authors. MIT license.
// The DNS message model shared by the codec, the resolver core and the driver.

/** Record types with a typed RDATA codec; any other type is `TYPE<n>` (RFC 3597). */
export type DnsKnownType =
  | "A"
  | "NS"
  | "CNAME"
  | "SOA"
  | "PTR"
  | "MX"
  | "TXT"
  | "AAAA"
  | "SRV"
  | "NAPTR"
  | "SVCB"
  | "HTTPS"
  | "CAA";

/** A record type name: a known name, or `TYPE<n>` for the rest (RFC 3597). */
export type DnsRecordType = DnsKnownType | `TYPE${number}`;

/** Record type numbers by name (IANA "Resource Record (RR) TYPEs"). */
export const DNS_TYPES: Readonly<Record<DnsKnownType | "OPT" | "ANY", number>> = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  NAPTR: 35,
  OPT: 41,
  SVCB: 64,
  HTTPS: 65,
  ANY: 255,
  CAA: 257,
};

/** Response codes (RFC 1035 4.1.1, RFC 6895). */
export const DNS_RCODES: Readonly<Record<string, number>> = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  YXDOMAIN: 6,
  YXRRSET: 7,
  NXRRSET: 8,
  NOTAUTH: 9,
  NOTZONE: 10,
  BADVERS: 16,
};

/** One question. Names are dotted text without the trailing dot (root is `""`). */
export interface DnsQuestion {
  /** Domain name, e.g. `"www.example.test"`. */
  name: string;
  /** Query type: a record type or `"ANY"`. */
  type: DnsRecordType | "ANY";
  /** Class; 1 is IN. */
  class: number;
}

/** Fields every resource record has. */
export interface DnsRecordBase {
  /** Owner name, dotted, without the trailing dot. */
  name: string;
  /** Class; 1 is IN. */
  class: number;
  /** Time to live in seconds (remaining TTL when from the resolver cache). */
  ttl: number;
}

/** An A or AAAA record; `data` is the address text. */
export interface DnsAddressRecord extends DnsRecordBase {
  /** `"A"` or `"AAAA"`. */
  type: "A" | "AAAA";
  /** Address text (`"192.0.2.1"`, `"2001:db8::1"`). */
  data: string;
}

/** A record whose data is one domain name. */
export interface DnsNameRecord extends DnsRecordBase {
  /** `"CNAME"`, `"NS"` or `"PTR"`. */
  type: "CNAME" | "NS" | "PTR";
  /** Target name. */
  data: string;
}

/** An MX record. */
export interface DnsMxRecord extends DnsRecordBase {
  /** `"MX"`. */
  type: "MX";
  /** Preference and mail exchanger. */
  data: { preference: number; exchange: string };
}

/** A TXT record: one or more character strings, as bytes. */
export interface DnsTxtRecord extends DnsRecordBase {
  /** `"TXT"`. */
  type: "TXT";
  /** The character strings (each at most 255 bytes). */
  data: Uint8Array[];
}

/** An SRV record (RFC 2782). */
export interface DnsSrvRecord extends DnsRecordBase {
  /** `"SRV"`. */
  type: "SRV";
  /** Priority, weight, port and target. */
  data: { priority: number; weight: number; port: number; target: string };
}

/** SOA RDATA. */
export interface DnsSoaData {
  /** Primary name server. */
  mname: string;
  /** Responsible mailbox, as a name. */
  rname: string;
  /** Zone serial. */
  serial: number;
  /** Refresh interval (s). */
  refresh: number;
  /** Retry interval (s). */
  retry: number;
  /** Expiry (s). */
  expire: number;
  /** Negative caching TTL (s), RFC 2308. */
  minimum: number;
}

/** An SOA record. */
export interface DnsSoaRecord extends DnsRecordBase {
  /** `"SOA"`. */
  type: "SOA";
  /** SOA fields. */
  data: DnsSoaData;
}

/** A CAA record (RFC 8659). */
export interface DnsCaaRecord extends DnsRecordBase {
  /** `"CAA"`. */
  type: "CAA";
  /** Flags, tag and value. */
  data: { flags: number; tag: string; value: Uint8Array };
}

/** A NAPTR record (RFC 3403). */
export interface DnsNaptrRecord extends DnsRecordBase {
  /** `"NAPTR"`. */
  type: "NAPTR";
  /** NAPTR fields; flags, services and regexp are character strings. */
  data: {
    order: number;
    preference: number;
    flags: string;
    services: string;
    regexp: string;
    replacement: string;
  };
}

/** Decoded SvcParams of an SVCB/HTTPS record (RFC 9460 section 7). */
export interface DnsSvcParams {
  /** Key 0: mandatory keys, by name. */
  mandatory?: string[];
  /** Key 1: ALPN ids. */
  alpn?: string[];
  /** Key 2: no-default-alpn. */
  noDefaultAlpn?: boolean;
  /** Key 3: port. */
  port?: number;
  /** Key 4: IPv4 hints. */
  ipv4hint?: string[];
  /** Key 5: ECH config list. */
  ech?: Uint8Array;
  /** Key 6: IPv6 hints. */
  ipv6hint?: string[];
  /** Other keys, raw, by number. */
  other?: { key: number; value: Uint8Array }[];
}

/** An SVCB or HTTPS record (RFC 9460). */
export interface DnsSvcbRecord extends DnsRecordBase {
  /** `"SVCB"` or `"HTTPS"`. */
  type: "SVCB" | "HTTPS";
  /** Priority (0 = alias mode), target and parameters. */
  data: { priority: number; target: string; params: DnsSvcParams };
}

/** A record of a type without a typed codec, kept as raw RDATA (RFC 3597). */
export interface DnsUnknownRecord extends DnsRecordBase {
  /** `TYPE<n>`. */
  type: `TYPE${number}`;
  /** RDATA bytes. */
  data: Uint8Array;
}

/** Any resource record. */
export type DnsRecord =
  | DnsAddressRecord
  | DnsNameRecord
  | DnsMxRecord
  | DnsTxtRecord
  | DnsSrvRecord
  | DnsSoaRecord
  | DnsCaaRecord
  | DnsNaptrRecord
  | DnsSvcbRecord
  | DnsUnknownRecord;

/** One EDNS(0) option (RFC 6891 6.1.2). */
export interface DnsEdnsOption {
  /** Option code. */
  code: number;
  /** Option data. */
  data: Uint8Array;
}

/** The OPT pseudo-record of a message (RFC 6891). */
export interface DnsEdns {
  /** Requestor's UDP payload size. */
  udpSize: number;
  /** EDNS version (0). */
  version: number;
  /** DNSSEC OK bit. */
  dnssecOk: boolean;
  /** Options. */
  options: DnsEdnsOption[];
}

/** A DNS message (RFC 1035 section 4). */
export interface DnsMessage {
  /** Transaction id (0..65535). */
  id: number;
  /** True in responses. */
  qr: boolean;
  /** Opcode (0 = QUERY). */
  opcode: number;
  /** Authoritative answer. */
  aa: boolean;
  /** Truncated. */
  tc: boolean;
  /** Recursion desired. */
  rd: boolean;
  /** Recursion available. */
  ra: boolean;
  /** Authentic data (RFC 4035). */
  ad: boolean;
  /** Checking disabled (RFC 4035). */
  cd: boolean;
  /** Response code, including the EDNS extended bits (see {@linkcode DNS_RCODES}). */
  rcode: number;
  /** Question section. */
  questions: DnsQuestion[];
  /** Answer section. */
  answers: DnsRecord[];
  /** Authority section. */
  authorities: DnsRecord[];
  /** Additional section (without the OPT record, which is `edns`). */
  additionals: DnsRecord[];
  /** The OPT record, when present. */
  edns?: DnsEdns;
}
