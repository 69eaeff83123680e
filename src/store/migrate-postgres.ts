// PostgreSQL's numbered migrations (migrations/postgres/NNN-name.sql), recorded in the
// table theticketbot_migration. All pending ones run in one transaction under an advisory
// lock, so two processes starting together migrate once: the second waits for the first
// and then finds nothing left to do. A database migrated by a newer version is refused
// before anything is written.
import type { ClientBase } from 'pg';
import { StoreError } from './errors.ts';
import { readMigrations, type Migration } from './migrate.ts';

const POSTGRES_DIR = new URL('./migrations/postgres/', import.meta.url);
/** The advisory lock key of migrations ("ttb_migr" in ASCII): one per database. */
const MIGRATION_LOCK = '8391440167695116146';
export const MIGRATION_TABLE = 'theticketbot_migration';

let loaded: readonly Migration[] | null = null;

export function loadPostgresMigrations(): readonly Migration[] {
  loaded ??= readMigrations(POSTGRES_DIR);
  return loaded;
}

export function latestPostgresVersion(): number {
  return loadPostgresMigrations().length;
}

/** The highest version recorded, 0 for a database never migrated; null when the table is missing. */
export async function postgresSchemaVersion(client: ClientBase): Promise<number | null> {
  const exists = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [MIGRATION_TABLE]);
  if (!exists.rows[0]?.present) return null;
  const result = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${MIGRATION_TABLE}`);
  return result.rows[0]?.version ?? 0;
}

export function newerSchemaError(where: string, version: number, latest: number): StoreError {
  return new StoreError(
    'newer-schema',
    `The PostgreSQL database ${where} has schema version ${version}, but this version of theticketbot knows versions up to ${latest}: ` +
      'it was written by a newer version of the bot. Upgrade theticketbot to use it; the database was left untouched.',
  );
}

/** Brings the schema up to date. `where` names the database in messages (no password). */
export async function migratePostgres(client: ClientBase, where: string): Promise<{ from: number; to: number }> {
  const migrations = loadPostgresMigrations();
  const latest = migrations.length;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // Read after the lock: another process may just have migrated.
    const found = await postgresSchemaVersion(client);
    const from = found ?? 0;
    if (from > latest) throw newerSchemaError(where, from, latest);
    if (from === latest) {
      await client.query('COMMIT');
      return { from, to: from };
    }
    if (found === null) {
      await client.query(
        `CREATE TABLE ${MIGRATION_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      );
    }
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${MIGRATION_TABLE} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
    }
    await client.query('COMMIT');
    return { from, to: latest };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
