// /ticket: finds the ticket (the thread it runs in, or the `ticket` option of close, claim
// and reopen) and hands over to the subcommand. Elsewhere than in a ticket it answers
// "not a ticket"; each subcommand checks who may use it before changing anything.
import { ApplicationCommandType, InteractionType, type APIChatInputApplicationCommandInteraction } from 'discord-api-types/v10';
import { invokedSubcommand } from '../inbox/inbox-handler.ts';
import type { InteractionContext } from '../router.ts';
import { claimFromCommand } from './claim.ts';
import { closeFromCommand } from './close.ts';
import { addMemberFromCommand, removeMemberFromCommand } from './members.ts';
import { renameFromCommand } from './rename.ts';
import { reopenFromCommand } from './reopen.ts';
import { channelHere, pickedChannel, ticketTarget } from './target.ts';

export async function handleTicketCommand(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.ApplicationCommand || interaction.data.type !== ApplicationCommandType.ChatInput) {
    throw new Error('/ticket received something other than a chat-input command');
  }
  const sub = invokedSubcommand((interaction as APIChatInputApplicationCommandInteraction).data.options);
  const text = (name: string): string | null => {
    const value = sub.options.get(name);
    return typeof value === 'string' ? value : null;
  };
  const picked = text('ticket');
  const target = await ticketTarget(ctx, picked !== null ? pickedChannel(ctx, picked) : channelHere(ctx));
  switch (sub.path) {
    case 'close':
      return closeFromCommand(ctx, target, text('reason'));
    case 'reopen':
      return reopenFromCommand(ctx, target);
    case 'claim':
      return claimFromCommand(ctx, target, true);
    case 'unclaim':
      return claimFromCommand(ctx, target, false);
    case 'rename':
      return renameFromCommand(ctx, target, text('name') ?? '');
    case 'add':
      return addMemberFromCommand(ctx, target, text('member') ?? '');
    case 'remove':
      return removeMemberFromCommand(ctx, target, text('member') ?? '');
    default:
      throw new Error(`unknown /ticket subcommand "${sub.path}"`);
  }
}
