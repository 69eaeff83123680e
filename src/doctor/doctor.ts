// `theticketbot doctor`: looks at the set-up without running the bot and lists what is
// wrong with it, each problem with its fix. Read-only throughout: the database is opened
// read-only, and Discord is only asked (GET requests). The token and the database key are
// never printed.
import { existsSync } from 'node:fs';
import { DiscordAPIError, type REST } from '@discordjs/rest';
import {
  RESTJSONErrorCodes,
  Routes,
  type APIApplication,
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  type APIOverwrite,
  type APIRole,
  type APIUser,
} from 'discord-api-types/v10';
import type Database from 'better-sqlite3-multiple-ciphers';
import { defaultConfig, findConfigFile, loadConfig } from '../config/load.ts';
import { userDirs } from '../config/paths.ts';
import { ConfigError, type Config } from '../config/schema.ts';
import { PRIVILEGED_INTENTS, type IntentName } from '../discord/intents.ts';
import { permissionMessageId } from '../domain/inbox-permissions.ts';
import { Permission, type PermissionName } from '../domain/permissions.ts';
import { loadTranslator } from '../i18n/translate.ts';
import { createLogger, type RootLogger } from '../log/logger.ts';
import { applyEnv, createRest, inviteLink, type Host } from '../main.ts';
import { allInboxes, type Inbox } from '../store/inboxes.ts';
import { latestVersion, schemaVersion } from '../store/migrate.ts';
import { openForInspection, StoreError, type StoreErrorKind } from '../store/open.ts';
import { sqliteDb } from '../store/store.ts';
import type { Db } from '../store/db.ts';
import { latestPostgresVersion } from '../store/migrate-postgres.ts';
import { dbUrlPassword } from '../config/load.ts';
import { redactDbUrl } from '../config/schema.ts';
import { botPermissionsIn, inboxChecks, type ChannelSnapshot, type GuildSnapshot, type MessageState } from './inbox-checks.ts';
import { renderJson, renderText, summary, type Check } from './report.ts';

export interface DoctorRequest {
  json: boolean;
  verbosity: 0 | 1 | 2;
  configFile?: string;
}

/** What doctor needs from the command line: where it runs, the terminal, the key prompt. */
export type DoctorHost = Pick<Host, 'platform' | 'env' | 'home' | 'uid' | 'cwd' | 'console' | 'announce' | 'askDatabaseKey'>;

/** Application flags (Application resource, "Application Flags"): the portal's privileged intent toggles. */
const INTENT_FLAGS: Readonly<Partial<Record<IntentName, { full: number; limited: number }>>> = {
  presences: { full: 1 << 12, limited: 1 << 13 },
  members: { full: 1 << 14, limited: 1 << 15 },
  message_content: { full: 1 << 18, limited: 1 << 19 },
};

/** The newest migration that `allInboxes` can read (it reads inbox.destination_id). */
const INBOX_COLUMNS_VERSION = 5;

/** Error codes that mean "gone, or not for this bot": the guild, channel, message or member. */
const GONE: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.UnknownGuild,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.UnknownMessage,
  RESTJSONErrorCodes.UnknownMember,
  RESTJSONErrorCodes.MissingAccess,
]);

function isGone(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.status === 404 || (typeof error.code === 'number' && GONE.has(error.code)));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runDoctor(request: DoctorRequest, host: DoctorHost): Promise<number> {
  const logger = createLogger({ verbosity: request.verbosity, logDir: null, console: host.console });
  const secrets: string[] = [];
  const remember = (secret: string | undefined): void => {
    if (!secret) return;
    secrets.push(secret);
    logger.addSecret(secret);
  };
  const checks: Check[] = [];
  try {
    await diagnose(request, host, logger, remember, checks);
  } finally {
    await logger.close();
  }
  // Nothing below should carry a secret; this makes sure of it.
  let out = request.json ? renderJson(checks) : renderText(checks);
  for (const secret of secrets) out = out.split(secret).join('[REDACTED]');
  host.announce(out);
  return summary(checks).ok ? 0 : 1;
}

