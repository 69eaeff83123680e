// Tickets (one row per thread a click opened) and pending clicks (a click between "about
// to create the thread" and "thread recorded"). A ticket's row is keyed by its thread id;
// deleting the thread's channel row deletes the ticket. Opening a ticket writes twice:
// addPending before the create-thread request, completeTicket once the thread exists.
import { chunks, prepared, type Db } from './db.ts';
import { ensureChannel, ensureUser } from './guilds.ts';
import { fromDb, fromDbOrNull, toDb } from './ids.ts';
import { int, type TicketRow } from './schema.ts';
import { atomic, writeTransaction } from './write.ts';

export interface Ticket {
  /** The thread's id. */
  id: string;
  guildId: string | null;
  /** null once the inbox is gone. */
  inboxId: string | null;
  ownerId: string | null;
  /** The thread's channel; null for tickets recorded before migration 8 until looked up. */
  parentId: string | null;
  /** Last seen archived state; null when not known yet. */
  archived: boolean | null;
  /** The staff member who claimed it; null when nobody has. */
  claimedBy: string | null;
  /** The topic it was opened from; null for the inbox itself, older tickets, and once the topic is removed. */
  topicId: string | null;
}

/** The ticket columns with its thread's guild. */
function selectTickets(q: Db['q']) {
  return q
    .selectFrom('ticket')
    .innerJoin('channel', 'channel.id', 'ticket.id')
    .select(['ticket.id', 'channel.guild_id', 'ticket.inbox_id', 'ticket.owner_id', 'ticket.parent_id', 'ticket.archived', 'ticket.claimed_by', 'ticket.topic_id']);
}

type Row = TicketRow & { guild_id: TicketRow['inbox_id'] };

function toTicket(row: Row): Ticket {
  return {
    id: fromDb(row.id),
    guildId: fromDbOrNull(row.guild_id),
    inboxId: fromDbOrNull(row.inbox_id),
    ownerId: fromDbOrNull(row.owner_id),
    parentId: fromDbOrNull(row.parent_id),
    archived: row.archived === null ? null : int(row.archived) !== 0,
    claimedBy: fromDbOrNull(row.claimed_by),
    topicId: fromDbOrNull(row.topic_id),
  };
}

const ticketById = prepared((q, $) => selectTickets(q).where('ticket.id', '=', $(0)));
const ticketsOfOwner = prepared((q, $) => selectTickets(q).where('ticket.inbox_id', '=', $(0)).where('ticket.owner_id', '=', $(1)).orderBy('ticket.id', 'desc'));

export async function getTicket(db: Db, threadId: string): Promise<Ticket | null> {
  const [row] = await ticketById(db, toDb(threadId));
  return row ? toTicket(row) : null;
}

/** A member's tickets from one inbox, newest first. */
export async function ticketsOf(db: Db, inboxId: string, ownerId: string): Promise<Ticket[]> {
  return (await ticketsOfOwner(db, toDb(inboxId), toDb(ownerId))).map(toTicket);
}

/** A member's tickets in one guild, from every inbox. */
export async function ticketsOfOwnerInGuild(db: Db, guildId: string, ownerId: string): Promise<Ticket[]> {
  const rows = await selectTickets(db.q)
    .where('ticket.owner_id', '=', toDb(ownerId))
    .where('channel.guild_id', '=', toDb(guildId))
    .orderBy('ticket.id')
    .execute();
  return rows.map(toTicket);
}

export async function ticketsInGuild(db: Db, guildId: string): Promise<Ticket[]> {
  return (await selectTickets(db.q).where('channel.guild_id', '=', toDb(guildId)).orderBy('ticket.id').execute()).map(toTicket);
}

/** Ids of the tickets whose thread lives in one of these channels. */
export async function ticketIdsInParents(db: Db, parentIds: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const part of chunks(parentIds.map(toDb))) {
    const rows = await db.q.selectFrom('ticket').select('id').where('parent_id', 'in', part).execute();
    for (const row of rows) ids.push(fromDb(row.id));
  }
  return ids;
}

/** Which of these channels are tickets. */
export async function existingTicketIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(ids.map(toDb))) {
    const rows = await db.q.selectFrom('ticket').select('id').where('id', 'in', part).execute();
    for (const row of rows) found.add(fromDb(row.id));
  }
  return found;
}

/** Records what Discord says about a ticket's thread now. Returns whether anything changed. */
export async function setTicketThreadState(db: Db, threadId: string, state: { archived: boolean; parentId?: string | null }): Promise<boolean> {
  const archived = state.archived ? 1 : 0;
  const parentId = state.parentId ? toDb(state.parentId) : null;
  const result = await atomic(db, (tx) => {
    if (parentId !== null) {
      return tx.q
        .updateTable('ticket')
        .set({ archived, parent_id: parentId })
        .where('id', '=', toDb(threadId))
        .where((eb) => eb.or([eb('archived', 'is distinct from', archived), eb('parent_id', 'is distinct from', parentId)]))
        .executeTakeFirst();
    }
    return tx.q.updateTable('ticket').set({ archived }).where('id', '=', toDb(threadId)).where('archived', 'is distinct from', archived).executeTakeFirst();
  });
  return result.numUpdatedRows > 0n;
}

