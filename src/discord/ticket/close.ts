// Closing a ticket (SPEC §10), by its owner or staff: the card's Close button opens a form
// with an optional reason (`ticket-close-reason:<thread id>`), and /ticket close takes the
// reason as an option. Both end in actions.closeTicket: a notice naming who closed it and
// why (no pings), archive, and lock when the bot has Manage Threads. The reason is posted,
// never stored.
import { ComponentType, InteractionType, TextInputStyle, type APIModalSubmitInteraction } from 'discord-api-types/v10';
import { CLOSE_REASON_INPUT_ID, parseTicketCloseModalId, ticketCloseModalId } from '../../domain/custom-ids.ts';
import { UserError } from '../../domain/errors.ts';
import type { PermissionName } from '../../domain/permissions.ts';
import { cut } from '../../domain/templates.ts';
import { textInputValue } from '../inbox/templates.ts';
import { ephemeral, type InteractionContext } from '../router.ts';
import { closeTicket } from './actions.ts';
import { CLOSE_REASON_MAX } from './ticket-command.ts';
import { acting, channelHere, requireBotPermissions, requireRight, ticketTarget, type TicketTarget } from './target.ts';

/** The notice needs Send Messages in Threads; archiving its own thread needs nothing more. */
const CLOSE_NEEDS: PermissionName[] = ['ViewChannel', 'SendMessagesInThreads'];

/** Owner or staff, a ticket still open, and a bot that can post the notice. */
function checkClose(ctx: InteractionContext, target: TicketTarget): void {
  requireRight(target, 'close');
  if (target.thread.archived === true) throw new UserError('ticket-already-closed');
  requireBotPermissions(ctx, target, CLOSE_NEEDS);
}

/** The Close button: the form asking for a reason. */
export async function handleTicketCloseButton(ctx: InteractionContext): Promise<void> {
  const target = await ticketTarget(ctx, channelHere(ctx));
  checkClose(ctx, target);
  await ctx.reply.modal({
    custom_id: ticketCloseModalId(target.ticket.id),
    title: ctx.t('ticket-close-modal-title'),
    components: [
      {
        type: ComponentType.Label,
        label: ctx.t('ticket-close-modal-label'),
        description: ctx.t('ticket-close-modal-description'),
        component: {
          type: ComponentType.TextInput,
          custom_id: CLOSE_REASON_INPUT_ID,
          style: TextInputStyle.Paragraph,
          required: false,
          max_length: CLOSE_REASON_MAX,
        },
      },
    ],
  });
}

/** The form, submitted. */
export async function handleTicketCloseModal(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.ModalSubmit) throw new Error('the close form received something other than a modal submission');
  const data = (interaction as APIModalSubmitInteraction).data;
  const threadId = parseTicketCloseModalId(data.custom_id);
  if (threadId === null) throw new Error(`malformed close form id ${JSON.stringify(data.custom_id)}`);
  const here = channelHere(ctx);
  const target = await ticketTarget(ctx, here?.id === threadId ? here : { id: threadId, parentId: null, archived: null, locked: null, name: null, permissions: null });
  const submitted: unknown = data.components;
  const reason = Array.isArray(submitted) ? textInputValue(submitted as Parameters<typeof textInputValue>[0], CLOSE_REASON_INPUT_ID) : null;
  await closeAs(ctx, target, reason);
}

/** /ticket close [reason] [ticket]. */
export async function closeFromCommand(ctx: InteractionContext, target: TicketTarget, reason: string | null): Promise<void> {
  await closeAs(ctx, target, reason);
}

async function closeAs(ctx: InteractionContext, target: TicketTarget, typed: string | null): Promise<void> {
  checkClose(ctx, target);
  const reason = typed === null || typed.trim() === '' ? null : cut(typed.trim(), CLOSE_REASON_MAX);
  await ctx.reply.defer(true);
  const result = await closeTicket(
    ctx.deps,
    target.guildId,
    target.ticket.id,
    { kind: 'closed', by: acting(target.actor), reason },
    {
      parentId: target.parentId,
      archived: target.thread.archived,
      // Answered while the thread is open: nothing in an archived thread can be edited.
      beforeArchive: () => ctx.reply.send(ephemeral(ctx.t('ticket-closed-reply'))),
    },
  );
  if (result === 'already-closed') throw new UserError('ticket-already-closed');
  if (result === 'not-a-ticket') throw new UserError('ticket-not-a-ticket');
}
