// /inbox topics (SPEC §11): once the admin picked the inbox, an ephemeral manager message:
// the list of topics (add, pick one, buttons or a menu), one topic (its label and emoji,
// order, removal, destination, staff, templates, limits, who may open and the log) and its
// intake form (up to 5 questions). Every control re-checks Manage Server, every change is
// checked in full and saved as one transaction, and after a change to what the inbox
// message shows its components are rebuilt (its text and images stay).
// Custom ids: `inbox-topics:<inbox id>:<action>[:t<topic id>][:q<question id>][:delegated]`.
import { DiscordAPIError } from '@discordjs/rest';
import {
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionType,
  SelectMenuDefaultValueType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIInteractionResponseCallbackData,
  type APIMessage,
  type APIMessageComponentInteraction,
  type APIModalInteractionResponseCallbackData,
  type APIModalSubmitInteraction,
  type APISelectMenuDefaultValue,
} from 'discord-api-types/v10';
import { parseTopicManagerId, parseTopicValue, TOPIC_INPUT, topicManagerId, type TopicAction, type TopicManagerId } from '../../domain/custom-ids.ts';
import { UserError } from '../../domain/errors.ts';
import { DESTINATION_NEEDS } from '../../domain/inbox-permissions.ts';
import { AUTO_ARCHIVE_MINUTES, COOLDOWN_CEILING_SECONDS, MAX_TICKETS_CEILING, parseCooldown, parseMaxTickets } from '../../domain/inbox-settings.ts';
import { parseStaffMention, SELECT_HARD_MAX, staffSelectionProblem } from '../../domain/inbox-staff.ts';
import { ANSWER_MAX, checkQuestion, MAX_QUESTIONS, PLACEHOLDER_MAX, QUESTION_LABEL_MAX, type QuestionKind, type QuestionProblem } from '../../domain/intake-form.ts';
import { channelMention, inboxLink } from '../../domain/links.ts';
import { cut, STARTER_MAX, TICKET_NAME_MAX } from '../../domain/templates.ts';
import { checkLabel, emojiText, labelMax, maxTopics, parseEmoji, styleProblem, TOPIC_ARCHIVE_CHANNEL_DEFAULT, type TopicStyle } from '../../domain/topics.ts';
import { getGuildInbox, type Inbox } from '../../store/inboxes.ts';
import {
  addQuestion,
  addTopic,
  getInboxTopic,
  getQuestion,
  getTopicRoles,
  getTopicStaff,
  getTopicStyle,
  listQuestions,
  listTopics,
  moveQuestion,
  moveTopic,
  questionCounts,
  removeQuestion,
  removeTopic,
  setTopicAutoArchive,
  setTopicDestination,
  setTopicLimits,
  setTopicLogChannel,
  setTopicLook,
  setTopicRoles,
  setTopicStaff,
  setTopicStyle,
  setTopicTemplates,
  updateQuestion,
  type StoredQuestion,
  type Topic,
} from '../../store/topics.ts';
import { assertBotPermissions } from '../bot-permissions.ts';
import type { Deps } from '../deps.ts';
import { isSnowflake } from '../payloads.ts';
import { saveForInteraction } from '../patient-write.ts';
import { ephemeral, guildActor, type InteractionContext } from '../router.ts';
import { assertUsableLogChannel, logChannelSelect, roleSelect } from './access-controls.ts';
import { assertMayStillEdit, openedByDelegate, refuseOddPayload } from './edit-guard.ts';
import { editInboxComponents, topicComponents } from './inbox-message.ts';
import { requireInbox } from './picked-inbox.ts';
import { textInputValue } from './templates.ts';

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
type Translate = InteractionContext['t'];

interface Place {
  guildId: string;
  inbox: Inbox;
  delegated: boolean;
}

const row = (...components: APIComponentInMessageActionRow[]): Row => ({ type: ComponentType.ActionRow, components });

function idFor(place: Place, action: TopicAction, topicId: string | null = null, questionId: string | null = null): string {
  return topicManagerId({ inboxId: place.inbox.id, action, topicId, questionId, delegated: place.delegated });
}

function button(custom_id: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger = ButtonStyle.Secondary, disabled = false): APIComponentInMessageActionRow {
  return { type: ComponentType.Button, style, custom_id, label, ...(disabled ? { disabled: true } : {}) };
}

// ---------------------------------------------------------------- the inbox message

/** The inbox message's components as its topics are now, labelled in the guild's language. */
export async function inboxMessageComponents(deps: Deps, guildLocale: string, inboxId: string): Promise<Row[]> {
  return topicComponents(await listTopics(deps.store.db, inboxId), await getTopicStyle(deps.store.db, inboxId), {
    button: deps.i18n.t(guildLocale, 'inbox-button'),
    placeholder: deps.i18n.t(guildLocale, 'inbox-topics-menu-placeholder'),
  });
}

/** Rebuilds the inbox message's components; a sentence for the admin when Discord refused. */
async function rebuildInboxMessage(ctx: InteractionContext, place: Place): Promise<string | null> {
  try {
    await editInboxComponents(ctx.deps, place.inbox.channelId, place.inbox.id, await inboxMessageComponents(ctx.deps, ctx.guildLocale, place.inbox.id));
    return null;
  } catch (error) {
    ctx.deps.logger.child('inbox').warn('Could not update the components of an inbox message after its topics changed', { inbox: place.inbox.id, err: error });
    const reason = error instanceof DiscordAPIError ? error.message : String(error);
    return ctx.t('inbox-topics-message-not-updated', { reason });
  }
}