/**
 * Claims or unclaims a ticket, only if its claimer is still `expected` (null: nobody), so
 * two staff members acting at once cannot both win. Returns whether it changed.
 */
export async function setClaim(db: Db, threadId: string, expected: string | null, claimer: string | null): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    if (claimer !== null) await ensureUser(tx, claimer);
    const result = await tx.q
      .updateTable('ticket')
      .set({ claimed_by: claimer === null ? null : toDb(claimer) })
      .where('id', '=', toDb(threadId))
      .where('claimed_by', 'is not distinct from', expected === null ? null : toDb(expected))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  });
}

/** Channel rows of a guild that are not tickets (inbox channels, destinations, parents). */
export async function nonTicketChannelIds(db: Db, guildId: string): Promise<string[]> {
  const rows = await db.q
    .selectFrom('channel')
    .select('id')
    .where('guild_id', '=', toDb(guildId))
    .where('id', 'not in', (eb) => eb.selectFrom('ticket').select('id'))
    .execute();
  return rows.map((r) => fromDb(r.id));
}

// ---------------------------------------------------------------- pending clicks

export interface PendingTicket {
  id: number;
  inboxId: string;
  ownerId: string;
  parentId: string;
  guildId: string | null;
  name: string;
  counter: number;
  createdAt: number;
  /** The topic clicked; null for the inbox itself (and once the topic is removed). */
  topicId: string | null;
  /**
   * Only in rows left by versions that kept the click until the starter message was
   * posted: the thread, already recorded as a ticket. completeTicket deletes the click.
   */
  threadId: string | null;
}

function selectPending(q: Db['q']) {
  return q
    .selectFrom('pending_ticket')
    .innerJoin('channel', 'channel.id', 'pending_ticket.parent_id')
    .select([
      'pending_ticket.id',
      'pending_ticket.inbox_id',
      'pending_ticket.owner_id',
      'pending_ticket.parent_id',
      'channel.guild_id',
      'pending_ticket.name',
      'pending_ticket.counter',
      'pending_ticket.created_at',
      'pending_ticket.thread_id',
      'pending_ticket.topic_id',
    ]);
}

type PendingRow = Awaited<ReturnType<ReturnType<typeof selectPending>['executeTakeFirstOrThrow']>>;

function toPending(row: PendingRow): PendingTicket {
  return {
    id: int(row.id),
    inboxId: fromDb(row.inbox_id),
    ownerId: fromDb(row.owner_id),
    parentId: fromDb(row.parent_id),
    guildId: fromDbOrNull(row.guild_id),
    name: row.name,
    counter: int(row.counter),
    createdAt: int(row.created_at),
    topicId: fromDbOrNull(row.topic_id),
    threadId: fromDbOrNull(row.thread_id),
  };
}
export interface NewPending {
  inboxId: string;
  ownerId: string;
  guildId: string;
  parentId: string;
  createdAt: number;
  /** The topic clicked; absent or null for the inbox itself. */
  topicId?: string | null;
  /** The thread name for the counter this click gets. */
  name: (counter: number) => string;
}

/**
 * Records a click about to create a thread and reserves its counter: one more than the
 * inbox counter and every counter other clicks hold, so concurrent clicks never share a
 * number. The inbox counter itself moves only with the ticket row (completeTicket).
 *
 * This write-ahead row is what lets the next start finish a ticket whose thread was
 * created while the process died (during the request, or before completeTicket): the
 * thread carries no trace of who clicked or from which inbox, so the row must be
 * committed before the request goes out, and is a transaction of its own. That commit
 * costs some 15–25 µs (WAL, synchronous=NORMAL; bench/write-cost.ts).
 */
export async function addPending(db: Db, click: NewPending): Promise<PendingTicket> {
  return writeTransaction(db, (tx) => insertPending(tx, click));
}

const countersOf = (q: Db['q'], $: (i: number) => never) =>
  q
    .selectFrom('inbox')
    .select((eb) => [
      'inbox.counter',
      eb.selectFrom('pending_ticket').select((p) => p.fn.max('pending_ticket.counter').as('top')).where('pending_ticket.inbox_id', '=', $(0)).as('pending'),
    ])
    .where('inbox.id', '=', $(0));
const counters = prepared((q, $) => countersOf(q, $));
const countersForUpdate = prepared((q, $) => countersOf(q, $).forUpdate('inbox'));
const insertPendingRow = prepared((q, $) =>
  q
    .insertInto('pending_ticket')
    .values({ inbox_id: $(0), owner_id: $(1), parent_id: $(2), name: $(3), counter: $(4), created_at: $(5), topic_id: $(6) })
    .returning('id'),
);

