// /inbox settings (SPEC §10): once the admin picked the inbox, an ephemeral message showing
// every setting with what changes it: two role menus (who may open tickets, who never
// may), a channel menu (the log channel), a menu for the auto-archive duration, and a
// button opening a form for the limit of open tickets and the cooldown. Each change is
// checked, saved at once and shown by updating the message; Manage Server is checked
// again on every one, as for the staff menu. Custom ids: `inbox-settings:<inbox id>:<field>`.
import {
  ButtonStyle,
  ComponentType,
  InteractionType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIInteractionResponseCallbackData,
  type APIMessage,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
} from 'discord-api-types/v10';
import {
  COOLDOWN_INPUT_ID,
  inboxSettingId,
  MAX_TICKETS_INPUT_ID,
  parseInboxSettingId,
  type InboxSettingField,
  type InboxSettingId,
} from '../../domain/custom-ids.ts';
import { UserError } from '../../domain/errors.ts';
import {
  AUTO_ARCHIVE_CHANNEL_DEFAULT,
  AUTO_ARCHIVE_MINUTES,
  COOLDOWN_CEILING_SECONDS,
  MAX_TICKETS_CEILING,
  parseAutoArchive,
  parseCooldown,
  parseMaxTickets,
  type ParsedNumber,
} from '../../domain/inbox-settings.ts';
import { channelMention, inboxLink } from '../../domain/links.ts';
import { SELECT_HARD_MAX } from '../../domain/inbox-staff.ts';
import { isSnowflake } from '../payloads.ts';
import {
  getGuildInbox,
  getInboxRoles,
  setAutoArchive,
  setInboxRoles,
  setLimits,
  setLogChannel,
  type Inbox,
  type InboxRoles,
} from '../../store/inboxes.ts';
import { saveForInteraction } from '../patient-write.ts';
import { ephemeral, guildActor, type InteractionContext } from '../router.ts';
import { textInputValue } from './templates.ts';
import { assertUsableLogChannel, logChannelSelect, roleSelect } from './access-controls.ts';
import { assertMayStillEdit, openedByDelegate, refuseOddPayload } from './edit-guard.ts';
import { requireInbox } from './picked-inbox.ts';

type Translate = InteractionContext['t'];

/** The inbox's roles that still exist (kept as they are when the guild's roles are unknown). */
async function currentRoles(ctx: InteractionContext, guildId: string, inboxId: string): Promise<InboxRoles> {
  const roles = await getInboxRoles(ctx.deps.store.db, inboxId);
  const guild = ctx.deps.state.guilds.get(guildId);
  if (!guild) return roles;
  const exists = (id: string): boolean => guild.rolePermissions.has(id);
  return { allowed: roles.allowed.filter(exists), blocked: roles.blocked.filter(exists) };
}

function slowmodeOf(ctx: InteractionContext, guildId: string, inbox: Inbox): number {
  return ctx.deps.state.guilds.get(guildId)?.channels.get(inbox.channelId)?.rateLimitPerUser ?? 0;
}

function durationText(t: Translate, minutes: number | null): string {
  return t(minutes === null ? 'auto-archive-channel' : `auto-archive-${minutes}`);
}

function roleList(roles: readonly string[]): string {
  return roles.map((id) => `<@&${id}>`).join(' ');
}

/** Every current value, one line each, in the admin's language; `note` says what was just saved. */
function settingsText(ctx: InteractionContext, guildId: string, inbox: Inbox, roles: InboxRoles, note: string | null): string {
  const t = ctx.t;
  const slowmode = slowmodeOf(ctx, guildId, inbox);
  const lines = [
    t('inbox-settings-title', { inbox: inboxLink(guildId, inbox) }),
    inbox.maxTicketsPerUser === 0 ? t('inbox-settings-max-tickets-none') : t('inbox-settings-max-tickets', { count: inbox.maxTicketsPerUser }),
    slowmode > inbox.cooldownSeconds
      ? t('inbox-settings-cooldown-slowmode', { seconds: inbox.cooldownSeconds, slowmode })
      : t('inbox-settings-cooldown', { seconds: inbox.cooldownSeconds }),
    t('inbox-settings-auto-archive', { duration: durationText(t, inbox.autoArchiveMinutes) }),
    roles.allowed.length === 0 ? t('inbox-settings-allowed-everyone') : t('inbox-settings-allowed', { roles: roleList(roles.allowed) }),
    roles.blocked.length === 0 ? t('inbox-settings-blocked-none') : t('inbox-settings-blocked', { roles: roleList(roles.blocked) }),
    inbox.logChannelId === null ? t('inbox-settings-log-none') : t('inbox-settings-log', { channel: channelMention(inbox.logChannelId) }),
  ];
  if (note !== null) lines.push('', note);
  return lines.join('\n');
}

