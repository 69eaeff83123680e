// The open database and the modules built on it, as one object the composition root
// passes down.
import type Database from 'better-sqlite3-multiple-ciphers';
import { openDatabase, type OpenStoreOptions } from './open.ts';
import { createSettings, type Settings } from './settings.ts';
import { writeStats, type WriteStats } from './write.ts';

export interface Store {
  db: Database.Database;
  settings: Settings;
  /** Live counters of the writes made through writeTransaction() (read by the benchmarks). */
  readonly stats: Readonly<WriteStats>;
  /** Runs PRAGMA optimize and closes the connection; later calls do nothing. */
  close(): void;
}

export function openStore(opts: OpenStoreOptions): Store {
  const db = openDatabase(opts);
  return {
    db,
    settings: createSettings(db),
    stats: writeStats(db),
    close() {
      if (!db.open) return;
      try {
        db.pragma('optimize');
      } catch {
        // Only statistics for the query planner; closing matters more.
      }
      db.close();
    },
  };
}
