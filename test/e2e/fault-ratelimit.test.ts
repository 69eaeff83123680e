// 429s while members click (issue 5). A storm of rate limits on one guild's routes must
// not hold back another guild's tickets, and a global rate limit holds every request
// except the interaction callbacks, which Discord exempts, so members still see
// "Opening your ticket…" in time. From the emulator's record of requests: nothing is sent
// to a limited bucket (or, for the global limit, at all) before the 429's retry_after has
// passed. Only the order of recorded times is compared, never how fast anything was.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator, type RecordedRequest } from '../../emulator/src/index.ts';
import { buildTicketWorld, click, finalAnswer, postInbox, startTicketBot, threadIdOf, until, type InProcessBot, type TicketWorld } from './ticket-fixture.ts';

const CREATE_THREAD = 'POST /channels/:id/threads';
const READY = /^Your ticket is ready: https:\/\/discord\.com\/channels\/\d+\/\d+$/;

/** Interaction callbacks and interaction webhooks: exempt from the global limit ("Rate Limits — Global Rate Limit"). */
function isInteractionEndpoint(emu: Emulator, r: RecordedRequest): boolean {
  return r.path.startsWith('/interactions/') || r.path.startsWith(`/webhooks/${emu.application.id}/`);
}

/** The per-route bucket a request counts against: its route and top-level resource. */
function bucketOf(r: RecordedRequest): string {
  const major = /^\/(?:channels|guilds)\/(\d+)/.exec(r.path)?.[1] ?? /^\/(?:webhooks|interactions)\/(\d+\/[^/]+)/.exec(r.path)?.[1] ?? '';
  return `${r.route} ${major}`;
}

/** Fails when any request went out before the wait a 429 announced (its body's retry_after) had passed. */
function assertNothingSentEarly(emu: Emulator, since: number): number {
  const requests = emu.requests.filter((r) => r.id > since);
  const limited = requests.filter((r) => r.status === 429);
  for (const r of limited) {
    const { retry_after: retryAfter, global } = r.response as { retry_after: number; global: boolean };
    assert.equal(typeof retryAfter, 'number', 'a 429 says how long to wait, as Discord does');
    const notBefore = r.at + retryAfter * 1000;
    const held = (x: RecordedRequest) => (global ? !isInteractionEndpoint(emu, x) : bucketOf(x) === bucketOf(r));
    const early = requests.filter((x) => x.id > r.id && held(x) && x.at < notBefore);
    assert.deepEqual(
      early.map((x) => `${x.method} ${x.path} ${notBefore - x.at} ms early`),
      [],
      `sent before the retry_after of the 429 to ${r.method} ${r.path} (${global ? 'global' : 'route'}) had passed`,
    );
  }
  return limited.length;
}

describe('rate limits while members click', () => {
  let emu: Emulator;
  let a: TicketWorld;
  let bw: TicketWorld;
  let bot: InProcessBot;
  let inboxA: string;
  let inboxB: string;
  let n = 0;

  const member = (w: TicketWorld): string => {
    const user = emu.createUser({ username: `rl${++n}` });
    emu.addMember(w.guildId, user.id);
    return user.id;
  };
  const lastId = () => emu.requests.at(-1)?.id ?? 0;

  before(async () => {
    emu = await startEmulator();
    a = buildTicketWorld(emu);
    bw = buildTicketWorld(emu);
    bot = await startTicketBot(emu);
    await until('the startup reconciliation', () => /reconciliation finished/i.test(bot.logs()));
    inboxA = await postInbox(emu, bot.store.db, a, { channelId: a.supportId, destinationId: a.plainId, maxTickets: 0 });
    inboxB = await postInbox(emu, bot.store.db, bw, { channelId: bw.supportId, destinationId: bw.plainId, maxTickets: 0 });
    // One ticket in each guild first, so the client knows the buckets before any 429.
    for (const [w, inbox] of [[a, inboxA], [bw, inboxB]] as const) {
      assert.match((await finalAnswer(click(emu, inbox, member(w)))).content, READY);
    }
  });
  after(async () => {
    await bot?.stop();
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  test("a 429 storm on one guild's thread creation: the other guild's tickets are all created meanwhile, nothing is sent early", async () => {
    const since = lastId();
    // Every create-thread request in guild A's ticket channel is refused, eight times in a row.
    emu.injectFault({ route: new RegExp(`^POST /channels/${a.plainId}/threads$`), status: 429, retryAfter: 1, times: 8 });
    const stormed = [member(a), member(a), member(a)].map((id) => click(emu, inboxA, id));
    await until('the storm to start', () => emu.requests.some((r) => r.id > since && r.status === 429));

    const others = await Promise.all([member(bw), member(bw), member(bw), member(bw)].map((id) => finalAnswer(click(emu, inboxB, id))));
    for (const answer of others) assert.match(answer.content, READY);
    const createdIn = (parentId: string) => emu.requests.filter((r) => r.id > since && r.route === CREATE_THREAD && r.path === `/channels/${parentId}/threads` && r.status === 201);
    const bCreated = createdIn(bw.plainId);
    assert.equal(bCreated.length, 4);

    // Guild A's members get their tickets too, once the storm is over; none is lost to waiting.
    const answers = await Promise.all(stormed.map((h) => finalAnswer(h)));
    for (const answer of answers) assert.match(answer.content, READY);
    assert.equal(new Set(answers.map((x) => threadIdOf(x.content))).size, 3);
    const aCreated = createdIn(a.plainId);
    assert.equal(aCreated.length, 3);
    // Every guild B ticket was made while guild A's thread creation was still refused.
    const lastRefused = emu.requests.filter((r) => r.id > since && r.status === 429).at(-1)!;
    assert.ok(bCreated.every((r) => r.id < lastRefused.id && r.id < aCreated[0]!.id), 'guild B waited for guild A');
    assert.equal(assertNothingSentEarly(emu, since), 8);
  });

  test('a global 429 holds every request but the interaction callbacks: members still see "Opening your ticket…" in time', async () => {
    const since = lastId();
    // Longer than the 3 s an interaction has for its first answer: a callback held by the
    // global limit would miss it, and the emulator would fail the interaction.
    const retryAfter = 4;
    emu.injectFault({ route: 'POST /channels/:id/messages', status: 429, scope: 'global', retryAfter });
    const first = click(emu, inboxA, member(a));
    const limited = await until('the global 429', () => emu.requests.find((r) => r.id > since && r.status === 429));
    await until('the client to hold its requests', () => bot.bot.deps.rest.globalReset >= limited.at + retryAfter * 1000);

    const handles = [click(emu, inboxA, member(a)), click(emu, inboxB, member(bw)), click(emu, inboxB, member(bw))];
    for (const handle of handles) {
      const response = await handle.response;
      assert.equal(response.type, 4);
      assert.equal(response.data.content, 'Opening your ticket…');
    }
    for (const answer of await Promise.all([first, ...handles].map((h) => finalAnswer(h)))) assert.match(answer.content, READY);
    assert.equal(assertNothingSentEarly(emu, since), 1);
    const held = emu.requests.filter((r) => r.id > limited.id && !isInteractionEndpoint(emu, r));
    assert.ok(held.some((r) => r.route === CREATE_THREAD), 'thread creation was among the held requests');
  });
});
