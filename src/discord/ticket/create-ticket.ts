// The Create Ticket button (custom id `create-ticket`, as in the original). The rules are
// pure functions (roles, limit, cooldown, name and starter templates); this file puts
// them in order and talks to Discord:
//   inbox → allowed and blocked roles → member may see the destination → limit → cooldown
//   → "creating…" → counter and name → private thread → ticket row → starter message (the
//   ticket card) → "your ticket is ready" → a line in the inbox's log channel.
// A member's clicks on one inbox are handled one at a time, so only one of two
// simultaneous clicks passes the limit and the cooldown. The create-thread request is
// sent once per click: after a 5xx or no answer the guild's active threads are searched
// for it first, and only a definite 5xx with no thread found is tried once more. When
// even that search fails, the click counts against the limit and is looked for again
// while running (./unresolved.ts). Nothing that asks Discord runs before the first answer.
// Topics (SPEC §11): `create-ticket:<topic id>` and the menu `create-ticket-select` run the
// same path with the topic's settings (domain/topics.ts effectiveSettings); a topic with
// a form answers with it after the checks, and its submit (`create-ticket-form:<topic
// id>`) checks again, opens the ticket and posts the answers right after the card.
import {
  ChannelType,
  ComponentType,
  InteractionType,
  Routes,
  TextInputStyle,
  type APIInteractionResponseCallbackData,
  type APIModalInteractionResponseCallbackData,
  type APIModalSubmitInteraction,
  type APIThreadChannel,
  type RESTPostAPIChannelThreadsJSONBody,
} from 'discord-api-types/v10';
import { cooldownSeconds } from '../../domain/cooldown.ts';
import { answerInputId, parseCreateTicketId, parseTicketFormId, parseTopicValue, ticketFormId } from '../../domain/custom-ids.ts';
import { answerMessages, readAnswers, type Answer, type SubmittedAnswer } from '../../domain/intake-form.ts';
import { effectiveRoles, effectiveSettings, ticketParent, type EffectiveSettings } from '../../domain/topics.ts';
import { UserError } from '../../domain/errors.ts';
import { roleVerdict, sendableAutoArchive } from '../../domain/inbox-settings.ts';
import { channelLink, channelMention } from '../../domain/links.ts';
import { channelPermissions, isTimedOut, missingPermissions, Permission, type PermissionName } from '../../domain/permissions.ts';
import { cut, ticketName } from '../../domain/templates.ts';
import { isActiveTicket, limitReached, newestId } from '../../domain/tickets.ts';
import { deleteChannels } from '../../store/guilds.ts';
import { getGuildInbox, getInboxRoles, type Inbox } from '../../store/inboxes.ts';
import { getInboxTopic, getTopic, getTopicRoles, listQuestions, type StoredQuestion, type Topic } from '../../store/topics.ts';
import { addPending, completeTicket, deletePending, ticketsOf, unresolvedClicks, type PendingTicket } from '../../store/tickets.ts';
import { whenWritable, writeFault } from '../../store/write.ts';
import type { Deps } from '../deps.ts';
import { ephemeral, type InteractionContext } from '../router.ts';
import { NotConfirmed, OutcomeUnknown, postOnce } from '../rest-policy.ts';
import { findThreadFor, isForbidden, isThreadMember, postStarter } from './actions.ts';
import { logTicketEvent } from './log-channel.ts';
import { lookAgainLater, resolveClick } from './unresolved.ts';

export { CREATE_TICKET_ID, CREATE_TICKET_FORM_PREFIX, CREATE_TICKET_SELECT_ID } from '../../domain/custom-ids.ts';

/** A modal's title. */
const MODAL_TITLE_MAX = 45;

/** What the bot needs where the thread is created. */
const THREAD_PERMISSIONS: readonly PermissionName[] = ['ViewChannel', 'CreatePrivateThreads', 'SendMessagesInThreads'];

