import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import { BotState } from '../../../src/discord/state.ts';
import { Permission } from '../../../src/domain/permissions.ts';

const BOT = '1246826841231327275';
const GUILD = '1246826841231327280';
const OWNER = '1246826841231327281';
const BOT_ROLE = '1246826841231327282';
const CHANNEL = '1246826841231327283';
const THREAD = '1246826841231327284';
const OTHER_THREAD = '1246826841231327285';

const ev = (t: string, d: unknown): GatewayDispatchPayload => ({ op: 0, s: 1, t, d }) as unknown as GatewayDispatchPayload;

function readyState(): BotState {
  const state = new BotState();
  state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id: GUILD, unavailable: true }] }));
  state.apply(
    ev('GUILD_CREATE', {
      id: GUILD,
      owner_id: OWNER,
      preferred_locale: 'de',
      roles: [
        { id: GUILD, permissions: String(Permission.ViewChannel | Permission.SendMessages) },
        { id: BOT_ROLE, permissions: String(Permission.CreatePrivateThreads) },
      ],
      members: [{ user: { id: BOT }, roles: [BOT_ROLE] }],
      channels: [
        { id: CHANNEL, type: 0, rate_limit_per_user: 120, permission_overwrites: [{ id: GUILD, type: 0, allow: '0', deny: String(Permission.SendMessages) }] },
      ],
      threads: [
        { id: THREAD, type: 12, parent_id: CHANNEL, owner_id: BOT, thread_metadata: { archived: false, locked: false } },
        { id: OTHER_THREAD, type: 12, parent_id: CHANNEL, owner_id: OWNER, thread_metadata: { archived: false, locked: false } },
      ],
    }),
  );
  return state;
}

test('GUILD_CREATE fills the guild: locale, owner, roles, channels with overwrites and slowmode, only the bot’s threads', () => {
  const state = readyState();
  assert.equal(state.pendingGuilds.size, 0);
  const guild = state.guilds.get(GUILD)!;
  assert.equal(guild.locale, 'de');
  assert.equal(guild.ownerId, OWNER);
  assert.deepEqual(guild.botRoleIds, [BOT_ROLE]);
  assert.equal(guild.channels.get(CHANNEL)?.rateLimitPerUser, 120);
  assert.deepEqual([...guild.threads.keys()], [THREAD]);
});

test('bot permissions come from the cache: roles and the channel overwrite, threads use their parent', () => {
  const state = readyState();
  const perms = state.botPermissions(GUILD, CHANNEL)!;
  assert.ok(perms & Permission.ViewChannel);
  assert.ok(perms & Permission.CreatePrivateThreads);
  assert.equal(perms & Permission.SendMessages, 0n);
  assert.equal(state.botPermissions(GUILD, THREAD), perms);
  assert.equal(state.botPermissions(GUILD, '1'), null);
});

test('role, member and channel updates keep the cache current', () => {
  const state = readyState();
  state.apply(ev('GUILD_ROLE_UPDATE', { guild_id: GUILD, role: { id: BOT_ROLE, permissions: String(Permission.Administrator) } }));
  assert.equal(state.botPermissions(GUILD, CHANNEL)! & Permission.SendMessages, Permission.SendMessages);
  state.apply(ev('GUILD_MEMBER_UPDATE', { guild_id: GUILD, user: { id: BOT }, roles: [] }));
  assert.equal(state.botPermissions(GUILD, CHANNEL)! & Permission.CreatePrivateThreads, 0n);
  state.apply(ev('CHANNEL_UPDATE', { id: CHANNEL, guild_id: GUILD, type: 0, rate_limit_per_user: 5, permission_overwrites: [] }));
  assert.ok(state.botPermissions(GUILD, CHANNEL)! & Permission.SendMessages);
  assert.equal(state.guilds.get(GUILD)!.channels.get(CHANNEL)!.rateLimitPerUser, 5);
  state.apply(ev('THREAD_UPDATE', { id: THREAD, guild_id: GUILD, type: 12, parent_id: CHANNEL, owner_id: BOT, thread_metadata: { archived: true, locked: true } }));
  assert.deepEqual(state.guilds.get(GUILD)!.threads.get(THREAD), { id: THREAD, parentId: CHANNEL, archived: true, locked: true });
  state.apply(ev('CHANNEL_DELETE', { id: CHANNEL, guild_id: GUILD, type: 0 }));
  assert.equal(state.guilds.get(GUILD)!.channels.size, 0);
  assert.equal(state.guilds.get(GUILD)!.threads.size, 0, 'threads of a deleted channel go with it');
  state.apply(ev('GUILD_DELETE', { id: GUILD }));
  assert.equal(state.guilds.size, 0);
});

test('an unavailable guild stays pending; odd payloads do not break the cache', () => {
  const state = new BotState();
  state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id: GUILD, unavailable: true }] }));
  state.apply(ev('GUILD_CREATE', { id: GUILD, unavailable: true }));
  assert.equal(state.pendingGuilds.size, 1);
  state.apply(ev('GUILD_ROLE_UPDATE', { guild_id: '42', role: { id: '1', permissions: '8' } }));
  state.apply(ev('SOMETHING_NEW', { whatever: true }));
  assert.equal(state.guilds.size, 0);
});

