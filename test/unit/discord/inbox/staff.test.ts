import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectedMentions } from '../../../../src/discord/inbox/staff.ts';

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
