// The Create Ticket button (custom id `create-ticket`, as in the original). The rules are
// pure functions (limit, cooldown, name and starter templates); this file puts them in
// order and talks to Discord:
//   inbox → limit → cooldown → "creating…" → counter and name → private thread →
//   ticket row → starter message → "your ticket is ready".
// A member's clicks on one inbox are handled one at a time, so only one of two
// simultaneous clicks passes the limit and the cooldown. The create-thread request is
// sent once per click: after a 5xx or no answer the guild's active threads are searched
// for it first, and only a definite 5xx with no thread found is tried once more.
import {
  ChannelType,
  InteractionType,
  MessageFlags,
  Routes,
  type APIInteractionResponseCallbackData,
  type APIMessageComponentInteraction,
  type APIThreadChannel,
  type RESTPostAPIChannelThreadsJSONBody,
} from 'discord-api-types/v10';
import { cooldownSeconds } from '../../domain/cooldown.ts';
import { UserError } from '../../domain/errors.ts';
import { channelLink } from '../../domain/links.ts';
import { missingPermissions, type PermissionName } from '../../domain/permissions.ts';
import { ticketName } from '../../domain/templates.ts';
import { isActiveTicket, limitReached, newestId } from '../../domain/tickets.ts';
import { deleteChannels } from '../../store/guilds.ts';
import { getGuildInbox, type Inbox } from '../../store/inboxes.ts';
import { addPending, completeTicket, deletePending, ticketsOf, type PendingTicket } from '../../store/tickets.ts';
import { whenWritable, writeFault } from '../../store/write.ts';
import type { Deps } from '../deps.ts';
import type { InteractionContext } from '../router.ts';
import { NotConfirmed, OutcomeUnknown, postOnce } from '../rest-policy.ts';
import { findThreadFor, isForbidden, isThreadMember, postStarter } from './actions.ts';

export { CREATE_TICKET_ID } from '../../domain/custom-ids.ts';

/** What the bot needs where the thread is created. */
const THREAD_PERMISSIONS: readonly PermissionName[] = ['ViewChannel', 'CreatePrivateThreads', 'SendMessagesInThreads'];

interface Click {
  guildId: string;
  inbox: Inbox;
  ownerId: string;
  /** Server nickname, else global display name, else username. */
  displayName: string;
  username: string;
  /** Where the thread goes: the destination, or the inbox's channel when none or gone. */
  parentId: string;
}

function readClick(ctx: InteractionContext, interaction: APIMessageComponentInteraction): Click {
  const { deps, actor } = ctx;
  const guildId = actor.guildId;
  if (guildId === null) throw new UserError('ticket-inbox-unknown');
  const inbox = getGuildInbox(deps.store.db, interaction.message.id, guildId);
  if (!inbox) throw new UserError('ticket-inbox-unknown');
  const guild = deps.state.guilds.get(guildId);
  const destinationGone = inbox.destinationId !== null && guild !== undefined && !guild.channels.has(inbox.destinationId);
  return {
    guildId,
    inbox,
    ownerId: actor.userId,
    displayName: actor.displayName,
    username: actor.username,
    parentId: inbox.destinationId !== null && !destinationGone ? inbox.destinationId : inbox.channelId,
  };
}

function message(ctx: InteractionContext, content: string): APIInteractionResponseCallbackData {
  const data: APIInteractionResponseCallbackData = { content, allowed_mentions: { parse: [] } };
  if (!ctx.reply.responded) data.flags = MessageFlags.Ephemeral;
  return data;
}

/** SPEC §7 step 2: the member's open tickets from this inbox, and whether they reach the limit. */
async function checkLimit(deps: Deps, click: Click): Promise<void> {
  const max = click.inbox.maxTicketsPerUser;
  if (max <= 0) return;
  const threads = deps.state.guilds.get(click.guildId)?.threads;
  let open = ticketsOf(deps.store.db, click.inbox.id, click.ownerId).filter((t) => isActiveTicket(threads?.get(t.id), t.archived));
  if (!limitReached(open.length, max)) return;
  if (deps.config.current.bot.intents.members) {
    // A ticket counts only while its owner is still in it (leaving normally archives it
    // at once; this covers an archive that failed).
    const stillIn = await Promise.all(open.map((t) => isThreadMember(deps, t.id, click.ownerId)));
    open = open.filter((_, i) => stillIn[i]);
    if (!limitReached(open.length, max)) return;
  }
  const newest = newestId(open.map((t) => t.id))!;
  throw new UserError('ticket-limit-reached', { link: channelLink(click.guildId, newest) });
}

