// copy-db (src/store/copy.ts): a database the Python bot left, migrated and filled by this
// version, copied into an empty PostgreSQL database in one transaction: every row, ids
// exact, the next click numbered after the copied ones; a non-empty target is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyToPostgres } from '../../../src/store/copy.ts';
import { StoreError } from '../../../src/store/errors.ts';
import { createInbox, getInbox } from '../../../src/store/inboxes.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import { addPending, completeTicket, getTicket, pendingInGuild } from '../../../src/store/tickets.ts';
import { buildPythonDb } from '../../fixtures/python-db.ts';
import { freshPgDatabase, pgSkipReason, type TestDatabase } from '../../fixtures/postgres.ts';

const skip = pgSkipReason();
const GUILD = '1246826841231327275';
const CHANNEL = '9007199254740993';
const INBOX = '9223372036854775807';
const OLD_INBOX = '9007199254740999';
const OWNER = '9007199254740995';
const THREAD = '9223372036854775806';

describe('copy-db', { skip: skip ?? false }, () => {
  let dir: string;
  let source: Store;
  let target: TestDatabase;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ttb-copy-'));
    const path = join(dir, 'python.db');
    const python = buildPythonDb(path);
    python.exec(`
      INSERT INTO guild (id) VALUES (${GUILD});
      INSERT INTO channel (id, guild_id) VALUES (${CHANNEL}, ${GUILD});
      INSERT INTO message (id, channel_id) VALUES (${OLD_INBOX}, ${CHANNEL});
      INSERT INTO inbox (id, starter_content, max_tickets_per_user, default_ticket_name, counter) VALUES (${OLD_INBOX}, 'hi', 2, 't-$counter', 7);
      INSERT INTO inbox_staff (inbox_id, mention) VALUES (${OLD_INBOX}, '<@&9007199254741005>');
      INSERT INTO setting (name, value) VALUES ('n', 42), ('blob', x'00ff'), ('text', 'abc');
    `);
    python.close();
    source = await openStore({ path, pragmas: [], keyTemplate: '' });
    await createInbox(source.db, { messageId: INBOX, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: null, staff: [`<@${OWNER}>`] });
    const at = 5;
    const done = await addPending(source.db, { inboxId: INBOX, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: at, name: (n) => `t-${n}` });
    await completeTicket(source.db, done, THREAD);
    await addPending(source.db, { inboxId: INBOX, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: at, name: (n) => `t-${n}` });
    target = await freshPgDatabase();
  });
  after(async () => {
    await source?.close();
    await target?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every row with ids exact, and reports the counts', async () => {
    const report = await copyToPostgres(source.db, target.url);
    const counts = Object.fromEntries(report.counts.map((c) => [c.table, c.rows]));
    assert.deepEqual(
      { guild: counts.guild, inbox: counts.inbox, inbox_staff: counts.inbox_staff, ticket: counts.ticket, pending_ticket: counts.pending_ticket, setting: counts.setting },
      { guild: 1, inbox: 2, inbox_staff: 2, ticket: 1, pending_ticket: 1, setting: 2 },
    );
    assert.equal(report.skippedSettings, 1, 'a blob reads as unset and is left out');
    const copy = await openStore({ url: target.url });
    try {
      assert.deepEqual(await getInbox(copy.db, OLD_INBOX), await getInbox(source.db, OLD_INBOX));
      assert.deepEqual(await getInbox(copy.db, INBOX), await getInbox(source.db, INBOX));
      assert.deepEqual(await getTicket(copy.db, THREAD), await getTicket(source.db, THREAD));
      assert.equal(await copy.settings.get('n'), '42');
      assert.equal(await copy.settings.get('text'), 'abc');
      const [pending] = await pendingInGuild(copy.db, GUILD);
      assert.deepEqual(pending, (await pendingInGuild(source.db, GUILD))[0]);
      const next = await addPending(copy.db, { inboxId: INBOX, ownerId: OWNER, guildId: GUILD, parentId: CHANNEL, createdAt: 6, name: (n) => `t-${n}` });
      assert.ok(next.id > pending!.id, 'new clicks are numbered after the copied ones');
    } finally {
      await copy.close();
    }
  });

  it('refuses a database that already holds rows, and writes nothing', async () => {
    await assert.rejects(copyToPostgres(source.db, target.url), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.kind, 'not-empty');
      assert.match(error.message, /already holds the bot's rows .*nothing was copied/);
      return true;
    });
  });
});
