/** Modify Channel on threads: who may change what, archived and locked threads, auto_archive_duration, the rename limit. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Channel, type Emulator, Permissions as P, startEmulator } from '../src/index.ts';

const BOT = P.VIEW_CHANNEL | P.SEND_MESSAGES | P.SEND_MESSAGES_IN_THREADS | P.CREATE_PRIVATE_THREADS | P.CREATE_PUBLIC_THREADS | P.READ_MESSAGE_HISTORY;

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

describe('Modify Channel on threads', () => {
  let em: Emulator;
  let now = Date.now();
  let guildId: string;
  let plainParent: string;
  let managedParent: string;
  let ann: string;

  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${em.apiUrl}/v10${path}`, {
      method,
      headers: { Authorization: `Bot ${em.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const patch = (id: string, body: unknown) => call('PATCH', `/channels/${id}`, body);
  const start = async (parent: string, body: Record<string, unknown> = {}): Promise<Channel> => {
    const r = await call('POST', `/channels/${parent}/threads`, { name: 'ticket', type: 12, ...body });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as Channel;
  };
  /** A thread someone else started, with the bot as a member. */
  const theirs = (parent: string, type = 12) =>
    em.createChannel(guildId, { type, parentId: parent, name: 'theirs', ownerId: ann, members: [em.botUser.id] }).id;
  const code = (r: Answer) => [r.status, r.body?.code];

  before(async () => {
    em = await startEmulator({ clock: () => now, rateLimits: false });
    guildId = em.createGuild({ botPermissions: BOT }).id;
    ann = em.createUser({ username: 'ann' }).id;
    em.addMember(guildId, ann);
    const botRole = em.getMember(guildId, em.botUser.id)!.roles[0]!;
    plainParent = em.createChannel(guildId, { name: 'plain', autoArchiveDuration: 60 }).id;
    managedParent = em.createChannel(guildId, { name: 'managed', permissionOverwrites: [{ id: botRole, type: 0, allow: P.MANAGE_THREADS }] }).id;
  });
  after(async () => {
    assert.deepEqual(em.unknownRequests(), []);
    await em.close();
  });

  it('Start Thread keeps auto_archive_duration and returns it; without one the parent default is not used', async () => {
    const hour = await start(plainParent, { auto_archive_duration: 60 });
    assert.equal(hour.thread_metadata?.auto_archive_duration, 60);
    assert.equal((await call('GET', `/channels/${hour.id}`)).body.thread_metadata.auto_archive_duration, 60);
    const unset = await start(plainParent);
    assert.equal(unset.thread_metadata?.auto_archive_duration, 4320, "default_auto_archive_duration is the clients' default, not the API's");
  });

  it('the creator without Manage Threads renames, changes auto_archive_duration and archives, but cannot lock, set slowmode or change invitable', async () => {
    const t = await start(plainParent, { invitable: false });
    const before = t.thread_metadata!.archive_timestamp;
    now += 1000;
    const renamed = await patch(t.id, { name: 'renamed', auto_archive_duration: 10080 });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'renamed');
    assert.equal(renamed.body.thread_metadata.auto_archive_duration, 10080);
    assert.notEqual(renamed.body.thread_metadata.archive_timestamp, before, 'changing auto_archive_duration moves archive_timestamp');
    assert.equal(em.getChannel(t.id)!.thread_metadata!.auto_archive_duration, 10080);
    assert.deepEqual(code(await patch(t.id, { locked: true })), [403, 50013]);
    assert.deepEqual(code(await patch(t.id, { rate_limit_per_user: 10 })), [403, 50013]);
    assert.deepEqual(code(await patch(t.id, { invitable: true })), [403, 50013]);
    assert.equal((await patch(t.id, { invitable: false, locked: false })).status, 200, 'sending the current values changes nothing');
    assert.equal((await patch(t.id, { archived: true })).body.thread_metadata.archived, true);
  });

  it('someone else\'s thread: no rename or archive without Manage Threads; unarchiving needs membership and Send Messages in Threads', async () => {
    const t = theirs(plainParent);
    assert.deepEqual(code(await patch(t, { name: 'mine now' })), [403, 50013]);
    assert.deepEqual(code(await patch(t, { archived: true })), [403, 50013]);
    assert.deepEqual(code(await patch(t, { auto_archive_duration: 60 })), [403, 50013]);
    em.updateThread(t, { archived: true });
    assert.equal((await patch(t, { archived: false })).body.thread_metadata.archived, false, 'a member may unarchive');
    // A public thread the bot is not in.
    const pub = em.createChannel(guildId, { type: 11, parentId: plainParent, name: 'public', ownerId: ann });
    em.updateThread(pub.id, { archived: true });
    assert.deepEqual(code(await patch(pub.id, { archived: false })), [403, 50013]);
    // A parent where the bot cannot post in threads.
    const botRole = em.getMember(guildId, em.botUser.id)!.roles[0]!;
    const mute = em.createChannel(guildId, { name: 'mute', permissionOverwrites: [{ id: botRole, type: 0, deny: P.SEND_MESSAGES_IN_THREADS }] }).id;
    const m = theirs(mute);
    em.updateThread(m, { archived: true });
    assert.deepEqual(code(await patch(m, { archived: false })), [403, 50013]);
  });

  it('Manage Threads changes everything, unarchives locked threads and sets invitable', async () => {
    const t = theirs(managedParent);
    const changed = await patch(t, { name: 'moderated', locked: true, rate_limit_per_user: 30, invitable: false, auto_archive_duration: 1440 });
    assert.equal(changed.status, 200);
    assert.deepEqual(
      { name: changed.body.name, locked: changed.body.thread_metadata.locked, slow: changed.body.rate_limit_per_user, invitable: changed.body.thread_metadata.invitable, auto: changed.body.thread_metadata.auto_archive_duration },
      { name: 'moderated', locked: true, slow: 30, invitable: false, auto: 1440 },
    );
    assert.equal((await patch(t, { archived: true })).status, 200);
    assert.equal((await patch(t, { archived: false, locked: true })).body.thread_metadata.archived, false);
  });

  it('an archived thread changes only when the same request unarchives it (400 code 50083)', async () => {
    const t = await start(managedParent);
    assert.equal((await patch(t.id, { archived: true })).status, 200);
    for (const body of [{ name: 'x' }, { locked: true }, { archived: true }, { auto_archive_duration: 60 }, {}]) {
      const r = await patch(t.id, body);
      assert.deepEqual(code(r), [400, 50083], JSON.stringify(body));
      assert.equal(r.body.message, 'Thread is archived');
    }
    const both = await patch(t.id, { archived: false, locked: true, auto_archive_duration: 60 });
    assert.equal(both.status, 200);
    assert.deepEqual([both.body.thread_metadata.archived, both.body.thread_metadata.locked, both.body.thread_metadata.auto_archive_duration], [false, true, 60]);
  });

  it('a locked thread refuses every change without Manage Threads, unarchiving included', async () => {
    const t = await start(plainParent);
    em.updateThread(t.id, { locked: true });
    assert.deepEqual(code(await patch(t.id, { name: 'x' })), [403, 50013]);
    em.updateThread(t.id, { archived: true });
    assert.deepEqual(code(await patch(t.id, { archived: false })), [403, 50013]);
    assert.deepEqual(code(await patch(t.id, { archived: false, locked: false })), [403, 50013]);
  });

  it('validates the fields (400 code 50035 with the field path)', async () => {
    const t = await start(managedParent);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ name: '' }, 'name', 'BASE_TYPE_BAD_LENGTH'],
      [{ name: 'n'.repeat(101) }, 'name', 'BASE_TYPE_BAD_LENGTH'],
      [{ name: 5 }, 'name', 'BASE_TYPE_STRING'],
      [{ auto_archive_duration: 5 }, 'auto_archive_duration', 'BASE_TYPE_CHOICES'],
      [{ archived: 'yes' }, 'archived', 'BASE_TYPE_BOOLEAN'],
      [{ locked: 1 }, 'locked', 'BASE_TYPE_BOOLEAN'],
      [{ rate_limit_per_user: 21601 }, 'rate_limit_per_user', 'NUMBER_TYPE_MAX'],
    ];
    for (const [body, field, inner] of cases) {
      const r = await patch(t.id, body);
      assert.deepEqual(code(r), [400, 50035], JSON.stringify(body));
      assert.equal(r.body.message, 'Invalid Form Body');
      assert.equal(r.body.errors[field]._errors[0].code, inner);
    }
    const pub = await start(managedParent, { type: 11 });
    assert.deepEqual(code(await patch(pub.id, { invitable: false })), [400, 50035]);
  });

  it('answers the third rename within 10 minutes with 429 and retry_after; other edits and other threads are not limited', async () => {
    const t = await start(plainParent);
    const other = await start(plainParent);
    assert.equal((await patch(t.id, { name: 'one' })).status, 200);
    now += 60_000;
    assert.equal((await patch(t.id, { name: 'two' })).status, 200);
    now += 60_000;
    const third = await patch(t.id, { name: 'three' });
    assert.equal(third.status, 429);
    assert.deepEqual(Object.keys(third.body).sort(), ['global', 'message', 'retry_after']);
    assert.equal(third.body.message, 'You are being rate limited.');
    assert.equal(third.body.global, false);
    assert.equal(third.body.retry_after, 480, 'the first rename leaves the window 8 minutes from now');
    assert.equal(third.headers.get('retry-after'), '480');
    assert.equal(third.headers.get('x-ratelimit-scope'), 'user');
    assert.equal(em.getChannel(t.id)!.name, 'two', 'nothing changed');
    assert.equal((await patch(t.id, { auto_archive_duration: 60 })).status, 200, 'not a rename');
    assert.equal((await patch(other.id, { name: 'elsewhere' })).status, 200);
    // A refused request is not a rename; the same name is still a rename request.
    assert.deepEqual(code(await patch(t.id, { name: 'two', locked: true })), [403, 50013]);
    now += 480_000 - 1;
    assert.equal((await patch(t.id, { name: 'three' })).status, 429);
    now += 1;
    assert.equal((await patch(t.id, { name: 'three' })).status, 200);
    assert.equal((await patch(t.id, { name: 'three' })).status, 429, 'the second rename of that window is 60 s old');
  });

  it('takes the rename limit from the threadRenameLimit option', async () => {
    let clock = Date.now();
    const tight = await startEmulator({ clock: () => clock, threadRenameLimit: { limit: 1, windowMs: 1000 } });
    try {
      const g = tight.createGuild({ botPermissions: BOT });
      const parent = tight.createChannel(g.id, { name: 'p' }).id;
      const t = tight.createChannel(g.id, { type: 12, parentId: parent, name: 't' }).id;
      const send = (name: string) => fetch(`${tight.apiUrl}/v10/channels/${t}`, {
        method: 'PATCH',
        headers: { Authorization: `Bot ${tight.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name }),
      }).then((r) => r.status);
      assert.equal(await send('a'), 200);
      assert.equal(await send('b'), 429);
      clock += 1000;
      assert.equal(await send('b'), 200);
      await assert.rejects(startEmulator({ threadRenameLimit: { limit: 0, windowMs: 1 } }), RangeError);
    } finally {
      await tight.close();
    }
  });
});
