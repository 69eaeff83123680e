// The real CLI against the emulator when the gateway misbehaves (issue 9, items 9 and 13,
// and the sharding close codes of item 1): a READY whose `d` is null and a dispatch of
// JSON nulls used to end the process through an unhandled rejection inside @discordjs/ws;
// a storm of INVALID_SESSION and 4007 closes on a slow network made a stale IDENTIFY go
// out on the next socket (an exception while it was still connecting, or a second
// IDENTIFY once open). Now the process logs, reconnects and keeps serving; and 4010/4011
// end it with a sentence saying what to set. Run `npm run build` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
/** Discord: one IDENTIFY per rate-limit key per 5 s. */
const IDENTIFY_WINDOW_MS = 5000;
import { openStore } from '../../src/store/store.ts';
import { configToml, makeSandbox, runCli, type Child, type Sandbox } from './harness.ts';
import { buildTicketWorld, click, finalAnswer, postInbox, threadIdOf, until, type TicketWorld } from './ticket-fixture.ts';

interface Running {
  box: Sandbox;
  child: Child;
  inbox: string;
  w: TicketWorld;
}

async function startCli(emu: Emulator, t: { after(fn: () => void): void }, extraToml = ''): Promise<Running> {
  const w = buildTicketWorld(emu);
  const box = makeSandbox();
  t.after(() => box.cleanup());
  box.writeConfig(configToml(emu.apiUrl, extraToml));
  const store = await openStore({ path: join(box.dataDir, 'theticketbot.db'), pragmas: [], keyTemplate: '' });
  const inbox = await postInbox(emu, store.db, w, { channelId: w.supportId, destinationId: w.ticketsId, maxTickets: 0 });
  await store.close();
  const child = runCli([], { env: { ...box.env, THETICKETBOT_TOKEN: emu.token } });
  t.after(() => child.kill('SIGKILL'));
  await child.waitFor(/^Ready\.$/m, 60_000);
  return { box, child, inbox, w };
}

async function stillServes(emu: Emulator, r: Running, userId: string): Promise<void> {
  const answer = await finalAnswer(click(emu, r.inbox, userId));
  assert.match(answer.content, /^Your ticket is ready/, answer.content);
  const thread = threadIdOf(answer.content);
  await until('the starter message', () => emu.messages(thread).some((m) => m.author.id === emu.botUser.id), 30_000);
}

async function stopsCleanly(r: Running): Promise<void> {
  r.child.kill('SIGTERM');
  const exit = await Promise.race([r.child.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000).unref())]);
  assert.equal(exit?.code, 0, `exits 0 on SIGTERM within 30 s:\n${r.child.stderr()}`);
}

