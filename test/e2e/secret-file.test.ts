// The real CLI with its secrets in files (THETICKETBOT_TOKEN_FILE, THETICKETBOT_DB_KEY_FILE),
// as Docker secrets and systemd credentials hand them over.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { configToml, makeSandbox, runCli } from './harness.ts';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

function logText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
}

describe('secrets from files', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
    emu.createGuild({ name: 'Test Server', ownerId: emu.application.ownerId });
  });
  after(async () => {
    await emu.close();
  });

  test('THETICKETBOT_TOKEN_FILE and THETICKETBOT_DB_KEY_FILE: the bot logs in and opens the encrypted database; neither secret reaches the logs', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    const tokenFile = join(box.home, 'token');
    const keyFile = join(box.home, 'db-key');
    writeFileSync(tokenFile, `${emu.token}\n`, { mode: 0o600 });
    const key = 'correct horse battery staple';
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    box.writeConfig(`[db]\nkey_template = "PRAGMA key = '{}'"\n\n${configToml(emu.apiUrl)}`);
    const env = { ...box.env, THETICKETBOT_TOKEN_FILE: tokenFile, THETICKETBOT_DB_KEY_FILE: keyFile };

    const run = runCli(['--no-sync', '-vv'], { env });
    await run.waitFor(/^Ready\.$/m);
    run.kill('SIGTERM');
    assert.equal((await run.exited).code, 0, run.stderr());

    // The same key opens the database again; a wrong one is refused, so it really is encrypted.
    const again = runCli(['--no-sync'], { env });
    await again.waitFor(/^Ready\.$/m);
    again.kill('SIGTERM');
    assert.equal((await again.exited).code, 0, again.stderr());
    writeFileSync(keyFile, 'a wrong key\n');
    const wrong = runCli(['--no-sync'], { env });
    assert.equal((await wrong.exited).code, 5, wrong.stderr());

    const everything = run.stdout() + run.stderr() + again.stdout() + again.stderr() + logText(box.logDir);
    assert.ok(!everything.includes(emu.token), 'the token is not logged');
    assert.ok(!everything.includes(key), 'the key is not logged');
  });

  test('both THETICKETBOT_TOKEN and THETICKETBOT_TOKEN_FILE, or a missing file: exit 1 with one clear line and no stack', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    box.writeConfig(configToml(emu.apiUrl));
    const tokenFile = join(box.home, 'token');
    writeFileSync(tokenFile, `${emu.token}\n`);

    const requestsBefore = emu.requests.length;
    const both = runCli([], { env: { ...box.env, THETICKETBOT_TOKEN: emu.token, THETICKETBOT_TOKEN_FILE: tokenFile } });
    assert.equal((await both.exited).code, 1, both.stderr());
    assert.match(both.stderr(), /THETICKETBOT_TOKEN and THETICKETBOT_TOKEN_FILE are both set/);
    assert.ok(!both.stderr().includes(emu.token));

    const missing = runCli([], { env: { ...box.env, THETICKETBOT_TOKEN_FILE: join(box.home, 'nope') } });
    assert.equal((await missing.exited).code, 1, missing.stderr());
    assert.match(missing.stderr(), /THETICKETBOT_TOKEN_FILE: cannot read .*nope \(no such file\)/);
    for (const r of [both, missing]) assert.doesNotMatch(r.stderr(), STACK_LINE);
    assert.equal(emu.requests.length, requestsBefore, 'nothing was sent to Discord');
  });
});
