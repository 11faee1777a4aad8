// Copyright 2026 the wirekit authors. MIT license.
// A bounded FIFO with async waiters, shared by the datagram sockets and
// listeners of every adapter and of the memory network.
import { NetError } from "./types.ts";

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Options of one `shift()`. */
export interface ShiftOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Items pushed by the transport, pulled by the user. */
export class AsyncQueue<T> {
  #items: T[] = [];
  #head = 0;
  #waiters: Waiter<T>[] = [];
  #closed: (() => NetError) | undefined;
  #max: number;
  #onEmptyWait: ((waiting: boolean) => void) | undefined;

  /**
   * @param max Items kept while nobody waits.
   * @param onWaiting Told whether somebody waits (used to ref/unref handles).
   */
  constructor(max: number, onWaiting?: (waiting: boolean) => void) {
    this.#max = max;
    this.#onEmptyWait = onWaiting;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /** Delivers an item; returns false (item dropped) when full or closed. */
  push(item: T): boolean {
    if (this.#closed) return false;
    const w = this.#waiters.shift();
    if (w) {
      if (this.#waiters.length === 0) this.#onEmptyWait?.(false);
      w.resolve(item);
      return true;
    }
    if (this.size >= this.#max) return false;
    this.#items.push(item);
    return true;
  }

  /** Takes the next item, waiting when none is queued. */
  shift(options: ShiftOptions = {}): Promise<T> {
    if (this.size > 0) {
      const item = this.#items[this.#head];
      this.#items[this.#head++] = undefined as T;
      if (this.#head > 64 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve(item);
    }
    if (this.#closed) return Promise.reject(this.#closed());
    const { signal, timeoutMs } = options;
    if (signal?.aborted) {
      return Promise.reject(new NetError("EABORTED", "Receive aborted", { cause: signal.reason }));
    }
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cleanup = () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const waiter: Waiter<T> = {
        resolve: (v) => {
          cleanup();
          resolve(v);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
      };
      const drop = (e: NetError) => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        if (this.#waiters.length === 0) this.#onEmptyWait?.(false);
        waiter.reject(e);
      };
      const onAbort = () =>
        drop(new NetError("EABORTED", "Receive aborted", { cause: signal?.reason }));
      signal?.addEventListener("abort", onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(
          () => drop(new NetError("ETIMEOUT", `Nothing received within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }
      this.#waiters.push(waiter);
      if (this.#waiters.length === 1) this.#onEmptyWait?.(true);
    });
  }

  /**
   * Rejects every waiter and later shifts (after the queued items) with the
   * error. A factory is called only when somebody is there to be rejected,
   * which keeps closing an idle socket cheap (no stack capture).
   */
  close(error: NetError | (() => NetError)): void {
    if (this.#closed) return;
    const make = typeof error === "function" ? error : () => error;
    this.#closed = make;
    const ws = this.#waiters;
    this.#waiters = [];
    if (ws.length) this.#onEmptyWait?.(false);
    if (ws.length) {
      const e = make();
      for (const w of ws) w.reject(e);
    }
  }

  /** Drains queued items (for closing queued connections). */
  drain(): T[] {
    const rest = this.#items.slice(this.#head);
    this.#items = [];
    this.#head = 0;
    return rest;
  }
}

/** Async iteration over `next()` that ends quietly on ECLOSED. */
export async function* iterateUntilClosed<T>(
  next: () => Promise<T>,
): AsyncGenerator<T, void, undefined> {
  while (true) {
    try {
      yield await next();
    } catch (e) {
      if (e instanceof NetError && e.code === "ECLOSED") return;
      throw e;
    }
  }
}
