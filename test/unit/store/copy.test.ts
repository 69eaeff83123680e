// copy-db (src/store/copy.ts): a database the Python bot left, migrated and filled by this
// version, copied into an empty PostgreSQL database in one transaction: every row, ids
// exact, the next click (topic, question) numbered after the copied ones; a non-empty
// target is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyToPostgres } from '../../../src/store/copy.ts';
import { StoreError } from '../../../src/store/errors.ts';
import { createInbox, getInbox } from '../../../src/store/inboxes.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { claimClick, cooldownStart } from '../../../src/store/clicks.ts';
import { claimCatchUp, claimWeeklyRun } from '../../../src/store/coordination.ts';
import { addPending, completeTicket, getTicket, pendingInGuild } from '../../../src/store/tickets.ts';
import { addQuestion, addTopic, getTopicRoles, getTopicStaff, listQuestions, listTopics, setTopicRoles, setTopicStaff } from '../../../src/store/topics.ts';
import { buildPythonDb } from '../../fixtures/python-db.ts';
import { freshPgDatabase, pgSkipReason, type TestDatabase } from '../../fixtures/postgres.ts';

const skip = pgSkipReason();
const GUILD = '1246826841231327275';
const CHANNEL = '9007199254740993';
const INBOX = '9223372036854775807';
const OLD_INBOX = '9007199254740999';
const OWNER = '9007199254740995';
const THREAD = '9223372036854775806';
const TOPIC_THREAD = '9223372036854775805';
const WEEK = Date.UTC(2026, 10, 28);

