// The log channel's lines (SPEC §10): one short line per ticket event, naming the ticket
// and who acted, never pinging (the caller posts with allowed_mentions parse []). This
// module picks the Fluent message and its arguments; the caller translates it into the
// guild's language. Nothing of the ticket's content appears but a close reason and names.
import { channelMention } from './links.ts';

export type TicketEvent =
  | { kind: 'opened'; ticketId: string; by: string }
  | { kind: 'claimed'; ticketId: string; by: string }
  | { kind: 'unclaimed'; ticketId: string; by: string }
  | { kind: 'closed'; ticketId: string; by: string; reason: string | null }
  /** `by` is null when Discord reopened it for someone who wrote in it (the bot cannot tell who). */
  | { kind: 'reopened'; ticketId: string; by: string | null }
  | { kind: 'owner-left'; ticketId: string; owner: string; left: 'thread' | 'server' }
  | { kind: 'owner-removed'; ticketId: string; owner: string; by: string }
  | { kind: 'renamed'; ticketId: string; by: string; from: string | null; to: string };

export interface LogMessage {
  id: string;
  args: Record<string, string>;
}

/** Longest reason or name kept in a line; the rest is cut with an ellipsis. */
export const LOG_TEXT_MAX = 300;

/** Text typed by someone, on one line: runs of whitespace (newlines included) become one space, cut to `max`. */
export function oneLine(text: string, max = LOG_TEXT_MAX): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length <= max ? flat : `${[...flat].slice(0, max - 1).join('')}…`;
}

const mention = (userId: string): string => `<@${userId}>`;

export function logMessage(event: TicketEvent): LogMessage {
  const ticket = channelMention(event.ticketId);
  switch (event.kind) {
    case 'opened':
      return { id: 'log-opened', args: { ticket, user: mention(event.by) } };
    case 'claimed':
      return { id: 'log-claimed', args: { ticket, user: mention(event.by) } };
    case 'unclaimed':
      return { id: 'log-unclaimed', args: { ticket, user: mention(event.by) } };
    case 'closed': {
      const reason = event.reason === null ? '' : oneLine(event.reason);
      return reason === ''
        ? { id: 'log-closed', args: { ticket, user: mention(event.by) } }
        : { id: 'log-closed-reason', args: { ticket, user: mention(event.by), reason } };
    }
    case 'reopened':
      return event.by === null ? { id: 'log-reopened-by-discord', args: { ticket } } : { id: 'log-reopened', args: { ticket, user: mention(event.by) } };
    case 'owner-left':
      return { id: event.left === 'server' ? 'log-owner-left-server' : 'log-owner-left-thread', args: { ticket, owner: mention(event.owner) } };
    case 'owner-removed':
      return { id: 'log-owner-removed', args: { ticket, owner: mention(event.owner), user: mention(event.by) } };
    case 'renamed':
      return event.from === null
        ? { id: 'log-renamed', args: { ticket, user: mention(event.by), new: oneLine(event.to) } }
        : { id: 'log-renamed-from', args: { ticket, user: mention(event.by), old: oneLine(event.from), new: oneLine(event.to) } };
  }
}
