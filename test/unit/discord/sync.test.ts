import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCommandDefinitions } from '../../../src/discord/interactions.ts';
import { commandsFingerprint, countLocalizations } from '../../../src/discord/sync.ts';
import { loadTranslator } from '../../../src/i18n/translate.ts';

const i18n = loadTranslator();
const APP = '1246826841231327275';

test('the fingerprint ignores key order and changes with any definition change or another application', () => {
  const defs = buildCommandDefinitions(i18n);
  const reordered = defs.map((d) => Object.fromEntries(Object.entries(d).reverse())) as typeof defs;
  assert.equal(commandsFingerprint(APP, defs), commandsFingerprint(APP, reordered));
  const changed = structuredClone(defs);
  (changed[0] as { description: string }).description += '!';
  assert.notEqual(commandsFingerprint(APP, defs), commandsFingerprint(APP, changed));
  assert.notEqual(commandsFingerprint(APP, defs), commandsFingerprint('1246826841231327276', defs));
});

test('definitions: /inbox and Select this message, guild-only, Manage Server by default, text channels only', () => {
  const [inbox, select] = buildCommandDefinitions(i18n) as unknown as [Record<string, any>, Record<string, any>];
  assert.equal(inbox.name, 'inbox');
  assert.equal(select.name, 'Select this message');
  assert.equal(select.type, 3);
  for (const def of [inbox, select]) {
    assert.deepEqual(def.contexts, [0]);
    assert.equal(def.default_member_permissions, String(1 << 5));
  }
  const names = inbox.options.map((o: { name: string }) => o.name);
  assert.deepEqual(names, ['create', 'destination', 'message', 'staff', 'settings', 'topics', 'new-tickets']);
  const group = inbox.options.find((o: { name: string }) => o.name === 'new-tickets');
  assert.deepEqual(group.options.map((o: { name: string }) => o.name), ['starter', 'name']);
  const create = inbox.options[0];
  // As the Python original: the inbox may sit in a text or an announcement channel; tickets
  // (private threads) open only in text channels.
  assert.deepEqual(create.options.map((o: { name: string; channel_types: number[] }) => [o.name, o.channel_types]), [
    ['channel', [0, 5]],
    ['destination', [0]],
  ]);
  assert.deepEqual(inbox.options[1].options[0].channel_types, [0], '/inbox destination channel');
  assert.equal(create.options[0].required, true);
});

test('every name and description is localised in de and fr, and carries en-GB (the en-US text) as the original does', () => {
  const defs = buildCommandDefinitions(i18n);
  const walk = (node: Record<string, any>): void => {
    assert.deepEqual(Object.keys(node.name_localizations).sort(), ['de', 'en-GB', 'fr'], node.name);
    if (node.description !== undefined) assert.deepEqual(Object.keys(node.description_localizations).sort(), ['de', 'en-GB', 'fr']);
    for (const child of node.options ?? []) walk(child);
  };
  for (const d of defs) walk(d as Record<string, any>);
  for (const d of defs) assert.equal(d.name_localizations?.['en-GB'], d.name);
  // 3 locales × (name + description) for every chat-input node (/inbox 13, /ticket 15), names only for the menu.
  assert.equal(countLocalizations(defs), 3 * 2 * (13 + 15) + 3);
});

test('/ticket: for everyone in servers (the bot decides who may act), thread options for close, reopen and claim', () => {
  const ticket = buildCommandDefinitions(i18n).find((d) => d.name === 'ticket') as unknown as Record<string, any>;
  assert.ok(ticket, '/ticket is registered');
  assert.deepEqual(ticket.contexts, [0]);
  assert.equal(ticket.default_member_permissions, undefined, 'visible to everyone: the bot checks who may act');
  const subs = Object.fromEntries(ticket.options.map((o: Record<string, any>) => [o.name, o]));
  assert.deepEqual(Object.keys(subs), ['close', 'reopen', 'claim', 'unclaim', 'rename', 'add', 'remove']);
  for (const name of ['close', 'reopen', 'claim']) {
    const option = subs[name].options.find((o: { name: string }) => o.name === 'ticket');
    assert.deepEqual([option.type, option.channel_types, option.required], [7, [12, 11], false], name);
  }
  assert.deepEqual(subs.close.options[0], { ...subs.close.options[0], type: 3, name: 'reason', max_length: 500, required: false });
  assert.deepEqual(subs.rename.options[0], { ...subs.rename.options[0], type: 3, min_length: 1, max_length: 100, required: true });
  assert.equal(subs.add.options[0].type, 6);
  assert.equal(subs.remove.options[0].type, 6);
});
