// Topics and intake forms (SPEC §11) end to end, against the emulator with the real bot:
// /inbox topics builds an inbox of three topic buttons and one with a menu, each topic
// opening its tickets in its own channel, with its own staff and name; a form with every
// kind of question at its length limits; answers that would ping or format are posted
// literally; limits and the cooldown are checked before the form and again on submit; a
// removed topic leaves its tickets working; an inbox the Python bot made gains a topic.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator, type InteractionHandle, type Message } from '../../emulator/src/index.ts';
import { parseTopicManagerId, type TopicAction } from '../../src/domain/custom-ids.ts';
import { getTicket } from '../../src/store/tickets.ts';
import { addQuestion, addTopic, getTopicStyle, listQuestions, listTopics, setTopicDestination, setTopicLimits } from '../../src/store/topics.ts';
import { topicComponents } from '../../src/discord/inbox/inbox-message.ts';
import { buildPythonDb } from '../fixtures/python-db.ts';
import { answer } from './inbox-fixture.ts';
import { asBot, createTicketRow, finalAnswer, P, startTicketBot, threadIdOf, until, type InProcessBot } from './ticket-fixture.ts';
import { botMessages, buildWorkflowWorld, closeWithButton, inThread, workflowInbox, type WorkflowWorld } from './workflow-fixture.ts';

interface View {
  id: string;
  content: string;
  components: any[];
}

