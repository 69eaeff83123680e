/** Gateway sharding: Get Gateway Bot's recommendation, shard routing, 4010/4011, max_concurrency buckets, RESUMED. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Emulator, Intents, shardForGuild, startEmulator } from '../src/index.ts';
import { gatewayUrl, type Payload, RawGatewayClient } from './helpers.ts';

const GUILDS = Intents.GUILDS;
const MESSAGES = GUILDS | Intents.GUILD_MESSAGES | Intents.DIRECT_MESSAGES | Intents.MESSAGE_CONTENT;
const DISCORD_EPOCH = 1420070400000n;

/** A guild id whose timestamp part puts it on `shard` of `numShards` (the sharding formula only reads those bits). */
function guildIdOnShard(shard: number, numShards: number, salt: number): string {
  let ts = 1_700_000_000_000n - DISCORD_EPOCH + BigInt(salt * numShards);
  while (Number(ts % BigInt(numShards)) !== shard) ts += 1n;
  return String(ts << 22n);
}

async function gatewayBot(em: Emulator): Promise<{ url: string; shards: number; session_start_limit: Record<string, number> }> {
  const res = await fetch(`${em.apiUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${em.token}` } });
  assert.equal(res.status, 200);
  return (await res.json()) as { url: string; shards: number; session_start_limit: Record<string, number> };
}

function guildIds(ready: Payload): string[] {
  return ready.d.guilds.map((g: { id: string }) => g.id).sort();
}

/** Waits until every payload dispatched so far has had time to arrive: a heartbeat round trip on each client. */
async function settle(...clients: RawGatewayClient[]): Promise<void> {
  await Promise.all(clients.map(async (c) => {
    c.send({ op: 1, d: null });
    await c.next((p) => p.op === 11);
  }));
}

