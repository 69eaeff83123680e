// Database faults while members click Create Ticket (issue 5): another process holding
// the write lock, a read-only database and a full disk, each before and after the thread
// exists. SQLite itself simulates them honestly (tests run as root, so chmod proves
// nothing): a child process in BEGIN EXCLUSIVE, PRAGMA query_only (SQLITE_READONLY), and
// PRAGMA max_page_count with the file's free room used up (SQLITE_FULL). What must hold:
// the member gets a clear answer, the log one clear line, and no half-made ticket stays
// (no row without a thread, no open thread without a row, no counter moved without its
// ticket, no click left over unless the next start needs it). No timing assertions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Database from 'better-sqlite3-multiple-ciphers';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { reconcile } from '../../src/discord/reconcile.ts';
import { lockDatabase, type DbLocker } from '../fixtures/db-locker.ts';
import {
  auditReason,
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

const THREADS_ROUTE = 'POST /channels/:id/threads';
const DB_ANSWER = "I couldn't save your ticket because my database can't be written to right now. Please let a server admin know.";

describe('database faults on Create Ticket', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const lastRequestId = () => emu.requests.at(-1)?.id ?? 0;
  const creates = (since: number) => emu.requests.filter((r) => r.id > since && r.route === THREADS_ROUTE);
  const counter = (db: Database.Database) => Number(db.prepare('SELECT counter FROM inbox').pluck().get());
  /** The log lines written since `from` (an offset into logs()). */
  const linesSince = (logs: string, from: number) => logs.slice(from).split('\n').filter((l) => l !== '');
  const errorLines = (lines: string[]) => lines.filter((l) => / ERROR /.test(l));
  const stackLines = (lines: string[]) => lines.filter((l) => /^\s+at /.test(l));

  test('another process holding the write lock: clicks are acknowledged, wait, and all succeed once it commits', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    let locker: DbLocker | null = null;
    t.after(async () => {
      locker?.kill();
      await b.stop();
    });
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0, name: 'n-$counter' });
    const since = lastRequestId();
    const writesBefore = b.store.stats.writeTransactions;
    const logFrom = b.logs().length;

    locker = await lockDatabase(b.dbPath, 'exclusive');
    const members = [w.annId, w.bobId, w.helperId];
    const handles = members.map((id) => click(emu, inbox, id));
    // Acknowledged within Discord's 3 s although nothing can be saved yet: the wait for
    // the lock does not hold up the event loop.
    for (const h of handles) assert.equal((await h.response).data.content, 'Opening your ticket…');
    // Each retry is a try that waited out SQLite's busy timeout in vain: the lock has
    // lasted longer than busy_timeout, and the clicks are still waiting, not failed.
    await until('the bot to retry the locked database', () => b.store.stats.busyRetries >= 3);
    assert.equal(creates(since).length, 0, 'no thread before its write-ahead row is saved');
    assert.equal(await countRows(b.store.db, 'pending_ticket'), 0);

    await locker.release();
    const answers = await Promise.all(handles.map((h) => finalAnswer(h)));
    for (const a of answers) assert.match(a.content, /^Your ticket is ready: /);
    const threads = answers.map((a) => threadIdOf(a.content));
    assert.deepEqual(threads.map((id) => emu.getChannel(id)!.name).sort(), ['n-0001', 'n-0002', 'n-0003']);
    assert.deepEqual((await Promise.all(threads.map((id) => ticketRow(b.store.db, id)))).map((row) => row!.owner_id), members);
    assert.equal(counter(b.store.db.sqlite), 3);
    assert.equal(await countRows(b.store.db, 'pending_ticket'), 0);
    assert.equal(b.store.db.sqlite.prepare("SELECT value FROM setting WHERE name = 'locker'").pluck().get(), 'was here', "the other process's write stands");
    assert.equal(b.store.stats.writeTransactions - writesBefore, 2 * members.length, 'two write transactions per ticket');

    const lines = linesSince(b.logs(), logFrom);
    assert.equal(lines.filter((l) => /The database is locked by another program/.test(l)).length, 1, lines.join('\n'));
    assert.deepEqual(errorLines(lines), []);
  });

  test('read-only before the click: a clear answer, one log line, nothing created; fine again once writable', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const inbox = await postInbox(emu, b.store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });
    const since = lastRequestId();
    const logFrom = b.logs().length;

    b.store.db.sqlite.pragma('query_only = ON');
    const answer = await finalAnswer(click(emu, inbox, w.annId));
    assert.equal(answer.content, DB_ANSWER);
    assert.ok((answer.flags & 64) !== 0, 'only the member sees it');
    assert.equal(creates(since).length, 0);
    assert.equal(emu.threads(w.plainId).length, 0);
    assert.deepEqual([await countRows(b.store.db, 'ticket'), await countRows(b.store.db, 'pending_ticket'), counter(b.store.db.sqlite)], [0, 0, 0]);
    const lines = linesSince(b.logs(), logFrom);
    const errors = errorLines(lines);
    assert.equal(errors.length, 1, lines.join('\n'));
    assert.match(errors[0]!, new RegExp(`Could not open a ticket: The database ${escape(b.dbPath)} is read-only \\(SQLITE_READONLY\\)`));
    assert.deepEqual(stackLines(lines), [], 'no stack trace for a condition the admin has to fix');

    b.store.db.sqlite.pragma('query_only = OFF');
    const writesBefore = b.store.stats.writeTransactions;
    const ok = await finalAnswer(click(emu, inbox, w.annId));
    assert.match(ok.content, /^Your ticket is ready/, 'the failed click started no cooldown');
    assert.equal(b.store.stats.writeTransactions - writesBefore, 2, 'write-ahead row, then ticket row with the counter and the click forgotten');
    assert.equal(counter(b.store.db.sqlite), 1);
  });

  test('read-only once the thread exists: the thread is archived again, no row, no counter; the next start drops the click', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    const db = b.store.db;
    // The database turns read-only while the create-thread request is under way: the
    // emulator creates the thread (and dispatches THREAD_CREATE) before it answers.
    const onDispatch = (e: { event: string }): void => {
      if (e.event === 'THREAD_CREATE') db.sqlite.pragma('query_only = ON');
    };
    t.after(async () => {
      emu.events.off('dispatch', onDispatch);
      await b.stop();
    });
    const inbox = await postInbox(emu, db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });
    const logFrom = b.logs().length;
    emu.events.on('dispatch', onDispatch);

    const answer = await finalAnswer(click(emu, inbox, w.annId));
    emu.events.off('dispatch', onDispatch);
    assert.equal(answer.content, DB_ANSWER);
    const [thread] = emu.threads(w.plainId);
    assert.ok(thread, 'the thread was created');
    await until('the thread archived again', () => emu.getChannel(thread.id)?.thread_metadata?.archived);
    const archive = emu.requests.find((r) => r.method === 'PATCH' && r.path === `/channels/${thread.id}`)!;
    assert.equal(auditReason(archive.headers), 'Ticket could not be set up');
    assert.equal(emu.messages(thread.id).length, 0, 'no starter: nobody was pinged into a ticket that does not exist');
    assert.equal(await ticketRow(db, thread.id), undefined);
    assert.deepEqual([await countRows(db, 'ticket'), counter(db.sqlite)], [0, 0]);
    // Deleting the click needs a write too; it stays, harmless: its thread is archived.
    assert.equal(await countRows(db, 'pending_ticket'), 1);
    const lines = linesSince(b.logs(), logFrom);
    const errors = errorLines(lines);
    assert.equal(errors.length, 1, lines.join('\n'));
    assert.match(errors[0]!, /is read-only \(SQLITE_READONLY\)/);
    assert.deepEqual(stackLines(lines), []);

    // Writable again: the next reconciliation finds no open thread for the click and drops it.
    db.sqlite.pragma('query_only = OFF');
    const report = await reconcile(b.bot.deps);
    assert.equal(report.clicksDropped, 1, JSON.stringify(report));
    assert.equal(report.threadsRecorded, 0);
    assert.deepEqual([await countRows(db, 'pending_ticket'), await countRows(db, 'ticket'), counter(db.sqlite)], [0, 0, 0]);
    assert.equal(emu.getChannel(thread.id)!.thread_metadata!.archived, true);
  });

  test('disk full once the thread exists: the thread is archived again, no row, no counter, no click left over', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    t.after(() => b.stop());
    const db = b.store.db;
    const inbox = await postInbox(emu, db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0, name: 'f-$counter' });
    // The file may not grow, and the channel table has no room left: the write-ahead row
    // (user and click tables) still fits, the thread's channel row does not.
    const fillers = fillChannelTable(db.sqlite, w.guildId);
    const logFrom = b.logs().length;

    const answer = await finalAnswer(click(emu, inbox, w.annId));
    assert.equal(answer.content, DB_ANSWER);
    const [thread] = emu.threads(w.plainId);
    assert.ok(thread, 'the thread was created');
    assert.equal(thread.name, 'f-0001');
    await until('the thread archived again', () => emu.getChannel(thread.id)?.thread_metadata?.archived);
    assert.equal(await ticketRow(db, thread.id), undefined);
    assert.deepEqual([await countRows(db, 'ticket'), await countRows(db, 'pending_ticket'), counter(db.sqlite)], [0, 0, 0]);
    const lines = linesSince(b.logs(), logFrom);
    const errors = errorLines(lines);
    assert.equal(errors.length, 1, lines.join('\n'));
    assert.match(errors[0]!, /Could not open a ticket: The database .* cannot grow \(SQLITE_FULL\): the disk is full/);
    assert.deepEqual(stackLines(lines), []);

    // Space again: the dropped click freed its number.
    db.sqlite.prepare('DELETE FROM channel WHERE id IN (SELECT value FROM json_each(?))').run(`[${fillers.join(',')}]`);
    db.sqlite.pragma('max_page_count = 1073741823');
    const ok = await finalAnswer(click(emu, inbox, w.annId));
    assert.match(ok.content, /^Your ticket is ready/);
    assert.equal(emu.getChannel(threadIdOf(ok.content))!.name, 'f-0001');
    assert.equal(counter(db.sqlite), 1);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Caps the database at its current number of pages and fills the channel table (and its
 * guild index) until SQLite answers SQLITE_FULL. The rows have ids as large as a thread's,
 * so a thread's row cannot fit where the last of them did not. Returns their ids.
 */
function fillChannelTable(db: Database.Database, guildId: string): bigint[] {
  db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
  const insert = db.prepare('INSERT INTO channel (id, guild_id) VALUES (?, ?)');
  const ids: bigint[] = [];
  for (let id = 2n ** 62n; ; id++) {
    try {
      insert.run(id, BigInt(guildId));
    } catch (error) {
      assert.match(String((error as Error).message), /database or disk is full/);
      return ids;
    }
    ids.push(id);
  }
}
