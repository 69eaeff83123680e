// The one way the ticket path writes: an IMMEDIATE transaction (the write lock is taken
// at BEGIN, where SQLite's busy timeout applies, instead of halfway through), counted in
// the store's statistics, with SQLite's "locked", "read-only", "full" and "I/O error"
// failures turned into a StoreError that says what happened. whenWritable() waits out a lock another
// process holds without stalling the bot: SQLite's own busy wait is a synchronous sleep
// that would hold up the gateway and every other interaction, so it is kept short
// (OPERATING_BUSY_TIMEOUT_MS) and the waiting beyond it happens between event-loop turns.
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3-multiple-ciphers';
import { StoreError } from './errors.ts';

/** Busy timeout while opening and migrating, when nothing else runs yet. */
export const OPENING_BUSY_TIMEOUT_MS = 5000;
/** Busy timeout once the bot runs: the longest one statement may stall the process. */
export const OPERATING_BUSY_TIMEOUT_MS = 250;
/** How long whenWritable() keeps trying while another process holds the write lock. */
export const WRITE_PATIENCE_MS = 30_000;
const FIRST_RETRY_MS = 20;

type SqliteError = InstanceType<typeof Database.SqliteError>;
const MAX_RETRY_MS = 500;

export interface WriteStats {
  /** Write transactions committed through writeTransaction() on this connection. */
  writeTransactions: number;
  /** Attempts that found the database locked by another process and were tried again later. */
  busyRetries: number;
}

interface WriteState {
  stats: WriteStats;
  /** Settles when the writer now waiting out a lock has had its next try; null when none waits. */
  waiting: Promise<void> | null;
  /** A write found the database locked and none has succeeded since. */
  locked: boolean;
  /** Told how long each write transaction took (metrics); null when nobody listens. */
  observe: ((seconds: number) => void) | null;
}

// Per connection, like the prepared statements in guilds.ts; gone with the connection.
const states = new WeakMap<Database.Database, WriteState>();

function stateOf(db: Database.Database): WriteState {
  let state = states.get(db);
  if (!state) {
    state = { stats: { writeTransactions: 0, busyRetries: 0 }, waiting: null, locked: false, observe: null };
    states.set(db, state);
  }
  return state;
}

/** The live counters of one connection (the object stays the same; its numbers grow). */
export function writeStats(db: Database.Database): WriteStats {
  return stateOf(db).stats;
}

/** Reports the duration of every write transaction on this connection to `observe` (null stops it). */
export function observeWrites(db: Database.Database, observe: ((seconds: number) => void) | null): void {
  stateOf(db).observe = observe;
}

export type WriteFault = 'busy' | 'read-only' | 'disk-full' | 'io-error';

/** Which of the conditions an admin has to fix this SQLite error is, if any. */
export function writeFault(error: unknown): WriteFault | null {
  if (error instanceof StoreError) {
    return error.kind === 'busy' || error.kind === 'read-only' || error.kind === 'disk-full' || error.kind === 'io-error' ? error.kind : null;
  }
  if (!(error instanceof Database.SqliteError)) return null;
  // Extended codes keep the primary code as their prefix (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED…).
  const code = error.code;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code === 'SQLITE_FULL') return 'disk-full';
  // The file system refused a write, a sync or a resize: what a disk remounted read-only
  // after an error (or a failing one) gives, never something a retry fixes.
  if (code.startsWith('SQLITE_IOERR')) return 'io-error';
  return null;
}

function faultError(db: Database.Database, fault: WriteFault, error: SqliteError): StoreError {
  const where = `The database ${db.name}`;
  switch (fault) {
    case 'busy':
      return new StoreError(
        'busy',
        `${where} is locked by another program (${error.code}): only one bot may use a database; close whatever else holds it open for writing (an sqlite3 shell, a second bot, a sync tool).`,
        { cause: error },
      );
    case 'read-only':
      return new StoreError(
        'read-only',
        `${where} is read-only (${error.code}), so nothing can be saved: the file, its folder and the -wal and -shm files next to it must be writable by the bot, on a disk that is not mounted read-only.`,
        { cause: error },
      );
    case 'disk-full':
      return new StoreError(
        'disk-full',
        `${where} cannot grow (${error.code}): the disk is full (or the database reached PRAGMA max_page_count), so nothing can be saved until space is freed.`,
        { cause: error },
      );
    case 'io-error':
      return new StoreError(
        'io-error',
        `${where} could not be written to disk (${error.code}): the file system refused the write, most often because it was remounted read-only after an error, or because the disk is failing or a file size limit was reached. Check the system log and the mount; nothing can be saved until the disk takes writes again.`,
        { cause: error },
      );
  }
}

