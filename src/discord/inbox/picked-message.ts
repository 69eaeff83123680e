// What each /inbox request does with the message the admin picked: create an inbox from
// it, route an inbox's tickets elsewhere, copy a message into an inbox, or hand over to
// the staff menu (./staff.ts), the template modals (./templates.ts) or the settings
// (./settings.ts). A step throws a UserError to refuse (the request then stays pending,
// see ./select-message-handler.ts).
import { DiscordAPIError } from '@discordjs/rest';
import { Routes, type APIMessage } from 'discord-api-types/v10';
import { UserError } from '../../domain/errors.ts';
import { copyNeeds, DESTINATION_NEEDS, inboxNeeds } from '../../domain/inbox-permissions.ts';
import { defaultStaff } from '../../domain/inbox-staff.ts';
import { channelLink, channelMention, inboxLink, messageLink } from '../../domain/links.ts';
import type { InboxRequest } from '../../domain/selection.ts';
import { createInbox, getGuildInbox, setDestination } from '../../store/inboxes.ts';
import { assertBotPermissions } from '../bot-permissions.ts';
import { saveForInteraction } from '../patient-write.ts';
import { ephemeral, guildActor, type InteractionContext } from '../router.ts';
import { checkAttachmentSize, downloadFiles, editInboxMessage, planInboxMessage, postInboxMessage } from './inbox-message.ts';
import { requireInbox } from './picked-inbox.ts';
import { showSettings } from './settings.ts';
import { showStaff } from './staff.ts';
import { showTemplateModal } from './templates.ts';
import { inboxMessageComponents, showTopics } from './topics.ts';

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
    case 'settings':
      return showSettings(ctx, picked);
    case 'topics':
      return showTopics(ctx, picked);
  }
}

async function createInboxFrom(ctx: InteractionContext, request: Extract<InboxRequest, { kind: 'create-inbox' }>, source: APIMessage): Promise<void> {
  const { deps } = ctx;
  const { guildId } = guildActor(ctx);
  const { channelId, destinationId } = request;
  const limit = deps.config.current.bot.inbox.max_attachment_size;

  // Permissions may have changed while the admin was choosing; check again, now knowing
  // whether files will be attached.
  checkAttachmentSize(source.attachments, limit);
  const plan = planInboxMessage(source, channelLink(guildId, channelId));
  assertBotPermissions(ctx, guildId, inboxNeeds(channelId, destinationId, copyNeeds({ hasFiles: plan.files.length > 0, editing: false })));

  await ctx.reply.defer(true);
  const files = await downloadFiles(plan.files, limit);
  const message = await postInboxMessage(deps, guildId, channelId, {
    embeds: plan.embeds,
    files,
    buttonLabel: deps.i18n.t(ctx.guildLocale, 'inbox-button'),
  });

  const ticketChannel = deps.state.guilds.get(guildId)?.channels.get(destinationId ?? channelId);
  try {
    await saveForInteraction(ctx, () =>
      createInbox(deps.store.db, {
        messageId: message.id,
        channelId,
        guildId,
        starterContent: deps.i18n.t(ctx.guildLocale, 'inbox-starter-default'),
        destinationId,
        staff: defaultStaff(ticketChannel?.overwrites ?? [], guildId, deps.state.botUserId),
      }),
    );
  } catch (error) {
    // An inbox message without its row would answer every click with "not recognised".
    await deps.rest.delete(Routes.channelMessage(channelId, message.id)).catch(() => {});
    throw error;
  }
  deps.logger.child('inbox').info('Inbox created', { guild: guildId, channel: channelId, inbox: message.id });
  await ctx.reply.send(ephemeral(ctx.t('inbox-created', { link: messageLink(guildId, message.channel_id, message.id) })));
}

async function changeDestination(ctx: InteractionContext, destinationId: string, picked: APIMessage): Promise<void> {
  const { deps } = ctx;
  const { guildId } = guildActor(ctx);
  const inbox = requireInbox(ctx, guildId, picked);
  const old = inbox.destinationId ?? inbox.channelId;
  const link = inboxLink(guildId, inbox);
  if (old === destinationId) {
    await ctx.reply.send(ephemeral(ctx.t('inbox-destination-unchanged', { inbox: link, destination: channelMention(destinationId) })));
    return;
  }
  assertBotPermissions(ctx, guildId, [{ channelId: destinationId, required: [...DESTINATION_NEEDS] }]);
  // The inbox's own channel is the default: store it as "no destination".
  await saveForInteraction(ctx, () => setDestination(deps.store.db, inbox.id, destinationId === inbox.channelId ? null : destinationId, guildId));
  await ctx.reply.send(
    ephemeral(ctx.t('inbox-destination-changed', { inbox: link, old: channelMention(old), new: channelMention(destinationId) })),
  );
}

async function askForMessageToCopy(ctx: InteractionContext, picked: APIMessage): Promise<void> {
  const { guildId, userId } = guildActor(ctx);
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
  const { guildId } = guildActor(ctx);
  if (source.id === request.inboxId) throw new UserError('inbox-message-same-as-inbox');
  const inbox = getGuildInbox(deps.store.db, request.inboxId, guildId);
  const link = inboxLink(guildId, { id: request.inboxId, channelId: request.inboxChannelId });
  if (!inbox) throw new UserError('inbox-gone');

  const limit = deps.config.current.bot.inbox.max_attachment_size;
  checkAttachmentSize(source.attachments, limit);
  const plan = planInboxMessage(source, channelLink(guildId, inbox.channelId));
  assertBotPermissions(ctx, guildId, [{ channelId: inbox.channelId, required: copyNeeds({ hasFiles: plan.files.length > 0, editing: true }), editing: true }]);

  await ctx.reply.defer(true);
  const files = await downloadFiles(plan.files, limit);
  try {
    await editInboxMessage(deps, inbox.channelId, inbox.id, {
      embeds: plan.embeds,
      files,
      // The guild may have changed its language since the inbox was made.
      buttonLabel: deps.i18n.t(ctx.guildLocale, 'inbox-button'),
      // Its topics stay.
      components: inboxMessageComponents(deps, ctx.guildLocale, inbox.id),
    });
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === UNKNOWN_MESSAGE) throw new UserError('inbox-gone');
    throw error;
  }
  await ctx.reply.send(ephemeral(ctx.t('inbox-message-updated', { inbox: link })));
}
