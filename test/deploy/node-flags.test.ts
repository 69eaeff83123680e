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

test('with the shipped flags (no WebAssembly) the bundle never loads undici: FormData works, fetch and Response fail with a sentence', async () => {
  const { spawnSync } = await import('node:child_process');
  const script = `
    await import(${JSON.stringify(join(ROOT, 'dist', 'theticketbot.js'))});
    const form = new FormData();
    form.append('payload_json', '{}');
    form.append('files[0]', new Blob([new Uint8Array([1, 2])], { type: 'image/png' }), 'a.png');
    const out = { entries: [...form.keys()] };
    out.fetch = await fetch('http://127.0.0.1:9/').then(() => 'answered', (e) => e.message);
    try { new Response('x'); out.response = 'made'; } catch (e) { out.response = e.message; }
    out.instance = ({}) instanceof Response;
    out.undici = process.moduleLoadList.filter((m) => m.includes('undici'));
    console.log(JSON.stringify(out));`;
  const result = spawnSync(process.execPath, [...SHIPPED_NODE_FLAGS, '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout) as Record<string, unknown>;
  assert.deepEqual(out.entries, ['payload_json', 'files[0]']);
  assert.match(String(out.fetch), /^fetch: the bot runs without WebAssembly/);
  assert.match(String(out.response), /^Response: the bot runs without WebAssembly/);
  assert.equal(out.instance, false);
  assert.deepEqual(out.undici, []);
});
