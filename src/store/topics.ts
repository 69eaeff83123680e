// Topics of an inbox (SPEC §11) and their intake forms. A topic belongs to its inbox
// (deleting the inbox deletes its topics); its overrides are NULL while it uses the
// inbox's values, its staff and roles are rows of their own, and its questions are kept
// in order by `position`. Every change is one write transaction, so nothing is saved
// half-done; counts (5 buttons, 25 options, 5 questions) are checked inside it, so two
// admins acting at once cannot pass a limit together: SQLite's IMMEDIATE transaction keeps
// every other writer out, and on PostgreSQL the change first locks the row that owns the
// list (the inbox for its topics, the topic for its questions), also across processes.
import { MAX_QUESTIONS, type Question, type QuestionKind } from '../domain/intake-form.ts';
import { maxTopics, type TopicStyle } from '../domain/topics.ts';
import { chunks, type Db } from './db.ts';
import { ensureChannel } from './guilds.ts';
import { fromDb, fromDbOrNull, toDb } from './ids.ts';
import { isStaffMention } from './inboxes.ts';
import { int, intOrNull } from './schema.ts';
import { writeTransaction } from './write.ts';

export interface Topic {
  id: string;
  inboxId: string;
  /** 0 for the first. */
  position: number;
  label: string;
  /** As stored: a Unicode emoji or `<:name:id>`; null for none. */
  emoji: string | null;
  destinationId: string | null;
  starterContent: string | null;
  ticketName: string | null;
  maxTickets: number | null;
  cooldownSeconds: number | null;
  /** null: the inbox's; 0: the channel's default. */
  autoArchiveMinutes: number | null;
  logChannelId: string | null;
}

function selectTopics(db: Db) {
  return db.q
    .selectFrom('topic')
    .select([
      'id',
      'inbox_id',
      'position',
      'label',
      'emoji',
      'destination_id',
      'starter_content',
      'ticket_name',
      'max_tickets_per_user',
      'cooldown_seconds',
      'auto_archive_minutes',
      'log_channel_id',
    ]);
}

type TopicRow = Awaited<ReturnType<ReturnType<typeof selectTopics>['executeTakeFirstOrThrow']>>;

function toTopic(row: TopicRow): Topic {
  return {
    id: fromDb(row.id),
    inboxId: fromDb(row.inbox_id),
    position: int(row.position),
    label: row.label,
    emoji: row.emoji,
    destinationId: fromDbOrNull(row.destination_id),
    starterContent: row.starter_content,
    ticketName: row.ticket_name,
    maxTickets: intOrNull(row.max_tickets_per_user),
    cooldownSeconds: intOrNull(row.cooldown_seconds),
    autoArchiveMinutes: intOrNull(row.auto_archive_minutes),
    logChannelId: fromDbOrNull(row.log_channel_id),
  };
}

/** A topic id as the database stores it (topic ids are the table's own integers). */
const topicKey = (topicId: string): bigint => toDb(topicId);

/** An inbox's topics in the order the inbox message shows them. */
export async function listTopics(db: Db, inboxId: string): Promise<Topic[]> {
  const rows = await selectTopics(db).where('inbox_id', '=', toDb(inboxId)).orderBy('position').orderBy('id').execute();
  return rows.map(toTopic);
}

export async function getTopic(db: Db, topicId: string): Promise<Topic | null> {
  const row = await selectTopics(db).where('id', '=', topicKey(topicId)).executeTakeFirst();
  return row ? toTopic(row) : null;
}

/** The topic, when it belongs to this inbox. */
export async function getInboxTopic(db: Db, inboxId: string, topicId: string): Promise<Topic | null> {
  const topic = await getTopic(db, topicId);
  return topic && topic.inboxId === inboxId ? topic : null;
}

function asStyle(value: string | undefined): TopicStyle {
  return value === 'select' ? 'select' : 'buttons';
}