export async function handleCreateTicket(ctx: InteractionContext): Promise<void> {
  const { deps } = ctx;
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.MessageComponent) throw new Error('create-ticket received something other than a button click');
  const click = readClick(ctx, interaction);
  const runtime = deps.tickets;
  const key = `${click.inbox.id}:${click.ownerId}`;

  const startedAt = await runtime.clicks.run(key, async () => {
    await checkLimit(deps, click);
    const slowmode = deps.state.guilds.get(click.guildId)?.channels.get(click.inbox.channelId)?.rateLimitPerUser ?? 0;
    const seconds = runtime.cooldowns.remaining(key, cooldownSeconds(slowmode));
    if (seconds > 0) throw new UserError('ticket-cooldown', { seconds });
    const perms = deps.state.botPermissions(click.guildId, click.parentId);
    if (perms !== null && missingPermissions(perms, THREAD_PERMISSIONS).length > 0) throw new UserError('ticket-missing-permissions');
    return runtime.cooldowns.start(key);
  });

  let opened: Opened;
  try {
    await ctx.reply.send(message(ctx, ctx.t('ticket-creating')));
    opened = await openTicket(deps, ctx.guildLocale, click);
  } catch (error) {
    opened = notCreated(error);
  }
  await answer(ctx, click, opened, () => runtime.cooldowns.release(key, startedAt));
}

/** What came of a click once it got past the checks. */
type Opened =
  | { kind: 'created'; threadId: string }
  | { kind: 'not-created'; why: NotCreated; error: unknown }
  /** Creating the thread failed and looking for it failed too; the click's row stays for the next start. */
  | { kind: 'unknown'; error: OutcomeUnknown };

/** Discord refused (403), did not confirm the thread, the database refused a write, or anything else. */
type NotCreated = 'forbidden' | 'not-confirmed' | 'database' | 'error';

function notCreated(error: unknown): Opened {
  const why: NotCreated = isForbidden(error)
    ? 'forbidden'
    : error instanceof NotConfirmed
      ? 'not-confirmed'
      : writeFault(error) !== null && error instanceof Error
        ? 'database'
        : 'error';
  return { kind: 'not-created', why, error };
}

/** The one place an outcome becomes the member's answer and decides whether the cooldown stands. */
async function answer(ctx: InteractionContext, click: Click, opened: Opened, releaseCooldown: () => void): Promise<void> {
  switch (opened.kind) {
    case 'created':
      return tellReady(ctx, message(ctx, ctx.t('ticket-ready', { link: channelLink(click.guildId, opened.threadId) })));
    case 'unknown':
      // A thread may exist after all: the cooldown stands and the next start looks for it.
      // The router answers with an error code and logs the cause.
      throw opened.error;
    case 'not-created':
      // No ticket came of this click: the member may try again straight away.
      releaseCooldown();
      switch (opened.why) {
        case 'forbidden':
          throw new UserError('ticket-missing-permissions');
        case 'not-confirmed':
          throw new UserError('ticket-create-failed');
        case 'database':
          // The store's message says what is wrong (locked, read-only, full) and what to check.
          ctx.deps.logger.child('tickets').error(`Could not open a ticket: ${(opened.error as Error).message}`);
          throw new UserError('ticket-database-unavailable');
        case 'error':
          throw opened.error;
      }
  }
}

/**
 * The ticket exists, so failing to say so must not end in an error message (the router
 * would write one over a link the member may already see: the edit can fail after Discord
 * applied it). One more try after a pause; after that the starter's ping is the member's news.
 */
async function tellReady(ctx: InteractionContext, ready: APIInteractionResponseCallbackData): Promise<void> {
  const log = ctx.deps.logger.child('tickets');
  try {
    await ctx.reply.send(ready);
  } catch (error) {
    log.warn('Could not tell a member that their ticket is ready; trying once more', { err: error });
    await new Promise((resolve) => setTimeout(resolve, ctx.deps.tickets.recheckDelayMs));
    await ctx.reply.send(ready).catch((again: unknown) => log.warn('Could not tell a member that their ticket is ready', { err: again }));
  }
}

