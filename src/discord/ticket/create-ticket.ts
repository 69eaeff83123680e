// The Create Ticket button (custom id `create-ticket`, as in the original). The rules are
// pure functions (roles, limit, cooldown, name and starter templates); this file puts
// them in order and talks to Discord:
//   inbox → allowed and blocked roles → member may see the destination → the bot may open
//   threads there → limit, cooldown, counter and name, and the click's row, in one write
//   transaction (src/store/clicks.ts) → "creating…" → private thread → ticket row →
//   starter message (the ticket card) → "your ticket is ready" → a line in the inbox's
//   log channel.
// A member's clicks on one inbox are handled one at a time, in this process by a lock and
// across processes by that transaction, so only one of two simultaneous clicks passes
// the limit and the cooldown. The create-thread request is
// sent once per click: after a 5xx or no answer the guild's active threads are searched
// for it first, and only a definite 5xx with no thread found is tried once more. When
// even that search fails, the click counts against the limit and is looked for again
// while running (./unresolved.ts). Nothing that asks Discord runs before the first answer.
import {
  ChannelType,
  InteractionType,
  Routes,
  type APIInteractionResponseCallbackData,
  type APIMessageComponentInteraction,
  type APIThreadChannel,
  type RESTPostAPIChannelThreadsJSONBody,
} from 'discord-api-types/v10';
import { cooldownSeconds } from '../../domain/cooldown.ts';
import { UserError } from '../../domain/errors.ts';
import { roleVerdict, sendableAutoArchive } from '../../domain/inbox-settings.ts';
import { channelLink, channelMention } from '../../domain/links.ts';
import { channelPermissions, isTimedOut, missingPermissions, Permission, type PermissionName } from '../../domain/permissions.ts';
import { ticketName } from '../../domain/templates.ts';
import { isActiveTicket, limitReached, newestId } from '../../domain/tickets.ts';
import { deleteChannels } from '../../store/guilds.ts';
import { getGuildInbox, getInboxRoles, type Inbox } from '../../store/inboxes.ts';
import { claimClick, releaseCooldown, type ClaimResult } from '../../store/clicks.ts';
import { completeTicket, deletePending, ticketsOf, type PendingTicket, type Ticket } from '../../store/tickets.ts';
import { whenWritable, writeFault } from '../../store/write.ts';
import type { Deps } from '../deps.ts';
import { ephemeral, type InteractionContext } from '../router.ts';
import { NotConfirmed, OutcomeUnknown, postOnce } from '../rest-policy.ts';
import { findThreadFor, isForbidden, isThreadMember, postStarter } from './actions.ts';
import { logTicketEvent } from './log-channel.ts';
import { lookAgainLater, resolveClick } from './unresolved.ts';

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

