// What the ticket path tells the metrics, as plain method calls. With metrics off (the
// default) every call lands on NO_RECORDER's empty methods: nothing is counted, timed or
// allocated, and prom-client is never loaded. With metrics on, ops/metrics.ts supplies
// the recorder that counts.

/** How a person reached the bot: a slash or context-menu command, a button or select, a modal, an autocomplete. */
export type InteractionKind = 'command' | 'component' | 'modal' | 'autocomplete';

/** ok: handled; user_error: answered with a sentence for the person (a UserError, an unknown button); error: an unexpected failure with an error code. */
export type InteractionOutcome = 'ok' | 'user_error' | 'error';

/** Why a ticket was closed: its owner left it or the server; an archived ticket was locked; a command closed it. */
export type TicketCloseReason = 'owner_left' | 'locked' | 'command';

export interface Recorder {
  /** A ticket's thread was created and recorded (by a click, or found by the catch-up). */
  ticketOpened(): void;
  ticketClosed(reason: TicketCloseReason): void;
  /** One interaction handled, with how it ended. */
  interaction(kind: InteractionKind, outcome: InteractionOutcome): void;
  /** Seconds from receiving an interaction to Discord accepting its first response. */
  firstResponse(kind: InteractionKind, seconds: number): void;
}

export const NO_RECORDER: Recorder = Object.freeze({
  ticketOpened() {},
  ticketClosed() {},
  interaction() {},
  firstResponse() {},
});