// ---------------------------------------------------------------- views

function topicName(topic: Pick<Topic, 'label' | 'emoji'>): string {
  return topic.emoji === null ? topic.label : `${topic.emoji} ${topic.label}`;
}

async function listView(ctx: InteractionContext, place: Place, note: string | null): Promise<APIInteractionResponseCallbackData> {
  const t = ctx.t;
  const db = ctx.deps.store.db;
  const topics = await listTopics(db, place.inbox.id);
  const style = await getTopicStyle(db, place.inbox.id);
  const counts = await questionCounts(db, place.inbox.id);
  const lines = [t('inbox-topics-title', { inbox: inboxLink(place.guildId, place.inbox) })];
  if (topics.length === 0) lines.push(t('inbox-topics-none'));
  else {
    lines.push(t(style === 'buttons' ? 'inbox-topics-style-buttons' : 'inbox-topics-style-select', { max: maxTopics(style) }));
    topics.forEach((topic, i) => lines.push(t('inbox-topics-line', { n: i + 1, topic: topicName(topic), questions: counts.get(topic.id) ?? 0 })));
  }
  if (note !== null) lines.push('', note);
  const components: Row[] = [];
  if (topics.length > 0) {
    components.push(
      row({
        type: ComponentType.StringSelect,
        custom_id: idFor(place, 'pick'),
        placeholder: t('inbox-topics-pick-placeholder'),
        options: topics.map((topic, i) => ({ label: cut(`${i + 1}. ${topic.label}`, 100), value: topic.id })),
      }),
    );
  }
  const full = topics.length >= maxTopics(style);
  components.push(
    row(
      button(idFor(place, 'add'), t('inbox-topics-add-button'), ButtonStyle.Success, full),
      button(idFor(place, 'style'), t(style === 'buttons' ? 'inbox-topics-to-select-button' : 'inbox-topics-to-buttons-button')),
    ),
  );
  return ephemeral(lines.join('\n'), { components });
}

function roleList(ids: readonly string[]): string {
  return ids.map((id) => `<@&${id}>`).join(' ');
}

function archiveText(t: Translate, minutes: number | null): string {
  if (minutes === null) return t('inbox-topics-inherited');
  return t(minutes === TOPIC_ARCHIVE_CHANNEL_DEFAULT ? 'auto-archive-channel' : `auto-archive-${minutes}`);
}

async function topicView(ctx: InteractionContext, place: Place, topic: Topic, note: string | null): Promise<APIInteractionResponseCallbackData> {
  const t = ctx.t;
  const db = ctx.deps.store.db;
  const staff = await getTopicStaff(db, topic.id);
  const roles = await getTopicRoles(db, topic.id);
  const questions = (await listQuestions(db, topic.id)).length;
  const inherited = t('inbox-topics-inherited');
  const lines = [
    t('inbox-topics-topic-title', { topic: topicName(topic), inbox: inboxLink(place.guildId, place.inbox) }),
    t('inbox-topics-field-destination', { value: topic.destinationId === null ? inherited : channelMention(topic.destinationId) }),
    t('inbox-topics-field-staff', { value: staff.length === 0 ? inherited : staff.join(' ') }),
    t('inbox-topics-field-name', { value: topic.ticketName === null ? inherited : `\`${topic.ticketName.replace(/`/g, "'")}\`` }),
    t('inbox-topics-field-starter', { value: topic.starterContent === null ? inherited : t('inbox-topics-own') }),
    t('inbox-topics-field-max', { value: topic.maxTickets === null ? inherited : String(topic.maxTickets) }),
    t('inbox-topics-field-cooldown', { value: topic.cooldownSeconds === null ? inherited : `${topic.cooldownSeconds} s` }),
    t('inbox-topics-field-archive', { value: archiveText(t, topic.autoArchiveMinutes) }),
    t('inbox-topics-field-allowed', { value: roles.allowed.length === 0 ? inherited : roleList(roles.allowed) }),
    t('inbox-topics-field-blocked', { value: roles.blocked.length === 0 ? t('inbox-topics-blocked-inbox-only') : roleList(roles.blocked) }),
    t('inbox-topics-field-log', { value: topic.logChannelId === null ? inherited : channelMention(topic.logChannelId) }),
    t('inbox-topics-field-form', { count: questions }),
  ];
  if (note !== null) lines.push('', note);
  const staffDefaults = staff
    .map(parseStaffMention)
    .filter((s) => s !== null)
    .slice(0, SELECT_HARD_MAX)
    .map((s): APISelectMenuDefaultValue<SelectMenuDefaultValueType.Role | SelectMenuDefaultValueType.User> => ({
      id: s.id,
      type: s.kind === 'role' ? SelectMenuDefaultValueType.Role : SelectMenuDefaultValueType.User,
    }));
  const id = (action: TopicAction) => idFor(place, action, topic.id);
  return ephemeral(lines.join('\n'), {
    components: [
      row(
        button(id('look'), t('inbox-topics-look-button'), ButtonStyle.Primary),
        button(id('up'), t('inbox-topics-up-button')),
        button(id('down'), t('inbox-topics-down-button')),
        button(id('remove'), t('inbox-topics-remove-button'), ButtonStyle.Danger),
        button(idFor(place, 'list'), t('inbox-topics-back-button')),
      ),
      row({
        type: ComponentType.ChannelSelect,
        custom_id: id('destination'),
        placeholder: t('inbox-topics-destination-placeholder'),
        channel_types: [ChannelType.GuildText],
        min_values: 0,
        max_values: 1,
        default_values: topic.destinationId === null ? [] : [{ id: topic.destinationId, type: SelectMenuDefaultValueType.Channel }],
      }),
      row({
        type: ComponentType.MentionableSelect,
        custom_id: id('staff'),
        placeholder: t('inbox-topics-staff-placeholder'),
        min_values: 0,
        max_values: SELECT_HARD_MAX,
        default_values: staffDefaults,
      }),
      row(
        button(id('templates'), t('inbox-topics-templates-button')),
        button(id('limits'), t('inbox-topics-limits-button')),
        button(id('access'), t('inbox-topics-access-button')),
        button(id('form'), t('inbox-topics-form-button'), ButtonStyle.Primary),
      ),
    ],
  });
}

