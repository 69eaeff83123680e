// "Select this message" requests (src/domain/selection.ts) in the pending_selection table,
// so the process that gets the admin's pick need not be the one that ran the command:
// one row per (guild, admin), replaced by a newer command, taken once, and valid for
// SELECTION_TTL_MS. The instruction reply's interaction token is kept with it (Discord
// lets it be used for 15 minutes); the row is gone once taken or long expired.
import { SELECTION_TTL_MS, type InboxRequest, type Instruction, type Pending, type Taken } from '../domain/selection.ts';
import type { Db } from './db.ts';
import { toDb } from './ids.ts';
import { int } from './schema.ts';
import { atomic } from './write.ts';

export class PendingSelections<T = InboxRequest> {
  readonly #db: Db;
  readonly #clock: () => number;
  readonly #ttlMs: number;

  constructor(db: Db, options: { clock?: () => number; ttlMs?: number } = {}) {
    this.#db = db;
    this.#clock = options.clock ?? Date.now;
    this.#ttlMs = options.ttlMs ?? SELECTION_TTL_MS;
  }

  /** Leaves a request for the admin's next selection, replacing any earlier one. */
  async set(guildId: string, userId: string, request: T, instruction: Instruction | null): Promise<void> {
    const now = this.#clock();
    const row = { guild_id: toDb(guildId), user_id: toDb(userId), request: JSON.stringify(request), instruction: instruction === null ? null : JSON.stringify(instruction), expires_at: now + this.#ttlMs };
    await atomic(this.#db, async (tx) => {
      // Requests nobody came back for; the grace period lets a late pick still hear "expired".
      await tx.q.deleteFrom('pending_selection').where('expires_at', '<=', now - this.#ttlMs).execute();
      await tx.q
        .insertInto('pending_selection')
        .values(row)
        .onConflict((oc) => oc.columns(['guild_id', 'user_id']).doUpdateSet({ request: row.request, instruction: row.instruction, expires_at: row.expires_at }))
        .execute();
    });
  }

  /**
   * Removes and returns the admin's request. An expired one is removed as well and
   * reported as such, so the next attempt says "nothing pending".
   */
  async take(guildId: string, userId: string): Promise<Taken<T>> {
    const row = await atomic(this.#db, (tx) =>
      tx.q
        .deleteFrom('pending_selection')
        .where('guild_id', '=', toDb(guildId))
        .where('user_id', '=', toDb(userId))
        .returning(['request', 'instruction', 'expires_at'])
        .executeTakeFirst(),
    );
    if (!row) return { status: 'none' };
    const expiresAt = int(row.expires_at);
    if (this.#clock() >= expiresAt) return { status: 'expired' };
    const pending: Pending<T> = {
      request: JSON.parse(row.request) as T,
      instruction: row.instruction === null ? null : (JSON.parse(row.instruction) as Instruction),
      expiresAt,
    };
    return { status: 'ok', pending };
  }

  /**
   * Puts a request back after handling it failed, with a fresh TTL so the admin can pick
   * another message. A newer request (set while handling) wins.
   */
  async restore(guildId: string, userId: string, pending: Pending<T>): Promise<void> {
    await atomic(this.#db, (tx) =>
      tx.q
        .insertInto('pending_selection')
        .values({
          guild_id: toDb(guildId),
          user_id: toDb(userId),
          request: JSON.stringify(pending.request),
          instruction: pending.instruction === null ? null : JSON.stringify(pending.instruction),
          expires_at: this.#clock() + this.#ttlMs,
        })
        .onConflict((oc) => oc.columns(['guild_id', 'user_id']).doNothing())
        .execute(),
    );
  }

  /** Whether the admin has a request that has not expired (for tests and logs). */
  async has(guildId: string, userId: string): Promise<boolean> {
    const row = await this.#db.q
      .selectFrom('pending_selection')
      .select('expires_at')
      .where('guild_id', '=', toDb(guildId))
      .where('user_id', '=', toDb(userId))
      .executeTakeFirst();
    return row !== undefined && this.#clock() < int(row.expires_at);
  }

  /** Rows kept, expired ones included (for tests). */
  async size(): Promise<number> {
    const row = await this.#db.q.selectFrom('pending_selection').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
