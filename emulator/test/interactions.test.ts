/** Interactions: payloads, the callback and interaction-webhook endpoints, driven as a bot would with @discordjs/rest and @discordjs/core. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API } from '@discordjs/core/http-only';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { type Emulator, Intents, type Message, Permissions as P, startEmulator } from '../src/index.ts';
import { gatewayUrl, RawGatewayClient } from './helpers.ts';

function apiError(status: number, code: number) {
  return (err: unknown) => {
    if (!(err instanceof DiscordAPIError)) return false;
    return err.status === status && err.code === code;
  };
}

/** The `_errors` codes at a path of a 50035 answer. */
async function formErrorCodes(p: Promise<unknown>, path: Array<string | number>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof DiscordAPIError, String(err));
    assert.equal(err.status, 400);
    assert.equal(err.code, 50035);
    let node = (err.rawError as { errors: any }).errors;
    for (const k of path) node = node?.[String(k)];
    return ((node?._errors ?? []) as Array<{ code: string }>).map((e) => e.code);
  }
  assert.fail('expected a 400 Invalid Form Body');
}

function manualClock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

const COMMANDS = [
  {
    name: 'inbox',
    description: 'Inboxes',
    default_member_permissions: String(P.MANAGE_GUILD),
    contexts: [0],
    options: [
      {
        type: 1,
        name: 'create',
        description: 'Create an inbox',
        options: [
          { type: 7, name: 'channel', description: 'Where', required: true, channel_types: [0] },
          { type: 3, name: 'title', description: 'Title' },
          { type: 4, name: 'limit', description: 'Limit', min_value: 0, max_value: 10 },
        ],
      },
      {
        type: 2,
        name: 'new-tickets',
        description: 'New tickets',
        options: [{ type: 1, name: 'starter', description: 'Starter message' }],
      },
    ],
  },
  { type: 3, name: 'Select this message', contexts: [0] },
  { name: 'ping', description: 'Ping' },
];

