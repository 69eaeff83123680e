/** REST basics, rate limits and faults, driven with @discordjs/rest (as the bot) and fetch (for protocol details). */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiscordAPIError, HTTPError, REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { type Emulator, type RecordedRequest, startEmulator } from '../src/index.ts';

const TWO_53 = 2n ** 53n;

function client(em: Emulator, extra: Partial<ConstructorParameters<typeof REST>[0]> = {}): REST {
  return new REST({ api: em.apiUrl, version: '10', ...extra }).setToken(em.token);
}

function raw(em: Emulator, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${em.apiUrl}/v10${path}`, {
    ...init,
    headers: { Authorization: `Bot ${em.token}`, ...(init.headers as Record<string, string> | undefined) },
  });
}

/** A clock that only moves when told to. */
function manualClock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

/** Calls `fn` once a recorded request matches (polling the live request log). */
function whenRecorded(em: Emulator, pred: (r: RecordedRequest) => boolean, fn: () => void): () => void {
  let done = false;
  const timer = setInterval(() => {
    if (!done && em.requests.some(pred)) {
      done = true;
      clearInterval(timer);
      fn();
    }
  }, 10);
  return () => clearInterval(timer);
}

describe('REST basics', () => {
  let em: Emulator;
  before(async () => {
    em = await startEmulator();
  });
  after(() => em.close());

  it('returns the bot user and the application with an existing owner', async () => {
    const rest = client(em);
    const me = (await rest.get(Routes.user())) as { id: string; bot: boolean; username: string };
    assert.equal(me.id, em.botUser.id);
    assert.equal(me.bot, true);
    const app = (await rest.get(Routes.currentApplication())) as { id: string; name: string; owner: { id: string }; flags: number; bot_public: boolean };
    assert.equal(app.id, em.application.id);
    assert.equal(app.name, em.application.name);
    assert.equal(app.owner.id, em.application.ownerId);
    assert.equal(typeof app.flags, 'number');
    assert.equal(typeof app.bot_public, 'boolean');
    const owner = (await rest.get(Routes.user(app.owner.id))) as { id: string };
    assert.equal(owner.id, em.application.ownerId);
    // OAuth2 — Get Current Bot Application Information: the same application object.
    assert.deepEqual(await rest.get(Routes.oauth2CurrentApplication()), app);
  });

  it('looks like Discord for gateway discovery', async () => {
    const info = (await client(em).get(Routes.gatewayBot())) as { url: string; shards: number; session_start_limit: Record<string, number> };
    assert.equal(info.url, em.gatewayUrl);
    assert.equal(info.shards, 1);
    assert.deepEqual(Object.keys(info.session_start_limit).sort(), ['max_concurrency', 'remaining', 'reset_after', 'total']);
  });

  it('answers 401 without or with a wrong token', async () => {
    const res = await fetch(`${em.apiUrl}/v10/users/@me`);
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { message: '401: Unauthorized', code: 0 });
    const wrong = new REST({ api: em.apiUrl, version: '10' }).setToken('MTIz.abc.def');
    await assert.rejects(wrong.get(Routes.user()), (err: unknown) => err instanceof DiscordAPIError && err.status === 401 && err.code === 0);
    assert.equal(em.token.split('.').length, 3);
    const last = em.requests.at(-1);
    assert.equal(last?.headers.authorization, 'REDACTED');
    assert.equal(last?.auth, 'invalid');
  });

  it('records unknown routes and answers them with 404 code 0', async () => {
    em.clearRequests();
    await assert.rejects(client(em).get('/definitely/not/a/route' as `/${string}`), (err: unknown) =>
      err instanceof DiscordAPIError && err.status === 404 && err.code === 0 && err.message === '404: Not Found');
    const unknown = em.unknownRequests();
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0]?.path, '/definitely/not/a/route');
    assert.equal(unknown[0]?.route, null);
    em.clearRequests();
    assert.equal(em.unknownRequests().length, 0);
  });

  it('answers 204 without a Content-Type', async () => {
    const put = await raw(em, `/applications/${em.application.id}/commands`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([{ name: 'ping', description: 'Ping' }]),
    });
    const [cmd] = (await put.json()) as Array<{ id: string }>;
    const del = await raw(em, `/applications/${em.application.id}/commands/${cmd?.id}`, { method: 'DELETE' });
    assert.equal(del.status, 204);
    assert.equal(del.headers.get('content-type'), null);
    assert.equal(await del.text(), '');
  });

  it('rejects a body that is not JSON with 50109', async () => {
    const res = await raw(em, `/channels/1/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{oops' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { code: number }).code, 50109);
  });

  it('generates every id above 2^53', async () => {
    const user = em.createUser();
    const guild = em.createGuild({ defaultChannel: true });
    const role = em.createRole(guild.id);
    const channel = em.createChannel(guild.id);
    const category = em.createChannel(guild.id, { type: 4 });
    const thread = em.createChannel(guild.id, { type: 12, parentId: channel.id });
    const message = (await client(em).post(Routes.channelMessages(channel.id), { body: { content: 'hi' } })) as { id: string };
    const commands = (await client(em).put(Routes.applicationCommands(em.application.id), { body: [{ name: 'a', description: 'b' }] })) as Array<{ id: string; version: string; application_id: string }>;
    const ids = [
      em.application.id, em.application.ownerId, em.botUser.id, user.id, guild.id, guild.system_channel_id ?? '', role.id,
      channel.id, category.id, thread.id, message.id, commands[0]?.id ?? '', commands[0]?.version ?? '',
    ];
    for (const id of ids) {
      assert.equal(typeof id, 'string');
      assert.ok(BigInt(id) > TWO_53, `${id} should be above 2^53`);
    }
  });
});

