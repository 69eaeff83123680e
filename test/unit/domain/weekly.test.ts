import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextWeeklyRun } from '../../../src/domain/weekly.ts';

describe('nextWeeklyRun', () => {
  const SAT = Date.UTC(2024, 5, 1); // Saturday 2024-06-01 00:00 UTC
  it('is the next Saturday 00:00 UTC', () => {
    assert.equal(new Date(SAT).getUTCDay(), 6);
    assert.equal(nextWeeklyRun(Date.UTC(2024, 4, 29, 13, 5)), SAT); // Wednesday
    assert.equal(nextWeeklyRun(SAT - 1), SAT);
  });
  it('is strictly after now: at or after Saturday midnight it is the week after', () => {
    const WEEK = 7 * 24 * 60 * 60 * 1000;
    assert.equal(nextWeeklyRun(SAT), SAT + WEEK);
    assert.equal(nextWeeklyRun(SAT + 1), SAT + WEEK);
    assert.equal(nextWeeklyRun(SAT + 23 * 3600 * 1000), SAT + WEEK);
    assert.equal(nextWeeklyRun(SAT + 24 * 3600 * 1000), SAT + WEEK); // Sunday
  });
});
