// What each /inbox request does with the message the admin picked. A step throws a
// UserError to refuse (the request then stays pending, see selectMessageHandler.ts).
import { DiscordAPIError } from '@discordjs/rest';
import {
  ComponentType,
  Routes,
  SelectMenuDefaultValueType,
  TextInputStyle,
  type APIMessage,
  type APIModalInteractionResponseCallbackData,
  type APISelectMenuDefaultValue,
} from 'discord-api-types/v10';
import { inboxNameModalId, inboxStaffSelectId, inboxStarterModalId, TEMPLATE_INPUT_ID } from '../../domain/customIds.ts';
import {
  DEFAULT_STARTER_TEMPLATE,
  DEFAULT_TICKET_NAME_TEMPLATE,
  STARTER_MAX_LENGTH,
  TICKET_NAME_MAX_LENGTH,
  templateOrDefault,
} from '../../domain/inboxDefaults.ts';
import { copyNeeds, DESTINATION_NEEDS, inboxNeeds } from '../../domain/inboxPermissions.ts';
import { defaultStaff, parseStaffMention } from '../../domain/inboxStaff.ts';
import { UserError } from '../../domain/errors.ts';
import { channelLink, channelMention } from '../../domain/links.ts';
import type { InboxRequest } from '../../domain/selection.ts';
import { createInbox, getInbox, setDestination, type Inbox } from '../../store/inboxes.ts';
import { checkAttachmentSize, downloadFiles, editInboxMessage, planInboxMessage, postInboxMessage } from './inbox-message.ts';
import type { InteractionContext } from '../router.ts';
import { actorOf, assertBotPermissions, currentStaff, ephemeral, inboxLink, linkTo, requireInbox } from './picked-inbox.ts';

/** Discord's limit for a mentionable select; the spec asks for up to 10 staff at a time. */
const STAFF_SELECT_MAX = 10;
const SELECT_HARD_MAX = 25;
const UNKNOWN_MESSAGE = 10008;

export async function runInboxRequest(ctx: InteractionContext, request: InboxRequest, picked: APIMessage): Promise<void> {
  switch (request.kind) {
    case 'create-inbox':
      return createInboxFrom(ctx, request, picked);
    case 'set-destination':
      return changeDestination(ctx, request.destinationId, picked);
    case 'pick-inbox-for-message':
      return askForMessageToCopy(ctx, picked);
    case 'copy-into-inbox':
      return copyIntoInbox(ctx, request, picked);
    case 'staff':
      return showStaff(ctx, picked);
    case 'starter':
      return showTemplateModal(ctx, picked, 'starter');
    case 'name':
      return showTemplateModal(ctx, picked, 'name');
  }
}

async function createInboxFrom(ctx: InteractionContext, request: Extract<InboxRequest, { kind: 'create-inbox' }>, source: APIMessage): Promise<void> {
  const { deps } = ctx;
  const { guildId } = actorOf(ctx.interaction);
  const { channelId, destinationId } = request;
  const limit = deps.config.current.bot.inbox.max_attachment_size;

  // Permissions may have changed while the admin was choosing; check again, now knowing
  // whether files will be attached.
  checkAttachmentSize(source.attachments, limit);
  const plan = planInboxMessage(source, channelLink(guildId, channelId));
  assertBotPermissions(ctx, guildId, inboxNeeds(channelId, destinationId, copyNeeds({ hasFiles: plan.files.length > 0, editing: false })));

  await ctx.reply.defer(true);
  const files = await downloadFiles(plan.files, limit);
  const message = await postInboxMessage(deps, channelId, {
    embeds: plan.embeds,
    files,
    buttonLabel: deps.i18n.t(ctx.guildLocale, 'inbox-button'),
  });

  const ticketChannel = deps.state.guilds.get(guildId)?.channels.get(destinationId ?? channelId);
  try {
    createInbox(deps.store.db, {
      messageId: message.id,
      channelId,
      guildId,
      starterContent: deps.i18n.t(ctx.guildLocale, 'inbox-starter-default'),
      destinationId,
      staff: defaultStaff(ticketChannel?.overwrites ?? [], guildId, deps.state.botUserId),
    });
  } catch (error) {
    // An inbox message without its row would answer every click with "not recognised".
    await deps.rest.delete(Routes.channelMessage(channelId, message.id)).catch(() => {});
    throw error;
  }
  deps.logger.child('inbox').info('Inbox created', { guild: guildId, channel: channelId, inbox: message.id });
  await ctx.reply.send(ephemeral(ctx.t('inbox-created', { link: linkTo(guildId, message) })));
}

