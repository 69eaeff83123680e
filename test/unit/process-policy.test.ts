import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log/logger.ts';
import { installProcessPolicy } from '../../src/process-policy.ts';

test('an unhandled rejection or uncaught exception is logged without secrets and makes the gateway reconnect; uninstall removes both handlers', () => {
  let output = '';
  const logger = createLogger({
    verbosity: 0,
    logDir: null,
    console: new Writable({
      write(chunk, _enc, done) {
        output += String(chunk);
        done();
      },
    }),
  });
  const token = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Gx7abc.not-a-real-token-0123456789';
  logger.addSecret(token);
  const target = new EventEmitter();
  const recovered: string[] = [];
  const policy = installProcessPolicy(logger, (reason) => recovered.push(reason), target as unknown as NodeJS.Process);

  target.emit('unhandledRejection', new TypeError(`Cannot read properties of null (reading 'session_id') near ${token}`));
  target.emit('uncaughtException', new Error('WebSocket is not open: readyState 0 (CONNECTING)'));
  assert.deepEqual(recovered, ['An unhandled promise rejection', 'An uncaught exception']);
  assert.match(output, /An unhandled promise rejection \(a bug, or a payload the gateway library could not read\); the bot keeps running and reconnects to the gateway\./);
  assert.match(output, /session_id/);
  assert.match(output, /WebSocket is not open/);
  assert.ok(!output.includes(token), 'the token is redacted');

  // A failing recovery must not escape either: that would end the process after all.
  const throwing = installProcessPolicy(logger, () => {
    throw new Error('no gateway yet');
  }, target as unknown as NodeJS.Process);
  assert.doesNotThrow(() => target.emit('unhandledRejection', new Error('x')));
  throwing.uninstall();

  policy.uninstall();
  assert.equal(target.listenerCount('unhandledRejection'), 0);
  assert.equal(target.listenerCount('uncaughtException'), 0);
});
