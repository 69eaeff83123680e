// Create Ticket against what real Discord does and a busy server meets (issue 9): edits
// of the original response carry only documented fields, a gateway event delivered twice
// is handled once, the starter is never posted twice even without Read Message History,
// a member who cannot see the destination is told so, timeouts count, the first answer
// comes before any slow check, an unresolved click counts against the limit, and an
// archived ticket is locked even when its notice cannot be posted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { reconcile } from '../../src/discord/reconcile.ts';
import { toDb } from '../../src/store/ids.ts';
import { buildTicketWorld, click, finalAnswer, P, postInbox, startTicketBot, threadIdOf, until } from './ticket-fixture.ts';

const EDIT_ORIGINAL = 'PATCH /webhooks/:id/:id/messages/:id';
const THREADS_ROUTE = 'POST /channels/:id/threads';
/** The only flags Edit Webhook Message documents: SUPPRESS_EMBEDS and IS_COMPONENTS_V2. */
const EDITABLE_FLAGS = (1 << 2) | (1 << 15);

describe('Create Ticket hardening', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const lastRequestId = () => emu.requests.at(-1)?.id ?? 0;
  const botMessages = (channelId: string) => emu.messages(channelId).filter((m) => m.author.id === emu.botUser.id);
  const memberIds = (threadId: string) => emu.threadMembers(threadId).map((m: any) => String(m.user_id ?? m.id));

  test('edits of the original response carry only the flags Discord documents for them', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });
    const since = lastRequestId();
    // Refused after "Opening your ticket…": the refusal is an edit of that reply.
    emu.injectFault({ route: THREADS_ROUTE, status: 403 });
    const refused = await finalAnswer(click(emu, inbox, w.annId));
    assert.match(refused.content, /permissions I need/);
    assert.ok((refused.flags & 64) !== 0, 'still only the member sees it');
    assert.match((await finalAnswer(click(emu, inbox, w.annId))).content, /^Your ticket is ready/);
    const edits = emu.requests.filter((r) => r.id > since && r.route === EDIT_ORIGINAL);
    assert.ok(edits.length >= 2, 'both answers were edits');
    for (const edit of edits) {
      const flags = (edit.body as { flags?: number }).flags;
      assert.ok(flags === undefined || (flags & ~EDITABLE_FLAGS) === 0, `an edit sent flags ${flags}`);
      assert.ok(!('tts' in (edit.body as object)), 'an edit takes no tts');
    }
  });

  test('the same INTERACTION_CREATE delivered twice is handled once: the ready reply stays', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu, { verbosity: 1 });
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId });
    const handle = click(emu, inbox, w.annId);
    const ready = await finalAnswer(handle);
    assert.match(ready.content, /^Your ticket is ready/);
    const callbacks = () => emu.requests.filter((r) => r.path.startsWith(`/interactions/${handle.id}/`));
    assert.equal(callbacks().length, 1);

    emu.dispatch('INTERACTION_CREATE', handle.payload, { guildId: w.guildId });
    await until('the duplicate to be noticed (or mishandled)', () => b.logs().includes(`duplicate interaction ${handle.id}`) || handle.original()?.content !== ready.content);
    // Whatever the second delivery would have done, it would have started with a request.
    const probe = await finalAnswer(click(emu, inbox, w.bobId));
    assert.match(probe.content, /^Your ticket is ready/);
    assert.equal(handle.original()?.content, ready.content, 'the ready link is not overwritten');
    assert.equal(callbacks().length, 1, 'no second response');
    assert.equal(emu.threads(w.plainId).length, 2);
  });

  test('without Read Message History the starter is still posted once: after a lost answer, and at the next start', async (t) => {
    const w = buildTicketWorld(emu);
    // Discord lists no messages to a bot without Read Message History.
    emu.setOverwrite(w.plainId, { id: w.botRoleId, type: 0, deny: P.ReadMessageHistory });
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    b.bot.deps.tickets.recheckDelayMs = 10;
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });

    // The starter is posted, then the edge answers 502.
    emu.injectFault({ route: 'POST /channels/:id/messages', status: 502, after: true });
    const answer = await finalAnswer(click(emu, inbox, w.annId));
    assert.match(answer.content, /^Your ticket is ready/);
    const threadId = threadIdOf(answer.content);
    assert.equal(botMessages(threadId).length, 1, 'one starter, one ping for everyone');
    await until('ann in the thread', () => memberIds(threadId).includes(w.annId));

    // A click an older version left recorded with its thread: the next start finishes it
    // without posting the starter again.
    b.store.db
      .sqlite.prepare('INSERT INTO pending_ticket (inbox_id, owner_id, parent_id, name, counter, created_at, thread_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(toDb(inbox), toDb(w.annId), toDb(w.plainId), 'ann', 1n, BigInt(Date.now()), toDb(threadId));
    const report = await reconcile(b.bot.deps);
    assert.equal(report.startersPosted, 0);
    assert.equal(botMessages(threadId).length, 1);
    assert.equal(Number(b.store.db.sqlite.prepare('SELECT count(*) FROM pending_ticket').pluck().get()), 0);
  });

  test('an archived ticket is locked even when its notice cannot be posted, and a refused lock is not retried on every update', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu, { verbosity: 1 });
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId, maxTickets: 0 });
    const open = async (userId: string): Promise<string> => {
      const id = threadIdOf((await finalAnswer(click(emu, inbox, userId))).content);
      await until('the owner in the thread', () => memberIds(id).includes(userId));
      return id;
    };
    const meta = (id: string) => emu.getChannel(id)?.thread_metadata;
    const requestsTo = (id: string, since: number) => emu.requests.filter((r) => r.id > since && r.path.startsWith(`/channels/${id}`) && r.method !== 'GET');

    // The notice is refused; the lock must still happen.
    const first = await open(w.annId);
    let since = lastRequestId();
    emu.injectFault({ route: 'POST /channels/:id/messages', status: 403 });
    emu.updateThread(first, { archived: true });
    await until('the lock attempt to finish', () => requestsTo(first, since).some((r) => r.method === 'PATCH' && r.status !== 0) && b.bot.deps.tickets.threads.size === 0);
    await until('the ticket locked', () => meta(first)?.archived && meta(first)?.locked);
    assert.equal(botMessages(first).length, 1, 'no notice, and none posted twice');
    assert.equal(requestsTo(first, since).filter((r) => r.method === 'POST').length, 1, 'the notice was tried once');

    // Without Send Messages in Threads no notice can go out, and Discord refuses the lock
    // itself as well: one attempt, not one more per THREAD_UPDATE.
    const second = await open(w.bobId);
    emu.setOverwrite(w.ticketsId, { id: emu.botUser.id, type: 1, allow: P.ManageThreads, deny: P.MentionEveryone | P.SendMessagesInThreads });
    since = lastRequestId();
    emu.injectFault({ route: 'PATCH /channels/:id', status: 403 });
    emu.updateThread(second, { archived: true });
    await until('the lock attempt to finish', () => requestsTo(second, since).some((r) => r.method === 'PATCH' && r.status !== 0) && b.bot.deps.tickets.threads.size === 0);
    const tried = requestsTo(second, since).length;
    assert.deepEqual(requestsTo(second, since).map((r) => `${r.method} ${r.status}`), ['PATCH 403'], 'no notice it may not send; one refused lock');
    emu.updateThread(second, { autoArchiveDuration: 60 });
    emu.updateThread(second, { autoArchiveDuration: 1440 });
    await until('both updates handled', () => requestsTo(second, since).length > tried || (b.logs().match(new RegExp(`Not locking ticket ${second} again`, 'g'))?.length ?? 0) === 2);
    assert.equal(requestsTo(second, since).length, tried, 'no new attempt for an update that changes nothing');
    assert.equal(meta(second)?.locked, false);
  });

  test('timeouts: a timed-out bot does not try what Discord would refuse; a timed-out member is told, not given a ticket they cannot write in', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId, maxTickets: 0 });
    const anHourOn = () => new Date(Date.now() + 3_600_000).toISOString();
    /** Events arrive in order: once a channel made after a change is known, so is the change. */
    const seen = async (what: string) => {
      const marker = emu.createChannel(w.guildId, { name: `marker-${what}` });
      await until(what, () => b.bot.deps.state.guilds.get(w.guildId)!.channels.has(marker.id));
    };

    // The member: a timeout leaves them View Channel and Read Message History only.
    emu.updateMember(w.guildId, w.bobId, { communicationDisabledUntil: anHourOn() });
    let since = lastRequestId();
    const bob = await finalAnswer(click(emu, inbox, w.bobId));
    assert.match(bob.content, /^You're timed out on this server, so you couldn't write in a ticket\. Please try again <t:\d+:R>\.$/);
    assert.equal(emu.requests.filter((r) => r.id > since && r.route === THREADS_ROUTE).length, 0);
    assert.match((await finalAnswer(click(emu, inbox, w.bobId, 'de'))).content, /^Du bist auf diesem Server im Timeout/);
    emu.updateMember(w.guildId, w.bobId, { communicationDisabledUntil: null });

    const ticket = threadIdOf((await finalAnswer(click(emu, inbox, w.annId))).content);
    await until('ann in the thread', () => memberIds(ticket).includes(w.annId));
    const quiet = threadIdOf((await finalAnswer(click(emu, inbox, w.quietId))).content);
    await until('quiet in the thread', () => memberIds(quiet).includes(w.quietId));

    // The bot: timed out, it may not create threads, post, archive or lock.
    emu.updateMember(w.guildId, emu.botUser.id, { communicationDisabledUntil: anHourOn() });
    await seen('the bot timed out');
    since = lastRequestId();
    b.now.ms += 61_000;
    const refused = await finalAnswer(click(emu, inbox, w.helperId));
    assert.equal(refused.content, "I don't have the permissions I need to open a ticket here. Please let a server admin know.");
    assert.equal(emu.requests.filter((r) => r.id > since && r.route === THREADS_ROUTE).length, 0, 'known without asking Discord');

    emu.updateThread(ticket, { archived: true });
    await until('the archive stored', () => b.store.db.sqlite.prepare('SELECT archived FROM ticket WHERE id = ?').pluck().get(toDb(ticket)) === 1n);
    await until('the update handled', () => b.bot.deps.tickets.threads.size === 0);
    assert.deepEqual(
      emu.requests.filter((r) => r.id > since && r.path.startsWith(`/channels/${ticket}`)).map((r) => `${r.method} ${r.status}`),
      [],
      'no notice and no lock while timed out',
    );

    // The owner leaves: the bot, still the thread's creator, archives it, but posts no
    // notice it may not send.
    emu.removeThreadMember(quiet, w.quietId);
    await seen('the owner leaving');
    await until('the departure handled', () => b.bot.deps.tickets.threads.size === 0);
    assert.deepEqual(
      emu.requests.filter((r) => r.id > since && r.path.startsWith(`/channels/${quiet}`)).map((r) => `${r.method} ${JSON.stringify(r.body)} ${r.status}`),
      ['PATCH {"archived":true} 200'],
    );
    assert.equal(botMessages(quiet).length, 1);
  });

  test('a member who cannot view the destination is told so (and the log says why), with no thread opened', async (t) => {
    const w = buildTicketWorld(emu);
    const trusted = emu.createRole(w.guildId, { name: 'Trusted' });
    emu.updateMember(w.guildId, w.bobId, { roles: [trusted.id] });
    const hidden = emu.createChannel(w.guildId, {
      name: 'hidden-tickets',
      permissionOverwrites: [
        { id: w.guildId, type: 0, deny: P.ViewChannel },
        { id: w.botRoleId, type: 0, allow: P.ViewChannel },
        { id: trusted.id, type: 0, allow: P.ViewChannel },
      ],
    });
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: hidden.id, maxTickets: 0 });
    const since = lastRequestId();

    const ann = await finalAnswer(click(emu, inbox, w.annId));
    assert.equal(ann.content, `You can't see <#${hidden.id}>, where this inbox opens its tickets, so you couldn't open yours. Please let a server admin know.`);
    assert.equal(emu.requests.filter((r) => r.id > since && r.route === THREADS_ROUTE).length, 0);
    assert.equal(emu.threads(hidden.id).length, 0);
    assert.match(b.logs(), new RegExp(`WARN  theticketbot\\.tickets: <@${w.annId}> cannot view channel ${hidden.id}, where inbox ${inbox} opens its tickets`));
    assert.match((await finalAnswer(click(emu, inbox, w.annId, 'fr'))).content, /^Tu ne peux pas voir <#\d+>/);

    // A role that may view it is enough.
    const bob = await finalAnswer(click(emu, inbox, w.bobId));
    assert.match(bob.content, /^Your ticket is ready/);
    await until('bob in the thread', () => memberIds(threadIdOf(bob.content)).includes(w.bobId));
  });

  test('at the limit, the member is answered before the bot asks Discord whether they are still in their tickets', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId });
    const first = threadIdOf((await finalAnswer(click(emu, inbox, w.annId))).content);
    await until('ann in the thread', () => memberIds(first).includes(w.annId));
    b.now.ms += 61_000;

    // Each membership check hangs until the client gives up, twice: longer than Discord's
    // 3 s for the first answer.
    b.bot.deps.rest.options.timeout = 1600;
    emu.injectFault({ route: 'GET /channels/:id/thread-members/:id', timeout: true, times: 2 });
    const slow = click(emu, inbox, w.annId);
    const again = click(emu, inbox, w.annId);
    for (const handle of [slow, again]) {
      const first = await handle.response.then(
        (r) => r.type,
        (error: Error) => error.message,
      );
      assert.equal(first, 5, 'acknowledged at once, the answer comes as an edit');
    }
    const limit = `You have reached the limit of open tickets for this inbox. Please finish your latest one first: https://discord.com/channels/${w.guildId}/${first}`;
    assert.equal((await slow.waitForOriginal((m) => m.content !== '')).content, limit);
    assert.equal((await again.waitForOriginal((m) => m.content !== '')).content, limit);
    assert.equal(emu.threads(w.plainId).length, 1);
  });

  test('a click whose thread Discord made but did not confirm counts against the limit, is told to wait, and is resolved while running', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const runtime = b.bot.deps.tickets;
    runtime.recheckDelayMs = 10;
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, name: '$author' });
    const WAIT = "I can't tell yet whether Discord opened your ticket. Please wait a moment: if it was opened, the link will appear here.";
    const unanswered = () => {
      // The thread is created, the answer lost; then every look fails (the client's three retries included).
      emu.injectFault({ route: THREADS_ROUTE, status: 500, after: true });
      emu.injectFault({ route: 'GET /guilds/:id/threads/active', status: 500, times: 4 });
    };
    const pendingRows = () => Number(b.store.db.sqlite.prepare('SELECT count(*) FROM pending_ticket').pluck().get());

    // Nobody looks again on their own for now: the member's next click does.
    runtime.lookAgainMs = [];
    unanswered();
    assert.equal((await finalAnswer(click(emu, inbox, w.annId))).content, WAIT);
    const made = emu.threads(w.plainId).filter((x) => x.name === 'Annie');
    assert.equal(made.length, 1);
    assert.equal(pendingRows(), 1);
    b.now.ms += 61_000;
    const next = await finalAnswer(click(emu, inbox, w.annId));
    assert.equal(next.content, `You have reached the limit of open tickets for this inbox. Please finish your latest one first: https://discord.com/channels/${w.guildId}/${made[0]!.id}`);
    assert.equal(emu.threads(w.plainId).filter((x) => x.name === 'Annie').length, 1, 'no second ticket');
    assert.equal(pendingRows(), 0);
    await until('the starter, and ann in the thread', () => botMessages(made[0]!.id).length === 1 && memberIds(made[0]!.id).includes(w.annId));

    // While the look keeps failing, the click still counts, and the member is asked to wait.
    unanswered();
    const bobFirst = click(emu, inbox, w.bobId);
    assert.equal((await finalAnswer(bobFirst)).content, WAIT);
    b.now.ms += 61_000;
    emu.injectFault({ route: 'GET /guilds/:id/threads/active', status: 500, times: 4 });
    assert.equal(
      (await finalAnswer(click(emu, inbox, w.bobId))).content,
      "I'm still checking with Discord whether your last ticket was opened. Please wait a moment, then try again.",
    );
    assert.equal(emu.threads(w.plainId).filter((x) => x.name === 'bob').length, 1);

    // Looking again by itself: the "wait" answer turns into the link.
    runtime.lookAgainMs = [20];
    unanswered();
    const helper = click(emu, inbox, w.helperId);
    const helperThread = await until('the helper thread', () => emu.threads(w.plainId).find((x) => x.name === 'helper'));
    const ready = await helper.waitForOriginal((m) => m.content.startsWith('Your ticket is ready'));
    assert.equal(ready.content, `Your ticket is ready: https://discord.com/channels/${w.guildId}/${helperThread.id}`);
    const edits = emu.requests.filter((r) => r.route === EDIT_ORIGINAL && r.path.includes(helper.token)).map((r) => (r.body as { content: string }).content);
    assert.deepEqual(edits, [WAIT, ready.content]);
    await until('the starter, and the helper in the thread', () => botMessages(helperThread.id).length === 1 && memberIds(helperThread.id).includes(w.helperId));
    assert.equal(pendingRows(), 1, "only bob's click is left, for his next click or the next start");
  });
});
