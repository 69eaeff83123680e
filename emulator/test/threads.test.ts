/** Threads: Start Thread without Message, membership, private visibility, modification, listing, slowmode, removals. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API } from '@discordjs/core/http-only';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { type Channel, type Emulator, Intents, Permissions as P, startEmulator } from '../src/index.ts';
import { gatewayUrl, RawGatewayClient } from './helpers.ts';

function apiError(status: number, code: number) {
  return (err: unknown) => err instanceof DiscordAPIError && err.status === status && err.code === code;
}

/** What a bot invited with a permissions value gets, without Manage Threads or Mention Everyone. */
const BOT = P.VIEW_CHANNEL | P.SEND_MESSAGES | P.SEND_MESSAGES_IN_THREADS | P.CREATE_PRIVATE_THREADS | P.CREATE_PUBLIC_THREADS | P.READ_MESSAGE_HISTORY;
/** @everyone without Mention Everyone, so role mentionability matters. */
const EVERYONE = P.VIEW_CHANNEL | P.SEND_MESSAGES | P.SEND_MESSAGES_IN_THREADS | P.READ_MESSAGE_HISTORY | P.ATTACH_FILES;

describe('threads', () => {
  let em: Emulator;
  let rest: REST;
  let api: API;
  let gw: RawGatewayClient;
  let quiet: RawGatewayClient;
  let guildId: string;
  let parentId: string;
  let ann: string;
  let mod: string;
  let outsider: string;
  let modRole: string;
  let quietRole: string;
  let quietMember: string;

  const startThread = (name: string, extra: Record<string, unknown> = {}, reason?: string) =>
    rest.post(Routes.threads(parentId), { body: { name, type: 12, ...extra }, ...(reason ? { reason } : {}) }) as Promise<Channel>;

  before(async () => {
    em = await startEmulator();
    rest = new REST({ api: em.apiUrl, version: '10' }).setToken(em.token);
    api = new API(rest);
    const g = em.createGuild({ name: 'Threads', everyonePermissions: EVERYONE, botPermissions: BOT });
    guildId = g.id;
    modRole = em.createRole(guildId, { name: 'Mods', mentionable: true }).id;
    quietRole = em.createRole(guildId, { name: 'Quiet', mentionable: false }).id;
    const user = (name: string, roles: string[] = []) => {
      const id = em.createUser({ username: name }).id;
      em.addMember(guildId, id, { roles });
      return id;
    };
    ann = user('ann');
    mod = user('mod', [modRole]);
    quietMember = user('quiet', [quietRole]);
    outsider = user('outsider');
    parentId = em.createChannel(guildId, {
      name: 'tickets',
      permissionOverwrites: [
        { id: modRole, type: 0, allow: P.MANAGE_THREADS },
        { id: outsider, type: 1, deny: P.VIEW_CHANNEL },
      ],
    }).id;
    gw = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await gw.identify(em.token, Intents.GUILDS | Intents.GUILD_MEMBERS | Intents.GUILD_MESSAGES);
    quiet = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await quiet.identify(em.token, Intents.GUILDS);
  });
  after(async () => {
    gw.ws.terminate();
    quiet.ws.terminate();
    assert.deepEqual(em.unknownRequests(), []);
    await em.close();
  });

  it('starts a private thread: 201, creator as member, THREAD_CREATE and THREAD_MEMBERS_UPDATE, audit-log reason recorded', async () => {
    const thread = await startThread('ticket-0001', { invitable: false, auto_archive_duration: 10080 }, 'Ticket opened by änn');
    const rec = em.requests.at(-1)!;
    assert.equal(rec.status, 201);
    assert.equal(rec.route, 'POST /channels/:id/threads');
    assert.equal(rec.auditLogReason, 'Ticket opened by änn');
    assert.equal(decodeURIComponent(rec.headers['x-audit-log-reason']!), 'Ticket opened by änn');
    assert.equal(thread.type, 12);
    assert.equal(thread.parent_id, parentId);
    assert.equal(thread.owner_id, em.botUser.id);
    assert.equal(thread.thread_metadata?.invitable, false);
    assert.equal(thread.thread_metadata?.auto_archive_duration, 10080);
    assert.equal((thread.member as { user_id: string }).user_id, em.botUser.id);
    const created = await gw.next((p) => p.t === 'THREAD_CREATE' && p.d.id === thread.id);
    assert.equal(created.d.newly_created, true);
    const members = await gw.next((p) => p.t === 'THREAD_MEMBERS_UPDATE' && p.d.id === thread.id);
    assert.deepEqual(members.d.added_members.map((m: { user_id: string }) => m.user_id), [em.botUser.id]);
    assert.deepEqual(em.threadMembers(thread.id).map((m) => m.user_id), [em.botUser.id]);
    assert.ok(em.threads(parentId).some((t) => t.id === thread.id));
  });

  it('validates: name 1-100, auto_archive_duration, Create Private Threads, parent type, the active-thread cap (160006)', async () => {
    await assert.rejects(startThread('n'.repeat(101)), apiError(400, 50035));
    await assert.rejects(startThread(''), apiError(400, 50035));
    await assert.rejects(startThread('x', { auto_archive_duration: 5 }), apiError(400, 50035));
    const noPrivate = em.createChannel(guildId, { name: 'no-private', permissionOverwrites: [{ id: em.getMember(guildId, em.botUser.id)!.roles[0]!, type: 0, deny: P.CREATE_PRIVATE_THREADS }] });
    await assert.rejects(rest.post(Routes.threads(noPrivate.id), { body: { name: 'x', type: 12 } }), apiError(403, 50013));
    await rest.post(Routes.threads(noPrivate.id), { body: { name: 'public is fine', type: 11 } });
    const announcements = em.createChannel(guildId, { name: 'news', type: 5 });
    await assert.rejects(rest.post(Routes.threads(announcements.id), { body: { name: 'x', type: 12 } }), apiError(400, 50024));
    const active = em.threads().filter((t) => t.guild_id === guildId && !t.thread_metadata?.archived).length;
    em.setActiveThreadLimit(active);
    await assert.rejects(startThread('one too many'), apiError(400, 160006));
    em.setActiveThreadLimit(1000);
  });

  it('private threads are seen only by members and Manage Threads holders, events included', async () => {
    // A thread started by a member (not the bot): the bot, without Manage Threads and not a member, hears nothing.
    const hidden = em.createChannel(guildId, { type: 12, parentId, name: 'hidden', ownerId: ann });
    assert.equal(em.channelPermissions(hidden.id, ann) & P.VIEW_CHANNEL, P.VIEW_CHANNEL);
    assert.equal(em.channelPermissions(hidden.id, quietMember) & P.VIEW_CHANNEL, 0n);
    assert.equal(em.channelPermissions(hidden.id, mod) & P.VIEW_CHANNEL, P.VIEW_CHANNEL, 'Manage Threads on the parent');
    await assert.rejects(rest.get(Routes.channel(hidden.id)), apiError(403, 50001));
    em.createMessage(hidden.id, ann, { content: 'secret' });
    // Adding the bot sends THREAD_CREATE (and THREAD_MEMBERS_UPDATE) and makes it visible.
    em.addThreadMember(hidden.id, em.botUser.id);
    const created = await gw.next((p) => p.t === 'THREAD_CREATE' && p.d.id === hidden.id);
    assert.equal(created.d.member.user_id, em.botUser.id);
    assert.ok(!gw.received.some((p) => p.t === 'MESSAGE_CREATE' && p.d.content === 'secret'), 'no event from a thread the bot could not see');
    const fetched = (await rest.get(Routes.channel(hidden.id))) as Channel;
    assert.equal(fetched.id, hidden.id);
  });

  it('a message in a private thread adds mentioned users and members of mentionable roles; membership does not grant View Channel', async () => {
    const thread = await startThread('mentions');
    await api.channels.createMessage(thread.id, { content: `<@${ann}> <@${outsider}> <@&${modRole}> <@&${quietRole}>` });
    const update = await gw.next((p) => p.t === 'THREAD_MEMBERS_UPDATE' && p.d.id === thread.id && p.d.added_members?.some((m: { user_id: string }) => m.user_id === ann));
    assert.deepEqual(update.d.added_members.map((m: { user_id: string }) => m.user_id).sort(), [ann, mod, outsider].sort());
    assert.ok(update.d.added_members[0].member, 'added members carry their guild member');
    const ids = em.threadMembers(thread.id).map((m) => m.user_id);
    assert.ok(ids.includes(ann) && ids.includes(mod));
    assert.ok(ids.includes(outsider), 'added although the parent is hidden from them');
    assert.equal(em.channelPermissions(thread.id, outsider) & P.VIEW_CHANNEL, 0n, 'and still unable to see the thread');
    assert.ok(!ids.includes(quietMember), 'the role is not mentionable and the bot lacks Mention Everyone');
    // allowed_mentions decides what counts as a mention.
    const other = await startThread('no pings');
    await api.channels.createMessage(other.id, { content: `<@${ann}>`, allowed_mentions: { parse: [] } });
    assert.deepEqual(em.threadMembers(other.id).map((m) => m.user_id), [em.botUser.id]);
    // Sessions without GUILD_MEMBERS only hear about the bot's own membership.
    assert.ok(!quiet.received.some((p) => p.t === 'THREAD_MEMBERS_UPDATE' && p.d.id === thread.id && p.d.added_members?.some((m: { user_id: string }) => m.user_id === ann)));
    assert.ok(quiet.received.some((p) => p.t === 'THREAD_MEMBERS_UPDATE' && p.d.id === thread.id && p.d.added_members?.some((m: { user_id: string }) => m.user_id === em.botUser.id)));
  });

  it('thread member routes: add, get, list, remove; invitable=false limits non-moderators other than the creator; archived threads refuse', async () => {
    const thread = await startThread('members', { invitable: true });
    await api.threads.addMember(thread.id, ann);
    const got = (await rest.get(Routes.threadMembers(thread.id, ann), { query: new URLSearchParams({ with_member: 'true' }) })) as { user_id: string; member: { user: { id: string } } };
    assert.equal(got.user_id, ann);
    assert.equal(got.member.user.id, ann);
    const list = (await rest.get(Routes.threadMembers(thread.id))) as Array<{ user_id: string }>;
    assert.deepEqual(list.map((m) => m.user_id).sort(), [em.botUser.id, ann].sort());
    await api.threads.removeMember(thread.id, ann);
    await assert.rejects(rest.get(Routes.threadMembers(thread.id, ann)), apiError(404, 10007));

    const closed = await startThread('not invitable', { invitable: false });
    // The bot created it: the creator adds to its own non-invitable thread.
    await api.threads.addMember(closed.id, quietMember);
    // A thread someone else created: a non-moderator bot adds moderators only.
    const theirs = em.createChannel(guildId, { type: 12, parentId, name: 'theirs', ownerId: ann, invitable: false, members: [em.botUser.id] });
    await assert.rejects(api.threads.addMember(theirs.id, quietMember), apiError(403, 50013));
    await api.threads.addMember(theirs.id, mod);
    await assert.rejects(api.threads.addMember(theirs.id, em.createUser().id), apiError(404, 10007));
    await api.channels.edit(closed.id, { archived: true });
    await assert.rejects(api.threads.addMember(thread.id, '1234567890123456789'), apiError(404, 10013));
    await assert.rejects(rest.put(Routes.threadMembers(closed.id, ann)), apiError(400, 50083));

    em.setPrivilegedIntents(0);
    await assert.rejects(rest.get(Routes.threadMembers(thread.id)), apiError(403, 50001));
    em.setPrivilegedIntents(Intents.GUILD_MEMBERS | Intents.GUILD_PRESENCES | Intents.MESSAGE_CONTENT);
  });

  it('modify thread: the creator archives and renames; locking and reopening a locked thread need Manage Threads; THREAD_UPDATE', async () => {
    const thread = await startThread('to-close');
    const renamed = (await api.channels.edit(thread.id, { name: 'closing' }, { reason: 'rename' })) as unknown as Channel;
    assert.equal(renamed.name, 'closing');
    const archived = (await api.channels.edit(thread.id, { archived: true })) as unknown as Channel;
    assert.equal(archived.thread_metadata?.archived, true);
    const update = await gw.next((p) => p.t === 'THREAD_UPDATE' && p.d.id === thread.id && p.d.thread_metadata.archived);
    assert.equal(update.d.name, 'closing');
    await assert.rejects(api.channels.edit(thread.id, { name: 'while archived' }), apiError(400, 50083));
    await assert.rejects(api.channels.edit(thread.id, { archived: true, locked: true }), apiError(400, 50083));
    await assert.rejects(api.channels.edit(thread.id, { archived: false, locked: true }), apiError(403, 50013));
    await api.channels.edit(thread.id, { archived: false });
    // A moderator locks it; the bot without Manage Threads can no longer reopen it.
    em.updateThread(thread.id, { archived: true, locked: true });
    await assert.rejects(api.channels.edit(thread.id, { archived: false }), apiError(403, 50013));
    await assert.rejects(api.channels.createMessage(thread.id, { content: 'x' }), apiError(403, 160005));
    // With Manage Threads it can.
    em.setOverwrite(parentId, { id: em.botUser.id, type: 1, allow: P.MANAGE_THREADS });
    const reopened = (await api.channels.edit(thread.id, { archived: false, locked: false })) as unknown as Channel;
    assert.equal(reopened.thread_metadata?.locked, false);
    await api.channels.edit(thread.id, { archived: true, locked: true });
    em.deleteOverwrite(parentId, em.botUser.id);
  });

  it('posting in an archived, unlocked thread unarchives it (THREAD_UPDATE)', async () => {
    const thread = await startThread('sleepy');
    em.addThreadMember(thread.id, ann);
    em.updateThread(thread.id, { archived: true });
    em.createMessage(thread.id, ann, { content: 'wake' });
    assert.equal(em.getChannel(thread.id)?.thread_metadata?.archived, false);
    await gw.next((p) => p.t === 'THREAD_UPDATE' && p.d.id === thread.id && p.d.thread_metadata.archived === false);
  });

  it('lists active guild threads and archived private threads (newest archive first)', async () => {
    const a = await startThread('arch-a');
    const b = await startThread('arch-b');
    const active = (await rest.get(Routes.guildActiveThreads(guildId))) as { threads: Channel[]; members: Array<{ id: string; user_id: string }> };
    assert.ok(active.threads.some((t) => t.id === a.id) && active.threads.some((t) => t.id === b.id));
    assert.ok(active.members.some((m) => m.id === a.id && m.user_id === em.botUser.id));
    await assert.rejects(rest.get(Routes.channelThreads(parentId, 'private')), apiError(403, 50013), 'needs Manage Threads');
    em.setOverwrite(parentId, { id: em.botUser.id, type: 1, allow: P.MANAGE_THREADS });
    em.updateThread(a.id, { archived: true });
    em.updateThread(b.id, { archived: true });
    const archived = (await rest.get(Routes.channelThreads(parentId, 'private'))) as { threads: Channel[]; has_more: boolean; members: unknown[] };
    const ids = archived.threads.map((t) => t.id);
    assert.ok(ids.indexOf(b.id) >= 0 && ids.indexOf(a.id) > ids.indexOf(b.id), 'b was archived last (ties: newest id first)');
    assert.equal(archived.has_more, false);
    const limited = (await rest.get(Routes.channelThreads(parentId, 'private'), { query: new URLSearchParams({ limit: '1' }) })) as { threads: Channel[]; has_more: boolean };
    assert.equal(limited.threads.length, 1);
    assert.equal(limited.has_more, true);
    const active2 = (await rest.get(Routes.guildActiveThreads(guildId))) as { threads: Channel[] };
    assert.ok(!active2.threads.some((t) => t.id === a.id));
    em.deleteOverwrite(parentId, em.botUser.id);
  });

  it('a member leaving the guild leaves its threads; deleting a channel deletes its threads; the bot leaving is GUILD_DELETE', async () => {
    const thread = await startThread('leaving');
    const leaver = em.createUser({ username: 'leaver' }).id;
    em.addMember(guildId, leaver);
    em.addThreadMember(thread.id, leaver);
    em.removeMember(guildId, leaver);
    await gw.next((p) => p.t === 'GUILD_MEMBER_REMOVE' && p.d.user.id === leaver);
    const removed = await gw.next((p) => p.t === 'THREAD_MEMBERS_UPDATE' && p.d.id === thread.id && p.d.removed_member_ids?.includes(leaver));
    assert.equal(removed.d.guild_id, guildId);
    assert.ok(!em.threadMembers(thread.id).some((m) => m.user_id === leaver));

    const parent2 = em.createChannel(guildId, { name: 'doomed' });
    const child = (await rest.post(Routes.threads(parent2.id), { body: { name: 'child', type: 12 } })) as Channel;
    em.deleteChannel(parent2.id);
    assert.deepEqual((await gw.next((p) => p.t === 'THREAD_DELETE' && p.d.id === child.id)).d, { id: child.id, guild_id: guildId, parent_id: parent2.id, type: 12 });
    await gw.next((p) => p.t === 'CHANNEL_DELETE' && p.d.id === parent2.id);
    assert.equal(em.getChannel(child.id), undefined);

    const other = em.createGuild({ name: 'Leaving' });
    em.removeGuild(other.id);
    const gone = await gw.next((p) => p.t === 'GUILD_DELETE' && p.d.id === other.id);
    assert.equal(gone.d.unavailable, undefined, 'removed, not an outage');
    await assert.rejects(rest.get(Routes.guild(other.id)), apiError(403, 50001));
  });
});

