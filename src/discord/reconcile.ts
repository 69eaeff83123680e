// Startup reconciliation (SPEC §8): after connecting, catch up on what happened while the
// bot was offline or since it was killed. For every guild that arrived:
//   1. channels gone → their rows go (inboxes posted there, tickets in them);
//   2. inbox messages gone → the inboxes go;
//   3. clicks left half-done → the thread they created is recorded and gets its starter
//      message, or the click is dropped when no thread was created;
//   4. tickets: open ones whose owner left are closed (or get their starter message, when
//      the bot stopped before posting it); archived, unlocked ones are locked; deleted
//      ones go; the stored archived state is brought up to date.
// Idempotent: a second run finds nothing to change. Clicks this process is handling
// right now are left alone.
import { Permission } from '../domain/permissions.ts';
import { deleteChannels, deleteMessages } from '../store/guilds.ts';
import { inboxesInGuild } from '../store/inboxes.ts';
import {
  completeTicket,
  deletePending,
  getTicket,
  nonTicketChannelIds,
  pendingInGuild,
  setTicketThreadState,
  ticketsInGuild,
  type PendingTicket,
  type Ticket,
} from '../store/tickets.ts';
import { Routes, type APIChannel, type APIThreadChannel } from 'discord-api-types/v10';
import { writeWhenFree } from './patient-write.ts';
import type { CachedGuild } from './state.ts';
import type { Deps } from './deps.ts';
import { closeForOwner, findThreadFor, isForbidden, isNotFound, isThreadMember, lockArchived, postStarter, threadHasMessages } from './ticket/actions.ts';

export interface ReconcileReport {
  /** Channel rows (not tickets) whose channel is gone. */
  channelsForgotten: number;
  inboxesForgotten: number;
  ticketsForgotten: number;
  /** Threads created for a click and recorded only now. */
  threadsRecorded: number;
  /** Starter messages posted for tickets that were recorded without one. */
  startersPosted: number;
  /** Clicks for which no thread turned up. */
  clicksDropped: number;
  /** Tickets closed because their owner left. */
  ownerLeftClosed: number;
  /** Archived tickets locked. */
  locked: number;
  /** Tickets whose stored state (archived, parent) was brought up to date. */
  ticketsUpdated: number;
  /** Items that could not be checked (logged). */
  failures: number;
}

function emptyReport(): ReconcileReport {
  return {
    channelsForgotten: 0,
    inboxesForgotten: 0,
    ticketsForgotten: 0,
    threadsRecorded: 0,
    startersPosted: 0,
    clicksDropped: 0,
    ownerLeftClosed: 0,
    locked: 0,
    ticketsUpdated: 0,
    failures: 0,
  };
}

/** Whether the report says something changed (a second run should say nothing did). */
export function changedAnything(report: ReconcileReport): boolean {
  return Object.entries(report).some(([key, value]) => key !== 'failures' && value > 0);
}

/** Adds what a write returns to a count, once the write is done (a `+= await` would add to a stale count). */
async function tally(deps: Deps, report: ReconcileReport, key: keyof ReconcileReport, write: () => number): Promise<void> {
  const n = await writeWhenFree(deps, write);
  report[key] += n;
}

const PARALLEL = 4;

async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
}

/**
 * Catches up on the given guilds (by default every cached guild): those of one shard
 * once its guilds are in, or one guild that arrived late. A guild no longer cached when
 * its turn comes (left, or gone unavailable) is skipped.
 */
export async function reconcile(deps: Deps, guildIds?: readonly string[]): Promise<ReconcileReport> {
  const report = emptyReport();
  for (const id of guildIds ?? [...deps.state.guilds.keys()]) {
    if (!deps.store.db.open) break;
    const guild = deps.state.guilds.get(id);
    if (guild) await reconcileGuild(deps, guild, report);
  }
  return report;
}

async function reconcileGuild(deps: Deps, guild: CachedGuild, report: ReconcileReport): Promise<void> {
  const db = deps.store.db;
  const log = deps.logger.child('reconcile');
  const guildId = guild.guildId;
  const attempt = async (what: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (error) {
      report.failures++;
      log.warn(`Could not check ${what}`, { guild: guildId, err: error });
    }
  };

  // 1. Channels that no longer exist, and the tickets whose parent was among them.
  const goneChannels = nonTicketChannelIds(db, guildId).filter((id) => !guild.channels.has(id) && !guild.threads.has(id));
  const orphanTickets = ticketsInGuild(db, guildId)
    .filter((t) => t.parentId !== null && !guild.channels.has(t.parentId))
    .map((t) => t.id);
  if (goneChannels.length + orphanTickets.length > 0) {
    await tally(deps, report, 'ticketsForgotten', () => deleteChannels(db, orphanTickets));
    await tally(deps, report, 'channelsForgotten', () => deleteChannels(db, goneChannels));
  }

  // 2. Inbox messages that were deleted.
  for (const inbox of inboxesInGuild(db, guildId)) {
    const perms = deps.state.botPermissions(guildId, inbox.channelId);
    if (perms === null || (perms & Permission.ViewChannel) === 0n || (perms & Permission.ReadMessageHistory) === 0n) continue;
    await attempt(`inbox ${inbox.id}`, async () => {
      try {
        await deps.rest.get(Routes.channelMessage(inbox.channelId, inbox.id));
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await tally(deps, report, 'inboxesForgotten', () => deleteMessages(db, [inbox.id]));
      }
    });
  }

  // 3. Clicks left half-done by an earlier process.
  for (const pending of pendingInGuild(db, guildId)) {
    if (deps.tickets.livePending.has(pending.id)) continue;
    await attempt(`the unfinished ticket ${pending.id}`, () => finishPending(deps, guildId, pending, report));
  }

  // 4. Tickets whose starter message is still to come are skipped (their owner is not in
  // the thread until it is posted): those this process is starting right now, and those
  // of clicks an older version left recorded that step 3 could not finish. (Both lists
  // are read together.)
  const inProgress = new Set(pendingInGuild(db, guildId).map((p) => p.threadId).filter((id): id is string => id !== null));
  for (const id of deps.tickets.startingTickets) inProgress.add(id);
  const tickets = ticketsInGuild(db, guildId).filter((t) => !inProgress.has(t.id));
  await eachLimited(tickets, (ticket) => attempt(`ticket ${ticket.id}`, () => reconcileTicket(deps, guild, ticket, report)));
}