async function readClick(ctx: InteractionContext, interaction: APIMessageComponentInteraction): Promise<Click> {
  const { deps, actor } = ctx;
  const guildId = actor.guildId;
  if (guildId === null) throw new UserError('ticket-inbox-unknown');
  const inbox = await getGuildInbox(deps.store.db, interaction.message.id, guildId);
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

/** SPEC §10: a blocked role never opens tickets; when the inbox names allowed roles, one of them is needed. */
async function checkRoles(ctx: InteractionContext, click: Click): Promise<void> {
  const verdict = roleVerdict(ctx.actor.roles, click.guildId, await getInboxRoles(ctx.deps.store.db, click.inbox.id));
  if (verdict === 'blocked') throw new UserError('ticket-role-blocked');
  if (verdict === 'not-allowed') throw new UserError('ticket-role-not-allowed');
}

/**
 * Whether the member could use a ticket there: a private thread can only be seen with View
 * Channel on its parent, and a timed-out member keeps nothing but View Channel and Read
 * Message History, so could not write in it. Read from the bot's state (the member's roles
 * from the interaction, the channel's overwrites); skipped when the state does not know
 * the channel (Discord will say what is wrong). In the interaction's own channel Discord
 * computed the member's permissions already.
 */
function checkMember(ctx: InteractionContext, click: Click): void {
  const { deps, actor } = ctx;
  const guild = deps.state.guilds.get(click.guildId);
  const channel = guild?.channels.get(click.parentId);
  if (!guild || !channel) return;
  const timedOut = isTimedOut(actor.timeoutUntil, deps.tickets.clock());
  const perms =
    actor.permissions !== null && click.parentId === ctx.interaction.channel_id && !timedOut
      ? actor.permissions
      : channelPermissions(guild, { userId: actor.userId, roleIds: actor.roles, timedOut }, channel.overwrites);
  if ((perms & Permission.ViewChannel) === 0n) {
    deps.logger
      .child('tickets')
      .warn(`<@${actor.userId}> cannot view channel ${click.parentId}, where inbox ${click.inbox.id} opens its tickets, so no ticket was opened for them. Let them view it (they need View Channel there, and Send Messages in Threads to write).`);
    throw new UserError('ticket-member-cannot-view', { channel: channelMention(click.parentId) });
  }
  if (timedOut && (perms & Permission.SendMessagesInThreads) === 0n) {
    throw new UserError('ticket-member-timed-out', { until: `<t:${Math.ceil(actor.timeoutUntil! / 1000)}:R>` });
  }
}

/**
 * SPEC §7 step 2, when the database says the member is at the limit: a click of theirs
 * whose thread may exist (Discord did not confirm it and the look failed) counts until a
 * look tells, and (with the members intent) a ticket counts only while its owner is still
 * in it. Whatever needs Discord comes after the first answer: Discord gives that 3 s, and
 * these requests go through the bot's shared, globally limited client. Returns the tickets
 * that no longer count when a place turned out to be free; throws the member's answer
 * otherwise.
 */
async function settleLimit(ctx: InteractionContext, click: Click, found: { open: Ticket[]; unresolved: PendingTicket[] }): Promise<Set<string>> {
  const { deps } = ctx;
  const max = click.inbox.maxTicketsPerUser;
  const threads = deps.state.guilds.get(click.guildId)?.threads;
  const openTickets = async () => (await ticketsOf(deps.store.db, click.inbox.id, click.ownerId)).filter((t) => isActiveTicket(threads?.get(t.id), t.archived));
  let open = found.open;
  const unresolved = found.unresolved;
  const notCounted = new Set<string>();
  const checkMembers = deps.config.current.bot.intents.members;
  if (unresolved.length > 0 || (checkMembers && open.length > 0)) {
    if (!ctx.reply.responded) await ctx.reply.defer(true);
    let unknown = 0;
    for (const pending of unresolved) {
      try {
        await resolveClick(deps, pending.id);
      } catch (error) {
        unknown++;
        deps.logger.child('tickets').warn(`Still cannot tell whether a ticket thread was created for click ${pending.id}`, { err: error });
      }
    }
    if (unresolved.length > 0) open = await openTickets();
    if (checkMembers) {
      // A ticket counts only while its owner is still in it (leaving normally archives it
      // at once; this covers an archive that failed). When Discord cannot say, it counts.
      const stillIn = await Promise.all(open.map((t) => isThreadMember(deps, t.id, click.ownerId).catch(() => true)));
      for (const [i, t] of open.entries()) if (!stillIn[i]) notCounted.add(t.id);
      open = open.filter((_, i) => stillIn[i]);
    }
    if (!limitReached(open.length + unknown, max)) return notCounted;
    if (open.length < max) throw new UserError('ticket-still-checking');
  }
  throw limitAnswer(click, open);
}

function limitAnswer(click: Click, open: readonly Ticket[]): UserError {
  const newest = newestId(open.map((t) => t.id));
  if (newest === null) return new UserError('ticket-still-checking');
  return new UserError('ticket-limit-reached', { link: channelLink(click.guildId, newest) });
}

export async function handleCreateTicket(ctx: InteractionContext): Promise<void> {
  const { deps } = ctx;
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.MessageComponent) throw new Error('create-ticket received something other than a button click');
  const click = await readClick(ctx, interaction);
  const runtime = deps.tickets;
  const key = `${click.inbox.id}:${click.ownerId}`;

  // An earlier click of theirs may be asking Discord something: answer this one first.
  // (The lock keeps this process's clicks of one member apart before they reach the
  // database; claimClick() is what keeps processes apart.)
  if (runtime.clicks.isBusy(key)) await ctx.reply.defer(true);
  const claimed = await runtime.clicks.run(key, async () => {
    await checkRoles(ctx, click);
    checkMember(ctx, click);
    const perms = deps.state.botPermissions(click.guildId, click.parentId);
    if (perms !== null && missingPermissions(perms, THREAD_PERMISSIONS).length > 0) throw new UserError('ticket-missing-permissions');
    let result = await claim(ctx, click, new Set());
    if (result.kind === 'limit') {
      // Only Discord can tell whether some of them still count: ask, then try once more.
      const notCounted = await settleLimit(ctx, click, result);
      result = await claim(ctx, click, notCounted);
    }
    switch (result.kind) {
      case 'claimed':
        runtime.livePending.add(result.pending.id);
        return result;
      case 'cooldown':
        throw new UserError('ticket-cooldown', { seconds: result.seconds });
      case 'limit':
        throw result.unresolved.length > 0 && result.open.length < click.inbox.maxTicketsPerUser ? new UserError('ticket-still-checking') : limitAnswer(click, result.open);
    }
  });

  let opened: Opened | undefined;
  try {
    if (!claimed.told) await ctx.reply.send(ephemeral(ctx.t('ticket-creating')));
  } catch (error) {
    // Nothing was asked of Discord for this click yet: forget it.
    runtime.livePending.delete(claimed.pending.id);
    await forgetClick(deps.store.db, claimed.pending.id);
    opened = notCreated(error);
  }
  opened ??= await openTicket(deps, ctx.guildLocale, click, claimed.pending);
  await answer(ctx, click, opened, () => liftCooldown(deps, click, claimed.startedAt));
}