test("the bot's timeout: from GUILD_MEMBER_UPDATE, leaving it View Channel only until it ends", () => {
  const state = readyState();
  const until = Date.UTC(2031, 0, 2, 3, 4, 5);
  const before = state.botPermissions(GUILD, CHANNEL, { now: until - 1_000 })!;
  assert.ok((before & Permission.CreatePrivateThreads) !== 0n);
  state.apply(ev('GUILD_MEMBER_UPDATE', { guild_id: GUILD, user: { id: BOT }, roles: [BOT_ROLE], communication_disabled_until: new Date(until).toISOString() }));
  assert.equal(state.botPermissions(GUILD, CHANNEL, { now: until - 1_000 }), Permission.ViewChannel);
  assert.equal(state.botPermissions(GUILD, THREAD, { now: until - 1_000 }), Permission.ViewChannel, 'in its threads too');
  assert.equal(state.botPermissions(GUILD, CHANNEL, { now: until }), before, 'over when it ends');
  state.apply(ev('GUILD_MEMBER_UPDATE', { guild_id: GUILD, user: { id: BOT }, roles: [BOT_ROLE], communication_disabled_until: null }));
  assert.equal(state.botPermissions(GUILD, CHANNEL, { now: until - 1_000 }), before);
});

// Shards (issue 9): guild ids whose timestamp bits put them on shard 0 or 1 of 2.
const ON0 = String(1_000_000n << 22n);
const ON0_B = String(1_000_002n << 22n);
const ON1 = String(1_000_001n << 22n);
const guildCreate = (id: string) => ev('GUILD_CREATE', { id, owner_id: OWNER, preferred_locale: 'en-US', roles: [], channels: [], threads: [] });

test('the sharding formula decides which shard a guild belongs to', () => {
  const state = new BotState();
  assert.equal(state.shardOf(ON1), 0, 'one shard holds everything');
  state.configureShards(2, [0, 1]);
  assert.deepEqual([ON0, ON0_B, ON1].map((id) => state.shardOf(id)), [0, 0, 1]);
  assert.equal(state.shardOf('18446744073709551615'), Number((18446744073709551615n >> 22n) % 2n), 'ids past 2^53 exactly');
});

test('a READY speaks only for its own shard: the other shard’s guilds and pending guilds stay', () => {
  const state = new BotState();
  state.configureShards(2, [0, 1]);
  state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }, { id: ON0_B }] }), 0);
  state.apply(guildCreate(ON0), 0);
  state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id: ON1 }] }), 1);
  assert.deepEqual([...state.guilds.keys()], [ON0], 'shard 1’s READY left shard 0’s guild');
  assert.deepEqual([...state.pendingGuilds].sort(), [ON0_B, ON1].sort(), 'and its pending guild');
  assert.deepEqual([...state.awaitingGuilds(0)], [ON0_B]);
  assert.deepEqual([...state.awaitingGuilds(1)], [ON1]);
  state.apply(guildCreate(ON1), 1);
  state.apply(guildCreate(ON0_B), 0);
  assert.equal(state.pendingGuilds.size, 0);

  // A new session of shard 0 without ON0_B: that guild was left; shard 1 is untouched.
  state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }] }), 0);
  assert.deepEqual([...state.guilds.keys()].sort(), [ON0, ON1].sort());
  assert.deepEqual([...state.pendingGuilds], [ON0]);
});

test('unavailable guilds stay pending and count as arrived; a removed one is forgotten', () => {
  const state = new BotState();
  state.configureShards(2, [0, 1]);
  state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }, { id: ON0_B }] }), 0);
  state.apply(ev('GUILD_DELETE', { id: ON0, unavailable: true }), 0);
  state.apply(ev('GUILD_CREATE', { id: ON0_B, unavailable: true }), 0);
  assert.equal(state.awaitingGuilds(0).size, 0, 'both accounted for');
  assert.deepEqual([...state.pendingGuilds].sort(), [ON0, ON0_B].sort(), 'and kept');
  state.apply(guildCreate(ON0), 0);
  state.apply(ev('GUILD_DELETE', { id: ON0_B }), 0);
  assert.deepEqual([...state.pendingGuilds], []);
  assert.deepEqual([...state.guilds.keys()], [ON0]);
});

test('complete shards: connected, with every guild of their READY in or given up on', () => {
  const state = new BotState();
  state.configureShards(3, [0, 1]);
  assert.deepEqual(state.completeShards(), [], 'nothing before READY');
  state.apply(ev('READY', { user: { id: BOT }, guilds: [{ id: ON0 }] }), 0);
  assert.deepEqual(state.completeShards(), [], 'not while its guilds arrive');
  state.completeShard(0);
  assert.deepEqual(state.completeShards(), [0]);
  state.shardDisconnected(0);
  assert.deepEqual(state.completeShards(), [], 'not while reconnecting');
  state.shardResumed(0);
  assert.deepEqual(state.completeShards(), [0]);
  state.apply(ev('READY', { user: { id: BOT }, guilds: [] }), 2);
  state.completeShard(2);
  assert.deepEqual(state.completeShards(), [0], 'only the shards this process runs');
});
