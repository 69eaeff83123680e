// Tickets and pending clicks: the counter reserved per click and moved with the ticket
// row in one transaction that also forgets the click, one counted write transaction per
// call, cascades, and ids above 2^53 kept exact.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { deleteChannels, deleteMessages } from '../../../src/store/guilds.ts';
import { createInbox, getInbox } from '../../../src/store/inboxes.ts';
import { fromDb, toDb } from '../../../src/store/ids.ts';
import type { Store } from '../../../src/store/store.ts';
import {
  addPending,
  deletePending,
  getPending,
  getTicket,
  nonTicketChannelIds,
  pendingInGuild,
  completeTicket,
  setTicketThreadState,
  ticketIdsInParents,
  ticketsInGuild,
  ticketsOf,
  ticketsOfOwnerInGuild,
  setClaim,
} from '../../../src/store/tickets.ts';
import { dialects } from '../../fixtures/dialects.ts';

// All above 2^53: a float would round them.
const GUILD = '9007199254740993';
const CHANNEL = '9007199254740995';
const INBOX = '9007199254740997';
const DEST = '9007199254740999';
const OWNER = '18446744073709551';
const OTHER = '9223372036854775807';
const THREAD_A = '9007199254741001';
const THREAD_B = '9007199254741003';

const click = (ownerId = OWNER, at = 1000) => ({
  inboxId: INBOX,
  ownerId,
  guildId: GUILD,
  parentId: DEST,
  createdAt: at,
  name: (n: number) => `ticket-${n}`,
});

