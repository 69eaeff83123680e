/** The HTTP control API under /_emulator/. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Emulator, Intents, startEmulator } from '../src/index.ts';
import { gatewayUrl, RawGatewayClient } from './helpers.ts';

describe('control API', () => {
  let em: Emulator;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${em.controlUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
  };
  before(async () => {
    em = await startEmulator();
  });
  after(() => em.close());

  it('builds a world, drives the gateway and exposes requests', async () => {
    const info = await call('GET', '/info');
    assert.equal(info.body.apiUrl, em.apiUrl);
    assert.equal(info.body.token, em.token);

    const gw = new RawGatewayClient(gatewayUrl(info.body.gatewayUrl));
    await gw.identify(info.body.token, Intents.GUILDS | Intents.GUILD_MEMBERS | Intents.GUILD_MESSAGES | Intents.MESSAGE_CONTENT);

    const guild = (await call('POST', '/guilds', { name: 'Remote', preferredLocale: 'fr' })).body;
    assert.equal((await gw.next((p) => p.t === 'GUILD_CREATE' && p.d.id === guild.id)).d.preferred_locale, 'fr');
    const role = (await call('POST', `/guilds/${guild.id}/roles`, { name: 'Support', permissions: '8192', mentionable: true })).body;
    assert.equal(role.permissions, '8192');
    const user = (await call('POST', '/users', { username: 'frank' })).body;
    const member = await call('PUT', `/guilds/${guild.id}/members/${user.id}`, { roles: [role.id] });
    assert.deepEqual(member.body.roles, [role.id]);
    const channel = (await call('POST', `/guilds/${guild.id}/channels`, { name: 'support', permissionOverwrites: [{ id: guild.id, type: 0, deny: '1024' }] })).body;
    assert.deepEqual(channel.permission_overwrites, [{ id: guild.id, type: 0, allow: '0', deny: '1024' }]);
    await call('PUT', `/channels/${channel.id}/overwrites/${role.id}`, { type: 0, allow: '3072' });
    // The bot only hears about channels it can view: give it the role too.
    const botMember = await call('PUT', `/guilds/${guild.id}/members/${info.body.botUser.id}`, { roles: [role.id] });
    assert.deepEqual(botMember.body.roles, [role.id]);

    const msg = await call('POST', `/channels/${channel.id}/messages`, { authorId: user.id, content: 'I need help' });
    assert.equal(msg.status, 201);
    const created = await gw.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === msg.body.id);
    assert.equal(created.d.content, 'I need help');
    // A user without access gets Discord's error.
    const outsider = (await call('POST', '/users', { username: 'outsider' })).body;
    await call('PUT', `/guilds/${guild.id}/members/${outsider.id}`, {});
    const denied = await call('POST', `/channels/${channel.id}/messages`, { authorId: outsider.id, content: 'let me in' });
    assert.deepEqual([denied.status, denied.body.code], [403, 50001]);

    await call('POST', '/dispatch', { event: 'SOMETHING_CUSTOM', data: { x: 1 } });
    assert.deepEqual((await gw.dispatch('SOMETHING_CUSTOM')).d, { x: 1 });

    await fetch(`${em.apiUrl}/v10/nothing/here`, { headers: { Authorization: `Bot ${em.token}` } });
    const unknown = await call('GET', '/requests?unknown=1');
    assert.deepEqual(unknown.body.map((r: { path: string }) => r.path), ['/nothing/here']);
    assert.equal((await call('DELETE', '/requests')).status, 204);
    assert.deepEqual((await call('GET', '/requests')).body, []);

    await call('POST', '/faults', { route: 'GET /users/@me', status: 500 });
    const faulted = await fetch(`${em.apiUrl}/v10/users/@me`, { headers: { Authorization: `Bot ${em.token}` } });
    assert.equal(faulted.status, 500);

    await call('POST', '/gateway/drop', { code: 4000 });
    assert.equal((await gw.closed).code, 4000);
    const stats = (await call('GET', '/gateway/stats')).body;
    assert.equal(stats.identifies, 1);
    assert.deepEqual(stats.serverCloseCodes, [4000]);

    const bad = await call('POST', `/guilds/${guild.id}/channels`, { type: 11 });
    assert.equal(bad.status, 400);
    assert.equal(typeof bad.body.message, 'string');
  });
});
