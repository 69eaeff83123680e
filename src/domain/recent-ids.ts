// Ids seen lately, so that something delivered twice is handled once. Bounded twice over:
// at most `max` ids, and none kept longer than `ttlMs` after it was first seen.

export class RecentIds {
  readonly #seen = new Map<string, number>();
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #clock: () => number;

  constructor(opts: { max: number; ttlMs: number; clock?: () => number }) {
    this.#max = Math.max(1, opts.max);
    this.#ttlMs = opts.ttlMs;
    this.#clock = opts.clock ?? Date.now;
  }

  /** True the first time `id` comes (and remembers it); false while it is remembered. */
  firstSeen(id: string): boolean {
    const now = this.#clock();
    // Insertion order is age order: drop from the front what is too old or too many.
    for (const [old, at] of this.#seen) {
      if (this.#seen.size < this.#max && now - at < this.#ttlMs) break;
      this.#seen.delete(old);
    }
    if (this.#seen.has(id)) return false;
    this.#seen.set(id, now);
    return true;
  }

  get size(): number {
    return this.#seen.size;
  }
}
