/** Edit, get and delete messages; bulk delete; files from people and webhooks; ATTACH_FILES. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API } from '@discordjs/core/http-only';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { type Emulator, Intents, type Message, Permissions as P, startEmulator } from '../src/index.ts';
import { gatewayUrl, RawGatewayClient } from './helpers.ts';

function apiError(status: number, code: number) {
  return (err: unknown) => err instanceof DiscordAPIError && err.status === status && err.code === code;
}

describe('editing and deleting messages', () => {
  let em: Emulator;
  let rest: REST;
  let api: API;
  let gw: RawGatewayClient;
  let guildId: string;
  let channelId: string;
  let userId: string;

  before(async () => {
    em = await startEmulator();
    rest = new REST({ api: em.apiUrl, version: '10' }).setToken(em.token);
    api = new API(rest);
    const g = em.createGuild({ defaultChannel: true, botPermissions: P.VIEW_CHANNEL | P.SEND_MESSAGES | P.ATTACH_FILES | P.READ_MESSAGE_HISTORY });
    guildId = g.id;
    channelId = g.system_channel_id!;
    userId = em.createUser({ username: 'una' }).id;
    em.addMember(guildId, userId);
    gw = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await gw.identify(em.token, Intents.GUILDS | Intents.GUILD_MESSAGES | Intents.MESSAGE_CONTENT);
  });
  after(async () => {
    gw.ws.terminate();
    assert.deepEqual(em.unknownRequests(), []);
    await em.close();
  });

  it('edits the bot\'s own message: content, mentions rebuilt, MESSAGE_UPDATE', async () => {
    const msg = (await api.channels.createMessage(channelId, { content: 'first' })) as unknown as Message;
    const edited = (await api.channels.editMessage(channelId, msg.id, { content: `hello <@${userId}>` })) as unknown as Message;
    assert.equal(edited.content, `hello <@${userId}>`);
    assert.deepEqual(edited.mentions.map((u) => u.id), [userId]);
    assert.ok(edited.edited_timestamp);
    const update = await gw.next((p) => p.t === 'MESSAGE_UPDATE' && p.d.id === msg.id);
    assert.equal(update.d.content, `hello <@${userId}>`);
    assert.equal(update.d.guild_id, guildId);
    const fetched = (await api.channels.getMessage(channelId, msg.id)) as unknown as Message;
    assert.equal(fetched.content, `hello <@${userId}>`);
    await assert.rejects(api.channels.editMessage(channelId, msg.id, { content: 'x'.repeat(2001) }), apiError(400, 50035));
    await assert.rejects(api.channels.editMessage(channelId, '1234567890123456789', { content: 'x' }), apiError(404, 10008));
  });

  it('attachments on edit: the listed ones stay, new files are appended', async () => {
    const msg = (await api.channels.createMessage(channelId, {
      content: 'files',
      files: [{ name: 'a.txt', data: Buffer.from('A') }, { name: 'b.txt', data: Buffer.from('B') }],
    })) as unknown as Message;
    assert.deepEqual(msg.attachments.map((a) => a.filename), ['a.txt', 'b.txt']);
    const keepB = (await api.channels.editMessage(channelId, msg.id, { attachments: [{ id: msg.attachments[1]!.id }] } as never)) as unknown as Message;
    assert.deepEqual(keepB.attachments.map((a) => a.filename), ['b.txt']);
    const appended = (await api.channels.editMessage(channelId, msg.id, { files: [{ name: 'c.txt', data: Buffer.from('C') }] })) as unknown as Message;
    assert.deepEqual(appended.attachments.map((a) => a.filename), ['b.txt', 'c.txt']);
    assert.equal(await (await fetch(appended.attachments[1]!.url)).text(), 'C');
  });

  it('resolves attachment:// in embeds to the uploaded file', async () => {
    const msg = (await api.channels.createMessage(channelId, {
      embeds: [{ image: { url: 'attachment://pic.png' } }],
      files: [{ name: 'pic.png', data: Buffer.from('png'), contentType: 'image/png' }],
    })) as unknown as Message;
    const embed = msg.embeds[0] as { image: { url: string; proxy_url: string } };
    assert.equal(embed.image.url, msg.attachments[0]!.url);
    // The request log keeps what the client sent, not the resolved body.
    const recorded = em.requests.at(-1)!.body as { payload_json: { embeds: Array<{ image: Record<string, string> }> } };
    assert.deepEqual(recorded.payload_json.embeds, [{ image: { url: 'attachment://pic.png' } }]);

    // Edits, JSON bodies and interaction responses too.
    await api.channels.editMessage(channelId, msg.id, { embeds: [{ thumbnail: { url: 'attachment://pic.png' } }], attachments: [{ id: msg.attachments[0]!.id }] });
    assert.deepEqual((em.requests.at(-1)!.body as { embeds: unknown[] }).embeds, [{ thumbnail: { url: 'attachment://pic.png' } }]);
    assert.equal((em.message(msg.id)!.embeds[0] as { thumbnail: { url: string } }).thumbnail.url, msg.attachments[0]!.url);
  });

  it('keeps interaction responses as the bot sent them when attachment:// is resolved', async () => {
    await api.applicationCommands.bulkOverwriteGuildCommands(em.application.id, guildId, [{ name: 'pic', description: 'Picture' }]);
    const handle = em.runSlashCommand({ guildId, channelId, userId, command: 'pic' });
    await api.interactions.reply(handle.id, handle.token, {
      embeds: [{ image: { url: 'attachment://r.png' } }],
      files: [{ name: 'r.png', data: Buffer.from('png'), contentType: 'image/png' }],
    });
    const sent = { embeds: [{ image: { url: 'attachment://r.png' } }] };
    assert.deepEqual(((await handle.response).data as { embeds: unknown[] }).embeds, sent.embeds);
    assert.deepEqual((em.requests.at(-1)!.body as { payload_json: { data: { embeds: unknown[] } } }).payload_json.data.embeds, sent.embeds);
    const original = handle.original()!;
    assert.equal((original.embeds[0] as { image: { url: string } }).image.url, original.attachments[0]!.url);
  });

  it("refuses edits of others' messages (50005) but lets MANAGE_MESSAGES suppress their embeds", async () => {
    const theirs = em.createMessage(channelId, userId, { content: 'mine' });
    await assert.rejects(api.channels.editMessage(channelId, theirs.id, { content: 'hacked' }), apiError(403, 50005));
    await assert.rejects(api.channels.editMessage(channelId, theirs.id, { flags: 4 }), apiError(403, 50013));
    const mod = em.createRole(guildId, { permissions: P.MANAGE_MESSAGES });
    em.updateMember(guildId, em.botUser.id, { roles: [...em.getMember(guildId, em.botUser.id)!.roles, mod.id] });
    const suppressed = (await api.channels.editMessage(channelId, theirs.id, { flags: 4 })) as unknown as Message;
    assert.equal(suppressed.flags & 4, 4);
    assert.equal(suppressed.content, 'mine');
    em.deleteRole(guildId, mod.id);
  });

  it("deletes: own messages freely, others' with MANAGE_MESSAGES; MESSAGE_DELETE", async () => {
    const own = (await api.channels.createMessage(channelId, { content: 'bye' })) as unknown as Message;
    await api.channels.deleteMessage(channelId, own.id);
    const del = await gw.next((p) => p.t === 'MESSAGE_DELETE' && p.d.id === own.id);
    assert.deepEqual(del.d, { id: own.id, channel_id: channelId, guild_id: guildId });
    await assert.rejects(api.channels.getMessage(channelId, own.id), apiError(404, 10008));

    const theirs = em.createMessage(channelId, userId, { content: 'keep me' });
    await assert.rejects(api.channels.deleteMessage(channelId, theirs.id), apiError(403, 50013));
    const mod = em.createRole(guildId, { permissions: P.MANAGE_MESSAGES });
    em.updateMember(guildId, em.botUser.id, { roles: [...em.getMember(guildId, em.botUser.id)!.roles, mod.id] });
    await api.channels.deleteMessage(channelId, theirs.id, { reason: 'spam' });
    assert.equal(em.message(theirs.id), undefined);
    assert.equal(em.requests.at(-1)!.auditLogReason, 'spam');
    em.deleteRole(guildId, mod.id);
  });

  it('bulk delete: MANAGE_MESSAGES, 2 to 100 ids, none older than two weeks; one MESSAGE_DELETE_BULK', async () => {
    const a = (await api.channels.createMessage(channelId, { content: 'a' })) as unknown as Message;
    const b = (await api.channels.createMessage(channelId, { content: 'b' })) as unknown as Message;
    await assert.rejects(api.channels.bulkDeleteMessages(channelId, [a.id, b.id]), apiError(403, 50013));
    const mod = em.createRole(guildId, { permissions: P.MANAGE_MESSAGES });
    em.updateMember(guildId, em.botUser.id, { roles: [...em.getMember(guildId, em.botUser.id)!.roles, mod.id] });
    await assert.rejects(rest.post(Routes.channelBulkDelete(channelId), { body: { messages: [a.id] } }), apiError(400, 50016));
    const old = ((BigInt(Date.now() - 15 * 24 * 3600_000) - 1420070400000n) << 22n).toString();
    await assert.rejects(rest.post(Routes.channelBulkDelete(channelId), { body: { messages: [a.id, old] } }), apiError(400, 50034));
    await api.channels.bulkDeleteMessages(channelId, [a.id, b.id]);
    const bulk = await gw.next((p) => p.t === 'MESSAGE_DELETE_BULK');
    assert.deepEqual(bulk.d.ids.sort(), [a.id, b.id].sort());
    assert.equal(bulk.d.channel_id, channelId);
    em.deleteRole(guildId, mod.id);
  });

  it('people post files (ATTACH_FILES needed) and webhooks post embeds; moderators delete', async () => {
    const withFile = em.createMessage(channelId, userId, { content: 'see attached' }, [{ name: 'shot.png', contentType: 'image/png', data: Buffer.from('PNG'), description: 'a screenshot' }]);
    assert.equal(withFile.attachments[0]!.description, 'a screenshot');
    assert.equal(await (await fetch(withFile.attachments[0]!.url)).text(), 'PNG');
    const created = await gw.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === withFile.id);
    assert.equal(created.d.attachments[0].filename, 'shot.png');

    const noFiles = em.createChannel(guildId, { name: 'no-files', permissionOverwrites: [{ id: guildId, type: 0, deny: P.ATTACH_FILES }] });
    assert.throws(() => em.createMessage(noFiles.id, userId, { content: 'x' }, [{ name: 'a.txt', data: 'A' }]), (e: any) => e.status === 403 && e.body.code === 50013);
    em.createMessage(noFiles.id, userId, { content: 'text is fine' });

    const hook = em.createWebhookMessage(channelId, { embeds: [{ title: 'Status', description: 'All good' }] });
    assert.ok(hook.webhook_id);
    assert.equal(hook.author.id, hook.webhook_id);
    assert.equal(hook.author.bot, true);
    const hookEvent = await gw.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === hook.id);
    assert.equal(hookEvent.d.member, undefined, 'webhook messages have no member');
    assert.equal(hookEvent.d.embeds[0].title, 'Status');

    em.deleteMessage(channelId, withFile.id);
    assert.equal((await gw.next((p) => p.t === 'MESSAGE_DELETE' && p.d.id === withFile.id)).d.channel_id, channelId);
    const x = em.createMessage(channelId, userId, { content: 'x' });
    const y = em.createMessage(channelId, userId, { content: 'y' });
    em.bulkDeleteMessages(channelId, [x.id, y.id]);
    assert.deepEqual((await gw.next((p) => p.t === 'MESSAGE_DELETE_BULK' && p.d.ids.includes(x.id))).d.ids, [x.id, y.id]);
    assert.equal(em.message(x.id), undefined);
  });
});
