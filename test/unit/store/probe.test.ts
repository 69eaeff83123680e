// The readiness probe of the database (src/store/probe.ts): it takes the write lock for an
// instant, without SQLite's busy wait, so another program's lock makes it answer "locked"
// once its bound has passed, and it leaves the connection as it found it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeWritable } from '../../../src/store/probe.ts';
import { openStore } from '../../../src/store/store.ts';
import { OPERATING_BUSY_TIMEOUT_MS } from '../../../src/store/write.ts';
import { lockDatabase } from '../../fixtures/db-locker.ts';

const dir = mkdtempSync(join(tmpdir(), 'ttb-probe-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('ok when the write lock is free; locked while another process holds it; ok again after', async (t) => {
  const path = join(dir, 'p.db');
  const store = await openStore({ path, pragmas: [], keyTemplate: '' });
  t.after(async () => await store.close());
  assert.equal(await probeWritable(store.db, 100), 'ok');

  const locker = await lockDatabase(path, 'immediate');
  t.after(() => locker.kill());
  assert.equal(await probeWritable(store.db, 100), 'locked');
  // The probe wrote nothing and left SQLite's busy timeout as the bot set it.
  assert.equal(Number(store.db.sqlite.pragma('busy_timeout', { simple: true })), OPERATING_BUSY_TIMEOUT_MS);
  assert.equal(store.db.sqlite.inTransaction, false);

  await locker.release();
  assert.equal(await probeWritable(store.db, 100), 'ok');
  assert.equal(store.db.sqlite.prepare("SELECT value FROM setting WHERE name = 'locker'").pluck().get(), 'was here');
});

test('a closed connection is reported as closed', async () => {
  const store = await openStore({ path: join(dir, 'c.db'), pragmas: [], keyTemplate: '' });
  await store.close();
  assert.equal(await probeWritable(store.db, 10), 'closed');
});