describe('slowmode (injected clock)', () => {
  it('429 code 20016 with retry_after for members; Manage Messages, Manage Threads (in threads) and bots are unaffected', async () => {
    let now = Date.now();
    const em = await startEmulator({ clock: () => now });
    try {
      const rest = new REST({ api: em.apiUrl, version: '10' }).setToken(em.token);
      const g = em.createGuild({ botPermissions: BOT, everyonePermissions: EVERYONE });
      const slow = em.createChannel(g.id, { name: 'slow', rateLimitPerUser: 30 });
      const user = em.createUser().id;
      em.addMember(g.id, user);
      em.createMessage(slow.id, user, { content: 'one' });
      now += 10_000;
      assert.throws(() => em.createMessage(slow.id, user, { content: 'two' }), (e: any) => e.status === 429 && e.body.code === 20016 && e.body.retry_after === 20 && e.headers['Retry-After'] === '20');
      now += 20_000;
      em.createMessage(slow.id, user, { content: 'two' });
      // The bot is not slowed down.
      await rest.post(Routes.channelMessages(slow.id), { body: { content: 'bot 1' } });
      await rest.post(Routes.channelMessages(slow.id), { body: { content: 'bot 2' } });
      // Manage Threads exempts in threads.
      const thread = em.createChannel(g.id, { type: 11, parentId: slow.id, name: 't', rateLimitPerUser: 60 });
      const moderator = em.createUser().id;
      const modRole = em.createRole(g.id, { permissions: P.MANAGE_THREADS });
      em.addMember(g.id, moderator, { roles: [modRole.id] });
      em.createMessage(thread.id, moderator, { content: 'a' });
      em.createMessage(thread.id, moderator, { content: 'b' });
      em.createMessage(thread.id, user, { content: 'a' });
      assert.throws(() => em.createMessage(thread.id, user, { content: 'b' }), (e: any) => e.body?.code === 20016);
    } finally {
      await em.close();
    }
  });
});
