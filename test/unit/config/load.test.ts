import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';
import {
  configSecrets,
  defaultConfig,
  dumpConfig,
  expandPlaceholders,
  findConfigFile,
  loadConfig,
  tomlString,
  writeTokenConfig,
} from '../../../src/config/load.ts';
import type { UserDirs } from '../../../src/config/paths.ts';
import { ConfigError } from '../../../src/config/schema.ts';

let tmp: string;
let dirs: UserDirs;
let cwd: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ttb-config-'));
  dirs = {
    config: path.join(tmp, 'cfg'),
    data: path.join(tmp, 'data'),
    log: path.join(tmp, 'state', 'log'),
    state: path.join(tmp, 'state'),
    runtime: path.join(tmp, 'run'),
  };
  cwd = path.join(tmp, 'cwd');
  fs.mkdirSync(cwd);
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function configError(pattern: RegExp): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  };
}

test('findConfigFile: nothing found', () => {
  assert.deepEqual(findConfigFile({ dirs, cwd }), { path: null });
});

test('findConfigFile: an explicit file must exist; relative to cwd', () => {
  assert.throws(() => findConfigFile({ explicit: 'nope.toml', dirs, cwd }), configError(/nope\.toml: .*does not exist$/));
  const file = write(path.join(cwd, 'mine.toml'), '');
  write(path.join(dirs.config, 'config.toml'), '');
  assert.deepEqual(findConfigFile({ explicit: 'mine.toml', dirs, cwd }), { path: file });
  assert.throws(() => findConfigFile({ explicit: tmp, dirs, cwd }), configError(/not a regular file/));
});

test('findConfigFile: user config dir first, then ./config.toml', () => {
  const legacy = write(path.join(cwd, 'config.toml'), '');
  assert.deepEqual(findConfigFile({ dirs, cwd }), { path: legacy });
  const user = write(path.join(dirs.config, 'config.toml'), '');
  const found = findConfigFile({ dirs, cwd });
  assert.equal(found.path, user);
  assert.ok(found.warning?.includes(user) && found.warning.includes(legacy));
  fs.rmSync(legacy);
  assert.deepEqual(findConfigFile({ dirs, cwd }), { path: user });
});

test('findConfigFile: no warning when the current directory is the config dir', () => {
  const user = write(path.join(dirs.config, 'config.toml'), '');
  assert.deepEqual(findConfigFile({ dirs, cwd: dirs.config }), { path: user });
});

test('loadConfig: expands placeholders in db.path and resolves it against cwd', () => {
  const file = write(path.join(tmp, 'a.toml'), '');
  assert.equal(loadConfig(file, dirs, { cwd }).config.db.path, path.join(dirs.data, 'theticketbot.db'));
  write(file, '[db]\npath = "${USER_STATE_DIR}/x/$USER_LOG_DIR-$$.db"');
  assert.equal(loadConfig(file, dirs, { cwd }).config.db.path, path.resolve(`${dirs.state}/x/${dirs.log}-$.db`));
  write(file, '[db]\npath = "data/theticketbot.db"');
  assert.equal(loadConfig(file, dirs, { cwd }).config.db.path, path.join(cwd, 'data', 'theticketbot.db'));
});

test('loadConfig: an unknown placeholder is an error', () => {
  const file = write(path.join(tmp, 'a.toml'), '[db]\npath = "${HOME}/x.db"');
  assert.throws(() => loadConfig(file, dirs, { cwd }), configError(/a\.toml: db\.path: unknown placeholder \$\{HOME\}/));
  write(file, '[db]\npath = "/x/$5.db"');
  assert.throws(() => loadConfig(file, dirs, { cwd }), configError(/db\.path: a lone "\$"/));
});

test('expandPlaceholders knows all five directories', () => {
  const where = { file: null, key: 'db.path' };
  assert.equal(expandPlaceholders('${USER_CONFIG_DIR}', dirs, where), dirs.config);
  assert.equal(expandPlaceholders('${USER_DATA_DIR}', dirs, where), dirs.data);
  assert.equal(expandPlaceholders('${USER_LOG_DIR}', dirs, where), dirs.log);
  assert.equal(expandPlaceholders('${USER_STATE_DIR}', dirs, where), dirs.state);
  assert.equal(expandPlaceholders('${USER_RUNTIME_DIR}', dirs, where), dirs.runtime);
  assert.throws(() => expandPlaceholders('${user_data_dir}', dirs, where), ConfigError);
});

