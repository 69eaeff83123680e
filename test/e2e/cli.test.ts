// The real CLI (bin/theticketbot.js → dist/), started as a child process against the
// emulator: first run, second run, --sync, rejected token, refused intent, resume,
// shutdown, secrets kept out of logs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { configToml, makeSandbox, runCli } from './harness.ts';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

function commandPuts(emu: Emulator): number {
  return emu.requests.filter((r) => r.method === 'PUT' && /^\/applications\/\d+\/commands$/.test(r.path)).length;
}

function logText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

describe('CLI against the emulator', () => {
  let emu: Emulator;
  let channelId: string;
  before(async () => {
    emu = await startEmulator();
    const guild = emu.createGuild({ name: 'Test Server', ownerId: emu.application.ownerId });
    channelId = emu.createChannel(guild.id, { name: 'general' }).id;
  });

  async function waitForBotMessage(predicate: (content: string) => boolean): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const found = emu.messages(channelId).find((m) => m.author.id === emu.botUser.id && predicate(m.content));
      if (found) return found.content;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the bot did not answer');
  }
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  test('first run: token on stdin → config.toml 0600, invite link, commands registered; second run does not register; SIGTERM/SIGINT exit 0 with the database closed', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    const env = { ...box.env, THETICKETBOT_API_URL: emu.apiUrl };
    const before = commandPuts(emu);

    const first = runCli([], { env, stdin: `${emu.token}\n` });
    await first.waitFor(/^Ready\.$/m);
    assert.match(first.stderr(), /config file/i, 'the first run says where the file goes');
    assert.match(first.stderr(), /Ready: 1 guild, 1 channel cached\./, 'one guild, not "1 guilds"');
    assert.match(first.stdout(), new RegExp(`https://discord\\.com/oauth2/authorize\\?client_id=${emu.application.id}&scope=bot&permissions=343597501440`));
    assert.ok(BigInt(emu.application.id) > 2n ** 53n);
    assert.equal(commandPuts(emu), before + 1, 'the first start registers the commands');
    assert.equal(statSync(box.configPath).mode & 0o777, 0o600);
    assert.match(readFileSync(box.configPath, 'utf8'), /\[bot\]\s*\ntoken = "/);
    first.kill('SIGTERM');
    const exit1 = await first.exited;
    assert.equal(exit1.code, 0, first.stderr());
    assert.doesNotMatch(first.stderr(), STACK_LINE);
    const dbPath = join(box.dataDir, 'theticketbot.db');
    assert.ok(existsSync(dbPath));
    assert.ok(!existsSync(dbPath + '-wal'), 'a clean close checkpoints and removes the WAL file');

    const second = runCli([], { env });
    await second.waitFor(/^Ready\.$/m);
    second.kill('SIGINT');
    assert.equal((await second.exited).code, 0, second.stderr());
    assert.equal(commandPuts(emu), before + 1, 'unchanged commands are not registered again');
  });

  test('first run with THETICKETBOT_TOKEN writes a config without the token and registers commands', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    const before = commandPuts(emu);
    const run = runCli([], { env: { ...box.env, THETICKETBOT_API_URL: emu.apiUrl, THETICKETBOT_TOKEN: emu.token } });
    await run.waitFor(/^Ready\.$/m);
    run.kill('SIGTERM');
    assert.equal((await run.exited).code, 0);
    assert.equal(commandPuts(emu), before + 1);
    assert.ok(existsSync(box.configPath));
    assert.ok(!readFileSync(box.configPath, 'utf8').includes(emu.token));
  });

  test('--sync registers, prints the invite link and exits 0; --no-sync records without registering', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    box.writeConfig(`[bot]\ntoken = "${emu.token}"\n\n${configToml(emu.apiUrl)}`);
    let before = commandPuts(emu);
    const sync = runCli(['--sync'], { env: box.env });
    const exit = await sync.exited;
    assert.equal(exit.code, 0, sync.stderr());
    assert.match(sync.stdout(), /oauth2\/authorize\?client_id=/);
    assert.equal(commandPuts(emu), before + 1);
    assert.equal(emu.gatewayStats().connections >= 0, true);

    // A new database: --no-sync stores the fingerprint, the next start sends nothing.
    const box2 = makeSandbox();
    t.after(() => box2.cleanup());
    box2.writeConfig(`[bot]\ntoken = "${emu.token}"\n\n${configToml(emu.apiUrl)}`);
    before = commandPuts(emu);
    const noSync = runCli(['--no-sync'], { env: box2.env });
    await noSync.waitFor(/^Ready\.$/m);
    noSync.kill('SIGTERM');
    await noSync.exited;
    const again = runCli([], { env: box2.env });
    await again.waitFor(/^Ready\.$/m);
    again.kill('SIGTERM');
    await again.exited;
    assert.equal(commandPuts(emu), before);
  });

  test('flags that exclude each other are refused', async () => {
    const box = makeSandbox();
    try {
      const run = runCli(['--sync', '--dump-config'], { env: box.env });
      assert.equal((await run.exited).code, 1);
      assert.match(run.stderr(), /cannot be used together/);
    } finally {
      box.cleanup();
    }
  });

  test('a rejected token exits non-zero, says so without a stack, and removes the config that run wrote', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    const run = runCli([], { env: { ...box.env, THETICKETBOT_API_URL: emu.apiUrl }, stdin: 'MTIz.bad.token\n' });
    const exit = await run.exited;
    assert.equal(exit.code, 3, run.stderr());
    assert.equal(run.stderr().match(/token was rejected/g)?.length, 1, `said once:\n${run.stderr()}`);
    assert.equal(run.stderr().match(/Create a bot and copy its token/g)?.length, 1, `the first-run hint once:\n${run.stderr()}`);
    assert.match(run.stderr(), /Reset Token/);
    assert.doesNotMatch(run.stderr(), STACK_LINE);
    assert.ok(!existsSync(box.configPath), 'the file written by this run is gone');
  });

  test('no token anywhere: exit 2 with where to get one and where to put it', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    box.writeConfig(configToml(emu.apiUrl));
    const run = runCli([], { env: box.env });
    const exit = await run.exited;
    assert.equal(exit.code, 2);
    assert.match(run.stderr(), /developers\/applications/);
    assert.match(run.stderr(), /THETICKETBOT_TOKEN/);
    assert.ok(run.stderr().includes(box.configPath));
    // On a first run with nothing on stdin, nothing blocks either.
    const box2 = makeSandbox();
    t.after(() => box2.cleanup());
    const first = runCli([], { env: { ...box2.env, THETICKETBOT_API_URL: emu.apiUrl } });
    assert.equal((await first.exited).code, 2);
    assert.ok(!existsSync(box2.configPath));
    assert.equal(first.stderr().match(/Create a bot and copy its token/g)?.length, 1, `the first-run hint once:\n${first.stderr()}`);
    assert.match(first.stderr(), /THETICKETBOT_TOKEN/);
  });

  test('a refused privileged intent (4014) names the intent, the portal page and the config key', async (t) => {
    const emu2 = await startEmulator({ privilegedIntents: 0 });
    t.after(() => emu2.close());
    const box = makeSandbox();
    t.after(() => box.cleanup());
    box.writeConfig(`[bot]\ntoken = "${emu2.token}"\n\n${configToml(emu2.apiUrl)}`);
    const run = runCli(['--no-sync'], { env: box.env });
    const exit = await run.exited;
    assert.equal(exit.code, 4, run.stderr());
    assert.match(run.stderr(), /Server Members Intent/);
    assert.match(run.stderr(), /Developer Portal/);
    assert.match(run.stderr(), /bot\.intents\.members = false/);
    assert.doesNotMatch(run.stderr(), STACK_LINE);
  });

  test('a dropped connection resumes without identifying again, and events sent meanwhile arrive', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    box.writeConfig(`[bot]\ntoken = "${emu.token}"\n\n${configToml(emu.apiUrl)}`);
    const statsBefore = emu.gatewayStats();
    const run = runCli(['--no-sync', '-v'], { env: box.env });
    t.after(() => run.kill('SIGKILL'));
    await run.waitFor(/^Ready\.$/m);
    assert.equal(emu.gatewayStats().identifies, statsBefore.identifies + 1);
    emu.dropConnections();
    // Sent while the bot is disconnected: it must arrive through the RESUME replay.
    emu.createMessage(channelId, emu.application.ownerId, { content: `<@${emu.botUser.id}> reload-config` });
    await run.waitFor(/session resumed/i);
    await waitForBotMessage((c) => /reloaded/.test(c));
    const stats = emu.gatewayStats();
    assert.equal(stats.identifies, statsBefore.identifies + 1, 'no second IDENTIFY');
    assert.equal(stats.resumes, statsBefore.resumes + 1);
    run.kill('SIGTERM');
    assert.equal((await run.exited).code, 0);
  });

  test('owner text commands: sync answers with counts, reload-config re-reads the file, others are ignored', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    box.writeConfig(`[bot]\ntoken = "${emu.token}"\n\n${configToml(emu.apiUrl)}`);
    const run = runCli(['--no-sync'], { env: box.env });
    t.after(() => run.kill('SIGKILL'));
    await run.waitFor(/^Ready\.$/m);
    const before = commandPuts(emu);
    const bot = emu.botUser.id;
    const stranger = emu.createUser({ username: 'stranger' });
    emu.addMember(emu.getChannel(channelId)!.guild_id!, stranger.id);
    emu.createMessage(channelId, stranger.id, { content: `<@${bot}> sync` });
    emu.createMessage(channelId, emu.application.ownerId, { content: `<@${bot}> sync` });
    const reply = await waitForBotMessage((c) => /Synchronised/.test(c));
    assert.match(reply, /Synchronised 3 commands globally with 171 localisations/);
    assert.equal(commandPuts(emu), before + 1, 'only the owner may sync');
    box.writeConfig(`[bot]\ntoken = "${emu.token}"\n[bot.inbox]\nmax_attachment_size = 7\n\n${configToml(emu.apiUrl)}`);
    emu.createMessage(channelId, emu.application.ownerId, { content: `<@${bot}> reload-config` });
    await waitForBotMessage((c) => /has been reloaded/.test(c));
    box.writeConfig('[bot\n');
    emu.createMessage(channelId, emu.application.ownerId, { content: `<@!${bot}> reload-config` });
    const failed = await waitForBotMessage((c) => /could not be reloaded/.test(c));
    // The channel learns that it failed, not where the file lives; the log has both.
    assert.equal(failed, "The configuration could not be reloaded, so the previous one stays in use. The bot's log says what is wrong with the file.");
    await run.waitFor(/Configuration reload failed: /);
    assert.ok(run.stderr().includes(box.configPath), 'the log names the file');
    run.kill('SIGTERM');
    assert.equal((await run.exited).code, 0);
  });

  test('the token and the database key never reach the console, the log file or --dump-config', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    const key = 'correct horse battery staple';
    box.writeConfig(`[bot]\ntoken = "${emu.token}"\n\n[db]\nkey_template = "PRAGMA key = '{}'"\n\n${configToml(emu.apiUrl)}`);
    const run = runCli(['--no-sync', '-vv'], { env: { ...box.env, THETICKETBOT_DB_KEY: key } });
    await run.waitFor(/^Ready\.$/m);
    run.kill('SIGTERM');
    await run.exited;
    const dump = runCli(['--dump-config'], { env: box.env });
    assert.equal((await dump.exited).code, 0);
    const [path, ...json] = dump.stdout().split('\n');
    assert.equal(path, box.configPath);
    const config = JSON.parse(json.join('\n'));
    assert.equal(config.discord.api_url, emu.apiUrl);
    assert.equal(config.db.path, join(box.dataDir, 'theticketbot.db'));
    const everything = [run.stdout(), run.stderr(), dump.stdout(), dump.stderr(), logText(box.logDir)].join('\n');
    assert.ok(logText(box.logDir).length > 0, 'the log file was written');
    assert.ok(!everything.includes(emu.token), 'token leaked');
    assert.ok(!everything.includes(key), 'key leaked');
    // The key is needed: without it the encrypted database is not opened.
    const noKey = runCli(['--no-sync'], { env: box.env });
    assert.equal((await noKey.exited).code, 5);
    assert.match(noKey.stderr(), /THETICKETBOT_DB_KEY/);
    const wrongKey = runCli(['--no-sync'], { env: box.env, stdin: 'not the key\n' });
    assert.equal((await wrongKey.exited).code, 5);
    assert.match(wrongKey.stderr(), /db\.key_template/);
    const fromStdin = runCli(['--no-sync'], { env: box.env, stdin: `${key}\n` });
    await fromStdin.waitFor(/^Ready\.$/m);
    fromStdin.kill('SIGTERM');
    assert.equal((await fromStdin.exited).code, 0);
  });

  test('--dump-config without a config file exits 1 with a helpful message', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    const run = runCli(['--dump-config'], { env: box.env });
    assert.equal((await run.exited).code, 1);
    assert.match(run.stderr(), /No config file found/);
  });

  test('--config-file must exist; a bad key names the file and key path', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    const missing = runCli(['--config-file', join(box.home, 'nope.toml')], { env: box.env });
    assert.equal((await missing.exited).code, 1);
    assert.match(missing.stderr(), /nope\.toml/);
    box.writeConfig('[bot.inbox]\nmax_attachment_size = "big"\n');
    const bad = runCli(['--dump-config'], { env: box.env });
    assert.equal((await bad.exited).code, 1);
    assert.match(bad.stderr(), /config\.toml/);
    assert.match(bad.stderr(), /bot\.inbox\.max_attachment_size/);
    assert.doesNotMatch(bad.stderr(), STACK_LINE);
  });

  test('--dump-config says where a token given through THETICKETBOT_TOKEN comes from, still redacted', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    box.writeConfig(configToml(emu.apiUrl));
    const fromEnv = runCli(['--dump-config'], { env: { ...box.env, THETICKETBOT_TOKEN: emu.token } });
    assert.equal((await fromEnv.exited).code, 0, fromEnv.stderr());
    assert.equal(JSON.parse(fromEnv.stdout().split('\n').slice(1).join('\n')).bot.token, '<redacted: from THETICKETBOT_TOKEN>');
    assert.ok(!fromEnv.stdout().includes(emu.token));
    box.writeConfig(`[bot]\ntoken = "${emu.token}"\n\n${configToml(emu.apiUrl)}`);
    const fromFile = runCli(['--dump-config'], { env: box.env });
    assert.equal((await fromFile.exited).code, 0);
    assert.equal(JSON.parse(fromFile.stdout().split('\n').slice(1).join('\n')).bot.token, '<redacted>');
  });

  test('--help lists the environment variables', async () => {
    const box = makeSandbox();
    try {
      const run = runCli(['--help'], { env: box.env });
      assert.equal((await run.exited).code, 0);
      for (const name of ['THETICKETBOT_TOKEN', 'THETICKETBOT_DB_KEY', 'THETICKETBOT_API_URL']) assert.match(run.stdout(), new RegExp(`^\\s+${name}\\s+\\S`, 'm'), name);
    } finally {
      box.cleanup();
    }
  });

  test('Discord unreachable (connection refused): exit 6, one sentence naming it and what to check, no stack; the first run keeps no token', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    // A port where nothing listens.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const apiUrl = `http://127.0.0.1:${port}/api`;
    const run = runCli([], { env: { ...box.env, THETICKETBOT_API_URL: apiUrl }, stdin: `${emu.token}\n` });
    const exit = await run.exited;
    assert.equal(exit.code, 6, run.stderr());
    assert.doesNotMatch(run.stderr(), STACK_LINE);
    assert.doesNotMatch(run.stderr(), /ERROR.*\n\s+(Error|code=)/, 'no error object dumped under the line');
    assert.match(run.stderr(), new RegExp(`Could not reach Discord at ${apiUrl.replace(/[.]/g, '\\.')}: the connection to 127\\.0\\.0\\.1:${port} was refused \\(ECONNREFUSED\\)`));
    assert.match(run.stderr(), /discord\.api_url/);
    assert.ok(!existsSync(box.configPath), 'the token is not kept when the login could not be made');
    assert.match(run.stderr(), /Removed .*config\.toml so the next run asks for the token again/);
    assert.ok(!run.stderr().includes(emu.token));
  });

  test('--version prints the package version', async () => {
    const box = makeSandbox();
    try {
      const run = runCli(['--version'], { env: box.env });
      assert.equal((await run.exited).code, 0);
      assert.match(run.stdout(), /^\d+\.\d+\.\d+/);
    } finally {
      box.cleanup();
    }
  });
});
