/** People acting on threads (threadActionAs): what each may do, what Discord answers otherwise, and what the bot hears. */

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ApiError } from '../src/rest/errors.ts';
import { type Emulator, Intents, Permissions as P, startEmulator } from '../src/index.ts';
import { gatewayUrl, RawGatewayClient } from './helpers.ts';

function refusedWith(code: number) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    assert.equal(error.body.code, code);
    return true;
  };
}

describe('people acting on threads', () => {
  let em: Emulator;
  let gw: RawGatewayClient;
  let guildId: string;
  let parentId: string;
  let modId: string;
  let ownerId: string;
  let otherId: string;
  let outsiderId: string;
  let threadId: string;

  before(async () => {
    em = await startEmulator();
    gw = new RawGatewayClient(gatewayUrl(em.gatewayUrl));
    await gw.identify(em.token, Intents.GUILDS | Intents.GUILD_MEMBERS);
    const guild = em.createGuild({ name: 'Threads', botPermissions: P.VIEW_CHANNEL | P.SEND_MESSAGES | P.CREATE_PRIVATE_THREADS | P.SEND_MESSAGES_IN_THREADS });
    guildId = guild.id;
    const mods = em.createRole(guildId, { name: 'Mods' });
    parentId = em.createChannel(guildId, { name: 'tickets', permissionOverwrites: [{ id: mods.id, type: 0, allow: P.MANAGE_THREADS }] }).id;
    const person = (username: string, roles: string[] = []) => {
      const u = em.createUser({ username });
      em.addMember(guildId, u.id, { roles });
      return u.id;
    };
    modId = person('mod', [mods.id]);
    ownerId = person('owner');
    otherId = person('other');
    outsiderId = person('outsider');
    await gw.next((p) => p.t === 'GUILD_CREATE');
  });
  after(async () => {
    gw.close();
    await em.close();
  });
  beforeEach(() => {
    // A private ticket opened by the bot, with the owner and the other member in it.
    threadId = em.createChannel(guildId, { type: 12, parentId, name: 'ticket', invitable: false, members: [ownerId, otherId] }).id;
  });

  it('a member leaves: THREAD_MEMBERS_UPDATE, and the private thread is gone for them', async () => {
    const seen = gw.next((p) => p.t === 'THREAD_MEMBERS_UPDATE' && p.d.id === threadId && p.d.removed_member_ids?.includes(ownerId));
    em.threadActionAs(ownerId, threadId, { action: 'leave' });
    await seen;
    assert.equal(em.world.canView(threadId, ownerId), false);
    assert.throws(() => em.threadActionAs(ownerId, threadId, { action: 'leave' }), refusedWith(50001));
  });

  it('someone who cannot see the thread gets Missing Access for anything', () => {
    assert.throws(() => em.threadActionAs(outsiderId, threadId, { action: 'rename', name: 'mine' }), refusedWith(50001));
    assert.throws(() => em.threadActionAs(outsiderId, threadId, { action: 'join' }), refusedWith(50001));
  });

  it('renaming and archiving need Manage Threads or being the creator', () => {
    assert.throws(() => em.threadActionAs(ownerId, threadId, { action: 'rename', name: 'mine' }), refusedWith(50013));
    assert.throws(() => em.threadActionAs(ownerId, threadId, { action: 'archive' }), refusedWith(50013));
    assert.equal(em.threadActionAs(modId, threadId, { action: 'rename', name: 'renamed' }).name, 'renamed');
    assert.throws(() => em.threadActionAs(modId, threadId, { action: 'rename', name: '' }), refusedWith(50035));
    const creatorThread = em.createChannel(guildId, { type: 12, parentId, name: 'own', ownerId, members: [] }).id;
    assert.equal(em.threadActionAs(ownerId, creatorThread, { action: 'rename', name: 'still mine' }).name, 'still mine');
    assert.equal(em.threadActionAs(ownerId, creatorThread, { action: 'archive' }).thread_metadata?.archived, true);
  });

  it('locking needs Manage Threads; a locked, archived thread only reopens for moderators', async () => {
    assert.throws(() => em.threadActionAs(ownerId, threadId, { action: 'lock' }), refusedWith(50013));
    const update = gw.next((p) => p.t === 'THREAD_UPDATE' && p.d.id === threadId && p.d.thread_metadata.locked === true);
    em.threadActionAs(modId, threadId, { action: 'lock' });
    await update;
    em.threadActionAs(modId, threadId, { action: 'archive' });
    assert.throws(() => em.threadActionAs(ownerId, threadId, { action: 'unarchive' }), refusedWith(50013));
    assert.throws(() => em.threadActionAs(modId, threadId, { action: 'rename', name: 'x' }), refusedWith(50083), 'an archived thread only changes while being unarchived');
    assert.throws(() => em.threadActionAs(ownerId, threadId, { action: 'leave' }), refusedWith(50083));
    assert.equal(em.threadActionAs(modId, threadId, { action: 'unarchive' }).thread_metadata?.archived, false);
  });

  it('an unlocked archived thread reopens for a member of it', () => {
    em.threadActionAs(modId, threadId, { action: 'archive' });
    assert.equal(em.threadActionAs(otherId, threadId, { action: 'unarchive' }).thread_metadata?.archived, false);
  });

  it('adding non-moderators to a private thread that is not invitable needs Manage Threads; removing anyone needs it too', () => {
    assert.throws(() => em.threadActionAs(ownerId, threadId, { action: 'add-member', userId: outsiderId }), refusedWith(50013));
    em.threadActionAs(modId, threadId, { action: 'add-member', userId: outsiderId });
    assert.ok(em.world.isThreadMember(threadId, outsiderId));
    assert.throws(() => em.threadActionAs(ownerId, threadId, { action: 'remove-member', userId: outsiderId }), refusedWith(50013));
    em.threadActionAs(modId, threadId, { action: 'remove-member', userId: outsiderId });
    assert.ok(!em.world.isThreadMember(threadId, outsiderId));
    assert.throws(() => em.threadActionAs(modId, threadId, { action: 'remove-member', userId: outsiderId }), refusedWith(10007));
    // "invitable: whether non-moderators can add other non-moderators": a moderator may always be brought in.
    em.threadActionAs(otherId, threadId, { action: 'add-member', userId: modId });
    assert.ok(em.world.isThreadMember(threadId, modId));
    const invitable = em.createChannel(guildId, { type: 12, parentId, name: 'open', invitable: true, members: [ownerId] }).id;
    em.threadActionAs(ownerId, invitable, { action: 'add-member', userId: otherId });
    assert.ok(em.world.isThreadMember(invitable, otherId));
  });

  it('moderators may join a private thread; the bot never acts as a person', () => {
    em.threadActionAs(modId, threadId, { action: 'join' });
    assert.ok(em.world.isThreadMember(threadId, modId));
    assert.throws(() => em.threadActionAs(em.botUser.id, threadId, { action: 'leave' }), /REST API/);
  });

  it('the control API runs the same actions and answers with Discord\'s error', async () => {
    const call = async (body: unknown) => {
      const res = await fetch(`${em.controlUrl}/threads/${threadId}/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    assert.deepEqual(await call({ userId: ownerId, action: 'lock' }), { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    const renamed = await call({ userId: modId, action: 'rename', name: 'via control' });
    assert.equal(renamed.status, 201);
    assert.equal(renamed.body.name, 'via control');
    const bad = await call({ userId: modId, action: 'add-member' });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.message), /targetUserId/);
  });
});
