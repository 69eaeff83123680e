// /ticket add member and /ticket remove member (SPEC §10): staff bring someone into the
// ticket's private thread or take them out. Removing the owner closes the ticket (SPEC
// §8): the removal, a notice and the archive happen as one action under the ticket's lock.
import { DiscordAPIError } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { UserError } from '../../domain/errors.ts';
import { channelMention } from '../../domain/links.ts';
import { channelPermissions, Permission, type PermissionName } from '../../domain/permissions.ts';
import { isSnowflake } from '../payloads.ts';
import { ephemeral, type InteractionContext } from '../router.ts';
import { closeTicket } from './actions.ts';
import { acting, requireBotPermissions, requireRight, type TicketTarget } from './target.ts';

/** Adding someone needs the right to post in the thread (Discord's rule for Add Thread Member). */
const ADD_NEEDS: PermissionName[] = ['ViewChannel', 'SendMessagesInThreads'];
/** The bot created the thread: it may remove anyone; closing for the owner posts a notice. */
const REMOVE_OWNER_NEEDS: PermissionName[] = ['ViewChannel', 'SendMessagesInThreads'];

const UNKNOWN_MEMBER = 10007;

/** The roles of the member picked in the `member` option, as Discord resolved them (null: not in the server). */
function pickedMember(ctx: InteractionContext, userId: string): { roles: string[] } | null {
  const resolved = (ctx.interaction as { data?: { resolved?: { members?: Record<string, unknown> } } }).data?.resolved;
  const member = resolved?.members?.[userId] as { roles?: unknown } | undefined;
  if (!member || typeof member !== 'object') return null;
  return { roles: Array.isArray(member.roles) ? member.roles.filter(isSnowflake) : [] };
}

/**
 * Whether the member may view the ticket's channel, from the bot's state (Discord's
 * resolved permissions are for the thread, which a member not in it cannot see); true
 * when the state does not know the channel (Discord decides).
 */
function mayViewParent(ctx: InteractionContext, target: TicketTarget, userId: string, roles: string[]): boolean {
  const guild = ctx.deps.state.guilds.get(target.guildId);
  const channel = target.parentId ? guild?.channels.get(target.parentId) : undefined;
  if (!guild || !channel) return true;
  return (channelPermissions(guild, { userId, roleIds: roles }, channel.overwrites) & Permission.ViewChannel) !== 0n;
}

export async function addMemberFromCommand(ctx: InteractionContext, target: TicketTarget, userId: string): Promise<void> {
  requireRight(target, 'add');
  if (!isSnowflake(userId)) throw new Error('/ticket add without a member id');
  const member = pickedMember(ctx, userId);
  if (!member) throw new UserError('ticket-member-not-in-server', { user: `<@${userId}>` });
  // Being in a private thread shows nothing to someone who cannot view its channel.
  if (!mayViewParent(ctx, target, userId, member.roles)) {
    throw new UserError('ticket-add-cannot-view', { user: `<@${userId}>`, channel: channelMention(target.parentId ?? target.ticket.id) });
  }
  requireBotPermissions(ctx, target, ADD_NEEDS);
  await ctx.reply.defer(true);
  try {
    await ctx.deps.rest.put(Routes.threadMembers(target.ticket.id, userId));
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === UNKNOWN_MEMBER) throw new UserError('ticket-member-not-in-server', { user: `<@${userId}>` });
    throw error;
  }
  await ctx.reply.send(ephemeral(ctx.t('ticket-member-added', { user: `<@${userId}>` })));
}

export async function removeMemberFromCommand(ctx: InteractionContext, target: TicketTarget, userId: string): Promise<void> {
  requireRight(target, 'remove');
  if (!isSnowflake(userId)) throw new Error('/ticket remove without a member id');
  if (userId === ctx.deps.state.botUserId) throw new UserError('ticket-remove-bot');
  const { deps } = ctx;
  const remove = async (): Promise<void> => {
    await deps.rest.delete(Routes.threadMembers(target.ticket.id, userId));
  };
  if (userId !== target.ticket.ownerId) {
    requireBotPermissions(ctx, target, ['ViewChannel']);
    await ctx.reply.defer(true);
    await remove();
    await ctx.reply.send(ephemeral(ctx.t('ticket-member-removed', { user: `<@${userId}>` })));
    return;
  }
  // The owner: their ticket closes with them.
  requireBotPermissions(ctx, target, REMOVE_OWNER_NEEDS);
  await ctx.reply.defer(true);
  const result = await closeTicket(
    deps,
    target.guildId,
    target.ticket.id,
    { kind: 'owner-removed', by: acting(target.actor) },
    {
      parentId: target.parentId,
      archived: target.thread.archived,
      first: remove,
      beforeArchive: () => ctx.reply.send(ephemeral(ctx.t('ticket-owner-removed-reply', { user: `<@${userId}>` }))),
    },
  );
  if (result === 'already-closed') throw new UserError('ticket-already-closed');
  if (result === 'not-a-ticket') throw new UserError('ticket-not-a-ticket');
}
