import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultStaff, deletedRoleMentions, diffStaff, parseStaffMention, staffMention } from '../../../src/domain/inbox-staff.ts';
import { Permission, type Overwrite } from '../../../src/domain/permissions.ts';

const GUILD = '1246826841231327275';
const BOT = '1246826841231327276';
const MOD_ROLE = '1246826841231327277';
const HELPER = '1246826841231327278';
const OTHER_ROLE = '1246826841231327279';

const ow = (id: string, type: 0 | 1, allow: bigint, deny = 0n): Overwrite => ({ id, type, allow, deny });

test('default staff: explicit Manage Threads allows, roles and members, in overwrite order', () => {
  const overwrites = [
    ow(GUILD, 0, 0n, Permission.ViewChannel),
    ow(MOD_ROLE, 0, Permission.ManageThreads | Permission.ViewChannel),
    ow(OTHER_ROLE, 0, Permission.ViewChannel),
    ow(HELPER, 1, Permission.ManageThreads),
  ];
  assert.deepEqual(defaultStaff(overwrites, GUILD, BOT), [`<@&${MOD_ROLE}>`, `<@${HELPER}>`]);
});

test('default staff never includes the bot, @everyone, or a deny', () => {
  const overwrites = [
    ow(BOT, 1, Permission.ManageThreads),
    ow(GUILD, 0, Permission.ManageThreads),
    ow(OTHER_ROLE, 0, 0n, Permission.ManageThreads),
  ];
  assert.deepEqual(defaultStaff(overwrites, GUILD, BOT), []);
});

test('a role overwrite sharing the bot user id is still a role', () => {
  assert.deepEqual(defaultStaff([ow(BOT, 0, Permission.ManageThreads)], GUILD, BOT), [`<@&${BOT}>`]);
});

test('mentions round-trip; anything else is not a staff mention', () => {
  assert.equal(staffMention({ id: '18446744073709551615', kind: 'role' }), '<@&18446744073709551615>');
  assert.deepEqual(parseStaffMention('<@&18446744073709551615>'), { id: '18446744073709551615', kind: 'role' });
  assert.deepEqual(parseStaffMention(`<@${HELPER}>`), { id: HELPER, kind: 'user' });
  assert.equal(parseStaffMention(`<@!${HELPER}>`), null);
  assert.equal(parseStaffMention('@everyone'), null);
  assert.equal(parseStaffMention(`<#${HELPER}>`), null);
});

test('diff: adds and removes; the same set in another order is no change', () => {
  const a = `<@&${MOD_ROLE}>`;
  const b = `<@${HELPER}>`;
  const c = `<@&${OTHER_ROLE}>`;
  assert.deepEqual(diffStaff([a, b], [b, c]), { add: [c], remove: [a] });
  assert.deepEqual(diffStaff([a, b], [b, a]), { add: [], remove: [] });
  assert.deepEqual(diffStaff([], []), { add: [], remove: [] });
  assert.deepEqual(diffStaff([a], []), { add: [], remove: [a] });
  assert.deepEqual(diffStaff([], [a, a]), { add: [a], remove: [] });
});

test('deleted roles are found; members are never pruned', () => {
  const staff = [`<@&${MOD_ROLE}>`, `<@&${OTHER_ROLE}>`, `<@${HELPER}>`];
  assert.deepEqual(deletedRoleMentions(staff, (id) => id === MOD_ROLE), [`<@&${OTHER_ROLE}>`]);
  assert.deepEqual(deletedRoleMentions(staff, () => true), []);
});
