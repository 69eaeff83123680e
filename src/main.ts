// Composition root and lifecycle. run() builds everything in order (logger, config,
// store, translations, then REST, the gateway, the state cache and the router through
// startBot), runs it until a signal or until Discord refuses us, and takes it down again.
// The command line (cli.ts) lends it the terminal: prompts, output, signals, and the
// wording and exit code of every failure.
import { existsSync, unlinkSync } from 'node:fs';
import { API } from '@discordjs/core';
import { DiscordAPIError, REST, RESTEvents, type RESTOptions } from '@discordjs/rest';
import { WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import { GatewayCloseCodes, GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import { configSecrets, defaultConfig, dumpConfig, findConfigFile, loadConfig, writeTokenConfig } from './config/load.ts';
import { userDirs, type UserDirs } from './config/paths.ts';
import { checkApiUrl, ConfigError, type Config } from './config/schema.ts';
import { envSecret } from './config/secret-env.ts';
import type { Deps } from './discord/deps.ts';
import { intentBits, PRIVILEGED_INTENTS } from './discord/intents.ts';
import { BotState } from './discord/state.ts';
import { commandsFingerprint, markSynced, needsSync, registerCommands, type CommandDefinition } from './discord/sync.ts';
import { handleEvent } from './discord/events/index.ts';
import { buildCommandDefinitions } from './discord/interactions.ts';
import { checkDispatch } from './discord/payloads.ts';
import { startHousekeeping, type Housekeeping } from './discord/schedule.ts';
import { httpRequest } from './discord/http-request.ts';
import { REQUEST_TIMEOUT_MS, withRequestPolicy } from './discord/rest-policy.ts';
import { createTicketRuntime } from './discord/ticket/runtime.ts';
import { PendingSelections } from './domain/selection.ts';
import { loadTranslator, type Translator } from './i18n/translate.ts';
import { createLogger, type Logger, type RootLogger } from './log/logger.ts';
import { openStore, type Store } from './store/store.ts';

/** Permissions in the invite link: View Channels, Send Messages, Embed Links, Attach Files, Create Private Threads, Send Messages in Threads. */
export const INVITE_PERMISSIONS = '343597435904';

export function inviteLink(applicationId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=bot&permissions=${INVITE_PERMISSIONS}`;
}

export type FatalReason = 'token-rejected' | 'disallowed-intents' | 'invalid-intents' | 'unreachable';

/** Something Discord said that no retry will fix; the CLI turns it into a message and an exit code. */
export class FatalError extends Error {
  readonly reason: FatalReason;
  constructor(reason: FatalReason, message: string) {
    super(message);
    this.name = 'FatalError';
    this.reason = reason;
  }
}

export type SyncMode = 'auto' | 'skip' | 'only';

export interface BotOptions {
  config: Config;
  token: string;
  store: Store;
  logger: Logger;
  /** Loggers for the Discord libraries (named `discord.*`, debug only with -vv). */
  libraryLogger: (name: string) => Logger;
  translator: Translator;
  syncMode: SyncMode;
  /** Prints a line for the person running the bot (invite link, ready). */
  announce: (line: string) => void;
  /** Re-reads the config file for the owner's `reload-config`. */
  reloadConfig: () => Config;
}

export interface Application {
  id: string;
  ownerIds: string[];
}

export interface RunningBot {
  deps: Deps;
  /** Settles once every guild from READY has arrived; rejects with a FatalError. */
  ready: Promise<void>;
  /** Rejects with a FatalError when Discord ends the session for good. */
  fatal: Promise<never>;
  stop(): Promise<void>;
}

function disallowedIntentsMessage(intents: number): string {
  const requested = PRIVILEGED_INTENTS.filter((p) => (intents & p.bit) !== 0);
  const lines = [
    'Discord refused a privileged gateway intent that is not enabled for this application (close code 4014).',
  ];
  for (const p of requested) {
    lines.push(
      `  - ${p.portalName}: enable it in the Discord Developer Portal (Applications → your app → Bot → Privileged Gateway Intents), or set ${p.configKey} = false in config.toml.`,
    );
  }
  return lines.join('\n');
}

export async function login(rest: REST): Promise<Application> {
  const api = new API(rest);
  try {
    const app = await api.applications.getCurrent();
    const ownerIds = app.team ? app.team.members.map((m) => m.user.id) : app.owner ? [app.owner.id] : [];
    return { id: app.id, ownerIds };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new FatalError('token-rejected', 'The token was rejected by Discord (401 Unauthorized).');
    }
    throw error;
  }
}

export function createRest(config: Config, token: string, log: Logger, options: Partial<RESTOptions> = {}): REST {
  const rest = new REST({
    api: config.discord.api_url,
    version: '10',
    timeout: REQUEST_TIMEOUT_MS,
    makeRequest: withRequestPolicy(httpRequest),
    ...options,
  }).setToken(token);
  rest.on(RESTEvents.Debug, (message) => log.debug(message));
  rest.on(RESTEvents.RateLimited, (info) =>
    log.debug('rate limited', { route: info.route, retryAfter: info.retryAfter, global: info.global, scope: info.scope }),
  );
  return rest;
}

/** Registers commands when asked to or when their definitions changed since the last registration. */
export async function syncIfNeeded(
  rest: REST,
  app: Application,
  store: Store,
  definitions: readonly CommandDefinition[],
  mode: SyncMode,
  logger: Logger,
): Promise<boolean> {
  const fingerprint = commandsFingerprint(app.id, definitions);
  if (mode === 'skip') {
    markSynced(store.settings, fingerprint);
    logger.info('Skipping command synchronisation (--no-sync); the current command set is marked as synchronised.');
    return false;
  }
  if (mode === 'auto' && !needsSync(store.settings, fingerprint)) {
    logger.debug('Application commands unchanged; not synchronising.');
    return false;
  }
  const registered = await registerCommands(rest, app.id, definitions);
  markSynced(store.settings, fingerprint);
  logger.info(`Synchronised ${registered.length} application commands.`);
  return true;
}

/** Logs in, prints the invite link and registers the commands as `mode` says. */
async function loginAndSync(
  rest: REST,
  store: Store,
  translator: Translator,
  mode: SyncMode,
  announce: (line: string) => void,
  logger: Logger,
): Promise<{ app: Application; definitions: CommandDefinition[] }> {
  const app = await login(rest);
  announce(`Invite link: ${inviteLink(app.id)}`);
  const definitions = buildCommandDefinitions(translator);
  await syncIfNeeded(rest, app, store, definitions, mode, logger);
  return { app, definitions };
}

/** REST, the gateway, the state cache and the router, on a loaded config and an open store. */
export async function startBot(opts: BotOptions): Promise<RunningBot> {
  const { config, token, store, translator } = opts;
  const logger = opts.logger;
  const rest = createRest(config, token, opts.libraryLogger('discord.rest'));
  // No proactive global limit for interaction endpoints (Discord exempts them); their
  // per-interaction buckets still apply.
  const interactionRest = createRest(config, token, opts.libraryLogger('discord.rest'), { globalRequestsPerSecond: Number.MAX_SAFE_INTEGER });
  const { app, definitions } = await loginAndSync(rest, store, translator, opts.syncMode, opts.announce, logger);

  const intents = intentBits(config.bot.intents);
  const gateway = new WebSocketManager({ token, intents, rest });
  const state = new BotState();
  const deps: Deps = {
    config: { current: config },
    logger,
    store,
    i18n: translator,
    rest,
    api: new API(rest),
    interactionRest,
    interactions: new API(interactionRest).interactions,
    state,
    app,
    definitions,
    reloadConfig: opts.reloadConfig,
    selections: new PendingSelections(),
    tickets: createTicketRuntime(),
  };

  let rejectFatal!: (error: FatalError) => void;
  const fatal = new Promise<never>((_, reject) => {
    rejectFatal = reject;
  });
  fatal.catch(() => {});

  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  let isReady = false;
  // A READY after the first one is a new session (INVALID_SESSION, or a resume that came
  // too late): what happened in between was never sent, so reconcile again once its
  // guilds are in.
  let catchingUp = false;
  let housekeeping: Housekeeping | null = null;
  const checkReady = (): void => {
    if (!state.botUserId || state.pendingGuilds.size > 0) return;
    if (!isReady) {
      isReady = true;
      const counts = state.counts();
      logger.info(`Ready: ${counts.guilds} guilds, ${counts.channels} channels cached.`);
      resolveReady();
      housekeeping = startHousekeeping(deps);
    } else if (catchingUp) {
      catchingUp = false;
      logger.info('New gateway session ready; catching up on what happened in between.');
      housekeeping?.catchUp();
    }
  };

  const gwLog = opts.libraryLogger('discord.gateway');
  gateway.on(WebSocketShardEvents.Debug, (message) => gwLog.debug(message));
  gateway.on(WebSocketShardEvents.Error, (error) => gwLog.debug('gateway error', { err: error }));
  gateway.on(WebSocketShardEvents.Resumed, () => logger.info('Gateway session resumed.'));
  gateway.on(WebSocketShardEvents.Closed, (code) => {
    if (code === GatewayCloseCodes.AuthenticationFailed) {
      rejectFatal(new FatalError('token-rejected', 'The token was rejected by Discord (gateway close code 4004).'));
    } else if (code === GatewayCloseCodes.DisallowedIntents) {
      rejectFatal(new FatalError('disallowed-intents', disallowedIntentsMessage(intents)));
    } else if (code === GatewayCloseCodes.InvalidIntents) {
      rejectFatal(new FatalError('invalid-intents', 'Discord rejected the configured intents as invalid (close code 4013); check the [bot.intents] table.'));
    } else {
      gwLog.debug(`gateway closed with code ${code}`);
    }
  });
  gateway.on(WebSocketShardEvents.Dispatch, (payload: GatewayDispatchPayload) => {
    // Nothing reaches the cache or a handler without passing the door (payloads.ts).
    const verdict = checkDispatch(payload);
    if (verdict.kind !== 'ok') {
      const fields = { event: payload.t as unknown, seq: payload.s as unknown };
      if (verdict.kind === 'unknown') logger.debug('Ignoring an unknown gateway event', fields);
      else logger.warn('Ignoring a malformed gateway event', { ...fields, problem: verdict.problem });
      return;
    }
    try {
      state.apply(payload);
    } catch (error) {
      logger.warn('Ignoring a gateway event the state could not apply', { event: payload.t, err: error });
    }
    if (payload.t === GatewayDispatchEvents.Ready && isReady) catchingUp = true;
    if ((!isReady || catchingUp) && (payload.t === GatewayDispatchEvents.Ready || payload.t === GatewayDispatchEvents.GuildCreate)) {
      checkReady();
    }
    handleEvent(deps, payload).catch((error: unknown) => {
      logger.error(`Handling ${payload.t} failed`, { err: error });
    });
  });

  try {
    // A fatal close (4004, 4014) can end the handshake before connect() settles.
    await Promise.race([gateway.connect(), fatal]);
  } catch (error) {
    await Promise.resolve(gateway.destroy()).catch(() => {});
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new FatalError('token-rejected', 'The token was rejected by Discord (401 Unauthorized).');
    }
    throw error;
  }

  let stopped = false;
  return {
    deps,
    ready: Promise.race([ready, fatal]),
    fatal,
    async stop() {
      if (stopped) return;
      stopped = true;
      housekeeping?.stop();
      await Promise.resolve(gateway.destroy({ reason: 'shutting down' })).catch((error: unknown) => logger.debug('gateway destroy failed', { err: error }));
    },
  };
}

/** What the person running the bot asked for (from the command line). */
export interface RunRequest {
  /** 'run' until a signal; 'sync' registers the commands and stops; 'dump-config' prints the effective configuration. */
  task: 'run' | 'sync' | 'dump-config';
  /** For 'run': 'skip' marks the command set as synchronised without registering it. */
  sync: 'auto' | 'skip';
  verbosity: 0 | 1 | 2;
  /** An explicit config file (it must exist). */
  configFile?: string;
}

/** What the command line lends the bot: where it runs, the terminal, the signals, and the words for failures. */
export interface Host {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  uid?: number;
  cwd: string;
  /** Log lines and notices for the person running the bot (stderr). */
  console: NodeJS.WritableStream;
  /** Prints a line of output (stdout). */
  announce(line: string): void;
  /** First run, no THETICKETBOT_TOKEN: the token for the new config file at `path`. */
  askToken(path: string): Promise<string>;
  /** db.key_template is set and THETICKETBOT_DB_KEY is not: the database key, or null. */
  askDatabaseKey(): Promise<string | null>;
  /** Resolves with the signal's name on SIGINT or SIGTERM. */
  signals(): Promise<string>;
  /** Logs what went wrong in the command line's words; returns the exit code. */
  failed(error: unknown, log: Logger): number;
}

export type SetupProblem = 'no-config' | 'no-token' | 'no-database-key';

/** Something missing before the bot can start; the command line words it. */
export class SetupError extends Error {
  readonly problem: SetupProblem;
  /** The config directory ('no-config') or the config file ('no-token'). */
  readonly path: string;
  constructor(problem: SetupProblem, path = '') {
    super(problem);
    this.name = 'SetupError';
    this.problem = problem;
    this.path = path;
  }
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

interface Settings {
  config: Config;
  configPath: string;
  token: string;
  /** This run wrote the config file (first run). */
  wroteConfig: boolean;
}

/** The config file, or on a first run a new one with the token asked for (or taken from the environment). */
async function loadSettings(found: string | null, dirs: UserDirs, host: Host, logger: RootLogger, envToken: string | undefined): Promise<Settings> {
  if (found) {
    const loaded = loadConfig(found, dirs);
    const config = applyEnv(loaded.config, host.env);
    for (const notice of loaded.notices) logger.info(notice);
    for (const secret of configSecrets(config)) logger.addSecret(secret);
    const token = envToken ?? config.bot.token;
    if (!token) throw new SetupError('no-token', found);
    return { config, configPath: found, token, wroteConfig: false };
  }
  const configPath = `${dirs.config}${host.platform === 'win32' ? '\\' : '/'}config.toml`;
  const config = applyEnv(defaultConfig(dirs), host.env);
  let token: string;
  if (envToken) {
    // A token given through the environment stays there; the file gets the rest.
    token = envToken;
    writeTokenConfig(configPath, '');
  } else {
    token = await host.askToken(configPath);
    logger.addSecret(token);
    writeTokenConfig(configPath, token);
  }
  host.console.write(`Wrote ${configPath}\n`);
  return { config, configPath, token, wroteConfig: true };
}

/** Opens the database, with its key when the config asks for one. */
async function openConfiguredStore(config: Config, host: Host, logger: RootLogger, envKey: string | undefined): Promise<Store> {
  let key: string | null = null;
  if (config.db.key_template) {
    key = envKey ?? (await host.askDatabaseKey());
    if (!key) throw new SetupError('no-database-key');
    logger.addSecret(key);
  }
  return openStore({ path: config.db.path, pragmas: config.db.pragmas, keyTemplate: config.db.key_template, key });
}

/** A failure that means the token in a config file this run wrote is no good. */
function tokenProblem(error: unknown): boolean {
  return (error instanceof FatalError && error.reason === 'token-rejected') || (error instanceof SetupError && error.problem === 'no-token');
}

/**
 * Does what was asked, start to finish. Returns 0, or the exit code `host.failed` chose
 * for what went wrong. Everything built here is taken down before it returns.
 */
export async function run(request: RunRequest, host: Host): Promise<number> {
  const dirs = userDirs(host.platform, host.env, host.home, host.uid);
  const logger = createLogger({ verbosity: request.verbosity, logDir: dirs.log, console: host.console });
  let store: Store | null = null;
  let bot: RunningBot | null = null;
  let wroteConfig: string | null = null;
  try {
    const envToken = envSecret(host.env, 'THETICKETBOT_TOKEN')?.value;
    const envKey = envSecret(host.env, 'THETICKETBOT_DB_KEY', { trim: false })?.value;
    if (envToken) logger.addSecret(envToken);
    if (envKey) logger.addSecret(envKey);
    const found = findConfigFile({ explicit: request.configFile, dirs, cwd: host.cwd });
    if (found.warning) logger.warn(found.warning);

    if (request.task === 'dump-config') {
      if (!found.path) throw new SetupError('no-config', dirs.config);
      const config = applyEnv(loadConfig(found.path, dirs).config, host.env);
      host.announce(found.path);
      host.announce(dumpConfig(config));
      return 0;
    }

    const settings = await loadSettings(found.path, dirs, host, logger, envToken);
    if (settings.wroteConfig) wroteConfig = settings.configPath;
    const { config, configPath, token } = settings;
    store = await openConfiguredStore(config, host, logger, envKey);
    const translator = loadTranslator();

    if (request.task === 'sync') {
      const rest = createRest(config, token, logger.named('discord.rest'));
      await loginAndSync(rest, store, translator, 'only', host.announce, logger);
      wroteConfig = null;
      return 0;
    }

    bot = await startBot({
      config,
      token,
      store,
      logger,
      libraryLogger: (name) => logger.named(name),
      translator,
      syncMode: request.sync,
      announce: host.announce,
      reloadConfig: () => applyEnv(loadConfig(configPath, dirs).config, host.env),
    });
    const signal = host.signals();
    const outcome = await Promise.race([bot.ready.then(() => 'ready' as const), signal]);
    if (outcome === 'ready') {
      wroteConfig = null;
      host.announce('Ready.');
      const stopSignal = await Promise.race([signal, bot.fatal]);
      logger.info(`Received ${stopSignal}, shutting down.`);
    } else {
      logger.info(`Received ${outcome}, shutting down.`);
    }
    return 0;
  } catch (error) {
    const code = host.failed(error, logger);
    if (wroteConfig && tokenProblem(error)) {
      try {
        if (existsSync(wroteConfig)) unlinkSync(wroteConfig);
        host.console.write(`Removed ${wroteConfig} so the next run asks for the token again.\n`);
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
}
