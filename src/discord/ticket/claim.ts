// Claiming a ticket (SPEC §10): a staff member takes charge of it. The card's Claim button
// toggles (any staff member may unclaim), /ticket claim and /ticket unclaim do one each.
// The claimer is stored on the ticket's row; the card shows "claimed by" without pinging
// anyone, and the log channel hears of it.
import { InteractionType, Routes, type APIMessageComponentInteraction } from 'discord-api-types/v10';
import { UserError } from '../../domain/errors.ts';
import type { PermissionName } from '../../domain/permissions.ts';
import { setClaim } from '../../store/tickets.ts';
import { saveForInteraction } from '../patient-write.ts';
import { ephemeral, type InteractionContext } from '../router.ts';

import { cardEdit, findCard } from './card.ts';
import { logChannelOf, logTicketEvent } from './log-channel.ts';
import { channelHere, requireBotPermissions, requireRight, ticketTarget, type TicketTarget } from './target.ts';

/** Reading the card to edit it: the card is found among the thread's messages. */
const CARD_NEEDS: PermissionName[] = ['ViewChannel', 'ReadMessageHistory'];

function checkClaim(target: TicketTarget, action: 'claim' | 'unclaim'): void {
  requireRight(target, action);
  // Nothing in an archived thread can be changed, the card included.
  if (target.thread.archived === true) throw new UserError('ticket-closed-reopen-first');
}

/** Stores the change, unless someone else changed the claim in the meantime. */
async function saveClaim(ctx: InteractionContext, target: TicketTarget, claimer: string | null): Promise<void> {
  const changed = await saveForInteraction(ctx, () => setClaim(ctx.deps.store.db, target.ticket.id, target.ticket.claimedBy, claimer));
  if (!changed) throw new UserError('ticket-claim-changed');
  void logTicketEvent(ctx.deps, target.guildId, logChannelOf(ctx.deps, target.ticket, target.inbox), {
    kind: claimer === null ? 'unclaimed' : 'claimed',
    ticketId: target.ticket.id,
    by: target.actor.userId,
  });
}

/** The card's Claim button: claims an unclaimed ticket, unclaims a claimed one, and edits the card in its answer. */
export async function handleTicketClaimButton(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.MessageComponent) throw new Error('ticket-claim received something other than a button click');
  const target = await ticketTarget(ctx, channelHere(ctx));
  const before = target.ticket.claimedBy;
  checkClaim(target, before === null ? 'claim' : 'unclaim');
  const claimer = before === null ? target.actor.userId : null;
  await saveClaim(ctx, target, claimer);
  const card = (interaction as APIMessageComponentInteraction).message;
  const edit = cardEdit(ctx.deps, ctx.guildLocale, card.content, before !== null, claimer);
  if (await ctx.reply.update(edit)) return;
  // Already answered (the database was busy and the click acknowledged meanwhile): edit the card directly.
  await ctx.deps.rest.patch(Routes.channelMessage(card.channel_id, card.id), { body: edit });
  await ctx.reply.send(ephemeral(ctx.t(claimer === null ? 'ticket-unclaimed-reply' : 'ticket-claimed-reply')));
}

/** /ticket claim and /ticket unclaim. */
export async function claimFromCommand(ctx: InteractionContext, target: TicketTarget, claim: boolean): Promise<void> {
  checkClaim(target, claim ? 'claim' : 'unclaim');
  const before = target.ticket.claimedBy;
  const me = target.actor.userId;
  if (claim && before === me) throw new UserError('ticket-already-yours');
  if (claim && before !== null) throw new UserError('ticket-already-claimed', { user: `<@${before}>` });
  if (!claim && before === null) throw new UserError('ticket-not-claimed');
  requireBotPermissions(ctx, target, CARD_NEEDS);
  await ctx.reply.defer(true);
  const claimer = claim ? me : null;
  await saveClaim(ctx, target, claimer);
  const reply = claim ? 'ticket-claimed-reply' : 'ticket-unclaimed-reply';
  let cardFound = false;
  try {
    const card = await findCard(ctx.deps, target.ticket.id);
    if (card) {
      await ctx.deps.rest.patch(Routes.channelMessage(target.ticket.id, card.id), { body: cardEdit(ctx.deps, ctx.guildLocale, card.content, before !== null, claimer) });
      cardFound = true;
    }
  } catch (error) {
    ctx.deps.logger.child('tickets').warn('Could not show a claim on the ticket card', { ticket: target.ticket.id, err: error });
  }
  // Tickets opened before cards existed have none: the claim is stored and logged all the same.
  await ctx.reply.send(ephemeral(cardFound ? ctx.t(reply) : `${ctx.t(reply)} ${ctx.t('ticket-claim-no-card')}`));
}
