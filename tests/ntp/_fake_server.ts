// Helpers for driving NtpClientCore with crafted replies.
import {
  decodeNtpPacket,
  encodeNtpPacket,
  msToNtpShort,
  msToNtpTimestamp,
  type NtpClientCore,
  type NtpClientEvent,
  type NtpPacketInit,
  type NtpTransmit,
} from "../../ntp/mod.ts";

/** How a crafted server answers. */
export interface FakeReply {
  /** Server clock minus the test's local clock. */
  offsetMs?: number;
  /** Server processing time between receive and transmit. */
  processingMs?: number;
  /** Overrides of reply fields. */
  fields?: NtpPacketInit;
  /** Root delay / dispersion in ms. */
  rootDelayMs?: number;
  rootDispersionMs?: number;
}

/**
 * Builds a reply to `request` as a server whose clock is `local + offsetMs`
 * would, for a request received at local time `recvLocal`.
 */
export function craftReply(request: Uint8Array, recvLocal: number, r: FakeReply = {}): Uint8Array {
  const req = decodeNtpPacket(request);
  const off = r.offsetMs ?? 0;
  const t2 = recvLocal + off;
  const t3 = t2 + (r.processingMs ?? 0);
  return encodeNtpPacket({
    leap: 0,
    version: req.version,
    mode: 4,
    stratum: 2,
    precision: -20,
    referenceId: 0xc0000201,
    rootDelay: msToNtpShort(r.rootDelayMs ?? 1),
    rootDispersion: msToNtpShort(r.rootDispersionMs ?? 1),
    referenceTimestamp: msToNtpTimestamp(t2 - 10_000),
    originTimestamp: req.transmitTimestamp,
    receiveTimestamp: msToNtpTimestamp(t2),
    transmitTimestamp: msToNtpTimestamp(t3),
    ...r.fields,
  });
}

/** Drains every pending transmit at `now`. */
export function drainTransmits(core: NtpClientCore, now: number): NtpTransmit[] {
  const out: NtpTransmit[] = [];
  for (let i = 0; i < 100; i++) {
    const t = core.pollTransmit(now);
    if (!t) break;
    out.push(t);
  }
  return out;
}

/** Drains every pending event. */
export function drainEvents(core: NtpClientCore): NtpClientEvent[] {
  const out: NtpClientEvent[] = [];
  for (let i = 0; i < 5000; i++) {
    const e = core.pollEvent();
    if (!e) break;
    out.push(e);
  }
  return out;
}

/**
 * Runs the core with a fake clock until `until`, answering each request with
 * `answer(transmit, sendTime)` (return undefined to drop it). Replies arrive
 * after `rttMs` (symmetric). Returns every event seen.
 */
export function runCore(
  core: NtpClientCore,
  start: number,
  until: number,
  answer: (
    t: NtpTransmit,
    sentAt: number,
  ) => { bytes: Uint8Array; from?: { hostname: string; port: number }; rttMs?: number } | undefined,
): { events: NtpClientEvent[]; sent: { at: number; t: NtpTransmit }[]; end: number } {
  let now = start;
  const events: NtpClientEvent[] = [];
  const sent: { at: number; t: NtpTransmit }[] = [];
  const inflight: { at: number; bytes: Uint8Array; from: { hostname: string; port: number } }[] =
    [];
  for (let guard = 0; guard < 100_000; guard++) {
    core.handleTimeout(now);
    for (const t of drainTransmits(core, now)) {
      sent.push({ at: now, t });
      const a = answer(t, now);
      if (a) inflight.push({ at: now + (a.rttMs ?? 10), bytes: a.bytes, from: a.from ?? t.to });
    }
    events.push(...drainEvents(core));
    const timeout = core.pollTimeout();
    const nextPacket = inflight.length ? Math.min(...inflight.map((p) => p.at)) : Infinity;
    const next = Math.min(timeout ?? Infinity, nextPacket);
    if (next > until) break;
    now = Math.max(now, next);
    for (let i = 0; i < inflight.length; i++) {
      if (inflight[i].at <= now) {
        const p = inflight.splice(i--, 1)[0];
        core.handleDatagram(p.bytes, p.from, now);
        for (const t of drainTransmits(core, now)) {
          sent.push({ at: now, t });
          const a = answer(t, now);
          if (a) inflight.push({ at: now + (a.rttMs ?? 10), bytes: a.bytes, from: a.from ?? t.to });
        }
        events.push(...drainEvents(core));
      }
    }
  }
  return { events, sent, end: now };
}
