// Property test: whatever the config file holds, loading it either succeeds with a sane
// configuration or throws a ConfigError whose one-line message names the file, the key
// (when there is one) and what was expected, and never shows a secret or a stack.
//
// Deterministic: every case has its own seed derived from the run seed. A failure prints
// the line to replay it, e.g.
//   FUZZ_SEED=2119680222 FUZZ_CASE='key:bot.token:array#3' node --import tsx --test test/unit/config/fuzz.test.ts
// FUZZ_SEED alone runs the whole suite with another seed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configSecrets, dumpConfig, loadConfig, loadConfigBytes } from '../../../src/config/load.ts';
import type { UserDirs } from '../../../src/config/paths.ts';
import { ConfigError, type Config } from '../../../src/config/schema.ts';
import { INTENT_NAMES } from '../../../src/discord/intents.ts';
import {
  caseSeed,
  defaultAt,
  garbageText,
  isSecretPath,
  KEYS,
  mutatedTemplate,
  randomBytes,
  Rng,
  SECRET_MARKER,
  TABLE_PATHS,
  templateToml,
  TOML_TYPES,
  unknownKey,
  wrongValue,
  type FuzzCase,
} from './fuzz-cases.ts';

const RUN_SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) >>> 0 : 0x7e57c0de;
const ONLY = process.env.FUZZ_CASE;

let tmp: string;
let dirs: UserDirs;
let cwd: string;
let file: string;

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ttb-fuzz-'));
  dirs = {
    config: path.join(tmp, 'cfg'),
    data: path.join(tmp, 'data'),
    log: path.join(tmp, 'state', 'log'),
    state: path.join(tmp, 'state'),
    runtime: path.join(tmp, 'run'),
  };
  cwd = path.join(tmp, 'cwd');
  fs.mkdirSync(cwd);
  file = path.join(tmp, 'fuzz config.toml');
});

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

type Outcome = 'loaded' | 'key error' | 'file error';

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Line breaks, controls, and characters that are invisible or reorder text. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

