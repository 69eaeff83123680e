// Runs async work one at a time per key (a member's clicks on one inbox, the events of
// one ticket), in arrival order. Different keys never wait for each other. In-process
// only: one bot process owns a guild's tickets.

export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every earlier run() with the same key has settled. */
  async run<T>(key: string, fn: () => Promise<T> | T): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      // The last one out removes the key, so the map only holds keys in use.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** Whether some run() for `key` is running or waiting. */
  isBusy(key: string): boolean {
    return this.#tails.has(key);
  }

  get size(): number {
    return this.#tails.size;
  }
}
