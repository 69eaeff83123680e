// The command line: arguments, config lookup, secrets, exit codes. Every expected
// failure ends here as a sentence on stderr and a non-zero exit code, never a stack.
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { configSecrets, findConfigFile, loadConfig, defaultConfig, dumpConfig, writeTokenConfig } from './config/load.ts';
import { userDirs, type UserDirs } from './config/paths.ts';
import { envSecret } from './config/secret-env.ts';
import { checkApiUrl, ConfigError, type Config } from './config/schema.ts';
import { loadTranslator } from './i18n/translate.ts';
import { createLogger, type RootLogger } from './log/logger.ts';
import { createRest, FatalError, inviteLink, login, startBot, syncIfNeeded, type RunningBot, type SyncMode } from './main.ts';
import { buildCommandDefinitions } from './discord/commands/index.ts';
import { LineReader, looksLikeToken, promptHidden, PromptCancelled, type Input } from './prompt.ts';
import { openStore, StoreError } from './store/open.ts';
import type { Store } from './store/store.ts';

export const EXIT = {
  ok: 0,
  /** Bad arguments or configuration. */
  config: 1,
  /** No token anywhere. */
  noToken: 2,
  /** Discord rejected the token (REST 401 or gateway 4004). */
  tokenRejected: 3,
  /** A privileged intent is not enabled in the developer portal (4014), or invalid intents (4013). */
  intents: 4,
  /** The database could not be opened. */
  database: 5,
  /** Discord could not be reached or answered something unexpected. */
  discord: 6,
  /** Ctrl-C at a prompt. */
  cancelled: 130,
} as const;

const TOKEN_HELP =
  'Create a bot and copy its token at https://discord.com/developers/applications (your application → Bot → Reset Token).';

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export interface CliIO {
  stdin: Input;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  cwd: string;
  platform: NodeJS.Platform;
  home: string;
  uid?: number;
  /** Resolves when SIGINT or SIGTERM arrives. */
  signals: () => Promise<string>;
}

function defaultIO(): CliIO {
  return {
    stdin: process.stdin as Input,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    platform: process.platform,
    home: homedir(),
    uid: process.platform === 'win32' ? undefined : userInfo().uid,
    signals: () =>
      new Promise((resolve) => {
        const on = (signal: string): void => {
          process.off('SIGINT', on);
          process.off('SIGTERM', on);
          resolve(signal);
        };
        process.on('SIGINT', on);
        process.on('SIGTERM', on);
      }),
  };
}

class CliExit extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

interface Options {
  verbose: number;
  configFile?: string;
  sync?: boolean;
  dumpConfig?: boolean;
}

function parseArgs(argv: string[], io: CliIO): Options | number {
  const program = new Command('theticketbot')
    .description('A self-hosted Discord bot that runs tickets on private channel threads.')
    .version(readVersion(), '-V, --version', 'print the version and exit')
    .addOption(
      new Option('-v, --verbose', 'more logging: -v for the bot, -vv for everything').argParser(
        (_v: string, previous: number) => previous + 1,
      ).default(0),
    )
    .option('--config-file <path>', 'use this config file (it must exist)')
    .option('--sync', 'log in, synchronise application commands, print the invite link and exit')
    .option('--no-sync', 'do not synchronise application commands at startup')
    .option('--dump-config', 'print the config file path and the effective configuration, then exit')
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  // --sync and --no-sync share one attribute in commander; check exclusivity on argv.
  const args = argv.slice(2);
  const exclusive = ['--sync', '--no-sync', '--dump-config'].filter((flag) => args.includes(flag));
  if (exclusive.length > 1) {
    io.stderr.write(`error: ${exclusive.join(' and ')} cannot be used together\n`);
    return EXIT.config;
  }
  try {
    program.parse(argv);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return typeof code === 'number' ? (code === 0 ? EXIT.ok : EXIT.config) : EXIT.config;
  }
  const raw = program.opts<{ verbose: number; configFile?: string; sync?: boolean; dumpConfig?: boolean }>();
  return {
    verbose: raw.verbose,
    ...(raw.configFile !== undefined ? { configFile: raw.configFile } : {}),
    ...(args.includes('--sync') ? { sync: true } : args.includes('--no-sync') ? { sync: false } : {}),
    ...(raw.dumpConfig ? { dumpConfig: true } : {}),
  };
}