async function settingsView(ctx: InteractionContext, guildId: string, inbox: Inbox, delegated: boolean, note: string | null): Promise<APIInteractionResponseCallbackData> {
  const t = ctx.t;
  const roles = await currentRoles(ctx, guildId, inbox.id);
  const id = (field: InboxSettingField): string => inboxSettingId(inbox.id, field, delegated);
  const row = (component: APIComponentInMessageActionRow): APIActionRowComponent<APIComponentInMessageActionRow> => ({ type: ComponentType.ActionRow, components: [component] });
  const archiveValue = inbox.autoArchiveMinutes === null ? AUTO_ARCHIVE_CHANNEL_DEFAULT : String(inbox.autoArchiveMinutes);
  return ephemeral(settingsText(ctx, guildId, inbox, roles, note), {
    components: [
      row(roleSelect(id('allowed'), t('inbox-settings-allowed-placeholder'), roles.allowed)),
      row(roleSelect(id('blocked'), t('inbox-settings-blocked-placeholder'), roles.blocked)),
      row(logChannelSelect(id('log'), t('inbox-settings-log-placeholder'), inbox.logChannelId)),
      row({
        type: ComponentType.StringSelect,
        custom_id: id('archive'),
        placeholder: t('inbox-settings-archive-placeholder'),
        options: [AUTO_ARCHIVE_CHANNEL_DEFAULT, ...AUTO_ARCHIVE_MINUTES.map(String)].map((value) => ({
          label: durationText(t, value === AUTO_ARCHIVE_CHANNEL_DEFAULT ? null : Number(value)),
          value,
          default: value === archiveValue,
        })),
      }),
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: id('limits'), label: t('inbox-settings-limits-button') }],
      },
    ],
  });
}

/** After the admin picked the inbox: the settings message. */
export async function showSettings(ctx: InteractionContext, picked: APIMessage): Promise<void> {
  const { guildId } = guildActor(ctx);
  const inbox = await requireInbox(ctx, guildId, picked);
  await ctx.reply.send(await settingsView(ctx, guildId, inbox, openedByDelegate(ctx), null));
}

/** The inbox a control belongs to, after checking that the admin may still change it. */
async function inboxFor(ctx: InteractionContext, customId: string): Promise<{ guildId: string; edit: InboxSettingId; inbox: Inbox }> {
  const edit = parseInboxSettingId(customId);
  if (edit === null) throw new Error(`malformed settings id ${JSON.stringify(customId)}`);
  const { guildId } = guildActor(ctx);
  assertMayStillEdit(ctx, edit);
  const inbox = await getGuildInbox(ctx.deps.store.db, edit.inboxId, guildId);
  if (!inbox) throw new UserError('inbox-gone');
  return { guildId, edit, inbox };
}

/** Shows the saved values in place of the settings message (or as a new one when the click was acknowledged meanwhile). */
async function showSaved(ctx: InteractionContext, guildId: string, edit: InboxSettingId, note: string): Promise<void> {
  const inbox = await getGuildInbox(ctx.deps.store.db, edit.inboxId, guildId);
  if (!inbox) throw new UserError('inbox-gone');
  const view = await settingsView(ctx, guildId, inbox, edit.delegated, note);
  if (!(await ctx.reply.update(view))) await ctx.reply.send(view);
}

function selectedValues(ctx: InteractionContext, data: { values?: unknown }, max: number): string[] {
  const values = data.values;
  if (!Array.isArray(values) || values.length > max || !values.every(isSnowflake) || new Set(values).size !== values.length) {
    refuseOddPayload(ctx, 'settings menu: values that menu cannot send');
  }
  return values as string[];
}

