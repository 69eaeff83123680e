// The real CLI (bin/theticketbot.js → dist/, started as a child process as in
// cli.test.ts) given broken config files made by the fuzz generators of
// test/unit/config/fuzz-cases.ts with a fixed seed: exit code 1, one clear line on
// stderr naming the file, no stack trace, no secret. Needs `npm run build`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigBytes } from '../../src/config/load.ts';
import { ConfigError } from '../../src/config/schema.ts';
import {
  caseSeed,
  garbageText,
  mutatedTemplate,
  randomBytes,
  Rng,
  SECRET_MARKER,
  unknownKey,
  wrongValue,
  type FuzzCase,
} from '../unit/config/fuzz-cases.ts';
import { makeSandbox, runCli, type Sandbox } from './harness.ts';

const SEED = 0x7e57c0de;
const STACK_LINE = /^\s+at /m;

/** The first case of a generator (from index 0, fixed seed) that the config loader rejects. */
function firstRejected(kind: string, make: (rng: Rng) => FuzzCase, accept: (c: FuzzCase) => boolean = () => true): FuzzCase {
  const dirs = { config: '/c', data: '/d', log: '/l', state: '/s', runtime: '/r' };
  for (let i = 0; i < 500; i++) {
    const c = make(new Rng(caseSeed(SEED, kind, i)));
    if (!accept(c)) continue;
    try {
      loadConfigBytes(c.bytes, 'config.toml', dirs, { cwd: '/' });
    } catch (err) {
      if (err instanceof ConfigError) return c;
      throw err;
    }
  }
  throw new Error(`no rejected ${kind} case in 500`);
}

const CASES: Array<[string, FuzzCase]> = [
  ['random bytes', firstRejected('bytes', randomBytes)],
  ['TOML-ish garbage', firstRejected('garbage', garbageText)],
  ['a mutated template', firstRejected('mutated', mutatedTemplate)],
  ['a mutated template with invalid UTF-8', firstRejected('mutated', mutatedTemplate, (c) => !isUtf8(c.bytes))],
  ['a table for bot.token', firstRejected('key:bot.token:inline-table', (rng) => wrongValue(rng, 'bot.token', 'inline-table'))],
  ['a bad db.key_template', firstRejected('key:db.key_template:string', (rng) => wrongValue(rng, 'db.key_template', 'string'))],
  [
    'an unknown key whose name holds a line break',
    firstRejected('unknown:bot', (rng) => unknownKey(rng, 'bot'), (c) => c.unknown?.name.includes('\n') === true),
  ],
];

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function logText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

describe('the CLI given broken config files', () => {
  let box: Sandbox;
  before(() => {
    box = makeSandbox();
  });
  after(() => box.cleanup());

  for (const [name, c] of CASES) {
    test(name, async () => {
      box.writeConfig('');
      // writeConfig takes text; these bytes need not be UTF-8.
      writeFileSync(box.configPath, c.bytes);
      // Should the file load after all, the bot must not reach out to Discord.
      const env = { ...box.env, THETICKETBOT_API_URL: 'http://127.0.0.1:9/api' };
      for (const args of [[], ['--dump-config']]) {
        const run = runCli(args, { env });
        const { code } = await run.exited;
        const stderr = run.stderr();
        const shown = `\nargs: ${JSON.stringify(args)}\nstderr: ${stderr}\nstdout: ${run.stdout()}`;
        assert.equal(code, 1, `exit code${shown}`);
        assert.equal(run.stdout(), '', `nothing on stdout${shown}`);
        const lines = stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, `one line on stderr${shown}`);
        assert.ok(lines[0]!.includes(`Configuration error: ${box.configPath}:`), `names the file${shown}`);
        assert.match(lines[0]!, /invalid TOML: |: expected |: unknown (key|intent)/, `says what is wrong${shown}`);
        assert.doesNotMatch(stderr, STACK_LINE, `no stack trace${shown}`);
        assert.ok(!stderr.includes(SECRET_MARKER), `no secret${shown}`);
      }
      const log = logText(box.logDir);
      assert.ok(!log.includes(SECRET_MARKER), 'no secret in the log file');
      assert.ok(!log.includes('"stack"'), 'no stack in the log file');
    });
  }

  test('a THETICKETBOT_API_URL that is no URL is a configuration error too, not a failed connection', async () => {
    box.writeConfig(`[bot]\ntoken = "MTIz.abc.def"\n[db]\npath = "${join(box.home, 'x.db')}"\n`);
    for (const url of ['http://exa mple.com/api', 'http://127.0.0.1:99999/api', 'http://127.0.0.1:9/api?']) {
      const run = runCli(['--no-sync'], { env: { ...box.env, THETICKETBOT_API_URL: url } });
      const { code } = await run.exited;
      const shown = `\nurl: ${url}\nstderr: ${run.stderr()}`;
      assert.equal(code, 1, `exit code${shown}`);
      assert.match(run.stderr(), /Configuration error: THETICKETBOT_API_URL: expected /, shown);
      assert.doesNotMatch(run.stderr(), STACK_LINE, shown);
    }
  });
});
