// What processes sharing one database agree on (src/store/coordination.ts), on SQLite
// (two connections to one file) and on PostgreSQL (two pools): one weekly clean-up per
// week and shard, catch-up claims with a lease, and PostgreSQL's IDENTIFY windows.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimCatchUp, claimWeeklyRun, releaseCatchUp, renewCatchUp, takeIdentifyWindow } from '../../../src/store/coordination.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { freshPgDatabase, pgSkipReason, type TestDatabase } from '../../fixtures/postgres.ts';

const skip = pgSkipReason();
const GUILD_A = '9223372036854775807';
const GUILD_B = '9007199254740993';
const WEEK = Date.UTC(2026, 10, 28);

/** Two processes' stores on one database. */
interface Pair {
  a: Store;
  b: Store;
  close(): Promise<void>;
}

async function sqlitePair(): Promise<Pair> {
  const dir = mkdtempSync(join(tmpdir(), 'ttb-coord-'));
  const path = join(dir, 'theticketbot.db');
  const a = await openStore({ path, pragmas: [], keyTemplate: '' });
  const b = await openStore({ path, pragmas: [], keyTemplate: '' });
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresPair(): Promise<Pair> {
  const database: TestDatabase = await freshPgDatabase();
  const a = await openStore({ url: database.url });
  const b = await openStore({ url: database.url });
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
      await database.drop();
    },
  };
}

for (const [name, open, skipReason] of [
  ['SQLite', sqlitePair, null],
  ['PostgreSQL', postgresPair, skip],
] as const) {
  describe(`process coordination on ${name}`, { skip: skipReason ?? false }, () => {
    let pair: Pair;
    before(async () => {
      pair = await open();
    });
    after(async () => {
      await pair?.close();
    });

    it('the weekly clean-up of a shard is taken once per week, whichever process asks', async () => {
      const run = (store: Store, shardId: number, weekStart = WEEK) => claimWeeklyRun(store.db, { weekStart, shardCount: 4, shardId, now: weekStart + 5 });
      // At once on PostgreSQL; one after the other on SQLite, whose file serves one process (its writer waits out the other).
      const together = name === 'PostgreSQL' ? await Promise.all([run(pair.a, 0), run(pair.b, 0)]) : [await run(pair.a, 0), await run(pair.b, 0)];
      assert.deepEqual(together.sort(), [false, true], 'one of two processes asking');
      assert.equal(await run(pair.a, 0), false, 'asking again the same week');
      assert.equal(await run(pair.b, 1), true, 'another shard is its own run');
      assert.equal(await run(pair.a, 0, WEEK + 7 * 86_400_000), true, 'the next week');
      assert.equal(
        await claimWeeklyRun(pair.a.db, { weekStart: WEEK, shardCount: 8, shardId: 0, now: WEEK }),
        true,
        'shard 0 of 8 is not shard 0 of 4',
      );
    });

    it('a guild\'s catch-up is held by one process until released or the lease runs out', async () => {
      const now = 1_000_000;
      const lease = 60_000;
      const mineA = await claimCatchUp(pair.a.db, { guildIds: [GUILD_A], owner: 'A', now, leaseMs: lease });
      assert.deepEqual([...mineA], [GUILD_A]);
      const mineB = await claimCatchUp(pair.b.db, { guildIds: [GUILD_A, GUILD_B], owner: 'B', now: now + 1, leaseMs: lease });
      assert.deepEqual([...mineB], [GUILD_B], 'B gets only the guild A does not hold');
      assert.deepEqual([...(await claimCatchUp(pair.a.db, { guildIds: [GUILD_A], owner: 'A', now: now + 2, leaseMs: lease }))], [GUILD_A], 'A renews its own');
      await releaseCatchUp(pair.a.db, [GUILD_A], 'A');
      assert.deepEqual([...(await claimCatchUp(pair.b.db, { guildIds: [GUILD_A], owner: 'B', now: now + 3, leaseMs: lease }))], [GUILD_A], 'released: B takes it');
      // B is killed holding both; A waits for the lease, which B renewed once.
      await renewCatchUp(pair.b.db, 'B', now + 3 + 2 * lease);
      assert.equal((await claimCatchUp(pair.a.db, { guildIds: [GUILD_A, GUILD_B], owner: 'A', now: now + 3 + lease, leaseMs: lease })).size, 0, 'the renewed lease still holds');
      const after = await claimCatchUp(pair.a.db, { guildIds: [GUILD_A, GUILD_B], owner: 'A', now: now + 3 + 2 * lease, leaseMs: lease });
      assert.deepEqual([...after].sort(), [GUILD_A, GUILD_B].sort(), 'the lease ran out: A takes over');
      await releaseCatchUp(pair.b.db, [GUILD_A, GUILD_B], 'B');
      assert.equal((await claimCatchUp(pair.b.db, { guildIds: [GUILD_A], owner: 'B', now: now + 4 + 2 * lease, leaseMs: lease })).size, 0, "B's late release does not free A's claims");
    });

    if (name === 'PostgreSQL') {
      it('an IDENTIFY window per key: one process gets it, the other is told how long to wait', async () => {
        const [x, y] = await Promise.all([takeIdentifyWindow(pair.a.db, 0, 5000), takeIdentifyWindow(pair.b.db, 0, 5000)]);
        assert.deepEqual([x, y].filter((w) => w === 0), [0], 'exactly one got the window');
        const wait = Math.max(x, y);
        assert.ok(wait > 4000 && wait <= 5000, `waits ${wait} ms`);
        assert.equal(await takeIdentifyWindow(pair.b.db, 1, 5000), 0, 'another key is free');
        const short = await takeIdentifyWindow(pair.a.db, 2, 50);
        assert.equal(short, 0);
        await new Promise((r) => setTimeout(r, 80));
        assert.equal(await takeIdentifyWindow(pair.b.db, 2, 50), 0, 'free again once the window has passed');
      });
    } else {
      it('IDENTIFY windows are not kept in SQLite (a SQLite bot throttles in process)', async () => {
        await assert.rejects(takeIdentifyWindow(pair.a.db, 0, 5000), /PostgreSQL only/);
      });
    }
  });
}