/** The role menus, the log channel menu, the auto-archive menu and the limits button. */
export async function handleInboxSettingsComponent(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.MessageComponent) throw new Error('a settings control received something other than a component');
  const data = (interaction as APIMessageComponentInteraction).data as { custom_id: string; component_type: number; values?: unknown; resolved?: unknown };
  const { guildId, edit, inbox } = await inboxFor(ctx, data.custom_id);
  const db = ctx.deps.store.db;
  switch (edit.field) {
    case 'allowed':
    case 'blocked': {
      if (data.component_type !== ComponentType.RoleSelect) refuseOddPayload(ctx, 'settings: a role menu that is not one');
      const roles = selectedValues(ctx, data, SELECT_HARD_MAX);
      await saveForInteraction(ctx, () => setInboxRoles(db, inbox.id, edit.field as 'allowed' | 'blocked', roles));
      return showSaved(ctx, guildId, edit, ctx.t(edit.field === 'allowed' ? 'inbox-settings-saved-allowed' : 'inbox-settings-saved-blocked'));
    }
    case 'log': {
      if (data.component_type !== ComponentType.ChannelSelect) refuseOddPayload(ctx, 'settings: a channel menu that is not one');
      const [channelId] = selectedValues(ctx, data, 1);
      if (channelId === undefined) {
        await saveForInteraction(ctx, () => setLogChannel(db, inbox.id, null, guildId));
        return showSaved(ctx, guildId, edit, ctx.t('inbox-settings-saved-log-off'));
      }
      const resolved = (data.resolved as { channels?: Record<string, { type?: unknown }> } | undefined)?.channels?.[channelId];
      assertUsableLogChannel(ctx, guildId, channelId, resolved?.type, 'settings');
      await saveForInteraction(ctx, () => setLogChannel(db, inbox.id, channelId, guildId));
      return showSaved(ctx, guildId, edit, ctx.t('inbox-settings-saved-log', { channel: channelMention(channelId) }));
    }
    case 'archive': {
      if (data.component_type !== ComponentType.StringSelect) refuseOddPayload(ctx, 'settings: an auto-archive menu that is not one');
      const values = data.values;
      const minutes = Array.isArray(values) && values.length === 1 && typeof values[0] === 'string' ? parseAutoArchive(values[0]) : undefined;
      if (minutes === undefined) refuseOddPayload(ctx, 'settings: an auto-archive value that is not an option');
      await saveForInteraction(ctx, () => setAutoArchive(db, inbox.id, minutes ?? null));
      return showSaved(ctx, guildId, edit, ctx.t('inbox-settings-saved-archive', { duration: durationText(ctx.t, minutes ?? null) }));
    }
    case 'limits':
      if (data.component_type !== ComponentType.Button) refuseOddPayload(ctx, 'settings: a limits button that is not one');
      return ctx.reply.modal({
        custom_id: inboxSettingId(inbox.id, 'limits', edit.delegated),
        title: ctx.t('inbox-settings-limits-modal-title'),
        components: [
          {
            type: ComponentType.Label,
            label: ctx.t('inbox-settings-max-tickets-modal-label'),
            description: ctx.t('inbox-settings-max-tickets-modal-description', { max: MAX_TICKETS_CEILING }),
            component: {
              type: ComponentType.TextInput,
              custom_id: MAX_TICKETS_INPUT_ID,
              style: TextInputStyle.Short,
              required: true,
              min_length: 1,
              max_length: 2,
              // A larger value (set by hand in an old database) would not fit the input: the admin types one.
              ...(inbox.maxTicketsPerUser <= MAX_TICKETS_CEILING ? { value: String(inbox.maxTicketsPerUser) } : {}),
            },
          },
          {
            type: ComponentType.Label,
            label: ctx.t('inbox-settings-cooldown-modal-label'),
            description: ctx.t('inbox-settings-cooldown-modal-description', { max: COOLDOWN_CEILING_SECONDS }),
            component: {
              type: ComponentType.TextInput,
              custom_id: COOLDOWN_INPUT_ID,
              style: TextInputStyle.Short,
              required: true,
              min_length: 1,
              max_length: 5,
              ...(inbox.cooldownSeconds <= COOLDOWN_CEILING_SECONDS ? { value: String(inbox.cooldownSeconds) } : {}),
            },
          },
        ],
      });
  }
}

function numberProblem(ctx: InteractionContext, field: string, parsed: Exclude<ParsedNumber, { ok: true }>): never {
  throw new UserError('inbox-settings-invalid-number', { field: ctx.t(field), min: parsed.min, max: parsed.max });
}

/** The limits form, submitted: both values checked, then saved together. */
export async function handleInboxSettingsModal(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.ModalSubmit) throw new Error('the limits form received something other than a modal submission');
  const data = (interaction as APIModalSubmitInteraction).data;
  const { guildId, edit, inbox } = await inboxFor(ctx, data.custom_id);
  if (edit.field !== 'limits') refuseOddPayload(ctx, `settings: a form for ${edit.field}`);
  const submitted: unknown = data.components;
  const read = (id: string): string | null => (Array.isArray(submitted) ? textInputValue(submitted as Parameters<typeof textInputValue>[0], id) : null);
  const maxText = read(MAX_TICKETS_INPUT_ID);
  const cooldownText = read(COOLDOWN_INPUT_ID);
  if (maxText === null || cooldownText === null) refuseOddPayload(ctx, 'limits form submitted without its inputs');
  const max = parseMaxTickets(maxText!);
  if (!max.ok) numberProblem(ctx, 'inbox-settings-max-tickets-modal-label', max);
  const cooldown = parseCooldown(cooldownText!);
  if (!cooldown.ok) numberProblem(ctx, 'inbox-settings-cooldown-modal-label', cooldown);
  await saveForInteraction(ctx, () => setLimits(ctx.deps.store.db, inbox.id, { maxTickets: max.value, cooldownSeconds: cooldown.value }));
  const slowmode = slowmodeOf(ctx, guildId, inbox);
  const note =
    cooldown.value < slowmode
      ? ctx.t('inbox-settings-saved-limits-slowmode', { slowmode })
      : ctx.t('inbox-settings-saved-limits');
  await showSaved(ctx, guildId, edit, note);
}
