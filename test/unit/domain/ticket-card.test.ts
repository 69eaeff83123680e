import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withClaimLine, withoutClaimLine } from '../../../src/domain/ticket-card.ts';

describe('the claim line of the ticket card', () => {
  const starter = '<@1> thanks for opening a ticket!\n<@&2>';
  it('goes last, after an empty line, as small text; and comes off again exactly', () => {
    const claimed = withClaimLine(starter, 'Claimed by <@3>');
    assert.equal(claimed, `${starter}\n\n-# Claimed by <@3>`);
    assert.equal(withoutClaimLine(claimed), starter);
    // Claimed by someone else later: one line, replaced.
    assert.equal(withClaimLine(withoutClaimLine(claimed), 'Claimed by <@4>'), `${starter}\n\n-# Claimed by <@4>`);
  });
  it('keeps the card within 2000 characters, cutting the starter rather than the line', () => {
    const long = 'x'.repeat(2000);
    const claimed = withClaimLine(long, 'Claimed by <@3>');
    assert.equal(claimed.length, 2000);
    assert.ok(claimed.endsWith('\n\n-# Claimed by <@3>'));
  });
  it('puts a claim line written over several lines on one', () => {
    assert.equal(withClaimLine('a', 'Claimed\nby <@3>'), 'a\n\n-# Claimed by <@3>');
  });
  it('leaves content without a claim line alone, also when the starter ends in small text of its own', () => {
    assert.equal(withoutClaimLine(starter), starter);
    assert.equal(withoutClaimLine('hello\n\n-# small print'), 'hello\n\n-# small print');
    assert.equal(withoutClaimLine('hello\n\n-# <@1>\nmore'), 'hello\n\n-# <@1>\nmore');
  });
});
