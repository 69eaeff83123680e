// deploy/theticketbot.service: systemd accepts it as written, its hardening scores well,
// and the bot runs under the one option V8 is sensitive to, MemoryDenyWriteExecute.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmulator } from '../../emulator/src/index.ts';
import { openStore } from '../../src/store/store.ts';
import { configToml, makeSandbox, ROOT, runCli, SHIPPED_NODE_FLAGS } from '../e2e/harness.ts';
import { buildTicketWorld, click, finalAnswer, postInbox } from '../e2e/ticket-fixture.ts';

const UNIT = join(ROOT, 'deploy', 'theticketbot.service');
const text = readFileSync(UNIT, 'utf8');
const has = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const analyze = has('systemd-analyze', ['--version']);
const noAnalyze = analyze ? false : 'systemd-analyze is not installed (apt-get install systemd)';
/** Where systemd looks for a command given without a path. */
const SYSTEMD_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** [Section] key=value lines, comments and blank lines left out. */
function directives(unit: string): Array<{ section: string; key: string; value: string }> {
  let section = '';
  const out = [];
  for (const line of unit.split('\n')) {
    if (/^\s*([#;]|$)/.test(line)) continue;
    const s = /^\[(.+)\]$/.exec(line.trim());
    if (s) section = s[1]!;
    else {
      const [key, ...rest] = line.split('=');
      out.push({ section, key: key!.trim(), value: rest.join('=').trim() });
    }
  }
  return out;
}

describe('the systemd unit', () => {
  const d = directives(text);
  const get = (key: string): string[] => d.filter((x) => x.key === key).map((x) => x.value);

  test('systemd-analyze verify accepts it without a single warning', { skip: noAnalyze }, () => {
    let file = UNIT;
    let dir: string | null = null;
    // verify also checks that ExecStart's command exists; on a machine whose node is
    // outside systemd's search path, check a copy naming this node instead.
    if (!SYSTEMD_PATH.includes(dirname(process.execPath))) {
      dir = mkdtempSync(join(tmpdir(), 'ttb-unit-'));
      file = join(dir, 'theticketbot.service');
      writeFileSync(file, text.replace(/^ExecStart=node /m, `ExecStart=${process.execPath} `));
    }
    try {
      const result = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stderr.trim(), '', 'no warnings');
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  test('its exposure, as systemd-analyze security rates it, stays at 2.0 or below', { skip: noAnalyze }, () => {
    const result = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', UNIT], { encoding: 'utf8' });
    const level = /Overall exposure level for theticketbot\.service: ([\d.]+)/.exec(result.stdout);
    assert.ok(level, result.stdout + result.stderr);
    assert.ok(Number(level[1]) <= 2.0, `exposure ${level[1]}`);
  });

  test('what the old README example got wrong: an [Install] section, a user of its own, no comment inside a value', () => {
    assert.deepEqual(get('WantedBy'), ['multi-user.target']);
    assert.deepEqual(get('User'), ['theticketbot']);
    assert.deepEqual(get('DynamicUser'), ['yes']);
    assert.deepEqual(get('StateDirectory'), ['theticketbot']);
    for (const { key, value } of d) assert.doesNotMatch(value, /\s#/, `${key}= holds no end-of-line comment`);
  });

  test('it starts node with the flags of the bin, and MemoryDenyWriteExecute only with --jitless', () => {
    const exec = get('ExecStart')[0]!.split(/\s+/);
    assert.equal(exec[0], 'node');
    assert.deepEqual(exec.slice(1, 1 + SHIPPED_NODE_FLAGS.length), SHIPPED_NODE_FLAGS);
    assert.equal(exec[1 + SHIPPED_NODE_FLAGS.length], '/opt/theticketbot/bin/theticketbot.js');
    assert.equal(get('MemoryDenyWriteExecute')[0] === 'yes', SHIPPED_NODE_FLAGS.includes('--jitless'));
  });
});

describe('MemoryDenyWriteExecute', () => {
  const python = '/usr/bin/python3';
  const seccomp = has(python, ['-I', '-c', 'import seccomp']);
  const skip = seccomp ? false : 'python3-seccomp is not installed (apt-get install python3-seccomp)';
  const FILTER = join(ROOT, 'test', 'fixtures', 'memory-deny-write-execute.py');

  test('the filter is real: node with its JIT dies under it', { skip }, () => {
    const result = spawnSync(python, ['-I', FILTER, process.execPath, '-e', 'let s = 0; for (let i = 0; i < 1e7; i++) s += i; console.log(s)'], { encoding: 'utf8' });
    assert.notEqual(result.status, 0);
  });

  test('the bot with the shipped flags runs under it: ready, and a ticket opened', { skip }, async (t) => {
    const emu = await startEmulator();
    t.after(() => emu.close());
    const box = makeSandbox();
    t.after(() => box.cleanup());
    box.writeConfig(configToml(emu.apiUrl));
    const w = buildTicketWorld(emu);
    const store = await openStore({ path: join(box.dataDir, 'theticketbot.db'), pragmas: [], keyTemplate: '' });
    const inbox = await postInbox(emu, store.db, w, { channelId: w.supportId, destinationId: w.ticketsId, staff: [] });
    await store.close();
    const bot = runCli([], { env: { ...box.env, THETICKETBOT_TOKEN: emu.token }, command: [python, '-I', FILTER, process.execPath, ...SHIPPED_NODE_FLAGS, join(ROOT, 'bin', 'theticketbot.js')] });
    t.after(() => bot.kill('SIGKILL'));
    await bot.waitFor(/^Ready\.$/m);
    const answer = await finalAnswer(click(emu, inbox, w.annId));
    assert.match(answer.content, /ready/i);
    assert.equal(emu.threads(w.ticketsId).length, 1);
    bot.kill('SIGTERM');
    assert.equal((await bot.exited).code, 0, bot.stderr());
  });
});
