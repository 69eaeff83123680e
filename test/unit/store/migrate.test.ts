import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { latestVersion, loadMigrations, migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { StoreError } from '../../../src/store/open.ts';
import { openStore } from '../../../src/store/store.ts';
import { buildPythonDb } from '../../fixtures/python-db.ts';

const dir = mkdtempSync(join(tmpdir(), 'ttb-migrate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const tempPath = (): string => join(dir, `db-${++counter}.sqlite`);

/** sqlite_master SQL with comments and layout removed. */
function normalize(sql: string | null): string | null {
  if (sql === null) return null;
  return sql
    .replace(/--[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*\)/g, ')')
    .replace(/\s*,\s*/g, ',')
    .trim();
}

interface MasterRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

function schemaOf(db: Database.Database): Array<[string, string, string, string | null]> {
  return db
    .prepare<[], MasterRow>("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name")
    .all()
    .map((row) => [row.type, row.name, row.tbl_name, normalize(row.sql)]);
}

/** Columns, foreign keys and indexes of every table, as SQLite reports them. */
function structureOf(db: Database.Database): Record<string, unknown> {
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  const out: Record<string, unknown> = {};
  for (const { name } of tables) {
    const indexes = (db.pragma(`index_list(${name})`) as Array<{ name: string; unique: unknown; origin: string; partial: unknown }>)
      .map((ix) => ({ ...ix, columns: db.pragma(`index_xinfo(${ix.name})`) }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ name: ixName, unique, origin, partial, columns }) => ({ ixName, unique, origin, partial, columns }));
    out[name] = {
      columns: db.pragma(`table_xinfo(${name})`),
      foreignKeys: db.pragma(`foreign_key_list(${name})`),
      indexes,
    };
  }
  return out;
}

/** The Python bot's last schema (user_version 7). */
const PYTHON_SCHEMA: Array<[string, string, string, string | null]> = [
  ['index', 'ix_channel_guild', 'channel', 'CREATE INDEX ix_channel_guild ON channel(guild_id)'],
  ['index', 'ix_inbox_destination', 'inbox', 'CREATE INDEX ix_inbox_destination ON inbox(destination_id)'],
  ['index', 'ix_member_user', 'member', 'CREATE INDEX ix_member_user ON member(user_id)'],
  ['index', 'ix_message_channel', 'message', 'CREATE INDEX ix_message_channel ON message(channel_id)'],
  ['index', 'ix_ticket_inbox_owner', 'ticket', 'CREATE INDEX ix_ticket_inbox_owner ON ticket(inbox_id,owner_id)'],
  ['index', 'ix_ticket_owner', 'ticket', 'CREATE INDEX ix_ticket_owner ON ticket(owner_id)'],
  ['index', 'sqlite_autoindex_inbox_staff_1', 'inbox_staff', null],
  ['index', 'sqlite_autoindex_member_1', 'member', null],
  ['index', 'sqlite_autoindex_setting_1', 'setting', null],
  ['table', 'channel', 'channel', 'CREATE TABLE channel(id INTEGER PRIMARY KEY,guild_id INTEGER REFERENCES guild(id) ON DELETE CASCADE)'],
  ['table', 'guild', 'guild', 'CREATE TABLE guild(id INTEGER PRIMARY KEY)'],
  [
    'table',
    'inbox',
    'inbox',
    "CREATE TABLE inbox(id INTEGER PRIMARY KEY REFERENCES message(id) ON DELETE CASCADE,starter_content TEXT NOT NULL DEFAULT ''," +
      "max_tickets_per_user INTEGER NOT NULL DEFAULT 1,default_ticket_name TEXT NOT NULL DEFAULT '',counter INTEGER NOT NULL DEFAULT 0," +
      'destination_id INTEGER REFERENCES channel(id) ON DELETE SET NULL)',
  ],
  [
    'table',
    'inbox_staff',
    'inbox_staff',
    'CREATE TABLE inbox_staff(inbox_id INTEGER REFERENCES inbox(id) ON DELETE CASCADE,mention TEXT NOT NULL,PRIMARY KEY(inbox_id,mention))',
  ],
  [
    'table',
    'member',
    'member',
    'CREATE TABLE member(guild_id INTEGER REFERENCES guild(id) ON DELETE CASCADE,user_id INTEGER REFERENCES user(id) ON DELETE CASCADE,' +
      'PRIMARY KEY(guild_id,user_id))',
  ],
  [
    'table',
    'message',
    'message',
    'CREATE TABLE message(id INTEGER PRIMARY KEY,channel_id INTEGER NOT NULL REFERENCES channel(id) ON DELETE CASCADE)',
  ],
  ['table', 'setting', 'setting', 'CREATE TABLE setting(name TEXT PRIMARY KEY,value)'],
  [
    'table',
    'ticket',
    'ticket',
    'CREATE TABLE ticket(id INTEGER PRIMARY KEY REFERENCES channel(id) ON DELETE CASCADE,' +
      'inbox_id INTEGER REFERENCES inbox(id) ON DELETE SET NULL,owner_id INTEGER REFERENCES user(id) ON DELETE SET NULL)',
  ],
  ['table', 'user', 'user', 'CREATE TABLE user(id INTEGER PRIMARY KEY)'],
];

/** Version 9: migration 8 adds two ticket columns and the pending_ticket table; migration 9 the workflow's columns and inbox_role. */
const TICKET_V7 =
  'CREATE TABLE ticket(id INTEGER PRIMARY KEY REFERENCES channel(id) ON DELETE CASCADE,' +
  'inbox_id INTEGER REFERENCES inbox(id) ON DELETE SET NULL,owner_id INTEGER REFERENCES user(id) ON DELETE SET NULL)';
type SchemaEntry = [string, string, string, string | null];
const EXPECTED_SCHEMA: SchemaEntry[] = ([
  ...PYTHON_SCHEMA.map((entry): SchemaEntry =>
    entry[1] === 'ticket'
      ? ['table', 'ticket', 'ticket', `${TICKET_V7.slice(0, -1)},parent_id INTEGER,archived INTEGER,claimed_by INTEGER REFERENCES user(id) ON DELETE SET NULL)`]
      : entry[1] === 'inbox'
        ? [
            'table',
            'inbox',
            'inbox',
            `${entry[3]!.slice(0, -1)},cooldown_seconds INTEGER NOT NULL DEFAULT 60,auto_archive_minutes INTEGER,` +
              'log_channel_id INTEGER REFERENCES channel(id) ON DELETE SET NULL)',
          ]
        : entry,
  ),
  ['index', 'ix_cooldown_user', 'cooldown', 'CREATE INDEX ix_cooldown_user ON cooldown(user_id)'],
  ['index', 'sqlite_autoindex_cooldown_1', 'cooldown', null],
  ['index', 'sqlite_autoindex_pending_selection_1', 'pending_selection', null],
  [
    'table',
    'cooldown',
    'cooldown',
    'CREATE TABLE cooldown(inbox_id INTEGER NOT NULL REFERENCES inbox(id) ON DELETE CASCADE,user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,' +
      'started_at INTEGER NOT NULL,PRIMARY KEY(inbox_id,user_id))',
  ],
  [
    'table',
    'pending_selection',
    'pending_selection',
    'CREATE TABLE pending_selection(guild_id INTEGER NOT NULL,user_id INTEGER NOT NULL,request TEXT NOT NULL,instruction TEXT,expires_at INTEGER NOT NULL,' +
      'PRIMARY KEY(guild_id,user_id))',
  ],
  ['index', 'ix_ticket_claimed_by', 'ticket', 'CREATE INDEX ix_ticket_claimed_by ON ticket(claimed_by)'],
  ['index', 'ix_inbox_log_channel', 'inbox', 'CREATE INDEX ix_inbox_log_channel ON inbox(log_channel_id)'],
  ['index', 'sqlite_autoindex_inbox_role_1', 'inbox_role', null],
  [
    'table',
    'inbox_role',
    'inbox_role',
    'CREATE TABLE inbox_role(inbox_id INTEGER NOT NULL REFERENCES inbox(id) ON DELETE CASCADE,role_id INTEGER NOT NULL,' +
      'allowed INTEGER NOT NULL,PRIMARY KEY(inbox_id,allowed,role_id))',
  ],
  ['index', 'ix_pending_ticket_inbox', 'pending_ticket', 'CREATE INDEX ix_pending_ticket_inbox ON pending_ticket(inbox_id)'],
  ['index', 'ix_pending_ticket_owner', 'pending_ticket', 'CREATE INDEX ix_pending_ticket_owner ON pending_ticket(owner_id)'],
  ['index', 'ix_pending_ticket_parent', 'pending_ticket', 'CREATE INDEX ix_pending_ticket_parent ON pending_ticket(parent_id)'],
  ['index', 'ix_ticket_parent', 'ticket', 'CREATE INDEX ix_ticket_parent ON ticket(parent_id)'],
  ['index', 'sqlite_autoindex_pending_ticket_1', 'pending_ticket', null],
  [
    'table',
    'pending_ticket',
    'pending_ticket',
    'CREATE TABLE pending_ticket(id INTEGER PRIMARY KEY,inbox_id INTEGER NOT NULL REFERENCES inbox(id) ON DELETE CASCADE,' +
      'owner_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,parent_id INTEGER NOT NULL REFERENCES channel(id) ON DELETE CASCADE,' +
      'name TEXT NOT NULL,counter INTEGER NOT NULL,created_at INTEGER NOT NULL,thread_id INTEGER UNIQUE REFERENCES ticket(id) ON DELETE CASCADE)',
  ],
] as SchemaEntry[])
  // Version 10: topics, intake forms and per-topic cooldowns; the inbox, ticket and pending_ticket tables gain a column each.
  .map((entry): SchemaEntry => {
    if (entry[0] !== 'table') return entry;
    const add = { inbox: ",topic_style TEXT NOT NULL DEFAULT 'buttons'", ticket: ',topic_id INTEGER REFERENCES topic(id) ON DELETE SET NULL', pending_ticket: ',topic_id INTEGER REFERENCES topic(id) ON DELETE SET NULL' }[entry[1] as 'inbox'];
    return add === undefined ? entry : [entry[0], entry[1], entry[2], `${entry[3]!.slice(0, -1)}${add})`];
  })
  .concat([
    ['index', 'ix_form_question_topic', 'form_question', 'CREATE INDEX ix_form_question_topic ON form_question(topic_id,position)'],
    ['index', 'ix_pending_ticket_topic', 'pending_ticket', 'CREATE INDEX ix_pending_ticket_topic ON pending_ticket(topic_id)'],
    ['index', 'ix_ticket_topic_owner', 'ticket', 'CREATE INDEX ix_ticket_topic_owner ON ticket(topic_id,owner_id)'],
    ['index', 'ix_topic_destination', 'topic', 'CREATE INDEX ix_topic_destination ON topic(destination_id)'],
    ['index', 'ix_topic_inbox', 'topic', 'CREATE INDEX ix_topic_inbox ON topic(inbox_id,position)'],
    ['index', 'ix_topic_log_channel', 'topic', 'CREATE INDEX ix_topic_log_channel ON topic(log_channel_id)'],
    ['index', 'sqlite_autoindex_topic_role_1', 'topic_role', null],
    ['index', 'sqlite_autoindex_topic_staff_1', 'topic_staff', null],
    ['index', 'ix_topic_cooldown_user', 'topic_cooldown', 'CREATE INDEX ix_topic_cooldown_user ON topic_cooldown(user_id)'],
    ['index', 'sqlite_autoindex_topic_cooldown_1', 'topic_cooldown', null],
    [
      'table',
      'topic_cooldown',
      'topic_cooldown',
      'CREATE TABLE topic_cooldown(topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,' +
        'started_at INTEGER NOT NULL,PRIMARY KEY(topic_id,user_id))',
    ],
    [
      'table',
      'form_question',
      'form_question',
      'CREATE TABLE form_question(id INTEGER PRIMARY KEY,topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,position INTEGER NOT NULL,' +
        "kind TEXT NOT NULL,label TEXT NOT NULL,placeholder TEXT NOT NULL DEFAULT '',required INTEGER NOT NULL DEFAULT 1,min_length INTEGER,max_length INTEGER,choices TEXT)",
    ],
    [
      'table',
      'topic',
      'topic',
      'CREATE TABLE topic(id INTEGER PRIMARY KEY,inbox_id INTEGER NOT NULL REFERENCES inbox(id) ON DELETE CASCADE,position INTEGER NOT NULL,label TEXT NOT NULL,' +
        'emoji TEXT,destination_id INTEGER REFERENCES channel(id) ON DELETE SET NULL,starter_content TEXT,ticket_name TEXT,max_tickets_per_user INTEGER,' +
        'cooldown_seconds INTEGER,auto_archive_minutes INTEGER,log_channel_id INTEGER REFERENCES channel(id) ON DELETE SET NULL)',
    ],
    [
      'table',
      'topic_role',
      'topic_role',
      'CREATE TABLE topic_role(topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,role_id INTEGER NOT NULL,allowed INTEGER NOT NULL,' +
        'PRIMARY KEY(topic_id,allowed,role_id))',
    ],
    [
      'table',
      'topic_staff',
      'topic_staff',
      'CREATE TABLE topic_staff(topic_id INTEGER NOT NULL REFERENCES topic(id) ON DELETE CASCADE,mention TEXT NOT NULL,PRIMARY KEY(topic_id,mention))',
    ],
    // Version 12: what several processes sharing the file agree on.
    ['index', 'sqlite_autoindex_weekly_run_1', 'weekly_run', null],
    ['table', 'catch_up_claim', 'catch_up_claim', 'CREATE TABLE catch_up_claim(guild_id INTEGER PRIMARY KEY,owner TEXT NOT NULL,expires_at INTEGER NOT NULL)'],
    [
      'table',
      'weekly_run',
      'weekly_run',
      'CREATE TABLE weekly_run(week_start INTEGER NOT NULL,shard_count INTEGER NOT NULL,shard_id INTEGER NOT NULL,ran_at INTEGER NOT NULL,' +
        'PRIMARY KEY(week_start,shard_count,shard_id))',
    ],
  ] as SchemaEntry[])
  .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));