async function finishPending(deps: Deps, guildId: string, pending: PendingTicket, report: ReconcileReport): Promise<void> {
  const db = deps.store.db;
  const log = deps.logger.child('reconcile');
  let threadId = pending.threadId;
  if (threadId === null) {
    threadId = await deps.tickets.parents.run(pending.parentId, async () => {
      const found = await findThreadFor(deps, guildId, pending);
      // Recording forgets the click: stopping again before the starter is posted leaves
      // an open ticket nobody was added to, which step 4 recognises.
      if (found) {
        await writeWhenFree(deps, () => completeTicket(db, pending, found));
        deps.tickets.startingTickets.add(found);
        deps.metrics.ticketOpened();
      }
      return found;
    });
    if (threadId === null) {
      await writeWhenFree(deps, () => deletePending(db, pending.id));
      report.clicksDropped++;
      log.info(`No thread was created for an unfinished ticket of <@${pending.ownerId}>; dropped it.`);
      return;
    }
    report.threadsRecorded++;
    log.info(`Recorded thread ${threadId} as the ticket of <@${pending.ownerId}>: it was created, but the bot stopped before recording it.`);
  }
  if (!getTicket(db, threadId)) {
    await writeWhenFree(deps, () => deletePending(db, pending.id));
    return;
  }
  try {
    if (!(await threadHasMessages(deps, threadId))) {
      await postStarter(deps, { guildId, threadId, ownerId: pending.ownerId, inboxId: pending.inboxId, topicId: pending.topicId });
      report.startersPosted++;
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await tally(deps, report, 'ticketsForgotten', () => deleteChannels(db, [threadId]));
  } finally {
    deps.tickets.startingTickets.delete(threadId);
  }
  if (pending.threadId !== null) await writeWhenFree(deps, () => deletePending(db, pending.id));
}

async function reconcileTicket(deps: Deps, guild: CachedGuild, ticket: Ticket, report: ReconcileReport): Promise<void> {
  const db = deps.store.db;
  const guildId = guild.guildId;
  const cached = guild.threads.get(ticket.id);
  let state: { archived: boolean; locked: boolean; parentId: string | null };
  if (cached) {
    state = { archived: cached.archived, locked: cached.locked, parentId: cached.parentId };
  } else if (ticket.archived === true) {
    // Closed when last seen, and closed tickets are not reopened without the bot noticing
    // live (or, while it was offline, they show up as open threads above).
    return;
  } else {
    let channel: APIChannel;
    try {
      channel = (await deps.rest.get(Routes.channel(ticket.id))) as APIChannel;
    } catch (error) {
      if (isNotFound(error)) {
        await tally(deps, report, 'ticketsForgotten', () => deleteChannels(db, [ticket.id]));
        return;
      }
      if (isForbidden(error)) return;
      throw error;
    }
    const thread = channel as APIThreadChannel;
    state = {
      archived: thread.thread_metadata?.archived ?? false,
      locked: thread.thread_metadata?.locked ?? false,
      parentId: thread.parent_id ?? ticket.parentId,
    };
  }
  if (await writeWhenFree(deps, () => setTicketThreadState(db, ticket.id, { archived: state.archived, parentId: state.parentId }))) report.ticketsUpdated++;

  if (!state.archived) {
    if (ticket.ownerId && !(await isThreadMember(deps, ticket.id, ticket.ownerId))) {
      if (!(await threadHasMessages(deps, ticket.id))) {
        // Recorded, but the bot stopped before the starter message that adds the owner.
        await postStarter(deps, { guildId, threadId: ticket.id, ownerId: ticket.ownerId, inboxId: ticket.inboxId, topicId: ticket.topicId });
        report.startersPosted++;
      } else if (await closeForOwner(deps, guildId, ticket.id, 'thread')) report.ownerLeftClosed++;
    }
  } else if (!state.locked) {
    if (await lockArchived(deps, guildId, ticket.id, state)) report.locked++;
  }
}