/** addPending's work inside a transaction the caller holds (see clicks.ts). */
export async function insertPending(tx: Db, click: NewPending): Promise<PendingTicket> {
  await ensureUser(tx, click.ownerId);
  await ensureChannel(tx, click.parentId, click.guildId);
  const inboxId = toDb(click.inboxId);
  // PostgreSQL: the inbox row stays locked until commit, so a concurrent click (another
  // process) reads the counters only after this one's row is there. SQLite's IMMEDIATE
  // transaction already keeps every other writer out.
  const [row] = await (tx.dialect === 'postgres' ? countersForUpdate : counters)(tx, inboxId);
  if (!row) throw new Error(`no inbox ${click.inboxId}`);
  const counter = Math.max(int(row.counter), row.pending === null ? 0 : int(row.pending)) + 1;
  const name = click.name(counter);
  const createdAt = Math.trunc(click.createdAt);
  const topicId = click.topicId ?? null;
  const [inserted] = await insertPendingRow(tx, inboxId, toDb(click.ownerId), toDb(click.parentId), name, counter, createdAt, topicId === null ? null : toDb(topicId));
  if (!inserted) throw new Error('the click was not recorded');
  return {
    id: int(inserted.id),
    inboxId: click.inboxId,
    ownerId: click.ownerId,
    parentId: click.parentId,
    guildId: click.guildId,
    name,
    counter,
    createdAt,
    topicId,
    threadId: null,
  };
}

export async function getPending(db: Db, pendingId: number): Promise<PendingTicket | null> {
  const row = await selectPending(db.q).where('pending_ticket.id', '=', BigInt(pendingId)).executeTakeFirst();
  return row ? toPending(row) : null;
}

/** Pending clicks whose thread channel is in this guild, oldest first. */
export async function pendingInGuild(db: Db, guildId: string): Promise<PendingTicket[]> {
  return (await selectPending(db.q).where('channel.guild_id', '=', toDb(guildId)).orderBy('pending_ticket.id').execute()).map(toPending);
}

/** A member's clicks on one inbox that have no thread recorded yet, oldest first. */
const unresolvedOfOwner = prepared((q, $) =>
  selectPending(q).where('pending_ticket.inbox_id', '=', $(0)).where('pending_ticket.owner_id', '=', $(1)).where('pending_ticket.thread_id', 'is', null).orderBy('pending_ticket.id'),
);

export async function unresolvedClicks(db: Db, inboxId: string, ownerId: string): Promise<PendingTicket[]> {
  return (await unresolvedOfOwner(db, toDb(inboxId), toDb(ownerId))).map(toPending);
}

const insertTicketRow = prepared((q, $) =>
  q.insertInto('ticket').values((eb) => ({
    id: $(0),
    inbox_id: eb.selectFrom('inbox').select('inbox.id').where('inbox.id', '=', $(1)).$castTo<bigint | null>(),
    owner_id: $(2),
    parent_id: $(3),
    archived: 0,
    // The topic may have been removed meanwhile (or there is none: NULL): the ticket is then the inbox's.
    topic_id: eb.selectFrom('topic').select('topic.id').where('topic.id', '=', $(4)).$castTo<bigint | null>(),
  })),
);
const raiseCounter = prepared((q, $) => q.updateTable('inbox').set({ counter: $(0) }).where('id', '=', $(1)).where('counter', '<', $(0)));
const deletePendingRow = prepared((q, $) => q.deleteFrom('pending_ticket').where('id', '=', $(0)));

/**
 * The click's thread exists: in one write transaction, the ticket row (open, in the
 * click's channel), the inbox counter moved up to this click's number, and the click
 * forgotten. When the inbox was deleted meanwhile (taking the click with it), the ticket
 * is kept without an inbox. Fails as a whole: then the click stays, the counter does not
 * move and no row names the thread.
 */
export async function completeTicket(db: Db, pending: PendingTicket, threadId: string): Promise<void> {
  const inboxId = toDb(pending.inboxId);
  const topicId = pending.topicId === null ? null : toDb(pending.topicId);
  await writeTransaction(db, async (tx) => {
    await ensureUser(tx, pending.ownerId);
    await ensureChannel(tx, threadId, pending.guildId);
    await insertTicketRow(tx, toDb(threadId), inboxId, toDb(pending.ownerId), toDb(pending.parentId), topicId);
    await raiseCounter(tx, pending.counter, inboxId);
    await deletePendingRow(tx, BigInt(pending.id));
  });
}

/** Forgets a click: no thread came of it, its thread was archived again, or (rows of older versions) its ticket is complete. */
export async function deletePending(db: Db, pendingId: number): Promise<void> {
  await writeTransaction(db, (tx) => tx.q.deleteFrom('pending_ticket').where('id', '=', BigInt(pendingId)).execute());
}
