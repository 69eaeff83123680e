// Custom ids of the bot's buttons, selects and modals, encoded and decoded in one place.
// The router dispatches on the prefix (the part before the first ':'); the rest carries
// the ids a handler needs, so nothing has to be remembered between interactions and a
// restart loses nothing.

/** The inbox button. Exactly the Python original's id, so its inboxes keep working. */
export const CREATE_TICKET_ID = 'create-ticket';

export const INBOX_STAFF_PREFIX = 'inbox-staff';
export const INBOX_STARTER_PREFIX = 'inbox-starter';
export const INBOX_NAME_PREFIX = 'inbox-name';

/** The text input inside the starter and name modals. */
export const TEMPLATE_INPUT_ID = 'template';

type InboxPrefix = typeof INBOX_STAFF_PREFIX | typeof INBOX_STARTER_PREFIX | typeof INBOX_NAME_PREFIX;

const SNOWFLAKE = /^(0|[1-9][0-9]{0,19})$/;

/**
 * What a staff menu or a template form carries: the inbox, and whether the person who
 * opened it held Manage Server then. Discord checks /inbox when it runs, never a menu or
 * a form later, so saving checks Manage Server again; someone who had /inbox without it
 * (a server's Integrations settings can grant that) is marked `delegated`, because the
 * bot cannot see those settings to check them again.
 */
export interface InboxEditId {
  inboxId: string;
  delegated: boolean;
}

const DELEGATED = 'delegated';

function encodeInbox(prefix: InboxPrefix, inboxId: string, delegated = false): string {
  if (!SNOWFLAKE.test(inboxId)) throw new TypeError(`not a Discord id: ${JSON.stringify(inboxId)}`);
  return delegated ? `${prefix}:${inboxId}:${DELEGATED}` : `${prefix}:${inboxId}`;
}

/** What `<prefix>:<inbox id>[:delegated]` carries, or null when the id is anything else. */
function decodeInbox(prefix: InboxPrefix, customId: string): InboxEditId | null {
  if (!customId.startsWith(`${prefix}:`)) return null;
  const [id, marker, ...rest] = customId.slice(prefix.length + 1).split(':');
  if (id === undefined || !SNOWFLAKE.test(id) || rest.length > 0) return null;
  if (marker !== undefined && marker !== DELEGATED) return null;
  return { inboxId: id, delegated: marker === DELEGATED };
}

export const inboxStaffSelectId = (inboxId: string, delegated = false): string => encodeInbox(INBOX_STAFF_PREFIX, inboxId, delegated);
export const parseInboxStaffSelectId = (customId: string): InboxEditId | null => decodeInbox(INBOX_STAFF_PREFIX, customId);

export const inboxStarterModalId = (inboxId: string, delegated = false): string => encodeInbox(INBOX_STARTER_PREFIX, inboxId, delegated);
export const parseInboxStarterModalId = (customId: string): InboxEditId | null => decodeInbox(INBOX_STARTER_PREFIX, customId);

export const inboxNameModalId = (inboxId: string, delegated = false): string => encodeInbox(INBOX_NAME_PREFIX, inboxId, delegated);
export const parseInboxNameModalId = (customId: string): InboxEditId | null => decodeInbox(INBOX_NAME_PREFIX, customId);

// ---------------------------------------------------------------- the ticket workflow

/** The ticket card's buttons (SPEC §10): the ticket is the thread the card is in. */
export const TICKET_CLOSE_ID = 'ticket-close';
export const TICKET_CLAIM_ID = 'ticket-claim';

/** The close form opened by the Close button: `ticket-close-reason:<thread id>`. */
export const TICKET_CLOSE_MODAL_PREFIX = 'ticket-close-reason';
/** Its text input. */
export const CLOSE_REASON_INPUT_ID = 'reason';

export const ticketCloseModalId = (threadId: string): string => {
  if (!SNOWFLAKE.test(threadId)) throw new TypeError(`not a Discord id: ${JSON.stringify(threadId)}`);
  return `${TICKET_CLOSE_MODAL_PREFIX}:${threadId}`;
};