function preview(bytes: Buffer): string {
  const s = bytes.toString('utf8');
  const shown = JSON.stringify(s.length > 400 ? `${s.slice(0, 200)}…(${s.length} chars)…${s.slice(-150)}` : s);
  return shown.replace(new RegExp(UNPRINTABLE.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

class CaseFailure extends Error {
  readonly reason: string;
  constructor(reason: string, details: string) {
    super(`${reason}${details}`);
    this.reason = reason;
  }
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s;
}

function failCase(label: string, c: FuzzCase, why: string, err?: unknown): never {
  const shown = err instanceof Error ? (err.stack ?? err.message) : err === undefined ? '' : String(err);
  throw new CaseFailure(
    why,
    `\n  case: ${label}\n  replay: FUZZ_SEED=${RUN_SEED} FUZZ_CASE='${label}' node --import tsx --test test/unit/config/fuzz.test.ts` +
      `\n  input: ${preview(c.bytes)}${shown ? `\n  thrown: ${clip(shown, 1500)}` : ''}`,
  );
}

const BARE = /^[A-Za-z0-9_-]+$/;

function checkError(label: string, c: FuzzCase, err: unknown): Outcome {
  if (!(err instanceof ConfigError)) failCase(label, c, 'threw something other than a ConfigError', err);
  const m = err.message;
  const bad = (why: string): never => failCase(label, c, why, err);
  if (err.file !== file) bad('ConfigError.file is not the file');
  if (!m.startsWith(`${file}:`)) bad('the message does not start with the file');
  if (UNPRINTABLE.test(m)) bad('the message holds a line break, a control or an invisible character');
  if (/^\s+at /m.test(m)) bad('the message holds a stack-trace line');
  if (/\bundefined\b|\[object |\bnull\b/.test(m)) bad('the message shows undefined, null or [object …]');
  if (m.length > file.length + 400) bad('the message is too long');
  const secretShown = m.includes(SECRET_MARKER);
  if (secretShown && (c.checkSecrets || err.key === null || isSecretPath(err.key))) bad('the message shows a secret');

  if (err.key === null) {
    if (!/^(:\d+:\d+)?: invalid TOML: ./.test(m.slice(file.length))) bad('a message without a key is not about the TOML syntax');
    if (c.unknown) bad('an unknown key gave a file-level error');
    return 'file error';
  }

  if (!m.startsWith(`${file}: ${err.key}: `)) bad(`the message does not name the key ${JSON.stringify(err.key)}`);
  if (!/: (expected |unknown key|unknown intent|unknown placeholder|a lone "\$")/.test(m.slice(file.length + err.key.length + 2))) {
    bad('the message does not say what was expected');
  }
  if (c.target !== undefined) {
    const t = c.target;
    if (!(err.key === t || err.key.startsWith(`${t}.`) || err.key.startsWith(`${t}[`))) bad(`the error is not about ${t}`);
  }
  if (c.unknown) {
    const { table, name } = c.unknown;
    const prefix = table === '' ? '' : `${table}.`;
    if (!err.key.startsWith(prefix)) bad(`the unknown key is not reported under ${JSON.stringify(table)}`);
    if (BARE.test(name) && name.length <= 60 && err.key !== prefix + name) bad(`the key path is not ${prefix}${name}`);
    if (!/: unknown (key|intent)/.test(m)) bad('an unknown key is not called unknown');
  }
  return 'key error';
}

/** What a loaded configuration must satisfy for the rest of the bot to use it safely. */
function checkLoaded(label: string, c: FuzzCase, config: Config, notices: string[]): Outcome {
  const bad = (why: string): never => failCase(label, c, `loaded, but ${why}`);
  if (!isUtf8(c.bytes)) bad('the file is not valid UTF-8');
  if (c.unknown) bad(`the unknown key ${JSON.stringify(c.unknown.name)} was accepted`);
  const { bot, db, discord } = config;
  if (typeof bot.token !== 'string' || !/^[\x21-\x7e]*$/.test(bot.token)) {
    bad('bot.token cannot be sent in an HTTP header (spaces, control or non-ASCII characters)');
  }
  if (!Number.isSafeInteger(bot.inbox.max_attachment_size) || bot.inbox.max_attachment_size < 0) {
    bad(`bot.inbox.max_attachment_size is ${String(bot.inbox.max_attachment_size)}`);
  }
  if (Object.keys(bot.intents).sort().join() !== [...INTENT_NAMES].sort().join()) bad('bot.intents does not hold exactly the flags');
  if (!Object.values(bot.intents).every((v) => typeof v === 'boolean')) bad('an intent is not a boolean');
  if (bot.extensions !== undefined && !(Array.isArray(bot.extensions) && bot.extensions.every((e) => typeof e === 'string'))) {
    bad('bot.extensions is not an array of strings');
  }
  if (bot.allow_jishaku !== undefined && typeof bot.allow_jishaku !== 'boolean') bad('bot.allow_jishaku is not a boolean');
  if (!path.isAbsolute(db.path) || db.path.includes('\0')) bad(`db.path is ${JSON.stringify(db.path)}`);
  for (const p of db.pragmas) {
    if (!/^pragma\s/i.test(p) || p.includes('\0')) bad(`a pragma is ${JSON.stringify(p)}`);
  }
  if (db.key_template !== '' && (!/^pragma\s/i.test(db.key_template) || !db.key_template.includes('{}') || db.key_template.includes('\0'))) {
    bad('db.key_template is not a PRAGMA statement with {}');
  }
  if (db.url !== '' && !/^postgres(ql)?:\/\/./.test(db.url)) bad(`db.url is not a postgres:// URL`);
  // REST clients append "/v10/…" to the base URL.
  const api = discord.api_url;
  if (!/^https?:\/\/[^/]/.test(api) || /[\u0000-\u0020\u007f?#]/.test(api) || api.endsWith('/')) {
    bad(`discord.api_url ${JSON.stringify(api)} cannot take "/v10/…" appended`);
  }
  const url = URL.parse(`${api}/v10/gateway`);
  if (url === null || !url.pathname.endsWith('/v10/gateway') || url.search !== '' || url.hash !== '') {
    bad(`discord.api_url ${JSON.stringify(api)} does not extend to a gateway URL`);
  }
  const { metrics } = config;
  if (typeof metrics.enabled !== 'boolean') bad('metrics.enabled is not a boolean');
  if (!Number.isInteger(metrics.port) || metrics.port < 0 || metrics.port > 65535) bad(`metrics.port is ${String(metrics.port)}`);
  if (typeof metrics.host !== 'string' || !/^[A-Za-z0-9._:%-]+$/.test(metrics.host)) bad(`metrics.host ${JSON.stringify(metrics.host)} cannot be listened on`);
  for (const n of notices) {
    if (n.includes('\n') || !n.startsWith(`${file}:`)) bad(`notice ${JSON.stringify(n)}`);
  }
  // What the CLI does next with a loaded config must not throw either.
  JSON.parse(dumpConfig(config));
  configSecrets(config);
  return 'loaded';
}

/**
 * `viaFile`: write the file and call loadConfig. Otherwise the bytes go straight to what
 * loadConfig runs after reading the file, which spares the disk (slow on a busy machine).
 */
function runCase(label: string, c: FuzzCase, viaFile: boolean): Outcome {
  let loaded: ReturnType<typeof loadConfig>;
  try {
    if (viaFile) {
      fs.writeFileSync(file, c.bytes);
      loaded = loadConfig(file, dirs, { cwd });
    } else {
      loaded = loadConfigBytes(c.bytes, file, dirs, { cwd });
    }
  } catch (err) {
    return checkError(label, c, err);
  }
  return checkLoaded(label, c, loaded.config, loaded.notices);
}

/** Failing cases of the current test, by reason; reported together at its end. */
const failures = new Map<string, { count: number; first: CaseFailure }>();

/** Runs `count` cases of one generator; returns how many ended which way. */
function runMany(kind: string, count: number, make: (rng: Rng, index: number) => FuzzCase): Record<Outcome, number> {
  const tally: Record<Outcome, number> = { loaded: 0, 'key error': 0, 'file error': 0 };
  for (let i = 0; i < count; i++) {
    const label = `${kind}#${i}`;
    if (ONLY !== undefined && ONLY !== label) continue;
    const c = make(new Rng(caseSeed(RUN_SEED, kind, i)), i);
    try {
      tally[runCase(label, c, i % 8 === 0)]++;
    } catch (err) {
      if (!(err instanceof CaseFailure)) throw err;
      const seen = failures.get(err.reason);
      if (seen) seen.count++;
      else failures.set(err.reason, { count: 1, first: err });
    }
  }
  return tally;
}

/** Fails the test with one example of each kind of failure seen. */
function assertNoFailures(): void {
  if (failures.size === 0) return;
  const kinds = [...failures.values()];
  const lines = kinds.slice(0, 10).map(({ count, first }) => `${count} case(s): ${first.message}`);
  if (kinds.length > 10) lines.push(`… and ${kinds.length - 10} more kinds of failure`);
  failures.clear();
  assert.fail(lines.join('\n\n'));
}

function report(t: { diagnostic: (s: string) => void }, what: string, tally: Record<Outcome, number>): void {
  t.diagnostic(`seed ${RUN_SEED}: ${what}: ${Object.entries(tally).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  assertNoFailures();
}

const filtering = ONLY !== undefined;

test('the generators are deterministic, and the template loads', () => {
  for (const make of [randomBytes, garbageText, mutatedTemplate]) {
    assert.deepEqual(make(new Rng(42)).bytes, make(new Rng(42)).bytes);
  }
  assert.deepEqual(wrongValue(new Rng(7), 'db.pragmas', 'array').bytes, wrongValue(new Rng(7), 'db.pragmas', 'array').bytes);
  fs.writeFileSync(file, templateToml());
  assert.deepEqual(loadConfig(file, dirs, { cwd }).notices, []);
  // The schema lists every key the validator knows, tables included.
  assert.ok(KEYS.some((k) => k.path === 'bot.inbox.max_attachment_size' && !k.table));
  assert.ok(KEYS.some((k) => k.path === 'bot.intents' && k.table));
  assert.ok(KEYS.some((k) => k.path === 'bot.intents.message_content'));
});

test('random bytes', (t) => {
  const tally = runMany('bytes', 300, (rng) => randomBytes(rng));
  report(t, 'random bytes', tally);
});

test('random TOML-ish garbage', (t) => {
  const tally = runMany('garbage', 400, (rng) => garbageText(rng));
  report(t, 'garbage', tally);
});

test('the default template, mutated', (t) => {
  const tally = runMany('mutated', 1500, (rng) => mutatedTemplate(rng));
  report(t, 'mutated template', tally);
  if (!filtering) {
    assert.ok(tally.loaded > 5, 'some mutations keep the file valid');
    assert.ok(tally['key error'] > 100, 'some mutations reach the schema');
    assert.ok(tally['file error'] > 300, 'some mutations break the syntax');
  }
});

test('every key of the schema, with a value of every TOML type', (t) => {
  const total: Record<Outcome, number> = { loaded: 0, 'key error': 0, 'file error': 0 };
  // Values of the key's own type (that of its default) get more cases, as that is where
  // the rules about contents are; booleans have only two values.
  const ownType = (p: string): string | null => {
    const d = defaultAt(p);
    if (typeof d === 'string') return 'string';
    if (typeof d === 'number') return 'integer';
    return Array.isArray(d) ? 'array' : null;
  };
  const repeats = (p: string, type: string): number => (type === ownType(p) ? 30 : 4);
  let count = 0;
  for (const key of KEYS) {
    for (const type of TOML_TYPES) {
      const n = repeats(key.path, type);
      const tally = runMany(`key:${key.path}:${type}`, n, (rng) => wrongValue(rng, key.path, type));
      for (const k of Object.keys(total) as Outcome[]) total[k] += tally[k];
      count += n;
    }
  }
  report(t, `${KEYS.length} keys × ${TOML_TYPES.length} types, ${count} cases`, total);
  if (!filtering) {
    // Most generated values are well-formed TOML: the schema, not the parser, must answer.
    assert.ok(total['key error'] > total['file error'] * 4, 'the generator mostly writes valid TOML');
    assert.ok(total.loaded > 100, 'valid values are accepted');
  }
});

test('unknown keys at every level', (t) => {
  let count = 0;
  for (const table of TABLE_PATHS) {
    const tally = runMany(`unknown:${table}`, 40, (rng) => unknownKey(rng, table));
    count += tally['key error'];
  }
  assertNoFailures();
  t.diagnostic(`seed ${RUN_SEED}: ${count} unknown keys in ${TABLE_PATHS.length} tables rejected`);
});

test('"__proto__" and "constructor" anywhere are refused cleanly', () => {
  let i = 0;
  for (const table of TABLE_PATHS) {
    for (const name of ['__proto__', 'constructor']) {
      const header = table === '' ? '' : `[${table}]\n`;
      for (const text of [`${header}${name} = 1\n`, `${header}${name}.x = 1\n`, `[${table === '' ? '' : `${table}.`}${name}]\n`]) {
        const c: FuzzCase = { kind: 'fixed', bytes: Buffer.from(text), checkSecrets: true };
        const outcome = runCase(`fixed#${i++}`, c, true);
        assert.notEqual(outcome, 'loaded', text);
      }
    }
  }
});

/** Loads `input` and returns the ConfigError message (or fails). */
function rejection(input: string | Buffer): string {
  try {
    loadConfigBytes(typeof input === 'string' ? Buffer.from(input) : input, file, dirs, { cwd });
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.message.slice(file.length);
  }
  assert.fail(`loaded: ${JSON.stringify(String(input))}`);
}

test('what the fuzzer found, kept as fixed cases', () => {
  // Key names are shown escaped, quoted when they are not bare keys, and shortened.
  assert.equal(rejection('"" = 1\n'), ': "": unknown key (known keys: bot, db, discord, metrics)');
  assert.match(rejection('[bot]\n"\\n    at x (y.js:1:1)" = 1\n'), /^: bot\."\\n    at x \(y\.js:1:1\)": unknown key/);
  assert.match(rejection(`[bot.intents]\n${'k'.repeat(5000)} = true\n`), /^: bot\.intents\."k{37}\.\.\.": unknown intent/);
  assert.match(rejection('"a.b" = 1\n'), /^: "a\.b": unknown key/);
  // Values too: escaped, and huge integers by their number of digits.
  assert.match(rejection('[bot.intents]\nguilds = "\\u202eeurt\\u0000"\n'), /got "\\u202eeurt\\u0000"$/);
  assert.match(rejection(`[bot.inbox]\nmax_attachment_size = ${'9'.repeat(100)}\n`), /no larger than 9007199254740991, got an integer of 100 digits$/);
  assert.match(rejection(`[bot.intents]\nguilds = -${'9'.repeat(300)}\n`), /got an integer of 300 digits$/);
  assert.match(rejection('[db]\npath = "${\\n    at x}"\n'), /^: db\.path: unknown placeholder "\$\{\\n    at x\}" \(known: /);
  // A token that cannot be sent in an HTTP header is refused without being shown.
  for (const token of ['abc\\ndef.x.y', 'Bot a.b.c', '🎫.a.b', 'a.b\\u0000']) {
    const m = rejection(`[bot]\ntoken = "${token}"\n`);
    assert.match(m, /^: bot\.token: expected a bot token/);
    assert.ok(!m.includes('abc') && !m.includes('a.b'), m);
  }
  fs.writeFileSync(file, '[bot]\ntoken = "  MTIz.abc.def \\t"\n');
  assert.equal(loadConfig(file, dirs, { cwd }).config.bot.token, 'MTIz.abc.def');
  // A NUL would make SQLite open another file or run half a statement.
  assert.match(rejection('[db]\npath = "/tmp/x\\u0000y"\n'), /^: db\.path: expected a file path, found a NUL character/);
  assert.match(rejection('[db]\npragmas = ["PRAGMA a = 1\\u0000; DROP TABLE x"]\n'), /^: db\.pragmas\[0\]: .*NUL character/);
  assert.match(rejection('[db]\nkey_template = "PRAGMA key = \'{}\'\\u0000"\n'), /^: db\.key_template: .*NUL character/);
  // An empty query or fragment would sit in front of "/v10/…".
  assert.match(rejection('[discord]\napi_url = "http://h/api?"\n'), /without a query or fragment/);
  assert.match(rejection('[discord]\napi_url = "http://h/api#"\n'), /without a query or fragment/);
  // Not UTF-8: refused with the place, instead of U+FFFD replacing part of a value.
  assert.match(rejection(Buffer.from([...Buffer.from('[bot]\ntoken = "a'), 0xff, ...Buffer.from('"\n')])), /^:2:11: invalid TOML: the file is not valid UTF-8 text/);
  assert.match(rejection(Buffer.from([0xff, 0xfe, 0x5b, 0x00])), /^:1:1: invalid TOML: the file is UTF-16 encoded/);
});

test('discord.api_url is normalised, whatever its length', () => {
  const load = (url: string): string => {
    fs.writeFileSync(file, `[discord]\napi_url = ${JSON.stringify(url)}\n`);
    return loadConfig(file, dirs, { cwd }).config.discord.api_url;
  };
  assert.equal(load('HTTP://Example.COM:80/api//'), 'http://example.com/api');
  assert.equal(load(' http://h/a\tb/ '), 'http://h/ab');
  assert.equal(load('http://h/a b'), 'http://h/a%20b');
  // Used to take time quadratic in the number of slashes.
  assert.equal(load(`http://h${'/'.repeat(100_000)}x`), `http://h${'/'.repeat(100_000)}x`);
});