describe('REST rate limits', () => {
  it('sends bucket headers, answers 429 with Retry-After, and the client waits and retries', async () => {
    const clock = manualClock();
    const em = await startEmulator({ clock: clock.now });
    try {
      em.setRouteLimit('GET /users/@me', 1, 1000);
      const first = await raw(em, '/users/@me');
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('x-ratelimit-limit'), '1');
      assert.equal(first.headers.get('x-ratelimit-remaining'), '0');
      assert.equal(first.headers.get('x-ratelimit-reset-after'), '1.000');
      assert.match(first.headers.get('x-ratelimit-reset') ?? '', /^\d+\.\d{3}$/);
      const bucket = first.headers.get('x-ratelimit-bucket');
      assert.match(bucket ?? '', /^[0-9a-f]{32}$/);

      const limited = await raw(em, '/users/@me');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '1');
      assert.equal(limited.headers.get('x-ratelimit-scope'), 'user');
      assert.equal(limited.headers.get('x-ratelimit-bucket'), bucket);
      assert.equal(limited.headers.get('x-ratelimit-global'), null);
      assert.deepEqual(await limited.json(), { message: 'You are being rate limited.', retry_after: 1, global: false });

      // The bot's client runs into the same bucket, waits Retry-After, and succeeds once the window has passed.
      em.clearRequests();
      const stop = whenRecorded(em, (r) => r.status === 429, () => clock.advance(1000));
      const me = (await client(em).get(Routes.user())) as { id: string };
      stop();
      assert.equal(me.id, em.botUser.id);
      assert.deepEqual(em.requests.map((r) => r.status), [429, 200]);
      assert.equal(em.requests[0]?.rateLimited, 'route');
    } finally {
      await em.close();
    }
  });

  it('keeps buckets apart per top-level resource', async () => {
    const em = await startEmulator();
    try {
      const guild = em.createGuild();
      const a = em.createChannel(guild.id);
      const b = em.createChannel(guild.id);
      em.setRouteLimit('GET /channels/:id', 1, 60_000);
      assert.equal((await raw(em, `/channels/${a.id}`)).status, 200);
      assert.equal((await raw(em, `/channels/${b.id}`)).status, 200);
      assert.equal((await raw(em, `/channels/${a.id}`)).status, 429);
    } finally {
      await em.close();
    }
  });

  it('applies the global limit with X-RateLimit-Global, and the client recovers', async () => {
    const clock = manualClock();
    const em = await startEmulator({ clock: clock.now, globalPerSecond: 2 });
    try {
      assert.equal((await raw(em, '/users/@me')).status, 200);
      assert.equal((await raw(em, '/gateway/bot')).status, 200);
      const limited = await raw(em, '/applications/@me');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('x-ratelimit-global'), 'true');
      assert.equal(limited.headers.get('x-ratelimit-scope'), 'global');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      const body = (await limited.json()) as { message: string; retry_after: number; global: boolean };
      assert.equal(body.global, true);
      assert.equal(body.message, 'You are being rate limited.');
      assert.equal(typeof body.retry_after, 'number');

      em.clearRequests();
      const stop = whenRecorded(em, (r) => r.rateLimited === 'global', () => clock.advance(1000));
      const rest = client(em);
      const results = await Promise.all([rest.get(Routes.user()), rest.get(Routes.currentApplication())]);
      stop();
      assert.equal(results.length, 2);
      assert.ok(em.requests.some((r) => r.status === 429 && (r.response as { global?: boolean }).global === true));
      assert.equal(em.requests.filter((r) => r.status === 200).length, 2);
    } finally {
      await em.close();
    }
  });
});

