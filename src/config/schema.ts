// Every configuration key, its default and its rule. Key names are those of the Python
// original so that an existing config.toml keeps working.
import { INTENT_ALIASES, INTENT_NAMES, resolveIntents, type IntentName } from '../discord/intents.ts';
import { keySegment, quoteText } from './toml-text.ts';

export type { IntentName } from '../discord/intents.ts';

export interface Config {
  bot: {
    token: string;
    /** Accepted for compatibility with the original, otherwise ignored. */
    extensions?: unknown;
    /** Accepted for compatibility with the original, otherwise ignored. */
    allow_jishaku?: unknown;
    inbox: { max_attachment_size: number };
    /** One value per discord.py flag; aliases in the file are already resolved. */
    intents: Record<IntentName, boolean>;
  };
  db: {
    /** Before loading: a template with `${…}` placeholders; after: an absolute path. */
    path: string;
    pragmas: string[];
    key_template: string;
    /** postgres://… to use PostgreSQL instead of the SQLite file; '' for SQLite. */
    url: string;
  };
  discord: {
    api_url: string;
    /** Shards Discord routes by; 0: the count Discord recommends (GET /gateway/bot). */
    shard_count: number;
    /** Shards this process runs; empty: all of them. Needs shard_count. */
    shard_ids: number[];
  };
  /** The health and metrics listener (off unless enabled). */
  metrics: { enabled: boolean; host: string; port: number };
}

const DEFAULT_INTENTS_ON: readonly IntentName[] = ['guilds', 'guild_messages', 'members'];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const DEFAULT_CONFIG: Readonly<Config> = deepFreeze({
  bot: {
    token: '',
    inbox: { max_attachment_size: 5_000_000 },
    intents: Object.fromEntries(
      INTENT_NAMES.map((name) => [name, DEFAULT_INTENTS_ON.includes(name)]),
    ) as Record<IntentName, boolean>,
  },
  db: {
    path: '${USER_DATA_DIR}/theticketbot.db',
    pragmas: [],
    key_template: '',
    url: '',
  },
  discord: { api_url: 'https://discord.com/api', shard_count: 0, shard_ids: [] },
  metrics: { enabled: false, host: '127.0.0.1', port: 9464 },
});

/** A fresh, mutable copy of the defaults. */
export function defaultConfigTemplate(): Config {
  return structuredClone(DEFAULT_CONFIG) as Config;
}

/**
 * A configuration problem the user must fix. Messages name the file, the key and what
 * was expected (see `ConfigError.at`), and never contain the value of a secret key.
 */
export class ConfigError extends Error {
  readonly file: string | null;
  readonly key: string | null;

  constructor(message: string, where: { file?: string | null; key?: string | null } = {}) {
    super(message);
    this.name = 'ConfigError';
    this.file = where.file ?? null;
    this.key = where.key ?? null;
  }

  /** `<file>: <key>: <problem>`, leaving out the parts that are null or empty. */
  static at(file: string | null, key: string | null, problem: string): ConfigError {
    const message = [file, key, problem].filter((part) => part !== null && part !== '').join(': ');
    return new ConfigError(message, { file, key });
  }
}

/** Keys whose values must never be echoed in an error message. */
function isSecretKey(key: string): boolean {
  return key === 'bot.token' || key === 'db.key_template' || key.startsWith('db.pragmas') || key === 'db.url';
}

type Table = Record<string, unknown>;

/** TOML tables arrive from smol-toml as objects with a null prototype. */
function isTable(value: unknown): value is Table {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === null || proto === Object.prototype;
}

function describeType(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'bigint') return 'an integer';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a float';
  if (typeof value === 'boolean') return 'a boolean';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  if (isTable(value)) return 'a table';
  return value === undefined ? 'nothing' : 'an unsupported value';
}

/** The value for a message: strings quoted and shortened, secrets and containers by type only. */
function describeValue(key: string, value: unknown): string {
  if (isSecretKey(key)) return describeType(value);
  if (typeof value === 'string') return quoteText(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const shown = String(value);
    return shown.length > 30 ? `${describeType(value)} of ${shown.replace(/^-/, '').length} digits` : shown;
  }
  if (typeof value === 'boolean') return String(value);
  return describeType(value);
}

