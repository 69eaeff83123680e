// Composition root and lifecycle: builds REST, the gateway, the state cache, the
// router and the event handlers from a loaded config and an open store, and runs
// them until stopped or until Discord refuses us.
import { API } from '@discordjs/core';
import { DiscordAPIError, REST, RESTEvents, type RESTOptions } from '@discordjs/rest';
import { WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import { GatewayCloseCodes, GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import type { Config } from './config/schema.ts';
import { intentBits, PRIVILEGED_INTENTS } from './discord/intents.ts';
import { BotState } from './discord/state.ts';
import { commandsFingerprint, markSynced, needsSync, registerCommands, type CommandDefinition } from './discord/sync.ts';
import { buildCommandDefinitions } from './discord/commands/index.ts';
import { handleEvent, type Deps } from './discord/events/index.ts';
import { checkDispatch } from './discord/payloads.ts';
import { startHousekeeping, type Housekeeping } from './discord/schedule.ts';
import { httpRequest } from './discord/http-request.ts';
import { REQUEST_TIMEOUT_MS, withRequestPolicy } from './discord/restPolicy.ts';
import { createTicketRuntime } from './discord/tickets.ts';
import { PendingSelections } from './domain/selection.ts';
import type { Translator } from './i18n/translate.ts';
import type { Logger } from './log/logger.ts';
import type { Store } from './store/store.ts';

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

export async function startBot(opts: BotOptions): Promise<RunningBot> {
  const { config, token, store, translator } = opts;
  const logger = opts.logger;
  const rest = createRest(config, token, opts.libraryLogger('discord.rest'));
  // No proactive global limit for interaction endpoints (Discord exempts them); their
  // per-interaction buckets still apply.
  const interactionRest = createRest(config, token, opts.libraryLogger('discord.rest'), { globalRequestsPerSecond: Number.MAX_SAFE_INTEGER });
  const app = await login(rest);
  opts.announce(`Invite link: ${inviteLink(app.id)}`);

  const definitions = buildCommandDefinitions(translator);
  await syncIfNeeded(rest, app, store, definitions, opts.syncMode, logger);

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
