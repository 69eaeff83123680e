// Whether the bot may do what a step needs, channel by channel, and the refusal naming
// what is missing in the language of the person who acted.
import { UserError } from '../domain/errors.ts';
import { firstShortfall, permissionMessageId, type ChannelNeeds } from '../domain/inbox-permissions.ts';
import { channelMention } from '../domain/links.ts';
import type { PermissionName } from '../domain/permissions.ts';
import type { InteractionContext } from './router.ts';

/** The missing permissions as one list in the actor's language ("View Channel and Send Messages"). */
export function permissionList(ctx: InteractionContext, names: readonly PermissionName[]): string {
  const labels = names.map((name) => ctx.t(permissionMessageId(name)));
  return new Intl.ListFormat(ctx.locale, { style: 'long', type: 'conjunction' }).format(labels);
}

/** Throws "I need these permissions in #channel: …" for the first channel that falls short. */
export function assertBotPermissions(ctx: InteractionContext, guildId: string, needs: readonly ChannelNeeds[]): void {
  const shortfall = firstShortfall(needs, (channelId) => ctx.deps.state.botPermissions(guildId, channelId));
  if (shortfall) {
    throw new UserError('permissions-missing', {
      channel: channelMention(shortfall.channelId),
      permissions: permissionList(ctx, shortfall.missing),
    });
  }
}
