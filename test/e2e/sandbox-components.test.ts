// The page's rendering of what any application may send, not only what theticketbot sends
// today: a small application of the test's own (REST + a raw gateway connection to the
// sandbox's emulator) posts a message with Markdown, an embed gallery, attachments, every
// button style and every kind of select, and answers a command with a modal built from
// Labels (text input, string select) and a Text Display. Later features (the ticket card,
// topic forms) use these same renderers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { gatewayUrl, RawGatewayClient, type Payload } from '../../emulator/test/helpers.ts';
import { startSandbox } from '../../emulator/sandbox/index.ts';
import { Intents } from '../../emulator/src/index.ts';
import type { SandboxServer } from '../../src/sandbox-runtime.ts';
import { ephemeral, launchBrowser, message, openAs, pick, slash, type Browser } from './sandbox-flows.ts';

let sb: SandboxServer;
let browser: Browser;
let gw: RawGatewayClient;
let appId: string;
let ids: Record<string, string>;
let channels: Record<string, string>;
const interactions: Payload[] = [];

async function rest(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sb.apiUrl}/v10${path}`, {
    method,
    headers: { Authorization: `Bot ${sb.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const FORM = {
  custom_id: 'topic-form',
  title: 'Report a member',
  components: [
    { type: 10, content: 'Tell us **what happened**. Reports are read by staff only.' },
    { type: 18, label: 'Who?', description: 'Their name as shown in the server', component: { type: 4, custom_id: 'who', style: 1, min_length: 3, max_length: 40, placeholder: 'Name' } },
    { type: 18, label: 'What happened?', component: { type: 4, custom_id: 'what', style: 2, required: false, max_length: 500 } },
    {
      type: 18,
      label: 'Where?',
      component: { type: 3, custom_id: 'where', min_values: 1, max_values: 2, options: [{ label: 'Voice', value: 'voice' }, { label: 'Text chat', value: 'text', description: 'Any text channel' }, { label: 'DMs', value: 'dm' }] },
    },
  ],
};

const SURVEY = {
  custom_id: 'survey',
  title: 'Quick survey',
  components: [
    { type: 18, label: 'How was it?', component: { type: 21, custom_id: 'mood', options: [{ label: 'Good', value: 'good' }, { label: 'Bad', value: 'bad', description: 'Tell us more' }] } },
    { type: 18, label: 'What helped?', component: { type: 22, custom_id: 'helped', min_values: 1, max_values: 2, options: [{ label: 'Staff', value: 'staff' }, { label: 'Docs', value: 'docs', default: true }, { label: 'Luck', value: 'luck' }] } },
    { type: 18, label: 'Contact me', component: { type: 23, custom_id: 'contact' } },
    { type: 18, label: 'Screenshot', component: { type: 19, custom_id: 'shot', required: false } },
  ],
};

/** The test's application: registers /form and /survey, answers them with their modals, and echoes what a modal submits. */
async function startApplication(): Promise<void> {
  const app = await rest('GET', '/applications/@me');
  appId = app.id;
  await rest('PUT', `/applications/${appId}/commands`, [{ type: 1, name: 'form', description: 'Open a form.' }, { type: 1, name: 'survey', description: 'Answer a survey.' }]);
  gw = new RawGatewayClient(gatewayUrl(`${sb.apiUrl.replace('http', 'ws').replace('/api', '/gateway')}`));
  await gw.identify(sb.token, Intents.GUILDS);
  gw.ws.on('message', (data: Buffer) => {
    const p = JSON.parse(data.toString('utf8')) as Payload;
    if (p.t !== 'INTERACTION_CREATE') return;
    interactions.push(p);
    const i = p.d;
    const answer = i.type === 2 ? { type: 9, data: i.data.name === 'survey' ? SURVEY : FORM } : { type: 4, data: { content: `Got it: ${JSON.stringify(i.data.values ?? i.data.components ?? i.data.custom_id)}`, flags: 64 } };
    void rest('POST', `/interactions/${i.id}/${i.token}/callback`, answer);
  });
}

async function showcase(): Promise<void> {
  const gallery = 'https://example.invalid/gallery';
  const form = new FormData();
  form.append('payload_json', JSON.stringify({
    content: '# Showcase\n**bold** *italic* __underline__ ~~strike~~ `code` ||secret|| [masked](https://example.invalid/x)\n> quoted\n- one\n- two\n-# small print\n```js\nconst x = 1;\n```',
    allowed_mentions: { parse: [] },
    embeds: [
      { title: 'Gallery', description: 'Three images, one grid', url: gallery, color: 0x3498db, image: { url: 'attachment://a.png' } },
      { url: gallery, image: { url: 'attachment://b.png' } },
      { url: gallery, image: { url: 'attachment://c.png' } },
      { title: 'Fields', fields: [{ name: 'Left', value: 'L', inline: true }, { name: 'Right', value: 'R', inline: true }], footer: { text: 'footer' } },
    ],
    attachments: [{ id: 0, filename: 'a.png' }, { id: 1, filename: 'b.png' }, { id: 2, filename: 'c.png' }, { id: 3, filename: 'notes.txt' }],
    components: [
      { type: 1, components: [
        { type: 2, style: 1, label: 'Primary', custom_id: 'p' },
        { type: 2, style: 2, label: 'Secondary', custom_id: 's', emoji: { name: '🔔' } },
        { type: 2, style: 3, label: 'Success', custom_id: 'ok' },
        { type: 2, style: 4, label: 'Danger', custom_id: 'd', disabled: true },
        { type: 2, style: 5, label: 'Docs', url: 'https://example.invalid/docs' },
      ] },
      { type: 1, components: [{ type: 3, custom_id: 'colour', placeholder: 'Pick colours', min_values: 2, max_values: 3, options: [{ label: 'Red', value: 'red', default: true }, { label: 'Green', value: 'green' }, { label: 'Blue', value: 'blue' }] }] },
      { type: 1, components: [{ type: 8, custom_id: 'where', placeholder: 'A text channel', channel_types: [0] }] },
      { type: 1, components: [{ type: 5, custom_id: 'who', placeholder: 'Someone', default_values: [{ id: ids.sam, type: 'user' }] }] },
    ],
  }));
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (const [i, name] of ['a.png', 'b.png', 'c.png'].entries()) form.append(`files[${i}]`, new Blob([png], { type: 'image/png' }), name);
  form.append('files[3]', new Blob(['hello'], { type: 'text/plain' }), 'notes.txt');
  const res = await fetch(`${sb.apiUrl}/v10/channels/${channels.general}/messages`, { method: 'POST', headers: { Authorization: `Bot ${sb.token}` }, body: form });
  if (!res.ok) throw new Error(`showcase: ${res.status} ${await res.text()}`);
}

before(async () => {
  sb = await startSandbox({ port: 0 });
  const people = (await (await fetch(`${sb.url}_sandbox/people`)).json()) as { people: Array<{ id: string; username: string }> };
  ids = Object.fromEntries(people.people.map((p) => [p.username, p.id]));
  const world = (await (await fetch(`${sb.url}_sandbox/world?as=${ids.olivia}`)).json()) as { channels: Array<{ id: string; name: string; type: number }> };
  channels = Object.fromEntries(world.channels.map((c) => [c.name, c.id]));
  await startApplication();
  await showcase();
  browser = await launchBrowser();
});

after(async () => {
  gw?.close();
  await browser?.close();
  await sb?.close();
});

async function lastAnswer(page: Page, text: string): Promise<string> {
  const reply = ephemeral(page, text);
  await reply.waitFor();
  return reply.locator('.content').innerText();
}

describe('what the page renders and sends for any application', () => {
  it('Markdown, embeds grouped into a gallery, attachments', async () => {
    const page = await openAs(browser, sb.url, 'mia', 'general');
    const m = message(page, 'Showcase');
    for (const [selector, text] of [['h1.md-heading', 'Showcase'], ['strong', 'bold'], ['em', 'italic'], ['u', 'underline'], ['s', 'strike'], ['code.md-inline-code', 'code'], ['a.md-link', 'masked'], ['blockquote.md-quote', 'quoted'], ['ul.md-list li', 'one'], ['small.md-subtext', 'small print'], ['pre.md-code', 'const x = 1;']] as const) {
      assert.equal(await m.locator(selector).first().innerText(), text, selector);
    }
    const spoiler = m.locator('.md-spoiler');
    assert.equal(await spoiler.getAttribute('class'), 'md-spoiler');
    await spoiler.click();
    assert.equal(await spoiler.getAttribute('class'), 'md-spoiler shown');
    // Four embeds, three sharing one url: two embeds on the page, the first with a grid of three images.
    assert.equal(await m.locator('.embed').count(), 2);
    assert.equal(await m.locator('.embed').first().locator('.gallery').getAttribute('data-gallery-size'), '3');
    assert.equal(await m.locator('.embed-field.inline').count(), 2);
    // The images are embed images; the text file stays an attachment to download.
    assert.equal(await m.locator('.attachment-file a').innerText(), 'notes.txt');
    const href = await m.locator('.attachment-file a').getAttribute('href');
    assert.equal(await (await fetch(href!)).text(), 'hello');
    await page.close();
  });

  it('buttons: styles, emoji, disabled, links; a click reaches the application', async () => {
    const page = await openAs(browser, sb.url, 'mia', 'general');
    const m = message(page, 'Showcase');
    for (const [label, style] of [['Primary', 'primary'], ['Secondary', 'secondary'], ['Success', 'success'], ['Danger', 'danger'], ['Docs', 'link']] as const) {
      assert.match(String(await m.locator('.button', { hasText: label }).getAttribute('class')), new RegExp(`\\b${style}\\b`));
    }
    assert.equal(await m.getByRole('button', { name: 'Danger' }).isDisabled(), true);
    assert.equal(await m.locator('a.button', { hasText: 'Docs' }).getAttribute('href'), 'https://example.invalid/docs');
    assert.match(await m.getByRole('button', { name: /Secondary/ }).innerText(), /🔔/);
    await m.getByRole('button', { name: 'Success' }).click();
    assert.equal(await lastAnswer(page, 'Got it'), 'Got it: "ok"');
    assert.equal(interactions.at(-1)?.d.data.custom_id, 'ok');
    assert.equal(interactions.at(-1)?.d.member.user.id, ids.mia);
    await page.close();
  });

  it('selects: defaults, min/max values, channel types, users', async () => {
    const page = await openAs(browser, sb.url, 'mia', 'general');
    const m = message(page, 'Showcase');
    const colours = m.locator('.select[data-custom-id="colour"]');
    assert.equal(await colours.locator('.select-value').innerText(), 'Red', 'starts with the default option');
    // Two to three values: with only one picked the menu refuses to close with a change.
    await colours.locator('.select-head').click();
    await page.locator('.chat-head').click();
    assert.equal(await colours.locator('.field-error').innerText(), 'Pick at least 2.');
    await pick(colours, ['Green', 'Blue']);
    assert.equal(await lastAnswer(page, 'Got it: ["red"'), 'Got it: ["red","green","blue"]');

    const where = m.locator('.select[data-custom-id="where"]');
    await where.locator('.select-head').click();
    const offered = await where.locator('.select-option .option-label').allInnerTexts();
    assert.deepEqual(offered.sort(), ['#general', '#support', '#tickets', '#welcome'], 'text channels Mia can see');
    await where.locator('.select-option', { hasText: '#support' }).click();
    assert.equal(await lastAnswer(page, `Got it: ["${channels.support}"]`), `Got it: ["${channels.support}"]`);
    assert.equal(interactions.at(-1)?.d.data.resolved.channels[channels.support!].name, 'support');

    const who = m.locator('.select[data-custom-id="who"]');
    assert.equal(await who.locator('.select-value').innerText(), 'Sam', 'default_values');
    await pick(who, ['Lea']);
    assert.equal(await lastAnswer(page, `Got it: ["${ids.lea}"]`), `Got it: ["${ids.lea}"]`);
    await page.close();
  });

  it('a multi-select closed right after the last pick sends every pick', async () => {
    // Picks and Escape in one task, before the page has drawn again: what is sent must not be
    // the menu as it was last drawn (a person quick on the keyboard, or a loaded machine).
    const page = await openAs(browser, sb.url, 'noah', 'general');
    const colours = message(page, 'Showcase').locator('.select[data-custom-id="colour"]');
    await colours.locator('.select-head').click();
    await colours.locator('.select-list').waitFor();
    await colours.evaluate((select) => {
      for (const value of ['green', 'blue']) (select.querySelector(`.select-option[data-value="${value}"]`) as unknown as { click(): void }).click();
      const page = select.ownerDocument;
      page.dispatchEvent(new page.defaultView!.KeyboardEvent('keydown', { key: 'Escape' }));
    });
    assert.equal(await lastAnswer(page, 'Got it: ["red"'), 'Got it: ["red","green","blue"]');
    assert.deepEqual(interactions.at(-1)?.d.data.values, ['red', 'green', 'blue']);
    assert.equal(interactions.at(-1)?.d.member.user.id, ids.noah);
    await page.close();
  });

  it('a modal of Labels and a Text Display, with the client\'s checks before anything is sent', async () => {
    const page = await openAs(browser, sb.url, 'lea', 'general');
    await slash(page, '/form');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await dialog.locator('h2').innerText(), 'Report a member');
    assert.equal(await dialog.locator('.text-display strong').innerText(), 'what happened');
    assert.deepEqual(await dialog.locator('.modal-label').allInnerTexts(), ['Who? *', 'What happened?', 'Where? *']);
    assert.equal(await dialog.locator('.modal-description').innerText(), 'Their name as shown in the server');
    assert.equal(await dialog.locator('input[name="who"]').getAttribute('placeholder'), 'Name');
    assert.equal(await dialog.locator('textarea[name="what"]').getAttribute('maxlength'), '500');

    const before = interactions.length;
    await dialog.getByRole('button', { name: 'Submit' }).click();
    assert.deepEqual(await dialog.locator('.field-error').allInnerTexts(), ['This field is required.', 'This field is required.']);
    await dialog.locator('input[name="who"]').fill('Al');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    assert.equal(await dialog.locator('[data-field="who"] .field-error').innerText(), 'Must be at least 3 characters long.');
    assert.equal(interactions.length, before, 'nothing was sent while the form was invalid');

    await dialog.locator('input[name="who"]').fill('Alan');
    await pick(dialog.locator('[data-field="where"] .select'), ['Voice', 'DMs']);
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ephemeral(page, 'Got it').waitFor();
    const submitted = interactions.at(-1)!.d;
    assert.equal(submitted.type, 5);
    // (Discord numbers components with `id`s of its own; they are left out here.)
    assert.deepEqual(submitted.data.components.map((c: { type: number; component?: { id?: number; custom_id: string; value?: string; values?: string[] } }) => {
      if (!c.component) return { type: c.type };
      const { id: _id, ...rest } = c.component;
      return rest;
    }), [
      { type: 10 },
      { type: 4, custom_id: 'who', value: 'Alan' },
      { type: 4, custom_id: 'what', value: '' },
      { type: 3, custom_id: 'where', values: ['voice', 'dm'] },
    ]);
    await page.close();
  });

  it('radio groups, checkbox groups, a checkbox and a file upload in a modal', async () => {
    const page = await openAs(browser, sb.url, 'noah', 'general');
    await slash(page, '/survey');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await dialog.locator('input[name="helped"][value="docs"]').isChecked(), true, 'the default option is ticked');
    await dialog.locator('input[name="helped"][value="docs"]').uncheck();
    await dialog.getByRole('button', { name: 'Submit' }).click();
    assert.deepEqual(await dialog.locator('.field-error').allInnerTexts(), ['This field is required.', 'This field is required.']);
    await dialog.getByRole('radio', { name: /Bad/ }).check();
    for (const v of ['staff', 'docs', 'luck']) await dialog.locator(`input[name="helped"][value="${v}"]`).check();
    await dialog.getByRole('button', { name: 'Submit' }).click();
    assert.equal(await dialog.locator('[data-field="helped"] .field-error').innerText(), 'Pick at most 2.');
    await dialog.locator('input[name="helped"][value="luck"]').uncheck();
    await dialog.locator('input[name="contact"]').check();
    await dialog.locator('input[name="shot"]').setInputFiles({ name: 'shot.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ephemeral(page, 'Got it').waitFor();
    const submitted = interactions.at(-1)!.d;
    const answers = Object.fromEntries(submitted.data.components.map((c: { component: { custom_id: string; value?: unknown; values?: unknown } }) => [c.component.custom_id, c.component.value ?? c.component.values]));
    assert.equal(answers.mood, 'bad');
    assert.deepEqual(answers.helped, ['staff', 'docs']);
    assert.equal(answers.contact, true);
    const [attachmentId] = answers.shot as string[];
    const uploaded = submitted.data.resolved.attachments[attachmentId!];
    assert.equal(uploaded.filename, 'shot.png');
    assert.deepEqual([...new Uint8Array(await (await fetch(uploaded.url)).arrayBuffer())], [0x89, 0x50, 0x4e, 0x47]);
    await page.close();
  });

  it('an application that does not answer: the page says so, as Discord does', async () => {
    gw.ws.removeAllListeners('message');
    const page = await openAs(browser, sb.url, 'mia', 'general');
    await message(page, 'Showcase').getByRole('button', { name: 'Primary' }).click();
    await page.locator('.toast', { hasText: 'The application did not respond' }).waitFor({ timeout: 10_000 });
    await page.close();
  });
});
