// What the bot does by itself (SPEC §8), end to end: the owner leaves the ticket or the
// server, an archived ticket left unlocked, deletions (single and bulk), departed guilds
// forgotten, and every notice and audit-log reason in the guild's language.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { forgetDepartedGuilds } from '../../src/discord/schedule.ts';
import { toDb } from '../../src/store/ids.ts';
import {
  auditReason,
  buildTicketWorld,
  click,
  countRows,
  finalAnswer,
  postInbox,
  startTicketBot,
  threadIdOf,
  ticketRow,
  until,
  type InProcessBot,
  type TicketWorld,
} from './ticket-fixture.ts';

describe('automatic ticket housekeeping', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const botMessages = (channelId: string) => emu.messages(channelId).filter((m) => m.author.id === emu.botUser.id);
  const meta = (threadId: string) => emu.getChannel(threadId)?.thread_metadata;
  const patches = (threadId: string, since: number) =>
    emu.requests.filter((r) => r.id > since && r.method === 'PATCH' && r.path === `/channels/${threadId}`);
  const lastRequestId = () => emu.requests.at(-1)?.id ?? 0;
  const noticePosts = (threadId: string, since: number) =>
    emu.requests.filter((r) => r.id > since && r.method === 'POST' && r.path === `/channels/${threadId}/messages`);

  async function openTicket(b: InProcessBot, w: TicketWorld, inboxId: string, userId: string, locale = 'en-US'): Promise<string> {
    const answer = await finalAnswer(click(emu, inboxId, userId, locale));
    const id = threadIdOf(answer.content);
    await until('the starter message', () => botMessages(id).length === 1);
    await until('the owner in the thread', () => emu.threadMembers(id).some((m: any) => String(m.user_id ?? m.id) === userId));
    b.now.ms += 61_000;
    return id;
  }

  test('owner leaves the ticket: notice without pings, archived, locked with Manage Threads; only archived without', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const managed = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId, maxTickets: 0 });
    const plain = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });
    const t1 = await openTicket(b, w, managed, w.annId);
    const t2 = await openTicket(b, w, plain, w.annId);
    const since = lastRequestId();

    emu.removeThreadMember(t1, w.annId);
    await until('t1 archived and locked', () => meta(t1)?.archived && meta(t1)?.locked);
    const notice = botMessages(t1).at(-1)!;
    assert.equal(notice.content, `<@${w.annId}> left this ticket, so it is now archived.`);
    assert.deepEqual((noticePosts(t1, since)[0]!.body as any).allowed_mentions, { parse: [] });
    const patch = patches(t1, since);
    assert.equal(patch.length, 1);
    assert.deepEqual(patch[0]!.body, { archived: true, locked: true });
    assert.equal(auditReason(patch[0]!.headers), 'The ticket owner left the thread');
    // The row is written after Discord answers the PATCH, so wait for it as well.
    await until('t1 recorded as archived', async () => (await ticketRow(b.store.db, t1))?.archived === 1);

    emu.removeThreadMember(t2, w.annId);
    await until('t2 archived', () => meta(t2)?.archived);
    assert.equal(meta(t2)!.locked, false, 'no Manage Threads in that channel: archived only');
    assert.deepEqual(patches(t2, since)[0]!.body, { archived: true });
    assert.equal(botMessages(t2).length, 2, 'starter and one notice; the unlocked archive is not locked later');

    // Another member leaving changes nothing.
    const t3 = await openTicket(b, w, managed, w.bobId);
    emu.addThreadMember(t3, w.helperId);
    emu.removeThreadMember(t3, w.helperId);
    await until('the removal to be seen', () => !emu.threadMembers(t3).some((m: any) => String(m.user_id ?? m.id) === w.helperId));
    assert.equal(meta(t3)!.archived, false);
  });

  test('owner leaves the server: each of their open tickets gets one notice and is closed; others are untouched', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const i1 = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId });
    const i2 = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId });
    const a1 = await openTicket(b, w, i1, w.annId);
    const a2 = await openTicket(b, w, i2, w.annId);
    const bob = await openTicket(b, w, i1, w.bobId);
    const since = lastRequestId();

    emu.removeMember(w.guildId, w.annId);
    for (const id of [a1, a2]) {
      await until(`${id} archived and locked`, () => meta(id)?.archived && meta(id)?.locked);
      const notices = botMessages(id).slice(1);
      assert.deepEqual(notices.map((m) => m.content), [`<@${w.annId}> left the server, so this ticket is now archived.`]);
      assert.equal(auditReason(patches(id, since)[0]!.headers), 'The ticket owner left the server');
      assert.equal(patches(id, since).length, 1);
    }
    assert.equal(meta(bob)!.archived, false);
    assert.equal(botMessages(bob).length, 1);
  });

  test('an archived, unlocked ticket is locked with a notice when the bot has Manage Threads', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const managed = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId, maxTickets: 0 });
    const plain = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });
    const t1 = await openTicket(b, w, managed, w.annId);
    const t2 = await openTicket(b, w, plain, w.annId);
    const since = lastRequestId();

    emu.updateThread(t1, { archived: true });
    await until('t1 locked', () => meta(t1)?.archived && meta(t1)?.locked);
    assert.equal(botMessages(t1).at(-1)!.content, 'This ticket was archived and is now locked: only moderators can reopen it.');
    assert.equal(auditReason(patches(t1, since).at(-1)!.headers), 'Locking an archived ticket');
    // The row is written after Discord answers the PATCH, so wait for it as well.
    await until('t1 recorded as archived', async () => (await ticketRow(b.store.db, t1))?.archived === 1);

    emu.updateThread(t2, { archived: true });
    await until('the archive of t2 to be stored', async () => (await ticketRow(b.store.db, t2))!.archived === 1);
    assert.equal(meta(t2)!.locked, false);
    assert.equal(botMessages(t2).length, 1, 'no notice without Manage Threads');
    assert.equal(patches(t2, since).length, 0);

    // Reopened by a moderator: stored as open again, and locked again when archived.
    emu.updateThread(t1, { archived: false, locked: false });
    await until('the reopening to be stored', async () => (await ticketRow(b.store.db, t1))!.archived === 0);
  });

  test('deletions: inbox message (single and bulk), ticket thread, channel with inboxes and tickets', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const db = b.store.db;
    const inbox = await postInbox(emu, db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });
    const t1 = await openTicket(b, w, inbox, w.annId);
    const t2 = await openTicket(b, w, inbox, w.bobId);

    emu.deleteMessage(w.supportId, inbox);
    await until('the inbox forgotten', async () => await countRows(db, 'inbox') === 0);
    assert.equal((await ticketRow(db, t1))!.inbox_id, null, 'tickets outlive their inbox');

    const x = await postInbox(emu, db, w, { channelId: w.supportId });
    const y = await postInbox(emu, db, w, { channelId: w.supportId });
    emu.bulkDeleteMessages(w.supportId, [x, y]);
    await until('both inboxes forgotten', async () => await countRows(db, 'inbox') === 0);

    emu.deleteChannel(t1);
    await until('the ticket forgotten', async () => await ticketRow(db, t1) === undefined);
    assert.ok(await ticketRow(db, t2));

    // The channel holding an inbox and (archived and open) tickets.
    const home = emu.createChannel(w.guildId, { name: 'home' });
    const i3 = await postInbox(emu, db, w, { channelId: home.id, maxTickets: 0 });
    const t3 = await openTicket(b, w, i3, w.annId);
    const t4 = await openTicket(b, w, i3, w.bobId);
    emu.updateThread(t3, { archived: true });
    await until('t3 archived', async () => (await ticketRow(db, t3))!.archived === 1);
    emu.deleteChannel(home.id);
    await until('the channel forgotten', async () => await ticketRow(db, t3) === undefined && await ticketRow(db, t4) === undefined);
    assert.equal(db.sqlite.prepare('SELECT count(*) FROM inbox WHERE id = ?').pluck().get(toDb(i3)), 0n);
    assert.ok(await ticketRow(db, t2), 'tickets elsewhere stay');
  });

  test('guilds the bot left are forgotten by the weekly clean-up, not before', async (t) => {
    const w = buildTicketWorld(emu);
    const keep = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const db = b.store.db;
    const inbox = await postInbox(emu, db, w, { channelId: w.supportId, destinationId: w.plainId });
    const kept = await postInbox(emu, db, keep, { channelId: keep.supportId, destinationId: keep.plainId });
    await openTicket(b, w, inbox, w.annId);
    await openTicket(b, keep, kept, keep.annId);

    emu.removeGuild(w.guildId);
    await until('the bot to see it leave', () => !b.bot.deps.state.guilds.has(w.guildId));
    assert.equal(await countRows(db, 'inbox'), 2, 'kept until the weekly clean-up');
    assert.equal(await forgetDepartedGuilds(b.bot.deps), 1);
    assert.equal(db.sqlite.prepare('SELECT count(*) FROM guild WHERE id = ?').pluck().get(toDb(w.guildId)), 0n);
    assert.equal(await countRows(db, 'inbox'), 1);
    assert.equal(await countRows(db, 'ticket'), 1);
    assert.equal(await forgetDepartedGuilds(b.bot.deps), 0);
  });

  test("localised: replies in the member's language, notices and audit-log reasons in the server's", async (t) => {
    const w = buildTicketWorld(emu, { preferredLocale: 'de' });
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId, staff: [`<@&${w.modRoleId}>`] });
    const since = lastRequestId();
    const handle = click(emu, inbox, w.annId, 'fr');
    assert.equal((await handle.response).data.content, 'Ouverture de ton ticket…');
    const answer = await finalAnswer(handle);
    assert.match(answer.content, /^Ton ticket est prêt : https:/);
    const id = threadIdOf(answer.content);
    const create = emu.requests.find((r) => r.id > since && r.route === 'POST /channels/:id/threads')!;
    assert.equal(auditReason(create.headers), 'Ticket eröffnet von ann');
    const starter = await until('the starter', () => botMessages(id)[0]);
    assert.equal(starter.content, b.bot.deps.i18n.t('de', 'inbox-starter-default').replace('$author', `<@${w.annId}>`).replace('$staff', `<@&${w.modRoleId}>`));
    b.now.ms += 61_000;
    assert.match((await finalAnswer(click(emu, inbox, w.annId, 'fr'))).content, /^Tu as atteint la limite/);
    assert.match((await finalAnswer(click(emu, inbox, w.annId, 'de'))).content, /^Du hast in diesem Postfach/);

    await until('ann in the thread', () => emu.threadMembers(id).some((m: any) => String(m.user_id ?? m.id) === w.annId));
    emu.removeThreadMember(id, w.annId);
    await until('archived', () => meta(id)?.locked);
    assert.equal(botMessages(id).at(-1)!.content, `<@${w.annId}> hat dieses Ticket verlassen, deshalb wird es archiviert.`);
    assert.equal(auditReason(patches(id, since).at(-1)!.headers), 'Ersteller des Tickets hat den Thread verlassen');
  });
});
