// Foreign keys do the clean-up: deleting a message, channel, user or guild takes what
// hangs off it with it, or sets the link to NULL where the original says so.
import { beforeEach, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toDb } from '../../../src/store/ids.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
import {
  deleteChannels,
  deleteMessages,
  ensureChannel,
  ensureGuild,
  ensureMember,
  ensureMessage,
  ensureUser,
  forgetGuilds,
  storedGuildIds,
} from '../../../src/store/guilds.ts';

const GUILD = '1246826841231327275';
const OTHER_GUILD = '1246826841231327290';
const CHANNEL = '1246826841231327276';
const MESSAGE = '1246826841231327277';
const OWNER = '1246826841231327279';
const TICKET = '1246826841231327283';
const DESTINATION = '1246826841231327285';

let store: Store;
beforeEach(async () => {
  store = await openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
});
afterEach(async () => await store.close());

function count(table: string): bigint {
  return store.db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as bigint;
}

/** An inbox with a staff mention, a destination channel and one ticket. */
async function seedInboxWithTicket(): Promise<void> {
  await ensureMessage(store.db, MESSAGE, CHANNEL, GUILD);
  await ensureChannel(store.db, DESTINATION, GUILD);
  store.db.sqlite.prepare('INSERT INTO inbox (id, destination_id) VALUES (?, ?)').run(toDb(MESSAGE), toDb(DESTINATION));
  store.db.sqlite.prepare('INSERT INTO inbox_staff (inbox_id, mention) VALUES (?, ?)').run(toDb(MESSAGE), `<@${OWNER}>`);
  await ensureMember(store.db, GUILD, OWNER);
  await ensureChannel(store.db, TICKET, GUILD);
  store.db.sqlite.prepare('INSERT INTO ticket (id, inbox_id, owner_id) VALUES (?, ?, ?)').run(toDb(TICKET), toDb(MESSAGE), toDb(OWNER));
}

function ticket(): { inbox_id: bigint | null; owner_id: bigint | null } | undefined {
  return store.db.sqlite.prepare('SELECT inbox_id, owner_id FROM ticket WHERE id = ?').get(toDb(TICKET)) as
    | { inbox_id: bigint | null; owner_id: bigint | null }
    | undefined;
}

describe('store/guilds', () => {
  it('ensure* insert once and ignore repeats', async () => {
    for (let i = 0; i < 2; i++) {
      await ensureGuild(store.db, GUILD);
      await ensureUser(store.db, OWNER);
      await ensureMember(store.db, GUILD, OWNER);
      await ensureMessage(store.db, MESSAGE, CHANNEL, GUILD);
      await ensureChannel(store.db, '1246826841231327300', null);
    }
    assert.equal(count('guild'), 1n);
    assert.equal(count('user'), 1n);
    assert.equal(count('member'), 1n);
    assert.equal(count('channel'), 2n);
    assert.equal(count('message'), 1n);
    assert.equal(store.db.sqlite.prepare('SELECT guild_id FROM channel WHERE id = ?').pluck().get(toDb('1246826841231327300')), null);
  });

  it('foreign keys are on', () => {
    assert.equal(store.db.sqlite.pragma('foreign_keys', { simple: true }), 1n);
    assert.throws(() => store.db.sqlite.prepare('INSERT INTO message (id, channel_id) VALUES (1, 2)').run(), /FOREIGN KEY/);
  });

  it('deleting a message deletes its inbox and staff; the ticket stays with inbox_id NULL', async () => {
    await seedInboxWithTicket();
    assert.equal(await deleteMessages(store.db, [MESSAGE, '1']), 1);
    assert.equal(count('inbox'), 0n);
    assert.equal(count('inbox_staff'), 0n);
    assert.deepEqual(ticket(), { inbox_id: null, owner_id: toDb(OWNER) });
  });

  it('deleting a channel deletes its ticket and messages, and clears it as a destination', async () => {
    await seedInboxWithTicket();
    assert.equal(await deleteChannels(store.db, [TICKET, DESTINATION]), 2);
    assert.equal(ticket(), undefined);
    assert.equal(store.db.sqlite.prepare('SELECT destination_id FROM inbox').pluck().get(), null);
    assert.equal(await deleteChannels(store.db, [CHANNEL]), 1);
    assert.equal(count('message'), 0n);
    assert.equal(count('inbox'), 0n);
  });

  it('deleting a user keeps the ticket with owner_id NULL and removes the membership', async () => {
    await seedInboxWithTicket();
    store.db.sqlite.prepare('DELETE FROM user WHERE id = ?').run(toDb(OWNER));
    assert.deepEqual(ticket(), { inbox_id: toDb(MESSAGE), owner_id: null });
    assert.equal(count('member'), 0n);
  });

  it('forgetGuilds removes the guilds with everything in them; storedGuildIds lists them exactly', async () => {
    await seedInboxWithTicket();
    await ensureChannel(store.db, '1246826841231327400', OTHER_GUILD);
    assert.deepEqual((await storedGuildIds(store.db)).sort(), [GUILD, OTHER_GUILD].sort());
    assert.equal(await forgetGuilds(store.db, [GUILD, '1246826841231327999']), 1);
    assert.deepEqual(
      store.db.sqlite.prepare('SELECT id FROM guild').pluck().all(),
      [toDb(OTHER_GUILD)],
    );
    assert.equal(count('channel'), 1n);
    assert.equal(count('message'), 0n);
    assert.equal(count('inbox'), 0n);
    assert.equal(count('ticket'), 0n);
    assert.equal(count('member'), 0n);
    assert.equal(count('user'), 1n, 'users are not per guild');
    assert.equal(await forgetGuilds(store.db, []), 0);
    assert.equal(await forgetGuilds(store.db, [OTHER_GUILD]), 1);
    assert.equal(count('guild'), 0n);
    assert.deepEqual(await storedGuildIds(store.db), []);
  });

  it('empty id lists delete nothing; malformed ids are refused before any SQL runs', async () => {
    await seedInboxWithTicket();
    assert.equal(await deleteChannels(store.db, []), 0);
    assert.equal(await deleteMessages(store.db, []), 0);
    await assert.rejects(async () => deleteChannels(store.db, ['1) OR 1=1 --']), TypeError);
    await assert.rejects(async () => forgetGuilds(store.db, ['abc']), TypeError);
    assert.equal(count('channel'), 3n);
    assert.equal(count('guild'), 1n);
  });
});