interface Click {
  guildId: string;
  inbox: Inbox;
  /** The topic clicked (SPEC §11); null for the inbox itself. */
  topic: Topic | null;
  /** What this click goes by: the topic's overrides, else the inbox's values. */
  settings: EffectiveSettings;
  ownerId: string;
  /** Server nickname, else global display name, else username. */
  displayName: string;
  username: string;
  /** Where the thread goes: the destination, or the inbox's channel when none or gone. */
  parentId: string;
  /** One member's clicks on one inbox run one at a time. */
  lockKey: string;
  /** Whose clicks share a cooldown: the member's on the inbox, or on the topic when it sets its own. */
  cooldownKey: string;
}

function readClick(ctx: InteractionContext, inboxId: string, topicId: string | null): Click {
  const { deps, actor } = ctx;
  const guildId = actor.guildId;
  if (guildId === null) throw new UserError('ticket-inbox-unknown');
  const inbox = getGuildInbox(deps.store.db, inboxId, guildId);
  if (!inbox) throw new UserError('ticket-inbox-unknown');
  // The inbox itself reads nothing more: a click without a topic costs what it always did.
  const topic = topicId === null ? null : getInboxTopic(deps.store.db, inbox.id, topicId);
  if (topicId !== null && topic === null) throw new UserError('ticket-topic-gone');
  const settings = effectiveSettings(inbox, topic);
  const guild = deps.state.guilds.get(guildId);
  const lockKey = `${inbox.id}:${actor.userId}`;
  return {
    guildId,
    inbox,
    topic,
    settings,
    ownerId: actor.userId,
    displayName: actor.displayName,
    username: actor.username,
    parentId: ticketParent(settings.parents, guild ? (id) => guild.channels.has(id) : null),
    lockKey,
    cooldownKey: settings.cooldownScope === 'topic' && topic !== null ? `${inbox.id}:${topic.id}:${actor.userId}` : lockKey,
  };
}

/** SPEC §10: a blocked role never opens tickets; when the inbox (or the topic) names allowed roles, one of them is needed. */
function checkRoles(ctx: InteractionContext, click: Click): void {
  const db = ctx.deps.store.db;
  const inboxRoles = getInboxRoles(db, click.inbox.id);
  const roles = click.topic === null ? inboxRoles : effectiveRoles(inboxRoles, getTopicRoles(db, click.topic.id));
  const verdict = roleVerdict(ctx.actor.roles, click.guildId, roles);
  if (verdict === 'blocked') throw new UserError('ticket-role-blocked');
  if (verdict === 'not-allowed') throw new UserError('ticket-role-not-allowed');
}

/**
 * Whether the member could use a ticket there: a private thread can only be seen with View
 * Channel on its parent, and a timed-out member keeps nothing but View Channel and Read
 * Message History, so could not write in it. Read from the bot's state (the member's roles
 * from the interaction, the channel's overwrites); skipped when the state does not know
 * the channel (Discord will say what is wrong). In the interaction's own channel Discord
 * computed the member's permissions already.
 */
function checkMember(ctx: InteractionContext, click: Click): void {
  const { deps, actor } = ctx;
  const guild = deps.state.guilds.get(click.guildId);
  const channel = guild?.channels.get(click.parentId);
  if (!guild || !channel) return;
  const timedOut = isTimedOut(actor.timeoutUntil, deps.tickets.clock());
  const perms =
    actor.permissions !== null && click.parentId === ctx.interaction.channel_id && !timedOut
      ? actor.permissions
      : channelPermissions(guild, { userId: actor.userId, roleIds: actor.roles, timedOut }, channel.overwrites);
  if ((perms & Permission.ViewChannel) === 0n) {
    deps.logger
      .child('tickets')
      .warn(`<@${actor.userId}> cannot view channel ${click.parentId}, where inbox ${click.inbox.id} opens its tickets, so no ticket was opened for them. Let them view it (they need View Channel there, and Send Messages in Threads to write).`);
    throw new UserError('ticket-member-cannot-view', { channel: channelMention(click.parentId) });
  }
  if (timedOut && (perms & Permission.SendMessagesInThreads) === 0n) {
    throw new UserError('ticket-member-timed-out', { until: `<t:${Math.ceil(actor.timeoutUntil! / 1000)}:R>` });
  }
}

