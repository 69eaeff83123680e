// A guild that stays unavailable (issue 9, item 2): the bot no longer waits for it
// forever. It goes ready without it, its startup catch-up runs for the other guilds, the
// weekly clean-up keeps its rows, and when the guild comes back the catch-up runs for
// that guild alone (here: closing the ticket of an owner who left during the outage).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { forgetDepartedGuilds } from '../../src/discord/schedule.ts';
import { buildTicketWorld, openTicketAs, postInbox, startTicketBot, ticketRow, until } from './ticket-fixture.ts';

describe('a guild unavailable at startup', () => {
  let emu: Emulator;
  let dir: string;
  before(async () => {
    emu = await startEmulator({ interactionResponseDeadlineMs: 60_000 });
    dir = mkdtempSync(join(tmpdir(), 'ttb-outage-'));
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const botMessages = (channelId: string) => emu.messages(channelId).filter((m) => m.author.id === emu.botUser.id);

  test('ready without it, rows kept, caught up alone when it comes back', async (t) => {
    const down = buildTicketWorld(emu);
    const up = buildTicketWorld(emu);
    const dbPath = join(dir, 'theticketbot.db');

    const first = await startTicketBot(emu, { dbPath });
    const downInbox = await postInbox(emu, first.store.db, down, { channelId: down.supportId, destinationId: down.ticketsId });
    const upInbox = await postInbox(emu, first.store.db, up, { channelId: up.supportId, destinationId: up.ticketsId, maxTickets: 0 });
    const ticket = await openTicketAs(emu, downInbox, down.annId);
    await first.stop();

    // The outage starts while the bot is stopped; the ticket's owner leaves during it.
    emu.setGuildAvailable(down.guildId, false);
    emu.removeMember(down.guildId, down.annId);

    const started = startTicketBot(emu, { dbPath });
    const b = await Promise.race([
      started,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the bot never became ready: it waits for the unavailable guild')), 30_000).unref()),
    ]);
    t.after(() => b.stop());
    const state = b.bot.deps.state;
    assert.ok(state.pendingGuilds.has(down.guildId), 'the unavailable guild is known');
    assert.ok(!state.guilds.has(down.guildId));
    assert.ok(state.guilds.has(up.guildId));
    await until('the startup catch-up', () => /Startup reconciliation finished/.test(b.logs()));
    assert.match(b.logs(), /1 guild is unavailable/);

    // The weekly clean-up keeps the unavailable guild and its rows.
    assert.equal(await forgetDepartedGuilds(b.bot.deps), 0);
    assert.ok(await ticketRow(b.store.db, ticket), 'the ticket row is kept');
    assert.equal(Number(b.store.db.sqlite.prepare('SELECT count(*) FROM inbox').pluck().get()), 2);

    // The other guild is served meanwhile.
    await openTicketAs(emu, upInbox, up.bobId);

    // Back again: the catch-up for that guild closes the ticket whose owner left.
    assert.equal(emu.getChannel(ticket)?.thread_metadata?.archived, false);
    emu.setGuildAvailable(down.guildId, true);
    await until('the ticket archived and locked', () => emu.getChannel(ticket)?.thread_metadata?.archived && emu.getChannel(ticket)?.thread_metadata?.locked);
    assert.match(botMessages(ticket).at(-1)!.content, /left the server/);
    await until('the late guild’s catch-up logged', () => new RegExp(`Reconciliation finished \\(guild ${down.guildId}, which arrived after its shard was ready\\)`).test(b.logs()));
    assert.ok(state.guilds.has(down.guildId));
    assert.ok(!state.pendingGuilds.has(down.guildId));
    assert.equal((await ticketRow(b.store.db, ticket))?.archived, 1);
  });
});