async function diagnose(request: DoctorRequest, host: DoctorHost, logger: RootLogger, remember: (secret: string | undefined) => void, checks: Check[]): Promise<void> {
  const envToken = host.env.THETICKETBOT_TOKEN?.trim() || undefined;
  const envKey = host.env.THETICKETBOT_DB_KEY;
  remember(envToken);
  remember(envKey);

  // 1. The configuration.
  const config = readConfig(request, host, checks);
  if (!config) {
    checks.push({ group: 'discord', status: 'skip', title: 'Not checked: the configuration must load first' });
    checks.push({ group: 'database', status: 'skip', title: 'Not checked: the configuration must load first' });
    return;
  }
  remember(config.bot.token);

  // 2. The token and the privileged intents.
  const discord = await checkDiscord(config, envToken ?? config.bot.token, logger, checks);

  // 3. The database.
  const db = await checkDatabase(config, host, envKey, remember, checks);
  try {
    // 4. Every inbox: its channel, message and destination, and the bot's permissions there.
    if (!discord || !db) {
      checks.push({ group: 'inboxes', status: 'skip', title: `Not checked: ${!discord ? 'Discord must accept the token' : 'the database must open'} first` });
      return;
    }
    await checkInboxes(discord.rest, discord.botId, db.db, checks);
  } finally {
    await db?.close();
  }
}

function readConfig(request: DoctorRequest, host: DoctorHost, checks: Check[]): Config | null {
  const dirs = userDirs(host.platform, host.env, host.home, host.uid);
  try {
    const found = findConfigFile({ explicit: request.configFile, dirs, cwd: host.cwd });
    if (found.warning) checks.push({ group: 'config', status: 'warn', title: found.warning });
    if (!found.path) {
      checks.push({
        group: 'config',
        status: 'warn',
        title: `No config file (looked for ${dirs.config}/config.toml and ./config.toml): the defaults and the environment apply`,
        fix: 'fine in a container that passes THETICKETBOT_TOKEN; otherwise run theticketbot once to create the file, or pass --config-file',
      });
      return applyEnv(defaultConfig(dirs, { cwd: host.cwd }), host.env);
    }
    const loaded = loadConfig(found.path, dirs, { cwd: host.cwd });
    const config = applyEnv(loaded.config, host.env);
    checks.push({ group: 'config', status: 'ok', title: `${found.path} is valid` });
    for (const notice of loaded.notices) checks.push({ group: 'config', status: 'warn', title: notice, fix: 'remove those keys when the Python bot no longer reads the file' });
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    checks.push({
      group: 'config',
      status: 'fail',
      title: error.message,
      fix: 'correct that key (docs/CONFIGURATION.md lists every key); theticketbot --dump-config shows what the bot reads',
    });
    return null;
  }
}

async function checkDiscord(config: Config, token: string, logger: RootLogger, checks: Check[]): Promise<{ rest: REST; botId: string } | null> {
  const at = { group: 'discord' as const };
  if (!token) {
    checks.push({
      ...at,
      status: 'fail',
      title: 'No bot token: neither bot.token in the config file nor THETICKETBOT_TOKEN is set',
      fix: 'copy the token from https://discord.com/developers/applications (your application → Bot → Reset Token) into config.toml as [bot] token = "…", or set THETICKETBOT_TOKEN',
    });
    return null;
  }
  // One retry at most: doctor should answer, not wait out a long outage.
  const rest = createRest(config, token, logger.named('discord.rest'), { retries: 1 });
  let user: APIUser;
  try {
    user = (await rest.get(Routes.user('@me'))) as APIUser;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      checks.push({
        ...at,
        status: 'fail',
        title: 'Discord rejected the token (401 Unauthorized)',
        fix: 'the token is wrong or was reset: copy a new one at https://discord.com/developers/applications (your application → Bot → Reset Token)',
      });
    } else {
      checks.push({
        ...at,
        status: 'fail',
        title: `Could not reach Discord at ${config.discord.api_url}: ${messageOf(error)}`,
        fix: 'check the network connection, and discord.api_url (or THETICKETBOT_API_URL) if you changed it',
      });
    }
    return null;
  }
  checks.push({ ...at, status: 'ok', title: `The token is accepted: the bot is ${user.username} (id ${user.id})` });

  let app: APIApplication;
  try {
    app = (await rest.get(Routes.oauth2CurrentApplication())) as APIApplication;
  } catch (error) {
    checks.push({ ...at, status: 'fail', title: `Could not read the application (its privileged intents): ${messageOf(error)}`, fix: 'run doctor again in a moment' });
    return { rest, botId: user.id };
  }
  const flags = app.flags ?? 0;
  const portal = `https://discord.com/developers/applications/${app.id}/bot`;
  for (const intent of PRIVILEGED_INTENTS) {
    const bits = INTENT_FLAGS[intent.intent];
    const enabled = bits !== undefined && (flags & (bits.full | bits.limited)) !== 0;
    const wanted = config.bot.intents[intent.intent];
    if (wanted && !enabled) {
      checks.push({
        ...at,
        status: 'fail',
        title: `${intent.portalName} is on in the config (${intent.configKey}) but not enabled for the application: Discord would refuse the connection (close code 4014)`,
        fix: `enable it at ${portal} under Privileged Gateway Intents, or set ${intent.configKey} = false in config.toml`,
      });
    } else if (wanted) {
      checks.push({ ...at, status: 'ok', title: `${intent.portalName}: enabled for the application and in the config` });
    } else if (intent.intent === 'members') {
      checks.push({
        ...at,
        status: 'warn',
        title: `${intent.portalName} is off in the config (${intent.configKey}): tickets are not closed when their owner leaves the server`,
        fix: `to have them closed, enable it at ${portal} under Privileged Gateway Intents and set ${intent.configKey} = true`,
      });
    }
  }
  checks.push({ ...at, status: 'ok', title: `Invite link, to add the bot to a server: ${inviteLink(app.id)}` });
  return { rest, botId: user.id };
}

