// The staff of an inbox (/inbox staff): once the admin picked the inbox, a menu preset to
// its staff; the selected roles and members (custom id `inbox-staff:<inbox id>`) become
// the staff. Compared with the stored staff at the time of the click, so nothing is kept
// in memory and an old menu still works after a restart.
import {
  ComponentType,
  InteractionType,
  SelectMenuDefaultValueType,
  type APIMessage,
  type APIMessageComponentInteraction,
  type APIMessageMentionableSelectInteractionData,
  type APISelectMenuDefaultValue,
} from 'discord-api-types/v10';
import { inboxStaffSelectId, parseInboxStaffSelectId } from '../../domain/custom-ids.ts';
import { UserError } from '../../domain/errors.ts';
import { diffStaff, parseStaffMention, SELECT_HARD_MAX, staffMention, staffSelectionProblem, staffSelectMax } from '../../domain/inbox-staff.ts';
import { inboxLink } from '../../domain/links.ts';
import { getCurrentStaff, getGuildInbox, updateStaff } from '../../store/inboxes.ts';
import { getTopicStaff } from '../../store/topics.ts';
import type { Deps } from '../deps.ts';
import { saveForInteraction } from '../patient-write.ts';
import { ephemeral, guildActor, type InteractionContext } from '../router.ts';
import { assertMayStillEdit, openedByDelegate, refuseOddPayload } from './edit-guard.ts';
import { requireInbox } from './picked-inbox.ts';


/** The staff, with roles deleted meanwhile dropped for good (kept when the guild's roles are unknown). */
export function currentStaff(deps: Deps, guildId: string, inboxId: string): string[] {
  const guild = deps.state.guilds.get(guildId);
  return getCurrentStaff(deps.store.db, inboxId, guild ? (roleId) => guild.rolePermissions.has(roleId) : null);
}

/**
 * The staff of a ticket: its topic's own staff when the topic names any (SPEC §11), else
 * the inbox's. Deleted roles are left out.
 */
export function ticketStaff(deps: Deps, guildId: string, inboxId: string, topicId: string | null): string[] {
  if (topicId !== null) {
    const own = getTopicStaff(deps.store.db, topicId);
    if (own.length > 0) {
      const guild = deps.state.guilds.get(guildId);
      return guild ? own.filter((m) => !m.startsWith('<@&') || guild.rolePermissions.has(m.slice(3, -1))) : own;
    }
  }
  return currentStaff(deps, guildId, inboxId);
}

export async function showStaff(ctx: InteractionContext, picked: APIMessage): Promise<void> {
  const { guildId } = guildActor(ctx);
  const inbox = requireInbox(ctx, guildId, picked);
  const staff = currentStaff(ctx.deps, guildId, inbox.id);
  const defaults = staff
    .map(parseStaffMention)
    .filter((t) => t !== null)
    .slice(0, SELECT_HARD_MAX)
    .map((t): APISelectMenuDefaultValue<SelectMenuDefaultValueType.Role | SelectMenuDefaultValueType.User> => ({
      id: t.id,
      type: t.kind === 'role' ? SelectMenuDefaultValueType.Role : SelectMenuDefaultValueType.User,
    }));
  await ctx.reply.send(
    ephemeral(ctx.t('inbox-staff-prompt', { inbox: inboxLink(guildId, inbox) }), {
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.MentionableSelect,
              custom_id: inboxStaffSelectId(inbox.id, openedByDelegate(ctx)),
              placeholder: ctx.t('inbox-staff-placeholder'),
              min_values: 0,
              // An inbox may start with more staff than 10 (from the channel's overwrites);
              // the menu must be able to hold them all or saving would drop some.
              max_values: staffSelectMax(defaults.length),
              default_values: defaults,
            },
          ],
        },
      ],
    }),
  );
}

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
  const edit = parseInboxStaffSelectId(data.custom_id);
  if (edit === null) throw new Error(`malformed staff menu id ${JSON.stringify(data.custom_id)}`);
  const { guildId } = guildActor(ctx);
  assertMayStillEdit(ctx, edit);
  const inbox = getGuildInbox(ctx.deps.store.db, edit.inboxId, guildId);
  if (!inbox) throw new UserError('inbox-gone');

  const current = currentStaff(ctx.deps, guildId, inbox.id);
  const problem = staffSelectionProblem(data.values, staffSelectMax(current.length));
  if (problem !== null) refuseOddPayload(ctx, `staff menu: ${problem}`);
  const change = diffStaff(current, selectedMentions(data));
  if (change.add.length === 0 && change.remove.length === 0) {
    await ctx.reply.send(ephemeral(ctx.t('inbox-staff-unchanged')));
    return;
  }
  await saveForInteraction(ctx, () => updateStaff(ctx.deps.store.db, inbox.id, change.add, change.remove));
  await ctx.reply.send(ephemeral(ctx.t('inbox-staff-updated', { added: change.add.length, removed: change.remove.length })));
}