/** The thread id a close form carries, or null. */
export function parseTicketCloseModalId(customId: string): string | null {
  const prefix = `${TICKET_CLOSE_MODAL_PREFIX}:`;
  if (!customId.startsWith(prefix)) return null;
  const id = customId.slice(prefix.length);
  return SNOWFLAKE.test(id) ? id : null;
}

// ---------------------------------------------------------------- /inbox settings

/** Every control of the settings message, and the limits form: `inbox-settings:<inbox id>:<field>[:delegated]`. */
export const INBOX_SETTINGS_PREFIX = 'inbox-settings';

export const INBOX_SETTING_FIELDS = ['allowed', 'blocked', 'log', 'archive', 'limits'] as const;
export type InboxSettingField = (typeof INBOX_SETTING_FIELDS)[number];

/** The limits form's text inputs. */
export const MAX_TICKETS_INPUT_ID = 'max-tickets';
export const COOLDOWN_INPUT_ID = 'cooldown';

export interface InboxSettingId extends InboxEditId {
  field: InboxSettingField;
}

export function inboxSettingId(inboxId: string, field: InboxSettingField, delegated = false): string {
  if (!SNOWFLAKE.test(inboxId)) throw new TypeError(`not a Discord id: ${JSON.stringify(inboxId)}`);
  return `${INBOX_SETTINGS_PREFIX}:${inboxId}:${field}${delegated ? `:${DELEGATED}` : ''}`;
}

export function parseInboxSettingId(customId: string): InboxSettingId | null {
  if (!customId.startsWith(`${INBOX_SETTINGS_PREFIX}:`)) return null;
  const [id, field, marker, ...rest] = customId.slice(INBOX_SETTINGS_PREFIX.length + 1).split(':');
  if (id === undefined || !SNOWFLAKE.test(id) || rest.length > 0) return null;
  if (!(INBOX_SETTING_FIELDS as readonly string[]).includes(field ?? '')) return null;
  if (marker !== undefined && marker !== DELEGATED) return null;
  return { inboxId: id, field: field as InboxSettingField, delegated: marker === DELEGATED };
}

// ---------------------------------------------------------------- topics and forms

/**
 * A topic's button on the inbox message: `create-ticket:<topic id>`. The bare
 * `create-ticket` (CREATE_TICKET_ID) is the inbox itself, as before topics.
 */
export function topicButtonId(topicId: string): string {
  if (!ROW_ID.test(topicId)) throw new TypeError(`not a topic id: ${JSON.stringify(topicId)}`);
  return `${CREATE_TICKET_ID}:${topicId}`;
}

/** What a Create Ticket button carries: null for the inbox itself, the topic's id, or undefined when the id is anything else. */
export function parseCreateTicketId(customId: string): { topicId: string | null } | undefined {
  if (customId === CREATE_TICKET_ID) return { topicId: null };
  if (!customId.startsWith(`${CREATE_TICKET_ID}:`)) return undefined;
  const topicId = customId.slice(CREATE_TICKET_ID.length + 1);
  return ROW_ID.test(topicId) ? { topicId } : undefined;
}

/** The inbox message's select menu of topics; its values are topic ids. */
export const CREATE_TICKET_SELECT_ID = 'create-ticket-select';

/** A topic's (or a question's) id as a select value (the same text as in the button's id), or null. */
export function parseTopicValue(value: unknown): string | null {
  return typeof value === 'string' && ROW_ID.test(value) ? value : null;
}

/** The intake form of a topic: `create-ticket-form:<topic id>`. */
export const CREATE_TICKET_FORM_PREFIX = 'create-ticket-form';

export function ticketFormId(topicId: string): string {
  if (!ROW_ID.test(topicId)) throw new TypeError(`not a topic id: ${JSON.stringify(topicId)}`);
  return `${CREATE_TICKET_FORM_PREFIX}:${topicId}`;
}

export function parseTicketFormId(customId: string): string | null {
  const prefix = `${CREATE_TICKET_FORM_PREFIX}:`;
  if (!customId.startsWith(prefix)) return null;
  const id = customId.slice(prefix.length);
  return ROW_ID.test(id) ? id : null;
}

