// Ticket machinery kept for the life of the process (locks, timers, what this process is
// working on right now), built once by the composition root. What several processes must
// agree on (cooldowns, the click's row) is in the database (src/store/clicks.ts); what is
// here only ever concerns this process's own work.
import { randomUUID } from 'node:crypto';
import { KeyedLock } from '../../domain/keyed-lock.ts';

export interface AwaitingLook {
  timer: NodeJS.Timeout | null;
  /** Tells the member who clicked: the thread was found (its id), or none was made (null). */
  settle(threadId: string | null): void;
}

export interface TicketRuntime {
  /** This process among the others sharing the database (random per start): the owner of its catch-up claims. */
  instanceId: string;
  /** Serialises the clicks of one member on one inbox (key `inbox:member`). */
  clicks: KeyedLock;
  /** Serialises thread creation in one channel, so a thread found after a failed request can only be ours. */
  parents: KeyedLock;
  /** Serialises automatic actions on one ticket (key: thread id). */
  threads: KeyedLock;
  clock: () => number;
  /** Pause before looking a second time for a thread or starter whose request got no answer. */
  recheckDelayMs: number;
  /** Pending clicks this process is working on (or will look for again); the reconciliation leaves them alone. */
  livePending: Set<number>;
  /**
   * Clicks whose thread may exist but could not be looked for, waiting for the next look
   * (also in livePending), with what to do once it is known.
   */
  awaitingLook: Map<number, AwaitingLook>;
  /** Pauses before each new look for such a click's thread; once they are used up, the member's next click or the next start looks. */
  lookAgainMs: number[];
  /** Tickets this process has recorded and is posting the starter message in; the reconciliation leaves them alone. */
  startingTickets: Set<string>;
  /** Archived tickets Discord refused to lock, with the bot's permissions there at the time (null: unknown). */
  lockRefused: Map<string, bigint | null>;
  /**
   * The thread's `archive_timestamp` (epoch ms) after the bot's own latest archive or
   * unarchive of a ticket, from Discord's answer: a THREAD_UPDATE that unarchives it and
   * is not newer was the bot's doing (its notice, its lock, its reopen), not someone
   * reopening the ticket. Entries older than an hour are dropped.
   */
  ownArchiveChanges: Map<string, number>;
}

export function createTicketRuntime(clock: () => number = Date.now): TicketRuntime {
  return {
    instanceId: randomUUID(),
    clicks: new KeyedLock(),
    parents: new KeyedLock(),
    threads: new KeyedLock(),
    clock,
    recheckDelayMs: 2_000,
    livePending: new Set(),
    startingTickets: new Set(),
    lockRefused: new Map(),
    ownArchiveChanges: new Map(),
    awaitingLook: new Map(),
    lookAgainMs: [5_000, 30_000, 120_000, 600_000],
  };
}

/** Cancels the looks still scheduled (the process is stopping; the next start looks instead). */
export function stopTicketRuntime(runtime: TicketRuntime): void {
  for (const waiting of runtime.awaitingLook.values()) if (waiting.timer) clearTimeout(waiting.timer);
  runtime.awaitingLook.clear();
}
