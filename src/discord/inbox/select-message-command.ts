// "Select this message": the message context-menu command that answers a pending
// /inbox request with the message it was used on (handled by ./select-message-handler.ts).
import {
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

export const selectMessageCommand = {
  type: ApplicationCommandType.Message,
  name: 'Select this message',
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  contexts: [InteractionContextType.Guild],
} as const satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;
