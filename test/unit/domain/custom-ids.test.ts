import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CREATE_TICKET_ID,
  inboxNameModalId,
  inboxStaffSelectId,
  inboxStarterModalId,
  parseInboxNameModalId,
  parseInboxStaffSelectId,
  parseInboxStarterModalId,
} from '../../../src/domain/custom-ids.ts';
import { customIdPrefix } from '../../../src/discord/router.ts';

const BIG = '18446744073709551615';

test("the inbox button keeps the Python original's custom id", () => {
  assert.equal(CREATE_TICKET_ID, 'create-ticket');
  assert.equal(customIdPrefix(CREATE_TICKET_ID), 'create-ticket');
});

test('inbox ids round-trip exactly, beyond 2^53', () => {
  for (const [encode, parse, prefix] of [
    [inboxStaffSelectId, parseInboxStaffSelectId, 'inbox-staff'],
    [inboxStarterModalId, parseInboxStarterModalId, 'inbox-starter'],
    [inboxNameModalId, parseInboxNameModalId, 'inbox-name'],
  ] as const) {
    const id = encode(BIG);
    assert.equal(id, `${prefix}:${BIG}`);
    assert.equal(customIdPrefix(id), prefix);
    assert.equal(parse(id), BIG);
    assert.ok(id.length <= 100, 'custom ids are at most 100 characters');
  }
});

test('malformed or foreign ids decode to null', () => {
  assert.equal(parseInboxStaffSelectId('inbox-staff:'), null);
  assert.equal(parseInboxStaffSelectId('inbox-staff:12a'), null);
  assert.equal(parseInboxStaffSelectId('inbox-staff:012'), null);
  assert.equal(parseInboxStaffSelectId('inbox-name:12'), null);
  assert.equal(parseInboxStarterModalId('inbox-starter:1:2'), null);
  assert.equal(parseInboxNameModalId('create-ticket'), null);
});

test('encoding refuses anything but a snowflake', () => {
  assert.throws(() => inboxStaffSelectId('12:34'), TypeError);
  assert.throws(() => inboxStaffSelectId(''), TypeError);
});
