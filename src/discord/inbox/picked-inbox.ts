// Small pieces every /inbox step uses: who is acting where, the permission check, and
// "is this message an inbox?".
import { MessageFlags, type APIInteraction, type APIInteractionResponseCallbackData, type APIMessage } from 'discord-api-types/v10';
import { UserError } from '../../domain/errors.ts';
import { firstShortfall, permissionMessageId, type ChannelNeeds } from '../../domain/inboxPermissions.ts';
import { messageLink, channelMention } from '../../domain/links.ts';
import type { PermissionName } from '../../domain/permissions.ts';
import { getCurrentStaff, getInbox, type Inbox } from '../../store/inboxes.ts';
import type { Deps } from '../deps.ts';
import type { InteractionContext } from '../router.ts';

/** Every /inbox reply: only the admin sees it, and it never pings anyone. */
export function ephemeral(content: string, extra: Omit<APIInteractionResponseCallbackData, 'content'> = {}): APIInteractionResponseCallbackData {
  return { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] }, ...extra };
}

export interface Actor {
  guildId: string;
  userId: string;
}

/** The guild and the admin of a guild-only interaction. */
export function actorOf(interaction: APIInteraction): Actor {
  const guildId = interaction.guild_id;
  const userId = interaction.member?.user.id;
  // The commands are registered for guilds only; anything else is a bug worth an error code.
  if (!guildId || !userId) throw new Error(`interaction ${interaction.id} did not come from a guild member`);
  return { guildId, userId };
}

/** The missing permissions as one list in the admin's language ("View Channel and Send Messages"). */
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

export function linkTo(guildId: string, message: Pick<APIMessage, 'id' | 'channel_id'>): string {
  return messageLink(guildId, message.channel_id, message.id);
}

export function inboxLink(guildId: string, inbox: Pick<Inbox, 'id' | 'channelId'>): string {
  return messageLink(guildId, inbox.channelId, inbox.id);
}

/**
 * The inbox behind a picked message. A message the bot posted with components looks
 * like an inbox the bot has lost track of; anything else simply is not one.
 */
export function requireInbox(ctx: InteractionContext, guildId: string, message: APIMessage): Inbox {
  const inbox = getInbox(ctx.deps.store.db, message.id);
  if (inbox && (inbox.guildId === null || inbox.guildId === guildId)) return inbox;
  const botIds = [ctx.deps.app.id, ctx.deps.state.botUserId];
  const postedByBot = botIds.includes(message.author.id);
  const hasComponents = (message.components?.length ?? 0) > 0;
  const link = linkTo(guildId, message);
  if (postedByBot && hasComponents) throw new UserError('select-inbox-unrecognised', { message: link });
  throw new UserError('select-not-an-inbox', { message: link });
}

/** The staff, with roles deleted meanwhile dropped for good (kept when the guild's roles are unknown). */
export function currentStaff(deps: Deps, guildId: string, inboxId: string): string[] {
  const guild = deps.state.guilds.get(guildId);
  return getCurrentStaff(deps.store.db, inboxId, guild ? (roleId) => guild.rolePermissions.has(roleId) : null);
}