const STORE_FIXES: Readonly<Record<StoreErrorKind, string>> = {
  'wrong-key': 'check the key (THETICKETBOT_DB_KEY or the prompt), db.key_template and, for cipher settings, db.pragmas; see docs/ENCRYPTION.md',
  'not-a-database': 'if the file is encrypted, set db.key_template (and db.pragmas for its cipher) and supply the key; otherwise point db.path at the right file',
  'newer-schema': 'upgrade theticketbot: this database was written by a newer version',
  'key-required': 'set THETICKETBOT_DB_KEY, type the key at the prompt, or pipe it as one line on stdin',
  'cannot-open': 'check db.path, and that the file and its folder can be read by this user',
  'bad-pragma': 'correct db.pragmas or db.key_template',
  busy: 'close the other program that holds the database',
  'read-only': 'make the database file and its folder writable by the bot',
  'disk-full': 'free disk space',
  'io-error': 'check the disk the database is on (the system log names the device error) and that it is not full or failing',
  'cannot-connect': 'start the PostgreSQL server, or correct the host and port in db.url',
  'auth-failed': 'correct the user name and password in db.url, or let the role log in from here (pg_hba.conf)',
  'database-missing': 'create the database (createdb), or correct its name in db.url',
  'bad-url': 'write db.url as postgres://user:password@host:5432/database',
  unreachable: 'check that the PostgreSQL server is running and reachable from this machine',
  'not-empty': 'give copy-db a new, empty database',
};

async function checkDatabase(
  config: Config,
  host: DoctorHost,
  envKey: string | undefined,
  remember: (secret: string | undefined) => void,
  checks: Check[],
): Promise<OpenedForDoctor | null> {
  if (config.db.url !== '') return checkPostgres(config.db.url, remember, checks);
  const at = { group: 'database' as const };
  const path = config.db.path;
  if (!existsSync(path)) {
    checks.push({ ...at, status: 'warn', title: `No database yet at ${path}`, fix: 'nothing to do on a new install: the bot creates it at its first start; otherwise check db.path' });
    return null;
  }
  let key: string | null = null;
  if (config.db.key_template) {
    key = envKey ?? (await host.askDatabaseKey());
    remember(key ?? undefined);
  }
  let db: Database.Database;
  try {
    db = openForInspection({ path, pragmas: config.db.pragmas, keyTemplate: config.db.key_template, key });
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    checks.push({ ...at, status: 'fail', title: error.message, fix: STORE_FIXES[error.kind] });
    return null;
  }
  checks.push({ ...at, status: 'ok', title: `${path} opens${config.db.key_template ? ' and the key is right' : ''}` });

  const version = schemaVersion(db);
  const latest = latestVersion();
  if (version > latest) {
    checks.push({
      ...at,
      status: 'fail',
      title: `Schema version ${version} is newer than this version of theticketbot knows (up to ${latest}): the bot would refuse to start`,
      fix: STORE_FIXES['newer-schema'],
    });
  } else if (version < latest) {
    checks.push({
      ...at,
      status: 'warn',
      title: `Schema version ${version}: the next start migrates it to ${latest}`,
      fix: 'nothing to do (keep a copy of the file first if you may go back to an older version)',
    });
  } else {
    checks.push({ ...at, status: 'ok', title: `Schema version ${version}, the current one` });
  }

  const integrity = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const findings = integrity.map((row) => row.integrity_check).filter((line) => line !== 'ok');
  if (findings.length === 0) checks.push({ ...at, status: 'ok', title: 'Integrity check: ok' });
  else {
    checks.push({
      ...at,
      status: 'fail',
      title: `Integrity check found ${findings.length} problem${findings.length === 1 ? '' : 's'}: ${findings.slice(0, 3).join('; ')}${findings.length > 3 ? '; …' : ''}`,
      fix: 'stop the bot and restore the file from a backup, or rebuild it with the sqlite3 shell (.recover)',
    });
  }
  if (version < INBOX_COLUMNS_VERSION || version > latest) {
    checks.push({ group: 'inboxes', status: 'skip', title: `Not checked: schema version ${version} is not one doctor can read inboxes from` });
    db.close();
    return null;
  }
  return {
    db: sqliteDb(db),
    close: async () => {
      db.close();
    },
  };
}

