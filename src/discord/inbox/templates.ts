// The starter and name modals (`inbox-starter:<inbox id>`, `inbox-name:<inbox id>`):
// store the submitted template; a blank one restores the default.
import { ComponentType, InteractionType, type APIModalSubmitInteraction } from 'discord-api-types/v10';
import { parseInboxNameModalId, parseInboxStarterModalId, TEMPLATE_INPUT_ID } from '../../domain/customIds.ts';
import { UserError } from '../../domain/errors.ts';
import { STARTER_MAX_LENGTH, submittedTemplate, TICKET_NAME_MAX_LENGTH } from '../../domain/inboxDefaults.ts';
import { getInbox, setDefaultTicketName, setStarterContent } from '../../store/inboxes.ts';
import { actorOf, ephemeral, inboxLink } from './picked-inbox.ts';
import type { InteractionContext } from '../router.ts';

interface SubmittedComponent {
  type: number;
  custom_id?: string;
  value?: string;
  components?: SubmittedComponent[];
  component?: SubmittedComponent;
}

/**
 * A text input's value from a modal submission. Inputs arrive inside action rows, or
 * inside label components in Discord's newer modal layout; both are searched.
 */
export function textInputValue(components: readonly SubmittedComponent[], customId: string): string | null {
  for (const c of components) {
    if (c.type === ComponentType.TextInput && c.custom_id === customId) return c.value ?? '';
    const inner = [...(c.components ?? []), ...(c.component ? [c.component] : [])];
    const found = inner.length > 0 ? textInputValue(inner, customId) : null;
    if (found !== null) return found;
  }
  return null;
}

async function saveTemplate(ctx: InteractionContext, which: 'starter' | 'name'): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.ModalSubmit) throw new Error('a template modal received something other than a modal submission');
  const data = (interaction as APIModalSubmitInteraction).data;
  const inboxId = which === 'starter' ? parseInboxStarterModalId(data.custom_id) : parseInboxNameModalId(data.custom_id);
  if (inboxId === null) throw new Error(`malformed modal id ${JSON.stringify(data.custom_id)}`);
  const { guildId } = actorOf(interaction);
  const inbox = getInbox(ctx.deps.store.db, inboxId);
  if (!inbox || (inbox.guildId !== null && inbox.guildId !== guildId)) throw new UserError('inbox-gone');

  const value = textInputValue(data.components as readonly SubmittedComponent[], TEMPLATE_INPUT_ID) ?? '';
  const template = submittedTemplate(value).slice(0, which === 'starter' ? STARTER_MAX_LENGTH : TICKET_NAME_MAX_LENGTH);
  if (which === 'starter') setStarterContent(ctx.deps.store.db, inbox.id, template);
  else setDefaultTicketName(ctx.deps.store.db, inbox.id, template);
  const link = inboxLink(guildId, inbox);
  await ctx.reply.send(ephemeral(ctx.t(which === 'starter' ? 'inbox-starter-saved' : 'inbox-name-saved', { inbox: link })));
}

export const handleInboxStarterModal = (ctx: InteractionContext): Promise<void> => saveTemplate(ctx, 'starter');
export const handleInboxNameModal = (ctx: InteractionContext): Promise<void> => saveTemplate(ctx, 'name');
