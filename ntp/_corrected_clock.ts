// Copyright 2026 the wirekit authors. MIT license.
// Local clock plus an offset that never makes the reading go backwards:
// forward corrections apply at once, backward ones are slewed (the clock runs
// slower until the new offset is reached).

export class CorrectedClock {
  #applied = 0;
  #at = 0;
  #target = 0;
  #rate: number;
  #last = -Infinity;

  /** @param slewRate Fraction of elapsed time by which a backward correction is absorbed, in (0, 1). */
  constructor(slewRate: number) {
    this.#rate = slewRate;
  }

  /** Offset applied at `local`. */
  appliedOffset(local: number): number {
    if (this.#target >= this.#applied) return this.#target;
    const elapsed = Math.max(0, local - this.#at);
    return Math.max(this.#target, this.#applied - this.#rate * elapsed);
  }

  /** The target offset (the latest measurement). */
  get targetOffset(): number {
    return this.#target;
  }

  /** Sets a new target offset at local time `local`. */
  set(offset: number, local: number): void {
    this.#applied = this.appliedOffset(local);
    this.#at = local;
    this.#target = offset;
  }

  /** Corrected time at `local`; never less than an earlier reading. */
  now(local: number): number {
    const t = Math.max(this.#last, local + this.appliedOffset(local));
    this.#last = t;
    return t;
  }
}
