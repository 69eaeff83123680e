import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkLabel,
  componentEmoji,
  effectiveRoles,
  effectiveSettings,
  effectiveStaff,
  emojiText,
  moved,
  parseEmoji,
  styleProblem,
  ticketParent,
  type InboxValues,
  type TopicOverrides,
} from '../../../src/domain/topics.ts';

const inbox: InboxValues = {
  channelId: '10',
  destinationId: '11',
  starterContent: 'inbox starter',
  defaultTicketName: 'inbox-$counter',
  maxTicketsPerUser: 1,
  cooldownSeconds: 60,
  autoArchiveMinutes: 1440,
  logChannelId: '12',
};
const bare: TopicOverrides = {
  id: '1',
  label: 'Bug',
  destinationId: null,
  starterContent: null,
  ticketName: null,
  maxTickets: null,
  cooldownSeconds: null,
  autoArchiveMinutes: null,
  logChannelId: null,
};

describe('effectiveSettings', () => {
  it('is exactly the inbox without a topic', () => {
    assert.deepEqual(effectiveSettings(inbox, null), {
      parents: ['11', '10'],
      starterContent: 'inbox starter',
      ticketName: 'inbox-$counter',
      maxTickets: 1,
      limitScope: 'inbox',
      cooldownSeconds: 60,
      cooldownScope: 'inbox',
      autoArchiveMinutes: 1440,
      logChannelId: '12',
      topic: null,
    });
  });

  it("falls back to the inbox for everything a topic leaves unset", () => {
    const s = effectiveSettings(inbox, bare);
    assert.deepEqual({ ...s, topic: null }, effectiveSettings(inbox, null));
    assert.deepEqual(s.topic, { id: '1', label: 'Bug' });
  });

  it("takes the topic's overrides, with its own limit and cooldown scope", () => {
    const s = effectiveSettings(inbox, { ...bare, destinationId: '20', starterContent: '', ticketName: 'bug-$counter', maxTickets: 0, cooldownSeconds: 0, autoArchiveMinutes: 60, logChannelId: '21' });
    assert.deepEqual(s.parents, ['20', '11', '10']);
    assert.equal(s.starterContent, '', 'an empty override is an override (the localised default)');
    assert.equal(s.ticketName, 'bug-$counter');
    assert.deepEqual([s.maxTickets, s.limitScope, s.cooldownSeconds, s.cooldownScope], [0, 'topic', 0, 'topic']);
    assert.equal(s.autoArchiveMinutes, 60);
    assert.equal(s.logChannelId, '21');
  });

  it("reads auto-archive 0 as the channel's default, whatever the inbox says", () => {
    assert.equal(effectiveSettings(inbox, { ...bare, autoArchiveMinutes: 0 }).autoArchiveMinutes, null);
  });

  it('lists a parent once', () => {
    assert.deepEqual(effectiveSettings({ ...inbox, destinationId: null }, { ...bare, destinationId: '10' }).parents, ['10']);
  });
});

describe('ticketParent', () => {
  it('takes the first channel that still exists, else the inbox channel', () => {
    assert.equal(ticketParent(['20', '11', '10'], (id) => id !== '20'), '11');
    assert.equal(ticketParent(['20', '11', '10'], () => false), '10');
    assert.equal(ticketParent(['20', '11', '10'], null), '20', 'unknown guild: the preferred one');
  });
});

describe('effectiveRoles and effectiveStaff', () => {
  it("takes the topic's allowed roles when it lists any; blocked roles add up", () => {
    const fromInbox = { allowed: ['1'], blocked: ['2'] };
    assert.deepEqual(effectiveRoles(fromInbox, null), { allowed: ['1'], blocked: ['2'] });
    assert.deepEqual(effectiveRoles(fromInbox, { allowed: [], blocked: [] }), { allowed: ['1'], blocked: ['2'] });
    assert.deepEqual(effectiveRoles(fromInbox, { allowed: ['3'], blocked: ['2', '4'] }), { allowed: ['3'], blocked: ['2', '4'] });
  });
  it("takes the topic's staff when it names any", () => {
    assert.deepEqual(effectiveStaff(['<@1>'], null), ['<@1>']);
    assert.deepEqual(effectiveStaff(['<@1>'], []), ['<@1>']);
    assert.deepEqual(effectiveStaff(['<@1>'], ['<@&2>']), ['<@&2>']);
  });
});