export async function getTopicStyle(db: Db, inboxId: string): Promise<TopicStyle> {
  const row = await db.q.selectFrom('inbox').select('topic_style').where('id', '=', toDb(inboxId)).executeTakeFirst();
  return asStyle(row?.topic_style);
}

/**
 * The inbox's style, read inside a write transaction; on PostgreSQL the inbox row stays
 * locked until commit, so changes to its topics run one at a time. undefined: no inbox.
 */
async function lockInbox(tx: Db, inboxId: string): Promise<TopicStyle | undefined> {
  const row = await tx.q
    .selectFrom('inbox')
    .select('topic_style')
    .where('id', '=', toDb(inboxId))
    .$if(tx.dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  return row ? asStyle(row.topic_style) : undefined;
}

/** The topic's inbox, its row locked on PostgreSQL until commit (as lockInbox); null: no topic. */
async function lockTopic(tx: Db, topicId: string): Promise<string | null> {
  const row = await tx.q
    .selectFrom('topic')
    .select('inbox_id')
    .where('id', '=', topicKey(topicId))
    .$if(tx.dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  return row ? fromDb(row.inbox_id) : null;
}

export type AddTopicResult = { kind: 'added'; topic: Topic } | { kind: 'full'; max: number } | { kind: 'no-inbox' };

/**
 * Adds a topic at the end. An inbox without topics was an inbox with one implicit topic,
 * itself: `implicit` (its button's label) becomes a topic first, so the inbox keeps
 * offering what it offered and gains a second one. Refused when the inbox's style holds
 * no more.
 */
export async function addTopic(db: Db, inboxId: string, look: { label: string; emoji: string | null }, implicit: { label: string }): Promise<AddTopicResult> {
  return writeTransaction(db, async (tx): Promise<AddTopicResult> => {
    const style = await lockInbox(tx, inboxId);
    if (style === undefined) return { kind: 'no-inbox' };
    const max = maxTopics(style);
    const counted = await tx.q
      .selectFrom('topic')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('inbox_id', '=', toDb(inboxId))
      .executeTakeFirstOrThrow();
    let count = int(counted.n as bigint | number | string);
    const insert = (position: number, label: string, emoji: string | null) =>
      tx.q.insertInto('topic').values({ inbox_id: toDb(inboxId), position, label, emoji }).returning('id').executeTakeFirstOrThrow();
    if (count === 0) {
      if (max < 2) return { kind: 'full', max };
      await insert(0, implicit.label, null);
      count = 1;
    }
    if (count >= max) return { kind: 'full', max };
    const row = await insert(count, look.label, look.emoji);
    return { kind: 'added', topic: (await getTopic(tx, fromDb(row.id)))! };
  });
}

export async function setTopicLook(db: Db, topicId: string, look: { label: string; emoji: string | null }): Promise<void> {
  await writeTransaction(db, (tx) => tx.q.updateTable('topic').set({ label: look.label, emoji: look.emoji }).where('id', '=', topicKey(topicId)).execute());
}

/** Removes a topic; the ones after it move up. Tickets opened from it keep working (their topic becomes NULL). */
export async function removeTopic(db: Db, topicId: string): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const topic = await getTopic(tx, topicId);
    if (!topic) return false;
    await lockInbox(tx, topic.inboxId);
    await tx.q.deleteFrom('topic').where('id', '=', topicKey(topicId)).execute();
    await renumber(tx, 'topic', toDb(topic.inboxId));
    return true;
  });
}

/** Moves a topic one place up (-1) or down (+1); false at either end. */
export async function moveTopic(db: Db, topicId: string, step: -1 | 1): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const topic = await getTopic(tx, topicId);
    if (!topic) return false;
    await lockInbox(tx, topic.inboxId);
    return swapWithNeighbour(tx, 'topic', toDb(topic.inboxId), topicKey(topicId), step);
  });
}

export type StyleResult = 'saved' | 'too-many' | 'label-too-long';

/**
 * Buttons or a select. `fits` decides, inside the transaction, whether the topics as they
 * are now can be shown that way (count and label lengths).
 */
