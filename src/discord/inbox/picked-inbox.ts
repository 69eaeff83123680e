// The inbox behind the message an admin picked with "Select this message".
import type { APIMessage } from 'discord-api-types/v10';
import { UserError } from '../../domain/errors.ts';
import { messageLink } from '../../domain/links.ts';
import { getGuildInbox, type Inbox } from '../../store/inboxes.ts';
import type { InteractionContext } from '../router.ts';

/**
 * The inbox behind a picked message. A message the bot posted with components looks
 * like an inbox the bot has lost track of; anything else simply is not one.
 */
export async function requireInbox(ctx: InteractionContext, guildId: string, message: APIMessage): Promise<Inbox> {
  const inbox = await getGuildInbox(ctx.deps.store.db, message.id, guildId);
  if (inbox) return inbox;
  const botIds = [ctx.deps.app.id, ctx.deps.state.botUserId];
  const postedByBot = botIds.includes(message.author.id);
  const hasComponents = (message.components?.length ?? 0) > 0;
  const link = messageLink(guildId, message.channel_id, message.id);
  if (postedByBot && hasComponents) throw new UserError('select-inbox-unrecognised', { message: link });
  throw new UserError('select-not-an-inbox', { message: link });
}