/** A form's input for one question: `answer:<question id>`. */
export const answerInputId = (questionId: string): string => {
  if (!ROW_ID.test(questionId)) throw new TypeError(`not a question id: ${JSON.stringify(questionId)}`);
  return `answer:${questionId}`;
};

export function parseAnswerInputId(customId: string): string | null {
  if (!customId.startsWith('answer:')) return null;
  const id = customId.slice('answer:'.length);
  return ROW_ID.test(id) ? id : null;
}

/** Row ids of the bot's own tables (topics, questions): positive SQLite integers. */
const ROW_ID = /^[1-9][0-9]{0,17}$/;

/**
 * Every control of `/inbox topics` and its forms:
 * `inbox-topics:<inbox id>:<action>[:t<topic id>][:q<question id>][:delegated]`.
 */
export const INBOX_TOPICS_PREFIX = 'inbox-topics';

export const TOPIC_ACTIONS = [
  // the list of topics
  'list', 'pick', 'add', 'style',
  // one topic
  'topic', 'look', 'up', 'down', 'remove', 'confirm-remove', 'routing', 'access', 'templates', 'limits',
  'destination', 'staff', 'log', 'allowed', 'blocked', 'archive',
  // its form
  'form', 'add-short', 'add-paragraph', 'add-choice', 'pick-question', 'question', 'q-edit', 'q-up', 'q-down', 'q-remove',
] as const;
export type TopicAction = (typeof TOPIC_ACTIONS)[number];

export interface TopicManagerId extends InboxEditId {
  action: TopicAction;
  topicId: string | null;
  questionId: string | null;
}

/** The inputs of the topic forms. */
export const TOPIC_INPUT = {
  label: 'label',
  emoji: 'emoji',
  starter: 'starter',
  name: 'name',
  maxTickets: MAX_TICKETS_INPUT_ID,
  cooldown: COOLDOWN_INPUT_ID,
  question: 'question',
  placeholder: 'placeholder',
  required: 'required',
  minLength: 'min-length',
  maxLength: 'max-length',
  choices: 'choices',
} as const;

export function topicManagerId(id: Omit<TopicManagerId, 'delegated' | 'topicId' | 'questionId'> & Partial<TopicManagerId>): string {
  if (!SNOWFLAKE.test(id.inboxId)) throw new TypeError(`not a Discord id: ${JSON.stringify(id.inboxId)}`);
  const parts = [INBOX_TOPICS_PREFIX, id.inboxId, id.action];
  if (id.topicId != null) {
    if (!ROW_ID.test(id.topicId)) throw new TypeError(`not a topic id: ${JSON.stringify(id.topicId)}`);
    parts.push(`t${id.topicId}`);
  }
  if (id.questionId != null) {
    if (!ROW_ID.test(id.questionId)) throw new TypeError(`not a question id: ${JSON.stringify(id.questionId)}`);
    parts.push(`q${id.questionId}`);
  }
  if (id.delegated) parts.push(DELEGATED);
  const encoded = parts.join(':');
  // Discord's limit for a custom id.
  if (encoded.length > 100) throw new RangeError(`custom id longer than 100 characters: ${encoded}`);
  return encoded;
}

export function parseTopicManagerId(customId: string): TopicManagerId | null {
  if (!customId.startsWith(`${INBOX_TOPICS_PREFIX}:`)) return null;
  const [inboxId, action, ...rest] = customId.slice(INBOX_TOPICS_PREFIX.length + 1).split(':');
  if (inboxId === undefined || !SNOWFLAKE.test(inboxId)) return null;
  if (!(TOPIC_ACTIONS as readonly string[]).includes(action ?? '')) return null;
  const out: TopicManagerId = { inboxId, action: action as TopicAction, topicId: null, questionId: null, delegated: false };
  let next = rest.shift();
  if (next?.startsWith('t')) {
    if (!ROW_ID.test(next.slice(1))) return null;
    out.topicId = next.slice(1);
    next = rest.shift();
  }
  if (next?.startsWith('q')) {
    if (!ROW_ID.test(next.slice(1))) return null;
    out.questionId = next.slice(1);
    next = rest.shift();
  }
  if (next === DELEGATED) {
    out.delegated = true;
    next = rest.shift();
  }
  return next === undefined ? out : null;
}
