// /ticket rename name (SPEC §10): staff rename the ticket's thread (1–100 characters).
// Discord allows about two renames of a thread per ten minutes; the third gets a 429
// asking to wait minutes. Renames go through their own client that turns such a wait
// into an error at once (rest-policy.ts failLongRenameWaits), answered with how long to
// wait, instead of leaving the staff member on "thinking…" while the client waits.
import { RateLimitError } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { UserError } from '../../domain/errors.ts';
import type { PermissionName } from '../../domain/permissions.ts';
import { cut, TICKET_NAME_MAX } from '../../domain/templates.ts';
import { ephemeral, type InteractionContext } from '../router.ts';
import { guildLocaleOf } from './actions.ts';
import { logChannelOf, logTicketEvent } from './log-channel.ts';
import { requireBotPermissions, requireRight, type TicketTarget } from './target.ts';

export async function renameFromCommand(ctx: InteractionContext, target: TicketTarget, typed: string): Promise<void> {
  requireRight(target, 'rename');
  const name = cut(typed.trim(), TICKET_NAME_MAX);
  if (name === '') throw new UserError('ticket-rename-empty');
  if (name === target.thread.name) throw new UserError('ticket-rename-unchanged', { name });
  // The bot created the thread, so it may rename it; a locked one only with Manage Threads.
  const needs: PermissionName[] = ['ViewChannel'];
  if (target.thread.locked === true) needs.push('ManageThreads');
  requireBotPermissions(ctx, target, needs);
  await ctx.reply.defer(true);
  const { deps } = ctx;
  try {
    await deps.renameRest.patch(Routes.channel(target.ticket.id), {
      body: { name },
      reason: deps.i18n.t(guildLocaleOf(deps, target.guildId), 'ticket-audit-renamed', { user: target.actor.username }),
    });
  } catch (error) {
    if (!(error instanceof RateLimitError)) throw error;
    // retryAfter is Discord's Retry-After (whole seconds) plus the client's small safety offset.
    const seconds = Math.max(1, Math.round(error.retryAfter / 1000));
    const at = Math.ceil((Date.now() + error.retryAfter) / 1000);
    throw new UserError('ticket-rename-rate-limited', { seconds, when: `<t:${at}:R>` });
  }
  deps.logger.child('tickets').info(`Renamed ticket ${target.ticket.id} for <@${target.actor.userId}>.`);
  await ctx.reply.send(ephemeral(ctx.t('ticket-renamed-reply', { name })));
  void logTicketEvent(deps, target.guildId, logChannelOf(deps, target.ticket, target.inbox), {
    kind: 'renamed',
    ticketId: target.ticket.id,
    by: target.actor.userId,
    from: target.thread.name,
    to: name,
  });
}