async function accessView(ctx: InteractionContext, place: Place, topic: Topic, note: string | null): Promise<APIInteractionResponseCallbackData> {
  const t = ctx.t;
  const roles = await getTopicRoles(ctx.deps.store.db, topic.id);
  const id = (action: TopicAction) => idFor(place, action, topic.id);
  const archiveValue = topic.autoArchiveMinutes === null ? 'inbox' : topic.autoArchiveMinutes === TOPIC_ARCHIVE_CHANNEL_DEFAULT ? 'channel' : String(topic.autoArchiveMinutes);
  const lines = [t('inbox-topics-access-title', { topic: topicName(topic) })];
  if (note !== null) lines.push('', note);
  return ephemeral(lines.join('\n'), {
    components: [
      row(roleSelect(id('allowed'), t('inbox-topics-allowed-placeholder'), roles.allowed)),
      row(roleSelect(id('blocked'), t('inbox-topics-blocked-placeholder'), roles.blocked)),
      row(logChannelSelect(id('log'), t('inbox-topics-log-placeholder'), topic.logChannelId)),
      row({
        type: ComponentType.StringSelect,
        custom_id: id('archive'),
        placeholder: t('inbox-settings-archive-placeholder'),
        options: ['inbox', 'channel', ...AUTO_ARCHIVE_MINUTES.map(String)].map((value) => ({
          label: value === 'inbox' ? t('inbox-topics-inherited') : value === 'channel' ? t('auto-archive-channel') : t(`auto-archive-${value}`),
          value,
          default: value === archiveValue,
        })),
      }),
      row(button(id('topic'), t('inbox-topics-back-button'))),
    ],
  });
}

function questionSummary(t: Translate, q: StoredQuestion, n: number): string {
  const detail =
    q.kind === 'choice'
      ? t('inbox-topics-question-choices', { count: q.choices.length })
      : t('inbox-topics-question-lengths', { min: String(q.minLength ?? 0), max: String(q.maxLength ?? ANSWER_MAX) });
  return t('inbox-topics-question-line', { n, kind: t(`inbox-topics-kind-${q.kind}`), label: q.label, required: t(q.required ? 'inbox-topics-required' : 'inbox-topics-optional'), detail });
}

async function formView(ctx: InteractionContext, place: Place, topic: Topic, note: string | null): Promise<APIInteractionResponseCallbackData> {
  const t = ctx.t;
  const questions = await listQuestions(ctx.deps.store.db, topic.id);
  const lines = [t('inbox-topics-form-title', { topic: topicName(topic), max: MAX_QUESTIONS })];
  if (questions.length === 0) lines.push(t('inbox-topics-form-empty'));
  questions.forEach((q, i) => lines.push(questionSummary(t, q, i + 1)));
  if (note !== null) lines.push('', note);
  const full = questions.length >= MAX_QUESTIONS;
  const id = (action: TopicAction) => idFor(place, action, topic.id);
  const components: Row[] = [];
  if (questions.length > 0) {
    components.push(
      row({
        type: ComponentType.StringSelect,
        custom_id: id('pick-question'),
        placeholder: t('inbox-topics-pick-question-placeholder'),
        options: questions.map((q, i) => ({ label: cut(`${i + 1}. ${q.label}`, 100), value: q.id })),
      }),
    );
  }
  components.push(
    row(
      button(id('add-short'), t('inbox-topics-add-short-button'), ButtonStyle.Success, full),
      button(id('add-paragraph'), t('inbox-topics-add-paragraph-button'), ButtonStyle.Success, full),
      button(id('add-choice'), t('inbox-topics-add-choice-button'), ButtonStyle.Success, full),
      button(id('topic'), t('inbox-topics-back-button')),
    ),
  );
  return ephemeral(lines.join('\n'), { components });
}

