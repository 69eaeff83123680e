// npm run bench:scale — startup and memory per process when the bot is split over
// processes: N guilds on N/1000 shards (Discord's recommended size), run by 1 process or
// by P processes each holding an equal range of shards (`shard_count`, `shard_ids`),
// against the emulator, each process with its own SQLite file (a SQLite file serves one
// process; PostgreSQL is the shared database of several). Per process: time from
// spawning to `Ready.` (every shard of that process has its guilds in), RSS after ready
// and a GC, and the peak RSS (VmHWM).
//
// The guilds are lighter than bench:startup's (10 channels, 5 roles and 12 members each:
// owner, bot and 10 others), so that 50,000 of them fit in the emulator beside the bots;
// what grows with guilds is the same kind of state. All processes start at once, as a
// deployment would; max_concurrency 16, as Discord gives large bots.
//
// Usage: node --import tsx bench/scale.ts [10000,50000] [1,2]   BENCH_RUNS (1)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/src/index.ts';
import { openStore } from '../src/store/store.ts';
import { machineLine, median, startOurBot, type OurBot } from './harness.ts';

const GUILDS_PER_SHARD = 1000;
const MAX_CONCURRENCY = 16;

function populateLight(emu: Emulator, guilds: number): void {
  for (let g = 0; g < guilds; g++) {
    const owner = emu.createUser({ username: `owner${g}` });
    const guild = emu.createGuild({ name: `Guild ${g}`, ownerId: owner.id });
    const roles = [];
    for (let r = 0; r < 4; r++) roles.push(emu.createRole(guild.id, { name: `role${r}`, permissions: '1024' }));
    for (let c = 0; c < 10; c++) emu.createChannel(guild.id, { name: `channel-${c}` });
    for (let m = 0; m < 10; m++) {
      const user = emu.createUser({ username: `m${g}-${m}` });
      emu.addMember(guild.id, user.id, { roles: [roles[m % roles.length]!.id] });
    }
  }
}

interface ProcessResult {
  shards: string;
  readyMs: number;
  rssMB: number;
  peakMB: number;
  heapMB: number;
}

async function runFleet(emu: Emulator, shardCount: number, processes: number): Promise<ProcessResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ttb-bench-scale-'));
  // A SQLite file serves one process: with several, each gets its own (BENCH_SHARED_SQLITE=1: one file for all, to see what sharing one costs).
  const shared = process.env.BENCH_SHARED_SQLITE === '1' || processes === 1;
  const dbPathOf = (p: number): string => join(dir, shared ? 'theticketbot.db' : `theticketbot-${p}.db`);
  const per = Math.ceil(shardCount / processes);
  const ranges: number[][] = [];
  for (let p = 0; p < processes; p++) ranges.push(Array.from({ length: Math.min(per, shardCount - p * per) }, (_, i) => p * per + i));
  const bots: OurBot[] = [];
  // The schema is made before the processes start, so startup is measured on an existing
  // database (a first start also runs every migration; processes starting together take turns).
  for (let p = 0; p < processes; p++) await (await openStore({ path: dbPathOf(p), pragmas: [], keyTemplate: '' })).close();
  try {
    const started = await Promise.all(
      ranges.map((ids, p) => startOurBot(emu, { dbPath: dbPathOf(p), extraToml: `\n[discord]\nshard_count = ${shardCount}\nshard_ids = [${ids.join(', ')}]\n` })),
    );
    bots.push(...started);
    await new Promise((r) => setTimeout(r, 500));
    const out: ProcessResult[] = [];
    for (const [i, bot] of bots.entries()) {
      const mem = await bot.measure();
      const ids = ranges[i]!;
      out.push({
        shards: `${ids[0]}–${ids.at(-1)}`,
        readyMs: bot.readyMs,
        rssMB: mem.rss / 2 ** 20,
        peakMB: (mem.peak ?? NaN) / 2 ** 20,
        heapMB: mem.heapUsed / 2 ** 20,
      });
    }
    return out;
  } finally {
    for (const bot of bots) await bot.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = (process.argv[2] ?? '10000,50000').split(',').map(Number);
const splits = (process.argv[3] ?? '1,2').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 1);
console.log(`machine: ${machineLine()}`);
console.log(`guilds per shard ${GUILDS_PER_SHARD}, max_concurrency ${MAX_CONCURRENCY}, guilds of 10 channels, 5 roles, 12 members; median of ${runs} run(s)`);
console.log('guilds | shards | processes | process: shards | ready ms | RSS MB (heap MB) | peak MB');
for (const n of sizes) {
  const shardCount = Math.max(1, Math.ceil(n / GUILDS_PER_SHARD));
  const emu = await startEmulator({
    rateLimits: false,
    maxConcurrency: MAX_CONCURRENCY,
    recommendedGuildsPerShard: GUILDS_PER_SHARD,
    // The formula spreads guilds unevenly; a shard of a few more than 1,000 is fine.
    maxGuildsPerShard: 2500,
  });
  const t0 = performance.now();
  populateLight(emu, n);
  console.log(`(${n} guilds built in ${((performance.now() - t0) / 1000).toFixed(1)} s; emulator RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB)`);
  for (const p of splits) {
    const all: ProcessResult[][] = [];
    for (let r = 0; r < runs; r++) all.push(await runFleet(emu, shardCount, p));
    for (let i = 0; i < p; i++) {
      const rows = all.map((run) => run[i]!);
      console.log(
        [
          n,
          shardCount,
          p,
          rows[0]!.shards,
          median(rows.map((x) => x.readyMs)).toFixed(0),
          `${median(rows.map((x) => x.rssMB)).toFixed(1)} (${median(rows.map((x) => x.heapMB)).toFixed(1)})`,
          median(rows.map((x) => x.peakMB)).toFixed(1),
        ].join(' | '),
      );
    }
  }
  await emu.close();
}
