// Composition root and lifecycle. run() builds everything in order (logger, config,
// store, translations, then REST, the gateway, the state cache and the router through
// startBot), runs it until a signal or until Discord refuses us, and takes it down again.
// The command line (cli.ts) lends it the terminal: prompts, output, signals, and the
// wording and exit code of every failure.
import { existsSync, unlinkSync } from 'node:fs';
import { API } from '@discordjs/core';
import { DiscordAPIError, REST, RESTEvents, type RESTOptions } from '@discordjs/rest';
import {
  SimpleShardingStrategy,
  WebSocketManager,
  type WebSocketShard,
  WebSocketShardDestroyRecovery,
  WebSocketShardEvents,
  WebSocketShardStatus,
} from '@discordjs/ws';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  TeamMemberMembershipState,
  TeamMemberRole,
  type APITeam,
  type GatewayDispatchPayload,
} from 'discord-api-types/v10';
import { configSecrets, dbUrlPassword, defaultConfig, dumpConfig, findConfigFile, loadConfig, writeTokenConfig } from './config/load.ts';
import { userDirs, type UserDirs } from './config/paths.ts';
import { checkApiUrl, checkDbUrl, ConfigError, redactDbUrl, metricsFromEnv, type Config } from './config/schema.ts';
import { envSecret } from './config/secret-env.ts';
import type { Deps } from './discord/deps.ts';
import { intentBits, PRIVILEGED_INTENTS } from './discord/intents.ts';
import { BotState } from './discord/state.ts';
import { commandsFingerprint, markSynced, needsSync, registerCommands, type CommandDefinition } from './discord/sync.ts';
import { handleEvent } from './discord/events/index.ts';
import { buildCommandDefinitions } from './discord/interactions.ts';
import { checkDispatch } from './discord/payloads.ts';
import { unreachableMessage } from './discord/unreachable.ts';
import { writeWhenFree } from './discord/patient-write.ts';
import { IdentifyThrottler, ShardLifecycle } from './discord/gateway.ts';
import { realTimers, startHousekeeping, type Timers } from './discord/schedule.ts';
import { httpRequest } from './discord/http-request.ts';
import { failLongRenameWaits, REQUEST_TIMEOUT_MS, withRequestPolicy } from './discord/rest-policy.ts';
import { INTERACTION_MEMORY_MAX, INTERACTION_MEMORY_MS } from './discord/router.ts';
import { createTicketRuntime, stopTicketRuntime } from './discord/ticket/runtime.ts';
import { RecentIds } from './domain/recent-ids.ts';
import { PendingSelections } from './store/selections.ts';
import { loadTranslator, type Translator } from './i18n/translate.ts';
import { createLogger, type Logger, type RootLogger } from './log/logger.ts';
import { startOps, type BotOps, type Ops } from './ops/start.ts';
import { NO_RECORDER } from './ops/recorder.ts';
import { installProcessPolicy } from './process-policy.ts';
import { takeIdentifyWindow } from './store/coordination.ts';
import { openStore, type Store } from './store/store.ts';
import { StoreError } from './store/errors.ts';

/** "1 guild", "2 guilds": log lines are English. */
function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Permissions in the invite link: View Channels, Send Messages, Embed Links, Attach Files, Read Message History, Create Private Threads, Send Messages in Threads. */
export const INVITE_PERMISSIONS = '343597501440';