describe('copy-db', { skip: skip ?? false }, () => {
  let dir: string;
  let source: Store;
  let target: TestDatabase;
  let topicId: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ttb-copy-'));
    const path = join(dir, 'python.db');
    const python = buildPythonDb(path);
    python.exec(`
      INSERT INTO guild (id) VALUES (${GUILD});
      INSERT INTO channel (id, guild_id) VALUES (${CHANNEL}, ${GUILD});
      INSERT INTO message (id, channel_id) VALUES (${OLD_INBOX}, ${CHANNEL});
      INSERT INTO inbox (id, starter_content, max_tickets_per_user, default_ticket_name, counter) VALUES (${OLD_INBOX}, 'hi', 2, 't-$counter', 7);
      INSERT INTO inbox_staff (inbox_id, mention) VALUES (${OLD_INBOX}, '<@&9007199254741005>');
      INSERT INTO setting (name, value) VALUES ('n', 42), ('blob', x'00ff'), ('text', 'abc');
    `);
    python.close();
    source = await openStore({ path, pragmas: [], keyTemplate: '' });
    await createInbox(source.db, { messageId: INBOX, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [`<@${OWNER}>`] });
    const at = 5;
    const done = await addPending(source.db, { inboxId: INBOX, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: at, name: (n) => `t-${n}` });
    await completeTicket(source.db, done, THREAD);
    await addPending(source.db, { inboxId: INBOX, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: at, name: (n) => `t-${n}` });
    // Topics, a form, a topic's staff and roles, a ticket of a topic and a topic's cooldown.
    const added = await addTopic(source.db, INBOX, { label: 'Appeal', emoji: '⚖️' }, { label: 'Create Ticket' });
    if (added.kind !== 'added') throw new Error(added.kind);
    topicId = added.topic.id;
    await addQuestion(source.db, topicId, { kind: 'choice', label: 'Which?', placeholder: '', required: true, minLength: null, maxLength: null, choices: ['a', 'b'] });
    await setTopicStaff(source.db, topicId, ['<@&9007199254741005>']);
    await setTopicRoles(source.db, topicId, 'blocked', ['9007199254741007']);
    const claimed = await claimClick(source.db, {
      inboxId: INBOX,
      ownerId: OWNER,
      guildId: GUILD,
      parentId: CHANNEL,
      createdAt: 9,
      topicId,
      cooldownTopicId: topicId,
      cooldownSeconds: 60,
      maxTickets: 0,
      name: (n) => `t-${n}`,
      isOpen: () => true,
      ignorePending: () => true,
    });
    if (claimed.kind !== 'claimed') throw new Error(claimed.kind);
    await completeTicket(source.db, claimed.pending, TOPIC_THREAD);
    // A week's clean-up that ran (copied), and a running process's catch-up lease (not copied).
    assert.ok(await claimWeeklyRun(source.db, { weekStart: WEEK, shardCount: 1, shardId: 0, now: WEEK + 1 }));
    assert.equal((await claimCatchUp(source.db, { guildIds: [GUILD], owner: 'a', now: WEEK, leaseMs: 60_000 })).size, 1);
    target = await freshPgDatabase();
  });
  after(async () => {
    await source?.close();
    await target?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every row with ids exact, and reports the counts', async () => {
    const report = await copyToPostgres(source.db, target.url);
    const counts = Object.fromEntries(report.counts.map((c) => [c.table, c.rows]));
    assert.deepEqual(
      { guild: counts.guild, inbox: counts.inbox, inbox_staff: counts.inbox_staff, ticket: counts.ticket, pending_ticket: counts.pending_ticket, setting: counts.setting },
      { guild: 1, inbox: 2, inbox_staff: 2, ticket: 2, pending_ticket: 1, setting: 2 },
    );
    assert.deepEqual(
      { topic: counts.topic, form_question: counts.form_question, topic_staff: counts.topic_staff, topic_role: counts.topic_role, topic_cooldown: counts.topic_cooldown },
      { topic: 2, form_question: 1, topic_staff: 1, topic_role: 1, topic_cooldown: 1 },
    );
    assert.equal(report.skippedSettings, 1, 'a blob reads as unset and is left out');
    assert.equal(counts.weekly_run, 1);
    assert.equal(counts.catch_up_claim, undefined, 'leases of running processes are not copied');
    const copy = await openStore({ url: target.url });
    try {
      assert.deepEqual(await getInbox(copy.db, OLD_INBOX), await getInbox(source.db, OLD_INBOX));
      assert.deepEqual(await getInbox(copy.db, INBOX), await getInbox(source.db, INBOX));
      assert.deepEqual(await getTicket(copy.db, THREAD), await getTicket(source.db, THREAD));
      assert.equal(await copy.settings.get('n'), '42');
      assert.equal(await copy.settings.get('text'), 'abc');
      const [pending] = await pendingInGuild(copy.db, GUILD);
      assert.deepEqual(pending, (await pendingInGuild(source.db, GUILD))[0]);
      const next = await addPending(copy.db, { inboxId: INBOX, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: 6, name: (n) => `t-${n}` });
      assert.ok(next.id > pending!.id, 'new clicks are numbered after the copied ones');
      assert.deepEqual(await listTopics(copy.db, INBOX), await listTopics(source.db, INBOX));
      assert.deepEqual(await listQuestions(copy.db, topicId), await listQuestions(source.db, topicId));
      assert.deepEqual(await getTopicStaff(copy.db, topicId), ['<@&9007199254741005>']);
      assert.deepEqual(await getTopicRoles(copy.db, topicId), { allowed: [], blocked: ['9007199254741007'] });
      assert.equal((await getTicket(copy.db, TOPIC_THREAD))?.topicId, topicId);
      assert.equal(await cooldownStart(copy.db, INBOX, OWNER, topicId), 9);
      const topic = await addTopic(copy.db, INBOX, { label: 'New', emoji: null }, { label: 'Create Ticket' });
      assert.ok(topic.kind === 'added' && BigInt(topic.topic.id) > BigInt(topicId), 'new topics are numbered after the copied ones');
      const question = await addQuestion(copy.db, topicId, { kind: 'short', label: 'More?', placeholder: '', required: false, minLength: null, maxLength: null, choices: [] });
      assert.equal(question.kind, 'added', 'and new questions too');
      assert.equal(await claimWeeklyRun(copy.db, { weekStart: WEEK, shardCount: 1, shardId: 0, now: WEEK + 2 }), false, "the week's clean-up already ran");
      assert.equal((await claimCatchUp(copy.db, { guildIds: [GUILD], owner: 'b', now: WEEK, leaseMs: 60_000 })).size, 1, 'no lease came along');
    } finally {
      await copy.close();
    }
  });

  it('refuses a database that already holds rows, and writes nothing', async () => {
    await assert.rejects(copyToPostgres(source.db, target.url), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.kind, 'not-empty');
      assert.match(error.message, /already holds the bot's rows .*nothing was copied/);
      return true;
    });
  });
});