/**
 * SPEC §7 step 2: the member's open tickets from this inbox, and whether they reach the
 * limit. A click of theirs whose thread may exist (Discord did not confirm it and the look
 * failed) counts too, until a look tells. Whatever needs Discord (looking for such a
 * thread, checking that the member is still in their tickets) comes after the first
 * answer: Discord gives that 3 s, and these requests go through the bot's shared,
 * globally limited client.
 */
async function checkLimit(ctx: InteractionContext, click: Click, mayAsk = true): Promise<void> {
  const { deps } = ctx;
  const max = click.settings.maxTickets;
  if (max <= 0) return;
  const db = deps.store.db;
  const runtime = deps.tickets;
  const threads = deps.state.guilds.get(click.guildId)?.threads;
  // A topic with a limit of its own counts only its own tickets.
  const topicId = click.settings.limitScope === 'topic' ? click.topic!.id : null;
  const counted = (t: { topicId: string | null }): boolean => topicId === null || t.topicId === topicId;
  const openTickets = () => ticketsOf(db, click.inbox.id, click.ownerId).filter((t) => counted(t) && isActiveTicket(threads?.get(t.id), t.archived));
  // A click this process is still opening is not one (the cooldown holds its member back).
  const unresolved = unresolvedClicks(db, click.inbox.id, click.ownerId).filter((p) => counted(p) && (!runtime.livePending.has(p.id) || runtime.awaitingLook.has(p.id)));
  let open = openTickets();
  if (!limitReached(open.length + unresolved.length, max)) return;
  const checkMembers = deps.config.current.bot.intents.members;
  if (!mayAsk) {
    // Before a form: nothing may ask Discord (the form must open within 3 s), so the
    // member's open tickets count as the bot knows them; the submit checks again.
    const newest = newestId(open.map((t) => t.id));
    if (open.length >= max && newest !== null) throw new UserError('ticket-limit-reached', { link: channelLink(click.guildId, newest) });
    throw new UserError('ticket-still-checking');
  }
  if (unresolved.length > 0 || (checkMembers && open.length > 0)) {
    if (!ctx.reply.responded) await ctx.reply.defer(true);
    let unknown = 0;
    for (const pending of unresolved) {
      try {
        await resolveClick(deps, pending.id);
      } catch (error) {
        unknown++;
        deps.logger.child('tickets').warn(`Still cannot tell whether a ticket thread was created for click ${pending.id}`, { err: error });
      }
    }
    if (unresolved.length > 0) open = openTickets();
    if (checkMembers) {
      // A ticket counts only while its owner is still in it (leaving normally archives it
      // at once; this covers an archive that failed). When Discord cannot say, it counts.
      const stillIn = await Promise.all(open.map((t) => isThreadMember(deps, t.id, click.ownerId).catch(() => true)));
      open = open.filter((_, i) => stillIn[i]);
    }
    if (!limitReached(open.length + unknown, max)) return;
    if (open.length < max) throw new UserError('ticket-still-checking');
  }
  const newest = newestId(open.map((t) => t.id))!;
  throw new UserError('ticket-limit-reached', { link: channelLink(click.guildId, newest) });
}

/** The cooldown left for this click, in seconds (0: none). */
function cooldownLeft(ctx: InteractionContext, click: Click): number {
  const slowmode = ctx.deps.state.guilds.get(click.guildId)?.channels.get(click.inbox.channelId)?.rateLimitPerUser ?? 0;
  return ctx.deps.tickets.cooldowns.remaining(click.cooldownKey, cooldownSeconds(slowmode, click.settings.cooldownSeconds));
}

/** Everything a click must pass before a ticket opens; with `mayAsk` false nothing asks Discord. */
async function checkClick(ctx: InteractionContext, click: Click, mayAsk: boolean): Promise<void> {
  checkRoles(ctx, click);
  checkMember(ctx, click);
  await checkLimit(ctx, click, mayAsk);
  const seconds = cooldownLeft(ctx, click);
  if (seconds > 0) throw new UserError('ticket-cooldown', { seconds });
  const perms = ctx.deps.state.botPermissions(click.guildId, click.parentId);
  if (perms !== null && missingPermissions(perms, THREAD_PERMISSIONS).length > 0) throw new UserError('ticket-missing-permissions');
}