describe('migrations', () => {
  it('ship as versions 1 to 7 with the original names, then ours from 8', () => {
    assert.deepEqual(
      loadMigrations().map((m) => `${String(m.version).padStart(3, '0')}-${m.name}`),
      [
        '001-base',
        '002-add-default-ticket-name',
        '003-add-inbox-counter',
        '004-replace-name-placeholder',
        '005-add-inbox-destination',
        '006-add-setting-table',
        '007-index-cascading-columns',
        '008-add-ticket-tracking',
        '009-add-ticket-workflow',
        '010-add-topics',
        '011-add-click-state',
        '012-add-process-coordination',
      ],
    );
    assert.equal(latestVersion(), 12);
  });

  it('turn an empty file into the exact schema at user_version 12', async () => {
    const path = tempPath();
    const store = await openStore({ path, pragmas: [], keyTemplate: '' });
    assert.equal(schemaVersion(store.db.sqlite), 12);
    assert.deepEqual(schemaOf(store.db.sqlite), EXPECTED_SCHEMA);
    await store.close();
  });

  it('build the same tables, columns, foreign keys and indexes as the Python bot, plus migrations 8 to 12', async () => {
    const ours = await openStore({ path: tempPath(), pragmas: [], keyTemplate: '' });
    const pythonPath = tempPath();
    const python = buildPythonDb(pythonPath);
    assert.deepEqual(schemaOf(python), PYTHON_SCHEMA);
    python.close();
    // The Python bot's database, migrated by us, ends up exactly like a fresh one.
    const migrated = await openStore({ path: pythonPath, pragmas: [], keyTemplate: '' });
    assert.deepEqual(structureOf(ours.db.sqlite), structureOf(migrated.db.sqlite));
    assert.deepEqual(schemaOf(migrated.db.sqlite), EXPECTED_SCHEMA);
    await ours.close();
    await migrated.close();
  });

  it('report the versions they moved between, and do nothing the second time', () => {
    const db = new Database(':memory:');
    db.defaultSafeIntegers(true);
    assert.deepEqual(migrate(db), { from: 0, to: 12 });
    assert.deepEqual(migrate(db), { from: 12, to: 12 });
    db.close();
  });

  it('continue a database the Python bot left at an older version', async () => {
    const path = tempPath();
    const python = buildPythonDb(path, { upTo: 5 });
    python.close();
    const store = await openStore({ path, pragmas: [], keyTemplate: '' });
    assert.equal(schemaVersion(store.db.sqlite), 12);
    assert.deepEqual(schemaOf(store.db.sqlite), EXPECTED_SCHEMA);
    await store.close();
  });

  it('take a database from before the ticket workflow (version 8) to 12, keeping every row', async () => {
    const path = tempPath();
    const old = new Database(path);
    old.defaultSafeIntegers(true);
    for (const m of loadMigrations().filter((m) => m.version <= 8)) {
      old.exec(m.sql);
      old.pragma(`user_version = ${m.version}`);
    }
    old.exec(`
      INSERT INTO guild (id) VALUES (9007199254740993);
      INSERT INTO user (id) VALUES (9223372036854775807);
      INSERT INTO channel (id, guild_id) VALUES (9007199254740995, 9007199254740993), (9007199254740997, 9007199254740993);
      INSERT INTO message (id, channel_id) VALUES (9007199254740999, 9007199254740995);
      INSERT INTO inbox (id, starter_content, max_tickets_per_user, default_ticket_name, counter, destination_id)
        VALUES (9007199254740999, 'hi $author', 3, '$counter', 12, 9007199254740995);
      INSERT INTO inbox_staff (inbox_id, mention) VALUES (9007199254740999, '<@&9007199254741005>');
      INSERT INTO ticket (id, inbox_id, owner_id, parent_id, archived) VALUES (9007199254740997, 9007199254740999, 9223372036854775807, 9007199254740995, 1);
      INSERT INTO pending_ticket (inbox_id, owner_id, parent_id, name, counter, created_at) VALUES (9007199254740999, 9223372036854775807, 9007199254740995, 'n', 13, 5);
      INSERT INTO setting (name, value) VALUES ('commands-hash', 'x');
    `);
    // The columns version 8 had (later migrations add their own, checked below).
    const columns: Record<string, string> = { pending_ticket: 'id, inbox_id, owner_id, parent_id, name, counter, created_at, thread_id' };
    const before = (db: Database.Database, table: string) => db.prepare(`SELECT ${columns[table] ?? '*'} FROM ${table} ORDER BY 1`).raw().all();
    const tables = ['guild', 'user', 'channel', 'message', 'inbox_staff', 'pending_ticket', 'setting'];
    const rows = Object.fromEntries(tables.map((t) => [t, before(old, t)]));
    old.close();

    const store = await openStore({ path, pragmas: [], keyTemplate: '' });
    assert.equal(schemaVersion(store.db.sqlite), 12);
    for (const t of tables) assert.deepEqual(before(store.db.sqlite, t), rows[t], t);
    assert.deepEqual(
      store.db
        .sqlite.prepare('SELECT starter_content, max_tickets_per_user, default_ticket_name, counter, destination_id, cooldown_seconds, auto_archive_minutes, log_channel_id FROM inbox')
        .raw()
        .all(),
      [['hi $author', 3n, '$counter', 12n, 9007199254740995n, 60n, null, null]],
    );
    assert.deepEqual(store.db.sqlite.prepare('SELECT id, inbox_id, owner_id, parent_id, archived, claimed_by FROM ticket').raw().all(), [
      [9007199254740997n, 9007199254740999n, 9223372036854775807n, 9007199254740995n, 1n, null],
    ]);
    // Migration 10: no topics, so the inbox is its own one topic, shown as a button.
    assert.deepEqual(store.db.sqlite.prepare('SELECT topic_style FROM inbox').raw().all(), [['buttons']]);
    assert.deepEqual(store.db.sqlite.prepare('SELECT topic_id FROM ticket UNION ALL SELECT topic_id FROM pending_ticket').raw().all(), [[null], [null]]);
    assert.deepEqual(store.db.sqlite.pragma('foreign_key_check'), []);
    await store.close();
  });

  it('migration 4 rewrites $name and ${name} to $author and ${author}', async () => {
    const path = tempPath();
    const python = buildPythonDb(path, { upTo: 3 });
    python.exec('INSERT INTO guild (id) VALUES (1); INSERT INTO channel (id, guild_id) VALUES (2, 1)');
    const names = ['${name}', '$name', 'ticket-$name-${name}', '$names', '$$name', 'plain', '', '${author}'];
    const insertMessage = python.prepare('INSERT INTO message (id, channel_id) VALUES (?, 2)');
    const insertInbox = python.prepare('INSERT INTO inbox (id, default_ticket_name, counter) VALUES (?, ?, ?)');
    names.forEach((name, i) => {
      insertMessage.run(BigInt(100 + i));
      insertInbox.run(BigInt(100 + i), name, BigInt(i));
    });
    python.close();

    const store = await openStore({ path, pragmas: [], keyTemplate: '' });
    const rows = store.db
      .sqlite.prepare<[], { name: string; counter: bigint; destination_id: bigint | null }>(
        'SELECT default_ticket_name AS name, counter, destination_id FROM inbox ORDER BY id',
      )
      .all();
    assert.deepEqual(
      rows.map((r) => r.name),
      ['${author}', '$author', 'ticket-$author-${author}', '$authors', '$$author', 'plain', '', '${author}'],
    );
    assert.deepEqual(
      rows.map((r) => r.counter),
      names.map((_, i) => BigInt(i)),
    );
    assert.ok(rows.every((r) => r.destination_id === null));
    await store.close();
  });

  for (const journalMode of ['delete', 'wal'] as const) {
    it(`refuse a newer user_version and leave the file untouched (${journalMode} journal)`, async () => {
      const path = tempPath();
      const python = buildPythonDb(path, { journalMode });
      python.pragma('user_version = 99');
      python.close();
      const before = readFileSync(path);
      const filesBefore = readdirSync(dir).sort();

      await assert.rejects(
        async () => await openStore({ path, pragmas: [], keyTemplate: '' }),
        (error: unknown) => {
          assert.ok(error instanceof StoreError);
          assert.equal(error.kind, 'newer-schema');
          assert.match(error.message, /99/);
          assert.match(error.message, /newer version/);
          assert.match(error.message, /[Uu]pgrade/);
          return true;
        },
      );
      assert.deepEqual(readFileSync(path), before);
      assert.deepEqual(readdirSync(dir).sort(), filesBefore);
    });
  }

  it('migrate() alone refuses a newer version without writing', () => {
    const db = new Database(':memory:');
    db.defaultSafeIntegers(true);
    db.pragma('user_version = 13');
    assert.throws(() => migrate(db), (e: unknown) => e instanceof StoreError && e.kind === 'newer-schema');
    assert.equal(schemaVersion(db), 13);
    assert.equal(db.prepare('SELECT count(*) AS n FROM sqlite_master').pluck().get(), 0n);
    db.close();
  });

  it('migrate() skips what another connection migrated after it read the version (two processes opening a new file)', () => {
    const path = tempPath();
    const other = new Database(path, { timeout: 5000 });
    other.defaultSafeIntegers(true);
    const db = new Database(path, { timeout: 5000 });
    db.defaultSafeIntegers(true);
    // The other process migrates everything right after this one first read user_version 0.
    const pragma = db.pragma.bind(db);
    let first = true;
    db.pragma = ((source: string, options?: Database.PragmaOptions) => {
      const result = pragma(source, options);
      if (first && source === 'user_version') {
        first = false;
        migrate(other);
      }
      return result;
    }) as typeof db.pragma;
    assert.deepEqual(migrate(db), { from: 0, to: latestVersion() });
    assert.equal(schemaVersion(db), latestVersion());
    assert.deepEqual(schemaOf(db), schemaOf(other));
    other.close();
    db.close();
  });

  it('let several processes open one new file at once: each starts, the schema is made once', async () => {
    const script = `
      import { existsSync } from 'node:fs';
      import { openStore } from ${JSON.stringify(new URL('../../../src/store/store.ts', import.meta.url).href)};
      const [path, go] = process.argv.slice(-2);
      process.stdout.write('ready\\n');
      while (!existsSync(go)) await new Promise((r) => setTimeout(r, 2));
      const store = await openStore({ path, pragmas: [], keyTemplate: '' });
      await store.close();
    `;
    for (let round = 0; round < 3; round++) {
      const path = tempPath();
      const go = `${path}.go`;
      const children = Array.from({ length: 4 }, () => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, path, go], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const ready = new Promise<void>((resolve) => {
          child.stdout.on('data', () => out.includes('ready') && resolve());
          child.on('close', () => resolve());
        });
        const done = new Promise<{ code: number | null; err: string }>((resolve) => child.on('close', (code) => resolve({ code, err })));
        return { ready, done };
      });
      await Promise.all(children.map((c) => c.ready));
      writeFileSync(go, '');
      for (const { code, err } of await Promise.all(children.map((c) => c.done))) assert.equal(code, 0, err);
      const db = new Database(path, { readonly: true });
      assert.equal(schemaVersion(db), latestVersion());
      assert.deepEqual(schemaOf(db), EXPECTED_SCHEMA);
      db.close();
    }
  });
});
