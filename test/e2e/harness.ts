// End-to-end harness: a private home directory, the emulator, and the real CLI started
// as a child process (or in-process through main()).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'theticketbot.js');
/** The node flags of the bin's shebang: the CLI runs in tests as it runs for users. */
export const SHIPPED_NODE_FLAGS = readFileSync(BIN, 'utf8').split('\n')[0]!.replace(/^#!.*?\bnode\b/, '').trim().split(/\s+/);

export interface Sandbox {
  home: string;
  env: Record<string, string>;
  configDir: string;
  dataDir: string;
  logDir: string;
  configPath: string;
  writeConfig(toml: string): void;
  cleanup(): void;
}

/** A fresh home with XDG directories, so nothing touches the real user's files. */
export function makeSandbox(): Sandbox {
  const home = mkdtempSync(join(tmpdir(), 'ttb-e2e-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: join(home, 'run'),
    NO_COLOR: '1',
  };
  const configDir = join(env.XDG_CONFIG_HOME!, 'theticketbot');
  const sandbox: Sandbox = {
    home,
    env,
    configDir,
    dataDir: join(env.XDG_DATA_HOME!, 'theticketbot'),
    logDir: join(env.XDG_STATE_HOME!, 'theticketbot', 'log'),
    configPath: join(configDir, 'config.toml'),
    writeConfig(toml: string) {
      mkdirSync(configDir, { recursive: true });
      writeFileSync(sandbox.configPath, toml, { mode: 0o600 });
    },
    cleanup() {
      rmSync(home, { recursive: true, force: true });
    },
  };
  return sandbox;
}

export interface Child {
  proc: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves when a line matching `pattern` appears on stdout or stderr. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Starts the CLI: this tree's bin with the shipped node flags (plus `nodeArgs`, options for
 * node itself), or `opts.command` (an installed package's bin, say) followed by `args`.
 */
export function runCli(
  args: string[],
  opts: { env: Record<string, string>; stdin?: string; cwd?: string; nodeArgs?: string[]; command?: string[] },
): Child {
  const [file, ...before] = opts.command ?? [process.execPath, ...SHIPPED_NODE_FLAGS, ...(opts.nodeArgs ?? []), BIN];
  return runCommand(file!, [...before, ...args], opts);
}

/**
 * Any program (an installed package's `npx theticketbot`, say), watched like runCli.
 * `group` starts it in its own process group and signals the whole group, as a terminal's
 * Ctrl-C does (npx does not pass signals on to the program it runs).
 */
export function runCommand(file: string, args: string[], opts: { env: Record<string, string>; stdin?: string; cwd?: string; group?: boolean }): Child {
  const proc = spawn(file, args, {
    detached: opts.group === true,
    env: opts.env,
    cwd: opts.cwd ?? opts.env.HOME,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const watchers: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const check = (): void => {
    for (const w of [...watchers]) {
      const text = out + '\n' + err;
      const m = w.pattern.exec(text);
      if (m) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(m[0]);
      }
    }
  };
  proc.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    check();
  });
  proc.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    check();
  });
  if (opts.stdin !== undefined) proc.stdin.end(opts.stdin);
  else proc.stdin.end();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`timed out waiting for ${pattern}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`));
        }, timeoutMs);
        const done = (line: string): void => {
          clearTimeout(timer);
          resolve(line);
        };
        watchers.push({ pattern, resolve: done });
        exited.then(({ code }) => {
          if (watchers.some((w) => w.resolve === done)) {
            clearTimeout(timer);
            reject(new Error(`process exited (${code}) before ${pattern}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`));
          }
        });
        check();
      });
    },
    exited,
    kill(signal = 'SIGTERM') {
      if (opts.group && proc.pid !== undefined) process.kill(-proc.pid, signal);
      else proc.kill(signal);
    },
  };
}

/** A config.toml pointing the bot at the emulator. */
export function configToml(apiUrl: string, extra = ''): string {
  return `[discord]\napi_url = "${apiUrl}"\n${extra}`;
}
