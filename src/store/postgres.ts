// Opening a PostgreSQL database (db.url): a pg pool whose BIGINT columns come back as
// text (an id never passes through a JS number), a first connection that proves the
// server, the login and the database, then the migrations (migrate-postgres.ts). Every
// failure an admin can fix becomes a StoreError naming db.url; the password never
// appears in one. pg is loaded only here, and only when a URL is configured.
import { Kysely, PostgresDialect } from 'kysely';
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { Db, newRoot } from './db.ts';
import { StoreError } from './errors.ts';
import { migratePostgres, postgresSchemaVersion } from './migrate-postgres.ts';
import type { Schema } from './schema.ts';

/** How long opening waits for the server before saying it cannot be reached. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Connections per process: clicks, events and the catch-up overlap, each transaction holds one. */
const POOL_SIZE = 8;

// Type OIDs whose text pg would otherwise turn into JS numbers or dates we do not want.
const INT8_OID = 20;
const NUMERIC_OID = 1700;

const URL_HELP = 'db.url (or THETICKETBOT_DB_URL)';

/** The URL as it may be shown: the password replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/** The password in a URL, to be kept out of the logs; null when it has none. */
export function urlPassword(url: string): string | null {
  try {
    const password = new URL(url).password;
    return password === '' ? null : decodeURIComponent(password);
  } catch {
    return null;
  }
}

export interface OpenPostgresOptions {
  url: string;
  /** Told about a pooled connection that failed while idle (the next query reconnects). */
  onIdleError?: (error: Error) => void;
}

async function loadPg(): Promise<typeof import('pg')> {
  // pg asks whether it runs in a Cloudflare Worker when it loads: with no `navigator` (Node
  // 20 has none) it builds a fetch Response, which the bot has not got (src/web-globals.ts).
  // Node 21+ answers with its navigator; Node 20 gets the same answer for the moment pg loads.
  // This is the one place pg is imported, so the answer holds in the bundle too (pg is its own chunk).
  const lent = !('navigator' in globalThis);
  if (lent) Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true });
  try {
    const module = (await import('pg')) as typeof import('pg') & { default?: typeof import('pg') };
    return module.default ?? module;
  } finally {
    if (lent) delete (globalThis as { navigator?: unknown }).navigator;
  }
}

/** The pool's settings: the URL, bounded waits, and ids as text. */
async function poolConfig(url: string): Promise<PoolConfig> {
  const pg = await loadPg();
  const builtIn = pg.types;
  return {
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    application_name: 'theticketbot',
    // Per pool rather than pg's global table, so nothing else in the process can change it.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID ? (value: string) => value : builtIn.getTypeParser(oid, format as 'text')) as typeof builtIn.getTypeParser,
    },
  };
}

/** Opens the pool, proves the connection and migrates. See OpenPostgresOptions. */
export async function openPostgres(opts: OpenPostgresOptions): Promise<Db> {
  checkUrl(opts.url);
  const pg = await loadPg();
  const pool: Pool = new pg.Pool(await poolConfig(opts.url));
  // An idle connection dropped by the server would otherwise be an unhandled 'error' event.
  pool.on('error', (error) => opts.onIdleError?.(error));
  try {
    const client = await connect(pool, opts.url);
    try {
      await migratePostgres(client, redactUrl(opts.url));
    } catch (error) {
      if ((error as { code?: unknown }).code === '42501') throw privilegeError(error, opts.url);
      throw error;
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return new Db(newRoot('postgres', kysely, redactUrl(opts.url), null));
}

/**
 * One connection, for looking only (`theticketbot doctor`, `copy-db`'s target check):
 * the caller releases it and ends the pool.
 */
export async function connectForInspection(url: string): Promise<{ pool: Pool; client: PoolClient }> {
  checkUrl(url);
  const pg = await loadPg();
  const pool: Pool = new pg.Pool({ ...(await poolConfig(url)), max: 1 });
  pool.on('error', () => undefined);
  try {
    return { pool, client: await connect(pool, url) };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError('bad-url', `${URL_HELP} is not a URL: expected postgres://user:password@host:5432/database.`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new StoreError('bad-url', `${URL_HELP} must start with postgres:// or postgresql://, not ${parsed.protocol}//.`);
  }
}

async function connect(pool: Pool, url: string): Promise<PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    throw connectError(error, url);
  }
}

/** What went wrong when connecting, as a sentence naming db.url. */
export function connectError(error: unknown, url: string): StoreError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const parsed = safeUrl(url);
  const server = parsed && parsed.hostname !== '' ? `${parsed.hostname}:${parsed.port || '5432'}` : 'the local socket';
  const role = parsed?.username ? decodeURIComponent(parsed.username) : 'the default user';
  const database = parsed && parsed.pathname.length > 1 ? decodeURIComponent(parsed.pathname.slice(1)) : role;
  // The password never travels: pg's messages do not carry it, and neither do these.
  switch (code) {
    case '28P01':
    case '28000':
      return new StoreError(
        'auth-failed',
        `PostgreSQL at ${server} refused the login of role "${role}" (${message}): check the user name and password in ${URL_HELP}, and that the server's pg_hba.conf lets this role connect from here.`,
      );
    case '3D000':
      return new StoreError(
        'database-missing',
        `The PostgreSQL database "${database}" does not exist on ${server}: create it (for example createdb -O ${role} ${database}) or correct the name in ${URL_HELP}.`,
      );
    case '57P03':
      return new StoreError('cannot-connect', `PostgreSQL at ${server} is starting up or shutting down and does not take connections yet (${URL_HELP}); try again in a moment.`);
    default:
      return new StoreError(
        'cannot-connect',
        `Could not connect to PostgreSQL at ${server} (${URL_HELP}): ${message}. Check that the server is running and that the host and port are right.`,
      );
  }
}

/** The role may not create the tables (PostgreSQL 15 no longer lets every role create in schema public). */
function privilegeError(error: unknown, url: string): StoreError {
  const parsed = safeUrl(url);
  const role = parsed?.username ? decodeURIComponent(parsed.username) : 'the bot\'s role';
  const database = parsed && parsed.pathname.length > 1 ? decodeURIComponent(parsed.pathname.slice(1)) : 'the database';
  return new StoreError(
    'cannot-open',
    `Role "${role}" may not create the bot's tables in ${database} (${error instanceof Error ? error.message : String(error)}): ` +
      `make it the database's owner (ALTER DATABASE ${database} OWNER TO ${role}) or grant it CREATE on schema public, then start again (${URL_HELP}).`,
    { cause: error },
  );
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Looks at a PostgreSQL database without changing it (`theticketbot doctor`): connects
 * (the errors of openPostgres), reads the schema version (null: never migrated), and
 * gives a handle for reads. The caller closes it.
 */
export async function inspectPostgres(url: string): Promise<{ db: Db; version: number | null; close(): Promise<void> }> {
  const { pool, client } = await connectForInspection(url);
  let version: number | null;
  try {
    version = await postgresSchemaVersion(client);
  } finally {
    client.release();
  }
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { db: new Db(newRoot('postgres', kysely, redactUrl(url), null)), version, close: () => kysely.destroy() };
}
