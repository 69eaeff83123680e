import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecentIds } from '../../../src/domain/recent-ids.ts';

test('an id is new once, then remembered', () => {
  const ids = new RecentIds({ max: 10, ttlMs: 1000, clock: () => 0 });
  assert.equal(ids.firstSeen('1'), true);
  assert.equal(ids.firstSeen('1'), false);
  assert.equal(ids.firstSeen('2'), true);
});

test('memory is bounded by count: the oldest id goes first', () => {
  const ids = new RecentIds({ max: 3, ttlMs: 1000, clock: () => 0 });
  for (const id of ['1', '2', '3', '4']) assert.equal(ids.firstSeen(id), true);
  assert.equal(ids.size, 3);
  assert.equal(ids.firstSeen('4'), false);
  assert.equal(ids.firstSeen('1'), true, 'forgotten to make room');
});

test('memory is bounded by age', () => {
  let now = 0;
  const ids = new RecentIds({ max: 100, ttlMs: 1000, clock: () => now });
  ids.firstSeen('1');
  now = 999;
  assert.equal(ids.firstSeen('1'), false);
  ids.firstSeen('2');
  now = 1000;
  assert.equal(ids.firstSeen('3'), true);
  assert.equal(ids.size, 2, 'the id seen at 0 is gone');
  assert.equal(ids.firstSeen('1'), true);
});