/** The Create Ticket button: the inbox itself (`create-ticket`) or one of its topics (`create-ticket:<topic id>`). */
export async function handleCreateTicket(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.MessageComponent) throw new Error('create-ticket received something other than a button click');
  const parsed = parseCreateTicketId(interaction.data.custom_id);
  if (parsed === undefined) throw new UserError('interaction-invalid');
  await startTicket(ctx, readClick(ctx, interaction.message.id, parsed.topicId));
}

/** The inbox message's menu of topics: its one value is the topic's id. */
export async function handleCreateTicketSelect(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.MessageComponent) throw new Error('create-ticket-select received something other than a select');
  const values = (interaction.data as { values?: unknown }).values;
  const topicId = Array.isArray(values) && values.length === 1 ? parseTopicValue(values[0]) : null;
  if (topicId === null) throw new UserError('interaction-invalid');
  await startTicket(ctx, readClick(ctx, interaction.message.id, topicId));
}

/** A click on the inbox or a topic: the topic's form when it has one, else the ticket straight away. */
async function startTicket(ctx: InteractionContext, click: Click): Promise<void> {
  const questions = click.topic === null ? [] : listQuestions(ctx.deps.store.db, click.topic.id);
  if (questions.length === 0) return openFor(ctx, click, null);
  // The checks come first, from what the bot knows (no request before the form).
  await checkClick(ctx, click, false);
  await ctx.reply.modal(intakeModal(click.topic!, questions));
}

/** The intake form, submitted: the answers checked against the form as it is now, every rule checked again, then the ticket. */
export async function handleCreateTicketForm(ctx: InteractionContext): Promise<void> {
  const interaction = ctx.interaction;
  if (interaction.type !== InteractionType.ModalSubmit) throw new Error('the intake form received something other than a modal submission');
  const data = (interaction as APIModalSubmitInteraction).data;
  const topicId = parseTicketFormId(data.custom_id);
  const topic = topicId === null ? null : getTopic(ctx.deps.store.db, topicId);
  if (topic === null) throw new UserError('ticket-topic-gone');
  const click = readClick(ctx, topic.inboxId, topic.id);
  const questions = listQuestions(ctx.deps.store.db, topic.id);
  const answers = readAnswers(
    questions.map((q) => ({ ...q, key: answerInputId(q.id) })),
    submittedAnswers(data.components as unknown),
  );
  if (answers === undefined) throw new UserError('ticket-form-changed');
  await openFor(ctx, click, answers);
}

async function openFor(ctx: InteractionContext, click: Click, answers: Answer[] | null): Promise<void> {
  const { deps } = ctx;
  const runtime = deps.tickets;
  const key = click.lockKey;

  // An earlier click of theirs may be asking Discord something: answer this one first.
  if (runtime.clicks.isBusy(key)) await ctx.reply.defer(true);
  const startedAt = await runtime.clicks.run(key, async () => {
    await checkClick(ctx, click, true);
    return runtime.cooldowns.start(click.cooldownKey);
  });

  let opened: Opened;
  try {
    await ctx.reply.send(ephemeral(ctx.t('ticket-creating')));
    opened = await openTicket(deps, ctx.guildLocale, click, answers);
  } catch (error) {
    opened = notCreated(error);
  }
  await answer(ctx, click, opened, () => runtime.cooldowns.release(click.cooldownKey, startedAt));
}

/** What came of a click once it got past the checks. */
type Opened =
  /** answersLost: the form's answers could not be posted (the member is asked to write them). */
  | { kind: 'created'; threadId: string; answersLost?: boolean }
  | { kind: 'not-created'; why: NotCreated; error: unknown }
  /** Creating the thread failed and looking for it failed too; the click's row stays until a look tells. */
  | { kind: 'unknown'; pendingId: number; error: OutcomeUnknown };

/** Discord refused (403), did not confirm the thread, the database refused a write, or anything else. */
type NotCreated = 'forbidden' | 'not-confirmed' | 'database' | 'error';

function notCreated(error: unknown): Opened {
  const why: NotCreated = isForbidden(error)
    ? 'forbidden'
    : error instanceof NotConfirmed
      ? 'not-confirmed'
      : writeFault(error) !== null && error instanceof Error
        ? 'database'
        : 'error';
  return { kind: 'not-created', why, error };
}

