import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Permission } from '../../../src/domain/permissions.ts';
import { isTicketStaff, mayActOnTicket, type TicketAction } from '../../../src/domain/ticket-staff.ts';

const ME = '18446744073709551615';
const ROLE = '9007199254740993';
const OTHER_ROLE = '9007199254740995';
const base = { userId: ME, roleIds: [] as string[], staff: [] as string[], permissions: 0n };

describe('isTicketStaff', () => {
  it('is a member named in the staff', () => {
    assert.equal(isTicketStaff({ ...base, staff: [`<@${ME}>`] }), true);
    assert.equal(isTicketStaff({ ...base, staff: ['<@1>'] }), false);
  });
  it('is a member holding a listed role, and only a role, not a user with that id', () => {
    assert.equal(isTicketStaff({ ...base, roleIds: [OTHER_ROLE, ROLE], staff: [`<@&${ROLE}>`] }), true);
    assert.equal(isTicketStaff({ ...base, roleIds: [OTHER_ROLE], staff: [`<@&${ROLE}>`] }), false);
    assert.equal(isTicketStaff({ ...base, userId: ROLE, staff: [`<@&${ROLE}>`] }), false);
    assert.equal(isTicketStaff({ ...base, roleIds: [ME], staff: [`<@${ME}>`] }), true);
  });
  it('is anyone with Manage Threads where the ticket lives (administrators and the owner have all permissions)', () => {
    assert.equal(isTicketStaff({ ...base, permissions: Permission.ManageThreads | Permission.ViewChannel }), true);
    assert.equal(isTicketStaff({ ...base, permissions: (1n << 64n) - 1n }), true);
    assert.equal(isTicketStaff({ ...base, permissions: Permission.ManageMessages | Permission.ManageGuild }), false, 'other moderator rights do not count');
    assert.equal(isTicketStaff({ ...base, permissions: null }), false, 'unknown permissions give nothing');
  });
  it('ignores malformed staff entries and an inbox that is gone (no staff)', () => {
    assert.equal(isTicketStaff({ ...base, staff: ['@everyone', `<@!${ME}>`, ''] }), false);
    assert.equal(isTicketStaff(base), false);
  });
});

describe('mayActOnTicket', () => {
  const all: TicketAction[] = ['close', 'reopen', 'claim', 'unclaim', 'rename', 'add', 'remove'];
  it('lets staff do everything, the owner only close, and nobody else anything', () => {
    for (const action of all) {
      assert.equal(mayActOnTicket(action, { owner: false, staff: true }), true, action);
      assert.equal(mayActOnTicket(action, { owner: true, staff: true }), true, action);
      assert.equal(mayActOnTicket(action, { owner: true, staff: false }), action === 'close', action);
      assert.equal(mayActOnTicket(action, { owner: false, staff: false }), false, action);
    }
  });
});
