// The page's pure rules, without a browser: the palette's entries and option checks,
// the modal's checks, embed galleries and Discord's Markdown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command, Modal } from './api.ts';
import { parseMarkdown } from './markdown.tsx';
import { groupEmbeds } from './message.tsx';
import { checkModalValues } from './modal.tsx';
import { checkOptions, paletteEntries } from './palette.tsx';

const inbox: Command = {
  id: '1',
  type: 1,
  name: 'inbox',
  name_localizations: { de: 'postfach' },
  description: 'Manage inboxes.',
  options: [
    { type: 1, name: 'create', name_localizations: { de: 'erstellen' }, description: 'Create one.', description_localizations: { de: 'Eins erstellen.' }, options: [{ type: 7, name: 'channel', description: 'Where.', required: true, channel_types: [0] }] },
    { type: 2, name: 'new-tickets', description: 'Settings.', options: [{ type: 1, name: 'starter', description: 'Starter.' }, { type: 1, name: 'name', description: 'Name.' }] },
  ],
};

describe('the slash-command palette', () => {
  it('lists every runnable path, in the viewer\'s language when the command has it', () => {
    assert.deepEqual(paletteEntries([inbox], 'en-US').map((e) => e.title), ['/inbox create', '/inbox new-tickets starter', '/inbox new-tickets name']);
    const german = paletteEntries([inbox], 'de');
    assert.deepEqual(german.map((e) => e.title), ['/postfach erstellen', '/postfach new-tickets starter', '/postfach new-tickets name']);
    assert.equal(german[0]?.description, 'Eins erstellen.');
    assert.equal(german[0]?.sub?.name, 'create', 'what is sent stays the real name');
    const ping: Command = { id: '2', type: 1, name: 'ping', description: 'Ping.' };
    const menu: Command = { id: '3', type: 3, name: 'Select this message', description: '' };
    assert.deepEqual(paletteEntries([ping, menu], 'en-US').map((e) => e.title), ['/ping'], 'message commands are not in the palette');
  });

  it('checks options as the client does: required, whole numbers, ranges, lengths', () => {
    const options = [
      { type: 4, name: 'count', description: '', required: true, min_value: 1, max_value: 25 },
      { type: 10, name: 'ratio', description: '', max_value: 1 },
      { type: 3, name: 'reason', description: '', min_length: 3, max_length: 5 },
      { type: 5, name: 'flag', description: '' },
      { type: 11, name: 'file', description: '' },
    ];
    assert.deepEqual(checkOptions(options, {}).problems, { count: 'This option is required.' });
    assert.deepEqual(checkOptions(options, { count: '2.5', ratio: '2', reason: 'no', file: 'x' }).problems, {
      count: 'Enter a whole number.',
      ratio: 'Must be at most 1.',
      reason: 'Must be at least 3 characters long.',
      file: 'The sandbox cannot send attachment options.',
    });
    assert.deepEqual(checkOptions(options, { count: '25', ratio: '0.5', reason: 'abcde', flag: 'false' }), {
      values: { count: 25, ratio: 0.5, reason: 'abcde', flag: false },
      problems: {},
    });
    assert.equal(checkOptions(options, { count: '26' }).problems.count, 'Must be at most 25.');
  });
});

describe('modal checks', () => {
  const modal: Modal = {
    custom_id: 'm',
    title: 'T',
    components: [
      { type: 18, label: 'A', component: { type: 4, custom_id: 'a', style: 1, min_length: 2, max_length: 4 } },
      { type: 18, label: 'B', component: { type: 4, custom_id: 'b', style: 2, required: false, min_length: 3 } },
      { type: 18, label: 'C', component: { type: 3, custom_id: 'c', min_values: 2, max_values: 3, options: [] } },
      { type: 18, label: 'D', component: { type: 3, custom_id: 'd', required: false, options: [] } },
      { type: 1, components: [{ type: 4, custom_id: 'e', style: 1, label: 'E' }] },
    ],
  };
  it('required fields, lengths only when something was typed, select counts; legacy rows too', () => {
    assert.deepEqual(checkModalValues(modal, { a: '', b: '', c: [], d: [], e: '' }), {
      a: 'This field is required.',
      c: 'Pick at least 2.',
      e: 'This field is required.',
    });
    assert.deepEqual(checkModalValues(modal, { a: 'x', b: 'xy', c: ['1', '2', '3', '4'], d: [], e: 'ok' }), {
      a: 'Must be at least 2 characters long.',
      b: 'Must be at least 3 characters long.',
      c: 'Pick at most 3.',
    });
    assert.deepEqual(checkModalValues(modal, { a: 'abcd', b: '', c: ['1', '2'], d: [], e: 'ok' }), {});
  });
});

describe('embeds', () => {
  it('embeds sharing a url with the one before become one gallery', () => {
    const groups = groupEmbeds([
      { url: 'u', title: 'T', image: { url: '1' } },
      { url: 'u', image: { url: '2' } },
      { url: 'v', image: { url: '3' } },
      { image: { url: '4' } },
      { image: { url: '5' } },
    ]);
    assert.deepEqual(groups.map((g) => g.images), [['1', '2'], ['3'], ['4'], ['5']]);
  });
});

describe('Discord Markdown', () => {
  const types = (text: string) => parseMarkdown(text).map((n) => n.type);
  it('has Discord\'s own rules: underline, spoilers, subtext, headings, mentions, masked links, lists at any line', () => {
    assert.deepEqual(types('__u__ ||s|| <@123456789012345678> <@&123456789012345678> <#123456789012345678>'), ['underline', 'text', 'spoiler', 'text', 'user', 'text', 'role', 'text', 'channel']);
    assert.deepEqual(types('# Title\n-# small'), ['heading', 'subtext']);
    assert.deepEqual(types('[docs](https://example.invalid)'), ['link']);
    assert.deepEqual(types('intro\n- a\n- b\n\n-# after'), ['text', 'br', 'list', 'br', 'subtext']);
    assert.deepEqual(types('no - list here'), ['text', 'text']);
    assert.deepEqual(types('```js\nx\n```'), ['codeBlock']);
  });
});
