// "Select this message": commands that need a message leave a request, keyed by (guild,
// admin); the context-menu command takes it. A newer command replaces the request, a
// request expires after 180 s, and a failed attempt puts it back. The requests live in
// the database (src/store/selections.ts), so any process may take them; these are their
// shapes.

/** How long an admin has to pick the message after running the command. */
export const SELECTION_TTL_MS = 180_000;

/** The ephemeral instruction reply to delete once the selection is handled. */
export interface Instruction {
  applicationId: string;
  token: string;
}

/** What to do with the picked message, by the command that asked for it. */
export type InboxRequest =
  | { kind: 'create-inbox'; channelId: string; destinationId: string | null }
  | { kind: 'set-destination'; destinationId: string }
  | { kind: 'pick-inbox-for-message' }
  | { kind: 'copy-into-inbox'; inboxId: string; inboxChannelId: string }
  | { kind: 'staff' }
  | { kind: 'starter' }
  | { kind: 'name' }
  | { kind: 'settings' }
  | { kind: 'topics' };

export interface Pending<T> {
  request: T;
  instruction: Instruction | null;
  /** Milliseconds since the epoch (or whatever the clock counts) when it stops being valid. */
  expiresAt: number;
}

export type Taken<T> = { status: 'none' } | { status: 'expired' } | { status: 'ok'; pending: Pending<T> };
