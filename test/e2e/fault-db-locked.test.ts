// Another program holding the database's write lock (a backup, an sqlite3 shell) while
// the bot does anything other than opening a ticket (fault-db.test.ts covers that): the
// gateway events that change rows, the admin's /inbox changes, the catch-up at startup
// and the command fingerprint. Nothing may be dropped or fail: each write waits for the
// lock and lands once the other program commits. A child process holds the lock; nothing
// here waits a fixed time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { FINGERPRINT_SETTING } from '../../src/discord/sync.ts';
import { getInbox, getStaff } from '../../src/store/inboxes.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { lockDatabase, type DbLocker } from '../fixtures/db-locker.ts';
import { adminOf, answer, buildInboxWorld, startInProcess } from './inbox-fixture.ts';
import {
  buildTicketWorld,
  click,
  countRows,
  finalAnswer,
  postInbox,
  startTicketBot,
  threadIdOf,
  ticketRow,
  until,
  type InProcessBot,
} from './ticket-fixture.ts';

describe('the database locked by another program, outside Create Ticket', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const botMessages = (channelId: string) => emu.messages(channelId).filter((m) => m.author.id === emu.botUser.id);
  const lastRequestId = () => emu.requests.at(-1)?.id ?? 0;
  const archivePatches = (threadId: string, since: number) =>
    emu.requests.filter((r) => r.id > since && r.method === 'PATCH' && r.path === `/channels/${threadId}` && (r.body as { archived?: boolean })?.archived === true);
  const errorLines = (logs: string) => logs.split('\n').filter((l) => / ERROR /.test(l));

  async function openTicket(b: InProcessBot, inboxId: string, userId: string): Promise<string> {
    const reply = await finalAnswer(click(emu, inboxId, userId));
    assert.match(reply.content, /^Your ticket is ready/);
    const id = threadIdOf(reply.content);
    await until('the starter message', () => botMessages(id).length === 1);
    await until('the owner in the thread', () => emu.threadMembers(id).some((m: any) => String(m.user_id ?? m.id) === userId));
    b.now.ms += 61_000;
    return id;
  }

  test('gateway events wait for the lock and are applied once it is released, none dropped', async (t) => {
    const w = buildTicketWorld(emu);
    const b = await startTicketBot(emu);
    let locker: DbLocker | null = null;
    t.after(async () => {
      locker?.kill();
      await b.stop();
    });
    const db = b.store.db;
    const inbox = await postInbox(emu, db, w, { channelId: w.supportId, destinationId: w.ticketsId, maxTickets: 0 });
    const doomed = await postInbox(emu, db, w, { channelId: w.supportId, destinationId: w.ticketsId });
    const archivedByStaff = await openTicket(b, inbox, w.annId);
    const ownerLeftThread = await openTicket(b, inbox, w.bobId);
    const ownerLeftServer = await openTicket(b, inbox, w.helperId);
    const since = lastRequestId();
    const logFrom = b.logs().length;

    locker = await lockDatabase(b.dbPath, 'exclusive');
    // In gateway order: a moderator archives a ticket, deletes an inbox message, an owner
    // leaves their ticket, another leaves the server.
    emu.updateThread(archivedByStaff, { archived: true });
    emu.deleteMessage(w.supportId, doomed);
    emu.removeThreadMember(ownerLeftThread, w.bobId);
    emu.removeMember(w.guildId, w.helperId);
    // The owners' tickets are archived on Discord before their rows are written, so these
    // requests show that every event above has reached the bot while the lock is held.
    await until('the tickets of departed owners archived', () =>
      archivePatches(ownerLeftThread, since).length > 0 && archivePatches(ownerLeftServer, since).length > 0,
    );
    assert.deepEqual((await ticketRow(db, archivedByStaff))?.archived, 0, 'nothing written while locked');
    assert.equal(await countRows(db, 'inbox'), 2);

    await locker.release();
    await until('the rows written', async () =>
      await countRows(db, 'inbox') === 1 &&
      (await Promise.all([archivedByStaff, ownerLeftThread, ownerLeftServer].map((id) => ticketRow(db, id)))).every((row) => row?.archived === 1),
    );
    assert.equal(await getInbox(db, doomed), null, 'the deleted inbox is gone');
    assert.ok(await getInbox(db, inbox), 'the other inbox stays');
    // THREAD_UPDATE went on to lock the ticket archived without being locked.
    await until('the archived ticket locked', () => emu.getChannel(archivedByStaff)?.thread_metadata?.locked === true);
    assert.deepEqual(errorLines(b.logs().slice(logFrom)), [], 'no event failed');
    assert.ok(!/Could not close/.test(b.logs().slice(logFrom)), b.logs().slice(logFrom));
    assert.match(b.logs().slice(logFrom), /The database is locked by another program; changes wait for it/);
  });

  test('a start while the lock is held: the command fingerprint and the catch-up wait for it', async (t) => {
    const w = buildTicketWorld(emu);
    const dir = mkdtempSync(join(tmpdir(), 'ttb-locked-start-'));
    const dbPath = join(dir, 'theticketbot.db');
    let locker: DbLocker | null = null;
    let b: InProcessBot | null = null;
    t.after(async () => {
      locker?.kill();
      await b?.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    // An inbox recorded earlier whose message was deleted while the bot was offline.
    const first = await openStore({ path: dbPath, pragmas: [], keyTemplate: '' });
    const gone = await postInbox(emu, first.db, w, { channelId: w.supportId });
    await first.close();
    emu.deleteMessage(w.supportId, gone);

    locker = await lockDatabase(dbPath);
    let store: Store | null = null;
    const starting = startTicketBot(emu, { dbPath, setup: (s) => void (store = s) });
    starting.catch(() => {});
    // The fresh database needs its commands registered, and that is recorded in it.
    await until('the bot waiting for the lock', () => store !== null && store.stats.busyRetries >= 3);
    await locker.release();
    b = await starting;
    assert.ok(await b.store.settings.get(FINGERPRINT_SETTING), 'the fingerprint of the registered commands is stored');
    await until('the catch-up forgot the deleted inbox', async () => await countRows(b!.store.db, 'inbox') === 0);
    assert.deepEqual(errorLines(b.logs()), []);
    assert.ok(!/Could not check/.test(b.logs()), b.logs());
  });
});

describe('/inbox changes while the database is locked by another program', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  test('staff, starter, name and destination changes are acknowledged, wait, and are saved once it commits', async (t) => {
    const w = buildInboxWorld(emu);
    const run = await startInProcess(emu);
    let locker: DbLocker | null = null;
    t.after(async () => {
      locker?.kill();
      await run.stop();
    });
    const db = run.store.db;
    const admin = adminOf(emu, w);
    const source = emu.createMessage(w.draftsId, w.adminId, { content: 'Locked out' });
    await answer(admin.inbox('create', { channel: w.supportId, destination: w.ticketsId }));
    const created = await answer(admin.select(w.draftsId, source.id));
    const inboxId = /\/(\d+)$/.exec(created.content.trim())![1]!;

    // The menu and the two forms are opened before the lock.
    await answer(admin.inbox('staff'));
    const menu = await answer(admin.select(w.supportId, inboxId));
    const select = (menu.data.components as any[])[0].components[0];
    await answer(admin.newTickets('starter'));
    const starterForm = admin.select(w.supportId, inboxId);
    await starterForm.response;
    await answer(admin.newTickets('name'));
    const nameForm = admin.select(w.supportId, inboxId);
    await nameForm.response;
    await answer(admin.inbox('destination', { channel: w.supportId }));

    locker = await lockDatabase(db.name, 'exclusive');
    const staff = emu.selectMenu({ messageId: menu.message!.id, userId: w.adminId, customId: select.custom_id, values: [w.otherRoleId] });
    const starter = emu.submitModal({ from: starterForm, fields: { template: 'Hi $author' } });
    const name = emu.submitModal({ from: nameForm, fields: { template: '$author-$counter' } });
    const destination = admin.select(w.supportId, inboxId);
    // Acknowledged within Discord's 3 s although nothing can be saved yet.
    for (const handle of [staff, starter, name, destination]) assert.equal((await handle.response).type, 5, 'deferred while waiting');
    await until('the bot to retry the locked database', () => run.store.stats.busyRetries >= 3);
    assert.deepEqual(await getStaff(db, inboxId), [`<@&${w.modRoleId}>`, `<@${w.helperId}>`], 'nothing saved while locked');

    await locker.release();
    const replies = await Promise.all([staff, starter, name, destination].map((h) => h.waitForOriginal((m) => m.content !== '')));
    assert.deepEqual(
      replies.map((m) => m.content.replace(/https:\S+/g, '<link>')),
      [
        'Staff updated: 1 added, 2 removed.',
        'New tickets from <link> will start with the new message.',
        'New tickets from <link> will be named with the new template.',
        `New tickets from <link> will now open in <#${w.supportId}> instead of <#${w.ticketsId}>.`,
      ],
    );
    assert.deepEqual(await getStaff(db, inboxId), [`<@&${w.otherRoleId}>`]);
    const saved = (await getInbox(db, inboxId))!;
    assert.deepEqual([saved.starterContent, saved.defaultTicketName, saved.destinationId], ['Hi $author', '$author-$counter', null]);
    assert.ok(!/error code/.test(replies.map((m) => m.content).join('\n')));
  });

  test('a read-only database: the admin gets a plain answer, the log one line saying why, nothing changes', async (t) => {
    const w = buildInboxWorld(emu);
    const run = await startInProcess(emu);
    t.after(() => run.stop());
    const db = run.store.db;
    const admin = adminOf(emu, w);
    const source = emu.createMessage(w.draftsId, w.adminId, { content: 'Read only' });
    await answer(admin.inbox('create', { channel: w.supportId }));
    const created = await answer(admin.select(w.draftsId, source.id));
    const inboxId = /\/(\d+)$/.exec(created.content.trim())![1]!;
    await answer(admin.newTickets('starter'));
    const form = admin.select(w.supportId, inboxId);
    await form.response;
    const logFrom = run.logs().length;

    db.sqlite.pragma('query_only = ON');
    try {
      const reply = await answer(emu.submitModal({ from: form, fields: { template: 'Never saved' }, locale: 'de' }));
      assert.equal(reply.content, 'Ich konnte das nicht speichern, weil meine Datenbank gerade nicht beschrieben werden kann. Versuch es später noch einmal oder sag der Person Bescheid, die den Bot betreibt.');
    } finally {
      db.sqlite.pragma('query_only = OFF');
    }
    assert.notEqual((await getInbox(db, inboxId))!.starterContent, 'Never saved');
    const errors = errorLinesOf(run.logs().slice(logFrom));
    assert.equal(errors.length, 1, run.logs().slice(logFrom));
    assert.match(errors[0]!, /Could not save a change: The database .* is read-only \(SQLITE_READONLY\)/);
    assert.ok(!/^\s+at /m.test(run.logs().slice(logFrom)), 'no stack trace for a condition the admin has to fix');
  });
});

function errorLinesOf(logs: string): string[] {
  return logs.split('\n').filter((l) => / ERROR /.test(l));
}
