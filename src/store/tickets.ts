// Tickets (one row per thread a click opened) and pending clicks (a click between "about
// to create the thread" and "thread recorded"). A ticket's row is keyed by its thread id;
// deleting the thread's channel row deletes the ticket. Opening a ticket writes twice:
// addPending before the create-thread request, completeTicket once the thread exists.
import type Database from 'better-sqlite3-multiple-ciphers';
import { ensureChannel, ensureUser } from './guilds.ts';
import { fromDb, toDb } from './ids.ts';
import { writeTransaction } from './write.ts';

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

interface TicketRow {
  id: bigint;
  guild_id: bigint | null;
  inbox_id: bigint | null;
  owner_id: bigint | null;
  parent_id: bigint | null;
  archived: bigint | null;
  claimed_by: bigint | null;
  topic_id: bigint | null;
}

const SELECT_TICKET = `
  SELECT ticket.id, channel.guild_id, ticket.inbox_id, ticket.owner_id, ticket.parent_id, ticket.archived, ticket.claimed_by, ticket.topic_id
  FROM ticket JOIN channel ON channel.id = ticket.id`;

const optionalId = (value: bigint | null): string | null => (value === null ? null : fromDb(value));

function toTicket(row: TicketRow): Ticket {
  return {
    id: fromDb(row.id),
    guildId: optionalId(row.guild_id),
    inboxId: optionalId(row.inbox_id),
    ownerId: optionalId(row.owner_id),
    parentId: optionalId(row.parent_id),
    archived: row.archived === null ? null : row.archived !== 0n,
    claimedBy: optionalId(row.claimed_by),
    topicId: optionalId(row.topic_id),
  };
}

export function getTicket(db: Database.Database, threadId: string): Ticket | null {
  const row = db.prepare<[bigint], TicketRow>(`${SELECT_TICKET} WHERE ticket.id = ?`).get(toDb(threadId));
  return row ? toTicket(row) : null;
}

/** A member's tickets from one inbox, newest first. */
export function ticketsOf(db: Database.Database, inboxId: string, ownerId: string): Ticket[] {
  return db
    .prepare<[bigint, bigint], TicketRow>(`${SELECT_TICKET} WHERE ticket.inbox_id = ? AND ticket.owner_id = ? ORDER BY ticket.id DESC`)
    .all(toDb(inboxId), toDb(ownerId))
    .map(toTicket);
}

/** A member's tickets in one guild, from every inbox. */
export function ticketsOfOwnerInGuild(db: Database.Database, guildId: string, ownerId: string): Ticket[] {
  return db
    .prepare<[bigint, bigint], TicketRow>(`${SELECT_TICKET} WHERE ticket.owner_id = ? AND channel.guild_id = ? ORDER BY ticket.id`)
    .all(toDb(ownerId), toDb(guildId))
    .map(toTicket);
}

export function ticketsInGuild(db: Database.Database, guildId: string): Ticket[] {
  return db
    .prepare<[bigint], TicketRow>(`${SELECT_TICKET} WHERE channel.guild_id = ? ORDER BY ticket.id`)
    .all(toDb(guildId))
    .map(toTicket);
}

/** Ids of the tickets whose thread lives in one of these channels. */
export function ticketIdsInParents(db: Database.Database, parentIds: readonly string[]): string[] {
  if (parentIds.length === 0) return [];
  const list = `[${parentIds.map((id) => toDb(id).toString()).join(',')}]`;
  return db
    .prepare<[string], { id: bigint }>('SELECT id FROM ticket WHERE parent_id IN (SELECT value FROM json_each(?))')
    .all(list)
    .map((r) => fromDb(r.id));
}

/** Records what Discord says about a ticket's thread now. Returns whether anything changed. */
export function setTicketThreadState(db: Database.Database, threadId: string, state: { archived: boolean; parentId?: string | null }): boolean {
  const archived = state.archived ? 1n : 0n;
  if (state.parentId) {
    return (
      db
        .prepare<[bigint, bigint, bigint, bigint, bigint]>(
          'UPDATE ticket SET archived = ?, parent_id = ? WHERE id = ? AND (archived IS NOT ? OR parent_id IS NOT ?)',
        )
        .run(archived, toDb(state.parentId), toDb(threadId), archived, toDb(state.parentId)).changes > 0
    );
  }
  return (
    db.prepare<[bigint, bigint, bigint]>('UPDATE ticket SET archived = ? WHERE id = ? AND archived IS NOT ?').run(archived, toDb(threadId), archived)
      .changes > 0
  );
}

/**
 * Claims or unclaims a ticket, only if its claimer is still `expected` (null: nobody), so
 * two staff members acting at once cannot both win. Returns whether it changed.
 */
export function setClaim(db: Database.Database, threadId: string, expected: string | null, claimer: string | null): boolean {
  return writeTransaction(db, () => {
    if (claimer !== null) ensureUser(db, claimer);
    return (
      db
        .prepare<[bigint | null, bigint, bigint | null]>('UPDATE ticket SET claimed_by = ? WHERE id = ? AND claimed_by IS ?')
        .run(claimer === null ? null : toDb(claimer), toDb(threadId), expected === null ? null : toDb(expected)).changes > 0
    );
  });
}

