// Gateway faults in the middle of real work (issue 5): the connection dropped during a
// burst of clicks is resumed and every click becomes exactly one ticket; an
// INVALID_SESSION makes the bot identify again, and what happened while no session
// existed is caught up by a reconciliation. No timing assertions: the interaction
// deadline is raised so a slow machine cannot turn a late answer into a lost click.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { buildTicketWorld, click, countRows, finalAnswer, postInbox, startTicketBot, threadIdOf, ticketRow, until } from './ticket-fixture.ts';

describe('gateway faults during work', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ heartbeatIntervalMs: 1000, interactionResponseDeadlineMs: 60_000, rateLimits: false });
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  test('connection dropped in the middle of a burst: resumed, every click one ticket, none twice', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inboxId = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId });
    const members: string[] = [];
    for (let i = 0; i < 24; i++) {
      const user = emu.createUser({ username: `burst${i}` });
      emu.addMember(w.guildId, user.id);
      members.push(user.id);
    }
    const resumesBefore = emu.gatewayStats().resumes;

    const handles = members.slice(0, 12).map((id) => click(emu, inboxId, id));
    // Dropped without a close frame, as a network failure would; the session stays resumable
    // and the clicks below are kept for the resume.
    emu.dropConnections({ abnormal: true });
    handles.push(...members.slice(12).map((id) => click(emu, inboxId, id)));

    const answers = await Promise.all(handles.map((h) => finalAnswer(h)));
    const threadIds = answers.map((a, i) => {
      assert.match(a.content, /Your ticket is ready/, `member ${i} got a ticket: ${a.content}`);
      return threadIdOf(a.content);
    });
    assert.equal(new Set(threadIds).size, members.length, 'one distinct thread per click');
    assert.ok(emu.gatewayStats().resumes > resumesBefore, 'the session was resumed, not started again');

    const threads = emu.threads(w.plainId);
    assert.equal(threads.length, members.length, 'no thread created twice');
    for (const [i, id] of threadIds.entries()) {
      assert.equal((await ticketRow(b.store.db, id))?.owner_id, members[i], 'recorded for the member who clicked');
      const starters = emu.messages(id).filter((m) => m.author.id === emu.botUser.id);
      assert.equal(starters.length, 1, 'one starter message per ticket');
    }
    assert.equal(await countRows(b.store.db, 'pending_ticket'), 0, 'no click left half-done');
  });

  test('INVALID_SESSION: the bot identifies again and catches up on what it missed', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inboxId = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId });
    const answer = await finalAnswer(click(emu, inboxId, w.bobId));
    const threadId = threadIdOf(answer.content);
    const identifiesBefore = emu.gatewayStats().identifies;

    // The session is gone for good; the member leaves before the bot has a new one, so the
    // bot is never told (nothing is replayed into a new session).
    emu.sendInvalidSession(false);
    emu.removeMember(w.guildId, w.bobId);

    await until('a new session', () => emu.gatewayStats().identifies > identifiesBefore);
    await until('the ticket of the departed owner closed by the catch-up', () => {
      const thread = emu.getChannel(threadId) as { thread_metadata?: { archived: boolean; locked: boolean } } | undefined;
      return thread?.thread_metadata?.archived === true && thread.thread_metadata.locked === true;
    });
    // The row is written once Discord has answered the archive request, a moment after the thread changed.
    await until('the stored state follows', async () => (await ticketRow(b.store.db, threadId))?.archived === 1);
    const notices = emu.messages(threadId).filter((m) => m.author.id === emu.botUser.id && /left the server/.test(m.content));
    assert.equal(notices.length, 1, 'one notice for the departure');
    await until('the catch-up logged', () => /Reconciliation after a new gateway session finished/.test(b.logs()));

    // Still serving after the new session.
    const again = await finalAnswer(click(emu, inboxId, w.annId));
    assert.match(again.content, /Your ticket is ready/);
  });
});
