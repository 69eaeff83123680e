// The /inbox flow through the real router and handlers, with Discord replaced by a
// recorder: asserts the exact requests the bot sends. The end-to-end tests do the same
// against the emulator; these pin the payloads and run without any server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { API } from '@discordjs/core';
import type { REST } from '@discordjs/rest';
import type { APIInteraction, GatewayDispatchPayload } from 'discord-api-types/v10';
import { defaultConfigTemplate } from '../../../../src/config/schema.ts';
import type { Deps } from '../../../../src/discord/deps.ts';
import { handlers } from '../../../../src/discord/interactions.ts';
import { routeInteraction } from '../../../../src/discord/router.ts';
import { BotState } from '../../../../src/discord/state.ts';
import { createTicketRuntime } from '../../../../src/discord/ticket/runtime.ts';
import { Permission } from '../../../../src/domain/permissions.ts';
import { RecentIds } from '../../../../src/domain/recent-ids.ts';
import { PendingSelections } from '../../../../src/store/selections.ts';
import { loadTranslator } from '../../../../src/i18n/translate.ts';
import { createLogger } from '../../../../src/log/logger.ts';
import { NO_RECORDER } from '../../../../src/ops/recorder.ts';
import { getInbox, getStaff } from '../../../../src/store/inboxes.ts';
import { openStore } from '../../../../src/store/store.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const APP = '1246826841231327270';
const GUILD = '1246826841231327271';
const ADMIN = '1246826841231327272';
const SUPPORT = '1246826841231327273';
const TICKETS = '1246826841231327274';
const MODS = '1246826841231327275';
const BOT_ROLE = '1246826841231327276';
const DRAFT = '1246826841231327277';
const POSTED = '1246826841231327278';
const READ_ONLY = '1246826841231327279';

interface Call {
  method: string;
  route: string;
  body: any;
  files: any[] | undefined;
}

async function fixture() {
  const calls: Call[] = [];
  const record =
    (method: string) =>
    async (route: string, opts: { body?: unknown; files?: unknown[] } = {}): Promise<unknown> => {
      calls.push({ method, route, body: opts.body, files: opts.files });
      if (method === 'POST' && route === `/channels/${SUPPORT}/messages`) return { id: POSTED, channel_id: SUPPORT };
      if (method === 'PATCH') return { id: POSTED, channel_id: SUPPORT };
      return undefined;
    };
  const rest = { post: record('POST'), patch: record('PATCH'), delete: record('DELETE'), get: record('GET'), put: record('PUT') } as unknown as REST;
  const ev = (t: string, d: unknown) => ({ op: 0, s: 1, t, d }) as unknown as GatewayDispatchPayload;
  const state = new BotState();
  state.apply(ev('READY', { user: { id: APP }, guilds: [{ id: GUILD, unavailable: true }] }));
  state.apply(
    ev('GUILD_CREATE', {
      id: GUILD,
      owner_id: ADMIN,
      preferred_locale: 'de',
      roles: [
        { id: GUILD, permissions: '0' },
        { id: BOT_ROLE, permissions: '343597501440' },
        { id: MODS, permissions: '0' },
      ],
      members: [{ user: { id: APP }, roles: [BOT_ROLE] }],
      channels: [
        { id: SUPPORT, type: 0, permission_overwrites: [] },
        {
          id: TICKETS,
          type: 0,
          permission_overwrites: [
            { id: MODS, type: 0, allow: String(Permission.ManageThreads), deny: '0' },
            { id: APP, type: 1, allow: String(Permission.ManageThreads), deny: '0' },
          ],
        },
        { id: READ_ONLY, type: 0, permission_overwrites: [{ id: APP, type: 1, allow: '0', deny: String(Permission.SendMessages) }] },
      ],
    }),
  );
  let now = 0;
  const store = await openStore({ path: ':memory:', pragmas: [], keyTemplate: '' });
  const sink = new Writable({ write: (_c, _e, done) => done() });
  const deps: Deps = {
    config: { current: defaultConfigTemplate() },
    logger: createLogger({ verbosity: 0, logDir: null, console: sink }),
    store,
    i18n: loadTranslator(),
    rest,
    api: new API(rest),
    interactionRest: rest,
    interactions: new API(rest).interactions,
    renameRest: rest,
    state,
    app: { id: APP, ownerIds: [ADMIN] },
    definitions: [],
    reloadConfig: () => deps.config.current,
    selections: new PendingSelections(store.db, { clock: () => now }),
    interactionsSeen: new RecentIds({ max: 100, ttlMs: 60_000 }),
    tickets: createTicketRuntime(),
    metrics: NO_RECORDER,
  };
  let n = 0;
  const base = (token: string, locale: string) => ({
    id: String(1246826841231328000n + BigInt(++n)),
    application_id: APP,
    token,
    version: 1,
    guild_id: GUILD,
    channel_id: SUPPORT,
    member: { user: { id: ADMIN, username: 'admin' }, roles: [], permissions: '8' },
    locale,
    guild_locale: 'de',
    app_permissions: '0',
    entitlements: [],
  });
  const slash = (token: string, sub: string, options: Record<string, string> = {}, locale = 'en-US') =>
    routeInteraction(deps, handlers, {
      ...base(token, locale),
      type: 2,
      data: {
        id: '1',
        type: 1,
        name: 'inbox',
        options: [{ type: 1, name: sub, options: Object.entries(options).map(([name, value]) => ({ type: 7, name, value })) }],
      },
    } as unknown as APIInteraction);
  const select = (token: string, message: Record<string, unknown>, locale = 'en-US') =>
    routeInteraction(deps, handlers, {
      ...base(token, locale),
      type: 2,
      data: { id: '2', type: 3, name: 'Select this message', target_id: message.id, resolved: { messages: { [message.id as string]: message } } },
    } as unknown as APIInteraction);
  return { calls, deps, store, slash, select, advance: (ms: number) => (now += ms) };
}

