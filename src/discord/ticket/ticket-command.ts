// /ticket: the ticket workflow's commands (SPEC §10). Visible to everyone in servers (no
// default_member_permissions): who may do what is the bot's decision (./target.ts), made
// from the inbox's staff and the member's permissions where the ticket lives. The
// definition is plain JSON in en-US; ../localize.ts adds the translations.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  type APIApplicationCommandChannelOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

/** Longest close reason (SPEC §10). */
export const CLOSE_REASON_MAX = 500;

/** Close, claim and reopen from outside the ticket: tickets are threads. */
const ticketOption: APIApplicationCommandChannelOption = {
  type: ApplicationCommandOptionType.Channel,
  name: 'ticket',
  description: 'The ticket (default: the one you are in).',
  channel_types: [ChannelType.PrivateThread, ChannelType.PublicThread],
  required: false,
};

export const ticketCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'ticket',
  description: 'Close, claim, rename a ticket and more.',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'close',
      description: 'Close a ticket.',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'reason', description: 'Why it is closed.', max_length: CLOSE_REASON_MAX, required: false },
        ticketOption,
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'reopen', description: 'Reopen a closed ticket.', options: [ticketOption] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'claim', description: 'Take charge of a ticket.', options: [ticketOption] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'unclaim', description: 'Give a claimed ticket back.' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'rename',
      description: 'Rename this ticket.',
      options: [{ type: ApplicationCommandOptionType.String, name: 'name', description: 'The new name.', min_length: 1, max_length: 100, required: true }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'add',
      description: 'Add someone to this ticket.',
      options: [{ type: ApplicationCommandOptionType.User, name: 'member', description: 'Who to add.', required: true }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'remove',
      description: 'Remove someone from this ticket.',
      options: [{ type: ApplicationCommandOptionType.User, name: 'member', description: 'Who to remove.', required: true }],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
