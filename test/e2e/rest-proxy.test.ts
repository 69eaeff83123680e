// The REST proxy (`theticketbot rest-proxy`) in front of the emulator: two bot processes,
// one shard each, open tickets through it; two clients that each keep to the global limit
// exceed it together when they go straight to Discord, and do not behind the proxy; and
// what the proxy does with 429s, 5xx, bodies and clients that gave up. Run `npm run build`
// first (the processes are the real CLI).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { REST } from '@discordjs/rest';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { defaultConfigTemplate } from '../../src/config/schema.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createRest } from '../../src/main.ts';
import { PROXY_PATIENCE_MS, startRestProxy, type RestProxy } from '../../src/rest-proxy.ts';
import { openStore } from '../../src/store/store.ts';
import { startBotProcess, startProxyProcess, stopProcess, type BotProcess, type ProxyProcess } from './fleet.ts';
import { buildTicketWorld, click, finalAnswer, guildIdOnShard, postInbox, threadIdOf, until, type TicketWorld } from './ticket-fixture.ts';

const quiet = createLogger({ verbosity: 0, logDir: null, console: { write: () => true } as unknown as NodeJS.WritableStream });

/** A client configured as the bot's (createRest: send-once policy, node:http), at `apiUrl`. */
function botClient(emu: Emulator, apiUrl: string, globalPerSecond: number): REST {
  const config = defaultConfigTemplate();
  config.discord.api_url = apiUrl;
  return createRest(config, emu.token, quiet, { globalRequestsPerSecond: globalPerSecond });
}

/** A raw request to the proxy, answered as it comes (no client library in between). */
function raw(url: string, method: string, token: string, body?: unknown, timeoutMs?: number): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(url, {
      method,
      headers: { authorization: `Bot ${token}`, ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}) },
    });
    if (timeoutMs !== undefined) req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.end(data);
  });
}

