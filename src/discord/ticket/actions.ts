// What the bot does to a ticket's thread, shared by the Create Ticket button, the gateway
// events and the startup reconciliation: post the starter message, close a ticket whose
// owner left, lock an archived ticket, find a thread that was created for a click but
// never recorded. Every notice and audit-log reason is in the guild's language.
import { DiscordAPIError } from '@discordjs/rest';
import {
  Routes,
  type APIMessage,
  type APIThreadChannel,
  type APIThreadList,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { Permission } from '../../domain/permissions.ts';
import { allowedMentionsFor, starterMessage } from '../../domain/templates.ts';
import { matchPendingThreads, type CandidateThread } from '../../domain/tickets.ts';
import { getCurrentStaff, getInbox } from '../../store/inboxes.ts';
import { getTicket, setTicketThreadState, type PendingTicket } from '../../store/tickets.ts';
import type { Deps } from '../deps.ts';
import { postOnce } from '../rest-policy.ts';

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

/** A message from the bot that pings nobody. */
async function postNotice(deps: Deps, threadId: string, content: string): Promise<void> {
  const body: RESTPostAPIChannelMessageJSONBody = { content, allowed_mentions: NO_PINGS };
  await deps.rest.post(Routes.channelMessages(threadId), { body });
}

export interface StarterInput {
  guildId: string;
  threadId: string;
  ownerId: string;
  /** null when the inbox is gone: the localised default is used, without staff. */
  inboxId: string | null;
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
  const template = inbox && inbox.starterContent !== '' ? inbox.starterContent : deps.i18n.t(locale, 'inbox-starter-default');
  const guild = deps.state.guilds.get(input.guildId);
  const roleExists = guild ? (roleId: string) => guild.rolePermissions.has(roleId) : null;
  const staff = inbox ? getCurrentStaff(db, inbox.id, roleExists) : [];
  const author = `<@${input.ownerId}>`;
  let content = starterMessage(template, { author, staff: staff.join(' ') });
  if (content.trim() === '') content = author;
  const mentions = allowedMentionsFor(content);
  const body: RESTPostAPIChannelMessageJSONBody = { content, allowed_mentions: mentions };
  // Sent once: a starter posted twice pings everyone twice. The bot posts nothing else
  // in a new ticket, so any message of its own there is the starter.
  await postOnce({
    rest: deps.rest,
    route: Routes.channelMessages(input.threadId),
    body,
    read: () => true,
    find: async () => ((await botHasPosted(deps, input.threadId)) ? true : null),
    what: `the starter message of ticket ${input.threadId}`,
    log: deps.logger.child('tickets'),
    recheckDelayMs: deps.tickets.recheckDelayMs,
  });
  if (!mentions.users.includes(input.ownerId)) {
    await deps.rest.put(Routes.threadMembers(input.threadId, input.ownerId));
  }
}

/** Whether the bot already posted something in the thread (the starter, most likely). */
export async function botHasPosted(deps: Deps, threadId: string): Promise<boolean> {
  const messages = (await deps.rest.get(Routes.channelMessages(threadId), {
    query: new URLSearchParams({ limit: '10' }),
  })) as APIMessage[];
  return messages.some((m) => m.author.id === deps.state.botUserId);
}

export type OwnerLeft = 'thread' | 'server';

/**
 * The owner left the ticket (or the server): a notice without pings, then archive, and
 * lock when the bot has Manage Threads. Does nothing when the ticket is already closed,
 * so the two events one departure may cause give one notice.
 */
export async function closeForOwner(deps: Deps, guildId: string, threadId: string, left: OwnerLeft): Promise<boolean> {
  const log = deps.logger.child('tickets');
  return deps.tickets.threads.run(threadId, async () => {
    const ticket = getTicket(deps.store.db, threadId);
    if (!ticket || !ticket.ownerId) return false;
    const cached = deps.state.guilds.get(guildId)?.threads.get(threadId);
    if (cached?.archived || (!cached && ticket.archived !== false) || ticket.archived === true) return false;
    let reason = left;
    if (reason === 'thread' && !(await isGuildMember(deps, guildId, ticket.ownerId))) reason = 'server';
    const locale = guildLocaleOf(deps, guildId);
    const owner = `<@${ticket.ownerId}>`;
    try {
      await postNotice(deps, threadId, deps.i18n.t(locale, reason === 'server' ? 'ticket-owner-left-server' : 'ticket-owner-left-thread', { owner }));
    } catch (error) {
      log.warn('Could not post the notice in a ticket whose owner left', { ticket: threadId, err: error });
    }
    const lock = botCanManageThreads(deps, guildId, cached ? threadId : ticket.parentId);
    await deps.rest.patch(Routes.channel(threadId), {
      // `locked` only when locking: changing it at all is for Manage Threads.
      body: lock ? { archived: true, locked: true } : { archived: true },
      reason: deps.i18n.t(locale, reason === 'server' ? 'ticket-audit-owner-left-server' : 'ticket-audit-owner-left-thread'),
    });
    setTicketThreadState(deps.store.db, threadId, { archived: true });
    log.info(`Archived ticket ${threadId}${lock ? ' and locked it' : ''}: its owner left the ${reason}.`);
    return true;
  });
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
 * it. `current` is what Discord last said about the thread.
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
    if (!botCanManageThreads(deps, guildId, cached ? threadId : (current.parentId ?? ticket.parentId))) return false;
    const locale = guildLocaleOf(deps, guildId);
    try {
      await postNotice(deps, threadId, deps.i18n.t(locale, 'ticket-locked-notice'));
    } catch (error) {
      log.warn('Could not post the lock notice in a ticket', { ticket: threadId, err: error });
    }
    await deps.rest.patch(Routes.channel(threadId), {
      body: { archived: true, locked: true },
      reason: deps.i18n.t(locale, 'ticket-audit-locked'),
    });
    setTicketThreadState(deps.store.db, threadId, { archived: true });
    log.info(`Locked archived ticket ${threadId}.`);
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