describe('interactions', () => {
  let em: Emulator;
  let rest: REST;
  let api: API;
  let gw: RawGatewayClient;
  let guildId: string;
  let channelId: string;
  let otherChannelId: string;
  let admin: string;
  let member: string;
  let staffRoleId: string;

  before(async () => {
    em = await startEmulator();
    rest = new REST({ api: em.apiUrl, version: '10' }).setToken(em.token);
    api = new API(rest);
    const g = em.createGuild({ name: 'Interactions', preferredLocale: 'de', botPermissions: P.VIEW_CHANNEL | P.SEND_MESSAGES | P.MANAGE_THREADS });
    guildId = g.id;
    channelId = em.createChannel(guildId, { name: 'drafts' }).id;
    otherChannelId = em.createChannel(guildId, { name: 'support' }).id;
    admin = em.application.ownerId;
    member = em.createUser({ username: 'mia' }).id;
    em.addMember(guildId, member);
    staffRoleId = em.createRole(guildId, { name: 'Staff', mentionable: true }).id;
    await api.applicationCommands.bulkOverwriteGuildCommands(em.application.id, guildId, COMMANDS as never);
    gw = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await gw.identify(em.token, Intents.GUILDS);
  });
  after(async () => {
    gw.ws.terminate();
    assert.deepEqual(em.unknownRequests(), []);
    await em.close();
  });

  it('builds a slash command payload as Discord sends it and dispatches INTERACTION_CREATE', async () => {
    const handle = em.runSlashCommand({ guildId, channelId, userId: admin, command: 'inbox', subcommand: 'create', options: { channel: otherChannelId, limit: 3 }, locale: 'fr' });
    const event = await gw.next((p) => p.t === 'INTERACTION_CREATE' && p.d.id === handle.id);
    const d = event.d;
    assert.equal(d.type, 2);
    assert.equal(d.version, 1);
    assert.equal(d.token, handle.token);
    assert.equal(d.application_id, em.application.id);
    assert.equal(d.guild_id, guildId);
    assert.equal(d.channel_id, channelId);
    assert.equal(d.channel.id, channelId);
    assert.equal(d.locale, 'fr');
    assert.equal(d.guild_locale, 'de');
    assert.equal(d.context, 0);
    assert.deepEqual(d.entitlements, []);
    assert.deepEqual(d.authorizing_integration_owners, { '0': guildId });
    assert.equal(d.app_permissions, em.channelPermissions(channelId, em.botUser.id).toString());
    assert.equal(typeof d.app_permissions, 'string');
    assert.equal(d.member.user.id, admin);
    assert.equal(d.member.permissions, em.channelPermissions(channelId, admin).toString());
    assert.equal(d.data.name, 'inbox');
    assert.equal(d.data.type, 1);
    assert.equal(d.data.guild_id, guildId);
    assert.deepEqual(d.data.options, [
      { name: 'create', type: 1, options: [{ name: 'channel', type: 7, value: otherChannelId }, { name: 'limit', type: 4, value: 3 }] },
    ]);
    assert.equal(d.data.resolved.channels[otherChannelId].name, 'support');
    assert.equal(typeof d.data.resolved.channels[otherChannelId].permissions, 'string');
    assert.deepEqual(handle.payload, d);
    await api.interactions.reply(handle.id, handle.token, { content: 'ok' });
  });

  it('nests subcommand groups and refuses what the Discord client would not send', () => {
    const handle = em.runSlashCommand({ guildId, channelId, userId: admin, command: 'inbox', subcommandGroup: 'new-tickets', subcommand: 'starter' });
    assert.deepEqual(handle.payload.data.options, [{ name: 'new-tickets', type: 2, options: [{ name: 'starter', type: 1, options: [] }] }]);
    assert.throws(() => em.runSlashCommand({ guildId, channelId, userId: admin, command: 'inbox', subcommand: 'create', options: {} }), /required/);
    assert.throws(() => em.runSlashCommand({ guildId, channelId, userId: admin, command: 'inbox', subcommand: 'create', options: { channel: otherChannelId, limit: 11 } }), /max_value/);
    assert.throws(() => em.runSlashCommand({ guildId, channelId, userId: admin, command: 'nope' }), /no registered/);
    // default_member_permissions: MANAGE_GUILD, which an ordinary member lacks.
    assert.throws(() => em.runSlashCommand({ guildId, channelId, userId: member, command: 'inbox', subcommand: 'create', options: { channel: otherChannelId } }), /default_member_permissions/);
  });

  it('replies ephemerally, edits, fetches and deletes @original, sends and edits followups; a second reply is 40060', async () => {
    const handle = em.runSlashCommand({ guildId, channelId, userId: member, command: 'ping' });
    const before = em.messages(channelId).length;
    await api.interactions.reply(handle.id, handle.token, { content: 'pong', flags: 64 });
    assert.deepEqual(await handle.response, { type: 4, data: { content: 'pong', flags: 64 } });
    const original = handle.original();
    assert.ok(original);
    assert.equal(original.content, 'pong');
    assert.equal(original.flags & 64, 64);
    assert.equal(original.type, 20);
    assert.equal(original.webhook_id, em.application.id);
    assert.equal((original.interaction_metadata as { user: { id: string } }).user.id, member);
    assert.equal(em.messages(channelId).length, before, 'ephemeral messages are not channel history');
    assert.equal(em.message(original.id)?.content, 'pong');

    await assert.rejects(api.interactions.reply(handle.id, handle.token, { content: 'again' }), apiError(400, 40060));

    const edited = (await api.interactions.editReply(em.application.id, handle.token, { content: 'pong!' })) as unknown as Message;
    assert.equal(edited.content, 'pong!');
    assert.ok(edited.edited_timestamp);
    assert.equal(((await api.interactions.getOriginalReply(em.application.id, handle.token)) as unknown as Message).content, 'pong!');

    const follow = (await api.interactions.followUp(em.application.id, handle.token, { content: 'more', flags: 64 })) as unknown as Message;
    assert.equal(follow.flags & 64, 64);
    await api.interactions.editReply(em.application.id, handle.token, { content: 'more!' }, follow.id);
    assert.deepEqual(handle.followups().map((m) => m.content), ['more!']);

    // @original percent-encoded, as some clients send it.
    const res = await fetch(`${em.apiUrl}/v10/webhooks/${em.application.id}/${handle.token}/messages/%40original`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as Message).id, original.id);

    await api.interactions.deleteReply(em.application.id, handle.token);
    assert.equal(handle.original(), null);
    await assert.rejects(api.interactions.getOriginalReply(em.application.id, handle.token), apiError(404, 10008));
    await assert.rejects(api.interactions.editReply(em.application.id, handle.token, { content: 'x' }, '1234567890123456789'), apiError(404, 10008));
  });

  it('a public reply is channel history with MESSAGE_CREATE; defer then followup edits the loading message', async () => {
    const gw2 = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await gw2.identify(em.token, Intents.GUILDS | Intents.GUILD_MESSAGES);
    try {
      const a = em.runSlashCommand({ guildId, channelId, userId: member, command: 'ping' });
      await api.interactions.reply(a.id, a.token, { content: 'for everyone' });
      const created = await gw2.next((p) => p.t === 'MESSAGE_CREATE' && p.d.content === 'for everyone');
      assert.equal(created.d.interaction_metadata.id, a.id);
      assert.ok(em.messages(channelId).some((m) => m.id === a.original()?.id));

      const b = em.runSlashCommand({ guildId, channelId, userId: member, command: 'ping' });
      const waiting = b.waitForOriginal((m) => m.content !== '');
      await api.interactions.defer(b.id, b.token, { flags: 64 });
      assert.equal((await b.response).type, 5);
      assert.equal((b.original()!.flags & 128), 128, 'the deferred message is loading');
      const followed = (await api.interactions.followUp(em.application.id, b.token, { content: 'done' })) as unknown as Message;
      assert.equal(followed.id, b.original()!.id, 'the first followup after a defer edits the loading message');
      assert.equal(followed.flags & 64, 64, 'and keeps its ephemeral state');
      assert.equal(followed.flags & 128, 0);
      assert.equal((await waiting).content, 'done');
      assert.deepEqual(b.followups(), []);
      const second = (await api.interactions.followUp(em.application.id, b.token, { content: 'second' })) as unknown as Message;
      assert.notEqual(second.id, followed.id);
      assert.deepEqual(b.followups().map((m) => m.content), ['second']);
    } finally {
      gw2.ws.terminate();
    }
  });

  it('answers with_response=true with the interaction callback response', async () => {
    const handle = em.runSlashCommand({ guildId, channelId, userId: member, command: 'ping' });
    const res = (await api.interactions.reply(handle.id, handle.token, { content: 'hi', with_response: true })) as any;
    assert.equal(res.interaction.id, handle.id);
    assert.equal(res.interaction.type, 2);
    assert.equal(res.interaction.response_message_id, handle.original()!.id);
    assert.equal(res.resource.type, 4);
    assert.equal(res.resource.message.content, 'hi');
  });

  it('needs no Authorization on interaction endpoints, and they skip the global limit', async () => {
    const handle = em.runSlashCommand({ guildId, channelId, userId: member, command: 'ping' });
    const res = await fetch(`${em.apiUrl}/v10/interactions/${handle.id}/${handle.token}/callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 5 }),
    });
    assert.equal(res.status, 204);
    assert.equal(await res.text(), '');
    const rec = em.requests.at(-1)!;
    assert.equal(rec.auth, 'missing');
    assert.equal(rec.route, 'POST /interactions/:id/:id/callback');
    const bad = await fetch(`${em.apiUrl}/v10/interactions/${handle.id}/not-the-token/callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'x' } }),
    });
    assert.equal(bad.status, 404);
    assert.equal(((await bad.json()) as { code: number }).code, 10062);
  });

  it('accepts multipart replies with files and serves them', async () => {
    const handle = em.runSlashCommand({ guildId, channelId, userId: member, command: 'ping' });
    await api.interactions.reply(handle.id, handle.token, {
      content: 'file',
      attachments: [{ id: 0, description: 'log' }],
      files: [{ name: 'log.txt', data: Buffer.from('log body'), contentType: 'text/plain' }],
    });
    const att = handle.original()!.attachments[0]!;
    assert.equal(att.filename, 'log.txt');
    assert.equal(att.description, 'log');
    assert.equal(await (await fetch(att.url)).text(), 'log body');
    const recorded = em.requests.at(-1)!.body as { payload_json: { type: number }; files: Array<{ field: string }> };
    assert.equal(recorded.payload_json.type, 4);
    assert.deepEqual(recorded.files.map((f) => f.field), ['files[0]']);
  });

  it('validates message bodies with 50035: components, custom ids, labels, embeds, content', async () => {
    const row = (n: number, prefix = 'b') => ({ type: 1, components: Array.from({ length: n }, (_, i) => ({ type: 2, style: 1, custom_id: `${prefix}${i}`, label: 'x' })) });
    const reply = (data: Record<string, unknown>) => {
      const h = em.runSlashCommand({ guildId, channelId, userId: member, command: 'ping' });
      return api.interactions.reply(h.id, h.token, data as never);
    };
    assert.deepEqual(await formErrorCodes(reply({ content: 'x', components: [row(1, 'a'), row(1, 'b'), row(1, 'c'), row(1, 'd'), row(1, 'e'), row(1, 'f')] }), ['components']), ['BASE_TYPE_MAX_LENGTH']);
    assert.deepEqual(await formErrorCodes(reply({ content: 'x', components: [row(6)] }), ['components', 0, 'components']), ['BASE_TYPE_BAD_LENGTH']);
    assert.deepEqual(await formErrorCodes(reply({ content: 'x', components: [row(2, 'same'), { type: 1, components: [{ type: 2, style: 1, custom_id: 'same0', label: 'x' }] }] }), ['components', 1, 'components', 0, 'custom_id']), ['COMPONENT_CUSTOM_ID_DUPLICATED']);
    assert.deepEqual(await formErrorCodes(reply({ content: 'x', components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'a', label: 'l'.repeat(81) }] }] }), ['components', 0, 'components', 0, 'label']), ['BASE_TYPE_BAD_LENGTH']);
    assert.deepEqual(await formErrorCodes(reply({ content: 'x', components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'c'.repeat(101), label: 'l' }] }] }), ['components', 0, 'components', 0, 'custom_id']), ['BASE_TYPE_BAD_LENGTH']);
    assert.deepEqual(await formErrorCodes(reply({ content: 'x', components: [{ type: 1, components: [{ type: 7, custom_id: 'm', max_values: 26 }] }] }), ['components', 0, 'components', 0, 'max_values']), ['NUMBER_TYPE_MAX']);
    assert.deepEqual(await formErrorCodes(reply({ content: 'x'.repeat(2001) }), ['content']), ['BASE_TYPE_MAX_LENGTH']);
    assert.deepEqual(await formErrorCodes(reply({ embeds: [{ title: 't'.repeat(257) }] }), ['embeds', 0, 'title']), ['BASE_TYPE_MAX_LENGTH']);
    const h = em.runSlashCommand({ guildId, channelId, userId: member, command: 'ping' });
    await assert.rejects(api.interactions.reply(h.id, h.token, {}), apiError(400, 50006));
    // A failed callback does not acknowledge: a valid one still works.
    await api.interactions.reply(h.id, h.token, { content: 'fine' });
  });

  it('a button click carries the message; UPDATE_MESSAGE and DEFERRED_UPDATE_MESSAGE edit it', async () => {
    const posted = (await api.channels.createMessage(otherChannelId, {
      content: 'Open a ticket',
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'create-ticket', label: 'Create Ticket' }] }],
    } as never)) as unknown as Message;
    const click = em.clickButton({ messageId: posted.id, userId: member, customId: 'create-ticket', locale: 'de' });
    assert.equal(click.payload.type, 3);
    assert.equal(click.payload.message.id, posted.id);
    assert.deepEqual(click.payload.data, { custom_id: 'create-ticket', component_type: 2 });
    assert.equal(click.payload.channel_id, otherChannelId);
    await api.interactions.updateMessage(click.id, click.token, { content: 'Updated' });
    assert.equal(em.message(posted.id)?.content, 'Updated');
    assert.equal(click.original()?.id, posted.id);

    const again = em.clickButton({ messageId: posted.id, userId: member, customId: 'create-ticket' });
    await api.interactions.deferMessageUpdate(again.id, again.token);
    await api.interactions.editReply(em.application.id, again.token, { content: 'Edited later' });
    assert.equal(em.message(posted.id)?.content, 'Edited later');

    // A reply to a component is a reply to its message.
    const third = em.clickButton({ messageId: posted.id, userId: member, customId: 'create-ticket' });
    await api.interactions.reply(third.id, third.token, { content: 'Opening…', flags: 64 });
    assert.equal(third.original()?.message_reference?.message_id, posted.id);
    assert.throws(() => em.clickButton({ messageId: posted.id, userId: member, customId: 'nope' }), /no component/);
    // Only the invoking user sees (and can click) an ephemeral message.
    const eph = em.runSlashCommand({ guildId, channelId, userId: member, command: 'ping' });
    await api.interactions.reply(eph.id, eph.token, { content: 'menu', flags: 64, components: [{ type: 1, components: [{ type: 2, style: 2, custom_id: 'only-me', label: 'Me' }] }] } as never);
    assert.throws(() => em.clickButton({ messageId: eph.original()!.id, userId: admin, customId: 'only-me' }), /ephemeral/);
    const mine = em.clickButton({ messageId: eph.original()!.id, userId: member, customId: 'only-me' });
    assert.equal(mine.payload.message.flags & 64, 64);
    await api.interactions.deferMessageUpdate(mine.id, mine.token);
  });

  it('a mentionable select resolves users, members and roles', async () => {
    const h = em.runSlashCommand({ guildId, channelId, userId: admin, command: 'ping' });
    await api.interactions.reply(h.id, h.token, {
      content: 'Pick staff',
      flags: 64,
      components: [{ type: 1, components: [{ type: 7, custom_id: 'staff', min_values: 0, max_values: 25 }] }],
    } as never);
    const select = em.selectMenu({ messageId: h.original()!.id, userId: admin, customId: 'staff', values: [member, staffRoleId] });
    const data = select.payload.data;
    assert.equal(data.component_type, 7);
    assert.deepEqual(data.values, [member, staffRoleId]);
    assert.equal(data.resolved.users[member].id, member);
    assert.equal(data.resolved.members[member].user, undefined, 'resolved members are partial');
    assert.equal(typeof data.resolved.members[member].permissions, 'string');
    assert.equal(data.resolved.roles[staffRoleId].name, 'Staff');
    await api.interactions.deferMessageUpdate(select.id, select.token);
    assert.throws(() => em.selectMenu({ messageId: h.original()!.id, userId: admin, customId: 'staff', values: Array.from({ length: 26 }, () => member) }), /takes 0 to 25/);
  });

  it('modals: validated on the callback, submitted in Discord\'s shape', async () => {
    const h = em.runSlashCommand({ guildId, channelId, userId: admin, command: 'inbox', subcommandGroup: 'new-tickets', subcommand: 'starter' });
    const modal = (over: Record<string, unknown> = {}, input: Record<string, unknown> = {}) => ({
      custom_id: 'starter-modal',
      title: 'Starter',
      components: [{ type: 1, components: [{ type: 4, custom_id: 'text', style: 2, label: 'Message', max_length: 100, value: 'Hello $author', ...input }] }],
      ...over,
    });
    assert.deepEqual(await formErrorCodes(api.interactions.createModal(h.id, h.token, modal({ title: 't'.repeat(46) }) as never), ['data', 'title']), ['BASE_TYPE_BAD_LENGTH']);
    assert.deepEqual(await formErrorCodes(api.interactions.createModal(h.id, h.token, modal({}, { label: 'l'.repeat(46) }) as never), ['data', 'components', 0, 'components', 0, 'label']), ['BASE_TYPE_BAD_LENGTH']);
    assert.deepEqual(await formErrorCodes(api.interactions.createModal(h.id, h.token, modal({}, { max_length: 4001 }) as never), ['data', 'components', 0, 'components', 0, 'max_length']), ['NUMBER_TYPE_MAX']);
    assert.deepEqual(await formErrorCodes(api.interactions.createModal(h.id, h.token, modal({}, { value: 'v'.repeat(101) }) as never), ['data', 'components', 0, 'components', 0, 'value']), ['BASE_TYPE_MAX_LENGTH']);
    await api.interactions.createModal(h.id, h.token, modal() as never);
    assert.equal((await h.response).type, 9);
    assert.equal(h.modal().title, 'Starter');
    assert.equal(h.original(), null);

    assert.throws(() => em.submitModal({ from: h, fields: { text: '' } }), /required/);
    assert.throws(() => em.submitModal({ from: h, fields: { other: 'x' } }), /no input/);
    assert.throws(() => em.submitModal({ from: h, fields: {}, userId: member }), /only the user/);
    const unchanged = em.submitModal({ from: h, fields: {} });
    assert.deepEqual(unchanged.payload.data, {
      custom_id: 'starter-modal',
      // "generated sequentially if left empty": the row is 1, its input 2.
      components: [{ type: 1, id: 1, components: [{ type: 4, id: 2, custom_id: 'text', value: 'Hello $author' }] }],
    });
    assert.equal(unchanged.payload.type, 5);
    await api.interactions.reply(unchanged.id, unchanged.token, { content: 'saved', flags: 64 });
    const changed = em.submitModal({ from: h, fields: { text: 'Hi' }, locale: 'fr' });
    assert.equal(changed.payload.data.components[0].components[0].value, 'Hi');
    assert.equal(changed.payload.locale, 'fr');
    await assert.rejects(api.interactions.createModal(changed.id, changed.token, modal() as never), apiError(400, 50035), 'no modal in answer to a modal');
    await api.interactions.reply(changed.id, changed.token, { content: 'saved', flags: 64 });
  });

  it('a message command resolves the target message', async () => {
    const source = em.createMessage(channelId, admin, { content: 'Please create an inbox from this' });
    const h = em.runMessageCommand({ guildId, channelId, userId: admin, command: 'Select this message', targetMessageId: source.id });
    assert.equal(h.payload.data.type, 3);
    assert.equal(h.payload.data.target_id, source.id);
    assert.equal(h.payload.data.resolved.messages[source.id].content, 'Please create an inbox from this');
    await api.interactions.reply(h.id, h.token, { content: 'Selected', flags: 64 });
    assert.equal(h.original()?.type, 23);
  });
});

