import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import { IDENTIFY_WINDOW_MS, IdentifyThrottler, SHARED_BUCKET_RETRY_MS, ShardLifecycle, type SharedIdentifyBuckets } from '../../../src/discord/gateway.ts';
import type { Timers } from '../../../src/discord/schedule.ts';
import { BotState } from '../../../src/discord/state.ts';
import { createLogger } from '../../../src/log/logger.ts';

const BOT = '1246826841231327275';
const ON0 = String(1_000_000n << 22n);
const ON0_B = String(1_000_002n << 22n);
const ON1 = String(1_000_001n << 22n);
const ev = (t: string, d: unknown): GatewayDispatchPayload => ({ op: 0, s: 1, t, d }) as unknown as GatewayDispatchPayload;
const guild = (id: string) => ev('GUILD_CREATE', { id, owner_id: BOT, preferred_locale: 'en-US', roles: [], channels: [], threads: [] });

/** Timers fired by hand. */
function handTimers() {
  const armed = new Map<object, { fn: () => void; ms: number }>();
  const timers: Timers = {
    setTimeout(fn, ms) {
      const handle = {};
      armed.set(handle, { fn, ms });
      return handle;
    },
    clearTimeout(handle) {
      armed.delete(handle as object);
    },
  };
  return {
    timers,
    armed: () => [...armed.values()].map((t) => t.ms),
    fireAll() {
      const all = [...armed.values()];
      armed.clear();
      for (const t of all) t.fn();
    },
  };
}

function setup(shardIds: number[] = [0, 1]) {
  const state = new BotState();
  state.configureShards(2, shardIds);
  let output = '';
  const logger = createLogger({
    verbosity: 0,
    logDir: null,
    console: new Writable({
      write(chunk, _enc, done) {
        output += String(chunk);
        done();
      },
    }),
  });
  const hand = handTimers();
  const events: string[] = [];
  const lifecycle = new ShardLifecycle({
    state,
    logger,
    timers: hand.timers,
    guildWaitMs: 15_000,
    onShardIn: (shard, first) => events.push(`in ${shard}${first ? ' first' : ' again'}`),
    onAllIn: () => events.push('all in'),
    onLateGuild: (id) => events.push(`late ${id}`),
  });
  const feed = (payload: GatewayDispatchPayload, shard: number) => {
    state.apply(payload, shard);
    lifecycle.afterDispatch(payload, shard);
  };
  return { state, lifecycle, hand, events, feed, logs: () => output };
}

