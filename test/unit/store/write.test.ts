// The one write path (src/store/write.ts): counted IMMEDIATE transactions, SQLite's
// locked / read-only / full failures as StoreErrors that say so without the key, and
// whenWritable() waiting out another process's lock between event-loop turns.
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { StoreError } from '../../../src/store/errors.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { OPERATING_BUSY_TIMEOUT_MS, whenWritable, writeFault, writeTransaction } from '../../../src/store/write.ts';
import { lockDatabase, type DbLocker } from '../../fixtures/db-locker.ts';

const dir = mkdtempSync(join(tmpdir(), 'ttb-write-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
let store: Store;
let path: string;
let locker: DbLocker | null = null;
beforeEach(async () => {
  path = join(dir, `w${++n}.db`);
  store = await openStore({ path, pragmas: [], keyTemplate: '' });
});
afterEach(async () => {
  locker?.kill();
  locker = null;
  await store.close();
});

const setting = (name: string, value: string) => () =>
  writeTransaction(store.db, async () => {
    store.db.sqlite.prepare('INSERT INTO setting (name, value) VALUES (?, ?)').run(name, value);
  });
const settingValue = (name: string) => store.db.sqlite.prepare('SELECT value FROM setting WHERE name = ?').pluck().get(name);

describe('writeTransaction', () => {
  it('commits, returns the result and counts once per outer transaction', async () => {
    const got = await writeTransaction(store.db, async (tx) => {
      store.db.sqlite.prepare("INSERT INTO setting (name, value) VALUES ('a', '1')").run();
      // Nested: part of the outer transaction, not a second one.
      await writeTransaction(tx, async () => store.db.sqlite.prepare("INSERT INTO setting (name, value) VALUES ('b', '2')").run());
      return 42;
    });
    assert.equal(got, 42);
    assert.deepEqual([settingValue('a'), settingValue('b')], ['1', '2']);
    assert.equal(store.stats.writeTransactions, 1);
  });

  it('rolls back and counts nothing when the function throws', async () => {
    await assert.rejects(
      () =>
        writeTransaction(store.db, async () => {
          store.db.sqlite.prepare("INSERT INTO setting (name, value) VALUES ('a', '1')").run();
          throw new Error('changed my mind');
        }),
      /changed my mind/,
    );
    assert.equal(settingValue('a'), undefined);
    assert.equal(store.stats.writeTransactions, 0);
    assert.equal(store.db.sqlite.inTransaction, false);
  });

  it('a read-only database gives a StoreError naming the file and what to check', async () => {
    store.db.sqlite.pragma('query_only = ON');
    const error = await captured(setting('a', '1'));
    assert.ok(error instanceof StoreError);
    assert.equal(error.kind, 'read-only');
    assert.equal(writeFault(error), 'read-only');
    assert.match(error.message, new RegExp(`^The database ${escape(path)} is read-only \\(SQLITE_READONLY\\)`));
    assert.match(error.message, /-wal and -shm files/);
    assert.equal(store.stats.writeTransactions, 0);
    store.db.sqlite.pragma('query_only = OFF');
    await setting('a', '1')();
    assert.equal(settingValue('a'), '1', 'writable again once the cause is gone');
  });

  it('a full database gives a StoreError saying the disk is full, and nothing of the transaction stays', async () => {
    fillUp(store);
    const error = await captured(() =>
      writeTransaction(store.db, async () => {
        store.db.sqlite.prepare("INSERT INTO setting (name, value) VALUES ('small', 'fits')").run();
        store.db.sqlite.prepare('INSERT INTO setting (name, value) VALUES (?, ?)').run('big', 'x'.repeat(8000));
      }),
    );
    assert.ok(error instanceof StoreError);
    assert.equal(error.kind, 'disk-full');
    assert.match(error.message, /the disk is full/);
    assert.equal(settingValue('small'), undefined, 'rolled back as a whole');
    assert.equal(store.db.sqlite.inTransaction, false);
  });

  it('never puts the database key in its message', async () => {
    const keyed = await openStore({ path: join(dir, 'keyed.db'), pragmas: [], keyTemplate: "PRAGMA key = '{}'", key: 'hunter2-very-secret' });
    try {
      keyed.db.sqlite.pragma('query_only = ON');
      const error = await captured(() => writeTransaction(keyed.db, async () => keyed.db.sqlite.prepare("INSERT INTO setting (name, value) VALUES ('a', '1')").run()));
      assert.ok(error instanceof StoreError);
      assert.doesNotMatch(`${error.message} ${String((error.cause as Error).message)}`, /hunter2/);
    } finally {
      await keyed.close();
    }
  });

  it('another process holding the write lock gives a "busy" StoreError after the short busy timeout', async () => {
    locker = await lockDatabase(path);
    const error = await captured(setting('a', '1'));
    assert.ok(error instanceof StoreError);
    assert.equal(error.kind, 'busy');
    assert.match(error.message, /is locked by another program \(SQLITE_BUSY\)/);
    assert.equal(OPERATING_BUSY_TIMEOUT_MS, Number(store.db.sqlite.pragma('busy_timeout', { simple: true })));
  });
});

describe('whenWritable', () => {
  it('waits while another process holds the lock, then every waiting write succeeds in order', async () => {
    locker = await lockDatabase(path, 'exclusive');
    const order: string[] = [];
    let lockedCalls = 0;
    const writes = ['a', 'b', 'c', 'd'].map((name) =>
      whenWritable(store.db, async () => {
        await setting(name, name)();
        order.push(name);
      }, { onLocked: () => lockedCalls++ }),
    );
    // The event loop keeps turning meanwhile: wait until the writes have retried a few times.
    while (store.stats.busyRetries < 3) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, []);
    assert.equal(lockedCalls, 1, 'one notice per locked spell, not one per write');
    await locker.release();
    await Promise.all(writes);
    assert.deepEqual(order, ['a', 'b', 'c', 'd']);
    assert.equal(settingValue('locker'), 'was here', "the other process's write is kept");
    assert.equal(store.stats.writeTransactions, 4);
  });

  it('only one waiting write probes the lock at a time', async () => {
    locker = await lockDatabase(path);
    let attempts = 0;
    const writes = Array.from({ length: 5 }, (_, i) =>
      whenWritable(store.db, async () => {
        attempts++;
        await setting(`w${i}`, 'x')();
      }),
    );
    while (store.stats.busyRetries < 3) await new Promise((resolve) => setImmediate(resolve));
    await locker.release();
    await Promise.all(writes);
    // Every failed try was the one prober's (each counts a retry); the others queued and
    // tried once, after the lock was gone.
    assert.equal(attempts, store.stats.busyRetries + 5);
  });

  it('gives up after its patience with a StoreError saying how long the database stayed locked', async () => {
    locker = await lockDatabase(path);
    await assert.rejects(
      whenWritable(store.db, setting('a', '1'), { patienceMs: 600 }),
      (error: unknown) => error instanceof StoreError && error.kind === 'busy' && /stayed locked by another program for 1 s/.test(error.message),
    );
  });

  it('onWait runs once, before the first wait, for the writer that found the lock and for those queued behind it', async () => {
    const free: string[] = [];
    await whenWritable(store.db, setting('free', '1'), { onWait: () => void free.push('waited') });
    assert.deepEqual(free, [], 'not called when nothing is in the way');

    locker = await lockDatabase(path);
    const calls: string[] = [];
    const onWait = (name: string) => async () => {
      await new Promise((resolve) => setImmediate(resolve));
      calls.push(name);
    };
    const writes = ['a', 'b'].map((name) => whenWritable(store.db, setting(name, name), { onWait: onWait(name) }));
    while (store.stats.busyRetries < 3) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls.sort(), ['a', 'b']);
    await locker.release();
    await Promise.all(writes);
    assert.deepEqual(calls.sort(), ['a', 'b'], 'once each, however long the wait');
    assert.deepEqual([settingValue('a'), settingValue('b')], ['a', 'b']);
  });

  it('does not retry other failures', async () => {
    store.db.sqlite.pragma('query_only = ON');
    let attempts = 0;
    await assert.rejects(
      whenWritable(store.db, async () => {
        attempts++;
        await setting('a', '1')();
      }),
      (error: unknown) => error instanceof StoreError && error.kind === 'read-only',
    );
    assert.equal(attempts, 1);
    assert.equal(store.stats.busyRetries, 0);
  });
});

