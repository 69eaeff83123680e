// What the benchmarks share: building the emulator's world, running our bot as the CLI
// runs it (dist/, in a child process, with the node flags of `npm start`), counting the
// database's write transactions from its WAL, and summarising timings.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';
import type { Emulator } from '../emulator/src/index.ts';

/** The script the benchmark starts; BENCH_CHILD names another (to compare builds, see docs/BENCHMARKS.md). */
const CHILD = process.env.BENCH_CHILD ?? fileURLToPath(new URL('./child.mjs', import.meta.url));
/** The node flags the bin's shebang (and so `npm start`, the image and the unit) use; BENCH_EXEC_ARGV overrides them. */
export const START_FLAGS = readFileSync(new URL('../bin/theticketbot.js', import.meta.url), 'utf8').split('\n')[0]!.replace(/^#!.*?\bnode\b/, '').trim();

export function machineLine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/** N guilds of 20 channels, 20 roles (with @everyone) and 50 members (owner, bot and 48 others). */
export function populate(emu: Emulator, guilds: number): void {
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

export interface OurBot {
  readyMs: number;
  pid: number;
  dbPath: string;
  measure(): Promise<{ rss: number; heapUsed: number; peak: number | null; cpuSeconds: number }>;
  stop(): Promise<void>;
  logs(): string;
}

/**
 * Starts the real CLI (dist/) against the emulator with a config file of `[db]`, a
 * `path` (a fresh file unless `dbPath` is given) and `extraToml` (more `[db]` lines).
 * `beforeStart` may prepare the database first.
 */
export async function startOurBot(emu: Emulator, opts: { dbPath?: string; extraToml?: string; beforeStart?: (dbPath: string) => void | Promise<void> } = {}): Promise<OurBot> {
  const home = mkdtempSync(join(tmpdir(), 'ttb-bench-'));
  const dbPath = opts.dbPath ?? join(home, 'theticketbot.db');
  const configFile = join(home, 'config.toml');
  writeFileSync(configFile, `[db]\npath = ${JSON.stringify(dbPath)}\n${opts.extraToml ?? ''}`);
  await opts.beforeStart?.(dbPath);
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
  const execArgv = ['--expose-gc', ...(process.env.BENCH_EXEC_ARGV ?? START_FLAGS).split(' ').filter(Boolean)];
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...execArgv, CHILD, '--no-sync', '--config-file', configFile], { env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const side = child.stdio[3] as Socket;
  let sideBuffer = '';
  const answers: Array<(m: { rss: number; heapUsed: number; peak: number | null; cpuSeconds: number }) => void> = [];
  side.setEncoding('utf8').on('data', (d: string) => {
    sideBuffer += d;
    let nl: number;
    while ((nl = sideBuffer.indexOf('\n')) >= 0) {
      const line = sideBuffer.slice(0, nl);
      sideBuffer = sideBuffer.slice(nl + 1);
      answers.shift()?.(JSON.parse(line) as { rss: number; heapUsed: number; peak: number | null; cpuSeconds: number });
    }
  });
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readyMs = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      output += d;
      if (/^Ready\.$/m.test(stdout)) resolve(performance.now() - started);
    });
    void exited.then(() => reject(new Error(`bot exited before ready\n${output}`)));
  });
  return {
    readyMs,
    pid: child.pid!,
    dbPath,
    measure: () =>
      new Promise((resolve) => {
        answers.push(resolve);
        side.write('measure\n');
      }),
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(home, { recursive: true, force: true });
    },
    logs: () => output,
  };
}

/**
 * Write transactions committed to a SQLite database in WAL mode, read from its WAL file:
 * frames whose "database size after commit" field is set end a transaction. Only frames
 * with the header's salts count (older ones are left over from before a WAL reset), so
 * run the bot with `wal_autocheckpoint = 0` to keep every frame of the measured span.
 */
export function walCommits(dbPath: string): number {
  const wal = `${dbPath}-wal`;
  if (!existsSync(wal)) return 0;
  const fd = openSync(wal, 'r');
  try {
    const header = Buffer.alloc(32);
    if (readSync(fd, header, 0, 32, 0) < 32) return 0;
    const pageSize = header.readUInt32BE(8);
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);
    const frame = Buffer.alloc(24);
    let commits = 0;
    for (let offset = 32; ; offset += 24 + pageSize) {
      if (readSync(fd, frame, 0, 24, offset) < 24) break;
      if (frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2) break;
      if (frame.readUInt32BE(4) !== 0) commits += 1;
    }
    return commits;
  } finally {
    closeSync(fd);
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function median(xs: readonly number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 50);
}

/** Arrival times (performance.now()) of interaction requests, keyed by interaction token. */
export class InteractionClock {
  readonly callbacks = new Map<string, number>();
  readonly originalEdits = new Map<string, number>();
  #waiters = new Map<string, () => void>();
  #off: () => void;

  constructor(emu: Emulator) {
    const onRequest = (r: { method: string; path: string }): void => {
      const now = performance.now();
      const callback = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(r.path);
      if (callback && r.method === 'POST') {
        if (!this.callbacks.has(callback[1]!)) this.callbacks.set(callback[1]!, now);
        return;
      }
      const edit = /^\/webhooks\/\d+\/([^/]+)\/messages\/(?:@|%40)original$/.exec(r.path);
      if (edit && r.method === 'PATCH') {
        const token = edit[1]!;
        if (!this.originalEdits.has(token)) this.originalEdits.set(token, now);
        this.#waiters.get(token)?.();
      }
    };
    emu.events.on('request', onRequest);
    this.#off = () => emu.events.off('request', onRequest);
  }

  /** Resolves when the first PATCH of the token's @original arrives. */
  edited(token: string): Promise<number> {
    const at = this.originalEdits.get(token);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve) => this.#waiters.set(token, () => {
      this.#waiters.delete(token);
      resolve(this.originalEdits.get(token)!);
    }));
  }

  close(): void {
    this.#off();
  }
}
