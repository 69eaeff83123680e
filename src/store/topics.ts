// Topics of an inbox (SPEC §11) and their intake forms. A topic belongs to its inbox
// (deleting the inbox deletes its topics); its overrides are NULL while it uses the
// inbox's values, its staff and roles are rows of their own, and its questions are kept
// in order by `position`. Every change is one write transaction, so nothing is saved
// half-done; counts (5 buttons, 25 options, 5 questions) are checked inside it, so two
// admins acting at once cannot pass a limit together.
import type Database from 'better-sqlite3-multiple-ciphers';
import { MAX_QUESTIONS, type Question, type QuestionKind } from '../domain/intake-form.ts';
import { maxTopics, type TopicStyle } from '../domain/topics.ts';
import { ensureChannel } from './guilds.ts';
import { fromDb, toDb } from './ids.ts';
import { isStaffMention } from './inboxes.ts';
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

interface TopicRow {
  id: bigint;
  inbox_id: bigint;
  position: bigint;
  label: string;
  emoji: string | null;
  destination_id: bigint | null;
  starter_content: string | null;
  ticket_name: string | null;
  max_tickets_per_user: bigint | null;
  cooldown_seconds: bigint | null;
  auto_archive_minutes: bigint | null;
  log_channel_id: bigint | null;
}

const SELECT_TOPIC = `
  SELECT id, inbox_id, position, label, emoji, destination_id, starter_content, ticket_name,
         max_tickets_per_user, cooldown_seconds, auto_archive_minutes, log_channel_id
  FROM topic`;

const optionalId = (value: bigint | null): string | null => (value === null ? null : fromDb(value));
const optionalNumber = (value: bigint | null): number | null => (value === null ? null : Number(value));

function toTopic(row: TopicRow): Topic {
  return {
    id: fromDb(row.id),
    inboxId: fromDb(row.inbox_id),
    position: Number(row.position),
    label: row.label,
    emoji: row.emoji,
    destinationId: optionalId(row.destination_id),
    starterContent: row.starter_content,
    ticketName: row.ticket_name,
    maxTickets: optionalNumber(row.max_tickets_per_user),
    cooldownSeconds: optionalNumber(row.cooldown_seconds),
    autoArchiveMinutes: optionalNumber(row.auto_archive_minutes),
    logChannelId: optionalId(row.log_channel_id),
  };
}

/** A topic id as SQLite stores it (topic ids are the table's own integers). */
const topicKey = (topicId: string): bigint => toDb(topicId);

/** An inbox's topics in the order the inbox message shows them. */
export function listTopics(db: Database.Database, inboxId: string): Topic[] {
  return db.prepare<[bigint], TopicRow>(`${SELECT_TOPIC} WHERE inbox_id = ? ORDER BY position, id`).all(toDb(inboxId)).map(toTopic);
}

export function getTopic(db: Database.Database, topicId: string): Topic | null {
  const row = db.prepare<[bigint], TopicRow>(`${SELECT_TOPIC} WHERE id = ?`).get(topicKey(topicId));
  return row ? toTopic(row) : null;
}

/** The topic, when it belongs to this inbox. */
export function getInboxTopic(db: Database.Database, inboxId: string, topicId: string): Topic | null {
  const topic = getTopic(db, topicId);
  return topic && topic.inboxId === inboxId ? topic : null;
}

export function getTopicStyle(db: Database.Database, inboxId: string): TopicStyle {
  const style = db.prepare<[bigint], { topic_style: string }>('SELECT topic_style FROM inbox WHERE id = ?').get(toDb(inboxId))?.topic_style;
  return style === 'select' ? 'select' : 'buttons';
}

export type AddTopicResult = { kind: 'added'; topic: Topic } | { kind: 'full'; max: number } | { kind: 'no-inbox' };

/**
 * Adds a topic at the end. An inbox without topics was an inbox with one implicit topic,
 * itself: `implicit` (its button's label) becomes a topic first, so the inbox keeps
 * offering what it offered and gains a second one. Refused when the inbox's style holds
 * no more.
 */
