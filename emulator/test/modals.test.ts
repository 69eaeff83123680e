/** Modals as documented today: Label, Text Display, the deprecated action row; every Label child; submits; the client's checks. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { type Emulator, type InteractionHandle, Permissions as P, startEmulator } from '../src/index.ts';

interface Answer {
  status: number;
  body: any;
}

describe('modals', () => {
  let em: Emulator;
  let guildId: string;
  let channelId: string;
  let secretId: string;
  let user: string;
  let other: string;
  let roleId: string;

  const command = () => em.runSlashCommand({ guildId, channelId, userId: user, command: 'form' });
  const callback = async (h: InteractionHandle, data: unknown): Promise<Answer> => {
    const res = await fetch(`${em.apiUrl}/v10/interactions/${h.id}/${h.token}/callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 9, data }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  /** The inner `_errors` codes at a path of a 400 50035 answer. */
  const codesAt = (a: Answer, path: Array<string | number>): string[] => {
    assert.equal(a.status, 400, JSON.stringify(a.body));
    assert.equal(a.body.code, 50035);
    assert.equal(a.body.message, 'Invalid Form Body');
    let node = a.body.errors;
    for (const k of path) node = node?.[String(k)];
    return ((node?._errors ?? []) as Array<{ code: string }>).map((e) => e.code);
  };
  const modal = (components: unknown[]) => ({ custom_id: 'form', title: 'Form', components });
  const label = (component: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 18, label: 'Question', component, ...extra });
  const text = (extra: Record<string, unknown> = {}) => ({ type: 4, custom_id: 'answer', style: 1, ...extra });
  const select = (extra: Record<string, unknown> = {}) => ({
    type: 3,
    custom_id: 'choice',
    options: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }, { label: 'C', value: 'c' }],
    ...extra,
  });

  before(async () => {
    em = await startEmulator();
    const g = em.createGuild({ defaultChannel: true });
    guildId = g.id;
    channelId = g.system_channel_id!;
    secretId = em.createChannel(guildId, { name: 'secret', permissionOverwrites: [{ id: guildId, type: 0, deny: P.VIEW_CHANNEL }] }).id;
    user = em.createUser({ username: 'filler' }).id;
    other = em.createUser({ username: 'other' }).id;
    em.addMember(guildId, user);
    em.addMember(guildId, other);
    roleId = em.createRole(guildId, { name: 'Helpers' }).id;
    const rest = new REST({ api: em.apiUrl, version: '10' }).setToken(em.token);
    await rest.put(Routes.applicationGuildCommands(em.application.id, guildId), { body: [{ name: 'form', description: 'A form' }] });
  });
  after(async () => {
    assert.deepEqual(em.unknownRequests(), []);
    await em.close();
  });

  it('answers an invalid modal with 400 50035 and the nested errors, field by field', async () => {
    const h = command();
    const first = await callback(h, modal([label(text(), { label: 'l'.repeat(46) })]));
    assert.deepEqual(first.body, {
      code: 50035,
      message: 'Invalid Form Body',
      errors: { data: { components: { 0: { label: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 45 in length.' }] } } } } },
    });
    const cases: Array<[unknown[], Array<string | number>, string]> = [
      [[], ['data', 'components'], 'BASE_TYPE_BAD_LENGTH'],
      [Array.from({ length: 6 }, (_, i) => label(text({ custom_id: `t${i}` }))), ['data', 'components'], 'BASE_TYPE_BAD_LENGTH'],
      [[{ type: 2, style: 1, custom_id: 'b', label: 'B' }], ['data', 'components', 0, 'type'], 'UNION_TYPE_CHOICES'],
      [[{ type: 18, component: text() }], ['data', 'components', 0, 'label'], 'BASE_TYPE_REQUIRED'],
      [[label(text(), { description: 'd'.repeat(101) })], ['data', 'components', 0, 'description'], 'BASE_TYPE_BAD_LENGTH'],
      [[{ type: 18, label: 'No child' }], ['data', 'components', 0, 'component'], 'BASE_TYPE_REQUIRED'],
      [[label({ type: 2, style: 1, custom_id: 'b', label: 'B' })], ['data', 'components', 0, 'component', 'type'], 'UNION_TYPE_CHOICES'],
      [[label(text({ label: 'Own label' }))], ['data', 'components', 0, 'component', 'label'], 'TEXT_INPUT_LABEL_IN_LABEL'],
      [[label(text({ style: 3 }))], ['data', 'components', 0, 'component', 'style'], 'BASE_TYPE_CHOICES'],
      [[label(text({ min_length: 4001 }))], ['data', 'components', 0, 'component', 'min_length'], 'NUMBER_TYPE_MAX'],
      [[label(text({ max_length: 0 }))], ['data', 'components', 0, 'component', 'max_length'], 'NUMBER_TYPE_MIN'],
      [[label(text({ max_length: 4001 }))], ['data', 'components', 0, 'component', 'max_length'], 'NUMBER_TYPE_MAX'],
      [[label(text({ min_length: 10, max_length: 5 }))], ['data', 'components', 0, 'component', 'min_length'], 'TEXT_INPUT_MIN_LENGTH_GREATER_THAN_MAX'],
      [[label(text({ value: 'v'.repeat(4001) }))], ['data', 'components', 0, 'component', 'value'], 'BASE_TYPE_BAD_LENGTH'],
      [[label(text({ placeholder: 'p'.repeat(101) }))], ['data', 'components', 0, 'component', 'placeholder'], 'BASE_TYPE_BAD_LENGTH'],
      [[label(text({ required: 'yes' }))], ['data', 'components', 0, 'component', 'required'], 'BASE_TYPE_BOOLEAN'],
      [[label(text({ custom_id: '' }))], ['data', 'components', 0, 'component', 'custom_id'], 'BASE_TYPE_BAD_LENGTH'],
      [[label(select({ options: [] }))], ['data', 'components', 0, 'component', 'options'], 'BASE_TYPE_BAD_LENGTH'],
      [[label(select({ options: Array.from({ length: 26 }, (_, i) => ({ label: `${i}`, value: `${i}` })) }))], ['data', 'components', 0, 'component', 'options'], 'BASE_TYPE_BAD_LENGTH'],
      [[label(select({ min_values: 0 }))], ['data', 'components', 0, 'component', 'min_values'], 'COMPONENT_MIN_VALUES_REQUIRED'],
      [[label(select({ max_values: 4 }))], ['data', 'components', 0, 'component', 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_EXCEEDED'],
      [[label(select({ disabled: false }))], ['data', 'components', 0, 'component', 'disabled'], 'COMPONENT_DISABLED_IN_MODAL'],
      [[label(select({ options: [{ label: 'A', value: 'a', emoji: { name: 'not an emoji' } }] }))], ['data', 'components', 0, 'component', 'options', 0, 'emoji'], 'COMPONENT_INVALID_EMOJI'],
      [[label({ type: 5, custom_id: 'who', default_values: [{ id: '1', type: 'role' }] })], ['data', 'components', 0, 'component', 'default_values', 0, 'type'], 'BASE_TYPE_CHOICES'],
      [[{ type: 10 }], ['data', 'components', 0, 'content'], 'BASE_TYPE_REQUIRED'],
      [[label({ type: 19, custom_id: 'f', max_values: 11 })], ['data', 'components', 0, 'component', 'max_values'], 'NUMBER_TYPE_MAX'],
      [[label({ type: 19, custom_id: 'f', file_types: ['pdf'] })], ['data', 'components', 0, 'component', 'file_types', 0], 'FILE_TYPE_INVALID'],
      [[label({ type: 19, custom_id: 'f', min_values: 0 })], ['data', 'components', 0, 'component', 'min_values'], 'COMPONENT_MIN_VALUES_REQUIRED'],
      [[label({ type: 21, custom_id: 'r', options: [{ label: 'Only', value: 'only' }] })], ['data', 'components', 0, 'component', 'options'], 'BASE_TYPE_BAD_LENGTH'],
      [[label({ type: 22, custom_id: 'g', options: [{ label: 'A', value: 'a' }], max_values: 2 })], ['data', 'components', 0, 'component', 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_EXCEEDED'],
      [[label({ type: 23, custom_id: 'c', required: true })], ['data', 'components', 0, 'component', 'required'], 'COMPONENT_FIELD_NOT_ALLOWED'],
      [[label(text()), label(text())], ['data', 'components', 1, 'component', 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED'],
      [[label(text(), { id: 7 }), label(text({ custom_id: 'x' }), { id: 7 })], ['data', 'components', 1, 'id'], 'COMPONENT_ID_DUPLICATED'],
      [[{ type: 1, components: [text({ label: 'A' }), text({ custom_id: 'b', label: 'B' })] }], ['data', 'components', 0, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED'],
      [[{ type: 1, components: [text()] }], ['data', 'components', 0, 'components', 0, 'label'], 'BASE_TYPE_REQUIRED'],
    ];
    for (const [components, path, code] of cases) {
      const r = await callback(h, modal(components));
      assert.ok(codesAt(r, path).includes(code), `${JSON.stringify(components).slice(0, 120)} → ${JSON.stringify(r.body.errors)}`);
    }
    const badTitle = await callback(h, { custom_id: 'form', title: '', components: [label(text())] });
    assert.deepEqual(codesAt(badTitle, ['data', 'title']), ['BASE_TYPE_BAD_LENGTH']);
    // Nothing was acknowledged: a valid modal still goes through.
    assert.equal((await callback(h, modal([label(text())]))).status, 204);
  });

  it('accepts what the docs list and submits each Label child, Text Display and the deprecated action row as documented', async () => {
    const h = command();
    const ok = await callback(h, modal([
      { type: 10, content: 'Tell us **everything**.' },
      label(text({ style: 2, min_length: 5, max_length: 10 }), { label: 'Short answer', description: 'Five to ten characters' }),
      label(select({ max_values: 2, options: [{ label: 'A', value: 'a', emoji: { name: '🐜' } }, { label: 'B', value: 'b', default: true }, { label: 'C', value: 'c', emoji: { id: '123456789012345678', name: 'custom', animated: true } }] })),
      label({ type: 5, custom_id: 'who', required: false, max_values: 2 }),
      { type: 1, components: [{ type: 4, custom_id: 'legacy', style: 1, label: 'Legacy', required: false }] },
    ]));
    assert.equal(ok.status, 204);
    assert.deepEqual(h.modal()?.components[1].component, text({ style: 2, min_length: 5, max_length: 10 }), 'the modal as the bot sent it');

    assert.throws(() => em.submitModal({ from: h, fields: { choice: 'a' } }), /"answer" is required/);
    assert.throws(() => em.submitModal({ from: h, fields: { answer: 'four' } }), /shorter than 5/);
    assert.throws(() => em.submitModal({ from: h, fields: { answer: 'eleven char' } }), /longer than 10/);
    assert.throws(() => em.submitModal({ from: h, fields: { answer: 'fine!', choice: 'z' } }), /"z" is not an option/);
    assert.throws(() => em.submitModal({ from: h, fields: { answer: 'fine!', choice: ['a', 'b', 'c'] } }), /at most 2/);
    assert.throws(() => em.submitModal({ from: h, fields: { answer: 'fine!', choice: [] } }), /at least 1/);
    assert.throws(() => em.submitModal({ from: h, fields: { answer: 'fine!', who: ['1234'] } }), /unknown user/);

    const submit = em.submitModal({ from: h, fields: { answer: 'fine!', choice: ['a', 'c'], who: [other] } });
    assert.deepEqual(submit.payload.data.components, [
      { type: 10, id: 1 },
      { type: 18, id: 2, component: { type: 4, id: 3, custom_id: 'answer', value: 'fine!' } },
      { type: 18, id: 4, component: { type: 3, id: 5, custom_id: 'choice', values: ['a', 'c'] } },
      { type: 18, id: 6, component: { type: 5, id: 7, custom_id: 'who', values: [other] } },
      { type: 1, id: 8, components: [{ type: 4, id: 9, custom_id: 'legacy', value: '' }] },
    ]);
    assert.equal(submit.payload.data.custom_id, 'form');
    assert.equal(submit.payload.data.resolved.users[other].id, other);
    assert.equal(typeof submit.payload.data.resolved.members[other].permissions, 'string');

    // Defaults: the option marked default, no users picked (optional), the empty legacy input.
    const defaults = em.submitModal({ from: h, fields: { answer: 'fine!' } });
    assert.deepEqual(defaults.payload.data.components[2].component.values, ['b']);
    assert.deepEqual(defaults.payload.data.components[3].component.values, []);
    assert.equal(defaults.payload.data.resolved, undefined);
  });

  it('file uploads, radio groups, checkbox groups, checkboxes and role/channel selects', async () => {
    const h = command();
    const ok = await callback(h, modal([
      label({ type: 19, custom_id: 'shots', min_values: 1, max_values: 2, file_types: ['image', '.pdf'] }),
      label({ type: 21, custom_id: 'class', options: [{ label: 'Warrior', value: 'warrior' }, { label: 'Mage', value: 'mage', default: true }] }),
      label({ type: 22, custom_id: 'days', options: [{ label: 'Mon', value: 'mon' }, { label: 'Tue', value: 'tue' }, { label: 'Wed', value: 'wed' }], required: false }),
      label({ type: 23, custom_id: 'agree' }),
      label({ type: 8, custom_id: 'where', channel_types: [0] }),
    ]));
    assert.equal(ok.status, 204);
    const png = { name: 'bug.png', contentType: 'image/png', data: Buffer.from('png bytes') };
    assert.throws(() => em.submitModal({ from: h, fields: { where: channelId } }), /"shots" needs at least 1/);
    assert.throws(() => em.submitModal({ from: h, fields: { shots: [{ name: 'notes.txt', data: 'x' }], where: channelId } }), /does not accept notes.txt/);
    assert.throws(() => em.submitModal({ from: h, fields: { shots: [png], class: 'rogue', where: channelId } }), /no option "rogue"/);
    assert.throws(() => em.submitModal({ from: h, fields: { shots: [png], class: null, where: channelId } }), /"class" is required/);
    assert.throws(() => em.submitModal({ from: h, fields: { shots: [png], days: ['fri'], where: channelId } }), /no option "fri"/);
    assert.throws(() => em.submitModal({ from: h, fields: { shots: [png], agree: 'yes', where: channelId } }), /true or false/);
    assert.throws(() => em.submitModal({ from: h, fields: { shots: [png], where: secretId } }), /cannot see/);

    const s = em.submitModal({ from: h, fields: { shots: [png, { name: 'LOG.PDF', data: 'pdf' }], days: ['tue', 'mon'], agree: true, where: channelId } });
    const [files, radio, days, agree, where] = s.payload.data.components as Array<{ id: number; type: number; component: Record<string, any> }>;
    assert.deepEqual([files!.type, files!.id, files!.component.type, files!.component.id, files!.component.custom_id], [18, 1, 19, 2, 'shots']);
    assert.equal(files!.component.values.length, 2);
    const att = s.payload.data.resolved.attachments[files!.component.values[0]];
    assert.equal(att.filename, 'bug.png');
    assert.equal(att.ephemeral, true);
    assert.equal(await (await fetch(att.url)).text(), 'png bytes');
    assert.deepEqual(radio!.component, { type: 21, id: 4, custom_id: 'class', value: 'mage' });
    assert.deepEqual(days!.component, { type: 22, id: 6, custom_id: 'days', values: ['tue', 'mon'] });
    assert.deepEqual(agree!.component, { type: 23, id: 8, custom_id: 'agree', value: true });
    assert.deepEqual(where!.component, { type: 8, id: 10, custom_id: 'where', values: [channelId] });
    assert.equal(s.payload.data.resolved.channels[channelId].id, channelId);

    const unticked = em.submitModal({ from: h, fields: { shots: [png], days: [], where: channelId } });
    assert.deepEqual(unticked.payload.data.components[2].component.values, []);
    assert.equal(unticked.payload.data.components[3].component.value, false);

    const roles = command();
    assert.equal((await callback(roles, modal([label({ type: 6, custom_id: 'role' }), label({ type: 7, custom_id: 'any', max_values: 2 })]))).status, 204);
    const r = em.submitModal({ from: roles, fields: { role: roleId, any: [roleId, other] } });
    assert.deepEqual(r.payload.data.components.map((c: { component: { values: string[] } }) => c.component.values), [[roleId], [roleId, other]]);
    assert.equal(r.payload.data.resolved.roles[roleId].name, 'Helpers');
    assert.equal(r.payload.data.resolved.users[other].id, other);
  });

  it('keeps given component ids and numbers the others around them', async () => {
    const h = command();
    assert.equal((await callback(h, modal([label(text(), { id: 2 }), label(select(), { id: 5 })]))).status, 204);
    const s = em.submitModal({ from: h, fields: { answer: 'x', choice: 'a' } });
    assert.deepEqual(s.payload.data.components.map((c: { id: number; component: { id: number } }) => [c.id, c.component.id]), [[2, 1], [5, 3]]);
  });
});
