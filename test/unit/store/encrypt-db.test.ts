// scripts/encrypt-db.mjs run as an admin would, on temporary databases, checked by
// opening the result with openStore.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { StoreError, type OpenStoreOptions } from '../../../src/store/open.ts';
import { openStore } from '../../../src/store/store.ts';
import { buildPythonDb } from '../../fixtures/python-db.ts';

const SCRIPT = fileURLToPath(new URL('../../../scripts/encrypt-db.mjs', import.meta.url));
const TEMPLATE = "PRAGMA key = '{}'";
const GUILD = 1246826841231327275n;

const dir = mkdtempSync(join(tmpdir(), 'ttb-encrypt-db-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

/** A database as the bot leaves it (WAL journal), with one guild row. */
function database(options: { key?: string; pragmas?: string[] } = {}): string {
  const path = join(dir, `db-${++counter}.sqlite`);
  const db = buildPythonDb(path, options);
  db.prepare('INSERT INTO guild (id) VALUES (?)').run(GUILD);
  db.close();
  return path;
}

interface Run {
  status: number | null;
  output: string;
}

function run(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Run {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('THETICKETBOT_')) env[name] = value;
  }
  const result = spawnSync(process.execPath, [SCRIPT, ...args], {
    env: { ...env, ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function assertNoKeys(output: string, ...keys: string[]): void {
  for (const key of keys) assert.ok(!output.includes(key), `the output shows the key ${JSON.stringify(key)}`);
}

async function openWith(path: string, key: string, extra: Partial<OpenStoreOptions> = {}): Promise<bigint[]> {
  const store = await openStore({ path, pragmas: [], keyTemplate: TEMPLATE, key, ...extra });
  try {
    assert.equal(store.db.sqlite.pragma('journal_mode', { simple: true }), 'wal');
    return store.db.sqlite.prepare('SELECT id FROM guild').pluck().all() as bigint[];
  } finally {
    await store.close();
  }
}

async function assertWrongKey(path: string, key: string, extra: Partial<OpenStoreOptions> = {}): Promise<void> {
  await assert.rejects(
    async () => await openStore({ path, pragmas: [], keyTemplate: TEMPLATE, key, ...extra }),
    (error: unknown) => error instanceof StoreError && error.kind === 'wrong-key',
  );
}

describe('scripts/encrypt-db.mjs', () => {
  it('encrypts a plain database with the key from THETICKETBOT_NEW_DB_KEY', async () => {
    const path = database();
    const key = 'first secret key';
    const result = run([path], { env: { THETICKETBOT_NEW_DB_KEY: key } });
    assert.equal(result.status, 0, result.output);
    assertNoKeys(result.output, key);
    assert.match(result.output, /Encrypted/);
    assert.match(result.output, /key_template = "PRAGMA key = '\{\}'"/);
    assert.deepEqual(await openWith(path, key), [GUILD]);
    await assert.rejects(
      async () => await openStore({ path, pragmas: [], keyTemplate: '' }),
      (error: unknown) => error instanceof StoreError && error.kind === 'not-a-database',
    );
  });

  it('changes the key with both keys read as lines from stdin', async () => {
    const path = database({ key: 'old key one' });
    // Windows line endings and surrounding blanks go, as when the bot reads a key from stdin.
    const result = run([path], { input: "old key one\r\n  new key, it's two  \n" });
    assert.equal(result.status, 0, result.output);
    assertNoKeys(result.output, 'old key one', "new key, it's two");
    assert.match(result.output, /Changed the key/);
    assert.deepEqual(await openWith(path, "new key, it's two"), [GUILD]);
    await assertWrongKey(path, 'old key one');
  });

  it('takes the current key from THETICKETBOT_DB_KEY and the new one from stdin', async () => {
    const path = database({ key: 'env current' });
    const result = run([path], { env: { THETICKETBOT_DB_KEY: 'env current' }, input: 'piped new\n' });
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(await openWith(path, 'piped new'), [GUILD]);
  });

  it('switches cipher with --cipher, and the bot opens it with db.pragmas', async () => {
    const path = database({ key: 'chacha key' });
    const result = run([path, '--cipher', 'sqlcipher', '--from-cipher', 'chacha20'], {
      env: { THETICKETBOT_DB_KEY: 'chacha key', THETICKETBOT_NEW_DB_KEY: 'sqlcipher key' },
    });
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /pragmas = \["PRAGMA cipher = sqlcipher"\]/);
    assert.deepEqual(await openWith(path, 'sqlcipher key', { pragmas: ['PRAGMA cipher = sqlcipher'] }), [GUILD]);
    await assertWrongKey(path, 'sqlcipher key');
  });

  it('encrypts a plain database straight to another cipher', async () => {
    const path = database();
    const result = run([path, '--cipher', 'aes256cbc'], { env: { THETICKETBOT_NEW_DB_KEY: 'aes key' } });
    assert.equal(result.status, 0, result.output);
    assert.deepEqual(await openWith(path, 'aes key', { pragmas: ['PRAGMA cipher = aes256cbc'] }), [GUILD]);
  });

  it('goes back to the default cipher with --from-cipher alone, and says so', async () => {
    const pragmas = ['PRAGMA cipher = sqlcipher'];
    const path = database({ key: 'sqlcipher key', pragmas });
    const result = run([path, '--from-cipher', 'sqlcipher'], {
      env: { THETICKETBOT_DB_KEY: 'sqlcipher key', THETICKETBOT_NEW_DB_KEY: 'default key' },
    });
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /no PRAGMA cipher in db\.pragmas/);
    assert.deepEqual(await openWith(path, 'default key'), [GUILD]);
  });

  it('refuses a wrong current key and changes nothing', () => {
    const path = database({ key: 'the real key' });
    const before = readFileSync(path);
    const result = run([path], { input: 'not the key\nanother key\n' });
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /Could not decrypt/);
    assertNoKeys(result.output, 'the real key', 'not the key', 'another key');
    assert.deepEqual(readFileSync(path), before);
  });

  it('refuses to run without a new key', () => {
    const path = database();
    const before = readFileSync(path);
    const result = run([path]);
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /No new key given/);
    assert.deepEqual(readFileSync(path), before);
  });

  it('refuses a database another connection has open', async () => {
    const path = database();
    const holder = new Database(path);
    holder.prepare('SELECT count(*) FROM guild').get();
    try {
      const result = run([path], { env: { THETICKETBOT_NEW_DB_KEY: 'busy key' } });
      assert.equal(result.status, 1, result.output);
      assert.match(result.output, /in use: stop the bot/);
    } finally {
      holder.close();
    }
    // Still plain and readable.
    const store = await openStore({ path, pragmas: [], keyTemplate: '' });
    await store.close();
  });

  it('answers usage errors with exit code 2', () => {
    assert.equal(run([]).status, 2);
    assert.equal(run(['a.db', '--cipher']).status, 2);
    assert.equal(run(['a.db', '--bogus']).status, 2);
    const missing = run([join(dir, 'missing.db')], { env: { THETICKETBOT_NEW_DB_KEY: 'k' } });
    assert.equal(missing.status, 1);
    assert.match(missing.output, /does not exist/);
  });
});
