// Two gateway shards against the emulator asking for two (issue 9, item 1): tickets open
// in guilds on both shards, a restart keeps every guild's rows, a new session on one
// shard leaves the other shard's guilds alone, and the weekly clean-up never forgets the
// guilds of a shard that is not ready (or that this process does not run).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { forgetDepartedGuilds } from '../../src/discord/schedule.ts';
import { toDb } from '../../src/store/ids.ts';
import type Database from 'better-sqlite3-multiple-ciphers';
import {
  buildTicketWorld,
  countRows,
  guildIdOnShard,
  handTimers,
  openTicketAs,
  postInbox,
  startTicketBot,
  ticketRow,
  until,
  type TicketWorld,
} from './ticket-fixture.ts';

function guildRows(db: Database.Database, guildId: string): { guild: number; inboxes: number; tickets: number } {
  const one = (sql: string) => Number(db.prepare(sql).pluck().get(toDb(guildId)));
  return {
    guild: one('SELECT count(*) FROM guild WHERE id = ?'),
    inboxes: one('SELECT count(*) FROM inbox JOIN message ON message.id = inbox.id JOIN channel ON channel.id = message.channel_id WHERE channel.guild_id = ?'),
    tickets: one('SELECT count(*) FROM ticket JOIN channel ON channel.id = ticket.id WHERE channel.guild_id = ?'),
  };
}

