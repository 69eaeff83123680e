/** Emulator-only controls for gateway trouble: guild outages, per-shard faults, a slow handshake. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Emulator, Intents, shardForGuild, startEmulator } from '../src/index.ts';
import { gatewayUrl, type Payload, RawGatewayClient } from './helpers.ts';

const GUILDS = Intents.GUILDS | Intents.GUILD_MEMBERS;

/** Waits until every payload dispatched so far has arrived: a heartbeat round trip. */
async function settle(c: RawGatewayClient): Promise<void> {
  c.send({ op: 1, d: null });
  await c.next((p) => p.op === 11);
}

function guildEvents(c: RawGatewayClient, id: string): Array<[string | null, boolean | undefined]> {
  return c.received.filter((p: Payload) => p.op === 0 && p.d?.id === id && (p.t === 'GUILD_CREATE' || p.t === 'GUILD_DELETE')).map((p) => [p.t, p.d.unavailable]);
}

describe('guild outages', () => {
  it('an outage sends GUILD_DELETE unavailable, READY during it lists the guild and sends GUILD_DELETE, and its end sends GUILD_CREATE', async () => {
    const em: Emulator = await startEmulator();
    const clients: RawGatewayClient[] = [];
    try {
      const up = em.createGuild({ name: 'up' });
      const down = em.createGuild({ name: 'down' });
      const user = em.createUser({ username: 'member' });
      em.addMember(down.id, user.id);

      const live = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      clients.push(live);
      await live.identify(em.token, GUILDS);
      em.setGuildAvailable(down.id, false);
      await live.next((p) => p.t === 'GUILD_DELETE');
      // Nothing about the guild reaches the bot while it is down.
      em.removeMember(down.id, user.id);
      await settle(live);
      assert.deepEqual(guildEvents(live, down.id), [['GUILD_CREATE', false], ['GUILD_DELETE', true]]);
      assert.equal(live.received.filter((p) => p.t === 'GUILD_MEMBER_REMOVE').length, 0);

      const fresh = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      clients.push(fresh);
      const ready = await fresh.identify(em.token, GUILDS);
      assert.deepEqual(ready.d.guilds.map((g: { id: string }) => g.id).sort(), [up.id, down.id].sort());
      await settle(fresh);
      assert.deepEqual(guildEvents(fresh, down.id), [['GUILD_DELETE', true]]);
      assert.deepEqual(guildEvents(fresh, up.id), [['GUILD_CREATE', false]]);

      em.setGuildAvailable(down.id, true);
      const back = await fresh.next((p) => p.t === 'GUILD_CREATE' && p.d.id === down.id);
      assert.equal(back.d.unavailable, false);
      assert.ok(Array.isArray(back.d.channels), 'the full guild');
      await settle(live);
      assert.deepEqual(guildEvents(live, down.id).at(-1), ['GUILD_CREATE', false]);
    } finally {
      for (const c of clients) c.ws.terminate();
      await em.close();
    }
  });

  it('the control API switches availability and refuses a body without a boolean', async () => {
    const em = await startEmulator();
    try {
      const g = em.createGuild();
      const put = (body: unknown) => fetch(`${em.controlUrl}/guilds/${g.id}/availability`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal((await put({})).status, 400);
      assert.ok((await put({ available: false })).ok);
      assert.equal(em.world.getGuild(g.id)?.unavailable, true);
      assert.ok((await put({ available: true })).ok);
      assert.equal(em.world.getGuild(g.id)?.unavailable, false);
    } finally {
      await em.close();
    }
  });
});

describe('per-shard faults', () => {
  it('sendInvalidSession and dropConnections with a shard touch only that shard', async () => {
    const em = await startEmulator();
    const clients: RawGatewayClient[] = [];
    try {
      const shards = [0, 1].map(() => new RawGatewayClient(gatewayUrl(em.gatewayUrl)));
      clients.push(...shards);
      for (const [i, c] of shards.entries()) await c.identify(em.token, GUILDS, { shard: [i, 2] });
      em.sendInvalidSession(false, { shard: 1 });
      await shards[1]!.next((p) => p.op === 9);
      await settle(shards[0]!);
      assert.equal(shards[0]!.received.filter((p) => p.op === 9).length, 0);
      em.dropConnections({ shard: 0, code: 4000 });
      assert.equal((await shards[0]!.closed).code, 4000);
      assert.equal(em.gatewayStats().serverCloseCodes.filter((c) => c === 4000).length, 1);
      assert.equal(shardForGuild(em.createGuild().id, 1), 0);
    } finally {
      for (const c of clients) c.ws.terminate();
      await em.close();
    }
  });
});

describe('slow handshake', () => {
  it('holds the upgrade answer (the socket stays CONNECTING) and HELLO', async () => {
    const em = await startEmulator();
    try {
      em.setHandshakeDelays({ upgradeMs: 300 });
      const slow = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      let openedAt = 0;
      const start = Date.now();
      void slow.opened.then(() => (openedAt = Date.now()));
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(slow.ws.readyState, slow.ws.CONNECTING);
      await slow.next((p) => p.op === 10);
      assert.ok(openedAt - start >= 250, 'opened only after the delay');
      slow.ws.terminate();

      em.setHandshakeDelays({ upgradeMs: 0, helloMs: 300 });
      const quiet = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      await quiet.opened;
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(quiet.received.length, 0, 'no HELLO yet');
      const hello = await quiet.next((p) => p.op === 10);
      assert.ok(hello.d.heartbeat_interval > 0);
      quiet.ws.terminate();
      assert.throws(() => em.setHandshakeDelays({ helloMs: -1 }), RangeError);
    } finally {
      await em.close();
    }
  });
});
