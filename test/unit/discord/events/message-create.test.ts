import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTextCommand } from '../../../../src/discord/events/message-create.ts';

test('owner text commands are parsed only when they start by mentioning the bot', () => {
  const bot = '1246826841231327275';
  assert.deepEqual(parseTextCommand(`<@${bot}> sync 1246826841231327276`, bot), { name: 'sync', args: ['1246826841231327276'] });
  assert.deepEqual(parseTextCommand(`<@!${bot}>   Reload-Config`, bot), { name: 'reload-config', args: [] });
  assert.equal(parseTextCommand(`<@1246826841231327276> sync`, bot), null);
  assert.equal(parseTextCommand(`hello <@${bot}> sync`, bot), null);
  assert.equal(parseTextCommand(`<@${bot}>`, bot), null);
});
