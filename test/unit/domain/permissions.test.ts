import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALL_PERMISSIONS,
  basePermissions,
  channelPermissions,
  isTimedOut,
  missingPermissions,
  Permission,
  type GuildPermissionInput,
  timeoutUntil,
  type Overwrite,
} from '../../../src/domain/permissions.ts';

const GUILD = '1246826841231327275';
const OWNER = '1246826841231327276';
const USER = '1246826841231327277';
const ROLE_A = '1246826841231327278';
const ROLE_B = '1246826841231327279';
const { ViewChannel, SendMessages, EmbedLinks, AttachFiles, ManageThreads, Administrator, MentionEveryone } = Permission;

function guild(everyone: bigint, roles: Record<string, bigint> = {}): GuildPermissionInput {
  return { guildId: GUILD, ownerId: OWNER, rolePermissions: new Map([[GUILD, everyone], ...Object.entries(roles)]) };
}
const ow = (id: string, type: 0 | 1, allow: bigint, deny: bigint): Overwrite => ({ id, type, allow, deny });

test('the guild owner has every permission, whatever the overwrites', () => {
  const g = guild(0n);
  const perms = channelPermissions(g, { userId: OWNER, roleIds: [] }, [ow(GUILD, 0, 0n, ViewChannel)]);
  assert.equal(perms, ALL_PERMISSIONS);
});

test('Administrator on any role grants everything and ignores overwrites', () => {
  const g = guild(ViewChannel, { [ROLE_A]: Administrator });
  assert.equal(basePermissions(g, { userId: USER, roleIds: [ROLE_A] }), ALL_PERMISSIONS);
  assert.equal(channelPermissions(g, { userId: USER, roleIds: [ROLE_A] }, [ow(USER, 1, 0n, ViewChannel)]), ALL_PERMISSIONS);
});

test('roles are OR-ed onto @everyone; roles the member lacks do not count', () => {
  const g = guild(ViewChannel, { [ROLE_A]: SendMessages, [ROLE_B]: ManageThreads });
  const perms = basePermissions(g, { userId: USER, roleIds: [ROLE_A] });
  assert.equal(perms, ViewChannel | SendMessages);
});

test('overwrite order: @everyone, then all roles together (deny then allow), then the member', () => {
  const g = guild(ViewChannel | SendMessages, { [ROLE_A]: 0n, [ROLE_B]: 0n });
  const member = { userId: USER, roleIds: [ROLE_A, ROLE_B] };
  // @everyone denies Send; role A allows it back; role B denies it: allow wins among roles.
  let perms = channelPermissions(g, member, [ow(GUILD, 0, 0n, SendMessages), ow(ROLE_A, 0, SendMessages, 0n), ow(ROLE_B, 0, 0n, SendMessages)]);
  assert.ok(perms & SendMessages);
  // The member overwrite beats the roles.
  perms = channelPermissions(g, member, [ow(ROLE_A, 0, SendMessages, 0n), ow(USER, 1, 0n, SendMessages)]);
  assert.equal(perms & SendMessages, 0n);
  // A role overwrite for a role the member does not have is ignored.
  perms = channelPermissions(g, { userId: USER, roleIds: [] }, [ow(ROLE_A, 0, ManageThreads, 0n)]);
  assert.equal(perms & ManageThreads, 0n);
});

test('a member overwrite with type role is not applied to a user of the same id', () => {
  const g = guild(ViewChannel | SendMessages);
  const perms = channelPermissions(g, { userId: USER, roleIds: [] }, [ow(USER, 0, 0n, SendMessages)]);
  assert.ok(perms & SendMessages);
});

test('no View Channel means nothing at all in the channel', () => {
  const g = guild(ViewChannel | SendMessages | ManageThreads);
  assert.equal(channelPermissions(g, { userId: USER, roleIds: [] }, [ow(GUILD, 0, 0n, ViewChannel)]), 0n);
});