/** The database doctor looked at, to read the inboxes from. */
interface OpenedForDoctor {
  db: Db;
  close(): Promise<void>;
}

/** db.url: the server answers, the login and the database are right, and the schema is one this version knows. */
async function checkPostgres(url: string, remember: (secret: string | undefined) => void, checks: Check[]): Promise<OpenedForDoctor | null> {
  const at = { group: 'database' as const };
  remember(dbUrlPassword(url) ?? undefined);
  const shown = redactDbUrl(url);
  const { inspectPostgres } = await import('../store/postgres.ts');
  let inspected: Awaited<ReturnType<typeof inspectPostgres>>;
  try {
    inspected = await inspectPostgres(url);
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    checks.push({ ...at, status: 'fail', title: error.message, fix: STORE_FIXES[error.kind] });
    return null;
  }
  checks.push({ ...at, status: 'ok', title: `PostgreSQL at ${shown} answers and the login is accepted` });
  const latest = latestPostgresVersion();
  const version = inspected.version;
  if (version === null) {
    checks.push({ ...at, status: 'warn', title: 'The PostgreSQL database has no tables of the bot yet: the next start creates them', fix: 'nothing to do on a new install' });
    await inspected.close();
    return null;
  }
  if (version > latest) {
    checks.push({
      ...at,
      status: 'fail',
      title: `Schema version ${version} is newer than this version of theticketbot knows (up to ${latest}): the bot would refuse to start`,
      fix: STORE_FIXES['newer-schema'],
    });
    await inspected.close();
    checks.push({ group: 'inboxes', status: 'skip', title: `Not checked: schema version ${version} is not one doctor can read inboxes from` });
    return null;
  }
  if (version < latest) {
    checks.push({ ...at, status: 'warn', title: `Schema version ${version}: the next start migrates it to ${latest}`, fix: 'nothing to do' });
  } else {
    checks.push({ ...at, status: 'ok', title: `Schema version ${version}, the current one` });
  }
  return { db: inspected.db, close: inspected.close };
}