/**
 * SPEC §7 steps 2–5 in the database: the limit (with `notCounted` left out), the cooldown,
 * and the click's row, in one write transaction, so another process's click of the same
 * member sees this one. A database that cannot be written is a plain answer and one log
 * line.
 */
async function claim(ctx: InteractionContext, click: Click, notCounted: ReadonlySet<string>): Promise<(ClaimResult & { kind: 'cooldown' | 'limit' }) | (Extract<ClaimResult, { kind: 'claimed' }> & { told: boolean })> {
  const { deps } = ctx;
  const db = deps.store.db;
  const runtime = deps.tickets;
  const at = runtime.clock();
  const slowmode = deps.state.guilds.get(click.guildId)?.channels.get(click.inbox.channelId)?.rateLimitPerUser ?? 0;
  const threads = deps.state.guilds.get(click.guildId)?.threads;
  let result: ClaimResult;
  // Waiting for the database: the member hears that their ticket is on its way first.
  let told = false;
  const tell = async (): Promise<void> => {
    if (ctx.reply.responded) return;
    await ctx.reply.send(ephemeral(ctx.t('ticket-creating')));
    told = true;
  };
  try {
    result = await whenWritable(
      db,
      () =>
        claimClick(db, {
          inboxId: click.inbox.id,
          ownerId: click.ownerId,
          guildId: click.guildId,
          parentId: click.parentId,
          createdAt: at,
          name: (counter) => ticketName(click.inbox.defaultTicketName, { at, author: click.displayName, counter }),
          cooldownSeconds: cooldownSeconds(slowmode, click.inbox.cooldownSeconds),
          maxTickets: click.inbox.maxTicketsPerUser,
          isOpen: (t) => !notCounted.has(t.id) && isActiveTicket(threads?.get(t.id), t.archived),
          ignorePending: (id) => runtime.livePending.has(id) && !runtime.awaitingLook.has(id),
        }),
      { onLocked: () => logLocked(deps), onWait: tell },
    );
  } catch (error) {
    if (writeFault(error) === null || !(error instanceof Error)) throw error;
    // The store's message says what is wrong (locked, read-only, full) and what to check.
    deps.logger.child('tickets').error(`Could not open a ticket: ${error.message}`);
    throw new UserError('ticket-database-unavailable');
  }
  return result.kind === 'claimed' ? { ...result, told } : result;
}

/** Lifts the cooldown of a click that came to nothing. When the database refuses, the cooldown simply runs out. */
function liftCooldown(deps: Deps, click: Click, startedAt: number): void {
  releaseCooldown(deps.store.db, click.inbox.id, click.ownerId, startedAt).catch((error: unknown) => {
    if (writeFault(error) === null) deps.logger.child('tickets').warn('Could not lift the cooldown of a click that opened no ticket', { err: error });
  });
}

