import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'smol-toml';
import {
  checkPragmaStatement,
  metricsFromEnv,
  ConfigError,
  DEFAULT_CONFIG,
  parseConfig,
  type Config,
} from '../../../src/config/schema.ts';

const FILE = 'config.toml';

function fromToml(text: string): { config: Config; notices: string[] } {
  return parseConfig(parse(text, { integersAsBigInt: 'asNeeded' }), FILE);
}

function rejects(text: string, message: string | RegExp): void {
  assert.throws(
    () => fromToml(text),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
      if (typeof message === 'string') assert.equal(err.message, message);
      else assert.match(err.message, message);
      return true;
    },
  );
}

test('an empty document gives the defaults', () => {
  const { config, notices } = fromToml('');
  assert.deepEqual(config, DEFAULT_CONFIG);
  assert.deepEqual(notices, []);
  assert.equal(config.bot.token, '');
  assert.equal(config.bot.inbox.max_attachment_size, 5_000_000);
  assert.equal(config.db.path, '${USER_DATA_DIR}/theticketbot.db');
  assert.deepEqual(config.db.pragmas, []);
  assert.equal(config.db.key_template, '');
  assert.equal(config.discord.api_url, 'https://discord.com/api');
  const on = Object.entries(config.bot.intents).filter(([, v]) => v).map(([k]) => k).sort();
  assert.deepEqual(on, ['guild_messages', 'guilds', 'members']);
});

test('the defaults cannot be changed by accident', () => {
  assert.throws(() => {
    (DEFAULT_CONFIG.bot.inbox as { max_attachment_size: number }).max_attachment_size = 1;
  }, TypeError);
  const { config } = fromToml('');
  config.bot.intents.presences = true;
  assert.equal(DEFAULT_CONFIG.bot.intents.presences, false);
});

test('tables merge recursively; other values replace', () => {
  const { config } = fromToml(`
[bot]
token = "a.b.c"
[bot.intents]
members = false
message_content = true
[db]
pragmas = ["PRAGMA cipher = 'sqlcipher'", "pragma legacy = 4;"]
`);
  assert.equal(config.bot.token, 'a.b.c');
  assert.equal(config.bot.intents.members, false);
  assert.equal(config.bot.intents.message_content, true);
  assert.equal(config.bot.intents.guilds, true, 'untouched intents keep their default');
  assert.equal(config.bot.inbox.max_attachment_size, 5_000_000, 'untouched table keeps its default');
  assert.deepEqual(config.db.pragmas, ["PRAGMA cipher = 'sqlcipher'", 'pragma legacy = 4']);
  assert.equal(config.db.path, '${USER_DATA_DIR}/theticketbot.db');
});

test('a config.toml written for the Python original is accepted, with one notice', () => {
  const { config, notices } = fromToml(`
[bot]
token = ""
extensions = [".cogs.cleanup", ".cogs.inbox"]
allow_jishaku = true

[bot.inbox]
max_attachment_size = 5000000

[bot.intents]
guild_messages = true
guilds = true
members = true
auto_moderation = false
emojis_and_stickers = false
moderation = false
dm_polls = false

[db]
path = "data/theticketbot.db"
pragmas = []
key_template = ""
`);
  assert.equal(notices.length, 1);
  assert.match(notices[0]!, /^config\.toml: bot\.extensions and bot\.allow_jishaku are .*ignored/);
  assert.ok(!notices[0]!.includes('\n'));
  assert.deepEqual(config.bot.extensions, ['.cogs.cleanup', '.cogs.inbox']);
  assert.equal(config.bot.allow_jishaku, true);
  assert.equal(config.db.path, 'data/theticketbot.db');
  assert.equal(config.bot.intents.auto_moderation_configuration, false);
});

test('intent aliases resolve into the flags they cover', () => {
  const { config } = fromToml('[bot.intents]\nmessages = true\nguild_messages = false\nexpressions = true');
  assert.equal(config.bot.intents.guild_messages, true);
  assert.equal(config.bot.intents.dm_messages, true);
  assert.equal(config.bot.intents.emojis_and_stickers, true);
  assert.ok(!('messages' in config.bot.intents));
});