/** THETICKETBOT_API_URL overrides discord.api_url (containers, a local sandbox). */
function applyEnv(config: Config, env: Record<string, string | undefined>): Config {
  const url = env.THETICKETBOT_API_URL?.trim();
  if (!url) return config;
  // The same rule as discord.api_url: a URL that only fails once a request is made would
  // end as "Could not connect to Discord" (exit 6) with a stack trace.
  const checked = checkApiUrl(url);
  if (!checked.ok) throw new ConfigError(`THETICKETBOT_API_URL: ${checked.problem}`);
  return { ...config, discord: { ...config.discord, api_url: checked.value } };
}

function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text + '\n');
}

/** Reads a secret: hidden prompt on a terminal, else one line of stdin. Never blocks on a missing terminal. */
async function readSecret(io: CliIO, lines: LineReader, question: string): Promise<string | null> {
  if (io.stdin.isTTY) return promptHidden(question, io.stdin, io.stderr);
  const value = await lines.readLine();
  return value === null ? null : value.trim();
}

async function firstRunToken(io: CliIO, lines: LineReader, path: string): Promise<string> {
  line(io.stderr, `No config file found. One will be written to ${path}`);
  line(io.stderr, TOKEN_HELP);
  for (;;) {
    const token = await readSecret(io, lines, 'Bot token (input hidden): ');
    if (token === null || token === '') {
      throw new CliExit(EXIT.noToken, `No bot token was given. ${TOKEN_HELP} Then run theticketbot again, or set THETICKETBOT_TOKEN.`);
    }
    if (looksLikeToken(token)) return token;
    if (!io.stdin.isTTY) {
      throw new CliExit(EXIT.noToken, 'That does not look like a bot token (it should be three parts separated by dots).');
    }
    line(io.stderr, 'That does not look like a bot token (it should be three parts separated by dots). Try again.');
  }
}

