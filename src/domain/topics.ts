// Topics (SPEC §11): the kinds of ticket one inbox offers, as up to 5 buttons or a select
// menu of up to 25 options. A topic may override the inbox's settings; whatever it leaves
// unset is the inbox's. An inbox without topics is an inbox with one implicit topic, the
// inbox itself. Pure: what a label, an emoji or a style may be, and which settings a click
// on a topic goes by.

export type TopicStyle = 'buttons' | 'select';
export const TOPIC_STYLES: readonly TopicStyle[] = ['buttons', 'select'];

/** Discord's limits: 5 buttons in the inbox message's one row, 25 options in a select. */
export const MAX_TOPIC_BUTTONS = 5;
export const MAX_TOPIC_OPTIONS = 25;
/** A button's label, and a select option's. */
export const BUTTON_LABEL_MAX = 80;
export const OPTION_LABEL_MAX = 100;

export const maxTopics = (style: TopicStyle): number => (style === 'buttons' ? MAX_TOPIC_BUTTONS : MAX_TOPIC_OPTIONS);
export const labelMax = (style: TopicStyle): number => (style === 'buttons' ? BUTTON_LABEL_MAX : OPTION_LABEL_MAX);

export function isTopicStyle(value: unknown): value is TopicStyle {
  return value === 'buttons' || value === 'select';
}

/** A component's emoji: a Unicode emoji by `name`, or a server emoji by `id`. */
export type TopicEmoji = { kind: 'unicode'; name: string } | { kind: 'custom'; id: string; name: string; animated: boolean };

const CUSTOM_EMOJI = /^<(a?):([A-Za-z0-9_]{2,32}):(0|[1-9][0-9]{0,19})>$/;
// A grapheme made of emoji: a pictograph, a pair of regional indicators (a flag) or a keycap.
const EMOJI_CHARACTER = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;
const NOT_EMOJI = /[\p{L}\p{N}\p{P}\s]/u;

let segmenter: Intl.Segmenter | null = null;
function graphemes(text: string): number {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/**
 * The emoji an admin typed: '' for none, a single Unicode emoji, or a server emoji written
 * as Discord writes it (`<:name:id>`, `<a:name:id>` when animated). undefined when it is
 * none of these.
 */
export function parseEmoji(text: string): TopicEmoji | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const custom = CUSTOM_EMOJI.exec(trimmed);
  if (custom) {
    if (BigInt(custom[3]!) >= 1n << 64n) return undefined;
    return { kind: 'custom', id: custom[3]!, name: custom[2]!, animated: custom[1] === 'a' };
  }
  if (graphemes(trimmed) !== 1 || !EMOJI_CHARACTER.test(trimmed)) return undefined;
  // Keycaps start with a digit, # or *; anything else that is a letter, digit or mark of punctuation is text.
  const base = trimmed.replace(/[\uFE0F\u20E3]/gu, '');
  if (!trimmed.includes('\u20E3') && NOT_EMOJI.test(base)) return undefined;
  return { kind: 'unicode', name: trimmed };
}

/** How an emoji is stored and shown in a message: the Unicode emoji, or `<:name:id>`. */
export function emojiText(emoji: TopicEmoji): string {
  return emoji.kind === 'unicode' ? emoji.name : `<${emoji.animated ? 'a' : ''}:${emoji.name}:${emoji.id}>`;
}

/** A component's `emoji` field. */
export function componentEmoji(emoji: TopicEmoji): { name: string } | { id: string; name: string; animated?: boolean } {
  return emoji.kind === 'unicode' ? { name: emoji.name } : { id: emoji.id, name: emoji.name, ...(emoji.animated ? { animated: true } : {}) };
}

/** A typed label, trimmed, or why it cannot be one: empty, or too long for the style. */
export function checkLabel(text: string, style: TopicStyle): { ok: true; label: string } | { ok: false; problem: 'empty' | 'too-long'; max: number } {
  const label = text.trim().replace(/\s+/gu, ' ');
  const max = labelMax(style);
  if (label === '') return { ok: false, problem: 'empty', max };
  if ([...label].length > max || label.length > max) return { ok: false, problem: 'too-long', max };
  return { ok: true, label };
}

/** Why the inbox cannot show these topics in `style`, or null when it can. */
export function styleProblem(style: TopicStyle, labels: readonly string[]): { problem: 'too-many'; max: number } | { problem: 'label-too-long'; label: string; max: number } | null {
  const max = maxTopics(style);
  if (labels.length > max) return { problem: 'too-many', max };
  const long = labels.find((l) => l.length > labelMax(style));
  return long === undefined ? null : { problem: 'label-too-long', label: long, max: labelMax(style) };
}

