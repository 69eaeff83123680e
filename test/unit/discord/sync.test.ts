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
  assert.deepEqual(names, ['create', 'destination', 'message', 'staff', 'new-tickets']);
  const group = inbox.options.find((o: { name: string }) => o.name === 'new-tickets');
  assert.deepEqual(group.options.map((o: { name: string }) => o.name), ['starter', 'name']);
  const create = inbox.options[0];
  for (const option of create.options) assert.deepEqual(option.channel_types, [0]);
  assert.equal(create.options[0].required, true);
});

test('every name and description is localised in de and fr', () => {
  const defs = buildCommandDefinitions(i18n);
  const walk = (node: Record<string, any>): void => {
    assert.deepEqual(Object.keys(node.name_localizations).sort(), ['de', 'fr'], node.name);
    if (node.description !== undefined) assert.deepEqual(Object.keys(node.description_localizations).sort(), ['de', 'fr']);
    for (const child of node.options ?? []) walk(child);
  };
  for (const d of defs) walk(d as Record<string, any>);
  // 2 locales × (name + description) for every chat-input node, names only for the menu.
  assert.equal(countLocalizations(defs), 2 * 2 * 11 + 2);
});
