/**
 * The emulator driven the way the bot drives Discord: @discordjs/rest for
 * HTTP and @discordjs/ws for the gateway.
 */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { REST } from '@discordjs/rest';
import { CompressionMethod, WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import { type Emulator, Intents, startEmulator } from '../src/index.ts';

function makeManager(em: Emulator, extra: Partial<ConstructorParameters<typeof WebSocketManager>[0]> = {}) {
  const rest = new REST({ api: em.apiUrl, version: '10' }).setToken(em.token);
  const manager = new WebSocketManager({
    token: em.token,
    intents: Intents.GUILDS | Intents.GUILD_MEMBERS | Intents.GUILD_MESSAGES | Intents.MESSAGE_CONTENT,
    rest,
    // No 5 s wait between identifies inside one test process.
    buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }),
    ...extra,
  });
  const dispatches: GatewayDispatchPayload[] = [];
  manager.on(WebSocketShardEvents.Dispatch, (payload: GatewayDispatchPayload) => dispatches.push(payload));
  return { manager, dispatches };
}

/** Resolves when a dispatch matching `pred` has been seen (including ones already received). */
function waitForDispatch(manager: WebSocketManager, dispatches: GatewayDispatchPayload[], pred: (p: GatewayDispatchPayload) => boolean): Promise<GatewayDispatchPayload> {
  const found = dispatches.find(pred);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const listener = (p: GatewayDispatchPayload) => {
      if (pred(p)) {
        manager.off(WebSocketShardEvents.Dispatch, listener);
        resolve(p);
      }
    };
    manager.on(WebSocketShardEvents.Dispatch, listener);
  });
}

describe('@discordjs/ws against the emulator', () => {
  let em: Emulator;
  let guildId: string;
  before(async () => {
    em = await startEmulator({ heartbeatIntervalMs: 1000 });
    guildId = em.createGuild({ name: 'djs', defaultChannel: true }).id;
  });
  after(() => em.close());

  it('connects, receives READY and GUILD_CREATE, and resumes after drops, RECONNECT and INVALID_SESSION', async () => {
    const { manager, dispatches } = makeManager(em);
    const ready = once(manager, WebSocketShardEvents.Ready);
    await manager.connect();
    await ready;
    const create = await waitForDispatch(manager, dispatches, (p) => p.t === 'GUILD_CREATE');
    assert.equal(create.t === 'GUILD_CREATE' && create.d.id, guildId);
    assert.equal(em.gatewayStats().identifies, 1);

    // 1. The socket drops; events keep happening; the client resumes and gets them.
    let resumed = once(manager, WebSocketShardEvents.Resumed);
    em.dropConnections();
    const missed = em.createChannel(guildId, { name: 'missed-while-away' });
    const user = em.createUser({ username: 'dora' });
    em.addMember(guildId, user.id);
    await resumed;
    await waitForDispatch(manager, dispatches, (p) => p.t === 'CHANNEL_CREATE' && p.d.id === missed.id);
    await waitForDispatch(manager, dispatches, (p) => p.t === 'GUILD_MEMBER_ADD' && p.d.user.id === user.id);
    let stats = em.gatewayStats();
    assert.equal(stats.identifies, 1, 'resumed, not re-identified');
    assert.equal(stats.resumes, 1);
    assert.equal(stats.resumesOnResumeUrl, 1);

    // 2. A TCP-level drop without a close frame.
    resumed = once(manager, WebSocketShardEvents.Resumed);
    em.dropConnections({ abnormal: true });
    await resumed;

    // 3. Op 7 RECONNECT.
    resumed = once(manager, WebSocketShardEvents.Resumed);
    em.sendReconnect();
    await resumed;
    stats = em.gatewayStats();
    assert.equal(stats.identifies, 1);
    assert.equal(stats.resumes, 3);

    // 4. Op 9 with d:true: resume on the same connection.
    resumed = once(manager, WebSocketShardEvents.Resumed);
    em.sendInvalidSession(true);
    await resumed;
    assert.equal(em.gatewayStats().resumes, 4);

    // 5. Op 9 with d:false: a fresh IDENTIFY.
    const readyAgain = once(manager, WebSocketShardEvents.Ready);
    em.sendInvalidSession(false);
    await readyAgain;
    stats = em.gatewayStats();
    assert.equal(stats.identifies, 2);

    // Still receiving after all that.
    const late = em.createChannel(guildId, { name: 'after-all' });
    await waitForDispatch(manager, dispatches, (p) => p.t === 'CHANNEL_CREATE' && p.d.id === late.id);
    await manager.destroy();
  });

  it('works with zlib-stream transport compression', async () => {
    const { manager, dispatches } = makeManager(em, { compression: CompressionMethod.ZlibNative });
    const ready = once(manager, WebSocketShardEvents.Ready);
    const connection = once(em.events, 'connection');
    await manager.connect();
    const [info] = (await connection) as [{ query: Record<string, string> }];
    assert.deepEqual(info.query, { v: '10', encoding: 'json', compress: 'zlib-stream' });
    await ready;
    await waitForDispatch(manager, dispatches, (p) => p.t === 'GUILD_CREATE');
    const ch = em.createChannel(guildId, { name: 'compressed' });
    await waitForDispatch(manager, dispatches, (p) => p.t === 'CHANNEL_CREATE' && p.d.id === ch.id);
    await manager.destroy();
  });

  it('works with identify payload compression', async () => {
    const { manager, dispatches } = makeManager(em, { useIdentifyCompression: true });
    const ready = once(manager, WebSocketShardEvents.Ready);
    await manager.connect();
    await ready;
    // GUILD_CREATE payloads are large enough to be sent compressed.
    await waitForDispatch(manager, dispatches, (p) => p.t === 'GUILD_CREATE');
    assert.equal(em.gatewayStats().lastIdentify?.compress, true);
    await manager.destroy();
  });

  it('reports 4014 to the client as disallowed intents', async () => {
    const strict = await startEmulator({ privilegedIntents: 0 });
    try {
      const { manager } = makeManager(strict);
      const errored = once(manager, WebSocketShardEvents.Error);
      void manager.connect().catch(() => {});
      const [err] = (await errored) as [Error];
      assert.match(err.message, /disallowed intents/i);
      assert.deepEqual(strict.gatewayStats().serverCloseCodes, [4014]);
      await Promise.resolve(manager.destroy()).catch(() => {});
    } finally {
      await strict.close();
    }
  });
});
