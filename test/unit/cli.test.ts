// The command line in this process (main() with its terminal lent to it): what a person
// at a terminal sees on a first run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.ts';

test('first run at a terminal: an empty token asks again; Discord unreachable keeps no config file and says so', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'ttb-cli-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));

  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const stdout = new PassThrough();
  const env = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_RUNTIME_DIR: join(home, 'run'),
    THETICKETBOT_API_URL: `http://127.0.0.1:${port}/api`,
  };
  const exited = main(['node', 'theticketbot'], {
    stdin,
    stdout,
    stderr,
    env,
    cwd: home,
    platform: 'linux',
    home,
    signals: () => new Promise(() => {}),
  });
  let ended = false;
  void exited.then(() => (ended = true));
  const shown = async (pattern: RegExp): Promise<void> => {
    while (!pattern.test(err)) {
      if (ended) throw new Error(`the command line ended before showing ${pattern}:\n${err}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await shown(/Bot token \(input hidden\): $/);
  stdin.write('\r');
  await shown(/No token entered\. Paste the bot token/);
  assert.equal(err.match(/Bot token \(input hidden\): /g)?.length, 2, 'asked again, not ended');
  stdin.write('MTIz.abc.def\r');
  assert.equal(await exited, 6, err);
  assert.match(err, /Could not reach Discord at .*: the connection to 127\.0\.0\.1:\d+ was refused/);
  assert.ok(!existsSync(join(home, 'config', 'theticketbot', 'config.toml')), 'no config file left behind');
  assert.match(err, /Removed .*config\.toml so the next run asks for the token again/);
  assert.ok(!err.includes('MTIz.abc.def'));
});
