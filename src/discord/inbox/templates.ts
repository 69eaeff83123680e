// The templates of new tickets (/inbox new-tickets starter|name): once the admin picked
// the inbox, a modal preset to its current template; submitting it (`inbox-starter:<inbox
// id>`, `inbox-name:<inbox id>`) stores the template, and a blank one restores the default.
import {
  ComponentType,
  InteractionType,
  TextInputStyle,
  type APIMessage,
  type APIModalInteractionResponseCallbackData,
  type APIModalSubmitInteraction,
} from 'discord-api-types/v10';
import { inboxNameModalId, inboxStarterModalId, parseInboxNameModalId, parseInboxStarterModalId, TEMPLATE_INPUT_ID } from '../../domain/custom-ids.ts';
import { UserError } from '../../domain/errors.ts';
import {
  DEFAULT_STARTER_TEMPLATE,
  DEFAULT_TICKET_NAME_TEMPLATE,
  STARTER_MAX_LENGTH,
  submittedTemplate,
  TICKET_NAME_MAX_LENGTH,
  templateOrDefault,
} from '../../domain/inbox-defaults.ts';
import { inboxLink } from '../../domain/links.ts';
import { getGuildInbox, setDefaultTicketName, setStarterContent, type Inbox } from '../../store/inboxes.ts';
import { saveForInteraction } from '../patient-write.ts';
import { ephemeral, guildActor, type InteractionContext } from '../router.ts';
import { assertMayStillEdit, openedByDelegate, refuseOddPayload } from './edit-guard.ts';
import { requireInbox } from './picked-inbox.ts';

export async function showTemplateModal(ctx: InteractionContext, picked: APIMessage, which: 'starter' | 'name'): Promise<void> {
  const { guildId } = guildActor(ctx);
  const inbox: Inbox = await requireInbox(ctx, guildId, picked);
  const starter = which === 'starter';
  const maxLength = starter ? STARTER_MAX_LENGTH : TICKET_NAME_MAX_LENGTH;
  const value = starter
    ? templateOrDefault(inbox.starterContent, DEFAULT_STARTER_TEMPLATE, maxLength)
    : templateOrDefault(inbox.defaultTicketName, DEFAULT_TICKET_NAME_TEMPLATE, maxLength);
  const modal: APIModalInteractionResponseCallbackData = {
    custom_id: starter ? inboxStarterModalId(inbox.id, openedByDelegate(ctx)) : inboxNameModalId(inbox.id, openedByDelegate(ctx)),
    title: ctx.t(starter ? 'inbox-starter-modal-title' : 'inbox-name-modal-title'),
    components: [
      {
        // Discord deprecated text inputs in action rows; a Label carries the input's label.
        type: ComponentType.Label,
        label: ctx.t(starter ? 'inbox-starter-modal-label' : 'inbox-name-modal-label'),
        component: {
          type: ComponentType.TextInput,
          custom_id: TEMPLATE_INPUT_ID,
          style: starter ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: false,
          max_length: maxLength,
          value,
        },
      },
    ],
  };
  await ctx.reply.modal(modal);
}

interface SubmittedComponent {
  type: number;
  custom_id?: string;
  value?: string;
  components?: SubmittedComponent[];
  component?: SubmittedComponent;
}

/**
 * A text input's value from a modal submission. The bot's modals put inputs in label
 * components; a modal shown before that change (still open in someone's client) submits
 * them in action rows. Both are searched.
 */
export function textInputValue(components: readonly SubmittedComponent[], customId: string): string | null {
  for (const c of components) {
    if (typeof c !== 'object' || c === null) continue;
    if (c.type === ComponentType.TextInput && c.custom_id === customId) return typeof c.value === 'string' ? c.value : null;
    const inner = [...(Array.isArray(c.components) ? c.components : []), ...(c.component ? [c.component] : [])];
    const found = inner.length > 0 ? textInputValue(inner, customId) : null;
    if (found !== null) return found;
  }
  return null;
}

async function saveTemplate(ctx: InteractionContext, which: 'starter' | 'name'): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.ModalSubmit) throw new Error('a template modal received something other than a modal submission');
  const data = (interaction as APIModalSubmitInteraction).data;
  const edit = which === 'starter' ? parseInboxStarterModalId(data.custom_id) : parseInboxNameModalId(data.custom_id);
  if (edit === null) throw new Error(`malformed modal id ${JSON.stringify(data.custom_id)}`);
  const { guildId } = guildActor(ctx);
  assertMayStillEdit(ctx, edit);
  const inbox = await getGuildInbox(ctx.deps.store.db, edit.inboxId, guildId);
  if (!inbox) throw new UserError('inbox-gone');

  // The form always submits its input (empty when cleared); without it there is nothing to save.
  const submitted: unknown = data.components;
  const value = Array.isArray(submitted) ? textInputValue(submitted as readonly SubmittedComponent[], TEMPLATE_INPUT_ID) : null;
  if (value === null) refuseOddPayload(ctx, `${which} form submitted without its input`);
  const template = submittedTemplate(value).slice(0, which === 'starter' ? STARTER_MAX_LENGTH : TICKET_NAME_MAX_LENGTH);
  await saveForInteraction(ctx, () =>
    which === 'starter' ? setStarterContent(ctx.deps.store.db, inbox.id, template) : setDefaultTicketName(ctx.deps.store.db, inbox.id, template),
  );
  const link = inboxLink(guildId, inbox);
  await ctx.reply.send(ephemeral(ctx.t(which === 'starter' ? 'inbox-starter-saved' : 'inbox-name-saved', { inbox: link })));
}

export const handleInboxStarterModal = (ctx: InteractionContext): Promise<void> => saveTemplate(ctx, 'starter');
export const handleInboxNameModal = (ctx: InteractionContext): Promise<void> => saveTemplate(ctx, 'name');
