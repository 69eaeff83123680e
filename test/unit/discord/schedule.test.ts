import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleWeekly, type Timers } from '../../../src/discord/schedule.ts';

/** Timers driven by hand: fire() runs the armed callback. */
function fakeTimers() {
  let armed: { fn: () => void; ms: number } | null = null;
  const timers: Timers = {
    setTimeout(fn, ms) {
      armed = { fn, ms };
      return armed;
    },
    clearTimeout(handle) {
      if (handle === armed) armed = null;
    },
  };
  return {
    timers,
    get armed() {
      return armed;
    },
    fire() {
      const a = armed!;
      armed = null;
      a.fn();
    },
  };
}

const SAT = Date.UTC(2024, 5, 1);
const WEEK = 7 * 24 * 3600 * 1000;

describe('scheduleWeekly', () => {
  it('runs every Saturday 00:00 UTC and re-arms', () => {
    let now = SAT - 3 * 3600 * 1000;
    const t = fakeTimers();
    let runs = 0;
    const weekly = scheduleWeekly(() => runs++, () => now, t.timers);
    assert.equal(weekly.nextRun, SAT);
    assert.equal(t.armed!.ms, 3 * 3600 * 1000);
    now = SAT;
    t.fire();
    assert.equal(runs, 1);
    assert.equal(weekly.nextRun, SAT + WEEK);
    assert.equal(t.armed!.ms, WEEK);
    weekly.stop();
    assert.equal(t.armed, null);
  });

  it('a timer that fires early does not run the job, only re-arms', () => {
    let now = SAT - 1000;
    const t = fakeTimers();
    let runs = 0;
    scheduleWeekly(() => runs++, () => now, t.timers);
    now = SAT - 10;
    t.fire();
    assert.equal(runs, 0);
    assert.equal(t.armed!.ms, 10);
    now = SAT + 5;
    t.fire();
    assert.equal(runs, 1);
  });

  it('after a long sleep it runs once, not once per missed week', () => {
    let now = SAT - 1;
    const t = fakeTimers();
    let runs = 0;
    const weekly = scheduleWeekly(() => runs++, () => now, t.timers);
    now = SAT + 3 * WEEK + 1;
    t.fire();
    assert.equal(runs, 1);
    assert.equal(weekly.nextRun, SAT + 4 * WEEK);
  });
});
