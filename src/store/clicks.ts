// A Create Ticket click, accepted or refused in one write transaction: the member's limit
// and cooldown on the inbox are checked and, when both allow it, the click's pending row
// and the start of its cooldown are written together. Two clicks of one member on one
// inbox pass through here one at a time, also from different processes sharing the
// database: SQLite's IMMEDIATE transaction keeps every other writer out, and PostgreSQL
// takes a transaction-scoped advisory lock on the (inbox, member) pair first, so the second
// click reads what the first one wrote.
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
}

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

/**
 * The limit, the cooldown and the click's row, as one write transaction (the first of the
 * two a ticket takes). `createdAt` is also the cooldown's start.
 */
export async function claimClick(db: Db, claim: ClickClaim): Promise<ClaimResult> {
  try {
    return await writeTransaction(db, async (tx) => {
      await lockClicker(tx, claim.inboxId, claim.ownerId);
      if (claim.maxTickets > 0) {
        const open = (await ticketsOf(tx, claim.inboxId, claim.ownerId)).filter(claim.isOpen);
        const unresolved = (await unresolvedClicks(tx, claim.inboxId, claim.ownerId)).filter((p) => !claim.ignorePending(p.id));
        if (limitReached(open.length + unresolved.length, claim.maxTickets)) throw new Refused({ kind: 'limit', open, unresolved });
      }
      const seconds = secondsLeft(await cooldownStart(tx, claim.inboxId, claim.ownerId), claim.createdAt, claim.cooldownSeconds);
      if (seconds > 0) throw new Refused({ kind: 'cooldown', seconds });
      const pending = await insertPending(tx, claim);
      const startedAt = pending.createdAt;
      await upsertCooldown(tx, toDb(claim.inboxId), toDb(claim.ownerId), startedAt);
      return { kind: 'claimed' as const, pending, startedAt };
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    throw error;
  }
}

const selectCooldown = prepared((q, $) => q.selectFrom('cooldown').select('started_at').where('inbox_id', '=', $(0)).where('user_id', '=', $(1)));
const upsertCooldown = prepared((q, $) =>
  q
    .insertInto('cooldown')
    .values({ inbox_id: $(0), user_id: $(1), started_at: $(2) })
    .onConflict((oc) => oc.columns(['inbox_id', 'user_id']).doUpdateSet((eb) => ({ started_at: eb.ref('excluded.started_at') }))),
);

/** When the member's cooldown on the inbox started (epoch ms); undefined when they have none. */
export async function cooldownStart(db: Db, inboxId: string, ownerId: string): Promise<number | undefined> {
  const [row] = await selectCooldown(db, toDb(inboxId), toDb(ownerId));
  return row ? int(row.started_at) : undefined;
}

/** No ticket came of the click: the member may try again at once (unless a newer click started the cooldown again). */
export async function releaseCooldown(db: Db, inboxId: string, ownerId: string, startedAt: number): Promise<void> {
  await atomic(db, (tx) =>
    tx.q
      .deleteFrom('cooldown')
      .where('inbox_id', '=', toDb(inboxId))
      .where('user_id', '=', toDb(ownerId))
      .where('started_at', '=', startedAt)
      .execute(),
  );
}
