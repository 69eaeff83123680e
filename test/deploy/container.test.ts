// The Dockerfile and compose.yaml: what can be checked without a Docker engine, and,
// where one runs, the image built, started against the emulator with its token in a
// secret file, and its health check turning healthy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/src/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { ROOT, SHIPPED_NODE_FLAGS } from '../e2e/harness.ts';

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const compose = readFileSync(join(ROOT, 'compose.yaml'), 'utf8');

/** Instruction lines of the last stage (the image that ships), continuations joined. */
function finalStage(text: string): string[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const from = lines.map((l, i) => (/^FROM\s/i.test(l) ? i : -1)).filter((i) => i >= 0);
  return lines.slice(from.at(-1));
}

function dockerEngine(): string | false {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  if (info.error) return 'docker is not installed';
  if (info.status !== 0) return `no Docker engine answers here (docker info: ${info.stderr.trim().split('\n').at(-1)})`;
  return false;
}

describe('the container image, as written', () => {
  const stage = finalStage(dockerfile);
  const one = (instruction: string): string[] => stage.filter((l) => l.startsWith(`${instruction} `)).map((l) => l.slice(instruction.length + 1).trim());

  test('a glibc (Debian) base in every stage, so the SQLite module builds and loads', () => {
    const bases = dockerfile.split('\n').filter((l) => /^FROM\s/i.test(l));
    assert.ok(bases.length >= 2, 'a build stage and the image');
    for (const b of bases) assert.match(b, /node:20-bookworm-slim/);
  });

  test('it runs as a user of its own, with its data in one volume', () => {
    assert.deepEqual(one('USER'), ['theticketbot']);
    assert.deepEqual(one('VOLUME'), ['/data']);
    const env = one('ENV').join(' ');
    for (const v of ['XDG_CONFIG_HOME=/data', 'XDG_DATA_HOME=/data', 'XDG_STATE_HOME=/data']) assert.ok(env.includes(v), v);
  });

  test('the entry point is node with the flags of the bin', () => {
    const entry = JSON.parse(one('ENTRYPOINT')[0]!) as string[];
    assert.deepEqual(entry, ['node', ...SHIPPED_NODE_FLAGS, '/app/bin/theticketbot.js']);
  });

  test('the health check calls /healthz with node itself (no curl in the image)', () => {
    const check = one('HEALTHCHECK')[0]!;
    assert.match(check, /CMD \["node", "\/app\/deploy\/healthcheck\.mjs"\]/);
    assert.match(readFileSync(join(ROOT, 'deploy', 'healthcheck.mjs'), 'utf8'), /\/healthz/);
  });

  test('compose gives the token as a secret file and keeps /data in a volume', () => {
    assert.match(compose, /THETICKETBOT_TOKEN_FILE: \/run\/secrets\/discord_token/);
    assert.match(compose, /- theticketbot-data:\/data/);
  });
});

describe('deploy/compose.scale.yaml, as written', () => {
  const scale = readFileSync(join(ROOT, 'deploy', 'compose.scale.yaml'), 'utf8');
  const dirs = { config: '/etc/theticketbot', data: '/data', log: '/data/log', state: '/data', runtime: '/run' };

  test('two bot processes whose configs load, share one shard count and cover every shard once, through the proxy, on PostgreSQL', () => {
    const configs = ['bot-a', 'bot-b'].map((name) => {
      assert.match(scale, new RegExp(`- \\./scale/${name}\\.toml:/etc/theticketbot/config\\.toml:ro`));
      return loadConfig(join(ROOT, 'deploy', 'scale', `${name}.toml`), dirs).config;
    });
    const counts = new Set(configs.map((c) => c.discord.shard_count));
    assert.equal(counts.size, 1);
    const count = [...counts][0]!;
    assert.deepEqual(configs.flatMap((c) => c.discord.shard_ids).sort((a, b) => a - b), Array.from({ length: count }, (_, i) => i));
    const proxyPort = /command: \["rest-proxy", "--host", "0\.0\.0\.0", "--port", "(\d+)"\]/.exec(scale)?.[1];
    assert.ok(proxyPort, 'the proxy listens on every interface of its container');
    for (const c of configs) {
      assert.equal(c.discord.api_url, `http://rest-proxy:${proxyPort}/api`);
      assert.match(c.db.url, /^postgres:\/\/theticketbot:[^@]+@postgres:5432\/theticketbot$/);
    }
    assert.match(scale, /THETICKETBOT_HEALTHCHECK_URL: http:\/\/127\.0\.0\.1:8080\/healthz/);
    assert.match(scale, /POSTGRES_PASSWORD_FILE: \/run\/secrets\/postgres_password/);
  });
});

describe('the container image, built and run', () => {
  const skip = dockerEngine();

  test('builds, starts against the emulator with the token in a secret file, and turns healthy', { skip, timeout: 900_000 }, async (t) => {
    const tag = `theticketbot-test:${process.pid}`;
    const name = `theticketbot-test-${process.pid}`;
    const built = spawnSync('docker', ['build', '--tag', tag, ROOT], { encoding: 'utf8', timeout: 840_000 });
    assert.equal(built.status, 0, built.stderr);
    t.after(() => spawnSync('docker', ['rmi', '--force', tag]));

    // The emulator on the host; the container shares the host's network to reach it.
    const emu = await startEmulator();
    t.after(() => emu.close());
    emu.createGuild({ name: 'Container', ownerId: emu.application.ownerId });
    const dir = mkdtempSync(join(tmpdir(), 'ttb-docker-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const token = join(dir, 'token');
    writeFileSync(token, `${emu.token}\n`);
    chmodSync(token, 0o444);

    const run = spawnSync('docker', [
      'run', '--detach', '--name', name, '--network', 'host',
      '--health-interval', '2s', '--health-start-period', '60s',
      '--env', `THETICKETBOT_API_URL=${emu.apiUrl}`,
      '--env', 'THETICKETBOT_TOKEN_FILE=/run/secrets/discord_token',
      '--env', 'THETICKETBOT_METRICS_HOST=127.0.0.1',
      '--volume', `${token}:/run/secrets/discord_token:ro`,
      tag,
    ], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    t.after(() => spawnSync('docker', ['rm', '--force', name]));

    let status = '';
    for (let i = 0; i < 120 && status !== 'healthy' && status !== 'unhealthy'; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      status = spawnSync('docker', ['inspect', '--format', '{{.State.Health.Status}}', name], { encoding: 'utf8' }).stdout.trim();
    }
    const logs = spawnSync('docker', ['logs', name], { encoding: 'utf8' });
    assert.equal(status, 'healthy', `${logs.stdout}\n${logs.stderr}`);
    assert.match(logs.stdout, /^Ready\.$/m);
    assert.ok(!(logs.stdout + logs.stderr).includes(emu.token), 'the token is not logged');

    const stopped = spawnSync('docker', ['stop', '--time', '30', name], { encoding: 'utf8' });
    assert.equal(stopped.status, 0, stopped.stderr);
    const exit = spawnSync('docker', ['inspect', '--format', '{{.State.ExitCode}}', name], { encoding: 'utf8' }).stdout.trim();
    assert.equal(exit, '0', 'SIGTERM ends the bot cleanly');
  });
});
