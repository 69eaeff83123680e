import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLOCK_SKEW_MS,
  compareIds,
  isActiveTicket,
  limitReached,
  matchPendingThreads,
  newestId,
  snowflakeAt,
  snowflakeTime,
  type CandidateThread,
  type PendingClick,
} from '../../../src/domain/tickets.ts';

/** A snowflake for a time (ms), with a sequence number in the low bits. */
function idAt(ms: number, seq = 0): string {
  return (((BigInt(ms) - 1420070400000n) << 22n) | BigInt(seq)).toString();
}

describe('ticket rules', () => {
  it('snowflakeTime and compareIds work on ids above 2^53', () => {
    const t = Date.UTC(2030, 0, 1);
    assert.equal(snowflakeTime(idAt(t, 5)), t);
    assert.ok(BigInt(idAt(t)) > 2n ** 53n);
    assert.equal(compareIds('9007199254740993', '9007199254740992'), 1);
    assert.equal(compareIds('9007199254740992', '9007199254740993'), -1);
    assert.equal(compareIds('18446744073709551615', '18446744073709551615'), 0);
  });

  it('newestId picks the highest snowflake exactly', () => {
    assert.equal(newestId([]), null);
    assert.equal(newestId(['9007199254740993', '9007199254740995', '9007199254740994']), '9007199254740995');
  });

  it('limitReached: 0 means no limit', () => {
    assert.equal(limitReached(100, 0), false);
    assert.equal(limitReached(0, 1), false);
    assert.equal(limitReached(1, 1), true);
    assert.equal(limitReached(2, 3), false);
    assert.equal(limitReached(3, 3), true);
  });

  it('isActiveTicket: the gateway cache wins; without it only a stored "open" counts', () => {
    assert.equal(isActiveTicket({ archived: false }, true), true);
    assert.equal(isActiveTicket({ archived: true }, false), false);
    assert.equal(isActiveTicket(undefined, false), true);
    assert.equal(isActiveTicket(undefined, true), false);
    assert.equal(isActiveTicket(undefined, null), false);
  });
});

describe('matchPendingThreads', () => {
  const BOT = '900000000000000001';
  const T0 = Date.UTC(2031, 5, 1);
  const click = (id: number, name: string, at = T0, parentId = 'P'): PendingClick => ({ id, parentId, name, createdAt: at });
  const thread = (id: string, name: string, over: Partial<CandidateThread> = {}): CandidateThread => ({ id, parentId: 'P', name, ownerId: BOT, ...over });

  it('pairs a click with the bot thread of the same channel and name', () => {
    const threads = [
      thread(idAt(T0 + 100, 1), 'other'),
      thread(idAt(T0 + 100, 2), 'ann', { ownerId: '5' }),
      thread(idAt(T0 + 100, 3), 'ann', { parentId: 'Q' }),
      thread(idAt(T0 + 100, 4), 'ann'),
    ];
    assert.deepEqual([...matchPendingThreads([click(1, 'ann')], threads, BOT, () => false)], [[1, idAt(T0 + 100, 4)]]);
  });

  it('skips recorded threads and threads older than the click (beyond clock skew)', () => {
    const old = thread(idAt(T0 - CLOCK_SKEW_MS - 1), 'ann');
    const recorded = thread(idAt(T0 + 5), 'ann');
    assert.equal(matchPendingThreads([click(1, 'ann')], [old, recorded], BOT, (id) => id === recorded.id).size, 0);
    const skewed = thread(idAt(T0 - CLOCK_SKEW_MS + 1), 'ann');
    assert.equal(matchPendingThreads([click(1, 'ann')], [skewed], BOT, () => false).get(1), skewed.id);
  });

  it('gives two clicks with the same name one thread each, oldest with oldest', () => {
    const a = thread(idAt(T0 + 10), 'same');
    const b = thread(idAt(T0 + 20), 'same');
    const result = matchPendingThreads([click(2, 'same', T0 + 15), click(1, 'same', T0)], [b, a], BOT, () => false);
    assert.deepEqual([...result].sort(), [[1, a.id], [2, b.id]]);
  });

  it('leaves a click without a thread unmatched', () => {
    assert.equal(matchPendingThreads([click(1, 'ann'), click(2, 'ann')], [thread(idAt(T0 + 1), 'ann')], BOT, () => false).size, 1);
  });
});

it('snowflakeAt is the smallest id of its millisecond, and snowflakeTime reads it back', () => {
  const ms = Date.UTC(2025, 0, 2, 3, 4, 5, 6);
  const id = snowflakeAt(ms);
  assert.equal(snowflakeTime(id), ms);
  assert.equal(BigInt(id) & ((1n << 22n) - 1n), 0n);
  assert.equal(snowflakeAt(0), '0', 'nothing before Discord began');
});
