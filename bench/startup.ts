// npm run bench:startup — time from process start to ready, and RSS after ready and a
// GC, for the real bot (dist/, as the CLI runs it) and, when Debian's python3-discord is
// installed, for the discord.py reference client, against the emulator with N guilds of
// 20 channels, 20 roles and 50 members each (owner, bot and 48 others), members intent on.
//
// Usage: node --import tsx bench/startup.ts [1,1000,5000]   BENCH_RUNS (3), BENCH_REFERENCE=0 skips discord.py
import { startEmulator, type Emulator } from '../emulator/src/index.ts';
import { discordPyAvailable, startDiscordPy } from './discordpy.ts';
import { machineLine, median, populate, START_FLAGS, startOurBot } from './harness.ts';

interface Result {
  readyMs: number;
  rssMB: number;
  /** The largest RSS from start to the measurement (VmHWM). */
  peakMB: number;
  /** Ours only: V8 heap used after the GC. */
  heapMB?: number;
  /** discord.py only: how much of readyMs on_ready spent waiting after the last GUILD_CREATE. */
  waitMs?: number;
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 500));

async function measureOurs(emu: Emulator): Promise<Result> {
  const bot = await startOurBot(emu);
  try {
    await settle();
    const mem = await bot.measure();
    return { readyMs: bot.readyMs, rssMB: mem.rss / 2 ** 20, peakMB: (mem.peak ?? NaN) / 2 ** 20, heapMB: mem.heapUsed / 2 ** 20 };
  } finally {
    await bot.stop();
  }
}

async function measureDiscordPy(emu: Emulator): Promise<Result> {
  const ref = await startDiscordPy(emu, { readyTimeoutMs: 600_000 });
  try {
    await settle();
    const mem = await ref.measure();
    return { readyMs: ref.readyMs, rssMB: mem.rss / 2 ** 20, peakMB: mem.peak / 2 ** 20, ...(ref.guildWaitMs !== null ? { waitMs: ref.guildWaitMs } : {}) };
  } finally {
    await ref.stop();
  }
}

const counts = (process.argv[2] ?? '1,1000,5000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const withReference = process.env.BENCH_REFERENCE !== '0' && discordPyAvailable();
console.log(`node flags: ${process.env.BENCH_EXEC_ARGV ?? START_FLAGS}; MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '(unset)'}`);
console.log(`machine: ${machineLine()}`);
if (!withReference) console.log(process.env.BENCH_REFERENCE === '0' ? 'discord.py reference skipped (BENCH_REFERENCE=0)' : 'discord.py reference skipped: /usr/bin/python3 cannot import discord (apt-get install python3-discord)');
console.log('guilds | ours: ready ms | ours: RSS MB (heap MB) | ours: peak MB | discord.py: ready ms (of which guild_ready_timeout wait) | discord.py: RSS MB | discord.py: peak MB | ratio ready | ratio RSS');
for (const n of counts) {
  // One world per size, reused by every run: both clients see the same guilds.
  // One gateway session at every size, as the reference (discord.py's Client) opens one:
  // Discord requires sharding from 2,500 guilds, the emulator too unless told otherwise.
  const emu = await startEmulator({ rateLimits: false, maxGuildsPerShard: 10_000, recommendedGuildsPerShard: 10_000 });
  populate(emu, n);
  const ours: Result[] = [];
  const theirs: Result[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await measureOurs(emu));
    if (withReference) theirs.push(await measureDiscordPy(emu));
  }
  await emu.close();
  const o = { ready: median(ours.map((r) => r.readyMs)), rss: median(ours.map((r) => r.rssMB)), heap: median(ours.map((r) => r.heapMB ?? NaN)), peak: median(ours.map((r) => r.peakMB)) };
  const cells = [String(n), o.ready.toFixed(0), `${o.rss.toFixed(1)} (${o.heap.toFixed(1)})`, o.peak.toFixed(1)];
  if (withReference) {
    const t = { ready: median(theirs.map((r) => r.readyMs)), rss: median(theirs.map((r) => r.rssMB)), wait: median(theirs.map((r) => r.waitMs ?? NaN)), peak: median(theirs.map((r) => r.peakMB)) };
    cells.push(`${t.ready.toFixed(0)} (${t.wait.toFixed(0)})`, t.rss.toFixed(1), t.peak.toFixed(1), (o.ready / t.ready).toFixed(2), (o.rss / t.rss).toFixed(2));
  }
  console.log(cells.join(' | '));
}
