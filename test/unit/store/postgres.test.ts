// The same store on PostgreSQL (db.url): migrations under an advisory lock, ids exact as
// strings, the store modules' queries, foreign-key cascades, and the errors an admin reads;
// and the same tables, columns and foreign keys as SQLite's migrations build.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { StoreError } from '../../../src/store/errors.ts';
import { deleteMessages, forgetGuilds, storedGuildIds } from '../../../src/store/guilds.ts';
import { createInbox, getGuildInbox, getInbox, getInboxRoles, getStaff, nextCounter, setInboxRoles, setLimits, updateStaff } from '../../../src/store/inboxes.ts';
import { latestPostgresVersion } from '../../../src/store/migrate-postgres.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import {
  addPending,
  completeTicket,
  getTicket,
  pendingInGuild,
  setClaim,
  setTicketThreadState,
  ticketIdsInParents,
  ticketsOf,
  unresolvedClicks,
} from '../../../src/store/tickets.ts';
import { freshPgDatabase, pgSkipReason, PG_URL, type TestDatabase } from '../../fixtures/postgres.ts';

const skip = pgSkipReason();
if (skip !== null) console.log(`# skipped the PostgreSQL store tests: ${skip}`);

// Ids above 2^53 and at the top of the 64-bit range: a JS number would change them.
const GUILD = '1246826841231327275';
const CHANNEL = '9007199254740993';
const INBOX = '9223372036854775807';
const OWNER = '9007199254740995';
const THREAD = '9223372036854775806';
const ROLE = '9007199254740997';

