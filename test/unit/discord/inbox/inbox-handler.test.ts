import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { invokedSubcommand } from '../../../../src/discord/inbox/inbox-handler.ts';
import { selectedMentions } from '../../../../src/discord/inbox/staff.ts';
import { textInputValue } from '../../../../src/discord/inbox/templates.ts';

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

test('selected values become role or user mentions by what Discord resolved', () => {
  const mentions = selectedMentions({
    values: ['11', '22'],
    resolved: {
      roles: { '11': { id: '11' } as never },
      users: { '22': { id: '22' } as never },
    },
  });
  assert.deepEqual(mentions, ['<@&11>', '<@22>']);
  assert.deepEqual(selectedMentions({ values: [], resolved: {} } as never), []);
});

test('text inputs are found in action rows and in label components', () => {
  assert.equal(textInputValue([{ type: 1, components: [{ type: 4, custom_id: 'template', value: '$counter' }] }], 'template'), '$counter');
  assert.equal(textInputValue([{ type: 18, component: { type: 4, custom_id: 'template', value: '' } }], 'template'), '');
  assert.equal(textInputValue([{ type: 1, components: [{ type: 4, custom_id: 'other', value: 'x' }] }], 'template'), null);
});
