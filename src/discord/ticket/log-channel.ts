// An inbox's (or a topic's) log channel (SPEC §10, §11): one short line per ticket event, in the guild's
// language, pinging nobody. A line is posted after the action it reports and never holds
// it up or makes it fail: it is sent once (never repeated: a missing line is better than
// a doubled one), and anything that goes wrong is a warning in the bot's log.
import { Routes, type RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { missingPermissions, type PermissionName } from '../../domain/permissions.ts';
import { logMessage, type TicketEvent } from '../../domain/ticket-log.ts';
import { cut, STARTER_MAX } from '../../domain/templates.ts';
import { getInbox, type Inbox } from '../../store/inboxes.ts';
import { getInboxTopic } from '../../store/topics.ts';
import type { Deps } from '../deps.ts';
import { postOnce } from '../rest-policy.ts';

/** What the bot needs in a log channel. */
export const LOG_CHANNEL_NEEDS: readonly PermissionName[] = ['ViewChannel', 'SendMessages'];

/** The line for an event, in `locale`. */
export function logLine(deps: Pick<Deps, 'i18n'>, locale: string, event: TicketEvent): string {
  const { id, args } = logMessage(event);
  return cut(deps.i18n.t(locale, id, args), STARTER_MAX);
}

/**
 * Posts the line for `event` in `logChannelId` (nothing when null). Settles once posted
 * or given up; never rejects, so callers fire it without waiting.
 */
export async function logTicketEvent(deps: Deps, guildId: string, logChannel: string | null | Promise<string | null>, event: TicketEvent): Promise<void> {
  const logChannelId = await logChannel;
  if (logChannelId === null) return;
  const log = deps.logger.child('tickets');
  const perms = deps.state.botPermissions(guildId, logChannelId);
  if (perms !== null) {
    const missing = missingPermissions(perms, LOG_CHANNEL_NEEDS);
    if (missing.length > 0) {
      log.warn(`Not logging a ticket event in channel ${logChannelId}: the bot lacks ${missing.join(', ')} there`, { event: event.kind, ticket: event.ticketId });
      return;
    }
  }
  const locale = deps.i18n.resolve(deps.state.guilds.get(guildId)?.locale);
  const body: RESTPostAPIChannelMessageJSONBody = { content: logLine(deps, locale, event), allowed_mentions: { parse: [] } };
  try {
    await postOnce({
      rest: deps.rest,
      route: Routes.channelMessages(logChannelId),
      body,
      read: () => undefined,
      what: `a log line in channel ${logChannelId}`,
      log,
      recheckDelayMs: deps.tickets.recheckDelayMs,
    });
  } catch (error) {
    log.warn(`Could not post a ticket event in log channel ${logChannelId}`, { event: event.kind, ticket: event.ticketId, err: error });
  }
}

/**
 * The log channel of a ticket: its topic's when the topic names one (SPEC §11), else its
 * inbox's (`inbox` when the caller has read it already). null without inbox or log
 * channel, or when it cannot be read: then a warning. Never rejects: an action starts the
 * read when it starts, and hands the promise to logTicketEvent() once done.
 */
export async function logChannelOf(deps: Deps, ticket: { inboxId: string | null; topicId?: string | null }, inbox?: Inbox | null): Promise<string | null> {
  const inboxId = ticket.inboxId;
  if (inboxId === null) return null;
  try {
    const topic = ticket.topicId ? await getInboxTopic(deps.store.db, inboxId, ticket.topicId) : null;
    if (topic?.logChannelId) return topic.logChannelId;
    const known = inbox && inbox.id === inboxId ? inbox : await getInbox(deps.store.db, inboxId);
    return known?.logChannelId ?? null;
  } catch (error) {
    deps.logger.child('tickets').warn('Could not read the log channel of an inbox', { inbox: inboxId, err: error });
    return null;
  }
}
