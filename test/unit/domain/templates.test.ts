import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  allowedMentionsFor,
  counterText,
  cut,
  DEFAULT_TICKET_NAME,
  starterMessage,
  substitute,
  ticketName,
} from '../../../src/domain/templates.ts';

// 2024-03-05 (a Tuesday), 23:59:59.999 UTC: still the 5th in UTC, the 6th east of it.
const AT = Date.UTC(2024, 2, 5, 23, 59, 59, 999);
const vars = (over: Partial<{ author: string; counter: number; at: number }> = {}) => ({ at: AT, author: 'Ann', counter: 7, ...over });

describe('substitute', () => {
  it('replaces $name and ${name}', () => {
    assert.equal(substitute('$a-${a}-$b', { a: 'x', b: 'y' }), 'x-x-y');
  });
  it('turns $$ into a literal $ and never substitutes after it', () => {
    assert.equal(substitute('$$a $$$a ${a}$$', { a: 'x' }), '$a $x x$');
  });
  it('keeps unknown and malformed placeholders exactly as written', () => {
    assert.equal(substitute('$nope ${nope} ${a $ $1 ${} $-', { a: 'x' }), '$nope ${nope} ${a $ $1 ${} $-');
  });
  it('reads the longest identifier, as Python does ($authors is not $author)', () => {
    assert.equal(substitute('$authors ${author}s', { author: 'x' }), '$authors xs');
  });
  it('is case-sensitive in the lookup and ignores inherited properties', () => {
    assert.equal(substitute('$Author $constructor $toString', { author: 'x' }), '$Author $constructor $toString');
  });
  it('does not re-read substituted text', () => {
    assert.equal(substitute('$a', { a: '$a ${a} $$' }), '$a ${a} $$');
  });
});

describe('ticketName', () => {
  it('fills the date in UTC, zero-padded, and the author', () => {
    assert.equal(ticketName('$year-$month-$day $author', vars()), '2024-03-05 Ann');
    assert.equal(ticketName('${year}${month}${day}', vars({ at: Date.UTC(987, 0, 9) })), '09870109');
  });
  it('uses the default template when none is stored', () => {
    assert.equal(DEFAULT_TICKET_NAME, '$year-$month-$day $author');
    assert.equal(ticketName('', vars()), '2024-03-05 Ann');
  });
  it('shows the counter modulo 10000 as four digits: 9999 wraps to 0000', () => {
    assert.equal(ticketName('#$counter', vars({ counter: 1 })), '#0001');
    assert.equal(ticketName('#$counter', vars({ counter: 9999 })), '#9999');
    assert.equal(ticketName('#$counter', vars({ counter: 10000 })), '#0000');
    assert.equal(ticketName('#${counter}', vars({ counter: 123456 })), '#3456');
  });
  it('keeps $$, unknown placeholders and ${author}', () => {
    assert.equal(ticketName('$$5 $name ${author} $unknown', vars()), '$5 $name Ann $unknown');
  });
  it('cuts a name that renders past 100 characters', () => {
    const name = ticketName('$author-$author', vars({ author: 'x'.repeat(80) }));
    assert.equal(name.length, 100);
    assert.equal(name, `${'x'.repeat(80)}-${'x'.repeat(19)}`);
  });
  it('falls back to the default when the template renders blank', () => {
    assert.equal(ticketName('   ', vars()), '2024-03-05 Ann');
    assert.equal(ticketName('$author', vars({ author: ' ' })), '2024-03-05  ');
  });
});

describe('cut', () => {
  it('leaves short text alone and never splits a surrogate pair', () => {
    assert.equal(cut('abc', 3), 'abc');
    assert.equal(cut('ab😀', 3), 'ab');
    assert.equal(cut('a😀b', 3), 'a😀');
  });
});

describe('counterText', () => {
  it('pads and wraps', () => {
    assert.deepEqual([0, 5, 42, 9999, 10000, 10001].map(counterText), ['0000', '0005', '0042', '9999', '0000', '0001']);
  });
});

describe('starterMessage', () => {
  it('substitutes $author and $staff only', () => {
    assert.equal(
      starterMessage('Hi $author, $staff will help. $year ${staff} $$', { author: '<@1>', staff: '<@&2> <@3>' }),
      'Hi <@1>, <@&2> <@3> will help. $year <@&2> <@3> $',
    );
  });
  it('is cut to 2000 characters', () => {
    assert.equal(starterMessage('x'.repeat(1990) + ' $author', { author: '<@123456789012345678>', staff: '' }).length, 2000);
  });
});

describe('allowedMentionsFor', () => {
  it('allows exactly the users and roles mentioned, never everyone', () => {
    const mentions = allowedMentionsFor('@everyone @here <@1> <@!2> <@&3> <@1> <#4> <@&3>');
    assert.deepEqual(mentions, { parse: [], users: ['1', '2'], roles: ['3'] });
  });
  it('keeps ids above 2^53 exact', () => {
    const big = '18446744073709551615';
    assert.deepEqual(allowedMentionsFor(`<@${big}> <@&${big}>`), { parse: [], users: [big], roles: [big] });
  });
  it('sends at most 100 ids of each kind', () => {
    const text = Array.from({ length: 150 }, (_, i) => `<@${i + 1}>`).join(' ');
    assert.equal(allowedMentionsFor(text).users.length, 100);
  });
});

it('$topic is the label of the topic clicked, and stays as written where none is given', () => {
  assert.equal(ticketName('$topic-$counter', { at: 0, author: 'ann', counter: 3, topic: 'Bug report' }), 'Bug report-0003');
  assert.equal(ticketName('$topic-$counter', { at: 0, author: 'ann', counter: 3 }), '$topic-0003');
  assert.equal(starterMessage('$author: ${topic}', { author: '<@1>', staff: '', topic: 'Appeal' }), '<@1>: Appeal');
  assert.equal(starterMessage('$author: $topic', { author: '<@1>', staff: '' }), '<@1>: $topic');
});