/** Recursive merge: tables merge key by key, anything else replaces. */
function mergeOver(base: Table, over: Table): Table {
  const out: Table = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = Object.hasOwn(out, key) ? out[key] : undefined;
    const merged = isTable(current) && isTable(value) ? mergeOver(current, value) : value;
    // defineProperty, so that a key named "__proto__" stays a key (and is then rejected).
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

class Validator {
  readonly notices: string[] = [];
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  fail(key: string, problem: string): never {
    throw ConfigError.at(this.file, key, problem);
  }

  expected(key: string, what: string, value: unknown): never {
    this.fail(key, `expected ${what}, got ${describeValue(key, value)}`);
  }

  /**
   * `key` is '' for the document itself; its known keys are those of TABLE_KEYS.
   * `unknown` describes a key that is not known.
   */
  table(key: string, value: unknown, unknown?: string): Table {
    const known = TABLE_KEYS[key] ?? [];
    if (!isTable(value)) this.expected(key, 'a table', value);
    for (const k of Object.keys(value)) {
      if (!known.includes(k)) {
        const path = key === '' ? keySegment(k) : `${key}.${keySegment(k)}`;
        this.fail(path, unknown ?? `unknown key (known keys: ${known.join(', ')})`);
      }
    }
    return value;
  }

  string(key: string, value: unknown): string {
    if (typeof value !== 'string') this.expected(key, 'a string', value);
    return value;
  }

  boolean(key: string, value: unknown): boolean {
    if (typeof value !== 'boolean') this.expected(key, 'true or false', value);
    return value;
  }

  nonNegativeInteger(key: string, value: unknown): number {
    const what = 'a non-negative integer';
    if (typeof value === 'bigint') {
      if (value < 0n) this.expected(key, what, value);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
        this.fail(key, `expected ${what} no larger than ${Number.MAX_SAFE_INTEGER}, got ${describeValue(key, value)}`);
      }
      return Number(value);
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      this.expected(key, what, value);
    }
    if (!Number.isSafeInteger(value)) {
      this.fail(key, `expected ${what} no larger than ${Number.MAX_SAFE_INTEGER}, got ${describeValue(key, value)}`);
    }
    return value;
  }

  stringArray(key: string, value: unknown): string[] {
    if (!Array.isArray(value)) this.expected(key, 'an array of strings', value);
    return value.map((item, i) => this.string(`${key}[${i}]`, item));
  }
}

/**
 * Checks that `statement` is exactly one `PRAGMA …` statement and returns it without
 * trailing semicolons. A `;` inside a quoted string or identifier does not end it.
 */
export function checkPragmaStatement(statement: string): { ok: true; value: string } | { ok: false; problem: string } {
  // SQLite would stop reading at a NUL and silently run only what comes before it.
  if (statement.includes('\0')) return { ok: false, problem: 'expected a PRAGMA statement, found a NUL character (\\u0000)' };
  const trimmed = statement.trim();
  if (!/^pragma\s/i.test(trimmed)) {
    return { ok: false, problem: 'expected a statement that starts with PRAGMA' };
  }
  let quote: string | null = null;
  let end = trimmed.length;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
    } else if (c === '[') {
      quote = ']';
    } else if (c === ';') {
      end = i;
      break;
    }
  }
  if (quote !== null) return { ok: false, problem: 'expected a PRAGMA statement, found an unclosed quote' };
  if (!/^[\s;]*$/.test(trimmed.slice(end))) {
    return { ok: false, problem: 'expected a single PRAGMA statement, found a second statement after ";"' };
  }
  return { ok: true, value: trimmed.slice(0, end).trimEnd() };
}

