import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUTO_ARCHIVE_CHANNEL_DEFAULT,
  parseAutoArchive,
  parseCooldown,
  parseMaxTickets,
  parseWholeNumber,
  roleVerdict,
  sendableAutoArchive,
} from '../../../src/domain/inbox-settings.ts';

describe('typed numbers', () => {
  it('take whole numbers within the range, spaces around them allowed', () => {
    assert.deepEqual(parseMaxTickets('0'), { ok: true, value: 0 });
    assert.deepEqual(parseMaxTickets(' 25 '), { ok: true, value: 25 });
    assert.deepEqual(parseCooldown('21600'), { ok: true, value: 21600 });
    assert.deepEqual(parseCooldown('007'), { ok: true, value: 7 });
  });
  it('refuse anything else, saying the range', () => {
    for (const text of ['', ' ', '-1', '1.5', '1e3', '0x10', 'ten', '1 0', '١٢', '9999999999']) {
      const parsed = parseMaxTickets(text);
      assert.equal(parsed.ok, false, text);
      assert.deepEqual(parsed.ok ? null : [parsed.problem, parsed.min, parsed.max], ['not-a-whole-number', 0, 25], text);
    }
    assert.deepEqual(parseMaxTickets('26'), { ok: false, problem: 'out-of-range', min: 0, max: 25 });
    assert.deepEqual(parseCooldown('21601'), { ok: false, problem: 'out-of-range', min: 0, max: 21600 });
    assert.deepEqual(parseWholeNumber('4', 5, 9), { ok: false, problem: 'out-of-range', min: 5, max: 9 });
  });
});

describe('auto-archive', () => {
  it("takes Discord's four durations and the channel's default, nothing else", () => {
    assert.equal(parseAutoArchive(AUTO_ARCHIVE_CHANNEL_DEFAULT), null);
    for (const m of [60, 1440, 4320, 10080]) assert.equal(parseAutoArchive(String(m)), m);
    for (const bad of ['0', '30', '60.0', ' 60', '10081', '', 'default']) assert.equal(parseAutoArchive(bad), undefined, bad);
  });
  it('never sends a stored value Discord would refuse', () => {
    assert.equal(sendableAutoArchive(1440), 1440);
    assert.equal(sendableAutoArchive(null), null);
    assert.equal(sendableAutoArchive(30), null);
  });
});

describe('roleVerdict', () => {
  const G = '9007199254740993';
  const A = '9007199254740995';
  const B = '9007199254740997';
  it('lets everyone in when no role is named', () => {
    assert.equal(roleVerdict([], G, { allowed: [], blocked: [] }), 'ok');
  });
  it('needs one allowed role when some are named', () => {
    assert.equal(roleVerdict([B, A], G, { allowed: [A], blocked: [] }), 'ok');
    assert.equal(roleVerdict([B], G, { allowed: [A], blocked: [] }), 'not-allowed');
    assert.equal(roleVerdict([], G, { allowed: [G], blocked: [] }), 'ok', '@everyone allowed is everyone');
  });
  it('refuses a blocked role even when another role is allowed', () => {
    assert.equal(roleVerdict([A, B], G, { allowed: [A], blocked: [B] }), 'blocked');
    assert.equal(roleVerdict([A], G, { allowed: [A], blocked: [A] }), 'blocked', 'blocked wins');
    assert.equal(roleVerdict([A], G, { allowed: [], blocked: [B] }), 'ok');
    assert.equal(roleVerdict([], G, { allowed: [], blocked: [G] }), 'blocked', '@everyone blocked is everyone');
  });
});
