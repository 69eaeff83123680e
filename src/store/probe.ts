// Whether the database would take a write right now: the readiness check's question. A
// read alone proves little in WAL mode (readers never wait for a writer), so the probe
// takes the write lock for an instant (BEGIN IMMEDIATE, a read, ROLLBACK) with SQLite's
// busy wait switched off, and while another program holds the lock it tries again between
// event-loop turns until `boundMs` has passed: the bot never stalls on a probe.
// PostgreSQL: one round trip asks whether the session could write (a standby or a
// read-only default cannot); a server that does not answer is 'unreachable'.
import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3-multiple-ciphers';
import { sql } from 'kysely';
import type { Db } from './db.ts';
import { writeFault } from './write.ts';

export type DatabaseStatus = 'ok' | 'locked' | 'read-only' | 'disk-full' | 'io-error' | 'unreachable' | 'closed' | 'error';

const RETRY_MS = 25;

function tryOnce(db: Database.Database): DatabaseStatus {
  if (!db.open) return 'closed';
  // Transactions are synchronous, so none is open between turns; never nest into one.
  if (db.inTransaction) return 'ok';
  const previous = Number(db.pragma('busy_timeout', { simple: true }));
  try {
    db.pragma('busy_timeout = 0');
    db.exec('BEGIN IMMEDIATE');
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } finally {
      db.exec('ROLLBACK');
    }
    return 'ok';
  } catch (error) {
    const fault = writeFault(error);
    return fault === 'busy' ? 'locked' : (fault ?? 'error');
  } finally {
    if (db.open) db.pragma(`busy_timeout = ${previous}`);
  }
}

/** 'ok' as soon as the write lock could be taken; otherwise what stood in the way once `boundMs` ran out. */
export async function probeWritable(db: Db, boundMs: number): Promise<DatabaseStatus> {
  if (!db.open) return 'closed';
  const sqlite = db.root.sqlite;
  if (sqlite === null) return probePostgres(db, boundMs);
  return probeSqlite(sqlite, boundMs);
}

async function probePostgres(db: Db, boundMs: number): Promise<DatabaseStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DatabaseStatus>((resolve) => {
    timer = setTimeout(() => resolve('unreachable'), boundMs);
  });
  const ask = (async (): Promise<DatabaseStatus> => {
    try {
      const result = await sql<{ ro: string }>`SELECT current_setting('transaction_read_only') AS ro`.execute(db.q);
      return result.rows[0]?.ro === 'on' ? 'read-only' : 'ok';
    } catch (error) {
      const fault = writeFault(error);
      return fault === 'busy' ? 'locked' : (fault ?? 'error');
    }
  })();
  try {
    return await Promise.race([ask, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function probeSqlite(db: Database.Database, boundMs: number): Promise<DatabaseStatus> {
  const deadline = performance.now() + boundMs;
  for (;;) {
    const status = tryOnce(db);
    const left = deadline - performance.now();
    if (status !== 'locked' || left <= 0) return status;
    await sleep(Math.min(RETRY_MS, left));
  }
}
