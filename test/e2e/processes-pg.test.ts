// Two bot instances on one PostgreSQL database whose shards overlap (Discord allows
// several sessions of one shard: a change of shard count, a shard moving between
// processes, a process restarted while the old one still ran). Their catch-ups of the
// same guild take turns (the half-done click is recorded once and gets one starter
// message), and the weekly clean-up of a shard runs once that week.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { ticketName } from '../../src/domain/templates.ts';
import { ensureGuild, storedGuildIds } from '../../src/store/guilds.ts';
import { openStore } from '../../src/store/store.ts';
import { addPending } from '../../src/store/tickets.ts';
import { freshPgDatabase, pgSkipReason, type TestDatabase } from '../fixtures/postgres.ts';
import { asBot, buildTicketWorld, countRows, guildIdOnShard, handTimers, postInbox, startTicketBot, until, type InProcessBot } from './ticket-fixture.ts';

const skip = pgSkipReason();

describe('two instances on one PostgreSQL whose shards overlap', { skip: skip ?? false }, () => {
  let emu: Emulator;
  const databases: TestDatabase[] = [];
  const bots: InProcessBot[] = [];
  after(async () => {
    for (const bot of bots) await bot.stop();
    await emu?.close();
    for (const d of databases) await d.drop();
  });
  before(async () => {
    // max_concurrency 2: instances identifying in different keys start together.
    emu = await startEmulator({ interactionResponseDeadlineMs: 60_000, maxConcurrency: 2, enforceIdentifyConcurrency: true });
  });

  /** A world with an inbox and what a killed process leaves behind: a click whose thread exists without its row. */
  async function leftBehind(url: string, guildId: string) {
    const w = buildTicketWorld(emu, { guildId });
    const setup = await openStore({ url });
    const inbox = await postInbox(emu, setup.db, w, { channelId: w.supportId, destinationId: w.ticketsId, staff: [`<@${w.helperId}>`], maxTickets: 0, name: 't-$counter' });
    const at = Date.now();
    const orphan = await addPending(setup.db, { inboxId: inbox, ownerId: w.annId, guildId: w.guildId, parentId: w.ticketsId, createdAt: at, name: (n) => ticketName('t-$counter', { at, author: 'Annie', counter: n }) });
    const thread = await asBot(emu, 'POST', `/channels/${w.ticketsId}/threads`, { name: orphan.name, type: 12, invitable: false });
    await setup.close();
    return { w, thread };
  }

  test('the catch-ups of one guild by two instances at once take turns: one record, one starter message', async () => {
    const database = await freshPgDatabase();
    databases.push(database);
    // Shard 1 of 2, which is shard 0 of 1: an old process on one shard and a new one on
    // shard 1 of 2 (a change of shard count) hold the guild at the same time, in two
    // identify keys, so both catch up on it at once.
    const { thread } = await leftBehind(database.url, guildIdOnShard(1, 2, 77));
    // Slow answers keep both catch-ups in the guild at the same time, were they not taking turns.
    emu.setLatency(150);
    const started = await Promise.all([
      startTicketBot(emu, { pgUrl: database.url }),
      startTicketBot(emu, { pgUrl: database.url, config: (c) => ((c.discord.shard_count = 2), (c.discord.shard_ids = [1])) }),
    ]);
    bots.push(...started);
    for (const bot of started) await until('the catch-up', () => /Startup reconciliation finished/.test(bot.logs()), 60_000);
    emu.setLatency(0);
    assert.equal(emu.messages(thread.id).filter((m) => m.author.id === emu.botUser.id).length, 1, 'one starter message');
    assert.equal(started.filter((b) => b.logs().includes(`Recorded thread ${thread.id}`)).length, 1, 'recorded by one of them');
    assert.equal(started.filter((b) => /Another process is catching up/.test(b.logs())).length, 1, 'the other waited for it');
    const check = await openStore({ url: database.url });
    try {
      assert.equal(await countRows(check.db, 'ticket'), 1);
      assert.equal(await countRows(check.db, 'pending_ticket'), 0);
      assert.equal(await countRows(check.db, 'catch_up_claim'), 0, 'every claim given back');
    } finally {
      await check.close();
    }
    for (const bot of started.splice(0)) {
      bots.splice(bots.indexOf(bot), 1);
      await bot.stop();
    }
  });

  test('the weekly clean-up of a shard held by two instances runs once', async () => {
    const database = await freshPgDatabase();
    databases.push(database);
    await leftBehind(database.url, guildIdOnShard(0, 1, 78));
    const departed = '1246826841231327275';
    const setup = await openStore({ url: database.url });
    await ensureGuild(setup.db, departed);
    await setup.close();
    const clocks = [{ ms: Date.now() }, { ms: Date.now() }];
    const hands = clocks.map((now) => handTimers(now));
    const started = await Promise.all(hands.map((hand, i) => startTicketBot(emu, { pgUrl: database.url, botOptions: { timers: hand.timers, clock: () => clocks[i]!.ms } })));
    bots.push(...started);
    const check = await openStore({ url: database.url });
    try {
      // The first instance forgets the departed guild; a guild that departs after it is
      // left for next week, also by the second instance.
      assert.ok(hands[0]!.fireWeekly());
      await until('the first clean-up', () => /Weekly clean-up: forgot 1 guild/.test(started[0]!.logs()));
      assert.ok(!(await storedGuildIds(check.db)).includes(departed));
      await ensureGuild(check.db, departed);
      assert.ok(hands[1]!.fireWeekly());
      await until('the second clean-up', () => /Weekly clean-up: forgot 0 guilds/.test(started[1]!.logs()));
      assert.ok((await storedGuildIds(check.db)).includes(departed), 'the shard was cleaned up this week already');
      assert.equal(await countRows(check.db, 'weekly_run'), 1);
    } finally {
      await check.close();
    }
  });
});