describe('topics and intake forms', () => {
  let emu: Emulator;
  let w: WorkflowWorld;
  let b: InProcessBot;
  let bugsId: string;
  let appealsId: string;
  let bugLogId: string;
  const admin = () => emu.application.ownerId;
  before(async () => {
    emu = await startEmulator();
    w = buildWorkflowWorld(emu);
    const managed = [{ id: emu.botUser.id, type: 1 as const, allow: P.ManageThreads }];
    bugsId = emu.createChannel(w.guildId, { name: 'bugs', permissionOverwrites: managed }).id;
    appealsId = emu.createChannel(w.guildId, { name: 'appeals', permissionOverwrites: managed }).id;
    bugLogId = emu.createChannel(w.guildId, { name: 'bug-log' }).id;
    b = await startTicketBot(emu);
  });
  after(async () => {
    await b?.stop();
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  // ---------------------------------------------------------------- the manager

  const viewOf = (messageId: string): View => {
    const m = emu.message(messageId)!;
    return { id: m.id, content: m.content, components: m.components as any[] };
  };

  /** /inbox topics, then Select this message on the inbox: the manager. */
  async function openTopics(inboxId: string, channelId = w.supportId): Promise<View> {
    const command = emu.runSlashCommand({ guildId: w.guildId, channelId, userId: admin(), command: 'inbox', subcommand: 'topics' });
    assert.equal((await answer(command)).ephemeral, true);
    const picked = emu.runMessageCommand({ guildId: w.guildId, channelId, userId: admin(), command: 'Select this message', targetMessageId: inboxId });
    const shown = await answer(picked);
    assert.equal(shown.ephemeral, true);
    return viewOf(picked.original()!.id);
  }

  const controls = (v: View): any[] => v.components.flatMap((row) => row.components);
  const control = (v: View, action: TopicAction): any => {
    const found = controls(v).find((c) => parseTopicManagerId(String(c.custom_id))?.action === action);
    assert.ok(found, `the view has a ${action} control: ${controls(v).map((c) => c.custom_id).join(', ')}`);
    return found;
  };

  /** The manager after a button, menu or form: the updated view, or the refusal's text. */
  async function settled(handle: InteractionHandle, messageId: string): Promise<View | { refused: string }> {
    const response = await handle.response;
    if (response.type === 7) return viewOf(messageId);
    return { refused: (await answer(handle)).content };
  }
  const shown = (result: View | { refused: string }): View => {
    assert.ok(!('refused' in result), `refused: ${'refused' in result ? result.refused : ''}`);
    return result;
  };

  const press = (v: View, action: TopicAction): InteractionHandle => emu.clickButton({ messageId: v.id, userId: admin(), customId: control(v, action).custom_id });
  const pick = async (v: View, action: TopicAction, values: string[]) =>
    settled(emu.selectMenu({ messageId: v.id, userId: admin(), customId: control(v, action).custom_id, values }), v.id);

  /** Opens the form behind `action` and submits it with `fields`. */
  async function fill(v: View, action: TopicAction, fields: Record<string, string | string[]>): Promise<View | { refused: string }> {
    const opened = press(v, action);
    assert.equal((await opened.response).type, 9, `${action} opens a form`);
    return settled(emu.submitModal({ from: opened, fields }), v.id);
  }

  const buttonsOf = (messageId: string): any[] => (emu.message(messageId)!.components as any[]).flatMap((row) => row.components);

  /** Shows topics added straight to the database on the inbox message, as the manager would. */
  async function rebuild(inboxId: string): Promise<void> {
    const components = topicComponents(listTopics(b.store.db, inboxId), getTopicStyle(b.store.db, inboxId), { button: 'Create Ticket', placeholder: 'What is your ticket about?' });
    await asBot(emu, 'PATCH', `/channels/${w.supportId}/messages/${inboxId}`, { components });
  }

  // ---------------------------------------------------------------- members

  const ready = /^Your ticket is ready: /;

  async function openedBy(handle: InteractionHandle): Promise<string> {
    const final = await finalAnswer(handle);
    assert.match(final.content, ready);
    return threadIdOf(final.content);
  }

  const clickTopic = (inboxId: string, topicId: string, userId: string) => emu.clickButton({ messageId: inboxId, userId, customId: `create-ticket:${topicId}` });

  /** The card and the answers after it, once the owner is in. */
  async function ticketMessages(threadId: string, ownerId: string, count: number): Promise<Message[]> {
    await until('the owner in the ticket', () => inThread(emu, threadId, ownerId));
    return until(`${count} messages in the ticket`, () => (botMessages(emu, threadId).length >= count ? botMessages(emu, threadId) : null));
  }

  // ---------------------------------------------------------------- tests

  test('/inbox topics: three topic buttons, each opening tickets in its own channel, with its own staff and name', async () => {
    const inbox = await workflowInbox(emu, b, w, w.ticketsId);
    let v = await openTopics(inbox);
    assert.match(v.content, /^\*\*Topics of https:\/\/discord\.com\/channels\/.+\*\*\nThis inbox has no topics yet/);

    // Adding the first topic makes the one button a topic too: two buttons.
    v = shown(await fill(v, 'add', { label: 'Bug report', emoji: '🐛' }));
    assert.match(v.content, /^\*\*Topic 🐛 Bug report\*\* of /);
    assert.match(v.content, /Added 🐛 Bug report\. The inbox message shows it\.$/);
    const topics = listTopics(b.store.db, inbox);
    assert.deepEqual(topics.map((t) => [t.label, t.emoji]), [['Create Ticket', null], ['Bug report', '🐛']]);
    await until('the inbox message rebuilt', () => buttonsOf(inbox).length === 2);
    assert.deepEqual(buttonsOf(inbox), [
      { type: 2, style: 1, custom_id: `create-ticket:${topics[0]!.id}`, label: 'Create Ticket' },
      { type: 2, style: 1, custom_id: `create-ticket:${topics[1]!.id}`, label: 'Bug report', emoji: { name: '🐛' } },
    ]);
    assert.equal((emu.message(inbox)!.embeds as any[])[0]?.description, 'Need help? Click below.', 'the inbox text stays');

    // The bug topic: its channel, its staff (the named member only), its name.
    v = shown(await pick(v, 'destination', [bugsId]));
    assert.match(v.content, new RegExp(`\\*\\*Opens tickets in:\\*\\* <#${bugsId}>`));
    v = shown(await pick(v, 'staff', [w.roledId]));
    v = shown(await fill(v, 'templates', { name: 'bug-$counter-$topic', starter: '$author reported a bug; $staff will look. ($topic)' }));
    assert.match(v.content, /\*\*Ticket name:\*\* `bug-\$counter-\$topic`/);
    v = shown(await settled(press(v, 'access'), v.id));
    v = shown(await pick(v, 'log', [bugLogId]));
    v = shown(await settled(press(v, 'topic'), v.id));
    assert.match(v.content, new RegExp(`\\*\\*Log channel:\\*\\* <#${bugLogId}>`));

    // A third topic, then the first renamed.
    v = shown(await settled(press(v, 'list'), v.id));
    v = shown(await fill(v, 'add', { label: 'Ban appeal', emoji: '' }));
    v = shown(await pick(v, 'destination', [appealsId]));
    v = shown(await fill(v, 'templates', { name: 'appeal-$author', starter: '' }));
    v = shown(await settled(press(v, 'list'), v.id));
    v = shown(await pick(v, 'pick', [topics[0]!.id]));
    v = shown(await fill(v, 'look', { label: 'General', emoji: '💬' }));
    await until('three buttons', () => buttonsOf(inbox).length === 3 && buttonsOf(inbox)[0].label === 'General');
    const [general, bug, appeal] = listTopics(b.store.db, inbox);
    assert.deepEqual(buttonsOf(inbox).map((c) => [c.custom_id, c.label, c.emoji?.name ?? null]), [
      [`create-ticket:${general!.id}`, 'General', '💬'],
      [`create-ticket:${bug!.id}`, 'Bug report', '🐛'],
      [`create-ticket:${appeal!.id}`, 'Ban appeal', null],
    ]);

    // Each topic routes to its own channel, with its own staff and name.
    const generalTicket = await openedBy(clickTopic(inbox, general!.id, w.annId));
    b.now.ms += 61_000;
    const bugTicket = await openedBy(clickTopic(inbox, bug!.id, w.annId));
    b.now.ms += 61_000;
    const appealTicket = await openedBy(clickTopic(inbox, appeal!.id, w.annId));
    b.now.ms += 61_000;
    assert.deepEqual(
      [generalTicket, bugTicket, appealTicket].map((id) => emu.getChannel(id)!.parent_id),
      [w.ticketsId, bugsId, appealsId],
    );
    assert.equal(emu.getChannel(bugTicket)!.name, 'bug-0002-Bug report');
    assert.equal(emu.getChannel(appealTicket)!.name, 'appeal-Annie');
    const [bugCard] = await ticketMessages(bugTicket, w.annId, 1);
    assert.equal(bugCard!.content, `<@${w.annId}> reported a bug; <@${w.roledId}> will look. (Bug report)`);
    assert.ok(inThread(emu, bugTicket, w.roledId), 'the topic staff is added');
    assert.ok(!inThread(emu, bugTicket, w.namedId), "the inbox's staff is not");
    const [generalCard] = await ticketMessages(generalTicket, w.annId, 1);
    assert.match(generalCard!.content, new RegExp(`<@${w.namedId}>`), "a topic without staff of its own has the inbox's");
    assert.equal(getTicket(b.store.db, bugTicket)!.topicId, bug!.id);

    // The topic's staff is the ticket's staff: it may claim it (the inbox's staff cannot even see it).
    const claim = emu.clickButton({ messageId: bugCard!.id, userId: w.roledId, customId: 'ticket-claim' });
    assert.equal((await claim.response).type, 7, 'the card is updated in the answer');
    assert.equal(getTicket(b.store.db, bugTicket)!.claimedBy, w.roledId);
    // Its events go to its own log channel; the other topics' to the inbox's.
    await until('the bug ticket logged in its channel', () => botMessages(emu, bugLogId).length === 2);
    assert.deepEqual(
      botMessages(emu, bugLogId).map((m) => m.content.split(' ').slice(0, 2).join(' ')),
      [`<#${bugTicket}> opened`, `<#${bugTicket}> claimed`],
    );
    await until('the general ticket logged in the inbox channel', () => botMessages(emu, w.logId).some((m) => m.content.startsWith(`<#${generalTicket}> opened`)));
    assert.ok(!botMessages(emu, w.logId).some((m) => m.content.includes(bugTicket)));
  });

  test('a menu of topics: the style switches, a member picks a topic and gets its ticket', async () => {
    const inbox = await workflowInbox(emu, b, w, w.ticketsId, { log: false });
    const implicit = { label: 'Create Ticket' };
    const first = addTopic(b.store.db, inbox, { label: 'Question', emoji: '❓' }, implicit);
    assert.equal(first.kind, 'added');
    const appeal = addTopic(b.store.db, inbox, { label: 'Appeal', emoji: null }, implicit);
    if (appeal.kind !== 'added') throw new Error('not added');
    setTopicDestination(b.store.db, appeal.topic.id, appealsId, w.guildId);

    let v = await openTopics(inbox);
    v = shown(await settled(press(v, 'style'), v.id));
    assert.match(v.content, /The inbox message now shows its topics as a menu\.$/);
    assert.equal(getTopicStyle(b.store.db, inbox), 'select');
    await until('the menu on the inbox message', () => buttonsOf(inbox)[0]?.type === 3);
    const menu = buttonsOf(inbox)[0];
    assert.equal(menu.custom_id, 'create-ticket-select');
    assert.deepEqual(
      menu.options.map((o: any) => [o.label, o.value, o.emoji?.name ?? null]),
      listTopics(b.store.db, inbox).map((t) => [t.label, t.id, t.emoji]),
    );
    const picked = emu.selectMenu({ messageId: inbox, userId: w.bobId, customId: 'create-ticket-select', values: [appeal.topic.id] });
    const ticket = await openedBy(picked);
    assert.equal(emu.getChannel(ticket)!.parent_id, appealsId);
    b.now.ms += 61_000;

    // Back to buttons; refused while a label is too long for a button.
    addTopic(b.store.db, inbox, { label: 'x'.repeat(90), emoji: null }, implicit);
    v = viewOf(v.id);
    const refused = await settled(press(v, 'style'), v.id);
    assert.ok('refused' in refused);
    assert.match(refused.refused, /^A button's label can be at most 80 characters/);
    assert.equal(getTopicStyle(b.store.db, inbox), 'select', 'nothing changed');
  });

  test('a form with every kind of question, at the length limits; the answers ping nobody and stay literal', async () => {
    const inbox = await workflowInbox(emu, b, w, w.ticketsId, { log: false });
    const added = addTopic(b.store.db, inbox, { label: 'Report a member', emoji: '🚩' }, { label: 'Create Ticket' });
    if (added.kind !== 'added') throw new Error('not added');
    const topicId = added.topic.id;
    await rebuild(inbox);
    // The questions through the manager: short, paragraph and choice.
    let v = await openTopics(inbox);
    v = shown(await pick(v, 'pick', [topicId]));
    v = shown(await settled(press(v, 'form'), v.id));
    assert.match(v.content, /No questions: the ticket opens straight away\./);
    v = shown(await fill(v, 'add-short', { question: 'Who?', placeholder: 'Their name', required: ['yes'], 'min-length': '3', 'max-length': '40' }));
    v = shown(await fill(v, 'add-paragraph', { question: 'What happened?', placeholder: '', required: ['no'], 'min-length': '', 'max-length': '' }));
    v = shown(await fill(v, 'add-choice', { question: 'Where?', placeholder: 'Pick a place', required: ['yes'], choices: 'Voice\n  Text chat \n\nDMs' }));
    assert.match(v.content, /1\. \*\*Who\?\*\* \(short text, required, 3–40 characters\)\n2\. \*\*What happened\?\*\* \(paragraph, optional, 0–4000 characters\)\n3\. \*\*Where\?\*\* \(choice, required, 3 options\)/);
    // Wrong questions are refused, nothing saved.
    const wrong = await fill(v, 'add-choice', { question: 'Dup', placeholder: '', required: ['yes'], choices: 'a\nA' });
    assert.deepEqual(wrong, { refused: 'The option "A" is there twice. Nothing was saved.' });
    const order = await fill(v, 'add-short', { question: 'Len', placeholder: '', required: ['yes'], 'min-length': '50', 'max-length': '10' });
    assert.deepEqual(order, { refused: "The shortest answer can't be longer than the longest. Nothing was saved." });
    assert.equal(listQuestions(b.store.db, topicId).length, 3);

    // A member clicks: the form first, as Discord documents modals.
    const clicked = clickTopic(inbox, topicId, w.carlId);
    assert.equal((await clicked.response).type, 9);
    const modal = clicked.modal();
    assert.equal(modal.title, 'Report a member');
    const [who, what, where] = listQuestions(b.store.db, topicId);
    assert.deepEqual(modal.components, [
      { type: 18, label: 'Who?', component: { type: 4, custom_id: `answer:${who!.id}`, style: 1, required: true, min_length: 3, max_length: 40, placeholder: 'Their name' } },
      { type: 18, label: 'What happened?', component: { type: 4, custom_id: `answer:${what!.id}`, style: 2, required: false } },
      {
        type: 18,
        label: 'Where?',
        component: {
          type: 3,
          custom_id: `answer:${where!.id}`,
          options: ['Voice', 'Text chat', 'DMs'].map((c) => ({ label: c, value: c })),
          min_values: 1,
          max_values: 1,
          required: true,
          placeholder: 'Pick a place',
        },
      },
    ]);
    // The client holds the member to the limits.
    assert.throws(() => emu.submitModal({ from: clicked, fields: { [`answer:${who!.id}`]: 'ab', [`answer:${where!.id}`]: ['DMs'] } }));

    const longest = `@everyone <@${w.annId}> <@&${w.helpersRoleId}> **bold** # not a heading\n# heading\n[masked](https://example.com) \`\`\`fence\n`;
    const paragraph = (longest + 'x'.repeat(4000)).slice(0, 4000);
    const who40 = `<@${w.bobId}> @here ${'y'.repeat(40)}`.slice(0, 40);
    const submitted = emu.submitModal({ from: clicked, fields: { [`answer:${who!.id}`]: who40, [`answer:${what!.id}`]: paragraph, [`answer:${where!.id}`]: ['Text chat'] } });
    const ticket = await openedBy(submitted);
    const messages = await ticketMessages(ticket, w.carlId, 3);
    // The card, then the answers (4000 characters and their escapes take two messages).
    const answers = messages.slice(1);
    assert.ok(answers.length >= 2);
    const posts = emu.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${ticket}/messages`).slice(1);
    for (const post of posts) assert.deepEqual((post.body as any).allowed_mentions, { parse: [] });
    for (const m of answers) {
      assert.equal(m.mention_everyone, false);
      assert.deepEqual(m.mentions, []);
      assert.deepEqual(m.mention_roles, []);
      assert.ok(m.content.length <= 2000);
    }
    const text = answers.map((m) => m.content).join('\n');
    assert.match(text, /^Answers to the form "Report a member"\n\n\*\*Who\?\*\*\n> \\<\\@/);
    assert.ok(text.includes(`\\<\\@${w.bobId}\\> \\@here`));
    assert.ok(text.includes(`> \\@everyone \\<\\@${w.annId}\\> \\<\\@&${w.helpersRoleId}\\> \\*\\*bold\\*\\* # not a heading\n> \\# heading\n> \\[masked\\](https://example.com) \\\`\\\`\\\`fence`));
    assert.ok(text.includes('**Where?**\n> Text chat'));
    // Nobody was added to the ticket by the answers' mentions.
    assert.ok(!inThread(emu, ticket, w.bobId));
    assert.ok(!inThread(emu, ticket, w.annId));
    // Answers are never stored.
    const tables = b.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const dump = JSON.stringify(tables.map((t) => b.store.db.prepare(`SELECT * FROM "${t}"`).all()), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    assert.ok(dump.includes('Pick a place'), 'the form itself is stored');
    for (const given of [who40, 'x'.repeat(100)]) assert.ok(!dump.includes(given), 'no answer is');
  });

  test('limits and the cooldown are checked before the form and again on submit: a late second submit opens nothing', async () => {
    const inbox = await workflowInbox(emu, b, w, w.ticketsId, { log: false });
    const added = addTopic(b.store.db, inbox, { label: 'Application', emoji: null }, { label: 'Create Ticket' });
    if (added.kind !== 'added') throw new Error('not added');
    const topicId = added.topic.id;
    const q = addQuestion(b.store.db, topicId, { kind: 'short', label: 'Why?', placeholder: '', required: true, minLength: null, maxLength: null, choices: [] });
    if (q.kind !== 'added') throw new Error('not added');
    const field = `answer:${q.question.id}`;
    setTopicLimits(b.store.db, topicId, { maxTickets: 1, cooldownSeconds: 0 });
    await rebuild(inbox);

    // Two devices open the form; the first submit opens a ticket, the second is refused.
    const first = clickTopic(inbox, topicId, w.carlId);
    const second = clickTopic(inbox, topicId, w.carlId);
    assert.equal((await first.response).type, 9);
    assert.equal((await second.response).type, 9);
    const ticket = await openedBy(emu.submitModal({ from: first, fields: { [field]: 'one' } }));
    const late = await finalAnswer(emu.submitModal({ from: second, fields: { [field]: 'two' } }));
    assert.match(late.content, /^You have reached the limit of open tickets for this inbox/);
    assert.ok(late.content.includes(ticket));
    assert.equal(b.store.db.prepare('SELECT count(*) FROM ticket WHERE topic_id = ?').pluck().get(BigInt(topicId)), 1n);
    // Now the limit is known before the form: no form.
    const third = clickTopic(inbox, topicId, w.carlId);
    assert.equal((await third.response).type, 4);
    assert.match((await answer(third)).content, /^You have reached the limit/);
    // The limit is the topic's own: the inbox's other topic still opens.
    const other = listTopics(b.store.db, inbox)[0]!;
    await openedBy(clickTopic(inbox, other.id, w.carlId));

    // The cooldown: the topic's own, five minutes, no limit.
    setTopicLimits(b.store.db, topicId, { maxTickets: 0, cooldownSeconds: 300 });
    const a = clickTopic(inbox, topicId, w.bobId);
    const c = clickTopic(inbox, topicId, w.bobId);
    assert.equal((await a.response).type, 9);
    assert.equal((await c.response).type, 9);
    await openedBy(emu.submitModal({ from: a, fields: { [field]: 'one' } }));
    const cooled = await finalAnswer(emu.submitModal({ from: c, fields: { [field]: 'two' } }));
    assert.equal(cooled.content, "You're opening tickets too quickly. Please try again in 300 seconds.");
    const before = clickTopic(inbox, topicId, w.bobId);
    assert.equal((await before.response).type, 4, 'no form during the cooldown');
    b.now.ms += 301_000;
    assert.equal((await clickTopic(inbox, topicId, w.bobId).response).type, 9);
  });

  test('answers Discord would not take: the ticket stays, and the member is asked to write them', async () => {
    const inbox = await workflowInbox(emu, b, w, appealsId, { log: false });
    const added = addTopic(b.store.db, inbox, { label: 'Appeal', emoji: null }, { label: 'Create Ticket' });
    if (added.kind !== 'added') throw new Error('not added');
    const q = addQuestion(b.store.db, added.topic.id, { kind: 'paragraph', label: 'Why?', placeholder: '', required: true, minLength: null, maxLength: null, choices: [] });
    if (q.kind !== 'added') throw new Error('not added');
    await rebuild(inbox);
    // The second message posted in a new ticket under #appeals (the answers) meets a 500.
    const posted = new Map<string, number>();
    const onRequest = (r: { method: string; path: string }): void => {
      const m = /^\/channels\/(\d+)\/messages$/.exec(r.path);
      if (r.method !== 'POST' || !m || emu.getChannel(m[1]!)?.parent_id !== appealsId) return;
      const n = (posted.get(m[1]!) ?? 0) + 1;
      posted.set(m[1]!, n);
      if (n === 2) emu.injectFault({ route: new RegExp(`^POST /channels/${m[1]}/messages$`), status: 500 });
    };
    emu.events.on('request', onRequest);
    try {
      const clicked = clickTopic(inbox, added.topic.id, w.bobId);
      assert.equal((await clicked.response).type, 9);
      const final = await finalAnswer(emu.submitModal({ from: clicked, fields: { [`answer:${q.question.id}`]: 'I was wrong.' } }));
      assert.match(final.content, /^Your ticket is ready: https:\/\/\S+\nI couldn't post your answers in it, and they were not kept: please write them in the ticket\.$/);
      const ticket = threadIdOf(final.content);
      assert.equal(emu.getChannel(ticket)!.thread_metadata!.archived, false, 'the ticket stays open');
      assert.equal(botMessages(emu, ticket).length, 1, 'the card only: the answers were sent once, not again');
      assert.equal(emu.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${ticket}/messages`).length, 2);
    } finally {
      emu.events.off('request', onRequest);
      emu.clearFaults();
    }
    b.now.ms += 61_000;
  });

  test('every step validates, names what the bot lacks, re-checks Manage Server, and saves nothing half-done', async () => {
    const inbox = await workflowInbox(emu, b, w, w.ticketsId, { log: false });
    const noThreads = emu.createChannel(w.guildId, { name: 'no-threads', permissionOverwrites: [{ id: emu.botUser.id, type: 1, deny: P.CreatePrivateThreads }] }).id;
    let v = await openTopics(inbox);
    assert.deepEqual(await fill(v, 'add', { label: 'Bug', emoji: 'bug' }), {
      refused: 'That is not an emoji. Use one emoji, or a server emoji written as <:name:id>. Nothing was saved.',
    });
    assert.deepEqual(listTopics(b.store.db, inbox), [], 'not even the implicit topic was written');
    v = shown(await fill(v, 'add', { label: 'Bug', emoji: '<:bug:123456789012345678>' }));
    const bug = listTopics(b.store.db, inbox)[1]!;
    await until('the server emoji on the button', () => buttonsOf(inbox)[1]?.emoji?.id === '123456789012345678');
    assert.deepEqual(buttonsOf(inbox)[1].emoji, { id: '123456789012345678', name: 'bug' });

    const refused = await pick(v, 'destination', [noThreads]);
    assert.deepEqual(refused, { refused: `I need these permissions in <#${noThreads}>: Create Private Threads` });
    assert.equal(listTopics(b.store.db, inbox)[1]!.destinationId, null);
    assert.deepEqual(await fill(v, 'limits', { 'max-tickets': '26', cooldown: '' }), {
      refused: '**Open tickets per member** must be a whole number from 0 to 25. Nothing was saved.',
    });
    assert.deepEqual([listTopics(b.store.db, inbox)[1]!.maxTickets, listTopics(b.store.db, inbox)[1]!.cooldownSeconds], [null, null]);
    v = shown(await fill(v, 'limits', { 'max-tickets': '2', cooldown: '' }));
    assert.deepEqual([listTopics(b.store.db, inbox)[1]!.maxTickets, listTopics(b.store.db, inbox)[1]!.cooldownSeconds], [2, null], 'empty is the inbox\'s');

    // Someone who lost Manage Server after opening the manager changes nothing.
    const managers = emu.createRole(w.guildId, { name: 'Topic managers', permissions: 1n << 5n });
    const manager = emu.createUser({ username: 'topic-manager' }).id;
    emu.addMember(w.guildId, manager, { roles: [managers.id] });
    const command = emu.runSlashCommand({ guildId: w.guildId, channelId: w.supportId, userId: manager, command: 'inbox', subcommand: 'topics' });
    await answer(command);
    const picked = emu.runMessageCommand({ guildId: w.guildId, channelId: w.supportId, userId: manager, command: 'Select this message', targetMessageId: inbox });
    await answer(picked);
    const theirs = viewOf(picked.original()!.id);
    emu.updateMember(w.guildId, manager, { roles: [] });
    const select = emu.selectMenu({ messageId: theirs.id, userId: manager, customId: control(theirs, 'pick').custom_id, values: [bug.id] });
    assert.equal((await answer(select)).content, 'You need the **Manage Server** permission to change inboxes, so nothing was saved.');
    const style = emu.clickButton({ messageId: theirs.id, userId: manager, customId: control(theirs, 'style').custom_id });
    assert.equal((await answer(style)).content, 'You need the **Manage Server** permission to change inboxes, so nothing was saved.');
    assert.equal(getTopicStyle(b.store.db, inbox), 'buttons');

    // The form editor: pick a question, move it, edit it, remove one.
    v = shown(await settled(press(v, 'form'), v.id));
    v = shown(await fill(v, 'add-short', { question: 'First', placeholder: '', required: ['yes'], 'min-length': '', 'max-length': '' }));
    v = shown(await fill(v, 'add-choice', { question: 'Second', placeholder: '', required: ['no'], choices: 'a\nb' }));
    const [first, second] = listQuestions(b.store.db, bug.id);
    v = shown(await pick(v, 'pick-question', [second!.id]));
    assert.match(v.content, /^2\. \*\*Second\*\* \(choice, optional, 2 options\)\n- a\n- b$/);
    v = shown(await settled(press(v, 'q-up'), v.id));
    assert.match(v.content, /^1\. \*\*Second\*\*/);
    assert.match(v.content, /Saved the new order\.$/);
    const edited = await fill(v, 'q-edit', { question: 'Second, renamed', placeholder: 'Pick one', required: ['yes'], choices: 'a\nb\nc' });
    v = shown(edited);
    assert.deepEqual(
      listQuestions(b.store.db, bug.id).map((q) => [q.label, q.kind, q.required, q.placeholder, q.choices]),
      [
        ['Second, renamed', 'choice', true, 'Pick one', ['a', 'b', 'c']],
        ['First', 'short', true, '', []],
      ],
    );
    v = shown(await settled(press(v, 'q-remove'), v.id));
    assert.match(v.content, /Removed the question "Second, renamed"\.$/);
    assert.deepEqual(listQuestions(b.store.db, bug.id).map((q) => [q.id, q.position]), [[first!.id, 0]]);

    // Reordering topics rebuilds the inbox message in the new order.
    v = shown(await settled(press(v, 'topic'), v.id));
    v = shown(await settled(press(v, 'up'), v.id));
    await until('the new order on the inbox message', () => buttonsOf(inbox)[0]?.label === 'Bug');
    assert.deepEqual(buttonsOf(inbox).map((c) => c.label), ['Bug', 'Create Ticket']);
    v = shown(await settled(press(v, 'up'), v.id));
    assert.match(v.content, /It is already at that end\.$/);
  });

  test('removing a topic rebuilds the inbox message and leaves its tickets working', async () => {
    const inbox = await workflowInbox(emu, b, w, w.ticketsId, { log: false });
    addTopic(b.store.db, inbox, { label: 'Keep', emoji: null }, { label: 'Create Ticket' });
    const gone = addTopic(b.store.db, inbox, { label: 'Goes', emoji: null }, { label: 'Create Ticket' });
    if (gone.kind !== 'added') throw new Error('not added');
    setTopicDestination(b.store.db, gone.topic.id, bugsId, w.guildId);
    await rebuild(inbox);
    const ticket = await openedBy(clickTopic(inbox, gone.topic.id, w.annId));
    b.now.ms += 61_000;
    const [card] = await ticketMessages(ticket, w.annId, 1);

    let v = await openTopics(inbox);
    v = shown(await pick(v, 'pick', [gone.topic.id]));
    v = shown(await settled(press(v, 'remove'), v.id));
    assert.match(v.content, /^Remove the topic Goes and its form\? Tickets already opened from it stay open/);
    v = shown(await settled(press(v, 'confirm-remove'), v.id));
    assert.match(v.content, /Removed Goes\.$/);
    await until('two buttons', () => buttonsOf(inbox).length === 2);
    assert.deepEqual(buttonsOf(inbox).map((c) => c.label), ['Create Ticket', 'Keep']);

    // The ticket is still the inbox's, and its card still closes it.
    assert.deepEqual([getTicket(b.store.db, ticket)!.inboxId, getTicket(b.store.db, ticket)!.topicId], [inbox, null]);
    const closed = await closeWithButton(emu, card!.id, w.annId, null);
    assert.equal(closed.content, 'The ticket is closed.');
  });
});

// Its own emulator: one bot per application at a time.
describe('an inbox made by the Python bot', () => {
  let emu: Emulator;
  let w: WorkflowWorld;
  let b: InProcessBot;
  const admin = () => emu.application.ownerId;
  before(async () => {
    emu = await startEmulator();
    w = buildWorkflowWorld(emu);
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });
  const buttonsOf = (messageId: string): any[] => (emu.message(messageId)!.components as any[]).flatMap((row) => row.components);
  const ready = /^Your ticket is ready: /;
  async function openedBy(handle: InteractionHandle): Promise<string> {
    const final = await finalAnswer(handle);
    assert.match(final.content, ready);
    return threadIdOf(final.content);
  }
  async function addTopicThroughManager(inboxId: string, label: string, emoji: string): Promise<void> {
    const command = emu.runSlashCommand({ guildId: w.guildId, channelId: w.supportId, userId: admin(), command: 'inbox', subcommand: 'topics' });
    await answer(command);
    const picked = emu.runMessageCommand({ guildId: w.guildId, channelId: w.supportId, userId: admin(), command: 'Select this message', targetMessageId: inboxId });
    await answer(picked);
    const manager = picked.original()!;
    const add = (manager.components as any[]).flatMap((row) => row.components).find((c) => parseTopicManagerId(String(c.custom_id))?.action === 'add');
    const opened = emu.clickButton({ messageId: manager.id, userId: admin(), customId: add.custom_id });
    assert.equal((await opened.response).type, 9);
    assert.equal((await emu.submitModal({ from: opened, fields: { label, emoji } }).response).type, 7);
  }

  test('an inbox the Python bot made gains a second topic: its message carries two buttons, both open tickets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ttb-topics-python-'));
    const path = join(dir, 'python.db');
    const message = (await asBot(emu, 'POST', `/channels/${w.supportId}/messages`, { content: 'Open a ticket', components: createTicketRow })) as { id: string };
    const db = buildPythonDb(path);
    const big = (id: string) => BigInt(id);
    db.prepare('INSERT INTO guild (id) VALUES (?)').run(big(w.guildId));
    for (const channel of [w.supportId, w.ticketsId]) db.prepare('INSERT INTO channel (id, guild_id) VALUES (?, ?)').run(big(channel), big(w.guildId));
    db.prepare('INSERT INTO message (id, channel_id) VALUES (?, ?)').run(big(message.id), big(w.supportId));
    db.prepare('INSERT INTO inbox (id, destination_id) VALUES (?, ?)').run(big(message.id), big(w.ticketsId));
    db.close();

    const python = await startTicketBot(emu, { dbPath: path });
    b = python;
    try {
      // Its bare button still works before any topic.
      const before = await finalAnswer(emu.clickButton({ messageId: message.id, userId: w.annId, customId: 'create-ticket' }));
      assert.match(before.content, ready);
      python.now.ms += 61_000;

      await addTopicThroughManager(message.id, 'Appeal', '⚖️');
      await until('two buttons', () => buttonsOf(message.id).length === 2);
      const [implicit, appeal] = listTopics(python.store.db, message.id);
      assert.deepEqual(buttonsOf(message.id), [
        { type: 2, style: 1, custom_id: `create-ticket:${implicit!.id}`, label: 'Create Ticket' },
        { type: 2, style: 1, custom_id: `create-ticket:${appeal!.id}`, label: 'Appeal', emoji: { name: '⚖️' } },
      ]);
      assert.equal(emu.message(message.id)!.content, 'Open a ticket', 'its text stays');
      // The Python bot's inbox allows one open ticket per member, across its topics.
      const first = await openedBy(emu.clickButton({ messageId: message.id, userId: w.bobId, customId: `create-ticket:${implicit!.id}` }));
      const second = await openedBy(emu.clickButton({ messageId: message.id, userId: w.carlId, customId: `create-ticket:${appeal!.id}` }));
      assert.notEqual(first, second);
    } finally {
      await python.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
