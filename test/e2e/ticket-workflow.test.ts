// The ticket workflow (SPEC §10) end to end, against the emulator with the real bot: the
// card, close (button and command, with and without the bot's Manage Threads), claim,
// reopen (by command and by writing), rename (and Discord's rename limit), add and
// remove, and for each action who may do it: the owner, staff named in the inbox, staff
// through a role, a moderator with Manage Threads, and an outsider (refused, nothing
// changed). Every log line is checked where it lands.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { getTicket } from '../../src/store/tickets.ts';
import { auditReason, startTicketBot, ticketRow, until, type InProcessBot } from './ticket-fixture.ts';
import {
  botMessages,
  buildWorkflowWorld,
  closeWithButton,
  discordChanges,
  inThread,
  lastRequestId,
  openTicket,
  reply,
  ticketCommand,
  workflowInbox,
  type WorkflowWorld,
} from './workflow-fixture.ts';

describe('the ticket workflow', () => {
  let emu: Emulator;
  let w: WorkflowWorld;
  let b: InProcessBot;
  let managed: string;
  let plain: string;
  before(async () => {
    emu = await startEmulator();
    w = buildWorkflowWorld(emu);
    b = await startTicketBot(emu);
    managed = await workflowInbox(emu, b, w, w.ticketsId);
    plain = await workflowInbox(emu, b, w, w.plainId);
  });
  after(async () => {
    await b?.stop();
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const meta = (threadId: string) => emu.getChannel(threadId)!.thread_metadata!;
  const logLines = () => botMessages(emu, w.logId).map((m) => m.content);
  const patches = (threadId: string, since: number) => emu.requests.filter((r) => r.id > since && r.method === 'PATCH' && r.path === `/channels/${threadId}`);

  test('the card: the starter message, unchanged, with Close and Claim; the opening is logged', async () => {
    const before = logLines().length;
    const { threadId, cardId } = await openTicket(emu, b, managed, w.annId, w.logId);
    const card = emu.message(cardId)!;
    assert.match(card.content, new RegExp(`^<@${w.annId}> thanks for opening a ticket!`));
    assert.deepEqual(card.components, [
      {
        type: 1,
        components: [
          { type: 2, style: 4, custom_id: 'ticket-close', label: 'Close' },
          { type: 2, style: 2, custom_id: 'ticket-claim', label: 'Claim' },
        ],
      },
    ]);
    // The mentions still add the owner and the staff to the private thread.
    for (const id of [w.annId, w.namedId, w.roledId]) assert.ok(inThread(emu, threadId, id), id);
    await until('the opening logged', () => logLines().length > before);
    assert.deepEqual(logLines().slice(before), [`<#${threadId}> opened by <@${w.annId}>`]);
    const post = emu.requests.findLast((r) => r.method === 'POST' && r.path === `/channels/${w.logId}/messages`)!;
    assert.deepEqual((post.body as any).allowed_mentions, { parse: [] }, 'log lines ping nobody');
  });

  test('closing with the button and a reason: notice, archived and locked (the bot has Manage Threads), audit reason, logged', async () => {
    const { threadId, cardId } = await openTicket(emu, b, managed, w.annId, w.logId);
    const since = lastRequestId(emu);
    const logged = logLines().length;
    const answer = await closeWithButton(emu, cardId, w.annId, 'Solved,\nthanks @everyone!');
    assert.deepEqual([answer.content, answer.ephemeral], ['The ticket is closed.', true]);
    await until('archived and locked', () => meta(threadId).archived && meta(threadId).locked);
    const notice = botMessages(emu, threadId).at(-1)!;
    assert.equal(notice.content, `<@${w.annId}> closed this ticket.\nReason: Solved,\nthanks @everyone!`);
    assert.equal(notice.mention_everyone, false);
    const noticePost = emu.requests.find((r) => r.id > since && r.method === 'POST' && r.path === `/channels/${threadId}/messages`)!;
    assert.deepEqual((noticePost.body as any).allowed_mentions, { parse: [] });
    const patch = patches(threadId, since);
    assert.deepEqual(patch.map((r) => r.body), [{ archived: true, locked: true }]);
    assert.equal(auditReason(patch[0]!.headers), 'Ticket closed by ann');
    await until('stored as archived', async () => (await ticketRow(b.store.db, threadId))?.archived === 1);
    await until('the close logged', () => logLines().length > logged);
    assert.deepEqual(logLines().slice(logged), [`<#${threadId}> closed by <@${w.annId}>: Solved, thanks @everyone!`]);
    // Closed is closed: the button says so and changes nothing.
    const again = lastRequestId(emu);
    assert.equal((await closeWithButton(emu, cardId, w.namedId, null)).content, 'This ticket is already closed.');
    assert.deepEqual(discordChanges(emu, again), []);
  });

  test('closing where the bot lacks Manage Threads archives without locking; /ticket close without a reason', async () => {
    const { threadId } = await openTicket(emu, b, plain, w.annId, w.logId);
    const since = lastRequestId(emu);
    const answer = await reply(ticketCommand(emu, w, w.namedId, threadId, 'close'));
    assert.deepEqual([answer.content, answer.ephemeral], ['The ticket is closed.', true]);
    await until('archived', () => meta(threadId).archived);
    assert.equal(meta(threadId).locked, false);
    assert.deepEqual(patches(threadId, since).map((r) => r.body), [{ archived: true }]);
    assert.equal(botMessages(emu, threadId).at(-1)!.content, `<@${w.namedId}> closed this ticket.`);
    // Archived and not locked: nothing locks it later either (the bot cannot).
    await until('stored as archived', async () => (await ticketRow(b.store.db, threadId))?.archived === 1);
    assert.equal(patches(threadId, since).length, 1);
  });

  test('each action, for each kind of person: owner, named staff, staff through a role, a moderator, an outsider', async () => {
    type Who = 'owner' | 'named' | 'roled' | 'moder' | 'outsider';
    const people: Record<Who, string> = { owner: w.annId, named: w.namedId, roled: w.roledId, moder: w.moderId, outsider: w.bobId };
    for (const who of Object.keys(people) as Who[]) {
      const actor = people[who];
      const staff = who !== 'owner' && who !== 'outsider';
      const { threadId, cardId } = await openTicket(emu, b, managed, w.annId, w.logId);
      // The outsider can act only once someone let them into the thread.
      if (who === 'outsider') emu.addThreadMember(threadId, w.bobId);
      const refusal = who === 'owner' || who === 'outsider' ? 'Only this ticket\'s staff can do that.' : null;

      // Claim with the button, then unclaim with it.
      let since = lastRequestId(emu);
      const claimed = emu.clickButton({ messageId: cardId, userId: actor, customId: 'ticket-claim' });
      if (staff) {
        assert.equal((await claimed.response).type, 7, `${who}: the card is updated in the answer`);
        assert.equal((await getTicket(b.store.db, threadId))!.claimedBy, actor);
        assert.ok(emu.message(cardId)!.content.endsWith(`\n\n-# Claimed by <@${actor}>`), who);
        const unclaimed = emu.clickButton({ messageId: cardId, userId: w.namedId, customId: 'ticket-claim' });
        assert.equal((await unclaimed.response).type, 7);
        assert.equal((await getTicket(b.store.db, threadId))!.claimedBy, null, 'any staff member may unclaim');
      } else {
        const a = await reply(claimed);
        assert.deepEqual([a.content, a.ephemeral], [refusal, true], who);
        assert.equal((await getTicket(b.store.db, threadId))!.claimedBy, null);
        assert.deepEqual(discordChanges(emu, since), [], `${who}: nothing changed`);
      }

      // Rename.
      since = lastRequestId(emu);
      const renamed = await reply(ticketCommand(emu, w, actor, threadId, 'rename', { name: `by-${who}` }));
      if (staff) {
        assert.equal(renamed.content, `The ticket is now called by-${who}.`);
        assert.equal(emu.getChannel(threadId)!.name, `by-${who}`);
      } else {
        assert.equal(renamed.content, refusal, who);
        assert.notEqual(emu.getChannel(threadId)!.name, `by-${who}`);
        assert.deepEqual(discordChanges(emu, since), []);
      }

      // Add someone, then remove them.
      since = lastRequestId(emu);
      const added = await reply(ticketCommand(emu, w, actor, threadId, 'add', { member: w.carlId }));
      assert.equal(added.content, staff ? `<@${w.carlId}> can now see this ticket.` : refusal, who);
      assert.equal(inThread(emu, threadId, w.carlId), staff);
      if (!staff) {
        emu.addThreadMember(threadId, w.carlId);
        since = lastRequestId(emu);
      }
      const removed = await reply(ticketCommand(emu, w, actor, threadId, 'remove', { member: w.carlId }));
      assert.equal(removed.content, staff ? `<@${w.carlId}> was removed from this ticket.` : refusal, who);
      assert.equal(inThread(emu, threadId, w.carlId), !staff);
      if (!staff) assert.deepEqual(discordChanges(emu, since), []);

      // Close with the button: the owner may, staff may, the outsider may not.
      since = lastRequestId(emu);
      const closed = await closeWithButton(emu, cardId, actor, null);
      if (who === 'outsider') {
        assert.equal(closed.content, 'Only the person who opened this ticket and its staff can close it.');
        assert.equal(closed.type, 4, 'refused at the button: no form');
        assert.deepEqual(discordChanges(emu, since), []);
        assert.equal(meta(threadId).archived, false);
        // Staff close it, so the reopen below has something to reopen.
        await closeWithButton(emu, cardId, w.namedId, null);
      } else {
        assert.equal(closed.content, 'The ticket is closed.', who);
      }
      await until(`${who}: archived and locked`, () => meta(threadId).archived && meta(threadId).locked);
      // The log line follows the archive: wait for it, so it is not taken for a change made by a refusal below.
      await until(`${who}: the close logged`, () => botMessages(emu, w.logId).some((m) => m.content.startsWith(`<#${threadId}> closed`)));

      // Reopen from #support with the ticket option: staff only.
      since = lastRequestId(emu);
      const reopened = await reply(ticketCommand(emu, w, actor, w.supportId, 'reopen', { ticket: threadId }));
      if (staff) {
        assert.match(reopened.content, /^The ticket is open again: https:\/\/discord\.com\/channels\//, who);
        assert.deepEqual([meta(threadId).archived, meta(threadId).locked], [false, false]);
      } else {
        assert.equal(reopened.content, refusal, who);
        assert.deepEqual([meta(threadId).archived, meta(threadId).locked], [true, true]);
        assert.deepEqual(discordChanges(emu, since), []);
      }
    }
  });

  test('claim shows on the card without pinging and in the log; /ticket claim and unclaim edit the card too', async () => {
    const { threadId, cardId } = await openTicket(emu, b, managed, w.annId, w.logId);
    const logged = logLines().length;
    const clicked = emu.clickButton({ messageId: cardId, userId: w.roledId, customId: 'ticket-claim' });
    const response = await clicked.response;
    assert.equal(response.type, 7);
    assert.deepEqual(response.data.allowed_mentions, { parse: [] }, 'the claimer is not pinged, nor are the starter mentions again');
    const card = emu.message(cardId)!;
    assert.deepEqual(
      (card.components![0] as any).components.map((c: any) => [c.custom_id, c.label]),
      [
        ['ticket-close', 'Close'],
        ['ticket-claim', 'Unclaim'],
      ],
    );
    await until('the claim logged', () => logLines().length > logged);
    assert.deepEqual(logLines().slice(logged), [`<#${threadId}> claimed by <@${w.roledId}>`]);

    // The command refuses what makes no sense, and says who has it.
    assert.equal((await reply(ticketCommand(emu, w, w.roledId, threadId, 'claim'))).content, 'You have already claimed this ticket.');
    assert.equal(
      (await reply(ticketCommand(emu, w, w.namedId, threadId, 'claim'))).content,
      `<@${w.roledId}> has already claimed this ticket. Unclaim it first if you want to take over.`,
    );
    assert.equal((await reply(ticketCommand(emu, w, w.namedId, threadId, 'unclaim'))).content, 'The ticket is no longer claimed.');
    assert.equal(emu.message(cardId)!.content, card.content.replace(`\n\n-# Claimed by <@${w.roledId}>`, ''), 'the claim line is gone again');
    assert.equal((await reply(ticketCommand(emu, w, w.namedId, threadId, 'unclaim'))).content, 'Nobody has claimed this ticket.');
    // From another channel, with the ticket option.
    assert.equal((await reply(ticketCommand(emu, w, w.moderId, w.supportId, 'claim', { ticket: threadId }))).content, 'You claimed this ticket.');
    assert.ok(emu.message(cardId)!.content.endsWith(`\n\n-# Claimed by <@${w.moderId}>`));
    const edit = emu.requests.findLast((r) => r.method === 'PATCH' && r.path === `/channels/${threadId}/messages/${cardId}`)!;
    assert.deepEqual((edit.body as any).allowed_mentions, { parse: [] });
    await until('all four logged', () => logLines().length >= logged + 3);
    assert.deepEqual(logLines().slice(logged), [
      `<#${threadId}> claimed by <@${w.roledId}>`,
      `<#${threadId}> unclaimed by <@${w.namedId}>`,
      `<#${threadId}> claimed by <@${w.moderId}>`,
    ]);
    // A closed ticket cannot be claimed (its card cannot change).
    await reply(ticketCommand(emu, w, w.namedId, threadId, 'close'));
    await until('archived', () => meta(threadId).archived);
    assert.equal(
      (await reply(emu.clickButton({ messageId: cardId, userId: w.namedId, customId: 'ticket-claim' }))).content,
      'This ticket is closed. Reopen it first with /ticket reopen.',
    );
  });

  test('reopen after a close: by command (unlocked, notice, logged), and by staff writing in it (logged)', async () => {
    const { threadId } = await openTicket(emu, b, managed, w.annId, w.logId);
    await reply(ticketCommand(emu, w, w.namedId, threadId, 'close', { reason: 'done' }));
    await until('archived and locked', () => meta(threadId).archived && meta(threadId).locked);
    await until('stored as archived', async () => (await ticketRow(b.store.db, threadId))?.archived === 1);
    await until('the close logged', () => logLines().includes(`<#${threadId}> closed by <@${w.namedId}>: done`));
    const since = lastRequestId(emu);
    const logged = logLines().length;
    const a = await reply(ticketCommand(emu, w, w.roledId, w.supportId, 'reopen', { ticket: threadId }));
    assert.equal(a.content, `The ticket is open again: https://discord.com/channels/${w.guildId}/${threadId}`);
    const patch = patches(threadId, since);
    assert.deepEqual(patch.map((r) => r.body), [{ archived: false, locked: false }]);
    assert.equal(auditReason(patch[0]!.headers), 'Ticket reopened by roled');
    assert.equal(botMessages(emu, threadId).at(-1)!.content, `<@${w.roledId}> reopened this ticket.`);
    await until('stored as open', async () => (await ticketRow(b.store.db, threadId))?.archived === 0);
    await until('the reopening logged', () => logLines().length > logged);
    // Logged once: the THREAD_UPDATE its own request caused is recognised as the bot's.
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(logLines().slice(logged), [`<#${threadId}> reopened by <@${w.roledId}>`]);
    assert.equal((await reply(ticketCommand(emu, w, w.roledId, w.supportId, 'reopen', { ticket: threadId }))).content, 'This ticket is already open.');

    // Closed again; the moderator (Manage Threads) writes in the locked ticket: Discord unarchives it.
    await reply(ticketCommand(emu, w, w.namedId, threadId, 'close'));
    await until('archived again', async () => meta(threadId).archived && (await ticketRow(b.store.db, threadId))?.archived === 1);
    await until('the second close logged', () => logLines().filter((l) => l.startsWith(`<#${threadId}> closed`)).length === 2);
    const before = logLines().length;
    emu.createMessage(threadId, w.moderId, { content: 'one more thing' });
    await until('unarchived by Discord', () => !meta(threadId).archived);
    await until('the reopening logged', () => logLines().length > before);
    assert.deepEqual(logLines().slice(before), [`<#${threadId}> reopened`]);
    await until('stored as open', async () => (await ticketRow(b.store.db, threadId))?.archived === 0);
  });

  test("an archived ticket the bot locks itself is not logged as reopened (its notice unarchives it for a moment)", async () => {
    const { threadId } = await openTicket(emu, b, managed, w.annId, w.logId);
    const before = logLines().length;
    emu.updateThread(threadId, { archived: true });
    await until('locked', () => meta(threadId).archived && meta(threadId).locked);
    await until('stored as archived', async () => (await ticketRow(b.store.db, threadId))?.archived === 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(logLines().slice(before), []);
  });

  test('rename: 1–100 characters, Discord’s limit answered at once with the seconds to wait, logged', async () => {
    const { threadId } = await openTicket(emu, b, managed, w.annId, w.logId);
    const logged = logLines().length;
    const oldName = emu.getChannel(threadId)!.name;
    assert.equal((await reply(ticketCommand(emu, w, w.namedId, threadId, 'rename', { name: '  first  ' }))).content, 'The ticket is now called first.');
    const first = emu.requests.findLast((r) => r.method === 'PATCH' && r.path === `/channels/${threadId}`)!;
    assert.deepEqual(first.body, { name: 'first' });
    assert.equal(auditReason(first.headers), 'Ticket renamed by named');
    assert.equal((await reply(ticketCommand(emu, w, w.namedId, threadId, 'rename', { name: 'first' }))).content, 'This ticket is already called first.');
    assert.equal((await reply(ticketCommand(emu, w, w.namedId, threadId, 'rename', { name: '   ' }))).content, "A ticket's name can't be empty.");
    await reply(ticketCommand(emu, w, w.namedId, threadId, 'rename', { name: 'second' }));
    const started = Date.now();
    const limited = await reply(ticketCommand(emu, w, w.namedId, threadId, 'rename', { name: 'third' }));
    assert.match(limited.content, /^Discord allows only two renames of a ticket every ten minutes\. Please try again <t:\d+:R> \((\d+) seconds\)\.$/);
    const seconds = Number(/\((\d+) seconds\)/.exec(limited.content)![1]);
    assert.ok(seconds > 500 && seconds <= 600, `about ten minutes: ${seconds}`);
    assert.ok(Date.now() - started < 5_000, 'answered without waiting the limit out');
    assert.equal(emu.getChannel(threadId)!.name, 'second');
    // The other requests on the thread do not wait behind it: closing still works at once.
    assert.equal((await reply(ticketCommand(emu, w, w.namedId, threadId, 'close'))).content, 'The ticket is closed.');
    await until('renames logged', () => logLines().length >= logged + 2);
    assert.deepEqual(logLines().slice(logged, logged + 2), [
      `<#${threadId}> renamed by <@${w.namedId}>: ${oldName} → first`,
      `<#${threadId}> renamed by <@${w.namedId}>: first → second`,
    ]);
  });

  test('removing the owner closes the ticket with one notice; the bot stays; add refuses who cannot see the channel', async () => {
    const { threadId } = await openTicket(emu, b, managed, w.annId, w.logId);
    assert.equal((await reply(ticketCommand(emu, w, w.namedId, threadId, 'remove', { member: emu.botUser.id }))).content, 'I need to stay in the ticket to look after it.');
    const hidden = emu.createUser({ username: 'hidden' }).id;
    emu.addMember(w.guildId, hidden);
    emu.setOverwrite(w.ticketsId, { id: hidden, type: 1, deny: 1n << 10n });
    const since = lastRequestId(emu);
    assert.equal(
      (await reply(ticketCommand(emu, w, w.namedId, threadId, 'add', { member: hidden }))).content,
      `<@${hidden}> can't see <#${w.ticketsId}>, so they couldn't see this ticket either. Let them view that channel first.`,
    );
    assert.deepEqual(discordChanges(emu, since), []);

    const logged = logLines().length;
    const removing = lastRequestId(emu);
    const a = await reply(ticketCommand(emu, w, w.namedId, threadId, 'remove', { member: w.annId }));
    assert.equal(a.content, `You removed <@${w.annId}>, who opened this ticket, so it is now closed.`);
    await until('archived and locked', () => meta(threadId).archived && meta(threadId).locked);
    // Removed, one notice, archived (the log line follows on its own).
    assert.deepEqual(discordChanges(emu, removing).filter((r) => r.includes(threadId)), [
      `DELETE /channels/${threadId}/thread-members/${w.annId}`,
      `POST /channels/${threadId}/messages`,
      `PATCH /channels/${threadId}`,
    ]);
    assert.equal(auditReason(patches(threadId, removing)[0]!.headers), 'Ticket owner removed by named');
    assert.equal(inThread(emu, threadId, w.annId), false);
    const notices = botMessages(emu, threadId).slice(1);
    assert.deepEqual(notices.map((m) => m.content), [`<@${w.namedId}> removed <@${w.annId}> from this ticket, so it is now archived.`]);
    await until('logged', () => logLines().length > logged);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(logLines().slice(logged), [`<#${threadId}> closed: <@${w.namedId}> removed <@${w.annId}>`]);
    assert.equal(botMessages(emu, threadId).length, 2, 'the owner-left event it caused adds nothing');
  });

  test('outside a ticket: "not a ticket", whoever asks', async () => {
    for (const sub of ['close', 'claim', 'unclaim', 'reopen'] as const) {
      const a = await reply(ticketCommand(emu, w, w.moderId, w.supportId, sub));
      assert.deepEqual([a.content, a.ephemeral], ["This isn't a ticket. Use this inside a ticket, or pick one with the `ticket` option.", true], sub);
    }
    const thread = emu.createChannel(w.guildId, { type: 12, parentId: w.ticketsId, name: 'not ours', ownerId: w.moderId, members: [w.moderId] });
    assert.match((await reply(ticketCommand(emu, w, w.moderId, w.supportId, 'close', { ticket: thread.id }))).content, /^This isn't a ticket/);
  });

  test('the bot names what it lacks before acting', async () => {
    const { threadId } = await openTicket(emu, b, plain, w.annId, w.logId);
    emu.setOverwrite(w.plainId, { id: emu.botUser.id, type: 1, deny: 1n << 38n });
    await until('the bot to know', () => b.bot.deps.state.guilds.get(w.guildId)?.channels.get(w.plainId)?.overwrites.some((o) => o.id === emu.botUser.id));
    const since = lastRequestId(emu);
    const a = await closeWithButton(emu, emu.messages(threadId)[0]!.id, w.annId, null);
    assert.equal(a.content, `I need these permissions in <#${w.plainId}>: Send Messages in Threads`);
    assert.deepEqual(discordChanges(emu, since), []);
    emu.deleteOverwrite(w.plainId, emu.botUser.id);
  });

  test("localised: answers in the member's language, card, notices, audit reasons and log lines in the server's", async () => {
    const de = buildWorkflowWorld(emu, { preferredLocale: 'de' });
    const inbox = await workflowInbox(emu, b, de, de.ticketsId);
    const { threadId, cardId } = await openTicket(emu, b, inbox, de.annId, de.logId);
    assert.deepEqual(
      (emu.message(cardId)!.components![0] as any).components.map((c: any) => c.label),
      ['Schließen', 'Übernehmen'],
    );
    const clicked = emu.clickButton({ messageId: cardId, userId: de.namedId, customId: 'ticket-claim', locale: 'fr' });
    assert.equal((await clicked.response).type, 7);
    assert.ok(emu.message(cardId)!.content.endsWith(`-# Übernommen von <@${de.namedId}>`));
    const clickClose = emu.clickButton({ messageId: cardId, userId: de.annId, customId: 'ticket-close', locale: 'fr' });
    await clickClose.response;
    assert.equal(clickClose.modal().title, 'Fermer ce ticket');
    const since = lastRequestId(emu);
    const a = await reply(emu.submitModal({ from: clickClose, fields: { reason: 'merci' }, locale: 'fr' }));
    assert.equal(a.content, 'Le ticket est fermé.');
    await until('archived', () => meta(threadId).archived);
    assert.equal(botMessages(emu, threadId).at(-1)!.content, `<@${de.annId}> hat dieses Ticket geschlossen.\nGrund: merci`);
    assert.equal(auditReason(patches(threadId, since)[0]!.headers), 'Ticket geschlossen von ann');
    await until('logged', () => botMessages(emu, de.logId).length >= 3);
    assert.deepEqual(botMessages(emu, de.logId).map((m) => m.content), [
      `<#${threadId}> eröffnet von <@${de.annId}>`,
      `<#${threadId}> übernommen von <@${de.namedId}>`,
      `<#${threadId}> geschlossen von <@${de.annId}>: merci`,
    ]);
  });
});