function questionView(ctx: InteractionContext, place: Place, topic: Topic, q: StoredQuestion, note: string | null): APIInteractionResponseCallbackData {
  const t = ctx.t;
  const lines = [questionSummary(t, q, q.position + 1)];
  if (q.placeholder !== '') lines.push(t('inbox-topics-question-placeholder-line', { placeholder: q.placeholder }));
  if (q.kind === 'choice') lines.push(...q.choices.map((c) => `- ${c}`));
  if (note !== null) lines.push('', note);
  const id = (action: TopicAction) => idFor(place, action, topic.id, q.id);
  return ephemeral(lines.join('\n'), {
    allowed_mentions: { parse: [] },
    components: [
      row(
        button(id('q-edit'), t('inbox-topics-look-button'), ButtonStyle.Primary),
        button(id('q-up'), t('inbox-topics-up-button')),
        button(id('q-down'), t('inbox-topics-down-button')),
        button(id('q-remove'), t('inbox-topics-remove-button'), ButtonStyle.Danger),
        button(idFor(place, 'form', topic.id), t('inbox-topics-back-button')),
      ),
    ],
  });
}

function confirmRemoveView(ctx: InteractionContext, place: Place, topic: Topic): APIInteractionResponseCallbackData {
  return ephemeral(ctx.t('inbox-topics-remove-confirm', { topic: topicName(topic) }), {
    components: [
      row(
        button(idFor(place, 'confirm-remove', topic.id), ctx.t('inbox-topics-remove-button'), ButtonStyle.Danger),
        button(idFor(place, 'topic', topic.id), ctx.t('inbox-topics-back-button')),
      ),
    ],
  });
}

// ---------------------------------------------------------------- modals

function textLabel(
  label: string,
  input: { id: string; style?: TextInputStyle; required: boolean; max: number; value?: string | null; placeholder?: string; min?: number },
  description?: string,
): APIModalInteractionResponseCallbackData['components'][number] {
  return {
    type: ComponentType.Label,
    label,
    ...(description ? { description } : {}),
    component: {
      type: ComponentType.TextInput,
      custom_id: input.id,
      style: input.style ?? TextInputStyle.Short,
      required: input.required,
      ...(input.min !== undefined ? { min_length: input.min } : {}),
      max_length: input.max,
      ...(input.value ? { value: input.value.slice(0, input.max) } : {}),
      ...(input.placeholder ? { placeholder: input.placeholder } : {}),
    },
  };
}

async function lookModal(ctx: InteractionContext, place: Place, topic: Topic | null): Promise<APIModalInteractionResponseCallbackData> {
  const t = ctx.t;
  const style = await getTopicStyle(ctx.deps.store.db, place.inbox.id);
  return {
    custom_id: topic === null ? idFor(place, 'add') : idFor(place, 'look', topic.id),
    title: t(topic === null ? 'inbox-topics-add-modal-title' : 'inbox-topics-look-modal-title'),
    components: [
      textLabel(t('inbox-topics-label-modal-label'), { id: TOPIC_INPUT.label, required: true, max: labelMax(style), value: topic?.label ?? null }, t('inbox-topics-label-modal-description', { max: labelMax(style) })),
      textLabel(t('inbox-topics-emoji-modal-label'), { id: TOPIC_INPUT.emoji, required: false, max: 100, value: topic?.emoji ?? null }, t('inbox-topics-emoji-modal-description')),
    ],
  };
}

function templatesModal(ctx: InteractionContext, place: Place, topic: Topic): APIModalInteractionResponseCallbackData {
  const t = ctx.t;
  return {
    custom_id: idFor(place, 'templates', topic.id),
    title: t('inbox-topics-templates-modal-title'),
    components: [
      textLabel(t('inbox-topics-name-modal-label'), { id: TOPIC_INPUT.name, required: false, max: TICKET_NAME_MAX, value: topic.ticketName }, t('inbox-topics-name-modal-description')),
      textLabel(
        t('inbox-topics-starter-modal-label'),
        { id: TOPIC_INPUT.starter, style: TextInputStyle.Paragraph, required: false, max: STARTER_MAX, value: topic.starterContent },
        t('inbox-topics-starter-modal-description'),
      ),
    ],
  };
}

function limitsModal(ctx: InteractionContext, place: Place, topic: Topic): APIModalInteractionResponseCallbackData {
  const t = ctx.t;
  const fits = (v: number | null, max: number): string | null => (v !== null && v <= max ? String(v) : null);
  return {
    custom_id: idFor(place, 'limits', topic.id),
    title: t('inbox-settings-limits-modal-title'),
    components: [
      textLabel(
        t('inbox-settings-max-tickets-modal-label'),
        { id: TOPIC_INPUT.maxTickets, required: false, max: 2, value: fits(topic.maxTickets, MAX_TICKETS_CEILING) },
        t('inbox-topics-max-tickets-modal-description', { max: MAX_TICKETS_CEILING }),
      ),
      textLabel(
        t('inbox-settings-cooldown-modal-label'),
        { id: TOPIC_INPUT.cooldown, required: false, max: 5, value: fits(topic.cooldownSeconds, COOLDOWN_CEILING_SECONDS) },
        t('inbox-topics-cooldown-modal-description', { max: COOLDOWN_CEILING_SECONDS }),
      ),
    ],
  };
}

const YES = 'yes';
const NO = 'no';