export async function setTopicStyle(db: Db, inboxId: string, style: TopicStyle, fits: (labels: string[]) => StyleResult): Promise<StyleResult> {
  return writeTransaction(db, async (tx) => {
    await lockInbox(tx, inboxId);
    const verdict = fits((await listTopics(tx, inboxId)).map((t) => t.label));
    if (verdict !== 'saved') return verdict;
    await tx.q.updateTable('inbox').set({ topic_style: style }).where('id', '=', toDb(inboxId)).execute();
    return 'saved';
  });
}

// ---------------------------------------------------------------- overrides

/** null: the inbox's destination. */
export async function setTopicDestination(db: Db, topicId: string, destinationId: string | null, guildId: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    if (destinationId !== null) await ensureChannel(tx, destinationId, guildId);
    await tx.q
      .updateTable('topic')
      .set({ destination_id: destinationId === null ? null : toDb(destinationId) })
      .where('id', '=', topicKey(topicId))
      .execute();
  });
}

/** null: the inbox's log channel. */
export async function setTopicLogChannel(db: Db, topicId: string, channelId: string | null, guildId: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    if (channelId !== null) await ensureChannel(tx, channelId, guildId);
    await tx.q
      .updateTable('topic')
      .set({ log_channel_id: channelId === null ? null : toDb(channelId) })
      .where('id', '=', topicKey(topicId))
      .execute();
  });
}

/** Both templates at once (null: the inbox's). */
export async function setTopicTemplates(db: Db, topicId: string, templates: { starter: string | null; name: string | null }): Promise<void> {
  await writeTransaction(db, (tx) =>
    tx.q.updateTable('topic').set({ starter_content: templates.starter, ticket_name: templates.name }).where('id', '=', topicKey(topicId)).execute(),
  );
}

/** The limit and the cooldown at once (null: the inbox's). */
export async function setTopicLimits(db: Db, topicId: string, limits: { maxTickets: number | null; cooldownSeconds: number | null }): Promise<void> {
  await writeTransaction(db, (tx) =>
    tx.q
      .updateTable('topic')
      .set({ max_tickets_per_user: limits.maxTickets, cooldown_seconds: limits.cooldownSeconds })
      .where('id', '=', topicKey(topicId))
      .execute(),
  );
}

/** null: the inbox's; 0: the channel's default. */
export async function setTopicAutoArchive(db: Db, topicId: string, minutes: number | null): Promise<void> {
  await writeTransaction(db, (tx) => tx.q.updateTable('topic').set({ auto_archive_minutes: minutes }).where('id', '=', topicKey(topicId)).execute());
}

/** The topic's own staff, in the order inboxes.getStaff uses; empty when it uses the inbox's. */
export async function getTopicStaff(db: Db, topicId: string): Promise<string[]> {
  const rows = await db.q.selectFrom('topic_staff').select('mention').where('topic_id', '=', topicKey(topicId)).execute();
  return rows.map((r) => r.mention).sort(staffOrder);
}

