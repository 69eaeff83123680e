// The one way the bot writes: writeTransaction() runs store functions in one transaction,
// counted in the store's statistics, with the database's "locked", "read-only", "full",
// "I/O error" and (PostgreSQL) "unreachable" failures turned into a StoreError that says
// what happened.
//
// SQLite: the transaction begins IMMEDIATE (sqlite-dialect.ts). whenWritable() waits out a
// lock another process holds without stalling the bot: SQLite's own busy wait is a
// synchronous sleep that would hold up the gateway and every other interaction, so it is
// kept short (OPERATING_BUSY_TIMEOUT_MS) and the waiting beyond it happens between
// event-loop turns.
// PostgreSQL: writers wait for each other's row locks inside the server, which blocks
// nothing here; a serialization failure or a deadlock is tried again at once, and a
// server that cannot be reached is waited for like a lock, unless the connection was lost
// while committing (the transaction may then have happened).
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Db, WriteStats } from './db.ts';
import { StoreError } from './errors.ts';

export type { WriteStats } from './db.ts';

/** Busy timeout while opening and migrating, when nothing else runs yet. */
export const OPENING_BUSY_TIMEOUT_MS = 5000;
/** Busy timeout once the bot runs: the longest one statement may stall the process. */
export const OPERATING_BUSY_TIMEOUT_MS = 250;
/** How long whenWritable() keeps trying while another process holds the write lock. */
export const WRITE_PATIENCE_MS = 30_000;
const FIRST_RETRY_MS = 20;
const MAX_RETRY_MS = 500;
/** Tries of one PostgreSQL transaction that lost to a concurrent one (serialization failure, deadlock). */
const CONFLICT_TRIES = 5;

type SqliteError = InstanceType<typeof Database.SqliteError>;

/** The live counters of one database (the object stays the same; its numbers grow). */
export function writeStats(db: Db): WriteStats {
  return db.root.stats;
}

/** Reports the duration of every write transaction on this database to `observe` (null stops it). */
export function observeWrites(db: Db, observe: ((seconds: number) => void) | null): void {
  db.root.observe = observe;
}

export type WriteFault = 'busy' | 'read-only' | 'disk-full' | 'io-error' | 'unreachable';

const FAULT_KINDS: readonly string[] = ['busy', 'read-only', 'disk-full', 'io-error', 'unreachable'] satisfies WriteFault[];

/** PostgreSQL's SQLSTATE codes for a transaction that lost to a concurrent one: try it again. */
const PG_CONFLICT = new Set(['40001', '40P01']);
const NODE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A PostgreSQL (or network) error as one of the faults, if it is one. */
function pgFault(error: unknown): WriteFault | null {
  const code = errorCode(error);
  if (code !== undefined) {
    if (PG_CONFLICT.has(code) || code === '55P03') return 'busy';
    if (code === '25006') return 'read-only';
    if (code === '53100') return 'disk-full';
    if (code === '58030') return 'io-error';
    // Connection exceptions, and the server shutting down or starting up.
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || NODE_NETWORK_CODES.has(code)) return 'unreachable';
  }
  // pg's own words for a connection that went away or never came.
  if (error instanceof Error && /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended)/.test(error.message)) {
    return 'unreachable';
  }
  return null;
}

