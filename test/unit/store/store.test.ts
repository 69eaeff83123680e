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
  it('creates missing folders and sets up the connection', () => {
    const path = join(dir, 'a', 'b', 'theticketbot.db');
    const store = openStore({ path, pragmas: [], keyTemplate: '' });
    assert.ok(existsSync(path));
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1n);
    assert.equal(store.db.pragma('synchronous', { simple: true }), 1n, 'NORMAL');
    // Short once running: a longer wait would stall the whole bot (see write.ts).
    assert.equal(store.db.pragma('busy_timeout', { simple: true }), 250n);
    assert.deepEqual(store.stats, { writeTransactions: 0, busyRetries: 0 });
    store.close();
  });

  it('reads every INTEGER as bigint', () => {
    const store = openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
    assert.equal(store.db.prepare('SELECT 1246826841231327275').pluck().get(), 1246826841231327275n);
    store.close();
  });

  it('close() is idempotent', () => {
    const store = openStore({ path: join(dir, 'close.db'), pragmas: [], keyTemplate: '' });
    store.close();
    store.close();
    assert.equal(store.db.open, false);
  });

  it('runs db.pragmas in order and names a failing one by position', () => {
    const store = openStore({ path: ':memory:', pragmas: ['PRAGMA cache_size = -4000', 'PRAGMA temp_store = MEMORY'], keyTemplate: '' });
    assert.equal(store.db.pragma('cache_size', { simple: true }), -4000n);
    store.close();
    assert.throws(
      () => openStore({ path: ':memory:', pragmas: ['PRAGMA cache_size = 10', 'PRAGMA cipher = no-such-cipher'], keyTemplate: '' }),
      (error: unknown) => error instanceof StoreError && error.kind === 'bad-pragma' && /db\.pragmas entry 2/.test(error.message),
    );
  });

  it('reports a path that cannot be opened', () => {
    assert.throws(
      () => openStore({ path: dir, pragmas: [], keyTemplate: '' }),
      (error: unknown) => error instanceof StoreError && error.kind === 'cannot-open' && error.message.includes('db.path'),
    );
  });
});

describe('settings', () => {
  it('get, set, overwrite and delete', () => {
    const store = openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
    const { settings } = store;
    assert.equal(settings.get('fingerprint'), null);
    settings.set('fingerprint', 'abc');
    assert.equal(settings.get('fingerprint'), 'abc');
    settings.set('fingerprint', 'def');
    assert.equal(settings.get('fingerprint'), 'def');
    settings.set('empty', '');
    assert.equal(settings.get('empty'), '');
    settings.delete('fingerprint');
    assert.equal(settings.get('fingerprint'), null);
    settings.delete('never-set');
    store.close();
  });

  it('reads numbers stored by other code as text and other values as unset', () => {
    const store = openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
    store.db.exec("INSERT INTO setting (name, value) VALUES ('n', 1246826841231327275), ('b', x'00ff'), ('z', NULL)");
    assert.equal(store.settings.get('n'), '1246826841231327275');
    assert.equal(store.settings.get('b'), null);
    assert.equal(store.settings.get('z'), null);
    store.close();
  });
});