/** The order of ids after moving `id` one place up (-1) or down (+1); unchanged at either end. */
export function moved<T>(ids: readonly T[], id: T, step: -1 | 1): T[] {
  const out = [...ids];
  const at = out.indexOf(id);
  const to = at + step;
  if (at < 0 || to < 0 || to >= out.length) return out;
  [out[at], out[to]] = [out[to]!, out[at]!];
  return out;
}

// ---------------------------------------------------------------- what a click goes by

/** The inbox's own values (what a topic falls back to). */
export interface InboxValues {
  channelId: string;
  destinationId: string | null;
  starterContent: string;
  defaultTicketName: string;
  maxTicketsPerUser: number;
  cooldownSeconds: number;
  autoArchiveMinutes: number | null;
  logChannelId: string | null;
}

/** A topic's overrides; null everywhere the topic uses the inbox's value. */
export interface TopicOverrides {
  id: string;
  label: string;
  destinationId: string | null;
  starterContent: string | null;
  ticketName: string | null;
  maxTickets: number | null;
  cooldownSeconds: number | null;
  /** 0: the channel's default, whatever the inbox says. */
  autoArchiveMinutes: number | null;
  logChannelId: string | null;
}

/** The value for "the channel's default" in a topic's auto_archive_minutes (NULL inherits). */
export const TOPIC_ARCHIVE_CHANNEL_DEFAULT = 0;

export interface EffectiveSettings {
  /** Where tickets should open, in order of preference: the topic's, the inbox's, the inbox channel. */
  parents: string[];
  /** '' means the localised default. */
  starterContent: string;
  /** '' means the default template. */
  ticketName: string;
  maxTickets: number;
  /**
   * Which tickets count against the limit, and whose clicks share the cooldown: the whole
   * inbox's, unless the topic sets its own number.
   */
  limitScope: 'inbox' | 'topic';
  cooldownSeconds: number;
  cooldownScope: 'inbox' | 'topic';
  autoArchiveMinutes: number | null;
  logChannelId: string | null;
  /** The topic clicked; null for the inbox itself. */
  topic: { id: string; label: string } | null;
}

/**
 * The settings a click goes by: the topic's override where it has one, else the inbox's
 * value (which is itself the default until an admin changes it). Without a topic, exactly
 * the inbox's.
 */
export function effectiveSettings(inbox: InboxValues, topic: TopicOverrides | null): EffectiveSettings {
  const parents = [topic?.destinationId ?? null, inbox.destinationId, inbox.channelId].filter((id): id is string => id !== null);
  return {
    parents: [...new Set(parents)],
    starterContent: topic?.starterContent ?? inbox.starterContent,
    ticketName: topic?.ticketName ?? inbox.defaultTicketName,
    maxTickets: topic?.maxTickets ?? inbox.maxTicketsPerUser,
    limitScope: topic !== null && topic.maxTickets !== null ? 'topic' : 'inbox',
    cooldownSeconds: topic?.cooldownSeconds ?? inbox.cooldownSeconds,
    cooldownScope: topic !== null && topic.cooldownSeconds !== null ? 'topic' : 'inbox',
    autoArchiveMinutes:
      topic === null || topic.autoArchiveMinutes === null
        ? inbox.autoArchiveMinutes
        : topic.autoArchiveMinutes === TOPIC_ARCHIVE_CHANNEL_DEFAULT
          ? null
          : topic.autoArchiveMinutes,
    logChannelId: topic?.logChannelId ?? inbox.logChannelId,
    topic: topic === null ? null : { id: topic.id, label: topic.label },
  };
}

/** The first of the preferred channels that still exists (`exists` is null when the guild is unknown: the first). */
export function ticketParent(parents: readonly string[], exists: ((channelId: string) => boolean) | null): string {
  if (exists !== null) for (const id of parents) if (exists(id)) return id;
  return exists === null ? parents[0]! : parents[parents.length - 1]!;
}

export interface RoleLists {
  allowed: readonly string[];
  blocked: readonly string[];
}

/**
 * Who may open tickets of a topic: its own allowed roles when it lists any (else the
 * inbox's), and blocked are the inbox's and the topic's together, so a role blocked from
 * the inbox is blocked from all its topics.
 */
export function effectiveRoles(inbox: RoleLists, topic: RoleLists | null): { allowed: string[]; blocked: string[] } {
  if (topic === null) return { allowed: [...inbox.allowed], blocked: [...inbox.blocked] };
  return {
    allowed: [...(topic.allowed.length > 0 ? topic.allowed : inbox.allowed)],
    blocked: [...new Set([...inbox.blocked, ...topic.blocked])],
  };
}

/** A topic's staff when it names any, else the inbox's. */
export function effectiveStaff(inbox: readonly string[], topic: readonly string[] | null): string[] {
  return [...(topic !== null && topic.length > 0 ? topic : inbox)];
}
