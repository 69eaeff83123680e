// Encrypted databases through SQLite3 Multiple Ciphers: the steps docs/ENCRYPTION.md
// describes, and the errors an admin sees when something does not match.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { keyPragma, StoreError, type OpenStoreOptions, type StoreErrorKind } from '../../../src/store/open.ts';
import { latestVersion } from '../../../src/store/migrate.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { buildPythonDb } from '../../fixtures/python-db.ts';

const dir = mkdtempSync(join(tmpdir(), 'ttb-crypt-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const tempPath = (): string => join(dir, `db-${++counter}.sqlite`);

const KEY = 'correct horse battery staple';
const TEMPLATE = "PRAGMA key = '{}'";
const GUILD = 1246826841231327275n;
const PLAIN_HEADER = Buffer.from('SQLite format 3\0');

/** A database the Python bot left behind, encrypted the way the README describes. */
function encryptedDb(key: string, pragmas: string[] = []): string {
  const path = tempPath();
  const db = buildPythonDb(path, { key, pragmas });
  db.prepare('INSERT INTO guild (id) VALUES (?)').run(GUILD);
  db.close();
  return path;
}

function plainDb(): string {
  const path = tempPath();
  buildPythonDb(path).close();
  return path;
}

function isEncrypted(path: string): boolean {
  return !readFileSync(path).subarray(0, 16).equals(PLAIN_HEADER);
}

async function open(path: string, options: Partial<OpenStoreOptions> = {}): ReturnType<typeof openStore> {
  return openStore({ path, pragmas: [], keyTemplate: TEMPLATE, key: KEY, ...options });
}

/** Asserts a StoreError of this kind that says nothing about the secret words given. */
async function expectStoreError(fn: () => unknown, kind: StoreErrorKind, secrets: string[], check?: (message: string) => void): Promise<void> {
  await assert.rejects(async () => fn(), (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    const everything = [error.message, error.stack ?? '', String(error.cause ?? ''), JSON.stringify(error)].join('\n');
    for (const secret of secrets) {
      for (const word of secret.split(/\s+/).filter((w) => w.length >= 3)) {
        assert.ok(!everything.includes(word), `the error mentions ${JSON.stringify(word)} from the key`);
      }
    }
    check?.(error.message);
    return true;
  });
}

function guilds(store: Store): unknown[] {
  return store.db.sqlite.prepare('SELECT id FROM guild').pluck().all();
}

describe('keyPragma', () => {
  it('puts the key where {} is, doubling single quotes', () => {
    assert.equal(keyPragma("PRAGMA key = '{}'", 'abc'), "PRAGMA key = 'abc'");
    assert.equal(keyPragma("PRAGMA key = '{}'", "it's"), "PRAGMA key = 'it''s'");
    assert.equal(keyPragma("PRAGMA hexkey = '{}'", '00ff'), "PRAGMA hexkey = '00ff'");
  });

  it('takes the key literally, replacement patterns and braces included', () => {
    assert.equal(keyPragma("PRAGMA key = '{}'", "$& $' {}"), "PRAGMA key = '$& $'' {}'");
  });

  it('refuses a template without {} and a key with a NUL', async () => {
    await expectStoreError(() => keyPragma("PRAGMA key = 'x'", 'abc'), 'bad-pragma', [], (m) => assert.match(m, /db\.key_template/));
    await expectStoreError(() => keyPragma(TEMPLATE, 'sec\0ret'), 'bad-pragma', ['sec', 'ret']);
  });
});

describe('an encrypted database', () => {
  it('is not readable as a plain file', () => {
    assert.ok(isEncrypted(encryptedDb(KEY)));
    assert.ok(!isEncrypted(plainDb()));
  });

  it('opens with db.key_template and the right key', async () => {
    const store = await open(encryptedDb(KEY));
    assert.deepEqual(guilds(store), [GUILD]);
    assert.equal(store.db.sqlite.pragma('user_version', { simple: true }), BigInt(latestVersion()));
    assert.equal(store.db.sqlite.pragma('journal_mode', { simple: true }), 'wal');
    await store.close();
  });

  it('is created encrypted on the first run when a key is configured', async () => {
    const path = tempPath();
    await (await open(path)).close();
    assert.ok(isEncrypted(path));
    const store = await open(path);
    assert.equal(store.db.sqlite.pragma('user_version', { simple: true }), BigInt(latestVersion()));
    await store.close();
  });

  it('with a wrong key gives wrong-key, names what to check, never the key, and writes nothing', async () => {
    const path = encryptedDb(KEY);
    const before = readFileSync(path);
    const wrong = 'tr0ub4dor&3 zebra';
    await expectStoreError(async () => await open(path, { key: wrong }), 'wrong-key', [wrong, KEY], (message) => {
      assert.match(message, /could not decrypt/i);
      assert.match(message, /db\.key_template/);
      assert.match(message, /db\.pragmas/);
      assert.match(message, /THETICKETBOT_DB_KEY/);
    });
    assert.deepEqual(readFileSync(path), before);
  });

  it('without a key template gives not-a-database naming db.key_template', async () => {
    const path = encryptedDb(KEY);
    await expectStoreError(async () => await open(path, { keyTemplate: '', key: null }), 'not-a-database', [KEY], (message) => {
      assert.match(message, /is not a database or is encrypted/);
      assert.match(message, /db\.key_template/);
    });
  });

  it('with a key template but no key gives key-required', async () => {
    const path = encryptedDb(KEY);
    await expectStoreError(async () => await open(path, { key: null }), 'key-required', []);
    await expectStoreError(async () => await open(path, { key: '' }), 'key-required', []);
    await expectStoreError(async () => await open(path, { key: undefined }), 'key-required', []);
  });

  it('a key for a plain file gives wrong-key saying the file may not be encrypted', async () => {
    const path = plainDb();
    await expectStoreError(async () => await open(path), 'wrong-key', [KEY], (message) => assert.match(message, /not encrypted/));
    // The same file opens fine once the key template is removed.
    await (await open(path, { keyTemplate: '', key: null })).close();
  });

  it('takes keys with single quotes, in both directions', async () => {
    const key = "it's a 'quoted' key";
    const store = await open(encryptedDb(key), { key });
    assert.deepEqual(guilds(store), [GUILD]);
    await store.close();

    const path = tempPath();
    await (await open(path, { key })).close();
    const raw = new Database(path);
    raw.exec("PRAGMA key = 'it''s a ''quoted'' key'");
    assert.equal(raw.prepare('PRAGMA user_version').pluck().get(), latestVersion());
    raw.close();
  });

  it('a key pragma SQLite cannot parse gives bad-pragma without quoting the key', async () => {
    const path = encryptedDb(KEY);
    // No quotes around {}: SQLite stops at the second word and would quote it.
    await expectStoreError(async () => await open(path, { keyTemplate: 'PRAGMA key = {}' }), 'bad-pragma', [KEY], (message) =>
      assert.match(message, /db\.key_template/),
    );
  });

  it('runs cipher pragmas before the key (sqlcipher compatibility)', async () => {
    const pragmas = ['PRAGMA cipher = sqlcipher', 'PRAGMA kdf_iter = 64000'];
    const path = encryptedDb(KEY, pragmas);
    const store = await open(path, { pragmas });
    assert.deepEqual(guilds(store), [GUILD]);
    await store.close();
    // The default cipher cannot read it, and neither can the right pragmas run after the key.
    await expectStoreError(async () => await open(path), 'wrong-key', [KEY]);
    const raw = new Database(path);
    raw.exec(`PRAGMA key = '${KEY}'`);
    for (const pragma of pragmas) raw.exec(pragma);
    assert.throws(() => raw.prepare('SELECT count(*) FROM sqlite_master').get(), /file is not a database/);
    raw.close();
  });

  it('opens a SQLCipher 3 database with PRAGMA legacy = 3', async () => {
    const pragmas = ['PRAGMA cipher = sqlcipher', 'PRAGMA legacy = 3'];
    const path = encryptedDb(KEY, pragmas);
    const store = await open(path, { pragmas });
    assert.deepEqual(guilds(store), [GUILD]);
    await store.close();
    await expectStoreError(async () => await open(path, { pragmas: ['PRAGMA cipher = sqlcipher'] }), 'wrong-key', [KEY]);
  });

  it('takes a raw key through PRAGMA hexkey', async () => {
    const hex = '000102030405060708090a0b0c0d0e0f';
    const path = tempPath();
    const raw = new Database(path);
    raw.exec(`PRAGMA hexkey = '${hex}'`);
    raw.exec('CREATE TABLE probe (x)');
    raw.close();
    const store = await open(path, { keyTemplate: "PRAGMA hexkey = '{}'", key: hex });
    assert.equal(store.db.sqlite.pragma('user_version', { simple: true }), BigInt(latestVersion()));
    await store.close();
    await expectStoreError(async () => await open(path, { key: hex }), 'wrong-key', [hex]);
  });
});

describe('changing the key (PRAGMA rekey)', () => {
  it('is refused in WAL journal mode and works after PRAGMA journal_mode = delete', async () => {
    const path = encryptedDb(KEY);
    const store = await open(path);
    assert.equal(store.db.sqlite.pragma('journal_mode', { simple: true }), 'wal');
    assert.throws(() => store.db.sqlite.pragma("rekey = 'new key'"), (error: unknown) => {
      assert.ok(error instanceof Database.SqliteError);
      assert.equal(error.code, 'SQLITE_ERROR');
      assert.equal(error.message, 'Rekeying is not supported in WAL journal mode.');
      return true;
    });
    assert.equal(store.db.sqlite.pragma('journal_mode = delete', { simple: true }), 'delete');
    store.db.sqlite.pragma("rekey = 'new key'");
    assert.equal(store.db.sqlite.pragma('journal_mode = WAL', { simple: true }), 'wal');
    await store.close();

    await expectStoreError(async () => await open(path), 'wrong-key', [KEY]);
    const reopened = await open(path, { key: 'new key' });
    assert.deepEqual(guilds(reopened), [GUILD]);
    assert.equal(reopened.db.sqlite.pragma('journal_mode', { simple: true }), 'wal');
    await reopened.close();
  });

  it('encrypts a plain database when run in DELETE journal mode', async () => {
    const path = plainDb();
    const raw = new Database(path);
    raw.pragma('journal_mode = delete');
    raw.pragma(`rekey = '${KEY}'`);
    raw.close();
    assert.ok(isEncrypted(path));
    await (await open(path)).close();
  });
});

describe('removing encryption', () => {
  it('PRAGMA rekey = empty in DELETE journal mode leaves a plain database', async () => {
    const path = encryptedDb(KEY);
    const store = await open(path);
    store.db.sqlite.pragma('journal_mode = delete');
    store.db.sqlite.pragma("rekey = ''");
    await store.close();
    assert.ok(!isEncrypted(path));
    const plain = await open(path, { keyTemplate: '', key: null });
    assert.deepEqual(guilds(plain), [GUILD]);
    await plain.close();
  });
});
