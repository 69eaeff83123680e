// The install paths of README "Installing": the package `npm pack` makes, installed with
// --omit=dev into an empty folder, runs (--version, --help, the bot against the
// emulator, doctor, the sandbox in a browser); a checkout without its development dependencies or without a build says so
// in one line.
//
// Time: the package is packed from a copy of this tree (so the build it runs cannot race
// the other tests, which use dist/), then installed from the npm registry or cache at the
// versions of package-lock.json (the package carries them as npm-shrinkwrap.json). The
// SQLite module's install script is skipped and its binary taken from this tree's
// node_modules instead of compiling it again (about 95 s): same package version (checked),
// same node binary, same machine, so the file the compiler would produce is the one copied.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { configToml, makeSandbox, ROOT, runCli } from '../e2e/harness.ts';
import { channelLink, ephemeral, launchBrowser, message, openAs, startSandboxCli } from '../e2e/sandbox-flows.ts';

const SQLITE = 'better-sqlite3-multiple-ciphers';
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** The environment without what `npm test` adds (npm_config_*, npm_lifecycle_*, …). */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], cwd: string, env = cleanEnv()): SpawnSyncReturns<string> {
  const result = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  assert.equal(result.status, 0, `${cmd} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

describe('the package from npm pack, installed with --omit=dev', () => {
  let work: string;
  let tarball: string;
  let app: string;
  let installedBin: string;
  let emu: Emulator;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'ttb-pack-'));
    // This tree as git would check it out (tracked files and new ones not ignored).
    const copy = join(work, 'checkout');
    const listed = run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], ROOT).stdout.split('\0').filter(Boolean);
    for (const file of listed) {
      if (!existsSync(join(ROOT, file))) continue;
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(ROOT, file), join(copy, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    run('npm', ['pack', '--pack-destination', work], copy);
    tarball = join(work, `theticketbot-${pkg.version}.tgz`);

    app = join(work, 'app');
    mkdirSync(app);
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', tarball], app);
    const installed = join(app, 'node_modules');
    // Only the SQLite module has an install script to stand in for.
    const lock = JSON.parse(readFileSync(join(installed, '.package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const scripted = Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([path]) => path.replace(/^.*node_modules\//, ''));
    assert.deepEqual(scripted, [SQLITE], 'production dependencies with install scripts');
    const version = (dir: string): string => (JSON.parse(readFileSync(join(dir, SQLITE, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(version(installed), version(join(ROOT, 'node_modules')), `${SQLITE}: the package installs the version of package-lock.json`);
    cpSync(join(ROOT, 'node_modules', SQLITE, 'build', 'Release', 'better_sqlite3.node'), join(installed, SQLITE, 'build', 'Release', 'better_sqlite3.node'));
    installedBin = join(installed, '.bin', 'theticketbot');

    emu = await startEmulator();
    emu.createGuild({ name: 'Installed', ownerId: emu.application.ownerId });
  });

  after(async () => {
    await emu?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the tarball holds the bundle, its run-time files, the lock and the deployment files, and no sources', () => {
    const files = run('tar', ['tzf', tarball], work).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    const sandbox = ['dist/emulator/sandbox.js', 'dist/emulator/web/index.html', 'dist/emulator/web/app.js', 'dist/emulator/web/app.css'];
    for (const f of ['bin/theticketbot.js', 'dist/theticketbot.js', 'dist/migrations/001-base.sql', 'dist/locales/en-US/theticketbot.ftl', 'npm-shrinkwrap.json', 'LICENSE', 'README.md', 'deploy/theticketbot.service', 'deploy/healthcheck.mjs', 'scripts/encrypt-db.mjs', ...sandbox]) {
      assert.ok(files.includes(f), `${f} is in the package`);
    }
    assert.deepEqual(files.filter((f) => /^(src|test|emulator|bench)\//.test(f) || f.endsWith('.ts')), []);
  });

  test('nothing only the development needs is installed', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([path, p]) => p.dev && path.startsWith('node_modules/')).map(([path]) => path);
    assert.ok(devOnly.includes('node_modules/typescript') && devOnly.includes('node_modules/esbuild'));
    for (const path of devOnly) assert.ok(!existsSync(join(app, path)), `${path} is not installed`);
  });

  test('npx theticketbot --version and --help', () => {
    const version = run('npx', ['--no-install', 'theticketbot', '--version'], app);
    assert.equal(version.stdout.trim(), pkg.version);
    const help = run('npx', ['--no-install', 'theticketbot', '--help'], app);
    assert.match(help.stdout, /Usage: theticketbot/);
    assert.match(help.stdout, /--config-file/);
  });

  test('the installed command (its shebang and flags) runs the bot against the emulator and stops cleanly', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    box.writeConfig(configToml(emu.apiUrl));
    const bot = runCli(['--no-sync'], { env: { ...box.env, THETICKETBOT_TOKEN: emu.token }, command: [installedBin] });
    await bot.waitFor(/^Ready\.$/m, 60_000);
    assert.ok(existsSync(join(box.dataDir, 'theticketbot.db')), 'the database was created (the SQLite module loads)');
    bot.kill('SIGTERM');
    const exit = await bot.exited;
    assert.equal(exit.code, 0, bot.stderr());
    assert.doesNotMatch(bot.stderr(), STACK_LINE);
  });

  test('the installed command: doctor against the emulator', async (t) => {
    const box = makeSandbox();
    t.after(() => box.cleanup());
    box.writeConfig(configToml(emu.apiUrl));
    const env = { ...box.env, THETICKETBOT_TOKEN: emu.token };
    // A first start creates the database; doctor then inspects it.
    const bot = runCli(['--no-sync'], { env, command: [installedBin] });
    await bot.waitFor(/^Ready\.$/m, 60_000);
    bot.kill('SIGTERM');
    assert.equal((await bot.exited).code, 0, bot.stderr());
    const doctor = runCli(['doctor'], { env, command: [installedBin] });
    const exit = await doctor.exited;
    assert.equal(exit.code, 0, doctor.stdout() + doctor.stderr());
    assert.match(doctor.stdout(), /integrity/i);
    assert.doesNotMatch(doctor.stdout() + doctor.stderr(), STACK_LINE);
    assert.ok(!(doctor.stdout() + doctor.stderr()).includes(emu.token), 'the token is never printed');
  });

  test('npx theticketbot sandbox: the page loads and a ticket opens, with no development dependency installed', { timeout: 300_000 }, async () => {
    for (const dev of ['esbuild', 'preact', 'discord-markdown-parser', 'playwright-core', 'tsx', 'typescript']) {
      assert.ok(!existsSync(join(app, 'node_modules', dev)), `${dev} is not installed`);
    }
    const sb = await startSandboxCli({ command: { file: 'npx', args: ['--no-install', 'theticketbot'], cwd: app } });
    const browser = await launchBrowser();
    try {
      const page = await openAs(browser, sb.url, 'mia', 'support');
      await message(page, 'Need a hand?').getByRole('button', { name: 'Create Ticket' }).click();
      await ephemeral(page, 'Your ticket is ready').waitFor();
      const tickets = await page.evaluate(async () => {
        const people = (await (await fetch('/_sandbox/people')).json()) as { people: Array<{ id: string; username: string }> };
        const mia = people.people.find((p) => p.username === 'mia')!.id;
        const world = (await (await fetch(`/_sandbox/world?as=${mia}`)).json()) as { channels: Array<{ id: string; name: string }> };
        return world.channels.find((c) => c.name === 'tickets')!.id;
      });
      const threads = await sb.control<Array<{ name: string; type: number }>>(`channels/${tickets}/threads`);
      assert.equal(threads.length, 1);
      assert.equal(threads[0]!.type, 12);
      await channelLink(page, threads[0]!.name).waitFor();
    } finally {
      await browser.close();
      const tmp = join(sb.home.home, 'tmp');
      // Ctrl-C reaches npx and the sandbox alike; npx itself ends by the signal.
      sb.child.kill('SIGINT');
      await sb.child.exited;
      const deadline = Date.now() + 15_000;
      while (readdirSync(tmp).length > 0 || (await fetch(sb.url).then(() => true, () => false))) {
        assert.ok(Date.now() < deadline, `the sandbox did not stop and clean up: ${sb.child.stderr()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(sb.child.stderr(), /stopping the sandbox/);
      sb.home.cleanup();
    }
  });
});

describe('a checkout that cannot run', () => {
  test('npm ci --omit=dev leaves no esbuild: the build (the prepare script) says what to do in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ttb-nobuild-'));
    try {
      mkdirSync(join(dir, 'scripts'));
      cpSync(join(ROOT, 'scripts', 'build.mjs'), join(dir, 'scripts', 'build.mjs'));
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      const result = spawnSync(process.execPath, [join(dir, 'scripts', 'build.mjs')], { cwd: dir, encoding: 'utf8', env: cleanEnv({ NODE_PATH: '' }) });
      assert.equal(result.status, 1);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /cannot build without the development dependencies: in a git checkout run `npm ci`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the command without a build says so in one line, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ttb-nodist-'));
    try {
      mkdirSync(join(dir, 'bin'));
      cpSync(join(ROOT, 'bin', 'theticketbot.js'), join(dir, 'bin', 'theticketbot.js'));
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      const result = spawnSync(process.execPath, [join(dir, 'bin', 'theticketbot.js'), '--version'], { cwd: dir, encoding: 'utf8', env: cleanEnv() });
      assert.equal(result.status, 1);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /theticketbot is not built: run `npm run build`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
