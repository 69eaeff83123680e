// The request policy without a server: what the strategy hands back to @discordjs/rest
// for a request sent once, the callback's own attempt timeout, postOnce's decisions, and
// the router treating "already acknowledged" (40060) as the response being there.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiscordAPIError, HTTPError, type REST, type RESTOptions } from '@discordjs/rest';
import type { APIInteraction } from 'discord-api-types/v10';
import type { Deps } from '../../../src/discord/deps.ts';
import { CALLBACK_TIMEOUT_MS, NoAnswerError, NotConfirmed, OutcomeUnknown, postOnce, withRequestPolicy } from '../../../src/discord/rest-policy.ts';
import { createReply } from '../../../src/discord/router.ts';
import type { Logger } from '../../../src/log/logger.ts';

type MakeRequest = RESTOptions['makeRequest'];
type Init = Parameters<MakeRequest>[1];

const quiet: Logger = { name: 'test', debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

function response(status: number): Awaited<ReturnType<MakeRequest>> {
  return new Response(status === 204 ? null : '{}', { status, headers: { 'Content-Type': 'application/json' } });
}

/** Fails the way a fetch does when its signal is aborted. */
function hangUntilAborted(init: Init): Promise<never> {
  return new Promise((_, reject) => {
    init.signal?.addEventListener('abort', () => reject(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })));
  });
}

const URL_THREADS = 'http://discord.test/api/v10/channels/1246826841231327270/threads';
const URL_CALLBACK = 'http://discord.test/api/v10/interactions/1246826841231327271/tok.en-1/callback';

test('a request sent once: the marker never leaves the process, a 5xx is an error the client does not retry', async () => {
  const seen: Init[] = [];
  const strategy = withRequestPolicy(async (_url, init) => {
    seen.push(init);
    return response(502);
  });
  await assert.rejects(
    strategy(URL_THREADS, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-theticketbot-send-once': '1' } }),
    (error: unknown) => error instanceof HTTPError && error.status === 502,
  );
  assert.deepEqual(seen[0]!.headers, { 'Content-Type': 'application/json' });

  // Without the marker the response goes back to the client, which retries a 5xx.
  const plain = await withRequestPolicy(async () => response(502))(URL_THREADS, { method: 'POST', headers: {} });
  assert.equal(plain.status, 502);
});

test('a request sent once that gets no answer is a NoAnswerError, which the client does not retry', async () => {
  const controller = new AbortController();
  const strategy = withRequestPolicy(async (_url, init) => hangUntilAborted(init));
  const pending = strategy(URL_THREADS, { method: 'POST', headers: { 'x-theticketbot-send-once': '1' }, signal: controller.signal });
  controller.abort();
  await assert.rejects(pending, (error: unknown) => error instanceof NoAnswerError && error.name !== 'AbortError');
});

test('an interaction callback is given up after CALLBACK_TIMEOUT_MS with an abort the client retries', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const strategy = withRequestPolicy(async (_url, init) => hangUntilAborted(init));
  const callback = strategy(URL_CALLBACK, { method: 'POST', headers: {} });
  const other = strategy(URL_THREADS, { method: 'POST', headers: {} });
  let otherSettled = false;
  other.catch(() => {}).finally(() => (otherSettled = true));
  t.mock.timers.tick(CALLBACK_TIMEOUT_MS);
  await assert.rejects(callback, (error: unknown) => error instanceof Error && error.name === 'AbortError');
  await Promise.resolve();
  assert.equal(otherSettled, false, 'other requests keep the client timeout');
});

function fakeRest(answers: Array<() => unknown>): { rest: REST; calls: number } {
  const state = { calls: 0, rest: undefined as unknown as REST };
  state.rest = {
    post: async () => {
      const answer = answers[state.calls++]!;
      return answer();
    },
  } as unknown as REST;
  return state;
}

const serverError = () => {
  throw new HTTPError(500, 'Internal Server Error', 'POST', URL_THREADS, { body: undefined, files: undefined });
};
const noAnswer = () => {
  throw new NoAnswerError(new Error('aborted'));
};

function once<T>(rest: REST, find: () => Promise<T | null>, read: (a: unknown) => T) {
  return postOnce({ rest, route: '/channels/1/threads', body: {}, read, find, what: 'a thing', log: quiet, recheckDelayMs: 0 });
}

test('postOnce: found after a failure, used without sending again', async () => {
  const fake = fakeRest([serverError]);
  assert.equal(await once(fake.rest, async () => 'found', () => 'sent'), 'found');
  assert.equal(fake.calls, 1);
});

test('postOnce: after a 5xx with nothing found it sends once more; after no answer it looks twice and gives up', async () => {
  const fake = fakeRest([serverError, () => ({ id: 'second' })]);
  let looks = 0;
  assert.equal(await once(fake.rest, async () => (looks++, null), (a) => (a as { id: string }).id), 'second');
  assert.equal(fake.calls, 2);
  assert.equal(looks, 1);

  const silent = fakeRest([noAnswer]);
  looks = 0;
  await assert.rejects(once(silent.rest, async () => (looks++, null), () => 'x'), NotConfirmed);
  assert.equal(silent.calls, 1, 'never sent again without an answer');
  assert.equal(looks, 2);

  const twice = fakeRest([serverError, serverError]);
  await assert.rejects(once(twice.rest, async () => null, () => 'x'), NotConfirmed);
  assert.equal(twice.calls, 2);
});

test('postOnce: a 4xx is thrown as it is; a failed look makes the outcome unknown', async () => {
  const refused = fakeRest([
    () => {
      throw new DiscordAPIError({ message: 'Missing Permissions', code: 50013 }, 50013, 403, 'POST', URL_THREADS, { body: undefined, files: undefined });
    },
  ]);
  let looked = false;
  await assert.rejects(once(refused.rest, async () => ((looked = true), null), () => 'x'), (error: unknown) => error instanceof DiscordAPIError && error.status === 403);
  assert.equal(looked, false);

  const blind = fakeRest([serverError]);
  await assert.rejects(once(blind.rest, async () => { throw new Error('search failed'); }, () => 'x'), OutcomeUnknown);
  assert.equal(blind.calls, 1);
});

test('an initial response refused with 40060 counts as sent, and the reply is made to say what was asked', async () => {
  const edits: unknown[] = [];
  const deps = {
    interactionRest: {
      post: mock.fn(async () => {
        throw new DiscordAPIError({ message: 'Interaction has already been acknowledged.', code: 40060 }, 40060, 400, 'POST', URL_CALLBACK, { body: undefined, files: undefined });
      }),
    },
    interactions: { editReply: async (_app: string, _token: string, data: unknown) => void edits.push(data) },
    api: { interactions: { editReply: async (_app: string, _token: string, data: unknown) => void edits.push(data) } },
  } as unknown as Deps;
  const interaction = { id: '1246826841231327271', token: 'tok', application_id: '1246826841231327270' } as APIInteraction;
  const reply = createReply(deps, interaction);
  await reply.send({ content: 'an error, code abcd' });
  assert.equal(reply.responded, true);
  assert.deepEqual(edits, [{ content: 'an error, code abcd' }]);
  await reply.send({ content: 'later' });
  assert.deepEqual(edits, [{ content: 'an error, code abcd' }, { content: 'later' }]);
});
