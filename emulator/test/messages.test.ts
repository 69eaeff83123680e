/** Create Message, Get Channel, and the permission checks on those routes. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { type Emulator, Intents, type Message, Permissions as P, startEmulator } from '../src/index.ts';
import { gatewayUrl, RawGatewayClient } from './helpers.ts';

function apiError(status: number, code: number) {
  return (err: unknown) => err instanceof DiscordAPIError && err.status === status && err.code === code;
}

describe('create message', () => {
  let em: Emulator;
  let rest: REST;
  let guildId: string;
  let channelId: string;
  let member: { id: string };
  let gw: RawGatewayClient;

  before(async () => {
    em = await startEmulator();
    rest = new REST({ api: em.apiUrl, version: '10' }).setToken(em.token);
    const g = em.createGuild({ name: 'Messages', defaultChannel: true });
    guildId = g.id;
    channelId = g.system_channel_id as string;
    member = em.createUser({ username: 'erin' });
    em.addMember(guildId, member.id);
    gw = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await gw.identify(em.token, Intents.GUILDS | Intents.GUILD_MESSAGES);
  });
  after(async () => {
    gw.ws.terminate();
    await em.close();
  });

  it('creates a message, returns it and dispatches MESSAGE_CREATE', async () => {
    const msg = (await rest.post(Routes.channelMessages(channelId), { body: { content: 'Hello', nonce: 'abc' } })) as Message;
    assert.equal(msg.content, 'Hello');
    assert.equal(msg.channel_id, channelId);
    assert.equal(msg.author.id, em.botUser.id);
    assert.equal(msg.type, 0);
    assert.equal(msg.nonce, 'abc');
    assert.deepEqual(msg.mentions, []);
    const event = await gw.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === msg.id);
    assert.equal(event.d.guild_id, guildId);
    assert.equal(event.d.content, 'Hello', 'the bot always sees its own content');
    assert.ok(Array.isArray(event.d.member.roles));
    assert.equal(em.getChannel(channelId)?.last_message_id, msg.id);
  });

  it('rejects empty and oversized messages', async () => {
    await assert.rejects(rest.post(Routes.channelMessages(channelId), { body: {} }), apiError(400, 50006));
    await assert.rejects(rest.post(Routes.channelMessages(channelId), { body: { content: '' } }), apiError(400, 50006));
    try {
      await rest.post(Routes.channelMessages(channelId), { body: { content: 'x'.repeat(2001) } });
      assert.fail('expected 50035');
    } catch (err) {
      assert.ok(err instanceof DiscordAPIError && err.code === 50035);
      const errors = (err.rawError as unknown as { errors: { content: { _errors: Array<{ code: string }> } } }).errors;
      assert.equal(errors.content._errors[0]?.code, 'BASE_TYPE_MAX_LENGTH');
    }
    await assert.rejects(rest.post(Routes.channelMessages(channelId), { body: { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) } }), apiError(400, 50035));
    // An embed alone is enough content.
    const msg = (await rest.post(Routes.channelMessages(channelId), { body: { embeds: [{ title: 'Only an embed', fields: [{ name: 'a', value: 'b' }] }] } })) as Message;
    assert.equal((msg.embeds[0] as { type: string }).type, 'rich');
  });

  it('answers 10003 for an unknown channel and 50008 for a category', async () => {
    await assert.rejects(rest.post(Routes.channelMessages('1234567890123456789'), { body: { content: 'x' } }), apiError(404, 10003));
    const category = em.createChannel(guildId, { type: 4, name: 'cat' });
    await assert.rejects(rest.post(Routes.channelMessages(category.id), { body: { content: 'x' } }), apiError(400, 50008));
  });

  it('computes permissions from @everyone, roles, and overwrites in Discord order', async () => {
    const ch = em.createChannel(guildId, { name: 'locked' });
    // @everyone may not send here: 50013.
    em.setOverwrite(ch.id, { id: guildId, type: 0, deny: P.SEND_MESSAGES });
    await assert.rejects(rest.post(Routes.channelMessages(ch.id), { body: { content: 'x' } }), apiError(403, 50013));
    // A role overwrite allowing it wins over the @everyone deny.
    const role = em.createRole(guildId, { name: 'Bots' });
    em.updateMember(guildId, em.botUser.id, { roles: [role.id] });
    em.setOverwrite(ch.id, { id: role.id, type: 0, allow: P.SEND_MESSAGES });
    await rest.post(Routes.channelMessages(ch.id), { body: { content: 'allowed by role' } });
    // A member overwrite denying it wins over the role allow.
    em.setOverwrite(ch.id, { id: em.botUser.id, type: 1, deny: P.SEND_MESSAGES });
    await assert.rejects(rest.post(Routes.channelMessages(ch.id), { body: { content: 'x' } }), apiError(403, 50013));
    // Without VIEW_CHANNEL the channel is "Missing Access", for GET as well.
    em.setOverwrite(ch.id, { id: em.botUser.id, type: 1, deny: P.VIEW_CHANNEL });
    await assert.rejects(rest.post(Routes.channelMessages(ch.id), { body: { content: 'x' } }), apiError(403, 50001));
    await assert.rejects(rest.get(Routes.channel(ch.id)), apiError(403, 50001));
    // ADMINISTRATOR on a role bypasses every overwrite.
    em.updateRole(guildId, role.id, { permissions: P.ADMINISTRATOR });
    await rest.post(Routes.channelMessages(ch.id), { body: { content: 'admin' } });
    em.updateRole(guildId, role.id, { permissions: 0n });
    em.deleteOverwrite(ch.id, em.botUser.id);
  });

  it('needs SEND_MESSAGES_IN_THREADS in threads, inherited from the parent', async () => {
    const parent = em.createChannel(guildId, { name: 'parent' });
    const thread = em.createChannel(guildId, { type: 12, parentId: parent.id, name: 'ticket-1' });
    await rest.post(Routes.channelMessages(thread.id), { body: { content: 'in thread' } });
    em.setOverwrite(parent.id, { id: guildId, type: 0, deny: P.SEND_MESSAGES_IN_THREADS });
    await assert.rejects(rest.post(Routes.channelMessages(thread.id), { body: { content: 'x' } }), apiError(403, 50013));
    const fetched = (await rest.get(Routes.channel(thread.id))) as { id: string; member?: { user_id: string }; thread_metadata: { archived: boolean } };
    assert.equal(fetched.member?.user_id, em.botUser.id);
    assert.equal(fetched.thread_metadata.archived, false);
  });

  it('creates replies with referenced_message, and respects allowed_mentions', async () => {
    const original = em.createMessage(channelId, member.id, { content: 'question?' });
    const reply = (await rest.post(Routes.channelMessages(channelId), {
      body: { content: `<@${member.id}> answer`, message_reference: { message_id: original.id }, allowed_mentions: { parse: [] } },
    })) as Message;
    assert.equal(reply.type, 19);
    assert.equal(reply.message_reference?.message_id, original.id);
    assert.equal(reply.referenced_message?.id, original.id);
    assert.deepEqual(reply.mentions, [], 'parse: [] suppresses the user mention');

    const pinged = (await rest.post(Routes.channelMessages(channelId), { body: { content: `hi <@${member.id}>` } })) as Message;
    assert.deepEqual(pinged.mentions.map((u) => u.id), [member.id]);

    await assert.rejects(
      rest.post(Routes.channelMessages(channelId), { body: { content: 'x', message_reference: { message_id: '1234567890123456789' } } }),
      apiError(400, 50035),
    );
    const loose = (await rest.post(Routes.channelMessages(channelId), {
      body: { content: 'x', message_reference: { message_id: '1234567890123456789', fail_if_not_exists: false } },
    })) as Message;
    assert.equal(loose.type, 0);
    await assert.rejects(
      rest.post(Routes.channelMessages(channelId), { body: { content: 'x', allowed_mentions: { parse: ['users'], users: [member.id] } } }),
      apiError(400, 50035),
    );
  });

  it('accepts multipart uploads and serves the attachment', async () => {
    const msg = (await rest.post(Routes.channelMessages(channelId), {
      body: { content: 'with file', attachments: [{ id: 0, description: 'a transcript' }] },
      files: [{ name: 'transcript.txt', data: Buffer.from('hello transcript'), contentType: 'text/plain' }],
    })) as Message;
    assert.equal(msg.attachments.length, 1);
    const att = msg.attachments[0]!;
    assert.equal(att.filename, 'transcript.txt');
    assert.equal(att.size, 16);
    assert.equal(att.description, 'a transcript');
    const res = await fetch(att.url);
    assert.equal(await res.text(), 'hello transcript');
    const recorded = em.requests.at(-1)?.body as { files: Array<{ filename: string; size: number }> };
    assert.deepEqual(recorded.files.map((f) => [f.filename, f.size]), [['transcript.txt', 16]]);
  });

  it('GET /channels/:id returns the channel; unknown ids are 10003', async () => {
    const ch = (await rest.get(Routes.channel(channelId))) as { id: string; guild_id: string; type: number; permission_overwrites: unknown[] };
    assert.equal(ch.id, channelId);
    assert.equal(ch.guild_id, guildId);
    assert.equal(ch.type, 0);
    assert.ok(Array.isArray(ch.permission_overwrites));
    await assert.rejects(rest.get(Routes.channel('1234567890123456789')), apiError(404, 10003));
  });
});

describe('threads and messages', () => {
  it('unarchives a thread on a new message and refuses locked threads without MANAGE_THREADS', async () => {
    const em = await startEmulator();
    try {
      const rest = new REST({ api: em.apiUrl, version: '10' }).setToken(em.token);
      const g = em.createGuild({ defaultChannel: true });
      const thread = em.createChannel(g.id, { type: 11, parentId: g.system_channel_id as string, name: 'archived' });
      em.updateChannel(thread.id, { archived: true });
      await rest.post(Routes.channelMessages(thread.id), { body: { content: 'wake up' } });
      assert.equal(em.getChannel(thread.id)?.thread_metadata?.archived, false);
      em.updateChannel(thread.id, { locked: true });
      await assert.rejects(rest.post(Routes.channelMessages(thread.id), { body: { content: 'x' } }), apiError(403, 160005));
      const mod = em.createRole(g.id, { permissions: P.MANAGE_THREADS });
      em.updateMember(g.id, em.botUser.id, { roles: [mod.id] });
      await rest.post(Routes.channelMessages(thread.id), { body: { content: 'moderator may post' } });
    } finally {
      await em.close();
    }
  });
});
