// Housekeeping that runs by itself: the catch-ups (after each shard's guilds are in, and
// for a guild that arrives late), one at a time, and every Saturday 00:00 UTC forgetting
// the guilds the bot is no longer in (as in the original; a guild that removes the bot by
// mistake and adds it back within the week keeps its inboxes). Clock and timers are
// injectable.
import { nextWeeklyRun } from '../domain/weekly.ts';
import { claimWeeklyRun } from '../store/coordination.ts';
import { forgetGuilds, storedGuildIds } from '../store/guilds.ts';
import { atomic } from '../store/write.ts';
import type { Deps } from './deps.ts';
import { writeWhenFree } from './patient-write.ts';
import { changedAnything, reconcile, type ReconcileReport } from './reconcile.ts';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    // Housekeeping never keeps the process alive on its own.
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export interface Weekly {
  /** When the job runs next (ms since the epoch). */
  readonly nextRun: number;
  stop(): void;
}

/** Runs `job` every Saturday 00:00 UTC (told which one, in ms); a timer that fires early is simply re-armed. */
export function scheduleWeekly(job: (weekStart: number) => void, clock: () => number = Date.now, timers: Timers = realTimers): Weekly {
  let handle: unknown = null;
  let stopped = false;
  let target = nextWeeklyRun(clock());
  const arm = (): void => {
    if (stopped) return;
    // setTimeout takes at most 2^31-1 ms (24.8 days); a week fits.
    handle = timers.setTimeout(fire, Math.max(0, target - clock()));
  };
  const fire = (): void => {
    if (stopped) return;
    if (clock() >= target) {
      job(target);
      target = nextWeeklyRun(Math.max(clock(), target));
    }
    arm();
  };
  arm();
  return {
    get nextRun() {
      return target;
    },
    stop() {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
    },
  };
}

/**
 * Deletes every guild (with its inboxes and tickets) the bot is no longer in. Only a
 * complete view can tell that: a guild is judged only when it belongs to a shard this
 * process runs, whose session is live and whose READY's guilds are all in or accounted
 * for. Guilds still arriving or unavailable during an outage are kept, and so are the
 * guilds of other processes' shards and of a shard that is reconnecting or not started.
 * The view is read when the write runs (it may wait for another program's lock).
 *
 * With `weekStart` (the weekly run), each shard's clean-up runs once that week, in the
 * same transaction as the row that says so: processes sharing the database that hold the
 * same shard (a move between processes, a restart) do it once between them.
 */
export async function forgetDepartedGuilds(deps: Deps, weekStart?: number): Promise<number> {
  const { state } = deps;
  if (!deps.store.db.open) return 0;
  return writeWhenFree(deps, () =>
    atomic(deps.store.db, async (tx) => {
      const complete = new Set(state.completeShards());
      if (weekStart !== undefined) {
        for (const shardId of [...complete]) {
          const mine = await claimWeeklyRun(tx, { weekStart, shardCount: state.shardCount, shardId, now: deps.tickets.clock() });
          if (!mine) complete.delete(shardId);
        }
      }
      if (complete.size === 0) return 0;
      const gone = (await storedGuildIds(tx)).filter((id) => complete.has(state.shardOf(id)) && !state.guilds.has(id) && !state.pendingGuilds.has(id));
      return forgetGuilds(tx, gone);
    }),
  );
}

export interface Housekeeping {
  /** Settles when the latest reconciliation is done. */
  readonly reconciled: Promise<ReconcileReport | null>;
  /**
   * Reconciles the given guilds once any reconciliation under way is done; the log line
   * reads "<what> finished<scope>: …".
   */
  catchUp(what: string, guildIds: readonly string[], scope?: string): Promise<ReconcileReport | null>;
  stop(): void;
}

/** Starts the weekly clean-up; catch-ups are asked for by the gateway lifecycle. The composition root calls it once. */
export function startHousekeeping(deps: Deps, clock: () => number = Date.now, timers: Timers = realTimers): Housekeeping {
  const log = deps.logger.child('housekeeping');
  const weekly = scheduleWeekly(
    (weekStart) => {
      forgetDepartedGuilds(deps, weekStart).then(
        (gone) => log.info(`Weekly clean-up: forgot ${gone} guild${gone === 1 ? '' : 's'} the bot is no longer in.`),
        (error: unknown) => log.error('Weekly clean-up failed', { err: error }),
      );
    },
    clock,
    timers,
  );
  const run = (what: string, guildIds: readonly string[], scope: string): Promise<ReconcileReport | null> =>
    reconcile(deps, guildIds).then(
      (report) => {
        const summary = Object.entries(report)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k}=${n}`)
          .join(', ');
        log.info(`${what} finished${scope}: ${changedAnything(report) || report.failures > 0 ? summary : 'nothing to catch up'}.`);
        return report;
      },
      (error: unknown) => {
        log.error(`${what} failed${scope}`, { err: error });
        return null;
      },
    );
  let reconciled: Promise<ReconcileReport | null> = Promise.resolve(null);
  return {
    get reconciled() {
      return reconciled;
    },
    catchUp(what, guildIds, scope = '') {
      // One at a time: a pass starts only when the one under way is done.
      reconciled = reconciled.then(() => run(what, guildIds, scope));
      return reconciled;
    },
    stop() {
      weekly.stop();
    },
  };
}
