// Housekeeping that runs by itself once the bot is ready: the startup reconciliation,
// then every Saturday 00:00 UTC forgetting the guilds the bot is no longer in (as in the
// original; a guild that removes the bot by mistake and adds it back within the week
// keeps its inboxes). Clock and timers are injectable.
import { nextWeeklyRun } from '../domain/weekly.ts';
import { forgetGuildsExcept } from '../store/guilds.ts';
import type { Deps } from './deps.ts';
import { changedAnything, reconcile, type ReconcileReport } from './reconcile.ts';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
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

/** Runs `job` every Saturday 00:00 UTC; a timer that fires early is simply re-armed. */
export function scheduleWeekly(job: () => void, clock: () => number = Date.now, timers: Timers = realTimers): Weekly {
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
      job();
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

/** Deletes every guild (with its inboxes and tickets) the bot is no longer in. */
export function forgetDepartedGuilds(deps: Deps): number {
  if (!deps.state.botUserId || !deps.store.db.open) return 0;
  // Guilds still arriving or unavailable during an outage are kept.
  const present = [...deps.state.guilds.keys(), ...deps.state.pendingGuilds];
  return forgetGuildsExcept(deps.store.db, present);
}

export interface Housekeeping {
  /** Settles when the latest reconciliation (at startup, or after catchUp()) is done. */
  readonly reconciled: Promise<ReconcileReport | null>;
  /** Reconciles again (after a new gateway session); runs after any reconciliation under way. */
  catchUp(): Promise<ReconcileReport | null>;
  stop(): void;
}

/** Starts everything the bot does by itself after READY; the composition root calls it once. */
export function startHousekeeping(deps: Deps, clock: () => number = Date.now, timers: Timers = realTimers): Housekeeping {
  const log = deps.logger.child('housekeeping');
  const weekly = scheduleWeekly(
    () => {
      try {
        const gone = forgetDepartedGuilds(deps);
        log.info(`Weekly clean-up: forgot ${gone} guild${gone === 1 ? '' : 's'} the bot is no longer in.`);
      } catch (error) {
        log.error('Weekly clean-up failed', { err: error });
      }
    },
    clock,
    timers,
  );
  const run = (what: string): Promise<ReconcileReport | null> =>
    reconcile(deps).then(
      (report) => {
        const summary = Object.entries(report)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k}=${n}`)
          .join(', ');
        log.info(`${what} finished: ${changedAnything(report) || report.failures > 0 ? summary : 'nothing to catch up'}.`);
        return report;
      },
      (error: unknown) => {
        log.error(`${what} failed`, { err: error });
        return null;
      },
    );
  let reconciled = run('Startup reconciliation');
  return {
    get reconciled() {
      return reconciled;
    },
    catchUp() {
      // One at a time: a second pass starts only when the one under way is done.
      reconciled = reconciled.then(() => run('Reconciliation after a new gateway session'));
      return reconciled;
    },
    stop() {
      weekly.stop();
    },
  };
}
