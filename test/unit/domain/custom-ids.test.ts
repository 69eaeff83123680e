import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerInputId,
  CREATE_TICKET_ID,
  inboxNameModalId,
  parseAnswerInputId,
  parseCreateTicketId,
  parseTicketFormId,
  parseTopicManagerId,
  parseTopicValue,
  ticketFormId,
  TOPIC_ACTIONS,
  topicButtonId,
  topicManagerId,
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
    assert.deepEqual(parse(id), { inboxId: BIG, delegated: false });
    assert.ok(id.length <= 100, 'custom ids are at most 100 characters');
    const delegated = encode(BIG, true);
    assert.equal(delegated, `${prefix}:${BIG}:delegated`);
    assert.equal(customIdPrefix(delegated), prefix);
    assert.deepEqual(parse(delegated), { inboxId: BIG, delegated: true });
    assert.ok(delegated.length <= 100);
  }
});

test('malformed or foreign ids decode to null', () => {
  assert.equal(parseInboxStaffSelectId('inbox-staff:'), null);
  assert.equal(parseInboxStaffSelectId('inbox-staff:12a'), null);
  assert.equal(parseInboxStaffSelectId('inbox-staff:012'), null);
  assert.equal(parseInboxStaffSelectId('inbox-name:12'), null);
  assert.equal(parseInboxStarterModalId('inbox-starter:1:2'), null);
  assert.equal(parseInboxStarterModalId('inbox-starter:1:delegated:x'), null);
  assert.equal(parseInboxStarterModalId('inbox-starter:1:'), null);
  assert.equal(parseInboxNameModalId('create-ticket'), null);
});

test('encoding refuses anything but a snowflake', () => {
  assert.throws(() => inboxStaffSelectId('12:34'), TypeError);
  assert.throws(() => inboxStaffSelectId(''), TypeError);
});

test('the ticket card and its close form: fixed button ids, the form carries the thread', async () => {
  const ids = await import('../../../src/domain/custom-ids.ts');
  assert.equal(ids.TICKET_CLOSE_ID, 'ticket-close');
  assert.equal(ids.TICKET_CLAIM_ID, 'ticket-claim');
  const form = ids.ticketCloseModalId(BIG);
  assert.equal(customIdPrefix(form), ids.TICKET_CLOSE_MODAL_PREFIX);
  assert.equal(ids.parseTicketCloseModalId(form), BIG);
  for (const bad of ['ticket-close-reason:', 'ticket-close-reason:12a', 'ticket-close-reason:1:2', 'ticket-close:1', 'x']) {
    assert.equal(ids.parseTicketCloseModalId(bad), null, bad);
  }
  assert.throws(() => ids.ticketCloseModalId('1e3'));
});

test('settings controls carry the inbox, the field and the delegated marker, and nothing else parses', async () => {
  const ids = await import('../../../src/domain/custom-ids.ts');
  for (const field of ids.INBOX_SETTING_FIELDS) {
    for (const delegated of [false, true]) {
      const id = ids.inboxSettingId(BIG, field, delegated);
      assert.ok(id.length <= 100, 'custom ids are at most 100 characters');
      assert.equal(customIdPrefix(id), ids.INBOX_SETTINGS_PREFIX);
      assert.deepEqual(ids.parseInboxSettingId(id), { inboxId: BIG, field, delegated });
    }
  }
  for (const bad of ['inbox-settings:1', 'inbox-settings:1:colour', 'inbox-settings:1:log:x', 'inbox-settings:1:log:delegated:x', 'inbox-settings:x:log', 'inbox-staff:1']) {
    assert.equal(ids.parseInboxSettingId(bad), null, bad);
  }
});

describe('topic and form ids', () => {
  it('tell the inbox itself from its topics', () => {
    assert.deepEqual(parseCreateTicketId('create-ticket'), { topicId: null });
    assert.equal(topicButtonId('42'), 'create-ticket:42');
    assert.deepEqual(parseCreateTicketId('create-ticket:42'), { topicId: '42' });
    for (const odd of ['create-ticket:', 'create-ticket:0', 'create-ticket:x', 'create-ticket:1:2', 'create-tickets', 'create-ticket-select']) {
      assert.equal(parseCreateTicketId(odd), undefined, odd);
    }
    assert.throws(() => topicButtonId('0'));
    assert.equal(parseTopicValue('7'), '7');
    assert.equal(parseTopicValue('07'), null);
    assert.equal(parseTopicValue(7), null);
  });

  it('carry a form and its answers', () => {
    assert.equal(ticketFormId('9'), 'create-ticket-form:9');
    assert.equal(parseTicketFormId('create-ticket-form:9'), '9');
    assert.equal(parseTicketFormId('create-ticket-form:x'), null);
    assert.equal(answerInputId('12'), 'answer:12');
    assert.equal(parseAnswerInputId('answer:12'), '12');
    assert.equal(parseAnswerInputId('answer:'), null);
  });

  it('round-trip every manager control within 100 characters, the longest ids included', () => {
    const inboxId = '18446744073709551615';
    const row = '999999999999999999';
    for (const action of TOPIC_ACTIONS) {
      const id = { inboxId, action, topicId: row, questionId: row, delegated: true };
      const encoded = topicManagerId(id);
      assert.ok(encoded.length <= 100, `${encoded.length}: ${encoded}`);
      assert.deepEqual(parseTopicManagerId(encoded), id);
    }
    assert.deepEqual(parseTopicManagerId(`inbox-topics:${inboxId}:list`), { inboxId, action: 'list', topicId: null, questionId: null, delegated: false });
    for (const odd of [`inbox-topics:${inboxId}:nope`, `inbox-topics:x:list`, `inbox-topics:${inboxId}:list:t0`, `inbox-topics:${inboxId}:list:extra`, `inbox-topics:${inboxId}:list:q1:t1`]) {
      assert.equal(parseTopicManagerId(odd), null, odd);
    }
  });
});