test('integers arrive as number or bigint', () => {
  assert.equal(parseConfig({ bot: { inbox: { max_attachment_size: 8n } } }, FILE).config.bot.inbox.max_attachment_size, 8);
  assert.equal(fromToml('[bot.inbox]\nmax_attachment_size = 0').config.bot.inbox.max_attachment_size, 0);
  assert.equal(fromToml('[bot.inbox]\nmax_attachment_size = 8.0').config.bot.inbox.max_attachment_size, 8);
  rejects(
    '[bot.inbox]\nmax_attachment_size = 9007199254740993',
    /^config\.toml: bot\.inbox\.max_attachment_size: expected a non-negative integer no larger than 9007199254740991/,
  );
});

test('wrong types name the file, the key and what was expected', () => {
  rejects(
    '[bot.inbox]\nmax_attachment_size = "abc"',
    'config.toml: bot.inbox.max_attachment_size: expected a non-negative integer, got "abc"',
  );
  rejects('[bot.inbox]\nmax_attachment_size = -1', 'config.toml: bot.inbox.max_attachment_size: expected a non-negative integer, got -1');
  rejects('[bot.inbox]\nmax_attachment_size = 1.5', 'config.toml: bot.inbox.max_attachment_size: expected a non-negative integer, got 1.5');
  rejects('[bot.intents]\nmembers = "yes"', 'config.toml: bot.intents.members: expected true or false, got "yes"');
  rejects('bot = 3', 'config.toml: bot: expected a table, got 3');
  rejects('[db]\npragmas = "PRAGMA x = 1"', /^config\.toml: db\.pragmas: expected an array of strings, got a string$/);
  rejects('[db]\npragmas = [1]', 'config.toml: db.pragmas[0]: expected a string, got an integer');
  rejects('[db]\npath = 5', 'config.toml: db.path: expected a string, got 5');
  rejects('[db]\npath = ""', 'config.toml: db.path: expected a file path, got an empty string');
  rejects('[bot]\nextensions = "x"', 'config.toml: bot.extensions: expected an array of strings, got "x"');
  rejects('[bot]\nallow_jishaku = 1', 'config.toml: bot.allow_jishaku: expected true or false, got 1');
  rejects('[discord]\napi_url = 1979-05-27', 'config.toml: discord.api_url: expected a string, got a date');
});

test('secret values are never echoed in errors', () => {
  rejects('[bot]\ntoken = 12345', 'config.toml: bot.token: expected a string, got an integer');
  assert.throws(() => fromToml('[db]\npragmas = ["PRAGMA key = \'hunter2\'; DROP TABLE x"]'), (err: Error) => {
    assert.ok(!err.message.includes('hunter2'));
    return true;
  });
  assert.throws(() => fromToml('[db]\nkey_template = "PRAGMA key = \'hunter2\'"'), (err: Error) => {
    assert.match(err.message, /^config\.toml: db\.key_template: .*\{\}/);
    assert.ok(!err.message.includes('hunter2'));
    return true;
  });
});

test('unknown keys are rejected at every level', () => {
  rejects('foo = 1', /^config\.toml: foo: unknown key \(known keys: bot, db, discord, metrics\)$/);
  rejects('[bot]\ntokne = "x"', /^config\.toml: bot\.tokne: unknown key/);
  rejects('[bot.inbox]\nmax_size = 1', /^config\.toml: bot\.inbox\.max_size: unknown key/);
  rejects('[bot.intents]\nmessage_contents = true', /^config\.toml: bot\.intents\.message_contents: unknown intent/);
  rejects('[db]\nkey = "x"', /^config\.toml: db\.key: unknown key/);
  rejects('[discord]\ntoken = "x"', /^config\.toml: discord\.token: unknown key/);
});