export function addTopic(db: Database.Database, inboxId: string, look: { label: string; emoji: string | null }, implicit: { label: string }): AddTopicResult {
  return writeTransaction(db, (): AddTopicResult => {
    const inbox = db.prepare<[bigint], { topic_style: string }>('SELECT topic_style FROM inbox WHERE id = ?').get(toDb(inboxId));
    if (!inbox) return { kind: 'no-inbox' };
    const max = maxTopics(inbox.topic_style === 'select' ? 'select' : 'buttons');
    let count = Number(db.prepare<[bigint], { n: bigint }>('SELECT count(*) AS n FROM topic WHERE inbox_id = ?').get(toDb(inboxId))!.n);
    const insert = db.prepare<[bigint, bigint, string, string | null], { id: bigint }>('INSERT INTO topic (inbox_id, position, label, emoji) VALUES (?, ?, ?, ?) RETURNING id');
    if (count === 0) {
      if (max < 2) return { kind: 'full', max };
      insert.get(toDb(inboxId), 0n, implicit.label, null);
      count = 1;
    }
    if (count >= max) return { kind: 'full', max };
    const row = insert.get(toDb(inboxId), BigInt(count), look.label, look.emoji)!;
    return { kind: 'added', topic: getTopic(db, fromDb(row.id))! };
  });
}

export function setTopicLook(db: Database.Database, topicId: string, look: { label: string; emoji: string | null }): void {
  writeTransaction(db, () => {
    db.prepare<[string, string | null, bigint]>('UPDATE topic SET label = ?, emoji = ? WHERE id = ?').run(look.label, look.emoji, topicKey(topicId));
  });
}

/** Removes a topic; the ones after it move up. Tickets opened from it keep working (their topic becomes NULL). */
export function removeTopic(db: Database.Database, topicId: string): boolean {
  return writeTransaction(db, () => {
    const topic = getTopic(db, topicId);
    if (!topic) return false;
    db.prepare<[bigint]>('DELETE FROM topic WHERE id = ?').run(topicKey(topicId));
    renumber(db, 'topic', 'inbox_id', toDb(topic.inboxId));
    return true;
  });
}

/** Moves a topic one place up (-1) or down (+1); false at either end. */
export function moveTopic(db: Database.Database, topicId: string, step: -1 | 1): boolean {
  return writeTransaction(db, () => {
    const topic = getTopic(db, topicId);
    if (!topic) return false;
    return swapWithNeighbour(db, 'topic', 'inbox_id', toDb(topic.inboxId), topicKey(topicId), step);
  });
}

export type StyleResult = 'saved' | 'too-many' | 'label-too-long';

/**
 * Buttons or a select. `fits` decides, inside the transaction, whether the topics as they
 * are now can be shown that way (count and label lengths).
 */
export function setTopicStyle(db: Database.Database, inboxId: string, style: TopicStyle, fits: (labels: string[]) => StyleResult): StyleResult {
  return writeTransaction(db, () => {
    const verdict = fits(listTopics(db, inboxId).map((t) => t.label));
    if (verdict !== 'saved') return verdict;
    db.prepare<[string, bigint]>('UPDATE inbox SET topic_style = ? WHERE id = ?').run(style, toDb(inboxId));
    return 'saved';
  });
}

// ---------------------------------------------------------------- overrides

/** null: the inbox's destination. */
export function setTopicDestination(db: Database.Database, topicId: string, destinationId: string | null, guildId: string): void {
  writeTransaction(db, () => {
    if (destinationId !== null) ensureChannel(db, destinationId, guildId);
    db.prepare<[bigint | null, bigint]>('UPDATE topic SET destination_id = ? WHERE id = ?').run(destinationId === null ? null : toDb(destinationId), topicKey(topicId));
  });
}

/** null: the inbox's log channel. */
export function setTopicLogChannel(db: Database.Database, topicId: string, channelId: string | null, guildId: string): void {
  writeTransaction(db, () => {
    if (channelId !== null) ensureChannel(db, channelId, guildId);
    db.prepare<[bigint | null, bigint]>('UPDATE topic SET log_channel_id = ? WHERE id = ?').run(channelId === null ? null : toDb(channelId), topicKey(topicId));
  });
}

/** Both templates at once (null: the inbox's). */
export function setTopicTemplates(db: Database.Database, topicId: string, templates: { starter: string | null; name: string | null }): void {
  writeTransaction(db, () => {
    db.prepare<[string | null, string | null, bigint]>('UPDATE topic SET starter_content = ?, ticket_name = ? WHERE id = ?').run(templates.starter, templates.name, topicKey(topicId));
  });
}

/** The limit and the cooldown at once (null: the inbox's). */
export function setTopicLimits(db: Database.Database, topicId: string, limits: { maxTickets: number | null; cooldownSeconds: number | null }): void {
  const n = (v: number | null): bigint | null => (v === null ? null : BigInt(v));
  writeTransaction(db, () => {
    db.prepare<[bigint | null, bigint | null, bigint]>('UPDATE topic SET max_tickets_per_user = ?, cooldown_seconds = ? WHERE id = ?').run(
      n(limits.maxTickets),
      n(limits.cooldownSeconds),
      topicKey(topicId),
    );
  });
}