test('loadConfig: a TOML syntax error names file, line and column and shows no source', () => {
  const file = write(path.join(tmp, 'bad.toml'), '[bot]\ntoken = "abc.def.ghi\n');
  assert.throws(
    () => loadConfig(file, dirs, { cwd }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: invalid TOML: `));
      assert.ok(!err.message.includes('abc.def'), 'the token is not echoed');
      assert.ok(!err.message.includes('\n'));
      return true;
    },
  );
});

test('loadConfig: a missing file, and a UTF-8 BOM', () => {
  assert.throws(() => loadConfig(path.join(tmp, 'none.toml'), dirs), configError(/does not exist/));
  const file = write(path.join(tmp, 'bom.toml'), '\uFEFF[bot]\ntoken = "t"\n');
  assert.equal(loadConfig(file, dirs, { cwd }).config.bot.token, 't');
});

test('loadConfig: returns notices for ignored keys', () => {
  const file = write(path.join(tmp, 'old.toml'), '[bot]\nallow_jishaku = false\n');
  const { notices } = loadConfig(file, dirs, { cwd });
  assert.equal(notices.length, 1);
  assert.match(notices[0]!, /bot\.allow_jishaku/);
});

test('defaultConfig: defaults with expanded paths', () => {
  const config = defaultConfig(dirs, { cwd });
  assert.equal(config.db.path, path.join(dirs.data, 'theticketbot.db'));
  assert.equal(config.bot.token, '');
});

test('dumpConfig: same keys as the TOML, secrets redacted', () => {
  const file = write(
    path.join(tmp, 'c.toml'),
    `[bot]
token = "MTIz.secret.token"
extensions = []
[db]
key_template = "PRAGMA key = '{}'"
pragmas = ["PRAGMA key = 'hunter2'", "PRAGMA cipher = 'sqlcipher'"]
`,
  );
  const config = loadConfig(file, dirs, { cwd }).config;
  const text = dumpConfig(config);
  assert.ok(!text.includes('MTIz') && !text.includes('secret') && !text.includes('hunter2'));
  const dumped = JSON.parse(text) as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(dumped), ['bot', 'db', 'discord', 'metrics']);
  assert.equal(dumped['bot']!['token'], '<redacted>');
  assert.ok(!('extensions' in dumped['bot']!));
  assert.deepEqual(dumped['bot']!['inbox'], { max_attachment_size: 5000000 });
  assert.equal((dumped['bot']!['intents'] as Record<string, boolean>)['members'], true);
  assert.equal(dumped['db']!['key_template'], '<redacted>');
  assert.deepEqual(dumped['db']!['pragmas'], ['<redacted>', "PRAGMA cipher = 'sqlcipher'"]);
  assert.equal(dumped['db']!['path'], path.join(dirs.data, 'theticketbot.db'));
  assert.deepEqual(dumped['discord'], { api_url: 'https://discord.com/api', shard_count: 0, shard_ids: [] });
  assert.deepEqual(dumped['metrics'], { enabled: false, host: '127.0.0.1', port: 9464 });

  const empty = JSON.parse(dumpConfig(defaultConfig(dirs))) as { bot: { token: string }; db: { key_template: string } };
  assert.equal(empty.bot.token, '');
  assert.equal(empty.db.key_template, '');
});

test('db.url: the password is redacted in the dump and kept from the logs; a bad URL never echoes it', () => {
  const file = write(path.join(tmp, 'pg.toml'), `[db]\nurl = "postgres://bot:s3cr%40t-pass@db.example:5433/tickets"\npath = "/x/y.db"\n`);
  const loaded = loadConfig(file, dirs, { cwd });
  assert.equal(loaded.config.db.url, 'postgres://bot:s3cr%40t-pass@db.example:5433/tickets');
  assert.deepEqual(loaded.notices, [`${file}: db.url is set, so the bot uses PostgreSQL and db.path is ignored`]);
  const dumped = dumpConfig(loaded.config);
  assert.ok(!dumped.includes('s3cr'), dumped);
  assert.equal((JSON.parse(dumped) as { db: { url: string } }).db.url, 'postgres://bot:<redacted>@db.example:5433/tickets');
  assert.ok(configSecrets(loaded.config).includes('s3cr@t-pass'), 'the decoded password is a secret of the logs');

  const bad = write(path.join(tmp, 'pg-bad.toml'), `[db]\nurl = "mysql://bot:hunter2-pass@db/x"\n`);
  assert.throws(
    () => loadConfig(bad, dirs, { cwd }),
    (error: unknown) => error instanceof Error && /db\.url: expected a postgres:\/\/ or postgresql:\/\/ URL/.test(error.message) && !error.message.includes('hunter2'),
  );
  const noName = write(path.join(tmp, 'pg-noname.toml'), `[db]\nurl = "postgres://bot:pw@db:5432"\n`);
  assert.throws(() => loadConfig(noName, dirs, { cwd }), /db\.url: expected the database name/);
});

test('configSecrets: the token and key pragmas', () => {
  const config = defaultConfig(dirs);
  config.bot.token = 'tok';
  config.db.pragmas = ["PRAGMA key = 'hunter2'", 'PRAGMA legacy = 4'];
  assert.deepEqual(configSecrets(config), ['tok', "PRAGMA key = 'hunter2'", 'hunter2']);
});

test('writeTokenConfig: creates directories, mode 0600 whatever the umask, valid TOML', () => {
  const file = path.join(tmp, 'new', 'dir', 'config.toml');
  const token = 'abc"def\\ghi\u0001';
  const old = process.umask(0o000);
  try {
    writeTokenConfig(file, token);
  } finally {
    process.umask(old);
  }
  if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.startsWith('[bot]\ntoken = "'));
  assert.equal((parse(text)['bot'] as Record<string, unknown>)['token'], token);
  // Written faithfully, but a control character cannot go into an HTTP header: refused on load.
  assert.throws(() => loadConfig(file, dirs, { cwd }), configError(/bot\.token: expected a bot token/));
  assert.throws(() => writeTokenConfig(file, 'other'), configError(/already exists/));
});

test('tomlString escapes quotes, backslashes and control characters', () => {
  assert.equal(tomlString('a"b\\c\nd\te\u007f'), '"a\\"b\\\\c\\nd\\te\\u007f"');
  for (const s of ['', 'plain', 'ünïcødé 🎫', '\b\f\r']) assert.equal(parse(`x = ${tomlString(s)}`)['x'], s);
});