/** The one place an outcome becomes the member's answer and decides whether the cooldown stands. */
async function answer(ctx: InteractionContext, click: Click, opened: Opened, releaseCooldown: () => void): Promise<void> {
  switch (opened.kind) {
    case 'created': {
      const ready = ctx.t('ticket-ready', { link: channelLink(click.guildId, opened.threadId) });
      await tellReady(ctx, ephemeral(opened.answersLost ? `${ready}\n${ctx.t('ticket-form-answers-lost')}` : ready));
      logOpened(ctx, click, opened.threadId);
      return;
    }
    case 'unknown': {
      // A thread may exist after all: the click counts against the limit and the cooldown
      // stands until a look tells; the answer turns into the link (or an invitation to try
      // again) once the bot knows.
      const log = ctx.deps.logger.child('tickets');
      log.warn(`Could not tell whether a ticket thread was created for <@${click.ownerId}>; looking again while running`, { err: opened.error });
      await ctx.reply.send(ephemeral(ctx.t('ticket-outcome-unknown'))).catch((error: unknown) => log.warn('Could not tell a member to wait for their ticket', { err: error }));
      lookAgainLater(ctx.deps, opened.pendingId, (threadId) => {
        if (threadId !== null) {
          void tellReady(ctx, ephemeral(ctx.t('ticket-ready', { link: channelLink(click.guildId, threadId) }))).then(() => logOpened(ctx, click, threadId));
          return;
        }
        releaseCooldown();
        ctx.reply.send(ephemeral(ctx.t('ticket-create-failed'))).catch((error: unknown) => log.warn('Could not tell a member that their ticket was not opened', { err: error }));
      });
      return;
    }
    case 'not-created':
      // No ticket came of this click: the member may try again straight away.
      releaseCooldown();
      switch (opened.why) {
        case 'forbidden':
          throw new UserError('ticket-missing-permissions');
        case 'not-confirmed':
          throw new UserError('ticket-create-failed');
        case 'database':
          // The store's message says what is wrong (locked, read-only, full) and what to check.
          ctx.deps.logger.child('tickets').error(`Could not open a ticket: ${(opened.error as Error).message}`);
          throw new UserError('ticket-database-unavailable');
        case 'error':
          throw opened.error;
      }
  }
}

/** The inbox's log channel hears of the new ticket once the member has their link. */
function logOpened(ctx: InteractionContext, click: Click, threadId: string): void {
  void logTicketEvent(ctx.deps, click.guildId, click.settings.logChannelId, { kind: 'opened', ticketId: threadId, by: click.ownerId });
}

/**
 * The ticket exists, so failing to say so must not end in an error message (the router
 * would write one over a link the member may already see: the edit can fail after Discord
 * applied it). One more try after a pause; after that the starter's ping is the member's news.
 */
async function tellReady(ctx: InteractionContext, ready: APIInteractionResponseCallbackData): Promise<void> {
  const log = ctx.deps.logger.child('tickets');
  try {
    await ctx.reply.send(ready);
  } catch (error) {
    log.warn('Could not tell a member that their ticket is ready; trying once more', { err: error });
    await new Promise((resolve) => setTimeout(resolve, ctx.deps.tickets.recheckDelayMs));
    await ctx.reply.send(ready).catch((again: unknown) => log.warn('Could not tell a member that their ticket is ready', { err: again }));
  }
}

