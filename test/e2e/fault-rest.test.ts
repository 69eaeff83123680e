// REST faults on every route of the Create Ticket path (issue 5): 5xx and timeouts, each
// before Discord processed the request and after it did (the edge failing once the work
// was done), one at a time and several in a row. Whatever happens: at most one thread
// per click, at most one starter per thread, at most one initial response, a request
// that creates something is sent again only after a definite 5xx and a look, the member
// finally sees the ready link or a clear failure, and no ticket row is left without a
// live thread. No timing assertions: the bot's request timeout is shortened so the
// timeouts come quickly, and every wait polls for a state.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator, type FaultSpec, type InteractionHandle, type RecordedRequest } from '../../emulator/src/index.ts';
import { buildTicketWorld, click, finalAnswer, postInbox, startTicketBot, threadIdOf, type InProcessBot, type TicketWorld } from './ticket-fixture.ts';

const R = {
  callback: 'POST /interactions/:id/:id/callback',
  createThread: 'POST /channels/:id/threads',
  starter: 'POST /channels/:id/messages',
  addMember: 'PUT /channels/:id/thread-members/:id',
  editOriginal: 'PATCH /webhooks/:id/:id/messages/:id',
  searchThreads: 'GET /guilds/:id/threads/active',
  readThread: 'GET /channels/:id',
  archive: 'PATCH /channels/:id',
} as const;
type RouteKey = keyof typeof R;

const MODES = {
  '5xx before': { status: 500 },
  '5xx after': { status: 502, after: true },
  'timeout before': { timeout: true },
  'timeout after': { timeout: true, after: true },
} satisfies Record<string, FaultSpec>;
type Mode = keyof typeof MODES;

type Outcome = 'ready' | 'create-failed' | 'wait' | 'unexpected' | 'permissions' | 'interaction-failed';

const READY = /^Your ticket is ready: (https:\/\/discord\.com\/channels\/\d+\/\d+)$/;
const UNEXPECTED = /^Something unexpected went wrong \(error code [0-9a-f]{4}\)\./;
const CREATE_FAILED = "Discord didn't confirm that your ticket was opened. Please try again in a moment.";
const PERMISSIONS = "I don't have the permissions I need to open a ticket here. Please let a server admin know.";
const WAIT = "I can't tell yet whether Discord opened your ticket. Please wait a moment: if it was opened, the link will appear here.";

/**
 * What the member should end up seeing. `several` is 4 in a row: one more than the client's
 * three retries of a request it may repeat, and more than the two tries of one sent once.
 */
function expected(route: RouteKey, mode: Mode, several: boolean): Outcome[] {
  const noAnswer = mode === 'timeout before';
  // Creating requests: found after an `after` fault; retried once after a 5xx; never after no answer.
  if (route === 'createThread' || route === 'starter') {
    if (mode.endsWith('after')) return ['ready'];
    return noAnswer || several ? ['create-failed'] : ['ready'];
  }
  if (route === 'archive') return ['permissions'];
  // The ticket exists: the bot tries once more to say so, and never says it failed.
  if (!several || route === 'editOriginal') return ['ready'];
  // Four failures in a row use up the client's retries.
  if (route === 'callback') return ['unexpected', 'interaction-failed'];
  // The thread may exist and cannot be looked for: the member is asked to wait.
  if (route === 'searchThreads') return ['wait'];
  return ['unexpected'];
}

/** Faults that lead the click onto a route it only takes after another failure. */
function leadIn(route: RouteKey): FaultSpec[] {
  switch (route) {
    case 'searchThreads':
      return [{ route: R.createThread, status: 500 }];
    case 'readThread':
      return [{ route: R.starter, status: 502, after: true }];
    case 'archive':
      return [{ route: R.starter, status: 403 }];
    default:
      return [];
  }
}