describe('ShardLifecycle', () => {
  it('a shard is in once every guild of its READY arrived or was reported unavailable; all in after the last shard', () => {
    const { events, feed, hand, state } = setup();
    feed(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }, { id: ON0_B }] }), 0);
    feed(guild(ON0), 0);
    assert.deepEqual(events, []);
    assert.deepEqual(hand.armed(), [15_000], 'one idle timer');
    feed(ev('GUILD_DELETE', { id: ON0_B, unavailable: true }), 0);
    assert.deepEqual(events, ['in 0 first']);
    assert.deepEqual(hand.armed(), [], 'the timer is gone');
    feed(ev('READY', { user: { id: BOT }, guilds: [] }), 1);
    assert.deepEqual(events, ['in 0 first', 'in 1 first', 'all in']);
    assert.deepEqual(state.completeShards(), [0, 1]);
  });

  it('a guild that never comes: the shard goes on after the bound, and the guild is caught up alone when it arrives', () => {
    const { events, feed, hand, state, logs } = setup([0]);
    feed(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }, { id: ON0_B }] }), 0);
    feed(guild(ON0), 0);
    hand.fireAll();
    assert.deepEqual(events, ['in 0 first', 'all in']);
    assert.match(logs(), /Shard 0 of 2: 1 guild from READY did not arrive within 15 s of the last one; going on without it/);
    assert.ok(state.pendingGuilds.has(ON0_B), 'still the bot’s');
    assert.deepEqual(state.completeShards(), [0]);
    feed(guild(ON0_B), 0);
    assert.deepEqual(events, ['in 0 first', 'all in', `late ${ON0_B}`]);
    assert.ok(!state.pendingGuilds.has(ON0_B));
  });

  it('every guild that arrives restarts the wait; a new session waits again and is "again", not "first"', () => {
    const { events, feed, hand } = setup([0]);
    feed(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }, { id: ON0_B }] }), 0);
    const first = hand.armed();
    feed(guild(ON0), 0);
    assert.deepEqual([first, hand.armed()], [[15_000], [15_000]], 'a fresh timer after each guild');
    feed(guild(ON0_B), 0);
    feed(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }] }), 0);
    assert.deepEqual(events, ['in 0 first', 'all in']);
    feed(guild(ON0), 0);
    assert.deepEqual(events, ['in 0 first', 'all in', 'in 0 again'], 'no late-guild catch-up for a guild of the wave');
  });

  it('guild events of a shard that has no READY yet change nothing; a guild joined later is a late guild', () => {
    const { events, feed } = setup();
    feed(guild(ON1), 1);
    assert.deepEqual(events, []);
    feed(ev('READY', { user: { id: BOT }, guilds: [] }), 0);
    feed(guild(ON0), 0);
    assert.deepEqual(events, ['in 0 first', `late ${ON0}`]);
  });

  it('stop() clears the timers; a timer firing afterwards does nothing', () => {
    const { events, feed, hand, lifecycle } = setup([0]);
    feed(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }] }), 0);
    lifecycle.stop();
    assert.deepEqual(hand.armed(), []);
    assert.deepEqual(events, []);
  });
});