/** null: the inbox's; 0: the channel's default. */
export function setTopicAutoArchive(db: Database.Database, topicId: string, minutes: number | null): void {
  writeTransaction(db, () => {
    db.prepare<[bigint | null, bigint]>('UPDATE topic SET auto_archive_minutes = ? WHERE id = ?').run(minutes === null ? null : BigInt(minutes), topicKey(topicId));
  });
}

/** The topic's own staff, in the order inboxes.getStaff uses; empty when it uses the inbox's. */
export function getTopicStaff(db: Database.Database, topicId: string): string[] {
  return db
    .prepare<[bigint], { mention: string }>('SELECT mention FROM topic_staff WHERE topic_id = ?')
    .all(topicKey(topicId))
    .map((r) => r.mention)
    .sort(staffOrder);
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
export function setTopicStaff(db: Database.Database, topicId: string, mentions: readonly string[]): void {
  for (const m of mentions) if (!isStaffMention(m)) throw new TypeError(`not a staff mention: ${JSON.stringify(m)}`);
  writeTransaction(db, () => {
    db.prepare<[bigint]>('DELETE FROM topic_staff WHERE topic_id = ?').run(topicKey(topicId));
    const insert = db.prepare<[bigint, string]>('INSERT OR IGNORE INTO topic_staff (topic_id, mention) VALUES (?, ?)');
    for (const m of mentions) insert.run(topicKey(topicId), m);
  });
}

export function getTopicRoles(db: Database.Database, topicId: string): { allowed: string[]; blocked: string[] } {
  const rows = db
    .prepare<[bigint], { role_id: bigint; allowed: bigint }>('SELECT role_id, allowed FROM topic_role WHERE topic_id = ? ORDER BY role_id')
    .all(topicKey(topicId));
  return {
    allowed: rows.filter((r) => r.allowed !== 0n).map((r) => fromDb(r.role_id)),
    blocked: rows.filter((r) => r.allowed === 0n).map((r) => fromDb(r.role_id)),
  };
}

export function setTopicRoles(db: Database.Database, topicId: string, kind: 'allowed' | 'blocked', roleIds: readonly string[]): void {
  const allowed = kind === 'allowed' ? 1n : 0n;
  const ids = roleIds.map(toDb);
  writeTransaction(db, () => {
    db.prepare<[bigint, bigint]>('DELETE FROM topic_role WHERE topic_id = ? AND allowed = ?').run(topicKey(topicId), allowed);
    const insert = db.prepare<[bigint, bigint, bigint]>('INSERT OR IGNORE INTO topic_role (topic_id, role_id, allowed) VALUES (?, ?, ?)');
    for (const id of ids) insert.run(topicKey(topicId), id, allowed);
  });
}

// ---------------------------------------------------------------- the form

export interface StoredQuestion extends Question {
  id: string;
  topicId: string;
  position: number;
}

interface QuestionRow {
  id: bigint;
  topic_id: bigint;
  position: bigint;
  kind: string;
  label: string;
  placeholder: string;
  required: bigint;
  min_length: bigint | null;
  max_length: bigint | null;
  choices: string | null;
}

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
    position: Number(row.position),
    kind,
    label: row.label,
    placeholder: row.placeholder,
    required: row.required !== 0n,
    minLength: optionalNumber(row.min_length),
    maxLength: optionalNumber(row.max_length),
    choices,
  };
}

const SELECT_QUESTION = 'SELECT id, topic_id, position, kind, label, placeholder, required, min_length, max_length, choices FROM form_question';

/** A topic's questions in the order the form asks them. */
export function listQuestions(db: Database.Database, topicId: string): StoredQuestion[] {
  return db.prepare<[bigint], QuestionRow>(`${SELECT_QUESTION} WHERE topic_id = ? ORDER BY position, id`).all(topicKey(topicId)).map(toQuestion);
}

export function getQuestion(db: Database.Database, questionId: string): StoredQuestion | null {
  const row = db.prepare<[bigint], QuestionRow>(`${SELECT_QUESTION} WHERE id = ?`).get(toDb(questionId));
  return row ? toQuestion(row) : null;
}