function questionModal(ctx: InteractionContext, place: Place, topic: Topic, kind: QuestionKind, q: StoredQuestion | null): APIModalInteractionResponseCallbackData {
  const t = ctx.t;
  const action: TopicAction = q !== null ? 'q-edit' : kind === 'short' ? 'add-short' : kind === 'paragraph' ? 'add-paragraph' : 'add-choice';
  const components: APIModalInteractionResponseCallbackData['components'] = [
    textLabel(t('inbox-topics-question-modal-label'), { id: TOPIC_INPUT.question, required: true, max: QUESTION_LABEL_MAX, value: q?.label ?? null }),
    textLabel(t('inbox-topics-placeholder-modal-label'), { id: TOPIC_INPUT.placeholder, required: false, max: PLACEHOLDER_MAX, value: q?.placeholder ?? null }),
    {
      type: ComponentType.Label,
      label: t('inbox-topics-required-modal-label'),
      component: {
        type: ComponentType.StringSelect,
        custom_id: TOPIC_INPUT.required,
        options: [
          { label: t('inbox-topics-required-yes'), value: YES, default: q === null || q.required },
          { label: t('inbox-topics-required-no'), value: NO, default: q !== null && !q.required },
        ],
        min_values: 1,
        max_values: 1,
      },
    },
  ];
  if (kind === 'choice') {
    components.push(
      textLabel(
        t('inbox-topics-choices-modal-label'),
        { id: TOPIC_INPUT.choices, style: TextInputStyle.Paragraph, required: true, max: 4000, value: q?.choices.join('\n') ?? null },
        t('inbox-topics-choices-modal-description'),
      ),
    );
  } else {
    components.push(
      textLabel(t('inbox-topics-min-modal-label'), { id: TOPIC_INPUT.minLength, required: false, max: 4, value: q?.minLength != null ? String(q.minLength) : null }, t('inbox-topics-length-modal-description', { max: ANSWER_MAX })),
      textLabel(t('inbox-topics-max-modal-label'), { id: TOPIC_INPUT.maxLength, required: false, max: 4, value: q?.maxLength != null ? String(q.maxLength) : null }, t('inbox-topics-length-modal-description', { max: ANSWER_MAX })),
    );
  }
  return {
    custom_id: idFor(place, action, topic.id, q?.id ?? null),
    title: t(`inbox-topics-${kind}-modal-title`),
    components,
  };
}

// ---------------------------------------------------------------- entry and routing

/** After the admin picked the inbox: the list of its topics. */
export async function showTopics(ctx: InteractionContext, picked: APIMessage): Promise<void> {
  const { guildId } = guildActor(ctx);
  const inbox = await requireInbox(ctx, guildId, picked);
  await ctx.reply.send(await listView(ctx, { guildId, inbox, delegated: openedByDelegate(ctx) }, null));
}

async function placeFor(ctx: InteractionContext, customId: string): Promise<{ place: Place; edit: TopicManagerId }> {
  const edit = parseTopicManagerId(customId);
  if (edit === null) throw new Error(`malformed topics id ${JSON.stringify(customId)}`);
  const { guildId } = guildActor(ctx);
  assertMayStillEdit(ctx, edit);
  const inbox = await getGuildInbox(ctx.deps.store.db, edit.inboxId, guildId);
  if (!inbox) throw new UserError('inbox-gone');
  return { place: { guildId, inbox, delegated: edit.delegated }, edit };
}

async function topicOf(ctx: InteractionContext, place: Place, topicId: string | null): Promise<Topic> {
  const topic = topicId === null ? null : await getInboxTopic(ctx.deps.store.db, place.inbox.id, topicId);
  if (topic === null) throw new UserError('inbox-topics-topic-gone');
  return topic;
}

async function questionOf(ctx: InteractionContext, topic: Topic, questionId: string | null): Promise<StoredQuestion> {
  const q = questionId === null ? null : await getQuestion(ctx.deps.store.db, questionId);
  if (q === null || q.topicId !== topic.id) throw new UserError('inbox-topics-question-gone');
  return q;
}

async function show(ctx: InteractionContext, view: APIInteractionResponseCallbackData): Promise<void> {
  if (!(await ctx.reply.update(view))) await ctx.reply.send(view);
}

function joinNotes(...notes: (string | null)[]): string | null {
  const kept = notes.filter((n): n is string => n !== null);
  return kept.length === 0 ? null : kept.join('\n');
}

interface ComponentData {
  custom_id: string;
  component_type: number;
  values?: unknown;
  resolved?: { roles?: Record<string, unknown>; channels?: Record<string, { type?: unknown }> };
}

function selected(ctx: InteractionContext, data: ComponentData, max: number, isValue: (v: unknown) => boolean = isSnowflake): string[] {
  const values = data.values;
  if (!Array.isArray(values) || values.length > max || !values.every(isValue) || new Set(values).size !== values.length) {
    refuseOddPayload(ctx, 'topics: values that menu cannot send');
  }
  return values as string[];
}

function expect(ctx: InteractionContext, data: ComponentData, type: ComponentType): void {
  if (data.component_type !== type) refuseOddPayload(ctx, `topics: a ${data.custom_id} control of the wrong type`);
}

