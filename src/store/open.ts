// Opening the SQLite database: cipher pragmas, key, a read that proves the key, then the
// connection settings and migrations. Every failure an admin can fix becomes a
// StoreError naming the config keys to look at; the key itself never appears in one.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { StoreError } from './errors.ts';
import { checkSchemaVersion, migrate } from './migrate.ts';
import { OPENING_BUSY_TIMEOUT_MS, OPERATING_BUSY_TIMEOUT_MS } from './write.ts';

export { StoreError, type StoreErrorKind } from './errors.ts';

export interface OpenStoreOptions {
  /** db.path: the database file (created, with its folder, when missing), or ':memory:'. */
  path: string;
  /** db.pragmas: statements run before the key, in order (cipher settings go here). */
  pragmas: string[];
  /** db.key_template: the key pragma with `{}` where the key goes; empty for a plain database. */
  keyTemplate: string;
  /** The database key; required when keyTemplate is set, ignored otherwise. */
  key?: string | null;
}

const KEY_HELP = 'check db.key_template, db.pragmas and the key (THETICKETBOT_DB_KEY)';

/**
 * The key pragma for a template such as `PRAGMA key = '{}'`. Single quotes in the key
 * are doubled, so a template that quotes `{}` in single quotes takes any key.
 */
export function keyPragma(template: string, key: string): string {
  if (!template.includes('{}')) {
    throw new StoreError('bad-pragma', `db.key_template must contain {} where the key goes, for example "PRAGMA key = '{}'".`);
  }
  if (key.includes('\0')) {
    // SQLite would end the statement at the NUL and quote the rest of the key in its error.
    throw new StoreError('bad-pragma', 'The database key contains a NUL character, which a key pragma cannot carry.');
  }
  return template.split('{}').join(key.replaceAll("'", "''"));
}

/** Opens, unlocks, configures and migrates the database. See OpenStoreOptions. */
export function openDatabase(opts: OpenStoreOptions): Database.Database {
  const { path } = opts;
  const keyed = opts.keyTemplate !== '';
  let keySql: string | null = null;
  if (keyed) {
    if (!opts.key) {
      throw new StoreError(
        'key-required',
        'db.key_template is set, so the database key is needed: type it at the prompt, set THETICKETBOT_DB_KEY, or pipe it as one line on stdin.',
      );
    }
    keySql = keyPragma(opts.keyTemplate, opts.key);
  }

  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) {
    try {
      mkdirSync(dirname(resolve(path)), { recursive: true });
    } catch (error) {
      throw new StoreError('cannot-open', `Could not create the folder for the database ${path} (db.path): ${messageOf(error)}`, { cause: error });
    }
  }

  let db: Database.Database;
  try {
    db = new Database(path, { timeout: OPENING_BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new StoreError('cannot-open', `Could not open the database ${path} (db.path): ${messageOf(error)}`, { cause: error });
  }

  try {
    db.defaultSafeIntegers(true);
    runConfigPragmas(db, opts.pragmas);
    if (keySql !== null) runKeyPragma(db, keySql);
    proveReadable(db, path, keyed);
    // Before anything writes: even switching to WAL rewrites the file header.
    checkSchemaVersion(db);
    configureConnection(db, path);
    migrate(db);
    // From here on the bot runs: see write.ts for why SQLite's own wait stays short.
    db.pragma(`busy_timeout = ${OPERATING_BUSY_TIMEOUT_MS}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function runConfigPragmas(db: Database.Database, pragmas: readonly string[]): void {
  pragmas.forEach((pragma, index) => {
    try {
      db.exec(pragma);
    } catch (error) {
      throw new StoreError('bad-pragma', `db.pragmas entry ${index + 1} failed: ${messageOf(error)}`, { cause: error });
    }
  });
}

function runKeyPragma(db: Database.Database, sql: string): void {
  try {
    db.exec(sql);
  } catch {
    // SQLite's message quotes the text near a syntax error, which here is the key, so
    // neither the message nor the original error travels on.
    throw new StoreError(
      'bad-pragma',
      "The key pragma from db.key_template failed to run (SQLite's message is withheld because it may quote the key). " +
        `Check the template, for example "PRAGMA key = '{}'".`,
    );
  }
}

/** PRAGMA key answers ok whatever the key; the first real read is what fails. */
function proveReadable(db: Database.Database, path: string, keyed: boolean): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if (sqliteCode(error) === 'SQLITE_NOTADB') {
      if (keyed) {
        throw new StoreError(
          'wrong-key',
          `Could not decrypt the database ${path}: the key is wrong, the cipher settings differ from the ones it was encrypted with, ` +
            `or the file is not encrypted at all; ${KEY_HELP}.`,
        );
      }
      throw new StoreError(
        'not-a-database',
        `The file ${path} is not a database or is encrypted: if it is encrypted, set db.key_template (and db.pragmas for its cipher settings) ` +
          'and supply the key; otherwise check db.path.',
      );
    }
    throw new StoreError('cannot-open', `Could not read the database ${path}: ${messageOf(error)}`, { cause: error });
  }
}

function configureConnection(db: Database.Database, path: string): void {
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (error) {
    throw new StoreError('cannot-open', `Could not set up the database ${path} for writing: ${messageOf(error)}`, { cause: error });
  }
}

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
