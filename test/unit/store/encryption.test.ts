// Encrypted databases through SQLite3 Multiple Ciphers: the steps docs/ENCRYPTION.md
// describes, and the errors an admin sees when something does not match.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { keyPragma, StoreError, type OpenStoreOptions, type StoreErrorKind } from '../../../src/store/open.ts';
import { openStore } from '../../../src/store/store.ts';
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

function open(path: string, options: Partial<OpenStoreOptions> = {}): ReturnType<typeof openStore> {
  return openStore({ path, pragmas: [], keyTemplate: TEMPLATE, key: KEY, ...options });
}

/** Asserts a StoreError of this kind that says nothing about the secret words given. */
function expectStoreError(fn: () => unknown, kind: StoreErrorKind, secrets: string[], check?: (message: string) => void): void {
  assert.throws(fn, (error: unknown) => {
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

function guilds(store: ReturnType<typeof openStore>): unknown[] {
  return store.db.prepare('SELECT id FROM guild').pluck().all();
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

  it('refuses a template without {} and a key with a NUL', () => {
    expectStoreError(() => keyPragma("PRAGMA key = 'x'", 'abc'), 'bad-pragma', [], (m) => assert.match(m, /db\.key_template/));
    expectStoreError(() => keyPragma(TEMPLATE, 'sec\0ret'), 'bad-pragma', ['sec', 'ret']);
  });
});

describe('an encrypted database', () => {
  it('is not readable as a plain file', () => {
    assert.ok(isEncrypted(encryptedDb(KEY)));
    assert.ok(!isEncrypted(plainDb()));
  });

  it('opens with db.key_template and the right key', () => {
    const store = open(encryptedDb(KEY));
    assert.deepEqual(guilds(store), [GUILD]);
    assert.equal(store.db.pragma('user_version', { simple: true }), 8n);
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    store.close();
  });

  it('is created encrypted on the first run when a key is configured', () => {
    const path = tempPath();
    open(path).close();
    assert.ok(isEncrypted(path));
    const store = open(path);
    assert.equal(store.db.pragma('user_version', { simple: true }), 8n);
    store.close();
  });

  it('with a wrong key gives wrong-key, names what to check, never the key, and writes nothing', () => {
    const path = encryptedDb(KEY);
    const before = readFileSync(path);
    const wrong = 'tr0ub4dor&3 zebra';
    expectStoreError(() => open(path, { key: wrong }), 'wrong-key', [wrong, KEY], (message) => {
      assert.match(message, /could not decrypt/i);
      assert.match(message, /db\.key_template/);
      assert.match(message, /db\.pragmas/);
      assert.match(message, /THETICKETBOT_DB_KEY/);
    });
    assert.deepEqual(readFileSync(path), before);
  });

  it('without a key template gives not-a-database naming db.key_template', () => {
    const path = encryptedDb(KEY);
    expectStoreError(() => open(path, { keyTemplate: '', key: null }), 'not-a-database', [KEY], (message) => {
      assert.match(message, /is not a database or is encrypted/);
      assert.match(message, /db\.key_template/);
    });
  });

  it('with a key template but no key gives key-required', () => {
    const path = encryptedDb(KEY);
    expectStoreError(() => open(path, { key: null }), 'key-required', []);
    expectStoreError(() => open(path, { key: '' }), 'key-required', []);
    expectStoreError(() => open(path, { key: undefined }), 'key-required', []);
  });

  it('a key for a plain file gives wrong-key saying the file may not be encrypted', () => {
    const path = plainDb();
    expectStoreError(() => open(path), 'wrong-key', [KEY], (message) => assert.match(message, /not encrypted/));
    // The same file opens fine once the key template is removed.
    open(path, { keyTemplate: '', key: null }).close();
  });

  it('takes keys with single quotes, in both directions', () => {
    const key = "it's a 'quoted' key";
    const store = open(encryptedDb(key), { key });
    assert.deepEqual(guilds(store), [GUILD]);
    store.close();

    const path = tempPath();
    open(path, { key }).close();
    const raw = new Database(path);
    raw.exec("PRAGMA key = 'it''s a ''quoted'' key'");
    assert.equal(raw.prepare('PRAGMA user_version').pluck().get(), 8);
    raw.close();
  });

  it('a key pragma SQLite cannot parse gives bad-pragma without quoting the key', () => {
    const path = encryptedDb(KEY);
    // No quotes around {}: SQLite stops at the second word and would quote it.
    expectStoreError(() => open(path, { keyTemplate: 'PRAGMA key = {}' }), 'bad-pragma', [KEY], (message) =>
      assert.match(message, /db\.key_template/),
    );
  });

  it('runs cipher pragmas before the key (sqlcipher compatibility)', () => {
    const pragmas = ['PRAGMA cipher = sqlcipher', 'PRAGMA kdf_iter = 64000'];
    const path = encryptedDb(KEY, pragmas);
    const store = open(path, { pragmas });
    assert.deepEqual(guilds(store), [GUILD]);
    store.close();
    // The default cipher cannot read it, and neither can the right pragmas run after the key.
    expectStoreError(() => open(path), 'wrong-key', [KEY]);
    const raw = new Database(path);
    raw.exec(`PRAGMA key = '${KEY}'`);
    for (const pragma of pragmas) raw.exec(pragma);
    assert.throws(() => raw.prepare('SELECT count(*) FROM sqlite_master').get(), /file is not a database/);
    raw.close();
  });

  it('opens a SQLCipher 3 database with PRAGMA legacy = 3', () => {
    const pragmas = ['PRAGMA cipher = sqlcipher', 'PRAGMA legacy = 3'];
    const path = encryptedDb(KEY, pragmas);
    const store = open(path, { pragmas });
    assert.deepEqual(guilds(store), [GUILD]);
    store.close();
    expectStoreError(() => open(path, { pragmas: ['PRAGMA cipher = sqlcipher'] }), 'wrong-key', [KEY]);
  });

  it('takes a raw key through PRAGMA hexkey', () => {
    const hex = '000102030405060708090a0b0c0d0e0f';
    const path = tempPath();
    const raw = new Database(path);
    raw.exec(`PRAGMA hexkey = '${hex}'`);
    raw.exec('CREATE TABLE probe (x)');
    raw.close();
    const store = open(path, { keyTemplate: "PRAGMA hexkey = '{}'", key: hex });
    assert.equal(store.db.pragma('user_version', { simple: true }), 8n);
    store.close();
    expectStoreError(() => open(path, { key: hex }), 'wrong-key', [hex]);
  });
});

describe('changing the key (PRAGMA rekey)', () => {
  it('is refused in WAL journal mode and works after PRAGMA journal_mode = delete', () => {
    const path = encryptedDb(KEY);
    const store = open(path);
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.throws(() => store.db.pragma("rekey = 'new key'"), (error: unknown) => {
      assert.ok(error instanceof Database.SqliteError);
      assert.equal(error.code, 'SQLITE_ERROR');
      assert.equal(error.message, 'Rekeying is not supported in WAL journal mode.');
      return true;
    });
    assert.equal(store.db.pragma('journal_mode = delete', { simple: true }), 'delete');
    store.db.pragma("rekey = 'new key'");
    assert.equal(store.db.pragma('journal_mode = WAL', { simple: true }), 'wal');
    store.close();

    expectStoreError(() => open(path), 'wrong-key', [KEY]);
    const reopened = open(path, { key: 'new key' });
    assert.deepEqual(guilds(reopened), [GUILD]);
    assert.equal(reopened.db.pragma('journal_mode', { simple: true }), 'wal');
    reopened.close();
  });

  it('encrypts a plain database when run in DELETE journal mode', () => {
    const path = plainDb();
    const raw = new Database(path);
    raw.pragma('journal_mode = delete');
    raw.pragma(`rekey = '${KEY}'`);
    raw.close();
    assert.ok(isEncrypted(path));
    open(path).close();
  });
});

describe('removing encryption', () => {
  it('PRAGMA rekey = empty in DELETE journal mode leaves a plain database', () => {
    const path = encryptedDb(KEY);
    const store = open(path);
    store.db.pragma('journal_mode = delete');
    store.db.pragma("rekey = ''");
    store.close();
    assert.ok(!isEncrypted(path));
    const plain = open(path, { keyTemplate: '', key: null });
    assert.deepEqual(guilds(plain), [GUILD]);
    plain.close();
  });
});