describe('interaction deadlines and token lifetime (injected clock)', () => {
  it('no response within 3 s: the response rejects, the callback is 10062 and the token is dead; tokens last 15 minutes', async () => {
    const clock = manualClock();
    const em = await startEmulator({ clock: clock.now });
    try {
      const api = new API(new REST({ api: em.apiUrl, version: '10' }).setToken(em.token));
      const g = em.createGuild({ defaultChannel: true });
      const channelId = g.system_channel_id!;
      await api.applicationCommands.bulkOverwriteGuildCommands(em.application.id, g.id, [{ name: 'ping', description: 'Ping' }]);
      const late = em.runSlashCommand({ guildId: g.id, channelId, userId: em.application.ownerId, command: 'ping' });
      clock.advance(3001);
      await assert.rejects(api.interactions.reply(late.id, late.token, { content: 'too late' }), apiError(404, 10062));
      await assert.rejects(late.response, /no initial response/);
      await assert.rejects(api.interactions.followUp(em.application.id, late.token, { content: 'x' }), apiError(401, 50027));

      const h = em.runSlashCommand({ guildId: g.id, channelId, userId: em.application.ownerId, command: 'ping' });
      clock.advance(2999);
      await api.interactions.defer(h.id, h.token);
      clock.advance(14 * 60_000);
      await api.interactions.editReply(em.application.id, h.token, { content: 'still in time' });
      assert.equal(h.original()?.content, 'still in time');
      clock.advance(60_000);
      await assert.rejects(api.interactions.editReply(em.application.id, h.token, { content: 'expired' }), apiError(401, 50027));
      await assert.rejects(api.interactions.reply(h.id, h.token, { content: 'x' }), apiError(400, 40060));
    } finally {
      await em.close();
    }
  });

  it('interaction endpoints are exempt from the global rate limit', async () => {
    const clock = manualClock();
    const em = await startEmulator({ clock: clock.now, globalPerSecond: 1 });
    try {
      const rest = new REST({ api: em.apiUrl, version: '10', retries: 0 }).setToken(em.token);
      const api = new API(rest);
      const g = em.createGuild({ defaultChannel: true });
      await api.applicationCommands.bulkOverwriteGuildCommands(em.application.id, g.id, [{ name: 'ping', description: 'Ping' }]);
      const res = await fetch(`${em.apiUrl}/v10/users/@me`, { headers: { Authorization: `Bot ${em.token}` } });
      assert.equal(res.status, 429, 'the global limit of 1 per second is used up');
      const h = em.runSlashCommand({ guildId: g.id, channelId: g.system_channel_id!, userId: em.application.ownerId, command: 'ping' });
      await api.interactions.defer(h.id, h.token);
      await api.interactions.editReply(em.application.id, h.token, { content: 'fine' });
      await api.interactions.followUp(em.application.id, h.token, { content: 'also fine' });
      assert.equal(em.requests.filter((r) => r.rateLimited === 'global').length, 1);
    } finally {
      await em.close();
    }
  });
});