/** What came of a click once it got past the checks. */
type Opened =
  | { kind: 'created'; threadId: string }
  | { kind: 'not-created'; why: NotCreated; error: unknown }
  /** Creating the thread failed and looking for it failed too; the click's row stays until a look tells. */
  | { kind: 'unknown'; pendingId: number; error: OutcomeUnknown };

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
      await tellReady(ctx, ephemeral(ctx.t('ticket-ready', { link: channelLink(click.guildId, opened.threadId) })));
      logOpened(ctx, click, opened.threadId);
      return;
    case 'unknown': {
      // A thread may exist after all: the click counts against the limit and the cooldown
      // stands until a look tells; the answer turns into the link (or an invitation to try
      // again) once the bot knows.
      const log = ctx.deps.logger.child('tickets');
      log.warn(`Could not tell whether a ticket thread was created for <@${click.ownerId}>; looking again while running`, { err: opened.error });
      await ctx.reply.send(ephemeral(ctx.t('ticket-outcome-unknown'))).catch((error: unknown) => log.warn('Could not tell a member to wait for their ticket', { err: error }));
      lookAgainLater(ctx.deps, opened.pendingId, (threadId) => {
        if (threadId !== null) {
          void tellReady(ctx, ephemeral(ctx.t('ticket-ready', { link: channelLink(click.guildId, threadId) }))).then(() => logOpened(ctx, click, threadId));
          return;
        }
        releaseCooldown();
        ctx.reply.send(ephemeral(ctx.t('ticket-create-failed'))).catch((error: unknown) => log.warn('Could not tell a member that their ticket was not opened', { err: error }));
      });
      return;
    }
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

/** The inbox's log channel hears of the new ticket once the member has their link. */
function logOpened(ctx: InteractionContext, click: Click, threadId: string): void {
  void logTicketEvent(ctx.deps, click.guildId, click.inbox.logChannelId, { kind: 'opened', ticketId: threadId, by: click.ownerId });
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

/** Steps 6–8, for the click's row (claim()): the thread, the ticket row, the starter message. */
async function openTicket(deps: Deps, guildLocale: string, click: Click, pending: PendingTicket): Promise<Opened> {
  const runtime = deps.tickets;
  let threadId: string | null = null;
  try {
    const reason = deps.i18n.t(guildLocale, 'ticket-audit-created', { user: click.username });
    const autoArchive = sendableAutoArchive(click.inbox.autoArchiveMinutes);
    const made = await runtime.parents.run(click.parentId, () => recordThread(deps, guildLocale, click.guildId, pending, reason, autoArchive));
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
async function recordThread(deps: Deps, guildLocale: string, guildId: string, pending: PendingTicket, reason: string, autoArchive: number | null): Promise<Opened> {
  const db = deps.store.db;
  let threadId: string;
  try {
    threadId = await createThread(deps, guildId, pending, reason, autoArchive);
  } catch (error) {
    if (error instanceof OutcomeUnknown) return { kind: 'unknown', pendingId: pending.id, error };
    await forgetClick(db, pending.id);
    return notCreated(error);
  }
  try {
    await whenWritable(db, () => completeTicket(db, pending, threadId), { onLocked: () => logLocked(deps) });
  } catch (error) {
    // No row for the thread: archive it again, so no open thread is left without one.
    if (await archiveThread(deps, guildLocale, threadId)) await forgetClick(db, pending.id);
    return notCreated(error);
  }
  deps.tickets.startingTickets.add(threadId);
  deps.metrics.ticketOpened();
  return { kind: 'created', threadId };
}

function logLocked(deps: Deps): void {
  deps.logger.child('tickets').warn('The database is locked by another program; new tickets wait for it before they are saved.');
}

/** Deletes a click that came to nothing. When the database refuses, the next start drops it (no active thread matches it). */
async function forgetClick(db: Deps['store']['db'], pendingId: number): Promise<void> {
  try {
    await deletePending(db, pendingId);
  } catch (error) {
    if (writeFault(error) === null) throw error;
  }
}

/**
 * Creates the click's thread and returns its id. The request is sent once; after a 5xx or
 * no answer the guild's active threads are searched for it before anything else
 * (postOnce). Runs under the channel's lock, so a thread found there is this click's.
 */
async function createThread(deps: Deps, guildId: string, pending: PendingTicket, reason: string, autoArchive: number | null): Promise<string> {
  const body: RESTPostAPIChannelThreadsJSONBody = { name: pending.name, type: ChannelType.PrivateThread, invitable: false };
  // The inbox's setting; without one Discord goes by the channel.
  if (autoArchive !== null) body.auto_archive_duration = autoArchive;
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
  await deleteChannels(deps.store.db, [threadId]);
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