/** Which of the conditions an admin has to fix this database error is, if any. */
export function writeFault(error: unknown): WriteFault | null {
  if (error instanceof StoreError) return FAULT_KINDS.includes(error.kind) ? (error.kind as WriteFault) : null;
  if (error instanceof Database.SqliteError) {
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
  return pgFault(error);
}

function sqliteFaultError(db: Db, fault: WriteFault, error: SqliteError): StoreError {
  const where = `The database ${db.name}`;
  switch (fault) {
    case 'busy':
    case 'unreachable':
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

function pgFaultError(db: Db, fault: WriteFault, error: unknown): StoreError {
  const where = `The PostgreSQL database ${db.name} (db.url)`;
  const code = errorCode(error) ?? 'no code';
  switch (fault) {
    case 'busy':
      return new StoreError('busy', `${where} kept refusing a write because other transactions held the rows it needed (${code}); nothing was saved.`, { cause: error });
    case 'read-only':
      return new StoreError(
        'read-only',
        `${where} is read-only (${code}): the server is a standby, or default_transaction_read_only is on for the bot's role or database, so nothing can be saved.`,
        { cause: error },
      );
    case 'disk-full':
      return new StoreError('disk-full', `${where} cannot grow (${code}): the server's disk is full, so nothing can be saved until space is freed.`, { cause: error });
    case 'io-error':
      return new StoreError('io-error', `${where} could not write to its disk (${code}): check the server's log; nothing can be saved until it takes writes again.`, { cause: error });
    case 'unreachable':
      return new StoreError(
        'unreachable',
        `${where} cannot be reached (${code}: ${messageOf(error)}): check that the server is running and reachable from this machine.`,
        { cause: error },
      );
  }
}

/**
 * A write fault as the StoreError that says what happened and what to check; null for
 * any other error.
 */
export function writeFaultError(db: Db, error: unknown): StoreError | null {
  const fault = writeFault(error);
  if (fault === null) return null;
  if (error instanceof StoreError) return error;
  if (error instanceof Database.SqliteError) return sqliteFaultError(db, fault, error);
  return pgFaultError(db, fault, error);
}

/** Marks a fault that must not be retried: the connection was lost while committing, so the write may have happened. */
class CommitUncertain extends StoreError {
  constructor(db: Db, error: unknown) {
    super(
      'unreachable',
      `The connection to the PostgreSQL database ${db.name} (db.url) was lost while a change was being committed (${messageOf(error)}): it may or may not have been saved.`,
      { cause: error },
    );
  }
}

/**
 * Runs `fn` in one write transaction and counts it once committed; `fn` gets the
 * transaction's handle and passes it to the store functions it calls. Inside a
 * transaction already open it just runs `fn` in that one (and is not counted again). A
 * locked, read-only, full or unreachable database, or a disk that refuses writes, throws a
 * StoreError saying so; the transaction is rolled back in every failure.
 */
export async function writeTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (db.inTransaction) return fn(db);
  const root = db.root;
  const started = root.observe === null ? 0 : performance.now();
  let result: T;
  try {
    result = await atomic(db, fn);
  } finally {
    root.observe?.((performance.now() - started) / 1000);
  }
  root.stats.writeTransactions++;
  root.locked = false;
  return result;
}

/**
 * Like writeTransaction(), for the bookkeeping writes outside the ticket path (rows of
 * guilds, channels and messages, inbox edits) that are not counted in the statistics.
 */
export async function atomic<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (db.inTransaction) return fn(db);
  return db.root.dialect === 'sqlite' ? sqliteTransaction(db, fn) : pgTransaction(db, fn);
}

async function sqliteTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  try {
    return await db.root.kysely.transaction().execute((trx) => fn(db.in(trx)));
  } catch (error) {
    if (error instanceof Database.SqliteError) {
      const fault = writeFault(error);
      if (fault !== null) throw sqliteFaultError(db, fault, error);
    }
    throw error;
  }
}

async function pgTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const at: { phase: 'begin' | 'body' | 'commit' } = { phase: 'begin' };
    try {
      return await db.root.kysely.transaction().execute(async (trx) => {
        at.phase = 'body';
        const value = await fn(db.in(trx));
        at.phase = 'commit';
        return value;
      });
    } catch (error) {
      const code = errorCode(error);
      if (code !== undefined && PG_CONFLICT.has(code) && attempt < CONFLICT_TRIES) continue;
      const fault = writeFault(error);
      if (fault === 'unreachable' && at.phase === 'commit') throw new CommitUncertain(db, error);
      if (fault !== null && !(error instanceof StoreError)) throw pgFaultError(db, fault, error);
      throw error;
    }
  }
}