describe('gateway trouble with the real CLI', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ interactionResponseDeadlineMs: 60_000, enforceIdentifyConcurrency: true });
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  test('a null READY and a frame of JSON nulls: logged, the gateway reconnects, the bot keeps serving', async (t) => {
    const r = await startCli(emu, t);
    const resumes = emu.gatewayStats().resumes;
    emu.dispatchRaw('READY', null);
    emu.dispatchRaw(null, null);
    await r.child.waitFor(/An unhandled promise rejection \(a bug, or a payload the gateway library could not read\); the bot keeps running and reconnects to the gateway/);
    await until('the session resumed', () => emu.gatewayStats().resumes > resumes, 30_000);
    await stillServes(emu, r, r.w.annId);
    assert.equal(r.child.proc.exitCode, null, 'still running');
    assert.ok(!r.child.stderr().includes(emu.token), 'no token in the log');
    await stopsCleanly(r);
  });

  // Two slow networks: the next socket is still opening when the old wait ends (an
  // IDENTIFY there throws), or it is open but has not said HELLO yet (an IDENTIFY there
  // is followed by the socket's own: Discord closes 4005).
  for (const network of [
    { name: 'sockets slow to open', upgradeMs: 2500, helloMs: 300 },
    { name: 'HELLO slow to come', upgradeMs: 0, helloMs: 2500 },
  ]) test(`INVALID_SESSION and 4007 storm, ${network.name}: the process survives, never a second IDENTIFY on one socket, one per 5 s`, async (t) => {
    const r = await startCli(emu, t);
    const before = emu.gatewayStats();
    // Every wait ends early, and fails, if the bot's process dies meanwhile.
    const died = r.child.exited.then(({ code }) => {
      throw new Error(`the process exited (${code}):\n${r.child.stderr()}`);
    });
    died.catch(() => {});
    const next = (event: string) =>
      Promise.race([
        new Promise<void>((resolve) => emu.events.once(event, () => resolve())),
        died,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${event} within 60 s:\n${r.child.stderr()}`)), 60_000).unref()),
      ]);
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    emu.setHandshakeDelays({ upgradeMs: network.upgradeMs, helloMs: network.helloMs });
    t.after(() => emu.setHandshakeDelays({ upgradeMs: 0, helloMs: 0 }));
    for (let round = 0; round < 2; round++) {
      // A new session is needed within 5 s of the last IDENTIFY, so the shard waits for
      // its turn; while it waits, its socket is closed (4007) and the next one is slow to
      // open. A wait that ignored the close would IDENTIFY on that next socket.
      const identified = next('identify');
      if (round === 0) emu.sendInvalidSession(false);
      await identified;
      const reconnecting = next('connection');
      emu.sendInvalidSession(false);
      await reconnecting;
      await Promise.race([pause(network.helloMs + 400), died]);
      emu.dropConnections({ code: 4007 });
      assert.equal(r.child.proc.exitCode, null, `the process is alive after round ${round}:\n${r.child.stderr()}`);
    }
    const identifies = emu.gatewayStats().identifies;
    await Promise.race([until('a session after the storm', () => emu.gatewayStats().identifies > identifies, 60_000), died]);
    emu.setHandshakeDelays({ upgradeMs: 0, helloMs: 0 });
    await stillServes(emu, r, r.w.bobId);
    // A full identify window (and the throttler's slack) after the storm: an IDENTIFY
    // still waiting from before it has gone out by now.
    await Promise.race([pause(IDENTIFY_WINDOW_MS + 2000), died]);

    const after = emu.gatewayStats();
    assert.ok(after.invalidSessionsSent - before.invalidSessionsSent >= 3, 'the storm happened');
    const closes = after.serverCloseCodes.slice(before.serverCloseCodes.length);
    assert.ok(closes.filter((c) => c === 4007).length >= 2, 'the storm happened');
    assert.deepEqual(closes.filter((c) => c === 4005), [], 'no second IDENTIFY on one socket');
    assert.equal(after.identifyRateLimited - before.identifyRateLimited, 0, 'one IDENTIFY per 5 s');
    assert.doesNotMatch(r.child.stderr(), /WebSocket is not open|unhandled promise rejection|uncaught exception/i, 'no IDENTIFY on a socket that is not open');
    assert.equal(r.child.proc.exitCode, null);
    await stopsCleanly(r);
  });

  test('4010 from Discord ends the bot with a sentence about the shard settings (exit 1)', async (t) => {
    const r = await startCli(emu, t);
    emu.dropConnections({ code: 4010 });
    const exit = await r.child.exited;
    assert.equal(exit.code, 1, r.child.stderr());
    assert.match(r.child.stderr(), /Discord refused shard 0 of 1 \(gateway close code 4010, invalid shard\)\. Discord recommends 1 shard now\. The bot followed the count Discord recommended when it started/);
  });
});

describe('sharding required', () => {
  test('4011 with a configured shard count: exit 1 and the count to set', async (t) => {
    // Two guilds where one shard may hold one: Discord requires (and recommends) more shards.
    const emu = await startEmulator({ maxGuildsPerShard: 1, recommendedGuildsPerShard: 1 });
    t.after(() => emu.close());
    buildTicketWorld(emu);
    buildTicketWorld(emu);
    const box = makeSandbox();
    t.after(() => box.cleanup());
    box.writeConfig(configToml(emu.apiUrl, 'shard_count = 1\n'));
    const child = runCli([], { env: { ...box.env, THETICKETBOT_TOKEN: emu.token } });
    t.after(() => child.kill('SIGKILL'));
    const exit = await child.exited;
    assert.equal(exit.code, 1, child.stderr());
    const recommended = ((await (await fetch(`${emu.apiUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${emu.token}` } })).json()) as { shards: number }).shards;
    assert.ok(recommended >= 2);
    assert.match(
      child.stderr(),
      new RegExp(`Discord requires more shards \\(gateway close code 4011, sharding required\\): shard 0 of 1 would hold more than 2,500 guilds\\. Discord recommends ${recommended} shards now\\. discord\\.shard_count is 1: set it to ${recommended}, or remove shard_count and shard_ids`),
    );
    assert.doesNotMatch(child.stderr(), /\n\s+at /, 'no stack trace');
  });
});
