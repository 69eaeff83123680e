import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { LineReader, looksLikeToken, promptHidden } from '../../src/prompt.ts';

test('looksLikeToken wants three non-empty dot-separated parts', () => {
  assert.ok(looksLikeToken('MTI0NjgyNjg0MTIzMTMyNzI3NQ.GabcDE.abcdefghijklmnopqrstuvwxyz_-12'));
  for (const bad of ['', 'abc', 'a.b', 'a..c', 'a.b.c.d', 'a b.c.d', 'a.b.c\n']) assert.ok(!looksLikeToken(bad), bad);
});

test('LineReader hands out lines in order, then null at end of input, without waiting for more', async () => {
  const input = new PassThrough();
  const reader = new LineReader(input);
  input.end('token.part.three\r\nsecret key\nlast-without-newline');
  assert.equal(await reader.readLine(), 'token.part.three');
  assert.equal(await reader.readLine(), 'secret key');
  assert.equal(await reader.readLine(), 'last-without-newline');
  assert.equal(await reader.readLine(), null);
});

test('LineReader on an empty stdin answers null at once', async () => {
  const input = new PassThrough();
  input.end();
  assert.equal(await new LineReader(input).readLine(), null);
});

test('promptHidden echoes nothing of the secret and handles backspace', async () => {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  const answer = promptHidden('Token: ', input, output);
  input.write('abcx\u007fd\r');
  assert.equal(await answer, 'abcd');
  assert.ok(!shown.includes('abc'));
  assert.ok(shown.startsWith('Token: '));
});