describe('gateway sharding', () => {
  it('recommends shards from the guild count, never more guilds per shard than the maximum', async () => {
    const em = await startEmulator({ recommendedGuildsPerShard: 2, maxGuildsPerShard: 3, maxConcurrency: 4 });
    try {
      const empty = await gatewayBot(em);
      assert.equal(empty.shards, 1);
      assert.equal(empty.session_start_limit.max_concurrency, 4);
      for (let i = 0; i < 7; i += 1) em.createGuild({ id: guildIdOnShard(i % 3, 3, i) });
      const info = await gatewayBot(em);
      assert.ok(info.shards >= 4, `7 guilds at 2 per shard need at least 4 shards, got ${info.shards}`);
      const load = new Map<number, number>();
      for (const g of em.world.botGuilds()) {
        const k = shardForGuild(g.id, info.shards);
        load.set(k, (load.get(k) ?? 0) + 1);
      }
      assert.ok([...load.values()].every((n) => n <= 3), 'the recommendation keeps every shard at or below the maximum');
      // Guilds the bot is not in do not count.
      em.createGuild({ botMember: false });
      assert.equal((await gatewayBot(em)).shards, info.shards);
    } finally {
      await em.close();
    }
  });

  it('defaults to one shard per 1,000 guilds with 2,500 at most and max_concurrency 1', async () => {
    const em = await startEmulator();
    try {
      const info = await gatewayBot(em);
      assert.equal(info.shards, 1);
      assert.equal(info.session_start_limit.max_concurrency, 1);
      await assert.rejects(startEmulator({ maxGuildsPerShard: 10, recommendedGuildsPerShard: 11 }), RangeError);
      await assert.rejects(startEmulator({ maxConcurrency: 0 }), RangeError);
    } finally {
      await em.close();
    }
  });

  it('closes with 4011 when one session would hold more guilds than a shard may, and serves each shard its own guilds', async () => {
    const em = await startEmulator({ maxGuildsPerShard: 2, recommendedGuildsPerShard: 2 });
    const clients: RawGatewayClient[] = [];
    try {
      const ids = [guildIdOnShard(0, 2, 1), guildIdOnShard(1, 2, 2), guildIdOnShard(0, 2, 3)];
      for (const id of ids) em.createGuild({ id });
      const unsharded = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      clients.push(unsharded);
      await unsharded.next((p) => p.op === 10);
      unsharded.send({ op: 2, d: { token: em.token, intents: GUILDS, properties: {} } });
      const closed = await unsharded.closed;
      assert.equal(closed.code, 4011);
      assert.equal(closed.reason, 'Sharding required.');
      assert.equal(em.gatewayStats().identifies, 0, 'a refused IDENTIFY starts no session');

      const { shards } = await gatewayBot(em);
      assert.equal(shards, 2);
      const readies: Payload[] = [];
      for (let shard = 0; shard < shards; shard += 1) {
        const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
        clients.push(c);
        readies.push(await c.identify(em.token, GUILDS, { shard: [shard, shards] }));
      }
      assert.deepEqual(guildIds(readies[0]!), [ids[0], ids[2]].sort());
      assert.deepEqual(guildIds(readies[1]!), [ids[1]]);
      assert.deepEqual(readies[1]!.d.shard, [1, 2]);
      // Each shard gets GUILD_CREATE only for its own guilds.
      await settle(...clients.slice(1));
      const creates = clients.slice(1).map((c) => c.received.filter((p) => p.t === 'GUILD_CREATE').map((p) => p.d.id as string).sort());
      assert.deepEqual(creates, [[ids[0], ids[2]].sort(), [ids[1]]]);
    } finally {
      for (const c of clients) c.ws.terminate();
      await em.close();
    }
  });

  it('closes with 4010 on every malformed or out-of-range shard', async () => {
    const em = await startEmulator();
    try {
      const bad: unknown[] = [[2, 2], [-1, 2], [0, 0], [1, 1], [0], [0, 2, 1], ['0', '2'], [0.5, 2], [0, 1.5], 'x', 7, {}];
      for (const shard of bad) {
        const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
        await c.next((p) => p.op === 10);
        c.send({ op: 2, d: { token: em.token, intents: GUILDS, properties: {}, shard } });
        assert.equal((await c.closed).code, 4010, `shard ${JSON.stringify(shard)}`);
      }
      assert.equal(em.gatewayStats().identifies, 0);
      const ok = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      const ready = await ok.identify(em.token, GUILDS, { shard: [0, 1] });
      assert.deepEqual(ready.d.shard, [0, 1]);
      ok.ws.terminate();
    } finally {
      await em.close();
    }
  });

  it('routes guild events to the owning shard only, and events without a guild to shard 0 only', async () => {
    const em = await startEmulator();
    const clients: RawGatewayClient[] = [];
    try {
      const g0 = em.createGuild({ id: guildIdOnShard(0, 2, 10), defaultChannel: true });
      const g1 = em.createGuild({ id: guildIdOnShard(1, 2, 11), defaultChannel: true });
      const alice = em.createUser({ username: 'alice' });
      em.addMember(g0.id, alice.id);
      em.addMember(g1.id, alice.id);
      const s0 = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      const s1 = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      // A second process holding the same shard, and one with another num_shards.
      const s0b = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      const whole = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      clients.push(s0, s1, s0b, whole);
      await s0.identify(em.token, MESSAGES, { shard: [0, 2] });
      await s1.identify(em.token, MESSAGES, { shard: [1, 2] });
      await s0b.identify(em.token, MESSAGES, { shard: [0, 2] });
      await whole.identify(em.token, MESSAGES, { shard: [0, 1] });
      await settle(...clients);
      const mark = clients.map((c) => c.received.length);

      em.createMessage(g1.system_channel_id!, alice.id, { content: 'on shard 1' });
      em.createMessage(g0.system_channel_id!, alice.id, { content: 'on shard 0' });
      const dm = em.dmChannel(alice.id);
      em.createMessage(dm.id, alice.id, { content: 'a DM' });
      em.dispatch('USER_UPDATE', { ...em.botUser });
      const joined = em.createGuild({ id: guildIdOnShard(1, 2, 12) });
      await settle(...clients);

      const seen = clients.map((c, i) => c.received.slice(mark[i]).filter((p) => p.op === 0).map((p) => p.t === 'MESSAGE_CREATE' ? `MESSAGE_CREATE:${p.d.content}` : `${p.t}${p.t === 'GUILD_CREATE' ? `:${p.d.id}` : ''}`));
      assert.deepEqual(seen[0], ['MESSAGE_CREATE:on shard 0', 'MESSAGE_CREATE:a DM', 'USER_UPDATE']);
      assert.deepEqual(seen[1], ['MESSAGE_CREATE:on shard 1', `GUILD_CREATE:${joined.id}`]);
      assert.deepEqual(seen[2], seen[0], 'sessions with the same [shard_id, num_shards] get the same events');
      assert.deepEqual(seen[3], ['MESSAGE_CREATE:on shard 1', 'MESSAGE_CREATE:on shard 0', 'MESSAGE_CREATE:a DM', 'USER_UPDATE', `GUILD_CREATE:${joined.id}`]);

      const stats = em.gatewayStats();
      assert.deepEqual(Object.keys(stats.shards).sort(), ['0/1', '0/2', '1/2']);
      assert.deepEqual(
        { ...stats.shards['0/2'], dispatches: 0 },
        { shard: [0, 2], guilds: 1, sessions: 2, connectedSessions: 2, identifies: 2, resumes: 0, dispatches: 0 },
      );
      assert.equal(stats.shards['1/2']!.guilds, 2);
      assert.equal(stats.shards['0/1']!.guilds, 3);
      assert.equal(stats.shards['1/2']!.dispatches, s1.received.filter((p) => p.op === 0).length);
    } finally {
      for (const c of clients) c.ws.terminate();
      await em.close();
    }
  });

  it('allows one IDENTIFY per max_concurrency bucket (shard_id % max_concurrency) per 5 seconds, op 9 beyond it', async () => {
    let now = Date.now();
    const em = await startEmulator({ clock: () => now, enforceIdentifyConcurrency: true, maxConcurrency: 2 });
    const clients: RawGatewayClient[] = [];
    const open = async () => {
      const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      clients.push(c);
      await c.next((p) => p.op === 10);
      return c;
    };
    const identify = (c: RawGatewayClient, shard: [number, number]) =>
      c.send({ op: 2, d: { token: em.token, intents: GUILDS, properties: {}, shard } });
    try {
      const a = await open();
      identify(a, [0, 4]);
      await a.dispatch('READY');
      const b = await open();
      identify(b, [1, 4]);
      await b.dispatch('READY'); // key 1: its own bucket
      const c = await open();
      identify(c, [2, 4]); // key 0 again within 5 s
      const refused = await c.next((p) => p.op === 9 || p.t === 'READY');
      assert.equal(refused.op, 9);
      assert.equal(refused.d, false);
      assert.equal(em.gatewayStats().identifyRateLimited, 1);
      assert.equal(em.gatewayStats().sessionStartLimit.remaining, em.gatewayStats().sessionStartLimit.total - 2, 'a refused IDENTIFY uses no session start');

      now += 4999;
      identify(c, [2, 4]);
      assert.equal((await c.next((p) => p.op === 9 || p.t === 'READY')).op, 9, 'still inside the 5 s window');
      now += 1;
      identify(c, [2, 4]); // the same connection may try again
      assert.equal((await c.next((p) => p.op === 9 || p.t === 'READY')).t, 'READY');
      assert.equal(em.gatewayStats().identifyRateLimited, 2);
      assert.equal(em.gatewayStats().identifies, 3);
    } finally {
      for (const c of clients) c.ws.terminate();
      await em.close();
    }
  });

  it('leaves IDENTIFYs unthrottled when enforcement is off', async () => {
    const em = await startEmulator();
    const clients: RawGatewayClient[] = [];
    try {
      for (let i = 0; i < 3; i += 1) {
        const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
        clients.push(c);
        await c.identify(em.token, GUILDS);
      }
      assert.equal(em.gatewayStats().identifies, 3);
      assert.equal(em.gatewayStats().identifyRateLimited, 0);
    } finally {
      for (const c of clients) c.ws.terminate();
      await em.close();
    }
  });

  it('sends RESUMED with an object, counted per shard', async () => {
    const em = await startEmulator();
    try {
      em.createGuild({ id: guildIdOnShard(1, 2, 20) });
      const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      const ready = await c.identify(em.token, GUILDS, { shard: [1, 2] });
      const create = await c.dispatch('GUILD_CREATE');
      c.ws.terminate();
      await c.closed;
      const r = new RawGatewayClient(`${ready.d.resume_gateway_url}?v=10&encoding=json`);
      await r.next((p) => p.op === 10);
      r.send({ op: 6, d: { token: em.token, session_id: ready.d.session_id, seq: create.s } });
      const resumed = await r.dispatch('RESUMED');
      assert.equal(typeof resumed.d, 'object');
      assert.notEqual(resumed.d, null);
      assert.equal(Array.isArray(resumed.d), false);
      assert.equal(em.gatewayStats().shards['1/2']!.resumes, 1);
      r.ws.terminate();
    } finally {
      await em.close();
    }
  });
});
