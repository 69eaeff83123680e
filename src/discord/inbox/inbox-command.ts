// /inbox: the admin's commands. The definition is plain JSON in en-US; localisations
// are added from the Fluent files by ../localize.ts; the handler is ./inbox-handler.ts.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

const manageGuild = PermissionFlagsBits.ManageGuild.toString();

export const inboxCommand = {
  type: ApplicationCommandType.ChatInput,
  name: 'inbox',
  description: 'Create and manage ticket inboxes.',
  default_member_permissions: manageGuild,
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'create',
      description: 'Create an inbox from a message you pick afterwards.',
      options: [
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'channel',
          description: 'The channel to post the inbox in.',
          // As in the Python original; tickets (private threads) still open in a text channel.
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
          required: true,
        },
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'destination',
          description: 'Where new tickets are created (default: the inbox channel).',
          channel_types: [ChannelType.GuildText],
          required: false,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'destination',
      description: 'Route new tickets of an inbox to another channel.',
      options: [
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'channel',
          description: 'The channel where new tickets are created.',
          channel_types: [ChannelType.GuildText],
          required: true,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'message',
      description: 'Replace the message of an inbox.',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'staff',
      description: 'See and change the staff of an inbox.',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'settings',
      description: 'See and change the limits, roles and log channel of an inbox.',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'topics',
      description: 'See and change the topics of an inbox and their forms.',
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'new-tickets',
      description: 'Settings for new tickets of an inbox.',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'starter',
          description: 'See and change the first message of new tickets.',
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'name',
          description: 'See and change the name of new tickets.',
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
