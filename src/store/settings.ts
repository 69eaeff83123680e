// Bot-wide name/value pairs in the `setting` table.
import type { Db } from './db.ts';
import { writeTransaction } from './write.ts';

export interface Settings {
  /** The value, or null when the setting is missing or not text. */
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export function createSettings(db: Db): Settings {
  return {
    async get(name) {
      const row = await db.q.selectFrom('setting').select('value').where('name', '=', name).executeTakeFirst();
      const value = row?.value;
      if (typeof value === 'string') return value;
      // SQLite's column is untyped; numbers are read back as text, anything else counts as unset.
      if (typeof value === 'bigint' || typeof value === 'number') return String(value);
      return null;
    },
    async set(name, value) {
      await writeTransaction(db, (tx) =>
        tx.q
          .insertInto('setting')
          .values({ name, value })
          .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
          .execute(),
      );
    },
    async delete(name) {
      await writeTransaction(db, (tx) => tx.q.deleteFrom('setting').where('name', '=', name).execute());
    },
  };
}
