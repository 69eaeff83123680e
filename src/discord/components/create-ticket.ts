// The Create Ticket button (custom id `create-ticket`, as in the original). The rules are
// pure functions (limit, cooldown, name and starter templates); this file puts them in
// order and talks to Discord:
//   inbox → limit → cooldown → "creating…" → counter and name → private thread →
//   ticket row → starter message → "your ticket is ready".
// A member's clicks on one inbox are handled one at a time, so only one of two
// simultaneous clicks passes the limit and the cooldown. The create-thread request is
// sent once per click: after a 5xx or no answer the guild's active threads are searched
// for it first, and only a definite 5xx with no thread found is tried once more.
import { DiscordAPIError } from '@discordjs/rest';
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
import { getInbox, type Inbox } from '../../store/inboxes.ts';
import { addPending, deletePending, recordTicket, ticketsOf, type PendingTicket } from '../../store/tickets.ts';
import type { Deps } from '../events/index.ts';
import type { InteractionContext } from '../router.ts';
import { findThreadFor, isForbidden, isServerError, isThreadMember, postStarter } from '../tickets.ts';

export { CREATE_TICKET_ID } from '../../domain/customIds.ts';

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

function readClick(deps: Deps, interaction: APIMessageComponentInteraction): Click {
  const guildId = interaction.guild_id;
  const member = interaction.member;
  if (!guildId || !member) throw new UserError('ticket-inbox-unknown');
  const inbox = getInbox(deps.store.db, interaction.message.id);
  if (!inbox || (inbox.guildId !== null && inbox.guildId !== guildId)) throw new UserError('ticket-inbox-unknown');
  const guild = deps.state.guilds.get(guildId);
  const destinationGone = inbox.destinationId !== null && guild !== undefined && !guild.channels.has(inbox.destinationId);
  const user = member.user;
  return {
    guildId,
    inbox,
    ownerId: user.id,
    displayName: member.nick || user.global_name || user.username,
    username: user.username,
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
  const click = readClick(deps, interaction);
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

  let threadId: string;
  try {
    await ctx.reply.send(message(ctx, ctx.t('ticket-creating')));
    threadId = await openTicket(deps, ctx.guildLocale, click);
  } catch (error) {
    // No ticket came of this click: the member may try again straight away (unless a
    // thread may exist after all; then the cooldown stands and the next start looks).
    if (!(error instanceof ThreadOutcomeUnknown)) runtime.cooldowns.release(key, startedAt);
    if (isForbidden(error)) throw new UserError('ticket-missing-permissions');
    throw error;
  }
  await ctx.reply.send(message(ctx, ctx.t('ticket-ready', { link: channelLink(click.guildId, threadId) })));
}

/** Steps 5–8. Returns the new thread's id. */
async function openTicket(deps: Deps, guildLocale: string, click: Click): Promise<string> {
  const db = deps.store.db;
  const runtime = deps.tickets;
  const at = runtime.clock();
  const pending = addPending(db, {
    inboxId: click.inbox.id,
    ownerId: click.ownerId,
    guildId: click.guildId,
    parentId: click.parentId,
    createdAt: at,
    name: (counter) => ticketName(click.inbox.defaultTicketName, { at, author: click.displayName, counter }),
  });
  runtime.livePending.add(pending.id);
  try {
    const reason = deps.i18n.t(guildLocale, 'ticket-audit-created', { user: click.username });
    let threadId: string;
    try {
      threadId = await runtime.parents.run(click.parentId, async () => {
        const id = await createThread(deps, click.guildId, pending, reason);
        recordTicket(db, pending, id);
        return id;
      });
    } catch (error) {
      // Keep the click when nobody knows whether its thread exists: the next start looks.
      if (!(error instanceof ThreadOutcomeUnknown)) deletePending(db, pending.id);
      throw error;
    }
    try {
      await postStarter(deps, { guildId: click.guildId, threadId, ownerId: click.ownerId, inboxId: click.inbox.id });
    } catch (error) {
      await abandon(deps, guildLocale, threadId);
      throw error;
    }
    deletePending(db, pending.id);
    return threadId;
  } finally {
    runtime.livePending.delete(pending.id);
  }
}

/** Creating the thread failed and looking for it failed too. */
class ThreadOutcomeUnknown extends Error {
  constructor(cause: unknown) {
    super('could not tell whether the ticket thread was created', { cause });
    this.name = 'ThreadOutcomeUnknown';
  }
}

type Attempt = { ok: true; id: string } | { ok: false; answered: boolean; error: unknown };

async function requestThread(deps: Deps, pending: PendingTicket, reason: string): Promise<Attempt> {
  const body: RESTPostAPIChannelThreadsJSONBody = { name: pending.name, type: ChannelType.PrivateThread, invitable: false };
  try {
    const thread = (await deps.tickets.threadRest.post(Routes.threads(pending.parentId), {
      body,
      reason,
      signal: AbortSignal.timeout(deps.tickets.createThreadTimeoutMs),
    })) as APIThreadChannel;
    return { ok: true, id: thread.id };
  } catch (error) {
    // A 4xx is Discord's final word (nothing was created): no search, no retry.
    if (error instanceof DiscordAPIError) throw error;
    // A 5xx was answered, so Discord is done with the request; anything else
    // (timeout, connection reset) may still be creating the thread.
    return { ok: false, answered: isServerError(error), error };
  }
}

/**
 * Creates the click's thread and returns its id. The request goes out once; when it
 * fails without a 4xx, the thread may exist all the same, so it is looked for before
 * anything else. Runs under the channel's lock, so a thread found there is this click's.
 */
async function createThread(deps: Deps, guildId: string, pending: PendingTicket, reason: string): Promise<string> {
  const log = deps.logger.child('tickets');
  for (let attempt = 1; ; attempt++) {
    const result = await requestThread(deps, pending, reason);
    if (result.ok) return result.id;
    log.warn(`Creating a ticket thread in ${pending.parentId} failed (attempt ${attempt}); looking for it before anything else`, { err: result.error });
    let found: string | null;
    try {
      found = await findThreadFor(deps, guildId, pending);
      if (!found && !result.answered) {
        await new Promise((resolve) => setTimeout(resolve, deps.tickets.recheckDelayMs));
        found = await findThreadFor(deps, guildId, pending);
      }
    } catch (error) {
      throw new ThreadOutcomeUnknown(error);
    }
    if (found) {
      log.info(`The thread ${found} was created despite the failure; using it.`);
      return found;
    }
    // Only a definite server error with no thread to show for it is worth one more try.
    if (result.answered && attempt < 2) continue;
    throw new UserError('ticket-create-failed');
  }
}

/** The starter could not be posted: nobody but the bot is in the thread, so close it and forget it. */
async function abandon(deps: Deps, guildLocale: string, threadId: string): Promise<void> {
  try {
    await deps.rest.patch(Routes.channel(threadId), {
      body: { archived: true },
      reason: deps.i18n.t(guildLocale, 'ticket-audit-abandoned'),
    });
  } catch (error) {
    deps.logger.child('tickets').warn('Could not archive a ticket thread whose starter message failed', { ticket: threadId, err: error });
  }
  deleteChannels(deps.store.db, [threadId]);
}
