// Tickets and pending clicks: the counter reserved per click and moved with the ticket
// row in one transaction that also forgets the click, one counted write transaction per
// call, cascades, and ids above 2^53 kept exact.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deleteChannels, deleteMessages } from '../../../src/store/guilds.ts';
import { createInbox, getInbox } from '../../../src/store/inboxes.ts';
import { toDb } from '../../../src/store/ids.ts';
import { openStore, type Store } from '../../../src/store/store.ts';
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

// All above 2^53: a float would round them.
const GUILD = '9007199254740993';
const CHANNEL = '9007199254740995';
const INBOX = '9007199254740997';
const DEST = '9007199254740999';
const OWNER = '18446744073709551';
const OTHER = '9223372036854775807';
const THREAD_A = '9007199254741001';
const THREAD_B = '9007199254741003';

let store: Store;
beforeEach(() => {
  store = openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
  createInbox(store.db, { messageId: INBOX, channelId: CHANNEL, guildId: GUILD, starterContent: '', destinationId: DEST, staff: [] });
});
afterEach(() => store.close());

const click = (ownerId = OWNER, at = 1000) => ({
  inboxId: INBOX,
  ownerId,
  guildId: GUILD,
  parentId: DEST,
  createdAt: at,
  name: (n: number) => `ticket-${n}`,
});

describe('pending clicks', () => {
  it('reserve counters above the inbox counter and every other pending click', () => {
    store.db.prepare('UPDATE inbox SET counter = 41 WHERE id = ?').run(toDb(INBOX));
    const before = store.stats.writeTransactions;
    const a = addPending(store.db, click());
    const b = addPending(store.db, click(OTHER));
    assert.equal(store.stats.writeTransactions, before + 2, 'one write transaction each');
    assert.deepEqual([a.counter, b.counter], [42, 43]);
    assert.deepEqual([a.name, b.name], ['ticket-42', 'ticket-43']);
    assert.equal(getInbox(store.db, INBOX)!.counter, 41, 'the inbox counter moves only with a ticket row');
    assert.deepEqual(getPending(store.db, a.id), a);
    assert.deepEqual(pendingInGuild(store.db, GUILD).map((p) => p.id), [a.id, b.id]);
  });

  it('completeTicket writes the ticket, moves the counter and forgets the click in one write transaction', () => {
    const a = addPending(store.db, click());
    const b = addPending(store.db, click(OTHER));
    const before = store.stats.writeTransactions;
    completeTicket(store.db, b, THREAD_B);
    assert.equal(store.stats.writeTransactions, before + 1);
    assert.equal(getInbox(store.db, INBOX)!.counter, 2);
    assert.equal(getPending(store.db, b.id), null, 'the click is gone with the same commit');
    completeTicket(store.db, a, THREAD_A);
    assert.equal(getInbox(store.db, INBOX)!.counter, 2, 'a lower number never moves the counter back');
    assert.deepEqual(getTicket(store.db, THREAD_A), {
      id: THREAD_A,
      guildId: GUILD,
      inboxId: INBOX,
      ownerId: OWNER,
      parentId: DEST,
      archived: false,
      claimedBy: null,
      topicId: null,
    });
    assert.deepEqual(pendingInGuild(store.db, GUILD), []);
    assert.equal(addPending(store.db, click()).counter, 3);
  });

  it('a dropped click frees its number; deletePending is one write transaction', () => {
    const a = addPending(store.db, click());
    const before = store.stats.writeTransactions;
    deletePending(store.db, a.id);
    assert.equal(store.stats.writeTransactions, before + 1);
    assert.equal(addPending(store.db, click()).counter, 1);
  });

  it('a failing ticket insert leaves the counter, the click and the statistics untouched', () => {
    const a = addPending(store.db, click());
    completeTicket(store.db, a, THREAD_A);
    const b = addPending(store.db, click());
    const before = store.stats.writeTransactions;
    assert.throws(() => completeTicket(store.db, b, THREAD_A), /UNIQUE|PRIMARY KEY/);
    assert.equal(store.stats.writeTransactions, before, 'a rolled-back transaction is not counted');
    assert.equal(getInbox(store.db, INBOX)!.counter, 1);
    assert.deepEqual(getPending(store.db, b.id), b);
  });

  it('a ticket whose inbox was deleted meanwhile is kept without an inbox', () => {
    const a = addPending(store.db, click());
    deleteMessages(store.db, [INBOX]);
    assert.equal(getPending(store.db, a.id), null, 'the click went with its inbox');
    completeTicket(store.db, a, THREAD_A);
    assert.equal(getTicket(store.db, THREAD_A)!.inboxId, null);
  });

  it('keeps 1246826841231327275 (above 2^53) exact as thread, owner, inbox, channel and guild id', () => {
    const big = '1246826841231327275';
    assert.notEqual(String(Number(big)), big, 'a float would change this id');
    const other = openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
    try {
      createInbox(other.db, { messageId: big, channelId: '1246826841231327276', guildId: '1246826841231327277', starterContent: '', destinationId: null, staff: [] });
      const p = addPending(other.db, { inboxId: big, ownerId: big, guildId: '1246826841231327277', parentId: '1246826841231327276', createdAt: 1, name: (n) => `t-${n}` });
      assert.deepEqual(
        [p.inboxId, p.ownerId, p.parentId, p.guildId],
        [big, big, '1246826841231327276', '1246826841231327277'],
      );
      assert.deepEqual(getPending(other.db, p.id), p, 'read back exactly');
      completeTicket(other.db, p, big);
      assert.deepEqual(getTicket(other.db, big), {
        id: big,
        guildId: '1246826841231327277',
        inboxId: big,
        ownerId: big,
        parentId: '1246826841231327276',
        archived: false,
        claimedBy: null,
        topicId: null,
      });
      assert.equal(other.db.prepare('SELECT id FROM ticket').pluck().get(), 1246826841231327275n);
      assert.deepEqual(ticketsOf(other.db, big, big).map((t) => t.id), [big]);
    } finally {
      other.close();
    }
  });

  it('deleting the thread removes the ticket; deleting the channel removes clicks for it', () => {
    const a = addPending(store.db, click());
    completeTicket(store.db, a, THREAD_A);
    deleteChannels(store.db, [THREAD_A]);
    assert.equal(getTicket(store.db, THREAD_A), null);
    const b = addPending(store.db, click());
    deleteChannels(store.db, [DEST]);
    assert.equal(getPending(store.db, b.id), null);
  });
});

