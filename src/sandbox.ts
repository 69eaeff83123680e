// `theticketbot sandbox`: the real bot (same config loading, store and gateway as a normal
// run) against the Discord emulator with a seeded server, plus a page on 127.0.0.1 to use
// that server as any of its people. Nothing is left behind unless --keep says where.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliIO, SandboxOptions } from './cli.ts';
import { defaultConfig, loadConfig } from './config/load.ts';
import type { UserDirs } from './config/paths.ts';
import { ConfigError, type Config } from './config/schema.ts';
import { loadTranslator } from './i18n/translate.ts';
import { createLogger } from './log/logger.ts';
import { FatalError, startBot, type RunningBot } from './main.ts';
import type { SandboxRuntime, SandboxServer } from './sandbox-runtime.ts';
import { StoreError } from './store/open.ts';
import { openStore, type Store } from './store/store.ts';

/**
 * The emulator half: built next to this module (dist/emulator/sandbox.js), or its
 * TypeScript source when the bot itself runs from source (tests).
 */
async function loadRuntime(): Promise<SandboxRuntime> {
  const built = new URL('./emulator/sandbox.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return ((await import(built.href)) as { runtime: SandboxRuntime }).runtime;
  const source = new URL('../emulator/sandbox/index.ts', import.meta.url);
  if (import.meta.url.endsWith('.ts') && existsSync(fileURLToPath(source))) {
    return ((await import(pathToFileURL(fileURLToPath(source)).href)) as { runtime: SandboxRuntime }).runtime;
  }
  throw new Error('the sandbox is not part of this build (dist/emulator/sandbox.js is missing); run `npm run build`');
}

/** Every per-user directory inside the sandbox's folder, so nothing touches the real ones. */
function sandboxDirs(dir: string): UserDirs {
  return { config: dir, data: dir, log: join(dir, 'log'), state: dir, runtime: dir };
}

/** Runs the sandbox until Ctrl-C; cli.ts has parsed the options. */
export async function runSandbox(options: SandboxOptions, io: CliIO): Promise<number> {
  const logger = createLogger({ verbosity: Math.min(options.verbose, 2) as 0 | 1 | 2, logDir: null, console: io.stderr });
  const out = (text: string): void => {
    io.stdout.write(`${text}\n`);
  };

  const keepDir = options.keep !== undefined ? resolve(io.cwd, options.keep) : null;
  let dir: string | null = null;
  let sandbox: SandboxServer | null = null;
  let store: Store | null = null;
  let bot: RunningBot | null = null;
  const signal = io.signals();
  try {
    if (keepDir) mkdirSync(keepDir, { recursive: true });
    dir = keepDir ?? mkdtempSync(join(tmpdir(), 'theticketbot-sandbox-'));
    const runtime = await loadRuntime();
    sandbox = await runtime.startSandbox({
      port: options.port,
      ...(options.locale !== undefined ? { locale: options.locale } : {}),
      ...(keepDir ? { worldFile: join(keepDir, 'world.json') } : {}),
    });
    logger.addSecret(sandbox.token);

    // The same loading as a normal run; a kept folder may hold a config.toml of its own.
    const dirs = sandboxDirs(dir);
    const configFile = join(dir, 'config.toml');
    const loaded: Config = existsSync(configFile) ? loadConfig(configFile, dirs, { cwd: dir }).config : defaultConfig(dirs, { cwd: dir });
    const config: Config = { ...loaded, discord: { ...loaded.discord, api_url: sandbox.apiUrl } };
    const key = config.db.key_template ? io.env.THETICKETBOT_DB_KEY ?? null : null;
    if (config.db.key_template && !key) throw new ConfigError(`${configFile} sets db.key_template: give the key in THETICKETBOT_DB_KEY.`);
    if (key) logger.addSecret(key);
    store = openStore({ path: config.db.path, pragmas: config.db.pragmas, keyTemplate: config.db.key_template, key });

    bot = await startBot({
      config,
      token: sandbox.token,
      store,
      logger,
      libraryLogger: (name) => logger.named(name),
      translator: loadTranslator(),
      syncMode: 'auto',
      announce: () => {},
      reloadConfig: () => config,
    });
    const fresh = sandbox.fresh;
    const seeded = bot.ready.then(async () => {
      if (fresh) await sandbox?.seedFirstInbox();
      return 'ready' as const;
    });
    seeded.catch(() => {});
    // Ctrl-C is heard while the bot starts and sets up the first inbox, too.
    const started = await Promise.race([seeded, signal]);
    if (started === 'ready') {
      out('');
      out('The sandbox is running. Open this address in your browser:');
      out('');
      out(`  ${sandbox.url}`);
      out('');
      out('It is a stand-in for Discord on this computer with the real bot connected to it; nothing goes to the internet.');
      out(keepDir ? `The server and the database are kept in ${keepDir}.` : 'Press Ctrl-C to stop; the server and the database are then removed.');
      const stop = await Promise.race([signal, bot.fatal]);
      logger.info(`Received ${stop}, stopping the sandbox.`);
    }
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) logger.error(`Configuration error: ${error.message}`);
    else if (error instanceof StoreError) logger.error(`Database error: ${error.message}`);
    else if (error instanceof FatalError) logger.error(error.message);
    else logger.error(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (bot) await bot.stop();
    store?.close();
    if (sandbox) {
      try {
        if (keepDir) sandbox.save();
      } catch (error) {
        logger.error(`Could not save the sandbox's server in ${keepDir}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await sandbox.close();
    }
    if (dir && !keepDir) rmSync(dir, { recursive: true, force: true });
    await logger.close();
  }
}