describe('REST faults and latency', () => {
  let em: Emulator;
  before(async () => {
    em = await startEmulator();
  });
  after(() => em.close());

  it('injects a 500 once; the client retries and succeeds', async () => {
    em.clearRequests();
    em.injectFault({ route: 'GET /users/@me', status: 500 });
    const me = (await client(em).get(Routes.user())) as { id: string };
    assert.equal(me.id, em.botUser.id);
    assert.deepEqual(em.requests.map((r) => [r.status, r.fault ?? null]), [[500, 'status'], [200, null]]);
    assert.deepEqual(em.requests[0]?.response, { message: '500: Internal Server Error', code: 0 });
  });

  it('gives up after repeated 5xx as the client allows', async () => {
    em.clearRequests();
    em.injectFault({ method: 'GET', route: /^GET \/applications\/@me$/, status: 503, times: 10 });
    await assert.rejects(client(em, { retries: 2 }).get(Routes.currentApplication()), (err: unknown) => err instanceof HTTPError && err.status === 503);
    assert.equal(em.requests.length, 3);
    em.clearFaults();
  });

  it('serves 502 as an HTML edge page', async () => {
    em.injectFault({ route: '/gateway/bot', status: 502 });
    const res = await raw(em, '/gateway/bot');
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await res.text(), /502 Bad Gateway/);
  });

  it('holds a request for a timeout fault until the client gives up, then serves the retry', async () => {
    em.clearRequests();
    em.injectFault({ route: 'GET /users/@me', timeout: true });
    const me = (await client(em, { timeout: 200 }).get(Routes.user())) as { id: string };
    assert.equal(me.id, em.botUser.id);
    assert.deepEqual(em.requests.map((r) => [r.status, r.fault ?? null]), [[0, 'timeout'], [200, null]]);
  });

  it('a fault with `after` processes the request, then answers with the fault: a blind retry creates a second message', async () => {
    const guild = em.createGuild();
    const channel = em.createChannel(guild.id);
    em.clearRequests();
    em.injectFault({ route: 'POST /channels/:id/messages', status: 502, after: true });
    const sent = (await client(em).post(Routes.channelMessages(channel.id), { body: { content: 'once' } })) as { id: string };
    assert.deepEqual(em.requests.map((r) => [r.status, r.fault ?? null, r.processedStatus ?? null]), [[502, 'status', 200], [200, null, null]]);
    assert.match(String(em.requests[0]?.response), /502 Bad Gateway/);
    const messages = em.messages(channel.id).filter((m) => m.content === 'once');
    assert.equal(messages.length, 2, 'the first request did its work although it answered 502');
    assert.ok(messages.some((m) => m.id === sent.id));
  });

  it('a timeout with `after` processes the request and holds the answer back', async () => {
    const guild = em.createGuild();
    const channel = em.createChannel(guild.id);
    em.clearRequests();
    em.injectFault({ route: 'POST /channels/:id/messages', timeout: true, after: true });
    await assert.rejects(client(em, { timeout: 200, retries: 0 }).post(Routes.channelMessages(channel.id), { body: { content: 'held' } }));
    assert.deepEqual(em.requests.map((r) => [r.status, r.fault ?? null, r.processedStatus ?? null]), [[0, 'timeout', 200]]);
    assert.equal(em.messages(channel.id).filter((m) => m.content === 'held').length, 1);
  });

  it('a fault before processing changes nothing', async () => {
    const guild = em.createGuild();
    const channel = em.createChannel(guild.id);
    em.injectFault({ route: 'POST /channels/:id/messages', status: 500 });
    await assert.rejects(client(em, { retries: 0 }).post(Routes.channelMessages(channel.id), { body: { content: 'never' } }), (err: unknown) => err instanceof HTTPError && err.status === 500);
    assert.equal(em.messages(channel.id).length, 0);
  });

  it('an injected 429 looks like a real one, and the client waits out retry_after before the next try', async () => {
    em.clearRequests();
    em.injectFault({ route: 'GET /users/@me', status: 429, retryAfter: 0.25 });
    const res = await raw(em, '/users/@me');
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.equal(res.headers.get('x-ratelimit-scope'), 'user');
    assert.equal(res.headers.get('x-ratelimit-remaining'), '0');
    assert.equal(res.headers.get('x-ratelimit-reset-after'), '0.250');
    assert.equal(res.headers.get('x-ratelimit-limit'), '50');
    assert.match(res.headers.get('x-ratelimit-bucket') ?? '', /^[0-9a-f]{32}$/);
    assert.equal(res.headers.get('x-ratelimit-global'), null);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await res.json(), { message: 'You are being rate limited.', retry_after: 0.25, global: false });

    em.clearRequests();
    em.injectFault({ route: 'GET /users/@me', status: 429, retryAfter: 0.25 });
    await client(em).get(Routes.user());
    const [limited, retried] = em.requests;
    assert.deepEqual(em.requests.map((r) => r.status), [429, 200]);
    assert.ok(retried!.at >= limited!.at + 250, 'not sent again before retry_after');

    em.injectFault({ route: 'GET /users/@me', status: 429, scope: 'global', retryAfter: 2 });
    const global = await raw(em, '/users/@me');
    assert.equal(global.headers.get('x-ratelimit-global'), 'true');
    assert.equal(global.headers.get('x-ratelimit-scope'), 'global');
    assert.equal(global.headers.get('retry-after'), '2');
    assert.equal(global.headers.get('x-ratelimit-bucket'), null);
    assert.deepEqual(await global.json(), { message: 'You are being rate limited.', retry_after: 2, global: true });
    assert.throws(() => em.injectFault({ status: 429, after: true }), RangeError);
  });

  it('adds latency without changing answers', async () => {
    em.setLatency(20);
    const me = (await client(em).get(Routes.user())) as { id: string };
    assert.equal(me.id, em.botUser.id);
    em.setLatency(0);
  });
});