/**
 * A write fault as the StoreError that says what happened and what to check (a raw
 * SqliteError from a write made outside writeTransaction() included); null for any
 * other error.
 */
export function writeFaultError(db: Database.Database, error: unknown): StoreError | null {
  const fault = writeFault(error);
  if (fault === null) return null;
  if (error instanceof StoreError) return error;
  return faultError(db, fault, error as SqliteError);
}

/**
 * Runs `fn` in one IMMEDIATE write transaction and counts it once committed. Inside a
 * transaction already open it becomes a savepoint of that one (and is not counted
 * again). A locked, read-only or full database, or a disk that refuses writes, throws a
 * StoreError saying so; the transaction is rolled back in every failure.
 */
export function writeTransaction<T>(db: Database.Database, fn: () => T): T {
  if (db.inTransaction) return db.transaction(fn)();
  const state = stateOf(db);
  const started = state.observe === null ? 0 : performance.now();
  let result: T;
  try {
    result = db.transaction(fn).immediate();
  } catch (error) {
    const fault = writeFault(error);
    if (fault !== null && error instanceof Database.SqliteError) throw faultError(db, fault, error);
    throw error;
  } finally {
    state.observe?.((performance.now() - started) / 1000);
  }
  state.stats.writeTransactions++;
  state.locked = false;
  return result;
}

export interface WhenWritableOptions {
  /** Give up after this long (default WRITE_PATIENCE_MS). */
  patienceMs?: number;
  /** Called when a write finds the database locked after the last one succeeded: once per locked spell. */
  onLocked?: () => void;
  /**
   * Called, and awaited, once before this write first waits (behind another waiting
   * writer, or for the lock): e.g. to acknowledge an interaction before Discord's 3 s pass.
   */
  onWait?: () => void | Promise<void>;
}

/**
 * Runs the synchronous `write` (a store function) and, while another process holds the
 * write lock, tries it again with growing pauses until it succeeds or `patienceMs` has
 * passed; then the StoreError says how long the database stayed locked. Only one writer
 * at a time waits and probes: the others queue behind it, so a long lock costs the event
 * loop one short busy wait per pause, not one per waiting click. Any other error is
 * thrown at once.
 */
export async function whenWritable<T>(db: Database.Database, write: () => T, opts: WhenWritableOptions = {}): Promise<T> {
  const state = stateOf(db);
  const patienceMs = opts.patienceMs ?? WRITE_PATIENCE_MS;
  const deadline = performance.now() + patienceMs;
  let delay = FIRST_RETRY_MS;
  // Awaited only when given: without it, a writer that found the lock starts waiting in the
  // same turn, so nobody slips in ahead of it.
  let onWait = opts.onWait;
  for (;;) {
    if (state.waiting) {
      const first = onWait;
      onWait = undefined;
      await first?.();
      while (state.waiting) await state.waiting;
    }
    try {
      return write();
    } catch (error) {
      if (writeFault(error) !== 'busy') throw error;
      if (performance.now() >= deadline) {
        throw new StoreError(
          'busy',
          `The database ${db.name} stayed locked by another program for ${Math.round(patienceMs / 1000)} s: only one bot may use a database; ` +
            'close whatever else holds it open for writing (an sqlite3 shell, a second bot, a sync tool).',
          { cause: error },
        );
      }
    }
    if (!state.locked) {
      state.locked = true;
      opts.onLocked?.();
    }
    if (onWait) {
      const first = onWait;
      onWait = undefined;
      await first();
      // Others may have started waiting meanwhile: queue behind them.
      if (state.waiting) continue;
    }
    state.stats.busyRetries++;
    let done!: () => void;
    const turn = new Promise<void>((resolve) => {
      done = resolve;
    });
    state.waiting = turn;
    try {
      await sleep(Math.max(0, Math.min(delay, deadline - performance.now())));
    } finally {
      if (state.waiting === turn) state.waiting = null;
      // The queued writers resume only after this one has had its next try (they run on
      // later microtasks; this loop goes on synchronously to write()).
      done();
    }
    delay = Math.min(delay * 2, MAX_RETRY_MS);
  }
}
