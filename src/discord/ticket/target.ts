// Which ticket an interaction of the ticket workflow is about, and who is acting on it:
// the thread it came from (the card's buttons, /ticket inside a ticket) or the thread
// picked in a `ticket` option (close, claim and reopen from anywhere). Who may act is
// decided here, by the bot (SPEC §10): the owner, the inbox's staff (named, or through a
// listed role), or anyone with Manage Threads where the ticket lives.
import { UserError } from '../../domain/errors.ts';
import { channelPermissions, isTimedOut, type PermissionName } from '../../domain/permissions.ts';
import { isTicketStaff, mayActOnTicket, type TicketAction } from '../../domain/ticket-staff.ts';
import { getInbox, type Inbox } from '../../store/inboxes.ts';
import { getTicket, type Ticket } from '../../store/tickets.ts';
import { isSnowflake } from '../payloads.ts';
import { assertBotPermissions } from '../bot-permissions.ts';
import { ticketStaff } from '../inbox/staff.ts';
import { guildActor, type GuildActor, type InteractionContext } from '../router.ts';
import type { Acting } from './actions.ts';

/** A thread as the interaction describes it. */
export interface ThreadInfo {
  id: string;
  parentId: string | null;
  /** null when Discord did not say. */
  archived: boolean | null;
  locked: boolean | null;
  name: string | null;
  /** The actor's permissions in it, as Discord computed them; null when not given. */
  permissions: bigint | null;
}

export interface TicketTarget {
  guildId: string;
  actor: GuildActor;
  ticket: Ticket;
  thread: ThreadInfo;
  /** The channel the ticket lives in; null when nobody knows yet. */
  parentId: string | null;
  inbox: Inbox | null;
  owner: boolean;
  staff: boolean;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A channel object of an interaction (its `channel`, or a resolved option), read defensively. */
function threadInfo(value: unknown, permissions: bigint | null): ThreadInfo | null {
  const channel = record(value);
  if (!channel || !isSnowflake(channel.id)) return null;
  const meta = record(channel.thread_metadata);
  const flag = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
  const own = typeof channel.permissions === 'string' && /^[0-9]{1,40}$/.test(channel.permissions) ? BigInt(channel.permissions) : null;
  return {
    id: channel.id,
    parentId: isSnowflake(channel.parent_id) ? channel.parent_id : null,
    archived: flag(meta?.archived),
    locked: flag(meta?.locked),
    name: typeof channel.name === 'string' ? channel.name : null,
    permissions: own ?? permissions,
  };
}

/** The channel the interaction came from. */
export function channelHere(ctx: InteractionContext): ThreadInfo | null {
  const interaction = ctx.interaction;
  const info = threadInfo(interaction.channel, ctx.actor.permissions);
  if (info) return info;
  return interaction.channel_id ? { id: interaction.channel_id, parentId: null, archived: null, locked: null, name: null, permissions: ctx.actor.permissions } : null;
}

/** The thread picked in a `ticket` option, as Discord resolved it (with the actor's permissions there). */
export function pickedChannel(ctx: InteractionContext, channelId: string): ThreadInfo {
  const data = record((ctx.interaction as { data?: unknown }).data);
  const channels = record(record(data?.resolved)?.channels);
  return threadInfo(channels?.[channelId], null) ?? { id: channelId, parentId: null, archived: null, locked: null, name: null, permissions: null };
}

/** The actor's permissions where the ticket lives, from the bot's state (when Discord did not give them). */
function statePermissions(ctx: InteractionContext, actor: GuildActor, parentId: string | null): bigint | null {
  const guild = ctx.deps.state.guilds.get(actor.guildId);
  const channel = parentId ? guild?.channels.get(parentId) : undefined;
  if (!guild || !channel) return null;
  const timedOut = isTimedOut(actor.timeoutUntil, ctx.deps.tickets.clock());
  return channelPermissions(guild, { userId: actor.userId, roleIds: actor.roles, timedOut }, channel.overwrites);
}

/** The ticket `thread` is, with who the actor is to it; "not a ticket" otherwise. */
export function ticketTarget(ctx: InteractionContext, thread: ThreadInfo | null): TicketTarget {
  const actor = guildActor(ctx);
  const db = ctx.deps.store.db;
  const ticket = thread ? getTicket(db, thread.id) : null;
  // Tickets the Python bot recorded may have no guild; they count as this guild's.
  if (!thread || !ticket || (ticket.guildId !== null && ticket.guildId !== actor.guildId)) throw new UserError('ticket-not-a-ticket');
  const cached = ctx.deps.state.guilds.get(actor.guildId)?.threads.get(thread.id);
  const parentId = cached?.parentId ?? ticket.parentId ?? thread.parentId;
  const known: ThreadInfo = {
    ...thread,
    parentId,
    archived: thread.archived ?? cached?.archived ?? ticket.archived,
    locked: thread.locked ?? cached?.locked ?? null,
  };
  const inbox = ticket.inboxId ? getInbox(db, ticket.inboxId) : null;
  const staff = isTicketStaff({
    userId: actor.userId,
    roleIds: actor.roles,
    staff: inbox ? ticketStaff(ctx.deps, actor.guildId, inbox.id, ticket.topicId) : [],
    permissions: known.permissions ?? statePermissions(ctx, actor, parentId),
  });
  return { guildId: actor.guildId, actor, ticket, thread: known, parentId, inbox, owner: ticket.ownerId === actor.userId, staff };
}

/** Refuses, changing nothing, someone who may not do `action` to this ticket. */
export function requireRight(target: TicketTarget, action: TicketAction): void {
  if (mayActOnTicket(action, target)) return;
  throw new UserError(action === 'close' ? 'ticket-owner-or-staff-only' : 'ticket-staff-only');
}

/** Refuses, naming what is missing, when the bot lacks permissions where the ticket lives (unknown: left to Discord). */
export function requireBotPermissions(ctx: InteractionContext, target: TicketTarget, required: PermissionName[]): void {
  if (target.parentId === null || ctx.deps.state.botPermissions(target.guildId, target.parentId) === null) return;
  assertBotPermissions(ctx, target.guildId, [{ channelId: target.parentId, required }]);
}

export function acting(actor: GuildActor): Acting {
  return { userId: actor.userId, username: actor.username };
}
