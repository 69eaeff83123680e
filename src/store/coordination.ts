// What the processes of one bot agree on through the database they share, so that each
// piece of housekeeping is done by one of them: the weekly clean-up of a shard's guilds
// (once per week and shard), the catch-up of a guild (one process at a time, with a lease
// that a killed process cannot hold forever), and, on PostgreSQL, the IDENTIFY windows of
// the gateway (one per max_concurrency key per 5 s for the whole bot). On SQLite the
// same rows work for processes sharing one file; the IDENTIFY windows stay in process
// (a SQLite bot runs on one host, as one process as a rule).
import { sql } from 'kysely';
import { chunks, type Db } from './db.ts';
import { fromDb, toDb } from './ids.ts';
import { int } from './schema.ts';
import { atomic } from './write.ts';

/** Weekly runs kept for the record; older rows go when a new week is claimed. */
const WEEKLY_RUNS_KEPT_MS = 8 * 7 * 24 * 3_600_000;

/**
 * Takes the weekly clean-up of one shard's guilds for the week starting at `weekStart`
 * (its Saturday 00:00 UTC, ms): true for the one process that gets the row, false for
 * every other (the clean-up of that shard already ran this week, or is running).
 */
export async function claimWeeklyRun(db: Db, run: { weekStart: number; shardCount: number; shardId: number; now: number }): Promise<boolean> {
  return atomic(db, async (tx) => {
    const inserted = await tx.q
      .insertInto('weekly_run')
      .values({ week_start: run.weekStart, shard_count: run.shardCount, shard_id: run.shardId, ran_at: run.now })
      .onConflict((oc) => oc.columns(['week_start', 'shard_count', 'shard_id']).doNothing())
      .returning('shard_id')
      .executeTakeFirst();
    if (inserted) await tx.q.deleteFrom('weekly_run').where('week_start', '<', run.weekStart - WEEKLY_RUNS_KEPT_MS).execute();
    return inserted !== undefined;
  });
}

/**
 * Takes the catch-up of the given guilds for `leaseMs` and returns those taken: every one
 * no other process holds (or whose lease ran out: that process was killed). Taking one
 * again as the same owner renews its lease.
 */
export async function claimCatchUp(db: Db, claim: { guildIds: readonly string[]; owner: string; now: number; leaseMs: number }): Promise<Set<string>> {
  const taken = new Set<string>();
  const expires = claim.now + claim.leaseMs;
  for (const part of chunks(claim.guildIds)) {
    const rows = await atomic(db, (tx) =>
      tx.q
        .insertInto('catch_up_claim')
        .values(part.map((id) => ({ guild_id: toDb(id), owner: claim.owner, expires_at: expires })))
        .onConflict((oc) =>
          oc
            .column('guild_id')
            .doUpdateSet({ owner: claim.owner, expires_at: expires })
            .where((eb) => eb.or([eb('catch_up_claim.expires_at', '<=', claim.now), eb('catch_up_claim.owner', '=', claim.owner)])),
        )
        .returning('guild_id')
        .execute(),
    );
    for (const row of rows) taken.add(fromDb(row.guild_id));
  }
  return taken;
}

/** Moves the end of every lease this owner holds to `expiresAt` (a long catch-up keeps its guilds). */
export async function renewCatchUp(db: Db, owner: string, expiresAt: number): Promise<void> {
  await atomic(db, (tx) => tx.q.updateTable('catch_up_claim').set({ expires_at: expiresAt }).where('owner', '=', owner).execute());
}

/** Gives back this owner's claims on the given guilds once their catch-up is done. */
export async function releaseCatchUp(db: Db, guildIds: readonly string[], owner: string): Promise<void> {
  for (const part of chunks(guildIds)) {
    await atomic(db, (tx) =>
      tx.q
        .deleteFrom('catch_up_claim')
        .where('owner', '=', owner)
        .where(
          'guild_id',
          'in',
          part.map((id) => toDb(id)),
        )
        .execute(),
    );
  }
}

/**
 * The IDENTIFY window of a rate-limit key, on PostgreSQL: taken with one upsert that
 * holds the key's row lock, on the server's clock (processes on several hosts agree on
 * it). Returns 0 when this process got the window, else the milliseconds until it is free.
 */
export async function takeIdentifyWindow(db: Db, key: number, windowMs: number): Promise<number> {
  if (db.dialect !== 'postgres') throw new Error('identify windows are kept in PostgreSQL only');
  const taken = await sql<{ rate_key: number }>`
    INSERT INTO identify_bucket (rate_key, next_at)
    VALUES (${key}, clock_timestamp() + make_interval(secs => ${windowMs / 1000}))
    ON CONFLICT (rate_key) DO UPDATE SET next_at = EXCLUDED.next_at
    WHERE identify_bucket.next_at <= clock_timestamp()
    RETURNING rate_key`.execute(db.q);
  if (taken.rows.length > 0) return 0;
  const left = await sql<{ ms: string | number }>`
    SELECT GREATEST(0, CEIL(EXTRACT(EPOCH FROM next_at - clock_timestamp()) * 1000)) AS ms
    FROM identify_bucket WHERE rate_key = ${key}`.execute(db.q);
  const row = left.rows[0];
  // The row went in between (nobody deletes them): ask again at once.
  return row === undefined ? 1 : Math.max(1, int(row.ms));
}
