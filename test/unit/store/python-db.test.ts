// A database the Python bot left behind, with snowflakes far above 2^53, opens and
// reads back every id exactly.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromDb, toDb } from '../../../src/store/ids.ts';
import { openStore } from '../../../src/store/store.ts';
import { ensureMember, ensureMessage } from '../../../src/store/guilds.ts';
import { buildPythonDb } from '../../fixtures/python-db.ts';

const dir = mkdtempSync(join(tmpdir(), 'ttb-pydb-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const GUILD = '1246826841231327275';
const CHANNEL = '1246826841231327276';
const MESSAGE = '1246826841231327277';
const USER = '1246826841231327279';
const ROLE = '1246826841231327281';
const TICKET = '1246826841231327283';
const DESTINATION = '1246826841231327285';
// The largest value SQLite's INTEGER holds; no snowflake reaches it for centuries.
const INT64_MAX = '9223372036854775807';

describe('a database written by the Python bot', () => {
  const path = join(dir, 'python.db');
  const python = buildPythonDb(path);
  const big = (id: string): bigint => BigInt(id);
  python.prepare('INSERT INTO guild (id) VALUES (?)').run(big(GUILD));
  python.prepare('INSERT INTO user (id) VALUES (?)').run(big(USER));
  python.prepare('INSERT INTO user (id) VALUES (?)').run(big(INT64_MAX));
  python.prepare('INSERT INTO member (guild_id, user_id) VALUES (?, ?)').run(big(GUILD), big(USER));
  python.prepare('INSERT INTO channel (id, guild_id) VALUES (?, ?)').run(big(CHANNEL), big(GUILD));
  python.prepare('INSERT INTO channel (id, guild_id) VALUES (?, ?)').run(big(TICKET), big(GUILD));
  python.prepare('INSERT INTO channel (id, guild_id) VALUES (?, ?)').run(big(DESTINATION), big(GUILD));
  python.prepare('INSERT INTO message (id, channel_id) VALUES (?, ?)').run(big(MESSAGE), big(CHANNEL));
  python
    .prepare(
      'INSERT INTO inbox (id, starter_content, max_tickets_per_user, default_ticket_name, counter, destination_id) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(big(MESSAGE), 'Hello <@1246826841231327279>', 3n, 'ticket-$counter', 41n, big(DESTINATION));
  python.prepare('INSERT INTO inbox_staff (inbox_id, mention) VALUES (?, ?)').run(big(MESSAGE), `<@${USER}>`);
  python.prepare('INSERT INTO inbox_staff (inbox_id, mention) VALUES (?, ?)').run(big(MESSAGE), `<@&${ROLE}>`);
  python.prepare('INSERT INTO ticket (id, inbox_id, owner_id) VALUES (?, ?, ?)').run(big(TICKET), big(MESSAGE), big(USER));
  python.prepare('INSERT INTO setting (name, value) VALUES (?, ?)').run('commands-hash', 'abc123');
  python.close();

  const store = openStore({ path, pragmas: [], keyTemplate: '' });
  after(() => store.close());
  const ids = (sql: string): string[][] =>
    (store.db.prepare(sql).raw().all() as Array<Array<bigint | null>>).map((row) => row.map((v) => (v === null ? 'null' : fromDb(v))));

  it('moves from version 7 to 10 (migrations 8 to 10 only add; the new ticket columns start unknown or empty)', () => {
    assert.equal(store.db.pragma('user_version', { simple: true }), 10n);
    assert.deepEqual(store.db.prepare('SELECT parent_id, archived, claimed_by, topic_id FROM ticket').raw().all(), [[null, null, null, null]]);
    // No topics: each inbox is its own one topic, its one button unchanged.
    assert.deepEqual(store.db.prepare('SELECT count(*) FROM topic').pluck().get(), 0n);
    assert.deepEqual(store.db.prepare('SELECT DISTINCT topic_style FROM inbox').pluck().all(), ['buttons']);
    assert.equal(store.db.prepare('SELECT count(*) FROM pending_ticket').pluck().get(), 0n);
  });

  it('gives its inboxes the settings they always had: cooldown 60 s, the channel decides auto-archive, everyone may open tickets, no log', () => {
    assert.deepEqual(store.db.prepare('SELECT cooldown_seconds, auto_archive_minutes, log_channel_id FROM inbox').raw().all(), [[60n, null, null]]);
    assert.equal(store.db.prepare('SELECT count(*) FROM inbox_role').pluck().get(), 0n);
  });

  it('reads every id back exactly as the string Discord sent', () => {
    assert.deepEqual(ids('SELECT id FROM guild'), [[GUILD]]);
    assert.deepEqual(ids('SELECT id FROM user ORDER BY id'), [[USER], [INT64_MAX]]);
    assert.deepEqual(ids('SELECT guild_id, user_id FROM member'), [[GUILD, USER]]);
    assert.deepEqual(ids('SELECT id, guild_id FROM channel ORDER BY id'), [
      [CHANNEL, GUILD],
      [TICKET, GUILD],
      [DESTINATION, GUILD],
    ]);
    assert.deepEqual(ids('SELECT id, channel_id FROM message'), [[MESSAGE, CHANNEL]]);
    assert.deepEqual(ids('SELECT id, destination_id FROM inbox'), [[MESSAGE, DESTINATION]]);
    assert.deepEqual(ids('SELECT id, inbox_id, owner_id FROM ticket'), [[TICKET, MESSAGE, USER]]);
  });

  it('reads text and counters unchanged', () => {
    const inbox = store.db
      .prepare('SELECT starter_content, max_tickets_per_user, default_ticket_name, counter FROM inbox WHERE id = ?')
      .get(toDb(MESSAGE));
    assert.deepEqual(inbox, {
      starter_content: 'Hello <@1246826841231327279>',
      max_tickets_per_user: 3n,
      default_ticket_name: 'ticket-$counter',
      counter: 41n,
    });
    const staff = store.db.prepare('SELECT mention FROM inbox_staff WHERE inbox_id = ? ORDER BY mention').pluck().all(toDb(MESSAGE));
    assert.deepEqual(staff, [`<@&${ROLE}>`, `<@${USER}>`]);
    assert.equal(store.settings.get('commands-hash'), 'abc123');
  });

  it('keeps ids stored as integers, and new rows land next to the old ones', () => {
    ensureMember(store.db, GUILD, '1246826841231327299');
    ensureMessage(store.db, '1246826841231327301', CHANNEL, GUILD);
    assert.deepEqual(ids('SELECT guild_id, user_id FROM member ORDER BY user_id'), [
      [GUILD, USER],
      [GUILD, '1246826841231327299'],
    ]);
    const types = store.db
      .prepare("SELECT DISTINCT typeof(id) FROM (SELECT id FROM guild UNION ALL SELECT id FROM user UNION ALL SELECT id FROM message)")
      .pluck()
      .all();
    assert.deepEqual(types, ['integer']);
  });
});