test('a "__proto__" key is an unknown key, not a prototype', () => {
  const raw = JSON.parse('{"__proto__": {"x": 1}, "bot": {"__proto__": {}}}') as unknown;
  assert.throws(() => parseConfig(raw, FILE), /config\.toml: (__proto__|bot\.__proto__): unknown key/);
});

test('pragmas: exactly one PRAGMA statement each', () => {
  assert.deepEqual(checkPragmaStatement('  PRAGMA journal_mode = WAL ;; '), { ok: true, value: 'PRAGMA journal_mode = WAL' });
  assert.deepEqual(checkPragmaStatement("PRAGMA key = 'a;b'"), { ok: true, value: "PRAGMA key = 'a;b'" });
  assert.equal(checkPragmaStatement('PRAGMA a = 1; PRAGMA b = 2').ok, false);
  assert.equal(checkPragmaStatement('PRAGMA a = 1; DROP TABLE inbox').ok, false);
  assert.equal(checkPragmaStatement('SELECT 1').ok, false);
  assert.equal(checkPragmaStatement('PRAGMAS x').ok, false);
  assert.equal(checkPragmaStatement("PRAGMA key = 'x").ok, false);
  rejects('[db]\npragmas = ["PRAGMA a = 1", "VACUUM"]', /^config\.toml: db\.pragmas\[1\]: expected a statement that starts with PRAGMA$/);
  rejects('[db]\npragmas = ["PRAGMA a = 1; PRAGMA b = 2"]', /^config\.toml: db\.pragmas\[0\]: expected a single PRAGMA statement/);
});

test('key_template: empty, or one PRAGMA statement holding {}', () => {
  assert.equal(fromToml('[db]\nkey_template = "PRAGMA key = \'{}\';"').config.db.key_template, "PRAGMA key = '{}'");
  assert.equal(fromToml('[db]\nkey_template = "  "').config.db.key_template, '');
  rejects('[db]\nkey_template = "SELECT \'{}\'"', /^config\.toml: db\.key_template: expected a statement that starts with PRAGMA$/);
  rejects('[db]\nkey_template = "PRAGMA key = \'{}\'; PRAGMA x"', /^config\.toml: db\.key_template: expected a single PRAGMA statement/);
});

test('discord.api_url must be an http(s) URL; trailing slashes are dropped', () => {
  assert.equal(fromToml('[discord]\napi_url = "http://127.0.0.1:8080/api/"').config.discord.api_url, 'http://127.0.0.1:8080/api');
  rejects('[discord]\napi_url = "discord.com/api"', 'config.toml: discord.api_url: expected an http:// or https:// URL, got "discord.com/api"');
  rejects('[discord]\napi_url = "ftp://example.com"', /expected an http:\/\/ or https:\/\/ URL/);
  rejects('[discord]\napi_url = "https://example.com/api?x=1"', /without a query/);
});

test('discord.shard_count and shard_ids: Discord’s count by default; ids need a count, stay below it and appear once', () => {
  assert.deepEqual(fromToml('').config.discord, { api_url: 'https://discord.com/api', shard_count: 0, shard_ids: [] });
  assert.deepEqual(fromToml('[discord]\nshard_count = 4').config.discord.shard_count, 4);
  const both = fromToml('[discord]\nshard_count = 4\nshard_ids = [3, 0]').config.discord;
  assert.deepEqual([both.shard_count, both.shard_ids], [4, [3, 0]]);
  rejects('[discord]\nshard_ids = [0]', 'config.toml: discord.shard_ids: expected discord.shard_count to be set too (shard ids only mean something for a fixed number of shards)');
  rejects('[discord]\nshard_count = 2\nshard_ids = [0, 2]', 'config.toml: discord.shard_ids[1]: expected a shard id below discord.shard_count (2), got 2');
  rejects('[discord]\nshard_count = 2\nshard_ids = [1, 1]', 'config.toml: discord.shard_ids[1]: expected each shard id once, got 1 twice');
  rejects('[discord]\nshard_count = -1', 'config.toml: discord.shard_count: expected a non-negative integer, got -1');
  rejects('[discord]\nshard_count = "2"', 'config.toml: discord.shard_count: expected a non-negative integer, got "2"');
  rejects('[discord]\nshard_count = 2\nshard_ids = 1', 'config.toml: discord.shard_ids: expected an array of shard ids (non-negative integers), got 1');
  rejects('[discord]\nshard_count = 2\nshard_ids = [0.5]', 'config.toml: discord.shard_ids[0]: expected a non-negative integer, got 0.5');
});

