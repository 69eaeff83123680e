import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { envSecret } from '../../../src/config/secret-env.ts';
import { ConfigError } from '../../../src/config/schema.ts';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'ttb-secret-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('envSecret', () => {
  test('unset, empty and blank variables count as unset', () => {
    assert.equal(envSecret({}, 'X'), undefined);
    assert.equal(envSecret({ X: '' }, 'X'), undefined);
    assert.equal(envSecret({ X: '  ', X_FILE: ' ' }, 'X'), undefined);
  });

  test('the variable itself, trimmed unless asked not to', () => {
    assert.deepEqual(envSecret({ X: ' abc \n' }, 'X'), { value: 'abc', source: 'X' });
    assert.deepEqual(envSecret({ X: ' abc ' }, 'X', { trim: false }), { value: ' abc ', source: 'X' });
  });

  test('the file named by X_FILE, without the trailing newline', () => {
    withDir((dir) => {
      const file = join(dir, 'token');
      writeFileSync(file, 'MTIz.abc.def\n');
      assert.deepEqual(envSecret({ X_FILE: file }, 'X'), { value: 'MTIz.abc.def', source: `X_FILE (${file})` });
    });
  });

  test('both set, a missing, an empty or a directory file: a ConfigError naming the variable, never the value', () => {
    withDir((dir) => {
      const file = join(dir, 'token');
      writeFileSync(file, 'secret-value');
      const both = (): unknown => envSecret({ X: 'other-secret', X_FILE: file }, 'X');
      assert.throws(both, (e: unknown) => e instanceof ConfigError && /X and X_FILE are both set/.test(e.message) && !e.message.includes('secret'));
      assert.throws(() => envSecret({ X_FILE: join(dir, 'missing') }, 'X'), /X_FILE: cannot read .*missing \(no such file\)/);
      writeFileSync(join(dir, 'empty'), ' \n');
      assert.throws(() => envSecret({ X_FILE: join(dir, 'empty') }, 'X'), /X_FILE: .*empty is empty/);
      assert.throws(() => envSecret({ X_FILE: dir }, 'X'), /it is a directory/);
    });
  });

  test('an unreadable file says permission denied', { skip: userInfo().uid === 0 ? 'root reads every file' : false }, () => {
    withDir((dir) => {
      const file = join(dir, 'token');
      writeFileSync(file, 'secret');
      chmodSync(file, 0o000);
      assert.throws(() => envSecret({ X_FILE: file }, 'X'), /permission denied/);
    });
  });
});