function draft(extra: Record<string, unknown> = {}) {
  return {
    id: DRAFT,
    channel_id: SUPPORT,
    author: { id: ADMIN, username: 'admin' },
    content: 'Open a ticket below',
    embeds: [],
    attachments: [],
    components: [],
    ...extra,
  };
}

const callback = (c: Call | undefined) => c?.body as { type: number; data: any };

test('create: instruction, then defer, post with the button, record, answer, remove the instruction', async () => {
  const { calls, store, slash, select } = await fixture();
  await slash('tok-1', 'create', { channel: SUPPORT, destination: TICKETS });
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.route.endsWith('/tok-1/callback'), true);
  assert.deepEqual(callback(calls[0]), {
    type: 4,
    data: {
      content: `Your inbox will be posted in <#${SUPPORT}>. Now pick the message it should show: right-click it (or long-press on mobile), open **Apps** and choose **Select this message**.`,
      flags: 64,
      allowed_mentions: { parse: [] },
    },
  });

  calls.length = 0;
  await select('tok-2', draft());
  assert.deepEqual(
    calls.map((c) => `${c.method} ${c.route.replace(/\/interactions\/\d+\//, '/interactions/:id/')}`),
    [
      'POST /interactions/:id/tok-2/callback',
      `POST /channels/${SUPPORT}/messages`,
      `PATCH /webhooks/${APP}/tok-2/messages/%40original`,
      `DELETE /webhooks/${APP}/tok-1/messages/%40original`,
    ],
  );
  assert.deepEqual(callback(calls[0]), { type: 5, data: { flags: 64 } });
  assert.deepEqual(calls[1]!.body, {
    content: '',
    embeds: [{ description: 'Open a ticket below' }],
    components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'create-ticket', label: 'Ticket erstellen' }] }],
    attachments: [],
    allowed_mentions: { parse: [] },
  });
  assert.equal(calls[1]!.files, undefined, 'no multipart without files');
  assert.equal(calls[2]!.body.content, `Your inbox is ready: https://discord.com/channels/${GUILD}/${SUPPORT}/${POSTED}`);

  const inbox = (await getInbox(store.db, POSTED))!;
  assert.equal(inbox.destinationId, TICKETS);
  assert.match(inbox.starterContent, /^\$author danke/, 'the default starter in the guild language');
  assert.deepEqual(await getStaff(store.db, POSTED), [`<@&${MODS}>`]);
});