/** Looks at one server through REST; null when the bot is no longer in it. */
async function guildSnapshot(rest: REST, guildId: string, botId: string): Promise<GuildSnapshot | null> {
  let guild: APIGuild;
  try {
    guild = (await rest.get(Routes.guild(guildId))) as APIGuild;
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
  const [roles, channels, member] = (await Promise.all([
    rest.get(Routes.guildRoles(guildId)),
    rest.get(Routes.guildChannels(guildId)),
    rest.get(Routes.guildMember(guildId, botId)),
  ])) as [APIRole[], APIChannel[], APIGuildMember];
  const overwrites = (list: APIOverwrite[] | undefined) =>
    (list ?? []).map((o) => ({ id: o.id, type: o.type as 0 | 1, allow: BigInt(o.allow), deny: BigInt(o.deny) }));
  const timeout = member.communication_disabled_until ? Date.parse(member.communication_disabled_until) : NaN;
  return {
    id: guild.id,
    name: guild.name,
    ownerId: guild.owner_id,
    rolePermissions: new Map(roles.map((r) => [r.id, BigInt(r.permissions)])),
    channels: new Map<string, ChannelSnapshot>(
      channels.map((c) => [c.id, { id: c.id, name: 'name' in c && c.name ? c.name : c.id, type: c.type, overwrites: overwrites('permission_overwrites' in c ? c.permission_overwrites : undefined) }]),
    ),
    bot: { userId: botId, roleIds: member.roles, timedOut: Number.isFinite(timeout) && timeout > Date.now() },
  };
}

async function messageState(rest: REST, inbox: Inbox, perms: bigint): Promise<MessageState> {
  if ((perms & Permission.ViewChannel) === 0n || (perms & Permission.ReadMessageHistory) === 0n) return 'unknown';
  try {
    await rest.get(Routes.channelMessage(inbox.channelId, inbox.id));
    return 'present';
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage) return 'deleted';
    if (isGone(error)) return 'unknown';
    throw error;
  }
}

async function checkInboxes(rest: REST, botId: string, db: Db, checks: Check[]): Promise<void> {
  const inboxes = await allInboxes(db);
  if (inboxes.length === 0) {
    checks.push({ group: 'inboxes', status: 'ok', title: 'No inboxes yet: create one with /inbox create' });
    return;
  }
  const translator = loadTranslator();
  const label = (name: PermissionName): string => translator.t('en-US', permissionMessageId(name));
  // Inboxes made by the Python bot may have no guild on record: their channel tells.
  const byGuild = new Map<string, Inbox[]>();
  for (const inbox of inboxes) {
    let guildId = inbox.guildId;
    if (guildId === null) {
      try {
        guildId = ((await rest.get(Routes.channel(inbox.channelId))) as { guild_id?: string }).guild_id ?? null;
      } catch (error) {
        if (!isGone(error)) throw error;
      }
    }
    if (guildId === null) {
      checks.push({
        group: 'inboxes',
        status: 'warn',
        title: `Inbox ${inbox.id}: its channel ${inbox.channelId} is gone or out of the bot's sight`,
        fix: 'nothing to do if the channel was deleted: the bot forgets the inbox at its next start',
      });
      continue;
    }
    byGuild.set(guildId, [...(byGuild.get(guildId) ?? []), inbox]);
  }
  for (const [guildId, list] of byGuild) {
    let guild: GuildSnapshot | null;
    try {
      guild = await guildSnapshot(rest, guildId, botId);
    } catch (error) {
      checks.push({ group: 'inboxes', guild: { id: guildId, name: null }, status: 'fail', title: `Could not look at this server: ${messageOf(error)}`, fix: 'run doctor again in a moment' });
      continue;
    }
    if (!guild) {
      checks.push({
        group: 'inboxes',
        guild: { id: guildId, name: null },
        status: 'warn',
        title: `The bot is no longer in this server: its ${list.length} inbox${list.length === 1 ? ' is' : 'es are'} forgotten on the next Saturday, 00:00 UTC`,
        fix: 'nothing to do if it was removed on purpose; otherwise add it back with the invite link before then',
      });
      continue;
    }
    const said = new Set<string>();
    if (guild.bot.timedOut) {
      checks.push({ group: 'inboxes', guild: { id: guild.id, name: guild.name }, status: 'fail', title: 'The bot is timed out in this server, so it can neither post nor open tickets', fix: 'remove the timeout: Server Settings → Members → the bot → Remove Timeout' });
    }
    for (const inbox of list) {
      const channel = guild.channels.get(inbox.channelId);
      let message: MessageState = 'unknown';
      if (channel) {
        try {
          message = await messageState(rest, inbox, botPermissionsIn(guild, channel));
        } catch (error) {
          checks.push({ group: 'inboxes', guild: { id: guild.id, name: guild.name }, inbox: inbox.id, status: 'fail', title: `Inbox ${inbox.id}: could not read its message: ${messageOf(error)}`, fix: 'run doctor again in a moment' });
        }
      }
      // Inboxes sharing a channel share its warnings: each is said once per server.
      for (const check of inboxChecks(guild, inbox, message, label)) {
        if (check.status === 'warn' && said.has(check.title)) continue;
        said.add(check.title);
        checks.push(check);
      }
    }
  }
}