export function inviteLink(applicationId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=bot&permissions=${INVITE_PERMISSIONS}`;
}

export type FatalReason = 'token-rejected' | 'disallowed-intents' | 'invalid-intents' | 'unreachable' | 'sharding';

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
  /** Metrics and readiness (ops/start.ts); without it nothing is counted. */
  ops?: BotOps;
  /** Called once Discord has accepted the token. */
  loggedIn?: () => void;
  /** Timers and clock of what the bot does by itself (the weekly clean-up, the wait for guilds after READY). */
  timers?: Timers;
  clock?: () => number;
  /** How long a shard waits for the next of its guilds after READY (default GUILD_WAIT_MS). */
  guildWaitMs?: number;
}

export interface Application {
  id: string;
  ownerIds: string[];
}

export interface RunningBot {
  deps: Deps;
  /** Settles once every shard's guilds from READY are in (or given up waiting for); rejects with a FatalError. */
  ready: Promise<void>;
  /** Rejects with a FatalError when Discord ends the session for good. */
  fatal: Promise<never>;
  /** Reconnects the gateway after an error nobody handled (see process-policy.ts). */
  recover(reason: string): void;
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

/**
 * Who owns a team-owned application, as far as the owner-only commands go: the team's
 * owner first, then its admins and developers who accepted their invitation. Read-only
 * members and pending invitations do not count ("Teams — Team Member Role Types").
 */
export function teamOwnerIds(team: APITeam): string[] {
  const members = team.members
    .filter((m) => m.membership_state === TeamMemberMembershipState.Accepted && (m.role === TeamMemberRole.Admin || m.role === TeamMemberRole.Developer))
    .map((m) => m.user.id);
  return [...new Set([team.owner_user_id, ...members])];
}

export async function login(rest: REST): Promise<Application> {
  const api = new API(rest);
  try {
    const app = await api.applications.getCurrent();
    const ownerIds = app.team ? teamOwnerIds(app.team) : app.owner ? [app.owner.id] : [];
    return { id: app.id, ownerIds };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new FatalError('token-rejected', 'The token was rejected by Discord (401 Unauthorized).');
    }
    const unreachable = unreachableMessage(error, rest.options.api);
    if (unreachable !== null) throw new FatalError('unreachable', unreachable);
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
  // Recorded once another program's lock on the database (a backup) is gone, like every write.
  const record = (): Promise<void> => writeWhenFree({ store, logger }, () => markSynced(store.settings, fingerprint));
  if (mode === 'skip') {
    await record();
    logger.info('Skipping command synchronisation (--no-sync); the current command set is marked as synchronised.');
    return false;
  }
  if (mode === 'auto' && !(await needsSync(store.settings, fingerprint))) {
    logger.debug('Application commands unchanged; not synchronising.');
    return false;
  }
  const registered = await registerCommands(rest, app.id, definitions);
  await record();
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
  loggedIn: () => void = () => {},
): Promise<{ app: Application; definitions: CommandDefinition[] }> {
  const app = await login(rest);
  loggedIn();
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
  // Renames wait for nobody: a long 429 becomes an answer with the seconds to wait.
  const renameRest = createRest(config, token, opts.libraryLogger('discord.rest'), { rejectOnRateLimit: failLongRenameWaits });
  opts.ops?.watchRest([rest, interactionRest, renameRest]);
  const { app, definitions } = await loginAndSync(rest, store, translator, opts.syncMode, opts.announce, logger, opts.loggedIn);

  const intents = intentBits(config.bot.intents);
  let strategy: SimpleShardingStrategy | null = null;
  const gateway = new WebSocketManager({
    token,
    intents,
    rest,
    // 0 and [] in the config: Discord's recommended count, every shard in this process.
    shardCount: config.discord.shard_count > 0 ? config.discord.shard_count : null,
    shardIds: config.discord.shard_ids.length > 0 ? config.discord.shard_ids : null,
    buildIdentifyThrottler: async (manager) =>
      new IdentifyThrottler((await manager.fetchGatewayInformation()).session_start_limit.max_concurrency, {
        // PostgreSQL: the windows of the whole bot, whichever process runs which shards.
        // SQLite serves one host, as a rule one process: its in-process windows suffice.
        ...(store.db.dialect === 'postgres'
          ? {
              shared: { take: (key: number, windowMs: number) => takeIdentifyWindow(store.db, key, windowMs) },
              onSharedError: (error: unknown) => logger.warn('Could not take the IDENTIFY window from the database; trying again in a second', { err: error }),
            }
          : {}),
      }),
    buildStrategy: (manager) => (strategy = new SimpleShardingStrategy(manager)),
  });
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
    renameRest,
    state,
    app,
    definitions,
    reloadConfig: opts.reloadConfig,
    selections: new PendingSelections(opts.store.db),
    interactionsSeen: new RecentIds({ max: INTERACTION_MEMORY_MAX, ttlMs: INTERACTION_MEMORY_MS }),
    tickets: createTicketRuntime(),
    metrics: opts.ops?.recorder ?? NO_RECORDER,
  };
  const health = opts.ops?.health ?? null;
  opts.ops?.watchGateway(gateway, state);

  let rejectFatal!: (error: FatalError) => void;
  const fatal = new Promise<never>((_, reject) => {
    rejectFatal = reject;
  });
  fatal.catch(() => {});

  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const timers = opts.timers ?? realTimers;
  const housekeeping = startHousekeeping(deps, opts.clock, timers);
  const guildsOfShard = (shardId: number): string[] => [...state.guilds.keys()].filter((id) => state.shardOf(id) === shardId);
  const lifecycle = new ShardLifecycle({
    state,
    logger,
    timers,
    ...(opts.guildWaitMs !== undefined ? { guildWaitMs: opts.guildWaitMs } : {}),
    onShardIn(shardId, first) {
      health?.shardReady(shardId, true);
      // With one shard the log reads as it always did.
      const scope = state.shardCount > 1 ? ` (shard ${shardId} of ${state.shardCount})` : '';
      // A READY after the first one is a new session (INVALID_SESSION, or a resume that
      // came too late): what happened in between was never sent, so catch up again.
      if (!first) logger.info(`New gateway session ready${scope}; catching up on what happened in between.`);
      void housekeeping.catchUp(first ? 'Startup reconciliation' : 'Reconciliation after a new gateway session', guildsOfShard(shardId), scope);
    },
    onAllIn() {
      const counts = state.counts();
      logger.info(`Ready: ${countOf(counts.guilds, 'guild')}, ${countOf(counts.channels, 'channel')} cached.`);
      const unavailable = state.pendingGuilds.size;
      if (unavailable > 0) {
        logger.warn(
          `${unavailable} guild${unavailable === 1 ? ' is' : 's are'} unavailable (an outage, or ${unavailable === 1 ? 'it' : 'they'} did not arrive in time): ${unavailable === 1 ? 'its' : 'their'} tickets and inboxes are kept, and ${unavailable === 1 ? 'it is' : 'each is'} caught up on arrival.`,
        );
      }
      resolveReady();
    },
    onLateGuild(guildId) {
      void housekeeping.catchUp('Reconciliation', [guildId], ` (guild ${guildId}, which arrived after its shard was ready)`);
    },
  });

  let shardingFatal: Promise<FatalError> | null = null;
  const gwLog = opts.libraryLogger('discord.gateway');
  gateway.on(WebSocketShardEvents.Debug, (message, shardId) => gwLog.debug(message, { shard: shardId }));
  gateway.on(WebSocketShardEvents.Error, (error, shardId) => gwLog.debug('gateway error', { shard: shardId, err: error }));
  gateway.on(WebSocketShardEvents.Resumed, (shardId) => {
    lifecycle.resumed(shardId);
    health?.shardReady(shardId, state.isShardComplete(shardId));
    logger.info(state.shardCount > 1 ? `Gateway session of shard ${shardId} resumed.` : 'Gateway session resumed.');
  });
  gateway.on(WebSocketShardEvents.Closed, (code, shardId) => {
    lifecycle.closed(shardId);
    health?.shardReady(shardId, false);
    if (code === GatewayCloseCodes.AuthenticationFailed) {
      rejectFatal(new FatalError('token-rejected', 'The token was rejected by Discord (gateway close code 4004).'));
    } else if (code === GatewayCloseCodes.DisallowedIntents) {
      rejectFatal(new FatalError('disallowed-intents', disallowedIntentsMessage(intents)));
    } else if (code === GatewayCloseCodes.InvalidIntents) {
      rejectFatal(new FatalError('invalid-intents', 'Discord rejected the configured intents as invalid (close code 4013); check the [bot.intents] table.'));
    } else if (code === GatewayCloseCodes.InvalidShard || code === GatewayCloseCodes.ShardingRequired) {
      // @discordjs/ws gives the shard up after these (and fails connect()); no retry would
      // be accepted either. The message says what Discord recommends now.
      shardingFatal ??= gateway
        .fetchGatewayInformation(true)
        .then((info) => info.shards, () => null)
        .then((recommended) => new FatalError('sharding', shardingMessage(code, shardId, state.shardCount, config.discord, recommended)));
      void shardingFatal.then(rejectFatal);
    } else {
      gwLog.debug(`gateway closed with code ${code}`, { shard: shardId });
    }
  });
  gateway.on(WebSocketShardEvents.Dispatch, (payload: GatewayDispatchPayload, shardId: number) => {
    // Nothing reaches the cache or a handler without passing the door (payloads.ts).
    const verdict = checkDispatch(payload);
    if (verdict.kind !== 'ok') {
      const fields = { event: payload.t as unknown, seq: payload.s as unknown, shard: shardId };
      if (verdict.kind === 'unknown') logger.debug('Ignoring an unknown gateway event', fields);
      else logger.warn('Ignoring a malformed gateway event', { ...fields, problem: verdict.problem });
      return;
    }
    try {
      state.apply(payload, shardId);
    } catch (error) {
      logger.warn('Ignoring a gateway event the state could not apply', { event: payload.t, err: error });
    }
    // A new session: this shard is not ready until the guilds it lists are in.
    if (payload.t === GatewayDispatchEvents.Ready) health?.shardReady(shardId, false);
    if (payload.t === GatewayDispatchEvents.Ready || payload.t === GatewayDispatchEvents.GuildCreate || payload.t === GatewayDispatchEvents.GuildDelete) {
      lifecycle.afterDispatch(payload, shardId);
    }
    handleEvent(deps, payload).catch((error: unknown) => {
      logger.error(`Handling ${payload.t} failed`, { err: error });
    });
  });

  const stopAll = async (): Promise<void> => {
    lifecycle.stop();
    housekeeping.stop();
    stopTicketRuntime(deps.tickets);
    await Promise.resolve(gateway.destroy({ reason: 'shutting down' })).catch((error: unknown) => logger.debug('gateway destroy failed', { err: error }));
  };
  try {
    // The shards, before any connects: the state routes READY and the catch-ups by them,
    // and /readyz stays false until each of them is ready.
    const shardIds = await gateway.getShardIds();
    state.configureShards(await gateway.getShardCount(), shardIds);
    health?.expectShards(shardIds);
    if (state.shardCount > 1) logger.info(`Running shard${shardIds.length === 1 ? '' : 's'} ${shardIds.join(', ')} of ${state.shardCount}.`);
    // A fatal close (4004, 4014) can end the handshake before connect() settles.
    await Promise.race([gateway.connect(), fatal]);
  } catch (error) {
    await stopAll();
    if (shardingFatal) throw await shardingFatal;
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new FatalError('token-rejected', 'The token was rejected by Discord (401 Unauthorized).');
    }
    throw error;
  }

  let stopped = false;
  let lastRecovery = -Infinity;
  return {
    deps,
    ready: Promise.race([ready, fatal]),
    fatal,
    recover(reason) {
      // Once a minute at most: a payload that keeps failing must not become a reconnect storm.
      const now = Date.now();
      if (stopped || now - lastRecovery < RECOVERY_INTERVAL_MS) return;
      lastRecovery = now;
      void reconnectReadyShards(strategy, reason, logger);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopAll();
    },
  };
}

/** Between two reconnects after unhandled errors. */
const RECOVERY_INTERVAL_MS = 60_000;

/**
 * Closes the socket of every shard that is up and resumes its session, as after
 * Discord's own RECONNECT: nothing is lost, and whatever state a failed step left behind
 * in the library goes with the old socket. Shards that are connecting or resuming are
 * already on their way; their timeouts are the library's.
 */
async function reconnectReadyShards(strategy: SimpleShardingStrategy | null, reason: string, logger: Logger): Promise<void> {
  // The strategy keeps its shards private; it has no way to reconnect just one of them.
  const shards = (strategy as unknown as { shards?: Map<number, WebSocketShard> } | null)?.shards;
  if (!shards) return;
  for (const [shardId, shard] of shards) {
    if (shard.status !== WebSocketShardStatus.Ready) continue;
    logger.info(`Reconnecting shard ${shardId} to the gateway after ${reason}.`);
    await shard.destroy({ reason: 'recovering from an unhandled error', recover: WebSocketShardDestroyRecovery.Resume }).catch((error: unknown) => {
      logger.warn(`Could not reconnect shard ${shardId}`, { err: error });
    });
  }
}

/** Close codes 4010 and 4011 in words: what Discord refused and what to set. */
export function shardingMessage(
  code: number,
  shardId: number,
  shardCount: number,
  configured: { shard_count: number; shard_ids: readonly number[] },
  recommended: number | null,
): string {
  const now = recommended === null ? '' : ` Discord recommends ${recommended} shard${recommended === 1 ? '' : 's'} now.`;
  const fix =
    configured.shard_count > 0
      ? ` discord.shard_count is ${configured.shard_count}${configured.shard_ids.length > 0 ? ` (shard_ids ${configured.shard_ids.join(', ')})` : ''}: set it to ${recommended ?? 'the recommended count'}, or remove shard_count and shard_ids from config.toml so the bot follows Discord's recommendation.`
      : ' The bot followed the count Discord recommended when it started; start it again to follow the new one.';
  if (code === GatewayCloseCodes.ShardingRequired) {
    return `Discord requires more shards (gateway close code 4011, sharding required): shard ${shardId} of ${shardCount} would hold more than 2,500 guilds.${now}${fix}`;
  }
  return `Discord refused shard ${shardId} of ${shardCount} (gateway close code 4010, invalid shard).${now}${fix} Bots in more than 150,000 guilds must run a multiple of the shard number Discord assigned them.`;
}

