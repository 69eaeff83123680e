// Foreign keys do the clean-up: deleting a message, channel, user or guild takes what
// hangs off it with it, or sets the link to NULL where the original says so.
import { beforeEach, afterEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import assert from 'node:assert/strict';
import { fromDbOrNull, toDb } from '../../../src/store/ids.ts';
import type { Schema } from '../../../src/store/schema.ts';
import type { Store } from '../../../src/store/store.ts';
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
import { dialects } from '../../fixtures/dialects.ts';

const GUILD = '1246826841231327275';
const OTHER_GUILD = '1246826841231327290';
const CHANNEL = '1246826841231327276';
const MESSAGE = '1246826841231327277';
const OWNER = '1246826841231327279';
const TICKET = '1246826841231327283';
const DESTINATION = '1246826841231327285';

for (const dialect of dialects()) {
  describe(`store/guilds (${dialect.name})`, { skip: dialect.skip ?? false }, () => {
    let store: Store;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await dialect.open());
    });
    afterEach(() => close());

    const count = async (table: keyof Schema): Promise<number> =>
      Number((await store.db.q.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    /** An inbox with a staff mention, a destination channel and one ticket. */
    const seedInboxWithTicket = async (): Promise<void> => {
      await ensureMessage(store.db, MESSAGE, CHANNEL, GUILD);
      await ensureChannel(store.db, DESTINATION, GUILD);
      await sql`INSERT INTO inbox (id, destination_id) VALUES (${toDb(MESSAGE)}, ${toDb(DESTINATION)})`.execute(store.db.q);
      await sql`INSERT INTO inbox_staff (inbox_id, mention) VALUES (${toDb(MESSAGE)}, ${`<@${OWNER}>`})`.execute(store.db.q);
      await ensureMember(store.db, GUILD, OWNER);
      await ensureChannel(store.db, TICKET, GUILD);
      await sql`INSERT INTO ticket (id, inbox_id, owner_id) VALUES (${toDb(TICKET)}, ${toDb(MESSAGE)}, ${toDb(OWNER)})`.execute(store.db.q);
    };

    const ticket = async (): Promise<{ inbox_id: string | null; owner_id: string | null } | undefined> => {
      const row = await store.db.q.selectFrom('ticket').select(['inbox_id', 'owner_id']).where('id', '=', toDb(TICKET)).executeTakeFirst();
      return row && { inbox_id: fromDbOrNull(row.inbox_id), owner_id: fromDbOrNull(row.owner_id) };
    };

    it('ensure* insert once and ignore repeats', async () => {
      for (let i = 0; i < 2; i++) {
        await ensureGuild(store.db, GUILD);
        await ensureUser(store.db, OWNER);
        await ensureMember(store.db, GUILD, OWNER);
        await ensureMessage(store.db, MESSAGE, CHANNEL, GUILD);
        await ensureChannel(store.db, '1246826841231327300', null);
      }
      assert.equal(await count('guild'), 1);
      assert.equal(await count('user'), 1);
      assert.equal(await count('member'), 1);
      assert.equal(await count('channel'), 2);
      assert.equal(await count('message'), 1);
      assert.equal((await store.db.q.selectFrom('channel').select('guild_id').where('id', '=', toDb('1246826841231327300')).executeTakeFirst())?.guild_id, null);
    });

    it('foreign keys are on', async () => {
      await assert.rejects(store.db.q.insertInto('message').values({ id: 1n, channel_id: 2n }).execute(), /foreign key/i);
    });

    it('deleting a message deletes its inbox and staff; the ticket stays with inbox_id NULL', async () => {
      await seedInboxWithTicket();
      assert.equal(await deleteMessages(store.db, [MESSAGE, '1']), 1);
      assert.equal(await count('inbox'), 0);
      assert.equal(await count('inbox_staff'), 0);
      assert.deepEqual(await ticket(), { inbox_id: null, owner_id: OWNER });
    });

    it('deleting a channel deletes its ticket and messages, and clears it as a destination', async () => {
      await seedInboxWithTicket();
      assert.equal(await deleteChannels(store.db, [TICKET, DESTINATION]), 2);
      assert.equal(await ticket(), undefined);
      assert.equal((await store.db.q.selectFrom('inbox').select('destination_id').executeTakeFirst())?.destination_id, null);
      assert.equal(await deleteChannels(store.db, [CHANNEL]), 1);
      assert.equal(await count('message'), 0);
      assert.equal(await count('inbox'), 0);
    });

    it('deleting a user keeps the ticket with owner_id NULL and removes the membership', async () => {
      await seedInboxWithTicket();
      await store.db.q.deleteFrom('user').where('id', '=', toDb(OWNER)).execute();
      assert.deepEqual(await ticket(), { inbox_id: MESSAGE, owner_id: null });
      assert.equal(await count('member'), 0);
    });

    it('forgetGuilds removes the guilds with everything in them; storedGuildIds lists them exactly', async () => {
      await seedInboxWithTicket();
      await ensureChannel(store.db, '1246826841231327400', OTHER_GUILD);
      assert.deepEqual((await storedGuildIds(store.db)).sort(), [GUILD, OTHER_GUILD].sort());
      assert.equal(await forgetGuilds(store.db, [GUILD, '1246826841231327999']), 1);
      assert.deepEqual(await storedGuildIds(store.db), [OTHER_GUILD]);
      assert.equal(await count('channel'), 1);
      assert.equal(await count('message'), 0);
      assert.equal(await count('inbox'), 0);
      assert.equal(await count('ticket'), 0);
      assert.equal(await count('member'), 0);
      assert.equal(await count('user'), 1, 'users are not per guild');
      assert.equal(await forgetGuilds(store.db, []), 0);
      assert.equal(await forgetGuilds(store.db, [OTHER_GUILD]), 1);
      assert.equal(await count('guild'), 0);
      assert.deepEqual(await storedGuildIds(store.db), []);
    });

    it('empty id lists delete nothing; malformed ids are refused before any SQL runs', async () => {
      await seedInboxWithTicket();
      assert.equal(await deleteChannels(store.db, []), 0);
      assert.equal(await deleteMessages(store.db, []), 0);
      await assert.rejects(async () => deleteChannels(store.db, ['1) OR 1=1 --']), TypeError);
      await assert.rejects(async () => forgetGuilds(store.db, ['abc']), TypeError);
      assert.equal(await count('channel'), 3);
      assert.equal(await count('guild'), 1);
    });
  });
}
