// Tickets and pending clicks: the counter reserved per click and moved with the ticket
// row in one transaction, cascades, and ids above 2^53 kept exact.
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
  recordTicket,
  setTicketThreadState,
  ticketIdsInParents,
  ticketsInGuild,
  ticketsOf,
  ticketsOfOwnerInGuild,
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
    const a = addPending(store.db, click());
    const b = addPending(store.db, click(OTHER));
    assert.deepEqual([a.counter, b.counter], [42, 43]);
    assert.deepEqual([a.name, b.name], ['ticket-42', 'ticket-43']);
    assert.equal(getInbox(store.db, INBOX)!.counter, 41, 'the inbox counter moves only with a ticket row');
    assert.deepEqual(getPending(store.db, a.id), a);
    assert.deepEqual(pendingInGuild(store.db, GUILD).map((p) => p.id), [a.id, b.id]);
  });

  it('recordTicket writes the ticket, moves the counter and marks the click in one go', () => {
    const a = addPending(store.db, click());
    const b = addPending(store.db, click(OTHER));
    recordTicket(store.db, b, THREAD_B);
    assert.equal(getInbox(store.db, INBOX)!.counter, 2);
    recordTicket(store.db, a, THREAD_A);
    assert.equal(getInbox(store.db, INBOX)!.counter, 2, 'a lower number never moves the counter back');
    assert.deepEqual(getTicket(store.db, THREAD_A), {
      id: THREAD_A,
      guildId: GUILD,
      inboxId: INBOX,
      ownerId: OWNER,
      parentId: DEST,
      archived: false,
    });
    assert.equal(getPending(store.db, a.id)!.threadId, THREAD_A);
    // A dropped click frees its number for the next one.
    deletePending(store.db, a.id);
    deletePending(store.db, b.id);
    assert.equal(addPending(store.db, click()).counter, 3);
  });

  it('a failing ticket insert leaves the counter and the click untouched', () => {
    const a = addPending(store.db, click());
    recordTicket(store.db, a, THREAD_A);
    const b = addPending(store.db, click());
    assert.throws(() => recordTicket(store.db, b, THREAD_A), /UNIQUE|PRIMARY KEY/);
    assert.equal(getInbox(store.db, INBOX)!.counter, 1);
    assert.equal(getPending(store.db, b.id)!.threadId, null);
  });

  it('a ticket whose inbox was deleted meanwhile is kept without an inbox', () => {
    const a = addPending(store.db, click());
    deleteMessages(store.db, [INBOX]);
    assert.equal(getPending(store.db, a.id), null, 'the click went with its inbox');
    recordTicket(store.db, a, THREAD_A);
    assert.equal(getTicket(store.db, THREAD_A)!.inboxId, null);
  });

  it('deleting the thread removes the ticket and its click; deleting the channel removes clicks for it', () => {
    const a = addPending(store.db, click());
    recordTicket(store.db, a, THREAD_A);
    deleteChannels(store.db, [THREAD_A]);
    assert.equal(getTicket(store.db, THREAD_A), null);
    assert.equal(getPending(store.db, a.id), null);
    const b = addPending(store.db, click());
    deleteChannels(store.db, [DEST]);
    assert.equal(getPending(store.db, b.id), null);
  });
});

describe('tickets', () => {
  it('are listed per member and inbox (newest first), per member and guild, per guild and per parent', () => {
    recordTicket(store.db, addPending(store.db, click()), THREAD_A);
    recordTicket(store.db, addPending(store.db, click()), THREAD_B);
    recordTicket(store.db, addPending(store.db, click(OTHER)), '9007199254741005');
    assert.deepEqual(ticketsOf(store.db, INBOX, OWNER).map((t) => t.id), [THREAD_B, THREAD_A]);
    assert.deepEqual(ticketsOfOwnerInGuild(store.db, GUILD, OWNER).map((t) => t.id), [THREAD_A, THREAD_B]);
    assert.equal(ticketsInGuild(store.db, GUILD).length, 3);
    assert.equal(ticketsInGuild(store.db, '1').length, 0);
    assert.deepEqual(ticketIdsInParents(store.db, [DEST]).sort(), [THREAD_A, THREAD_B, '9007199254741005'].sort());
    assert.deepEqual(ticketIdsInParents(store.db, []), []);
    assert.deepEqual(nonTicketChannelIds(store.db, GUILD).sort(), [CHANNEL, DEST].sort());
  });

  it('setTicketThreadState stores archived and parent and says whether anything changed', () => {
    recordTicket(store.db, addPending(store.db, click()), THREAD_A);
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
    });
    assert.equal(setTicketThreadState(store.db, THREAD_A, { archived: false }), true, 'unknown → open is a change');
  });
});
