import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromDb, toDb } from '../../../src/store/ids.ts';

describe('ids', () => {
  it('round-trip snowflakes above 2^53 exactly', () => {
    for (const id of ['0', '1', '9007199254740993', '1246826841231327275', '9223372036854775807']) {
      assert.equal(fromDb(toDb(id)), id);
    }
    assert.equal(toDb('1246826841231327275'), 1246826841231327275n);
  });

  it('refuse anything that is not a decimal id', () => {
    for (const bad of ['', ' 1', '1.0', '-1', '0x10', '01', '1e3', '9223372036854775808', '123456789012345678901']) {
      assert.throws(() => toDb(bad), `${JSON.stringify(bad)} should be refused`);
    }
  });

  it('accept safe JS numbers but not ones that already lost precision', () => {
    assert.equal(fromDb(42), '42');
    assert.equal(fromDb(Number.MAX_SAFE_INTEGER), '9007199254740991');
    assert.throws(() => fromDb(2 ** 53), RangeError);
    assert.throws(() => fromDb(1246826841231327275), RangeError);
    assert.throws(() => fromDb(1.5), RangeError);
  });
});
