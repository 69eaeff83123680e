// Numbered SQL migrations. SQLite's are tracked with PRAGMA user_version exactly like the
// Python bot did, so a database it left behind continues where it stopped; PostgreSQL has
// its own numbering (migrations/postgres/, see migrate-postgres.ts).
import { readdirSync, readFileSync } from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';
import { StoreError } from './errors.ts';

export interface Migration {
  version: number;
  /** The file name without number and extension, e.g. `add-inbox-counter`. */
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const FILE_NAME = /^(\d+)-(.+)\.sql$/;

let loaded: readonly Migration[] | null = null;

/** The numbered .sql files of one folder, in order. Versions run 1, 2, 3… without gaps. */
export function readMigrations(dir: URL): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir)) {
    const match = FILE_NAME.exec(file);
    if (!match) continue;
    migrations.push({
      version: Number(match[1]),
      name: match[2]!,
      sql: readFileSync(new URL(file, dir), 'utf8'),
    });
  }
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    // A gap or a duplicate is a packaging mistake; running past it would corrupt the schema.
    if (migration.version !== index + 1) {
      throw new Error(`migration files are not numbered 1, 2, 3…: found ${migration.version} at position ${index + 1}`);
    }
  });
  return migrations;
}

/** Every SQLite migration shipped with this build, in order. */
export function loadMigrations(): readonly Migration[] {
  loaded ??= readMigrations(MIGRATIONS_DIR);
  return loaded;
}

/** The version a fully migrated database has. */
export function latestVersion(): number {
  return loadMigrations().length;
}

/** The database's PRAGMA user_version. */
export function schemaVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Reads the schema version and refuses one this build does not know, before anything
 * is written (switching to WAL already rewrites the file header).
 */
export function checkSchemaVersion(db: Database.Database): number {
  const version = schemaVersion(db);
  const latest = latestVersion();
  if (version > latest || version < 0) {
    throw new StoreError(
      'newer-schema',
      `The database ${db.name} has schema version ${version}, but this version of theticketbot knows versions up to ${latest}: ` +
        'it was written by a newer version of the bot. Upgrade theticketbot to use it; the database was left untouched.',
    );
  }
  return version;
}

/**
 * Brings the schema up to date, one transaction per migration. Several processes may open
 * one new file at once: each migration takes the write lock first (BEGIN IMMEDIATE, which
 * waits out the busy timeout) and reads the version again inside, so a migration another
 * process already ran is skipped instead of failing halfway ("duplicate column").
 */
export function migrate(db: Database.Database): { from: number; to: number } {
  const from = checkSchemaVersion(db);
  let to = from;
  for (const migration of loadMigrations()) {
    if (migration.version <= to) continue;
    to = db
      .transaction(() => {
        const current = checkSchemaVersion(db);
        if (current >= migration.version) return current;
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
        return migration.version;
      })
      .immediate();
  }
  return { from, to };
}