/** Steps 5–8: the click's row, the thread, the ticket row, the starter message. */
async function openTicket(deps: Deps, guildLocale: string, click: Click, answers: Answer[] | null): Promise<Opened> {
  const db = deps.store.db;
  const runtime = deps.tickets;
  const at = runtime.clock();
  let pending: PendingTicket;
  try {
    pending = await whenWritable(
      db,
      () =>
        addPending(db, {
          inboxId: click.inbox.id,
          ownerId: click.ownerId,
          guildId: click.guildId,
          parentId: click.parentId,
          createdAt: at,
          topicId: click.topic?.id ?? null,
          name: (counter) =>
            ticketName(click.settings.ticketName, { at, author: click.displayName, counter, topic: click.topic?.label ?? deps.i18n.t(guildLocale, 'inbox-button') }),
        }),
      { onLocked: () => logLocked(deps) },
    );
  } catch (error) {
    return notCreated(error);
  }
  runtime.livePending.add(pending.id);
  let threadId: string | null = null;
  try {
    const reason = deps.i18n.t(guildLocale, 'ticket-audit-created', { user: click.username });
    const autoArchive = sendableAutoArchive(click.settings.autoArchiveMinutes);
    const made = await runtime.parents.run(click.parentId, () => recordThread(deps, guildLocale, click.guildId, pending, reason, autoArchive));
    if (made.kind !== 'created') return made;
    threadId = made.threadId;
    try {
      await postStarter(deps, { guildId: click.guildId, threadId, ownerId: click.ownerId, inboxId: click.inbox.id, topicId: click.topic?.id ?? null });
    } catch (error) {
      await abandon(deps, guildLocale, threadId);
      return notCreated(error);
    }
    if (answers !== null && click.topic !== null && !(await postAnswers(deps, guildLocale, threadId, click.topic.label, answers))) {
      return { ...made, answersLost: true };
    }
    return made;
  } catch (error) {
    return notCreated(error);
  } finally {
    runtime.livePending.delete(pending.id);
    if (threadId !== null) runtime.startingTickets.delete(threadId);
  }
}

/**
 * Under the channel's lock (a thread another click finds there is already a ticket): the
 * thread, then its ticket row. A click that came to nothing is forgotten, unless its
 * thread may exist or was left open without its row: then the next start looks.
 */
async function recordThread(deps: Deps, guildLocale: string, guildId: string, pending: PendingTicket, reason: string, autoArchive: number | null): Promise<Opened> {
  const db = deps.store.db;
  let threadId: string;
  try {
    threadId = await createThread(deps, guildId, pending, reason, autoArchive);
  } catch (error) {
    if (error instanceof OutcomeUnknown) return { kind: 'unknown', pendingId: pending.id, error };
    forgetClick(db, pending.id);
    return notCreated(error);
  }
  try {
    await whenWritable(db, () => completeTicket(db, pending, threadId), { onLocked: () => logLocked(deps) });
  } catch (error) {
    // No row for the thread: archive it again, so no open thread is left without one.
    if (await archiveThread(deps, guildLocale, threadId)) forgetClick(db, pending.id);
    return notCreated(error);
  }
  deps.tickets.startingTickets.add(threadId);
  deps.metrics.ticketOpened();
  return { kind: 'created', threadId };
}

function logLocked(deps: Deps): void {
  deps.logger.child('tickets').warn('The database is locked by another program; new tickets wait for it before they are saved.');
}

/** Deletes a click that came to nothing. When the database refuses, the next start drops it (no active thread matches it). */
function forgetClick(db: Deps['store']['db'], pendingId: number): void {
  try {
    deletePending(db, pendingId);
  } catch (error) {
    if (writeFault(error) === null) throw error;
  }
}

/**
 * Creates the click's thread and returns its id. The request is sent once; after a 5xx or
 * no answer the guild's active threads are searched for it before anything else
 * (postOnce). Runs under the channel's lock, so a thread found there is this click's.
 */
async function createThread(deps: Deps, guildId: string, pending: PendingTicket, reason: string, autoArchive: number | null): Promise<string> {
  const body: RESTPostAPIChannelThreadsJSONBody = { name: pending.name, type: ChannelType.PrivateThread, invitable: false };
  // The inbox's setting; without one Discord goes by the channel.
  if (autoArchive !== null) body.auto_archive_duration = autoArchive;
  return postOnce({
    rest: deps.rest,
    route: Routes.threads(pending.parentId),
    body,
    reason,
    read: (thread) => (thread as APIThreadChannel).id,
    find: () => findThreadFor(deps, guildId, pending),
    what: `a ticket thread in ${pending.parentId}`,
    log: deps.logger.child('tickets'),
    recheckDelayMs: deps.tickets.recheckDelayMs,
  });
}