describe('two bot processes behind the REST proxy', () => {
  let emu: Emulator;
  let proxy: ProxyProcess;
  const bots: BotProcess[] = [];
  const worlds: TicketWorld[] = [];
  const inboxes: string[] = [];

  before(async () => {
    // One guild per shard: the emulator recommends two shards, and each process runs one.
    emu = await startEmulator({ recommendedGuildsPerShard: 1, interactionResponseDeadlineMs: 60_000 });
    proxy = await startProxyProcess(emu.apiUrl);
    for (const shard of [0, 1]) {
      const w = buildTicketWorld(emu, { guildId: guildIdOnShard(shard, 2, 40 + shard) });
      const bot = startBotProcess(emu, { apiUrl: proxy.apiUrl, shardCount: 2, shardIds: [shard] });
      const store = openStore({ path: bot.dbPath, pragmas: [], keyTemplate: '' });
      inboxes.push(await postInbox(emu, store.db, w, { channelId: w.supportId, destinationId: w.ticketsId }));
      store.close();
      worlds.push(w);
      bots.push(bot);
    }
    emu.clearRequests();
    await Promise.all(bots.map((b) => b.ready()));
  });

  after(async () => {
    for (const bot of bots) {
      await stopProcess(bot.child);
      bot.box.cleanup();
    }
    await stopProcess(proxy.child);
    proxy.box.cleanup();
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  test('each process runs its own shard, and opens tickets in its guilds through the proxy', async () => {
    const shards = emu.gatewayStats().shards;
    assert.equal(shards['0/2']?.connectedSessions, 1);
    assert.equal(shards['1/2']?.connectedSessions, 1);
    for (const [i, w] of worlds.entries()) {
      const threadId = threadIdOf((await finalAnswer(click(emu, inboxes[i]!, w.annId))).content);
      await until('the owner in the thread', () => emu.threadMembers(threadId).some((m: any) => String(m.user_id ?? m.id) === w.annId));
      assert.equal(emu.getChannel(threadId)?.parent_id, w.ticketsId);
    }
    // Everything the bots asked for reached the emulator by way of the proxy, with their token.
    const seen = emu.requests;
    assert.ok(seen.length >= 8, `requests seen: ${seen.length}`);
    for (const r of seen) {
      assert.match(r.headers['user-agent'] ?? '', /theticketbot-rest-proxy/, `${r.method} ${r.route} came through the proxy`);
      // Interaction callbacks and followups carry no bot token (the interaction's is in the path).
      assert.equal(r.auth, /^\w+ \/(interactions|webhooks)\//.test(r.route ?? '') ? 'missing' : 'valid', `${r.method} ${r.route}`);
    }
    const routes = new Set(seen.map((r) => r.route));
    assert.ok(routes.has('POST /channels/:id/threads'), [...routes].join(', '));
    assert.ok(routes.has('POST /interactions/:id/:id/callback'), [...routes].join(', '));
  });
});

describe('the global limit, shared', () => {
  let emu: Emulator;
  let proxy: RestProxy;
  const channels: string[] = [];
  const LIMIT = 10;

  before(async () => {
    emu = await startEmulator({ globalPerSecond: LIMIT });
    for (let i = 0; i < 2; i++) {
      const w = buildTicketWorld(emu);
      channels.push(w.supportId, w.ticketsId, w.plainId, w.noThreadsId, w.slowId);
    }
    proxy = await startRestProxy({ upstream: emu.apiUrl, host: '127.0.0.1', port: 0, globalPerSecond: LIMIT, logger: quiet });
  });
  after(async () => {
    await proxy.close();
    await emu.close();
  });

  /** Two clients, each keeping to the limit on its own, read every channel twice at once. */
  async function burst(apiUrl: string): Promise<{ global429: number; clientSaw429: number; ok: number }> {
    emu.clearRequests();
    const clients = [botClient(emu, apiUrl, LIMIT), botClient(emu, apiUrl, LIMIT)];
    let clientSaw429 = 0;
    for (const c of clients) c.on('response', (_req, res) => void (res.status === 429 && clientSaw429++));
    const results = await Promise.all(clients.flatMap((c) => [...channels, ...channels].map((id) => c.get(`/channels/${id}`))));
    for (const c of clients) {
      c.clearHashSweeper();
      c.clearHandlerSweeper();
    }
    return { global429: emu.requests.filter((r) => r.rateLimited === 'global').length, clientSaw429, ok: results.length };
  }

  test('straight to the emulator, two clients together exceed it; through the proxy they do not', async () => {
    const direct = await burst(emu.apiUrl);
    assert.equal(direct.ok, 40);
    assert.ok(direct.global429 >= LIMIT / 2, `without the proxy the emulator answered ${direct.global429} global 429s`);

    const proxied = await burst(proxy.url);
    assert.equal(proxied.ok, 40);
    assert.equal(proxied.clientSaw429, 0, 'the clients never met the global limit');
    // The proxy counts the limit where it sends and the emulator where it receives: the
    // first request of a window (a new connection) can arrive later than the next
    // window's, so each edge between windows may meet one 429, which the proxy waits out.
    const edges = Math.ceil(40 / LIMIT) - 1;
    assert.ok(proxied.global429 <= edges, `through the proxy the emulator answered ${proxied.global429} global 429s (${direct.global429} without it)`);
    assert.equal(emu.requests.filter((r) => r.status === 200).length, 40);
  });
});

describe('the proxy on its own', () => {
  let emu: Emulator;
  let proxy: RestProxy;
  let w: TicketWorld;
  before(async () => {
    emu = await startEmulator();
    w = buildTicketWorld(emu);
    proxy = await startRestProxy({ upstream: emu.apiUrl, host: '127.0.0.1', port: 0, globalPerSecond: 50, logger: quiet });
  });
  after(async () => {
    await proxy.close();
    await emu.close();
  });

  test('a POST that meets a 429 is sent again with its body, once', async () => {
    emu.clearRequests();
    emu.injectFault({ route: 'POST /channels/:id/messages', status: 429, retryAfter: 1 });
    const res = await raw(`${proxy.url}/v10/channels/${w.supportId}/messages`, 'POST', emu.token, { content: 'after the wait' });
    assert.equal(res.status, 200, res.body);
    assert.equal(JSON.parse(res.body).content, 'after the wait');
    assert.deepEqual(
      emu.requests.map((r) => r.status),
      [429, 200],
    );
    assert.equal(emu.messages(w.supportId).filter((m) => m.content === 'after the wait').length, 1);
  });

  test('a 5xx is passed on, not sent again: the bot decides (it looks before it asks twice)', async () => {
    emu.clearRequests();
    emu.injectFault({ route: 'POST /channels/:id/messages', status: 500, after: true });
    const res = await raw(`${proxy.url}/v10/channels/${w.supportId}/messages`, 'POST', emu.token, { content: 'edge failed' });
    assert.equal(res.status, 500);
    assert.equal(emu.requests.length, 1, 'one request reached the emulator');
    assert.equal(emu.messages(w.supportId).filter((m) => m.content === 'edge failed').length, 1);
  });

  test('a Discord error keeps its status and JSON body', async () => {
    const res = await raw(`${proxy.url}/v10/channels/1/messages`, 'POST', emu.token, { content: 'nowhere' });
    assert.equal(res.status, 404);
    assert.equal(JSON.parse(res.body).code, 10003);
  });

  test(`a wait longer than ${PROXY_PATIENCE_MS / 1000} s is answered with a 429 and its Retry-After at once`, async () => {
    emu.clearRequests();
    emu.injectFault({ route: 'PATCH /channels/:id', status: 429, retryAfter: 300 });
    const res = await raw(`${proxy.url}/v10/channels/${w.supportId}`, 'PATCH', emu.token, { topic: 'later' });
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers['retry-after']) > PROXY_PATIENCE_MS / 1000, `Retry-After ${res.headers['retry-after']}`);
    assert.equal(emu.requests.length, 1);
  });

  test('a request still waiting for its turn when its client gave up is never sent', async () => {
    emu.clearRequests();
    // The emulator's answer announces a 3 s wait on this channel's bucket: the next request waits in the proxy.
    emu.injectFault({ route: 'POST /channels/:id/messages', status: 429, retryAfter: 3 });
    const first = raw(`${proxy.url}/v10/channels/${w.plainId}/messages`, 'POST', emu.token, { content: 'first' });
    await until('the 429', () => emu.requests.length === 1);
    const second = raw(`${proxy.url}/v10/channels/${w.plainId}/messages`, 'POST', emu.token, { content: 'given up' }, 300);
    await assert.rejects(second, /client timeout|socket hang up/);
    assert.equal((await first).status, 200);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(emu.messages(w.plainId).filter((m) => m.content === 'given up').length, 0);
    assert.equal(emu.messages(w.plainId).filter((m) => m.content === 'first').length, 1);
  });

  test('a path outside the API is refused; /healthz answers for a container\'s health check', async () => {
    const base = proxy.url.replace(/\/api$/, '');
    assert.equal((await raw(`${base}/elsewhere`, 'GET', emu.token)).status, 404);
    const health = await raw(`${base}/healthz`, 'GET', '');
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { status: 'ok' });
  });
});