/** Channel rows of a guild that are not tickets (inbox channels, destinations, parents). */
export function nonTicketChannelIds(db: Database.Database, guildId: string): string[] {
  return db
    .prepare<[bigint], { id: bigint }>('SELECT id FROM channel WHERE guild_id = ? AND id NOT IN (SELECT id FROM ticket)')
    .all(toDb(guildId))
    .map((r) => fromDb(r.id));
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

interface PendingRow {
  id: bigint;
  inbox_id: bigint;
  owner_id: bigint;
  parent_id: bigint;
  guild_id: bigint | null;
  name: string;
  counter: bigint;
  created_at: bigint;
  thread_id: bigint | null;
  topic_id: bigint | null;
}

const SELECT_PENDING = `
  SELECT pending_ticket.id, pending_ticket.inbox_id, pending_ticket.owner_id, pending_ticket.parent_id,
         channel.guild_id, pending_ticket.name, pending_ticket.counter, pending_ticket.created_at, pending_ticket.thread_id,
         pending_ticket.topic_id
  FROM pending_ticket JOIN channel ON channel.id = pending_ticket.parent_id`;

function toPending(row: PendingRow): PendingTicket {
  return {
    id: Number(row.id),
    inboxId: fromDb(row.inbox_id),
    ownerId: fromDb(row.owner_id),
    parentId: fromDb(row.parent_id),
    guildId: optionalId(row.guild_id),
    name: row.name,
    counter: Number(row.counter),
    createdAt: Number(row.created_at),
    topicId: optionalId(row.topic_id),
    threadId: optionalId(row.thread_id),
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
export function addPending(db: Database.Database, click: NewPending): PendingTicket {
  return writeTransaction(db, () => {
    ensureUser(db, click.ownerId);
    ensureChannel(db, click.parentId, click.guildId);
    const row = db
      .prepare<[bigint, bigint], { counter: bigint }>(
        `SELECT max(inbox.counter, coalesce((SELECT max(counter) FROM pending_ticket WHERE inbox_id = ?), 0)) + 1 AS counter
         FROM inbox WHERE inbox.id = ?`,
      )
      .get(toDb(click.inboxId), toDb(click.inboxId));
    if (!row) throw new Error(`no inbox ${click.inboxId}`);
    const counter = Number(row.counter);
    const name = click.name(counter);
    const topicId = click.topicId ?? null;
    const inserted = db
      .prepare<[bigint, bigint, bigint, string, bigint, bigint, bigint | null], { id: bigint }>(
        `INSERT INTO pending_ticket (inbox_id, owner_id, parent_id, name, counter, created_at, topic_id)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(toDb(click.inboxId), toDb(click.ownerId), toDb(click.parentId), name, BigInt(counter), BigInt(Math.trunc(click.createdAt)), topicId === null ? null : toDb(topicId))!;
    return {
      id: Number(inserted.id),
      inboxId: click.inboxId,
      ownerId: click.ownerId,
      parentId: click.parentId,
      guildId: click.guildId,
      name,
      counter,
      createdAt: Math.trunc(click.createdAt),
      topicId,
      threadId: null,
    };
  });
}

export function getPending(db: Database.Database, pendingId: number): PendingTicket | null {
  const row = db.prepare<[bigint], PendingRow>(`${SELECT_PENDING} WHERE pending_ticket.id = ?`).get(BigInt(pendingId));
  return row ? toPending(row) : null;
}

/** Pending clicks whose thread channel is in this guild, oldest first. */
export function pendingInGuild(db: Database.Database, guildId: string): PendingTicket[] {
  return db
    .prepare<[bigint], PendingRow>(`${SELECT_PENDING} WHERE channel.guild_id = ? ORDER BY pending_ticket.id`)
    .all(toDb(guildId))
    .map(toPending);
}

/** A member's clicks on one inbox that have no thread recorded yet, oldest first. */
export function unresolvedClicks(db: Database.Database, inboxId: string, ownerId: string): PendingTicket[] {
  return db
    .prepare<[bigint, bigint], PendingRow>(
      `${SELECT_PENDING} WHERE pending_ticket.inbox_id = ? AND pending_ticket.owner_id = ? AND pending_ticket.thread_id IS NULL ORDER BY pending_ticket.id`,
    )
    .all(toDb(inboxId), toDb(ownerId))
    .map(toPending);
}

/**
 * The click's thread exists: in one write transaction, the ticket row (open, in the
 * click's channel), the inbox counter moved up to this click's number, and the click
 * forgotten. When the inbox was deleted meanwhile (taking the click with it), the ticket
 * is kept without an inbox. Fails as a whole: then the click stays, the counter does not
 * move and no row names the thread.
 */
export function completeTicket(db: Database.Database, pending: PendingTicket, threadId: string): void {
  writeTransaction(db, () => {
    ensureUser(db, pending.ownerId);
    ensureChannel(db, threadId, pending.guildId);
    // The topic may have been removed meanwhile: the ticket is then the inbox's.
    db.prepare<[bigint, bigint, bigint, bigint, bigint | null]>(
      `INSERT INTO ticket (id, inbox_id, owner_id, parent_id, archived, topic_id)
       VALUES (?, (SELECT id FROM inbox WHERE id = ?), ?, ?, 0, (SELECT id FROM topic WHERE id = ?))`,
    ).run(toDb(threadId), toDb(pending.inboxId), toDb(pending.ownerId), toDb(pending.parentId), pending.topicId === null ? null : toDb(pending.topicId));
    db.prepare<[bigint, bigint]>('UPDATE inbox SET counter = max(counter, ?) WHERE id = ?').run(BigInt(pending.counter), toDb(pending.inboxId));
    db.prepare<[bigint]>('DELETE FROM pending_ticket WHERE id = ?').run(BigInt(pending.id));
  });
}

/** Forgets a click: no thread came of it, its thread was archived again, or (rows of older versions) its ticket is complete. */
export function deletePending(db: Database.Database, pendingId: number): void {
  writeTransaction(db, () => {
    db.prepare<[bigint]>('DELETE FROM pending_ticket WHERE id = ?').run(BigInt(pendingId));
  });
}