describe('interactions through the control API', () => {
  it('starts a slash command, a button click and a modal submit from another process', async () => {
    const em = await startEmulator();
    try {
      const api = new API(new REST({ api: em.apiUrl, version: '10' }).setToken(em.token));
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${em.controlUrl}${path}`, {
          method,
          headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
      };
      const g = em.createGuild({ defaultChannel: true });
      const channelId = g.system_channel_id!;
      await api.applicationCommands.bulkOverwriteGuildCommands(em.application.id, g.id, [{ name: 'ping', description: 'Ping' }]);
      const started = await call('POST', '/interactions/slash-command', { guildId: g.id, channelId, userId: em.application.ownerId, command: 'ping' });
      assert.equal(started.status, 201);
      assert.equal(started.body.payload.data.name, 'ping');
      await api.interactions.createModal(started.body.id, started.body.token, {
        custom_id: 'm',
        title: 'Modal',
        components: [{ type: 1, components: [{ type: 4, custom_id: 'q', style: 1, label: 'Question' }] }],
      } as never);
      const state = await call('GET', `/interactions/${started.body.id}`);
      assert.equal(state.body.state, 'acknowledged');
      assert.equal(state.body.modal.title, 'Modal');
      const submitted = await call('POST', '/interactions/modal-submit', { fromId: started.body.id, fields: { q: 'answer' } });
      assert.equal(submitted.body.payload.data.components[0].components[0].value, 'answer');
      await api.interactions.reply(submitted.body.id, submitted.body.token, {
        content: 'thanks',
        components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'again', label: 'Again' }] }],
      } as never);
      const original = (await call('GET', `/interactions/${submitted.body.id}`)).body.original;
      assert.equal(original.content, 'thanks');
      const click = await call('POST', '/interactions/button', { messageId: original.id, userId: em.application.ownerId, customId: 'again' });
      assert.equal(click.body.payload.data.custom_id, 'again');
      assert.equal((await call('POST', '/interactions/button', { messageId: original.id, userId: em.application.ownerId, customId: 'nope' })).status, 400);
      const hook = await call('POST', `/channels/${channelId}/webhook-messages`, { content: 'from a webhook', files: [{ name: 'a.txt', base64: Buffer.from('A').toString('base64') }] });
      assert.equal(hook.body.attachments[0].filename, 'a.txt');
    } finally {
      await em.close();
    }
  });
});
