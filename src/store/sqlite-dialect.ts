// Kysely's SQLite dialect on the connection open.ts prepared (pragmas, key, migrations),
// with two changes: transactions begin IMMEDIATE (every transaction here writes, and the
// write lock is then taken at BEGIN, where the busy timeout applies, instead of halfway
// through), and prepared statements are kept per SQL text instead of prepared again for
// every query (Kysely's driver prepares each time, which cost about 0.4 ms of CPU per
// ticket).
import type Database from 'better-sqlite3-multiple-ciphers';
import {
  CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
  type TransactionSettings,
} from 'kysely';

/** Distinct statements kept; the ticket path uses a few dozen, id lists of many lengths add more. */
const STATEMENT_CACHE_SIZE = 256;

/** The connection with a statement cache in front of prepare(). */
function cachingDatabase(db: Database.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = db.prepare(sql) as unknown as SqliteStatement;
        // Oldest first out: a Map iterates in insertion order.
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      db.close();
    },
  };
}

class ImmediateDriver implements Driver {
  readonly #inner: Driver;
  readonly #db: Database.Database;

  constructor(inner: Driver, db: Database.Database) {
    this.#inner = inner;
    this.#db = db;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return this.#inner.acquireConnection();
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite rolls back by itself after some failures (a full disk, an I/O error): a second
    // ROLLBACK would fail and hide the error that matters.
    if (!this.#db.inTransaction) return;
    await this.#inner.rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** The dialect for one open better-sqlite3 connection; Kysely's destroy() closes it. */
export class StoreSqliteDialect extends SqliteDialect {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    super({ database: cachingDatabase(db) });
    this.#db = db;
  }

  override createDriver(): Driver {
    return new ImmediateDriver(super.createDriver(), this.#db);
  }
}