/** Every button and menu of the manager. */
export async function handleInboxTopicsComponent(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.MessageComponent) throw new Error('a topics control received something other than a component');
  const data = (interaction as APIMessageComponentInteraction).data as ComponentData;
  const { place, edit } = await placeFor(ctx, data.custom_id);
  const db = ctx.deps.store.db;
  const t = ctx.t;
  switch (edit.action) {
    case 'list':
      return show(ctx, await listView(ctx, place, null));
    case 'pick': {
      expect(ctx, data, ComponentType.StringSelect);
      const [topicId] = selected(ctx, data, 1, (v) => parseTopicValue(v) !== null);
      return show(ctx, await topicView(ctx, place, await topicOf(ctx, place, topicId ?? null), null));
    }
    case 'add':
      expect(ctx, data, ComponentType.Button);
      return ctx.reply.modal(await lookModal(ctx, place, null));
    case 'style': {
      expect(ctx, data, ComponentType.Button);
      const next: TopicStyle = await getTopicStyle(db, place.inbox.id) === 'buttons' ? 'select' : 'buttons';
      const found: { problem: ReturnType<typeof styleProblem> } = { problem: null };
      const result = await saveForInteraction(ctx, () =>
        setTopicStyle(db, place.inbox.id, next, (labels) => {
          found.problem = styleProblem(next, labels);
          return found.problem === null ? 'saved' : found.problem.problem === 'too-many' ? 'too-many' : 'label-too-long';
        }),
      );
      const p = found.problem;
      if (result !== 'saved' && p !== null) {
        throw p.problem === 'too-many' ? new UserError('inbox-topics-too-many-for-buttons', { max: p.max }) : new UserError('inbox-topics-label-too-long-for-buttons', { label: p.label, max: p.max });
      }
      const failed = await rebuildInboxMessage(ctx, place);
      return show(ctx, await listView(ctx, place, joinNotes(t(next === 'buttons' ? 'inbox-topics-saved-buttons' : 'inbox-topics-saved-select'), failed)));
    }
    default:
      break;
  }
  const topic = await topicOf(ctx, place, edit.topicId);
  switch (edit.action) {
    case 'topic':
      return show(ctx, await topicView(ctx, place, topic, null));
    case 'look':
      return ctx.reply.modal(await lookModal(ctx, place, topic));
    case 'up':
    case 'down': {
      const moved = await saveForInteraction(ctx, () => moveTopic(db, topic.id, edit.action === 'up' ? -1 : 1));
      const failed = moved ? await rebuildInboxMessage(ctx, place) : null;
      return show(ctx, await topicView(ctx, place, await topicOf(ctx, place, topic.id), joinNotes(t(moved ? 'inbox-topics-saved-order' : 'inbox-topics-order-unchanged'), failed)));
    }
    case 'remove':
      return show(ctx, confirmRemoveView(ctx, place, topic));
    case 'confirm-remove': {
      await saveForInteraction(ctx, () => removeTopic(db, topic.id));
      const failed = await rebuildInboxMessage(ctx, place);
      return show(ctx, await listView(ctx, place, joinNotes(t('inbox-topics-saved-removed', { topic: topicName(topic) }), failed)));
    }
    case 'destination': {
      expect(ctx, data, ComponentType.ChannelSelect);
      const [channelId] = selected(ctx, data, 1);
      if (channelId === undefined) {
        await saveForInteraction(ctx, () => setTopicDestination(db, topic.id, null, place.guildId));
        return show(ctx, await topicView(ctx, place, await topicOf(ctx, place, topic.id), t('inbox-topics-saved-destination-inbox')));
      }
      const type = data.resolved?.channels?.[channelId]?.type ?? ctx.deps.state.guilds.get(place.guildId)?.channels.get(channelId)?.type;
      if (type !== ChannelType.GuildText) refuseOddPayload(ctx, 'topics: a destination that is not a text channel');
      // Tickets the bot could not open there would fail on every click: refused, naming what is missing.
      assertBotPermissions(ctx, place.guildId, [{ channelId, required: [...DESTINATION_NEEDS] }]);
      await saveForInteraction(ctx, () => setTopicDestination(db, topic.id, channelId, place.guildId));
      return show(ctx, await topicView(ctx, place, await topicOf(ctx, place, topic.id), t('inbox-topics-saved-destination', { channel: channelMention(channelId) })));
    }
    case 'staff': {
      expect(ctx, data, ComponentType.MentionableSelect);
      const problem = staffSelectionProblem(data.values, SELECT_HARD_MAX);
      if (problem !== null) refuseOddPayload(ctx, `topics staff menu: ${problem}`);
      const roles = data.resolved?.roles ?? {};
      const mentions = (data.values as string[]).map((id) => (id in roles ? `<@&${id}>` : `<@${id}>`));
      await saveForInteraction(ctx, () => setTopicStaff(db, topic.id, mentions));
      return show(ctx, await topicView(ctx, place, await topicOf(ctx, place, topic.id), t(mentions.length === 0 ? 'inbox-topics-saved-staff-inbox' : 'inbox-topics-saved-staff')));
    }
    case 'templates':
      return ctx.reply.modal(templatesModal(ctx, place, topic));
    case 'limits':
      return ctx.reply.modal(limitsModal(ctx, place, topic));
    case 'access':
      return show(ctx, await accessView(ctx, place, topic, null));
    case 'allowed':
    case 'blocked': {
      expect(ctx, data, ComponentType.RoleSelect);
      const ids = selected(ctx, data, SELECT_HARD_MAX);
      await saveForInteraction(ctx, () => setTopicRoles(db, topic.id, edit.action as 'allowed' | 'blocked', ids));
      return show(ctx, await accessView(ctx, place, topic, t(edit.action === 'allowed' ? 'inbox-settings-saved-allowed' : 'inbox-settings-saved-blocked')));
    }
    case 'log': {
      expect(ctx, data, ComponentType.ChannelSelect);
      const [channelId] = selected(ctx, data, 1);
      if (channelId === undefined) {
        await saveForInteraction(ctx, () => setTopicLogChannel(db, topic.id, null, place.guildId));
        return show(ctx, await accessView(ctx, place, await topicOf(ctx, place, topic.id), t('inbox-topics-saved-log-inbox')));
      }
      assertUsableLogChannel(ctx, place.guildId, channelId, data.resolved?.channels?.[channelId]?.type, 'topics');
      await saveForInteraction(ctx, () => setTopicLogChannel(db, topic.id, channelId, place.guildId));
      return show(ctx, await accessView(ctx, place, await topicOf(ctx, place, topic.id), t('inbox-settings-saved-log', { channel: channelMention(channelId) })));
    }
    case 'archive': {
      expect(ctx, data, ComponentType.StringSelect);
      const [value] = selected(ctx, data, 1, (v) => v === 'inbox' || v === 'channel' || AUTO_ARCHIVE_MINUTES.map(String).includes(v as string));
      const minutes = value === undefined || value === 'inbox' ? null : value === 'channel' ? TOPIC_ARCHIVE_CHANNEL_DEFAULT : Number(value);
      await saveForInteraction(ctx, () => setTopicAutoArchive(db, topic.id, minutes));
      return show(ctx, await accessView(ctx, place, await topicOf(ctx, place, topic.id), t('inbox-topics-saved-archive', { duration: archiveText(t, minutes) })));
    }
    case 'form':
      return show(ctx, await formView(ctx, place, topic, null));
    case 'add-short':
    case 'add-paragraph':
    case 'add-choice': {
      if ((await listQuestions(db, topic.id)).length >= MAX_QUESTIONS) throw new UserError('inbox-topics-form-full', { max: MAX_QUESTIONS });
      const kind: QuestionKind = edit.action === 'add-short' ? 'short' : edit.action === 'add-paragraph' ? 'paragraph' : 'choice';
      return ctx.reply.modal(questionModal(ctx, place, topic, kind, null));
    }
    case 'pick-question': {
      expect(ctx, data, ComponentType.StringSelect);
      const [questionId] = selected(ctx, data, 1, (v) => parseTopicValue(v) !== null);
      return show(ctx, questionView(ctx, place, topic, await questionOf(ctx, topic, questionId ?? null), null));
    }
    case 'question':
      return show(ctx, questionView(ctx, place, topic, await questionOf(ctx, topic, edit.questionId), null));
    case 'q-edit': {
      const q = await questionOf(ctx, topic, edit.questionId);
      return ctx.reply.modal(questionModal(ctx, place, topic, q.kind, q));
    }
    case 'q-up':
    case 'q-down': {
      const q = await questionOf(ctx, topic, edit.questionId);
      const moved = await saveForInteraction(ctx, () => moveQuestion(db, q.id, edit.action === 'q-up' ? -1 : 1));
      return show(ctx, questionView(ctx, place, topic, await questionOf(ctx, topic, q.id), t(moved ? 'inbox-topics-saved-order' : 'inbox-topics-order-unchanged')));
    }
    case 'q-remove': {
      const q = await questionOf(ctx, topic, edit.questionId);
      await saveForInteraction(ctx, () => removeQuestion(db, q.id));
      return show(ctx, await formView(ctx, place, topic, t('inbox-topics-saved-question-removed', { question: q.label })));
    }
    default:
      refuseOddPayload(ctx, `topics: ${edit.action} is not a control`);
  }
}

