import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { invokedSubcommand } from '../../../../src/discord/inbox/inbox-handler.ts';

test('subcommand path and channel ids, through groups', () => {
  const create = invokedSubcommand([
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'create',
      options: [
        { type: ApplicationCommandOptionType.Channel, name: 'channel', value: '18446744073709551615' },
        { type: ApplicationCommandOptionType.Channel, name: 'destination', value: '18446744073709551614' },
      ],
    },
  ]);
  assert.equal(create.path, 'create');
  assert.equal(create.options.get('channel'), '18446744073709551615');
  assert.equal(create.options.get('destination'), '18446744073709551614');

  const starter = invokedSubcommand([
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'new-tickets',
      options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'starter' }],
    },
  ]);
  assert.equal(starter.path, 'new-tickets starter');
  assert.equal(starter.options.size, 0);
});