test('refusals keep the request pending and the instruction in place', async () => {
  const { calls, slash, select, deps, advance } = await fixture();
  await select('tok-0', draft());
  assert.equal(callback(calls[0])!.data.content, 'There is nothing to select right now. Run a command that asks for a message first.');

  await slash('tok-1', 'staff');
  calls.length = 0;
  await select('tok-2', draft(), 'fr');
  assert.equal(
    callback(calls[0])!.data.content,
    `https://discord.com/channels/${GUILD}/${SUPPORT}/${DRAFT} n'est pas une boîte de réception. Choisis un message qui a un bouton **Créer un ticket** en dessous.`,
  );
  await select('tok-3', draft({ author: { id: APP, username: 'bot' }, components: [{ type: 1, components: [] }] }));
  assert.match(callback(calls[1])!.data.content, /is no longer recognised as an inbox\. Please create it again with \/inbox create\.$/);
  assert.equal(calls.filter((c) => c.method === 'DELETE').length, 0);
  assert.ok(await deps.selections.has(GUILD, ADMIN));

  advance(180_000);
  calls.length = 0;
  await select('tok-4', draft());
  assert.equal(callback(calls[0])!.data.content, 'This selection has expired. Run the command again, then select the message.');
});

test('missing permissions: nothing is left pending, the names are localised', async () => {
  const { calls, slash, deps } = await fixture();
  await slash('tok-1', 'create', { channel: READ_ONLY }, 'de');
  assert.equal(callback(calls[0])!.data.content, `Ich brauche in <#${READ_ONLY}> folgende Berechtigungen: Nachrichten senden`);
  assert.equal(await deps.selections.has(GUILD, ADMIN), false);
});

test('an image is downloaded and re-uploaded as multipart, referenced by attachment://', async (t) => {
  const { calls, slash, select } = await fixture();
  const bytes = Buffer.from('89504e470d0a1a0a00', 'hex');
  // The CDN: a local server (downloads go through node:http, not the global fetch).
  const served: string[] = [];
  const cdn = http.createServer((req, res) => {
    served.push(req.url!);
    res.writeHead(200, { 'content-type': 'image/png' }).end(bytes);
  });
  await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => cdn.close(resolve)));
  const url = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}/x/my%20banner.png`;
  await slash('tok-1', 'create', { channel: SUPPORT });
  calls.length = 0;
  await select(
    'tok-2',
    draft({ attachments: [{ id: '9', filename: 'my banner.png', size: bytes.length, url, proxy_url: 'https://media/x', content_type: 'image/png' }] }),
  );
  assert.deepEqual(served, ['/x/my%20banner.png']);
  const post = calls.find((c) => c.route === `/channels/${SUPPORT}/messages`)!;
  assert.deepEqual(post.body.embeds, [
    { description: 'Open a ticket below', url: `https://discord.com/channels/${GUILD}/${SUPPORT}`, image: { url: 'attachment://my_banner.png' } },
  ]);
  assert.deepEqual(post.body.attachments, [{ id: 0, filename: 'my_banner.png' }]);
  assert.equal(post.files!.length, 1);
  assert.equal(post.files![0].name, 'my_banner.png');
  assert.equal(post.files![0].contentType, 'image/png');
  assert.deepEqual(Buffer.from(post.files![0].data), bytes);
});