const TOP_KEYS = ['bot', 'db', 'discord', 'metrics'] as const;
const BOT_KEYS = ['token', 'extensions', 'allow_jishaku', 'inbox', 'intents'] as const;
const INBOX_KEYS = ['max_attachment_size'] as const;
const DB_KEYS = ['path', 'pragmas', 'key_template', 'url'] as const;
const DISCORD_KEYS = ['api_url', 'shard_count', 'shard_ids'] as const;
const METRICS_KEYS = ['enabled', 'host', 'port'] as const;
const INTENT_KEYS: readonly string[] = [...INTENT_NAMES, ...Object.keys(INTENT_ALIASES)];

/** Every table of the file (by key path, '' for the document) and the keys it may hold. */
const TABLE_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': TOP_KEYS,
  bot: BOT_KEYS,
  'bot.inbox': INBOX_KEYS,
  'bot.intents': INTENT_KEYS,
  db: DB_KEYS,
  discord: DISCORD_KEYS,
  metrics: METRICS_KEYS,
};

/**
 * Every key the file may contain, as dotted paths in document order, with whether it is
 * a table. Derived from the same lists the validator checks against, so that tests (and
 * tools) see a new key as soon as the schema accepts it.
 */
export function schemaKeys(): Array<{ path: string; table: boolean }> {
  const out: Array<{ path: string; table: boolean }> = [];
  const walk = (table: string): void => {
    for (const name of TABLE_KEYS[table] ?? []) {
      const path = table === '' ? name : `${table}.${name}`;
      const isTable = Object.hasOwn(TABLE_KEYS, path);
      out.push({ path, table: isTable });
      if (isTable) walk(path);
    }
  };
  walk('');
  return out;
}

/**
 * Merges a parsed TOML document over the defaults and validates the result. `file` is
 * only used in messages. `db.path` is checked for type here; placeholders are expanded
 * when loading (see load.ts).
 */
export function parseConfig(raw: unknown, file: string): { config: Config; notices: string[] } {
  const v: Validator = new Validator(file);
  if (!isTable(raw)) v.fail('', `expected a TOML document, got ${describeType(raw)}`);
  const merged = mergeOver(defaultConfigTemplate() as unknown as Table, raw);

  const root = v.table('', merged);

  const botRaw = v.table('bot', root['bot']);
  const inboxRaw = v.table('bot.inbox', botRaw['inbox']);
  const intentsRaw = v.table(
    'bot.intents',
    botRaw['intents'],
    'unknown intent (use the snake_case flag names of discord.py, e.g. message_content)',
  );
  const intentValues: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(intentsRaw)) {
    intentValues[name] = v.boolean(`bot.intents.${name}`, value);
  }

  const bot: Config['bot'] = {
    token: checkToken(v, v.string('bot.token', botRaw['token'])),
    inbox: {
      max_attachment_size: v.nonNegativeInteger('bot.inbox.max_attachment_size', inboxRaw['max_attachment_size']),
    },
    intents: resolveIntents(DEFAULT_CONFIG.bot.intents, intentValues),
  };
  const ignored: string[] = [];
  if (botRaw['extensions'] !== undefined) {
    bot.extensions = v.stringArray('bot.extensions', botRaw['extensions']);
    ignored.push('bot.extensions');
  }
  if (botRaw['allow_jishaku'] !== undefined) {
    bot.allow_jishaku = v.boolean('bot.allow_jishaku', botRaw['allow_jishaku']);
    ignored.push('bot.allow_jishaku');
  }
  if (ignored.length > 0) {
    v.notices.push(
      `${file}: ${ignored.join(' and ')} ${ignored.length > 1 ? 'are' : 'is'} only read by the Python bot; ignored here`,
    );
  }

  const dbRaw = v.table('db', root['db']);
  const dbPath = v.string('db.path', dbRaw['path']);
  if (dbPath.trim() === '') v.fail('db.path', 'expected a file path, got an empty string');
  // SQLite would silently open the file named by what comes before a NUL.
  if (dbPath.includes('\0')) v.fail('db.path', 'expected a file path, found a NUL character (\\u0000)');
  const pragmas = v.stringArray('db.pragmas', dbRaw['pragmas']).map((statement, i) => {
    const checked = checkPragmaStatement(statement);
    if (!checked.ok) v.fail(`db.pragmas[${i}]`, checked.problem);
    return checked.value;
  });
  let keyTemplate = v.string('db.key_template', dbRaw['key_template']);
  if (keyTemplate.trim() !== '') {
    const checked = checkPragmaStatement(keyTemplate);
    if (!checked.ok) v.fail('db.key_template', checked.problem);
    if (!checked.value.includes('{}')) {
      v.fail('db.key_template', 'expected a template containing {} where the key goes, e.g. PRAGMA key = \'{}\'');
    }
    keyTemplate = checked.value;
  } else {
    keyTemplate = '';
  }

  const checkedDbUrl = checkDbUrl(v.string('db.url', dbRaw['url']));
  if (!checkedDbUrl.ok) v.fail('db.url', checkedDbUrl.problem);
  const dbUrl = checkedDbUrl.value;
  if (dbUrl !== '' && isTable(raw) && isTable(raw['db'])) {
    const given = (['path', 'key_template', 'pragmas'] as const).filter((k) => (raw['db'] as Table)[k] !== undefined).map((k) => `db.${k}`);
    if (given.length > 0) v.notices.push(`${file}: db.url is set, so the bot uses PostgreSQL and ${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} ignored`);
  }

  const discordRaw = v.table('discord', root['discord']);
  const checkedUrl = checkApiUrl(v.string('discord.api_url', discordRaw['api_url']));
  if (!checkedUrl.ok) v.fail('discord.api_url', checkedUrl.problem);
  const apiUrl = checkedUrl.value;
  const { shardCount, shardIds } = checkShards(v, discordRaw['shard_count'], discordRaw['shard_ids']);

  const metricsRaw = v.table('metrics', root['metrics']);
  const metricsHost = checkListenHost(v.string('metrics.host', metricsRaw['host']));
  if (!metricsHost.ok) v.fail('metrics.host', metricsHost.problem);
  const metricsPort = v.nonNegativeInteger('metrics.port', metricsRaw['port']);
  if (metricsPort > 65535) v.fail('metrics.port', `expected a TCP port from 0 to 65535, got ${metricsPort}`);

  return {
    config: {
      bot,
      db: { path: dbPath, pragmas, key_template: keyTemplate, url: dbUrl },
      discord: { api_url: apiUrl, shard_count: shardCount, shard_ids: shardIds },
      metrics: {
        enabled: v.boolean('metrics.enabled', metricsRaw['enabled']),
        host: metricsHost.value,
        port: metricsPort,
      },
    },
    notices: v.notices,
  };
}