function dbErrorExit(error: StoreError): CliExit {
  return new CliExit(EXIT.database, `Database error: ${error.message}`);
}

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const parsed = parseArgs(argv, io);
  if (typeof parsed === 'number') return parsed;
  const options = parsed;
  const dirs: UserDirs = userDirs(io.platform, io.env, io.home, io.uid);
  const logger = createLogger({
    verbosity: Math.min(options.verbose, 2) as 0 | 1 | 2,
    logDir: dirs.log,
    console: io.stderr,
  });
  let store: Store | null = null;
  let bot: RunningBot | null = null;
  let wroteConfig: string | null = null;
  try {
    const envToken = envSecret(io.env, 'THETICKETBOT_TOKEN')?.value;
    const envKey = envSecret(io.env, 'THETICKETBOT_DB_KEY', { trim: false })?.value;
    if (envToken) logger.addSecret(envToken);
    if (envKey) logger.addSecret(envKey);
    const found = findConfigFile({ explicit: options.configFile, dirs, cwd: io.cwd });
    if (found.warning) logger.warn(found.warning);

    if (options.dumpConfig) {
      if (!found.path) {
        throw new CliExit(
          EXIT.config,
          `No config file found. Expected ${dirs.config}/config.toml (or ./config.toml). Run theticketbot once to create it, or pass --config-file.`,
        );
      }
      const config = applyEnv(loadConfig(found.path, dirs).config, io.env);
      line(io.stdout, found.path);
      line(io.stdout, dumpConfig(config));
      return EXIT.ok;
    }

    const lines = new LineReader(io.stdin);
    let configPath = found.path;
    let config: Config;
    let token: string;
    if (configPath) {
      const loaded = loadConfig(configPath, dirs);
      config = applyEnv(loaded.config, io.env);
      for (const notice of loaded.notices) logger.info(notice);
      for (const secret of configSecrets(config)) logger.addSecret(secret);
      token = envToken ?? config.bot.token;
      if (!token) {
        throw new CliExit(
          EXIT.noToken,
          `No bot token. ${TOKEN_HELP} Put it in ${configPath} as:\n  [bot]\n  token = "…"\nor set the THETICKETBOT_TOKEN environment variable (or THETICKETBOT_TOKEN_FILE to a file holding it).`,
        );
      }
    } else {
      configPath = `${dirs.config}${io.platform === 'win32' ? '\\' : '/'}config.toml`;
      config = applyEnv(defaultConfig(dirs), io.env);
      if (envToken) {
        // A token given through the environment stays there; the file gets the rest.
        token = envToken;
        writeTokenConfig(configPath, '');
      } else {
        token = await firstRunToken(io, lines, configPath);
        logger.addSecret(token);
        writeTokenConfig(configPath, token);
      }
      wroteConfig = configPath;
      line(io.stderr, `Wrote ${configPath}`);
    }

    let key: string | null = null;
    if (config.db.key_template) {
      key = envKey ?? (await readSecret(io, lines, 'Database key (input hidden): '));
      if (!key) {
        throw new CliExit(
          EXIT.database,
          'db.key_template is set, so the database key is needed: type it at the prompt, set THETICKETBOT_DB_KEY (or THETICKETBOT_DB_KEY_FILE), or pipe it as one line on stdin.',
        );
      }
      logger.addSecret(key);
    }

    try {
      store = openStore({ path: config.db.path, pragmas: config.db.pragmas, keyTemplate: config.db.key_template, key });
    } catch (error) {
      if (error instanceof StoreError) throw dbErrorExit(error);
      throw error;
    }

    const translator = loadTranslator();
    const announce = (text: string): void => line(io.stdout, text);
    const currentPath = configPath;
    const reloadConfig = (): Config => applyEnv(loadConfig(currentPath, dirs).config, io.env);

    if (options.sync === true) {
      const rest = createRest(config, token, logger.named('discord.rest'));
      const app = await login(rest);
      announce(`Invite link: ${inviteLink(app.id)}`);
      await syncIfNeeded(rest, app, store, buildCommandDefinitions(translator), 'only', logger);
      wroteConfig = null;
      return EXIT.ok;
    }

    const syncMode: SyncMode = options.sync === false ? 'skip' : 'auto';
    const libraryLogger = (name: string) => logger.named(name);
    bot = await startBot({ config, token, store, logger, libraryLogger, translator, syncMode, announce, reloadConfig });
    const signal = io.signals();
    const outcome = await Promise.race([bot.ready.then(() => 'ready' as const), signal]);
    if (outcome === 'ready') {
      wroteConfig = null;
      announce('Ready.');
      const stopSignal = await Promise.race([signal, bot.fatal]);
      logger.info(`Received ${stopSignal}, shutting down.`);
    } else {
      logger.info(`Received ${outcome}, shutting down.`);
    }
    return EXIT.ok;
  } catch (error) {
    const code = exitFor(error, logger);
    if (wroteConfig && (code === EXIT.tokenRejected || code === EXIT.noToken)) {
      try {
        if (existsSync(wroteConfig)) unlinkSync(wroteConfig);
        line(io.stderr, `Removed ${wroteConfig} so the next run asks for the token again.`);
      } catch {
        // Nothing more to do: the message above already explains the failure.
      }
    }
    return code;
  } finally {
    if (bot) await bot.stop();
    store?.close();
    await logger.close();
  }

  function exitFor(error: unknown, log: RootLogger): number {
    if (error instanceof CliExit) {
      log.error(error.message);
      return error.code;
    }
    if (error instanceof PromptCancelled) return EXIT.cancelled;
    if (error instanceof ConfigError) {
      log.error(`Configuration error: ${error.message}`);
      return EXIT.config;
    }
    if (error instanceof StoreError) {
      log.error(dbErrorExit(error).message);
      return EXIT.database;
    }
    if (error instanceof FatalError) {
      if (error.reason === 'token-rejected') {
        log.error(`${error.message} The token was rejected: check it, or reset it in the developer portal. ${TOKEN_HELP}`);
        return EXIT.tokenRejected;
      }
      log.error(error.message);
      return error.reason === 'unreachable' ? EXIT.discord : EXIT.intents;
    }
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Could not connect to Discord: ${message}`, { err: error });
    return EXIT.discord;
  }
}
