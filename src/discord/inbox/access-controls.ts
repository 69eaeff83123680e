// The controls an inbox's settings and a topic's access screen share: who may open
// tickets (role menus) and where the log goes (a channel menu, checked on save).
import {
  ChannelType,
  ComponentType,
  SelectMenuDefaultValueType,
  type APIChannelSelectComponent,
  type APIRoleSelectComponent,
} from 'discord-api-types/v10';
import { SELECT_HARD_MAX } from '../../domain/inbox-staff.ts';
import { assertBotPermissions } from '../bot-permissions.ts';
import type { InteractionContext } from '../router.ts';
import { LOG_CHANNEL_NEEDS } from '../ticket/log-channel.ts';
import { refuseOddPayload } from './edit-guard.ts';

/** A role menu (allowed or blocked roles) showing the saved roles. */
export function roleSelect(customId: string, placeholder: string, roleIds: readonly string[]): APIRoleSelectComponent {
  return {
    type: ComponentType.RoleSelect,
    custom_id: customId,
    placeholder,
    min_values: 0,
    max_values: SELECT_HARD_MAX,
    default_values: roleIds.slice(0, SELECT_HARD_MAX).map((id) => ({ id, type: SelectMenuDefaultValueType.Role })),
  };
}

/** A text-channel menu for the log channel, empty when none is set. */
export function logChannelSelect(customId: string, placeholder: string, channelId: string | null): APIChannelSelectComponent {
  return {
    type: ComponentType.ChannelSelect,
    custom_id: customId,
    placeholder,
    channel_types: [ChannelType.GuildText],
    min_values: 0,
    max_values: 1,
    default_values: channelId === null ? [] : [{ id: channelId, type: SelectMenuDefaultValueType.Channel }],
  };
}

/**
 * Refuses a picked log channel that is not a text channel, or one the bot cannot post in
 * (a log that fails would fail in silence), naming what is missing.
 */
export function assertUsableLogChannel(ctx: InteractionContext, guildId: string, channelId: string, resolvedType: unknown, screen: string): void {
  const type = resolvedType ?? ctx.deps.state.guilds.get(guildId)?.channels.get(channelId)?.type;
  if (type !== ChannelType.GuildText) refuseOddPayload(ctx, `${screen}: a log channel that is not a text channel`);
  assertBotPermissions(ctx, guildId, [{ channelId, required: [...LOG_CHANNEL_NEEDS] }]);
}