/** What the person running the bot asked for (from the command line). */
export interface RunRequest {
  /**
   * 'run' until a signal; 'sync' registers the commands and stops; 'dump-config' prints
   * the effective configuration; 'copy-db' copies the SQLite database into `copyTo`.
   */
  task: 'run' | 'sync' | 'dump-config' | 'copy-db';
  /** For 'copy-db': the PostgreSQL URL to copy into. */
  copyTo?: string;
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

/**
 * THETICKETBOT_API_URL overrides discord.api_url (containers, a local sandbox);
 * THETICKETBOT_DB_URL db.url; THETICKETBOT_METRICS_* the [metrics] keys.
 */
export function applyEnv(loaded: Config, env: Record<string, string | undefined>): Config {
  let config = { ...loaded, metrics: metricsFromEnv(loaded.metrics, env) };
  const dbUrl = env.THETICKETBOT_DB_URL?.trim();
  if (dbUrl) {
    const checkedDb = checkDbUrl(dbUrl);
    if (!checkedDb.ok) throw new ConfigError(`THETICKETBOT_DB_URL: ${checkedDb.problem}`);
    config = { ...config, db: { ...config.db, url: checkedDb.value } };
  }
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
  if (config.db.url !== '') {
    const password = dbUrlPassword(config.db.url);
    if (password) logger.addSecret(password);
    const log = logger.child('store');
    return openStore({ url: config.db.url, onIdleError: (error) => log.warn('A pooled PostgreSQL connection failed while idle; the next query opens a new one', { err: error }) });
  }
  let key: string | null = null;
  if (config.db.key_template) {
    key = envKey ?? (await host.askDatabaseKey());
    if (!key) throw new SetupError('no-database-key');
    logger.addSecret(key);
  }
  return openStore({ path: config.db.path, pragmas: config.db.pragmas, keyTemplate: config.db.key_template, key });
}

/**
 * Does what was asked, start to finish. Returns 0, or the exit code `host.failed` chose
 * for what went wrong. Everything built here is taken down before it returns.
 */
export async function run(request: RunRequest, host: Host): Promise<number> {
  const dirs = userDirs(host.platform, host.env, host.home, host.uid);
  const logger = createLogger({ verbosity: request.verbosity, logDir: dirs.log, console: host.console });
  let store: Store | null = null;
  let ops: Ops | null = null;
  let bot: RunningBot | null = null;
  // From here to the end an error nobody handled is logged and the gateway reconnects:
  // the process does not die of it (see process-policy.ts).
  const policy = installProcessPolicy(logger, (reason) => bot?.recover(reason));
  let wroteConfig: string | null = null;
  // A token this run wrote to a new config file is kept only once Discord accepted it.
  let loggedIn = false;
  const onLoggedIn = (): void => {
    loggedIn = true;
  };
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
      host.announce(dumpConfig(config, { tokenFromEnv: envToken !== undefined }));
      return 0;
    }

