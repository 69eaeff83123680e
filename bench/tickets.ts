// npm run bench:tickets — Create Ticket under load, the real bot (dist/, a child process)
// against the emulator in this process.
//
//   latency  clicks by distinct members, one at a time, emulator latency 0 and no rate
//            limits: time from INTERACTION_CREATE sent to the @original edit received;
//            REST calls and database write transactions per ticket. Run for our bot and,
//            when Debian's python3-discord is installed, for the discord.py reference.
//   burst    1,000 distinct members click one inbox within one second with Discord-like
//            limits on: 50 requests/s global and a per-channel bucket on thread creation.
//
// Usage: node --import tsx bench/tickets.ts [latency|burst|all]
//   BENCH_CLICKS (500), BENCH_WARMUP (50), BENCH_INTERVAL_MS (50), BENCH_BURST (1000), BENCH_THREAD_LIMIT (20 per s)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmulator, type Emulator, type InteractionHandle } from '../emulator/src/index.ts';
import { createInbox } from '../src/store/inboxes.ts';
import { openStore } from '../src/store/store.ts';
import { discordPyAvailable, startDiscordPy } from './discordpy.ts';
import { InteractionClock, machineLine, percentile, startOurBot, walCommits } from './harness.ts';

const INVITE_PERMISSIONS = 343597501440n;
const THREADS_ROUTE = 'POST /channels/:id/threads';

interface TicketWorld {
  guildId: string;
  channelId: string;
  inboxId: string;
  members: string[];
}

/** A guild with one inbox channel, the inbox message (posted by the bot) and `count` members. */
async function ticketWorld(emu: Emulator, count: number): Promise<TicketWorld> {
  const guild = emu.createGuild({ name: 'Bench', ownerId: emu.application.ownerId, botPermissions: INVITE_PERMISSIONS });
  const channel = emu.createChannel(guild.id, { name: 'support' });
  const members: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = emu.createUser({ username: `member${i}` });
    emu.addMember(guild.id, user.id);
    members.push(user.id);
  }
  const res = await fetch(`${emu.apiUrl}/v10/channels/${channel.id}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bot ${emu.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      embeds: [{ description: 'Need help? Click below.' }],
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'create-ticket', label: 'Create Ticket' }] }],
    }),
  });
  if (!res.ok) throw new Error(`posting the inbox failed: ${res.status} ${await res.text()}`);
  const message = (await res.json()) as { id: string };
  return { guildId: guild.id, channelId: channel.id, inboxId: message.id, members };
}

/** Records the inbox in a fresh database, as `/inbox create` would have. */
async function seedInbox(where: string, w: TicketWorld): Promise<void> {
  const store = where.startsWith('postgres') ? await openStore({ url: where }) : await openStore({ path: where, pragmas: [], keyTemplate: '' });
  await createInbox(store.db, { messageId: w.inboxId, channelId: w.channelId, guildId: w.guildId, starterContent: '', destinationId: null, staff: [] });
  await store.close();
}

interface Runner {
  name: string;
  /** Write transactions committed so far, when the runner can tell. */
  commits(): number | null;
  /** CPU time (user + system) the client's process has used so far, in seconds. */
  cpuSeconds(): Promise<number>;
  logs(): string;
  stop(): Promise<void>;
}

/** Where `ours on PostgreSQL` runs: THETICKETBOT_TEST_PG_URL (npm run pg:start), a role that may create databases. */
const PG_ADMIN_URL = process.env.THETICKETBOT_TEST_PG_URL ?? '';

async function startRunner(which: Which, emu: Emulator, w: TicketWorld): Promise<Runner> {
  if (which === 'ours on PostgreSQL') {
    const { freshPgDatabase } = await import('../test/fixtures/postgres.ts');
    const database = await freshPgDatabase();
    await seedInbox(database.url, w);
    const bot = await startOurBot(emu, { extraToml: `url = ${JSON.stringify(database.url)}\n` });
    return {
      name: which,
      commits: () => null,
      cpuSeconds: async () => (await bot.measure()).cpuSeconds,
      logs: () => bot.logs(),
      stop: async () => {
        await bot.stop();
        await database.drop();
      },
    };
  }
  if (which === 'ours') {
    const bot = await startOurBot(emu, {
      // Every commit stays in the WAL, so they can be counted.
      extraToml: 'pragmas = ["PRAGMA wal_autocheckpoint = 0"]\n',
      beforeStart: async (dbPath) => await seedInbox(dbPath, w),
    });
    return { name: 'ours', commits: () => walCommits(bot.dbPath), cpuSeconds: async () => (await bot.measure()).cpuSeconds, logs: () => bot.logs(), stop: () => bot.stop() };
  }
  const ref = await startDiscordPy(emu);
  return { name: 'discord.py', commits: () => null, cpuSeconds: async () => (await ref.measure()).cpuSeconds, logs: () => ref.logs(), stop: () => ref.stop() };
}

function click(emu: Emulator, w: TicketWorld, member: string): InteractionHandle {
  const handle = emu.clickButton({ messageId: w.inboxId, userId: member, customId: 'create-ticket' });
  handle.response.catch(() => {});
  return handle;
}

export interface LatencyResult {
  name: string;
  clicks: number;
  medianMs: number;
  p99Ms: number;
  restPerTicket: number;
  restByRoute: Record<string, number>;
  /** CPU time of the client's process per ticket: unlike latency, not inflated by other work on the machine. */
  cpuMsPerTicket: number;
  writeTransactionsPerTicket: number | null;
}

type Which = 'ours' | 'ours on PostgreSQL' | 'discord.py';

export async function latency(which: Which, clicks: number, warmup: number, intervalMs: number): Promise<LatencyResult> {
  const emu = await startEmulator({ rateLimits: false, latencyMs: 0 });
  try {
    const w = await ticketWorld(emu, warmup + clicks);
    const runner = await startRunner(which, emu, w);
    const clock = new InteractionClock(emu);
    try {
      // Clicks are paced below Discord's global limit (two limited requests per ticket at
      // 20 tickets/s is 40/s), so what is measured is latency, not queueing.
      let nextAt = performance.now();
      const one = async (member: string): Promise<number> => {
        const wait = nextAt - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        nextAt = performance.now() + intervalMs;
        const handle = click(emu, w, member);
        const sent = performance.now();
        const edited = await Promise.race([
          clock.edited(handle.token),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no @original edit within 30 s (${runner.name})`)), 30_000).unref()),
        ]);
        return edited - sent;
      };
      for (const member of w.members.slice(0, warmup)) await one(member);
      const firstRequest = emu.requests.length;
      const commitsBefore = runner.commits();
      const cpuBefore = await runner.cpuSeconds();
      const times: number[] = [];
      for (const member of w.members.slice(warmup)) times.push(await one(member));
      // The last click's starter or edit may still be in flight for a moment after the edit arrived.
      await new Promise((r) => setTimeout(r, 200));
      const commitsAfter = runner.commits();
      const cpuAfter = await runner.cpuSeconds();
      const requests = emu.requests.slice(firstRequest);
      const restByRoute: Record<string, number> = {};
      for (const r of requests) {
        const route = r.route ?? `${r.method} ${r.path}`;
        restByRoute[route] = (restByRoute[route] ?? 0) + 1;
      }
      const threads = emu.threads(w.channelId).length;
      if (threads !== warmup + clicks) throw new Error(`${runner.name}: ${threads} threads for ${warmup + clicks} clicks`);
      times.sort((a, b) => a - b);
      return {
        name: runner.name,
        clicks,
        medianMs: percentile(times, 50),
        p99Ms: percentile(times, 99),
        restPerTicket: requests.length / clicks,
        restByRoute: Object.fromEntries(Object.entries(restByRoute).map(([k, n]) => [k, n / clicks])),
        cpuMsPerTicket: ((cpuAfter - cpuBefore) * 1000) / clicks,
        writeTransactionsPerTicket: commitsBefore === null || commitsAfter === null ? null : (commitsAfter - commitsBefore) / clicks,
      };
    } finally {
      clock.close();
      await runner.stop();
    }
  } finally {
    await emu.close();
  }
}