async function changeDestination(ctx: InteractionContext, destinationId: string, picked: APIMessage): Promise<void> {
  const { deps } = ctx;
  const { guildId } = actorOf(ctx.interaction);
  const inbox = requireInbox(ctx, guildId, picked);
  const old = inbox.destinationId ?? inbox.channelId;
  const link = inboxLink(guildId, inbox);
  if (old === destinationId) {
    await ctx.reply.send(ephemeral(ctx.t('inbox-destination-unchanged', { inbox: link, destination: channelMention(destinationId) })));
    return;
  }
  assertBotPermissions(ctx, guildId, [{ channelId: destinationId, required: [...DESTINATION_NEEDS] }]);
  // The inbox's own channel is the default: store it as "no destination".
  setDestination(deps.store.db, inbox.id, destinationId === inbox.channelId ? null : destinationId, guildId);
  await ctx.reply.send(
    ephemeral(ctx.t('inbox-destination-changed', { inbox: link, old: channelMention(old), new: channelMention(destinationId) })),
  );
}

async function askForMessageToCopy(ctx: InteractionContext, picked: APIMessage): Promise<void> {
  const { guildId, userId } = actorOf(ctx.interaction);
  const inbox = requireInbox(ctx, guildId, picked);
  ctx.deps.selections.set(
    guildId,
    userId,
    { kind: 'copy-into-inbox', inboxId: inbox.id, inboxChannelId: inbox.channelId },
    { applicationId: ctx.interaction.application_id, token: ctx.interaction.token },
  );
  await ctx.reply.send(ephemeral(ctx.t('select-message-for-inbox', { inbox: inboxLink(guildId, inbox) })));
}

async function copyIntoInbox(ctx: InteractionContext, request: Extract<InboxRequest, { kind: 'copy-into-inbox' }>, source: APIMessage): Promise<void> {
  const { deps } = ctx;
  const { guildId } = actorOf(ctx.interaction);
  if (source.id === request.inboxId) throw new UserError('inbox-message-same-as-inbox');
  const inbox = getInbox(deps.store.db, request.inboxId);
  const link = inboxLink(guildId, { id: request.inboxId, channelId: request.inboxChannelId });
  if (!inbox) throw new UserError('inbox-gone');

  const limit = deps.config.current.bot.inbox.max_attachment_size;
  checkAttachmentSize(source.attachments, limit);
  const plan = planInboxMessage(source, channelLink(guildId, inbox.channelId));
  assertBotPermissions(ctx, guildId, [{ channelId: inbox.channelId, required: copyNeeds({ hasFiles: plan.files.length > 0, editing: true }) }]);

  await ctx.reply.defer(true);
  const files = await downloadFiles(plan.files, limit);
  try {
    await editInboxMessage(deps, inbox.channelId, inbox.id, {
      embeds: plan.embeds,
      files,
      // The guild may have changed its language since the inbox was made.
      buttonLabel: deps.i18n.t(ctx.guildLocale, 'inbox-button'),
    });
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === UNKNOWN_MESSAGE) throw new UserError('inbox-gone');
    throw error;
  }
  await ctx.reply.send(ephemeral(ctx.t('inbox-message-updated', { inbox: link })));
}

async function showStaff(ctx: InteractionContext, picked: APIMessage): Promise<void> {
  const { guildId } = actorOf(ctx.interaction);
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
              custom_id: inboxStaffSelectId(inbox.id),
              placeholder: ctx.t('inbox-staff-placeholder'),
              min_values: 0,
              // An inbox may start with more staff than 10 (from the channel's overwrites);
              // the menu must be able to hold them all or saving would drop some.
              max_values: Math.max(STAFF_SELECT_MAX, defaults.length),
              default_values: defaults,
            },
          ],
        },
      ],
    }),
  );
}

async function showTemplateModal(ctx: InteractionContext, picked: APIMessage, which: 'starter' | 'name'): Promise<void> {
  const { guildId } = actorOf(ctx.interaction);
  const inbox: Inbox = requireInbox(ctx, guildId, picked);
  const starter = which === 'starter';
  const maxLength = starter ? STARTER_MAX_LENGTH : TICKET_NAME_MAX_LENGTH;
  const value = starter
    ? templateOrDefault(inbox.starterContent, DEFAULT_STARTER_TEMPLATE, maxLength)
    : templateOrDefault(inbox.defaultTicketName, DEFAULT_TICKET_NAME_TEMPLATE, maxLength);
  const modal: APIModalInteractionResponseCallbackData = {
    custom_id: starter ? inboxStarterModalId(inbox.id) : inboxNameModalId(inbox.id),
    title: ctx.t(starter ? 'inbox-starter-modal-title' : 'inbox-name-modal-title'),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: TEMPLATE_INPUT_ID,
            style: starter ? TextInputStyle.Paragraph : TextInputStyle.Short,
            label: ctx.t(starter ? 'inbox-starter-modal-label' : 'inbox-name-modal-label'),
            required: false,
            max_length: maxLength,
            value,
          },
        ],
      },
    ],
  };
  await ctx.reply.modal(modal);
}