describe('REST faults on the Create Ticket path', () => {
  let emu: Emulator;
  let w: TicketWorld;
  let n = 0;
  before(async () => {
    emu = await startEmulator();
    w = buildTicketWorld(emu);
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), [], 'the bot only calls routes Discord has');
    await emu.close();
  });

  const botId = () => emu.botUser.id;
  const ofClick = (since: number, pred: (r: RecordedRequest) => boolean) => emu.requests.filter((r) => r.id > since && pred(r));

  async function memberSees(handle: InteractionHandle): Promise<{ outcome: Outcome; content: string }> {
    try {
      await handle.response;
    } catch {
      // Discord itself tells the member that the interaction failed.
      return { outcome: 'interaction-failed', content: '' };
    }
    const { content } = await finalAnswer(handle);
    if (READY.test(content)) return { outcome: 'ready', content };
    if (UNEXPECTED.test(content)) return { outcome: 'unexpected', content };
    if (content === CREATE_FAILED) return { outcome: 'create-failed', content };
    if (content === PERMISSIONS) return { outcome: 'permissions', content };
    if (content === WAIT) return { outcome: 'wait', content };
    throw new Error(`unexpected answer: ${JSON.stringify(content)}`);
  }

  async function scenario(b: InProcessBot, inboxId: string, parentId: string, route: RouteKey, mode: Mode, times: number): Promise<void> {
    const label = `${route}, ${mode}, ${times}×`;
    const user = emu.createUser({ username: `fault${++n}` });
    emu.addMember(w.guildId, user.id);
    const since = emu.requests.at(-1)?.id ?? 0;
    for (const f of leadIn(route)) emu.injectFault(f);
    emu.injectFault({ route: R[route], ...MODES[mode], times });
    try {
      const handle = click(emu, inboxId, user.id);
      const seen = await memberSees(handle);
      assert.ok(expected(route, mode, times > 1).includes(seen.outcome), `${label}: the member saw ${seen.outcome} ${JSON.stringify(seen.content)}`);

      // At most one initial response.
      const callbacks = ofClick(since, (r) => r.path === `/interactions/${handle.id}/${handle.token}/callback`);
      const acknowledged = callbacks.filter((r) => [200, 204].includes(r.processedStatus ?? r.status));
      assert.ok(acknowledged.length <= 1, `${label}: ${acknowledged.length} initial responses`);

      // At most one thread for the click; a second create request only after a definite 5xx.
      const mine = emu.threads(parentId).filter((t) => t.name === user.username);
      assert.ok(mine.length <= 1, `${label}: ${mine.length} threads for one click`);
      const creates = ofClick(since, (r) => r.route === R.createThread && (r.body as { name?: string }).name === user.username);
      assert.ok(creates.length <= 2, `${label}: ${creates.length} create-thread requests`);
      for (const earlier of creates.slice(0, -1)) assert.ok(earlier.status >= 500, `${label}: create-thread sent again after ${earlier.status || 'no answer'}`);

      // At most one starter in the thread; a second post only after a definite 5xx.
      for (const thread of mine) {
        const starters = emu.messages(thread.id).filter((m) => m.author.id === botId());
        assert.ok(starters.length <= 1, `${label}: ${starters.length} starter messages: ${JSON.stringify(starters.map((m) => m.content))}`);
        const posts = ofClick(since, (r) => r.route === R.starter && r.path === `/channels/${thread.id}/messages`);
        for (const earlier of posts.slice(0, -1)) assert.ok(earlier.status >= 500, `${label}: starter sent again after ${earlier.status || 'no answer'}`);
      }

      if (seen.outcome === 'ready') {
        const threadId = threadIdOf(READY.exec(seen.content)![1]!);
        assert.deepEqual(mine.map((t) => t.id), [threadId], `${label}: the link is the click's thread`);
        assert.equal(emu.messages(threadId).filter((m) => m.author.id === botId()).length, 1, `${label}: the starter is there`);
        assert.ok(emu.threadMembers(threadId).some((m: any) => String(m.user_id ?? m.id) === user.id), `${label}: the member is in the thread`);
      } else {
        // A thread the member was not sent to is closed, or at least nobody's ticket.
        for (const thread of mine) {
          const rows = Number(b.store.db.sqlite.prepare('SELECT count(*) FROM ticket WHERE id = ?').pluck().get(BigInt(thread.id)));
          const open = emu.getChannel(thread.id)?.thread_metadata?.archived === false;
          assert.ok(rows === 0 || open, `${label}: a ticket row for a closed thread`);
        }
      }

      // No ticket row without a live (existing, open) thread.
      for (const id of b.store.db.sqlite.prepare('SELECT id FROM ticket').pluck().all() as bigint[]) {
        const thread = emu.getChannel(id.toString());
        assert.ok(thread && thread.thread_metadata?.archived === false, `${label}: ticket row ${id} has no live thread`);
      }
    } finally {
      emu.clearFaults();
    }
  }

  for (const route of Object.keys(R) as RouteKey[]) {
    test(`${R[route]}: 5xx and timeouts, before and after processing, once and four in a row`, async (t) => {
      const b = await startTicketBot(emu);
      t.after(() => b.stop());
      // Timeouts come after 400 ms (the callback's own 2 s attempt limit is longer), and a
      // request that got no answer is looked for again after 50 ms.
      b.bot.deps.rest.options.timeout = 400;
      b.bot.deps.interactionRest.options.timeout = 400;
      b.bot.deps.tickets.recheckDelayMs = 50;
      // A click whose thread could not be looked for is left as it is (not looked for again while running).
      b.bot.deps.tickets.lookAgainMs = [];
      // Without $author in the starter the owner is added to the thread by its own request,
      // which a private thread that members cannot invite to allows only with Manage Threads.
      const parentId = route === 'addMember' ? w.ticketsId : w.plainId;
      const inboxId = await postInbox(emu, b.store.db, w, {
        channelId: w.supportId,
        destinationId: parentId,
        maxTickets: 0,
        name: '$author',
        ...(route === 'addMember' ? { starter: 'A new ticket.' } : {}),
      });
      for (const mode of Object.keys(MODES) as Mode[]) {
        for (const times of [1, 4]) await scenario(b, inboxId, parentId, route, mode, times);
      }
    });
  }
});