test('staff: the menu, a change, no change; templates: the modal, saving, blank restores the default', async () => {
  const f = await fixture();
  await f.slash('tok-1', 'create', { channel: SUPPORT, destination: TICKETS });
  await f.select('tok-2', draft());
  const inboxMessage = { ...draft(), id: POSTED, author: { id: APP, username: 'bot' }, components: [{ type: 1, components: [] }] };

  f.calls.length = 0;
  await f.slash('tok-3', 'staff');
  await f.select('tok-4', inboxMessage);
  const menu = callback(f.calls[1])!.data;
  assert.deepEqual(menu.components, [
    {
      type: 1,
      components: [
        {
          type: 7,
          custom_id: `inbox-staff:${POSTED}`,
          placeholder: 'Pick roles and members (up to 10)',
          min_values: 0,
          max_values: 10,
          default_values: [{ id: MODS, type: 'role' }],
        },
      ],
    },
  ]);

  const pick = (token: string, values: string[], roles: string[]) =>
    routeInteraction(f.deps, handlers, {
      id: String(1246826841231329000n + BigInt(token.replace(/\D/g, ''))),
      application_id: APP,
      token,
      version: 1,
      type: 3,
      guild_id: GUILD,
      channel_id: SUPPORT,
      member: { user: { id: ADMIN, username: 'admin' }, roles: [], permissions: '8' },
      locale: 'en-US',
      message: { id: '1', channel_id: SUPPORT },
      data: {
        component_type: 7,
        custom_id: `inbox-staff:${POSTED}`,
        values,
        resolved: { roles: Object.fromEntries(roles.map((id) => [id, { id }])), users: Object.fromEntries(values.filter((v) => !roles.includes(v)).map((id) => [id, { id }])) },
      },
    } as unknown as APIInteraction);
  f.calls.length = 0;
  await pick('tok-5', [ADMIN], []);
  assert.equal(callback(f.calls[0])!.data.content, 'Staff updated: 1 added, 1 removed.');
  assert.deepEqual(await getStaff(f.store.db, POSTED), [`<@${ADMIN}>`]);
  await pick('tok-6', [ADMIN], []);
  assert.equal(callback(f.calls[1])!.data.content, "You didn't change anything, so the staff stay the same.");

  const group = (token: string, sub: string) =>
    routeInteraction(f.deps, handlers, {
      id: String(1246826841231329100n + BigInt(token.replace(/\D/g, ''))),
      application_id: APP,
      token,
      version: 1,
      type: 2,
      guild_id: GUILD,
      channel_id: SUPPORT,
      member: { user: { id: ADMIN, username: 'admin' }, roles: [], permissions: '8' },
      locale: 'en-US',
      data: { id: '1', type: 1, name: 'inbox', options: [{ type: 2, name: 'new-tickets', options: [{ type: 1, name: sub }] }] },
    } as unknown as APIInteraction);
  f.calls.length = 0;
  await group('tok-7', 'name');
  await f.select('tok-8', inboxMessage);
  const modal = callback(f.calls[1])!;
  assert.equal(modal.type, 9);
  assert.deepEqual(modal.data, {
    custom_id: `inbox-name:${POSTED}`,
    title: 'Name of new tickets',
    components: [
      {
        type: 18,
        label: 'Name ($year $month $day $author $counter)',
        component: { type: 4, custom_id: 'template', style: 1, required: false, max_length: 100, value: '$year-$month-$day $author' },
      },
    ],
  });
  const submit = (token: string, customId: string, value: string) =>
    routeInteraction(f.deps, handlers, {
      id: String(1246826841231329200n + BigInt(token.replace(/\D/g, ''))),
      application_id: APP,
      token,
      version: 1,
      type: 5,
      guild_id: GUILD,
      channel_id: SUPPORT,
      member: { user: { id: ADMIN, username: 'admin' }, roles: [], permissions: '8' },
      locale: 'de',
      data: { custom_id: customId, components: [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'template', value } }] },
    } as unknown as APIInteraction);
  f.calls.length = 0;
  await submit('tok-9', `inbox-name:${POSTED}`, '$counter $author');
  assert.equal((await getInbox(f.store.db, POSTED))!.defaultTicketName, '$counter $author');
  assert.equal(
    callback(f.calls[0])!.data.content,
    `Neue Tickets aus https://discord.com/channels/${GUILD}/${SUPPORT}/${POSTED} werden ab jetzt nach der neuen Vorlage benannt.`,
  );
  await submit('tok-10', `inbox-starter:${POSTED}`, '   ');
  assert.equal((await getInbox(f.store.db, POSTED))!.starterContent, '', 'blank restores the default');
  await submit('tok-11', `inbox-starter:1246826841231327999`, 'x');
  assert.equal(callback(f.calls[2])!.data.content, 'Dieses Postfach gibt es nicht mehr. Erstelle ein neues mit /postfach erstellen.');
});
