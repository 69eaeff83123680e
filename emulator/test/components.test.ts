/** Message components: string selects, emoji on buttons and options, button kinds, and what selectMenu lets a person pick. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Emulator, type Message, startEmulator } from '../src/index.ts';

interface Answer {
  status: number;
  body: any;
}

describe('message components', () => {
  let em: Emulator;
  let channelId: string;
  let user: string;

  const send = async (components: unknown[]): Promise<Answer> => {
    const res = await fetch(`${em.apiUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bot ${em.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ content: 'pick', components }),
    });
    return { status: res.status, body: await res.json() };
  };
  const codesAt = (a: Answer, path: Array<string | number>): string[] => {
    assert.equal(a.status, 400, JSON.stringify(a.body));
    assert.equal(a.body.code, 50035);
    let node = a.body.errors;
    for (const k of path) node = node?.[String(k)];
    return ((node?._errors ?? []) as Array<{ code: string }>).map((e) => e.code);
  };
  const options = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `Option ${i}`, value: `v${i}` }));
  const row = (c: Record<string, unknown>) => [{ type: 1, components: [c] }];
  const select = (extra: Record<string, unknown> = {}) => row({ type: 3, custom_id: 'topic', options: options(3), ...extra });
  const button = (extra: Record<string, unknown> = {}) => row({ type: 2, style: 1, custom_id: 'go', label: 'Go', ...extra });

  before(async () => {
    // Many requests in a row: the route limits are not what this file tests.
    em = await startEmulator({ rateLimits: false });
    const g = em.createGuild({ defaultChannel: true });
    channelId = g.system_channel_id!;
    user = em.createUser({ username: 'picker' }).id;
    em.addMember(g.id, user);
  });
  after(async () => {
    assert.deepEqual(em.unknownRequests(), []);
    await em.close();
  });

  it('validates string selects: 1–25 options, unique values, lengths, default, min/max values', async () => {
    const at = (field: string | Array<string | number>) => ['components', 0, 'components', 0, ...(Array.isArray(field) ? field : [field])];
    const cases: Array<[unknown[], Array<string | number>, string]> = [
      [select({ options: [] }), at('options'), 'BASE_TYPE_BAD_LENGTH'],
      [select({ options: options(26) }), at('options'), 'BASE_TYPE_BAD_LENGTH'],
      [select({ options: [{ label: 'A', value: 'same' }, { label: 'B', value: 'same' }] }), at(['options', 1, 'value']), 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED'],
      [select({ options: [{ label: 'l'.repeat(101), value: 'a' }] }), at(['options', 0, 'label']), 'BASE_TYPE_BAD_LENGTH'],
      [select({ options: [{ label: '', value: 'a' }] }), at(['options', 0, 'label']), 'BASE_TYPE_BAD_LENGTH'],
      [select({ options: [{ label: 'A', value: 'v'.repeat(101) }] }), at(['options', 0, 'value']), 'BASE_TYPE_BAD_LENGTH'],
      [select({ options: [{ label: 'A', value: 'a', description: 'd'.repeat(101) }] }), at(['options', 0, 'description']), 'BASE_TYPE_BAD_LENGTH'],
      [select({ options: [{ label: 'A', value: 'a', default: 'yes' }] }), at(['options', 0, 'default']), 'BASE_TYPE_BOOLEAN'],
      [select({ options: [{ label: 'A' }] }), at(['options', 0, 'value']), 'BASE_TYPE_REQUIRED'],
      [select({ min_values: 26, max_values: 25, options: options(25) }), at('min_values'), 'NUMBER_TYPE_MAX'],
      [select({ min_values: -1 }), at('min_values'), 'NUMBER_TYPE_MIN'],
      [select({ max_values: 0 }), at('max_values'), 'NUMBER_TYPE_MIN'],
      [select({ max_values: 26 }), at('max_values'), 'NUMBER_TYPE_MAX'],
      [select({ min_values: 3, max_values: 2 }), at('min_values'), 'SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX'],
      [select({ max_values: 4 }), at('max_values'), 'SELECT_COMPONENT_MAX_VALUES_EXCEEDED'],
      [select({ placeholder: 'p'.repeat(151) }), at('placeholder'), 'BASE_TYPE_BAD_LENGTH'],
      [select({ custom_id: 'c'.repeat(101) }), at('custom_id'), 'BASE_TYPE_BAD_LENGTH'],
      [select({ disabled: 'no' }), at('disabled'), 'BASE_TYPE_BOOLEAN'],
      [[{ type: 1, components: [{ type: 3, custom_id: 'a', options: options(2) }, { type: 2, style: 1, custom_id: 'b', label: 'B' }] }], ['components', 0, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED'],
      [row({ type: 5, custom_id: 'who', options: options(2) }), at('options'), 'COMPONENT_FIELD_NOT_ALLOWED'],
      [row({ type: 6, custom_id: 'roles', default_values: [{ id: '123', type: 'user' }] }), at(['default_values', 0, 'type']), 'BASE_TYPE_CHOICES'],
      [row({ type: 8, custom_id: 'where', channel_types: [99] }), at('channel_types'), 'BASE_TYPE_CHOICES'],
      [row({ type: 4, custom_id: 'text', style: 1, label: 'T' }), at('type'), 'UNION_TYPE_CHOICES'],
    ];
    for (const [components, path, code] of cases) {
      const r = await send(components);
      assert.ok(codesAt(r, path).includes(code), `${JSON.stringify(components).slice(0, 140)} → ${JSON.stringify(r.body.errors)}`);
    }
    // The edges that pass: 25 options, max_values 25, min_values 0 (`required` is ignored in messages), defaults.
    assert.equal((await send(select({ options: options(25), min_values: 0, max_values: 25, required: true }))).status, 200);
    assert.equal((await send(select({ options: [{ label: 'A', value: 'a', default: true, description: 'd'.repeat(100) }, { label: 'l'.repeat(100), value: 'v'.repeat(100) }] }))).status, 200);
  });

  it('validates emoji on buttons and select options: a Unicode emoji by name or a custom emoji by id', async () => {
    const ok = [
      { name: '🎫' }, { name: '👍🏽' }, { name: '🇩🇪' }, { name: '1️⃣' }, { name: '👨‍👩‍👧' }, { name: '❤️' },
      { id: '123456789012345678' }, { id: '123456789012345678', name: 'ticket', animated: true },
    ];
    for (const emoji of ok) {
      assert.equal((await send(button({ emoji }))).status, 200, JSON.stringify(emoji));
      assert.equal((await send(select({ options: [{ label: 'A', value: 'a', emoji }] }))).status, 200, JSON.stringify(emoji));
    }
    const bad: Array<[unknown, Array<string | number>, string]> = [
      [{ name: 'ticket' }, [], 'COMPONENT_INVALID_EMOJI'],
      [{ name: '🎫🎫' }, [], 'COMPONENT_INVALID_EMOJI'],
      [{ name: 'a' }, [], 'COMPONENT_INVALID_EMOJI'],
      [{}, [], 'COMPONENT_INVALID_EMOJI'],
      [{ id: 'abc', name: 'x' }, ['id'], 'NUMBER_TYPE_COERCE'],
      [{ name: '🎫', animated: 'yes' }, ['animated'], 'BASE_TYPE_BOOLEAN'],
      ['🎫', [], 'MODEL_TYPE_CONVERT'],
    ];
    for (const [emoji, sub, code] of bad) {
      const b = await send(button({ emoji }));
      assert.ok(codesAt(b, ['components', 0, 'components', 0, 'emoji', ...sub]).includes(code), `button ${JSON.stringify(emoji)} → ${JSON.stringify(b.body.errors)}`);
      const s = await send(select({ options: [{ label: 'A', value: 'a', emoji }] }));
      assert.ok(codesAt(s, ['components', 0, 'components', 0, 'options', 0, 'emoji', ...sub]).includes(code), `option ${JSON.stringify(emoji)}`);
    }
    // An emoji alone is enough for a button.
    assert.equal((await send(row({ type: 2, style: 2, custom_id: 'e', emoji: { name: '🔒' } }))).status, 200);
  });

  it('keeps the documented fields of each button kind apart', async () => {
    const at = (f: string) => ['components', 0, 'components', 0, f];
    assert.ok(codesAt(await send(row({ type: 2, style: 6, sku_id: '123456789012345678', label: 'Buy' })), at('label')).includes('COMPONENT_FIELD_NOT_ALLOWED'));
    assert.ok(codesAt(await send(row({ type: 2, style: 6, sku_id: '123456789012345678', emoji: { name: '💎' } })), at('emoji')).includes('COMPONENT_FIELD_NOT_ALLOWED'));
    assert.ok(codesAt(await send(row({ type: 2, style: 6 })), at('sku_id')).includes('BASE_TYPE_REQUIRED'));
    assert.equal((await send(row({ type: 2, style: 6, sku_id: '123456789012345678' }))).status, 200);
    assert.ok(codesAt(await send(button({ sku_id: '123456789012345678' })), at('sku_id')).includes('COMPONENT_FIELD_NOT_ALLOWED'));
    assert.ok(codesAt(await send(row({ type: 2, style: 5, url: 'https://example.com', label: 'L', custom_id: 'x' })), at('custom_id')).includes('BUTTON_COMPONENT_URL_AND_CUSTOM_ID_PRESENT'));
    assert.ok(codesAt(await send(button({ url: 'https://example.com' })), at('url')).includes('BUTTON_COMPONENT_URL_AND_CUSTOM_ID_PRESENT'));
  });

  it('selectMenu lets a person pick only options of the select, within min_values..max_values, once each', async () => {
    const sent = await send(row({ type: 3, custom_id: 'topic', min_values: 1, max_values: 2, options: [{ label: 'Billing', value: 'billing', emoji: { name: '💳' } }, { label: 'Bug', value: 'bug' }, { label: 'Other', value: 'other', default: true }] }));
    assert.equal(sent.status, 200);
    const messageId = (sent.body as Message).id;
    const pick = (values: string[]) => em.selectMenu({ messageId, userId: user, customId: 'topic', values });
    assert.throws(() => pick(['refund']), /"refund" is not an option/);
    assert.throws(() => pick([]), /takes 1 to 2 values/);
    assert.throws(() => pick(['billing', 'bug', 'other']), /takes 1 to 2 values/);
    assert.throws(() => pick(['bug', 'bug']), /same value twice/);
    const h = pick(['bug', 'billing']);
    assert.deepEqual(h.payload.data, { custom_id: 'topic', component_type: 3, values: ['bug', 'billing'] });
    assert.equal(h.payload.message.id, messageId);

    const optional = await send(row({ type: 3, custom_id: 'maybe', min_values: 0, options: options(2) }));
    assert.deepEqual(em.selectMenu({ messageId: (optional.body as Message).id, userId: user, customId: 'maybe', values: [] }).payload.data.values, []);
    const off = await send(row({ type: 3, custom_id: 'off', disabled: true, options: options(2) }));
    assert.throws(() => em.selectMenu({ messageId: (off.body as Message).id, userId: user, customId: 'off', values: ['v0'] }), /disabled/);
  });
});