describe('IdentifyThrottler', () => {
  /** A clock and a sleep driven by hand: sleeps settle when the test advances time. */
  function handTime() {
    let now = 1_000_000;
    const sleepers: Array<{ until: number; resolve: () => void; reject: (e: unknown) => void }> = [];
    return {
      clock: () => now,
      sleep: (ms: number, signal: AbortSignal) =>
        new Promise<void>((resolve, reject) => {
          const entry = { until: now + ms, resolve, reject };
          sleepers.push(entry);
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
      async advance(ms: number) {
        now += ms;
        for (const s of sleepers.filter((x) => x.until <= now)) {
          sleepers.splice(sleepers.indexOf(s), 1);
          s.resolve();
        }
        await new Promise((r) => setImmediate(r));
      },
    };
  }

  it('one IDENTIFY per rate-limit key per 5 s; other keys go at once', async () => {
    const time = handTime();
    const throttler = new IdentifyThrottler(2, time);
    const granted: string[] = [];
    const ask = (shard: number) => throttler.waitForIdentify(shard, new AbortController().signal).then(() => granted.push(`${shard}@${time.clock()}`));
    const asks = [ask(0), ask(1), ask(2), ask(3)];
    await time.advance(0);
    assert.deepEqual(granted, ['0@1000000', '1@1000000'], 'shards 0 and 1 are in different buckets');
    await time.advance(IDENTIFY_WINDOW_MS - 1);
    assert.equal(granted.length, 2, 'not a millisecond before the window is over');
    await time.advance(1000);
    await Promise.all(asks);
    assert.deepEqual(granted.slice(2).map((g) => g.split('@')[0]), ['2', '3']);
    assert.ok(granted.slice(2).every((g) => Number(g.split('@')[1]) - 1_000_000 >= IDENTIFY_WINDOW_MS));
  });

  it('a wait whose socket closed ends at once and lets nothing through; the next one still keeps the window', async () => {
    const time = handTime();
    const throttler = new IdentifyThrottler(1, time);
    await throttler.waitForIdentify(0, new AbortController().signal);
    const stale = new AbortController();
    const staleWait = throttler.waitForIdentify(0, stale.signal);
    const next = new AbortController();
    let nextAt = 0;
    const nextWait = throttler.waitForIdentify(0, next.signal).then(() => (nextAt = time.clock()));
    await time.advance(1000);
    stale.abort(new Error('the socket closed'));
    await assert.rejects(staleWait, /the socket closed/);
    await time.advance(1000);
    assert.equal(nextAt, 0, 'the next waits out the window of the last IDENTIFY that went through');
    await time.advance(IDENTIFY_WINDOW_MS);
    await nextWait;
    assert.ok(nextAt - 1_000_000 >= IDENTIFY_WINDOW_MS);
  });

  /** The shared buckets as the database keeps them: one `next_at` per key, on the test's clock. */
  function sharedBuckets(clock: () => number): SharedIdentifyBuckets & { takes: string[]; failNext: number } {
    const nextAt = new Map<number, number>();
    const shared = {
      takes: [] as string[],
      failNext: 0,
      async take(key: number, windowMs: number): Promise<number> {
        if (shared.failNext > 0) {
          shared.failNext--;
          throw new Error('connection terminated');
        }
        const now = clock();
        const free = nextAt.get(key) ?? -Infinity;
        if (free > now) return free - now;
        nextAt.set(key, now + windowMs);
        shared.takes.push(`${key}@${now}`);
        return 0;
      },
    };
    return shared;
  }

  it('two processes sharing the buckets: one IDENTIFY per key per 5 s between them', async () => {
    const time = handTime();
    const shared = sharedBuckets(time.clock);
    // Process A runs shards 0 and 1, process B shards 2 and 3; max_concurrency 2: keys 0 (shards 0, 2) and 1 (shards 1, 3).
    const a = new IdentifyThrottler(2, { ...time, shared });
    const b = new IdentifyThrottler(2, { ...time, shared });
    const granted: string[] = [];
    const ask = (t: IdentifyThrottler, shard: number) => t.waitForIdentify(shard, new AbortController().signal).then(() => granted.push(`${shard}@${time.clock()}`));
    const asks = [ask(a, 0), ask(a, 1), ask(b, 2), ask(b, 3)];
    await time.advance(0);
    assert.deepEqual(granted, ['0@1000000', '1@1000000'], 'B waits: its keys are taken by A');
    await time.advance(IDENTIFY_WINDOW_MS - 1);
    assert.equal(granted.length, 2, 'not a millisecond before the window is over');
    await time.advance(1000);
    await Promise.all(asks);
    assert.deepEqual(granted.slice(2).map((g) => g.split('@')[0]).sort(), ['2', '3']);
    for (const key of [0, 1]) {
      const times = shared.takes.filter((t) => t.startsWith(`${key}@`)).map((t) => Number(t.split('@')[1]));
      assert.equal(times.length, 2);
      assert.ok(times[1]! - times[0]! >= IDENTIFY_WINDOW_MS, `key ${key}: ${times.join(', ')}`);
    }
  });

  it('the shared buckets failing (the database away) hold the IDENTIFY back until they answer', async () => {
    const time = handTime();
    const shared = sharedBuckets(time.clock);
    shared.failNext = 2;
    const errors: unknown[] = [];
    const t = new IdentifyThrottler(1, { ...time, shared, onSharedError: (e) => errors.push(e) });
    let done = false;
    const wait = t.waitForIdentify(0, new AbortController().signal).then(() => (done = true));
    await time.advance(0);
    assert.equal(done, false);
    assert.equal(errors.length, 1);
    await time.advance(SHARED_BUCKET_RETRY_MS);
    assert.equal(done, false);
    await time.advance(SHARED_BUCKET_RETRY_MS);
    await wait;
    assert.equal(errors.length, 2);
    assert.deepEqual(shared.takes, [`0@${1_000_000 + 2 * SHARED_BUCKET_RETRY_MS}`]);
  });

  it('an aborted signal refuses before any waiting', async () => {
    const throttler = new IdentifyThrottler(1, handTime());
    const c = new AbortController();
    c.abort(new Error('closed'));
    await assert.rejects(throttler.waitForIdentify(0, c.signal), /closed/);
    await throttler.waitForIdentify(0, new AbortController().signal);
  });
});
