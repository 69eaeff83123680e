// The discord.py reference client (bench/discordpy/ticket-client.py) as a child process,
// so a benchmark can run it side by side with our bot against the same emulator.
// It needs Debian's python3-discord, importable only by the system interpreter.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '../emulator/src/index.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./discordpy/ticket-client.py', import.meta.url));

export interface ReferenceClient {
  /** Milliseconds from spawn to the READY line (on_ready). */
  readyMs: number;
  /** How much of readyMs on_ready spent waiting after the last GUILD_CREATE (guild_ready_timeout); null when no guild came. */
  guildWaitMs: number | null;
  /** RSS after gc.collect(). */
  measure(): Promise<{ rss: number; peak: number; cpuSeconds: number }>;
  stop(): Promise<void>;
  /** Everything the process wrote so far (stdout and stderr). */
  logs(): string;
}

let available: boolean | undefined;

/** Whether /usr/bin/python3 can import discord. */
export function discordPyAvailable(): boolean {
  if (available === undefined) {
    available = existsSync(PYTHON) && spawnSync(PYTHON, ['-I', '-c', 'import discord'], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } }).status === 0;
  }
  return available;
}

export async function startDiscordPy(emu: Emulator, opts: { env?: Record<string, string>; readyTimeoutMs?: number } = {}): Promise<ReferenceClient> {
  const home = mkdtempSync(join(tmpdir(), 'ttb-discordpy-'));
  // A clean environment: nothing from this process leaks in, and -I keeps Python from
  // reading PYTHON* variables, the user site directory or the script's directory.
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    THETICKETBOT_API_URL: emu.apiUrl,
    THETICKETBOT_TOKEN: emu.token,
    REF_DB_PATH: join(home, 'reference.db'),
    ...opts.env,
  };
  const started = performance.now();
  const child = spawn(PYTHON, ['-I', SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let buffered = '';
  const lineWaiters: Array<(line: string) => boolean> = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    output += d;
    buffered += d;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      // Each waiter returns true once it has consumed its line.
      const i = lineWaiters.findIndex((w) => w(line));
      if (i >= 0) lineWaiters.splice(i, 1);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanup = (): void => rmSync(home, { recursive: true, force: true });

  let guildWaitMs: number | null = null;
  let readyMs: number;
  try {
    readyMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`discord.py not ready after ${opts.readyTimeoutMs ?? 120_000} ms\n${output}`)), opts.readyTimeoutMs ?? 120_000);
      lineWaiters.push((line) => {
        if (line.startsWith('{"lastGuildCreateToReadyMs"')) guildWaitMs = (JSON.parse(line) as { lastGuildCreateToReadyMs: number | null }).lastGuildCreateToReadyMs;
        if (line !== 'READY') return false;
        clearTimeout(timer);
        resolve(performance.now() - started);
        return true;
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`discord.py exited with ${code} before READY\n${output}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanup();
    throw error;
  }

  return {
    readyMs,
    guildWaitMs,
    measure() {
      return new Promise((resolve, reject) => {
        lineWaiters.push((line) => {
          if (!line.startsWith('{"rss"')) return false;
          resolve(JSON.parse(line) as { rss: number; peak: number; cpuSeconds: number });
          return true;
        });
        child.stdin.write('measure\n', (err) => err && reject(err));
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin.end(); // EOF: the client closes its gateway session and exits
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    },
    logs: () => output,
  };
}
