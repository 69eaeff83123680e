import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import type { Deps } from '../../../src/discord/deps.ts';
import { forgetDepartedGuilds, scheduleWeekly, type Timers } from '../../../src/discord/schedule.ts';
import { BotState } from '../../../src/discord/state.ts';
import { ensureGuild, storedGuildIds } from '../../../src/store/guilds.ts';
import { openStore } from '../../../src/store/store.ts';

/** Timers driven by hand: fire() runs the armed callback. */
function fakeTimers() {
  let armed: { fn: () => void; ms: number } | null = null;
  const timers: Timers = {
    setTimeout(fn, ms) {
      armed = { fn, ms };
      return armed;
    },
    clearTimeout(handle) {
      if (handle === armed) armed = null;
    },
  };
  return {
    timers,
    get armed() {
      return armed;
    },
    fire() {
      const a = armed!;
      armed = null;
      a.fn();
    },
  };
}

const SAT = Date.UTC(2024, 5, 1);
const WEEK = 7 * 24 * 3600 * 1000;

describe('scheduleWeekly', () => {
  it('runs every Saturday 00:00 UTC and re-arms', () => {
    let now = SAT - 3 * 3600 * 1000;
    const t = fakeTimers();
    let runs = 0;
    const weekly = scheduleWeekly(() => runs++, () => now, t.timers);
    assert.equal(weekly.nextRun, SAT);
    assert.equal(t.armed!.ms, 3 * 3600 * 1000);
    now = SAT;
    t.fire();
    assert.equal(runs, 1);
    assert.equal(weekly.nextRun, SAT + WEEK);
    assert.equal(t.armed!.ms, WEEK);
    weekly.stop();
    assert.equal(t.armed, null);
  });

  it('a timer that fires early does not run the job, only re-arms', () => {
    let now = SAT - 1000;
    const t = fakeTimers();
    let runs = 0;
    scheduleWeekly(() => runs++, () => now, t.timers);
    now = SAT - 10;
    t.fire();
    assert.equal(runs, 0);
    assert.equal(t.armed!.ms, 10);
    now = SAT + 5;
    t.fire();
    assert.equal(runs, 1);
  });

  it('after a long sleep it runs once, not once per missed week', () => {
    let now = SAT - 1;
    const t = fakeTimers();
    let runs = 0;
    const weekly = scheduleWeekly(() => runs++, () => now, t.timers);
    now = SAT + 3 * WEEK + 1;
    t.fire();
    assert.equal(runs, 1);
    assert.equal(weekly.nextRun, SAT + 4 * WEEK);
  });
});

describe('forgetDepartedGuilds', () => {
  const BOT = '1246826841231327275';
  // Shard 0 or 1 of 2 by the timestamp bits.
  const ON0 = String(1_000_000n << 22n);
  const LEFT0 = String(1_000_002n << 22n);
  const ON1 = String(1_000_001n << 22n);
  const LEFT1 = String(1_000_003n << 22n);
  const ev = (t: string, d: unknown): GatewayDispatchPayload => ({ op: 0, s: 1, t, d }) as unknown as GatewayDispatchPayload;
  const guild = (id: string) => ev('GUILD_CREATE', { id, owner_id: BOT, preferred_locale: 'en-US', roles: [], channels: [], threads: [] });

  async function setup(shardIds: number[]) {
    const store = await openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
    for (const id of [ON0, LEFT0, ON1, LEFT1]) await ensureGuild(store.db, id);
    const state = new BotState();
    state.configureShards(2, shardIds);
    const deps = { state, store } as unknown as Deps;
    const stored = async () => (await storedGuildIds(store.db)).sort();
    return { store, state, deps, stored };
  }

  it('forgets nothing of a shard whose READY has not come (shard 1 starting five seconds after shard 0)', async () => {
    const { store, state, deps, stored } = await setup([0, 1]);
    state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }] }), 0);
    state.apply(guild(ON0), 0);
    state.completeShard(0);
    assert.equal(await forgetDepartedGuilds(deps), 1, 'only the guild shard 0 left');
    assert.deepEqual(await stored(), [ON0, ON1, LEFT1].sort());
    await store.close();
  });

  it('forgets nothing of a shard that is reconnecting or still waiting for its guilds, and all it left once its view is complete', async () => {
    const { store, state, deps, stored } = await setup([0, 1]);
    for (const [shard, id] of [[0, ON0], [1, ON1]] as const) {
      state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id }] }), shard);
      state.apply(guild(id), shard);
      state.completeShard(shard);
    }
    state.shardDisconnected(1);
    state.shardDisconnected(0);
    assert.equal(await forgetDepartedGuilds(deps), 0, 'no shard connected');
    state.shardResumed(0);
    state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id: ON1 }] }), 1);
    assert.equal(await forgetDepartedGuilds(deps), 1, 'shard 1 still waits for its guilds');
    assert.deepEqual(await stored(), [ON0, ON1, LEFT1].sort());
    state.apply(guild(ON1), 1);
    state.completeShard(1);
    assert.equal(await forgetDepartedGuilds(deps), 1);
    assert.deepEqual(await stored(), [ON0, ON1].sort());
    await store.close();
  });

  it('the weekly run cleans each shard up once that week, also when a second process holds the same shard', async () => {
    const first = await setup([0, 1]);
    // A second process on the same database that also runs shard 0 (a move between processes).
    const secondState = new BotState();
    secondState.configureShards(2, [0]);
    const second = { state: secondState, store: first.store, tickets: { clock: () => 0 } } as unknown as Deps;
    (first.deps as { tickets?: unknown }).tickets = { clock: () => 0 };
    for (const state of [first.state, secondState]) {
      state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }] }), 0);
      state.apply(guild(ON0), 0);
      state.completeShard(0);
    }
    const week = Date.UTC(2026, 10, 28);
    assert.equal(await forgetDepartedGuilds(second, week), 1, 'the second process cleans shard 0 up first');
    assert.equal(await forgetDepartedGuilds(first.deps, week), 0, 'shard 0 is done this week; shard 1 is not in yet');
    await ensureGuild(first.store.db, LEFT0);
    assert.equal(await forgetDepartedGuilds(first.deps, week), 0, 'not twice in one week');
    assert.equal(await forgetDepartedGuilds(first.deps, week + 7 * 86_400_000), 1, 'the next week');
    assert.deepEqual(await first.stored(), [ON0, ON1, LEFT1].sort());
    await first.store.close();
  });

  it('never forgets the guilds of shards this process does not run, nor unavailable ones', async () => {
    const { store, state, deps, stored } = await setup([0]);
    state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }, { id: LEFT0 }] }), 0);
    state.apply(guild(ON0), 0);
    state.apply(ev('GUILD_DELETE', { id: LEFT0, unavailable: true }), 0);
    state.completeShard(0);
    assert.equal(await forgetDepartedGuilds(deps), 0);
    assert.deepEqual(await stored(), [ON0, LEFT0, ON1, LEFT1].sort());
    await store.close();
  });
});
