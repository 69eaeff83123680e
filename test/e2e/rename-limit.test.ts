// The rename client against the emulator's thread rename limit (about two renames per
// ten minutes on Discord): a wait within its patience is sat out by @discordjs/rest as
// usual, a longer one becomes a RateLimitError at once, carrying the wait.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimitError } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { startEmulator, type Emulator } from '../../emulator/src/index.ts';
import { defaultConfigTemplate } from '../../src/config/schema.ts';
import { failLongRenameWaits } from '../../src/discord/rest-policy.ts';
import { createRest } from '../../src/main.ts';
import type { Logger } from '../../src/log/logger.ts';
import { INVITE_PERMISSIONS } from './ticket-fixture.ts';

const quiet: Logger = { name: 'test', debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

describe('the rename client', () => {
  let emu: Emulator;
  let parentId: string;
  before(async () => {
    emu = await startEmulator({ threadRenameLimit: { limit: 1, windowMs: 1_500 } });
    const guild = emu.createGuild({ botPermissions: INVITE_PERMISSIONS });
    parentId = emu.createChannel(guild.id, { name: 'tickets' }).id;
  });
  after(async () => {
    assert.deepEqual(emu.unknownRequests(), []);
    await emu.close();
  });

  const renameClient = () => {
    const config = defaultConfigTemplate();
    config.discord.api_url = emu.apiUrl;
    return createRest(config, emu.token, quiet, { rejectOnRateLimit: failLongRenameWaits });
  };

  test('sits out a short wait and renames', async () => {
    const rest = renameClient();
    const thread = (await rest.post(Routes.threads(parentId), { body: { name: 'a', type: 12 } })) as { id: string };
    await rest.patch(Routes.channel(thread.id), { body: { name: 'b' } });
    await rest.patch(Routes.channel(thread.id), { body: { name: 'c' } });
    assert.equal(emu.getChannel(thread.id)!.name, 'c');
    assert.equal(emu.requests.filter((r) => r.path === `/channels/${thread.id}` && r.status === 429).length, 1, 'one 429, then the rename');
  });

  test('fails at once on a long wait, with the wait', async () => {
    await emu.close();
    emu = await startEmulator({ threadRenameLimit: { limit: 1, windowMs: 600_000 } });
    const guild = emu.createGuild({ botPermissions: INVITE_PERMISSIONS });
    parentId = emu.createChannel(guild.id, { name: 'tickets' }).id;
    const rest = renameClient();
    const thread = (await rest.post(Routes.threads(parentId), { body: { name: 'a', type: 12 } })) as { id: string };
    await rest.patch(Routes.channel(thread.id), { body: { name: 'b' } });
    const started = Date.now();
    await assert.rejects(rest.patch(Routes.channel(thread.id), { body: { name: 'c' } }), (error: unknown) => {
      assert.ok(error instanceof RateLimitError);
      assert.ok(error.retryAfter > 590_000 && error.retryAfter <= 601_000, String(error.retryAfter));
      return true;
    });
    assert.ok(Date.now() - started < 5_000);
    assert.equal(emu.getChannel(thread.id)!.name, 'b');
    // Archiving the thread is not held up by the refused rename.
    await rest.patch(Routes.channel(thread.id), { body: { archived: true } });
    assert.equal(emu.getChannel(thread.id)!.thread_metadata!.archived, true);
  });
});
