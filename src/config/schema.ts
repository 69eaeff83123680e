// Every configuration key, its default and its rule. Key names are those of the Python
// original so that an existing config.toml keeps working.
import { INTENT_ALIASES, INTENT_NAMES, resolveIntents, type IntentName } from '../discord/intents.ts';

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
  };
  discord: { api_url: string };
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
  },
  discord: { api_url: 'https://discord.com/api' },
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
  return key === 'bot.token' || key === 'db.key_template' || key.startsWith('db.pragmas');
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
  return typeof value;
}

function describeValue(key: string, value: unknown): string {
  if (isSecretKey(key) || isTable(value) || Array.isArray(value) || value instanceof Date) {
    return describeType(value);
  }
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  return String(value);
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

  /** `key` is '' for the document itself; `unknown` describes a key that is not `known`. */
  table(key: string, value: unknown, known: readonly string[], unknown?: string): Table {
    if (!isTable(value)) this.expected(key, 'a table', value);
    for (const k of Object.keys(value)) {
      if (!known.includes(k)) {
        this.fail(key === '' ? k : `${key}.${k}`, unknown ?? `unknown key (known keys: ${known.join(', ')})`);
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
        this.fail(key, `expected ${what} no larger than ${Number.MAX_SAFE_INTEGER}, got ${value}`);
      }
      return Number(value);
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      this.expected(key, what, value);
    }
    if (!Number.isSafeInteger(value)) {
      this.fail(key, `expected ${what} no larger than ${Number.MAX_SAFE_INTEGER}, got ${value}`);
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

const TOP_KEYS = ['bot', 'db', 'discord'] as const;
const BOT_KEYS = ['token', 'extensions', 'allow_jishaku', 'inbox', 'intents'] as const;
const INBOX_KEYS = ['max_attachment_size'] as const;
const DB_KEYS = ['path', 'pragmas', 'key_template'] as const;
const DISCORD_KEYS = ['api_url'] as const;
const INTENT_KEYS: readonly string[] = [...INTENT_NAMES, ...Object.keys(INTENT_ALIASES)];

/**
 * Merges a parsed TOML document over the defaults and validates the result. `file` is
 * only used in messages. `db.path` is checked for type here; placeholders are expanded
 * when loading (see load.ts).
 */
export function parseConfig(raw: unknown, file: string): { config: Config; notices: string[] } {
  const v: Validator = new Validator(file);
  if (!isTable(raw)) v.fail('', `expected a TOML document, got ${describeType(raw)}`);
  const merged = mergeOver(defaultConfigTemplate() as unknown as Table, raw);

  const root = v.table('', merged, TOP_KEYS);

  const botRaw = v.table('bot', root['bot'], BOT_KEYS);
  const inboxRaw = v.table('bot.inbox', botRaw['inbox'], INBOX_KEYS);
  const intentsRaw = v.table(
    'bot.intents',
    botRaw['intents'],
    INTENT_KEYS,
    'unknown intent (use the snake_case flag names of discord.py, e.g. message_content)',
  );
  const intentValues: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(intentsRaw)) {
    intentValues[name] = v.boolean(`bot.intents.${name}`, value);
  }

  const bot: Config['bot'] = {
    token: v.string('bot.token', botRaw['token']),
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

  const dbRaw = v.table('db', root['db'], DB_KEYS);
  const dbPath = v.string('db.path', dbRaw['path']);
  if (dbPath.trim() === '') v.fail('db.path', 'expected a file path, got an empty string');
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

  const discordRaw = v.table('discord', root['discord'], DISCORD_KEYS);
  const apiUrl = checkApiUrl(v, v.string('discord.api_url', discordRaw['api_url']));

  return {
    config: {
      bot,
      db: { path: dbPath, pragmas, key_template: keyTemplate },
      discord: { api_url: apiUrl },
    },
    notices: v.notices,
  };
}

function checkApiUrl(v: Validator, value: string): string {
  const key = 'discord.api_url';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    v.expected(key, 'an http:// or https:// URL', value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    v.expected(key, 'an http:// or https:// URL', value);
  }
  if (url.search !== '' || url.hash !== '') {
    v.expected(key, 'a URL without a query or fragment', value);
  }
  // REST clients append "/v10/…" to the base, so a trailing slash would double up.
  return value.trim().replace(/\/+$/, '');
}
