// Several processes of one bot, as an operator runs them at scale: the real CLI started
// once per process with its own `shard_ids`, optionally behind one REST proxy (also the
// real CLI). Each process has its own home; the database is whatever `db` says.
import { join } from 'node:path';
import type { Emulator } from '../../emulator/src/index.ts';
import { makeSandbox, runCli, type Child, type Sandbox } from './harness.ts';

export interface BotProcess {
  child: Child;
  box: Sandbox;
  /** The SQLite file of this process (each process has its own unless `dbPath` is shared). */
  dbPath: string;
  /** Resolves at the CLI's "Ready." (every shard of this process has its guilds in). */
  ready(timeoutMs?: number): Promise<string>;
}

export interface BotProcessOptions {
  /** discord.api_url: the emulator's, or a REST proxy's. */
  apiUrl: string;
  shardCount?: number;
  shardIds?: number[];
  dbPath?: string;
  /** More TOML after the [discord] and [db] tables. */
  extraToml?: string;
  /** More environment (THETICKETBOT_* overrides). */
  env?: Record<string, string>;
  verbose?: boolean;
}

const tomlString = (s: string): string => JSON.stringify(s);

/** Starts one bot process (the CLI bin, with the shipped node flags). */
export function startBotProcess(emu: Emulator, opts: BotProcessOptions): BotProcess {
  const box = makeSandbox();
  const dbPath = opts.dbPath ?? join(box.dataDir, 'theticketbot.db');
  const shards =
    opts.shardCount !== undefined ? `shard_count = ${opts.shardCount}\n${opts.shardIds ? `shard_ids = [${opts.shardIds.join(', ')}]\n` : ''}` : '';
  box.writeConfig(`[discord]\napi_url = ${tomlString(opts.apiUrl)}\n${shards}\n[db]\npath = ${tomlString(dbPath)}\n${opts.extraToml ?? ''}`);
  const child = runCli(opts.verbose ? ['-v'] : [], { env: { ...box.env, THETICKETBOT_TOKEN: emu.token, ...opts.env } });
  return {
    child,
    box,
    dbPath,
    ready: (timeoutMs = 60_000) => child.waitFor(/^Ready\.$/m, timeoutMs),
  };
}

export interface ProxyProcess {
  child: Child;
  box: Sandbox;
  /** What the bots put in discord.api_url. */
  apiUrl: string;
}

/** Starts `theticketbot rest-proxy` on a free port in front of `upstream`. */
export async function startProxyProcess(upstream: string, opts: { globalPerSecond?: number } = {}): Promise<ProxyProcess> {
  const box = makeSandbox();
  const args = ['rest-proxy', '--port', '0', '--upstream', upstream];
  if (opts.globalPerSecond !== undefined) args.push('--global-per-second', String(opts.globalPerSecond));
  const child = runCli(args, { env: box.env });
  const line = await child.waitFor(/REST proxy listening on 127\.0\.0\.1:\d+/);
  const port = /:(\d+)$/.exec(line)![1];
  return { child, box, apiUrl: `http://127.0.0.1:${port}/api` };
}

/** Stops a process with SIGTERM and waits for it; SIGKILL after `graceMs`. */
export async function stopProcess(child: Child, graceMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return child.exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await child.exited;
  } finally {
    clearTimeout(timer);
  }
}