/** The starter could not be posted: nobody but the bot is in the thread, so close it and forget it. */
async function abandon(deps: Deps, guildLocale: string, threadId: string): Promise<void> {
  await archiveThread(deps, guildLocale, threadId);
  deleteChannels(deps.store.db, [threadId]);
}

/** Archives a thread that will not become a working ticket. Returns whether Discord did. */
async function archiveThread(deps: Deps, guildLocale: string, threadId: string): Promise<boolean> {
  try {
    await deps.rest.patch(Routes.channel(threadId), {
      body: { archived: true },
      reason: deps.i18n.t(guildLocale, 'ticket-audit-abandoned'),
    });
    return true;
  } catch (error) {
    deps.logger.child('tickets').warn('Could not archive a ticket thread that was not set up', { ticket: threadId, err: error });
    return false;
  }
}

// ---------------------------------------------------------------- intake forms (SPEC §11)

/** The topic's form as a modal: one Label per question, holding a text input or a string select. */
function intakeModal(topic: Topic, questions: readonly StoredQuestion[]): APIModalInteractionResponseCallbackData {
  return {
    custom_id: ticketFormId(topic.id),
    title: cut(topic.label, MODAL_TITLE_MAX),
    components: questions.map((q): APIModalInteractionResponseCallbackData['components'][number] => {
      const placeholder = q.placeholder !== '' ? { placeholder: q.placeholder } : {};
      if (q.kind === 'choice') {
        return {
          type: ComponentType.Label,
          label: q.label,
          component: {
            type: ComponentType.StringSelect,
            custom_id: answerInputId(q.id),
            options: q.choices.map((c) => ({ label: c, value: c })),
            min_values: q.required ? 1 : 0,
            max_values: 1,
            required: q.required,
            ...placeholder,
          },
        };
      }
      return {
        type: ComponentType.Label,
        label: q.label,
        component: {
          type: ComponentType.TextInput,
          custom_id: answerInputId(q.id),
          style: q.kind === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: q.required,
          ...(q.minLength !== null ? { min_length: q.minLength } : {}),
          ...(q.maxLength !== null ? { max_length: q.maxLength } : {}),
          ...placeholder,
        },
      };
    }),
  };
}

/** What the modal submitted, by input: a text input's value or a select's values. Anything else is left out (readAnswers then refuses). */
function submittedAnswers(components: unknown): Map<string, SubmittedAnswer> {
  const out = new Map<string, SubmittedAnswer>();
  if (!Array.isArray(components)) return out;
  for (const top of components as unknown[]) {
    const child = (top as { component?: unknown } | null)?.component as { custom_id?: unknown; value?: unknown; values?: unknown } | undefined;
    if (!child || typeof child.custom_id !== 'string') continue;
    if (typeof child.value === 'string') out.set(child.custom_id, { kind: 'text', value: child.value });
    else if (Array.isArray(child.values) && child.values.every((v) => typeof v === 'string')) out.set(child.custom_id, { kind: 'choice', values: child.values as string[] });
  }
  return out;
}

/**
 * The answers, right after the card: literal text pinging nobody. Sent once and never
 * looked for (a copy would only repeat them); when it fails the ticket stays, the
 * failure is logged and the member is told to write their answers. Returns whether all
 * were posted.
 */
async function postAnswers(deps: Deps, guildLocale: string, threadId: string, topicLabel: string, answers: readonly Answer[]): Promise<boolean> {
  const texts = { heading: deps.i18n.t(guildLocale, 'ticket-form-answers-heading', { topic: topicLabel }), noAnswer: deps.i18n.t(guildLocale, 'ticket-form-no-answer') };
  try {
    for (const content of answerMessages(answers, texts)) {
      await postOnce({
        rest: deps.rest,
        route: Routes.channelMessages(threadId),
        body: { content, allowed_mentions: { parse: [] } },
        read: () => true,
        what: `the form answers in ticket ${threadId}`,
        log: deps.logger.child('tickets'),
        recheckDelayMs: deps.tickets.recheckDelayMs,
      });
    }
    return true;
  } catch (error) {
    deps.logger.child('tickets').warn('Could not post the answers of an intake form in a new ticket', { ticket: threadId, err: error });
    return false;
  }
}
