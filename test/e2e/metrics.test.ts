// The health and metrics listener of the real CLI (bin/theticketbot.js → dist/) against
// the emulator: /healthz from the start, /readyz false until the gateway is READY with
// its guilds and while another program holds the database's write lock, /metrics
// counting a ticket, a 429 and an interaction that failed. Run `npm run build` first.
// No timing assertions: everything waits for a state.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { openStore } from '../../src/store/store.ts';
import { lockDatabase, type DbLocker } from '../fixtures/db-locker.ts';
import { configToml, makeSandbox, runCli, type Child, type Sandbox } from './harness.ts';
import { buildTicketWorld, click, finalAnswer, postInbox, threadIdOf, until, type TicketWorld } from './ticket-fixture.ts';

const METRICS_ON = '[metrics]\nenabled = true\nport = 0\n';
/** guilds, guild_messages and members: the bot's default intents. */
const BOT_INTENTS = 1 | 2 | 512;

async function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The value of one sample of a Prometheus text exposition; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Map([...(m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) return Number(m[3]);
  }
  return undefined;
}

/** Starts the CLI with the listener on a free port; resolves with its base URL once it listens. */
async function startWithMetrics(box: Sandbox, env: Record<string, string>): Promise<{ child: Child; base: string }> {
  const child = runCli([], { env });
  const line = await child.waitFor(/Health and metrics: http:\/\/\S+\/healthz/);
  return { child, base: /(http:\/\/\S+)\/healthz/.exec(line)![1]! };
}

