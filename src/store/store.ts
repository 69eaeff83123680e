// The open database and the modules built on it, as one object the composition root
// passes down: SQLite (db.path, the default) or PostgreSQL (db.url).
import { Kysely } from 'kysely';
import { Db, newRoot, type WriteStats } from './db.ts';
import { openDatabase, type OpenStoreOptions as SqliteStoreOptions } from './open.ts';
import type { Schema } from './schema.ts';
import { createSettings, type Settings } from './settings.ts';
import { StoreSqliteDialect } from './sqlite-dialect.ts';

export interface PostgresStoreOptions {
  /** db.url: postgres://user:password@host:port/database */
  url: string;
  /** Told about a pooled connection that failed while idle (the next query reconnects). */
  onIdleError?: (error: Error) => void;
}

export type { SqliteStoreOptions };
export type OpenStoreOptions = SqliteStoreOptions | PostgresStoreOptions;

export interface Store {
  db: Db;
  settings: Settings;
  /** Live counters of the writes made through writeTransaction() (read by the benchmarks). */
  readonly stats: Readonly<WriteStats>;
  /** Closes the database (SQLite: after PRAGMA optimize); later calls do nothing. */
  close(): Promise<void>;
}

function isPostgres(opts: OpenStoreOptions): opts is PostgresStoreOptions {
  return 'url' in opts && typeof opts.url === 'string' && opts.url !== '';
}

/** A store on an open SQLite connection (pragmas, key and migrations done: open.ts). */
export function sqliteDb(sqlite: ReturnType<typeof openDatabase>, name: string = sqlite.name): Db {
  const kysely = new Kysely<Schema>({ dialect: new StoreSqliteDialect(sqlite) });
  return new Db(newRoot('sqlite', kysely, name, sqlite));
}

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  let db: Db;
  if (isPostgres(opts)) {
    // Loaded only for PostgreSQL: pg stays out of a SQLite bot's memory.
    const { openPostgres } = await import('./postgres.ts');
    db = await openPostgres(opts);
  } else {
    db = sqliteDb(openDatabase(opts));
  }
  return storeOn(db);
}

/** The store's object around an open database. */
export function storeOn(db: Db): Store {
  const root = db.root;
  return {
    db,
    settings: createSettings(db),
    stats: root.stats,
    async close() {
      if (root.closed) return;
      root.closed = true;
      const sqlite = root.sqlite;
      if (sqlite) {
        // Closed right here, not on a later turn: a caller that does not wait finds it closed.
        if (!sqlite.open) return;
        try {
          sqlite.pragma('optimize');
        } catch {
          // Only statistics for the query planner; closing matters more.
        }
        sqlite.close();
        return;
      }
      await root.kysely.destroy();
    },
  };
}
