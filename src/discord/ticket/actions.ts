// What the bot does to a ticket's thread, shared by the buttons and commands of the
// ticket workflow, the gateway events and the startup reconciliation: post the starter
// message (the ticket card), close a ticket (its owner left, or someone closed it),
// reopen it, lock an archived ticket, find a thread that was created for a click but
// never recorded. Every notice and audit-log reason is in the guild's language.
import { DiscordAPIError } from '@discordjs/rest';
import {
  Routes,
  type APIThreadChannel,
  type APIThreadList,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { Permission } from '../../domain/permissions.ts';
import { allowedMentionsFor, starterMessage } from '../../domain/templates.ts';
import type { TicketEvent } from '../../domain/ticket-log.ts';
import { matchPendingThreads, type CandidateThread } from '../../domain/tickets.ts';
import { getInbox } from '../../store/inboxes.ts';
import { getInboxTopic } from '../../store/topics.ts';
import { ticketStaff } from '../inbox/staff.ts';
import { getTicket, setTicketThreadState, type PendingTicket, type Ticket } from '../../store/tickets.ts';
import type { Deps } from '../deps.ts';
import { writeWhenFree } from '../patient-write.ts';
import { postOnce } from '../rest-policy.ts';
import { cardComponents } from './card.ts';
import { logTicketEvent } from './log-channel.ts';

export function guildLocaleOf(deps: Deps, guildId: string | null): string {
  return deps.i18n.resolve(guildId ? deps.state.guilds.get(guildId)?.locale : undefined);
}

/** Whether the bot has Manage Threads in `channelId` (a thread or its parent); false when unknown. */
export function botCanManageThreads(deps: Deps, guildId: string, channelId: string | null): boolean {
  if (!channelId) return false;
  const perms = deps.state.botPermissions(guildId, channelId);
  return perms !== null && (perms & Permission.ManageThreads) !== 0n;
}

/** Discord answered 404 (optionally with one of these JSON error codes). */
export function isNotFound(error: unknown, codes?: readonly number[]): boolean {
  return error instanceof DiscordAPIError && error.status === 404 && (!codes || codes.includes(Number(error.code)));
}

/** Discord answered 403: the bot may not do this here. */
export function isForbidden(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.status === 403;
}

const NO_PINGS: { parse: [] } = { parse: [] };

/**
 * A message from the bot that pings nobody. Sent once and never looked for: a notice that
 * went missing costs nothing (the archive or lock after it happens anyway, with its reason
 * in the audit log), while one posted twice stays in the ticket for good.
 */
export async function postNotice(deps: Deps, threadId: string, content: string): Promise<void> {
  const body: RESTPostAPIChannelMessageJSONBody = { content, allowed_mentions: NO_PINGS };
  await postOnce({
    rest: deps.rest,
    route: Routes.channelMessages(threadId),
    body,
    read: () => undefined,
    what: `a notice in ticket ${threadId}`,
    log: deps.logger.child('tickets'),
    recheckDelayMs: deps.tickets.recheckDelayMs,
  });
}

export interface StarterInput {
  guildId: string;
  threadId: string;
  ownerId: string;
  /** null when the inbox is gone: the localised default is used, without staff. */
  inboxId: string | null;
  /** The topic clicked (SPEC §11): its starter and staff, where it sets them, and `$topic`. */
  topicId?: string | null;
}

/**
 * Posts the first message of a ticket. Mentioning the owner and the staff is what adds
 * them to the private thread; only the users and roles the message mentions may be
 * pinged, never @everyone or @here. When the admin's template leaves the owner out,
 * the owner is added to the thread directly (a ticket its owner cannot see is useless,
 * and would look like "the owner left" to the next reconciliation).
 */
export async function postStarter(deps: Deps, input: StarterInput): Promise<void> {
  const db = deps.store.db;
  const locale = guildLocaleOf(deps, input.guildId);
  const inbox = input.inboxId ? getInbox(db, input.inboxId) : null;
  // Only a topic-clicked ticket reads its topic (no query for the inbox itself).
  const topic = inbox && input.topicId ? getInboxTopic(db, inbox.id, input.topicId) : null;
  const starter = topic?.starterContent ?? inbox?.starterContent ?? '';
  const template = inbox && starter !== '' ? starter : deps.i18n.t(locale, 'inbox-starter-default');
  const staff = inbox ? ticketStaff(deps, input.guildId, inbox.id, topic?.id ?? null) : [];
  const author = `<@${input.ownerId}>`;
  let content = starterMessage(template, {
    author,
    staff: staff.join(' '),
    topic: topic?.label ?? deps.i18n.t(locale, 'inbox-button'),
  });
  if (content.trim() === '') content = author;
  const mentions = allowedMentionsFor(content);
  // The card's buttons ride on the starter: no request of its own.
  const body: RESTPostAPIChannelMessageJSONBody = { content, allowed_mentions: mentions, components: cardComponents(deps, locale, false) };
  // Sent once: a starter posted twice pings everyone twice. The bot posts nothing else
  // in a new ticket, and nobody else can see it yet but moderators, so any message there
  // is the starter.
  await postOnce({
    rest: deps.rest,
    route: Routes.channelMessages(input.threadId),
    body,
    read: () => true,
    find: async () => ((await threadHasMessages(deps, input.threadId)) ? true : null),
    what: `the starter message of ticket ${input.threadId}`,
    log: deps.logger.child('tickets'),
    recheckDelayMs: deps.tickets.recheckDelayMs,
  });
  if (!mentions.users.includes(input.ownerId)) {
    await deps.rest.put(Routes.threadMembers(input.threadId, input.ownerId));
  }
}

/**
 * Whether anything was ever posted in the thread, read from the thread itself
 * (`total_message_sent`, else `last_message_id`): listing its messages would need Read
 * Message History, and without it Discord answers with an empty list.
 */
export async function threadHasMessages(deps: Deps, threadId: string): Promise<boolean> {
  const thread = (await deps.rest.get(Routes.channel(threadId))) as APIThreadChannel;
  if (typeof thread.total_message_sent === 'number') return thread.total_message_sent > 0;
  return Boolean(thread.last_message_id);
}

export type OwnerLeft = 'thread' | 'server';

/** Whom the bot acts for: their mention goes in the notice, their username in the audit log. */
export interface Acting {
  userId: string;
  username: string;
}

export type CloseCause =
  | { kind: 'owner-left'; left: OwnerLeft }
  /** Someone closed it with the card's button or /ticket close. */
  | { kind: 'closed'; by: Acting; reason: string | null }
  /** Staff removed the owner with /ticket remove (the removal is `CloseOptions.first`). */
  | { kind: 'owner-removed'; by: Acting };

export interface CloseOptions {
  /** The ticket's channel, when its row does not know it yet (tickets from before migration 8). */
  parentId?: string | null;
  /** Whether Discord said the thread was archived when the interaction came; undefined when it did not say. */
  archived?: boolean | null;
  /** Runs first, under the ticket's lock (removing the owner, so the event it causes finds the ticket closed). */
  first?: () => Promise<void>;
  /** Runs after the notice, while the thread is still open: an answer to the person who closed it (nothing can be edited in an archived thread). */
  beforeArchive?: () => Promise<void>;
}

export type CloseResult = 'closed' | 'already-closed' | 'not-a-ticket';

/** The ticket's channel: as cached, else as recorded, else as the caller knows it. */
function parentOf(deps: Deps, guildId: string, ticket: Ticket, known?: string | null): string | null {
  return deps.state.guilds.get(guildId)?.threads.get(ticket.id)?.parentId ?? ticket.parentId ?? known ?? null;
}

/** Whether Discord would take a notice from the bot there (Send Messages in Threads; a timed-out bot has none). Unknown counts as yes. */
function mayPostNotice(deps: Deps, guildId: string, where: string | null): boolean {
  const perms = where ? deps.state.botPermissions(guildId, where) : null;
  return perms === null || (perms & Permission.SendMessagesInThreads) !== 0n;
}

/** Remembers `archive_timestamp` from Discord's answer to the bot's own archive or unarchive (see TicketRuntime.ownArchiveChanges). */
export function noteOwnArchiveChange(deps: Deps, threadId: string, answer: unknown): void {
  const stamp = (answer as { thread_metadata?: { archive_timestamp?: unknown } } | null)?.thread_metadata?.archive_timestamp;
  const ms = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
  if (Number.isNaN(ms)) return;
  const own = deps.tickets.ownArchiveChanges;
  const hourAgo = ms - 60 * 60 * 1000;
  for (const [id, at] of own) if (at < hourAgo) own.delete(id);
  own.set(threadId, Math.max(ms, own.get(threadId) ?? 0));
}

/**
 * Closes a ticket, for every reason there is (SPEC §8 and §10): a notice without pings
 * (who closed it and why), then archive, and lock when the bot has Manage Threads, so
 * that only moderators can reopen it. Does nothing when the ticket is already closed, so
 * the two events one departure may cause give one notice. The close is logged in the
 * inbox's log channel once it is done.
 */
export async function closeTicket(deps: Deps, guildId: string, threadId: string, cause: CloseCause, opts: CloseOptions = {}): Promise<CloseResult> {
  const log = deps.logger.child('tickets');
  return deps.tickets.threads.run(threadId, async () => {
    const db = deps.store.db;
    const ticket = getTicket(db, threadId);
    if (!ticket || (cause.kind === 'owner-left' && !ticket.ownerId)) return 'not-a-ticket';
    const cached = deps.state.guilds.get(guildId)?.threads.get(threadId);
    if (cause.kind === 'owner-left') {
      // Unknown counts as closed: the catch-up looks such tickets up first.
      if (cached?.archived || (!cached && ticket.archived !== false) || ticket.archived === true) return 'already-closed';
    } else if ((opts.archived ?? cached?.archived ?? ticket.archived) === true) {
      return 'already-closed';
    }
    await opts.first?.();
    let left: OwnerLeft | null = cause.kind === 'owner-left' ? cause.left : null;
    if (left === 'thread' && !(await isGuildMember(deps, guildId, ticket.ownerId!))) left = 'server';
    const locale = guildLocaleOf(deps, guildId);
    const owner = ticket.ownerId ? `<@${ticket.ownerId}>` : '';
    const where = cached ? threadId : parentOf(deps, guildId, ticket, opts.parentId);
    let notice: string;
    let reason: string;
    let event: TicketEvent;
    switch (cause.kind) {
      case 'owner-left':
        notice = deps.i18n.t(locale, left === 'server' ? 'ticket-owner-left-server' : 'ticket-owner-left-thread', { owner });
        reason = deps.i18n.t(locale, left === 'server' ? 'ticket-audit-owner-left-server' : 'ticket-audit-owner-left-thread');
        event = { kind: 'owner-left', ticketId: threadId, owner: ticket.ownerId!, left: left ?? 'thread' };
        break;
      case 'closed': {
        const by = `<@${cause.by.userId}>`;
        notice = cause.reason ? deps.i18n.t(locale, 'ticket-closed-notice-reason', { user: by, reason: cause.reason }) : deps.i18n.t(locale, 'ticket-closed-notice', { user: by });
        reason = deps.i18n.t(locale, 'ticket-audit-closed', { user: cause.by.username });
        event = { kind: 'closed', ticketId: threadId, by: cause.by.userId, reason: cause.reason };
        break;
      }
      case 'owner-removed':
        notice = deps.i18n.t(locale, 'ticket-owner-removed-notice', { user: `<@${cause.by.userId}>`, owner });
        reason = deps.i18n.t(locale, 'ticket-audit-owner-removed', { user: cause.by.username });
        event = { kind: 'owner-removed', ticketId: threadId, owner: ticket.ownerId ?? cause.by.userId, by: cause.by.userId };
        break;
    }
    // A notice Discord would refuse (a timed-out bot, or one without Send Messages in
    // Threads there) is not sent; the archive still goes ahead.
    if (mayPostNotice(deps, guildId, where)) {
      try {
        await postNotice(deps, threadId, notice);
      } catch (error) {
        log.warn('Could not post the closing notice in a ticket', { ticket: threadId, err: error });
      }
    }
    try {
      await opts.beforeArchive?.();
    } catch (error) {
      // The answer to the person who closed it is not worth leaving the ticket open for.
      log.warn('Could not answer the person closing a ticket', { ticket: threadId, err: error });
    }
    const lock = botCanManageThreads(deps, guildId, where);
    const answer = await deps.rest.patch(Routes.channel(threadId), {
      // `locked` only when locking: changing it at all is for Manage Threads.
      body: lock ? { archived: true, locked: true } : { archived: true },
      reason,
    });
    noteOwnArchiveChange(deps, threadId, answer);
    await writeWhenFree(deps, () => setTicketThreadState(db, threadId, { archived: true }));
    deps.metrics.ticketClosed(cause.kind === 'owner-left' ? 'owner_left' : 'command');
    const why = cause.kind === 'owner-left' ? `its owner left the ${left}` : cause.kind === 'closed' ? `closed by <@${cause.by.userId}>` : `<@${cause.by.userId}> removed its owner`;
    log.info(`Archived ticket ${threadId}${lock ? ' and locked it' : ''}: ${why}.`);
    void logTicketEvent(deps, guildId, inboxLogChannel(deps, ticket), event);
    return 'closed';
  });
}

/**
 * The owner left the ticket (or the server): a notice without pings, then archive, and
 * lock when the bot has Manage Threads. Returns whether it closed the ticket.
 */
export async function closeForOwner(deps: Deps, guildId: string, threadId: string, left: OwnerLeft): Promise<boolean> {
  return (await closeTicket(deps, guildId, threadId, { kind: 'owner-left', left })) === 'closed';
}

export type ReopenResult = 'reopened' | 'already-open' | 'not-a-ticket';

export interface ReopenOptions {
  parentId?: string | null;
  /** What Discord said about the thread when the interaction came (undefined: it did not say). */
  archived?: boolean | null;
  locked?: boolean | null;
}

/**
 * Reopens a closed ticket for a staff member: unarchive (and unlock, which needs Manage
 * Threads), then a notice naming them, and a line in the log channel.
 */
export async function reopenTicket(deps: Deps, guildId: string, threadId: string, by: Acting, opts: ReopenOptions = {}): Promise<ReopenResult> {
  return deps.tickets.threads.run(threadId, async () => {
    const db = deps.store.db;
    const ticket = getTicket(db, threadId);
    if (!ticket) return 'not-a-ticket';
    const cached = deps.state.guilds.get(guildId)?.threads.get(threadId);
    const archived = opts.archived ?? cached?.archived ?? ticket.archived;
    const locked = opts.locked ?? cached?.locked ?? null;
    if (archived === false && locked === false) return 'already-open';
    const where = parentOf(deps, guildId, ticket, opts.parentId);
    const locale = guildLocaleOf(deps, guildId);
    const manage = botCanManageThreads(deps, guildId, where);
    const answer = await deps.rest.patch(Routes.channel(threadId), {
      // Unlocking needs Manage Threads; without it the thread cannot be locked by the bot.
      body: manage ? { archived: false, locked: false } : { archived: false },
      reason: deps.i18n.t(locale, 'ticket-audit-reopened', { user: by.username }),
    });
    noteOwnArchiveChange(deps, threadId, answer);
    await writeWhenFree(deps, () => setTicketThreadState(db, threadId, { archived: false }));
    if (mayPostNotice(deps, guildId, where)) {
      try {
        await postNotice(deps, threadId, deps.i18n.t(locale, 'ticket-reopened-notice', { user: `<@${by.userId}>` }));
      } catch (error) {
        deps.logger.child('tickets').warn('Could not post the reopening notice in a ticket', { ticket: threadId, err: error });
      }
    }
    deps.logger.child('tickets').info(`Reopened ticket ${threadId} for <@${by.userId}>.`);
    void logTicketEvent(deps, guildId, inboxLogChannel(deps, ticket), { kind: 'reopened', ticketId: threadId, by: by.userId });
    return 'reopened';
  });
}

/**
 * A THREAD_UPDATE unarchived a ticket the bot had seen archived: unless it was the bot's
 * own doing (not newer than its own latest change), someone reopened it (a staff member
 * writing in it, or a moderator in Discord's thread menu), which the log channel hears.
 * Runs under the ticket's lock, so an action of the bot's own is done and noted first.
 */
export async function noticeReopened(deps: Deps, guildId: string, threadId: string, archiveTimestamp: string | undefined): Promise<void> {
  await deps.tickets.threads.run(threadId, async () => {
    const ticket = getTicket(deps.store.db, threadId);
    if (!ticket) return;
    const own = deps.tickets.ownArchiveChanges.get(threadId);
    const at = archiveTimestamp === undefined ? Number.NaN : Date.parse(archiveTimestamp);
    if (own !== undefined && (Number.isNaN(at) || at <= own)) return;
    deps.logger.child('tickets').info(`Ticket ${threadId} was reopened in Discord.`);
    void logTicketEvent(deps, guildId, inboxLogChannel(deps, ticket), { kind: 'reopened', ticketId: threadId, by: null });
  });
}

/** The log channel of the ticket's topic, else of its inbox; null without inbox or log channel. */
export function inboxLogChannel(deps: Deps, ticket: Pick<Ticket, 'inboxId'> & { topicId?: string | null }): string | null {
  if (!ticket.inboxId) return null;
  const topic = ticket.topicId ? getInboxTopic(deps.store.db, ticket.inboxId, ticket.topicId) : null;
  return topic?.logChannelId ?? getInbox(deps.store.db, ticket.inboxId)?.logChannelId ?? null;
}

async function isGuildMember(deps: Deps, guildId: string, userId: string): Promise<boolean> {
  try {
    await deps.rest.get(Routes.guildMember(guildId, userId));
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Whether `userId` is in the thread (404 from Discord means not). */
export async function isThreadMember(deps: Deps, threadId: string, userId: string): Promise<boolean> {
  try {
    await deps.rest.get(Routes.threadMembers(threadId, userId));
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export interface ThreadState {
  archived: boolean;
  locked: boolean;
  parentId: string | null;
}

/**
 * An archived ticket that is not locked: when the bot has Manage Threads, a notice (which
 * reopens the thread for a moment), then archive and lock, so only moderators can reopen
 * it. `current` is what Discord last said about the thread. When Discord refuses the lock,
 * it is not tried again for this thread until the bot's permissions there change (or the
 * next start): every THREAD_UPDATE would otherwise repeat the same refused requests.
 */
export async function lockArchived(deps: Deps, guildId: string, threadId: string, current: ThreadState): Promise<boolean> {
  const log = deps.logger.child('tickets');
  return deps.tickets.threads.run(threadId, async () => {
    const ticket = getTicket(deps.store.db, threadId);
    // A ticket still being opened is archived only by its click giving up on it.
    if (!ticket || deps.tickets.startingTickets.has(threadId)) return false;
    const cached = deps.state.guilds.get(guildId)?.threads.get(threadId);
    const state = cached ? { archived: cached.archived, locked: cached.locked } : current;
    if (!state.archived || state.locked) return false;
    const where = cached ? threadId : (current.parentId ?? ticket.parentId);
    if (!botCanManageThreads(deps, guildId, where)) return false;
    const perms = where ? deps.state.botPermissions(guildId, where) : null;
    const refused = deps.tickets.lockRefused;
    if (refused.has(threadId) && refused.get(threadId) === perms) {
      log.debug(`Not locking ticket ${threadId} again: Discord refused it, and the bot's permissions there are the same`);
      return false;
    }
    const locale = guildLocaleOf(deps, guildId);
    const reason = deps.i18n.t(locale, 'ticket-audit-locked');
    let noticed = false;
    // Without Send Messages in Threads Discord would refuse the notice: not sent.
    if (perms === null || (perms & Permission.SendMessagesInThreads) !== 0n) {
      try {
        await postNotice(deps, threadId, deps.i18n.t(locale, 'ticket-locked-notice'));
        noticed = true;
      } catch (error) {
        log.warn('Could not post the lock notice in a ticket; locking it without one', { ticket: threadId, err: error });
      }
    }
    try {
      if (noticed) {
        // The notice reopened the thread: archiving and locking it is one request.
        noteOwnArchiveChange(deps, threadId, await deps.rest.patch(Routes.channel(threadId), { body: { archived: true, locked: true }, reason }));
      } else {
        // Still archived, and Discord changes nothing on an archived thread unless the same
        // request unarchives it (50083): lock it while unarchiving, then archive it again.
        noteOwnArchiveChange(deps, threadId, await deps.rest.patch(Routes.channel(threadId), { body: { archived: false, locked: true }, reason }));
        noteOwnArchiveChange(deps, threadId, await deps.rest.patch(Routes.channel(threadId), { body: { archived: true }, reason }));
      }
    } catch (error) {
      // A 5xx or a lost answer says nothing about the next try; a refusal does.
      if (!(error instanceof DiscordAPIError) || error.status >= 500) throw error;
      refused.set(threadId, perms);
      log.warn(`Could not lock archived ticket ${threadId}; trying again once the bot's permissions there change, or at the next start`, { err: error });
      return false;
    }
    refused.delete(threadId);
    await writeWhenFree(deps, () => setTicketThreadState(deps.store.db, threadId, { archived: true }));
    deps.metrics.ticketClosed('locked');
    log.info(`Locked archived ticket ${threadId}${noticed ? '' : ' (without a notice)'}.`);
    return true;
  });
}

/**
 * Looks among the guild's active threads for the thread a click asked for: created by
 * the bot in the click's channel with the click's name, not before the click, and not
 * anyone's ticket yet. Returns its id, or null.
 */
export async function findThreadFor(deps: Deps, guildId: string, pending: PendingTicket): Promise<string | null> {
  const list = (await deps.rest.get(Routes.guildActiveThreads(guildId))) as APIThreadList;
  const candidates: CandidateThread[] = (list.threads as APIThreadChannel[]).map((t) => ({
    id: t.id,
    parentId: t.parent_id ?? '',
    name: t.name,
    ownerId: t.owner_id,
  }));
  const botId = deps.state.botUserId ?? '';
  const match = matchPendingThreads([pending], candidates, botId, (id) => getTicket(deps.store.db, id) !== null);
  return match.get(pending.id) ?? null;
}
