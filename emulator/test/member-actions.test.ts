/** People acting on threads (threadActionAs): what each may do, what Discord answers otherwise, and what the bot hears. */

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ApiError } from '../src/rest/errors.ts';
import { type Emulator, Intents, Permissions as P, startEmulator, type ThreadAction } from '../src/index.ts';
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

  it('offers a member of a ticket only Leave, and adding moderators', () => {
    // The server's owner is a moderator everywhere.
    const serverOwner = em.world.getGuild(guildId)!.ownerId;
    assert.deepEqual(em.threadActionsOf(ownerId, threadId), { actions: ['leave'], addable: [serverOwner, modId].sort(), removable: [] });
  });

  it('offers a moderator who is not in the thread Join, Archive, Lock, Rename, and every member', () => {
    const offer = em.threadActionsOf(modId, threadId);
    assert.deepEqual(offer.actions, ['join', 'archive', 'lock', 'rename']);
    const bot = em.botUser.id;
    assert.deepEqual(offer.removable, [bot, ownerId, otherId], 'the bot that opened it included');
    const serverOwner = em.world.getGuild(guildId)!.ownerId;
    assert.deepEqual(offer.addable.sort(), [serverOwner, outsiderId].sort(), 'everyone in the server not in the thread yet');
  });

  it('offers the creator of a private thread Archive, Rename and removing others, not Lock', () => {
    const own = em.createChannel(guildId, { type: 12, parentId, name: 'own', ownerId: otherId, invitable: false, members: [ownerId] }).id;
    const offer = em.threadActionsOf(otherId, own);
    assert.deepEqual(offer.actions, ['leave', 'archive', 'rename']);
    assert.deepEqual(offer.removable, [ownerId]);
    assert.ok(offer.addable.includes(outsiderId), 'the creator may invite anyone');
  });

  it('offers nothing but Unarchive on a closed thread, and that only to whom may reopen it', () => {
    em.updateThread(threadId, { archived: true });
    assert.deepEqual(em.threadActionsOf(ownerId, threadId), { actions: ['unarchive'], addable: [], removable: [] });
    em.updateThread(threadId, { locked: true });
    assert.deepEqual(em.threadActionsOf(ownerId, threadId), { actions: [], addable: [], removable: [] });
    assert.deepEqual(em.threadActionsOf(modId, threadId).actions, ['unarchive']);
    assert.throws(() => em.threadActionsOf(outsiderId, threadId), refusedWith(50001));
  });

  it('offers exactly what threadActionAs then does, for every person, action and thread state', () => {
    const states = [{}, { locked: true }, { archived: true }, { archived: true, locked: true }];
    const actors = [ownerId, otherId, modId];
    const kinds: ThreadAction['action'][] = ['leave', 'join', 'archive', 'unarchive', 'lock', 'unlock', 'rename', 'add-member', 'remove-member'];
    const fresh = (state: { archived?: boolean; locked?: boolean }, creator: boolean): string => {
      const id = em.createChannel(guildId, { type: 12, parentId, name: 'case', invitable: false, ...(creator ? { ownerId } : {}), members: [ownerId, otherId] }).id;
      if (state.locked) em.updateThread(id, { locked: true });
      if (state.archived) em.updateThread(id, { archived: true });
      return id;
    };
    const look = (id: string) => JSON.stringify([em.world.channelObject(id), em.threadMembers(id).map((m) => m.user_id)]);
    let checked = 0;
    for (const state of states) {
      for (const creator of [false, true]) {
        for (const actor of actors) {
          for (const kind of kinds) {
            // Oneself is joined or left, not added or removed.
            const targets = kind === 'add-member' || kind === 'remove-member' ? (kind === 'add-member' ? [modId, outsiderId] : [ownerId, otherId]).filter((id) => id !== actor) : [null];
            for (const target of targets) {
              const id = fresh(state, creator);
              const offer = em.threadActionsOf(actor, id);
              const offered = kind === 'add-member' ? offer.addable.includes(target!) : kind === 'remove-member' ? offer.removable.includes(target!) : offer.actions.includes(kind as never);
              const act = (kind === 'add-member' || kind === 'remove-member' ? { action: kind, userId: target! } : kind === 'rename' ? { action: kind, name: 'renamed' } : { action: kind }) as ThreadAction;
              const before = look(id);
              let done = false;
              try {
                em.threadActionAs(actor, id, act);
                done = look(id) !== before;
              } catch (error) {
                assert.ok(error instanceof ApiError, String(error));
              }
              assert.equal(offered, done, `${kind}${target ? ` ${target}` : ''} by ${actor} on ${JSON.stringify(state)}${creator ? ' (creator)' : ''}`);
              checked += 1;
            }
          }
        }
      }
    }
    assert.ok(checked > 100);
  });
});
