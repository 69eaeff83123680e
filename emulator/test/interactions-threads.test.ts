/** Interactions from inside threads: commands, components and channel options restricted to threads. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { type Channel, type Emulator, Intents, type Message, Permissions as P, startEmulator } from '../src/index.ts';
import { gatewayUrl, RawGatewayClient } from './helpers.ts';

const EVERYONE = P.VIEW_CHANNEL | P.SEND_MESSAGES | P.SEND_MESSAGES_IN_THREADS | P.READ_MESSAGE_HISTORY | P.USE_APPLICATION_COMMANDS | P.ATTACH_FILES | P.EMBED_LINKS;
const BOT = P.VIEW_CHANNEL | P.SEND_MESSAGES | P.SEND_MESSAGES_IN_THREADS | P.CREATE_PRIVATE_THREADS | P.CREATE_PUBLIC_THREADS | P.READ_MESSAGE_HISTORY;

const COMMANDS = [
  { name: 'ping', description: 'Ping' },
  { name: 'pick', description: 'Pick a thread', options: [{ type: 7, name: 'thread', description: 'A thread', required: true, channel_types: [10, 11, 12] }] },
  { name: 'where', description: 'Pick a text channel', options: [{ type: 7, name: 'channel', description: 'A channel', required: true, channel_types: [0] }] },
];

describe('interactions inside threads', () => {
  let em: Emulator;
  let rest: REST;
  let gw: RawGatewayClient;
  let guildId: string;
  let parentId: string;
  let privateThread: Channel;
  let publicThread: Channel;
  let ann: string;
  let bob: string;
  let mod: string;

  before(async () => {
    em = await startEmulator();
    rest = new REST({ api: em.apiUrl, version: '10', retries: 0 }).setToken(em.token);
    const g = em.createGuild({ everyonePermissions: EVERYONE, botPermissions: BOT });
    guildId = g.id;
    const modRole = em.createRole(guildId, { name: 'Mods' }).id;
    const user = (name: string, roles: string[] = []) => {
      const id = em.createUser({ username: name }).id;
      em.addMember(guildId, id, { roles });
      return id;
    };
    ann = user('ann');
    bob = user('bob');
    mod = user('mod', [modRole]);
    // Nobody may post in the parent itself, but everyone may post in its threads.
    parentId = em.createChannel(guildId, {
      name: 'tickets',
      permissionOverwrites: [{ id: guildId, type: 0, deny: P.SEND_MESSAGES }, { id: modRole, type: 0, allow: P.MANAGE_THREADS }],
    }).id;
    await rest.put(Routes.applicationGuildCommands(em.application.id, guildId), { body: COMMANDS });
    privateThread = (await rest.post(Routes.threads(parentId), { body: { name: 'ticket', type: 12 } })) as Channel;
    em.addThreadMember(privateThread.id, ann);
    publicThread = (await rest.post(Routes.threads(parentId), { body: { name: 'public', type: 11 } })) as Channel;
    gw = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await gw.identify(em.token, Intents.GUILDS | Intents.GUILD_MESSAGES);
  });
  after(async () => {
    gw.ws.terminate();
    assert.deepEqual(em.unknownRequests(), []);
    await em.close();
  });

  it('a slash command in a private thread: the channel is the thread, permissions are computed for the thread', async () => {
    const h = em.runSlashCommand({ guildId, channelId: privateThread.id, userId: ann, command: 'ping' });
    const event = await gw.next((p) => p.t === 'INTERACTION_CREATE' && p.d.id === h.id);
    const d = event.d;
    assert.equal(d.channel_id, privateThread.id);
    assert.equal(d.channel.id, privateThread.id);
    assert.equal(d.channel.type, 12);
    assert.equal(d.channel.parent_id, parentId);
    assert.equal(d.channel.guild_id, guildId);
    assert.deepEqual(
      { archived: d.channel.thread_metadata.archived, locked: d.channel.thread_metadata.locked, auto: d.channel.thread_metadata.auto_archive_duration },
      { archived: false, locked: false, auto: 4320 },
    );
    const annPerms = em.channelPermissions(privateThread.id, ann);
    assert.equal(d.member.permissions, annPerms.toString());
    assert.equal(d.channel.permissions, annPerms.toString());
    assert.equal(d.app_permissions, em.channelPermissions(privateThread.id, em.botUser.id).toString());
    assert.equal(d.channel.app_permissions, d.app_permissions);
    // SEND_MESSAGES_IN_THREADS, not the parent's SEND_MESSAGES, keeps the sending extras in a thread.
    const member = BigInt(d.member.permissions);
    assert.equal(member & P.SEND_MESSAGES_IN_THREADS, P.SEND_MESSAGES_IN_THREADS);
    assert.equal(member & P.ATTACH_FILES, P.ATTACH_FILES);
    assert.equal(em.channelPermissions(parentId, ann) & P.ATTACH_FILES, 0n, 'in the parent, without Send Messages, Attach Files does not count');

    await rest.post(Routes.interactionCallback(h.id, h.token), { body: { type: 4, data: { content: 'pong in the thread' } } });
    const reply = await h.waitForOriginal();
    assert.equal(reply.channel_id, privateThread.id);
    assert.ok(em.messages(privateThread.id).some((m) => m.id === reply.id));
  });

  it('only people who can see the thread use it: members and Manage Threads holders, not others', () => {
    assert.throws(() => em.runSlashCommand({ guildId, channelId: privateThread.id, userId: bob, command: 'ping' }), /cannot see/);
    const h = em.runSlashCommand({ guildId, channelId: privateThread.id, userId: mod, command: 'ping' });
    assert.equal(BigInt(h.payload.member.permissions) & P.MANAGE_THREADS, P.MANAGE_THREADS);
    const pub = em.runSlashCommand({ guildId, channelId: publicThread.id, userId: bob, command: 'ping' });
    assert.equal(pub.payload.channel.type, 11);
    assert.equal(pub.payload.channel.parent_id, parentId);
  });

  it('runs no command in an archived thread, but its buttons still work', async () => {
    const t = (await rest.post(Routes.threads(parentId), { body: { name: 'to archive', type: 11 } })) as Channel;
    const panel = (await rest.post(Routes.channelMessages(t.id), {
      body: { content: 'panel', components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'close', label: 'Close' }] }] },
    })) as Message;
    await rest.patch(Routes.channel(t.id), { body: { archived: true } });
    assert.throws(() => em.runSlashCommand({ guildId, channelId: t.id, userId: ann, command: 'ping' }), /archived/);
    const click = em.clickButton({ messageId: panel.id, userId: ann, customId: 'close' });
    assert.equal(click.payload.channel_id, t.id);
    assert.equal(click.payload.channel.thread_metadata.archived, true);
  });

  it('buttons and selects on messages inside a thread: the user must see the thread', async () => {
    const panel = (await rest.post(Routes.channelMessages(privateThread.id), {
      body: {
        content: 'ticket card',
        components: [
          { type: 1, components: [{ type: 2, style: 4, custom_id: 'ticket-close', label: 'Close' }] },
          { type: 1, components: [{ type: 3, custom_id: 'topic', options: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] }] },
        ],
      },
    })) as Message;
    const click = em.clickButton({ messageId: panel.id, userId: ann, customId: 'ticket-close' });
    assert.equal(click.payload.channel_id, privateThread.id);
    assert.equal(click.payload.message.channel_id, privateThread.id);
    assert.equal(click.payload.channel.thread_metadata.archived, false);
    assert.equal(click.payload.member.permissions, em.channelPermissions(privateThread.id, ann).toString());
    assert.throws(() => em.clickButton({ messageId: panel.id, userId: bob, customId: 'ticket-close' }), /cannot see/);
    const pick = em.selectMenu({ messageId: panel.id, userId: mod, customId: 'topic', values: ['b'] });
    assert.deepEqual(pick.payload.data.values, ['b']);
    assert.equal(pick.payload.channel_id, privateThread.id);
  });

  it('a channel option limited to threads takes threads the user can see and resolves them with thread_metadata and parent_id', () => {
    const h = em.runSlashCommand({ guildId, channelId: parentId, userId: ann, command: 'pick', options: { thread: privateThread.id } });
    assert.deepEqual(h.payload.data.options, [{ name: 'thread', type: 7, value: privateThread.id }]);
    const r = h.payload.data.resolved.channels[privateThread.id];
    assert.equal(r.type, 12);
    assert.equal(r.parent_id, parentId);
    assert.equal(r.thread_metadata.archived, false);
    assert.equal(r.permissions, em.channelPermissions(privateThread.id, ann).toString());
    assert.equal(r.app_permissions, em.channelPermissions(privateThread.id, em.botUser.id).toString());
    const documented = new Set(['id', 'name', 'type', 'permissions', 'app_permissions', 'last_message_id', 'last_pin_timestamp', 'nsfw', 'parent_id', 'guild_id', 'flags', 'rate_limit_per_user', 'topic', 'position', 'thread_metadata']);
    assert.deepEqual(Object.keys(r).filter((k) => !documented.has(k)), [], 'only the documented partial channel fields');

    assert.throws(() => em.runSlashCommand({ guildId, channelId: parentId, userId: ann, command: 'pick', options: { thread: parentId } }), /type 0 is not allowed/);
    assert.throws(() => em.runSlashCommand({ guildId, channelId: parentId, userId: bob, command: 'pick', options: { thread: privateThread.id } }), /cannot see/);
    assert.throws(() => em.runSlashCommand({ guildId, channelId: parentId, userId: ann, command: 'where', options: { channel: publicThread.id } }), /type 11 is not allowed/);
    // From inside a thread, a text channel option resolves without thread_metadata.
    const w = em.runSlashCommand({ guildId, channelId: publicThread.id, userId: ann, command: 'where', options: { channel: parentId } });
    assert.equal(w.payload.data.resolved.channels[parentId].thread_metadata, undefined);
    assert.equal(typeof w.payload.data.resolved.channels[parentId].app_permissions, 'string');
  });
});
