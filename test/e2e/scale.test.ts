// Scale-out end to end (SPEC §14): two bot processes with two shards each (the real CLI),
// one database, one REST proxy, against the emulator. A burst of clicks over many guilds
// spread across the shards, every member clicking twice as if from two devices; one
// process killed with SIGKILL mid-burst and started again. Afterwards every thread is
// one ticket row and every ticket row one thread, no member has two, and every click that
// was told "your ticket is ready" points at one of them. Then a new session on one shard:
// the other shards' guilds are left alone. Run `npm run build` first.
//
// Sized for CI (two cores): SCALE_GUILDS and SCALE_MEMBERS change it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shardForGuild, startEmulator, type Emulator, type InteractionHandle } from '../../emulator/src/index.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { createInbox } from '../../src/store/inboxes.ts';
import { startBotProcess, startProxyProcess, stopProcess, type BotProcess, type ProxyProcess } from './fleet.ts';
import { asBot, createTicketRow, guildIdOnShard, INVITE_PERMISSIONS, P, threadIdOf, until } from './ticket-fixture.ts';

const GUILDS = Number(process.env.SCALE_GUILDS ?? 200);
const MEMBERS = Number(process.env.SCALE_MEMBERS ?? 250);
const SHARDS = 4;
/** Which process runs which shards. */
const PROCESS_SHARDS = [
  [0, 1],
  [2, 3],
];

interface ScaleGuild {
  id: string;
  shard: number;
  supportId: string;
  ticketsId: string;
  inboxId: string;
}

interface Click {
  member: string;
  guild: ScaleGuild;
  handle: InteractionHandle | null;
  /** The final answer: a thread id (ticket ready), 'refused' (cooldown or limit), 'failed' (no answer: the process died). */
  outcome?: string;
}

