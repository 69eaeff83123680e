// "Select this message": commands that need a message leave a request here, keyed by
// (guild, admin); the context-menu command takes it. A newer command replaces the
// request, a request expires after 180 s, and a failed attempt puts it back. Pure: the
// clock is injected and nothing here knows about Discord.

/** How long an admin has to pick the message after running the command. */
export const SELECTION_TTL_MS = 180_000;

/** The ephemeral instruction reply to delete once the selection is handled. */
export interface Instruction {
  applicationId: string;
  token: string;
}

/** What to do with the picked message, by the command that asked for it. */
export type InboxRequest =
  | { kind: 'create-inbox'; channelId: string; destinationId: string | null }
  | { kind: 'set-destination'; destinationId: string }
  | { kind: 'pick-inbox-for-message' }
  | { kind: 'copy-into-inbox'; inboxId: string; inboxChannelId: string }
  | { kind: 'staff' }
  | { kind: 'starter' }
  | { kind: 'name' }
  | { kind: 'settings' }
  | { kind: 'topics' };

export interface Pending<T> {
  request: T;
  instruction: Instruction | null;
  /** Milliseconds since the epoch (or whatever the clock counts) when it stops being valid. */
  expiresAt: number;
}

export type Taken<T> = { status: 'none' } | { status: 'expired' } | { status: 'ok'; pending: Pending<T> };

export class PendingSelections<T = InboxRequest> {
  readonly #clock: () => number;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, Pending<T>>();

  constructor(options: { clock?: () => number; ttlMs?: number } = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#ttlMs = options.ttlMs ?? SELECTION_TTL_MS;
  }

  /** Leaves a request for the admin's next selection, replacing any earlier one. */
  set(guildId: string, userId: string, request: T, instruction: Instruction | null): void {
    const now = this.#clock();
    this.#forgetExpired(now);
    this.#entries.set(key(guildId, userId), { request, instruction, expiresAt: now + this.#ttlMs });
  }

  /**
   * Removes and returns the admin's request. An expired one is removed as well and
   * reported as such, so the next attempt says "nothing pending".
   */
  take(guildId: string, userId: string): Taken<T> {
    const k = key(guildId, userId);
    const pending = this.#entries.get(k);
    if (!pending) return { status: 'none' };
    this.#entries.delete(k);
    if (this.#clock() >= pending.expiresAt) return { status: 'expired' };
    return { status: 'ok', pending };
  }

  /**
   * Puts a request back after handling it failed, with a fresh 180 s so the admin can
   * pick another message. A newer request (set while handling) wins.
   */
  restore(guildId: string, userId: string, pending: Pending<T>): void {
    const k = key(guildId, userId);
    if (this.#entries.has(k)) return;
    this.#entries.set(k, { ...pending, expiresAt: this.#clock() + this.#ttlMs });
  }

  /** Whether the admin has a request that has not expired (for tests and logs). */
  has(guildId: string, userId: string): boolean {
    const pending = this.#entries.get(key(guildId, userId));
    return pending !== undefined && this.#clock() < pending.expiresAt;
  }

  get size(): number {
    return this.#entries.size;
  }

  // Requests nobody came back for would otherwise stay forever. Dropping them when a new
  // one arrives keeps the map as small as the number of admins mid-command; the grace
  // period lets a late selection still be told "expired" rather than "nothing pending".
  #forgetExpired(now: number): void {
    for (const [k, pending] of this.#entries) if (now >= pending.expiresAt + this.#ttlMs) this.#entries.delete(k);
  }
}

function key(guildId: string, userId: string): string {
  return `${guildId}:${userId}`;
}
