// The staff menu of /inbox staff (custom id `inbox-staff:<inbox id>`): the selected roles
// and members become the inbox's staff. Compared with the stored staff at the time of
// the click, so nothing is kept in memory and an old menu still works after a restart.
import { ComponentType, InteractionType, type APIMessageComponentInteraction, type APIMessageMentionableSelectInteractionData } from 'discord-api-types/v10';
import { parseInboxStaffSelectId } from '../../domain/customIds.ts';
import { UserError } from '../../domain/errors.ts';
import { diffStaff, staffMention } from '../../domain/inboxStaff.ts';
import { getInbox, updateStaff } from '../../store/inboxes.ts';
import { actorOf, currentStaff, ephemeral } from './picked-inbox.ts';
import type { InteractionContext } from '../router.ts';

/** Mentions for the selected ids; resolved.roles tells roles from users. */
export function selectedMentions(data: Pick<APIMessageMentionableSelectInteractionData, 'values' | 'resolved'>): string[] {
  const roles = data.resolved?.roles ?? {};
  return data.values.map((id) => staffMention({ id, kind: id in roles ? 'role' : 'user' }));
}

export async function handleInboxStaffSelect(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.MessageComponent || interaction.data.component_type !== ComponentType.MentionableSelect) {
    throw new Error('the staff menu received something other than a mentionable select');
  }
  const data = (interaction as APIMessageComponentInteraction).data as APIMessageMentionableSelectInteractionData;
  const inboxId = parseInboxStaffSelectId(data.custom_id);
  if (inboxId === null) throw new Error(`malformed staff menu id ${JSON.stringify(data.custom_id)}`);
  const { guildId } = actorOf(interaction);
  const inbox = getInbox(ctx.deps.store.db, inboxId);
  if (!inbox || (inbox.guildId !== null && inbox.guildId !== guildId)) throw new UserError('inbox-gone');

  const change = diffStaff(currentStaff(ctx.deps, guildId, inbox.id), selectedMentions(data));
  if (change.add.length === 0 && change.remove.length === 0) {
    await ctx.reply.send(ephemeral(ctx.t('inbox-staff-unchanged')));
    return;
  }
  updateStaff(ctx.deps.store.db, inbox.id, change.add, change.remove);
  await ctx.reply.send(ephemeral(ctx.t('inbox-staff-updated', { added: change.add.length, removed: change.remove.length })));
}