export interface BurstResult {
  clicks: number;
  created: number;
  lost: number;
  duplicates: number;
  responses429: number;
  slowestInitialMs: number;
  totalMs: number;
  minimumMs: number;
  ratio: number;
}

export async function burst(clicks: number, threadLimitPerSecond: number): Promise<BurstResult> {
  const globalPerSecond = 50;
  const emu = await startEmulator({
    rateLimits: true,
    globalPerSecond,
    routeLimits: { [THREADS_ROUTE]: { limit: threadLimitPerSecond, windowMs: 1000 } },
    // The last clicks wait about a minute for their thread; their tokens live 15 minutes.
  });
  try {
    const w = await ticketWorld(emu, clicks);
    const runner = await startRunner('ours', emu, w);
    const clock = new InteractionClock(emu);
    try {
      const firstRequest = emu.requests.length;
      const sent = new Map<string, number>();
      const handles: InteractionHandle[] = [];
      const start = performance.now();
      // Spread evenly over one second.
      for (let i = 0; i < clicks; i++) {
        const due = start + (i * 1000) / clicks;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const handle = click(emu, w, w.members[i]!);
        sent.set(handle.token, performance.now());
        handles.push(handle);
      }
      // A click whose interaction failed (no initial response within 3 s) never gets an edit.
      const deadline = Date.now() + (Number(process.env.BENCH_BURST_WAIT_S ?? 300)) * 1000;
      const edits = await Promise.all(
        handles.map((h) =>
          Promise.race([
            clock.edited(h.token),
            h.response.then(
              () => new Promise<never>(() => {}),
              () => null,
            ),
            new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, deadline - Date.now())).unref()),
          ]),
        ),
      );
      const end = Math.max(...edits.map((e) => e ?? 0));
      const failed = handles.filter((h, i) => edits[i] === null).length;
      if (failed > 0) console.log(`${failed} clicks got no @original edit (interaction failed or 5 min passed); the bot's log ends with:\n${runner.logs().split('\n').slice(-400).join('\n')}`);
      await new Promise((r) => setTimeout(r, 500));
      let ready = 0;
      const links = new Set<string>();
      for (const h of handles) {
        const content = h.original()?.content ?? '';
        const link = /https:\/\/discord\.com\/channels\/\d+\/(\d+)/.exec(content);
        if (/ready/i.test(content) && link) {
          ready += 1;
          links.add(link[1]!);
        }
      }
      const initial = handles.map((h) => (clock.callbacks.get(h.token) ?? Infinity) - sent.get(h.token)!);
      const requests = emu.requests.slice(firstRequest);
      const created = emu.threads(w.channelId).length;
      // Requests counted by Discord's global limit: all but interaction callbacks and webhooks.
      const globalRequests = requests.filter((r) => !/^\/(interactions|webhooks)\//.test(r.path) && r.status !== 429).length;
      const minimumMs = Math.max((Math.ceil(clicks / threadLimitPerSecond) - 1) * 1000, (Math.ceil(globalRequests / globalPerSecond) - 1) * 1000);
      const totalMs = end - start;
      return {
        clicks,
        created,
        lost: clicks - ready,
        duplicates: created - links.size,
        responses429: requests.filter((r) => r.status === 429).length,
        slowestInitialMs: Math.max(...initial),
        totalMs,
        minimumMs,
        ratio: totalMs / minimumMs,
      };
    } finally {
      clock.close();
      await runner.stop();
    }
  } finally {
    await emu.close();
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const what = process.argv[2] ?? 'all';
  const clicks = Number(process.env.BENCH_CLICKS ?? 500);
  const warmup = Number(process.env.BENCH_WARMUP ?? 50);
  const intervalMs = Number(process.env.BENCH_INTERVAL_MS ?? 50);
  console.log(`machine: ${machineLine()}`);
  if (what === 'latency' || what === 'all') {
    const results = [await latency('ours', clicks, warmup, intervalMs)];
    if (discordPyAvailable()) results.push(await latency('discord.py', clicks, warmup, intervalMs));
    else console.log('discord.py reference skipped: /usr/bin/python3 cannot import discord (apt-get install python3-discord)');
    if (PG_ADMIN_URL !== '') results.push(await latency('ours on PostgreSQL', clicks, warmup, intervalMs));
    else console.log('ours on PostgreSQL skipped: run npm run pg:start and export the THETICKETBOT_TEST_PG_URL it prints');
    console.log(`\nTicket latency: ${clicks} clicks by distinct members after ${warmup} warm-up clicks, one at a time, at most one per ${intervalMs} ms, emulator latency 0, no rate limits`);
    console.log('client | median ms | p99 ms | CPU ms per ticket | REST calls per ticket | write transactions per ticket');
    for (const r of results) {
      console.log(`${r.name} | ${r.medianMs.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.cpuMsPerTicket.toFixed(2)} | ${r.restPerTicket.toFixed(2)} | ${r.writeTransactionsPerTicket?.toFixed(2) ?? 'n/a'}`);
      for (const [route, n] of Object.entries(r.restByRoute)) console.log(`    ${route}: ${n.toFixed(2)}`);
    }
    const theirs = results.find((r) => r.name === 'discord.py');
    for (const ours of results.filter((r) => r.name !== 'discord.py')) {
      if (!theirs) break;
      console.log(`${ours.name} ÷ discord.py: median ${(ours.medianMs / theirs.medianMs).toFixed(2)}, p99 ${(ours.p99Ms / theirs.p99Ms).toFixed(2)}, CPU per ticket ${(ours.cpuMsPerTicket / theirs.cpuMsPerTicket).toFixed(2)}`);
    }
  }
  if (what === 'burst' || what === 'all') {
    const n = Number(process.env.BENCH_BURST ?? 1000);
    const threadLimit = Number(process.env.BENCH_THREAD_LIMIT ?? 20);
    const r = await burst(n, threadLimit);
    console.log(`\nBurst: ${n} distinct members click one inbox within 1 s; global limit 50/s, thread creation ${threadLimit} per 1 s per channel`);
    console.log(`tickets created ${r.created} | lost ${r.lost} | duplicate threads ${r.duplicates} | 429 responses ${r.responses429} | slowest initial response ${r.slowestInitialMs.toFixed(0)} ms`);
    console.log(`total ${(r.totalMs / 1000).toFixed(1)} s | minimum the limits allow ${(r.minimumMs / 1000).toFixed(1)} s | ratio ${r.ratio.toFixed(3)}`);
  }
}
