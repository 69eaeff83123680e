// The bot on PostgreSQL (db.url) against the emulator, as on SQLite: tickets open with
// exact ids, the limit and the cooldown hold (also for simultaneous clicks), a closed
// ticket frees the place, and a restart on the same database finds everything again. A
// topic's form, its own limit and its own cooldown hold there too, across a restart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { topicComponents } from '../../src/discord/inbox/inbox-message.ts';
import { getTicket } from '../../src/store/tickets.ts';
import { addQuestion, addTopic, listTopics, setTopicLimits } from '../../src/store/topics.ts';
import { freshPgDatabase, pgSkipReason, type TestDatabase } from '../fixtures/postgres.ts';
import { asBot, click, countRows, finalAnswer, startTicketBot, threadIdOf, ticketRow, until, type InProcessBot } from './ticket-fixture.ts';
import { buildWorkflowWorld, closeWithButton, openTicket, workflowInbox, type WorkflowWorld } from './workflow-fixture.ts';

const skip = pgSkipReason();
if (skip !== null) console.log(`# skipped the bot on PostgreSQL: ${skip}`);

describe('the bot on PostgreSQL', { skip: skip ?? false }, () => {
  let emu: Emulator;
  let database: TestDatabase;
  let b: InProcessBot;
  let w: WorkflowWorld;
  before(async () => {
    emu = await startEmulator();
    database = await freshPgDatabase();
    w = buildWorkflowWorld(emu);
    b = await startTicketBot(emu, { pgUrl: database.url });
  });
  after(async () => {
    await b?.stop();
    await database?.drop();
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  test('opens a ticket with every id exact, in two write transactions', async () => {
    assert.equal(b.store.db.dialect, 'postgres');
    const inbox = await workflowInbox(emu, b, w, w.ticketsId);
    const writes = b.store.stats.writeTransactions;
    const { threadId, cardId } = await openTicket(emu, b, inbox, w.annId, w.logId);
    assert.equal(b.store.stats.writeTransactions - writes, 2);
    assert.deepEqual(await ticketRow(b.store.db, threadId), { id: threadId, inbox_id: inbox, owner_id: w.annId, parent_id: w.ticketsId, archived: 0 });
    assert.ok(BigInt(threadId) > 2n ** 53n);

    const answer = await closeWithButton(emu, cardId, w.annId, 'done');
    assert.equal(answer.content, 'The ticket is closed.');
    await until('the close stored', async () => (await getTicket(b.store.db, threadId))?.archived === true);
  });

  test('the limit and the cooldown hold, also for three simultaneous clicks', async () => {
    const inbox = await workflowInbox(emu, b, w, w.plainId, { log: false });
    await b.store.db.q.updateTable('inbox').set({ max_tickets_per_user: 1 }).where('id', '=', BigInt(inbox)).execute();
    const answers = await Promise.all([click(emu, inbox, w.bobId), click(emu, inbox, w.bobId), click(emu, inbox, w.bobId)].map((h) => finalAnswer(h)));
    const ready = answers.filter((a) => a.content.startsWith('Your ticket is ready'));
    assert.equal(ready.length, 1, answers.map((a) => a.content).join('\n'));
    const first = threadIdOf(ready[0]!.content);
    b.now.ms += 15_500;
    assert.match((await finalAnswer(click(emu, inbox, w.bobId))).content, /^You have reached the limit of open tickets/);
    b.now.ms += 61_000;
    assert.equal(
      (await finalAnswer(click(emu, inbox, w.bobId))).content,
      `You have reached the limit of open tickets for this inbox. Please finish your latest one first: https://discord.com/channels/${w.guildId}/${first}`,
    );
    emu.updateThread(first, { archived: true });
    await until('the archive stored', async () => (await getTicket(b.store.db, first))?.archived === true);
    assert.match((await finalAnswer(click(emu, inbox, w.bobId))).content, /^Your ticket is ready/, 'a closed ticket frees the place');
    assert.equal(emu.threads(w.plainId).length, 2);
    assert.equal(await countRows(b.store.db, 'pending_ticket'), 0);
  });

  test('a restart on the same database knows the inboxes and tickets', async () => {
    const tickets = await countRows(b.store.db, 'ticket');
    await b.stop();
    b = await startTicketBot(emu, { pgUrl: database.url });
    assert.equal(await countRows(b.store.db, 'ticket'), tickets);
    const inbox = await workflowInbox(emu, b, w, w.ticketsId, { log: false });
    const { threadId } = await openTicket(emu, b, inbox, w.carlId);
    assert.equal((await getTicket(b.store.db, threadId))?.ownerId, w.carlId);
  });

  test("a topic's form, its own limit and its own cooldown are the database's: a late submit and a restart meet them", async () => {
    const inbox = await workflowInbox(emu, b, w, w.ticketsId, { log: false });
    const added = await addTopic(b.store.db, inbox, { label: 'Appeal', emoji: null }, { label: 'Create Ticket' });
    if (added.kind !== 'added') throw new Error(added.kind);
    const topicId = added.topic.id;
    const q = await addQuestion(b.store.db, topicId, { kind: 'short', label: 'Why?', placeholder: '', required: true, minLength: null, maxLength: null, choices: [] });
    if (q.kind !== 'added') throw new Error(q.kind);
    const field = `answer:${q.question.id}`;
    await setTopicLimits(b.store.db, topicId, { maxTickets: 0, cooldownSeconds: 300 });
    const components = topicComponents(await listTopics(b.store.db, inbox), 'buttons', { button: 'Create Ticket', placeholder: '' });
    await asBot(emu, 'PATCH', `/channels/${w.supportId}/messages/${inbox}`, { components });
    const clickTopic = () => emu.clickButton({ messageId: inbox, userId: w.carlId, customId: `create-ticket:${topicId}` });

    // Two devices open the form; the first submit opens the ticket, the second meets the topic's cooldown.
    const first = clickTopic();
    const second = clickTopic();
    assert.equal((await first.response).type, 9);
    assert.equal((await second.response).type, 9);
    const opened = await finalAnswer(emu.submitModal({ from: first, fields: { [field]: 'one' } }));
    assert.match(opened.content, /^Your ticket is ready/);
    const threadId = threadIdOf(opened.content);
    assert.equal((await getTicket(b.store.db, threadId))?.topicId, topicId);
    assert.equal((await finalAnswer(emu.submitModal({ from: second, fields: { [field]: 'two' } }))).content, "You're opening tickets too quickly. Please try again in 300 seconds.");
    const started = await b.store.db.q.selectFrom('topic_cooldown').select('started_at').where('topic_id', '=', BigInt(topicId)).execute();
    assert.deepEqual(started.map((r) => Number(r.started_at)), [b.now.ms], "the topic's cooldown, in the database");
    assert.deepEqual(await b.store.db.q.selectFrom('cooldown').select('user_id').where('inbox_id', '=', BigInt(inbox)).execute(), [], "the inbox's is untouched");

    // A restarted bot (nothing kept in memory) still holds the member back: no form.
    const at = b.now.ms;
    await b.stop();
    b = await startTicketBot(emu, { pgUrl: database.url });
    b.now.ms = at + 100_000;
    const held = await finalAnswer(clickTopic());
    assert.equal(held.content, "You're opening tickets too quickly. Please try again in 200 seconds.");
    // Once the cooldown is over, a limit of one of the topic's own holds the member back.
    await setTopicLimits(b.store.db, topicId, { maxTickets: 1, cooldownSeconds: 300 });
    b.now.ms += 201_000;
    assert.match((await finalAnswer(clickTopic())).content, /^You have reached the limit of open tickets/);
    assert.equal(await countRows(b.store.db, 'pending_ticket'), 0);
  });
});
