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

function encodeInbox(prefix: InboxPrefix, inboxId: string): string {
  if (!SNOWFLAKE.test(inboxId)) throw new TypeError(`not a Discord id: ${JSON.stringify(inboxId)}`);
  return `${prefix}:${inboxId}`;
}

/** The inbox id carried by `<prefix>:<inbox id>`, or null when the id is anything else. */
function decodeInbox(prefix: InboxPrefix, customId: string): string | null {
  if (!customId.startsWith(`${prefix}:`)) return null;
  const id = customId.slice(prefix.length + 1);
  return SNOWFLAKE.test(id) ? id : null;
}

export const inboxStaffSelectId = (inboxId: string): string => encodeInbox(INBOX_STAFF_PREFIX, inboxId);
export const parseInboxStaffSelectId = (customId: string): string | null => decodeInbox(INBOX_STAFF_PREFIX, customId);

export const inboxStarterModalId = (inboxId: string): string => encodeInbox(INBOX_STARTER_PREFIX, inboxId);
export const parseInboxStarterModalId = (customId: string): string | null => decodeInbox(INBOX_STARTER_PREFIX, customId);

export const inboxNameModalId = (inboxId: string): string => encodeInbox(INBOX_NAME_PREFIX, inboxId);
export const parseInboxNameModalId = (customId: string): string | null => decodeInbox(INBOX_NAME_PREFIX, customId);