type Submitted = Parameters<typeof textInputValue>[0];

/** A string select's values in a submitted modal (inside a Label), or null. */
function selectValues(components: unknown, customId: string): string[] | null {
  if (!Array.isArray(components)) return null;
  for (const top of components as unknown[]) {
    const child = (top as { component?: { custom_id?: unknown; values?: unknown } } | null)?.component;
    if (child?.custom_id === customId && Array.isArray(child.values)) return child.values.filter((v): v is string => typeof v === 'string');
  }
  return null;
}

function questionProblem(ctx: InteractionContext, problem: QuestionProblem): never {
  const args: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(problem)) if (k !== 'problem' && (typeof v === 'string' || typeof v === 'number')) args[k] = v;
  throw new UserError(`inbox-topics-question-${problem.problem}`, args);
}

/** Every form of the manager, submitted. */
export async function handleInboxTopicsModal(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.ModalSubmit) throw new Error('a topics form received something other than a modal submission');
  const data = (interaction as APIModalSubmitInteraction).data;
  const { place, edit } = await placeFor(ctx, data.custom_id);
  const db = ctx.deps.store.db;
  const t = ctx.t;
  const submitted: unknown = data.components;
  const read = (id: string): string => {
    const value = Array.isArray(submitted) ? textInputValue(submitted as Submitted, id) : null;
    if (value === null) refuseOddPayload(ctx, `topics form without its ${id} input`);
    return value;
  };
  switch (edit.action) {
    case 'add':
    case 'look': {
      const style = await getTopicStyle(db, place.inbox.id);
      const label = checkLabel(read(TOPIC_INPUT.label), style);
      if (!label.ok) throw new UserError(label.problem === 'empty' ? 'inbox-topics-label-empty' : 'inbox-topics-label-too-long', { max: label.max });
      const emoji = parseEmoji(read(TOPIC_INPUT.emoji));
      if (emoji === undefined) throw new UserError('inbox-topics-emoji-invalid');
      const look = { label: label.label, emoji: emoji === null ? null : emojiText(emoji) };
      let topic: Topic;
      let note: string;
      if (edit.action === 'add') {
        const result = await saveForInteraction(ctx, () => addTopic(db, place.inbox.id, look, { label: ctx.deps.i18n.t(ctx.guildLocale, 'inbox-button') }));
        if (result.kind === 'no-inbox') throw new UserError('inbox-gone');
        if (result.kind === 'full') throw new UserError('inbox-topics-full', { max: result.max });
        topic = result.topic;
        note = t('inbox-topics-saved-added', { topic: topicName(topic) });
      } else {
        const current = await topicOf(ctx, place, edit.topicId);
        await saveForInteraction(ctx, () => setTopicLook(db, current.id, look));
        topic = await topicOf(ctx, place, current.id);
        note = t('inbox-topics-saved-look');
      }
      const failed = await rebuildInboxMessage(ctx, place);
      return show(ctx, await topicView(ctx, place, topic, joinNotes(note, failed)));
    }
    default:
      break;
  }
  const topic = await topicOf(ctx, place, edit.topicId);
  switch (edit.action) {
    case 'templates': {
      const name = read(TOPIC_INPUT.name).trim();
      const starter = read(TOPIC_INPUT.starter);
      if (name.length > TICKET_NAME_MAX || starter.length > STARTER_MAX) refuseOddPayload(ctx, 'topics: a template longer than its input allows');
      await saveForInteraction(ctx, () => setTopicTemplates(db, topic.id, { name: name === '' ? null : name, starter: starter.trim() === '' ? null : starter }));
      return show(ctx, await topicView(ctx, place, await topicOf(ctx, place, topic.id), t('inbox-topics-saved-templates')));
    }
    case 'limits': {
      const parse = (text: string, parser: typeof parseMaxTickets, field: string): number | null => {
        if (text.trim() === '') return null;
        const parsed = parser(text);
        if (!parsed.ok) throw new UserError('inbox-settings-invalid-number', { field: t(field), min: parsed.min, max: parsed.max });
        return parsed.value;
      };
      const maxTickets = parse(read(TOPIC_INPUT.maxTickets), parseMaxTickets, 'inbox-settings-max-tickets-modal-label');
      const cooldownSeconds = parse(read(TOPIC_INPUT.cooldown), parseCooldown, 'inbox-settings-cooldown-modal-label');
      await saveForInteraction(ctx, () => setTopicLimits(db, topic.id, { maxTickets, cooldownSeconds }));
      return show(ctx, await topicView(ctx, place, await topicOf(ctx, place, topic.id), t('inbox-settings-saved-limits')));
    }
    case 'add-short':
    case 'add-paragraph':
    case 'add-choice':
    case 'q-edit': {
      const existing = edit.action === 'q-edit' ? await questionOf(ctx, topic, edit.questionId) : null;
      const kind: QuestionKind = existing?.kind ?? (edit.action === 'add-short' ? 'short' : edit.action === 'add-paragraph' ? 'paragraph' : 'choice');
      const required = selectValues(submitted, TOPIC_INPUT.required);
      if (required === null || required.length !== 1 || (required[0] !== YES && required[0] !== NO)) refuseOddPayload(ctx, 'topics: a question form without its required menu');
      const checked = checkQuestion({
        kind,
        label: read(TOPIC_INPUT.question),
        placeholder: read(TOPIC_INPUT.placeholder),
        required: required[0] === YES,
        minLength: kind === 'choice' ? '' : read(TOPIC_INPUT.minLength),
        maxLength: kind === 'choice' ? '' : read(TOPIC_INPUT.maxLength),
        choices: kind === 'choice' ? read(TOPIC_INPUT.choices) : '',
      });
      if (!checked.ok) questionProblem(ctx, checked.error);
      if (existing !== null) {
        const saved = await saveForInteraction(ctx, () => updateQuestion(db, existing.id, checked.question));
        if (!saved) throw new UserError('inbox-topics-question-gone');
        return show(ctx, questionView(ctx, place, topic, await questionOf(ctx, topic, existing.id), t('inbox-topics-saved-question')));
      }
      const result = await saveForInteraction(ctx, () => addQuestion(db, topic.id, checked.question));
      if (result.kind === 'no-topic') throw new UserError('inbox-topics-topic-gone');
      if (result.kind === 'full') throw new UserError('inbox-topics-form-full', { max: result.max });
      return show(ctx, await formView(ctx, place, topic, t('inbox-topics-saved-question-added', { question: result.question.label })));
    }
    default:
      refuseOddPayload(ctx, `topics: a form for ${edit.action}`);
  }
}
