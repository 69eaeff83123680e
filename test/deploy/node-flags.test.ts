// The node flags are written in several places (the bin's shebang, `npm start`, the image,
// the unit, the benchmarks); the bin's is the reference. The image and the unit are
// checked in their own tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { START_FLAGS } from '../../bench/harness.ts';
import { ROOT, SHIPPED_NODE_FLAGS } from '../e2e/harness.ts';

test('npm start and the benchmarks use the flags of the bin', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.start, `node ${SHIPPED_NODE_FLAGS.join(' ')} bin/theticketbot.js`);
  assert.deepEqual(START_FLAGS.split(' '), SHIPPED_NODE_FLAGS);
});

test('node accepts the flags without a word on stderr', async () => {
  const { spawnSync } = await import('node:child_process');
  const result = spawnSync(process.execPath, [...SHIPPED_NODE_FLAGS, '-e', 'console.log(typeof WebAssembly)'], { encoding: 'utf8' });
  assert.equal(result.status, 0);
  assert.equal(result.stderr, '', 'no warning (--jitless alone warns about WebAssembly)');
});