    if (request.task === 'copy-db') {
      const checked = checkDbUrl(request.copyTo ?? '');
      if (!checked.ok || checked.value === '') throw new ConfigError(`copy-db --to: ${checked.ok ? 'expected a postgres:// URL' : checked.problem}`);
      const password = dbUrlPassword(checked.value);
      if (password) logger.addSecret(password);
      const loaded = found.path ? loadConfig(found.path, dirs) : null;
      const config = applyEnv(loaded ? loaded.config : defaultConfig(dirs), host.env);
      // The source is the SQLite file, whatever db.url says.
      if (!existsSync(config.db.path)) throw new StoreError('cannot-open', `There is no database at ${config.db.path} (db.path) to copy.`);
      store = await openConfiguredStore({ ...config, db: { ...config.db, url: '' } }, host, logger, envKey);
      const { copyToPostgres } = await import('./store/copy.ts');
      const report = await copyToPostgres(store.db, checked.value);
      const total = report.counts.reduce((sum, c) => sum + c.rows, 0);
      host.announce(`Copied ${total} rows from ${config.db.path} into ${redactDbUrl(checked.value)}:`);
      for (const { table, rows } of report.counts) host.announce(`  ${table}: ${rows}`);
      if (report.skippedSettings > 0) host.announce(`  (${report.skippedSettings} settings whose value was neither text nor a number were left out)`);
      host.announce('Set db.url (or THETICKETBOT_DB_URL) to this URL to run the bot on it.');
      return 0;
    }

    const settings = await loadSettings(found.path, dirs, host, logger, envToken);
    if (settings.wroteConfig) wroteConfig = settings.configPath;
    const { config, configPath, token } = settings;
    store = await openConfiguredStore(config, host, logger, envKey);
    const translator = loadTranslator();

    if (request.task === 'sync') {
      const rest = createRest(config, token, logger.named('discord.rest'));
      await loginAndSync(rest, store, translator, 'only', host.announce, logger, onLoggedIn);
      wroteConfig = null;
      return 0;
    }

    // Before the bot logs in, so /healthz answers and /readyz says what it waits for.
    ops = await startOps(config.metrics, store, logger);
    bot = await startBot({
      ops,
      config,
      token,
      store,
      logger,
      libraryLogger: (name) => logger.named(name),
      translator,
      syncMode: request.sync,
      announce: host.announce,
      reloadConfig: () => applyEnv(loadConfig(configPath, dirs).config, host.env),
      loggedIn: onLoggedIn,
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
    // Rejected, or never tried (Discord unreachable, the database failed first): the next
    // run asks again rather than trusting a token nobody checked.
    if (wroteConfig && !loggedIn) {
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
    await ops?.close();
    await store?.close();
    policy.uninstall();
    await logger.close();
  }
}
