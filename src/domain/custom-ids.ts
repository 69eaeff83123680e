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
