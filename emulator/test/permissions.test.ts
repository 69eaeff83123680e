/** Computed permissions in the world: timeouts ("Permissions For Timed Out Members"), for members and for the bot. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { type Emulator, Permissions as P, startEmulator } from '../src/index.ts';
import { isoTimestamp } from '../src/time.ts';

const KEPT = P.VIEW_CHANNEL | P.READ_MESSAGE_HISTORY;

function apiError(status: number, code: number) {
  return (err: unknown) => err instanceof DiscordAPIError && err.status === status && err.code === code;
}

async function world(clockStart = Date.now()) {
  let now = clockStart;
  const em = await startEmulator({ clock: () => now });
  const rest = new REST({ api: em.apiUrl, version: '10', retries: 0 }).setToken(em.token);
  const guild = em.createGuild({ name: 'Timeouts', botPermissions: P.VIEW_CHANNEL | P.SEND_MESSAGES | P.READ_MESSAGE_HISTORY | P.MANAGE_THREADS });
  const channel = em.createChannel(guild.id, { name: 'general' });
  await rest.put(`/applications/${em.application.id}/guilds/${guild.id}/commands`, { body: [{ name: 'ping', description: 'Ping' }] });
  return { em, rest, guild, channel, advance: (ms: number) => { now += ms; }, now: () => now };
}

describe('timeouts in computed permissions', () => {
  it('leaves a timed-out member VIEW_CHANNEL and READ_MESSAGE_HISTORY until the timeout ends', async () => {
    const { em, guild, channel, advance, now } = await world();
    try {
      const role = em.createRole(guild.id, { name: 'Helpers', permissions: P.MANAGE_MESSAGES | P.MANAGE_THREADS });
      const user = em.createUser({ username: 'muted' });
      em.addMember(guild.id, user.id, { roles: [role.id], communicationDisabledUntil: isoTimestamp(now() + 60_000) });
      em.setOverwrite(channel.id, { id: user.id, type: 1, allow: P.SEND_MESSAGES | P.ATTACH_FILES });
      assert.equal(em.channelPermissions(channel.id, user.id), KEPT);
      assert.throws(() => em.createMessage(channel.id, user.id, { content: 'hello' }), (e: { status?: number; body?: { code: number } }) => e.status === 403 && e.body?.code === 50013);
      // Without USE_APPLICATION_COMMANDS the client offers no commands.
      assert.throws(() => em.runSlashCommand({ guildId: guild.id, channelId: channel.id, userId: user.id, command: 'ping' }), /USE_APPLICATION_COMMANDS/);

      advance(59_999);
      assert.equal(em.channelPermissions(channel.id, user.id), KEPT, 'the timeout lasts until it expires');
      advance(1);
      assert.ok((em.channelPermissions(channel.id, user.id) & P.SEND_MESSAGES) !== 0n, 'an expired timeout changes nothing');
      em.createMessage(channel.id, user.id, { content: 'back' });
      em.updateMember(guild.id, user.id, { communicationDisabledUntil: null });
      assert.ok((em.channelPermissions(channel.id, user.id) & P.MANAGE_THREADS) !== 0n);
    } finally {
      await em.close();
    }
  });

  it('exempts the owner and ADMINISTRATOR holders', async () => {
    const { em, guild, channel, now } = await world();
    try {
      const until = isoTimestamp(now() + 60_000);
      const admins = em.createRole(guild.id, { name: 'Admins', permissions: P.ADMINISTRATOR });
      const admin = em.createUser();
      em.addMember(guild.id, admin.id, { roles: [admins.id], communicationDisabledUntil: until });
      em.updateMember(guild.id, em.application.ownerId, { communicationDisabledUntil: until });
      assert.equal(em.channelPermissions(channel.id, admin.id) & P.ADMINISTRATOR, P.ADMINISTRATOR);
      assert.equal(em.channelPermissions(channel.id, em.application.ownerId) & P.ADMINISTRATOR, P.ADMINISTRATOR);
      em.createMessage(channel.id, admin.id, { content: 'admins still talk' });
    } finally {
      await em.close();
    }
  });

  it('applies to the bot: REST refuses sending, reading history still works, app_permissions show the timeout', async () => {
    const { em, rest, guild, channel, now } = await world();
    try {
      const user = em.createUser({ username: 'asker' });
      em.addMember(guild.id, user.id);
      await rest.post(`/channels/${channel.id}/messages`, { body: { content: 'before' } });
      em.updateMember(guild.id, em.botUser.id, { communicationDisabledUntil: isoTimestamp(now() + 60_000) });
      assert.equal(em.channelPermissions(channel.id, em.botUser.id), KEPT);
      await assert.rejects(rest.post(`/channels/${channel.id}/messages`, { body: { content: 'during' } }), apiError(403, 50013));
      const history = (await rest.get(`/channels/${channel.id}/messages`)) as Array<{ content: string }>;
      assert.deepEqual(history.map((m) => m.content), ['before']);

      const handle = em.runSlashCommand({ guildId: guild.id, channelId: channel.id, userId: user.id, command: 'ping' });
      assert.equal(handle.payload.app_permissions, KEPT.toString());
      assert.equal(handle.payload.member.permissions, em.channelPermissions(channel.id, user.id).toString());
    } finally {
      await em.close();
    }
  });

  it('shows a timed-out member\'s permissions in member.permissions of a component interaction', async () => {
    const { em, rest, guild, channel, now } = await world();
    try {
      const user = em.createUser({ username: 'clicker' });
      em.addMember(guild.id, user.id, { communicationDisabledUntil: isoTimestamp(now() + 60_000) });
      const message = (await rest.post(`/channels/${channel.id}/messages`, {
        body: { content: 'panel', components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'open', label: 'Open' }] }] },
      })) as { id: string };
      const handle = em.clickButton({ messageId: message.id, userId: user.id, customId: 'open' });
      assert.equal(handle.payload.member.permissions, KEPT.toString());
      assert.equal(typeof handle.payload.member.communication_disabled_until, 'string');
    } finally {
      await em.close();
    }
  });
});