describe('health and metrics of the real CLI', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  function sandbox(): { box: Sandbox; env: Record<string, string>; dbPath: string } {
    const box = makeSandbox();
    box.writeConfig(configToml(emu.apiUrl, METRICS_ON));
    return { box, env: { ...box.env, THETICKETBOT_TOKEN: emu.token }, dbPath: join(box.dataDir, 'theticketbot.db') };
  }

  test('/healthz answers at once; /readyz is 503 until READY has come with every guild, then 200', async (t) => {
    buildTicketWorld(emu);
    // A slow network: HELLO comes 5 s after the socket opens, so READY is well behind the
    // first look at /readyz (its guilds then arrive with it).
    emu.setHandshakeDelays({ helloMs: 5000 });
    t.after(() => emu.setHandshakeDelays({ helloMs: 0 }));
    const s = sandbox();
    t.after(() => s.box.cleanup());
    const { child, base } = await startWithMetrics(s.box, s.env);
    t.after(() => child.kill('SIGKILL'));

    const health = await get(`${base}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(health.body, 'ok\n');

    const waiting = await get(`${base}/readyz`);
    assert.doesNotMatch(child.stdout(), /^Ready\.$/m, 'asked before READY');
    assert.equal(waiting.status, 503);
    assert.match(waiting.type, /^application\/json/);
    assert.equal(JSON.parse(waiting.body).ready, false);
    emu.setHandshakeDelays({ helloMs: 0 });

    await child.waitFor(/^Ready\.$/m);
    const ready = await until('/readyz to say ready', async () => {
      const r = await get(`${base}/readyz`);
      return r.status === 200 ? r : null;
    });
    assert.deepEqual(JSON.parse(ready.body), { ready: true, gateway: { '0': 'ready' }, database: 'ok' });

    const other = await get(`${base}/nothing-here`);
    assert.equal(other.status, 404);
    child.kill('SIGTERM');
    assert.equal((await child.exited).code, 0);
  });

  test('a guild in an outage does not hold /readyz back: Discord said it is unavailable, so its shard is complete', async (t) => {
    const w = buildTicketWorld(emu);
    emu.setGuildAvailable(w.guildId, false);
    t.after(() => emu.setGuildAvailable(w.guildId, true));
    const s = sandbox();
    t.after(() => s.box.cleanup());
    const { child, base } = await startWithMetrics(s.box, s.env);
    t.after(() => child.kill('SIGKILL'));
    await child.waitFor(/^Ready\.$/m);
    const ready = await until('/readyz to say ready', async () => {
      const r = await get(`${base}/readyz`);
      return r.status === 200 ? r : null;
    });
    assert.deepEqual(JSON.parse(ready.body), { ready: true, gateway: { '0': 'ready' }, database: 'ok' });
    child.kill('SIGTERM');
    assert.equal((await child.exited).code, 0);
  });

  describe('a running bot', () => {
    let w: TicketWorld;
    let s: ReturnType<typeof sandbox>;
    let child: Child;
    let base: string;
    let inbox: string;
    before(async () => {
      w = buildTicketWorld(emu);
      s = sandbox();
      const store = await openStore({ path: s.dbPath, pragmas: [], keyTemplate: '' });
      inbox = await postInbox(emu, store.db, w, { channelId: w.supportId, destinationId: w.plainId, maxTickets: 0 });
      await store.close();
      ({ child, base } = await startWithMetrics(s.box, s.env));
      await child.waitFor(/^Ready\.$/m);
    });
    after(async () => {
      child.kill('SIGTERM');
      assert.equal((await child.exited).code, 0);
      s.box.cleanup();
    });

    test('/readyz is 503 while another program holds the write lock, and 200 again once it lets go', async (t) => {
      await until('/readyz to say ready', async () => (await get(`${base}/readyz`)).status === 200);
      let locker: DbLocker | null = await lockDatabase(s.dbPath, 'immediate');
      t.after(() => locker?.kill());
      const locked = await get(`${base}/readyz`);
      assert.equal(locked.status, 503);
      assert.deepEqual(JSON.parse(locked.body), { ready: false, gateway: { '0': 'ready' }, database: 'locked' });
      // The listener is not stalled by the lock: liveness still answers.
      assert.equal((await get(`${base}/healthz`)).status, 200);
      await locker.release();
      locker = null;
      const back = await get(`${base}/readyz`);
      assert.equal(back.status, 200);
      assert.deepEqual(JSON.parse(back.body), { ready: true, gateway: { '0': 'ready' }, database: 'ok' });
    });

    test('/metrics counts a ticket, a 429 and an interaction that failed, with route templates for labels', async () => {
      const before = await get(`${base}/metrics`);
      assert.equal(before.status, 200);
      assert.match(before.type, /^text\/plain; version=0\.0\.4/);
      assert.equal(sample(before.body, 'theticketbot_tickets_opened_total'), 0);
      assert.equal(sample(before.body, 'theticketbot_gateway_ready', { shard: '0' }), 1);
      assert.equal(sample(before.body, 'theticketbot_gateway_status', { shard: '0', status: 'ready' }), 1);
      assert.equal(sample(before.body, 'theticketbot_guilds'), emu.world.botGuilds().length);
      assert.ok((sample(before.body, 'process_resident_memory_bytes') ?? 0) > 0, 'the process metrics are there');

      // A ticket whose thread creation is first answered with 429: waited out, then made.
      emu.injectFault({ route: 'POST /channels/:id/threads', status: 429, retryAfter: 1 });
      const opened = await finalAnswer(click(emu, inbox, w.annId));
      assert.match(opened.content, /^Your ticket is ready: /);
      threadIdOf(opened.content);

      // A click whose first response Discord refuses: an unexpected error with a code.
      emu.injectFault({ route: 'POST /interactions/:id/:id/callback', status: 400 });
      const failed = await click(emu, inbox, w.bobId).response;
      assert.match(String(failed.data?.content), /^Something unexpected went wrong \(error code [0-9a-f]{4}\)/);

      const text = await until('the metrics to show both clicks', async () => {
        const body = (await get(`${base}/metrics`)).body;
        return sample(body, 'theticketbot_interactions_total', { kind: 'component', outcome: 'error' }) === 1 ? body : null;
      });
      assert.equal(sample(text, 'theticketbot_tickets_opened_total'), 1);
      assert.equal(sample(text, 'theticketbot_interactions_total', { kind: 'component', outcome: 'ok' }), 1);
      assert.equal(sample(text, 'theticketbot_interactions_total', { kind: 'component', outcome: 'error' }), 1);
      assert.equal(sample(text, 'theticketbot_interaction_first_response_seconds_count', { kind: 'component' }), 2);
      assert.equal(sample(text, 'theticketbot_discord_rate_limited_total', { scope: 'user' }), 1);
      assert.equal(sample(text, 'theticketbot_discord_requests_total', { method: 'POST', route: '/channels/:id/threads', status: '429' }), 1);
      assert.equal(sample(text, 'theticketbot_discord_requests_total', { method: 'POST', route: '/channels/:id/threads', status: '201' }), 1);
      assert.equal(sample(text, 'theticketbot_discord_requests_total', { method: 'POST', route: '/interactions/:id/:token/callback', status: '400' }), 1);
      assert.ok((sample(text, 'theticketbot_db_write_transaction_seconds_count') ?? 0) >= 1, 'the ticket was written');
      // Labels carry templates only: no snowflake, and no interaction token.
      const routes = [...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]!);
      assert.ok(routes.length > 0);
      for (const route of routes) assert.doesNotMatch(route, /\d{5,}|aW50ZXJhY3Rpb24|token-/, route);
      for (const handle of emu.requests.filter((r) => r.path.startsWith('/interactions/'))) {
        const token = handle.path.split('/')[3]!;
        assert.ok(!text.includes(token), 'an interaction token reached the metrics');
      }
    });
  });

  test('with [metrics] off (the default) no listener starts and prom-client is never loaded', async (t) => {
    buildTicketWorld(emu);
    const box = makeSandbox();
    t.after(() => box.cleanup());
    // A module hook that refuses prom-client: the bot must run without ever asking for it.
    writeFileSync(join(box.home, 'hooks.mjs'), "export async function resolve(specifier, context, next) { if (specifier === 'prom-client' || specifier.startsWith('prom-client/')) throw new Error('prom-client was loaded'); return next(specifier, context); }\n");
    writeFileSync(join(box.home, 'register.mjs'), "import { register } from 'node:module'; register(new URL('./hooks.mjs', import.meta.url));\n");
    const nodeArgs = ['--import', join(box.home, 'register.mjs')];
    const env = { ...box.env, THETICKETBOT_TOKEN: emu.token };
    box.writeConfig(configToml(emu.apiUrl));
    const child = runCli([], { env, nodeArgs });
    t.after(() => child.kill('SIGKILL'));
    await child.waitFor(/^Ready\.$/m);
    assert.doesNotMatch(child.stdout() + child.stderr(), /Health and metrics|prom-client/);
    child.kill('SIGTERM');
    assert.equal((await child.exited).code, 0);

    // The hook works: with [metrics] on, the same start fails on it.
    const on = runCli([], { env: { ...env, THETICKETBOT_METRICS_ENABLED: 'true', THETICKETBOT_METRICS_PORT: '0' }, nodeArgs });
    t.after(() => on.kill('SIGKILL'));
    assert.notEqual((await on.exited).code, 0);
    assert.match(on.stderr(), /prom-client was loaded/);
  });
});
