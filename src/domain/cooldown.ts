// One ticket per (inbox, member) per max(the inbox's cooldown, the inbox channel's
// slowmode); the cooldown is 60 s unless the admin changed it, as in the original. Time
// comes from an injectable clock; nothing here waits.

/** An inbox's cooldown until its admin changes it (and the original's fixed one). */
export const MIN_COOLDOWN_SECONDS = 60;

/** The cooldown for an inbox set to `inboxSeconds` whose channel has `slowmodeSeconds` of slowmode. */
export function cooldownSeconds(slowmodeSeconds: number, inboxSeconds: number = MIN_COOLDOWN_SECONDS): number {
  const finite = (n: number): number => (Number.isFinite(n) ? Math.max(0, n) : 0);
  return Math.max(finite(inboxSeconds), finite(slowmodeSeconds));
}

/**
 * Whole seconds left (rounded up) before another ticket may be opened, 0 when none.
 * `lastMs` is when the previous ticket was accepted, undefined when there was none.
 */
export function secondsLeft(lastMs: number | undefined, nowMs: number, windowSeconds: number): number {
  if (lastMs === undefined) return 0;
  const left = lastMs + windowSeconds * 1000 - nowMs;
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

// Discord's longest slowmode is 6 hours; older entries can never matter again.
const FORGET_AFTER_MS = 6 * 60 * 60 * 1000;

/** Accepted clicks per key, in memory: a restart forgets them, as in the original. */
export class Cooldowns {
  readonly #last = new Map<string, number>();
  readonly #clock: () => number;

  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  /** Seconds left for `key` under a window of `windowSeconds`. */
  remaining(key: string, windowSeconds: number): number {
    return secondsLeft(this.#last.get(key), this.#clock(), windowSeconds);
  }

  /** Starts the cooldown for `key` now; returns the time used, for release(). */
  start(key: string): number {
    const now = this.#clock();
    this.#prune(now);
    this.#last.set(key, now);
    return now;
  }

  /** Undoes start() when no ticket came of the click (only if no newer start happened). */
  release(key: string, startedAt: number): void {
    if (this.#last.get(key) === startedAt) this.#last.delete(key);
  }

  get size(): number {
    return this.#last.size;
  }

  #prune(now: number): void {
    for (const [key, at] of this.#last) if (now - at > FORGET_AFTER_MS) this.#last.delete(key);
  }
}
