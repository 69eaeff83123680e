// Tickets opened before the workflow existed (SPEC §10: "old databases migrate and keep
// every row"): a database the Python bot left behind and one from before this version
// (schema 8) are upgraded when the bot starts, and their tickets, which have no card and
// may not even know their channel, can be closed with /ticket close and claimed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { latestVersion, loadMigrations, schemaVersion } from '../../src/store/migrate.ts';
import { getTicket } from '../../src/store/tickets.ts';
import { buildPythonDb } from '../fixtures/python-db.ts';
import { asBot, startTicketBot, until } from './ticket-fixture.ts';
import { botMessages, buildWorkflowWorld, reply, ticketCommand, type WorkflowWorld } from './workflow-fixture.ts';

describe('tickets from before the workflow', () => {
  let emu: Emulator;
  let w: WorkflowWorld;
  let dir: string;
  before(async () => {
    emu = await startEmulator();
    w = buildWorkflowWorld(emu);
    dir = mkdtempSync(join(tmpdir(), 'ttb-upgrade-'));
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A ticket thread as an older bot left it: created by the bot, the owner and the named staff in it, a starter without buttons. */
  async function oldTicket(ownerId: string): Promise<string> {
    const thread = emu.createChannel(w.guildId, { type: 12, parentId: w.ticketsId, name: 'old ticket', ownerId: emu.botUser.id, members: [emu.botUser.id, ownerId, w.namedId], invitable: false });
    await asBot(emu, 'POST', `/channels/${thread.id}/messages`, { content: `<@${ownerId}> welcome`, allowed_mentions: { parse: [] } });
    return thread.id;
  }

  const meta = (id: string) => emu.getChannel(id)!.thread_metadata!;

  for (const kind of ['python', 'schema 8'] as const) {
    test(`a database ${kind === 'python' ? 'the Python bot wrote' : 'from before this version (schema 8)'}: upgraded to 9, its tickets close and claim`, async (t) => {
      const path = join(dir, `${kind.replace(' ', '-')}.db`);
      const inbox = (await asBot(emu, 'POST', `/channels/${w.supportId}/messages`, { content: 'old inbox' })) as { id: string };
      const byOwner = await oldTicket(w.annId);
      const byStaff = await oldTicket(w.bobId);
      const big = (id: string) => BigInt(id);
      let db: Database.Database;
      if (kind === 'python') {
        db = buildPythonDb(path);
      } else {
        db = new Database(path);
        db.defaultSafeIntegers(true);
        for (const m of loadMigrations().filter((m) => m.version <= 8)) {
          db.exec(m.sql);
          db.pragma(`user_version = ${m.version}`);
        }
      }
      db.prepare('INSERT INTO guild (id) VALUES (?)').run(big(w.guildId));
      for (const user of [w.annId, w.bobId]) db.prepare('INSERT INTO user (id) VALUES (?)').run(big(user));
      for (const channel of [w.supportId, w.ticketsId, byOwner, byStaff]) db.prepare('INSERT INTO channel (id, guild_id) VALUES (?, ?)').run(big(channel), big(w.guildId));
      db.prepare('INSERT INTO message (id, channel_id) VALUES (?, ?)').run(big(inbox.id), big(w.supportId));
      db.prepare('INSERT INTO inbox (id, destination_id) VALUES (?, ?)').run(big(inbox.id), big(w.ticketsId));
      db.prepare('INSERT INTO inbox_staff (inbox_id, mention) VALUES (?, ?)').run(big(inbox.id), `<@${w.namedId}>`);
      // The Python bot recorded neither the parent nor the archived state.
      const insert = kind === 'python' ? 'INSERT INTO ticket (id, inbox_id, owner_id) VALUES (?, ?, ?)' : 'INSERT INTO ticket (id, inbox_id, owner_id, parent_id, archived) VALUES (?, ?, ?, NULL, NULL)';
      db.prepare(insert).run(big(byOwner), big(inbox.id), big(w.annId));
      db.prepare(insert).run(big(byStaff), big(inbox.id), big(w.bobId));
      db.close();

      const b = await startTicketBot(emu, { dbPath: path });
      t.after(() => b.stop());
      assert.equal(schemaVersion(b.store.db), latestVersion());
      assert.equal(getTicket(b.store.db, byOwner)?.ownerId, w.annId, 'every row kept');

      // The owner closes theirs from inside it.
      const closed = await reply(ticketCommand(emu, w, w.annId, byOwner, 'close', { reason: 'sorted' }));
      assert.equal(closed.content, 'The ticket is closed.');
      await until('archived and locked', () => meta(byOwner).archived && meta(byOwner).locked);
      assert.equal(botMessages(emu, byOwner).at(-1)!.content, `<@${w.annId}> closed this ticket.\nReason: sorted`);

      // Staff named in the old inbox claim the other one (no card to show it on) and close it from #support.
      const claimed = await reply(ticketCommand(emu, w, w.namedId, byStaff, 'claim'));
      assert.equal(claimed.content, "You claimed this ticket. I couldn't show it on the ticket's first message.");
      assert.equal(getTicket(b.store.db, byStaff)!.claimedBy, w.namedId);
      assert.equal(botMessages(emu, byStaff)[0]!.content, `<@${w.bobId}> welcome`, 'the old starter is left alone');
      const fromOutside = await reply(ticketCommand(emu, w, w.namedId, w.supportId, 'close', { ticket: byStaff }));
      assert.equal(fromOutside.content, 'The ticket is closed.');
      await until('archived', () => meta(byStaff).archived);
      // Anyone else is still refused.
      assert.equal((await reply(ticketCommand(emu, w, w.bobId, w.supportId, 'reopen', { ticket: byStaff }))).content, "Only this ticket's staff can do that.");
    });
  }
});