describe('tickets', () => {
  it('are listed per member and inbox (newest first), per member and guild, per guild and per parent', () => {
    completeTicket(store.db, addPending(store.db, click()), THREAD_A);
    completeTicket(store.db, addPending(store.db, click()), THREAD_B);
    completeTicket(store.db, addPending(store.db, click(OTHER)), '9007199254741005');
    assert.deepEqual(ticketsOf(store.db, INBOX, OWNER).map((t) => t.id), [THREAD_B, THREAD_A]);
    assert.deepEqual(ticketsOfOwnerInGuild(store.db, GUILD, OWNER).map((t) => t.id), [THREAD_A, THREAD_B]);
    assert.equal(ticketsInGuild(store.db, GUILD).length, 3);
    assert.equal(ticketsInGuild(store.db, '1').length, 0);
    assert.deepEqual(ticketIdsInParents(store.db, [DEST]).sort(), [THREAD_A, THREAD_B, '9007199254741005'].sort());
    assert.deepEqual(ticketIdsInParents(store.db, []), []);
    assert.deepEqual(nonTicketChannelIds(store.db, GUILD).sort(), [CHANNEL, DEST].sort());
  });

  it('setTicketThreadState stores archived and parent and says whether anything changed', () => {
    completeTicket(store.db, addPending(store.db, click()), THREAD_A);
    assert.equal(setTicketThreadState(store.db, THREAD_A, { archived: false, parentId: DEST }), false);
    assert.equal(setTicketThreadState(store.db, THREAD_A, { archived: true }), true);
    assert.equal(getTicket(store.db, THREAD_A)!.archived, true);
    assert.equal(setTicketThreadState(store.db, THREAD_A, { archived: true, parentId: CHANNEL }), true);
    assert.equal(getTicket(store.db, THREAD_A)!.parentId, CHANNEL);
    assert.equal(setTicketThreadState(store.db, '1', { archived: true }), false, 'not a ticket');
  });

  it('reads a row the Python bot wrote (no parent, state unknown)', () => {
    store.db.prepare('INSERT INTO channel (id, guild_id) VALUES (?, ?)').run(toDb(THREAD_A), toDb(GUILD));
    store.db.prepare('INSERT INTO user (id) VALUES (?)').run(toDb(OWNER));
    store.db.prepare('INSERT INTO ticket (id, inbox_id, owner_id) VALUES (?, ?, ?)').run(toDb(THREAD_A), toDb(INBOX), toDb(OWNER));
    assert.deepEqual(getTicket(store.db, THREAD_A), {
      id: THREAD_A,
      guildId: GUILD,
      inboxId: INBOX,
      ownerId: OWNER,
      parentId: null,
      archived: null,
      claimedBy: null,
      topicId: null,
    });
    assert.equal(setTicketThreadState(store.db, THREAD_A, { archived: false }), true, 'unknown → open is a change');
  });
});

describe('claims', () => {
  it('change only from the claimer the caller saw, one write transaction each, and survive the claimer being forgotten', () => {
    completeTicket(store.db, addPending(store.db, click()), THREAD_A);
    const before = store.stats.writeTransactions;
    assert.equal(setClaim(store.db, THREAD_A, null, OTHER), true);
    assert.equal(getTicket(store.db, THREAD_A)!.claimedBy, OTHER, 'the largest id, exact');
    assert.equal(setClaim(store.db, THREAD_A, null, OWNER), false, 'someone claimed it meanwhile: nothing changes');
    assert.equal(getTicket(store.db, THREAD_A)!.claimedBy, OTHER);
    assert.equal(setClaim(store.db, THREAD_A, OTHER, null), true);
    assert.equal(getTicket(store.db, THREAD_A)!.claimedBy, null);
    assert.equal(setClaim(store.db, '1', null, OWNER), false, 'not a ticket');
    assert.equal(store.stats.writeTransactions, before + 4);
    setClaim(store.db, THREAD_A, null, OTHER);
    store.db.prepare('DELETE FROM user WHERE id = ?').run(toDb(OTHER));
    assert.equal(getTicket(store.db, THREAD_A)!.claimedBy, null, 'ON DELETE SET NULL');
  });
});