test('ConfigError exposes file and key', () => {
  try {
    fromToml('[bot.inbox]\nmax_attachment_size = true');
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.file, FILE);
    assert.equal(err.key, 'bot.inbox.max_attachment_size');
    assert.equal(err.name, 'ConfigError');
  }
  assert.equal(new ConfigError('plain message').message, 'plain message');
});

test('[metrics] is off by default, on 127.0.0.1:9464; host and port are checked', () => {
  assert.deepEqual(fromToml('').config.metrics, { enabled: false, host: '127.0.0.1', port: 9464 });
  assert.deepEqual(fromToml('[metrics]\nenabled = true\nhost = "0.0.0.0"\nport = 0').config.metrics, { enabled: true, host: '0.0.0.0', port: 0 });
  assert.equal(fromToml('[metrics]\nhost = "::1"').config.metrics.host, '::1');
  assert.equal(fromToml('[metrics]\nhost = "metrics.internal"').config.metrics.host, 'metrics.internal');
  rejects('[metrics]\nenabled = "yes"', 'config.toml: metrics.enabled: expected true or false, got "yes"');
  rejects('[metrics]\nport = 65536', 'config.toml: metrics.port: expected a TCP port from 0 to 65535, got 65536');
  rejects('[metrics]\nport = -1', 'config.toml: metrics.port: expected a non-negative integer, got -1');
  rejects('[metrics]\nport = "9464"', 'config.toml: metrics.port: expected a non-negative integer, got "9464"');
  rejects('[metrics]\nhost = "http://127.0.0.1:9464"', /^config\.toml: metrics\.host: expected a host name or IP address to listen on/);
  rejects('[metrics]\nhost = ""', /^config\.toml: metrics\.host: expected a host name or IP address/);
  rejects('[metrics]\npath = "/metrics"', /^config\.toml: metrics\.path: unknown key \(known keys: enabled, host, port\)$/);
});

test('THETICKETBOT_METRICS_ENABLED, _HOST and _PORT override [metrics]; bad values name the variable', () => {
  const base = DEFAULT_CONFIG.metrics;
  assert.deepEqual(metricsFromEnv(base, {}), base);
  assert.deepEqual(metricsFromEnv(base, { THETICKETBOT_METRICS_ENABLED: 'true', THETICKETBOT_METRICS_HOST: '0.0.0.0', THETICKETBOT_METRICS_PORT: '9100' }), {
    enabled: true,
    host: '0.0.0.0',
    port: 9100,
  });
  assert.equal(metricsFromEnv({ ...base, enabled: true }, { THETICKETBOT_METRICS_ENABLED: '0' }).enabled, false);
  assert.throws(() => metricsFromEnv(base, { THETICKETBOT_METRICS_ENABLED: 'maybe' }), /^ConfigError: THETICKETBOT_METRICS_ENABLED: expected true or false, got "maybe"$/);
  assert.throws(() => metricsFromEnv(base, { THETICKETBOT_METRICS_PORT: '99999' }), /^ConfigError: THETICKETBOT_METRICS_PORT: expected a TCP port from 0 to 65535/);
  assert.throws(() => metricsFromEnv(base, { THETICKETBOT_METRICS_PORT: '9e3' }), /THETICKETBOT_METRICS_PORT/);
  assert.throws(() => metricsFromEnv(base, { THETICKETBOT_METRICS_HOST: 'a b' }), /THETICKETBOT_METRICS_HOST: expected a host name/);
});