describe('parseEmoji', () => {
  it('reads nothing, one Unicode emoji, or a server emoji', () => {
    assert.equal(parseEmoji('  '), null);
    assert.deepEqual(parseEmoji('🐛'), { kind: 'unicode', name: '🐛' });
    assert.deepEqual(parseEmoji(' ⚖️ '), { kind: 'unicode', name: '⚖️' });
    assert.deepEqual(parseEmoji('👩🏽‍💻'), { kind: 'unicode', name: '👩🏽‍💻' });
    assert.deepEqual(parseEmoji('🇫🇷'), { kind: 'unicode', name: '🇫🇷' });
    assert.deepEqual(parseEmoji('1️⃣'), { kind: 'unicode', name: '1️⃣' });
    assert.deepEqual(parseEmoji('<:ticket:123456789012345678>'), { kind: 'custom', id: '123456789012345678', name: 'ticket', animated: false });
    assert.deepEqual(parseEmoji('<a:spin:18446744073709551615>'), { kind: 'custom', id: '18446744073709551615', name: 'spin', animated: true });
  });
  it('refuses text, two emoji and malformed server emoji', () => {
    for (const text of ['a', 'bug', '🐛🐛', '🐛 x', '1', '#', ':bug:', '<:x:1>', '<:ticket:abc>', '<:ticket:18446744073709551616>', '<ticket:1>']) {
      assert.equal(parseEmoji(text), undefined, text);
    }
  });
  it('writes back what it read, and the component field', () => {
    for (const text of ['🐛', '<:ticket:123>', '<a:spin:5>']) assert.equal(emojiText(parseEmoji(text)!), text);
    assert.deepEqual(componentEmoji(parseEmoji('🐛')!), { name: '🐛' });
    assert.deepEqual(componentEmoji(parseEmoji('<:ticket:123>')!), { id: '123', name: 'ticket' });
    assert.deepEqual(componentEmoji(parseEmoji('<a:spin:5>')!), { id: '5', name: 'spin', animated: true });
  });
});

describe('labels and styles', () => {
  it('trims labels and holds them to the style', () => {
    assert.deepEqual(checkLabel('  Bug   report ', 'buttons'), { ok: true, label: 'Bug report' });
    assert.deepEqual(checkLabel('   ', 'buttons'), { ok: false, problem: 'empty', max: 80 });
    assert.deepEqual(checkLabel('x'.repeat(80), 'buttons'), { ok: true, label: 'x'.repeat(80) });
    assert.deepEqual(checkLabel('x'.repeat(81), 'buttons'), { ok: false, problem: 'too-long', max: 80 });
    assert.deepEqual(checkLabel('x'.repeat(100), 'select'), { ok: true, label: 'x'.repeat(100) });
    assert.deepEqual(checkLabel('x'.repeat(101), 'select'), { ok: false, problem: 'too-long', max: 100 });
  });
  it('says why topics do not fit a style', () => {
    assert.equal(styleProblem('buttons', ['a', 'b', 'c', 'd', 'e']), null);
    assert.deepEqual(styleProblem('buttons', ['a', 'b', 'c', 'd', 'e', 'f']), { problem: 'too-many', max: 5 });
    assert.deepEqual(styleProblem('buttons', ['x'.repeat(90)]), { problem: 'label-too-long', label: 'x'.repeat(90), max: 80 });
    assert.equal(styleProblem('select', Array.from({ length: 25 }, (_, i) => String(i))), null);
    assert.deepEqual(styleProblem('select', Array.from({ length: 26 }, (_, i) => String(i))), { problem: 'too-many', max: 25 });
  });
  it('moves one place, and not past either end', () => {
    assert.deepEqual(moved(['a', 'b', 'c'], 'b', -1), ['b', 'a', 'c']);
    assert.deepEqual(moved(['a', 'b', 'c'], 'b', 1), ['a', 'c', 'b']);
    assert.deepEqual(moved(['a', 'b', 'c'], 'a', -1), ['a', 'b', 'c']);
    assert.deepEqual(moved(['a', 'b', 'c'], 'c', 1), ['a', 'b', 'c']);
    assert.deepEqual(moved(['a'], 'z', 1), ['a']);
  });
});
