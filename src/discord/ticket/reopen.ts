// /ticket reopen [ticket] (SPEC §10): staff reopen a closed ticket from anywhere (inside an
// archived thread Discord runs no commands). Unarchive, unlock, a notice naming them.
// Staff writing in a closed ticket reopen it too: Discord unarchives it by itself, and
// the bot only logs it (events/thread-update.ts).
import { UserError } from '../../domain/errors.ts';
import { channelLink } from '../../domain/links.ts';
import type { PermissionName } from '../../domain/permissions.ts';
import { ephemeral, type InteractionContext } from '../router.ts';
import { reopenTicket } from './actions.ts';
import { acting, requireBotPermissions, requireRight, type TicketTarget } from './target.ts';

export async function reopenFromCommand(ctx: InteractionContext, target: TicketTarget): Promise<void> {
  requireRight(target, 'reopen');
  const { archived, locked } = target.thread;
  if (archived === false && locked === false) throw new UserError('ticket-already-open');
  // Unarchiving needs the bot to be able to post in the thread; unlocking needs Manage Threads.
  const needs: PermissionName[] = ['ViewChannel', 'SendMessagesInThreads'];
  if (locked === true) needs.push('ManageThreads');
  requireBotPermissions(ctx, target, needs);
  await ctx.reply.defer(true);
  const result = await reopenTicket(ctx.deps, target.guildId, target.ticket.id, acting(target.actor), {
    parentId: target.parentId,
    archived,
    locked,
  });
  if (result === 'already-open') throw new UserError('ticket-already-open');
  if (result === 'not-a-ticket') throw new UserError('ticket-not-a-ticket');
  await ctx.reply.send(ephemeral(ctx.t('ticket-reopened-reply', { link: channelLink(target.guildId, target.ticket.id) })));
}
