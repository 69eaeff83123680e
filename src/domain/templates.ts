// The two templates an admin writes for an inbox: the ticket (thread) name and the
// starter message. Placeholders follow Python's string.Template, as in the original:
// `$name` and `${name}`, `$$` for a literal `$`; anything unknown or malformed is kept
// exactly as written.

export const TICKET_NAME_MAX = 100;
export const STARTER_MAX = 2000;
/** Used when an inbox stores no name template, or when its template renders blank. */
export { DEFAULT_TICKET_NAME_TEMPLATE as DEFAULT_TICKET_NAME } from './inbox-defaults.ts';
import { DEFAULT_TICKET_NAME_TEMPLATE as DEFAULT_TICKET_NAME } from './inbox-defaults.ts';

// Python's default idpattern, (?a:[_a-z][_a-z0-9]*) with re.IGNORECASE.
const PLACEHOLDER = /\$(?:(\$)|([_a-z][_a-z0-9]*)|\{([_a-z][_a-z0-9]*)\})/gi;

/** Replaces the placeholders found in `values`; everything else stays as written. */
export function substitute(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, dollar: string | undefined, bare: string | undefined, braced: string | undefined) => {
    if (dollar !== undefined) return '$';
    const name = bare ?? braced ?? '';
    return Object.hasOwn(values, name) ? values[name]! : whole;
  });
}

/**
 * Cuts `text` to at most `max` UTF-16 code units without splitting a surrogate pair, so
 * the result is within the limit however Discord counts (code units or code points).
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** `$counter`: the inbox counter modulo 10000, as four digits (9999 → 10000 shows 0000). */
export function counterText(counter: number): string {
  const n = ((Math.trunc(counter) % 10000) + 10000) % 10000;
  return String(n).padStart(4, '0');
}

export interface TicketNameVars {
  /** Time of the click (ms since the epoch); the date placeholders use UTC. */
  at: number;
  /** The member's display name in the guild. */
  author: string;
  /** The inbox counter for this ticket (already incremented). */
  counter: number;
  /** `$topic`: the label of the topic clicked (SPEC §11); absent, the placeholder stays as written. */
  topic?: string;
}

function nameValues(vars: TicketNameVars): Record<string, string> {
  const date = new Date(vars.at);
  return {
    year: String(date.getUTCFullYear()).padStart(4, '0'),
    month: String(date.getUTCMonth() + 1).padStart(2, '0'),
    day: String(date.getUTCDate()).padStart(2, '0'),
    author: vars.author,
    counter: counterText(vars.counter),
    ...(vars.topic !== undefined ? { topic: vars.topic } : {}),
  };
}

/**
 * The thread name for a new ticket, cut to Discord's 100 characters. An empty template
 * means the default; a template that renders to nothing but spaces (Discord would
 * refuse the name) falls back to the default too.
 */
export function ticketName(template: string, vars: TicketNameVars): string {
  const values = nameValues(vars);
  let name = cut(substitute(template === '' ? DEFAULT_TICKET_NAME : template, values), TICKET_NAME_MAX);
  if (name.trim() === '') name = cut(substitute(DEFAULT_TICKET_NAME, values), TICKET_NAME_MAX);
  return name;
}

export interface StarterVars {
  /** The owner's mention, `<@id>`. */
  author: string;
  /** The staff mentions, separated by spaces ('' when there are none). */
  staff: string;
  /** `$topic`: the label of the topic clicked (SPEC §11); absent, the placeholder stays as written. */
  topic?: string;
}

/** The first message of a new ticket, cut to Discord's 2000 characters. */
export function starterMessage(template: string, vars: StarterVars): string {
  const values: Record<string, string> = { author: vars.author, staff: vars.staff };
  if (vars.topic !== undefined) values.topic = vars.topic;
  return cut(substitute(template, values), STARTER_MAX);
}

export interface AllowedMentions {
  parse: [];
  users: string[];
  roles: string[];
}

const USER_MENTION = /<@!?(\d{1,20})>/g;
const ROLE_MENTION = /<@&(\d{1,20})>/g;
// Discord accepts at most 100 ids in each list.
const MAX_ALLOWED = 100;

/**
 * allowed_mentions for a message: exactly the users and roles it mentions, never
 * @everyone or @here (whatever the text says) and nothing parsed implicitly.
 */
export function allowedMentionsFor(content: string): AllowedMentions {
  const users = [...new Set([...content.matchAll(USER_MENTION)].map((m) => m[1]!))].slice(0, MAX_ALLOWED);
  const roles = [...new Set([...content.matchAll(ROLE_MENTION)].map((m) => m[1]!))].slice(0, MAX_ALLOWED);
  return { parse: [], users, roles };
}
