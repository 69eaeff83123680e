// `theticketbot copy-db --to postgres://…`: every row of the SQLite store (already opened,
// so migrated to the current schema, the Python bot's included) into an empty PostgreSQL
// database, in one transaction. A target that holds any of the bot's rows is refused
// before anything is written.
import { sql } from 'kysely';
import type { Db } from './db.ts';
import { StoreError } from './errors.ts';
import { TABLES_IN_INSERT_ORDER } from './schema.ts';
import { atomic } from './write.ts';

export type TableName = (typeof TABLES_IN_INSERT_ORDER)[number];

export interface CopyReport {
  /** Rows copied per table, in the order they were copied. */
  counts: Array<{ table: TableName; rows: number }>;
  /** Settings whose value was neither text nor a number (they read as unset), left out. */
  skippedSettings: number;
}

/** Rows per INSERT: well below PostgreSQL's 65,535 parameters for the widest table. */
const BATCH = 500;

/** Copies every row of `source` (SQLite) into the PostgreSQL database at `url`, which must be empty. */
export async function copyToPostgres(source: Db, url: string): Promise<CopyReport> {
  if (source.dialect !== 'sqlite') throw new Error('copy-db reads a SQLite store');
  const { openPostgres } = await import('./postgres.ts');
  const target = await openPostgres({ url });
  try {
    return await atomic(target, async (tx) => {
      const filled: string[] = [];
      for (const table of TABLES_IN_INSERT_ORDER) {
        const row = await tx.q.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        if (Number(row.n) > 0) filled.push(`${table} (${row.n})`);
      }
      if (filled.length > 0) {
        throw new StoreError(
          'not-empty',
          `The PostgreSQL database ${target.name} already holds the bot's rows (${filled.join(', ')}): copy-db only fills an empty database, so nothing was copied. Give it a new database (createdb), or empty this one first.`,
        );
      }
      const report: CopyReport = { counts: [], skippedSettings: 0 };
      for (const table of TABLES_IN_INSERT_ORDER) {
        let rows = (await source.q.selectFrom(table).selectAll().execute()) as Array<Record<string, unknown>>;
        if (table === 'setting') {
          const kept = rows.flatMap((r) => {
            const value = r['value'];
            if (value === null || typeof value === 'string') return [r];
            if (typeof value === 'bigint' || typeof value === 'number') return [{ ...r, value: String(value) }];
            return [];
          });
          report.skippedSettings = rows.length - kept.length;
          rows = kept;
        }
        for (let i = 0; i < rows.length; i += BATCH) {
          await tx.q
            .insertInto(table)
            .values(rows.slice(i, i + BATCH) as never)
            .execute();
        }
        report.counts.push({ table, rows: rows.length });
      }
      // The next click's (topic's, question's) id follows the copied ones.
      for (const table of ['pending_ticket', 'topic', 'form_question'] as const) {
        await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), coalesce((SELECT max(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(tx.q);
      }
      return report;
    });
  } finally {
    await target.root.kysely.destroy();
  }
}
