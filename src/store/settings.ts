// Bot-wide name/value pairs in the `setting` table.
import type Database from 'better-sqlite3-multiple-ciphers';

export interface Settings {
  /** The value, or null when the setting is missing or not text. */
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
}

export function createSettings(db: Database.Database): Settings {
  const select = db.prepare<[string], { value: unknown }>('SELECT value FROM setting WHERE name = ?');
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare<[string]>('DELETE FROM setting WHERE name = ?');
  return {
    get(name) {
      const value = select.get(name)?.value;
      if (typeof value === 'string') return value;
      // The column is untyped; numbers are read back as text, anything else counts as unset.
      if (typeof value === 'bigint' || typeof value === 'number') return String(value);
      return null;
    },
    set(name, value) {
      upsert.run(name, value);
    },
    delete(name) {
      remove.run(name);
    },
  };
}