/** Whether waiting and trying again may help: a lock, or a PostgreSQL server away before anything was committed. */
function worthWaiting(error: unknown): boolean {
  if (error instanceof CommitUncertain) return false;
  const fault = writeFault(error);
  return fault === 'busy' || fault === 'unreachable';
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
 * Runs `write` (store functions, in a write transaction of their own) and, while another
 * process holds the write lock (or a PostgreSQL server cannot be reached), tries it again
 * with growing pauses until it succeeds or `patienceMs` has passed; then the StoreError
 * says how long the database stayed unavailable. Only one writer at a time waits and
 * probes: the others queue behind it, so a long lock costs the event loop one short busy
 * wait per pause, not one per waiting click. Any other error is thrown at once.
 *
 * On SQLite the first tries of concurrent writers also go one after the other (they share
 * one connection, so nothing is lost): a writer that finds the lock becomes the prober
 * before the next one tries, and that one queues instead of paying a busy wait of its own.
 */
export async function whenWritable<T>(db: Db, write: () => Promise<T>, opts: WhenWritableOptions = {}): Promise<T> {
  const state = db.root;
  const patienceMs = opts.patienceMs ?? WRITE_PATIENCE_MS;
  const deadline = performance.now() + patienceMs;
  // Awaited only when given: without it, a writer that found the lock starts waiting in the
  // same turn, so nobody slips in ahead of it.
  let onWait = opts.onWait;
  const queue = async (): Promise<void> => {
    const first = onWait;
    onWait = undefined;
    await first?.();
    while (state.waiting) await state.waiting;
  };
  for (;;) {
    if (state.waiting) await queue();
    const attempt = await tryInTurn(db, write);
    if (attempt === QUEUE) continue;
    if (attempt.ok) return attempt.value;
    const error = attempt.error;
    if (!worthWaiting(error)) throw error;
    if (performance.now() >= deadline) throw gaveUp(db, error, patienceMs);
    if (!state.locked) {
      state.locked = true;
      opts.onLocked?.();
    }
    if (onWait) {
      await queue();
      continue;
    }
    if (state.waiting) continue;
    // This writer probes; the turn is held across its pauses and tries, so the writers
    // queued behind it resume only after it has written (or given up).
    let done!: () => void;
    state.waiting = new Promise<void>((resolve) => {
      done = resolve;
    });
    try {
      let delay = FIRST_RETRY_MS;
      for (;;) {
        state.stats.busyRetries++;
        await sleep(Math.max(0, Math.min(delay, deadline - performance.now())));
        delay = Math.min(delay * 2, MAX_RETRY_MS);
        try {
          return await write();
        } catch (again) {
          if (!worthWaiting(again)) throw again;
          if (performance.now() >= deadline) throw gaveUp(db, again, patienceMs);
        }
      }
    } finally {
      state.waiting = null;
      done();
    }
  }
}

const QUEUE = Symbol('queue');
type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown } | typeof QUEUE;

/** One try of `write`; on SQLite after the tries of the writers that came first (see whenWritable). */
async function tryInTurn<T>(db: Db, write: () => Promise<T>): Promise<Attempt<T>> {
  const state = db.root;
  if (state.dialect !== 'sqlite') return write().then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
  const previous = state.tries;
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  state.tries = previous.then(() => mine);
  try {
    await previous;
    // A writer ahead of this one found the lock meanwhile: wait behind it instead.
    if (state.waiting) return QUEUE;
    return await write().then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
  } finally {
    release();
  }
}

function gaveUp(db: Db, error: unknown, patienceMs: number): StoreError {
  const seconds = Math.round(patienceMs / 1000);
  if (writeFault(error) === 'unreachable') {
    return new StoreError(
      'unreachable',
      `The PostgreSQL database ${db.name} (db.url) could not be reached for ${seconds} s (${messageOf(error)}): check that the server is running and reachable from this machine.`,
      { cause: error },
    );
  }
  if (db.dialect === 'postgres') {
    return new StoreError('busy', `The PostgreSQL database ${db.name} (db.url) kept refusing a write for ${seconds} s because other transactions held the rows it needed.`, {
      cause: error,
    });
  }
  return new StoreError(
    'busy',
    `The database ${db.name} stayed locked by another program for ${seconds} s: only one bot may use a database; ` +
      'close whatever else holds it open for writing (an sqlite3 shell, a second bot, a sync tool).',
    { cause: error },
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
