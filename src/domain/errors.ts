// Failures a person can act on carry a message id and its arguments; everything else
// is unexpected and gets an error code shared by the reply and the log line.
import { randomBytes } from 'node:crypto';

export type MessageArgs = Record<string, string | number>;

/** An expected failure: the router turns it into an ephemeral, localised reply. */
export class UserError extends Error {
  readonly messageId: string;
  readonly args: MessageArgs;
  constructor(messageId: string, args: MessageArgs = {}) {
    super(messageId);
    this.name = 'UserError';
    this.messageId = messageId;
    this.args = args;
  }
}

/** Four hex characters, as the original shows them; enough to find the log line. */
export function newErrorCode(random: (n: number) => Buffer = randomBytes): string {
  return random(2).toString('hex');
}
