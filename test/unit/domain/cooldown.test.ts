import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cooldownSeconds, secondsLeft } from '../../../src/domain/cooldown.ts';

describe('cooldownSeconds', () => {
  it('is at least 60 s and follows a longer slowmode', () => {
    assert.equal(cooldownSeconds(0), 60);
    assert.equal(cooldownSeconds(60), 60);
    assert.equal(cooldownSeconds(61), 61);
    assert.equal(cooldownSeconds(21600), 21600);
    assert.equal(cooldownSeconds(Number.NaN), 60);
  });
  it("takes the inbox's own cooldown, the channel's slowmode when that is longer", () => {
    assert.equal(cooldownSeconds(0, 0), 0);
    assert.equal(cooldownSeconds(0, 10), 10);
    assert.equal(cooldownSeconds(120, 10), 120);
    assert.equal(cooldownSeconds(120, 300), 300);
    assert.equal(cooldownSeconds(30, -5), 30);
    assert.equal(cooldownSeconds(Number.NaN, Number.NaN), 0);
  });
});

describe('secondsLeft', () => {
  it('is 0 without a previous ticket and once the window passed', () => {
    assert.equal(secondsLeft(undefined, 1000, 60), 0);
    assert.equal(secondsLeft(0, 60_000, 60), 0);
    assert.equal(secondsLeft(0, 90_000, 60), 0);
  });
  it('rounds up to whole seconds', () => {
    assert.equal(secondsLeft(0, 0, 60), 60);
    assert.equal(secondsLeft(0, 1, 60), 60);
    assert.equal(secondsLeft(0, 59_001, 60), 1);
    assert.equal(secondsLeft(0, 59_999, 60), 1);
  });
});