describe('the store on PostgreSQL', { skip: skip ?? false }, () => {
  let database: TestDatabase;
  let store: Store;
  before(async () => {
    database = await freshPgDatabase();
    store = await openStore({ url: database.url });
  });
  after(async () => {
    await store?.close();
    await database?.drop();
  });

  it('migrates to the latest version once, also when two processes start together', async () => {
    const [a, b] = await Promise.all([openStore({ url: database.url }), openStore({ url: database.url })]);
    const rows = await a.db.q.selectFrom('theticketbot_migration' as never).selectAll().execute();
    assert.equal(rows.length, latestPostgresVersion());
    await a.close();
    await b.close();
  });

  it("has SQLite's tables, columns, NOT NULLs and foreign keys (with their delete actions)", async () => {
    const sqlite = await openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
    const lite = sqlite.db.sqlite;
    const tables = (lite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]);
    const liteShape = tables.map((t) => {
      const columns = lite.prepare(`PRAGMA table_info("${t}")`).all() as Array<{ name: string; notnull: bigint; pk: bigint }>;
      const keys = lite.prepare(`PRAGMA foreign_key_list("${t}")`).all() as Array<{ table: string; from: string; on_delete: string }>;
      return {
        table: t,
        // A primary key column is NOT NULL on PostgreSQL whatever it says; SQLite lets the Python bot's be NULL.
        columns: columns.map((c) => `${c.name}${c.notnull !== 0n && c.pk === 0n ? ' not null' : ''}`).sort(),
        keys: keys.map((k) => `${k.from} -> ${k.table} on delete ${k.on_delete.toLowerCase()}`).sort(),
      };
    });
    await sqlite.close();
    const q = (text: string) => sql.raw(text).execute(store.db.q).then((r) => r.rows as Array<Record<string, string>>);
    const pgColumns = await q(`
      SELECT c.table_name AS t, c.column_name AS name, c.is_nullable AS nullable,
             EXISTS (SELECT 1 FROM information_schema.key_column_usage k JOIN information_schema.table_constraints tc
                     ON tc.constraint_name = k.constraint_name AND tc.constraint_type = 'PRIMARY KEY'
                     WHERE k.table_name = c.table_name AND k.column_name = c.column_name) AS pk
      FROM information_schema.columns c WHERE c.table_schema = 'public'`);
    const pgKeys = await q(`
      SELECT trim(both '"' from c.conrelid::regclass::text) AS t, a.attname AS name, trim(both '"' from c.confrelid::regclass::text) AS ref, c.confdeltype AS action
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f'`);
    const actions: Record<string, string> = { a: 'no action', c: 'cascade', n: 'set null', r: 'restrict', d: 'set default' };
    const pgShape = tables.map((t) => ({
      table: t,
      columns: pgColumns
        .filter((c) => c.t === t)
        .map((c) => `${c.name}${c.nullable === 'NO' && !c.pk ? ' not null' : ''}`)
        .sort(),
      keys: pgKeys
        .filter((k) => k.t === t)
        .map((k) => `${k.name} -> ${k.ref} on delete ${actions[k.action!]}`)
        .sort(),
    }));
    assert.deepEqual(pgShape, liteShape);
    const pgTables = new Set(pgColumns.map((c) => c.t));
    // The IDENTIFY windows are shared only through PostgreSQL (src/store/coordination.ts).
    assert.deepEqual([...pgTables].filter((t) => !tables.includes(t!)).sort(), ['identify_bucket', 'theticketbot_migration'], 'no table SQLite lacks');
  });

  it('keeps every id exact and runs the inbox and ticket queries', async () => {
    const db = store.db;
    await createInbox(db, { messageId: INBOX, channelId: CHANNEL, guildId: GUILD, starterContent: 'hi', destinationId: null, staff: [`<@&${ROLE}>`, `<@${OWNER}>`] });
    const inbox = await getInbox(db, INBOX);
    assert.equal(inbox?.id, INBOX);
    assert.equal(inbox?.channelId, CHANNEL);
    assert.equal(inbox?.guildId, GUILD);
    assert.equal(inbox?.maxTicketsPerUser, 1);
    assert.equal((await getGuildInbox(db, INBOX, '1'))?.id, undefined);
    assert.deepEqual(await getStaff(db, INBOX), [`<@&${ROLE}>`, `<@${OWNER}>`]);
    await updateStaff(db, INBOX, [], [`<@${OWNER}>`]);
    assert.deepEqual(await getStaff(db, INBOX), [`<@&${ROLE}>`]);
    await setInboxRoles(db, INBOX, 'blocked', [ROLE, ROLE]);
    assert.deepEqual(await getInboxRoles(db, INBOX), { allowed: [], blocked: [ROLE] });
    await setLimits(db, INBOX, { maxTickets: 3, cooldownSeconds: 10 });
    assert.equal((await getInbox(db, INBOX))?.cooldownSeconds, 10);

    const before = store.stats.writeTransactions;
    const pending = await addPending(db, { inboxId: INBOX, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: 5, name: (n) => `t-${n}` });
    assert.equal(pending.counter, 1);
    assert.equal(typeof pending.id, 'number');
    assert.deepEqual((await unresolvedClicks(db, INBOX, OWNER)).map((p) => p.id), [pending.id]);
    const second = await addPending(db, { inboxId: INBOX, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: 6, name: (n) => `t-${n}` });
    assert.equal(second.counter, 2, 'a concurrent click reserves the next number');
    await completeTicket(db, pending, THREAD);
    assert.equal(store.stats.writeTransactions - before, 3);
    assert.deepEqual(await getTicket(db, THREAD), { id: THREAD, guildId: GUILD, inboxId: INBOX, ownerId: OWNER, parentId: CHANNEL, archived: false, claimedBy: null, topicId: null });
    assert.deepEqual((await ticketsOf(db, INBOX, OWNER)).map((t) => t.id), [THREAD]);
    assert.deepEqual(await ticketIdsInParents(db, [CHANNEL]), [THREAD]);
    assert.equal((await pendingInGuild(db, GUILD)).length, 1);
    assert.equal(await setTicketThreadState(db, THREAD, { archived: true }), true);
    assert.equal(await setTicketThreadState(db, THREAD, { archived: true }), false, 'nothing changed');
    assert.equal(await setClaim(db, THREAD, null, OWNER), true);
    assert.equal(await setClaim(db, THREAD, null, ROLE), false, 'already claimed');
    assert.equal((await getTicket(db, THREAD))?.claimedBy, OWNER);
    assert.equal(await nextCounter(db, INBOX), 2);
  });

  it('cascades like SQLite: a deleted inbox message keeps its tickets without an inbox; a forgotten guild takes everything', async () => {
    const db = store.db;
    assert.equal(await deleteMessages(db, [INBOX]), 1);
    assert.equal(await getInbox(db, INBOX), null);
    assert.equal((await getTicket(db, THREAD))?.inboxId, null);
    assert.deepEqual(await storedGuildIds(db), [GUILD]);
    assert.equal(await forgetGuilds(db, [GUILD]), 1);
    assert.equal(await getTicket(db, THREAD), null);
  });

  it('settings round-trip', async () => {
    await store.settings.set('fingerprint', 'abc');
    assert.equal(await store.settings.get('fingerprint'), 'abc');
    await store.settings.delete('fingerprint');
    assert.equal(await store.settings.get('fingerprint'), null);
  });

  it('refuses a database migrated by a newer version, untouched', async () => {
    const other = await freshPgDatabase();
    try {
      const first = await openStore({ url: other.url });
      await first.db.q.insertInto('theticketbot_migration' as never).values({ version: 999, name: 'future' } as never).execute();
      await first.close();
      await assert.rejects(openStore({ url: other.url }), (error: unknown) => error instanceof StoreError && error.kind === 'newer-schema' && /schema version 999/.test(error.message));
    } finally {
      await other.drop();
    }
  });

  it('says clearly when the database is missing or the password is wrong, without the password', async () => {
    const missing = new URL(PG_URL);
    missing.pathname = '/ttb_no_such_database';
    await assert.rejects(openStore({ url: missing.toString() }), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.kind, 'database-missing');
      assert.match(error.message, /"ttb_no_such_database" does not exist.*db\.url/);
      return true;
    });
    const wrong = new URL(PG_URL);
    wrong.password = 'not-the-password-x';
    await assert.rejects(openStore({ url: wrong.toString() }), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.kind, 'auth-failed');
      assert.doesNotMatch(`${error.message} ${error.stack}`, /not-the-password-x/);
      return true;
    });
    await assert.rejects(openStore({ url: 'postgres://ttb:pw@127.0.0.1:1/x' }), (error: unknown) => error instanceof StoreError && error.kind === 'cannot-connect');
  });
});
