// npm run bench:startup — time from process start to ready, and RSS after ready and a
// GC, for the real bot (dist/) against the emulator with N guilds of 20 channels,
// 20 roles and 50 members each (owner, bot and 48 others), members intent on.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator } from '../emulator/src/index.ts';

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));
// The node flags `npm start` and the bin's shebang use; BENCH_EXEC_ARGV overrides them.
const START_FLAGS = '--max-semi-space-size=1';

function populate(emu: Emulator, guilds: number): void {
  for (let g = 0; g < guilds; g++) {
    const owner = emu.createUser({ username: `owner${g}` });
    const guild = emu.createGuild({ name: `Guild ${g}`, ownerId: owner.id });
    const roles = [];
    for (let r = 0; r < 19; r++) roles.push(emu.createRole(guild.id, { name: `role${r}`, permissions: '1024' }));
    for (let c = 0; c < 20; c++) emu.createChannel(guild.id, { name: `channel-${c}` });
    for (let m = 0; m < 48; m++) {
      const user = emu.createUser({ username: `m${g}-${m}` });
      emu.addMember(guild.id, user.id, { roles: [roles[m % roles.length]!.id] });
    }
  }
}

interface Result {
  guilds: number;
  readyMs: number;
  rssMB: number;
  heapMB: number;
}

async function measure(guilds: number): Promise<Result> {
  const emu = await startEmulator({ rateLimits: false });
  populate(emu, guilds);
  const home = mkdtempSync(join(tmpdir(), 'ttb-bench-'));
  const env = {
    ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_STATE_HOME: join(home, 'state'),
    THETICKETBOT_TOKEN: emu.token,
    THETICKETBOT_API_URL: emu.apiUrl,
  };
  const started = performance.now();
  const child = fork(CHILD, ['--no-sync'], { env, execArgv: ['--expose-gc', ...(process.env.BENCH_EXEC_ARGV ?? START_FLAGS).split(' ').filter(Boolean)], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const readyMs = await new Promise<number>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (/^Ready\.$/m.test(stdout)) resolve(performance.now() - started);
    });
    child.on('exit', (code) => reject(new Error(`bot exited with ${code}\n${stderr}`)));
  });
  // Let the event loop settle before measuring.
  await new Promise((r) => setTimeout(r, 500));
  const mem = await new Promise<{ rss: number; heapUsed: number }>((resolve) => {
    child.once('message', (m) => resolve(m as { rss: number; heapUsed: number }));
    child.send('measure');
  });
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await emu.close();
  rmSync(home, { recursive: true, force: true });
  return { guilds, readyMs, rssMB: mem.rss / 2 ** 20, heapMB: mem.heapUsed / 2 ** 20 };
}

const counts = (process.argv[2] ?? '1,1000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
console.log(`node flags: ${process.env.BENCH_EXEC_ARGV ?? START_FLAGS}; MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '(unset)'}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log('guilds | time to ready (median ms) | RSS after GC (median MB) | heap used (MB)');
for (const n of counts) {
  const results: Result[] = [];
  for (let i = 0; i < runs; i++) results.push(await measure(n));
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `${n} | ${median(results.map((r) => r.readyMs)).toFixed(0)} | ${median(results.map((r) => r.rssMB)).toFixed(1)} | ${median(results.map((r) => r.heapMB)).toFixed(1)}`,
  );
}