async function captured(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Caps the file at its current size and fills the setting table's free room. */
function fillUp(s: Store): void {
  const pages = Number(s.db.sqlite.pragma('page_count', { simple: true }));
  s.db.sqlite.pragma(`max_page_count = ${pages}`);
  const insert = s.db.sqlite.prepare('INSERT INTO setting (name, value) VALUES (?, ?)');
  for (let i = 0; ; i++) {
    try {
      insert.run(`filler-${i}`, 'y'.repeat(200));
    } catch {
      return;
    }
  }
}

describe('a disk that refuses writes mid-run', () => {
  it('SQLITE_IOERR_WRITE is a write fault with its own StoreError, not an unexpected error', () => {
    // A file-size limit makes the kernel refuse the write (EFBIG), which SQLite reports
    // exactly as it reports a disk remounted read-only: SQLITE_IOERR_WRITE.
    const file = join(dir, 'io.db');
    const writer = join(import.meta.dirname, '../../fixtures/io-error-writer.ts');
    const script = `ulimit -f 2048; exec "${process.execPath}" --import tsx "${writer}" "${file}" 4000000`;
    const run = spawnSync('bash', ['-c', script], { cwd: join(import.meta.dirname, '../../..'), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const outcome = JSON.parse(run.stdout) as { name: string; kind: string; code: string; fault: string; message: string; rows: number };
    assert.equal(outcome.code, 'SQLITE_IOERR_WRITE');
    assert.equal(outcome.name, 'StoreError');
    assert.equal(outcome.kind, 'io-error');
    assert.equal(outcome.fault, 'io-error');
    assert.match(outcome.message, new RegExp(`^The database ${escape(file)} could not be written to disk \\(SQLITE_IOERR_WRITE\\)`));
    assert.match(outcome.message, /remounted read-only/);
    assert.equal(outcome.rows, 0, 'nothing of the transaction stays');
  });

  it('every SQLITE_IOERR code counts, and is never waited for like a lock', async () => {
    for (const code of ['SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_TRUNCATE', 'SQLITE_IOERR_SHMSIZE']) {
      assert.equal(writeFault(new Database.SqliteError('disk I/O error', code)), 'io-error', code);
    }
    assert.equal(writeFault(new Database.SqliteError('constraint failed', 'SQLITE_CONSTRAINT_UNIQUE')), null);
    let tries = 0;
    await assert.rejects(
      whenWritable(store.db, () => {
        tries++;
        throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE');
      }),
      /disk I\/O error/,
    );
    assert.equal(tries, 1);
  });
});
