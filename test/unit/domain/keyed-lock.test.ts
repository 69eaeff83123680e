import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedLock } from '../../../src/domain/keyed-lock.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedLock', () => {
  it('runs work with one key one at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = lock.run('k', async () => {
      log.push('a start');
      await gate;
      log.push('a end');
      return 'a';
    });
    const b = lock.run('k', async () => {
      log.push('b');
      return 'b';
    });
    const other = lock.run('other', async () => {
      log.push('other');
    });
    await tick();
    assert.deepEqual(log, ['a start', 'other']);
    assert.ok(lock.isBusy('k'));
    release();
    assert.deepEqual(await Promise.all([a, b, other]), ['a', 'b', undefined]);
    assert.deepEqual(log, ['a start', 'other', 'a end', 'b']);
    assert.equal(lock.size, 0, 'idle keys are forgotten');
  });

  it('a failure is passed to its caller and does not block the next run', async () => {
    const lock = new KeyedLock();
    await assert.rejects(lock.run('k', () => Promise.reject(new Error('boom'))), /boom/);
    await assert.rejects(
      lock.run('k', () => {
        throw new Error('sync');
      }),
      /sync/,
    );
    assert.equal(await lock.run('k', () => 42), 42);
    assert.equal(lock.size, 0);
  });

  it('only one of many simultaneous check-then-act runs passes', async () => {
    const lock = new KeyedLock();
    let taken = false;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        lock.run('k', async () => {
          await tick();
          if (taken) return false;
          await tick();
          taken = true;
          return true;
        }),
      ),
    );
    assert.equal(results.filter(Boolean).length, 1);
  });
});
