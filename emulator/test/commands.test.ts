/** Application command registration and Discord's validation rules. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { type ApplicationCommand, type Emulator, startEmulator } from '../src/index.ts';

type Errors = { _errors?: Array<{ code: string; message: string }>; [k: string]: unknown };

/** Follows a path into Discord's nested `errors` and returns the `_errors` codes found there. */
function codesAt(errors: unknown, path: Array<string | number>): string[] {
  let node = errors as Errors | undefined;
  for (const key of path) node = node?.[String(key)] as Errors | undefined;
  return (node?._errors ?? []).map((e) => e.code);
}

describe('application commands', () => {
  let em: Emulator;
  let rest: REST;
  let guildId: string;
  const put = (body: unknown, guild?: string) =>
    rest.put(guild ? Routes.applicationGuildCommands(em.application.id, guild) : Routes.applicationCommands(em.application.id), { body }) as Promise<ApplicationCommand[]>;

  /** Expects a 400 Invalid Form Body and returns its `errors`. */
  async function formError(body: unknown, guild?: string): Promise<unknown> {
    try {
      await put(body, guild);
    } catch (err) {
      assert.ok(err instanceof DiscordAPIError, String(err));
      assert.equal(err.status, 400);
      assert.equal(err.code, 50035);
      const raw = err.rawError as { message: string; code: number; errors: unknown };
      assert.equal(raw.message, 'Invalid Form Body');
      return raw.errors;
    }
    assert.fail('expected a 400');
  }

  before(async () => {
    em = await startEmulator();
    rest = new REST({ api: em.apiUrl, version: '10' }).setToken(em.token);
    guildId = em.createGuild({ name: 'Commands' }).id;
  });
  after(() => em.close());

  it('accepts a bulk overwrite and stores commands with ids, application_id and version', async () => {
    const body = [
      {
        name: 'ticket',
        description: 'Manage tickets',
        name_localizations: { de: 'ticket', fr: 'ticket' },
        description_localizations: { de: 'Tickets verwalten', 'en-GB': 'Manage tickets' },
        default_member_permissions: '32',
        options: [
          { type: 1, name: 'open', description: 'Open a ticket', options: [{ type: 3, name: 'reason', description: 'Why', required: true, max_length: 200 }] },
          {
            type: 2,
            name: 'admin',
            description: 'Admin',
            options: [{ type: 1, name: 'close', description: 'Close', options: [{ type: 4, name: 'count', description: 'n', choices: [{ name: 'one', value: 1 }] }] }],
          },
        ],
      },
      { type: 2, name: 'Open ticket for user' },
      { type: 3, name: 'Open Ticket From Message', description: '' },
    ];
    const stored = await put(body);
    assert.equal(stored.length, 3);
    for (const c of stored) {
      assert.ok(BigInt(c.id) > 2n ** 53n);
      assert.ok(BigInt(c.version) > 2n ** 53n);
      assert.equal(c.application_id, em.application.id);
    }
    assert.equal(stored[0]?.default_member_permissions, '32');
    assert.equal(stored[1]?.description, '', 'context menu commands report an empty description');
    assert.deepEqual(em.commands().map((c) => c.name), ['ticket', 'Open ticket for user', 'Open Ticket From Message']);

    // Re-sending the same list keeps ids and versions; a change bumps only that command's version.
    const again = await put(body);
    assert.deepEqual(again.map((c) => [c.id, c.version]), stored.map((c) => [c.id, c.version]));
    const changed = structuredClone(body);
    changed[0]!.description = 'Manage your tickets';
    const third = await put(changed);
    assert.equal(third[0]?.id, stored[0]?.id);
    assert.notEqual(third[0]?.version, stored[0]?.version);
    assert.equal(third[1]?.version, stored[1]?.version);

    // GET leaves localizations out unless asked.
    const listed = (await rest.get(Routes.applicationCommands(em.application.id))) as Array<Record<string, unknown>>;
    assert.equal(listed[0]?.name_localizations, undefined);
    const localized = (await rest.get(Routes.applicationCommands(em.application.id), { query: new URLSearchParams({ with_localizations: 'true' }) })) as Array<Record<string, unknown>>;
    assert.deepEqual(localized[0]?.name_localizations, { de: 'ticket', fr: 'ticket' });
  });

  it('keeps guild commands per guild', async () => {
    const stored = await put([{ name: 'setup', description: 'Set up' }], guildId);
    assert.equal(stored[0]?.guild_id, guildId);
    assert.deepEqual(em.commands(guildId).map((c) => c.name), ['setup']);
    await put([], guildId);
    assert.deepEqual(em.commands(guildId), []);
  });

  it('rejects names that break the naming rules', async () => {
    let errors = await formError([{ name: 'Ticket', description: 'x' }]);
    assert.deepEqual(codesAt(errors, [0, 'name']), ['APPLICATION_COMMAND_INVALID_NAME']);
    errors = await formError([{ name: 'has space', description: 'x' }]);
    assert.deepEqual(codesAt(errors, [0, 'name']), ['APPLICATION_COMMAND_INVALID_NAME']);
    errors = await formError([{ name: 'x'.repeat(33), description: 'x' }]);
    assert.deepEqual(codesAt(errors, [0, 'name']), ['BASE_TYPE_BAD_LENGTH']);
    // Unicode letters, Devanagari and Thai are fine; so are - _ '.
    await put([{ name: "ticket-á_ü'", description: 'ok' }, { name: 'टिकट', description: 'ok' }, { name: 'ตั๋ว', description: 'ok' }]);
    // Context menu names may have capitals and spaces but stay within 32 characters.
    errors = await formError([{ type: 2, name: 'U'.repeat(33) }]);
    assert.deepEqual(codesAt(errors, [0, 'name']), ['BASE_TYPE_BAD_LENGTH']);
  });

  it('rejects missing or oversized descriptions, and descriptions on context menus', async () => {
    let errors = await formError([{ name: 'a' }]);
    assert.deepEqual(codesAt(errors, [0, 'description']), ['BASE_TYPE_REQUIRED']);
    errors = await formError([{ name: 'a', description: 'd'.repeat(101) }]);
    assert.deepEqual(codesAt(errors, [0, 'description']), ['BASE_TYPE_BAD_LENGTH']);
    errors = await formError([{ type: 3, name: 'Msg', description: 'nope' }]);
    assert.deepEqual(codesAt(errors, [0, 'description']), ['APPLICATION_COMMAND_DESCRIPTION_NOT_ALLOWED']);
    errors = await formError([{ type: 2, name: 'User', options: [{ type: 3, name: 'x', description: 'x' }] }]);
    assert.deepEqual(codesAt(errors, [0, 'options']), ['APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED']);
  });

  it('checks localization dictionaries: known locales, same rules as the base field', async () => {
    let errors = await formError([{ name: 'a', description: 'b', name_localizations: { 'de-DE': 'a' } }]);
    assert.deepEqual(codesAt(errors, [0, 'name_localizations', 'de-DE']), ['LOCALE_INVALID']);
    errors = await formError([{ name: 'a', description: 'b', name_localizations: { fr: 'Majuscule' } }]);
    assert.deepEqual(codesAt(errors, [0, 'name_localizations', 'fr']), ['APPLICATION_COMMAND_INVALID_NAME']);
    errors = await formError([{ name: 'a', description: 'b', description_localizations: { de: '' } }]);
    assert.deepEqual(codesAt(errors, [0, 'description_localizations', 'de']), ['BASE_TYPE_BAD_LENGTH']);
  });

  it('enforces option limits and ordering', async () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'x' }));
    let errors = await formError([{ name: 'a', description: 'b', options: many }]);
    assert.deepEqual(codesAt(errors, [0, 'options']), ['BASE_TYPE_MAX_LENGTH']);
    errors = await formError([{ name: 'a', description: 'b', options: [{ type: 3, name: 'opt', description: 'x' }, { type: 3, name: 'req', description: 'x', required: true }] }]);
    assert.deepEqual(codesAt(errors, [0, 'options', 1, 'required']), ['APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID']);
    errors = await formError([{ name: 'a', description: 'b', options: [{ type: 3, name: 'x', description: 'x' }, { type: 4, name: 'x', description: 'y' }] }]);
    assert.deepEqual(codesAt(errors, [0, 'options', 1, 'name']), ['APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS']);
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` }));
    errors = await formError([{ name: 'a', description: 'b', options: [{ type: 3, name: 'x', description: 'x', choices }] }]);
    assert.deepEqual(codesAt(errors, [0, 'options', 0, 'choices']), ['BASE_TYPE_MAX_LENGTH']);
    errors = await formError([{ name: 'a', description: 'b', options: [{ type: 4, name: 'x', description: 'x', choices: [{ name: 'c', value: 'str' }] }] }]);
    assert.deepEqual(codesAt(errors, [0, 'options', 0, 'choices', 0, 'value']), ['NUMBER_TYPE_COERCE']);
    errors = await formError([{ name: 'a', description: 'b', options: [{ type: 1, name: 's', description: 'x' }, { type: 3, name: 't', description: 'x' }] }]);
    assert.deepEqual(codesAt(errors, [0, 'options']), ['APPLICATION_COMMAND_OPTIONS_TYPE_INVALID']);
    errors = await formError([{ name: 'a', description: 'b', options: [{ type: 1, name: 's', description: 'x', options: [{ type: 1, name: 'deep', description: 'x' }] }] }]);
    assert.deepEqual(codesAt(errors, [0, 'options', 0, 'options', 0, 'type']), ['APPLICATION_COMMAND_OPTIONS_TYPE_INVALID']);
  });

  it('rejects duplicate names within a type, but allows the same name across types', async () => {
    const errors = await formError([{ name: 'dup', description: 'x' }, { name: 'dup', description: 'y' }]);
    assert.deepEqual(codesAt(errors, [1, 'name']), ['APPLICATION_COMMANDS_DUPLICATE_NAME']);
    const ok = await put([{ name: 'same', description: 'x' }, { type: 2, name: 'same' }]);
    assert.equal(ok.length, 2);
  });

  it('rejects a command above 8000 characters', async () => {
    const choices = Array.from({ length: 25 }, (_, i) => ({ name: `${i}`.padEnd(100, 'n'), value: `${i}`.padEnd(100, 'v') }));
    const options = Array.from({ length: 2 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'd'.repeat(100), choices }));
    const errors = await formError([{ name: 'big', description: 'x', options }]);
    assert.deepEqual(codesAt(errors, [0]), ['APPLICATION_COMMAND_TOO_LARGE']);
  });

  it('answers 10004 for an unknown guild and 50001 for a guild without the bot', async () => {
    await assert.rejects(put([], '123456789012345678901'.slice(0, 19)), (err: unknown) =>
      err instanceof DiscordAPIError && err.status === 404 && err.code === 10004 && err.message === 'Unknown Guild');
    const other = em.createGuild({ name: 'No bot', botMember: false });
    await assert.rejects(put([], other.id), (err: unknown) =>
      err instanceof DiscordAPIError && err.status === 403 && err.code === 50001 && err.message === 'Missing Access');
  });

  it('supports create (upsert), edit and delete of single commands', async () => {
    const created = (await rest.post(Routes.applicationGuildCommands(em.application.id, guildId), { body: { name: 'one', description: 'First' } })) as ApplicationCommand;
    const upserted = (await rest.post(Routes.applicationGuildCommands(em.application.id, guildId), { body: { name: 'one', description: 'Changed' } })) as ApplicationCommand;
    assert.equal(upserted.id, created.id);
    const edited = (await rest.patch(Routes.applicationGuildCommand(em.application.id, guildId, created.id), { body: { description: 'Edited' } })) as ApplicationCommand;
    assert.equal(edited.description, 'Edited');
    assert.equal(edited.name, 'one');
    await rest.delete(Routes.applicationGuildCommand(em.application.id, guildId, created.id));
    await assert.rejects(rest.get(Routes.applicationGuildCommand(em.application.id, guildId, created.id)), (err: unknown) =>
      err instanceof DiscordAPIError && err.code === 10063);
  });
});