describe('two shards', () => {
  let emu: Emulator;
  let w0: TicketWorld;
  let w1: TicketWorld;
  let dir: string;
  before(async () => {
    // One guild per shard is enough for the emulator to recommend two; max_concurrency 1
    // keeps shard 1 five seconds behind shard 0 at every start.
    emu = await startEmulator({ recommendedGuildsPerShard: 1, interactionResponseDeadlineMs: 60_000 });
    w0 = buildTicketWorld(emu, { guildId: guildIdOnShard(0, 2, 1) });
    w1 = buildTicketWorld(emu, { guildId: guildIdOnShard(1, 2, 2) });
    dir = mkdtempSync(join(tmpdir(), 'ttb-shards-'));
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let inbox0 = '';
  let inbox1 = '';
  let ticket0 = '';
  let ticket1 = '';
  const dbPath = () => join(dir, 'theticketbot.db');

  test('Discord asks for two shards; the bot runs both and opens tickets in guilds on each', async (t) => {
    const info = (await (await fetch(`${emu.apiUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${emu.token}` } })).json()) as { shards: number };
    assert.equal(info.shards, 2);
    const b = await startTicketBot(emu, { dbPath: dbPath() });
    t.after(() => b.stop());
    const shards = emu.gatewayStats().shards;
    assert.deepEqual(Object.keys(shards).sort(), ['0/2', '1/2']);
    assert.equal(shards['0/2']!.guilds, 1);
    assert.equal(shards['1/2']!.guilds, 1);
    assert.deepEqual([...b.bot.deps.state.guilds.keys()].sort(), [w0.guildId, w1.guildId].sort());

    inbox0 = await postInbox(emu, b.store.db, w0, { channelId: w0.supportId, destinationId: w0.ticketsId, maxTickets: 0 });
    inbox1 = await postInbox(emu, b.store.db, w1, { channelId: w1.supportId, destinationId: w1.ticketsId, maxTickets: 0 });
    ticket0 = await openTicketAs(emu, inbox0, w0.annId);
    ticket1 = await openTicketAs(emu, inbox1, w1.annId);
    assert.equal((await ticketRow(b.store.db, ticket0))?.owner_id, w0.annId);
    assert.equal((await ticketRow(b.store.db, ticket1))?.owner_id, w1.annId);
  });

  test('a restart keeps every guild’s rows, even when the weekly clean-up runs before shard 1 is ready', async (t) => {
    const now = { ms: Date.now() };
    const hand = handTimers(now);
    let fired: Promise<boolean> | null = null;
    // Shard 1 identifies five seconds after shard 0; the startup catch-up of shard 0 asks
    // about its ticket right after shard 0's guilds are in. That is when the job runs.
    const onRequest = (r: { path?: string }): void => {
      if (fired || !r.path?.includes(`/channels/${ticket0}/`)) return;
      fired = new Promise((resolve) => setImmediate(() => resolve(hand.fireWeekly())));
    };
    emu.events.on('request', onRequest);
    const shard1Before = emu.gatewayStats().shards['1/2']!.identifies;
    const b = await startTicketBot(emu, { dbPath: dbPath(), botOptions: { timers: hand.timers, clock: () => now.ms } });
    t.after(() => b.stop());
    emu.events.off('request', onRequest);
    assert.ok(fired, 'the catch-up of shard 0 looked at its ticket');
    assert.equal(await fired, true, 'the weekly job was armed and ran');
    assert.ok(emu.gatewayStats().shards['1/2']!.identifies > shard1Before, 'shard 1 started afterwards');
    await until('the weekly clean-up logged', () => /Weekly clean-up: forgot 0 guilds/.test(b.logs()));

    for (const w of [w0, w1]) {
      assert.deepEqual(guildRows(b.store.db.sqlite, w.guildId), { guild: 1, inboxes: 1, tickets: 1 }, `the rows of guild ${w.guildId}`);
    }
    await until('both startup catch-ups', () => (b.logs().match(/Startup reconciliation finished/g) ?? []).length === 2);
    // Both shards still serve.
    await openTicketAs(emu, inbox0, w0.bobId);
    await openTicketAs(emu, inbox1, w1.bobId);
  });

  test('a new session on shard 1 leaves shard 0’s guilds and rows alone; its catch-up covers shard 1 only', async (t) => {
    const b = await startTicketBot(emu, { dbPath: dbPath() });
    t.after(() => b.stop());
    await until('both startup catch-ups', () => (b.logs().match(/Startup reconciliation finished/g) ?? []).length === 2);
    const state = b.bot.deps.state;
    const identifies = emu.gatewayStats().shards['1/2']!.identifies;
    const shard0Identifies = emu.gatewayStats().shards['0/2']!.identifies;
    const requestsBefore = emu.requests.length;

    emu.sendInvalidSession(false, { shard: 1 });
    await until('shard 1 identified again', () => emu.gatewayStats().shards['1/2']!.identifies > identifies);
    await until('its catch-up', () => /Reconciliation after a new gateway session finished \(shard 1 of 2\)/.test(b.logs()));
    assert.equal(emu.gatewayStats().shards['0/2']!.identifies, shard0Identifies, 'shard 0 kept its session');
    assert.ok(state.guilds.has(w0.guildId), 'shard 0’s guild is still cached');
    assert.ok(state.guilds.has(w1.guildId), 'shard 1’s guild is back');
    const shard0Requests = emu.requests.slice(requestsBefore).filter((r) => r.path.includes(ticket0));
    assert.deepEqual(shard0Requests.map((r) => `${r.method} ${r.path}`), [], 'nothing of shard 0 was caught up again');

    assert.equal(await forgetDepartedGuilds(b.bot.deps), 0, 'the weekly clean-up forgets nothing');
    for (const w of [w0, w1]) assert.deepEqual(guildRows(b.store.db.sqlite, w.guildId), { guild: 1, inboxes: 1, tickets: 2 });
    await openTicketAs(emu, inbox0, w0.helperId);
    await openTicketAs(emu, inbox1, w1.helperId);
    assert.equal(await countRows(b.store.db, 'ticket'), 6);
  });

  test('a process running only shard 0 of 2 never forgets the guilds of shard 1', async (t) => {
    const b = await startTicketBot(emu, {
      dbPath: dbPath(),
      config: (c) => {
        c.discord.shard_count = 2;
        c.discord.shard_ids = [0];
      },
    });
    t.after(() => b.stop());
    assert.deepEqual([...b.bot.deps.state.guilds.keys()], [w0.guildId], 'only shard 0’s guild');
    assert.equal(await forgetDepartedGuilds(b.bot.deps), 0);
    assert.deepEqual(guildRows(b.store.db.sqlite, w1.guildId), { guild: 1, inboxes: 1, tickets: 3 });
    // A guild of shard 0 the bot really left is forgotten.
    emu.removeGuild(w0.guildId);
    await until('the guild left the cache', () => !b.bot.deps.state.guilds.has(w0.guildId));
    assert.equal(await forgetDepartedGuilds(b.bot.deps), 1);
    assert.equal(guildRows(b.store.db.sqlite, w0.guildId).guild, 0);
    assert.deepEqual(guildRows(b.store.db.sqlite, w1.guildId), { guild: 1, inboxes: 1, tickets: 3 });
  });
});