/** Steps 5–8: the click's row, the thread, the ticket row, the starter message. */
async function openTicket(deps: Deps, guildLocale: string, click: Click): Promise<Opened> {
  const db = deps.store.db;
  const runtime = deps.tickets;
  const at = runtime.clock();
  let pending: PendingTicket;
  try {
    pending = await whenWritable(
      db,
      () =>
        addPending(db, {
          inboxId: click.inbox.id,
          ownerId: click.ownerId,
          guildId: click.guildId,
          parentId: click.parentId,
          createdAt: at,
          name: (counter) => ticketName(click.inbox.defaultTicketName, { at, author: click.displayName, counter }),
        }),
      { onLocked: () => logLocked(deps) },
    );
  } catch (error) {
    return notCreated(error);
  }
  runtime.livePending.add(pending.id);
  let threadId: string | null = null;
  try {
    const reason = deps.i18n.t(guildLocale, 'ticket-audit-created', { user: click.username });
    const made = await runtime.parents.run(click.parentId, () => recordThread(deps, guildLocale, click.guildId, pending, reason));
    if (made.kind !== 'created') return made;
    threadId = made.threadId;
    try {
      await postStarter(deps, { guildId: click.guildId, threadId, ownerId: click.ownerId, inboxId: click.inbox.id });
    } catch (error) {
      await abandon(deps, guildLocale, threadId);
      return notCreated(error);
    }
    return made;
  } catch (error) {
    return notCreated(error);
  } finally {
    runtime.livePending.delete(pending.id);
    if (threadId !== null) runtime.startingTickets.delete(threadId);
  }
}

/**
 * Under the channel's lock (a thread another click finds there is already a ticket): the
 * thread, then its ticket row. A click that came to nothing is forgotten, unless its
 * thread may exist or was left open without its row: then the next start looks.
 */
async function recordThread(deps: Deps, guildLocale: string, guildId: string, pending: PendingTicket, reason: string): Promise<Opened> {
  const db = deps.store.db;
  let threadId: string;
  try {
    threadId = await createThread(deps, guildId, pending, reason);
  } catch (error) {
    if (error instanceof OutcomeUnknown) return { kind: 'unknown', error };
    forgetClick(db, pending.id);
    return notCreated(error);
  }
  try {
    await whenWritable(db, () => completeTicket(db, pending, threadId), { onLocked: () => logLocked(deps) });
  } catch (error) {
    // No row for the thread: archive it again, so no open thread is left without one.
    if (await archiveThread(deps, guildLocale, threadId)) forgetClick(db, pending.id);
    return notCreated(error);
  }
  deps.tickets.startingTickets.add(threadId);
  return { kind: 'created', threadId };
}

function logLocked(deps: Deps): void {
  deps.logger.child('tickets').warn('The database is locked by another program; new tickets wait for it before they are saved.');
}

/** Deletes a click that came to nothing. When the database refuses, the next start drops it (no active thread matches it). */
function forgetClick(db: Deps['store']['db'], pendingId: number): void {
  try {
    deletePending(db, pendingId);
  } catch (error) {
    if (writeFault(error) === null) throw error;
  }
}

/**
 * Creates the click's thread and returns its id. The request is sent once; after a 5xx or
 * no answer the guild's active threads are searched for it before anything else
 * (postOnce). Runs under the channel's lock, so a thread found there is this click's.
 */
async function createThread(deps: Deps, guildId: string, pending: PendingTicket, reason: string): Promise<string> {
  const body: RESTPostAPIChannelThreadsJSONBody = { name: pending.name, type: ChannelType.PrivateThread, invitable: false };
  return postOnce({
    rest: deps.rest,
    route: Routes.threads(pending.parentId),
    body,
    reason,
    read: (thread) => (thread as APIThreadChannel).id,
    find: () => findThreadFor(deps, guildId, pending),
    what: `a ticket thread in ${pending.parentId}`,
    log: deps.logger.child('tickets'),
    recheckDelayMs: deps.tickets.recheckDelayMs,
  });
}

/** The starter could not be posted: nobody but the bot is in the thread, so close it and forget it. */
async function abandon(deps: Deps, guildLocale: string, threadId: string): Promise<void> {
  await archiveThread(deps, guildLocale, threadId);
  deleteChannels(deps.store.db, [threadId]);
}

/** Archives a thread that will not become a working ticket. Returns whether Discord did. */
async function archiveThread(deps: Deps, guildLocale: string, threadId: string): Promise<boolean> {
  try {
    await deps.rest.patch(Routes.channel(threadId), {
      body: { archived: true },
      reason: deps.i18n.t(guildLocale, 'ticket-audit-abandoned'),
    });
    return true;
  } catch (error) {
    deps.logger.child('tickets').warn('Could not archive a ticket thread that was not set up', { ticket: threadId, err: error });
    return false;
  }
}