/**
 * `discord.shard_count` (0: Discord's recommendation) and `discord.shard_ids` (empty: all).
 * Ids only mean something for a fixed count, so they need `shard_count`; each must be
 * below it, and none twice (two sessions of one shard would each get its events).
 */
function checkShards(v: Validator, countRaw: unknown, idsRaw: unknown): { shardCount: number; shardIds: number[] } {
  const shardCount = v.nonNegativeInteger('discord.shard_count', countRaw);
  if (!Array.isArray(idsRaw)) v.expected('discord.shard_ids', 'an array of shard ids (non-negative integers)', idsRaw);
  const shardIds = idsRaw.map((id, i) => v.nonNegativeInteger(`discord.shard_ids[${i}]`, id));
  if (shardIds.length > 0 && shardCount === 0) {
    v.fail('discord.shard_ids', 'expected discord.shard_count to be set too (shard ids only mean something for a fixed number of shards)');
  }
  const seen = new Set<number>();
  for (const [i, id] of shardIds.entries()) {
    if (id >= shardCount) v.fail(`discord.shard_ids[${i}]`, `expected a shard id below discord.shard_count (${shardCount}), got ${id}`);
    if (seen.has(id)) v.fail(`discord.shard_ids[${i}]`, `expected each shard id once, got ${id} twice`);
    seen.add(id);
  }
  return { shardCount, shardIds };
}

/**
 * The token goes into an HTTP header and the gateway's IDENTIFY: surrounding spaces are
 * dropped, anything else but visible ASCII is refused. The value is never shown.
 */
