// /inbox: each subcommand checks what it can up front, leaves a request for the admin's
// next "Select this message" and answers with the instruction. What happens once the
// message is picked lives in ./picked-message.ts.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionType,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
} from 'discord-api-types/v10';
import { DESTINATION_NEEDS, inboxNeeds } from '../../domain/inbox-permissions.ts';
import { UserError } from '../../domain/errors.ts';
import { channelMention } from '../../domain/links.ts';
import type { InboxRequest } from '../../domain/selection.ts';
import { assertBotPermissions } from '../bot-permissions.ts';
import { ephemeral, guildActor, type InteractionContext } from '../router.ts';

export interface InvokedSubcommand {
  /** e.g. 'create' or 'new-tickets starter' (en-US names, whatever the admin's language). */
  path: string;
  /** Option values by name: ids for channels, as strings. */
  options: Map<string, string | number | boolean>;
}

/** Walks the group/subcommand nesting of a chat-input command's options. */
export function invokedSubcommand(options: readonly APIApplicationCommandInteractionDataOption[] | undefined): InvokedSubcommand {
  const names: string[] = [];
  let level = options ?? [];
  for (;;) {
    const nested = level.find(
      (o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (!nested) break;
    names.push(nested.name);
    level = 'options' in nested ? (nested.options ?? []) : [];
  }
  const values = new Map<string, string | number | boolean>();
  for (const o of level) if ('value' in o) values.set(o.name, o.value);
  return { path: names.join(' '), options: values };
}

/** The type of a channel option's channel: as Discord resolved it, else as cached. */
function channelType(ctx: InteractionContext, interaction: APIChatInputApplicationCommandInteraction, guildId: string, channelId: string): number | undefined {
  return interaction.data.resolved?.channels?.[channelId]?.type ?? ctx.deps.state.guilds.get(guildId)?.channels.get(channelId)?.type;
}

function channelOption(sub: InvokedSubcommand, name: string): string | null {
  const value = sub.options.get(name);
  return typeof value === 'string' ? value : null;
}

export async function handleInboxCommand(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.ApplicationCommand || interaction.data.type !== ApplicationCommandType.ChatInput) {
    throw new Error('/inbox received something other than a chat-input command');
  }
  const { guildId, userId } = guildActor(ctx);
  const sub = invokedSubcommand((interaction as APIChatInputApplicationCommandInteraction).data.options);

  let request: InboxRequest;
  let instruction: string;
  switch (sub.path) {
    case 'create': {
      const channelId = channelOption(sub, 'channel');
      if (channelId === null) throw new Error('/inbox create without a channel');
      const destination = channelOption(sub, 'destination');
      const destinationId = destination === null || destination === channelId ? null : destination;
      // Private threads exist only in text channels: an announcement channel shows the
      // inbox, and its tickets open elsewhere.
      if (destinationId === null && channelType(ctx, interaction as APIChatInputApplicationCommandInteraction, guildId, channelId) === ChannelType.GuildAnnouncement) {
        throw new UserError('inbox-announcement-needs-destination', { channel: channelMention(channelId) });
      }
      assertBotPermissions(ctx, guildId, inboxNeeds(channelId, destinationId));
      request = { kind: 'create-inbox', channelId, destinationId };
      instruction = ctx.t('select-message-for-new-inbox', { channel: channelMention(channelId) });
      break;
    }
    case 'destination': {
      const destinationId = channelOption(sub, 'channel');
      if (destinationId === null) throw new Error('/inbox destination without a channel');
      assertBotPermissions(ctx, guildId, [{ channelId: destinationId, required: [...DESTINATION_NEEDS] }]);
      request = { kind: 'set-destination', destinationId };
      instruction = ctx.t('select-inbox-to-edit');
      break;
    }
    case 'message':
      request = { kind: 'pick-inbox-for-message' };
      instruction = ctx.t('select-inbox-to-edit');
      break;
    case 'staff':
      request = { kind: 'staff' };
      instruction = ctx.t('select-inbox-to-edit');
      break;
    case 'settings':
      request = { kind: 'settings' };
      instruction = ctx.t('select-inbox-to-edit');
      break;
    case 'topics':
      request = { kind: 'topics' };
      instruction = ctx.t('select-inbox-to-edit');
      break;
    case 'new-tickets starter':
      request = { kind: 'starter' };
      instruction = ctx.t('select-inbox-to-edit');
      break;
    case 'new-tickets name':
      request = { kind: 'name' };
      instruction = ctx.t('select-inbox-to-edit');
      break;
    default:
      throw new Error(`unknown /inbox subcommand "${sub.path}"`);
  }

  ctx.deps.selections.set(guildId, userId, request, { applicationId: interaction.application_id, token: interaction.token });
  await ctx.reply.send(ephemeral(instruction));
}