/** Roles first, then members, each by id (as inboxes.getStaff). */
function staffOrder(a: string, b: string): number {
  const roleA = a.startsWith('<@&') ? 0 : 1;
  const roleB = b.startsWith('<@&') ? 0 : 1;
  if (roleA !== roleB) return roleA - roleB;
  const idA = BigInt(a.replace(/\D/g, ''));
  const idB = BigInt(b.replace(/\D/g, ''));
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/** Replaces the topic's staff (none: the inbox's). */
export async function setTopicStaff(db: Db, topicId: string, mentions: readonly string[]): Promise<void> {
  for (const m of mentions) if (!isStaffMention(m)) throw new TypeError(`not a staff mention: ${JSON.stringify(m)}`);
  const unique = [...new Set(mentions)];
  await writeTransaction(db, async (tx) => {
    await tx.q.deleteFrom('topic_staff').where('topic_id', '=', topicKey(topicId)).execute();
    for (const part of chunks(unique)) {
      await tx.q
        .insertInto('topic_staff')
        .values(part.map((mention) => ({ topic_id: topicKey(topicId), mention })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
}

export async function getTopicRoles(db: Db, topicId: string): Promise<{ allowed: string[]; blocked: string[] }> {
  const rows = await db.q.selectFrom('topic_role').select(['role_id', 'allowed']).where('topic_id', '=', topicKey(topicId)).orderBy('role_id').execute();
  return {
    allowed: rows.filter((r) => int(r.allowed) !== 0).map((r) => fromDb(r.role_id)),
    blocked: rows.filter((r) => int(r.allowed) === 0).map((r) => fromDb(r.role_id)),
  };
}

export async function setTopicRoles(db: Db, topicId: string, kind: 'allowed' | 'blocked', roleIds: readonly string[]): Promise<void> {
  const allowed = kind === 'allowed' ? 1 : 0;
  const ids = [...new Set(roleIds.map(toDb))];
  await writeTransaction(db, async (tx) => {
    await tx.q.deleteFrom('topic_role').where('topic_id', '=', topicKey(topicId)).where('allowed', '=', allowed).execute();
    for (const part of chunks(ids)) {
      await tx.q
        .insertInto('topic_role')
        .values(part.map((role_id) => ({ topic_id: topicKey(topicId), role_id, allowed })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
}

// ---------------------------------------------------------------- the form

export interface StoredQuestion extends Question {
  id: string;
  topicId: string;
  position: number;
}

function selectQuestions(db: Db) {
  return db.q
    .selectFrom('form_question')
    .select(['id', 'topic_id', 'position', 'kind', 'label', 'placeholder', 'required', 'min_length', 'max_length', 'choices']);
}

type QuestionRow = Awaited<ReturnType<ReturnType<typeof selectQuestions>['executeTakeFirstOrThrow']>>;

function toQuestion(row: QuestionRow): StoredQuestion {
  let choices: string[] = [];
  if (row.choices !== null) {
    const parsed: unknown = JSON.parse(row.choices);
    if (Array.isArray(parsed)) choices = parsed.filter((c): c is string => typeof c === 'string');
  }
  const kind: QuestionKind = row.kind === 'paragraph' || row.kind === 'choice' ? row.kind : 'short';
  return {
    id: fromDb(row.id),
    topicId: fromDb(row.topic_id),
    position: int(row.position),
    kind,
    label: row.label,
    placeholder: row.placeholder,
    required: int(row.required) !== 0,
    minLength: intOrNull(row.min_length),
    maxLength: intOrNull(row.max_length),
    choices,
  };
}

/** A topic's questions in the order the form asks them. */
export async function listQuestions(db: Db, topicId: string): Promise<StoredQuestion[]> {
  const rows = await selectQuestions(db).where('topic_id', '=', topicKey(topicId)).orderBy('position').orderBy('id').execute();
  return rows.map(toQuestion);
}

export async function getQuestion(db: Db, questionId: string): Promise<StoredQuestion | null> {
  const row = await selectQuestions(db).where('id', '=', toDb(questionId)).executeTakeFirst();
  return row ? toQuestion(row) : null;
}

/** How many questions each of the inbox's topics asks (topics without questions are left out). */
export async function questionCounts(db: Db, inboxId: string): Promise<Map<string, number>> {
  const rows = await db.q
    .selectFrom('form_question')
    .innerJoin('topic', 'topic.id', 'form_question.topic_id')
    .select((eb) => ['form_question.topic_id', eb.fn.countAll().as('n')])
    .where('topic.inbox_id', '=', toDb(inboxId))
    .groupBy('form_question.topic_id')
    .execute();
  return new Map(rows.map((r) => [fromDb(r.topic_id), int(r.n as bigint | number | string)]));
}

/** The columns of a question that an edit replaces. */
function questionColumns(q: Question) {
  return {
    kind: q.kind,
    label: q.label,
    placeholder: q.placeholder,
    required: q.required ? 1 : 0,
    min_length: q.minLength,
    max_length: q.maxLength,
    choices: q.kind === 'choice' ? JSON.stringify(q.choices) : null,
  };
}

export type AddQuestionResult = { kind: 'added'; question: StoredQuestion } | { kind: 'full'; max: number } | { kind: 'no-topic' };

/** Adds a question at the end of the topic's form; refused once it has MAX_QUESTIONS. */
export async function addQuestion(db: Db, topicId: string, question: Question): Promise<AddQuestionResult> {
  return writeTransaction(db, async (tx): Promise<AddQuestionResult> => {
    if ((await lockTopic(tx, topicId)) === null) return { kind: 'no-topic' };
    const counted = await tx.q
      .selectFrom('form_question')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('topic_id', '=', topicKey(topicId))
      .executeTakeFirstOrThrow();
    const count = int(counted.n as bigint | number | string);
    if (count >= MAX_QUESTIONS) return { kind: 'full', max: MAX_QUESTIONS };
    const row = await tx.q
      .insertInto('form_question')
      .values({ topic_id: topicKey(topicId), position: count, ...questionColumns(question) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { kind: 'added', question: (await getQuestion(tx, fromDb(row.id)))! };
  });
}

/** Replaces a question (its kind included); false when it is gone. */
export async function updateQuestion(db: Db, questionId: string, question: Question): Promise<boolean> {
  const result = await writeTransaction(db, (tx) =>
    tx.q.updateTable('form_question').set(questionColumns(question)).where('id', '=', toDb(questionId)).executeTakeFirst(),
  );
  return result.numUpdatedRows > 0n;
}

export async function removeQuestion(db: Db, questionId: string): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const question = await getQuestion(tx, questionId);
    if (!question) return false;
    await lockTopic(tx, question.topicId);
    await tx.q.deleteFrom('form_question').where('id', '=', toDb(questionId)).execute();
    await renumber(tx, 'form_question', topicKey(question.topicId));
    return true;
  });
}

export async function moveQuestion(db: Db, questionId: string, step: -1 | 1): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const question = await getQuestion(tx, questionId);
    if (!question) return false;
    await lockTopic(tx, question.topicId);
    return swapWithNeighbour(tx, 'form_question', topicKey(question.topicId), toDb(questionId), step);
  });
}

// ---------------------------------------------------------------- order

type Ordered = 'topic' | 'form_question';

/** The ids of a list (an inbox's topics, a topic's questions) in their order. */
async function orderedIds(tx: Db, table: Ordered, parentId: bigint): Promise<string[]> {
  const rows =
    table === 'topic'
      ? await tx.q.selectFrom('topic').select('id').where('inbox_id', '=', parentId).orderBy('position').orderBy('id').execute()
      : await tx.q.selectFrom('form_question').select('id').where('topic_id', '=', parentId).orderBy('position').orderBy('id').execute();
  return rows.map((r) => fromDb(r.id));
}

async function setPosition(tx: Db, table: Ordered, id: string, position: number): Promise<void> {
  await tx.q.updateTable(table).set({ position }).where('id', '=', toDb(id)).execute();
}

/** Positions 0, 1, 2… in the current order (after a removal). */
async function renumber(tx: Db, table: Ordered, parentId: bigint): Promise<string[]> {
  const ids = await orderedIds(tx, table, parentId);
  for (const [i, id] of ids.entries()) await setPosition(tx, table, id, i);
  return ids;
}

async function swapWithNeighbour(tx: Db, table: Ordered, parentId: bigint, id: bigint, step: -1 | 1): Promise<boolean> {
  const ids = await renumber(tx, table, parentId);
  const at = ids.indexOf(id.toString());
  const to = at + step;
  if (at < 0 || to < 0 || to >= ids.length) return false;
  await setPosition(tx, table, id.toString(), to);
  await setPosition(tx, table, ids[to]!, at);
  return true;
}