/** How many questions each of these topics asks (topics without questions are left out). */
export function questionCounts(db: Database.Database, inboxId: string): Map<string, number> {
  const rows = db
    .prepare<[bigint], { topic_id: bigint; n: bigint }>(
      'SELECT form_question.topic_id, count(*) AS n FROM form_question JOIN topic ON topic.id = form_question.topic_id WHERE topic.inbox_id = ? GROUP BY form_question.topic_id',
    )
    .all(toDb(inboxId));
  return new Map(rows.map((r) => [fromDb(r.topic_id), Number(r.n)]));
}

type QuestionParams = [string, string, string, bigint, bigint | null, bigint | null, string | null];

function questionParams(q: Question): QuestionParams {
  const n = (v: number | null): bigint | null => (v === null ? null : BigInt(v));
  return [q.kind, q.label, q.placeholder, q.required ? 1n : 0n, n(q.minLength), n(q.maxLength), q.kind === 'choice' ? JSON.stringify(q.choices) : null];
}

export type AddQuestionResult = { kind: 'added'; question: StoredQuestion } | { kind: 'full'; max: number } | { kind: 'no-topic' };

/** Adds a question at the end of the topic's form; refused once it has MAX_QUESTIONS. */
export function addQuestion(db: Database.Database, topicId: string, question: Question): AddQuestionResult {
  return writeTransaction(db, (): AddQuestionResult => {
    if (!getTopic(db, topicId)) return { kind: 'no-topic' };
    const count = Number(db.prepare<[bigint], { n: bigint }>('SELECT count(*) AS n FROM form_question WHERE topic_id = ?').get(topicKey(topicId))!.n);
    if (count >= MAX_QUESTIONS) return { kind: 'full', max: MAX_QUESTIONS };
    const row = db
      .prepare<[bigint, bigint, ...QuestionParams], { id: bigint }>(
        `INSERT INTO form_question (topic_id, position, kind, label, placeholder, required, min_length, max_length, choices)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(topicKey(topicId), BigInt(count), ...questionParams(question))!;
    return { kind: 'added', question: getQuestion(db, fromDb(row.id))! };
  });
}

/** Replaces a question (its kind included); false when it is gone. */
export function updateQuestion(db: Database.Database, questionId: string, question: Question): boolean {
  return writeTransaction(
    db,
    () =>
      db
        .prepare<[...QuestionParams, bigint]>(
          'UPDATE form_question SET kind = ?, label = ?, placeholder = ?, required = ?, min_length = ?, max_length = ?, choices = ? WHERE id = ?',
        )
        .run(...questionParams(question), toDb(questionId)).changes > 0,
  );
}

export function removeQuestion(db: Database.Database, questionId: string): boolean {
  return writeTransaction(db, () => {
    const question = getQuestion(db, questionId);
    if (!question) return false;
    db.prepare<[bigint]>('DELETE FROM form_question WHERE id = ?').run(toDb(questionId));
    renumber(db, 'form_question', 'topic_id', topicKey(question.topicId));
    return true;
  });
}

export function moveQuestion(db: Database.Database, questionId: string, step: -1 | 1): boolean {
  return writeTransaction(db, () => {
    const question = getQuestion(db, questionId);
    if (!question) return false;
    return swapWithNeighbour(db, 'form_question', 'topic_id', topicKey(question.topicId), toDb(questionId), step);
  });
}

// ---------------------------------------------------------------- order

type Ordered = 'topic' | 'form_question';
type Parent = 'inbox_id' | 'topic_id';

/** Positions 0, 1, 2… in the current order (after a removal). */
function renumber(db: Database.Database, table: Ordered, parent: Parent, parentId: bigint): void {
  const ids = db.prepare<[bigint], { id: bigint }>(`SELECT id FROM ${table} WHERE ${parent} = ? ORDER BY position, id`).all(parentId);
  const set = db.prepare<[bigint, bigint]>(`UPDATE ${table} SET position = ? WHERE id = ?`);
  ids.forEach((row, i) => set.run(BigInt(i), row.id));
}

function swapWithNeighbour(db: Database.Database, table: Ordered, parent: Parent, parentId: bigint, id: bigint, step: -1 | 1): boolean {
  renumber(db, table, parent, parentId);
  const ids = db.prepare<[bigint], { id: bigint }>(`SELECT id FROM ${table} WHERE ${parent} = ? ORDER BY position`).all(parentId).map((r) => r.id);
  const at = ids.indexOf(id);
  const to = at + step;
  if (at < 0 || to < 0 || to >= ids.length) return false;
  const set = db.prepare<[bigint, bigint]>(`UPDATE ${table} SET position = ? WHERE id = ?`);
  set.run(BigInt(to), id);
  set.run(BigInt(at), ids[to]!);
  return true;
}
