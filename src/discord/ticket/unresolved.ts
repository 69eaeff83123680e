// Clicks whose thread Discord may have made without saying so: the create request got a
// 5xx or no answer, and looking for the thread failed as well. Such a click counts against
// the member's limit until the bot knows what came of it, and the bot looks again while
// running (on a timer, and when the member clicks again), not only at the next start.
import { completeTicket, deletePending, getPending } from '../../store/tickets.ts';
import { whenWritable } from '../../store/write.ts';
import type { Deps } from '../deps.ts';
import type { AwaitingLook } from './runtime.ts';
import { findThreadFor, postStarter, threadHasMessages } from './actions.ts';

/** What a look found: the thread (now a recorded ticket), no thread (the click is forgotten), or nothing left to look for (settled elsewhere). */
export type Resolution = { kind: 'recorded'; threadId: string } | { kind: 'none' } | { kind: 'settled' };

/**
 * Looks once for an unresolved click's thread, under its channel's lock as when it was
 * created: records the thread and posts its starter message, or forgets the click.
 * Throws when the look fails; the click then stays as it is.
 */
export async function resolveClick(deps: Deps, pendingId: number): Promise<Resolution> {
  const db = deps.store.db;
  const click = getPending(db, pendingId);
  if (!click || click.threadId !== null || click.guildId === null) {
    settle(deps, pendingId, { kind: 'settled' });
    return { kind: 'settled' };
  }
  const guildId = click.guildId;
  const resolution = await deps.tickets.parents.run(click.parentId, async (): Promise<Resolution> => {
    // Another look may have settled it while this one waited for the lock.
    const pending = getPending(db, pendingId);
    if (!pending || pending.threadId !== null) return { kind: 'settled' };
    const threadId = await findThreadFor(deps, guildId, pending);
    if (threadId === null) {
      deletePending(db, pending.id);
      return { kind: 'none' };
    }
    await whenWritable(db, () => completeTicket(db, pending, threadId));
    deps.tickets.startingTickets.add(threadId);
    return { kind: 'recorded', threadId };
  });
  const log = deps.logger.child('tickets');
  if (resolution.kind === 'recorded') {
    log.info(`Found thread ${resolution.threadId} of <@${click.ownerId}>, which Discord had not confirmed; recorded it as their ticket.`);
    try {
      if (!(await threadHasMessages(deps, resolution.threadId))) {
        await postStarter(deps, { guildId, threadId: resolution.threadId, ownerId: click.ownerId, inboxId: click.inboxId, topicId: click.topicId });
      }
    } catch (error) {
      // The ticket is recorded: the next start posts the starter of a ticket nobody was added to.
      log.warn('Could not post the starter message in a ticket found later', { ticket: resolution.threadId, err: error });
    } finally {
      deps.tickets.startingTickets.delete(resolution.threadId);
    }
  } else if (resolution.kind === 'none') {
    log.info(`No thread was created for a click of <@${click.ownerId}> that Discord had not confirmed; forgot it.`);
  }
  settle(deps, pendingId, resolution);
  return resolution;
}

/** Ends the wait for a click's look, and tells its member what was found. */
function settle(deps: Deps, pendingId: number, resolution: Resolution): void {
  const runtime = deps.tickets;
  const waiting = runtime.awaitingLook.get(pendingId);
  if (!waiting) return;
  if (waiting.timer) clearTimeout(waiting.timer);
  runtime.awaitingLook.delete(pendingId);
  runtime.livePending.delete(pendingId);
  if (resolution.kind === 'recorded') waiting.settle(resolution.threadId);
  else if (resolution.kind === 'none') waiting.settle(null);
}

/**
 * Looks for the click's thread again after each pause of `lookAgainMs`, until a look
 * succeeds; `tell` hears what it found. Once the pauses are used up the click is left to
 * the member's next click or the next start.
 */
export function lookAgainLater(deps: Deps, pendingId: number, tell: AwaitingLook['settle']): void {
  const runtime = deps.tickets;
  const log = deps.logger.child('tickets');
  const waiting: AwaitingLook = { timer: null, settle: tell };
  runtime.livePending.add(pendingId);
  runtime.awaitingLook.set(pendingId, waiting);
  const schedule = (attempt: number): void => {
    const pause = runtime.lookAgainMs[attempt];
    if (pause === undefined) {
      runtime.awaitingLook.delete(pendingId);
      runtime.livePending.delete(pendingId);
      log.warn(`Still cannot tell whether a ticket thread was created for click ${pendingId}; the member's next click or the next start looks again.`);
      return;
    }
    waiting.timer = setTimeout(() => {
      waiting.timer = null;
      if (!deps.store.db.open || runtime.awaitingLook.get(pendingId) !== waiting) return;
      resolveClick(deps, pendingId).catch((error: unknown) => {
        log.warn(`Could not look for the thread of click ${pendingId} again`, { err: error });
        if (runtime.awaitingLook.get(pendingId) === waiting) schedule(attempt + 1);
      });
    }, pause);
    // A look still to come must not keep the process alive: the next start does it.
    waiting.timer.unref();
  };
  schedule(0);
}
