// Inboxes outlive the process: the real CLI (child process) creates an inbox, is
// restarted, and still recognises and edits it; an inbox left by the Python original (its
// database schema, its `create-ticket` button) is recognised and editable too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { buildPythonDb } from '../fixtures/python-db.ts';
import { makeSandbox, runCli, type Child } from './harness.ts';
import { adminOf, answer, buildInboxWorld, createTicketRow, link, pngBytes, postAsBot, type InboxWorld } from './inbox-fixture.ts';

async function stop(child: Child): Promise<void> {
  child.kill('SIGTERM');
  const { code } = await child.exited;
  assert.equal(code, 0, child.stderr());
}

describe('inboxes across restarts (real CLI)', () => {
  let emu: Emulator;
  let w: InboxWorld;

  before(async () => {
    emu = await startEmulator();
    w = buildInboxWorld(emu);
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  test('an inbox created, the bot restarted: still recognised, still editable, still carrying create-ticket', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    const env = { ...box.env, THETICKETBOT_API_URL: emu.apiUrl, THETICKETBOT_TOKEN: emu.token };
    const admin = adminOf(emu, w);

    const first = runCli([], { env });
    await first.waitFor(/^Ready\.$/m);
    const source = emu.createMessage(w.draftsId, w.adminId, { content: 'Before the restart' });
    await answer(admin.inbox('create', { channel: w.supportId, destination: w.ticketsId }));
    const created = await answer(admin.select(w.draftsId, source.id));
    assert.match(created.content, /^Your inbox is ready: /, first.stderr());
    const inbox = emu.messages(w.supportId).at(-1)!;
    await stop(first);

    const second = runCli([], { env });
    await second.waitFor(/^Ready\.$/m);
    try {
      assert.deepEqual(emu.messages(w.supportId).find((m) => m.id === inbox.id)!.components, createTicketRow('Create Ticket'));

      await answer(admin.newTickets('name'));
      const picked = admin.select(w.supportId, inbox.id);
      assert.equal((await picked.response).type, 9, 'recognised: the name modal opens');

      await answer(admin.inbox('message'));
      await answer(admin.select(w.supportId, inbox.id));
      const next = emu.createMessage(w.draftsId, w.adminId, { content: 'After the restart' }, [
        { name: 'map.png', contentType: 'image/png', data: pngBytes(256) },
      ]);
      const updated = await answer(admin.select(w.draftsId, next.id));
      assert.equal(updated.content, `The inbox message has been updated: ${link(w.guildId, w.supportId, inbox.id)}`);
      const edited = emu.messages(w.supportId).find((m) => m.id === inbox.id)!;
      assert.equal((edited.embeds as any[])[0].description, 'After the restart');
      assert.deepEqual(edited.attachments.map((a) => a.filename), ['map.png']);
      assert.deepEqual(edited.components, createTicketRow('Create Ticket'));
    } finally {
      await stop(second);
    }
  });

  test("an inbox made by the Python original is recognised and editable", async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    const env = { ...box.env, THETICKETBOT_API_URL: emu.apiUrl, THETICKETBOT_TOKEN: emu.token };
    const admin = adminOf(emu, w);

    // What the Python bot left: its message with the create-ticket button, and its rows.
    const old = await postAsBot(emu, w.supportId, { embeds: [{ description: 'Python inbox' }], components: createTicketRow('Create Ticket') });
    const goneRole = '1246826841231327999';
    mkdirSync(box.dataDir, { recursive: true });
    const db = buildPythonDb(join(box.dataDir, 'theticketbot.db'));
    db.prepare('INSERT INTO guild (id) VALUES (?)').run(BigInt(w.guildId));
    db.prepare('INSERT INTO channel (id, guild_id) VALUES (?, ?)').run(BigInt(w.supportId), BigInt(w.guildId));
    db.prepare('INSERT INTO message (id, channel_id) VALUES (?, ?)').run(BigInt(old.id), BigInt(w.supportId));
    db.prepare('INSERT INTO inbox (id, starter_content, counter) VALUES (?, ?, ?)').run(BigInt(old.id), '$author Thank you for creating a ticket!\n$staff', 41n);
    db.prepare('INSERT INTO inbox_staff (inbox_id, mention) VALUES (?, ?), (?, ?)').run(BigInt(old.id), `<@&${w.modRoleId}>`, BigInt(old.id), `<@&${goneRole}>`);
    db.close();

    const bot = runCli([], { env });
    await bot.waitFor(/^Ready\.$/m);
    try {
      await answer(admin.inbox('staff'));
      const menu = await answer(admin.select(w.supportId, old.id));
      assert.match(menu.content, /^Choose who is added to every new ticket/, bot.stderr());
      assert.deepEqual((menu.data.components as any[])[0].components[0].default_values, [{ id: w.modRoleId, type: 'role' }], 'a role deleted long ago is dropped');

      await answer(admin.newTickets('starter'));
      const starter = admin.select(w.supportId, old.id);
      assert.equal((await starter.response).type, 9);
      assert.equal(starter.modal().components[0].component.value, '$author Thank you for creating a ticket!\n$staff');

      await answer(admin.inbox('message'));
      await answer(admin.select(w.supportId, old.id));
      const next = emu.createMessage(w.draftsId, w.adminId, { content: 'Now managed by the TypeScript bot' });
      const updated = await answer(admin.select(w.draftsId, next.id));
      assert.equal(updated.content, `The inbox message has been updated: ${link(w.guildId, w.supportId, old.id)}`);
      const edited = emu.messages(w.supportId).find((m) => m.id === old.id)!;
      assert.equal((edited.embeds as any[])[0].description, 'Now managed by the TypeScript bot');
      assert.deepEqual(edited.components, createTicketRow('Create Ticket'));
    } finally {
      await stop(bot);
    }
  });
});
