import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../src/store/store.ts';
import { StoreError } from '../../../src/store/open.ts';

const dir = mkdtempSync(join(tmpdir(), 'ttb-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('creates missing folders and sets up the connection', async () => {
    const path = join(dir, 'a', 'b', 'theticketbot.db');
    const store = await openStore({ path, pragmas: [], keyTemplate: '' });
    assert.ok(existsSync(path));
    assert.equal(store.db.sqlite.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.sqlite.pragma('foreign_keys', { simple: true }), 1n);
    assert.equal(store.db.sqlite.pragma('synchronous', { simple: true }), 1n, 'NORMAL');
    // Short once running: a longer wait would stall the whole bot (see write.ts).
    assert.equal(store.db.sqlite.pragma('busy_timeout', { simple: true }), 250n);
    assert.deepEqual(store.stats, { writeTransactions: 0, busyRetries: 0 });
    await store.close();
  });

  it('reads every INTEGER as bigint', async () => {
    const store = await openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
    assert.equal(store.db.sqlite.prepare('SELECT 1246826841231327275').pluck().get(), 1246826841231327275n);
    await store.close();
  });

  it('close() is idempotent', async () => {
    const store = await openStore({ path: join(dir, 'close.db'), pragmas: [], keyTemplate: '' });
    await store.close();
    await store.close();
    assert.equal(store.db.sqlite.open, false);
  });

  it('runs db.pragmas in order and names a failing one by position', async () => {
    const store = await openStore({ path: ':memory:', pragmas: ['PRAGMA cache_size = -4000', 'PRAGMA temp_store = MEMORY'], keyTemplate: '' });
    assert.equal(store.db.sqlite.pragma('cache_size', { simple: true }), -4000n);
    await store.close();
    await assert.rejects(
      async () => await openStore({ path: ':memory:', pragmas: ['PRAGMA cache_size = 10', 'PRAGMA cipher = no-such-cipher'], keyTemplate: '' }),
      (error: unknown) => error instanceof StoreError && error.kind === 'bad-pragma' && /db\.pragmas entry 2/.test(error.message),
    );
  });

  it('reports a path that cannot be opened', async () => {
    await assert.rejects(
      async () => await openStore({ path: dir, pragmas: [], keyTemplate: '' }),
      (error: unknown) => error instanceof StoreError && error.kind === 'cannot-open' && error.message.includes('db.path'),
    );
  });
});

describe('settings', () => {
  it('get, set, overwrite and delete', async () => {
    const store = await openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
    const { settings } = store;
    assert.equal(await settings.get('fingerprint'), null);
    await settings.set('fingerprint', 'abc');
    assert.equal(await settings.get('fingerprint'), 'abc');
    await settings.set('fingerprint', 'def');
    assert.equal(await settings.get('fingerprint'), 'def');
    await settings.set('empty', '');
    assert.equal(await settings.get('empty'), '');
    await settings.delete('fingerprint');
    assert.equal(await settings.get('fingerprint'), null);
    await settings.delete('never-set');
    await store.close();
  });

  it('reads numbers stored by other code as text and other values as unset', async () => {
    const store = await openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
    store.db.sqlite.exec("INSERT INTO setting (name, value) VALUES ('n', 1246826841231327275), ('b', x'00ff'), ('z', NULL)");
    assert.equal(await store.settings.get('n'), '1246826841231327275');
    assert.equal(await store.settings.get('b'), null);
    assert.equal(await store.settings.get('z'), null);
    await store.close();
  });
});