for (const dialect of dialects()) {
  let opened: Awaited<ReturnType<typeof dialect.open>>;
  let store: Store;

  describe(`pending clicks (${dialect.name})`, { skip: dialect.skip ?? false }, () => {
    beforeEach(async () => {
      opened = await dialect.open();
      store = opened.store;
      await createInbox(store.db, { messageId: INBOX, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: DEST, staff: [] });
    });
    afterEach(() => opened.close());

    it('reserve counters above the inbox counter and every other pending click', async () => {
      await store.db.q.updateTable('inbox').set({ counter: 41 }).where('id', '=', toDb(INBOX)).execute();
      const before = store.stats.writeTransactions;
      const a = await addPending(store.db, click());
      const b = await addPending(store.db, click(OTHER));
      assert.equal(store.stats.writeTransactions, before + 2, 'one write transaction each');
      assert.deepEqual([a.counter, b.counter], [42, 43]);
      assert.deepEqual([a.name, b.name], ['ticket-42', 'ticket-43']);
      assert.equal((await getInbox(store.db, INBOX))!.counter, 41, 'the inbox counter moves only with a ticket row');
      assert.deepEqual(await getPending(store.db, a.id), a);
      assert.deepEqual((await pendingInGuild(store.db, GUILD)).map((p) => p.id), [a.id, b.id]);
    });

    it('completeTicket writes the ticket, moves the counter and forgets the click in one write transaction', async () => {
      const a = await addPending(store.db, click());
      const b = await addPending(store.db, click(OTHER));
      const before = store.stats.writeTransactions;
      await completeTicket(store.db, b, THREAD_B);
      assert.equal(store.stats.writeTransactions, before + 1);
      assert.equal((await getInbox(store.db, INBOX))!.counter, 2);
      assert.equal(await getPending(store.db, b.id), null, 'the click is gone with the same commit');
      await completeTicket(store.db, a, THREAD_A);
      assert.equal((await getInbox(store.db, INBOX))!.counter, 2, 'a lower number never moves the counter back');
      assert.deepEqual(await getTicket(store.db, THREAD_A), {
        id: THREAD_A,
        guildId: GUILD,
        inboxId: INBOX,
        ownerId: OWNER,
        parentId: DEST,
        archived: false,
        claimedBy: null,
        topicId: null,
      });
      assert.deepEqual(await pendingInGuild(store.db, GUILD), []);
      assert.equal((await addPending(store.db, click())).counter, 3);
    });

    it('a dropped click frees its number; deletePending is one write transaction', async () => {
      const a = await addPending(store.db, click());
      const before = store.stats.writeTransactions;
      await deletePending(store.db, a.id);
      assert.equal(store.stats.writeTransactions, before + 1);
      assert.equal((await addPending(store.db, click())).counter, 1);
    });

    it('a failing ticket insert leaves the counter, the click and the statistics untouched', async () => {
      const a = await addPending(store.db, click());
      await completeTicket(store.db, a, THREAD_A);
      const b = await addPending(store.db, click());
      const before = store.stats.writeTransactions;
      await assert.rejects(async () => completeTicket(store.db, b, THREAD_A), /UNIQUE|PRIMARY KEY|duplicate key/);
      assert.equal(store.stats.writeTransactions, before, 'a rolled-back transaction is not counted');
      assert.equal((await getInbox(store.db, INBOX))!.counter, 1);
      assert.deepEqual(await getPending(store.db, b.id), b);
    });

    it('a ticket whose inbox was deleted meanwhile is kept without an inbox', async () => {
      const a = await addPending(store.db, click());
      await deleteMessages(store.db, [INBOX]);
      assert.equal(await getPending(store.db, a.id), null, 'the click went with its inbox');
      await completeTicket(store.db, a, THREAD_A);
      assert.equal((await getTicket(store.db, THREAD_A))!.inboxId, null);
    });

    it('keeps 1246826841231327275 (above 2^53) exact as thread, owner, inbox, channel and guild id', async () => {
      const big = '1246826841231327275';
      assert.notEqual(String(Number(big)), big, 'a float would change this id');
      const other = await opened.another();
      await other.db.q.deleteFrom('guild').execute();
      {
        await createInbox(other.db, { messageId: big, channelId: '1246826841231327276', guildId: '1246826841231327277', starterContent: '', destinationId: null, staff: [] });
        const p = await addPending(other.db, { inboxId: big, ownerId: big, guildId: '1246826841231327277', parentId: '1246826841231327276', createdAt: 1, name: (n) => `t-${n}` });
        assert.deepEqual(
          [p.inboxId, p.ownerId, p.parentId, p.guildId],
          [big, big, '1246826841231327276', '1246826841231327277'],
        );
        assert.deepEqual(await getPending(other.db, p.id), p, 'read back exactly');
        await completeTicket(other.db, p, big);
        assert.deepEqual(await getTicket(other.db, big), {
          id: big,
          guildId: '1246826841231327277',
          inboxId: big,
          ownerId: big,
          parentId: '1246826841231327276',
          archived: false,
          claimedBy: null,
          topicId: null,
        });
        assert.equal(fromDb((await other.db.q.selectFrom('ticket').select('id').executeTakeFirstOrThrow()).id), big);
        assert.deepEqual((await ticketsOf(other.db, big, big)).map((t) => t.id), [big]);
      }
    });

    it('deleting the thread removes the ticket; deleting the channel removes clicks for it', async () => {
      const a = await addPending(store.db, click());
      await completeTicket(store.db, a, THREAD_A);
      await deleteChannels(store.db, [THREAD_A]);
      assert.equal(await getTicket(store.db, THREAD_A), null);
      const b = await addPending(store.db, click());
      await deleteChannels(store.db, [DEST]);
      assert.equal(await getPending(store.db, b.id), null);
    });
  });

  describe(`tickets (${dialect.name})`, { skip: dialect.skip ?? false }, () => {
    beforeEach(async () => {
      opened = await dialect.open();
      store = opened.store;
      await createInbox(store.db, { messageId: INBOX, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: DEST, staff: [] });
    });
    afterEach(() => opened.close());

    it('are listed per member and inbox (newest first), per member and guild, per guild and per parent', async () => {
      await completeTicket(store.db, await addPending(store.db, click()), THREAD_A);
      await completeTicket(store.db, await addPending(store.db, click()), THREAD_B);
      await completeTicket(store.db, await addPending(store.db, click(OTHER)), '9007199254741005');
      assert.deepEqual((await ticketsOf(store.db, INBOX, OWNER)).map((t) => t.id), [THREAD_B, THREAD_A]);
      assert.deepEqual((await ticketsOfOwnerInGuild(store.db, GUILD, OWNER)).map((t) => t.id), [THREAD_A, THREAD_B]);
      assert.equal((await ticketsInGuild(store.db, GUILD)).length, 3);
      assert.equal((await ticketsInGuild(store.db, '1')).length, 0);
      assert.deepEqual((await ticketIdsInParents(store.db, [DEST])).sort(), [THREAD_A, THREAD_B, '9007199254741005'].sort());
      assert.deepEqual(await ticketIdsInParents(store.db, []), []);
      assert.deepEqual((await nonTicketChannelIds(store.db, GUILD)).sort(), [CHANNEL, DEST].sort());
    });

    it('setTicketThreadState stores archived and parent and says whether anything changed', async () => {
      await completeTicket(store.db, await addPending(store.db, click()), THREAD_A);
      assert.equal(await setTicketThreadState(store.db, THREAD_A, { archived: false, parentId: DEST }), false);
      assert.equal(await setTicketThreadState(store.db, THREAD_A, { archived: true }), true);
      assert.equal((await getTicket(store.db, THREAD_A))!.archived, true);
      assert.equal(await setTicketThreadState(store.db, THREAD_A, { archived: true, parentId: CHANNEL }), true);
      assert.equal((await getTicket(store.db, THREAD_A))!.parentId, CHANNEL);
      assert.equal(await setTicketThreadState(store.db, '1', { archived: true }), false, 'not a ticket');
    });

    it('reads a row the Python bot wrote (no parent, state unknown)', async () => {
      await sql`INSERT INTO channel (id, guild_id) VALUES (${toDb(THREAD_A)}, ${toDb(GUILD)})`.execute(store.db.q);
      await sql`INSERT INTO "user" (id) VALUES (${toDb(OWNER)})`.execute(store.db.q);
      await sql`INSERT INTO ticket (id, inbox_id, owner_id) VALUES (${toDb(THREAD_A)}, ${toDb(INBOX)}, ${toDb(OWNER)})`.execute(store.db.q);
      assert.deepEqual(await getTicket(store.db, THREAD_A), {
        id: THREAD_A,
        guildId: GUILD,
        inboxId: INBOX,
        ownerId: OWNER,
        parentId: null,
        archived: null,
        claimedBy: null,
        topicId: null,
      });
      assert.equal(await setTicketThreadState(store.db, THREAD_A, { archived: false }), true, 'unknown → open is a change');
    });
  });

  describe(`claims (${dialect.name})`, { skip: dialect.skip ?? false }, () => {
    beforeEach(async () => {
      opened = await dialect.open();
      store = opened.store;
      await createInbox(store.db, { messageId: INBOX, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: DEST, staff: [] });
    });
    afterEach(() => opened.close());

    it('change only from the claimer the caller saw, one write transaction each, and survive the claimer being forgotten', async () => {
      await completeTicket(store.db, await addPending(store.db, click()), THREAD_A);
      const before = store.stats.writeTransactions;
      assert.equal(await setClaim(store.db, THREAD_A, null, OTHER), true);
      assert.equal((await getTicket(store.db, THREAD_A))!.claimedBy, OTHER, 'the largest id, exact');
      assert.equal(await setClaim(store.db, THREAD_A, null, OWNER), false, 'someone claimed it meanwhile: nothing changes');
      assert.equal((await getTicket(store.db, THREAD_A))!.claimedBy, OTHER);
      assert.equal(await setClaim(store.db, THREAD_A, OTHER, null), true);
      assert.equal((await getTicket(store.db, THREAD_A))!.claimedBy, null);
      assert.equal(await setClaim(store.db, '1', null, OWNER), false, 'not a ticket');
      assert.equal(store.stats.writeTransactions, before + 4);
      await setClaim(store.db, THREAD_A, null, OTHER);
      await store.db.q.deleteFrom('user').where('id', '=', toDb(OTHER)).execute();
      assert.equal((await getTicket(store.db, THREAD_A))!.claimedBy, null, 'ON DELETE SET NULL');
    });
  });
}