test('no Send Messages implicitly removes embed, attach and mention-everyone', () => {
  const g = guild(ViewChannel | EmbedLinks | AttachFiles | MentionEveryone | ManageThreads);
  const perms = channelPermissions(g, { userId: USER, roleIds: [] }, []);
  assert.equal(perms, ViewChannel | ManageThreads);
});

test('editing its own message, what only Send Messages would cancel still counts; View Channel still rules', () => {
  const g = guild(ViewChannel | EmbedLinks | AttachFiles | ManageThreads);
  const member = { userId: USER, roleIds: [] };
  assert.equal(channelPermissions(g, member, [], { editing: true }), ViewChannel | EmbedLinks | AttachFiles | ManageThreads);
  assert.equal(channelPermissions(g, member, [ow(GUILD, 0, 0n, ViewChannel)], { editing: true }), 0n);
  assert.deepEqual(missingPermissions(channelPermissions(g, member, [], { editing: true }), ['ViewChannel', 'EmbedLinks', 'AttachFiles']), []);
});

test('missingPermissions names what is lacking, in the order asked', () => {
  assert.deepEqual(missingPermissions(ViewChannel, ['ViewChannel', 'SendMessages', 'CreatePrivateThreads']), ['SendMessages', 'CreatePrivateThreads']);
  assert.deepEqual(missingPermissions(ALL_PERMISSIONS, ['ViewChannel']), []);
});

test('permission bits above 2^53 survive (Create Private Threads is bit 36, Send in Threads bit 38)', () => {
  assert.equal(Permission.CreatePrivateThreads, 68719476736n);
  assert.equal(Permission.SendMessagesInThreads, 274877906944n);
  const g = guild(ViewChannel | SendMessages | Permission.CreatePrivateThreads | Permission.SendMessagesInThreads);
  assert.deepEqual(missingPermissions(channelPermissions(g, { userId: USER, roleIds: [] }, []), ['CreatePrivateThreads', 'SendMessagesInThreads']), []);
});

describe('timeouts', () => {
  const G = '100000000000000000';
  const guild = {
    guildId: G,
    ownerId: '1',
    rolePermissions: new Map([
      [G, Permission.ViewChannel | Permission.SendMessages | Permission.ReadMessageHistory | Permission.SendMessagesInThreads],
      ['7', Permission.ManageThreads],
      ['8', Permission.Administrator],
    ]),
  };
  const allowAll: Overwrite[] = [{ id: '5', type: 1, allow: Permission.CreatePrivateThreads | Permission.SendMessages, deny: 0n }];

  it('a timed-out member keeps View Channel and Read Message History, whatever roles and overwrites give', () => {
    const member = { userId: '5', roleIds: ['7'], timedOut: true };
    assert.equal(basePermissions(guild, member), Permission.ViewChannel | Permission.ReadMessageHistory);
    assert.equal(channelPermissions(guild, member, allowAll), Permission.ViewChannel | Permission.ReadMessageHistory);
    assert.equal(channelPermissions(guild, { ...member, timedOut: false }, allowAll) & Permission.ManageThreads, Permission.ManageThreads);
  });

  it('the owner and administrators are not affected', () => {
    assert.equal(channelPermissions(guild, { userId: '1', roleIds: [], timedOut: true }, []), ALL_PERMISSIONS);
    assert.equal(channelPermissions(guild, { userId: '5', roleIds: ['8'], timedOut: true }, []), ALL_PERMISSIONS);
  });

  it('a timeout lasts until communication_disabled_until, read as a timestamp', () => {
    const until = timeoutUntil('2031-01-02T03:04:05.000+00:00');
    assert.equal(until, Date.UTC(2031, 0, 2, 3, 4, 5));
    assert.equal(isTimedOut(until, until! - 1), true);
    assert.equal(isTimedOut(until, until!), false, 'over at the instant named');
    assert.equal(isTimedOut(timeoutUntil(null), 0), false);
    assert.equal(isTimedOut(timeoutUntil('not a time'), 0), false);
  });
});
