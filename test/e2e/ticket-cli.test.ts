// The real CLI (bin/theticketbot.js → dist/) against the emulator for what only a real
// process can show: killed with SIGKILL between creating a ticket's thread and recording
// it, and a ticket owner who left while the bot was stopped. Run `npm run build` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { configToml, makeSandbox, runCli, type Sandbox } from './harness.ts';
import { buildTicketWorld, click, countRows, finalAnswer, postInbox, threadIdOf, ticketRow, TWO_53, until } from './ticket-fixture.ts';

describe('tickets with the real CLI', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const botMessages = (channelId: string) => emu.messages(channelId).filter((m) => m.author.id === emu.botUser.id);
  const memberIds = (threadId: string) => emu.threadMembers(threadId).map((m: any) => String(m.user_id ?? m.id));
  const meta = (threadId: string) => emu.getChannel(threadId)?.thread_metadata;

  function sandbox(): { box: Sandbox; env: Record<string, string>; dbPath: string; open(): Promise<Store> } {
    const box = makeSandbox();
    box.writeConfig(configToml(emu.apiUrl));
    const dbPath = join(box.dataDir, 'theticketbot.db');
    return {
      box,
      env: { ...box.env, THETICKETBOT_TOKEN: emu.token },
      dbPath,
      open: () => openStore({ path: dbPath, pragmas: [], keyTemplate: '' }),
    };
  }

  test('SIGKILL between thread creation and the database write: the next start records the thread, posts the starter, and opens no second one', async (t) => {
    const w = buildTicketWorld(emu);
    const s = sandbox();
    t.after(() => s.box.cleanup());
    let store = await s.open();
    const inbox = await postInbox(emu, store.db, w, { channelId: w.supportId, destinationId: w.ticketsId, staff: [`<@${w.helperId}>`] });
    await store.close();

    const first = runCli([], { env: s.env });
    t.after(() => first.kill('SIGKILL'));
    await first.waitFor(/^Ready\.$/m);
    // Kill the bot the moment Discord has created the thread, before its answer can
    // reach the bot (the emulator dispatches THREAD_CREATE before it responds).
    const onDispatch = (e: any): void => {
      if (e?.event === 'THREAD_CREATE' || e?.t === 'THREAD_CREATE') first.kill('SIGKILL');
    };
    emu.events.on('dispatch', onDispatch);
    const handle = click(emu, inbox, w.annId);
    const exit = await first.exited;
    emu.events.off('dispatch', onDispatch);
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal((await handle.response).data.content, 'Opening your ticket…');

    const threads = emu.threads(w.ticketsId);
    assert.equal(threads.length, 1, 'the thread exists');
    const threadId = threads[0]!.id;
    assert.ok(BigInt(threadId) > TWO_53);
    store = await s.open();
    assert.equal(await ticketRow(store.db, threadId), undefined, 'the bot died before recording it');
    assert.equal(await countRows(store.db, 'pending_ticket'), 1, 'but the click was written down first');
    await store.close();
    assert.equal(botMessages(threadId).length, 0);

    const second = runCli([], { env: s.env });
    t.after(() => second.kill('SIGKILL'));
    await second.waitFor(/^Ready\.$/m);
    await second.waitFor(/Startup reconciliation finished/);
    await until('the owner and staff in the thread', () => [w.annId, w.helperId].every((id) => memberIds(threadId).includes(id)));
    assert.equal(botMessages(threadId).length, 1, 'one starter message');
    assert.equal(emu.threads(w.ticketsId).length, 1, 'no second thread');
    second.kill('SIGTERM');
    assert.equal((await second.exited).code, 0);

    store = await s.open();
    t.after(async () => await store.close());
    assert.deepEqual(await ticketRow(store.db, threadId), { id: threadId, inbox_id: inbox, owner_id: w.annId, parent_id: w.ticketsId, archived: 0 });
    assert.equal(await countRows(store.db, 'pending_ticket'), 0);
    assert.equal(Number(store.db.sqlite.prepare('SELECT counter FROM inbox').pluck().get()), 1);
  });

  test('the owner left the server while the bot was stopped: the ticket is archived and locked at the next start', async (t) => {
    const w = buildTicketWorld(emu);
    const s = sandbox();
    t.after(() => s.box.cleanup());
    let store = await s.open();
    const inbox = await postInbox(emu, store.db, w, { channelId: w.supportId, destinationId: w.ticketsId });
    await store.close();

    const first = runCli([], { env: s.env });
    t.after(() => first.kill('SIGKILL'));
    await first.waitFor(/^Ready\.$/m);
    const threadId = threadIdOf((await finalAnswer(click(emu, inbox, w.annId))).content);
    await until('the owner in the thread', () => memberIds(threadId).includes(w.annId));
    first.kill('SIGTERM');
    assert.equal((await first.exited).code, 0);

    emu.removeMember(w.guildId, w.annId);
    assert.equal(meta(threadId)!.archived, false);

    const second = runCli([], { env: s.env });
    t.after(() => second.kill('SIGKILL'));
    await second.waitFor(/^Ready\.$/m);
    await until('the ticket archived and locked', () => meta(threadId)?.archived && meta(threadId)?.locked);
    assert.equal(botMessages(threadId).at(-1)!.content, `<@${w.annId}> left the server, so this ticket is now archived.`);
    await second.waitFor(/Startup reconciliation finished/);
    second.kill('SIGTERM');
    assert.equal((await second.exited).code, 0);
    store = await s.open();
    t.after(async () => await store.close());
    assert.equal((await ticketRow(store.db, threadId))!.archived, 1);
  });
});
