// The router facing interactions it cannot route: types Discord does not document get no
// reply at all; known types whose data does not fit get the plain "unknown interaction"
// answer and never reach a handler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { API } from '@discordjs/core';
import { DiscordAPIError, type REST } from '@discordjs/rest';
import type { APIInteraction } from 'discord-api-types/v10';
import type { Deps } from '../../../src/discord/deps.ts';
import { createReply, routeInteraction, type Actor, type Handlers, type InteractionHandler } from '../../../src/discord/router.ts';
import { BotState } from '../../../src/discord/state.ts';
import { loadTranslator } from '../../../src/i18n/translate.ts';
import { createLogger } from '../../../src/log/logger.ts';

const APP = '1246826841231327270';
const GUILD = '1246826841231327271';
const USER = '1246826841231327272';

function fixture() {
  const posts: Array<{ route: string; body: any }> = [];
  const rest = {
    post: async (route: string, opts: { body?: unknown } = {}) => {
      posts.push({ route, body: opts.body });
      return undefined;
    },
  } as unknown as REST;
  let output = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      output += String(chunk);
      done();
    },
  });
  // Only what the router itself touches.
  const deps = {
    logger: createLogger({ verbosity: 1, logDir: null, console: sink }),
    i18n: loadTranslator(),
    rest,
    api: new API(rest),
    interactionRest: rest,
    interactions: new API(rest).interactions,
    state: new BotState(),
    app: { id: APP, ownerIds: [USER] },
  } as unknown as Deps;
  const handled: string[] = [];
  const actors: Actor[] = [];
  const spy = (name: string): InteractionHandler => async (ctx) => {
    handled.push(name);
    actors.push(ctx.actor);
  };
  const handlers: Handlers = {
    commands: new Map([['inbox', spy('command')]]),
    components: new Map([['create-ticket', spy('component')]]),
    modals: new Map([['inbox-name', spy('modal')]]),
  };
  let n = 0;
  const route = (fields: Record<string, unknown>) =>
    routeInteraction(deps, handlers, {
      id: String(1246826841231328000n + BigInt(++n)),
      application_id: APP,
      token: `token-${n}`,
      version: 1,
      guild_id: GUILD,
      member: { user: { id: USER, username: 'user' }, roles: [] },
      locale: 'en-US',
      ...fields,
    } as unknown as APIInteraction);
  return { posts, handled, actors, route, logs: () => output };
}

test('a type Discord does not document is logged and gets no reply', async () => {
  const f = fixture();
  for (const type of [0, 6, 99, '3', null]) await f.route({ type, data: { custom_id: 'create-ticket', component_type: 2 } });
  assert.deepEqual(f.posts, []);
  assert.deepEqual(f.handled, []);
  assert.equal(f.logs().match(/WARN {2}theticketbot\.interactions: Ignoring an interaction of a type the bot does not know/g)?.length, 5);
});

test('PING and autocomplete without a handler get no reply', async () => {
  const f = fixture();
  await f.route({ type: 1 });
  await f.route({ type: 4, data: { name: 'inbox', options: [] } });
  await f.route({ type: 4 });
  assert.deepEqual(f.posts, []);
  assert.deepEqual(f.handled, []);
});

test('known types with data that cannot be routed reach no handler and are told "unknown interaction"', async () => {
  const f = fixture();
  const unroutable: Array<Record<string, unknown>> = [
    { type: 3 },
    { type: 3, data: null },
    // Our custom id on a component type the bot never posts.
    { type: 3, data: { custom_id: 'create-ticket', component_type: 99 } },
    { type: 3, data: { custom_id: 'create-ticket', component_type: 4 } },
    { type: 3, data: { custom_id: 42, component_type: 2 } },
    { type: 2, data: { name: 7 } },
    { type: 5, data: { components: [] } },
  ];
  for (const fields of unroutable) await f.route(fields);
  assert.deepEqual(f.handled, []);
  assert.equal(f.posts.length, unroutable.length);
  for (const p of f.posts) {
    assert.match(p.route, /^\/interactions\/\d+\/token-\d+\/callback$/);
    assert.equal(p.body.type, 4);
    assert.equal(p.body.data.flags, 64);
  }
  assert.equal(f.logs().match(/WARN {2}theticketbot\.interactions: An interaction the bot cannot route/g)?.length, unroutable.length);
});

test('well-formed interactions still reach their handlers', async () => {
  const f = fixture();
  await f.route({ type: 2, data: { id: '1', type: 1, name: 'inbox' } });
  await f.route({ type: 3, data: { custom_id: 'create-ticket', component_type: 2 } });
  await f.route({ type: 3, data: { custom_id: 'create-ticket:1', component_type: 7, values: [] } });
  await f.route({ type: 5, data: { custom_id: 'inbox-name:1', components: [] } });
  assert.deepEqual(f.handled, ['command', 'component', 'component', 'modal']);
  assert.deepEqual(f.posts, []);
});

test('the actor is worked out once: the member with their permissions, or the user outside a guild', async () => {
  const f = fixture();
  const click = { type: 3, data: { custom_id: 'create-ticket', component_type: 2 } };
  await f.route({ ...click, member: { user: { id: USER, username: 'ann', global_name: 'Ann' }, nick: 'Annie', roles: ['1246826841231327279'], permissions: '17179869184' } });
  await f.route({ ...click, member: { user: { id: USER, username: 'ann', global_name: 'Ann' }, nick: null, roles: [] } });
  await f.route({ ...click, guild_id: undefined, member: undefined, user: { id: USER, username: 'ann' } });
  assert.deepEqual(f.actors, [
    { userId: USER, username: 'ann', displayName: 'Annie', guildId: GUILD, permissions: 1n << 34n, roles: ['1246826841231327279'] },
    { userId: USER, username: 'ann', displayName: 'Ann', guildId: GUILD, permissions: null, roles: [] },
    { userId: USER, username: 'ann', displayName: 'ann', guildId: null, permissions: null, roles: [] },
  ]);

  // Nobody to act for: nothing to route.
  await f.route({ ...click, member: undefined });
  assert.equal(f.actors.length, 3);
  assert.equal(f.posts.length, 1);
  assert.match(f.logs(), /An interaction the bot cannot route.*neither member nor user/s);
});

test('reply.modal answers with a type 9 callback; an "already acknowledged" counts as sent', async () => {
  const posts: Array<{ route: string; body: any; auth: unknown }> = [];
  let refuse = false;
  const rest = {
    post: async (route: string, opts: { body?: unknown; auth?: unknown } = {}) => {
      posts.push({ route, body: opts.body, auth: opts.auth });
      if (refuse) throw new DiscordAPIError({ message: 'Interaction has already been acknowledged.', code: 40060 }, 40060, 400, 'POST', route, { body: undefined, files: undefined });
      return undefined;
    },
  } as unknown as REST;
  const deps = { interactionRest: rest } as unknown as Deps;
  const modal = { custom_id: 'inbox-name:1', title: 'Name', components: [] };
  const reply = createReply(deps, { id: '1246826841231327273', token: 'tok', application_id: APP } as APIInteraction);
  await reply.modal(modal);
  assert.equal(reply.responded, true);
  assert.deepEqual(posts, [{ route: '/interactions/1246826841231327273/tok/callback', body: { type: 9, data: modal }, auth: false }]);

  refuse = true;
  const again = createReply(deps, { id: '1246826841231327274', token: 'tok2', application_id: APP } as APIInteraction);
  await again.modal(modal);
  assert.equal(again.responded, true);
});
