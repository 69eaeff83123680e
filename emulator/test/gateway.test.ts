/** Gateway protocol details, driven with a raw WebSocket client. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Emulator, Intents, startEmulator } from '../src/index.ts';
import { gatewayUrl, RawGatewayClient } from './helpers.ts';

const GUILDS = Intents.GUILDS;
const ALL_STANDARD = GUILDS | Intents.GUILD_MESSAGES | Intents.GUILD_MEMBERS | Intents.MESSAGE_CONTENT | Intents.GUILD_PRESENCES;

describe('gateway handshake', () => {
  let em: Emulator;
  const clients: RawGatewayClient[] = [];
  const client = (url?: string, opts?: { zlibStream?: boolean }) => {
    const c = new RawGatewayClient(url ?? gatewayUrl(em.gatewayUrl), opts);
    clients.push(c);
    return c;
  };

  before(async () => {
    em = await startEmulator({ heartbeatIntervalMs: 45000 });
  });
  after(async () => {
    for (const c of clients) c.ws.terminate();
    await em.close();
  });

  it('sends HELLO with the configured heartbeat interval, then READY and GUILD_CREATE after IDENTIFY', async () => {
    const guild = em.createGuild({ name: 'Handshake', preferredLocale: 'de', defaultChannel: true });
    const role = em.createRole(guild.id, { name: 'Staff', permissions: 8n });
    const user = em.createUser({ username: 'alice' });
    em.addMember(guild.id, user.id, { roles: [role.id] });

    const c = client();
    const hello = await c.next();
    assert.equal(hello.op, 10);
    assert.equal(hello.d.heartbeat_interval, 45000);
    c.send({ op: 2, d: { token: em.token, intents: GUILDS | Intents.GUILD_PRESENCES, properties: { os: 'linux', browser: 'x', device: 'x' } } });
    const ready = await c.dispatch('READY');
    assert.equal(ready.s, 1);
    assert.equal(ready.d.v, 10);
    assert.equal(ready.d.user.id, em.botUser.id);
    assert.equal(ready.d.user.bot, true);
    assert.equal(ready.d.application.id, em.application.id);
    assert.equal(typeof ready.d.application.flags, 'number');
    assert.match(ready.d.session_id, /^[0-9a-f]{32}$/);
    assert.equal(ready.d.resume_gateway_url, em.resumeGatewayUrl);
    assert.deepEqual(ready.d.guilds.find((g: { id: string }) => g.id === guild.id), { id: guild.id, unavailable: true });

    const create = await c.next((p) => p.t === 'GUILD_CREATE' && p.d.id === guild.id);
    assert.equal(create.s !== null && create.s > 1, true);
    assert.equal(create.d.unavailable, false);
    assert.equal(create.d.name, 'Handshake');
    assert.equal(create.d.preferred_locale, 'de');
    assert.equal(create.d.owner_id, em.application.ownerId);
    assert.equal(create.d.member_count, 3);
    assert.equal(create.d.large, false);
    assert.equal(typeof create.d.joined_at, 'string');
    assert.ok(create.d.roles.some((r: { id: string }) => r.id === guild.id), 'the @everyone role has the guild id');
    assert.ok(create.d.roles.some((r: { id: string; permissions: string }) => r.id === role.id && r.permissions === '8'));
    assert.equal(create.d.channels.length, 1);
    assert.deepEqual(create.d.threads, []);
    // With GUILD_PRESENCES and a small guild, every member is listed.
    assert.equal(create.d.members.length, 3);
    const s = em.gatewayStats();
    assert.equal(s.sessionStartLimit.remaining, s.sessionStartLimit.total - s.identifies);
  });

  it('lists only the bot member in GUILD_CREATE without GUILD_PRESENCES', async () => {
    const c = client();
    await c.identify(em.token, GUILDS);
    const create = await c.dispatch('GUILD_CREATE');
    assert.equal(create.d.members.length, 1);
    assert.equal(create.d.members[0].user.id, em.botUser.id);
    assert.deepEqual(create.d.presences, []);
  });

  it('sends no GUILD_CREATE without the GUILDS intent', async () => {
    const c = client();
    const ready = await c.identify(em.token, Intents.GUILD_MESSAGES);
    assert.ok(ready.d.guilds.length > 0);
    c.send({ op: 1, d: ready.s });
    const ack = await c.next((p) => p.op === 11);
    assert.equal(ack.op, 11);
    assert.ok(!c.received.some((p) => p.t === 'GUILD_CREATE'));
  });

  it('answers a heartbeat with op 11, before and after IDENTIFY', async () => {
    const c = client();
    await c.next((p) => p.op === 10);
    c.send({ op: 1, d: null });
    const ack = await c.next();
    assert.deepEqual({ op: ack.op, s: ack.s, t: ack.t }, { op: 11, s: null, t: null });
  });

  it('closes with 4004 on a bad token', async () => {
    const c = client();
    await c.next((p) => p.op === 10);
    c.send({ op: 2, d: { token: 'not.the.token', intents: GUILDS, properties: {} } });
    const closed = await c.closed;
    assert.equal(closed.code, 4004);
    assert.equal(closed.reason, 'Authentication failed.');
  });

  it('closes with 4013 on unknown intent bits', async () => {
    const c = client();
    await c.next((p) => p.op === 10);
    c.send({ op: 2, d: { token: em.token, intents: 1 << 30, properties: {} } });
    assert.equal((await c.closed).code, 4013);
  });

  it('closes with 4003 on a payload before IDENTIFY', async () => {
    const c = client();
    await c.next((p) => p.op === 10);
    c.send({ op: 3, d: { since: null, activities: [], status: 'online', afk: false } });
    assert.equal((await c.closed).code, 4003);
  });

  it('closes with 4005 on a second IDENTIFY', async () => {
    const c = client();
    await c.identify(em.token, GUILDS);
    c.send({ op: 2, d: { token: em.token, intents: GUILDS, properties: {} } });
    assert.equal((await c.closed).code, 4005);
  });

  it('closes with 4002 on invalid JSON and 4001 on an unknown opcode', async () => {
    const a = client();
    await a.next((p) => p.op === 10);
    a.ws.send('{not json');
    assert.equal((await a.closed).code, 4002);
    const b = client();
    await b.identify(em.token, GUILDS);
    b.send({ op: 42, d: null });
    assert.equal((await b.closed).code, 4001);
  });

  it('closes with 4012 on an unsupported API version', async () => {
    const c = client(`${em.gatewayUrl}?v=5&encoding=json`);
    assert.equal((await c.closed).code, 4012);
  });

  it('sends zlib-stream compressed payloads when asked', async () => {
    const c = client(`${em.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`, { zlibStream: true });
    const ready = await c.identify(em.token, GUILDS);
    assert.equal(ready.d.user.id, em.botUser.id);
    await c.dispatch('GUILD_CREATE');
  });
});

describe('gateway privileged intents', () => {
  it('closes with 4014 when a privileged intent is not enabled in the portal', async () => {
    const em = await startEmulator({ privilegedIntents: Intents.GUILD_MEMBERS });
    try {
      const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      await c.next((p) => p.op === 10);
      c.send({ op: 2, d: { token: em.token, intents: GUILDS | Intents.MESSAGE_CONTENT, properties: {} } });
      const closed = await c.closed;
      assert.equal(closed.code, 4014);
      assert.equal(closed.reason, 'Disallowed intent(s).');
      // An enabled privileged intent is accepted.
      const ok = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      const ready = await ok.identify(em.token, GUILDS | Intents.GUILD_MEMBERS);
      assert.equal(ready.t, 'READY');
      ok.ws.terminate();
    } finally {
      await em.close();
    }
  });
});

describe('gateway sessions', () => {
  let em: Emulator;
  let guildId: string;
  before(async () => {
    em = await startEmulator();
    guildId = em.createGuild({ name: 'Sessions' }).id;
  });
  after(() => em.close());

  it('resumes a dropped session and replays what was dispatched meanwhile', async () => {
    const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    const ready = await c.identify(em.token, ALL_STANDARD);
    const sessionId: string = ready.d.session_id;
    const lastBeforeDrop = await c.dispatch('GUILD_CREATE');
    const identifiesBefore = em.gatewayStats().identifies;

    em.dropConnections();
    const closed = await c.closed;
    assert.equal(closed.code, 4000);

    // Events while nobody is connected are queued for the session.
    const alice = em.createUser({ username: 'alice' });
    em.addMember(guildId, alice.id);
    const channel = em.createChannel(guildId, { name: 'while-away' });

    const r = new RawGatewayClient(`${ready.d.resume_gateway_url}?v=10&encoding=json`);
    await r.next((p) => p.op === 10);
    r.send({ op: 6, d: { token: em.token, session_id: sessionId, seq: lastBeforeDrop.s } });
    const memberAdd = await r.dispatch('GUILD_MEMBER_ADD');
    assert.equal(memberAdd.d.user.id, alice.id);
    assert.equal(memberAdd.d.guild_id, guildId);
    assert.equal(memberAdd.s, (lastBeforeDrop.s as number) + 1);
    const channelCreate = await r.dispatch('CHANNEL_CREATE');
    assert.equal(channelCreate.d.id, channel.id);
    const resumed = await r.dispatch('RESUMED');
    assert.ok((resumed.s as number) > (channelCreate.s as number));

    const stats = em.gatewayStats();
    assert.equal(stats.identifies, identifiesBefore, 'no new IDENTIFY');
    assert.equal(stats.resumes, 1);
    assert.equal(stats.resumesOnResumeUrl, 1);
    assert.equal(stats.replayedEvents, 2);

    // New events continue the sequence on the resumed connection.
    const bob = em.createUser({ username: 'bob' });
    em.addMember(guildId, bob.id);
    const next = await r.dispatch('GUILD_MEMBER_ADD');
    assert.equal(next.d.user.id, bob.id);
    assert.equal(next.s, (resumed.s as number) + 1);
    r.ws.terminate();
  });

  it('answers RESUME of an unknown session with op 9 d:false', async () => {
    const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await c.next((p) => p.op === 10);
    c.send({ op: 6, d: { token: em.token, session_id: 'nope', seq: 3 } });
    const invalid = await c.next((p) => p.op === 9);
    assert.equal(invalid.d, false);
    c.ws.terminate();
  });

  it('closes with 4007 when RESUME names a sequence the session never sent', async () => {
    const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    const ready = await c.identify(em.token, GUILDS);
    c.ws.terminate();
    await c.closed;
    const r = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await r.next((p) => p.op === 10);
    r.send({ op: 6, d: { token: em.token, session_id: ready.d.session_id, seq: 9999 } });
    assert.equal((await r.closed).code, 4007);
  });

  it('invalidates the session when the client closes with 1000', async () => {
    const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    const ready = await c.identify(em.token, GUILDS);
    c.close(1000);
    await c.closed;
    const r = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await r.next((p) => p.op === 10);
    r.send({ op: 6, d: { token: em.token, session_id: ready.d.session_id, seq: ready.s } });
    assert.equal((await r.next((p) => p.op === 9)).d, false);
    r.ws.terminate();
  });

  it('sends op 7 RECONNECT and op 9 INVALID_SESSION on request', async () => {
    const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    const ready = await c.identify(em.token, GUILDS);
    em.sendReconnect();
    const reconnect = await c.next((p) => p.op === 7);
    assert.equal(reconnect.d, null);
    em.sendInvalidSession(true);
    const invalid = await c.next((p) => p.op === 9);
    assert.equal(invalid.d, true);
    // d:true — the same connection may RESUME.
    c.send({ op: 6, d: { token: em.token, session_id: ready.d.session_id, seq: ready.s } });
    await c.dispatch('RESUMED');
    em.sendInvalidSession(false);
    assert.equal((await c.next((p) => p.op === 9)).d, false);
    // d:false — the session is gone.
    c.send({ op: 6, d: { token: em.token, session_id: ready.d.session_id, seq: ready.s } });
    assert.equal((await c.next((p) => p.op === 9)).d, false);
    c.ws.terminate();
  });
});

describe('gateway intent filtering', () => {
  let em: Emulator;
  let guildId: string;
  let channelId: string;
  before(async () => {
    em = await startEmulator();
    const g = em.createGuild({ name: 'Filtering', defaultChannel: true });
    guildId = g.id;
    channelId = g.system_channel_id as string;
  });
  after(() => em.close());

  it('sends GUILD_MEMBER_ADD only with GUILD_MEMBERS, and blanks message content without MESSAGE_CONTENT', async () => {
    const withAll = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await withAll.identify(em.token, GUILDS | Intents.GUILD_MEMBERS | Intents.GUILD_MESSAGES | Intents.MESSAGE_CONTENT);
    const plain = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await plain.identify(em.token, GUILDS | Intents.GUILD_MESSAGES);

    const carol = em.createUser({ username: 'carol' });
    em.addMember(guildId, carol.id);
    const added = await withAll.dispatch('GUILD_MEMBER_ADD');
    assert.equal(added.d.user.id, carol.id);

    em.createMessage(channelId, carol.id, { content: 'secret words', embeds: [{ title: 'x' }] });
    const full = await withAll.dispatch('MESSAGE_CREATE');
    assert.equal(full.d.content, 'secret words');
    assert.equal(full.d.guild_id, guildId);
    assert.deepEqual(full.d.member.roles, []);
    const blank = await plain.dispatch('MESSAGE_CREATE');
    assert.equal(blank.d.content, '');
    assert.deepEqual(blank.d.embeds, []);
    assert.equal(blank.d.author.id, carol.id);
    // The session without GUILD_MEMBERS never saw the member join.
    assert.ok(!plain.received.some((p) => p.t === 'GUILD_MEMBER_ADD'));

    // Mentioning the bot makes the content visible even without the intent.
    em.createMessage(channelId, carol.id, { content: `hey <@${em.botUser.id}>` });
    const mention = await plain.dispatch('MESSAGE_CREATE');
    assert.equal(mention.d.content, `hey <@${em.botUser.id}>`);
    assert.equal(mention.d.mentions[0].id, em.botUser.id);
    assert.deepEqual(mention.d.mentions[0].member.roles, []);

    // A custom dispatch follows the same rules.
    em.dispatch('TYPING_START', { channel_id: channelId, guild_id: guildId, user_id: carol.id, timestamp: 1 });
    em.dispatch('CUSTOM_UNLISTED_EVENT', { hello: 'world' });
    const custom = await plain.dispatch('CUSTOM_UNLISTED_EVENT');
    assert.deepEqual(custom.d, { hello: 'world' });
    assert.ok(!plain.received.some((p) => p.t === 'TYPING_START'), 'TYPING_START needs GUILD_MESSAGE_TYPING');
    withAll.ws.terminate();
    plain.ws.terminate();
  });

  it('sends GUILD_CREATE to connected sessions when the bot joins a guild', async () => {
    const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await c.identify(em.token, GUILDS);
    const g = em.createGuild({ name: 'Joined later' });
    const create = await c.next((p) => p.t === 'GUILD_CREATE' && p.d.id === g.id);
    assert.equal(create.d.name, 'Joined later');
    em.removeMember(g.id, em.botUser.id);
    const del = await c.dispatch('GUILD_DELETE');
    assert.deepEqual(del.d, { id: g.id });
    c.ws.terminate();
  });
});

describe('gateway visibility of channels and threads', () => {
  it('hides private threads and hidden channels from the bot until it gains access', async () => {
    const em = await startEmulator();
    try {
      const g = em.createGuild({ name: 'Visibility', defaultChannel: true });
      const parent = g.system_channel_id as string;
      const user = em.createUser({ username: 'gina' });
      em.addMember(g.id, user.id);
      const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      await c.identify(em.token, GUILDS | Intents.GUILD_MESSAGES | Intents.MESSAGE_CONTENT);

      // A private thread created by a user, without the bot: no THREAD_CREATE.
      const thread = em.createChannel(g.id, { type: 12, parentId: parent, ownerId: user.id, name: 'private' });
      em.createMessage(thread.id, user.id, { content: 'inside the private thread' });
      // Adding the bot sends THREAD_CREATE carrying the bot's thread member.
      em.addThreadMember(thread.id, em.botUser.id);
      const created = await c.dispatch('THREAD_CREATE');
      assert.equal(created.d.id, thread.id);
      assert.equal(created.d.member.user_id, em.botUser.id);
      em.createMessage(thread.id, user.id, { content: 'now visible' });
      const msg = await c.dispatch('MESSAGE_CREATE');
      assert.equal(msg.d.content, 'now visible');
      assert.ok(!c.received.some((p) => p.t === 'MESSAGE_CREATE' && p.d.content === 'inside the private thread'));

      // Messages in a channel the bot cannot view are not delivered.
      const hidden = em.createChannel(g.id, { name: 'hidden', permissionOverwrites: [{ id: em.botUser.id, type: 1, deny: 1n << 10n }] });
      em.createMessage(hidden.id, user.id, { content: 'secret' });
      em.createMessage(parent, user.id, { content: 'public' });
      const next = await c.dispatch('MESSAGE_CREATE');
      assert.equal(next.d.content, 'public');
      c.ws.terminate();
    } finally {
      await em.close();
    }
  });
});

describe('gateway GUILD_CREATE members and sharding', () => {
  it('applies large_threshold: a large guild lists only online members, members with roles or nicknames, and the bot', async () => {
    const em = await startEmulator();
    try {
      const g = em.createGuild({ name: 'Large' });
      const role = em.createRole(g.id, { name: 'Has role' });
      const withRole = em.createUser();
      em.addMember(g.id, withRole.id, { roles: [role.id] });
      const withNick = em.createUser();
      em.addMember(g.id, withNick.id, { nick: 'Nick' });
      const online = em.createUser();
      em.addMember(g.id, online.id);
      em.setPresence(online.id, 'online');
      for (let i = 0; i < 60; i += 1) em.addMember(g.id, em.createUser().id);
      const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      await c.identify(em.token, GUILDS | Intents.GUILD_PRESENCES, { large_threshold: 50 });
      const create = await c.dispatch('GUILD_CREATE');
      assert.equal(create.d.large, true);
      assert.equal(create.d.member_count, 65, "owner, bot, three special members and 60 others");
      const ids = new Set(create.d.members.map((m: { user: { id: string } }) => m.user.id));
      assert.deepEqual(ids, new Set([em.botUser.id, withRole.id, withNick.id, online.id]));
      assert.deepEqual(create.d.presences.map((p: { user: { id: string } }) => p.user.id), [online.id]);
      c.ws.terminate();
    } finally {
      await em.close();
    }
  });

  it('routes guilds to the shard given by (guild_id >> 22) % num_shards', async () => {
    const em = await startEmulator();
    try {
      const guilds = Array.from({ length: 6 }, () => em.createGuild().id);
      const shardOf = (id: string) => Number((BigInt(id) >> 22n) % 2n);
      const s0 = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      const r0 = await s0.identify(em.token, GUILDS, { shard: [0, 2] });
      const s1 = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      const r1 = await s1.identify(em.token, GUILDS, { shard: [1, 2] });
      assert.deepEqual(r0.d.shard, [0, 2]);
      assert.deepEqual(r0.d.guilds.map((x: { id: string }) => x.id), guilds.filter((id) => shardOf(id) === 0));
      assert.deepEqual(r1.d.guilds.map((x: { id: string }) => x.id), guilds.filter((id) => shardOf(id) === 1));
      const bad = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      await bad.next((p) => p.op === 10);
      bad.send({ op: 2, d: { token: em.token, intents: GUILDS, properties: {}, shard: [2, 2] } });
      assert.equal((await bad.closed).code, 4010);
      s0.ws.terminate();
      s1.ws.terminate();
    } finally {
      await em.close();
    }
  });
});

describe('gateway raw dispatches (emulator-only)', () => {
  it('sends any t and d as given, unfiltered, with sequence numbers that RESUME replays', async () => {
    const em = await startEmulator();
    try {
      const guildId = em.createGuild({ name: 'Raw' }).id;
      const c = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
      // Only GUILDS: message events would normally be filtered out.
      const ready = await c.identify(em.token, GUILDS);
      const create = await c.dispatch('GUILD_CREATE');
      const odd: Array<[unknown, unknown]> = [
        ['GUILD_DELETE', null],
        ['CHANNEL_DELETE', 42],
        ['MESSAGE_CREATE', 'text'],
        ['GUILD_ROLE_CREATE', [1, 2]],
        ['THREAD_UPDATE', { id: 123, guild_id: '999', thread_metadata: { archived: 'yes' } }],
        ['NOT_AN_EVENT', { guild_id: guildId }],
      ];
      let expected = create.s as number;
      for (const [t, d] of odd) {
        expected += 1;
        assert.deepEqual(em.dispatchRaw(t, d), [expected]);
        const got = await c.next((p) => p.op === 0 && p.s === expected);
        assert.deepEqual({ t: got.t, d: got.d }, { t, d });
      }
      // `undefined` leaves d out; a null t goes out as null.
      em.dispatchRaw(null, undefined);
      const bare = await c.next((p) => p.op === 0 && p.s === expected + 1);
      assert.equal(bare.t, null);
      assert.equal('d' in bare, false);

      // Through the control API, and kept for replay while the session is away.
      em.dropConnections();
      await c.closed;
      const res = await fetch(`${em.controlUrl}/gateway/raw-dispatch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ event: 'GUILD_MEMBER_UPDATE', data: { guild_id: 7, roles: 'x' } }),
      });
      assert.equal(res.status, 201);
      assert.deepEqual(await res.json(), { sequences: [expected + 2] });
      const missing = await fetch(`${em.controlUrl}/gateway/raw-dispatch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(missing.status, 400);

      const r = new RawGatewayClient(`${ready.d.resume_gateway_url}?v=10&encoding=json`);
      await r.next((p) => p.op === 10);
      r.send({ op: 6, d: { token: em.token, session_id: ready.d.session_id, seq: expected + 1 } });
      const replayed = await r.dispatch('GUILD_MEMBER_UPDATE');
      assert.equal(replayed.s, expected + 2);
      assert.deepEqual(replayed.d, { guild_id: 7, roles: 'x' });
      const resumed = await r.dispatch('RESUMED');
      assert.equal(resumed.s, expected + 3);
      r.ws.terminate();
    } finally {
      await em.close();
    }
  });
});