describe(`scale: 2 processes × 2 shards, ${GUILDS} guilds, ${MEMBERS * 2} clicks`, { timeout: 600_000 }, () => {
  let emu: Emulator;
  let proxy: ProxyProcess;
  let dir: string;
  let dbPath: string;
  const procs: Array<BotProcess | null> = [null, null];
  const guilds: ScaleGuild[] = [];
  const clicks: Click[] = [];

  const start = (i: number): BotProcess => {
    const bot = startBotProcess(emu, { apiUrl: proxy.apiUrl, shardCount: SHARDS, shardIds: PROCESS_SHARDS[i]!, dbPath });
    procs[i] = bot;
    return bot;
  };

  before(async () => {
    emu = await startEmulator({ interactionResponseDeadlineMs: 20_000, heartbeatIntervalMs: 5_000 });
    dir = mkdtempSync(join(tmpdir(), 'ttb-scale-'));
    dbPath = join(dir, 'theticketbot.db');
    const store: Store = openStore({ path: dbPath, pragmas: [], keyTemplate: '' });
    // Building the world is not what is measured: no rate limits while the inboxes are posted.
    emu.setRateLimitsEnabled(false);
    for (let i = 0; i < GUILDS; i++) {
      const shard = i % SHARDS;
      const guild = emu.createGuild({ id: guildIdOnShard(shard, SHARDS, 1000 + i), name: `Guild ${i}`, botPermissions: INVITE_PERMISSIONS });
      assert.equal(shardForGuild(guild.id, SHARDS), shard);
      const support = emu.createChannel(guild.id, { name: 'support' });
      const tickets = emu.createChannel(guild.id, {
        name: 'tickets',
        permissionOverwrites: [{ id: emu.botUser.id, type: 1, allow: P.ManageThreads }],
      });
      const message = (await asBot(emu, 'POST', `/channels/${support.id}/messages`, { content: 'Need help?', components: createTicketRow })) as { id: string };
      createInbox(store.db, { messageId: message.id, channelId: support.id, guildId: guild.id, starterContent: '', destinationId: tickets.id, staff: [] });
      guilds.push({ id: guild.id, shard, supportId: support.id, ticketsId: tickets.id, inboxId: message.id });
    }
    for (let j = 0; j < MEMBERS; j++) {
      const user = emu.createUser({ username: `member${j}` });
      const guild = guilds[j % GUILDS]!;
      emu.addMember(guild.id, user.id);
      // Two devices: the same member, the same button, twice.
      clicks.push({ member: user.id, guild, handle: null }, { member: user.id, guild, handle: null });
    }
    store.close();
    emu.setRateLimitsEnabled(true);
    proxy = await startProxyProcess(emu.apiUrl);
  });

  after(async () => {
    for (const p of procs) if (p) await stopProcess(p.child);
    for (const p of procs) p?.box.cleanup();
    if (proxy) {
      await stopProcess(proxy.child);
      proxy.box.cleanup();
    }
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a burst with one process killed and restarted: one thread and one row per accepted click, none lost', async () => {
    await Promise.all([start(0).ready(120_000), start(1).ready(120_000)]);
    const stats = emu.gatewayStats().shards;
    for (let s = 0; s < SHARDS; s++) assert.equal(stats[`${s}/${SHARDS}`]?.connectedSessions, 1, `shard ${s} connected once`);

    // Kill the second process once it has created a tenth of its guilds' threads.
    const victimShards = new Set(PROCESS_SHARDS[1]);
    const victimGuilds = new Set(guilds.filter((g) => victimShards.has(g.shard)).map((g) => g.id));
    let victimThreads = 0;
    let killedAt = -1;
    const onDispatch = (e: any): void => {
      const t = e?.event ?? e?.t;
      const d = e?.data ?? e?.d;
      if (t === 'THREAD_CREATE' && victimGuilds.has(String(d?.guild_id)) && ++victimThreads === Math.ceil(MEMBERS / 20) && killedAt < 0) {
        killedAt = clicks.filter((c) => c.handle).length;
        procs[1]!.child.kill('SIGKILL');
      }
    };
    emu.events.on('dispatch', onDispatch);

    // The burst: both clicks of a member together, members one after the other.
    for (let k = 0; k < clicks.length; k++) {
      const c = clicks[k]!;
      c.handle = emu.clickButton({ messageId: c.guild.inboxId, userId: c.member, customId: 'create-ticket' });
      if (k % 20 === 19) await new Promise((r) => setImmediate(r));
    }
    const killed = await procs[1]!.child.exited;
    emu.events.off('dispatch', onDispatch);
    assert.equal(killed.signal, 'SIGKILL', 'the second process was killed mid-burst');
    assert.ok(killedAt > 0);

    const restarted = start(1);
    await restarted.ready(120_000);
    await restarted.child.waitFor(/Startup reconciliation finished \(shard 2 of 4\)/, 120_000);
    await restarted.child.waitFor(/Startup reconciliation finished \(shard 3 of 4\)/, 120_000);

    // Every click settles: acknowledged or not (no answer: its process was dead). Clicks
    // of the live process all end in a link or a refusal; one acknowledged by the killed
    // process before it died keeps "Opening your ticket…" (its thread, if it was created,
    // is repaired by the restarted process, which cannot edit a reply it never saw).
    const victimShardsOf = (c: Click): boolean => victimShards.has(c.guild.shard);
    const finalText = (c: Click): string | null => {
      const m = c.handle!.original();
      return m && m.content !== '' && !/Opening your ticket/.test(m.content) ? m.content : null;
    };
    await Promise.all(
      clicks.map(async (c) => {
        try {
          await c.handle!.response;
        } catch {
          c.outcome = 'failed';
        }
      }),
    );
    await until('every click of the live process answered', () => clicks.every((c) => victimShardsOf(c) || c.outcome === 'failed' || finalText(c) !== null), 120_000);
    // The restarted process answers the clicks it received after its start at once; give them a moment.
    await until('the restarted process\'s clicks answered', () => clicks.every((c) => !victimShardsOf(c) || c.outcome === 'failed' || finalText(c) !== null), 5_000).catch(() => {});
    for (const c of clicks) {
      if (c.outcome === 'failed') continue;
      const text = finalText(c);
      c.outcome = text === null ? 'unfinished' : /^Your ticket is ready: /.test(text) ? threadIdOf(text) : 'refused';
    }

    const store = openStore({ path: dbPath, pragmas: [], keyTemplate: '' });
    try {
      const rows = store.db.prepare('SELECT id, owner_id FROM ticket').all() as Array<{ id: bigint; owner_id: bigint }>;
      const rowByThread = new Map(rows.map((r) => [r.id.toString(), r.owner_id.toString()]));
      assert.equal(rowByThread.size, rows.length, 'one row per thread id');
      const threads = guilds.flatMap((g) => emu.threads(g.ticketsId));
      const threadIds = new Set(threads.map((t) => t.id));
      // Exactly one thread per row and one row per thread.
      assert.deepEqual([...threadIds].filter((id) => !rowByThread.has(id)), [], 'no thread without its row');
      assert.deepEqual([...rowByThread.keys()].filter((id) => !threadIds.has(id)), [], 'no row without its thread');
      assert.equal(Number(store.db.prepare('SELECT count(*) FROM pending_ticket').pluck().get()), 0, 'no unfinished ticket left');
      // One ticket per member, whatever the two devices did.
      const perMember = new Map<string, number>();
      for (const owner of rowByThread.values()) perMember.set(owner, (perMember.get(owner) ?? 0) + 1);
      assert.deepEqual([...perMember].filter(([, n]) => n > 1), [], 'no member has two tickets');
      // Every accepted click is its member's one thread.
      const accepted = clicks.filter((c) => c.outcome !== undefined && /^\d+$/.test(c.outcome));
      for (const c of accepted) {
        assert.equal(rowByThread.get(c.outcome!), c.member, `the link a click got is its member's recorded ticket`);
      }
      // Each member got their ticket unless their process was dead when they clicked.
      const victimMembers = new Set(clicks.filter((c) => victimShards.has(c.guild.shard)).map((c) => c.member));
      for (const c of clicks) if (!victimMembers.has(c.member)) assert.notEqual(c.outcome, 'failed', 'the live process answered every click');
      const survivors = new Set(clicks.filter((c) => !victimMembers.has(c.member)).map((c) => c.member));
      for (const member of survivors) assert.equal(perMember.get(member), 1, 'each member of the live process has one ticket');
      const counts = { accepted: accepted.length, refused: clicks.filter((c) => c.outcome === 'refused').length, failed: clicks.filter((c) => c.outcome === 'failed').length, unfinished: clicks.filter((c) => c.outcome === 'unfinished').length, threads: threadIds.size };
      console.log(`scale: ${JSON.stringify(counts)}`);
      assert.ok(counts.accepted >= survivors.size, 'every live member was told their ticket is ready');
    } finally {
      store.close();
    }
  });

  test('a new session on one shard leaves the other shards\' guilds alone', async () => {
    emu.clearRequests();
    // Shard 0 loses its session for good and identifies again: READY, then its catch-up.
    emu.sendInvalidSession(false, { shard: 0 });
    await procs[0]!.child.waitFor(/Reconciliation after a new gateway session finished \(shard 0 of 4\)/, 60_000);
    const ownChannels = new Set(guilds.filter((g) => g.shard === 0).flatMap((g) => [g.id, g.supportId, g.ticketsId]));
    const others = new Set(guilds.filter((g) => g.shard !== 0).flatMap((g) => [g.id, g.supportId, g.ticketsId, ...emu.threads(g.ticketsId).map((t) => t.id)]));
    const touched = emu.requests.filter((r) => [...r.path.matchAll(/\d{17,20}/g)].some((m) => others.has(m[0]!)));
    assert.deepEqual(touched.map((r) => `${r.method} ${r.path}`), [], 'nothing asked about the other shards\' guilds');
    assert.ok(ownChannels.size > 0);
    const s = emu.gatewayStats().shards;
    for (const shard of [1, 2, 3]) assert.equal(s[`${shard}/${SHARDS}`]?.connectedSessions, 1, `shard ${shard} kept its session`);
  });
});