function checkToken(v: Validator, value: string): string {
  const token = value.trim();
  if (!/^[\x21-\x7e]*$/.test(token)) {
    v.fail(
      'bot.token',
      'expected a bot token as copied from the developer portal (visible ASCII characters only), found spaces, control characters or non-ASCII characters',
    );
  }
  return token;
}

/**
 * Checks a REST base URL (discord.api_url, THETICKETBOT_API_URL) and returns it
 * normalised: no stray whitespace or control characters, and no trailing slash, which
 * would double up in front of the "/v10/…" that REST clients append.
 */
export function checkApiUrl(value: string): { ok: true; value: string } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: `expected an http:// or https:// URL, got ${quoteText(value)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: `expected an http:// or https:// URL, got ${quoteText(value)}` };
  }
  // An empty query ("…/api?") or fragment leaves url.search and url.hash empty, yet would
  // still end up in front of "/v10/…".
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(value)) {
    return { ok: false, problem: `expected a URL without a query or fragment, got ${quoteText(value)}` };
  }
  const href = url.href;
  let end = href.length;
  while (end > 0 && href[end - 1] === '/') end--;
  return { ok: true, value: href.slice(0, end) };
}

/**
 * Checks the address the metrics listener binds to: a host name or an IP address as
 * Node's `listen()` takes it (IPv6 without brackets), nothing that looks like a URL.
 */
export function checkListenHost(value: string): { ok: true; value: string } | { ok: false; problem: string } {
  const host = value.trim();
  if (!/^[A-Za-z0-9._:%-]+$/.test(host) || host.length > 253) {
    return { ok: false, problem: `expected a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0, got ${quoteText(value)}` };
  }
  return { ok: true, value: host };
}

/**
 * THETICKETBOT_METRICS_ENABLED, _HOST and _PORT override the [metrics] keys, so a
 * container can switch the listener on and publish it without a config file change.
 */
export function metricsFromEnv(metrics: Config['metrics'], env: Record<string, string | undefined>): Config['metrics'] {
  const out = { ...metrics };
  const enabled = env.THETICKETBOT_METRICS_ENABLED?.trim();
  if (enabled) {
    const on = /^(true|1|yes|on)$/i.test(enabled);
    if (!on && !/^(false|0|no|off)$/i.test(enabled)) {
      throw new ConfigError(`THETICKETBOT_METRICS_ENABLED: expected true or false, got ${quoteText(enabled)}`);
    }
    out.enabled = on;
  }
  const host = env.THETICKETBOT_METRICS_HOST?.trim();
  if (host) {
    const checked = checkListenHost(host);
    if (!checked.ok) throw new ConfigError(`THETICKETBOT_METRICS_HOST: ${checked.problem}`);
    out.host = checked.value;
  }
  const port = env.THETICKETBOT_METRICS_PORT?.trim();
  if (port) {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
      throw new ConfigError(`THETICKETBOT_METRICS_PORT: expected a TCP port from 0 to 65535, got ${quoteText(port)}`);
    }
    out.port = Number(port);
  }
  return out;
}

/**
 * db.url (or THETICKETBOT_DB_URL): '' for SQLite, else postgres://user:password@host:port/database.
 * Problems never quote the URL: it may carry the password.
 */
export function checkDbUrl(url: string): { ok: true; value: string } | { ok: false; problem: string } {
  const value = url.trim();
  if (value === '') return { ok: true, value: '' };
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { ok: false, problem: 'expected a URL such as postgres://user:password@host:5432/database' };
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return { ok: false, problem: `expected a postgres:// or postgresql:// URL, got one starting with ${parsed.protocol}//` };
  }
  if (parsed.pathname.length <= 1 && !parsed.searchParams.has('dbname')) {
    return { ok: false, problem: 'expected the database name at the end of the URL, e.g. postgres://user:password@host:5432/theticketbot' };
  }
  return { ok: true, value };
}

/** A database URL as it may be shown: the password replaced. */
export function redactDbUrl(url: string, mark = '<redacted>'): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = 'PASSWORD';
    return parsed.toString().replace(':PASSWORD@', `:${mark}@`);
  } catch {
    return mark;
  }
}
