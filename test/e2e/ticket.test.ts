// Create Ticket end to end (SPEC §7): the real bot, in-process, against the emulator.
// Every step and branch: unknown inbox, limit, cooldown and slowmode, simultaneous
// clicks, counter and name templates, starter message and who ends up in the thread,
// missing permissions, unexpected errors, and create-thread failures (5xx, timeout)
// that never produce a second thread. Ids are snowflakes above 2^53 throughout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { reconcile } from '../../src/discord/reconcile.ts';
import {
  asBot,
  auditReason,
  buildTicketWorld,
  click,
  countRows,
  finalAnswer,
  postInbox,
  startTicketBot,
  threadIdOf,
  ticketRow,
  TWO_53,
  until,
} from './ticket-fixture.ts';

const THREADS_ROUTE = 'POST /channels/:id/threads';

describe('Create Ticket', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const creates = (since = 0) => emu.requests.filter((r) => r.id > since && r.route === THREADS_ROUTE);
  const lastRequestId = () => emu.requests.at(-1)?.id ?? 0;
  const botMessages = (channelId: string) => emu.messages(channelId).filter((m) => m.author.id === emu.botUser.id);
  const memberIds = (threadId: string) => emu.threadMembers(threadId).map((m: any) => String(m.user_id ?? m.id));

  test('a click opens one private thread: ephemeral replies, name, audit reason, starter, owner and staff added, ids exact', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const staff = [`<@&${w.modRoleId}>`, `<@&${w.quietRoleId}>`, `<@${w.helperId}>`];
    const inboxId = await postInbox(emu, b.store.db, w, {
      channelId: w.supportId,
      destinationId: w.ticketsId,
      staff,
      starter: 'Hi $author! $staff will help. @everyone @here',
    });
    b.now.ms = Date.UTC(2031, 0, 2, 3, 4, 5);
    const since = lastRequestId();

    const handle = click(emu, inboxId, w.annId);
    const first = await handle.response;
    assert.equal(first.type, 4, 'acknowledged with a message, not left to time out');
    assert.equal(first.data.content, 'Opening your ticket…');
    assert.ok((first.data.flags & 64) !== 0, 'only the member sees it');
    const final = await finalAnswer(handle);
    assert.match(final.content, /^Your ticket is ready: https:\/\/discord\.com\/channels\/\d+\/\d+$/);
    const threadId = threadIdOf(final.content);
    assert.ok(BigInt(threadId) > TWO_53 && BigInt(w.annId) > TWO_53 && BigInt(inboxId) > TWO_53);

    const threads = emu.threads(w.ticketsId);
    assert.equal(threads.length, 1);
    const thread = threads[0]!;
    assert.equal(thread.id, threadId);
    assert.equal(thread.type, 12, 'a private thread');
    assert.equal(thread.owner_id, emu.botUser.id);
    assert.equal(thread.name, '2031-01-02 Annie', 'default template, UTC date, server nickname');
    assert.equal(thread.thread_metadata?.invitable, false);
    const create = creates(since);
    assert.equal(create.length, 1);
    assert.equal(auditReason(create[0]!.headers), 'Ticket opened by ann');

    const starter = await until('the starter message', () => botMessages(threadId)[0]);
    assert.equal(starter.content, `Hi <@${w.annId}>! <@&${w.modRoleId}> <@&${w.quietRoleId}> <@${w.helperId}> will help. @everyone @here`);
    assert.equal(starter.mention_everyone, false, '@everyone in the template pings nobody');
    const post = emu.requests.find((r) => r.id > since && r.method === 'POST' && r.path === `/channels/${threadId}/messages`)!;
    assert.deepEqual((post.body as any).allowed_mentions, { parse: [], users: [w.annId, w.helperId], roles: [w.modRoleId, w.quietRoleId] });

    // Mentioning is what adds people to the private thread: the owner, a staff member,
    // the members of a mentionable role; not those of a role that is not mentionable
    // (the bot lacks Mention Everyone).
    const members = await until('the owner and staff in the thread', () => {
      const ids = memberIds(threadId);
      return [w.annId, w.helperId, w.modId].every((id) => ids.includes(id)) ? ids : null;
    });
    assert.ok(!members.includes(w.quietId), 'members of a non-mentionable role are not added');
    assert.ok(!members.includes(w.bobId));

    assert.deepEqual(await ticketRow(b.store.db, threadId), { id: threadId, inbox_id: inboxId, owner_id: w.annId, parent_id: w.ticketsId, archived: 0 });
    assert.equal(Number(b.store.db.sqlite.prepare('SELECT counter FROM inbox').pluck().get()), 1);
    assert.equal(await countRows(b.store.db, 'pending_ticket'), 0);
  });

  test('with Mention Everyone, the starter also reaches the members of a role that is not mentionable', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    // plain-tickets: no overwrites, so the bot keeps @everyone's Mention Everyone.
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, staff: [`<@&${w.quietRoleId}>`] });
    const threadId = threadIdOf((await finalAnswer(click(emu, inbox, w.annId))).content);
    await until('the quiet role member in the thread', () => memberIds(threadId).includes(w.quietId) && memberIds(threadId).includes(w.annId));
  });

  test('without a destination the thread opens in the inbox channel, also when the destination was deleted', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const own = await postInbox(emu, b.store.db, w, { channelId: w.plainId, maxTickets: 0 });
    const gone = emu.createChannel(w.guildId, { name: 'soon-gone' });
    const moved = await postInbox(emu, b.store.db, w, { channelId: w.plainId, destinationId: gone.id, maxTickets: 0 });
    emu.deleteChannel(gone.id);
    await until('the bot to see the deletion', () => !b.bot.deps.state.guilds.get(w.guildId)!.channels.has(gone.id));

    const a = threadIdOf((await finalAnswer(click(emu, own, w.annId))).content);
    const c = threadIdOf((await finalAnswer(click(emu, moved, w.annId))).content);
    assert.deepEqual(emu.threads(w.plainId).map((x) => x.id).sort(), [a, c].sort());
  });

  test('an unknown inbox is answered plainly and opens nothing', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const message = await asBot(emu, 'POST', `/channels/${w.supportId}/messages`, {
      content: 'old inbox',
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'create-ticket', label: 'Create Ticket' }] }],
    });
    const since = lastRequestId();
    const answer = await finalAnswer(click(emu, message.id, w.annId));
    assert.equal(answer.content, 'This inbox is no longer recognised. Please let a server admin know so they can set it up again.');
    assert.ok((answer.flags & 64) !== 0);
    assert.equal(creates(since).length, 0);
  });

  test('the limit: at the limit the member gets a link to their newest open ticket; archived tickets do not count', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const one = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId });
    const first = threadIdOf((await finalAnswer(click(emu, one, w.annId))).content);
    b.now.ms += 61_000;
    let answer = await finalAnswer(click(emu, one, w.annId));
    assert.equal(answer.content, `You have reached the limit of open tickets for this inbox. Please finish your latest one first: https://discord.com/channels/${w.guildId}/${first}`);
    assert.equal(emu.threads(w.plainId).length, 1);

    // Limit 2: two tickets, then a link to the newer one.
    const two = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 2 });
    const a = threadIdOf((await finalAnswer(click(emu, two, w.bobId))).content);
    b.now.ms += 61_000;
    const c = threadIdOf((await finalAnswer(click(emu, two, w.bobId))).content);
    b.now.ms += 61_000;
    answer = await finalAnswer(click(emu, two, w.bobId));
    assert.match(answer.content, new RegExp(`https://discord\\.com/channels/${w.guildId}/${c}$`));
    assert.ok(BigInt(c) > BigInt(a));

    // Closing one (archiving it) frees a place.
    emu.updateThread(c, { archived: true });
    await until('the bot to see the archive', () => b.bot.deps.state.guilds.get(w.guildId)!.threads.get(c)?.archived);
    answer = await finalAnswer(click(emu, two, w.bobId));
    assert.match(answer.content, /^Your ticket is ready/);
  });

  test('the cooldown: seconds left, at least 60 s, the inbox channel slowmode when longer', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });
    assert.match((await finalAnswer(click(emu, inbox, w.annId))).content, /^Your ticket is ready/);
    b.now.ms += 15_500;
    assert.equal((await finalAnswer(click(emu, inbox, w.annId))).content, "You're opening tickets too quickly. Please try again in 45 seconds.");
    b.now.ms += 44_000;
    assert.equal((await finalAnswer(click(emu, inbox, w.annId))).content, "You're opening tickets too quickly. Please try again in one second.");
    assert.match((await finalAnswer(click(emu, inbox, w.bobId))).content, /^Your ticket is ready/, 'other members are not held back');
    b.now.ms += 500;
    assert.match((await finalAnswer(click(emu, inbox, w.annId))).content, /^Your ticket is ready/);

    const slow = await postInbox(emu, b.store.db, w, { channelId: w.slowId, destinationId: w.plainId, maxTickets: 0 });
    assert.match((await finalAnswer(click(emu, slow, w.annId))).content, /^Your ticket is ready/, 'each inbox has its own cooldown');
    b.now.ms += 100_000;
    assert.equal((await finalAnswer(click(emu, slow, w.annId))).content, "You're opening tickets too quickly. Please try again in 20 seconds.");
    assert.equal(emu.threads(w.plainId).length, 4);
  });

  test('two simultaneous clicks by one member give one ticket', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });
    const since = lastRequestId();
    const answers = await Promise.all([click(emu, inbox, w.annId), click(emu, inbox, w.annId), click(emu, inbox, w.annId)].map((h) => finalAnswer(h)));
    const ready = answers.filter((a) => a.content.startsWith('Your ticket is ready'));
    assert.equal(ready.length, 1, answers.map((a) => a.content).join('\n'));
    for (const a of answers.filter((x) => !ready.includes(x))) assert.match(a.content, /too quickly|reached the limit/);
    assert.equal(emu.threads(w.plainId).length, 1);
    assert.equal(creates(since).length, 1);
    assert.equal(await countRows(b.store.db, 'ticket'), 1);

    // Different members at once both get a ticket, each with its own number.
    const numbered = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId, maxTickets: 0, name: 'n-$counter' });
    const both = await Promise.all([click(emu, numbered, w.annId), click(emu, numbered, w.bobId)].map((h) => finalAnswer(h)));
    const names = both.map((a) => emu.getChannel(threadIdOf(a.content))!.name).sort();
    assert.deepEqual(names, ['n-0001', 'n-0002']);
  });

  test('$counter wraps from 9999 to 0000; names past 100 characters are cut; $$, ${author} and unknown placeholders', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const counted = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0, name: 'ticket-$counter', counter: 9998 });
    const t1 = threadIdOf((await finalAnswer(click(emu, counted, w.annId))).content);
    b.now.ms += 61_000;
    const t2 = threadIdOf((await finalAnswer(click(emu, counted, w.annId))).content);
    assert.equal(emu.getChannel(t1)!.name, 'ticket-9999');
    assert.equal(emu.getChannel(t2)!.name, 'ticket-0000');
    assert.equal(Number(b.store.db.sqlite.prepare('SELECT counter FROM inbox WHERE default_ticket_name = ?').pluck().get('ticket-$counter')), 10000);

    const template = '$$1 ${author}s $nope ${nope} $author-' + 'x'.repeat(120);
    const long = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0, name: template });
    const t3 = threadIdOf((await finalAnswer(click(emu, long, w.bobId))).content);
    const name = emu.getChannel(t3)!.name!;
    assert.equal(name, ('$1 bobs $nope ${nope} bob-' + 'x'.repeat(120)).slice(0, 100));
    assert.equal(name.length, 100);
  });

  test('missing permissions: found before asking Discord, or told by Discord (403); no thread, no cooldown', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const message = "I don't have the permissions I need to open a ticket here. Please let a server admin know.";
    const blocked = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.noThreadsId });
    let since = lastRequestId();
    assert.equal((await finalAnswer(click(emu, blocked, w.annId))).content, message);
    assert.equal(creates(since).length, 0, 'the bot knew from its cache');

    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId });
    since = lastRequestId();
    emu.injectFault({ route: THREADS_ROUTE, status: 403 });
    assert.equal((await finalAnswer(click(emu, inbox, w.annId))).content, message);
    assert.equal(creates(since).length, 1);
    assert.equal(emu.threads(w.plainId).length, 0);
    assert.equal(await countRows(b.store.db, 'pending_ticket'), 0);
    assert.match((await finalAnswer(click(emu, inbox, w.annId))).content, /^Your ticket is ready/, 'a failed click does not start the cooldown');
  });

  test('an unexpected error shows a code that the log carries with the stack', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId });
    emu.injectFault({ route: THREADS_ROUTE, status: 400 });
    const answer = await finalAnswer(click(emu, inbox, w.annId));
    const m = /^Something unexpected went wrong \(error code ([0-9a-f]{4})\)\. If it keeps happening, please tell <@(\d+)>\.$/.exec(answer.content);
    assert.ok(m, answer.content);
    assert.equal(m[2], w.ownerUserId);
    assert.match(b.logs(), new RegExp(`Unexpected error ${m[1]}`));
    assert.match(b.logs(), /DiscordAPIError/);
    assert.equal(emu.threads(w.plainId).length, 0);
    assert.equal(await countRows(b.store.db, 'pending_ticket'), 0);
  });

  test('a 5xx on create-thread: the bot looks for the thread before the one retry; never a second thread', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });

    let since = lastRequestId();
    emu.injectFault({ route: THREADS_ROUTE, status: 500 });
    const ok = await finalAnswer(click(emu, inbox, w.annId));
    assert.match(ok.content, /^Your ticket is ready/);
    const sequence = emu.requests.filter((r) => r.id > since && (r.route === THREADS_ROUTE || r.route === 'GET /guilds/:id/threads/active')).map((r) => `${r.route} ${r.status}`);
    assert.deepEqual(sequence, [`${THREADS_ROUTE} 500`, 'GET /guilds/:id/threads/active 200', `${THREADS_ROUTE} 201`]);
    assert.equal(emu.threads(w.plainId).length, 1);

    // Two edge errors in a row: looked for twice, sent twice, then the member is told.
    since = lastRequestId();
    emu.injectFault({ route: THREADS_ROUTE, status: 502, times: 2 });
    const failed = await finalAnswer(click(emu, inbox, w.bobId));
    assert.equal(failed.content, "Discord didn't confirm that your ticket was opened. Please try again in a moment.");
    assert.equal(creates(since).length, 2);
    assert.equal(emu.threads(w.plainId).length, 1);
    assert.equal(await countRows(b.store.db, 'pending_ticket'), 0);
    assert.match((await finalAnswer(click(emu, inbox, w.bobId))).content, /^Your ticket is ready/, 'no cooldown after a failure');
  });

  test('when even the search for the thread fails, the click is kept for the next start, which drops it when no thread exists', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    // Nobody looks again while running (see ticket-hardening.test.ts): the next start does.
    b.bot.deps.tickets.lookAgainMs = [];
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });
    const since = lastRequestId();
    emu.injectFault({ route: THREADS_ROUTE, status: 500 });
    // The shared REST client retries reads: fail the first try and its three retries.
    emu.injectFault({ route: 'GET /guilds/:id/threads/active', status: 500, times: 4 });
    const answer = await finalAnswer(click(emu, inbox, w.annId));
    assert.equal(answer.content, "I can't tell yet whether Discord opened your ticket. Please wait a moment: if it was opened, the link will appear here.");
    assert.match(b.logs(), /WARN  theticketbot\.tickets: Could not tell whether a ticket thread was created/);
    assert.equal(creates(since).length, 1, 'not sent again without knowing');
    assert.equal(await countRows(b.store.db, 'pending_ticket'), 1, 'kept for the next start');
    assert.match((await finalAnswer(click(emu, inbox, w.annId))).content, /too quickly/, 'the cooldown stands');

    const report = await reconcile(b.bot.deps);
    assert.equal(report.clicksDropped, 1);
    assert.equal(await countRows(b.store.db, 'pending_ticket'), 0);
    assert.equal(emu.threads(w.plainId).length, 0);
  });

  test('a timeout on create-thread is never followed by a second request; a thread that was created anyway is used', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    b.bot.deps.rest.options.timeout = 300;
    b.bot.deps.tickets.recheckDelayMs = 10;
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0, name: 'case-$counter' });

    let since = lastRequestId();
    emu.injectFault({ route: THREADS_ROUTE, timeout: true });
    const failed = await finalAnswer(click(emu, inbox, w.annId));
    assert.equal(failed.content, "Discord didn't confirm that your ticket was opened. Please try again in a moment.");
    assert.equal(creates(since).length, 1, 'no retry after a timeout');
    assert.equal(emu.requests.filter((r) => r.id > since && r.route === 'GET /guilds/:id/threads/active').length, 2);
    assert.equal(emu.threads(w.plainId).length, 0);

    // Discord created the thread but the answer never came: the bot finds and uses it.
    b.bot.deps.rest.options.timeout = 1500;
    b.bot.deps.tickets.recheckDelayMs = 5000;
    since = lastRequestId();
    emu.injectFault({ route: THREADS_ROUTE, timeout: true });
    const handle = click(emu, inbox, w.bobId);
    const held = await until('the held request', () => creates(since)[0]);
    const created = await asBot(emu, 'POST', `/channels/${w.plainId}/threads`, (held.body as any), { 'X-Audit-Log-Reason': 'test: Discord created it' });
    const ok = await finalAnswer(handle);
    assert.equal(ok.content, `Your ticket is ready: https://discord.com/channels/${w.guildId}/${created.id}`);
    assert.equal(emu.threads(w.plainId).length, 1);
    assert.equal(creates(since).filter((r) => auditReason(r.headers) !== 'test: Discord created it').length, 1, 'the bot sent one request');
    assert.equal((await ticketRow(b.store.db, created.id))?.owner_id, w.bobId);
    await until('the starter in the adopted thread', () => botMessages(created.id).length === 1);
    await until('bob in the adopted thread', () => memberIds(created.id).includes(w.bobId));
  });
});
