// The handle every store function takes: the query builder of one database (SQLite or
// PostgreSQL), or of one transaction on it. A transaction's handle is made by
// writeTransaction() (write.ts) and passed to the store functions called inside it, so
// they join the transaction instead of starting their own.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Compilable, CompiledQuery, Kysely, Transaction } from 'kysely';
import type { Schema } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface WriteStats {
  /** Write transactions committed through writeTransaction() on this database. */
  writeTransactions: number;
  /** Attempts that found the database locked by another process and were tried again later. */
  busyRetries: number;
}

/** What belongs to the database as a whole, shared by every handle on it. */
export interface DbRoot {
  readonly dialect: DialectName;
  readonly kysely: Kysely<Schema>;
  /** For messages: the file (db.path), or the URL without its password (db.url). */
  readonly name: string;
  /** The SQLite connection under Kysely (null on PostgreSQL): pragmas, the probe, tests. */
  readonly sqlite: Database.Database | null;
  closed: boolean;
  readonly stats: WriteStats;
  /** Settles when the writer now waiting out a lock has had its next try; null when none waits. */
  waiting: Promise<void> | null;
  /** A write found the database locked and none has succeeded since. */
  locked: boolean;
  /** SQLite: settles when the whenWritable() tries begun so far are done (they go one at a time). */
  tries: Promise<void>;
  /** Told how long each write transaction took (metrics); null when nobody listens. */
  observe: ((seconds: number) => void) | null;
}

export class Db {
  readonly root: DbRoot;
  /** The query builder: the whole database, or the transaction this handle is part of. */
  readonly q: Kysely<Schema>;
  readonly inTransaction: boolean;

  constructor(root: DbRoot, transaction: Transaction<Schema> | null = null) {
    this.root = root;
    this.q = transaction ?? root.kysely;
    this.inTransaction = transaction !== null;
  }

  get dialect(): DialectName {
    return this.root.dialect;
  }

  get name(): string {
    return this.root.name;
  }

  /** False once the store is closed (work still in flight stops touching it). */
  get open(): boolean {
    return !this.root.closed;
  }

  /** The SQLite connection under the query builder (pragmas, tests); throws on PostgreSQL. */
  get sqlite(): Database.Database {
    const connection = this.root.sqlite;
    if (connection === null) throw new Error('not a SQLite database');
    return connection;
  }

  /** A handle for queries inside `transaction`. */
  in(transaction: Transaction<Schema>): Db {
    return new Db(this.root, transaction);
  }
}

export function newRoot(dialect: DialectName, kysely: Kysely<Schema>, name: string, sqlite: Database.Database | null): DbRoot {
  return {
    dialect,
    kysely,
    name,
    sqlite,
    closed: false,
    stats: { writeTransactions: 0, busyRetries: 0 },
    waiting: null,
    locked: false,
    tries: Promise.resolve(),
    observe: null,
  };
}

/** Splits an id list so no statement carries more parameters than either database takes. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const SLOT = Symbol('slot');
interface Slot {
  readonly [SLOT]: number;
}

function isSlot(value: unknown): value is Slot {
  return typeof value === 'object' && value !== null && SLOT in value;
}

/**
 * A query of the ticket path built and compiled once per database, then run with new
 * values: `build` marks where argument i goes with `$(i)` (a single value, never a list).
 * Building and compiling a Kysely query costs more CPU than SQLite takes to run it, and
 * the bot runs without a JIT; statements are then prepared once too (sqlite-dialect.ts).
 */
export function prepared<Row>(build: (q: Kysely<Schema>, $: (i: number) => never) => Compilable<Row>): (db: Db, ...args: unknown[]) => Promise<Row[]> {
  const compiled = new WeakMap<DbRoot, CompiledQuery<Row>>();
  return async (db, ...args) => {
    let query = compiled.get(db.root);
    if (query === undefined) {
      query = build(db.root.kysely, (i) => ({ [SLOT]: i }) as never).compile();
      compiled.set(db.root, query);
    }
    const parameters = query.parameters.map((p) => (isSlot(p) ? args[p[SLOT]] : p));
    const result = await db.q.executeQuery<Row>({ ...query, parameters });
    return result.rows;
  };
}
