// A Create Ticket click, accepted or refused in one write transaction: the member's limit
// and cooldown on the inbox are checked and, when both allow it, the click's pending row
// and the start of its cooldown are written together. Two clicks of one member on one
// inbox pass through here one at a time, also from different processes sharing the
// database: SQLite's IMMEDIATE transaction keeps every other writer out, and PostgreSQL
// takes a transaction-scoped advisory lock on the (inbox, member) pair first, so the second
// click reads what the first one wrote.
// A topic (SPEC §11) with a limit of its own counts only its own tickets, and one with a
// cooldown of its own keeps that cooldown in topic_cooldown; otherwise the inbox's hold,
// shared by the inbox and all its topics that set none. Clicks of one member on one inbox
// are serialised together, whichever topic they are for.
import { sql } from 'kysely';
import { secondsLeft } from '../domain/cooldown.ts';
import { limitReached } from '../domain/tickets.ts';
import { prepared, type Db } from './db.ts';
import { toDb } from './ids.ts';
import { int } from './schema.ts';
import { insertPending, ticketsOf, unresolvedClicks, type NewPending, type PendingTicket, type Ticket } from './tickets.ts';
import { atomic, writeTransaction } from './write.ts';

export interface ClickClaim extends NewPending {
  /** Seconds between two tickets of the member here (the inbox's cooldown or the channel's slowmode). */
  cooldownSeconds: number;
  /** Open tickets per member; 0 for no limit. */
  maxTickets: number;
  /** Whether one of the member's tickets counts as open (the process's view of the thread, else the row's). */
  isOpen: (ticket: Ticket) => boolean;
  /** Pending clicks that do not count against the limit (this process is opening them; the cooldown holds their member back). */
  ignorePending: (pendingId: number) => boolean;
  /** The topic whose own limit this is (only its tickets count); null or absent: the inbox's. */
  limitTopicId?: string | null;
  /** The topic whose own cooldown this is; null or absent: the inbox's. */
  cooldownTopicId?: string | null;
}

/** What a click would be refused for; `checkClick` and `claimClick` share it. */
export type Refusal = Exclude<ClaimResult, { kind: 'claimed' }>;

export type ClaimResult =
  | { kind: 'claimed'; pending: PendingTicket; startedAt: number }
  | { kind: 'cooldown'; seconds: number }
  /** The limit is reached: the open tickets, and how many clicks without a known outcome count too. */
  | { kind: 'limit'; open: Ticket[]; unresolved: PendingTicket[] };

/** Rolls the transaction back and carries the refusal out of it (a refused click writes nothing). */
class Refused extends Error {
  readonly result: ClaimResult;

  constructor(result: ClaimResult) {
    super(result.kind);
    this.result = result;
  }
}

/** Serialises the clicks of one member on one inbox across processes (PostgreSQL; SQLite's write lock already does). */
async function lockClicker(tx: Db, inboxId: string, ownerId: string): Promise<void> {
  if (tx.dialect !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`click:${inboxId}:${ownerId}`}, 0))`.execute(tx.q);
}

/** The limit, then the cooldown, as the database has them now; null when the click may pass. */
async function refusal(db: Db, claim: Omit<ClickClaim, 'name' | 'guildId' | 'parentId'>): Promise<Refusal | null> {
  if (claim.maxTickets > 0) {
    const topicId = claim.limitTopicId ?? null;
    const counted = (t: { topicId: string | null }): boolean => topicId === null || t.topicId === topicId;
    const open = (await ticketsOf(db, claim.inboxId, claim.ownerId)).filter((t) => counted(t) && claim.isOpen(t));
    const unresolved = (await unresolvedClicks(db, claim.inboxId, claim.ownerId)).filter((p) => counted(p) && !claim.ignorePending(p.id));
    if (limitReached(open.length + unresolved.length, claim.maxTickets)) return { kind: 'limit', open, unresolved };
  }
  const started = await cooldownStart(db, claim.inboxId, claim.ownerId, claim.cooldownTopicId ?? null);
  const seconds = secondsLeft(started, claim.createdAt, claim.cooldownSeconds);
  return seconds > 0 ? { kind: 'cooldown', seconds } : null;
}

/**
 * The limit, the cooldown and the click's row, as one write transaction (the first of the
 * two a ticket takes). `createdAt` is also the cooldown's start.
 */
export async function claimClick(db: Db, claim: ClickClaim): Promise<ClaimResult> {
  try {
    return await writeTransaction(db, async (tx) => {
      await lockClicker(tx, claim.inboxId, claim.ownerId);
      const refused = await refusal(tx, claim);
      if (refused !== null) throw new Refused(refused);
      const pending = await insertPending(tx, claim);
      const startedAt = pending.createdAt;
      const topicId = claim.cooldownTopicId ?? null;
      if (topicId === null) await upsertCooldown(tx, toDb(claim.inboxId), toDb(claim.ownerId), startedAt);
      else await upsertTopicCooldown(tx, toDb(topicId), toDb(claim.ownerId), startedAt);
      return { kind: 'claimed' as const, pending, startedAt };
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    throw error;
  }
}

/**
 * What claimClick would refuse now, read without writing anything: the check before a
 * topic's form opens (SPEC §11). Only a hint: the submit's claimClick decides.
 */
export async function checkClick(db: Db, claim: Omit<ClickClaim, 'name' | 'guildId' | 'parentId'>): Promise<Refusal | null> {
  return refusal(db, claim);
}

const selectCooldown = prepared((q, $) => q.selectFrom('cooldown').select('started_at').where('inbox_id', '=', $(0)).where('user_id', '=', $(1)));
const upsertCooldown = prepared((q, $) =>
  q
    .insertInto('cooldown')
    .values({ inbox_id: $(0), user_id: $(1), started_at: $(2) })
    .onConflict((oc) => oc.columns(['inbox_id', 'user_id']).doUpdateSet((eb) => ({ started_at: eb.ref('excluded.started_at') }))),
);
const selectTopicCooldown = prepared((q, $) => q.selectFrom('topic_cooldown').select('started_at').where('topic_id', '=', $(0)).where('user_id', '=', $(1)));
const upsertTopicCooldown = prepared((q, $) =>
  q
    .insertInto('topic_cooldown')
    .values({ topic_id: $(0), user_id: $(1), started_at: $(2) })
    .onConflict((oc) => oc.columns(['topic_id', 'user_id']).doUpdateSet((eb) => ({ started_at: eb.ref('excluded.started_at') }))),
);

/** When the member's cooldown on the inbox (or on the topic `topicId`) started (epoch ms); undefined when they have none. */
export async function cooldownStart(db: Db, inboxId: string, ownerId: string, topicId: string | null = null): Promise<number | undefined> {
  const [row] = topicId === null ? await selectCooldown(db, toDb(inboxId), toDb(ownerId)) : await selectTopicCooldown(db, toDb(topicId), toDb(ownerId));
  return row ? int(row.started_at) : undefined;
}

/** No ticket came of the click: the member may try again at once (unless a newer click started the cooldown again). */
export async function releaseCooldown(db: Db, inboxId: string, ownerId: string, startedAt: number, topicId: string | null = null): Promise<void> {
  await atomic(db, (tx) =>
    topicId === null
      ? tx.q.deleteFrom('cooldown').where('inbox_id', '=', toDb(inboxId)).where('user_id', '=', toDb(ownerId)).where('started_at', '=', startedAt).execute()
      : tx.q.deleteFrom('topic_cooldown').where('topic_id', '=', toDb(topicId)).where('user_id', '=', toDb(ownerId)).where('started_at', '=', startedAt).execute(),
  );
}
