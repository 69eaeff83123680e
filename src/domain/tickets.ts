// Rules about tickets that need no Discord and no database: which tickets count as
// active, the per-member limit, and matching threads created for a click with the
// clicks that were never recorded.

const DISCORD_EPOCH = 1420070400000n;

/** When Discord created the object with this snowflake (ms since the Unix epoch). */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** The smallest snowflake of an object created at `ms` (for `after=` queries). */
export function snowflakeAt(ms: number): string {
  const since = BigInt(Math.max(0, Math.trunc(ms))) - DISCORD_EPOCH;
  return (since > 0n ? since << 22n : 0n).toString();
}

/** Snowflake order without ever turning an id into a float. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Whether a ticket is still open. The gateway cache is the best source (it follows every
 * THREAD_UPDATE); a thread missing from it is open only when the last state we stored
 * said so (a ticket created a moment ago whose THREAD_CREATE has not arrived yet).
 */
export function isActiveTicket(cached: { archived: boolean } | undefined, storedArchived: boolean | null): boolean {
  if (cached) return !cached.archived;
  return storedArchived === false;
}

/** `max` is the inbox's max_tickets_per_user; 0 means no limit. */
export function limitReached(activeCount: number, max: number): boolean {
  return max > 0 && activeCount >= max;
}

/** The most recently created of some ticket ids (snowflakes grow with time). */
export function newestId(ids: readonly string[]): string | null {
  let newest: string | null = null;
  for (const id of ids) if (newest === null || compareIds(id, newest) > 0) newest = id;
  return newest;
}

export interface PendingClick {
  id: number;
  parentId: string;
  name: string;
  /** When the create-thread request was about to be sent (ms, our clock). */
  createdAt: number;
}

export interface CandidateThread {
  id: string;
  parentId: string;
  name: string;
  ownerId: string | null | undefined;
}

/** How far our clock may be ahead of Discord's when comparing with a thread's id. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Pairs clicks that have no ticket row yet with threads the bot created and never
 * recorded: same parent, same name, created by the bot, not before the click (give or
 * take clock skew), and not already a ticket. Clicks are taken oldest first and each
 * takes the oldest thread that fits, so two clicks with the same name get one thread
 * each in creation order. Returns pending id → thread id.
 */
export function matchPendingThreads(
  pending: readonly PendingClick[],
  threads: readonly CandidateThread[],
  botUserId: string,
  isRecorded: (threadId: string) => boolean,
): Map<number, string> {
  const free = threads
    .filter((t) => t.ownerId === botUserId && !isRecorded(t.id))
    .sort((a, b) => compareIds(a.id, b.id));
  const taken = new Set<string>();
  const result = new Map<number, string>();
  for (const click of [...pending].sort((a, b) => a.id - b.id)) {
    const thread = free.find(
      (t) => !taken.has(t.id) && t.parentId === click.parentId && t.name === click.name && snowflakeTime(t.id) >= click.createdAt - CLOCK_SKEW_MS,
    );
    if (thread) {
      taken.add(thread.id);
      result.set(click.id, thread.id);
    }
  }
  return result;
}
