/** Saving and restoring the world (snapshot, startEmulator({ snapshot })), and paths mounted on the emulator's port. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSnapshot, Intents, Permissions as P, startEmulator } from '../src/index.ts';
import { gatewayUrl, RawGatewayClient } from './helpers.ts';

describe('world snapshots', () => {
  it('a restored world is the same world: ids, members, threads, messages, commands and attachment bytes', async () => {
    const first = await startEmulator();
    const guild = first.createGuild({ name: 'Kept', preferredLocale: 'de', botPermissions: P.VIEW_CHANNEL | P.SEND_MESSAGES | P.ATTACH_FILES });
    const role = first.createRole(guild.id, { name: 'Staff', permissions: P.MANAGE_THREADS, mentionable: true });
    const user = first.createUser({ username: 'mia', globalName: 'Mia' });
    first.addMember(guild.id, user.id, { roles: [role.id], nick: 'Mimi' });
    const channel = first.createChannel(guild.id, { name: 'tickets', permissionOverwrites: [{ id: guild.id, type: 0, deny: P.SEND_MESSAGES }] });
    const thread = first.createChannel(guild.id, { type: 12, parentId: channel.id, name: 'ticket', invitable: false, members: [user.id] });
    const sent = first.createMessage(thread.id, user.id, { content: 'hello' }, [{ name: 'a.png', contentType: 'image/png', data: Buffer.from('PNGDATA') }]);
    const registered = await fetch(`${first.apiUrl}/v10/applications/${first.application.id}/commands`, {
      method: 'PUT',
      headers: { Authorization: `Bot ${first.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([{ name: 'ping', description: 'Ping.', type: 1 }]),
    });
    assert.equal(registered.status, 200);
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as unknown;
    await first.close();

    const second = await startEmulator({ snapshot: checkSnapshot(saved) });
    try {
      assert.equal(second.botUser.id, first.botUser.id);
      assert.equal(second.application.ownerId, first.application.ownerId);
      assert.notEqual(second.token, first.token, 'the token is not part of a snapshot');
      assert.equal(second.getMember(guild.id, user.id)?.nick, 'Mimi');
      assert.deepEqual(second.getChannel(channel.id)?.permission_overwrites, [{ id: guild.id, type: 0, allow: '0', deny: String(P.SEND_MESSAGES) }]);
      assert.equal(second.getChannel(thread.id)?.thread_metadata?.invitable, false);
      assert.deepEqual(second.threadMembers(thread.id).map((m) => m.user_id), [second.botUser.id, user.id]);
      assert.equal(second.commands()[0]?.name, 'ping');
      const [message] = second.messages(thread.id);
      assert.equal(message?.id, sent.id);
      // Attachment URLs follow the emulator to its new port, and the bytes are still served.
      const url = message!.attachments[0]!.url;
      assert.ok(url.startsWith(`${second.baseUrl}/_emulator/cdn/`), url);
      assert.equal(await (await fetch(url)).text(), 'PNGDATA');
      // New ids keep growing past the restored ones.
      assert.ok(BigInt(second.createUser({ username: 'new' }).id) > BigInt(sent.id));

      // A bot connecting to the restored world gets it in GUILD_CREATE.
      const gw = new RawGatewayClient(gatewayUrl(second.gatewayUrl));
      await gw.identify(second.token, Intents.GUILDS);
      const created = await gw.next((p) => p.t === 'GUILD_CREATE');
      assert.equal(created.d.preferred_locale, 'de');
      assert.ok(created.d.threads.some((t: { id: string }) => t.id === thread.id));
      gw.close();
    } finally {
      await second.close();
    }
  });

  it('refuses a file that is not a saved world, saying why', () => {
    assert.throws(() => checkSnapshot({ hello: 1 }), /not an emulator world/);
    assert.throws(() => checkSnapshot({ format: 'theticketbot-emulator-world', version: 99 }), /version 99/);
    assert.throws(() => checkSnapshot([]), /not an emulator world/);
  });

  it('mounted handlers serve other paths; /api and /_emulator stay the emulator\'s', async () => {
    const em = await startEmulator();
    try {
      em.mount((req, res, url) => {
        if (url.pathname !== '/hello') return false;
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(`hi ${req.method}`);
        return true;
      });
      assert.equal(await (await fetch(`${em.baseUrl}/hello`)).text(), 'hi GET');
      assert.equal((await fetch(`${em.baseUrl}/elsewhere`)).status, 404);
      assert.equal((await fetch(`${em.apiUrl}/v10/gateway`)).status, 200);
    } finally {
      await em.close();
    }
  });
});
