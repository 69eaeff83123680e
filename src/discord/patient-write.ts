// Writes outside the ticket flow (admin commands, gateway events, the catch-up, settings)
// take the same path as the ticket flow's: while another program holds the database's
// write lock they wait for it (whenWritable) instead of failing after SQLite's short busy
// timeout, so a backup or an sqlite3 shell never makes the bot drop an event or a change.
import { UserError } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import { whenWritable, writeFaultError } from '../store/write.ts';
import type { Deps } from './deps.ts';
import type { InteractionContext } from './router.ts';

/** A store write for a gateway event or the bot's own housekeeping: waits out a lock; other faults are thrown. */
export function writeWhenFree<T>(deps: Pick<Deps, 'store' | 'logger'>, write: () => Promise<T>): Promise<T> {
  return whenWritable(deps.store.db, write, { onLocked: () => lockedNotice(deps.logger) });
}

/**
 * A store write for someone's interaction: waits out a lock (acknowledging the
 * interaction first, so Discord's 3 s pass without an error), and a database that cannot
 * be written becomes a plain answer and one log line saying what is wrong.
 */
export async function saveForInteraction<T>(ctx: InteractionContext, write: () => Promise<T>): Promise<T> {
  const db = ctx.deps.store.db;
  try {
    return await whenWritable(db, write, {
      onLocked: () => lockedNotice(ctx.deps.logger),
      onWait: () => (ctx.reply.responded ? undefined : ctx.reply.defer(true)),
    });
  } catch (error) {
    const described = writeFaultError(db, error);
    if (described === null) throw error;
    ctx.deps.logger.child('interactions').error(`Could not save a change: ${described.message}`);
    throw new UserError('database-unavailable');
  }
}

function lockedNotice(logger: Logger): void {
  logger.child('store').warn('The database is locked by another program; changes wait for it before they are saved.');
}
