// Startup reconciliation (SPEC §8, beyond): the bot stops, things happen, the bot starts
// again on the same database and catches up; a second run changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { changedAnything, reconcile } from '../../src/discord/reconcile.ts';
import { ticketName } from '../../src/domain/templates.ts';
import { addPending, completeTicket, pendingInGuild } from '../../src/store/tickets.ts';
import {
  asBot,
  buildTicketWorld,
  click,
  countRows,
  finalAnswer,
  postInbox,
  startTicketBot,
  threadIdOf,
  ticketRow,
  until,
} from './ticket-fixture.ts';

describe('startup reconciliation', () => {
  let emu: Emulator;
  let dir: string;
  before(async () => {
    emu = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'ttb-reconcile-'));
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const botMessages = (channelId: string) => emu.messages(channelId).filter((m) => m.author.id === emu.botUser.id);
  const meta = (threadId: string) => emu.getChannel(threadId)?.thread_metadata;
  const memberIds = (threadId: string) => emu.threadMembers(threadId).map((m: any) => String(m.user_id ?? m.id));
  const lastRequestId = () => emu.requests.at(-1)?.id ?? 0;
  const finished = /Startup reconciliation finished/;

  test('catches up on everything that happened offline, then a second run changes nothing', async () => {
    const w = buildTicketWorld(emu);
    const dbPath = join(dir, 'a.db');
    const first = await startTicketBot(emu, { dbPath });
    const db1 = first.store.db;
    const managed = await postInbox(emu, db1, w, { channelId: w.supportId, destinationId: w.ticketsId, maxTickets: 0 });
    const doomedInbox = await postInbox(emu, db1, w, { channelId: w.supportId, destinationId: w.ticketsId, maxTickets: 0 });
    const gone = emu.createChannel(w.guildId, { name: 'gone' });
    const goneInbox = await postInbox(emu, db1, w, { channelId: gone.id, maxTickets: 0 });
    const open = async (inboxId: string, userId: string): Promise<string> => {
      const id = threadIdOf((await finalAnswer(click(emu, inboxId, userId))).content);
      await until('the owner in the thread', () => memberIds(id).includes(userId));
      first.now.ms += 61_000;
      return id;
    };
    const leftThread = await open(managed, w.annId);
    const leftServer = await open(managed, w.bobId);
    const archived = await open(managed, w.helperId);
    const deleted = await open(managed, w.modId);
    const untouched = await open(managed, w.quietId);
    const inGone = await open(goneInbox, w.annId);
    await first.stop();

    // While the bot is offline:
    emu.removeThreadMember(leftThread, w.annId);
    emu.removeMember(w.guildId, w.bobId);
    emu.updateThread(archived, { archived: true });
    emu.deleteChannel(deleted);
    emu.deleteMessage(w.supportId, doomedInbox);
    emu.deleteChannel(gone.id);
    const since = lastRequestId();

    const second = await startTicketBot(emu, { dbPath });
    try {
      await until('the reconciliation', () => finished.test(second.logs()));
      const db = second.store.db;
      assert.ok(meta(leftThread)!.archived && meta(leftThread)!.locked);
      assert.equal(botMessages(leftThread).at(-1)!.content, `<@${w.annId}> left this ticket, so it is now archived.`);
      assert.ok(meta(leftServer)!.archived && meta(leftServer)!.locked);
      assert.equal(botMessages(leftServer).at(-1)!.content, `<@${w.bobId}> left the server, so this ticket is now archived.`);
      await until('the archived ticket locked', () => meta(archived)!.locked);
      assert.equal(botMessages(archived).at(-1)!.content, 'This ticket was archived and is now locked: only moderators can reopen it.');
      assert.equal(await ticketRow(db, deleted), undefined, 'a deleted thread is forgotten');
      assert.equal(await ticketRow(db, inGone), undefined, 'tickets of a deleted channel are forgotten');
      assert.equal(db.sqlite.prepare('SELECT count(*) FROM inbox').pluck().get(), 1n, 'deleted inboxes are forgotten');
      assert.equal(meta(untouched)!.archived, false);
      assert.equal(botMessages(untouched).length, 1);
      assert.deepEqual(
        (await Promise.all([leftThread, leftServer, archived].map((id) => ticketRow(db, id)))).map((row) => row!.archived),
        [1, 1, 1],
      );

      // Once the gateway has seen the bot's own changes, a second run finds nothing to do.
      await until('the cache to follow', () => [leftThread, leftServer, archived].every((id) => second.bot.deps.state.guilds.get(w.guildId)!.threads.get(id)?.locked));
      const before2 = lastRequestId();
      const again = await reconcile(second.bot.deps);
      assert.equal(changedAnything(again), false, JSON.stringify(again));
      const writes = emu.requests.filter((r) => r.id > before2 && r.method !== 'GET');
      assert.deepEqual(writes.map((r) => `${r.method} ${r.path}`), []);
      assert.ok(emu.requests.some((r) => r.id > since));
    } finally {
      await second.stop();
    }
  });

  test('a thread created for a click but never recorded is recorded and gets its starter; a click with no thread is dropped', async () => {
    const w = buildTicketWorld(emu);
    const dbPath = join(dir, 'b.db');
    const first = await startTicketBot(emu, { dbPath });
    const inbox = await postInbox(emu, first.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId, staff: [`<@${w.helperId}>`], maxTickets: 0, name: 't-$counter' });
    await first.stop();

    // What a killed process leaves behind: a pending click whose thread exists without a
    // ticket row, and a pending click that never got as far as creating its thread.
    const setup = await import('../../src/store/store.ts').then((m) => m.openStore({ path: dbPath, pragmas: [], keyTemplate: '' }));
    const at = Date.now();
    const orphan = await addPending(setup.db, { inboxId: inbox, ownerId: w.annId, guildId: w.guildId, parentId: w.ticketsId, createdAt: at, name: (n) => ticketName('t-$counter', { at, author: 'Annie', counter: n }) });
    const never = await addPending(setup.db, { inboxId: inbox, ownerId: w.bobId, guildId: w.guildId, parentId: w.ticketsId, createdAt: at, name: (n) => ticketName('t-$counter', { at, author: 'bob', counter: n }) });
    await setup.close();
    const thread = await asBot(emu, 'POST', `/channels/${w.ticketsId}/threads`, { name: orphan.name, type: 12, invitable: false });
    assert.equal(thread.name, 't-0001');
    assert.equal(never.counter, 2);

    const second = await startTicketBot(emu, { dbPath });
    try {
      await until('the reconciliation', () => finished.test(second.logs()));
      const db = second.store.db;
      assert.deepEqual(await ticketRow(db, thread.id), { id: thread.id, inbox_id: inbox, owner_id: w.annId, parent_id: w.ticketsId, archived: 0 });
      assert.equal(botMessages(thread.id).length, 1);
      assert.match(botMessages(thread.id)[0]!.content, new RegExp(`<@${w.annId}>`));
      await until('the owner and staff in the thread', () => [w.annId, w.helperId].every((id) => memberIds(thread.id).includes(id)));
      assert.equal((await pendingInGuild(db, w.guildId)).length, 0);
      assert.equal(Number(db.sqlite.prepare('SELECT counter FROM inbox').pluck().get()), 1, 'the dropped click frees its number');
      assert.equal(emu.threads(w.ticketsId).length, 1);
      const again = await reconcile(second.bot.deps);
      assert.equal(changedAnything(again), false, JSON.stringify(again));
      assert.equal(botMessages(thread.id).length, 1, 'the starter is posted once');
      assert.equal(await countRows(db, 'ticket'), 1);
    } finally {
      await second.stop();
    }
  });

  test('a ticket recorded just before the bot stopped gets its starter at the next start, not an "owner left" notice', async () => {
    const w = buildTicketWorld(emu);
    const dbPath = join(dir, 'c.db');
    const first = await startTicketBot(emu, { dbPath });
    const inbox = await postInbox(emu, first.store.db, w, { channelId: w.supportId, destinationId: w.ticketsId, staff: [`<@${w.helperId}>`], maxTickets: 0 });
    await first.stop();

    // What a process killed between recording the ticket and posting its starter leaves:
    // a ticket row (the click already forgotten in the same transaction) and an empty
    // thread nobody but the bot is in.
    const setup = await import('../../src/store/store.ts').then((m) => m.openStore({ path: dbPath, pragmas: [], keyTemplate: '' }));
    const at = Date.now();
    const click1 = await addPending(setup.db, { inboxId: inbox, ownerId: w.annId, guildId: w.guildId, parentId: w.ticketsId, createdAt: at, name: () => 'recorded' });
    const thread = await asBot(emu, 'POST', `/channels/${w.ticketsId}/threads`, { name: click1.name, type: 12, invitable: false });
    await completeTicket(setup.db, click1, thread.id);
    assert.equal(await countRows(setup.db, 'pending_ticket'), 0);
    await setup.close();

    const second = await startTicketBot(emu, { dbPath });
    try {
      await until('the reconciliation', () => finished.test(second.logs()));
      await until('the owner and staff in the thread', () => [w.annId, w.helperId].every((id) => memberIds(thread.id).includes(id)));
      assert.equal(botMessages(thread.id).length, 1, 'the starter, and no notice');
      assert.match(botMessages(thread.id)[0]!.content, new RegExp(`<@${w.annId}>`));
      assert.equal(meta(thread.id)!.archived, false);
      assert.deepEqual(await ticketRow(second.store.db, thread.id), { id: thread.id, inbox_id: inbox, owner_id: w.annId, parent_id: w.ticketsId, archived: 0 });
      const again = await reconcile(second.bot.deps);
      assert.equal(changedAnything(again), false, JSON.stringify(again));
      assert.equal(botMessages(thread.id).length, 1, 'the starter is posted once');
    } finally {
      await second.stop();
    }
  });
});
