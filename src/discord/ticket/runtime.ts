// Ticket machinery kept for the life of the process (locks, cooldowns, what this process
// is working on right now), built once by the composition root.
import { Cooldowns } from '../../domain/cooldown.ts';
import { KeyedLock } from '../../domain/keyed-lock.ts';

export interface TicketRuntime {
  /** Serialises the clicks of one member on one inbox (key `inbox:member`). */
  clicks: KeyedLock;
  /** Serialises thread creation in one channel, so a thread found after a failed request can only be ours. */
  parents: KeyedLock;
  /** Serialises automatic actions on one ticket (key: thread id). */
  threads: KeyedLock;
  cooldowns: Cooldowns;
  clock: () => number;
  /** Pause before looking a second time for a thread or starter whose request got no answer. */
  recheckDelayMs: number;
  /** Pending clicks this process is working on; the reconciliation leaves them alone. */
  livePending: Set<number>;
  /** Tickets this process has recorded and is posting the starter message in; the reconciliation leaves them alone. */
  startingTickets: Set<string>;
}

export function createTicketRuntime(clock: () => number = Date.now): TicketRuntime {
  return {
    clicks: new KeyedLock(),
    parents: new KeyedLock(),
    threads: new KeyedLock(),
    cooldowns: new Cooldowns(clock),
    clock,
    recheckDelayMs: 2_000,
    livePending: new Set(),
    startingTickets: new Set(),
  };
}
